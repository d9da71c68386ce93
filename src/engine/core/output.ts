/**
 * Host-neutral output sheets (docs/ARCHITECTURE.md): values + formats + which cells are formulas. The Excel adapter and the
 * xlsx adapter only place them, so the add-in and the CLI write the same sheets.
 */
import type { Cell } from "./cells";

export type OutputRole = "findings" | "settlement" | "kpis" | "issues" | "report" | "template";

export type RowStyle = "title" | "header" | "late" | "total" | "subtotal" | "section" | "note";

export interface OutputColumn {
  widthChars: number;
  /** Excel number format for the whole column ("yyyy-mm-dd hh:mm", "#,##0.00", "@" for text). */
  numberFormat?: string;
  /**
   * Horizontal alignment of every cell of the column, headers included: "right" over a column of amounts, so a
   * header sits over its figures (Excel aligns numbers right and text left by default).
   */
  align?: "right";
  /** Long text wraps within the column's width (the row grows) rather than being cut off or running over. */
  wrap?: boolean;
  /**
   * false: left off the printed page (a long explanation column that no A4 page holds legibly beside the rest; it
   * stays on screen). Only trailing columns: the print area is the columns from A up to the first one left off.
   */
  print?: false;
}

export interface OutputFormula {
  row: number; // zero-based
  col: number;
  /** With the leading "=", in A1 style: "=SUM(D5:D9)". The cell's value in `rows` is the engine's own figure. */
  formula: string;
}

/**
 * Print setup of a sheet meant to be printed (the dispute report, docs/CONTRACT.md, The add-in: "exports a print-ready dispute report").
 * Optional and purely descriptive: the xlsx adapter maps it to the sheet's `pageSetup` / `headerFooter` elements, the Excel
 * adapter to `worksheet.pageLayout`. A sheet without it prints with Excel's defaults.
 */
export interface OutputPageSetup {
  paperSize: "A4";
  orientation: "landscape" | "portrait";
  /** Scale so that all columns fit one page wide; as many pages tall as the rows need (Excel: fit to 1 × automatic). */
  fitToWidth: boolean;
  /** Rows printed again at the top of every page (Excel "rows to repeat at top"), zero-based, inclusive. */
  repeatRows?: { first: number; last: number };
  /**
   * Page header and footer, each with left / center / right sections in Excel's header/footer code language:
   * `&P` page number, `&N` number of pages, `&D` print date; a literal "&" is written "&&" (already escaped here).
   * .xlsx: `<oddHeader>&L{left}&C{center}&R{right}</oddHeader>`; Office.js:
   * `pageLayout.headersFooters.defaultForAllPages.leftHeader` etc.
   */
  header?: { left?: string; center?: string; right?: string };
  footer?: { left?: string; center?: string; right?: string };
  /** Columns printed, from A (the print area A:…); absent: all. See OutputColumn.print. */
  printColumns?: number;
  /** Page margins in inches (Excel's unit); adapters keep Excel's defaults when absent. */
  marginsInches?: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
}

/**
 * A number format of cells of their own: the cell at (row, col), or `rows` cells down from it in that column (a
 * column of a block of rows on demand — the dispute report's dates and amounts of a million evidence rows are three
 * entries, not three million objects). Given twice for a cell, the later entry wins.
 */
export interface CellFormat {
  row: number;
  col: number;
  numberFormat: string;
  /** How many rows from `row` down the format covers; 1 when absent. */
  rows?: number;
}

