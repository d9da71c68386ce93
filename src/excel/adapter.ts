/**
 * The Office.js adapter: the only code that touches Excel.*. It reads the input sheets into host-neutral cell
 * arrays and places the engine's output sheets — never touching a sheet the tool did not create.
 *
 * Reading: per sheet, the used range ignoring formatting-only cells, where it is (it need not start at A1), then
 * `values` in row blocks, halving and retrying when Excel says a read is too large; an input Table's Total Row is
 * read as empty. Writing: per output sheet (a rerun clears the tool's own sheet in place), text number formats
 * and values in requests planned by their UTF-8 size, then formulas, widths, styles and frozen rows through a
 * queue that splits a refused request, then charts and tables, then page setup in a request of its own. Every
 * batch waits while the user edits a cell; calculation is suspended while writing; a yield between blocks keeps
 * Excel responsive; cancel takes effect between blocks. 1904 workbooks: see dateSystem.ts. Errors: errors.ts.
 */
import type { Cell, WorkbookData } from "../engine/core/cells";
import { cellAddress } from "../engine/core/cells";
import {
  cellFormatsInOrder, fetchRowBlock, MARKER_SHEET, MARKER_TITLE, planOutputSheets, rowCountOf, rowStyleRuns, sheetWidthOf, supersededOutputSheets, type OutputSheet,
  type PlannedSheet,
} from "../engine/core/output";
import type { HeaderMappings } from "../engine/sheet";
import { toHostError } from "./errors";
import { askDateSystem, DAYS_1904, isDateFormat } from "./dateSystem";
import { ACTION_BYTES, isTooBig, READ_CELL_BUDGET, REQUEST_BUDGET, rowJsonBytes, utf8Bytes } from "./payload";

/** Excel.run with its options: the adapter always passes RUN_OPTIONS. */
export type ExcelRun = <T>(options: Excel.RunOptions, batch: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T>;

/**
 * Every batch waits while the user is typing in a cell instead of failing with InvalidOperationInCellEditMode
 * (Excel.RunOptions.delayForCellEdit, ExcelApi 1.11): the pane yields between blocks precisely so the user can
 * keep working during a long run.
 */
export const RUN_OPTIONS: Excel.RunOptions = { delayForCellEdit: true };

export interface AdapterProgress {
  stage: "reading" | "writing";
  done: number;
  total: number;
  sheet?: string;
}

export interface AdapterOptions {
  onProgress?: (p: AdapterProgress) => void;
  signal?: AbortSignal;
  /** First block size in rows (tests use small blocks). */
  blockRows?: number;
  /**
   * Record the sheets in the marker as the tool's own (default). Template sheets are not: once created they are the
   * user's input, read like any other and never replaced.
   */
  markAsOutput?: boolean;
  /** Told of what was left out without harm to the figures (a print setting Excel refused). */
  onNotice?: (n: WriteNotice) => void;
}

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

const FIRST_BLOCK_ROWS = 10000;
/**
 * No recalculation while the tool writes (Application.suspendApiCalculationUntilNextSync, ExcelApi 1.6): a user's
 * workbook full of formulas would otherwise recalculate after every block. Queued in every request that writes.
 */
const suspendCalculation = (ctx: Excel.RequestContext) => ctx.application.suspendApiCalculationUntilNextSync();
const codeOf = (e: unknown): string => (typeof e === "object" && e !== null ? String((e as { code?: unknown }).code ?? "") : "");
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const checkCancel = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new CancelledError();
};

/** Names of the sheets the tool created, from the very-hidden marker sheet. */
async function readMarker(ctx: Excel.RequestContext): Promise<string[]> {
  const marker = ctx.workbook.worksheets.getItemOrNullObject(MARKER_SHEET);
  marker.load("isNullObject");
  await ctx.sync();
  if (marker.isNullObject) return [];
  const used = marker.getUsedRangeOrNullObject(true);
  used.load("values,isNullObject");
  await ctx.sync();
  if (used.isNullObject) return [];
  return (used.values as Cell[][]).slice(1).map((r) => String(r[0] ?? "")).filter(Boolean);
}

