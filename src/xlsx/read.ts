/**
 * .xlsx → WorkbookData (DESIGN.md: src/xlsx is the only code that touches exceljs).
 *
 * What the engine gets is what Excel's `values` API would give the add-in, so both hosts feed the engine the same:
 * - numbers as numbers; dates (cells with a date number format, which exceljs hands over as JS Dates) back to Excel
 *   serial numbers, exact to the second (SPEC §2 "Times are kept to the second");
 * - formulas as their cached results (the workbook is not recalculated; Excel saved the results);
 * - rich text and hyperlinks as their plain text; error values as their text ("#N/A");
 * - each sheet a dense 2-D array (row 0 = Excel row 1), trailing empty rows and columns dropped.
 * The tool's own very-hidden marker sheet (core/output.ts MARKER_SHEET) is not data and is left out.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import type { Cell, SheetData, WorkbookData } from "../engine/core/cells";
import { MARKER_SHEET } from "../engine/core/output";
import { EXCEL_EPOCH_OFFSET_DAYS, SECONDS_PER_DAY } from "../engine/core/time";

/** The file is missing, not a workbook, or damaged: the CLI's exit 2 ("unreadable workbook", SPEC §6). */
export class XlsxReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: cannot read the workbook: ${reason}`);
    this.name = "XlsxReadError";
  }
}

/**
 * exceljs turns a date serial into `new Date(round((serial − 25569) × 86400000))` (1904 workbooks already shifted),
 * i.e. the wall-clock time as if it were UTC. Back to a serial, rounded to the whole second so that
 * `localFromExcelSerial` gives exactly the seconds Excel shows.
 */
export function excelSerialFromDate(d: Date): number {
  const seconds = Math.round(d.getTime() / 1000);
  return seconds / SECONDS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
}

function plainRichText(rt: { richText?: { text?: string }[] }): string {
  return (rt.richText ?? []).map((r) => r.text ?? "").join("");
}

/** One exceljs cell value → the engine's Cell. Exported for tests. */
export function cellFromExcel(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "boolean") return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : excelSerialFromDate(v);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    // Formula (plain, shared or array): its cached result; a formula Excel never calculated has none → empty.
    if ("formula" in o || "sharedFormula" in o) return "result" in o ? cellFromExcel(o.result) : null;
    if ("richText" in o) return cellFromExcel(plainRichText(o as { richText?: { text?: string }[] }));
    if ("error" in o) return String(o.error);
    // Hyperlink: its display text (which may itself be rich text).
    if ("hyperlink" in o || "text" in o) return cellFromExcel(o.text);
  }
  return String(v);
}

function sheetFromWorksheet(ws: ExcelJS.Worksheet): SheetData {
  const rows: Cell[][] = [];
  let lastRow = 0;
  let lastCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Merged cells: only the master holds the value (as Excel's `values` gives it).
      const value = cell.isMerged && cell.master !== cell ? null : cellFromExcel(cell.value);
      if (value === null) return;
      cells[colNumber - 1] = value;
      if (colNumber > lastCol) lastCol = colNumber;
    });
    if (cells.length > 0) {
      rows[rowNumber - 1] = cells;
      lastRow = rowNumber;
    }
  });
  const dense: Cell[][] = new Array(lastRow);
  for (let r = 0; r < lastRow; r += 1) {
    const src = rows[r];
    const out: Cell[] = new Array(lastCol);
    for (let c = 0; c < lastCol; c += 1) out[c] = src && src[c] !== undefined ? src[c] : null;
    dense[r] = out;
  }
  return { name: ws.name, rows: dense };
}

/** The data sheets of a loaded exceljs workbook, in tab order. */
export function workbookDataFromExcel(wb: ExcelJS.Workbook): WorkbookData {
  return { sheets: wb.worksheets.filter((ws) => ws.name !== MARKER_SHEET).map(sheetFromWorksheet) };
}

/** Loads an exceljs workbook from a file; XlsxReadError when it is missing or not a readable .xlsx. */
export async function loadExcelWorkbook(file: string): Promise<ExcelJS.Workbook> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new XlsxReadError(file, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String((e as Error).message));
  }
  return loadExcelWorkbookFromBuffer(bytes, file);
}

export async function loadExcelWorkbookFromBuffer(bytes: Buffer, file = "workbook"): Promise<ExcelJS.Workbook> {
  // A password-protected workbook is an encrypted OLE compound file, not a zip (as is an old .xls).
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) {
    throw new XlsxReadError(file, "password-protected (encrypted) or an old .xls workbook; open it in Excel, remove the password (File → Info → Protect Workbook) and save it as .xlsx");
  }
  // An .xlsx is a zip: "PK\x03\x04". Anything else (a CSV, an empty file) is refused up front.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new XlsxReadError(file, "not an .xlsx file (Excel 2007 or later workbook); save it as .xlsx");
  }
  const inflated = declaredUncompressedBytes(bytes);
  if (inflated === null || inflated > MAX_UNCOMPRESSED_BYTES) {
    throw new XlsxReadError(file, inflated === null
      ? "damaged .xlsx (its zip directory cannot be read)"
      : `it would unpack to ${Math.round(inflated / 2 ** 20).toLocaleString("en")} MiB, more than the ${MAX_UNCOMPRESSED_BYTES / 2 ** 30} GiB a workbook of Excel's size needs (a zip bomb, or not a workbook)`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new XlsxReadError(file, `damaged or not an .xlsx workbook (${(e as Error).message})`);
  }
  return wb;
}

/** Reads an .xlsx file into the engine's WorkbookData (values only). */
export async function readXlsx(file: string): Promise<WorkbookData> {
  return workbookDataFromExcel(await loadExcelWorkbook(file));
}

/** A full Excel sheet (1,048,576 rows) of typical ticket data unpacks to well under this. */
export const MAX_UNCOMPRESSED_BYTES = 3 * 2 ** 30;

/**
 * Sum of the uncompressed sizes the zip's central directory declares, read before anything is inflated, so a zip
 * bomb is refused with bounded memory. null when the directory is unreadable. ZIP64 sizes count as over the limit.
 */
export function declaredUncompressedBytes(bytes: Buffer): number | null {
  const min = Math.max(0, bytes.length - 22 - 65535);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    const size = bytes.readUInt32LE(p + 24);
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return total;
}
