/**
 * .xlsx → WorkbookData, read as a stream of XML: a month of a million tickets is read without the
 * whole workbook as objects (exceljs's model needed about 1 KB a cell and 9 s for 100,000 tickets).
 *
 * What the engine gets is what Excel's `values` API would give the add-in, so both hosts feed the engine the same:
 * - numbers as numbers; dates (cells with a date number format) as Excel serial numbers, exact to the second
 *   (docs/CONTRACT.md, Input sheets: "Times are kept to the second"), 1904-based workbooks moved to the 1900 serials Excel shows;
 * - formulas as their cached results (the workbook is not recalculated; Excel saved the results);
 * - shared, inline and rich text as its plain text (phonetic guides left out); error values as their text ("#N/A");
 * - merged cells: only the top-left cell holds the value;
 * - each sheet a dense 2-D array (row 0 = Excel row 1), trailing empty rows and columns dropped.
 * The tool's own very-hidden marker sheet (core/output.ts MARKER_SHEET) is not data and is left out.
 */
import { constants as fsConstants, promises as fs, type Stats } from "fs";
import type { FileHandle } from "fs/promises";
import type { Cell, SheetData, WorkbookData } from "../engine/core/cells";
import { MARKER_SHEET } from "../engine/core/output";
import { EXCEL_EPOCH_OFFSET_DAYS, SECONDS_PER_DAY } from "../engine/core/time";
import { listedOutputSheets, localName, openZip, ownString, parseXmlPart, sharedStrings, workbookLayout, type PartSource } from "./package";

/** The file is missing, not a workbook, or damaged: the CLI's exit 2 ("unreadable workbook", docs/CONTRACT.md, Command line). */
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

/** Refuses, from its first bytes, a file that is not an .xlsx at all (XlsxReadError with what it is instead). */
export function checkXlsxSignature(bytes: Buffer, file: string): void {
  // A password-protected workbook is an encrypted OLE compound file, not a zip (as is an old .xls).
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) {
    throw new XlsxReadError(file, "password-protected (encrypted) or an old .xls workbook; open it in Excel, remove the password (File → Info → Protect Workbook) and save it as .xlsx");
  }
  // An .xlsx is a zip: "PK\x03\x04". Anything else (a CSV, an empty file) is refused up front.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new XlsxReadError(file, "not an .xlsx file (Excel 2007 or later workbook); save it as .xlsx");
  }
}

/** Reads an .xlsx file into the engine's WorkbookData (values only); XlsxReadError when it cannot. */
export interface ReadOptions {
  /**
   * Leave out the sheets the tool wrote (as its marker sheet lists them): they are never input, and a rerun on a
   * month of a million tickets would otherwise read millions of findings back (the command line sets this).
   */
  skipOutputSheets?: boolean;
}

export async function readXlsx(file: string, opts: ReadOptions = {}): Promise<WorkbookData> {
  return readXlsxBytes(await readInputFile(file), file, opts);
}

/**
 * The largest file the command reads as a workbook (1 GiB). A full Excel sheet of 1,048,575 tickets is about
 * 100 MiB as .xlsx and the command's own settled copy of it about 430 MiB (docs/PERFORMANCE.md), so no workbook of
 * Excel's size comes near it; a file past it is refused before a byte of it is read.
 */
export const MAX_INPUT_BYTES = 2 ** 30;

/** Why what a path names cannot be read as a workbook file (the reason of an XlsxReadError), or null when it can. */
function notAWorkbookFile(st: Stats): string | null {
  if (st.isFile()) {
    if (st.size <= MAX_INPUT_BYTES) return null;
    const mib = (n: number) => Math.round(n / 2 ** 20).toLocaleString("en");
    return `it is ${mib(st.size)} MiB, more than the ${mib(MAX_INPUT_BYTES)} MiB the command reads (a full Excel sheet of tickets is about 100 MiB); it is not a workbook of Excel's size`;
  }
  if (st.isDirectory()) return "it is a folder";
  if (st.isFIFO()) return "it is a named pipe (FIFO), not a file; save the workbook as an .xlsx file and name that file";
  if (st.isSocket()) return "it is a socket, not a file; save the workbook as an .xlsx file and name that file";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "it is a device, not a file; save the workbook as an .xlsx file and name that file";
  return "it is not a regular file";
}

function openFailure(file: string, e: unknown): XlsxReadError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT" ? "no such file"
    : code === "EISDIR" ? "it is a folder"
    : code === "EACCES" || code === "EPERM" ? "permission denied (this account may not read it)"
    : code === "ENOTDIR" ? "no such file (a part of its path is not a folder)"
    : String((e as Error).message);
  return new XlsxReadError(file, reason);
}

