/**
 * Deadlines as people read them and Late By in the unit a clause charges by, on the Findings sheet, in its JSON and
 * in the traces: a due or dispute-by at 00:00 is the end of the day before ("2026-10-15 24:00"), and a charged line
 * never reads "late by 0.00 h".
 */
import type { Clause, ParsedWorkbook, Ticket } from "../core/model";
import { Dec } from "../core/money";
import { buildFindingsSheets, computeFindings, findingsJson } from ".";
import { OCT, at, cnAgreement, cnContext, src } from "../testing/fixtures";

const agreement = cnAgreement();
const ctx = cnContext(agreement);

const clause = (p: Partial<Clause>): Clause => ({
  ref: "2.1", name: "Response", appliesTo: [], startEvent: "reported", endEvent: "responded", target: 24, unit: "hours",
  penalty: "fixed", amount: new Dec(100), cap: null, pausable: true, effectiveFrom: null, effectiveTo: null, source: { sheet: "SLA", cell: "A2" }, ...p,
});
function ticket(id: string, events: Record<string, string>): Ticket {
  const ev = Object.fromEntries(Object.entries(events).map(([name, t]) => [name, { name, at: at(t), source: src }]));
  return {
    id, provider: "P", fields: {}, warranty: "out", purchased: null, events: ev, closes: ev.closed ? [ev.closed] : [],
    timeline: Object.values(ev).sort((a, b) => a.at - b.at), pauses: [], labour: new Dec(500), parts: new Dec(500), shipping: new Dec(50),
    loss: null, outcome: "done", exemption: "", source: src, hasErrors: false,
  };
}
function findingsOf(c: Clause, events: Record<string, string>) {
  const pw: ParsedWorkbook = { agreement, clauses: [c], tickets: [ticket("T", events)], calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [] };
  return computeFindings(pw, ctx, OCT, { feeOf: () => new Dec(1050) }).value.findings;
}
const COL = { due: 6, lateBy: 9, status: 10, penalty: 11, disputeBy: 12, trace: 13 };

describe("deadlines on the Findings sheet and in its JSON", () => {
  // End of the 5th working day after Fri 10-09 (10-10 is a make-up workday): Thu 10-15 at 24:00.
  const repair = clause({ ref: "2.5", endEvent: "repaired", unit: "working days", target: 5, penalty: "per day", amount: new Dec(300) });
  const findings = findingsOf(repair, { reported: "2026-10-09 10:00", repaired: "2026-10-16 10:00", closed: "2026-10-20 10:00" });
  const disputeBy = new Map([["P", at("2026-11-07 00:00")]]);

  it.each(["en", "zh"] as const)("a due and a dispute-by at 00:00 read as 24:00 of the day before (%s)", (lang) => {
    const [sheet] = buildFindingsSheets(findings, OCT, lang, agreement, disputeBy);
    expect(sheet.rows[1][COL.due]).toBe("2026-10-15 24:00");
    expect(sheet.rows[1][COL.disputeBy]).toBe("2026-11-06 24:00");
    expect(String(sheet.rows[1][COL.trace])).toMatch(lang === "en" ? /^due 2026-10-15 24:00 = end of the 5th working day after 2026-10-09/ : /^期限 2026-10-15 24:00 = /);
    expect(JSON.stringify(sheet.rows)).not.toContain("2026-10-16 00:00");
    // Text, so the column sorts and filters as written; and no date-time format over it.
    expect(sheet.columns[COL.due].numberFormat).toBe("@");
    expect(sheet.columns[COL.disputeBy].numberFormat).toBe("@");
  });

  it("JSON keeps the ISO instant and adds the day it belongs to", () => {
    expect(findingsJson(findings, agreement)[0]).toMatchObject({ due: "2026-10-16T00:00:00", dueDate: "2026-10-15" });
  });

  it("a due within the day keeps its own time, in the cell and in the JSON date", () => {
    const f = findingsOf(clause({}), { reported: "2026-10-09 10:00", responded: "2026-10-09 11:00", closed: "2026-10-12 10:00" });
    const [sheet] = buildFindingsSheets(f, OCT, "en", agreement);
    expect(sheet.rows[1][COL.due]).toBe("2026-10-10 10:00");
    expect(findingsJson(f, agreement)[0]).toMatchObject({ due: "2026-10-10T10:00:00", dueDate: "2026-10-10" });
  });

  it("a trace of a ticket open at the month end names the month's last day at 24:00", () => {
    const f = findingsOf(clause({}), { reported: "2026-10-31 10:00" });
    expect(f[0].explanation.en).toContain("not finished by 2026-10-31 24:00");
    expect(f[0].explanation.zh).toContain("截至 2026-10-31 24:00 未完成");
  });
});