export interface OutputSheet {
  name: string;
  role: OutputRole;
  /**
   * Values. Dates are Excel serial numbers (with a date number format); text that could be read as a formula is
   * still plain text here — adapters must write text cells as text (numberFormat "@"), never as formulas.
   */
  rows: Cell[][];
  formulas: OutputFormula[];
  columns: OutputColumn[];
  /** Per-cell number formats that differ from the column's (mixed blocks such as the settlement sheet); see CellFormat. */
  cellFormats: CellFormat[];
  /**
   * Row styles as a list, in the order given (a row given twice: the last wins). Hosts read a sheet's styles
   * through eachRowStyle / rowStyleAt / rowStyleRuns, which also read rowStyleCodes.
   */
  rowStyles: { row: number; style: RowStyle }[];
  /**
   * Row styles one code per row (ROW_STYLE_CODES; 0 for none), for a sheet with a style on most of a million rows —
   * the Findings sheet's late rows: an object per styled row was tens of MB kept for the whole run, and
   * each host built a Map or a list of the same again. A byte per row, off the heap, and a structured clone copies it
   * as it is. A sheet that has it keeps `rowStyles` empty; rowStylesOf expands it to the list (for tests).
   * Measured on the Findings sheets: sheets stage 4.6 s vs 5.0 s with a `rowStyles` entry per styled row, and a
   * peak 50 MB lower (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
   */
  rowStyleCodes?: Uint8Array;
  freezeRows: number;
  /** Filterable tables (Excel tables in the add-in, autofilter in .xlsx). Rows inclusive, zero-based. */
  tables: { name: string; headerRow: number; lastRow: number; firstCol: number; lastCol: number }[];
  /**
   * Native charts the add-in draws over a block of this sheet (the CLI's .xlsx writer cannot make charts; the data
   * block is there all the same). `range` is A1 ("M1:O9"): first row the series names, first column the categories.
   */
  charts?: OutputChart[];
  /** Optional print setup (A4 landscape, fit to width, repeated rows, header/footer); see OutputPageSetup. */
  pageSetup?: OutputPageSetup;
  /** Present on sheets built on demand (see RowSource); hosts read rows through rowCountOf / rowBlockOf. */
  lazyRows?: RowSource;
  /**
   * Present on a sheet whose rows stayed behind in another thread (the engine's Web Worker, see leaveRowsBehind):
   * how many there are, and — once the receiver attaches it — how to fetch a block of them.
   */
  remoteRows?: RemoteRows;
}

/** Rows held by another thread: their count, and a fetch of rows [from, to) (attached by the receiving side). */
export interface RemoteRows {
  count: number;
  fetch?: (from: number, to: number) => Promise<Cell[][]>;
}

/** Row style by code, for OutputSheet.rowStyleCodes: code 0 is no style. Append only: codes must keep their meaning. */
export const ROW_STYLE_CODES: readonly (RowStyle | undefined)[] = [undefined, "title", "header", "late", "total", "subtotal", "section", "note"];

/** What the row style readers below need of a sheet: its list and its codes. */
export interface StyledRows {
  readonly rowStyles: readonly { row: number; style: RowStyle }[];
  readonly rowStyleCodes?: Uint8Array;
}

/** The code of a row style in OutputSheet.rowStyleCodes. */
export function rowStyleCode(style: RowStyle): number {
  const code = ROW_STYLE_CODES.indexOf(style);
  if (code < 1) throw new Error(`no code for row style ${style}`);
  return code;
}

/**
 * Visits every row style of a sheet without building an object per row: the `rowStyles` list in its
 * order, then the rows of `rowStyleCodes` that have a style, top to bottom.
 */
export function eachRowStyle(sheet: StyledRows, visit: (row: number, style: RowStyle) => void): void {
  for (const s of sheet.rowStyles) visit(s.row, s.style);
  const codes = sheet.rowStyleCodes;
  if (!codes) return;
  for (let r = 0; r < codes.length; r++) {
    const code = codes[r];
    if (code !== 0) visit(r, ROW_STYLE_CODES[code]!);
  }
}

/**
 * The styles a sheet's rows use, each once, in the order eachRowStyle first meets them; without a visit per styled row
 * (a million late findings): the codes are looked through for the few there are.
 */
export function rowStylesUsed(sheet: StyledRows): RowStyle[] {
  const used: RowStyle[] = [];
  for (const s of sheet.rowStyles) if (!used.includes(s.style)) used.push(s.style);
  const codes = sheet.rowStyleCodes;
  if (!codes) return used;
  const seen = new Uint8Array(ROW_STYLE_CODES.length);
  let left = ROW_STYLE_CODES.length - 1;
  for (let r = 0; r < codes.length && left > 0; r++) {
    const code = codes[r];
    if (code === 0 || seen[code] === 1) continue;
    seen[code] = 1;
    left--;
    const style = ROW_STYLE_CODES[code]!;
    if (!used.includes(style)) used.push(style);
  }
  return used;
}

