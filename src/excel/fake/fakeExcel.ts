/**
 * An in-memory fake of the Excel JavaScript API subset SLA Ledger uses, as strict as Excel is documented to be, so
 * the adapter's tests fail where real Excel would fail. Each rule names where Excel documents it:
 *  - proxies: reading a property before `load` + `sync` throws PropertyNotLoaded;
 *  - writes are queued and applied at `sync`; each `sync` is one round trip (counted); a batch is all or nothing;
 *  - 5 MB per request and per response, counted as UTF-8 bytes of the JSON that travels, with about 600 bytes for
 *    each action's own envelope (object path, action type, ids: measured on Office.js's own serialised requests,
 *    test/officejs). Over it: RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded, or, as Excel on
 *    the web does (https://github.com/OfficeDev/office-js/issues/1314), a plain GeneralException when `payloadErrorCode` says so
 *    ("Resource limits and performance optimization for Office Add-ins");
 *  - a read of more than 5,000,000 cells fails with RangeExceedsLimit, or comes back with `values === null`
 *    (`oversizeRead: "null"`), as the same page describes;
 *  - 2-D shapes: values/numberFormat/formulas must match the range's rows × columns (InvalidArgument);
 *  - a string written to `values` that starts with `=` (or `+`, `-` followed by a digit or reference) becomes a
 *    formula unless the cell's number format is text ("@"); a formula Excel cannot parse fails its whole batch
 *    (InvalidArgument);
 *  - the used range is "the smallest range that encompasses any cells that have a value" (Worksheet.getUsedRange):
 *    it need not start at A1, so it carries rowIndex/columnIndex;
 *  - Excel.run without `delayForCellEdit: true` fails with InvalidOperationInCellEditMode while the user edits a
 *    cell (Excel.RunOptions); with it, the batch waits until the edit ends;
 *  - a protected workbook (structure) refuses adding, deleting and hiding sheets, a protected sheet refuses
 *    changes to its cells: AccessDenied (Worksheet.protection, WorkbookProtection);
 *  - table names are unique in the whole workbook and a table may not overlap another: both InvalidArgument
 *    (https://github.com/OfficeDev/office-js/issues/551, https://github.com/OfficeDev/office-js/issues/1199; Table.name); `tables.add("A1:B2")` without a sheet name lands on the active sheet
 *    (TableCollection.add: "If the address does not contain a sheet name, the currently-active sheet is used");
 *  - deleting a very hidden sheet, or the last visible one, is InvalidOperation (Worksheet.delete);
 *  - a header or footer section over 255 characters is InvalidArgument (Excel's page setup limit);
 *  - writing into part of a merged area is InvalidOperation;
 *  - a 1904 workbook stores date serials from 1904-01-01; `workbook.functions.date` answers in the book's system;
 *  - settings go through `Office.context.document.settings`: set, then saveAsync to keep them in the file;
 *  - deleting a sheet turns every formula that pointed at it into #REF!.
 * Used by the adapter's jest tests and, bundled, by the browser end-to-end tests as the injected host.
 */
export type FakeCell = string | number | boolean | null;

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** One action's envelope in a request (ids, object path, action type), in bytes. */
export const ACTION_BYTES = 600;
/** Cells one read may load ("Resource limits": 5 million cells). */
export const READ_CELL_LIMIT = 5_000_000;
/** Characters in one header or footer section. */
export const HEADER_FOOTER_LIMIT = 255;

