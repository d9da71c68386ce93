/**
 * The add-in as real Excel behaves: each case here is something Excel does (documented, cited in the fake) that
 * the fake host used to be kinder about. Every test drives the real adapter through the strict fake.
 */
import * as path from "path";
import { readXlsx } from "../xlsx";
import { settleMonth } from "../engine";
import type { Cell, WorkbookData } from "../engine/core/cells";
import { goToCell, loadHeaderMappings, readInputSheets, saveHeaderMappings, writeOutputSheets, type ExcelRun } from "./adapter";
import { ExcelHostError } from "./errors";
import { FakeExcel, PAYLOAD_LIMIT_BYTES, type FakeRequestContext, type FakeSheetInput } from "./fake/fakeExcel";
import { rowCountOf, type OutputSheet } from "../engine/core/output";

const runOf = (fake: FakeExcel) => fake.run as unknown as ExcelRun;
const sample = () => readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
const statementsOf = (wb: WorkbookData) => JSON.stringify(settleMonth(wb, { month: "2026-10", lang: "en" }).json.statements);
/** The same rows with `down` empty rows above and `right` empty columns to the left. */
const moved = (rows: Cell[][], down: number, right: number): Cell[][] => [
  ...Array.from({ length: down }, () => []),
  ...rows.map((r) => [...Array.from({ length: right }, () => null), ...r]),
];

describe("used range away from A1", () => {
  it("reads a Tickets sheet whose header is at B3 whole, and its issues point at the cells where they are", async () => {
    const wb = await sample();
    const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
    tickets.rows[3][6] = "not a date"; // Reported At of the third ticket: G4 in the file as read
    const atA1 = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets.map((s) => (s.name === "Tickets" ? { name: s.name, rows: moved(s.rows, 2, 1) } : s)));
    const read = await readInputSheets(runOf(fake));
    const readTickets = read.sheets.find((s) => s.name === "Tickets")!;
    expect(readTickets.rows[2].slice(1)).toEqual(tickets.rows[0]);
    expect(readTickets.rows[2][tickets.rows[0].length]).toBe("Remarks"); // the last column is not cut
    expect(readTickets.rows.length).toBe(tickets.rows.length + 2);
    const there = settleMonth(read, { month: "2026-10", lang: "en" });
    expect(JSON.stringify(there.json.statements)).toBe(JSON.stringify(atA1.json.statements));
    const bad = (r: typeof atA1) => r.issues.filter((i) => i.value === "not a date").map((i) => `${i.sheet}!${i.cell}`);
    expect(bad(atA1)).toContain("Tickets!G4");
    expect(bad(there)).toContain("Tickets!H6");
    expect(bad(there)).not.toContain("Tickets!G4");
  });
});

describe("input Tables with a Total Row", () => {
  it("does not read a Tickets table's total row as a ticket", async () => {
    const wb = await sample();
    const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
    const width = tickets.rows[0].length;
    const last = tickets.rows.length; // zero-based row of the total row
    const total: Cell[] = Array.from({ length: width }, (_, c) => (c === 0 ? "Total" : c === 15 ? 123456 : null));
    const sheets: FakeSheetInput[] = wb.sheets.map((s) => (s.name === "Tickets"
      ? { name: s.name, rows: [...s.rows, total], tables: [{ name: "TicketsTable", address: `A1:V${last + 1}`, showTotals: true }] }
      : s));
    const read = await readInputSheets(runOf(new FakeExcel(sheets)));
    const run = settleMonth(read, { month: "2026-10", lang: "en" });
    expect(run.issues.filter((i) => i.sheet === "Tickets" && i.cell.endsWith(String(last + 1)))).toEqual([]);
    expect(JSON.stringify(run.json.statements)).toBe(statementsOf(wb));
    // Without the table's word for it, the same row is a ticket the engine complains about.
    const plain = await readInputSheets(runOf(new FakeExcel(sheets.map(({ tables: _t, ...s }) => s))));
    expect(settleMonth(plain, { month: "2026-10", lang: "en" }).issues.filter((i) => i.sheet === "Tickets" && i.cell.endsWith(String(last + 1))).length).toBeGreaterThan(0);
  });
});