/** One past the last row that has a style (0 when none), found without a visit per styled row. */
export function rowStylesEnd(sheet: StyledRows): number {
  let end = 0;
  for (const s of sheet.rowStyles) if (s.row + 1 > end) end = s.row + 1;
  const codes = sheet.rowStyleCodes;
  if (codes) {
    let r = codes.length - 1;
    while (r >= end && codes[r] === 0) r--;
    if (r + 1 > end) end = r + 1;
  }
  return end;
}

/** A sheet's row styles as the plain { row, style } list eachRowStyle walks — for tests and small reads. */
export function rowStylesOf(sheet: StyledRows): { row: number; style: RowStyle }[] {
  const list: { row: number; style: RowStyle }[] = [];
  eachRowStyle(sheet, (row, style) => list.push({ row, style }));
  return list;
}

/**
 * The style of a row by its number (the last given wins, as in eachRowStyle's order), for a host that writes row
 * after row: the `rowStyles` list goes in a Map, the codes are read where they are — no Map of a million rows.
 */
export function rowStyleAt(sheet: StyledRows): (row: number) => RowStyle | undefined {
  const listed = new Map<number, RowStyle>();
  for (const s of sheet.rowStyles) listed.set(s.row, s.style);
  const codes = sheet.rowStyleCodes;
  if (!codes) return (row) => listed.get(row);
  return (row) => {
    const code = row < codes.length ? codes[row] : 0;
    return code !== 0 ? ROW_STYLE_CODES[code] : listed.get(row);
  };
}

/**
 * rowStyleAt for a host that writes rows top to bottom and asks each row once, in increasing order: a list in row
 * order (as the engine makes it) is walked in step with the rows, with no Map of it. (The dispute reports of
 * 1,048,575 tickets list a style for about a million rows.) A list in any other order: rowStyleAt.
 */
export function rowStylesInOrder(sheet: StyledRows): (row: number) => RowStyle | undefined {
  const list = sheet.rowStyles;
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i].row >= list[i - 1].row;
  if (!inOrder) return rowStyleAt(sheet);
  const codes = sheet.rowStyleCodes;
  let next = 0;
  return (row) => {
    while (next < list.length && list[next].row < row) next++;
    let listed: RowStyle | undefined;
    // The last given for a row wins.
    for (; next < list.length && list[next].row === row; next++) listed = list[next].style;
    const code = codes !== undefined && row < codes.length ? codes[row] : 0;
    return code !== 0 ? ROW_STYLE_CODES[code] : listed;
  };
}

/**
 * Row styles in runs of neighbouring rows of one style, in eachRowStyle's order: a row joins the run before it
 * when it is that run's next row and has its style. One run at a time, so a host holds no list of them.
 */
export function* rowStyleRuns(sheet: StyledRows): Generator<{ row: number; count: number; style: RowStyle }> {
  let run: { row: number; count: number; style: RowStyle } | null = null;
  for (const s of sheet.rowStyles) {
    if (run && run.style === s.style && run.row + run.count === s.row) run.count += 1;
    else {
      if (run) yield run;
      run = { row: s.row, count: 1, style: s.style };
    }
  }
  const codes = sheet.rowStyleCodes;
  if (codes) {
    for (let r = 0; r < codes.length; r++) {
      const code = codes[r];
      if (code === 0) continue;
      const style = ROW_STYLE_CODES[code]!;
      if (run && run.style === style && run.row + run.count === r) run.count += 1;
      else {
        if (run) yield run;
        run = { row: r, count: 1, style };
      }
    }
  }
  if (run) yield run;
}

/**
 * How the tool knows which sheets it created (docs/CONTRACT.md, Principles: "Nothing is lost"): a very-hidden sheet named
 * MARKER_SHEET whose column A lists, from A2 down, the names of the output sheets the tool created.
 * Both hosts (Office.js and the .xlsx writer) keep it; only sheets listed there may ever be replaced.
 */
export const MARKER_SHEET = "_SLALedger";
export const MARKER_TITLE = "SLA Ledger output sheets (do not edit)";

