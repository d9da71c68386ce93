import fc from "fast-check";
import { Dec, sumDec } from "../../src/engine/core/money";
import { formatLocal, formatDay } from "../../src/engine/core/time";
import { buildReport, penaltiesByClause, reportProviders } from "../../src/engine/report/buildReport";
import { computeClauseKpis, median, nearestRank } from "../../src/engine/report/kpis";
import { formatAmount, formatDuration, formatPercent } from "../../src/engine/report/format";
import { META, OTHER, PROVIDER, findings, makeRun, parsed, statements } from "./fixtures";

const money = (d: Dec): string => d.toFixed(2);

describe("buildReport: header", () => {
  const model = buildReport(makeRun(), PROVIDER, META);

  it("names the contract, parties, period and statement", () => {
    const h = model.header;
    expect(h.contractNo).toBe("HT-2026-018");
    expect(h.customer).toBe("上海某某电器有限公司");
    expect(h.provider).toBe(PROVIDER);
    expect(formatDay(h.periodFrom)).toBe("2026-10-01");
    expect(formatDay(h.periodTo)).toBe("2026-10-31");
    expect(formatDay(h.statementDate)).toBe("2026-11-01");
    expect(formatDay(h.paymentDue)).toBe("2026-12-01");
    expect(formatDay(h.receivedOn)).toBe("2026-11-02");
    // No number from the settlement stage: contract-month-provider, stable across reruns.
    expect(h.statementNo).toBe(`HT-2026-018-2026-10-${PROVIDER}`);
  });

  it("carries the host's generated-at, input hash and tool version unchanged", () => {
    expect(model.header.generatedAt).toBe(META.generatedAt);
    expect(model.header.inputSha256).toBe(META.inputSha256);
    expect(model.header.toolVersion).toBe("0.1.0");
  });

  it("lists the terms in force with the cell each was read from", () => {
    const payment = model.header.terms.find((t) => t.key.en === "Payment Days");
    expect(payment).toEqual({ key: { en: "Payment Days", zh: "付款期限(天)" }, value: { en: "30", zh: "30" }, source: "Agreement!B9" });
    expect(model.header.terms.find((t) => t.key.en === "Penalty Cap")?.value.en).toBe("3%");
    expect(model.header.terms.find((t) => t.key.en === "Late Fee Cap")?.value).toEqual({ en: "none", zh: "无" });
    expect(model.header.terms.find((t) => t.key.en === "Working Hours")?.value.en).toBe("09:00-12:00, 13:00-18:00");
  });

  it("lists only the clauses whose effective period overlaps the month", () => {
    expect(model.header.clauses.map((c) => c.ref)).toEqual(["2.2(1)", "2.3"]);
    expect(model.header.clauses[1].appliesTo).toBe("service=onsite|上门");
    expect(model.header.clauses[1].source).toBe("SLA!A3");
  });
});

