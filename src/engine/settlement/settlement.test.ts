import fc from "fast-check";
import type { Agreement, Clause, InvoiceLine, ParsedWorkbook, PaymentRecord, StatementRecord, Ticket } from "../core/model";
import { Dec, formatMoney, minorUnits, roundMoney, sumDec, ZERO } from "../core/money";
import { formatDay } from "../core/time";
import { computeFindings } from "../findings";
import { buildSettlementSheet, buildSettlementSheets, computeStatements, overdueSegmentsOf, statementsJson, ticketFee } from ".";
import { feeUnits } from "./computeStatements";
import { OCT, at, cnAgreement, cnContext, day, src } from "../testing/fixtures";

const A = cnAgreement();
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
function settle(tickets: Ticket[], extra: Partial<ParsedWorkbook> = {}, a: Agreement = A, month = OCT) {
  const pw: ParsedWorkbook = { agreement: a, clauses: [respond], tickets, calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [], ...extra };
  const feeOf = (t: Ticket) => ticketFee(t, a).value?.amount ?? null;
  const mf = computeFindings(pw, ctx, month, { feeOf });
  return computeStatements({ parsed: pw, month, monthFindings: mf.value, ctx });
}
const stmt = (p: Partial<StatementRecord>): StatementRecord => ({
  id: "S-09", provider: "P", month: "2026-09", amount: new Dec(100000), issued: day("2026-10-01"), received: null, due: day("2026-10-15"), disputed: ZERO, source: { sheet: "Statements", cell: "A2" }, ...p,
});
const pay = (d: string, amount: number): PaymentRecord => ({ statement: "S-09", paidOn: day(d), amount: new Dec(amount), source: { sheet: "Payments", cell: "A2" } });

describe("fees", () => {
  it.each([
    ["out of warranty: labour + parts + shipping", {}, "550"],
    ["in warranty: shipping only", { warranty: "in" as const }, "50"],
    ["derived: purchased 2025-11-01 + 12 months, reported 2026-10-09 → in", { warranty: null, purchased: day("2025-11-01") }, "50"],
    ["derived: purchased 2025-10-09 + 12 months ends the day before the report → out", { warranty: null, purchased: day("2025-10-09") }, "550"],
    ["cancelled earns nothing", { outcome: "cancelled" as const }, "0"],
  ])("%s", (_n, p, fee) => {
    expect(ticketFee(ticket("T", p), A).value!.amount.toString()).toBe(fee);
  });
  it("unknown warranty is an error for that ticket, which is left out", () => {
    const r = ticketFee(ticket("T", { warranty: null }), A);
    expect(r.value).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: "FEE_WARRANTY_UNKNOWN", ticket: "T", severity: "error" });
    const s = settle([ticket("T", { warranty: null }), ticket("U")]).value[0];
    expect(s.excludedTickets).toEqual(["T"]);
    expect(s.fees.toString()).toBe("550");
  });
});

describe("a hand-computed statement", () => {
  it("fees, a late response, an unperformed ticket capped at its loss, the monthly cap, dates", () => {
    const tickets = [
      ticket("T1"), // 550, on time
      ticket("T2", { ev: { reported: "2026-10-09 10:00", responded: "2026-10-10 11:00", closed: "2026-10-12 10:00" } }), // 550, late: 100
      ticket("T3", { outcome: "unperformed", loss: new Dec(80) }), // fee 0; 20% × 550 = 110 → capped at loss 80
      ticket("T4", { warranty: "in" }), // 50
    ];
    const s = settle(tickets, {}, { ...A, penaltyCap: new Dec("0.1") }).value[0];
    expect(s.fees.toString()).toBe("1150");
    expect(s.penaltyLines.map((p) => [p.ticket, p.amount.toString()])).toEqual([["T2", "100"]]);
    expect(s.unperformedLines.map((u) => [u.ticket, u.amount.toString()])).toEqual([["T3", "80"]]);
    expect(s.penaltiesBeforeCap.toString()).toBe("180");
    // cap 10% × 1150 = 115 → adjustment −65
    expect(s.capAdjustment.toString()).toBe("-65");
    expect(s.netPayable.toString()).toBe("1035");
    expect(formatDay(s.statementDate)).toBe("2026-11-01");
    expect(formatDay(s.paymentDue)).toBe("2026-12-01");
    // receipt 11-01 (Sunday) + 5 working days = end of Friday 11-06
    expect(statementsJson([s])[0]).toMatchObject({ disputeBy: "2026-11-07T00:00:00", fees: "1150.00", penalties: "180.00", capAdjustment: "-65.00", netPayable: "1035.00" });
  });

  it("payment due moves to the next working day (art. 203)", () => {
    const s = settle([ticket("T1")], {}, { ...A, paymentDays: 5 }).value[0];
    expect(formatDay(s.paymentDue)).toBe("2026-11-06"); // 11-01 + 5 = Friday 11-06, a working day
    const s2 = settle([ticket("T1")], {}, { ...A, paymentDays: 6 }).value[0];
    expect(formatDay(s2.paymentDue)).toBe("2026-11-09"); // Saturday 11-07 → Monday 11-09
  });
});