describe("Late By on the clause's own clock, in the unit charged", () => {
  it.each([
    [
      "a working-day clause finished after its due but before opening: 1 working day begun, not 0.00 h",
      clause({ ref: "2.5", endEvent: "repaired", unit: "working days", target: 5, penalty: "per day", amount: new Dec(300) }),
      { reported: "2026-10-09 10:00", repaired: "2026-10-16 08:00", closed: "2026-10-20 10:00" },
      "1 working day begun after due", "期限后已开始 1 个工作日", 300,
    ],
    [
      "a per-hour clause: the started hours it charges",
      clause({ unit: "hours", target: 24, penalty: "per hour", amount: new Dec(10) }),
      { reported: "2026-10-09 10:00", responded: "2026-10-11 02:46", closed: "2026-10-12 10:00" },
      "17 hours begun after due", "期限后已开始 17 小时", 170,
    ],
    [
      "a calendar-day clause: days begun after due",
      clause({ unit: "hours", target: 24, penalty: "per day", amount: new Dec(200) }),
      { reported: "2026-10-09 10:00", responded: "2026-10-12 09:00", closed: "2026-10-12 10:00" },
      "2 days begun after due", "期限后已开始 2 天", 400,
    ],
    [
      "a fixed working-hours clause finished after closing on its due day: no working time late, and says why",
      clause({ unit: "working hours", target: 16, penalty: "fixed", amount: new Dec(50) }),
      { reported: "2026-10-12 09:00", responded: "2026-10-13 20:00", closed: "2026-10-14 10:00" },
      "0 working min (past due, outside working hours)", "0 工作分钟（已过期限，非工作时间）", 50,
    ],
    [
      "a fixed hours clause: the time late",
      clause({ unit: "hours", target: 24, penalty: "fixed", amount: new Dec(50) }),
      { reported: "2026-10-09 10:00", responded: "2026-10-11 02:46", closed: "2026-10-12 10:00" },
      "16 h 46 min", "16小时46分钟", 50,
    ],
  ] as const)("%s", (_name, c, events, en, zh, penalty) => {
    const f = findingsOf(c, events);
    expect(f[0].status).toBe("late");
    const [enSheet] = buildFindingsSheets(f, OCT, "en", agreement);
    const [zhSheet] = buildFindingsSheets(f, OCT, "zh", agreement);
    expect(enSheet.rows[1][COL.lateBy]).toBe(en);
    expect(zhSheet.rows[1][COL.lateBy]).toBe(zh);
    expect(enSheet.rows[1][COL.penalty]).toBe(penalty);
    expect(findingsJson(f, agreement)[0]).toMatchObject({ lateBy: en });
  });

  it("a finding on time has an empty Late By", () => {
    const f = findingsOf(clause({}), { reported: "2026-10-09 10:00", responded: "2026-10-09 11:00", closed: "2026-10-12 10:00" });
    const [sheet] = buildFindingsSheets(f, OCT, "en", agreement);
    expect(sheet.rows[1][COL.lateBy]).toBeNull();
  });

  it("the trace of a working-hours clause past due outside working hours says so instead of 'late by 0 min'", () => {
    const f = findingsOf(clause({ unit: "working hours", target: 16, penalty: "fixed", amount: new Dec(50) }), { reported: "2026-10-12 09:00", responded: "2026-10-13 20:00", closed: "2026-10-14 10:00" });
    expect(f[0].explanation.en).toContain("late by 0 working min (past due, outside working hours), fixed ¥50.00 = ¥50.00");
    expect(f[0].explanation.en).not.toContain("late by 0 min");
  });
});

describe("a clause that is not pausable says it ignored the ticket's pauses", () => {
  const paused = (pausable: boolean, pauses: [string, string][]) => {
    const t = ticket("T", { reported: "2026-10-12 10:00", responded: "2026-10-13 12:00", closed: "2026-10-14 10:00" });
    t.pauses = pauses.map(([from, to]) => ({ from: at(from), to: at(to), source: src }));
    const pw: ParsedWorkbook = { agreement, clauses: [clause({ pausable })], tickets: [t], calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [] };
    return computeFindings(pw, ctx, OCT, { feeOf: () => new Dec(1050) }).value.findings[0];
  };
  it("in both languages, when the ticket paused during the clock", () => {
    const f = paused(false, [["2026-10-12 11:00", "2026-10-12 15:00"]]);
    expect(f.explanation.en).toBe("due 2026-10-13 10:00 = 2026-10-12 10:00 + 24 h; pauses ignored (clause not pausable); responded 2026-10-13 12:00, late by 2 h, fixed ¥100.00 = ¥100.00");
    expect(f.explanation.zh).toContain("；暂停不计（条款不可暂停）；");
  });
  it("not when the clause is pausable (the pause moves the due instead), nor when the pause is outside the clock", () => {
    expect(paused(true, [["2026-10-12 11:00", "2026-10-12 15:00"]]).explanation.en).toBe("due 2026-10-13 14:00 = 2026-10-12 10:00 + 24 h, + 4 h paused; responded 2026-10-13 12:00, on time");
    expect(paused(false, [["2026-10-13 13:00", "2026-10-13 14:00"]]).explanation.en).not.toContain("pauses ignored");
  });
});
