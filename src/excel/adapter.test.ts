import * as path from "path";
import { readXlsx } from "../xlsx";
import { settleMonth } from "../engine";
import { leaveRowsBehind, MARKER_SHEET, rowBlockOf, rowCountOf, rowStyleCode, rowStyleRuns, type OutputSheet, type RowStyle } from "../engine/core/output";
import { readInputSheets, writeOutputSheets, goToCell, CancelledError, type ExcelRun } from "./adapter";
import { FakeExcel, PAYLOAD_LIMIT_BYTES, type FakeRequestContext, type FakeRunOptions } from "./fake/fakeExcel";

const runOf = (fake: FakeExcel) => fake.run as unknown as ExcelRun;
const snapshot = (fake: FakeExcel, names: string[]) => JSON.stringify(names.map((n) => fake.sheet(n)?.values));

describe("the fake enforces what Excel enforces", () => {
  it("load before read; writes apply at sync; text with = becomes a formula unless formatted as text", async () => {
    const fake = new FakeExcel([{ name: "S", rows: [["a"]] }]);
    await fake.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("S").getRange("A1");
      expect(() => r.values).toThrow(/not available/);
      r.load("values");
      await ctx.sync();
      expect(r.values).toEqual([["a"]]);
      const ws = ctx.workbook.worksheets.getItem("S");
      ws.getRange("A2").values = [["=1+1"]];
      const b3 = ws.getRange("A3");
      b3.numberFormat = [["@"]];
      b3.values = [["=1+1"]];
      expect(() => (ws.getRange("A4:B4").values = [["x"]])).not.toThrow(); // queued: the shape error comes at sync
      await expect(ctx.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(fake.sheet("S")!.formulas.get("1,0")).toBeUndefined(); // the failed batch applied nothing
  });
});

describe("reading", () => {
  it("reads the sample workbook in row blocks, counting round trips", async () => {
    const wb = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
    const fake = new FakeExcel(wb.sheets);
    const progress: number[] = [];
    const read = await readInputSheets(runOf(fake), { blockRows: 100, onProgress: (p) => progress.push(p.done) });
    expect(read.sheets.map((s) => s.name)).toEqual(wb.sheets.map((s) => s.name));
    const tickets = read.sheets.find((s) => s.name === "Tickets")!;
    expect(tickets.rows.length).toBe(wb.sheets.find((s) => s.name === "Tickets")!.rows.length);
    // list + marker check + sizes + tables (for their total rows) + one sync per block of 100 rows
    const blocks = wb.sheets.reduce((n, s) => n + Math.ceil(s.rows.length / 100), 0);
    expect(fake.state.syncs).toBe(4 + blocks);
    expect(progress[progress.length - 1]).toBe(wb.sheets.reduce((n, s) => n + s.rows.length, 0));
    // Same figures as from the file
    const a = settleMonth(wb, { month: "2026-10", lang: "en" });
    const b = settleMonth(read, { month: "2026-10", lang: "en" });
    expect(JSON.stringify(b.json.statements)).toBe(JSON.stringify(a.json.statements));
  });

  it("halves the block and retries when a response would be over 5 MB", async () => {
    const big = "x".repeat(2000);
    const rows = Array.from({ length: 6000 }, (_, i) => [`T${i}`, big]);
    const fake = new FakeExcel([{ name: "Tickets", rows }]);
    const read = await readInputSheets(runOf(fake));
    expect(read.sheets[0].rows).toHaveLength(6000);
    expect(fake.state.largestResponseBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
  });
});

describe("writing", () => {
  async function settled() {
    const wb = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
    return { wb, run: settleMonth(wb, { month: "2026-10", lang: "zh" }) };
  }

  it("writes every output sheet with its formulas; ticket text that looks like a formula stays text; inputs untouched", async () => {
    const { wb, run } = await settled();
    const fake = new FakeExcel(wb.sheets);
    const before = snapshot(fake, wb.sheets.map((s) => s.name));
    const { lazyRows: _builder, ...plain } = run.sheets[0]; // a plain sheet: the rest copy builds every row
    const injected = { ...plain, rows: run.sheets[0].rows.map((r, i) => (i === 1 ? ["=HYPERLINK(\"http://x\")", "+cmd", "-2+3", "@SUM(1)", ...r.slice(4)] : r)) };
    const plan = await writeOutputSheets(runOf(fake), [injected, ...run.sheets.slice(1)], { blockRows: 500 });
    expect(plan.map((p) => p.name)).toEqual(run.sheets.map((s) => s.name));
    const findings = fake.sheet(run.sheets[0].name)!;
    expect(findings.values[1].slice(0, 4)).toEqual(["=HYPERLINK(\"http://x\")", "+cmd", "-2+3", "@SUM(1)"]);
    // The only formulas are the engine's own totals.
    const formulaCount = run.sheets.reduce((n, s) => n + s.formulas.length, 0);
    const fakeFormulas = run.sheets.reduce((n, s) => n + fake.sheet(s.name)!.formulas.size, 0);
    expect(fakeFormulas).toBe(formulaCount);
    expect(fake.sheet(MARKER_SHEET)!.visibility).toBe("VeryHidden");
    // The KPIs sheet gets a native chart over its compliance-by-clause block (one series per provider).
    // …and a line chart of compliance month over month (September and October are in the sample).
    expect(fake.sheet("KPIs 2026-10")!.charts).toEqual([
      { type: "ColumnClustered", address: "M1:O8", seriesBy: "Columns", title: "各条款达标率（%）" },
      { type: "Line", address: "M11:O13", seriesBy: "Columns", title: "各月达标率（%）" },
    ]);
    expect(snapshot(fake, wb.sheets.map((s) => s.name))).toBe(before);
    expect(fake.state.largestRequestBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
  });

  it("writes a sheet built on demand (the Findings sheet) block by block, the same cells as built whole", async () => {
    const { wb, run } = await settled();
    const findings = run.sheets[0];
    expect(findings.lazyRows).toBeDefined();
    const fake = new FakeExcel(wb.sheets);
    await writeOutputSheets(runOf(fake), [findings], { blockRows: 7 });
    const whole = findings.rows.map((r) => r.map((v) => (v === null ? "" : v)));
    expect(fake.sheet(findings.name)!.values.slice(0, whole.length)).toEqual(whole);
  });

  it("writes a sheet whose rows another thread holds (the engine's worker), fetching one block per request", async () => {
    const { wb, run } = await settled();
    const findings = run.sheets[0];
    const asked: [number, number][] = [];
    // As the pane gets it from the worker: no rows, a count, and a fetch of one block (here answered at once).
    const remote = { ...leaveRowsBehind(findings) };
    remote.remoteRows = { count: rowCountOf(findings), fetch: async (from, to) => (asked.push([from, to]), rowBlockOf(findings, from, to)) };
    const fake = new FakeExcel(wb.sheets);
    await writeOutputSheets(runOf(fake), [remote], { blockRows: 7 });
    const whole = findings.rows.map((r) => r.map((v) => (v === null ? "" : v)));
    expect(fake.sheet(findings.name)!.values.slice(0, whole.length)).toEqual(whole);
    expect(asked[0]).toEqual([0, 7]);
    expect(asked).toHaveLength(Math.ceil(whole.length / 7)); // each row asked for once
  });

  it("the benchmark's fake (keepWrittenCells: false) counts the same round trips and payloads without keeping cells", async () => {
    const { wb, run } = await settled();
    const keep = new FakeExcel(wb.sheets);
    const drop = new FakeExcel(wb.sheets);
    drop.state.keepWrittenCells = false;
    await writeOutputSheets(runOf(keep), run.sheets, { blockRows: 300 });
    await writeOutputSheets(runOf(drop), run.sheets, { blockRows: 300 });
    expect(drop.state.syncs).toBe(keep.state.syncs);
    expect(drop.state.largestRequestBytes).toBe(keep.state.largestRequestBytes);
    expect(drop.sheet(run.sheets[0].name)!.values).toEqual([]);
    expect(keep.sheet(run.sheets[0].name)!.values.length).toBeGreaterThan(1);
  });

  it("styles neighbouring rows as one range, and a sheet with 12,000 scattered late rows in several requests under 5 MB", async () => {
    expect([...rowStyleRuns({ rowStyles: [{ row: 0, style: "header" }, { row: 1, style: "late" }, { row: 2, style: "late" }, { row: 4, style: "late" }, { row: 5, style: "total" }] })])
      .toEqual([{ row: 0, count: 1, style: "header" }, { row: 1, count: 2, style: "late" }, { row: 4, count: 1, style: "late" }, { row: 5, count: 1, style: "total" }]);
    const write = async (lateRows: number) => {
      const rows = Array.from({ length: 24_001 }, (_, i) => [i === 0 ? "Ticket" : `T${i}`]);
      const sheet = { name: "Big", role: "findings" as const, rows, formulas: [], columns: [{ widthChars: 10 }], cellFormats: [], freezeRows: 1, tables: [],
        rowStyles: [{ row: 0, style: "header" as const }, ...Array.from({ length: lateRows }, (_, k) => ({ row: 1 + 2 * k, style: "late" as const }))] };
      const fake = new FakeExcel([]);
      await writeOutputSheets(runOf(fake), [sheet]);
      return fake;
    };
    const many = await write(12_000);
    const styled = many.sheet("Big")!.styles;
    expect(styled.get(1)).toEqual({ fill: "#FDE7E9" });
    expect(styled.get(2)).toBeUndefined();
    expect(styled.get(23_999)).toEqual({ fill: "#FDE7E9" });
    expect(many.state.largestRequestBytes).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    // A late run is one action (~600 bytes): 12,001 runs take four requests of about 2 MB, 4,001 runs two.
    const few = await write(4_000);
    expect(many.state.syncs - few.state.syncs).toBe(2);
  });

  it("styles rows given as a code per row (the Findings sheet) with the same requests as the same styles listed", async () => {
    const write = async (sheet: OutputSheet) => {
      const fake = new FakeExcel([]);
      const requests: number[][] = [];
      // Every request's writes, by size, as they are queued (an action's envelope plus its payload).
      const ctxOf = fake.run;
      fake.run = (async (options: FakeRunOptions, batch: (ctx: FakeRequestContext) => Promise<unknown>) => ctxOf(options, async (ctx) => {
        const sync = ctx.sync.bind(ctx);
        ctx.sync = async () => (requests.push(ctx.batch.writes.map((w) => w.bytes)), sync());
        return batch(ctx);
      })) as typeof fake.run;
      await writeOutputSheets(runOf(fake), [sheet]);
      return { requests, styles: [...fake.sheet("Big")!.styles.entries()].sort((a, b) => a[0] - b[0]), syncs: fake.state.syncs };
    };
    // 12,000 rows, most late (runs of 1 to 3), so the runs span more than one request.
    const looks: (RowStyle | undefined)[] = Array.from({ length: 12_002 }, (_, r) => (r === 0 ? "header" : r === 12_001 ? "total" : r % 7 === 3 || r % 5 === 0 ? undefined : "late"));
    const rows = looks.map((_, i) => [i === 0 ? "Ticket" : `T${i}`]);
    const base = { name: "Big", role: "findings" as const, rows, formulas: [], columns: [{ widthChars: 10 }], cellFormats: [], freezeRows: 1, tables: [] };
    const listed = await write({ ...base, rowStyles: looks.flatMap((style, row) => (style ? [{ row, style }] : [])) });
    const coded = await write({ ...base, rowStyles: [], rowStyleCodes: Uint8Array.from(looks, (style) => (style ? rowStyleCode(style) : 0)) });
    expect(listed.syncs).toBeGreaterThan(3);
    expect(coded).toEqual(listed);
    expect(coded.styles.filter(([, s]) => s.fill === "#FDE7E9")).toHaveLength(looks.filter((s) => s === "late").length);
  });

  it("a rerun that writes fewer parts deletes the earlier run's extra parts and Fees sheets, and drops them from the marker", async () => {
    const { wb } = await settled();
    const big = settleMonth(wb, { month: "2026-10", lang: "en", maxRowsPerSheet: 150 });
    const small = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets);
    await writeOutputSheets(runOf(fake), big.sheets);
    expect(fake.state.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(["Findings 2026-10 part 2", "Fees 2026-10"]));
    const before = snapshot(fake, wb.sheets.map((s) => s.name));
    await writeOutputSheets(runOf(fake), small.sheets);
    const names = fake.state.sheets.map((s) => s.name);
    expect(names.filter((n) => / part \d+$|^Fees /.test(n))).toEqual([]);
    expect(snapshot(fake, wb.sheets.map((s) => s.name))).toBe(before);
    const marker = fake.sheet(MARKER_SHEET)!.values.slice(1).map((r) => r[0]).filter(Boolean);
    expect([...marker].sort()).toEqual(small.sheets.map((s) => s.name).sort());
  });

  it("never overwrites a user's sheet of the same name; a rerun replaces only its own sheets", async () => {
    const { wb, run } = await settled();
    const mine = { name: run.sheets[1].name, rows: [["my notes"]] };
    const fake = new FakeExcel([...wb.sheets, mine]);
    const first = await writeOutputSheets(runOf(fake), run.sheets);
    expect(first[1]).toMatchObject({ name: `${run.sheets[1].name} (2)`, replace: false });
    expect(fake.sheet(mine.name)!.values).toEqual([["my notes"]]);
    const count = fake.state.sheets.length;
    const second = await writeOutputSheets(runOf(fake), run.sheets);
    expect(second.every((p) => p.replace)).toBe(true);
    expect(fake.state.sheets.length).toBe(count);
    expect(fake.sheet(mine.name)!.values).toEqual([["my notes"]]);
  });

  it("a sync failure mid-write leaves the inputs intact, and the next run replaces the half-written sheet", async () => {
    const { wb, run } = await settled();
    const fake = new FakeExcel(wb.sheets);
    const before = snapshot(fake, wb.sheets.map((s) => s.name));
    fake.state.failSyncAt = 6;
    await expect(writeOutputSheets(runOf(fake), run.sheets, { blockRows: 200 })).rejects.toMatchObject({ code: "GeneralException" });
    expect(snapshot(fake, wb.sheets.map((s) => s.name))).toBe(before);
    const plan = await writeOutputSheets(runOf(fake), run.sheets);
    expect(plan.map((p) => p.name)).toEqual(run.sheets.map((s) => s.name));
  });

  it("cancel stops between blocks", async () => {
    const { wb, run } = await settled();
    const fake = new FakeExcel(wb.sheets);
    const ctrl = new AbortController();
    const p = writeOutputSheets(runOf(fake), run.sheets, { blockRows: 50, signal: ctrl.signal, onProgress: (x) => x.done >= 100 && ctrl.abort() });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
  });

  it("template sheets are the user's input once written: not marked as output, read back by the next run", async () => {
    const { templateWorkbook } = await import("../engine");
    const fake = new FakeExcel([{ name: "Sheet1", rows: [] }]);
    await writeOutputSheets(runOf(fake), templateWorkbook("en"), { markAsOutput: false });
    const read = await readInputSheets(runOf(fake));
    expect(read.sheets.map((s) => s.name)).toEqual(["Sheet1", "Tickets", "Events", "Agreement", "SLA", "Calendar"]);
    expect(settleMonth(read, { month: "2026-10" }).issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("the print-ready report sheet gets its page setup (A4 landscape, fit to width, repeated rows, header/footer)", async () => {
    const { wb, run } = await settled();
    const { buildReport, buildReportSheet } = await import("../engine/report");
    const sheet = buildReportSheet(buildReport(run, run.statements[0].provider, { generatedAt: "2026-11-24T00:00:00Z", inputSha256: "ab".repeat(32), toolVersion: "test" }), "zh");
    const fake = new FakeExcel(wb.sheets);
    await writeOutputSheets(runOf(fake), [sheet]);
    const setup = fake.sheet(sheet.name)!.printSetup!;
    expect(setup).toMatchObject({ paperSize: "A4", orientation: "Landscape", zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 } });
    expect(setup.printTitleRows).toMatch(/^\$\d+:\$\d+$/);
    expect(String(setup.centerHeader ?? "") + String(setup.leftHeader ?? "") + String(setup.rightFooter ?? "") + String(setup.centerFooter ?? "")).toMatch(/&P|&N|SLA-2026-017/);
  });

  it("go to cell selects the issue's cell", async () => {
    const fake = new FakeExcel([{ name: "Tickets", rows: [["a"]] }]);
    await goToCell(runOf(fake), "Tickets", "F7");
    expect(fake.state.selection).toBe("Tickets!F7");
  });
});