describe("buildReport: summary equals the statement", () => {
  const model = buildReport(makeRun(), PROVIDER, META);
  const s = model.summary;

  it("has the hand-computed figures", () => {
    expect(money(s.fees)).toBe("12345.60");
    expect(s.feeTickets).toBe(6);
    expect(s.penaltiesByClause.map((p) => [p.clauseRef, p.count, money(p.amount)])).toEqual([
      ["2.2(1)", 2, "200.00"],
      ["2.3", 1, "100.00"],
    ]);
    expect(money(s.unperformed)).toBe("80.00");
    expect(money(s.penaltiesBeforeCap)).toBe("380.00");
    expect(money(s.capAdjustment)).toBe("-9.63");
    expect(money(s.penalties)).toBe("370.37");
    expect(money(s.overdueFees)).toBe("510.00");
    expect(money(s.netPayable)).toBe("12485.23");
    expect(money(s.disputed)).toBe("300.00");
    expect(money(s.undisputed)).toBe("12185.23");
    expect(s.invoice && money(s.invoice.difference)).toBe("154.40");
  });

  it("foots: Σ per-clause + unperformed = penalties before cap; fees − penalties + overdue = net payable", () => {
    expect(sumDec(s.penaltiesByClause.map((p) => p.amount)).plus(s.unperformed).eq(s.penaltiesBeforeCap)).toBe(true);
    expect(s.fees.minus(s.penalties).plus(s.overdueFees).eq(s.netPayable)).toBe(true);
    const st = statements[0];
    expect(sumDec(st.penaltyLines.map((l) => l.amount)).plus(sumDec(st.unperformedLines.map((u) => u.amount))).eq(s.penaltiesBeforeCap)).toBe(true);
  });

  it("equals the settlement stage's own totals (penalties by clause, before and after cap)", () => {
    const st = statements[0];
    expect(s.penaltiesByClause).toEqual(st.penaltiesByClause);
    expect(s.penaltiesBeforeCap.eq(st.penaltiesBeforeCap)).toBe(true);
    expect(s.penalties.eq(st.penalties)).toBe(true);
    expect(s.fees.eq(st.fees)).toBe(true);
    expect(s.feeTickets).toBe(st.feeLines.length);
  });

  it("the evidence's penalties add up to the penalties before cap", () => {
    expect(money(sumDec(model.evidence.map((e) => e.penalty)))).toBe("380.00");
  });

  it("the overdue schedule adds up to the overdue fees, with days = to − from", () => {
    expect(model.overdueSchedule.map((g) => [g.days, money(g.amount)])).toEqual([[5, "250.00"], [13, "260.00"]]);
    expect(sumDec(model.overdueSchedule.map((g) => g.amount)).eq(s.overdueFees)).toBe(true);
  });

  it("a Late Fee Cap line on the overdue fees: schedule + cap = overdue fees charged", () => {
    const capped = { ...statements[0], overdueCapAdjustment: new Dec("-10.00"), overdueFees: new Dec("500.00"), netPayable: new Dec("12475.23") };
    const m = buildReport(makeRun({ statements: [capped] }), PROVIDER, META);
    expect(money(m.summary.overdueBeforeCap)).toBe("510.00");
    expect(money(m.summary.overdueCapAdjustment)).toBe("-10.00");
    expect(m.summary.overdueBeforeCap.plus(m.summary.overdueCapAdjustment).eq(m.summary.overdueFees)).toBe(true);
    expect(m.summary.fees.minus(m.summary.penalties).plus(m.summary.overdueFees).eq(m.summary.netPayable)).toBe(true);
  });

  it("states the dispute deadline as an instant", () => {
    expect(formatLocal(model.disputeBy)).toBe("2026-11-10 00:00");
    expect(model.disputeDays).toBe(5);
  });
});

