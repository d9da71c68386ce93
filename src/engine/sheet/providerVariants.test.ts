import type { Cell, WorkbookData } from "../core/cells";
import { renderIssue } from "../core/messages";
import { inspectWorkbook, settleMonth } from "..";
import { providerKey } from "./providerVariants";

const AGREEMENT: Cell[][] = [
  ["Contract No", "C-1"], ["Provider", "Huaxiu Service Co."], ["Time Zone", "Asia/Shanghai"], ["Working Hours", "09:00-12:00, 13:00-18:00"],
];
const SLA: Cell[][] = [
  ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
  ["2.1", "Response", "", "reported", "responded", 24, "hours", "fixed", 100, null, "no"],
];
const HEAD = ["Ticket ID", "Provider", "Reported At", "Responded At", "Closed At", "Labour Fee", "Warranty"];
const row = (id: string, provider: string | null): Cell[] => [id, provider, "2026-10-09 10:00", "2026-10-09 11:00", "2026-10-12 10:00", 300, "out"];

function book(rows: Cell[][], extra: { name: string; rows: Cell[][] }[] = []): WorkbookData {
  return { sheets: [{ name: "Tickets", rows: [HEAD, ...rows] }, { name: "Agreement", rows: AGREEMENT }, { name: "SLA", rows: SLA }, ...extra] };
}
const ROWS = [
  row("T1", "Huaxiu Service Co."), row("T2", "Huaxiu Service Co."), row("T3", "Huaxiu Service Co"),
  row("T4", "ＨＵＡＸＩＵ  service co"), row("T5", "Northwind"), row("T6", "Huaxiu Service Co."),
];