export class FakeExcelError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface FakeArea {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface FakeTableStore extends FakeArea {
  name: string;
  /** "A1:N9" on its own sheet (kept for tests that look at where a table went). */
  address: string;
  showTotals: boolean;
}

interface SheetStore {
  /** Excel's Worksheet.id: kept as long as the sheet lives; a deleted and re-added sheet is a new one. */
  id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  values: FakeCell[][];
  formulas: Map<string, string>;
  numberFormats: Map<string, string>;
  styles: Map<number, { bold?: boolean; fill?: string }>;
  columnWidths: Map<number, number>;
  frozenRows: number;
  tables: FakeTableStore[];
  charts: { type: string; address: string; seriesBy: string; title: string }[];
  merged: FakeArea[];
  protected: boolean;
  printSetup?: Record<string, unknown>;
}

export interface FakeSheetInput {
  name: string;
  rows: FakeCell[][];
  /** Number formats by "row,col" (zero-based), e.g. dates. */
  numberFormats?: Record<string, string>;
  tables?: { name: string; address: string; showTotals?: boolean }[];
  merged?: string[];
  protected?: boolean;
  /** User formulas by "row,col", e.g. `='Settlement 2026-10'!B5`. */
  formulas?: Record<string, string>;
  visibility?: SheetStore["visibility"];
}

export interface FakeWorkbookState {
  sheets: SheetStore[];
  activeSheet: string;
  selection: string;
  /** Settings as saved in the file (Office.context.document.settings after saveAsync). */
  settings: Map<string, unknown>;
  /** Round trips (context.sync calls that reached "Excel"). */
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  /** Every request's size in bytes, in order (kept when `logRequests`). */
  requestLog: number[];
  logRequests: boolean;
  /** Test hook: make the Nth sync from now fail (a dropped connection mid-write). */
  failSyncAt: number | null;
  /** Test hook: the code the Nth sync from now fails with (with `failSyncAt`). */
  failSyncCode: string;
  /**
   * Benchmark hook: false = written cells are checked and measured (payload, round trips) but not kept, so a
   * million-row write can be counted without holding sixty million cells.
   */
  keepWrittenCells: boolean;
  /** How an oversize request or response is reported: the documented codes, or Excel on the web's GeneralException. */
  payloadErrorCode: "PayloadSizeLimitExceeded" | "GeneralException";
  /** How a read of more than `readCellLimit` cells ends: an error, or `values === null`. */
  oversizeRead: "RangeExceedsLimit" | "null";
  /** Cells one read may load: Excel's 5,000,000 (tests lower it to stay small). */
  readCellLimit: number;
  /** The user is typing in a cell until this promise settles (null: not editing). */
  cellEdit: Promise<void> | null;
  /** Workbook structure protected: no sheet may be added, deleted, renamed or hidden. */
  workbookProtected: boolean;
  /** The workbook counts dates from 1904-01-01 (File > Options > Advanced, "Use 1904 date system"). */
  date1904: boolean;
  /** Syncs that wrote cells while API calculation was suspended, and all syncs that wrote cells. */
  calcSuspendedWrites: number;
  cellWrites: number;
  /** Application.calculate calls. */
  recalculations: number;
  /** Next Worksheet.id. */
  nextId: number;
}

const key = (r: number, c: number) => `${r},${c}`;
// The standard encoder, not the adapter's own count (excel/payload): the fake checks the adapter's estimate.
const encoder = new TextEncoder();
const utf8Bytes = (text: string): number => encoder.encode(text).length;
const jsonBytes = (v: unknown) => utf8Bytes(JSON.stringify(v));

function colLetters(c: number): string {
  let n = c + 1;
  let s = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
function parseA1(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1.toUpperCase());
  if (!m) throw new FakeExcelError("InvalidArgument", `bad address ${a1}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}
/** "B3:D9" (no sheet) → its area. */
export function areaOf(address: string): FakeArea {
  const [a, b] = address.split(":");
  const p = parseA1(a);
  const q = b ? parseA1(b) : p;
  return { row: p.row, col: p.col, rows: q.row - p.row + 1, cols: q.col - p.col + 1 };
}
const a1Of = (a: FakeArea) => `${colLetters(a.col)}${a.row + 1}:${colLetters(a.col + a.cols - 1)}${a.row + a.rows}`;
const overlaps = (a: FakeArea, b: FakeArea) => a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
const within = (inner: FakeArea, outer: FakeArea) =>
  inner.row >= outer.row && inner.col >= outer.col && inner.row + inner.rows <= outer.row + outer.rows && inner.col + inner.cols <= outer.col + outer.cols;
const becomesFormula = (v: FakeCell) => typeof v === "string" && /^(=|\+|-(?=[\dA-Za-z(]))/.test(v);

/**
 * Whether Excel could parse a formula: balanced parentheses and quotes, no operator at the end, nothing empty
 * after "=". Excel refuses the whole batch otherwise (InvalidArgument).
 */
export function formulaParses(formula: string): boolean {
  const body = formula.replace(/^[=+]/, "");
  if (body.trim() === "") return false;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0 && !quoted && !/[+\-*/^&,(=<>]\s*$/.test(body);
}

class Batch {
  writes: { bytes: number; apply: () => void; validate?: () => void; cells?: boolean }[] = [];
  loads: { bytes: () => number; resolve: () => void }[] = [];
  calcSuspended = false;
  /** Cells given the text format "@" earlier in this batch, by sheet: a later `values` write there stays text. */
  pendingText = new Map<string, Set<string>>();
}

export interface FakeRunOptions {
  delayForCellEdit?: boolean;
}

export class FakeRequestContext {
  batch = new Batch();
  readonly workbook: FakeWorkbook;
  readonly application: { suspendScreenUpdatingUntilNextSync: () => void; suspendApiCalculationUntilNextSync: () => void; calculate: (type: string) => void };
  constructor(readonly state: FakeWorkbookState, readonly options: FakeRunOptions = {}) {
    this.application = {
      suspendScreenUpdatingUntilNextSync: () => undefined,
      suspendApiCalculationUntilNextSync: () => void (this.batch.calcSuspended = true),
      calculate: (_type: string) => this.queue(0, () => void (this.state.recalculations += 1)),
    };
    this.workbook = new FakeWorkbook(this);
  }
  queue(bytes: number, apply: () => void, validate?: () => void, cells = false): void {
    this.batch.writes.push({ bytes: bytes + ACTION_BYTES, apply, validate, cells });
  }
  private tooBig(what: "Request" | "Response", bytes: number): FakeExcelError {
    const code = this.state.payloadErrorCode === "GeneralException" ? "GeneralException" : `${what}PayloadSizeLimitExceeded`;
    return new FakeExcelError(code, `${what.toLowerCase()} of ${bytes} bytes is over 5 MB`);
  }
  async sync(): Promise<void> {
    const batch = this.batch;
    this.batch = new Batch();
    if (this.state.cellEdit) {
      // Excel.RunOptions.delayForCellEdit: "When false, if the user is in cell edit when the batch request is
      // processed by the host, the batch automatically fails."
      if (!this.options.delayForCellEdit) throw new FakeExcelError("InvalidOperationInCellEditMode", "Excel is in cell-editing mode.");
      await this.state.cellEdit;
    }
    this.state.syncs += 1;
    if (this.state.failSyncAt !== null) {
      this.state.failSyncAt -= 1;
      if (this.state.failSyncAt === 0) {
        this.state.failSyncAt = null;
        throw new FakeExcelError(this.state.failSyncCode, "The connection to Excel was lost (injected).");
      }
    }
    const requestBytes = batch.writes.reduce((s, w) => s + w.bytes, 0) + batch.loads.length * ACTION_BYTES;
    if (this.state.logRequests) this.state.requestLog.push(requestBytes);
    if (requestBytes > PAYLOAD_LIMIT_BYTES) throw this.tooBig("Request", requestBytes);
    // A batch is all or nothing: everything is checked before anything is applied.
    for (const w of batch.writes) w.validate?.();
    this.state.largestRequestBytes = Math.max(this.state.largestRequestBytes, requestBytes);
    for (const w of batch.writes) w.apply();
    if (batch.writes.some((w) => w.cells)) {
      this.state.cellWrites += 1;
      if (batch.calcSuspended) this.state.calcSuspendedWrites += 1;
    }
    const responseBytes = batch.loads.reduce((s, l) => s + l.bytes(), 0);
    if (responseBytes > PAYLOAD_LIMIT_BYTES) throw this.tooBig("Response", responseBytes);
    this.state.largestResponseBytes = Math.max(this.state.largestResponseBytes, responseBytes);
    for (const l of batch.loads) l.resolve();
    await Promise.resolve();
  }
  trackedObjects = { add: () => undefined, remove: () => undefined };
  sheetStore(name: string): SheetStore {
    const s = this.state.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) throw new FakeExcelError("ItemNotFound", `The sheet ${name} does not exist.`);
    return s;
  }
  allTables(): FakeTableStore[] {
    return this.state.sheets.flatMap((s) => s.tables);
  }
}

/** Base of every proxy: properties are readable only after load + sync. */
class Proxy {
  protected loaded = new Set<string>();
  protected snapshot: Record<string, unknown> = {};
  constructor(protected readonly ctx: FakeRequestContext) {}
  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw new FakeExcelError("PropertyNotLoaded", `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    return this.snapshot[prop] as T;
  }
  protected requestLoad(props: string[], compute: () => Record<string, unknown>): void {
    let values: Record<string, unknown> = {};
    this.ctx.batch.loads.push({
      bytes: () => {
        values = compute();
        return jsonBytes(values);
      },
      resolve: () => {
        for (const p of props) {
          this.loaded.add(p);
          this.snapshot[p] = values[p];
        }
      },
    });
  }
}

const propsOf = (props?: string | string[] | object): string[] =>
  typeof props === "string" ? props.split(",").map((p) => p.trim().replace(/^items\//, "")) : Array.isArray(props) ? props.map((p) => p.replace(/^items\//, "")) : [];

/** A worksheet function's answer (Excel.FunctionResult). */
export class FakeFunctionResult extends Proxy {
  constructor(ctx: FakeRequestContext, private readonly compute: () => number) {
    super(ctx);
  }
  get value(): number {
    return this.read("value");
  }
  load(_props?: unknown): this {
    this.requestLoad(["value"], () => ({ value: this.compute() }));
    return this;
  }
}

export class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly application: FakeRequestContext["application"];
  /** Excel.Functions: DATE answers in the workbook's date system (1904-01-01 is 0 there, 1462 in 1900's). */
  readonly functions: { date: (y: number, m: number, d: number) => FakeFunctionResult };
  constructor(private readonly ctx: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx, null);
    this.application = ctx.application;
    this.functions = {
      date: (y, m, d) => new FakeFunctionResult(ctx, () => {
        const serial1900 = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
        return ctx.state.date1904 ? serial1900 - 1462 : serial1900;
      }),
    };
  }
  getSelectedRange(): FakeRange {
    const [sheet, cell] = this.ctx.state.selection.split("!");
    const ws = new FakeWorksheet(this.ctx, sheet || this.ctx.state.activeSheet);
    return ws.getRange(cell || "A1");
  }
}

export class FakeWorksheetCollection extends Proxy {
  get items(): FakeWorksheet[] {
    return this.read<{ name: string; visibility: string; id: string }[]>("items").map((s) => new FakeWorksheet(this.ctx, s.name, s));
  }
  load(_props?: string | string[] | object): this {
    this.requestLoad(["items"], () => ({ items: this.ctx.state.sheets.map((s) => ({ name: s.name, visibility: s.visibility, id: s.id })) }));
    return this;
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, name);
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, name, undefined, true);
  }
  add(name: string): FakeWorksheet {
    this.ctx.queue(utf8Bytes(name), () => {
      if (this.ctx.state.workbookProtected) throw new FakeExcelError("AccessDenied", "The workbook is protected.");
      if (this.ctx.state.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw new FakeExcelError("ItemAlreadyExists", `A sheet named ${name} already exists.`);
      }
      if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new FakeExcelError("InvalidArgument", `bad sheet name ${name}`);
      this.ctx.state.sheets.push(newSheet(this.ctx.state, name));
    });
    return new FakeWorksheet(this.ctx, name);
  }
}