describe("buildReport: evidence", () => {
  const model = buildReport(makeRun(), PROVIDER, META);

  it("shows every contestable finding of the provider, and the unperformed ticket; not met ones, not other providers'", () => {
    expect(model.evidence.map((e) => `${e.ticket} ${e.clauseRef} ${e.status} ${money(e.penalty)}`)).toEqual([
      "T-1 2.2(1) late 100.00",
      "T-3 2.2(1) late 100.00",
      "T-3 2.3 late 100.00",
      "T-4 2.3 exempt 0.00",
      "T-5 2.2(1) overdue 0.00",
      "T-7  unperformed 80.00",
    ]);
  });

  it("keeps timestamps, trace, exemption and the source cell", () => {
    const t4 = model.evidence.find((e) => e.ticket === "T-4")!;
    expect(t4.exemption).toBe("不可抗力");
    expect(t4.trace.zh).toContain("国庆节");
    expect(t4.source).toBe("Tickets!G2");
    const t1 = model.evidence[0];
    expect(formatLocal(t1.due!)).toBe("2026-10-09 09:00");
    expect(formatDuration(t1.lateBySeconds, t1.unit, "zh")).toBe("2小时30分");
    expect(model.evidence.find((e) => e.ticket === "T-7")!.source).toBe("Tickets!A8");
  });

  it("a finding's penalty is the statement's line: a finding left out of the totals shows 0", () => {
    const run = makeRun({ statements: [{ ...statements[0], penaltyLines: statements[0].penaltyLines.slice(1) }] });
    const m = buildReport(run, PROVIDER, META);
    expect(money(m.evidence.find((e) => e.ticket === "T-1")!.penalty)).toBe("0.00");
    expect(sumDec(m.evidence.map((e) => e.penalty)).eq(m.summary.penaltiesBeforeCap)).toBe(true);
  });

  it("an unperformed line names its ticket's cell: the last row of its ID, none for an ID not in the workbook", () => {
    const twice = { ...parsed.tickets[6], source: { sheet: "Tickets", cell: "A40" } };
    const lines = [...statements[0].unperformedLines, { ...statements[0].unperformedLines[0], ticket: "T-404" }];
    const run = makeRun({ parsed: { ...parsed, tickets: [...parsed.tickets, twice] }, statements: [{ ...statements[0], unperformedLines: lines }, statements[1]] });
    const m = buildReport(run, PROVIDER, META);
    expect(m.evidence.filter((e) => e.status === "unperformed").map((e) => [e.ticket, e.source])).toEqual([["T-404", ""], ["T-7", "Tickets!A40"]]);
  });

  it("a statement line without a finding is shown once, summed, with its first line's clause name", () => {
    const extra = [
      { ticket: "T-8", clauseRef: "2.3", clauseName: "first", amount: new Dec("30.00"), trace: { en: "", zh: "" } },
      { ticket: "T-8", clauseRef: "2.3", clauseName: "second", amount: new Dec("12.50"), trace: { en: "", zh: "" } },
    ];
    const run = makeRun({ statements: [{ ...statements[0], penaltyLines: [...statements[0].penaltyLines, ...extra] }, statements[1]] });
    const rows = buildReport(run, PROVIDER, META).evidence.filter((e) => e.ticket === "T-8");
    expect(rows.map((e) => [e.clauseRef, e.clauseName, e.status, money(e.penalty)])).toEqual([["2.3", "first", "late", "42.50"]]);
  });

  it("the other provider's report holds only its own lines", () => {
    const m = buildReport(makeRun(), OTHER, META);
    expect(m.evidence.map((e) => e.ticket)).toEqual(["T-9"]);
    expect(money(m.summary.netPayable)).toBe("200.00");
    expect(reportProviders(makeRun())).toEqual([PROVIDER, OTHER]);
  });
});

