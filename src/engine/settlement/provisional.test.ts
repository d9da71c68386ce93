import type { Cell, WorkbookData } from "../core/cells";
import { rowStylesOf } from "../core/output";
import { settleMonth } from "..";

const AGREEMENT: Cell[][] = [["Contract No", "C-1"], ["Provider", "Acme"], ["Time Zone", "Asia/Shanghai"], ["Working Hours", "09:00-12:00, 13:00-18:00"]];
const SLA: Cell[][] = [
  ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
  ["2.1", "Response", "", "reported", "responded", 24, "hours", "fixed", 100, null, "no"],
];
const HEAD = ["Ticket ID", "Provider", "Reported At", "Responded At", "Closed At", "Labour Fee", "Warranty"];
const row = (id: string, provider: string, reported: Cell = "2026-10-09 10:00"): Cell[] => [id, provider, reported, "2026-10-09 11:00", "2026-10-12 10:00", 300, "out"];
const book = (rows: Cell[][]): WorkbookData => ({
  sheets: [{ name: "Tickets", rows: [HEAD, ...rows] }, { name: "Agreement", rows: AGREEMENT }, { name: "SLA", rows: SLA }],
});

describe("provisional statements", () => {
  const rows = [row("T1", "Acme"), row("T2", "Acme", "2026-13-01 10:00"), row("T3", "Beta"), row("T4", "Acme")];

  it("a statement that leaves tickets out is provisional in the run, the JSON and the Settlement sheet", () => {
    const run = settleMonth(book(rows), { month: "2026-10", lang: "en" });
    const acme = run.statements.find((s) => s.provider === "Acme")!;
    const beta = run.statements.find((s) => s.provider === "Beta")!;
    expect([acme.provisional, acme.excludedTickets, beta.provisional]).toEqual([true, ["T2"], false]);
    expect(run.unassignedRows).toEqual([]);
    const json = run.json.statements as { provider: string; provisional: boolean; excludedTickets: string[] }[];
    expect(json.map((s) => [s.provider, s.provisional, s.excludedTickets])).toEqual([["Acme", true, ["T2"]], ["Beta", false, []]]);

    const sheet = run.sheets.find((s) => s.name === "Settlement 2026-10")!;
    const text = sheet.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(text[0]).toBe("Settlement 2026-10 — PROVISIONAL · Contract No C-1");
    expect(text).toContain("Provider: Acme — PROVISIONAL");
    expect(text).toContain("Provider: Beta");
    expect(text).toContain("PROVISIONAL | PROVISIONAL — 1 ticket left out of these figures because of data errors: T2.");
    expect(text.some((t) => t.startsWith("What to do | Correct the cells listed for these tickets on the Data Issues sheet"))).toBe(true);
    // The ticket's own error: where, what, and how to fix it.
    const detail = sheet.rows.find((r) => r[0] === "T2" && r[1] === "Tickets!C3")!;
    expect(detail[6]).toMatch(/^"2026-13-01 10:00" is not a date and time\. Write it as 2026-10-03 14:05/);
    // Acme's net payable says provisional; Beta's does not.
    expect(sheet.rows.filter((r) => typeof r[0] === "string" && (r[0] as string).startsWith("Net payable")).map((r) => r[0])).toEqual(["Net payable (provisional)", "Net payable"]);
  });

  it("in Chinese too", () => {
    const run = settleMonth(book(rows), { month: "2026-10", lang: "zh" });
    const text = run.sheets.find((s) => s.name === "Settlement 2026-10")!.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(text[0]).toBe("2026-10 结算单（暂定） · 合同编号 C-1");
    expect(text).toContain("暂定 | 暂定 — 有 1 张工单因数据错误未计入本结算单金额：T2。");
    expect(text.some((t) => t.startsWith("应付净额（暂定） | "))).toBe(true);
  });

  it("rows no provider can be given (a duplicate ID) make every statement provisional, and are named by cell", () => {
    const run = settleMonth(book([...rows, row("T9", "Beta"), row("T9", "Beta")]), { month: "2026-10", lang: "en" });
    expect(run.unassignedRows).toEqual([{ ticket: "T9", cell: "Tickets!A6" }, { ticket: "T9", cell: "Tickets!A7" }]);
    expect(run.statements.map((s) => [s.provider, s.provisional])).toEqual([["Acme", true], ["Beta", true]]);
    const text = run.sheets.find((s) => s.name === "Settlement 2026-10")!.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(text).toContain("PROVISIONAL | PROVISIONAL — 2 ticket rows with a duplicate or missing ID could not be given to any provider: T9 (Tickets!A6), T9 (Tickets!A7).");
  });

  it("a Statements or Payments row left out by a data error makes its provider's statement provisional, or every statement when it names none", () => {
    // Acme's September statement, and a payment of it whose amount cannot be read: the overdue-payment fee would
    // count the balance as unpaid, so Acme's figures are not final; Beta's are.
    const statements: Cell[][] = [
      ["Statement", "Provider", "Month", "Amount", "Issued", "Received", "Due", "Disputed Amount"],
      ["S-09-A", "Acme", "2026-09", 1000, "2026-10-01", null, "2026-10-05", 0],
    ];
    const payments: Cell[][] = [["Statement", "Paid On", "Amount"], ["S-09-A", "2026-10-08", "one thousand"]];
    const withRecords = (pay: Cell[][]): WorkbookData => ({
      sheets: [...book([row("T1", "Acme"), row("T3", "Beta")]).sheets, { name: "Statements", rows: statements }, { name: "Payments", rows: pay }],
    });
    const run = settleMonth(withRecords(payments), { month: "2026-10", lang: "en" });
    expect(run.statements.map((s) => [s.provider, s.provisional, s.excludedTickets, s.recordsLeftOut])).toEqual([
      ["Acme", true, [], ["Payments!C2"]],
      ["Beta", false, [], []],
    ]);
    const json = run.json.statements as { provider: string; provisional: boolean; recordsLeftOut: string[] }[];
    expect(json.map((s) => [s.provider, s.provisional, s.recordsLeftOut])).toEqual([["Acme", true, ["Payments!C2"]], ["Beta", false, []]]);
    const text = run.sheets.find((s) => s.name === "Settlement 2026-10")!.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(text).toContain("Provider: Acme — PROVISIONAL");
    expect(text).toContain("Provider: Beta");
    expect(text).toContain("PROVISIONAL | PROVISIONAL — 1 Statements or Payments row left out of the overdue-payment fees because of data errors: Payments!C2.");
    expect(text.some((t) => t.startsWith("What to do | Correct the cells listed for these rows on the Data Issues sheet"))).toBe(true);

    // A payment against a statement no row lists may be any provider's: both statements are provisional.
    const unknown = settleMonth(withRecords([["Statement", "Paid On", "Amount"], ["S-09-X", "2026-10-08", 1000]]), { month: "2026-10", lang: "zh" });
    expect(unknown.statements.map((s) => [s.provider, s.provisional, s.recordsLeftOut])).toEqual([
      ["Acme", true, ["Payments!A2"]],
      ["Beta", true, ["Payments!A2"]],
    ]);
    const zh = unknown.sheets.find((s) => s.name === "Settlement 2026-10")!.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(zh).toContain("暂定 | 暂定 — 有 1 行结算单或付款记录因数据错误未计入滞纳金的计算：Payments!A2。");

    // With a ticket of its own left out too, both are said, the rows' sentence after the tickets'.
    const both = settleMonth(
      { sheets: [...book([row("T1", "Acme"), row("T2", "Acme", "2026-13-01 10:00")]).sheets, { name: "Statements", rows: statements }, { name: "Payments", rows: payments }] },
      { month: "2026-10", lang: "zh" },
    );
    const bothText = both.sheets.find((s) => s.name === "Settlement 2026-10")!.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(bothText).toContain("暂定 | 暂定 — 有 1 张工单因数据错误未计入本结算单金额：T2。另有 1 行结算单或付款记录因数据错误未计入滞纳金的计算：Payments!C2。");

    // Read correctly, the same rows leave nothing out.
    const clean = settleMonth(withRecords([["Statement", "Paid On", "Amount"], ["S-09-A", "2026-10-08", 1000]]), { month: "2026-10", lang: "en" });
    expect(clean.statements.map((s) => [s.provider, s.provisional, s.recordsLeftOut])).toEqual([["Acme", false, []], ["Beta", false, []]]);
  });

  it("a clean month is final everywhere", () => {
    const run = settleMonth(book([row("T1", "Acme"), row("T3", "Beta")]), { month: "2026-10", lang: "en" });
    expect(run.statements.every((s) => !s.provisional)).toBe(true);
    const sheet = run.sheets.find((s) => s.name === "Settlement 2026-10")!;
    expect(sheet.rows.flat().some((c) => typeof c === "string" && c.includes("PROVISIONAL"))).toBe(false);
  });
});