function newSheet(state: FakeWorkbookState, name: string): SheetStore {
  return {
    id: `{${String(state.nextId++).padStart(8, "0")}}`, name, visibility: "Visible", values: [], formulas: new Map(), numberFormats: new Map(),
    styles: new Map(), columnWidths: new Map(), frozenRows: 0, tables: [], charts: [], merged: [], protected: false,
  };
}

/** A table (Excel.Table): name, showTotals, and its ranges. */
export class FakeTable extends Proxy {
  constructor(ctx: FakeRequestContext, private readonly find: () => FakeTableStore, private readonly sheetName: () => string) {
    super(ctx);
  }
  get name(): string {
    return this.read("name");
  }
  set name(n: string) {
    this.ctx.queue(utf8Bytes(n), () => {
      const t = this.find();
      if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(n) || n.length > 255) throw new FakeExcelError("InvalidArgument", `bad table name ${n}`);
      // Table names are unique in the whole workbook (https://github.com/OfficeDev/office-js/issues/551: "The argument is invalid or missing").
      if (this.ctx.allTables().some((o) => o !== t && o.name.toLowerCase() === n.toLowerCase())) throw new FakeExcelError("InvalidArgument", `a table named ${n} already exists`);
      t.name = n;
    });
  }
  get showTotals(): boolean {
    return this.read("showTotals");
  }
  load(props?: string | string[] | object): this {
    const list = propsOf(props);
    this.requestLoad(list.length ? list : ["name", "showTotals"], () => ({ name: this.find().name, showTotals: this.find().showTotals }));
    return this;
  }
  preload(t: { name: string; showTotals: boolean }): this {
    this.loaded.add("name");
    this.loaded.add("showTotals");
    this.snapshot = { ...t };
    return this;
  }
  private ws(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.sheetName());
  }
  getRange(): FakeRange {
    return FakeRange.lazy(this.ctx, this.ws(), () => this.find());
  }
  /** The total row (Table.getTotalRowRange): the table's last row when showTotals. */
  getTotalRowRange(): FakeRange {
    return FakeRange.lazy(this.ctx, this.ws(), () => {
      const t = this.find();
      if (!t.showTotals) throw new FakeExcelError("InvalidOperation", "the table has no total row");
      return { row: t.row + t.rows - 1, col: t.col, rows: 1, cols: t.cols };
    });
  }
  delete(): void {
    this.ctx.queue(0, () => {
      const t = this.find();
      for (const s of this.ctx.state.sheets) s.tables = s.tables.filter((x) => x !== t);
    });
  }
}

