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
 * What Excel could not have written is not guessed at: a reference outside Excel's grid, a value far outside the
 * sheet's data, a shared string that does not exist, a number that is not a finite decimal number, a cell written
 * twice… each is a line of the XlsxReadError, naming Sheet!Cell (docs/SECURITY.md, Damaged structure).
 * The tool's own very-hidden marker sheet (core/output.ts MARKER_SHEET) is not data and is left out.
 */
import { constants as fsConstants, promises as fs, type Stats } from "fs";
import type { FileHandle } from "fs/promises";
import { cellAddress, sheetCellRef, type Cell, type SheetData, type WorkbookData } from "../engine/core/cells";
import { MARKER_SHEET } from "../engine/core/output";
import { EXCEL_EPOCH_OFFSET_DAYS, SECONDS_PER_DAY } from "../engine/core/time";
import { listedOutputSheets, localName, openZip, ownString, parseXmlPart, sharedStrings, workbookLayout, type PartSource } from "./package";
import { readerPaths, scanPart, SheetScan, type CellSink } from "./scan";

/** The file is missing, not a workbook, or damaged: the CLI's exit 2 ("unreadable workbook", docs/CONTRACT.md, Command line). */
export class XlsxReadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** When there are several problems (in the sheets' cells): one line each, the reason saying how many. */
    readonly details: readonly string[] = [],
  ) {
    super([`${file}: cannot read the workbook: ${reason}`, ...details].join("\n  "));
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
    const sharedValues = shared.map((t): Cell => (t === "" ? null : unescapeXstring(t)));
    const problems = new Problems();
    const sheets: SheetData[] = [];
    for (const s of toRead) {
      sheets.push({ name: s.name, rows: src.names.includes(s.part) ? await readSheet(src, s.part, s.name, { dates, shared, sharedValues, date1904: layout.date1904, problems }) : [] });
    }
    // Every sheet is read before refusing, so that the user sees every problem at once (the first MAX_LISTED_PROBLEMS).
    if (problems.count === 1) throw new XlsxReadError(file, problems.listed[0]);
    if (problems.count > 1) {
      const more = problems.more > 0 ? [`and ${problems.more.toLocaleString("en")} more`] : [];
      throw new XlsxReadError(file, `${problems.count.toLocaleString("en")} problems in its sheets, listed below`, [...problems.listed, ...more]);
    }
    return { sheets };
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw new XlsxReadError(file, `damaged or not an .xlsx workbook (${(e as Error).message})`);
  } finally {
    src.close();
    // yauzl ends its reader of a Buffer on the next turn of the event loop (setImmediate), and holds the file's bytes
    // until then: a caller that goes on at once to settle the month (the CLI) kept a full sheet's 126 MiB through
    // the whole of settling. Waiting for that turn here lets them go before the caller goes on.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The most XML the reader takes from one workbook, as the zip's directory declares it: every part it reads (sheets,
 * shared strings, styles) together, and any single part. A full Excel sheet (1,048,576 rows) of ticket data
 * unpacks to well under this; output sheets the tool wrote are not read by the command line (skipOutputSheets).
 */
export const MAX_UNCOMPRESSED_BYTES = 3 * 2 ** 30;

/**
 * Each entry's uncompressed size as the central directory declares it; null when the directory cannot be read.
 * ZIP64 packages (APPNOTE 4.3.14–4.3.15: the ZIP64 end record, found through its locator just before the classic
 * end record, holds the entry count and the directory's offset; 4.5.3: an entry's 8-byte sizes and offset sit in
 * its ZIP64 extra field, each only where its 32-bit field holds 0xFFFFFFFF) are read as exactly as classic ones.
 */
