import fc from "fast-check";
import type { Cell, WorkbookData } from "../../src/engine/core/cells";
import type { SettlementRun } from "../../src/cli/pipeline";
import { settleMonth } from "../../src/engine";
import { formatSummary } from "../../src/cli/summary";

const AGREEMENT: Cell[][] = [["Contract No", "C-1"], ["Provider", "Acme"], ["Time Zone", "Asia/Shanghai"]];
const SLA: Cell[][] = [
  ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
  ["2.1", "Response", "", "reported", "responded", 24, "hours", "fixed", 100, null, "no"],
];
const HEAD = ["Ticket ID", "Provider", "Reported At", "Responded At", "Closed At", "Labour Fee", "Warranty"];
const row = (id: string, reported: Cell = "2026-10-09 10:00"): Cell[] => [id, "Acme", reported, "2026-10-09 11:00", "2026-10-12 10:00", 300, "out"];
const book = (rows: Cell[][]): WorkbookData => ({
  sheets: [{ name: "Tickets", rows: [HEAD, ...rows] }, { name: "Agreement", rows: AGREEMENT }, { name: "SLA", rows: SLA }],
});

describe("the CLI summary of a provisional statement", () => {
  it("says PROVISIONAL under the provider's figures, with the tickets and what to do (en, zh)", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `T${10 + i}`);
    const wb = book([row("T1"), ...ids.map((id) => row(id, "not a date"))]);
    const en = formatSummary(settleMonth(wb, { month: "2026-10", lang: "en" }), { lang: "en", out: "o.xlsx", plans: [] });
    expect(en).toContain("  PROVISIONAL — 12 tickets left out of these figures because of data errors: T10, T11, T12, T13, T14, T15, T16, T17, T18, T19 and 2 more.\n  Correct the cells listed");
    const zh = formatSummary(settleMonth(wb, { month: "2026-10", lang: "zh" }), { lang: "zh", out: "o.xlsx", plans: [] });
    expect(zh).toContain("  暂定 — 有 12 张工单因数据错误未计入本结算单金额：T10、T11、T12、T13、T14、T15、T16、T17、T18、T19 等共 12 张。");
  });

  it("says PROVISIONAL when a Payments row was left out of the overdue-payment fees, naming its cell", () => {
    const wb = book([row("T1")]);
    wb.sheets.push(
      { name: "Statements", rows: [["Statement", "Provider", "Month", "Amount", "Issued", "Received", "Due", "Disputed Amount"], ["S-09", "Acme", "2026-09", 1000, "2026-10-01", null, "2026-10-05", 0]] },
      { name: "Payments", rows: [["Statement", "Paid On", "Amount"], ["S-09", "someday", 1000]] },
    );
    const en = formatSummary(settleMonth(wb, { month: "2026-10", lang: "en" }), { lang: "en", out: "o.xlsx", plans: [] });
    expect(en).toContain("  PROVISIONAL — 1 Statements or Payments row left out of the overdue-payment fees because of data errors: Payments!B2.\n  Correct the cells listed for these rows");
  });

  it("says nothing of the kind for a final statement", () => {
    const text = formatSummary(settleMonth(book([row("T1")]), { month: "2026-10", lang: "en" }), { lang: "en", out: "o.xlsx", plans: [] });
    expect(text).not.toContain("PROVISIONAL");
  });
});

describe("the CLI summary of a provider", () => {
  it("with a statement shows its figures and never also says it has none", () => {
    const text = formatSummary(settleMonth(book([row("T1")]), { month: "2026-10", lang: "en" }), { lang: "en", out: "o.xlsx", plans: [] });
    expect(text).toContain("net payable");
    expect(text).not.toContain("no statement");
  });
});

describe("the CLI summary's counts (one pass over the findings)", () => {
  const statement = (provider: string) => ({
    provider, statementDate: "2026-11-01", dueDate: "2026-12-01", disputeBy: "2026-11-07T00:00:00", fees: "1.00", penalties: "0.00",
    capAdjustment: "0.00", overdueFees: "0.00", netPayable: "1.00",
  });

  it("counts each provider's distinct tickets, late and overdue findings as the definition does, providers in order", () => {
    const finding = fc.record({
      provider: fc.constantFrom("Acme", "Beta", "Gamma"),
      ticket: fc.constantFrom("T1", "T2", "T3", "T4", "T5"),
      status: fc.constantFrom("met", "late", "open", "overdue", "missing", "exempt", "error"),
    });
    fc.assert(fc.property(fc.array(finding, { maxLength: 40 }), fc.subarray(["Gamma", "Delta", "Acme"]), (findings, withStatement) => {
      const run = {
        month: "2026-10", lang: "en", sheets: [], json: { statements: withStatement.map(statement) }, issues: [], hasErrors: false,
        parsed: null, findings, statements: [], ctx: null,
      } as unknown as SettlementRun;
      const text = formatSummary(run, { lang: "en", out: "o.xlsx", plans: [] });
      const providers = [...new Set([...withStatement, ...findings.map((f) => f.provider)])];
      const expected = providers.map((p) => {
        const own = findings.filter((f) => f.provider === p);
        const late = own.filter((f) => f.status === "late").length;
        const overdue = own.filter((f) => f.status === "overdue").length;
        return `${p}\n  tickets ${new Set(own.map((f) => f.ticket)).size} · late findings ${late}${overdue ? ` · overdue (not yet charged) ${overdue}` : ""}`;
      });
      const found = [...text.matchAll(/\n\n([^\n]+\n  tickets [^\n]+)/g)].map((m) => m[1]);
      expect(found).toEqual(expected);
    }), { numRuns: 300 });
  });
});