export interface PlannedSheet {
  /** The name the engine asked for ("Settlement 2026-10"). */
  wanted: string;
  /** The name to write under: the same, or "Settlement 2026-10 (2)" beside a user's own sheet of that name. */
  name: string;
  /** True when a sheet of that name exists and the tool created it: replace it. */
  replace: boolean;
}

/**
 * Decides where each output sheet goes without touching user data: a sheet the tool created is replaced; a user's
 * sheet of the same name is left alone and the output is written beside it as "Name (2)", "Name (3)", …
 * Names compare case-insensitively, as Excel does.
 */
export function planOutputSheets(
  wantedNames: readonly string[],
  existingNames: readonly string[],
  createdByTool: readonly string[],
): PlannedSheet[] {
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const ours = new Set(createdByTool.map((n) => n.toLowerCase()));
  const plans: PlannedSheet[] = [];
  // Names this run writes: a second sheet asking for one of them goes beside it, even where the tool made the first.
  const planned = new Set<string>();
  for (const wanted of wantedNames) {
    // The last guard of both hosts: whatever the engine asked for, the name written is one Excel opens.
    const safe = excelSheetName(wanted);
    const key = safe.toLowerCase();
    if (!planned.has(key) && (!taken.has(key) || ours.has(key))) {
      plans.push({ wanted, name: safe, replace: taken.has(key) });
      taken.add(key);
      planned.add(key);
      continue;
    }
    let n = 2;
    // Excel sheet names are at most 31 characters: shorten the base (on a character's boundary), keep the suffix.
    for (;;) {
      const suffix = ` (${n})`;
      const name = cutToUnits(safe, SHEET_NAME_MAX - suffix.length).trimEnd() + suffix;
      const k = name.toLowerCase();
      if (!taken.has(k)) {
        plans.push({ wanted, name, replace: false });
        taken.add(k);
        planned.add(k);
        break;
      }
      if (ours.has(k) && !planned.has(k)) {
        plans.push({ wanted, name, replace: true });
        planned.add(k);
        break;
      }
      n += 1;
    }
  }
  return plans;
}

/**
 * Excel's rules for a sheet name (ECMA-376 Part 1 §18.2.19 `sheet@name`, and what Excel itself refuses to open):
 * 1 to 31 characters as Excel counts them — UTF-16 code units, so an emoji counts two — none of : \ / ? * [ ],
 * not beginning or ending with an apostrophe, not "History" (Excel keeps that name for its change history), unique
 * case-insensitively in the workbook (planOutputSheets sees to that).
 */
export const SHEET_NAME_MAX = 31;
const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]]/g;
/** C0 and C1 control characters and DEL: no sheet name or file name carries them. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
/** A surrogate without its other half: not a character at all, and an .xlsx holding one does not open. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` cut to at most `max` UTF-16 code units, only ever between two characters as a reader sees them (grapheme
 * clusters, Unicode UAX #29: an emoji, a flag, a letter with its accents stay whole or go whole).
 */
export function cutToUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  // Only the text around the cut is segmented (a 46,609-character cell is not walked grapheme by grapheme): the
  // boundaries found well after the window's start are the text's own.
  const from = Math.max(0, max - CUT_WINDOW);
  let at = from;
  for (const { segment } of graphemes(text.slice(from, Math.min(text.length, max + CUT_WINDOW)))) {
    if (at + segment.length > max) break;
    at += segment.length;
  }
  // Never half a surrogate pair, should a grapheme outrun the window.
  if (at > 0 && /[\ud800-\udbff]/.test(text[at - 1])) at--;
  return text.slice(0, at);
}
/** Code units looked at on either side of a cut: more than any grapheme a name or a cell text has in practice. */
const CUT_WINDOW = 256;

function graphemes(text: string): Iterable<{ segment: string }> {
  // Intl.Segmenter is in every host the tool runs in (Node 20, the Office webviews); code points where it is not.
  const Segmenter = (Intl as unknown as { Segmenter?: new (l?: string, o?: { granularity: "grapheme" }) => { segment(t: string): Iterable<{ segment: string }> } }).Segmenter;
  if (Segmenter) return new Segmenter(undefined, { granularity: "grapheme" }).segment(text);
  return Array.from(text, (segment) => ({ segment }));
}