/**
 * Opens the input for reading, refusing before any read what is not a regular file (a named pipe would block the
 * read for ever, a device such as /dev/zero never ends) or is larger than MAX_INPUT_BYTES. The path is looked at
 * first (symbolic links followed) and then the opened file itself, so a pipe put in its place in between is still
 * refused; opening with O_NONBLOCK keeps even that open from waiting for a writer.
 */
export async function openInputFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    const reason = notAWorkbookFile(await fs.stat(file));
    if (reason) throw new XlsxReadError(file, reason);
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    throw e instanceof XlsxReadError ? e : openFailure(file, e);
  }
  try {
    const reason = notAWorkbookFile(await handle.stat());
    if (reason) throw new XlsxReadError(file, reason);
    return handle;
  } catch (e) {
    await handle.close();
    throw e instanceof XlsxReadError ? e : openFailure(file, e);
  }
}

/** The bytes of the input workbook file, as openInputFile allows them. */
export async function readInputFile(file: string): Promise<Buffer> {
  const handle = await openInputFile(file);
  try {
    return await handle.readFile();
  } catch (e) {
    throw openFailure(file, e);
  } finally {
    await handle.close();
  }
}

/** As readXlsx, from the bytes of a workbook. */
export async function readXlsxBytes(bytes: Buffer, file = "workbook", opts: ReadOptions = {}): Promise<WorkbookData> {
  checkXlsxSignature(bytes, file);
  const sizes = declaredEntrySizes(bytes);
  if (sizes === null) throw new XlsxReadError(file, "damaged .xlsx (its zip directory cannot be read)");
  const tooMuch = (bytesToRead: number) => {
    if (bytesToRead > MAX_UNCOMPRESSED_BYTES) {
      throw new XlsxReadError(file, `it would unpack to ${Math.round(bytesToRead / 2 ** 20).toLocaleString("en")} MiB, more than the ${MAX_UNCOMPRESSED_BYTES / 2 ** 30} GiB a workbook of Excel's size needs (a zip bomb, or not a workbook)`);
    }
  };
  // Any one part first, before the zip is even opened; then what will actually be read, once the layout is known.
  for (const size of sizes.values()) tooMuch(size);
  let src: PartSource;
  try {
    src = await openZip(bytes);
  } catch (e) {
    throw new XlsxReadError(file, `damaged .xlsx (${(e as Error).message})`);
  }
  try {
    const layout = await workbookLayout(src);
    const skipped = new Set([MARKER_SHEET.toLowerCase()]);
    if (opts.skipOutputSheets) for (const n of await listedOutputSheets(src)) skipped.add(n.toLowerCase());
    const toRead = layout.sheets.filter((s) => !skipped.has(s.name.toLowerCase()));
    const sst = layout.sharedStringsPart && src.names.includes(layout.sharedStringsPart) ? layout.sharedStringsPart : null;
    tooMuch([...toRead.map((s) => s.part), sst, layout.stylesPart].reduce((n, part) => n + (part ? sizes.get(part) ?? 0 : 0), 0));
    const dates = layout.stylesPart ? await dateStyles(src, layout.stylesPart) : [];
    const shared = sst ? await sharedStrings(src, sst) : [];
    const sheets: SheetData[] = [];
    for (const s of toRead) {
      sheets.push({ name: s.name, rows: src.names.includes(s.part) ? await readSheet(src, s.part, { dates, shared, date1904: layout.date1904 }) : [] });
    }
    return { sheets };
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw new XlsxReadError(file, `damaged or not an .xlsx workbook (${(e as Error).message})`);
  } finally {
    src.close();
  }
}

/**
 * The most XML the reader takes from one workbook, as the zip's directory declares it: every part it reads (sheets,
 * shared strings, styles) together, and any single part. A full Excel sheet (1,048,576 rows) of ticket data
 * unpacks to well under this; output sheets the tool wrote are not read by the command line (skipOutputSheets).
 */
export const MAX_UNCOMPRESSED_BYTES = 3 * 2 ** 30;

/** Each entry's uncompressed size as the central directory declares it (ZIP64 sizes as Infinity); null when unreadable. */
export function declaredEntrySizes(bytes: Buffer): Map<string, number> | null {
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
  const sizes = new Map<string, number>();
  for (let k = 0; k < entries; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString("utf8", p + 46, Math.min(bytes.length, p + 46 + nameLength));
    sizes.set(name, (sizes.get(name) ?? 0) + (size === 0xffffffff ? Number.POSITIVE_INFINITY : size));
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return sizes;
}

// ---------------------------------------------------------------------------------------------------------------

/** Built-in number formats that show a date or a time (ECMA-376 §18.8.30; 27–36 and 50–58 are the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code that shows a date or time: a y, m, d, h or s outside quoted text and [brackets] (as exceljs decides). */
export function isDateFormatCode(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "").replace(/\\./g, ""));
}

