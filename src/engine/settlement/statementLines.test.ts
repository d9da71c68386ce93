/**
 * Every statement line checkable and in the JSON: the cap lines carry a How text (cap % × base = limit; total →
 * line), the JSON holds every line so it foots on its own, the Settlement sheet names the contract and writes the
 * dispute deadline as people read it.
 */
import fc from "fast-check";
import type { Agreement, Clause, ParsedWorkbook, StatementRecord, Ticket } from "../core/model";
import { Dec, ZERO } from "../core/money";
import { computeFindings } from "../findings";
import { buildSettlementSheet, buildSettlementSheets, computeStatements, statementsJson, ticketFee } from ".";
import { OCT, at, cnAgreement, cnContext, day, src } from "../testing/fixtures";

const A = cnAgreement({ contractNo: "HT-2026-017" });
const ctx = cnContext(A);

function ticket(id: string, p: Partial<Ticket> & { ev?: Record<string, string> } = {}): Ticket {
  const evText = p.ev ?? { reported: "2026-10-09 10:00", responded: "2026-10-09 11:00", closed: "2026-10-12 10:00" };
  const events = Object.fromEntries(Object.entries(evText).map(([name, t]) => [name, { name, at: at(t), source: src }]));
  return {
    id, provider: "P", fields: {}, warranty: "out", purchased: null, events, closes: events.closed ? [events.closed] : [], timeline: Object.values(events),
    pauses: [], labour: new Dec(300), parts: new Dec(200), shipping: new Dec(50), loss: null, outcome: "done", exemption: "",
    source: src, hasErrors: false, ...p,
  };
}
const respond: Clause = {
  ref: "2.1", name: "Response", appliesTo: [], startEvent: "reported", endEvent: "responded", target: 24, unit: "hours", penalty: "fixed",
  amount: new Dec(100), cap: null, pausable: false, effectiveFrom: null, effectiveTo: null, source: { sheet: "SLA", cell: "A2" },
};
const LATE = { reported: "2026-10-09 10:00", responded: "2026-10-10 11:00", closed: "2026-10-12 10:00" };
function settle(tickets: Ticket[], extra: Partial<ParsedWorkbook> = {}, a: Agreement = A) {
  const pw: ParsedWorkbook = { agreement: a, clauses: [respond], tickets, calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [], ...extra };
  const mf = computeFindings(pw, ctx, OCT, { feeOf: (t) => ticketFee(t, a).value?.amount ?? null });
  return computeStatements({ parsed: pw, month: OCT, monthFindings: mf.value, ctx }).value;
}
const stmt = (p: Partial<StatementRecord> = {}): StatementRecord => ({
  id: "S-09", provider: "P", month: "2026-09", amount: new Dec(100000), issued: day("2026-10-01"), received: null, due: day("2026-10-15"), disputed: ZERO, source: { sheet: "Statements", cell: "A2" }, ...p,
});
/** Both caps bind: penalties 200 + unperformed 80 over 10% of fees 1100; late fees 850 over 0.5% of 100,000. */
const bothCaps = () =>
  settle(
    [ticket("T1", { ev: LATE }), ticket("T2", { ev: LATE }), ticket("T3", { outcome: "unperformed", loss: new Dec(80) })],
    { statements: [stmt()] },
    { ...A, penaltyCap: new Dec("0.1"), lateFeeCap: new Dec("0.005") },
  )[0];

interface JsonStatement {
  fees: string; penalties: string; capAdjustment: string; penaltiesAfterCap: string; overdueFees: string; overdueCapAdjustment: string; netPayable: string;
  feeLines: { amount: string }[]; penaltiesByClause: { amount: string }[]; unperformedLines: { amount: string }[]; overdueSegments: { amount: string }[];
}
/** The JSON statement footed from its own lines, with nothing but what the document holds. */
function expectFoots(doc: JsonStatement): void {
  const sum = (xs: { amount: string }[]) => xs.reduce((s, x) => s.plus(x.amount), new Dec(0));
  expect(sum(doc.feeLines).toFixed(2)).toBe(doc.fees);
  expect(sum(doc.penaltiesByClause).plus(sum(doc.unperformedLines)).toFixed(2)).toBe(doc.penalties);
  expect(new Dec(doc.penalties).plus(doc.capAdjustment).toFixed(2)).toBe(doc.penaltiesAfterCap);
  expect(sum(doc.overdueSegments).plus(doc.overdueCapAdjustment).toFixed(2)).toBe(doc.overdueFees);
  expect(new Dec(doc.fees).minus(doc.penaltiesAfterCap).plus(doc.overdueFees).toFixed(2)).toBe(doc.netPayable);
}