describe("a cell being edited during a run", () => {
  it("every batch waits for the user to leave cell-edit mode (delayForCellEdit), then reads, writes and goes to a cell", async () => {
    const wb = await sample();
    const fake = new FakeExcel(wb.sheets);
    const endEdit = fake.startCellEdit();
    let ended = false;
    setTimeout(() => ((ended = true), endEdit()), 30);
    const read = await readInputSheets(runOf(fake));
    expect(ended).toBe(true); // it waited, it did not fail
    const run = settleMonth(read, { month: "2026-10", lang: "en" });
    const end2 = fake.startCellEdit();
    setTimeout(end2, 10);
    await writeOutputSheets(runOf(fake), run.sheets.slice(0, 2));
    const end3 = fake.startCellEdit();
    setTimeout(end3, 10);
    await goToCell(runOf(fake), "Tickets", "B3");
    expect(fake.state.selection).toBe("Tickets!B3");
  });

  it("the fake fails a batch sent without delayForCellEdit while a cell is edited, as Excel does", async () => {
    const fake = new FakeExcel([{ name: "S", rows: [["a"]] }]);
    fake.startCellEdit();
    await expect(fake.run(async (ctx) => ctx.sync())).rejects.toMatchObject({ code: "InvalidOperationInCellEditMode" });
  });
});

describe("payload sizes as Excel counts them", () => {
  /** A Findings-like sheet: Chinese remarks three bytes a character in UTF-8, and many bold total rows. */
  const chineseSheet = (rows: number, boldEvery = 0): OutputSheet => ({
    name: "发现 2026-10", role: "findings", formulas: [], cellFormats: [], freezeRows: 1, tables: [],
    columns: [{ widthChars: 10 }, { widthChars: 40 }, { widthChars: 12, numberFormat: "#,##0.00" }],
    rows: Array.from({ length: rows }, (_, i) => (i === 0 ? ["工单", "说明", "金额"] : [`HX-${i}`, "服务商未在约定时限内响应，按第二条第一款计收违约金。".repeat(7), i * 1.25])),
    rowStyles: [{ row: 0, style: "header" }, ...(boldEvery ? Array.from({ length: Math.floor((rows - 1) / boldEvery) }, (_, k) => ({ row: 1 + k * boldEvery, style: "total" as const })) : [])],
  });

  it("never sends a request over 5 MB in UTF-8 bytes: a 10,000-row block of Chinese text is split before it is sent", async () => {
    const fake = new FakeExcel([]);
    fake.state.logRequests = true;
    await writeOutputSheets(runOf(fake), [chineseSheet(10_001)]);
    expect(fake.sheet("发现 2026-10")!.values[10_000][0]).toBe("HX-10000");
    expect(Math.max(...fake.state.requestLog)).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
  });

  it("Excel on the web's GeneralException for an oversize request is treated as too big: the block is halved", async () => {
    const fake = new FakeExcel([]);
    fake.state.payloadErrorCode = "GeneralException";
    await writeOutputSheets(runOf(fake), [chineseSheet(10_001)], { blockRows: 10_000 });
    expect(fake.sheet("发现 2026-10")!.values).toHaveLength(10_001);
  });

  it("styles split into requests under 5 MB when each run costs two actions (fill and bold), retrying smaller on a refusal", async () => {
    const fake = new FakeExcel([]);
    fake.state.logRequests = true;
    await writeOutputSheets(runOf(fake), [chineseSheet(24_001, 2)]);
    expect(fake.sheet("发现 2026-10")!.styles.get(23_999)).toEqual({ fill: "#E8F3E8", bold: true });
    expect(Math.max(...fake.state.requestLog)).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
  });

  it("a read over the cell limit (RangeExceedsLimit, or values === null) is halved and retried", async () => {
    const wb = await sample();
    for (const mode of ["RangeExceedsLimit", "null"] as const) {
      const fake = new FakeExcel(wb.sheets);
      fake.state.oversizeRead = mode;
      fake.state.readCellLimit = 1_000; // the sample's 22 columns: 45 rows a read at most
      const read = await readInputSheets(runOf(fake));
      expect(statementsOf(read)).toBe(statementsOf(wb));
    }
  });

  it("page setup goes in its own request: a property Excel refuses fails only that, and the data stays", async () => {
    const sheet = { ...chineseSheet(20), pageSetup: { paperSize: "A4" as const, orientation: "landscape" as const, fitToWidth: true, header: { center: "x".repeat(300) } } };
    const fake = new FakeExcel([]);
    const notices: string[] = [];
    await writeOutputSheets(runOf(fake), [sheet], { onNotice: (n) => notices.push(`${n.sheet}: ${n.what}`) });
    expect(fake.sheet("发现 2026-10")!.values).toHaveLength(20);
    expect(fake.sheet("发现 2026-10")!.printSetup).toMatchObject({ paperSize: "A4", orientation: "Landscape" });
    expect(notices).toEqual(["发现 2026-10: centerHeader"]);
  });
});