describe("buildReport: notices", () => {
  it("a statement that leaves tickets out is PROVISIONAL, names them, and cites nothing the provider does not hold", () => {
    const issues = [
      { severity: "error" as const, code: "DATE_UNREADABLE", sheet: "Tickets", cell: "F5", value: "x", params: {}, ticket: "T-4" },
      { severity: "error" as const, code: "DATE_UNREADABLE", sheet: "Tickets", cell: "F10", value: "x", params: {}, ticket: "T-9" },
      { severity: "warning" as const, code: "X", sheet: "Tickets", cell: "F6", value: "x", params: {} },
    ];
    const run = makeRun({ issues, hasErrors: true, statements: [{ ...statements[0], excludedTickets: ["T-8"], provisional: true }, statements[1]] });
    const m = buildReport(run, PROVIDER, META);
    const error = m.notices.find((n) => n.severity === "error")!;
    expect(error.text.en).toBe("PROVISIONAL — 1 ticket is not yet included in these figures while its record is being corrected: T-8. These tickets will be settled once their records are corrected; the net payable may change.");
    expect(error.text.zh).toBe("暂定金额 — 有 1 张工单的记录正在更正，暂未计入本结算单金额：T-8。上述工单的记录更正后将另行结算，应付净额可能随之变化。");
    expect(m.summary.excludedTickets).toEqual(["T-8"]);
    expect(m.summary.provisional).toBe(true);
    // The workbook's own warnings are the user's business, not the provider's: no notice for them.
    expect(m.notices.map((n) => n.severity)).toEqual(["error", "info"]);
    for (const n of m.notices) for (const text of [n.text.en, n.text.zh]) expect(text).not.toMatch(/SPEC|§|Data Issues|数据问题|规范/);
  });

  it("a statement whose earlier statements or payments were left out is PROVISIONAL, without naming the issuer's cells", () => {
    const run = makeRun({ statements: [{ ...statements[0], recordsLeftOut: ["Payments!C2", "Statements!D3"], provisional: true }, statements[1]] });
    const m = buildReport(run, PROVIDER, META);
    const error = m.notices.find((n) => n.severity === "error")!;
    expect(error.text.en).toBe("PROVISIONAL — 2 earlier statement or payment records are being checked; the overdue-payment fees may change. The overdue-payment fees will be worked out again once these records are checked; the net payable may change.");
    expect(error.text.zh).toBe("暂定金额 — 有 2 条结算单或付款记录正在核实，滞纳金可能随之变化。上述记录核实后将重新计算滞纳金，应付净额可能随之变化。");
    expect(m.summary.provisional).toBe(true);
    for (const text of [error.text.en, error.text.zh]) expect(text).not.toMatch(/Payments!|Statements!/);
  });

  it("names at most ten left-out tickets, and counts the rest", () => {
    const many = Array.from({ length: 13 }, (_, i) => `T-${100 + i}`);
    const m = buildReport(makeRun({ statements: [{ ...statements[0], excludedTickets: many, provisional: true }, statements[1]] }), PROVIDER, META);
    const error = m.notices.find((n) => n.severity === "error")!;
    expect(error.text.en).toContain("13 tickets are not yet included");
    expect(error.text.en).toContain("T-100, T-101, T-102, T-103, T-104, T-105, T-106, T-107, T-108, T-109 and 3 more.");
    expect(error.text.zh).toContain("T-100、T-101、T-102、T-103、T-104、T-105、T-106、T-107、T-108、T-109 等共 13 张");
  });

  it("a final statement has no provisional notice", () => {
    const m = buildReport(makeRun(), PROVIDER, META);
    expect(m.summary.provisional).toBe(false);
    expect(m.notices.some((n) => n.text.en.includes("PROVISIONAL"))).toBe(false);
  });

  it("mentions overdue findings (shown, charged once settled)", () => {
    const m = buildReport(makeRun(), PROVIDER, META);
    expect(m.notices.map((n) => n.severity)).toEqual(["info"]);
    expect(m.notices[0].text.en).toContain("1 finding(s) are past due");
  });

  it("a provider without a statement gives a zero report that says so, never a throw", () => {
    const m = buildReport(makeRun(), "Nobody Ltd", META);
    expect(m.notices[0]).toMatchObject({ severity: "error" });
    expect(m.notices[0].text.en).toContain("no statement");
    expect(m.summary.netPayable.isZero()).toBe(true);
    expect(m.evidence).toEqual([]);
  });

  it("a run without a parsed workbook still gives a model", () => {
    const m = buildReport(makeRun({ parsed: null, statements: [], findings: [] }), PROVIDER, META);
    expect(m.header.terms).toEqual([]);
    expect(m.header.currency).toBe("CNY");
  });
});