/** Where a sheet's used range sits: Excel's used range need not start at A1 (Worksheet.getUsedRange). */
interface UsedArea {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

/**
 * The total rows of a sheet's Excel Tables (showTotals): a Total Row holds sums and labels, never a ticket, so its
 * cells are read as empty.
 */
async function tableTotalRows(ctx: Excel.RequestContext, names: readonly string[]): Promise<Map<string, UsedArea[]>> {
  const collections = names.map((n) => {
    const tables = ctx.workbook.worksheets.getItem(n).tables;
    tables.load("items/name,items/showTotals");
    return tables;
  });
  await ctx.sync();
  const totals = new Map<string, Excel.Range[]>();
  collections.forEach((tables, i) => {
    for (const t of tables.items) {
      if (!t.showTotals) continue;
      const r = t.getTotalRowRange();
      r.load("rowIndex,columnIndex,rowCount,columnCount");
      totals.set(names[i], [...(totals.get(names[i]) ?? []), r]);
    }
  });
  if (totals.size === 0) return new Map();
  await ctx.sync();
  return new Map([...totals].map(([n, rs]) => [n, rs.map((r) => ({ rowIndex: r.rowIndex, columnIndex: r.columnIndex, rowCount: r.rowCount, columnCount: r.columnCount }))]));
}

export async function readInputSheets(run: ExcelRun, opts: AdapterOptions = {}): Promise<WorkbookData> {
  try {
    return await run(RUN_OPTIONS, (ctx) => readAll(ctx, opts));
  } catch (e) {
    throw toHostError(e, "reading");
  }
}

async function readAll(ctx: Excel.RequestContext, opts: AdapterOptions): Promise<WorkbookData> {
  {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name");
    const dateSystem = askDateSystem(ctx);
    await ctx.sync();
    // A 1904 book: each read also brings the number formats, to move its date serials to the 1900 system.
    const date1904 = dateSystem.is1904();
    const names = sheets.items.map((s) => s.name);
    const ours = new Set((await readMarker(ctx)).map((n) => n.toLowerCase()));
    ours.add(MARKER_SHEET.toLowerCase());
    const wanted = names.filter((n) => !ours.has(n.toLowerCase()));
    const used = wanted.map((n) => {
      const r = ctx.workbook.worksheets.getItem(n).getUsedRangeOrNullObject(true);
      r.load("rowIndex,columnIndex,rowCount,columnCount,isNullObject");
      return r;
    });
    await ctx.sync(); // one round trip for every sheet's size
    const totalRows = await tableTotalRows(ctx, wanted);
    const total = used.reduce((s, r) => s + (r.isNullObject ? 0 : r.rowCount), 0);
    let done = 0;
    const out: WorkbookData = { sheets: [] };
    for (let i = 0; i < wanted.length; i++) {
      const size = used[i];
      // The engine's rows are in A1 terms (row 0 is row 1, column 0 is A): a used range that starts at B3 is read
      // with two empty rows above and one empty cell before each row, so every issue names the cell it is in.
      const rows: Cell[][] = [];
      if (!size.isNullObject) {
        const { rowIndex, columnIndex, rowCount, columnCount } = size;
        for (let k = 0; k < rowIndex; k++) rows.push([]);
        const ws = ctx.workbook.worksheets.getItem(wanted[i]);
        // Rows per read: at most READ_CELL_BUDGET cells, so a wide sheet is read in smaller blocks from the start.
        const cellBudget = date1904 ? READ_CELL_BUDGET / 2 : READ_CELL_BUDGET;
        let block = Math.max(1, Math.min(opts.blockRows ?? FIRST_BLOCK_ROWS, Math.floor(cellBudget / Math.max(1, columnCount))));
        let r = 0;
        while (r < rowCount) {
          checkCancel(opts.signal);
          const n = Math.min(block, rowCount - r);
          const range = ws.getRangeByIndexes(rowIndex + r, columnIndex, n, columnCount);
          range.load(date1904 ? "values,numberFormat" : "values");
          let tooBig = false;
          try {
            await ctx.sync();
            // Over Excel's cell limit a read may answer values === null instead of failing.
            tooBig = range.values === null;
          } catch (e) {
            if (!isTooBig(e, n * columnCount > READ_CELL_BUDGET / 4)) throw e;
            tooBig = true;
          }
          if (tooBig) {
            if (n === 1) throw new Error(`Excel would not return row ${rowIndex + r + 1} of ${wanted[i]}`);
            block = Math.max(1, n >> 1); // halve and retry (5 MB per response, 5,000,000 cells per read)
            continue;
          }
          const formats = date1904 ? (range.numberFormat as string[][]) : null;
          (range.values as Cell[][]).forEach((line, k) => {
            const row: Cell[] = new Array(columnIndex).fill(null);
            line.forEach((v, c) => row.push(v === "" ? null : formats && typeof v === "number" && isDateFormat(formats[k][c]) ? v + DAYS_1904 : v));
            rows.push(row);
          });
          r += n;
          done += n;
          opts.onProgress?.({ stage: "reading", done, total, sheet: wanted[i] });
          await yieldToUi();
        }
        for (const t of totalRows.get(wanted[i]) ?? []) {
          for (let tr = t.rowIndex; tr < t.rowIndex + t.rowCount; tr++) {
            const row = rows[tr];
            if (row) for (let c = t.columnIndex; c < t.columnIndex + t.columnCount; c++) if (c < row.length) row[c] = null;
          }
        }
      }
      out.sheets.push({ name: wanted[i], rows });
    }
    return out;
  }
}

const STYLE_FILL: Record<string, string> = { header: "#DCE6F2", late: "#FDE7E9", total: "#E8F3E8", subtotal: "#F3F3F3", title: "#FFFFFF", section: "#EAF1FB", note: "#FFFFFF" };
const BOLD = new Set(["header", "total", "subtotal", "title", "section"]);

/** Number formats of a block: text ("@") wherever the value is text, the column's (or cell's) format elsewhere. */
function formatsFor(sheet: OutputSheet, cellFormatsAt: (row: number) => readonly (string | undefined)[] | undefined, rows: readonly Cell[][], from: number, width: number): string[][] {
  return rows.map((line, i) => {
    const own = cellFormatsAt(from + i);
    const out: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = line[c] ?? null;
      const f = own?.[c] ?? sheet.columns[c]?.numberFormat ?? "General";
      out.push(typeof v === "string" ? "@" : f === "@" ? "General" : f);
    }
    return out;
  });
}

