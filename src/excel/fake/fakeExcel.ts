/**
 * An in-memory fake of the Excel JavaScript API subset SLA Ledger uses (DESIGN.md "Tests"), faithful to what
 * Excel enforces and what bites add-ins in production:
 *  - proxies: reading a property before `load` + `sync` throws PropertyNotLoaded;
 *  - writes are queued and applied at `sync`; each `sync` is one round trip (counted);
 *  - 5 MB per request and per response (Excel on the web): over it, sync throws
 *    RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded and nothing of the batch is applied;
 *  - 2-D shapes: values/numberFormat/formulas must match the range's rows × columns (InvalidArgument);
 *  - a string written to `values` that starts with `=` (or `+`, `-` followed by a digit or reference) becomes a
 *    formula unless the cell's number format is text ("@").
 * Used by the adapter's jest tests and, bundled, by the browser end-to-end test as `window.Excel`.
 */
export type FakeCell = string | number | boolean | null;

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

export class FakeExcelError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface SheetStore {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  values: FakeCell[][];
  formulas: Map<string, string>;
  numberFormats: Map<string, string>;
  styles: Map<number, { bold?: boolean; fill?: string }>;
  columnWidths: Map<number, number>;
  frozenRows: number;
  tables: { name: string; address: string }[];
  charts: { type: string; address: string; seriesBy: string; title: string }[];
  printSetup?: Record<string, unknown>;
}

export interface FakeWorkbookState {
  sheets: SheetStore[];
  activeSheet: string;
  selection: string;
  settings: Map<string, unknown>;
  /** Round trips (context.sync calls that reached "Excel"). */
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  /** Test hook: make the Nth sync from now fail (a dropped connection mid-write). */
  failSyncAt: number | null;
  /**
   * Benchmark hook (issue 10): false = written cells are checked and measured (payload, round trips) but not
   * kept, so a million-row write can be counted without holding sixty million cells.
   */
  keepWrittenCells: boolean;
}

const key = (r: number, c: number) => `${r},${c}`;

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
const becomesFormula = (v: FakeCell) => typeof v === "string" && /^(=|\+|-(?=[\dA-Za-z(]))/.test(v);

class Batch {
  writes: { bytes: number; apply: () => void; validate?: () => void }[] = [];
  loads: { bytes: () => number; resolve: () => void }[] = [];
}

export class FakeRequestContext {
  batch = new Batch();
  readonly workbook: FakeWorkbook;
  readonly application = {
    suspendScreenUpdatingUntilNextSync: () => undefined,
    suspendApiCalculationUntilNextSync: () => undefined,
  };
  constructor(readonly state: FakeWorkbookState) {
    this.workbook = new FakeWorkbook(this);
  }
  queue(bytes: number, apply: () => void, validate?: () => void): void {
    this.batch.writes.push({ bytes, apply, validate });
  }
  async sync(): Promise<void> {
    const batch = this.batch;
    this.batch = new Batch();
    this.state.syncs += 1;
    if (this.state.failSyncAt !== null) {
      this.state.failSyncAt -= 1;
      if (this.state.failSyncAt === 0) {
        this.state.failSyncAt = null;
        throw new FakeExcelError("GeneralException", "The connection to Excel was lost (injected).");
      }
    }
    const requestBytes = batch.writes.reduce((s, w) => s + w.bytes, 0) + batch.loads.length * 64;
    if (requestBytes > PAYLOAD_LIMIT_BYTES) throw new FakeExcelError("RequestPayloadSizeLimitExceeded", `request of ${requestBytes} bytes is over 5 MB`);
    // A batch is all or nothing: shapes are checked before anything is applied.
    for (const w of batch.writes) w.validate?.();
    this.state.largestRequestBytes = Math.max(this.state.largestRequestBytes, requestBytes);
    for (const w of batch.writes) w.apply();
    const responseBytes = batch.loads.reduce((s, l) => s + l.bytes(), 0);
    if (responseBytes > PAYLOAD_LIMIT_BYTES) throw new FakeExcelError("ResponsePayloadSizeLimitExceeded", `response of ${responseBytes} bytes is over 5 MB`);
    this.state.largestResponseBytes = Math.max(this.state.largestResponseBytes, responseBytes);
    for (const l of batch.loads) l.resolve();
    await Promise.resolve();
  }
  trackedObjects = { add: () => undefined, remove: () => undefined };
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
        return JSON.stringify(values).length;
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

export class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly application: FakeRequestContext["application"];
  constructor(private readonly ctx: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.application = ctx.application;
  }
  getSelectedRange(): FakeRange {
    const [sheet, cell] = this.ctx.state.selection.split("!");
    const ws = new FakeWorksheet(this.ctx, sheet || this.ctx.state.activeSheet);
    return ws.getRange(cell || "A1");
  }
}

export class FakeWorksheetCollection extends Proxy {
  get items(): FakeWorksheet[] {
    return this.read<string[]>("items").map((n) => new FakeWorksheet(this.ctx, n, true));
  }
  load(_props?: string | string[] | object): this {
    this.requestLoad(["items"], () => ({ items: this.ctx.state.sheets.map((s) => s.name) }));
    return this;
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, name);
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, name, false, true);
  }
  add(name: string): FakeWorksheet {
    this.ctx.queue(64 + name.length, () => {
      if (this.ctx.state.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        throw new FakeExcelError("ItemAlreadyExists", `A sheet named ${name} already exists.`);
      }
      if (name.length > 31 || /[\\/?*[\]:]/.test(name)) throw new FakeExcelError("InvalidArgument", `bad sheet name ${name}`);
      this.ctx.state.sheets.push({ name, visibility: "Visible", values: [], formulas: new Map(), numberFormats: new Map(), styles: new Map(), columnWidths: new Map(), frozenRows: 0, tables: [], charts: [] });
    });
    return new FakeWorksheet(this.ctx, name);
  }
}