describe("1904 date system", () => {
  /** Date columns of the sample, by sheet. */
  const DATE_COLUMNS: Record<string, number[]> = { Tickets: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14], Events: [2], Statements: [4, 5, 6], Payments: [1] };
  /** The sample as Excel holds it in a 1904 book: the same dates shown, serials counted from 1904-01-01. */
  const as1904 = (wb: WorkbookData): FakeSheetInput[] => wb.sheets.map((s) => {
    const numberFormats: Record<string, string> = {};
    const rows = s.rows.map((r, i) => r.map((v, c) => {
      if (i === 0 || typeof v !== "number" || !DATE_COLUMNS[s.name]?.includes(c)) return v;
      numberFormats[`${i},${c}`] = "yyyy-mm-dd hh:mm";
      return v - 1462;
    }));
    return { name: s.name, rows, numberFormats };
  });

  it("reads a 1904 book's dates as the dates Excel shows, and writes dates that show the same in it", async () => {
    const wb = await sample();
    const fake = new FakeExcel(as1904(wb), { date1904: true });
    const read = await readInputSheets(runOf(fake));
    expect(statementsOf(read)).toBe(statementsOf(wb));
    const run = settleMonth(read, { month: "2026-10", lang: "en" });
    const findings = run.sheets[0];
    const dateCol = findings.columns.findIndex((c) => /yy/.test(c.numberFormat ?? ""));
    expect(dateCol).toBeGreaterThanOrEqual(0);
    await writeOutputSheets(runOf(fake), [findings]);
    const row = findings.rows.findIndex((r, i) => i > 0 && typeof r[dateCol] === "number");
    expect(fake.sheet(findings.name)!.values[row][dateCol]).toBeCloseTo((findings.rows[row][dateCol] as number) - 1462, 9);
    // Non-date numbers are written as they are.
    const moneyCol = findings.columns.findIndex((c) => /0\.00/.test(c.numberFormat ?? ""));
    const moneyRow = findings.rows.findIndex((r, i) => i > 0 && typeof r[moneyCol] === "number");
    if (moneyCol >= 0 && moneyRow > 0) expect(fake.sheet(findings.name)!.values[moneyRow][moneyCol]).toBe(findings.rows[moneyRow][moneyCol]);
  });

  it("a 1900 book is read and written unchanged (the detection answers 1462 for DATE(1904,1,1) there)", async () => {
    const wb = await sample();
    const fake = new FakeExcel(wb.sheets);
    const read = await readInputSheets(runOf(fake));
    expect(statementsOf(read)).toBe(statementsOf(wb));
  });
});