describe("the JSON foots on its own", () => {
  it("with both caps binding: every line is there and the totals are their sums", () => {
    const s = bothCaps();
    const doc = JSON.parse(JSON.stringify(statementsJson([s])))[0] as JsonStatement;
    expect(doc).toMatchObject({
      fees: "1100.00", penalties: "280.00", capAdjustment: "-170.00", penaltiesAfterCap: "110.00",
      overdueCapAdjustment: "-350.00", overdueFees: "500.00", netPayable: "1490.00",
    });
    expect(doc.overdueSegments.reduce((n, x) => n + Number(x.amount), 0)).toBe(850);
    expectFoots(doc);
  });

  it("for any month of late tickets, caps or not", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 20 }), (lates, capPct, lateCapTenths) => {
        const a = { ...A, penaltyCap: capPct ? new Dec(capPct).dividedBy(100) : null, lateFeeCap: lateCapTenths ? new Dec(lateCapTenths).dividedBy(1000) : null };
        const s = settle(lates.map((late, i) => ticket(`T${i}`, late ? { ev: LATE } : {})), { statements: [stmt()] }, a)[0];
        expectFoots(JSON.parse(JSON.stringify(statementsJson([s])))[0] as JsonStatement);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the cap lines are traced", () => {
  it("monthly penalty cap: cap % × fees = limit; penalties − limit → line, in both languages", () => {
    const s = bothCaps();
    expect(s.capTrace).toEqual({
      en: "cap 10% × fees 1100.00 = limit 110.00; penalties 280.00 − limit 110.00 → -170.00",
      zh: "上限 10% × 服务费 1100.00 = 110.00；违约金 280.00 超出上限 110.00 → -170.00",
    });
    expect(statementsJson([s])[0]).toMatchObject({ capAdjustmentHow: s.capTrace!.en });
  });

  it("late fee cap: cap % × the statement's amount = limit; charged before; this month → line", () => {
    const s = bothCaps();
    expect(s.overdueCapTrace).toEqual({
      en: "S-09: cap 0.5% × 100000.00 = limit 500.00; charged before 0.00, so 500.00 left; this month 850.00 → -350.00",
      zh: "S-09：上限 0.5% × 100000.00 = 500.00；此前已计 0.00，尚余 500.00；本月 850.00 → -350.00",
    });
    expect(statementsJson([s])[0]).toMatchObject({ overdueCapAdjustmentHow: s.overdueCapTrace!.en });
  });

  it("a cap within its limit says why its line is zero; both lines have a How cell on the Settlement sheet", () => {
    const s = settle([ticket("T1", { ev: LATE })], {}, { ...A, penaltyCap: new Dec("0.5") })[0];
    expect(s.capTrace!.en).toBe("cap 50% × fees 550.00 = limit 275.00; penalties 100.00 within the limit → 0.00");
    for (const lang of ["en", "zh"] as const) {
      const sheet = buildSettlementSheet([bothCaps()], OCT, lang);
      const capRow = sheet.rows.find((r) => r[0] === (lang === "en" ? "Monthly penalty cap adjustment" : "违约金月度上限调整"))!;
      const lateCapRow = sheet.rows.find((r) => r[0] === (lang === "en" ? "Late fee cap adjustment" : "滞纳金上限调整"))!;
      expect(capRow[6]).toBe(bothCaps().capTrace![lang]);
      expect(lateCapRow[6]).toBe(bothCaps().overdueCapTrace![lang]);
    }
  });
});

describe("the Settlement sheet", () => {
  it.each(["en", "zh"] as const)("names the contract in its title, with statements or without (%s)", (lang) => {
    const [withOne] = buildSettlementSheets(settle([ticket("T1")]), OCT, lang, { contractNo: A.contractNo });
    expect(String(withOne.rows[0][0])).toContain(lang === "en" ? "Contract No HT-2026-017" : "合同编号 HT-2026-017");
    const [none] = buildSettlementSheets([], OCT, lang, { contractNo: A.contractNo });
    expect(String(none.rows[0][0])).toContain("HT-2026-017");
  });

  it.each([
    ["en", "2026-11-06 24:00", "by end of Fri 2026-11-06 (24:00)"],
    ["zh", "2026-11-06 24:00", "2026年11月6日（周五）24:00 前"],
  ] as const)("writes the dispute deadline as the day it is, not 11-07 00:00 (%s)", (lang, short, long) => {
    const s = settle([ticket("T1")])[0];
    expect(s.disputeBy).toBe(at("2026-11-07 00:00")); // the instant: the end of the 5th working day after 11-01
    const sheet = buildSettlementSheet([s], OCT, lang);
    const row = sheet.rows.find((r) => String(r[0]).startsWith(lang === "en" ? "Dispute by" : "异议截止"))!;
    expect(row[5]).toBe(short);
    expect(row[6]).toBe(long);
    expect(statementsJson([s])[0]).toMatchObject({ disputeBy: "2026-11-07T00:00:00", disputeByDate: "2026-11-06" });
  });
});