describe("the Settlement sheet's layout", () => {
  const run = settleMonth(book([row("T1", "Acme"), row("T3", "Beta")]), { month: "2026-10", lang: "en" });
  const sheet = run.sheets.find((s) => s.name === "Settlement 2026-10")!;

  it("freezes the column header (row 2) and repeats it on every printed page", () => {
    expect(sheet.freezeRows).toBe(2);
    expect(rowStylesOf(sheet).find((s) => s.row === 1)?.style).toBe("header");
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToWidth: true, repeatRows: { first: 0, last: 1 } });
  });

  it("every amount column has one money format and is right-aligned, headers included", () => {
    const money = sheet.columns.slice(2, 6);
    expect(money.map((c) => [c.numberFormat, c.align])).toEqual(Array(4).fill(["#,##0.00", "right"]));
    // Fee line: labour, parts, shipping and fee all in those columns, as numbers.
    const fee = sheet.rows.find((r) => r[0] === "T1")!;
    expect(fee.slice(2, 6)).toEqual([300, 0, 0, 300]);
  });

  it("subtotals, the net payable and the reconciliation are formulas over the cells they add up", () => {
    const labels = (r: number) => sheet.rows[r][0];
    const byLabel = new Map(sheet.formulas.map((f) => [labels(f.row), f.formula]));
    expect(byLabel.get("Total fees")).toMatch(/^=SUM\(F\d+:F\d+\)$/);
    expect(byLabel.get("Net payable")).toMatch(/^=F\d+-\(F\d+\+F\d+\)\+F\d+$/);
  });
});