export class FakeWorksheet extends Proxy {
  readonly freezePanes = { freezeRows: (n: number) => this.ctx.queue(32, () => (this.store().frozenRows = n)) };
  readonly tables = {
    add: (address: string, _hasHeaders: boolean) => {
      const table = { name: "", address };
      this.ctx.queue(64, () => this.store().tables.push(table));
      return { set name(n: string) { table.name = n; }, get name() { return table.name; } };
    },
  };
  readonly charts = {
    add: (type: string, range: FakeRange, seriesBy: string) => {
      const chart = { type, address: range.a1(), seriesBy, title: "" };
      this.ctx.queue(128, () => this.store().charts.push(chart));
      return { title: { set text(t: string) { chart.title = t; }, get text() { return chart.title; } } };
    },
  };
  /** Records what the adapter sets, as Excel's PageLayout would hold it. */
  get pageLayout(): Record<string, unknown> {
    const record = (key: string, value: unknown) =>
      this.ctx.queue(64, () => {
        const st = this.store();
        st.printSetup = { ...(st.printSetup ?? {}), [key]: value };
      });
    const hf: Record<string, unknown> = {};
    const hfProxy = new globalThis.Proxy(hf, { set: (_t, k, v) => (record(String(k), v), true) });
    return new globalThis.Proxy({
      setPrintTitleRows: (rows: string) => record("printTitleRows", rows),
      setPrintArea: (area: string) => record("printArea", area),
      headersFooters: { defaultForAllPages: hfProxy },
    } as Record<string, unknown>, { set: (_t, k, v) => (record(String(k), v), true) });
  }
  constructor(ctx: FakeRequestContext, readonly sheetName: string, preloaded = false, private readonly orNull = false) {
    super(ctx);
    if (preloaded) {
      this.loaded.add("name");
      this.snapshot.name = sheetName;
    }
  }
  store(): SheetStore {
    const s = this.ctx.state.sheets.find((x) => x.name.toLowerCase() === this.sheetName.toLowerCase());
    if (!s) throw new FakeExcelError("ItemNotFound", `The sheet ${this.sheetName} does not exist.`);
    return s;
  }
  get name(): string {
    return this.read("name");
  }
  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(v: string) {
    this.ctx.queue(32, () => (this.store().visibility = v as SheetStore["visibility"]));
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  load(_props?: string | string[] | object): this {
    this.requestLoad(["name", "visibility", "isNullObject"], () => {
      const s = this.ctx.state.sheets.find((x) => x.name.toLowerCase() === this.sheetName.toLowerCase());
      if (!s && !this.orNull) throw new FakeExcelError("ItemNotFound", `The sheet ${this.sheetName} does not exist.`);
      return { name: s?.name ?? null, visibility: s?.visibility ?? null, isNullObject: !s };
    });
    return this;
  }
  delete(): void {
    this.ctx.queue(32, () => {
      const i = this.ctx.state.sheets.findIndex((x) => x.name.toLowerCase() === this.sheetName.toLowerCase());
      if (i >= 0) this.ctx.state.sheets.splice(i, 1);
    });
  }
  activate(): void {
    this.ctx.queue(32, () => (this.ctx.state.activeSheet = this.store().name));
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this, row, col, rows, cols);
  }
  getRange(address: string): FakeRange {
    const [a, b] = address.split(":");
    const p = parseA1(a);
    const q = b ? parseA1(b) : p;
    return new FakeRange(this.ctx, this, p.row, p.col, q.row - p.row + 1, q.col - p.col + 1);
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
  readonly format: { fill: { color: string }; font: { bold: boolean }; columnWidth: number; autofitColumns: () => void };
  constructor(ctx: FakeRequestContext, private readonly ws: FakeWorksheet, private row: number, private col: number, private rows: number, private cols: number) {
    super(ctx);
    const self = this;
    this.format = {
      fill: { set color(c: string) { self.queueStyle({ fill: c }); }, get color() { return ""; } },
      font: { set bold(b: boolean) { self.queueStyle({ bold: b }); }, get bold() { return false; } },
      set columnWidth(w: number) {
        ctx.queue(32, () => {
          for (let c = self.col; c < self.col + self.cols; c++) self.ws.store().columnWidths.set(c, w);
        });
      },
      get columnWidth() { return 0; },
      autofitColumns: () => undefined,
    };
  }
  /** The range's A1 address without the sheet ("M1:O9"). */
  a1(): string {
    return `${colLetters(this.col)}${this.row + 1}:${colLetters(this.col + this.cols - 1)}${this.row + this.rows}`;
  }
  private queueStyle(style: { bold?: boolean; fill?: string }): void {
    this.ctx.queue(48, () => {
      const st = this.ws.store();
      for (let r = this.row; r < this.row + this.rows; r++) st.styles.set(r, { ...st.styles.get(r), ...style });
    });
  }
  private bounds(): { row: number; col: number; rows: number; cols: number } | null {
    if (!this.usedRange) return { row: this.row, col: this.col, rows: this.rows, cols: this.cols };
    const s = this.ws.store();
    let maxR = -1;
    let maxC = -1;
    s.values.forEach((line, r) => line.forEach((v, c) => {
      if (v !== null && v !== "") {
        maxR = Math.max(maxR, r);
        maxC = Math.max(maxC, c);
      }
    }));
    return maxR < 0 ? null : { row: 0, col: 0, rows: maxR + 1, cols: maxC + 1 };
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
  get address(): string {
    return this.read("address");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  load(props?: string | string[] | object): this {
    const list = typeof props === "string" ? props.split(",").map((p) => p.trim()) : Array.isArray(props) ? props : ["values", "rowCount", "columnCount", "address", "isNullObject"];
    this.requestLoad(list, () => {
      const b = this.bounds();
      const s = this.ws.store();
      const out: Record<string, unknown> = { isNullObject: b === null, rowCount: b?.rows ?? 0, columnCount: b?.cols ?? 0 };
      if (b) {
        out.address = `${s.name}!${colLetters(b.col)}${b.row + 1}:${colLetters(b.col + b.cols - 1)}${b.row + b.rows}`;
        if (list.includes("values") || list.includes("formulas") || list.includes("numberFormat")) {
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
  set values(grid: FakeCell[][]) {
    this.ctx.queue(JSON.stringify(grid).length, () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((v, j) => {
        const r = this.row + i;
        const c = this.col + j;
        while (s.values.length <= r) s.values.push([]);
        if (typeof v === "number" && !Number.isFinite(v)) throw new FakeExcelError("InvalidArgument", "values cannot hold NaN or Infinity");
        const text = s.numberFormats.get(key(r, c)) === "@";
        if (!text && becomesFormula(v)) {
          s.formulas.set(key(r, c), v as string);
          s.values[r][c] = "#NAME?";
        } else {
          s.formulas.delete(key(r, c));
          s.values[r][c] = v;
        }
      }));
    }, () => this.checkShape(grid, "values"));
  }
  set formulas(grid: FakeCell[][]) {
    this.ctx.queue(JSON.stringify(grid).length, () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((v, j) => {
        const r = this.row + i;
        const c = this.col + j;
        while (s.values.length <= r) s.values.push([]);
        if (typeof v === "string" && v.startsWith("=")) s.formulas.set(key(r, c), v);
        else s.values[r][c] = v;
      }));
    }, () => this.checkShape(grid, "formulas"));
  }
  set numberFormat(grid: string[][]) {
    this.ctx.queue(JSON.stringify(grid).length, () => {
      if (!this.ctx.state.keepWrittenCells) return;
      const s = this.ws.store();
      grid.forEach((line, i) => line.forEach((f, j) => s.numberFormats.set(key(this.row + i, this.col + j), f)));
    }, () => this.checkShape(grid, "numberFormat"));
  }
  select(): void {
    this.ctx.queue(32, () => {
      this.ctx.state.activeSheet = this.ws.store().name;
      this.ctx.state.selection = `${this.ws.store().name}!${colLetters(this.col)}${this.row + 1}`;
    });
  }
}

/** A fake host: `run` behaves like Excel.run; `state` is what the workbook holds. */
export class FakeExcel {
  readonly state: FakeWorkbookState;
  constructor(sheets: { name: string; rows: FakeCell[][] }[] = []) {
    this.state = {
      sheets: sheets.map((s) => ({
        name: s.name, visibility: "Visible", values: s.rows.map((r) => [...r]), formulas: new Map(), numberFormats: new Map(),
        styles: new Map(), columnWidths: new Map(), frozenRows: 0, tables: [], charts: [],
      })),
      activeSheet: sheets[0]?.name ?? "Sheet1",
      selection: "",
      settings: new Map(),
      syncs: 0,
      largestRequestBytes: 0,
      largestResponseBytes: 0,
      failSyncAt: null,
      keepWrittenCells: true,
    };
  }
  run = async <T>(batch: (ctx: FakeRequestContext) => Promise<T>): Promise<T> => batch(new FakeRequestContext(this.state));
  sheet(name: string): SheetStore | undefined {
    return this.state.sheets.find((s) => s.name === name);
  }
}