/** Values of a block; numbers shown as dates moved by `dateShift` days (a 1904 book). */
function valuesFor(rows: readonly Cell[][], width: number, formats: readonly string[][], dateShift: number): (string | number | boolean)[][] {
  return rows.map((line, i) => {
    const out: (string | number | boolean)[] = [];
    for (let c = 0; c < width; c++) {
      const v = line[c] ?? null;
      if (v === null || (typeof v === "number" && !Number.isFinite(v))) out.push("");
      else if (dateShift !== 0 && typeof v === "number" && isDateFormat(formats[i][c])) out.push(v + dateShift);
      else out.push(v);
    }
    return out;
  });
}

/**
 * Actions (formulas, widths, styles) queued and sent in requests of about REQUEST_BUDGET bytes; a request Excel
 * refuses for its size is sent again in two halves. A million-row Findings sheet has hundreds of thousands of late
 * rows: one request holding them all would pass the 5 MB limit, and a refused one must not end the run.
 */
class ActionQueue {
  private pending: { cost: number; queue: () => void }[] = [];
  private bytes = 0;
  constructor(private readonly ctx: Excel.RequestContext, private readonly signal?: AbortSignal) {}
  async add(cost: number, queue: () => void): Promise<void> {
    if (this.pending.length > 0 && this.bytes + cost > REQUEST_BUDGET) await this.flush();
    this.pending.push({ cost, queue });
    this.bytes += cost;
  }
  async flush(): Promise<void> {
    const list = this.pending;
    this.pending = [];
    this.bytes = 0;
    if (list.length === 0) return;
    checkCancel(this.signal);
    await this.send(list);
    await yieldToUi();
  }
  private async send(list: { cost: number; queue: () => void }[]): Promise<void> {
    suspendCalculation(this.ctx);
    for (const a of list) a.queue();
    try {
      await this.ctx.sync();
    } catch (e) {
      if (list.length > 1 && isTooBig(e, true)) {
        const half = list.length >> 1;
        await this.send(list.slice(0, half));
        await this.send(list.slice(half));
        return;
      }
      throw e;
    }
  }
}

