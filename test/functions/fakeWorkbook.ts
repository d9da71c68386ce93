/**
 * A minimal stand-in for what the SLA.* functions use of Excel: `Excel.run`, `worksheets.load("items/name")`,
 * `getUsedRangeOrNullObject(true)` with `values`, `rowIndex`, `columnIndex`, `isNullObject`, and
 * `workbook.functions.date`. It keeps Excel's documented rules that matter here:
 * - a property read before `load` + `context.sync()` throws PropertyNotLoaded
 *   (https://learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model#load);
 * - the used range of a sheet without values is a null object (`isNullObject`), its `values` use "" for empty cells and
 *   its `rowIndex`/`columnIndex` are those of its top-left cell, which need not be A1
 *   (https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-getusedrangeornullobject-member(1));
 * - DATE(year, month, day) answers the serial in the workbook's date system: 1904-01-01 is 1462 in the 1900 system
 *   and 0 in the 1904 system (https://learn.microsoft.com/javascript/api/excel/excel.functions#excel-excel-functions-date-member(1)).
 * Used by the jest tests and, bundled, by the Chromium harness.
 */
export type FakeCell = string | number | boolean | null;
export interface FakeBook {
  sheets: { name: string; rows: FakeCell[][] }[];
  date1904: boolean;
}

class NotLoaded extends Error {
  readonly code = "PropertyNotLoaded";
  constructor(property: string) {
    super(`The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
  }
}

class Loadable {
  private loaded = new Map<string, unknown>();
  private pending: string[] = [];
  constructor(protected readonly context: FakeContext) {}
  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) throw new NotLoaded(property);
    return this.loaded.get(property) as T;
  }
  protected request(properties: string[], produce: () => Record<string, unknown>): void {
    this.pending.push(...properties);
    this.context.queue(() => {
      const all = produce();
      for (const p of this.pending) this.loaded.set(p, all[p]);
      this.pending = [];
    });
  }
}

class FakeRange extends Loadable {
  constructor(context: FakeContext, private readonly rows: FakeCell[][]) {
    super(context);
  }
  load(props: string): this {
    this.request(props.split(",").map((p) => p.trim()).concat("isNullObject"), () => {
      let top = -1;
      let left = Infinity;
      let bottom = -1;
      let right = -1;
      this.rows.forEach((row, r) =>
        row.forEach((c, k) => {
          if (c === null || c === "") return;
          if (top < 0) top = r;
          bottom = r;
          left = Math.min(left, k);
          right = Math.max(right, k);
        }),
      );
      if (top < 0) return { isNullObject: true };
      const values = [];
      for (let r = top; r <= bottom; r++) {
        const line = [];
        for (let k = left; k <= right; k++) {
          const c = this.rows[r]?.[k];
          line.push(c === null || c === undefined ? "" : c);
        }
        values.push(line);
      }
      return { isNullObject: false, values, rowIndex: top, columnIndex: left };
    });
    return this;
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get values(): FakeCell[][] {
    return this.read("values");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
}

class FakeWorksheet {
  constructor(private readonly context: FakeContext, readonly name: string, private readonly rows: FakeCell[][]) {}
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, this.rows);
  }
}

class FakeWorksheets extends Loadable {
  constructor(context: FakeContext, private readonly book: FakeBook) {
    super(context);
  }
  load(_props: string): this {
    this.request(["items"], () => ({ items: this.book.sheets.map((s) => new FakeWorksheet(this.context, s.name, s.rows)) }));
    return this;
  }
  get items(): FakeWorksheet[] {
    return this.read("items");
  }
}

class FakeFunctionResult extends Loadable {
  constructor(context: FakeContext, private readonly compute: () => number) {
    super(context);
  }
  load(_props: string): this {
    this.request(["value"], () => ({ value: this.compute() }));
    return this;
  }
  get value(): number {
    return this.read("value");
  }
}

export class FakeContext {
  private queued: (() => void)[] = [];
  syncs = 0;
  readonly workbook: { worksheets: FakeWorksheets; functions: { date: (y: number, m: number, d: number) => FakeFunctionResult } };
  constructor(book: FakeBook) {
    this.workbook = {
      worksheets: new FakeWorksheets(this, book),
      functions: {
        date: (y, m, d) =>
          new FakeFunctionResult(this, () => Date.UTC(y, m - 1, d) / 86_400_000 + 25569 - (book.date1904 ? 1462 : 0)),
      },
    };
  }
  queue(f: () => void): void {
    this.queued.push(f);
  }
  async sync(): Promise<void> {
    this.syncs += 1;
    const work = this.queued;
    this.queued = [];
    for (const f of work) f();
  }
}

/** `Excel.run` over a fake book; `runs` counts the batches (each one a round trip in Excel). */
export function fakeExcel(book: FakeBook): { run: <T>(batch: (context: FakeContext) => Promise<T>) => Promise<T>; runs: number } {
  const excel = {
    runs: 0,
    run: async <T>(batch: (context: FakeContext) => Promise<T>): Promise<T> => {
      excel.runs += 1;
      return batch(new FakeContext(book));
    },
  };
  return excel;
}