describe("provider names that differ only by case, width, spaces or punctuation", () => {
  it("share a key; different names do not", () => {
    expect(providerKey("Huaxiu Service Co.")).toBe(providerKey("ＨＵＡＸＩＵ  service co"));
    expect(providerKey("华修服务（深圳）有限公司")).toBe(providerKey("华修服务(深圳)有限公司"));
    expect(providerKey("Huaxiu Service Co")).not.toBe(providerKey("Huaxiu Services Co"));
  });

  it("without a mapping: no merge, one warning listing every spelling with its count and cells", () => {
    const run = settleMonth(book(ROWS), { month: "2026-10", lang: "en" });
    // Kept apart: which spelling is the provider's is the user's call, never a guess.
    expect(new Set(run.statements.map((s) => s.provider))).toEqual(new Set(["Huaxiu Service Co.", "Huaxiu Service Co", "ＨＵＡＸＩＵ  service co", "Northwind"]));
    const warnings = run.issues.filter((i) => i.code === "PROVIDER_NAME_VARIANTS");
    expect(warnings).toHaveLength(1);
    const w = warnings[0];
    expect(w.severity).toBe("warning");
    // Cited at the least used spelling's first cell; the Agreement's Provider counts as a use.
    expect({ sheet: w.sheet, cell: w.cell, value: w.value }).toEqual({ sheet: "Tickets", cell: "B5", value: "ＨＵＡＸＩＵ  service co" });
    const en = renderIssue(w, "en");
    expect(en.problem).toContain('"Huaxiu Service Co." (4×, first at Agreement!B2, Tickets!B2, Tickets!B3, …)');
    expect(en.problem).toContain('"Huaxiu Service Co" (1×, first at Tickets!B4)');
    expect(en.fix).toContain('map "ＨＵＡＸＩＵ  service co" onto "Huaxiu Service Co."');
    const zh = renderIssue(w, "zh");
    expect(zh.problem).toContain("“Huaxiu Service Co.”（4 处，首见于 Agreement!B2, Tickets!B2, Tickets!B3 等）");
    expect(run.hasErrors).toBe(false);
  });

  it("the overview lists the variants as written, most used first", () => {
    const o = inspectWorkbook(book(ROWS));
    expect(o.providerVariants).toEqual([
      {
        key: "huaxiuserviceco",
        names: [
          { name: "Huaxiu Service Co.", count: 4, cells: ["Agreement!B2", "Tickets!B2", "Tickets!B3"] },
          { name: "Huaxiu Service Co", count: 1, cells: ["Tickets!B4"] },
          { name: "ＨＵＡＸＩＵ  service co", count: 1, cells: ["Tickets!B5"] },
        ],
      },
    ]);
    expect(o.providers).toEqual(["Huaxiu Service Co", "Huaxiu Service Co.", "Northwind", "ＨＵＡＸＩＵ  service co"]);
  });

  it("with a mapping: the variants settle under one provider, whose fees and findings include theirs; each mapping is reported", () => {
    const aliases = { "Huaxiu Service Co": "Huaxiu Service Co.", "ＨＵＡＸＩＵ  service co": "Huaxiu Service Co." };
    const split = settleMonth(book(ROWS), { month: "2026-10", lang: "en" });
    const run = settleMonth(book(ROWS), { month: "2026-10", lang: "en", providerAliases: aliases });
    expect(run.statements.map((s) => s.provider)).toEqual(["Huaxiu Service Co.", "Northwind"]);
    const huaxiu = run.statements[0];
    // Split, the provider's statement had 3 tickets' fees; mapped, it has all 5.
    expect(split.statements.find((s) => s.provider === "Huaxiu Service Co.")!.feeTickets).toBe(3);
    expect(huaxiu.feeTickets).toBe(5);
    expect(huaxiu.fees.toString()).toBe("1500");
    expect(run.issues.filter((i) => i.code === "PROVIDER_NAME_VARIANTS")).toEqual([]);
    const applied = run.issues.filter((i) => i.code === "PROVIDER_ALIAS_APPLIED");
    expect(applied.map((i) => [i.severity, `${i.sheet}!${i.cell}`, i.value, i.params.count])).toEqual([
      ["info", "Tickets!B4", "Huaxiu Service Co", 1],
      ["info", "Tickets!B5", "ＨＵＡＸＩＵ  service co", 1],
    ]);
    expect(renderIssue(applied[0], "zh").problem).toBe("服务商“Huaxiu Service Co”（1 处，首见于 Tickets!B4）按“设置”中的映射计入“Huaxiu Service Co.”。");
    // The findings of a mapped ticket are the provider's too.
    expect(new Set(run.findings.map((f) => f.provider))).toEqual(new Set(["Huaxiu Service Co.", "Northwind"]));
  });

  it("a mapping that leaves two spellings apart still warns", () => {
    const run = settleMonth(book(ROWS), { month: "2026-10", lang: "en", providerAliases: { "Huaxiu Service Co": "Huaxiu Service Co." } });
    const w = run.issues.filter((i) => i.code === "PROVIDER_NAME_VARIANTS");
    expect(w).toHaveLength(1);
    expect(w[0].value).toBe("ＨＵＡＸＩＵ  service co");
  });

  it("Invoice and Statements names are checked and mapped too", () => {
    const invoice = { name: "Invoice", rows: [["Ticket", "Amount", "Provider"], ["T1", 300, "huaxiu service co."]] as Cell[][] };
    const o = inspectWorkbook(book([row("T1", "Huaxiu Service Co.")], [invoice]));
    expect(o.providerVariants[0].names).toEqual([
      { name: "Huaxiu Service Co.", count: 2, cells: ["Agreement!B2", "Tickets!B2"] },
      { name: "huaxiu service co.", count: 1, cells: ["Invoice!C2"] },
    ]);
    const run = settleMonth(book([row("T1", "Huaxiu Service Co.")], [invoice]), {
      month: "2026-10", lang: "en", providerAliases: { "huaxiu service co.": "Huaxiu Service Co." },
    });
    expect(run.statements.map((s) => s.provider)).toEqual(["Huaxiu Service Co."]);
    expect(run.issues.filter((i) => i.code === "PROVIDER_NAME_VARIANTS")).toEqual([]);
  });

  it("one spelling everywhere: no warning", () => {
    const run = settleMonth(book([row("T1", "Huaxiu Service Co."), row("T2", null)]), { month: "2026-10", lang: "en" });
    expect(run.issues.filter((i) => i.code.startsWith("PROVIDER_"))).toEqual([]);
    expect(inspectWorkbook(book([row("T1", "Huaxiu Service Co.")])).providerVariants).toEqual([]);
  });
});