/** Something the run could not do that leaves the figures whole (a print setting Excel refused). */
export interface WriteNotice {
  sheet: string;
  what: string;
  code: string;
}

/** Codes that mean the workbook refuses all changes, not one property: these end the run. */
const FATAL_CODES = new Set(["AccessDenied", "InvalidOperationInCellEditMode", "ItemNotFound"]);

/**
 * Page setup in a request of its own, after the data: if Excel refuses one property (a print setting it does not
 * take on this platform), each is tried alone so only that one is missing, and the run goes on with a notice.
 */
async function writePageSetup(ctx: Excel.RequestContext, ws: Excel.Worksheet, sheetName: string, ps: NonNullable<OutputSheet["pageSetup"]>, notice: (n: WriteNotice) => void): Promise<void> {
  const settings: { what: string; apply: (layout: Excel.PageLayout) => void; fallback?: (layout: Excel.PageLayout) => void }[] = [
    { what: "paperSize", apply: (l) => (l.paperSize = "A4" as Excel.PaperType) },
    { what: "orientation", apply: (l) => (l.orientation = (ps.orientation === "landscape" ? "Landscape" : "Portrait") as Excel.PageOrientation) },
  ];
  // Fit to one page wide, as many tall as needed; if a host refuses 0 for "automatic", one page wide alone.
  if (ps.fitToWidth) settings.push({ what: "zoom", apply: (l) => (l.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 }), fallback: (l) => (l.zoom = { horizontalFitToPages: 1 }) });
  // The columns that print (the Findings' long explanations stay on screen only).
  if (ps.printColumns) {
    const area = `A:${cellAddress(0, ps.printColumns - 1).replace(/\d+$/, "")}`;
    settings.push({ what: "printArea", apply: (l) => l.setPrintArea(area) });
  }
  if (ps.repeatRows) {
    const rows = `$${ps.repeatRows.first + 1}:$${ps.repeatRows.last + 1}`;
    settings.push({ what: "printTitleRows", apply: (l) => l.setPrintTitleRows(rows) });
  }
  const sections: [string, string | undefined][] = [];
  if (ps.header) sections.push(["leftHeader", ps.header.left], ["centerHeader", ps.header.center], ["rightHeader", ps.header.right]);
  if (ps.footer) sections.push(["leftFooter", ps.footer.left], ["centerFooter", ps.footer.center], ["rightFooter", ps.footer.right]);
  for (const [what, text] of sections) {
    settings.push({ what, apply: (l) => ((l.headersFooters.defaultForAllPages as unknown as Record<string, string>)[what] = text ?? "") });
  }
  for (const s of settings) s.apply(ws.pageLayout);
  try {
    await ctx.sync();
    return;
  } catch (e) {
    if (FATAL_CODES.has(codeOf(e))) throw e;
  }
  for (const s of settings) {
    let refused: unknown = null;
    for (const apply of s.fallback ? [s.apply, s.fallback] : [s.apply]) {
      apply(ws.pageLayout);
      try {
        await ctx.sync();
        refused = null;
        break;
      } catch (e) {
        if (FATAL_CODES.has(codeOf(e))) throw e;
        refused = e;
      }
    }
    if (refused) notice({ sheet: sheetName, what: s.what, code: codeOf(refused) });
  }
}

/**
 * Writes a block's rows: number formats, then values, in requests planned under REQUEST_BUDGET by their UTF-8
 * JSON size; a request Excel refuses for its size is split in two and sent again.
 */