/** Tables of one sheet (Worksheet.tables) or of the whole workbook (Workbook.tables, sheet null). */
export class FakeTableCollection extends Proxy {
  constructor(ctx: FakeRequestContext, private readonly sheet: FakeWorksheet | null) {
    super(ctx);
  }
  private list(): { t: FakeTableStore; sheet: string }[] {
    const sheets = this.sheet ? [this.sheet.store()] : this.ctx.state.sheets;
    return sheets.flatMap((s) => s.tables.map((t) => ({ t, sheet: s.name })));
  }
  get items(): FakeTable[] {
    return this.read<{ name: string; showTotals: boolean; sheet: string }[]>("items").map((x) => {
      const find = () => {
        const t = this.ctx.allTables().find((y) => y.name === x.name);
        if (!t) throw new FakeExcelError("ItemNotFound", `no table ${x.name}`);
        return t;
      };
      return new FakeTable(this.ctx, find, () => x.sheet).preload(x);
    });
  }
  load(_props?: string | string[] | object): this {
    this.requestLoad(["items"], () => ({ items: this.list().map(({ t, sheet }) => ({ name: t.name, showTotals: t.showTotals, sheet })) }));
    return this;
  }
  /**
   * TableCollection.add: a Range, or an address; "If the address does not contain a sheet name, the
   * currently-active sheet is used." Overlapping another table is InvalidArgument (https://github.com/OfficeDev/office-js/issues/1199).
   */
  add(address: string | FakeRange, _hasHeaders: boolean): FakeTable {
    const store: FakeTableStore = { name: "", address: "", showTotals: false, row: 0, col: 0, rows: 0, cols: 0 };
    let sheetName = "";
    this.ctx.queue(typeof address === "string" ? utf8Bytes(address) : 0, () => {
      let area: FakeArea;
      if (typeof address === "string") {
        const bang = address.lastIndexOf("!");
        sheetName = bang >= 0 ? address.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'") : this.ctx.state.activeSheet;
        area = areaOf(bang >= 0 ? address.slice(bang + 1) : address);
      } else {
        sheetName = address.sheetName();
        area = address.area();
      }
      if (this.sheet && typeof address !== "string" && address.sheetName().toLowerCase() !== this.sheet.sheetName.toLowerCase()) {
        throw new FakeExcelError("InvalidArgument", "the range is on another sheet");
      }
      const target = this.ctx.sheetStore(sheetName);
      if (target.protected) throw new FakeExcelError("AccessDenied", `The sheet ${target.name} is protected.`);
      if (target.tables.some((t) => overlaps(t, area))) throw new FakeExcelError("InvalidArgument", "A table can't overlap another table.");
      let n = 1;
      while (this.ctx.allTables().some((t) => t.name === `Table${n}`)) n++;
      Object.assign(store, area, { name: `Table${n}`, address: a1Of(area) });
      target.tables.push(store);
    });
    return new FakeTable(this.ctx, () => store, () => sheetName);
  }
}