describe("rerun in place", () => {
  it("a rerun clears and rewrites the tool's sheets in place: the user's formulas pointing at them keep working", async () => {
    const wb = await sample();
    const run = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel([...wb.sheets, { name: "My Summary", rows: [["Settled"]] }]);
    await writeOutputSheets(runOf(fake), run.sheets);
    const settlement = run.sheets.find((s) => s.role === "settlement")!.name;
    const before = fake.state.sheets.map((s) => [s.name, s.id]);
    const mine = fake.sheet("My Summary")!;
    mine.formulas.set("0,1", `='${settlement}'!B5`);
    // The user merged two cells on the tool's sheet and the next run has fewer late rows.
    fake.sheet(settlement)!.merged.push({ row: 0, col: 0, rows: 1, cols: 2 });
    const smaller = settleMonth({ sheets: wb.sheets.map((s) => (s.name === "Tickets" ? { ...s, rows: s.rows.slice(0, 120) } : s)) }, { month: "2026-10", lang: "en" });
    await writeOutputSheets(runOf(fake), smaller.sheets);
    expect(mine.formulas.get("0,1")).toBe(`='${settlement}'!B5`);
    expect(fake.state.sheets.map((s) => [s.name, s.id])).toEqual(before);
    for (const sheet of smaller.sheets) {
      const written = fake.sheet(sheet.name)!;
      const rows = rowCountOf(sheet);
      expect(written.values.length).toBeLessThanOrEqual(rows); // nothing of the larger run left below
      expect(written.tables.map((t) => t.name)).toEqual(sheet.tables.map((t) => t.name));
      expect(written.charts).toHaveLength(sheet.charts?.length ?? 0);
    }
  });
});

describe("table names are workbook-wide", () => {
  it("an output table never takes a name another table already has (a kept, renamed old sheet), and lands on its own sheet", async () => {
    const wb = await sample();
    const run = settleMonth(wb, { month: "2026-10", lang: "en" });
    const kpis = run.sheets.find((s) => s.role === "kpis")!;
    const taken = kpis.tables[0].name;
    const fake = new FakeExcel([
      ...wb.sheets,
      { name: "Old KPIs", rows: [["a", "b"], [1, 2]], tables: [{ name: taken, address: "A1:B2" }] },
    ]);
    fake.state.activeSheet = "Tickets"; // a bare address would put every table here
    await writeOutputSheets(runOf(fake), run.sheets);
    expect(fake.sheet("Old KPIs")!.tables.map((t) => t.name)).toEqual([taken]);
    const names = fake.state.sheets.flatMap((s) => s.tables.map((t) => t.name.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
    expect(fake.sheet(kpis.name)!.tables.map((t) => t.name)).toEqual([`${taken}_2`]);
    expect(fake.sheet("Tickets")!.tables).toEqual([]);
    // The next run rewrites its own sheets in place: its tables keep their names, none is added twice.
    await writeOutputSheets(runOf(fake), run.sheets);
    expect(fake.sheet(kpis.name)!.tables.map((t) => t.name)).toEqual([`${taken}_2`]);
  });
});

describe("the fake refuses what Excel refuses", () => {
  it("duplicate table names and overlapping tables are InvalidArgument", async () => {
    const fake = new FakeExcel([{ name: "A", rows: [] }, { name: "B", rows: [] }]);
    await expect(fake.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItem("A");
      a.tables.add(a.getRange("A1:B3"), true).name = "T";
      const b = ctx.workbook.worksheets.getItem("B");
      b.tables.add(b.getRange("A1:B3"), true).name = "t";
      await ctx.sync();
    })).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(fake.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItem("A");
      a.tables.add(a.getRange("A1:B3"), true);
      a.tables.add(a.getRange("B2:C4"), true);
      await ctx.sync();
    })).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("deleting a very hidden sheet is InvalidOperation; a formula Excel cannot parse fails its whole batch", async () => {
    const fake = new FakeExcel([{ name: "A", rows: [["x"]] }, { name: "H", rows: [], visibility: "VeryHidden" }]);
    await expect(fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("H").delete();
      await ctx.sync();
    })).rejects.toMatchObject({ code: "InvalidOperation" });
    await expect(fake.run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItem("A");
      a.getRange("B1").values = [["kept?"]];
      a.getRange("C1").formulas = [["=SUM(A1:A3"]];
      await ctx.sync();
    })).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(fake.sheet("A")!.values[0]).toEqual(["x"]);
  });

  it("header/footer sections over 255 characters, writing into part of a merged area, and a protected sheet are refused", async () => {
    const fake = new FakeExcel([{ name: "A", rows: [], merged: ["A1:B2"] }, { name: "P", rows: [], protected: true }]);
    const refused = (batch: (ctx: FakeRequestContext) => void) => fake.run(async (ctx) => (batch(ctx), ctx.sync()));
    await expect(refused((ctx) => ((ctx.workbook.worksheets.getItem("A").pageLayout.headersFooters as unknown as { defaultForAllPages: Record<string, string> }).defaultForAllPages.centerHeader = "x".repeat(256)))).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(refused((ctx) => (ctx.workbook.worksheets.getItem("A").getRange("B2:C2").values = [["a", "b"]]))).rejects.toMatchObject({ code: "InvalidOperation" });
    await expect(refused((ctx) => (ctx.workbook.worksheets.getItem("P").getRange("A1").values = [["a"]]))).rejects.toMatchObject({ code: "AccessDenied" });
  });

  it("settings are kept in the file only through saveAsync", async () => {
    const fake = new FakeExcel([]);
    await saveHeaderMappings({ tickets: { "Ticket No": "ticketId" } }, fake.settings as unknown as Office.Settings);
    expect(fake.state.settings.get("slaLedger.headerMappings")).toEqual({ tickets: { "Ticket No": "ticketId" } });
    expect(loadHeaderMappings(new FakeExcel([]).settings as unknown as Office.Settings)).toEqual({});
    fake.settings.set("other", 1);
    expect(fake.state.settings.has("other")).toBe(false);
  });
});