describe("a month too large for one line per ticket", () => {
  const late = { reported: "2026-10-09 10:00", responded: "2026-10-10 11:00", closed: "2026-10-12 10:00" };
  const tickets = Array.from({ length: 40 }, (_, i) =>
    ticket(`T${i + 1}`, { warranty: i % 4 === 0 ? "in" : "out", parts: new Dec(`${200 + i}.15`), ...(i % 5 === 0 ? { ev: late } : {}), ...(i === 7 ? { outcome: "cancelled" as const } : {}) }));
  const statements = settle(tickets).value;
  const fitted = buildSettlementSheets(statements, OCT, "en");
  const grouped = buildSettlementSheets(statements, OCT, "en", { maxRowsPerSheet: 30 });
  const amount = (sheet: { rows: unknown[][] }, label: string) => sheet.rows.find((r) => r[0] === label)![5];

  it("a month that fits keeps one line per ticket and per penalty, and no Fees sheet", () => {
    expect(fitted.map((x) => x.name)).toEqual(["Settlement 2026-10"]);
    expect(fitted[0].rows.filter((r) => typeof r[0] === "string" && /^T\d+$/.test(r[0] as string))).toHaveLength(40 + 8);
  });

  it("past the limit: fees by warranty and penalties by clause, the same totals, and where the lines are", () => {
    const [settlement, ...fees] = grouped;
    expect(settlement.name).toBe("Settlement 2026-10");
    for (const label of ["Total fees", "Total penalties", "Net payable"]) expect(amount(settlement, label)).toBe(amount(fitted[0], label));
    const feeLines = settlement.rows.filter((r) => typeof r[0] === "string" && / tickets?$/.test(r[0] as string));
    expect(feeLines.map((r) => [r[0], r[1]])).toEqual([["10 tickets", "in"], ["29 tickets", "out"], ["1 ticket", "cancelled"]]);
    expect(feeLines[0][6]).toBe("one line per ticket: sheet Fees 2026-10");
    const penalties = settlement.rows.filter((r) => r[0] === "8 late");
    expect(penalties.map((r) => [r[1], r[5]])).toEqual([["2.1 Response", 800]]);
    // The Fees sheets: every ticket once, parts of at most 30 rows, and their totals foot to the statement's fees.
    expect(fees.map((x) => x.name)).toEqual(["Fees 2026-10", "Fees 2026-10 part 2"]);
    expect(fees.flatMap((x) => x.rows.slice(1, -1).map((r) => r[1]))).toEqual(statements[0].feeLines.map((f) => f.ticket));
    const sum = fees.reduce((n, x) => n + Math.round(Number(x.rows[x.rows.length - 1][6]) * 100), 0) / 100;
    expect(sum).toBe(amount(settlement, "Total fees"));
    expect(fees[0].formulas).toEqual([{ row: 29, col: 6, formula: "=SUBTOTAL(9,G2:G29)" }]);
  });
});