/** Worksheet.charts: add, and items to delete on a rerun. */
export class FakeChartCollection extends Proxy {
  constructor(ctx: FakeRequestContext, private readonly ws: FakeWorksheet) {
    super(ctx);
  }
  add(type: string, range: FakeRange, seriesBy: string): { title: { text: string } } {
    const chart = { type, address: range.a1(), seriesBy, title: "" };
    this.ctx.queue(0, () => this.ws.store().charts.push(chart));
    const ctx = this.ctx;
    return { title: { set text(t: string) { ctx.queue(utf8Bytes(t), () => (chart.title = t)); }, get text() { return chart.title; } } };
  }
  get items(): { delete(): void }[] {
    return this.read<number[]>("items").map((i) => {
      const chart = this.snapshot.charts as object[];
      return { delete: () => this.ctx.queue(0, () => (this.ws.store().charts = this.ws.store().charts.filter((c) => c !== chart[i]))) };
    });
  }
  load(_props?: unknown): this {
    let charts: object[] = [];
    this.requestLoad(["items"], () => {
      charts = [...this.ws.store().charts];
      this.snapshot.charts = charts;
      return { items: charts.map((_, i) => i) };
    });
    return this;
  }
}

export class FakeWorksheet extends Proxy {
  readonly freezePanes = {
    freezeRows: (n: number) => this.ctx.queue(0, () => (this.store().frozenRows = n)),
    unfreeze: () => this.ctx.queue(0, () => (this.store().frozenRows = 0)),
  };
  readonly tables: FakeTableCollection;
  readonly charts: FakeChartCollection;
  /** Records what the adapter sets, as Excel's PageLayout would hold it, checking the documented limits. */
  get pageLayout(): Record<string, unknown> {
    const record = (key: string, value: unknown) =>
      this.ctx.queue(jsonBytes(value ?? null), () => {
        const st = this.store();
        st.printSetup = { ...(st.printSetup ?? {}), [key]: value };
      }, () => {
        if (typeof value === "string" && /(Header|Footer)$/.test(key) && value.length > HEADER_FOOTER_LIMIT) {
          throw new FakeExcelError("InvalidArgument", `${key} is over ${HEADER_FOOTER_LIMIT} characters`);
        }
        if (key === "zoom") {
          const z = value as { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
          if (z.scale !== undefined && (z.scale < 10 || z.scale > 400)) throw new FakeExcelError("InvalidArgument", "zoom scale must be 10-400");
          if (z.horizontalFitToPages !== undefined && !(z.horizontalFitToPages >= 0)) throw new FakeExcelError("InvalidArgument", "bad fit to pages");
        }
      });
    const hf: Record<string, unknown> = {};
    const hfProxy = new globalThis.Proxy(hf, { set: (_t, k, v) => (record(String(k), v), true) });
    return new globalThis.Proxy({
      setPrintTitleRows: (rows: string) => record("printTitleRows", rows),
      setPrintArea: (area: string) => record("printArea", area),
      headersFooters: { defaultForAllPages: hfProxy },
    } as Record<string, unknown>, { set: (_t, k, v) => (record(String(k), v), true) });
  }
  constructor(ctx: FakeRequestContext, readonly sheetName: string, preloaded?: { name: string; visibility: string; id: string }, private readonly orNull = false) {
    super(ctx);
    this.tables = new FakeTableCollection(ctx, this);
    this.charts = new FakeChartCollection(ctx, this);
    if (preloaded) {
      for (const [k, v] of Object.entries(preloaded)) {
        this.loaded.add(k);
        this.snapshot[k] = v;
      }
    }
  }
  store(): SheetStore {
    return this.ctx.sheetStore(this.sheetName);
  }
  storeOrNull(): SheetStore | undefined {
    return this.ctx.state.sheets.find((x) => x.name.toLowerCase() === this.sheetName.toLowerCase());
  }
  get name(): string {
    return this.read("name");
  }
  get id(): string {
    return this.read("id");
  }
  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(v: string) {
    this.ctx.queue(utf8Bytes(v), () => {
      const s = this.store();
      if (s.visibility !== v && this.ctx.state.workbookProtected) throw new FakeExcelError("AccessDenied", "The workbook is protected.");
      s.visibility = v as SheetStore["visibility"];
    });
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  load(_props?: string | string[] | object): this {
    this.requestLoad(["name", "visibility", "isNullObject", "id"], () => {
      const s = this.ctx.state.sheets.find((x) => x.name.toLowerCase() === this.sheetName.toLowerCase());
      if (!s && !this.orNull) throw new FakeExcelError("ItemNotFound", `The sheet ${this.sheetName} does not exist.`);
      return { name: s?.name ?? null, visibility: s?.visibility ?? null, isNullObject: !s, id: s?.id ?? null };
    });
    return this;
  }
  delete(): void {
    this.ctx.queue(0, () => {
      const state = this.ctx.state;
      const s = this.store();
      if (state.workbookProtected) throw new FakeExcelError("AccessDenied", "The workbook is protected.");
      // Worksheet.delete: a very hidden sheet cannot be deleted, nor the last visible one.
      if (s.visibility === "VeryHidden") throw new FakeExcelError("InvalidOperation", "A very hidden sheet cannot be deleted.");
      if (s.visibility === "Visible" && state.sheets.filter((x) => x.visibility === "Visible").length === 1) throw new FakeExcelError("InvalidOperation", "The last visible sheet cannot be deleted.");
      state.sheets.splice(state.sheets.indexOf(s), 1);
      // What pointed at the sheet now points nowhere.
      const ref = new RegExp(`(^|[^A-Za-z0-9_])('${s.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "''")}'|${s.name.replace(/[^A-Za-z0-9_]/g, "\\$&")})!`, "i");
      for (const other of state.sheets) for (const [k, f] of other.formulas) if (ref.test(f)) other.formulas.set(k, "=#REF!");
      if (state.activeSheet.toLowerCase() === s.name.toLowerCase()) state.activeSheet = state.sheets.find((x) => x.visibility === "Visible")?.name ?? "";
    });
  }
  activate(): void {
    this.ctx.queue(0, () => (this.ctx.state.activeSheet = this.store().name));
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this, row, col, rows, cols);
  }
  /** Worksheet.getRange(): no address = the whole sheet. */
  getRange(address?: string): FakeRange {
    if (address === undefined) return new FakeRange(this.ctx, this, 0, 0, 1_048_576, 16_384);
    const a = areaOf(address);
    return new FakeRange(this.ctx, this, a.row, a.col, a.rows, a.cols);
  }
  getCell(row: number, col: number): FakeRange {
    return new FakeRange(this.ctx, this, row, col, 1, 1);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    const r = new FakeRange(this.ctx, this, 0, 0, 0, 0);
    r.usedRange = true;
    return r;
  }
}

export class FakeRange extends Proxy {
  usedRange = false;
  private lazyArea: (() => FakeArea) | null = null;
  readonly format: { fill: { color: string }; font: { bold: boolean }; columnWidth: number; autofitColumns: () => void };
  static lazy(ctx: FakeRequestContext, ws: FakeWorksheet, area: () => FakeArea): FakeRange {
    const r = new FakeRange(ctx, ws, 0, 0, 0, 0);
    r.lazyArea = area;
    return r;
  }
  constructor(ctx: FakeRequestContext, private readonly ws: FakeWorksheet, private row: number, private col: number, private rows: number, private cols: number) {
    super(ctx);
    const self = this;
    this.format = {
      fill: { set color(c: string) { self.queueStyle({ fill: c }); }, get color() { return ""; } },
      font: { set bold(b: boolean) { self.queueStyle({ bold: b }); }, get bold() { return false; } },
      set columnWidth(w: number) {
        ctx.queue(0, () => {
          for (let c = self.col; c < self.col + self.cols; c++) self.ws.store().columnWidths.set(c, w);
        });
      },
      get columnWidth() { return 0; },
      autofitColumns: () => undefined,
    };
  }
  sheetName(): string {
    return this.ws.sheetName;
  }
  area(): FakeArea {
    return this.lazyArea ? this.lazyArea() : { row: this.row, col: this.col, rows: this.rows, cols: this.cols };
  }
  /** The range's A1 address without the sheet ("M1:O9"). */
  a1(): string {
    return a1Of(this.area());
  }
  private queueStyle(style: { bold?: boolean; fill?: string }): void {
    this.ctx.queue(jsonBytes(style), () => {
      const st = this.ws.store();
      for (let r = this.row; r < this.row + this.rows; r++) st.styles.set(r, { ...st.styles.get(r), ...style });
    }, () => this.checkWritable());
  }
  /** Checked before the batch applies: a sheet added earlier in the same batch does not exist yet, and is new. */
  private checkWritable(): void {
    const s = this.ws.storeOrNull();
    if (s?.protected) throw new FakeExcelError("AccessDenied", `The sheet ${s.name} is protected.`);
  }
  private bounds(): FakeArea | null {
    if (!this.usedRange) return this.area();
    const s = this.ws.store();
    let minR = Infinity;
    let minC = Infinity;
    let maxR = -1;
    let maxC = -1;
    s.values.forEach((line, r) => line.forEach((v, c) => {
      if (v !== null && v !== "" && v !== undefined) {
        minR = Math.min(minR, r);
        minC = Math.min(minC, c);
        maxR = Math.max(maxR, r);
        maxC = Math.max(maxC, c);
      }
    }));
    return maxR < 0 ? null : { row: minR, col: minC, rows: maxR - minR + 1, cols: maxC - minC + 1 };
  }
  get values(): FakeCell[][] {
    return this.read("values");
  }
  get formulas(): FakeCell[][] {
    return this.read("formulas");
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get address(): string {
    return this.read("address");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  load(props?: string | string[] | object): this {
    const asked = propsOf(props);
    const list = asked.length ? asked : ["values", "rowCount", "columnCount", "rowIndex", "columnIndex", "address", "isNullObject"];
    this.requestLoad(list, () => {
      const b = this.bounds();
      const s = this.ws.store();
      const out: Record<string, unknown> = { isNullObject: b === null, rowCount: b?.rows ?? 0, columnCount: b?.cols ?? 0, rowIndex: b?.row ?? 0, columnIndex: b?.col ?? 0 };
      if (b) {
        out.address = `${s.name}!${a1Of(b)}`;
        const cellProps = ["values", "formulas", "numberFormat", "text"].filter((p) => list.includes(p));
        if (cellProps.length && b.rows * b.cols > this.ctx.state.readCellLimit) {
          if (this.ctx.state.oversizeRead === "RangeExceedsLimit") throw new FakeExcelError("RangeExceedsLimit", "The number of cells in the range has exceeded the maximum supported number.");
          for (const p of cellProps) out[p] = null;
        } else if (cellProps.length) {
          const vals: FakeCell[][] = [];
          const forms: FakeCell[][] = [];
          const fmts: string[][] = [];
          for (let r = b.row; r < b.row + b.rows; r++) {
            const line = s.values[r] ?? [];
            const v: FakeCell[] = [];
            const f: FakeCell[] = [];
            const n: string[] = [];
            for (let c = b.col; c < b.col + b.cols; c++) {
              const cell = line[c] ?? "";
              v.push(cell === null ? "" : cell);
              f.push(s.formulas.get(key(r, c)) ?? (cell === null ? "" : cell));
              n.push(s.numberFormats.get(key(r, c)) ?? "General");
            }
            vals.push(v);
            forms.push(f);
            fmts.push(n);
          }
          if (list.includes("values")) out.values = vals;
          if (list.includes("formulas")) out.formulas = forms;
          if (list.includes("numberFormat")) out.numberFormat = fmts;
        }
      }
      // Only what was asked for travels back (and counts against the 5 MB response limit).
      return Object.fromEntries(Object.entries(out).filter(([k]) => list.includes(k)));
    });
    return this;
  }
  private checkShape(grid: unknown[][], what: string): void {
    if (!Array.isArray(grid) || grid.length !== this.rows || grid.some((line) => !Array.isArray(line) || line.length !== this.cols)) {
      throw new FakeExcelError("InvalidArgument", `${what}: the array is not ${this.rows} × ${this.cols}`);
    }
  }
  /** Writing into part of a merged area (not the whole of it, or only its top-left cell) is refused. */
  private checkMerges(grid: FakeCell[][]): void {
    const area = this.area();
    for (const m of this.ws.storeOrNull()?.merged ?? []) {
      if (!overlaps(m, area) || within(m, area)) continue;
      for (let r = Math.max(m.row, area.row); r < Math.min(m.row + m.rows, area.row + area.rows); r++) {
        for (let c = Math.max(m.col, area.col); c < Math.min(m.col + m.cols, area.col + area.cols); c++) {
          const v = grid[r - area.row]?.[c - area.col];
          if ((r !== m.row || c !== m.col) && v !== "" && v !== null) throw new FakeExcelError("InvalidOperation", "Cannot change part of a merged cell.");
        }
      }
    }
  }
  set values(grid: FakeCell[][]) {
    const batch = this.ctx.batch;
    const textFormat = (r: number, c: number) => this.ws.storeOrNull()?.numberFormats.get(key(r, c)) === "@";
    const pendingText = (r: number, c: number) => batch.pendingText.get(this.ws.sheetName.toLowerCase())?.has(key(r, c)) ?? false;
    this.ctx.queue(jsonBytes(grid), () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((v, j) => {
        const r = this.row + i;
        const c = this.col + j;
        while (s.values.length <= r) s.values.push([]);
        if (!textFormat(r, c) && becomesFormula(v)) {
          s.formulas.set(key(r, c), v as string);
          s.values[r][c] = "#NAME?";
        } else {
          s.formulas.delete(key(r, c));
          s.values[r][c] = v;
        }
      }));
    }, () => {
      this.checkShape(grid, "values");
      this.checkWritable();
      this.checkMerges(grid);
      grid.forEach((line) => line.forEach((v) => {
        if (typeof v === "number" && !Number.isFinite(v)) throw new FakeExcelError("InvalidArgument", "values cannot hold NaN or Infinity");
      }));
      // Text formats queued earlier in the same batch count (they are applied in order before this write).
      grid.forEach((line, i) => line.forEach((v, j) => {
        if (typeof v === "string" && becomesFormula(v) && !pendingText(this.row + i, this.col + j) && !textFormat(this.row + i, this.col + j) && !formulaParses(v)) {
          throw new FakeExcelError("InvalidArgument", `Excel cannot parse the formula ${v}`);
        }
      }));
    }, true);
  }
  set formulas(grid: FakeCell[][]) {
    this.ctx.queue(jsonBytes(grid), () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((v, j) => {
        const r = this.row + i;
        const c = this.col + j;
        while (s.values.length <= r) s.values.push([]);
        if (typeof v === "string" && v.startsWith("=")) s.formulas.set(key(r, c), v);
        else s.values[r][c] = v;
      }));
    }, () => {
      this.checkShape(grid, "formulas");
      this.checkWritable();
      this.checkMerges(grid);
      for (const line of grid) for (const v of line) if (typeof v === "string" && v.startsWith("=") && !formulaParses(v)) throw new FakeExcelError("InvalidArgument", `Excel cannot parse the formula ${v}`);
    }, true);
  }
  set numberFormat(grid: string[][]) {
    const batch = this.ctx.batch;
    this.ctx.queue(jsonBytes(grid), () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((f, j) => s.numberFormats.set(key(this.row + i, this.col + j), f)));
    }, () => {
      this.checkShape(grid, "numberFormat");
      this.checkWritable();
      const name = this.ws.sheetName.toLowerCase();
      const pending = batch.pendingText.get(name) ?? new Set<string>();
      batch.pendingText.set(name, pending);
      grid.forEach((line, i) => line.forEach((f, j) => (f === "@" ? pending.add(key(this.row + i, this.col + j)) : pending.delete(key(this.row + i, this.col + j)))));
    }, true);
  }
  /** Range.clear(): contents and formats go; merges too (ApplyTo "All"). */
  clear(_applyTo?: string): void {
    this.ctx.queue(0, () => {
      const s = this.ws.store();
      const a = this.area();
      for (let r = a.row; r < Math.min(a.row + a.rows, s.values.length); r++) {
        const line = s.values[r];
        for (let c = a.col; c < Math.min(a.col + a.cols, line.length); c++) line[c] = null;
      }
      for (const m of [s.formulas, s.numberFormats]) {
        for (const k of [...m.keys()]) {
          const [r, c] = k.split(",").map(Number);
          if (r >= a.row && r < a.row + a.rows && c >= a.col && c < a.col + a.cols) m.delete(k);
        }
      }
      for (const r of [...s.styles.keys()]) if (r >= a.row && r < a.row + a.rows) s.styles.delete(r);
      s.merged = s.merged.filter((m) => !within(m, a));
      while (s.values.length && s.values[s.values.length - 1].every((v) => v === null || v === "")) s.values.pop();
    }, () => this.checkWritable(), true);
  }
  unmerge(): void {
    this.ctx.queue(0, () => {
      const s = this.ws.store();
      s.merged = s.merged.filter((m) => !overlaps(m, this.area()));
    }, () => this.checkWritable());
  }
  select(): void {
    this.ctx.queue(0, () => {
      this.ctx.state.activeSheet = this.ws.store().name;
      this.ctx.state.selection = `${this.ws.store().name}!${colLetters(this.col)}${this.row + 1}`;
    });
  }
}

