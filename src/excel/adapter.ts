/**
 * The Office.js adapter (DESIGN.md): the only code that touches Excel.*. It reads the input sheets into
 * host-neutral cell arrays and places the engine's output sheets — never touching a sheet the tool did not create.
 *
 * Reading: per sheet, the used range ignoring formatting-only cells, then `values` in row blocks starting at
 * 10,000 rows, halving and retrying when Excel says the payload is too large (5 MB on the web).
 * Writing: per output sheet, text number formats first (so "=cmd" from ticket data stays text), then values, then
 * formulas, then formats (widths, styles, frozen rows, tables), in row blocks, with screen updating suspended and a
 * yield between blocks so Excel never sees the pane unresponsive; cancel takes effect between blocks.
 */
import type { Cell, WorkbookData } from "../engine/core/cells";
import { cellAddress } from "../engine/core/cells";
import {
  fetchRowBlock, MARKER_SHEET, MARKER_TITLE, planOutputSheets, rowCountOf, rowStyleRuns, sheetWidthOf, supersededOutputSheets, type OutputSheet,
  type PlannedSheet,
} from "../engine/core/output";
import type { HeaderMappings } from "../engine/sheet";

export type ExcelRun = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>) => Promise<T>;

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
}

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

const FIRST_BLOCK_ROWS = 10000;
const PAYLOAD_CODES = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded", "PayloadTooLarge"]);
const isPayloadError = (e: unknown) => typeof e === "object" && e !== null && PAYLOAD_CODES.has(String((e as { code?: string }).code));
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const checkCancel = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new CancelledError();
};

/** Names of the sheets the tool created, from the very-hidden marker sheet (SPEC §1.1). */
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

export async function readInputSheets(run: ExcelRun, opts: AdapterOptions = {}): Promise<WorkbookData> {
  return run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.load("items/name");
    await ctx.sync();
    const names = sheets.items.map((s) => s.name);
    const ours = new Set((await readMarker(ctx)).map((n) => n.toLowerCase()));
    ours.add(MARKER_SHEET.toLowerCase());
    const wanted = names.filter((n) => !ours.has(n.toLowerCase()));
    const used = wanted.map((n) => {
      const r = ctx.workbook.worksheets.getItem(n).getUsedRangeOrNullObject(true);
      r.load("rowCount,columnCount,isNullObject");
      return r;
    });
    await ctx.sync(); // one round trip for every sheet's size
    const total = used.reduce((s, r) => s + (r.isNullObject ? 0 : r.rowCount), 0);
    let done = 0;
    const out: WorkbookData = { sheets: [] };
    for (let i = 0; i < wanted.length; i++) {
      const size = used[i];
      const rows: Cell[][] = [];
      if (!size.isNullObject) {
        const ws = ctx.workbook.worksheets.getItem(wanted[i]);
        let block = opts.blockRows ?? FIRST_BLOCK_ROWS;
        let r = 0;
        while (r < size.rowCount) {
          checkCancel(opts.signal);
          const n = Math.min(block, size.rowCount - r);
          const range = ws.getRangeByIndexes(r, 0, n, size.columnCount);
          range.load("values");
          try {
            await ctx.sync();
          } catch (e) {
            if (isPayloadError(e) && block > 1) {
              block = Math.max(1, Math.floor(block / 2)); // halve and retry (NOTES.md: 5 MB per response on the web)
              continue;
            }
            throw e;
          }
          for (const line of range.values as Cell[][]) rows.push(line.map((v) => (v === "" ? null : v)));
          r += n;
          done += n;
          opts.onProgress?.({ stage: "reading", done, total, sheet: wanted[i] });
          await yieldToUi();
        }
      }
      out.sheets.push({ name: wanted[i], rows });
    }
    return out;
  });
}

const STYLE_FILL: Record<string, string> = { header: "#DCE6F2", late: "#FDE7E9", total: "#E8F3E8", subtotal: "#F3F3F3", title: "#FFFFFF", section: "#EAF1FB", note: "#FFFFFF" };
const BOLD = new Set(["header", "total", "subtotal", "title", "section"]);

