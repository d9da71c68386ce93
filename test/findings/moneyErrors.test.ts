/**
 * A ticket with an error in a money cell (a fee, the warranty) keeps its findings and counts in the KPIs: its clocks
 * read none of those cells. It is left out of the statement only, and its Findings rows say so and why; the
 * Settlement sheet and the JSON list it as left out. An error in a timestamp still leaves the ticket out of both.
 */
import { buildSampleSheets } from "../../examples/sampleBook";
import type { Cell } from "../../src/engine/core/cells";
import { settleMonth, type SettlementRun } from "../../src/engine";

type Book = { name: string; rows: Cell[][] }[];
const sample = (): Book => buildSampleSheets().map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) }));
const ticketsOf = (book: Book) => book.find((s) => s.name === "Tickets")!.rows;
function withCell(ticket: string, header: string, value: Cell): Book {
  const book = sample();
  const rows = ticketsOf(book);
  const col = rows[0].findIndex((h) => String(h).startsWith(header));
  const row = rows.findIndex((r) => r[0] === ticket);
  expect(col).toBeGreaterThanOrEqual(0);
  expect(row).toBeGreaterThan(0);
  rows[row][col] = value;
  return book;
}
const settle = (book: Book, lang: "en" | "zh" = "en"): SettlementRun => settleMonth({ sheets: book }, { month: "2026-10", lang });
const TICKET = "HX-1007"; // settled in October, late on-site arrival: 3 days × ¥200.00
const clean = settle(sample());
const sheetNamed = (run: SettlementRun, prefix: string) => run.sheets.find((s) => s.name.startsWith(prefix))!;
const statementOf = (run: SettlementRun) => run.statements.find((s) => s.provider === "Huaxiu Service Co.")!;

describe.each([
  ["a negative labour fee", "Labour Fee", -50 as Cell, "MONEY_NEGATIVE", "is a negative amount"],
  ["an unreadable parts fee", "Parts Fee", "abc" as Cell, "MONEY_UNREADABLE", "is not an amount of money"],
  ["an unreadable warranty", "Warranty", "maybe" as Cell, "WARRANTY_UNREADABLE", "maybe"],
])("%s", (_name, header, value, code, words) => {
  const run = settle(withCell(TICKET, header, value));
  const zh = settle(withCell(TICKET, header, value), "zh");

  it("is reported as an error on its cell", () => {
    expect(run.issues.filter((i) => i.severity === "error")).toEqual([expect.objectContaining({ code, ticket: TICKET, sheet: "Tickets" })]);
  });

  it("keeps the ticket's findings, each saying it is left out of the statement and why", () => {
    const mine = run.findings.filter((f) => f.ticket === TICKET);
    const before = clean.findings.filter((f) => f.ticket === TICKET);
    expect(mine.map((f) => [f.clauseRef, f.status, f.due, f.lateBySeconds])).toEqual(before.map((f) => [f.clauseRef, f.status, f.due, f.lateBySeconds]));
    const cell = run.issues.find((i) => i.code === code)!.cell;
    for (const f of mine) {
      expect(f.explanation.en).toContain(`left out of the statement until fixed (its findings still count): Tickets!${cell} `);
      expect(f.explanation.en).toContain(words);
      expect(f.explanation.zh).toContain(`修正前不计入结算单（时限照常考核）：Tickets!${cell} `);
    }
    const findingsSheet = sheetNamed(zh, "Findings");
    const rows = findingsSheet.rows.filter((r) => r[0] === TICKET);
    expect(rows).toHaveLength(before.length);
    for (const r of rows) expect(String(r[13])).toContain("修正前不计入结算单");
  });

  it("counts in the KPIs exactly as without the error", () => {
    expect(sheetNamed(run, "KPIs").rows).toEqual(sheetNamed(clean, "KPIs").rows);
  });

  it("is out of the money only: listed as left out, its fee and penalty not charged, in the sheet and the JSON", () => {
    const s = statementOf(run);
    const c = statementOf(clean);
    expect(s.excludedTickets).toEqual([TICKET]);
    expect(s.feeLines.some((f) => f.ticket === TICKET)).toBe(false);
    expect(s.penaltyLines.some((p) => p.ticket === TICKET)).toBe(false);
    const cleanFee = c.feeLines.find((f) => f.ticket === TICKET)!.amount;
    expect(s.fees.toString()).toBe(c.fees.minus(cleanFee).toString());
    expect(s.penaltiesBeforeCap.toString()).toBe(c.penaltiesBeforeCap.minus(600).toString());
    const json = (run.json.statements as { provider: string; excludedTickets: string[] }[]).find((x) => x.provider === s.provider)!;
    expect(json.excludedTickets).toEqual([TICKET]);
    const settlement = sheetNamed(run, "Settlement");
    // The provider's block says PROVISIONAL and names the ticket left out of its figures.
    const text = settlement.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));
    expect(text.some((t) => t.includes("left out of these figures because of data errors") && t.includes(TICKET))).toBe(true);
  });
});

it("an error in a timestamp still leaves the ticket out of findings and money", () => {
  const run = settle(withCell(TICKET, "On-site At", "not a date"));
  expect(run.issues.some((i) => i.severity === "error" && i.ticket === TICKET)).toBe(true);
  expect(run.findings.some((f) => f.ticket === TICKET)).toBe(false);
  expect(statementOf(run).excludedTickets).toEqual([TICKET]);
});