describe("overdue-payment fees", () => {
  it("the issue's example: 100,000.00 due 10-15, 60,000 paid 10-20 and 40,000 paid 11-02 at 0.05% per day → 250.00 + 260.00", () => {
    const segs = overdueSegmentsOf(stmt({}), day("2026-10-15"), [pay("2026-10-20", 60000), pay("2026-11-02", 40000)], A);
    expect(segs.map((x) => [formatDay(x.from), formatDay(x.to), x.days, x.balance.toString(), x.amount.toString()])).toEqual([
      ["2026-10-15", "2026-10-20", 5, "100000", "250"],
      ["2026-10-20", "2026-11-02", 13, "40000", "260"],
    ]);
    expect(sumDec(segs.map((x) => x.amount)).toFixed(2)).toBe("510.00");
  });

  it("each statement charges what accrued since the previous statement date: October 250 + 240, November 20", () => {
    const extra = { statements: [stmt({})], payments: [pay("2026-10-20", 60000), pay("2026-11-02", 40000)] };
    const oct = settle([ticket("T1")], extra).value[0];
    expect(oct.overdueSegments.map((x) => x.amount.toString())).toEqual(["250", "240"]);
    const nov = settle([ticket("N1", { ev: { reported: "2026-11-09 10:00", responded: "2026-11-09 11:00", closed: "2026-11-10 10:00" } })], extra, A, { year: 2026, month: 11 }).value[0];
    expect(nov.overdueSegments.map((x) => [x.days, x.amount.toString()])).toEqual([[1, "20"]]);
    expect(oct.overdueFees.plus(nov.overdueFees).toFixed(2)).toBe("510.00");
  });

  it("a disputed amount is excluded; a late fee cap limits the total; grace days shift the start", () => {
    const disputed = overdueSegmentsOf(stmt({ disputed: new Dec(20000) }), day("2026-10-15"), [pay("2026-10-20", 80000)], A);
    expect(disputed.map((x) => x.amount.toString())).toEqual(["200"]);
    const grace = overdueSegmentsOf(stmt({}), day("2026-10-15"), [pay("2026-10-20", 100000)], { ...A, lateFeeGraceDays: 3 });
    expect(grace.map((x) => x.days)).toEqual([2]);
    const capped = settle([ticket("T1")], { statements: [stmt({})], payments: [] }, { ...A, lateFeeCap: new Dec("0.005") }).value[0];
    // uncapped: 100,000 × 0.0005 × 17 days (10-15 → 11-01) = 850; cap 0.5% × 100,000 = 500
    expect(capped.overdueCapAdjustment.toString()).toBe("-350");
    expect(capped.overdueFees.toString()).toBe("500");
  });
});

describe("invoice reconciliation", () => {
  it("billed vs computed, billed-not-logged, settled-not-billed, in-warranty labour billed", () => {
    const inv = (ticketId: string, amount: number): InvoiceLine => ({ ticket: ticketId, amount: new Dec(amount), provider: "", month: "", source: { sheet: "Invoice", cell: "A2" } });
    const s = settle([ticket("T1"), ticket("T2"), ticket("T3", { warranty: "in" }), ticket("T4")], { invoice: [inv("T1", 550), inv("T2", 600), inv("T3", 350), inv("X9", 99)] }).value[0];
    const lines = s.reconciliation.filter((l) => !l.difference.isZero()).map((l) => [l.ticket, l.kind, l.difference.toString()]);
    expect(lines).toEqual([["T2", "difference", "50"], ["T3", "in-warranty-labour", "300"], ["X9", "billed-not-logged", "99"], ["T4", "settled-not-billed", "-550"]]);
    expect(s.invoice).toEqual({ billed: new Dec(1599), computed: new Dec(1700), difference: new Dec(-101) });
  });
});