async function writeRows(ctx: Excel.RequestContext, ws: Excel.Worksheet, first: number, formats: string[][], values: (string | number | boolean)[][], width: number): Promise<void> {
  const send = async (from: number, to: number, bytes: number): Promise<void> => {
    ctx.application.suspendScreenUpdatingUntilNextSync();
    suspendCalculation(ctx);
    const range = ws.getRangeByIndexes(first + from, 0, to - from, width);
    range.numberFormat = formats.slice(from, to);
    range.values = values.slice(from, to);
    try {
      await ctx.sync();
    } catch (e) {
      if (to - from > 1 && isTooBig(e, bytes > REQUEST_BUDGET / 4)) {
        const mid = (from + to) >> 1;
        await send(from, mid, bytes / 2);
        await send(mid, to, bytes / 2);
        return;
      }
      throw e;
    }
  };
  let from = 0;
  let bytes = 2 * ACTION_BYTES;
  for (let i = 0; i < values.length; i++) {
    const row = rowJsonBytes(values[i]) + rowJsonBytes(formats[i]);
    if (i > from && bytes + row > REQUEST_BUDGET) {
      await send(from, i, bytes);
      from = i;
      bytes = 2 * ACTION_BYTES;
    }
    bytes += row;
  }
  if (from < values.length) await send(from, values.length, bytes);
}

/** The engine's table name, or with _2, _3… when another table in the workbook has it; taken once chosen. */
function uniqueTableName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Empties a sheet the tool made on an earlier run, keeping the sheet itself: deleting and re-adding it would turn
 * the user's formulas, charts and pivots that point at it into #REF!. Its tables and charts go (they are made
 * again), then contents, formats and merges of every cell, and frozen panes.
 */
async function clearOwnSheet(ctx: Excel.RequestContext, name: string, tableNames: Set<string>): Promise<Excel.Worksheet> {
  const ws = ctx.workbook.worksheets.getItem(name);
  ws.tables.load("items/name");
  ws.charts.load("items/name");
  await ctx.sync();
  for (const t of ws.tables.items) {
    tableNames.delete(t.name.toLowerCase());
    t.delete();
  }
  for (const c of ws.charts.items) c.delete();
  const everything = ws.getRange();
  everything.unmerge();
  everything.clear("All" as Excel.ClearApplyTo);
  ws.freezePanes.unfreeze();
  return ws;
}

/**
 * Places the output sheets (planOutputSheets: replace only what the tool created; write beside a user's sheet of
 * the same name) and records them in the marker sheet. Returns where each sheet went.
 */
export async function writeOutputSheets(run: ExcelRun, sheets: readonly OutputSheet[], opts: AdapterOptions = {}): Promise<PlannedSheet[]> {
  // Which sheets were written whole: a failed run names the others (ExcelHostError.incompleteSheets).
  let planned = null as PlannedSheet[] | null;
  const finished = new Set<number>();
  try {
    return await run(RUN_OPTIONS, (ctx) => writeAll(ctx, sheets, opts, finished, (plan) => (planned = plan)));
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    const names = (planned ?? sheets).map((p) => p.name);
    throw toHostError(e, "writing", names.filter((_, i) => !finished.has(i)));
  }
}