/** For each cell format (xf index): whether its number format is a date or time. */
async function dateStyles(src: PartSource, part: string): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let depth = 0; // inside <cellXfs>
  await parseXmlPart(src, part, (parser) => {
    parser.on("opentag", (t) => {
      const local = localName(t.name);
      if (local === "numFmt") custom.set(Number(t.attributes.numFmtId), String(t.attributes.formatCode ?? ""));
      else if (local === "cellXfs") depth++;
      else if (local === "xf" && depth > 0) xfFormats.push(Number(t.attributes.numFmtId ?? 0));
    });
    parser.on("closetag", (t) => {
      if (localName(t.name) === "cellXfs") depth--;
    });
  });
  return xfFormats.map((id) => (custom.has(id) ? isDateFormatCode(custom.get(id)!) : BUILT_IN_DATE_FORMATS.has(id)));
}

interface SheetContext {
  dates: boolean[];
  shared: string[];
  date1904: boolean;
}

/** Days from 1900's serial 0 to 1904's (a 1904-based serial + 1462 is the 1900-based one Excel shows). */
const DAYS_1904 = 1462;

/** "BC12" → zero-based column 54 (A = 0). */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

function rowOf(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) >= 65) i++;
  return Number(ref.slice(i)) - 1;
}

/**
 * A cell reference in the plain form every producer writes ("BC12": capital letters, then the row's digits), as
 * `columnOf` and `rowOf` would read it, in one pass without a substring (once per cell, millions of
 * times a month). Sets `refCol` and `refRow`; false for any other form, which is left to columnOf and rowOf.
 */
let refCol = 0;
let refRow = 0;
function plainRef(ref: string): boolean {
  const n = ref.length;
  let i = 0;
  let col = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  // Up to 15 digits are exactly what Number() reads from them.
  if (i === n || n - i > 15) return false;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    row = row * 10 + (c - 48);
  }
  refCol = col - 1;
  refRow = row - 1;
  return true;
}

/** For tests: plainRef's reading of a reference ([column, row]), null when it leaves it to columnOf and rowOf. */
export function plainRefForTest(ref: string): [number, number] | null {
  return plainRef(ref) ? [refCol, refRow] : null;
}

/** For tests: columnOf and rowOf, the plain path. */
export function refForTest(ref: string): [number, number] {
  return [columnOf(ref), rowOf(ref)];
}

/** A row of `width` empty cells (null, as the engine reads an empty cell). */
function emptyRow(width: number): Cell[] {
  const cells: Cell[] = new Array(width);
  for (let c = 0; c < width; c++) cells[c] = null;
  return cells;
}

/** `cells` copied into a row of `width` (cut, or padded with empty cells). */
function resized(cells: Cell[], width: number): Cell[] {
  const out: Cell[] = new Array(width);
  const n = Math.min(width, cells.length);
  for (let c = 0; c < n; c++) out[c] = cells[c];
  for (let c = n; c < width; c++) out[c] = null;
  return out;
}

/**
 * One worksheet part → dense rows. Cells without a position follow the one before (§18.3.1.4: `r` is optional).
 * Each row is made as wide as the widest row so far, filled with empty cells, and the cells written into it, so
 * a sheet of a million rows is not first built sparse and then copied dense; rows left narrower than
 * the widest, or never met, are made up at the end.
 */