describe("laws", () => {
  it("totals foot: fees, penalties and net payable are sums of their rounded lines; fees never negative; overdue never above its cap", () => {
    const money = fc.integer({ min: 0, max: 5_000_00 }).map((c) => new Dec(c).dividedBy(100));
    fc.assert(
      fc.property(fc.array(fc.tuple(money, money, money, fc.boolean(), fc.integer({ min: 0, max: 60 * 24 })), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 30 }), (rows, capPct) => {
        const tickets = rows.map(([l, p, s, inW, lateMin], i) => ticket(`T${i}`, { labour: l, parts: p, shipping: s, warranty: inW ? "in" : "out", ev: { reported: "2026-10-09 10:00", responded: `2026-10-${String(10 + Math.floor(lateMin / 1440)).padStart(2, "0")} ${String(10 + Math.floor((lateMin % 1440) / 120)).padStart(2, "0")}:00`, closed: "2026-10-20 10:00" } }));
        const a = { ...A, penaltyCap: capPct ? new Dec(capPct).dividedBy(100) : null, lateFeeCap: new Dec("0.01") };
        const s = settle(tickets, { statements: [stmt({})], payments: [pay("2026-10-25", 50000)] }, a).value[0];
        expect(s.fees.equals(sumDec(s.feeLines.map((f) => f.amount)))).toBe(true);
        expect(s.feeLines.every((f) => !f.amount.isNegative() && f.amount.decimalPlaces() <= 2)).toBe(true);
        expect(s.penaltiesBeforeCap.equals(sumDec([...s.penaltyLines, ...s.unperformedLines].map((p) => p.amount)))).toBe(true);
        expect(s.netPayable.equals(s.fees.minus(s.penaltiesBeforeCap.plus(s.capAdjustment)).plus(s.overdueFees))).toBe(true);
        expect(s.overdueFees.lessThanOrEqualTo(new Dec(1000))).toBe(true);
        if (a.penaltyCap) expect(s.penalties.lessThanOrEqualTo(a.penaltyCap.times(s.fees).toDecimalPlaces(2))).toBe(true);
        const sheet = buildSettlementSheet([s], OCT, "en");
        for (const f of sheet.formulas) expect(typeof sheet.rows[f.row][f.col]).toBe("number");
      }),
      { numRuns: 150 },
    );
  });

  it("quick paths: a fee's amount made from minor units, grouped sums and Fees cells are the plain decimal.js ones", () => {
    // Cells of 0–4 decimals, up to past 2^53 cents, so both the integer and the decimal.js paths run.
    const cell = fc.oneof(
      fc.integer({ min: 0, max: 5_000_00 }).map((c) => new Dec(c).dividedBy(100)),
      fc.tuple(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 0, max: 4 })).map(([u, p]) => new Dec(u.toString()).dividedBy(new Dec(10).pow(p))),
    );
    const rows = fc.array(fc.tuple(cell, cell, cell, fc.constantFrom("in", "out", "cancelled")), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(rows, (rs) => {
      const tickets = rs.map(([l, p, sh, kind], i) =>
        ticket(`T${i}`, { labour: l, parts: p, shipping: sh, warranty: kind === "in" ? "in" : "out", ...(kind === "cancelled" ? { outcome: "cancelled" as const } : {}) }));
      const s = settle(tickets).value[0];
      for (const f of s.feeLines) {
        const want = f.outcome !== "done" ? ZERO : roundMoney(f.warranty === "in" ? f.shipping : f.labour.plus(f.parts).plus(f.shipping), 2);
        expect(f.amount.toString()).toBe(want.toString());
        expect(Object.is(feeUnits(f, 2), minorUnits(want, 2)) || (Number.isNaN(feeUnits(f, 2)) && Number.isNaN(minorUnits(want, 2)))).toBe(true);
      }
      expect(s.fees.toString()).toBe(sumDec(s.feeLines.map((f) => f.amount)).toString());
      const [grouped, ...fees] = buildSettlementSheets([s], OCT, "en", { maxRowsPerSheet: 5 });
      const groupRows = grouped.rows.filter((r) => typeof r[0] === "string" && / tickets?$/.test(r[0] as string));
      for (const r of groupRows) {
        const kind = r[1] as string;
        const mine = s.feeLines.filter((f) => (f.outcome === "done" ? f.warranty : f.outcome) === kind);
        const cellOf = (xs: Dec[]) => Number(formatMoney(sumDec(xs), 2));
        expect(r.slice(2, 6)).toEqual([cellOf(mine.map((f) => f.labour)), cellOf(mine.map((f) => f.parts)), cellOf(mine.map((f) => f.shipping)), cellOf(mine.map((f) => f.amount))]);
      }
      const feeRows = fees.flatMap((x) => x.rows.slice(1, -1));
      const m = (d: Dec) => Number(formatMoney(d, 2));
      expect(feeRows.map((r) => r.slice(3, 7))).toEqual(s.feeLines.map((f) => [m(f.labour), m(f.parts), m(f.shipping), m(f.amount)]));
      const hows = feeRows.map((r) => r[7]);
      s.feeLines.forEach((f, i) => {
        if (f.outcome === "done" && f.warranty === "out") expect(hows[i]).toBe(`out of warranty: labour ${formatMoney(f.labour, 2)} + parts ${formatMoney(f.parts, 2)} + shipping ${formatMoney(f.shipping, 2)}`);
      });
    }), { numRuns: 300 });
  });
});