async function writeAll(ctx: Excel.RequestContext, sheets: readonly OutputSheet[], opts: AdapterOptions, finished: Set<number>, onPlan?: (plan: PlannedSheet[]) => void): Promise<PlannedSheet[]> {
  {
    const all = ctx.workbook.worksheets;
    all.load("items/name");
    const dateSystem = askDateSystem(ctx);
    // Table names are unique in the whole workbook (Table.name): a kept, renamed sheet of an earlier run still
    // holds its tables, and the user's own tables have names too.
    const tables = ctx.workbook.tables;
    tables.load("items/name");
    await ctx.sync();
    const tableNames = new Set(tables.items.map((t) => t.name.toLowerCase()));
    // The engine's dates are 1900-system serials: in a 1904 book each is written 1,462 days less, so it shows
    // the same date.
    const dateShift = dateSystem.is1904() ? -DAYS_1904 : 0;
    const found = await readMarker(ctx);
    // Parts and Fees sheets of an earlier, larger run of the same month go, so no stale figures stay behind.
    const superseded = opts.markAsOutput === false ? [] : supersededOutputSheets(found, sheets.map((s) => s.name));
    const gone = new Set(superseded.map((n) => n.toLowerCase()));
    for (const name of all.items.map((s) => s.name)) if (gone.has(name.toLowerCase())) ctx.workbook.worksheets.getItem(name).delete();
    const existing = all.items.map((s) => s.name).filter((n) => !gone.has(n.toLowerCase()));
    const created = found.filter((n) => !gone.has(n.toLowerCase()));
    const plan = planOutputSheets(sheets.map((s) => s.name), existing, created);
    onPlan?.(plan);
    const total = sheets.reduce((s, x) => s + rowCountOf(x), 0);
    let done = 0;

    // The marker first: if the run stops half-way, the half-written sheet is still known as ours and is replaced
    // (never left as if it were the user's) on the next run.
    const markerNames = [...new Set([...created, ...(opts.markAsOutput === false ? [] : plan.map((p) => p.name))])];
    let marker = ctx.workbook.worksheets.getItemOrNullObject(MARKER_SHEET);
    marker.load("isNullObject");
    await ctx.sync();
    if (marker.isNullObject) {
      marker = ctx.workbook.worksheets.add(MARKER_SHEET);
    }
    // As many rows as before at least: a name dropped from the list is blanked, never left behind as "ours".
    const markerRows = [[MARKER_TITLE], ...markerNames.map((n) => [n])];
    while (markerRows.length < found.length + 1) markerRows.push([""]);
    const markerRange = marker.getRangeByIndexes(0, 0, markerRows.length, 1);
    markerRange.numberFormat = markerRows.map(() => ["@"]);
    markerRange.values = markerRows;
    marker.visibility = "VeryHidden" as Excel.SheetVisibility;
    suspendCalculation(ctx);
    await ctx.sync();

    for (let i = 0; i < sheets.length; i++) {
      checkCancel(opts.signal);
      const sheet = sheets[i];
      const target = plan[i];
      const ws = target.replace ? await clearOwnSheet(ctx, target.name, tableNames) : ctx.workbook.worksheets.add(target.name);
      suspendCalculation(ctx);
      await ctx.sync();
      const width = sheetWidthOf(sheet);
      // Formats of cells of their own, walked with the blocks top to bottom (an evidence column's is one entry).
      const cellFormatsAt = cellFormatsInOrder(sheet.cellFormats);
      const count = rowCountOf(sheet);
      const block = opts.blockRows ?? FIRST_BLOCK_ROWS;
      for (let r = 0; r < count; r += block) {
        checkCancel(opts.signal);
        const n = Math.min(block, count - r);
        // A lazy sheet (a million findings) is built one block at a time, never whole — here, or in the engine's
        // worker, which holds the rows and sends one block per request.
        const rows = await fetchRowBlock(sheet, r, r + n);
        const formats = formatsFor(sheet, cellFormatsAt, rows, r, width);
        await writeRows(ctx, ws, r, formats, valuesFor(rows, width, formats, dateShift), width);
        done += n;
        opts.onProgress?.({ stage: "writing", done, total, sheet: target.name });
        await yieldToUi();
      }
      const actions = new ActionQueue(ctx, opts.signal);
      // Formulas after values: each total keeps the engine's figure until Excel recalculates it.
      for (const f of sheet.formulas) await actions.add(ACTION_BYTES + utf8Bytes(f.formula), () => (ws.getCell(f.row, f.col).formulas = [[f.formula]]));
      for (let col = 0; col < sheet.columns.length; col++) {
        const w = Math.round(sheet.columns[col].widthChars * 7);
        await actions.add(ACTION_BYTES, () => (ws.getRangeByIndexes(0, col, 1, 1).format.columnWidth = w));
        // Amount columns right-aligned (headers over their figures), long-text columns wrapped (core/output OutputColumn).
        const c = sheet.columns[col];
        if ((c.align || c.wrap) && count > 0) {
          await actions.add(ACTION_BYTES * 2, () => {
            const cells = ws.getRangeByIndexes(0, col, count, 1).format;
            if (c.align === "right") cells.horizontalAlignment = "Right" as Excel.HorizontalAlignment;
            if (c.wrap) cells.wrapText = true;
          });
        }
      }
      // Row styles in runs of neighbouring rows, one run at a time from the sheet's list or its per-row codes
      // (core/output rowStyleRuns): no list of a million rows' styles, nor of their runs, is built here.
      for (const s of rowStyleRuns(sheet)) {
        const bold = BOLD.has(s.style);
        await actions.add(ACTION_BYTES * (bold ? 2 : 1), () => {
          const rows = ws.getRangeByIndexes(s.row, 0, s.count, width);
          rows.format.fill.color = STYLE_FILL[s.style] ?? "#FFFFFF";
          if (bold) rows.format.font.bold = true;
        });
      }
      if (sheet.freezeRows > 0) await actions.add(ACTION_BYTES, () => ws.freezePanes.freezeRows(sheet.freezeRows));
      await actions.flush();
      // Native charts (KPIs: compliance by clause) over the block the engine laid out for them.
      for (const c of sheet.charts ?? []) {
        const chart = ws.charts.add(c.kind === "line" ? ("Line" as Excel.ChartType) : ("ColumnClustered" as Excel.ChartType), ws.getRange(c.range), "Columns" as Excel.ChartSeriesBy);
        chart.title.text = c.title;
      }
      for (const t of sheet.tables) {
        // A Range, not an address: a bare address lands on the active sheet (TableCollection.add).
        const table = ws.tables.add(ws.getRange(`${cellAddress(t.headerRow, t.firstCol)}:${cellAddress(t.lastRow, t.lastCol)}`), true);
        table.name = uniqueTableName(t.name, tableNames);
      }
      await ctx.sync();
      // Print-ready (the dispute report): A4, orientation, fit to one page wide, repeated rows, header/footer.
      if (sheet.pageSetup) await writePageSetup(ctx, ws, target.name, sheet.pageSetup, (n) => opts.onNotice?.(n));
      finished.add(i);
    }
    // Calculation was suspended while writing: "it is the developer's responsibility to re-calc the workbook"
    // (Application.suspendApiCalculationUntilNextSync). Recalculate computes what the writes left dirty.
    ctx.application.calculate("Recalculate" as Excel.CalculationType);
    await ctx.sync();
    return plan;
  }
}

