/**
 * The pane's side of the engine's worker, with the worker script itself run in-process behind a fake Worker that
 * passes every message through structuredClone, as a browser does: the settled month arrives without its large
 * sheets' rows, which are fetched one block per request while the adapter writes; cancel ends it all.
 */
import * as path from "path";
import { settleMonth } from "../engine";
import { rowCountOf } from "../engine/core/output";
import { CancelledError, writeOutputSheets, type ExcelRun } from "../excel/adapter";
import { FakeExcel } from "../excel/fake/fakeExcel";
import { readXlsx } from "../xlsx";

type Handler = ((e: { data: unknown }) => void) | null;
const scope = globalThis as unknown as { self: { onmessage: Handler; postMessage: (m: unknown) => void }; Worker?: unknown };

/** Messages each way go through structuredClone, a turn of the event loop apart; a terminated worker goes quiet. */
class FakeWorker {
  static live: FakeWorker[] = [];
  static requests: { kind?: string }[] = [];
  onmessage: Handler = null;
  onerror: ((e: { message: string }) => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.live.push(this);
  }
  postMessage(message: unknown): void {
    const data = structuredClone(message) as { kind?: string };
    FakeWorker.requests.push({ kind: data.kind });
    setImmediate(() => {
      if (this.terminated) return;
      scope.self.postMessage = (answer) => setImmediate(() => !this.terminated && this.onmessage?.({ data: structuredClone(answer) }));
      scope.self.onmessage?.({ data });
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

scope.self = { onmessage: null, postMessage: () => undefined };
scope.Worker = FakeWorker;
// The worker script sets self.onmessage when loaded; runEngine is loaded after the fake Worker is in place.
require("./engineWorker");
const { runEngine } = require("./runEngine") as typeof import("./runEngine");

const sample = path.join(__dirname, "../../examples/sample.xlsx");
const runOf = (fake: FakeExcel) => fake.run as unknown as ExcelRun;

beforeEach(() => {
  FakeWorker.live = [];
  FakeWorker.requests = [];
});

it("the settled month crosses without its large sheets' rows; writing fetches them block by block, the same cells", async () => {
  const book = await readXlsx(sample);
  const opts = { month: "2026-10", lang: "en" as const };
  const settled = await runEngine(book, opts);
  const direct = settleMonth(book, opts);
  const findings = settled.pane.sheets.find((s) => s.name === "Findings 2026-10")!;
  expect(findings.rows).toEqual([]);
  expect(findings.remoteRows?.count).toBe(rowCountOf(direct.sheets[0]));

  const fake = new FakeExcel(book.sheets);
  await writeOutputSheets(runOf(fake), settled.pane.sheets, { blockRows: 25 });
  settled.close();
  expect(FakeWorker.live.every((w) => w.terminated)).toBe(true);
  // The sheets whose rows crossed block by block (the others crossed whole, as before).
  for (const sheet of direct.sheets.filter((d) => settled.pane.sheets.find((s) => s.name === d.name)?.remoteRows)) {
    const whole = sheet.rows.map((r) => r.map((v) => (v === null ? "" : v)));
    expect(fake.sheet(sheet.name)!.values.slice(0, whole.length)).toEqual(whole);
  }
  const remote = settled.pane.sheets.filter((s) => s.remoteRows);
  const blocks = remote.reduce((n, s) => n + Math.ceil(rowCountOf(s) / 25), 0);
  expect(remote.length).toBeGreaterThanOrEqual(2); // Findings and Settlement at least
  expect(FakeWorker.requests.filter((r) => r.kind === "rows")).toHaveLength(blocks); // each block asked for once
});

it("cancel while writing: the block being fetched is given up, the worker ends, nothing more is asked", async () => {
  const book = await readXlsx(sample);
  const ctrl = new AbortController();
  const settled = await runEngine(book, { month: "2026-10", lang: "en" }, ctrl.signal);
  const findings = settled.pane.sheets.find((s) => s.name === "Findings 2026-10")!;
  let asked = 0;
  const fetch = findings.remoteRows!.fetch!;
  findings.remoteRows!.fetch = (from, to) => {
    asked += 1;
    const rows = fetch(from, to);
    if (asked === 2) ctrl.abort(); // while the second block is on its way
    return rows;
  };
  const fake = new FakeExcel(book.sheets);
  await expect(writeOutputSheets(runOf(fake), [findings], { blockRows: 25, signal: ctrl.signal })).rejects.toBeInstanceOf(CancelledError);
  expect(asked).toBe(2);
  expect(FakeWorker.live.every((w) => w.terminated)).toBe(true);
  settled.close(); // after a cancel: nothing left to end, and no error
});