describe("host errors and incomplete runs", () => {
  const snapshotOf = (fake: FakeExcel, names: string[]) => JSON.stringify(names.map((n) => [fake.sheet(n)?.values, [...(fake.sheet(n)?.formulas ?? [])], fake.sheet(n)?.id]));

  it("a protected workbook: a typed, translated error that is not retryable, every input intact, every output sheet incomplete", async () => {
    const wb = await sample();
    const run = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets, { workbookProtected: true });
    const before = snapshotOf(fake, wb.sheets.map((s) => s.name));
    const err = await writeOutputSheets(runOf(fake), run.sheets).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExcelHostError);
    const host = err as ExcelHostError;
    expect(host).toMatchObject({ kind: "protected", code: "AccessDenied", stage: "writing", retryable: false });
    expect(host.incompleteSheets).toEqual(run.sheets.map((s) => s.name));
    expect(host.text("en")).toMatch(/protected.*unchanged.*Unprotect/);
    expect(host.text("zh")).toMatch(/受保护.*未被改动/);
    expect(snapshotOf(fake, wb.sheets.map((s) => s.name))).toBe(before);
    expect(fake.state.sheets.map((s) => s.name)).toEqual(wb.sheets.map((s) => s.name));
  });

  it("a host fault mid-write: retryable, names the sheets left incomplete (not the ones finished), and Retry completes them", async () => {
    const wb = await sample();
    const run = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets);
    const before = snapshotOf(fake, wb.sheets.map((s) => s.name));
    let finished = 0;
    fake.state.failSyncAt = 12;
    const err = (await writeOutputSheets(runOf(fake), run.sheets, { blockRows: 50, onProgress: (p) => (finished = p.done) }).catch((e: unknown) => e)) as ExcelHostError;
    expect(err).toBeInstanceOf(ExcelHostError);
    expect(err).toMatchObject({ kind: "hostFault", code: "GeneralException", retryable: true });
    expect(err.incompleteSheets.length).toBeGreaterThan(0);
    expect(err.incompleteSheets).toEqual(run.sheets.map((s) => s.name).slice(run.sheets.length - err.incompleteSheets.length));
    expect(finished).toBeGreaterThan(0);
    expect(err.text("en")).toContain(`Incomplete: ${err.incompleteSheets.join(", ")}`);
    expect(snapshotOf(fake, wb.sheets.map((s) => s.name))).toBe(before);
    await writeOutputSheets(runOf(fake), run.sheets);
    const findings = run.sheets[0];
    expect(fake.sheet(findings.name)!.values.length).toBe(rowCountOf(findings));
  });

  it("Excel calculates nothing while the tool writes (suspendApiCalculationUntilNextSync on every write), then recalculates once", async () => {
    const wb = await sample();
    const run = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets);
    await writeOutputSheets(runOf(fake), run.sheets, { blockRows: 100 });
    expect(fake.state.cellWrites).toBeGreaterThan(10);
    expect(fake.state.calcSuspendedWrites).toBe(fake.state.cellWrites);
    expect(fake.state.recalculations).toBe(1);
  });
});