/**
 * Text made fit to be a sheet name, or part of one: control characters, lone surrogates and the characters Excel
 * forbids become spaces, runs of spaces one, and the ends are trimmed of spaces and apostrophes. Not cut.
 */
export function sheetNameText(text: string): string {
  return text
    .replace(LONE_SURROGATE, "")
    .replace(CONTROL_CHARS, " ")
    .replace(SHEET_NAME_FORBIDDEN, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s']+|[\s']+$/g, "");
}

/** A sheet name Excel opens, from any text (sheetNameText, cut to 31 code units, "Sheet" when nothing is left). */
export function excelSheetName(text: string): string {
  const cleaned = sheetNameText(text);
  let name = sheetNameText(cutToUnits(cleaned, SHEET_NAME_MAX)) || "Sheet";
  if (name.toLowerCase() === "history") name = `${name} (2)`;
  return name;
}

/**
 * FNV-1a (32-bit) over UTF-16 code units, as hex: a short, stable tag that tells two names apart where they are cut
 * short or made alike (report sheet names, report file names).
 */
export function shortHash(text: string, hexDigits = 4): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0").slice(0, hexDigits);
}

/** Excel's limit on the text of one cell (characters as UTF-16 code units; "Excel specifications and limits"). */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/**
 * A cell's text within Excel's limit: a longer one is cut (on a character's boundary) and says so at its end,
 * with how much was left off. Excel refuses to open an .xlsx whose cell holds more, and Office.js refuses to write it.
 */
export function fitCellText(text: string): string {
  if (text.length <= EXCEL_MAX_CELL_CHARS) return text;
  // The marker's length depends on the count it states: room for the longest count a string can have.
  const roomFor = (n: number) => EXCEL_MAX_CELL_CHARS - cutMarker(n).length;
  const kept = cutToUnits(text, roomFor(text.length));
  return kept + cutMarker(text.length - kept.length);
}

function cutMarker(more: number): string {
  return ` … [cut: ${more.toLocaleString("en-US")} more characters; an Excel cell holds at most 32,767]`;
}

/** A block of rows with every text within Excel's cell limit (fitCellText): a row with a longer text is copied. */
export function fitRowTexts(rows: Cell[][]): Cell[][] {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === "string" && v.length > EXCEL_MAX_CELL_CHARS) {
        rows[r] = row.map((x) => (typeof x === "string" ? fitCellText(x) : x));
        break;
      }
    }
  }
  return rows;
}

export interface OutputChart {
  title: string;
  kind: "columnClustered" | "line";
  range: string;
}

/**
 * Rows of a sheet too large to hold whole — the Findings sheet of a million tickets — built on demand, a block at
 * a time. Hosts write in blocks anyway (Office.js row blocks, the .xlsx writer), so no host ever holds
 * more than one block of such a sheet.
 */
export interface RowSource {
  count: number;
  block(from: number, to: number): Cell[][];
}

/**
 * One output row, as an array V8 will not start allocating in its old generation. Arrays from an array
 * literal could be: V8 watches each literal site and, once most of its arrays outlive a young-generation
 * collection — as the rows of a 10,000-row block being built do — allocates that site's arrays straight in the old
 * generation, where every block a host has written and dropped then piles up until a full collection: over a
 * gigabyte, and seconds, for a month of a million tickets. A rest parameter's array is not tracked so.
 * Measured against array literals at 1,048,575 tickets (2026-12-06): with the engine as it is, the sheets stage took
 * 15.7-29.1 s of CPU instead of 5-8 s, with a peak of 2.6-3.6 GB instead of 2.0 GB, in 9 of 11 runs with literals
 * (in the other two, and in 4 of 4 runs with cellsOf, it took 5.0-7.1 s); on the engine before this round's other
 * plain changes, 1 run of 7 (1.7×, 0.65 GB more).
 */
export function cellsOf(...cells: Cell[]): Cell[] {
  return cells;
}

/** Excel's sheet holds 1,048,576 rows. */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * Lines split into sheets of at most `maxRowsPerSheet` rows, each sheet a header, its lines and a total row; always
 * at least one (possibly empty) part. Part 1 keeps the sheet's own name, the next are "… part 2", "… part 3".
 */
