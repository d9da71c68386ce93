import type { Cell, WorkbookData } from "../../src/engine/core/cells";
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
