/** The .xlsx adapter (exceljs): read a workbook into WorkbookData, write OutputSheets into a copy. See README.md. */
export { readXlsx, loadExcelWorkbook, loadExcelWorkbookFromBuffer, workbookDataFromExcel, cellFromExcel, excelSerialFromDate, XlsxReadError } from "./read";
export {
  writeOutputWorkbook, writeNewWorkbook, workbookBytes, placeOutputSheets, fillWorksheet, createdByTool, writeFileAtomic, removePendingTempFiles,
  XlsxWriteRefused,
} from "./write";