describe("KPIs per clause", () => {
  const kpis = computeClauseKpis(findings, PROVIDER);

  it("counts met / late (incl. overdue) / exempt and the compliance rate", () => {
    expect(kpis.map((k) => [k.clauseRef, k.tickets, k.met, k.late, k.exempt, k.compliancePercent])).toEqual([
      ["2.2(1)", 4, 1, 3, 0, 25],
      ["2.3", 3, 1, 1, 1, 50],
    ]);
  });

  it("elapsed mean / median / p90 over met and late findings, on the clause's clock", () => {
    const [response, repair] = kpis;
    // 2.2(1): 6 h, 26.5 h, 48 h
    expect(response.meanElapsedSeconds).toBeCloseTo(((6 + 26.5 + 48) / 3) * 3600, 6);
    expect(response.medianElapsedSeconds).toBe(26.5 * 3600);
    expect(response.p90ElapsedSeconds).toBe(48 * 3600);
    // 2.3: 17 h, 40 h (working time)
    expect(repair.medianElapsedSeconds).toBe(28.5 * 3600);
    expect(repair.p90ElapsedSeconds).toBe(40 * 3600);
  });

  it.each([
    [[], 90, null],
    [[5], 90, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10],
    [[1, 2], 50, 1],
  ])("nearest-rank p%#", (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });

  it("median of even and odd counts", () => {
    expect(median([1, 3])).toBe(2);
    expect(median([1, 3, 10])).toBe(3);
    expect(median([])).toBeNull();
  });
});

describe("formats", () => {
  it.each([
    ["1234567.5", 2, "1,234,567.50"],
    ["-9.63", 2, "-9.63"],
    ["0", 2, "0.00"],
    ["-0.004", 2, "0.00"],
    ["999.995", 2, "1,000.00"],
    ["1234", 0, "1,234"],
    ["12.3456", 3, "12.346"],
  ])("formatAmount(%s, %d) = %s", (v, digits, text) => {
    expect(formatAmount(new Dec(v), digits)).toBe(text);
  });

  it.each([
    ["0.0005", "0.05%"],
    ["0.2", "20%"],
    ["0.18", "18%"],
  ])("formatPercent(%s) = %s", (v, text) => {
    expect(formatPercent(new Dec(v))).toBe(text);
  });

  it.each([
    [9000, "hours" as const, "en", "2 h 30 min"],
    [90000, "days" as const, "en", "1 d 1 h"],
    [90000, "working hours" as const, "en", "25 working h"],
    [1800, "working days" as const, "zh", "工作时间30分"],
    [0, "hours" as const, "en", ""],
  ])("formatDuration(%d, %s, %s)", (s, unit, lang, text) => {
    expect(formatDuration(s, unit, lang as "en" | "zh")).toBe(text);
  });
});

describe("laws", () => {
  it("penalties by clause: each clause total is the sum of its lines, and they add up to all lines", () => {
    const line = fc.record({
      ticket: fc.constantFrom("T-1", "T-2", "T-3"),
      clauseRef: fc.constantFrom("2.1", "2.2(1)", "3"),
      cents: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (raw) => {
        const lines = raw.map((l) => ({ ticket: l.ticket, clauseRef: l.clauseRef, clauseName: "n", amount: new Dec(l.cents).div(100) }));
        const grouped = penaltiesByClause(lines);
        const total = sumDec(lines.map((l) => l.amount));
        if (!sumDec(grouped.map((g) => g.amount)).eq(total)) return false;
        if (grouped.reduce((a, g) => a + g.count, 0) !== lines.length) return false;
        return grouped.every((g) => sumDec(lines.filter((l) => l.clauseRef === g.clauseRef).map((l) => l.amount)).eq(g.amount));
      }),
    );
  });

  it("penalties by clause summed in minor units are the decimal sums, lines off the minor unit and past 2^53 included", () => {
    const amount = fc.oneof(
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => new Dec(c).div(100)),
      fc.constantFrom(new Dec("-0"), new Dec("0.005"), new Dec("12.3456"), new Dec("90071992547409.93"), new Dec("1e40")),
    );
    const line = fc.record({ clauseRef: fc.constantFrom("2.1", "2.2(1)", "3"), amount });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (raw) => {
        const lines = raw.map((l) => ({ ...l, clauseName: "n" }));
        const show = (g: { clauseRef: string; count: number; amount: Dec }[]) => g.map((x) => `${x.clauseRef} ${x.count} ${x.amount.toString()} ${x.amount.toFixed(2)}`);
        expect(show(penaltiesByClause(lines, 2))).toEqual(show(penaltiesByClause(lines)));
      }),
      { numRuns: 500 },
    );
  });
});