export function declaredEntrySizes(bytes: Buffer): Map<string, number> | null {
  const MAX32 = 0xffffffff;
  const min = Math.max(0, bytes.length - 22 - 65535);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let entries = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  if (eocd >= 20 && bytes.readUInt32LE(eocd - 20) === 0x07064b50) {
    const at = Number(bytes.readBigUInt64LE(eocd - 20 + 8));
    if (at + 56 > bytes.length || bytes.readUInt32LE(at) !== 0x06064b50) return null;
    entries = Number(bytes.readBigUInt64LE(at + 32));
    p = Number(bytes.readBigUInt64LE(at + 48));
  }
  const sizes = new Map<string, number>();
  for (let k = 0; k < entries; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    let size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    if (p + 46 + nameLength + extraLength > bytes.length) return null;
    const name = bytes.toString("utf8", p + 46, p + 46 + nameLength);
    if (size === MAX32) {
      // The ZIP64 extended information extra field (header ID 0x0001): its first value is the uncompressed size.
      let wide: number | null = null;
      const end = p + 46 + nameLength + extraLength;
      for (let x = p + 46 + nameLength; x + 4 <= end; x += 4 + bytes.readUInt16LE(x + 2)) {
        if (bytes.readUInt16LE(x) === 0x0001 && bytes.readUInt16LE(x + 2) >= 8 && x + 12 <= end) {
          wide = Number(bytes.readBigUInt64LE(x + 4));
          break;
        }
      }
      if (wide === null) return null;
      size = wide;
    }
    sizes.set(name, (sizes.get(name) ?? 0) + size);
    p += 46 + nameLength + extraLength + bytes.readUInt16LE(p + 32);
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

/**
 * Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD). No cell of a workbook Excel can open lies outside it,
 * so a reference past it is damage (or a crafted file), never data.
 */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/**
 * How far a sheet's values may spread. The engine gets each sheet as a dense grid (rows × columns, up to the last
 * value in either direction); that grid may span at most FAR_PER_VALUE cells for each value the sheet holds, plus
 * FAR_FLOOR cells whatever the sheet holds. A full sheet of a million tickets is far inside it (about one empty
 * cell per value), so is any sheet of up to a million cells whatever its shape; a single value at XFD1048576 beside
 * a few thousand is not (17 billion cells), and is refused by name instead of filling the memory with empty cells.
 */
export const FAR_PER_VALUE = 16;
export const FAR_FLOOR = 1_048_576;

/** The two figures readSheet uses: FAR_PER_VALUE and FAR_FLOOR (tests lower the floor to reach the paths past it). */
export const farLimits = { perValue: FAR_PER_VALUE, floor: FAR_FLOOR };

/** Problems at cell level are all listed, up to this many (then how many more). */
export const MAX_LISTED_PROBLEMS = 20;

/** Cell-level problems met while reading the sheets: the first MAX_LISTED_PROBLEMS in full, the rest counted. */
class Problems {
  readonly listed: string[] = [];
  more = 0;
  add(line: string): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(line);
    else this.more++;
  }
  get count(): number {
    return this.listed.length + this.more;
  }
  /** Where the list stands, to take back what is added after it (reset). */
  mark(): { listed: number; more: number } {
    return { listed: this.listed.length, more: this.more };
  }
  reset(to: { listed: number; more: number }): void {
    this.listed.length = to.listed;
    this.more = to.more;
  }
}

interface SheetContext {
  dates: boolean[];
  /** The shared-string table's texts as written. */
  shared: string[];
  /** The same as cell values: `_xHHHH_` escapes decoded, an empty text an empty cell (cellValue's `s`). */
  sharedValues: Cell[];
  date1904: boolean;
  problems: Problems;
}

/** Days from 1900's serial 0 to 1904's (a 1904-based serial + 1462 is the 1900-based one Excel shows). */
const DAYS_1904 = 1462;

/** What a cell reference is: a cell of Excel's grid (read into refCol/refRow), a cell outside it, or no reference at all. */
const enum Ref {
  Cell,
  Outside,
  Malformed,
}

/**
 * A cell reference as SpreadsheetML writes it (ST_CellRef, ECMA-376 Part 1 §18.18.7: column letters A–XFD, then the
 * row 1–1,048,576), read in one pass without a substring (once per cell, millions of times a month): sets `refCol`
 * and `refRow` (zero-based) for a cell of the grid. A column or row past the grid is Outside (checked as it is read, so
 * a reference of a thousand digits costs a thousand steps and no more); anything else — lower case, `$`, a sign, a
 * decimal point, an exponent, a missing part — is Malformed. Measured against a regular expression and Number():
 * reading the 1,048,575-ticket workbook took 34.2 s of CPU vs 36.8 s (ratio 1.08, spread 1.03-1.15; median of 4
 * interleaved pairs, 2026-12-06).
 */
let refCol = 0;
let refRow = 0;
function cellRef(ref: string): Ref {
  const n = ref.length;
  let i = 0;
  let col = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    if (col <= MAX_COLUMNS) col = col * 26 + (c - 64);
  }
  if (i === 0 || i === n) return Ref.Malformed;
  let row = 0;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return Ref.Malformed;
    if (row <= MAX_ROWS) row = row * 10 + (c - 48);
  }
  if (row === 0) return Ref.Malformed;
  if (col > MAX_COLUMNS || row > MAX_ROWS) return Ref.Outside;
  refCol = col - 1;
  refRow = row - 1;
  return Ref.Cell;
}