/** Office.context.document.settings: `set` changes the copy in memory; `saveAsync` keeps it in the file. */
export class FakeSettings {
  private pending: Map<string, unknown>;
  constructor(private readonly state: FakeWorkbookState) {
    this.pending = new Map(state.settings);
  }
  get(name: string): unknown {
    return this.pending.has(name) ? structuredCloneOf(this.pending.get(name)) : null;
  }
  set(name: string, value: unknown): void {
    this.pending.set(name, structuredCloneOf(value));
  }
  remove(name: string): void {
    this.pending.delete(name);
  }
  saveAsync(callback?: (r: { status: "succeeded" | "failed"; error?: { code: number; message: string } }) => void): void {
    setTimeout(() => {
      // Settings travel as JSON in the file (2 MB per add-in: "Persist add-in state and settings").
      const text = JSON.stringify(Object.fromEntries(this.pending));
      if (text.length > 2 * 1024 * 1024) return callback?.({ status: "failed", error: { code: 5001, message: "settings over 2 MB" } });
      this.state.settings.clear();
      for (const [k, v] of this.pending) this.state.settings.set(k, v);
      callback?.({ status: "succeeded" });
    }, 0);
  }
}
const structuredCloneOf = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** A fake host: `run` behaves like Excel.run (with or without RunOptions); `state` is what the workbook holds. */
export class FakeExcel {
  readonly state: FakeWorkbookState;
  readonly settings: FakeSettings;
  constructor(sheets: FakeSheetInput[] = [], options: { date1904?: boolean; workbookProtected?: boolean } = {}) {
    this.state = {
      sheets: [],
      activeSheet: sheets[0]?.name ?? "Sheet1",
      selection: "",
      settings: new Map(),
      syncs: 0,
      largestRequestBytes: 0,
      largestResponseBytes: 0,
      requestLog: [],
      logRequests: false,
      failSyncAt: null,
      failSyncCode: "GeneralException",
      keepWrittenCells: true,
      payloadErrorCode: "PayloadSizeLimitExceeded",
      oversizeRead: "RangeExceedsLimit",
      readCellLimit: READ_CELL_LIMIT,
      cellEdit: null,
      workbookProtected: options.workbookProtected ?? false,
      date1904: options.date1904 ?? false,
      calcSuspendedWrites: 0,
      cellWrites: 0,
      recalculations: 0,
      nextId: 1,
    };
    for (const s of sheets) {
      const store = newSheet(this.state, s.name);
      store.values = s.rows.map((r) => [...r]);
      store.visibility = s.visibility ?? "Visible";
      store.protected = s.protected ?? false;
      for (const [k, f] of Object.entries(s.numberFormats ?? {})) store.numberFormats.set(k, f);
      for (const [k, f] of Object.entries(s.formulas ?? {})) store.formulas.set(k, f);
      store.merged = (s.merged ?? []).map(areaOf);
      store.tables = (s.tables ?? []).map((t) => ({ ...areaOf(t.address), name: t.name, address: t.address, showTotals: t.showTotals ?? false }));
      this.state.sheets.push(store);
    }
    this.settings = new FakeSettings(this.state);
  }
  run = async <T>(a: FakeRunOptions | ((ctx: FakeRequestContext) => Promise<T>), b?: (ctx: FakeRequestContext) => Promise<T>): Promise<T> => {
    const [options, batch] = typeof a === "function" ? [{}, a] : [a, b!];
    return batch(new FakeRequestContext(this.state, options));
  };
  /** The user starts typing in a cell; the returned function ends the edit. */
  startCellEdit(): () => void {
    let end = () => undefined as void;
    this.state.cellEdit = new Promise<void>((resolve) => (end = resolve));
    return () => {
      this.state.cellEdit = null;
      end();
    };
  }
  sheet(name: string): SheetStore | undefined {
    return this.state.sheets.find((s) => s.name === name);
  }
}