export function splitIntoParts<T>(lines: readonly T[], maxRowsPerSheet: number): T[][] {
  const perSheet = Math.max(1, maxRowsPerSheet - 2);
  const parts: T[][] = [];
  for (let from = 0; from < lines.length || parts.length === 0; from += perSheet) parts.push(lines.slice(from, from + perSheet));
  return parts;
}

/** `Findings 2026-10`, `Findings 2026-10 part 2`, … */
export const partName = (name: string, part: number): string => (part === 1 ? name : `${name} part ${part}`);

/**
 * The rows of a table sheet built on demand: the header, one row per line, then the total row. Every read gets
 * rows of its own (copies of the header and total), so a host may change what it is given.
 */
export function tableRows<T>(header: readonly Cell[], lines: readonly T[], row: (line: T) => Cell[], total: readonly Cell[]): RowSource {
  const totalRow = lines.length + 1;
  return {
    count: totalRow + 1,
    block(from, to) {
      const rows: Cell[][] = [];
      const end = Math.min(to, totalRow + 1);
      let r = Math.max(0, from);
      if (r === 0 && r < end) {
        rows.push([...header]);
        r = 1;
      }
      // The lines in one plain loop: a million-line sheet reads through here.
      for (const last = Math.min(end, totalRow); r < last; r++) rows.push(row(lines[r - 1]));
      if (r === totalRow && r < end) rows.push([...total]);
      return rows;
    },
  };
}

/** A sheet whose rows come from a RowSource. `rows` still works (it builds every row), for tests and small reads. */
export function lazyRowsSheet(sheet: Omit<OutputSheet, "rows" | "lazyRows">, source: RowSource): OutputSheet {
  const out = { ...sheet, lazyRows: source } as OutputSheet;
  Object.defineProperty(out, "rows", { enumerable: true, get: () => source.block(0, source.count) });
  return out;
}

/** How many rows a sheet has, without building them. */
export function rowCountOf(sheet: OutputSheet): number {
  return sheet.lazyRows ? sheet.lazyRows.count : sheet.remoteRows ? sheet.remoteRows.count : sheet.rows.length;
}

/** Rows [from, to) of a sheet; built on demand for a lazy sheet. A sheet whose rows are elsewhere: fetchRowBlock. */
export function rowBlockOf(sheet: OutputSheet, from: number, to: number): Cell[][] {
  // Every host reads rows through here (or fetchRowBlock): no cell text reaches Excel over its limit.
  return fitRowTexts(rawRowBlockOf(sheet, from, to));
}

/**
 * Rows [from, to) as rowBlockOf gives them but with texts as they are, over Excel's cell limit or not: for a host that
 * fits each text itself as it writes it (the .xlsx writer, which looks at every text anyway), so its rows are not
 * walked once more for that.
 */
export function rawRowBlockOf(sheet: OutputSheet, from: number, to: number): Cell[][] {
  if (sheet.remoteRows) throw new Error(`the rows of ${sheet.name} are held by another thread: read them with fetchRowBlock`);
  return sheet.lazyRows ? sheet.lazyRows.block(from, to) : sheet.rows.slice(from, to);
}

/** Rows [from, to) of any sheet: fetched from the thread that holds them, or at hand (rowBlockOf). */
export async function fetchRowBlock(sheet: OutputSheet, from: number, to: number): Promise<Cell[][]> {
  const remote = sheet.remoteRows;
  if (!remote) return rowBlockOf(sheet, from, to);
  if (!remote.fetch) throw new Error(`the rows of ${sheet.name} are held by another thread, and no fetch is attached`);
  return fitRowTexts(await remote.fetch(from, Math.min(to, remote.count)));
}

/** Widest row (a loop: spreading 300,000 row lengths into Math.max overflows the stack). A lazy sheet's rows are
 * as wide as its columns. */
export function sheetWidthOf(sheet: OutputSheet): number {
  let width = Math.max(1, sheet.columns.length);
  if (sheet.lazyRows || sheet.remoteRows) return width;
  for (const r of sheet.rows) if (r.length > width) width = r.length;
  return width;
}

/**
 * A lazy sheet as it crosses to another thread by structured clone (the engine's Web Worker to the pane): its rows
 * stay behind, counted, and the receiver fetches them a block at a time (fetchRowBlock). Sending them built would
 * hold a month's millions of rows twice over, once per thread. Other sheets cross as they are.
 */