/** For tests: how cellRef reads a reference — [column, row] (zero-based), "outside" or "malformed". */
export function cellRefForTest(ref: string): [number, number] | "outside" | "malformed" {
  const r = cellRef(ref);
  return r === Ref.Cell ? [refCol, refRow] : r === Ref.Outside ? "outside" : "malformed";
}

/**
 * A text from the file as a message shows it: in quotes, cut to 40 characters, with quotes, backslashes and every
 * character a terminal would act on or hide (C0 and C1 controls, DEL, line and paragraph separators, direction
 * marks, lone surrogates) written as \uXXXX.
 */
export function shown(s: string): string {
  const chars = Array.from(s.length > 200 ? s.slice(0, 200) : s);
  const cut = chars.length > 40 ? chars.slice(0, 40) : chars;
  const body = cut.map((ch) => (/^[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"\\\ud800-\udfff]$/.test(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}` : ch)).join("");
  return `"${body}${chars.length > 40 ? "…" : ""}"`;
}

/** A sheet's name as messages print it, quoted as Excel's Name Box would take it and with invisible characters escaped. */
function sheetLabel(sheet: string): string {
  const printable = shown(sheet).slice(1, -1).replace(/\\u0022/g, '"');
  return sheetCellRef(printable, "").slice(0, -1);
}

/** A reference the file wrote, as a message shows it: as is when it is plain and short, otherwise quoted. */
function refShown(ref: string): string {
  return ref.length <= 24 && /^[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?$/.test(ref) ? ref : shown(ref);
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

const DAMAGED = "the file is damaged or was not written by a spreadsheet program; open it in Excel, check that sheet and save it again";

/**
 * One worksheet part → dense rows: read by the scanner (scan.ts), or, for a part it does not take, by saxes; either
 * way into a SheetCells. Problems (see cellValue) are added to ctx.problems; the sheet is read to its end so that
 * all of them are listed. A part the scanner gave up on leaves no trace of its attempt: its problems are taken back
 * before saxes reads the part again.
 */
async function readSheet(src: PartSource, part: string, sheet: string, ctx: SheetContext): Promise<Cell[][]> {
  if (readerPaths.scanner) {
    const mark = ctx.problems.mark();
    const rows = await scannedSheet(src, part, sheet, ctx);
    if (rows !== null) return rows;
    ctx.problems.reset(mark);
  }
  return parsedSheet(src, part, sheet, ctx);
}

/** The sheet read by the scanner, or null when it gave up (its cells are then dropped with this call's frame). */
async function scannedSheet(src: PartSource, part: string, sheet: string, ctx: SheetContext): Promise<Cell[][] | null> {
  const cells = new SheetCells(sheet, ctx);
  const scan = new SheetScan(cells);
  if (await scanPart(src, part, scan)) return cells.finish();
  readerPaths.onFallback?.(part, scan.why);
  return null;
}

/** The sheet read by saxes: its events, as SpreadsheetML defines them, to a SheetCells. */
async function parsedSheet(src: PartSource, part: string, sheet: string, ctx: SheetContext): Promise<Cell[][]> {
  const cells = new SheetCells(sheet, ctx);
  let type = "n";
  let style: string | undefined; // the `s` attribute: read only for a number (cellValue)
  let text = "";
  let inText = false; // inside <v>, or <t> of an inline string (not a phonetic run)
  let phonetic = 0;
  let twoValues = false;
  const onText = (t: string) => {
    if (inText) text += t;
  };
  await parseXmlPart(src, part, (parser) => {
    parser.on("opentag", (t) => {
      switch (localName(t.name)) {
        case "row":
          cells.rowStart(t.attributes.r as string | undefined);
          break;
        case "c":
          cells.cellStart(t.attributes.r as string | undefined);
          type = (t.attributes.t as string | undefined) ?? "n";
          style = t.attributes.s as string | undefined;
          text = "";
          break;
        case "v":
          // A cell has one value (§18.3.1.96); a second <v> would be read run together with the first.
          if (text !== "") twoValues = true;
          inText = true;
          break;
        case "t":
          if (phonetic === 0 && type === "inlineStr") inText = true;
          break;
        case "rPh":
          phonetic++;
          break;
        case "mergeCell":
          cells.mergeCell(String(t.attributes.ref ?? ""));
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
        case "c":
          cells.cellEnd(type, text, style, twoValues);
          text = "";
          twoValues = false;
          break;
      }
    });
  });
  return cells.finish();
}

/**
 * One worksheet's cells as they are read, whichever reader finds them (scan.ts CellSink). Cells without a position
 * follow the one before (§18.3.1.4: `r` is optional).
 *
 * Memory follows the values the sheet holds, not the coordinates it claims. A new row is made as wide as the widest
 * row so far (so a sheet of a million rows is not first built sparse and then copied dense), and a row grows by
 * doubling — but only while what has been allotted stays within the budget the sheet's values allow (FAR_PER_VALUE
 * and FAR_FLOOR); past it, a row is made only as wide as its cell needs, and a cell that would need more is kept
 * aside by its position. At the end the grid the values span is checked against the same budget: within it, the
 * rows are made dense; beyond it, the value that stretches the grid is named and the sheet is not made at all.
 */
class SheetCells implements CellSink {
  private readonly label: string;
  private readonly perValue: number;
  private readonly floor: number;
  private readonly problems: Problems;
  private readonly rows: Cell[][] = [];
  private readonly merges: string[] = [];
  private readonly far = new Map<number, Cell>(); // row × MAX_COLUMNS + column → value, for cells the budget could not widen a row for
  private row = -1;
  private col = -1;
  private place = false; // the current cell has a position in the grid (a bad one is reported once, at its start tag)
  private ref: string | undefined; // the current cell's `r` as written, when it is not the plain form of (row, col)
  /** Why the current cell's value could not be read (null when it could): the message's part after Sheet!Cell. */
  bad: string | null = null;
  private lastRow = 0;
  private lastCol = 0;
  private present = 0; // cells holding a value
  private allotted = 0; // row slots allocated so far
  private cells: Cell[] | undefined; // rows[cellsRow], the row last written to
  private cellsRow = -1;

  constructor(sheet: string, readonly ctx: SheetContext) {
    this.label = sheetLabel(sheet);
    this.perValue = farLimits.perValue;
    this.floor = farLimits.floor;
    this.problems = ctx.problems;
  }

  private here(): string {
    return this.ref !== undefined && this.place ? this.ref : cellAddress(this.row, this.col);
  }

  rowStart(r: string | undefined): void {
    this.col = -1;
    if (r === undefined) this.row = this.row >= 0 ? this.row + 1 : this.row === -1 ? 0 : this.row;
    else if (/^[0-9]{1,7}$/.test(r) && Number(r) >= 1 && Number(r) <= MAX_ROWS) this.row = Number(r) - 1;
    else {
      this.problems.add(`${this.label}: row ${shown(r)} is not a row of Excel's grid (1 to 1,048,576); ${DAMAGED}`);
      this.row = -2; // cells of this row without their own reference have no place
    }
    if (this.row >= MAX_ROWS) {
      this.problems.add(`${this.label}: a row after row 1,048,576, the last of Excel's grid; ${DAMAGED}`);
      this.row = -2;
    }
  }

  rowAt(r: number): boolean {
    if (r > MAX_ROWS) return false;
    this.col = -1;
    this.row = r - 1;
    return true;
  }

  cellStart(ref: string | undefined): void {
    this.ref = ref;
    if (ref === undefined) {
      this.col += 1;
      this.place = this.row >= 0 && this.col < MAX_COLUMNS;
      if (this.row === -1) this.problems.add(`${this.label}: a cell outside any row and without a reference; ${DAMAGED}`);
      else if (this.row >= 0 && this.col === MAX_COLUMNS) this.problems.add(`${this.label}: row ${this.row + 1} has a cell after column XFD, the last of Excel's grid; ${DAMAGED}`);
      return;
    }
    const kind = cellRef(ref);
    this.place = kind === Ref.Cell;
    if (this.place) {
      this.col = refCol;
      this.row = refRow;
    } else {
      this.problems.add(kind === Ref.Outside ? `${this.label}!${refShown(ref)} is outside Excel's grid (columns A to XFD, rows 1 to 1,048,576); ${DAMAGED}` : `${this.label}: cell reference ${shown(ref)} is not a cell reference (such as B12); ${DAMAGED}`);
      this.row = -2; // the cells after it have no place either (they would follow this one)
    }
  }

  cellAt(col: number, row: number): boolean {
    if (col > MAX_COLUMNS || row > MAX_ROWS) return false;
    this.ref = undefined; // its plain form: here() writes it again from (row, col)
    this.place = true;
    this.col = col - 1;
    this.row = row - 1;
    return true;
  }

  cellEnd(type: string, text: string, style: string | undefined, twoValues: boolean): void {
    if (twoValues) this.bad = `the cell has two values (two <v> elements); ${DAMAGED}`;
    this.put(cellValue(type, text, style, this));
  }

  putEmpty(): void {
    // Nothing to keep: the value is empty and, without text, none of its checks can fail.
  }

  putNumber(n: number, style: number): void {
    this.put(this.ctx.dates[style] ? dateSerial(n, this.ctx.date1904) : n);
  }

  putShared(index: number): boolean {
    const s = this.ctx.sharedValues[index];
    if (s === undefined) return false;
    this.put(s);
    return true;
  }

  putText(text: string): void {
    this.put(unescapeXstring(text));
  }

  mergeCell(ref: string): void {
    this.merges.push(ref);
  }

  /** The current cell's value (or the reason it has none, in `bad`). */
  put(value: Cell): void {
    const { row, col } = this;
    if (this.bad !== null) {
      if (this.place) this.problems.add(`${this.label}!${this.here()}: ${this.bad}`);
      this.bad = null;
      return;
    }
    if (value === null || !this.place) return;
    let cells = this.cells;
    if (row !== this.cellsRow) {
      cells = this.rows[row];
      this.cellsRow = row;
    }
    if (cells === undefined) {
      const budget = this.perValue * this.present + this.floor;
      const width = col < this.lastCol && this.allotted + this.lastCol <= budget ? this.lastCol : col + 1;
      if (this.allotted + width <= budget) {
        cells = this.rows[row] = emptyRow(width);
        this.allotted += width;
      }
    } else if (col >= cells.length) {
      const width = Math.max(col + 1, 2 * cells.length);
      if (this.allotted + width <= this.perValue * this.present + this.floor) {
        cells = this.rows[row] = resized(cells, width);
        this.allotted += width;
      }
    }
    this.cells = cells;
    if (cells !== undefined && col < cells.length) {
      if (cells[col] !== null || (this.far.size !== 0 && this.far.has(row * MAX_COLUMNS + col))) {
        this.problems.add(`${this.label}!${this.here()} is written twice (the sheet's XML gives that cell a second value); ${DAMAGED}`);
        return;
      }
      cells[col] = value;
    } else {
      const key = row * MAX_COLUMNS + col;
      if (this.far.has(key)) {
        this.problems.add(`${this.label}!${this.here()} is written twice (the sheet's XML gives that cell a second value); ${DAMAGED}`);
        return;
      }
      this.far.set(key, value);
    }
    this.present++;
    if (row + 1 > this.lastRow) this.lastRow = row + 1;
    if (col + 1 > this.lastCol) this.lastCol = col + 1;
  }

  /** The dense rows, once every cell is in. */
  finish(): Cell[][] {
    const { rows, far, lastRow, lastCol, present } = this;
    const area = lastRow * lastCol;
    if (area > this.perValue * present + this.floor) {
      this.problems.add(farOutside(rows, far, lastRow, lastCol, present, this.label));
      return [];
    }
    const dense: Cell[][] = new Array(lastRow);
    for (let r = 0; r < lastRow; r++) {
      const cells = rows[r];
      dense[r] = cells === undefined ? emptyRow(lastCol) : cells.length === lastCol ? cells : resized(cells, lastCol);
    }
    for (const [key, value] of far) dense[Math.floor(key / MAX_COLUMNS)][key % MAX_COLUMNS] = value;
    if (this.merges.length === 0) return dense; // every last row and column holds a value: nothing to trim
    return unmerged(dense, this.merges, this.label, this.problems);
  }
}

/**
 * The message for a sheet whose values span too large a grid, naming what stretches it: the values of its last row,
 * or of its last column — whichever leaves the smaller grid when left out. Only on refusal: it visits every value
 * once, as they were kept (rows no wider than the budget allowed, and the cells kept aside).
 */
function farOutside(rows: Cell[][], far: Map<number, Cell>, lastRow: number, lastCol: number, present: number, label: string): string {
  const bottom = lastRow - 1;
  const right = lastCol - 1;
  // Extent of the values outside the last row, and outside the last column; the span of those in it.
  let [rowsA, colsA, rowsB, colsB] = [0, 0, 0, 0];
  let [firstCol, lastColOfRow, firstRow, lastRowOfCol] = [right, 0, bottom, 0];
  const visit = (r: number, c: number) => {
    if (r !== bottom) [rowsA, colsA] = [Math.max(rowsA, r + 1), Math.max(colsA, c + 1)];
    else [firstCol, lastColOfRow] = [Math.min(firstCol, c), Math.max(lastColOfRow, c)];
    if (c !== right) [rowsB, colsB] = [Math.max(rowsB, r + 1), Math.max(colsB, c + 1)];
    else [firstRow, lastRowOfCol] = [Math.min(firstRow, r), Math.max(lastRowOfCol, r)];
  };
  rows.forEach((cells, r) => {
    for (let c = 0; c < cells.length; c++) if (cells[c] !== null) visit(r, c);
  });
  for (const key of far.keys()) visit(Math.floor(key / MAX_COLUMNS), key % MAX_COLUMNS);
  const [from, to] = rowsA * colsA <= rowsB * colsB ? [cellAddress(bottom, firstCol), cellAddress(bottom, lastColOfRow)] : [cellAddress(firstRow, right), cellAddress(lastRowOfCol, right)];
  const one = from === to;
  return (
    `${label}!${one ? from : `${from}:${to}`} ${one ? "holds a value" : "hold values"} far outside the data; clear ${one ? "it" : "them"} or move ${one ? "it" : "them"} ` +
    `(with ${one ? "it" : "them"} the sheet spans A1:${cellAddress(lastRow - 1, lastCol - 1)}, ${area(lastRow, lastCol)} cells for ${present.toLocaleString("en")} values)`
  );
}

function area(rows: number, cols: number): string {
  return (rows * cols).toLocaleString("en");
}

/**
 * Merged cells: only the top-left one keeps a value (as Excel's `values` gives it). A merged range is clamped to the
 * values' grid first, so the work is that of the cells the sheet holds, however large the range claims to be. Ranges
 * may not overlap (Excel refuses a file where they do): each cell of the grid is marked as its range empties it, so
 * a cell met twice is an overlap, reported by the two ranges; the work stays within one visit per cell of the grid.
 */
function unmerged(dense: Cell[][], merges: readonly string[], label: string, problems: Problems): Cell[][] {
  const height = dense.length;
  const width = height === 0 ? 0 : dense[0].length;
  const ranges: { ref: string; top: number; left: number; bottom: number; right: number }[] = [];
  let ok = true;
  for (const ref of merges) {
    const colon = ref.indexOf(":");
    const first = cellRef(colon < 0 ? ref : ref.slice(0, colon));
    const c0 = refCol;
    const r0 = refRow;
    const second = colon < 0 ? first : cellRef(ref.slice(colon + 1));
    if (first === Ref.Malformed || second === Ref.Malformed) {
      problems.add(`${label}: merged range ${shown(ref)} is not a range of cells (such as A1:B2); ${DAMAGED}`);
      ok = false;
      continue;
    }
    if (first === Ref.Outside || second === Ref.Outside) {
      problems.add(`${label}: merged range ${refShown(ref)} is outside Excel's grid (columns A to XFD, rows 1 to 1,048,576); ${DAMAGED}`);
      ok = false;
      continue;
    }
    if (colon < 0) continue; // one cell: nothing to empty
    // Either corner may come first (B2:A1 is A1:B2).
    const top = Math.min(r0, refRow);
    const left = Math.min(c0, refCol);
    const bottom = Math.min(Math.max(r0, refRow), height - 1);
    const right = Math.min(Math.max(c0, refCol), width - 1);
    if (top <= bottom && left <= right) ranges.push({ ref, top, left, bottom, right }); // else no value under it
  }
  if (!ok || ranges.length === 0) return dense;
  const met = new Uint8Array(height * width);
  for (const m of ranges) {
    for (let r = m.top; r <= m.bottom; r++) {
      const cells = dense[r];
      for (let c = m.left; c <= m.right; c++) {
        if (met[r * width + c] === 1) {
          const other = ranges.find((o) => o !== m && o.top <= r && r <= o.bottom && o.left <= c && c <= o.right)!;
          problems.add(`${label}: merged ranges ${refShown(other.ref)} and ${refShown(m.ref)} overlap (at ${cellAddress(r, c)}), which Excel does not allow; ${DAMAGED}`);
          return dense;
        }
        met[r * width + c] = 1;
        if (r !== m.top || c !== m.left) cells[c] = null;
      }
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

const RESAVE = "re-save the workbook in Excel (or type the value again)";

/** xsd:double's decimal form (XML Schema Part 2 §3.2.5.1, as §18.18.11's `n` cells hold), whitespace collapsed around it. */
const DECIMAL = /^[ \t\r\n]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\r\n]*$/;

/**
 * Whether a text that Number() read as a finite number is in xsd:double's decimal form. Number() also reads hex,
 * binary and octal ("0x10", "0b1", "0o7") and blank text (as 0); those are the texts that can pass it and fail the
 * form, and each starts with "0" and a letter, or with white space. So the common cases take one or two comparisons.
 */
function decimalForm(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if ((c0 >= 49 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46) return true; // 1-9, -, +, .
  if (c0 === 48) {
    const c1 = text.charCodeAt(1) | 32; // NaN | 32 is 32: "0" alone
    return c1 !== 120 && c1 !== 98 && c1 !== 111; // not 0x, 0b, 0o
  }
  return DECIMAL.test(text);
}

/** An ISO 8601 date or date-time, as strict SpreadsheetML writes a `d` cell (§18.18.11, xsd:dateTime). */
const ISO_DATE = /^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?([zZ]|[+-][0-9]{2}:?[0-9]{2})?$/;

/**
 * One cell's value as Excel's `values` gives it (SpreadsheetML cell types, §18.18.11). A cell with no value (no
 * `<v>`, as a formula never calculated) is empty. A value that cannot be what its type says — a shared string
 * that does not exist, a number that is not a finite decimal number, a boolean that is none, an unknown type —
 * is not guessed at: `bad` says why and null is returned.
 */
function cellValue(type: string, text: string, style: string | undefined, sheet: SheetCells): Cell {
  const ctx = sheet.ctx;
  if (text === "") return null;
  switch (type) {
    case "s": {
      // xsd:unsignedInt: digits only (Number() would take "-0", "1e1", "0x1" or " 1").
      const n = text.length;
      let i = n > 10 ? -1 : 0;
      for (let k = 0; k < n && i >= 0; k++) {
        const c = text.charCodeAt(k);
        i = c < 48 || c > 57 ? -1 : i * 10 + (c - 48);
      }
      const s = i >= 0 ? ctx.shared[i] : undefined;
      if (s === undefined) {
        const size = ctx.shared.length;
        sheet.bad = `shared string ${shown(text)} does not exist (${size === 0 ? "the workbook has no shared strings" : `the table has ${size.toLocaleString("en")} texts, 0 to ${(size - 1).toLocaleString("en")}`}); ${RESAVE}`;
        return null;
      }
      return s === "" ? null : unescapeXstring(s);
    }
    case "inlineStr":
    case "str":
      return ownString(unescapeXstring(text));
    case "b":
      if (text === "1" || text === "true") return true;
      if (text === "0" || text === "false") return false;
      sheet.bad = `the boolean ${shown(text)} is not one of 0, 1, true, false; ${RESAVE}`;
      return null;
    case "e":
      return text;
    case "d": {
      // An ISO 8601 date (strict OOXML): its wall-clock time as a serial.
      const ms = ISO_DATE.test(text) ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) : Number.NaN;
      if (Number.isNaN(ms)) {
        sheet.bad = `the date ${shown(text)} is not an ISO 8601 date; ${RESAVE}`;
        return null;
      }
      return excelSerialFromDate(new Date(ms));
    }
    case "n": {
      const n = Number(text);
      if (!Number.isFinite(n) || !decimalForm(text)) {
        sheet.bad = `the number ${shown(text)} is not a finite decimal number; ${RESAVE}`;
        return null;
      }
      return ctx.dates[Number(style ?? 0)] ? dateSerial(n, ctx.date1904) : n;
    }
    default:
      sheet.bad = `the cell type ${shown(type)} is not one SpreadsheetML defines (b, d, e, inlineStr, n, s, str); ${DAMAGED}`;
      return null;
  }
}

/**
 * A date cell's serial as Excel shows it: to the whole second, and from 1904-based serials to 1900-based ones. As
 * exceljs turns it into a Date and excelSerialFromDate back, without the Date: `new Date(ms).getTime()` is `ms`
 * (already whole) within ±8.64e15 ms and NaN beyond (ECMA-262 §21.4.1.31 TimeClip).
 */
export function dateSerial(n: number, date1904: boolean): number {
  const serial = date1904 ? n + DAYS_1904 : n;
  const ms = Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * 86_400_000);
  const time = Math.abs(ms) <= 8.64e15 ? ms : Number.NaN;
  return Math.round(time / 1000) / SECONDS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
}

/**
 * Excel's escape for characters XML cannot carry, `_xHHHH_` (ECMA-376 §22.9.2.19 ST_Xstring): Excel writes a line
 * break typed in a cell as `_x000D_` + LF, and a literal "_x0041_" as "_x005F_x0041_". Decoded here, as Excel's
 * `values` gives the text to the add-in.
 */
export function unescapeXstring(s: string): string {
  return s.includes("_x") ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
