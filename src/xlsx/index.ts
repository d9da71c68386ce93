/** The .xlsx adapter: read a workbook into WorkbookData, write OutputSheets into a copy (package.ts). See README.md. */
export { readXlsx, readXlsxBytes, excelSerialFromDate, XlsxReadError } from "./read";
export {
  writeOutputWorkbook, writeNewWorkbook, workbookBytes, outputSheetsOf, writeFileAtomic, removePendingTempFiles,
  XlsxWriteRefused,
} from "./write";