/** Number formats of a block: text ("@") wherever the value is text, the column's (or cell's) format elsewhere. */
function formatsFor(sheet: OutputSheet, cellFmt: ReadonlyMap<string, string>, rows: readonly Cell[][], from: number, width: number): string[][] {
  return rows.map((line, i) => {
    const out: string[] = [];
    for (let c = 0; c < width; c++) {
      const v = line[c] ?? null;
      const f = cellFmt.get(`${from + i},${c}`) ?? sheet.columns[c]?.numberFormat ?? "General";
      out.push(typeof v === "string" ? "@" : f === "@" ? "General" : f);
    }
    return out;
  });
}

function valuesFor(rows: readonly Cell[][], width: number): (string | number | boolean)[][] {
  return rows.map((line) => {
    const out: (string | number | boolean)[] = [];
    for (let c = 0; c < width; c++) {
      const v = line[c] ?? null;
      out.push(v === null || (typeof v === "number" && !Number.isFinite(v)) ? "" : v);
    }
    return out;
  });
}

/**
 * Style runs per sync: each is one or two actions of a few hundred bytes in the request, so a batch stays far
 * under the 5 MB payload limit.
 */
const STYLE_RUNS_PER_SYNC = 5000;

/**
 * Places the output sheets (planOutputSheets: replace only what the tool created; write beside a user's sheet of
 * the same name) and records them in the marker sheet. Returns where each sheet went.
 */