/** "Go to cell" for an issue: activate the sheet and select the cell. */
export async function goToCell(run: ExcelRun, sheet: string, cell: string): Promise<void> {
  await run(RUN_OPTIONS, async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell || "A1").select();
    await ctx.sync();
  });
}

const MAPPINGS_KEY = "slaLedger.headerMappings";

/** The part of Office.Settings the adapter uses (Office.context.document.settings, or the fake host's). */
export type SettingsStore = Pick<Office.Settings, "get" | "set" | "saveAsync">;

const documentSettings = (): SettingsStore => Office.context.document.settings;

/** The user's header → field choices, kept in the workbook's own settings (travel with the file). */
export function loadHeaderMappings(settings: SettingsStore = documentSettings()): HeaderMappings {
  try {
    const v = settings.get(MAPPINGS_KEY);
    return v && typeof v === "object" ? (v as HeaderMappings) : {};
  } catch {
    return {};
  }
}

/** `set` changes only the copy in memory; saveAsync writes it into the document ("Persist add-in state and settings"). */
export function saveHeaderMappings(m: HeaderMappings, settings: SettingsStore = documentSettings()): Promise<void> {
  return new Promise((resolve, reject) => {
    settings.set(MAPPINGS_KEY, m);
    // "succeeded" is Office.AsyncResultStatus.Succeeded's value; compared as text so no Office global is needed.
    settings.saveAsync((r) => (String(r.status) === "succeeded" ? resolve() : reject(r.error)));
  });
}