export function leaveRowsBehind(sheet: OutputSheet): OutputSheet {
  if (!sheet.lazyRows) return sheet;
  const plain: Record<string, unknown> = {};
  // Key by key: reading `rows` would build every row.
  for (const key of Object.keys(sheet)) if (key !== "rows" && key !== "lazyRows") plain[key] = (sheet as unknown as Record<string, unknown>)[key];
  return { ...(plain as unknown as OutputSheet), rows: [], remoteRows: { count: sheet.lazyRows.count } };
}

/**
 * Sheets an earlier run created for the same month that this run no longer writes: `Findings YYYY-MM part 3` or
 * `Fees YYYY-MM` from a larger month, or from a run over every provider before a run over one. Left in place they
 * would sit beside the new sheets with stale figures, so hosts delete them (only ever sheets the tool created —
 * docs/CONTRACT.md, Principles, "Nothing is lost" — and only of a month this run writes).
 */
export function supersededOutputSheets(createdByTool: readonly string[], wanted: readonly string[]): string[] {
  const months = new Set<string>();
  for (const n of wanted) {
    const m = /^Findings (\d{4}-\d{2})$/.exec(n);
    if (m) months.add(m[1]);
  }
  const keep = new Set(wanted.map((n) => n.toLowerCase()));
  // Data Issues is the run's, whatever its month: a part an earlier, larger run needed goes when this run writes the sheet.
  const issues = keep.has("data issues");
  return createdByTool.filter((n) => {
    if (keep.has(n.toLowerCase())) return false;
    if (issues && /^Data Issues part \d+$/.test(n)) return true;
    const m = /^(?:Findings (\d{4}-\d{2}) part \d+|Fees (\d{4}-\d{2})(?: part \d+)?)$/.exec(n);
    const month = m ? m[1] ?? m[2] : undefined;
    return month !== undefined && months.has(month);
  });
}

/** A run's sheets with `more` (the report sheets) placed before its Data Issues sheets, which stay last. */
export function beforeIssues(sheets: readonly OutputSheet[], more: readonly OutputSheet[]): OutputSheet[] {
  const at = sheets.findIndex((s) => s.role === "issues");
  return at < 0 ? [...sheets, ...more] : [...sheets.slice(0, at), ...more, ...sheets.slice(at)];
}

/**
 * The number formats of a sheet's cells of their own (OutputSheet.cellFormats), one row at a time, rows asked for in
 * increasing order: a row's formats by column, the later entry for a cell winning; undefined for a row without any.
 * A list in row order, as the engine makes it, is walked in step with the rows into one array used again row after
 * row, holding only the entries that cover the row asked for; any other order is put in a Map of each row's array
 * first. (A Map of a Map per row was 100,000 Maps for the two dispute reports of 100,000 tickets.)
 */
export function cellFormatsInOrder(list: readonly CellFormat[]): (row: number) => readonly (string | undefined)[] | undefined {
  if (list.length === 0) return () => undefined;
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i].row >= list[i - 1].row;
  if (!inOrder) {
    const byRow = new Map<number, (string | undefined)[]>();
    for (const f of list) {
      for (let r = f.row; r < f.row + (f.rows ?? 1); r++) {
        let formats = byRow.get(r);
        if (!formats) byRow.set(r, (formats = []));
        formats[f.col] = f.numberFormat;
      }
    }
    return (row) => byRow.get(row);
  }
  const current: (string | undefined)[] = [];
  const set: number[] = [];
  // The entries begun at or above the row last asked for whose rows may reach further down, in list order (so the
  // later entry for a cell is laid last).
  const open: CellFormat[] = [];
  let next = 0;
  return (row) => {
    for (const c of set) current[c] = undefined;
    set.length = 0;
    while (next < list.length && list[next].row <= row) open.push(list[next++]);
    let kept = 0;
    for (const f of open) {
      if (f.row + (f.rows ?? 1) <= row) continue; // ended above
      open[kept++] = f;
      current[f.col] = f.numberFormat;
      set.push(f.col);
    }
    open.length = kept;
    return kept === 0 ? undefined : current;
  };
}