export async function writeOutputSheets(run: ExcelRun, sheets: readonly OutputSheet[], opts: AdapterOptions = {}): Promise<PlannedSheet[]> {
  return run(async (ctx) => {
    const all = ctx.workbook.worksheets;
    all.load("items/name");
    await ctx.sync();
    const found = await readMarker(ctx);
    // Parts and Fees sheets of an earlier, larger run of the same month go, so no stale figures stay behind.
    const superseded = opts.markAsOutput === false ? [] : supersededOutputSheets(found, sheets.map((s) => s.name));
    const gone = new Set(superseded.map((n) => n.toLowerCase()));
    for (const name of all.items.map((s) => s.name)) if (gone.has(name.toLowerCase())) ctx.workbook.worksheets.getItem(name).delete();
    const existing = all.items.map((s) => s.name).filter((n) => !gone.has(n.toLowerCase()));
    const created = found.filter((n) => !gone.has(n.toLowerCase()));
    const plan = planOutputSheets(sheets.map((s) => s.name), existing, created);
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
    await ctx.sync();

    for (let i = 0; i < sheets.length; i++) {
      checkCancel(opts.signal);
      const sheet = sheets[i];
      const target = plan[i];
      if (target.replace) ctx.workbook.worksheets.getItem(target.name).delete();
      const ws = ctx.workbook.worksheets.add(target.name);
      await ctx.sync();
      const width = sheetWidthOf(sheet);
      const cellFmt = new Map(sheet.cellFormats.map((f) => [`${f.row},${f.col}`, f.numberFormat])); // once per sheet, not per block
      const count = rowCountOf(sheet);
      let block = opts.blockRows ?? FIRST_BLOCK_ROWS;
      let r = 0;
      while (r < count) {
        checkCancel(opts.signal);
        const n = Math.min(block, count - r);
        // A lazy sheet (a million findings) is built one block at a time, never whole — here, or in the engine's
        // worker, which holds the rows and sends one block per request.
        const rows = await fetchRowBlock(sheet, r, r + n);
        ctx.application.suspendScreenUpdatingUntilNextSync();
        const range = ws.getRangeByIndexes(r, 0, n, width);
        range.numberFormat = formatsFor(sheet, cellFmt, rows, r, width);
        range.values = valuesFor(rows, width);
        try {
          await ctx.sync();
        } catch (e) {
          if (isPayloadError(e) && block > 1) {
            block = Math.max(1, Math.floor(block / 2));
            continue;
          }
          throw e;
        }
        r += n;
        done += n;
        opts.onProgress?.({ stage: "writing", done, total, sheet: target.name });
        await yieldToUi();
      }
      // Formulas after values: each total keeps the engine's figure until Excel recalculates it.
      for (const f of sheet.formulas) ws.getCell(f.row, f.col).formulas = [[f.formula]];
      sheet.columns.forEach((c, col) => {
        ws.getRangeByIndexes(0, col, 1, 1).format.columnWidth = Math.round(c.widthChars * 7);
        // Amount columns right-aligned (headers over their figures), long-text columns wrapped (core/output OutputColumn).
        if ((c.align || c.wrap) && count > 0) {
          const cells = ws.getRangeByIndexes(0, col, count, 1).format;
          if (c.align === "right") cells.horizontalAlignment = "Right" as Excel.HorizontalAlignment;
          if (c.wrap) cells.wrapText = true;
        }
      });
      // Row styles in runs of neighbouring rows, synced in batches: a million-row Findings sheet has hundreds of
      // thousands of late rows, and one request holding them all would pass the 5 MB payload limit (issue 10).
      // One run at a time from the sheet's list or its per-row codes (core/output rowStyleRuns): no list of a
      // million rows' styles, nor of their runs, is built here (issue 10).
      let runsSent = 0;
      for (const s of rowStyleRuns(sheet)) {
        const rows = ws.getRangeByIndexes(s.row, 0, s.count, width);
        rows.format.fill.color = STYLE_FILL[s.style] ?? "#FFFFFF";
        if (BOLD.has(s.style)) rows.format.font.bold = true;
        if (++runsSent % STYLE_RUNS_PER_SYNC === 0) {
          checkCancel(opts.signal);
          await ctx.sync();
          await yieldToUi();
        }
      }
      if (sheet.freezeRows > 0) ws.freezePanes.freezeRows(sheet.freezeRows);
      const ps = sheet.pageSetup;
      if (ps) {
        // Print-ready (the dispute report): A4, orientation, fit to one page wide, repeated rows, header/footer.
        const layout = ws.pageLayout;
        layout.paperSize = "A4" as Excel.PaperType;
        layout.orientation = (ps.orientation === "landscape" ? "Landscape" : "Portrait") as Excel.PageOrientation;
        if (ps.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        if (ps.printColumns) layout.setPrintArea(`A:${cellAddress(0, ps.printColumns - 1).replace(/\d+$/, "")}`);
        if (ps.repeatRows) layout.setPrintTitleRows(`$${ps.repeatRows.first + 1}:$${ps.repeatRows.last + 1}`);
        const hf = layout.headersFooters.defaultForAllPages;
        if (ps.header) Object.assign(hf, { leftHeader: ps.header.left ?? "", centerHeader: ps.header.center ?? "", rightHeader: ps.header.right ?? "" });
        if (ps.footer) Object.assign(hf, { leftFooter: ps.footer.left ?? "", centerFooter: ps.footer.center ?? "", rightFooter: ps.footer.right ?? "" });
      }
      // Native charts (KPIs: compliance by clause) over the block the engine laid out for them.
      for (const c of sheet.charts ?? []) {
        const chart = ws.charts.add(c.kind === "line" ? ("Line" as Excel.ChartType) : ("ColumnClustered" as Excel.ChartType), ws.getRange(c.range), "Columns" as Excel.ChartSeriesBy);
        chart.title.text = c.title;
      }
      for (const t of sheet.tables) {
        const table = ws.tables.add(`${cellAddress(t.headerRow, t.firstCol)}:${cellAddress(t.lastRow, t.lastCol)}`, true);
        table.name = t.name;
      }
      await ctx.sync();
    }
    return plan;
  });
}

/** "Go to cell" for an issue: activate the sheet and select the cell (SPEC §7). */
export async function goToCell(run: ExcelRun, sheet: string, cell: string): Promise<void> {
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell || "A1").select();
    await ctx.sync();
  });
}

const MAPPINGS_KEY = "slaLedger.headerMappings";

/** The user's header → field choices, kept in the workbook's own settings (travel with the file). */
export function loadHeaderMappings(): HeaderMappings {
  try {
    const v = Office.context.document.settings.get(MAPPINGS_KEY);
    return v && typeof v === "object" ? (v as HeaderMappings) : {};
  } catch {
    return {};
  }
}

export function saveHeaderMappings(m: HeaderMappings): Promise<void> {
  return new Promise((resolve, reject) => {
    Office.context.document.settings.set(MAPPINGS_KEY, m);
    Office.context.document.settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(r.error)));
  });
}