async function readSheet(src: PartSource, part: string, ctx: SheetContext): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  const merges: string[] = [];
  let row = -1;
  let col = -1;
  let type = "n";
  let style: string | undefined; // the `s` attribute: read only for a number (cellValue)
  let text = "";
  let inText = false; // inside <v>, or <t> of an inline string (not a phonetic run)
  let phonetic = 0;
  let lastRow = 0;
  let lastCol = 0;
  let cells: Cell[] | undefined; // rows[cellsRow], the row last written to
  let cellsRow = -1;
  const onText = (t: string) => {
    if (inText) text += t;
  };
  await parseXmlPart(src, part, (parser) => {
    parser.on("opentag", (t) => {
      switch (localName(t.name)) {
        case "row": {
          const r = t.attributes.r;
          row = r === undefined ? row + 1 : Number(r) - 1;
          col = -1;
          break;
        }
        case "c": {
          const r = t.attributes.r as string | undefined;
          if (r === undefined) col += 1;
          else if (plainRef(r)) {
            col = refCol;
            row = refRow;
          } else {
            col = columnOf(r);
            row = rowOf(r);
          }
          type = (t.attributes.t as string | undefined) ?? "n";
          style = t.attributes.s as string | undefined;
          text = "";
          break;
        }
        case "v":
          inText = true;
          break;
        case "t":
          if (phonetic === 0 && type === "inlineStr") inText = true;
          break;
        case "rPh":
          phonetic++;
          break;
        case "mergeCell":
          merges.push(String(t.attributes.ref ?? ""));
          break;
      }
    });
    parser.on("text", onText);
    parser.on("cdata", onText);
    parser.on("closetag", (t) => {
      switch (localName(t.name)) {
        case "v":
        case "t":
          inText = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c": {
          const value = cellValue(type, text, style, ctx);
          if (value !== null && row >= 0 && col >= 0) {
            if (row !== cellsRow) {
              cells = rows[row];
              cellsRow = row;
            }
            if (cells === undefined) cells = rows[row] = emptyRow(Math.max(lastCol, col + 1));
            else if (col >= cells.length) cells = rows[row] = resized(cells, Math.max(col + 1, 2 * cells.length));
            cells[col] = value;
            if (row + 1 > lastRow) lastRow = row + 1;
            if (col + 1 > lastCol) lastCol = col + 1;
          }
          text = "";
          break;
        }
      }
    });
  });
  const dense: Cell[][] = new Array(lastRow);
  for (let r = 0; r < lastRow; r++) {
    const cells = rows[r];
    dense[r] = cells === undefined ? emptyRow(lastCol) : cells.length === lastCol ? cells : resized(cells, lastCol);
  }
  if (merges.length === 0) return dense; // every last row and column holds a value: nothing to trim
  // Merged cells: only the top-left one keeps a value (as Excel's `values` gives it).
  for (const ref of merges) {
    const [from, to] = ref.split(":");
    if (!to) continue;
    for (let r = rowOf(from); r <= rowOf(to); r++) {
      const cells = dense[r];
      if (!cells) continue;
      const last = Math.min(columnOf(to), cells.length - 1);
      for (let c = Math.max(0, columnOf(from)); c <= last; c++) if (r !== rowOf(from) || c !== columnOf(from)) cells[c] = null;
    }
  }
  // Merges may have emptied the last rows or columns: trim again.
  return trimTrailing(dense);
}

function trimTrailing(rows: Cell[][]): Cell[][] {
  let lastRow = rows.length;
  while (lastRow > 0 && rows[lastRow - 1].every((c) => c === null)) lastRow--;
  let lastCol = 0;
  for (let r = 0; r < lastRow; r++) for (let c = rows[r].length - 1; c >= lastCol; c--) if (rows[r][c] !== null) lastCol = c + 1;
  if (lastRow === rows.length && (rows.length === 0 || rows[0].length === lastCol)) return rows;
  return rows.slice(0, lastRow).map((r) => (r.length === lastCol ? r : r.slice(0, lastCol)));
}

/** One cell's value as Excel's `values` gives it (SpreadsheetML cell types, §18.18.11). */
function cellValue(type: string, text: string, style: string | undefined, ctx: SheetContext): Cell {
  switch (type) {
    case "s": {
      const s = ctx.shared[Number(text)];
      return s === undefined || s === "" ? null : unescapeXstring(s);
    }
    case "inlineStr":
    case "str":
      return text === "" ? null : ownString(unescapeXstring(text));
    case "b":
      return text === "" ? null : text === "1" || text === "true";
    case "e":
      return text === "" ? null : text;
    case "d": {
      // An ISO 8601 date (strict OOXML): its wall-clock time as a serial.
      const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
      return Number.isNaN(ms) ? null : excelSerialFromDate(new Date(ms));
    }
    default: {
      if (text === "") return null; // a formula never calculated has no cached value
      const n = Number(text);
      if (!Number.isFinite(n)) return null;
      if (!ctx.dates[Number(style ?? 0)]) return n;
      // A date: to the whole second, as Excel shows it, and from 1904-based serials to 1900-based ones.
      const serial = ctx.date1904 ? n + DAYS_1904 : n;
      return excelSerialFromDate(new Date(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * 86_400_000)));
    }
  }
}

/**
 * Excel's escape for characters XML cannot carry, `_xHHHH_` (ECMA-376 §22.9.2.19 ST_Xstring): Excel writes a line
 * break typed in a cell as `_x000D_` + LF, and a literal "_x0041_" as "_x005F_x0041_". Decoded here, as Excel's
 * `values` gives the text to the add-in.
 */
export function unescapeXstring(s: string): string {
  return s.includes("_x") ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
