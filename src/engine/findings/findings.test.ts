import fc from "fast-check";
import { buildCalendar, formatDuration, formatWorkingDuration, makeZoneClock, measureLate, type ClockContext } from "../clocks";
import type { Agreement, Clause, ParsedWorkbook, Ticket } from "../core/model";
import type { Finding } from "../core/finding";
import { Dec, formatMoney } from "../core/money";
import { asLocal, formatDeadline, formatLocal, localFromCivil, type LocalSeconds } from "../core/time";
import { buildFindingsSheets, clauseApplies, computeFindings, findingsJson, warrantyOf } from ".";
import { chargedCount } from "./words";
import { startedHoursOf } from "../clocks";
import { rowStyleAt, rowStyleRuns, rowStylesOf, type RowStyle } from "../core/output";

const at = (text: string): LocalSeconds => {
  const [d, t] = text.split(" ");
  const [y, m, dd] = d.split("-").map(Number);
  const [hh, mi] = (t ?? "00:00").split(":").map(Number);
  return localFromCivil({ year: y, month: m, day: dd, hour: hh, minute: mi, second: 0 });
};
const src = { sheet: "Tickets", cell: "A2" };
const agreement: Agreement = {
  contractNo: "C", provider: "P", customer: "X", currency: "CNY", minorDigits: 2, timeZone: "Asia/Shanghai", calendar: "CN",
  workingHours: [{ fromSecond: 9 * 3600, toSecond: 12 * 3600 }, { fromSecond: 13 * 3600, toSecond: 18 * 3600 }],
  dayEndsAt: "midnight", warrantyMonths: 12, settlementBasis: "closed", statementDay: 1, paymentDays: 30,
  lateFeeRate: { perDay: new Dec("0.0005"), text: "0.05% per day" }, lateFeeGraceDays: 0, lateFeeCap: null, disputeDays: 5,
  penaltyCap: null, unperformedRate: new Dec("0.2"), refs: {},
};
const cal = buildCalendar({ kind: "CN", workingHours: agreement.workingHours, overrides: [] });
const ctx: ClockContext = { calendar: cal.value, zone: makeZoneClock("Asia/Shanghai")!, dayEndsAt: "midnight" };
const OCT = { year: 2026, month: 10 };

function clause(p: Partial<Clause>): Clause {
  return {
    ref: "2.1", name: "Response", appliesTo: [], startEvent: "reported", endEvent: "responded", target: 24, unit: "hours",
    penalty: "fixed", amount: new Dec(100), cap: null, pausable: true, effectiveFrom: null, effectiveTo: null, source: { sheet: "SLA", cell: "A2" }, ...p,
  };
}
function ticket(id: string, events: Record<string, string>, p: Partial<Ticket> = {}, pauses: [string, string | null][] = []): Ticket {
  const ev = Object.fromEntries(Object.entries(events).map(([name, t]) => [name, { name, at: at(t), source: src }]));
  const closes = ev.closed ? [ev.closed] : [];
  return {
    id, provider: "P", fields: { service: "onsite", category: "general" }, warranty: "out", purchased: null, events: ev, closes,
    timeline: Object.values(ev).sort((a, b) => a.at - b.at), pauses: pauses.map(([f, t]) => ({ from: at(f), to: t === null ? null : at(t), source: src })),
    labour: new Dec(500), parts: new Dec(500), shipping: new Dec(50), loss: null, outcome: "done", exemption: "", source: src, hasErrors: false, ...p,
  };
}
function run(clauses: Clause[], tickets: Ticket[], a: Agreement = agreement) {
  const pw: ParsedWorkbook = { agreement: a, clauses, tickets, calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [] };
  return computeFindings(pw, ctx, OCT, { feeOf: (t) => t.labour!.plus(t.parts!).plus(t.shipping!) });
}
const one = (c: Clause, t: Ticket) => {
  const r = run([c], [t]);
  expect(r.value.findings).toHaveLength(1);
  return { f: r.value.findings[0], r };
};

describe("statuses", () => {
  it.each([
    ["met", { reported: "2026-10-09 10:00", responded: "2026-10-10 09:00", closed: "2026-10-12 10:00" }, "met", "0"],
    ["late", { reported: "2026-10-09 10:00", responded: "2026-10-10 11:00", closed: "2026-10-12 10:00" }, "late", "100"],
    ["exactly at the deadline", { reported: "2026-10-09 10:00", responded: "2026-10-10 10:00", closed: "2026-10-12 10:00" }, "met", "0"],
    ["open at the month end, within target", { reported: "2026-10-31 10:00" }, "open", "0"],
    ["overdue at the month end: shown, not charged", { reported: "2026-10-20 10:00" }, "overdue", "0"],
    ["settled without the end event", { reported: "2026-10-09 10:00", closed: "2026-10-12 10:00" }, "missing", "0"],
    ["resolved before the first response", { reported: "2026-10-09 10:00", repaired: "2026-10-09 11:00", closed: "2026-10-09 12:00" }, "missing", "0"],
  ])("%s", (_name, events, status, penalty) => {
    const { f } = one(clause({}), ticket("T", events));
    expect(f.status).toBe(status);
    expect(f.penalty.toString()).toBe(penalty);
  });

  it("exempt: carries the reason, never a penalty", () => {
    const { f } = one(clause({}), ticket("T", { reported: "2026-10-09 10:00", responded: "2026-10-12 10:00", closed: "2026-10-12 11:00" }, { exemption: "force majeure" }));
    expect(f).toMatchObject({ status: "exempt", exemption: "force majeure" });
    expect(f.penalty.isZero()).toBe(true);
    expect(f.explanation.en).toMatch(/exempt: force majeure$/);
  });

  it("start missing is a warning finding; end before start an error that leaves the ticket out", () => {
    const r = run([clause({ startEvent: "confirmed", endEvent: "onsite" })], [ticket("T", { reported: "2026-10-09 10:00", onsite: "2026-10-09 12:00", closed: "2026-10-10 10:00" })]);
    expect(r.value.findings[0].status).toBe("missing");
    expect(r.issues.map((i) => i.code)).toEqual(["FINDING_START_MISSING"]);
    const bad = run([clause({})], [ticket("T", { reported: "2026-10-09 10:00", responded: "2026-10-09 09:00", closed: "2026-10-10 10:00" })]);
    expect(bad.value.findings[0].status).toBe("error");
    expect(bad.value.excluded.map((t) => t.id)).toEqual(["T"]);
    expect(bad.issues[0]).toMatchObject({ code: "FINDING_END_BEFORE_START", severity: "error", ticket: "T" });
  });

  it("a date beyond the calendar's data is an issue asking for that year's holidays", () => {
    const r = run([clause({ unit: "working days", target: 3, endEvent: "repaired" })], [ticket("T", { reported: "2026-10-30 10:00" })], agreement);
    expect(r.value.findings[0].status).not.toBe("error");
    const nov = computeFindings({ agreement, clauses: [clause({ unit: "working days", target: 5, endEvent: "repaired" })], tickets: [ticket("T", { reported: "2026-12-29 10:00", closed: "2026-12-31 10:00" })], calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [] }, ctx, { year: 2026, month: 12 }, { feeOf: () => null });
    expect(nov.issues[0]).toMatchObject({ code: "CALENDAR_NOT_COVERED", severity: "error", ticket: "T" });
  });

  // A finding no longer keeps why its clock did not run; its trace finds that again.
  it("a clock that did not run says why, in both languages", () => {
    const start = run([clause({ startEvent: "confirmed", endEvent: "onsite" })], [ticket("T", { reported: "2026-10-09 10:00", onsite: "2026-10-09 12:00", closed: "2026-10-10 10:00" })]);
    expect(start.value.findings[0].explanation).toMatchObject({ en: "no confirmed time: the clock of 2.1 cannot start", zh: "缺少确认时间，条款 2.1 无法起算" });
    const notYet = run([clause({ startEvent: "repaired", endEvent: "returned" })], [ticket("T", { reported: "2026-10-31 10:00" })]);
    expect(notYet.value.findings[0].explanation).toMatchObject({ en: "not started by 2026-10-31 24:00: no repaired yet", zh: "截至 2026-10-31 24:00 尚未起算：还没有维修完成时间" });
    const bad = run([clause({})], [ticket("T", { reported: "2026-10-09 10:00", responded: "2026-10-09 09:00", closed: "2026-10-10 10:00" })]);
    expect(bad.value.findings[0].explanation).toMatchObject({ en: "responded is before reported", zh: "响应时间早于报修时间" });
    const nov = computeFindings({ agreement, clauses: [clause({ unit: "working days", target: 5, endEvent: "repaired" })], tickets: [ticket("T", { reported: "2026-12-29 10:00", closed: "2026-12-31 10:00" })], calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [] }, ctx, { year: 2026, month: 12 }, { feeOf: () => null });
    expect(nov.value.findings[0].explanation).toMatchObject({ en: "the calendar has no data for 2027-01-01", zh: "日历缺少 2027-01-01 的数据" });
  });
});

describe("penalty kinds and caps", () => {
  const repair = { reported: "2026-10-09 10:00", repaired: "2026-10-17 10:00", closed: "2026-10-17 11:00" };
  it.each([
    // due 2026-10-16 00:00 (5th working day after 10-09 counting make-up 10-10); repaired Sat 10-17: 1 working day begun... Fri 10-16 is a working day
    ["per day", clause({ ref: "2.5", unit: "working days", target: 5, endEvent: "repaired", penalty: "per day", amount: new Dec(300) }), "300", 1],
    ["per day with cap", clause({ ref: "2.5", unit: "working days", target: 3, endEvent: "repaired", penalty: "per day", amount: new Dec(300), cap: new Dec(500) }), "500", 3],
    ["per hour", clause({ ref: "2.4", unit: "hours", target: 48, endEvent: "repaired", penalty: "per hour", amount: new Dec(10) }), "1440", 144],
    ["percent of fee", clause({ ref: "2.3", unit: "hours", target: 24, endEvent: "repaired", penalty: "percent of fee", amount: new Dec("0.1") }), "105", 0],
    ["fixed", clause({ ref: "2.2", unit: "hours", target: 24, endEvent: "repaired", penalty: "fixed", amount: new Dec(100) }), "100", 0],
    ["none", clause({ ref: "2.6", unit: "hours", target: 24, endEvent: "repaired", penalty: "none", amount: new Dec(0) }), "0", 0],
  ])("%s", (_n, c, penalty, count) => {
    const { f } = one(c, ticket("T", repair));
    expect(f.status).toBe("late");
    expect(f.penalty.toString()).toBe(penalty);
    expect(f.lateCount).toBe(count);
  });

  it("traces read like the issue's example", () => {
    const { f } = one(clause({ ref: "2.5", unit: "working days", target: 5, endEvent: "repaired", penalty: "per day", amount: new Dec(300) }), ticket("T", { reported: "2026-10-09 10:00", repaired: "2026-10-16 10:00", closed: "2026-10-16 11:00" }));
    expect(f.explanation.en).toBe("due 2026-10-15 24:00 = end of the 5th working day after 2026-10-09 (CN; 10-10 make-up workday); repaired 2026-10-16 10:00, 1 working day late × ¥300.00 = ¥300.00");
    expect(f.explanation.zh).toBe("期限 2026-10-15 24:00 = 2026-10-09 之后第 5 个工作日结束时（CN；10-10 调休上班）；维修完成 2026-10-16 10:00，超时 1 个工作日 × ¥300.00 = ¥300.00");
  });
});

describe("pauses and reopened tickets", () => {
  it("response and pause at the same instant; ticket created paused; pause across a weekend on a working-days clause", () => {
    const c = clause({ ref: "2.5", unit: "working days", target: 3, endEvent: "repaired", penalty: "per day", amount: new Dec(100) });
    // paused from Fri 10-16 18:00 to Mon 10-19 09:00: no working time inside, due unchanged (10-15 + 3 wd = end of 10-20)
    const { f } = one(c, ticket("T", { reported: "2026-10-15 10:00", repaired: "2026-10-20 17:00", closed: "2026-10-20 18:00" }, {}, [["2026-10-16 18:00", "2026-10-19 09:00"]]));
    expect(formatLocal(f.due!)).toBe("2026-10-21 00:00");
    expect(f.status).toBe("met");
    const created = one(clause({}), ticket("T", { reported: "2026-10-09 10:00", responded: "2026-10-10 12:00", closed: "2026-10-11 10:00" }, {}, [["2026-10-09 10:00", "2026-10-09 12:00"]]));
    expect(formatLocal(created.f.due!)).toBe("2026-10-10 12:00");
    expect(created.f.status).toBe("met");
    const same = one(clause({}), ticket("T", { reported: "2026-10-09 10:00", responded: "2026-10-09 11:00", closed: "2026-10-11 10:00" }, {}, [["2026-10-09 11:00", "2026-10-09 15:00"]]));
    expect(same.f.status).toBe("met");
    expect(same.f.elapsedSeconds).toBe(3600);
  });

  it("a reopened ticket: the time between a close and the next event is paused; the last close ends the clock", () => {
    const c = clause({ ref: "9", endEvent: "closed", target: 48, unit: "hours", penalty: "fixed" });
    const t = ticket("T", { reported: "2026-10-09 10:00", closed: "2026-10-12 10:00" });
    const first = { name: "closed", at: at("2026-10-10 10:00"), source: src };
    const reopened = { name: "reopened", at: at("2026-10-11 09:00"), source: src };
    t.closes = [first, t.events.closed];
    t.timeline = [t.events.reported, first, reopened, t.events.closed];
    const { f } = one(c, t);
    // due = 10-11 10:00 + 23 h paused (10-10 10:00 → 10-11 09:00) = 10-12 09:00; closed 10-12 10:00 → late
    expect(formatLocal(f.due!)).toBe("2026-10-12 09:00");
    expect(f.status).toBe("late");
  });

  it("an unmatched pause runs to the month end and is a warning", () => {
    const r = run([clause({})], [ticket("T", { reported: "2026-10-30 10:00" }, {}, [["2026-10-30 11:00", null]])]);
    expect(r.value.findings[0].status).toBe("open");
    expect(r.issues[0]).toMatchObject({ code: "PAUSE_UNMATCHED", ticket: "T" });
  });
});

describe("month selection and outputs", () => {
  it("takes tickets settled in the month plus those open at its end", () => {
    const r = run([clause({})], [
      ticket("SEP", { reported: "2026-09-01 10:00", responded: "2026-09-01 11:00", closed: "2026-09-30 10:00" }),
      ticket("OCT", { reported: "2026-09-29 10:00", responded: "2026-09-29 11:00", closed: "2026-10-02 10:00" }),
      ticket("OPEN", { reported: "2026-10-30 10:00" }),
      ticket("NOV", { reported: "2026-11-02 10:00" }),
      ticket("LATER", { reported: "2026-10-30 10:00", responded: "2026-11-03 10:00", closed: "2026-11-03 12:00" }),
    ]);
    expect(r.value.settled.map((t) => t.id)).toEqual(["OCT"]);
    expect(r.value.open.map((t) => t.id)).toEqual(["OPEN", "LATER"]);
    // as of the month end the November response has not happened yet
    expect(r.value.findings.find((f) => f.ticket === "LATER")!.status).toBe("overdue");
  });

  it("the sheet highlights late rows, totals with SUBTOTAL and keeps JSON times local", () => {
    const r = run([clause({})], [ticket("=T1", { reported: "2026-10-09 10:00", responded: "2026-10-10 11:00", closed: "2026-10-12 10:00" })]);
    const [s] = buildFindingsSheets(r.value.findings, OCT, "en", agreement);
    expect(s.name).toBe("Findings 2026-10");
    expect(s.rows[1][0]).toBe("=T1");
    expect(s.rows[1][10]).toBe("late");
    expect(s.rows[2][11]).toBe(100);
    expect(s.formulas).toEqual([{ row: 2, col: 11, formula: "=SUBTOTAL(9,L2:L2)" }]);
    expect(rowStylesOf(s)).toContainEqual({ row: 1, style: "late" });
    expect(findingsJson(r.value.findings, agreement)[0]).toMatchObject({ ticket: "=T1", status: "late", due: "2026-10-10T10:00:00", penalty: "100.00" });
  });
});

describe("a month larger than one Excel sheet", () => {
  // 7 tickets, 2 late; at most 5 rows per sheet here (header + 3 findings + total) instead of Excel's 1,048,576.
  const tickets = Array.from({ length: 7 }, (_, i) =>
    ticket(`T${i + 1}`, { reported: "2026-10-09 10:00", responded: i % 3 === 0 ? "2026-10-10 11:00" : "2026-10-09 11:00", closed: "2026-10-12 10:00" }));
  const r = run([clause({})], tickets);
  const parts = buildFindingsSheets(r.value.findings, OCT, "en", agreement, new Map(), { maxRowsPerSheet: 5 });

  it("continues on 'part 2', 'part 3', each with a header, its own findings, a SUBTOTAL row and a filter", () => {
    expect(parts.map((s) => s.name)).toEqual(["Findings 2026-10", "Findings 2026-10 part 2", "Findings 2026-10 part 3"]);
    expect(parts.map((s) => s.rows.length)).toEqual([5, 5, 3]);
    expect(parts.flatMap((s) => s.rows.slice(1, -1).map((row) => row[0]))).toEqual(tickets.map((t) => t.id));
    for (const s of parts) {
      expect(s.rows[0][0]).toBe("Ticket");
      const last = s.rows.length - 1;
      expect(s.rows[last][0]).toBe("Total");
      expect(s.formulas).toEqual([{ row: last, col: 11, formula: `=SUBTOTAL(9,L2:L${last})` }]);
      expect(s.tables[0]).toMatchObject({ headerRow: 0, lastRow: last - 1 });
    }
    expect(new Set(parts.map((s) => s.tables[0].name)).size).toBe(3);
  });

  it("the parts' totals foot to the month's penalties, and late rows are marked on the part they are in", () => {
    expect(parts.map((s) => s.rows[s.rows.length - 1][11])).toEqual([100, 100, 100]); // T1 | T4 | T7
    expect(parts.map((s) => rowStylesOf(s).filter((x) => x.style === "late").map((x) => x.row))).toEqual([[1], [1], [1]]);
  });

  it("row styles as a code per row read back as the plain list, lookup and runs the sheet gave before", () => {
    const base = r.value.findings[0];
    const statuses = ["met", "late", "open", "overdue", "missing", "exempt", "error"] as const;
    fc.assert(fc.property(fc.array(fc.constantFrom(...statuses), { maxLength: 60 }), fc.integer({ min: 3, max: 30 }), (picked, maxRowsPerSheet) => {
      const findings: Finding[] = picked.map((status) => ({ ...base, status }));
      const sheets = buildFindingsSheets(findings, OCT, "en", agreement, new Map(), { maxRowsPerSheet });
      let from = 0;
      for (const s of sheets) {
        const lines = s.lazyRows!.count - 2;
        // The list as the sheet built it before: the header, each late or overdue finding's row, the total.
        const plain: { row: number; style: RowStyle }[] = [{ row: 0, style: "header" }];
        for (let i = 0; i < lines; i++) if (["late", "overdue"].includes(findings[from + i].status)) plain.push({ row: i + 1, style: "late" });
        plain.push({ row: lines + 1, style: "total" });
        from += lines;
        expect(s.rowStyles).toEqual([]);
        expect(rowStylesOf(s)).toEqual(plain);
        // Lookup and runs as the same list would give them (core/output.test pins those to a reference).
        const listed = { rowStyles: plain };
        const at = rowStyleAt(s);
        const atListed = rowStyleAt(listed);
        for (let row = 0; row < lines + 4; row++) expect(at(row)).toBe(atListed(row));
        expect([...rowStyleRuns(s)]).toEqual([...rowStyleRuns(listed)]);
      }
      expect(from).toBe(findings.length);
    }));
  });

  it("builds rows on demand, block by block, the same as all at once", () => {
    const s = parts[0];
    expect(s.lazyRows!.count).toBe(5);
    expect([...s.lazyRows!.block(0, 2), ...s.lazyRows!.block(2, 5)]).toEqual(s.rows);
    // Each read gets its own rows: changing one (as a host may) leaves the next read as it was.
    s.lazyRows!.block(0, 1)[0][0] = "changed";
    expect(s.rows[0][0]).toBe("Ticket");
  });

  it("an empty month is one sheet: header and a zero total", () => {
    const [only, ...more] = buildFindingsSheets([], OCT, "en", agreement);
    expect(more).toHaveLength(0);
    expect(only.rows).toEqual([expect.arrayContaining(["Ticket"]), ["Total", null, null, null, null, null, null, null, null, null, null, 0, null, null]]);
  });
});

describe("traces", () => {
  it("an exempt ticket still open says what its clock found, then the exemption", () => {
    const { f } = one(clause({}), ticket("E", { reported: "2026-10-31 10:00" }, { exemption: "customer" }));
    expect(f.status).toBe("exempt");
    expect(f.explanation.en).toContain("not finished by 2026-10-31 24:00, still within the target");
    expect(f.explanation.en).toMatch(/exempt: customer$/);
    expect(f.explanation.zh).toMatch(/免责：customer$/);
  });

  it("reads the same from the same finding every time, in either language first", () => {
    const { f } = one(clause({ unit: "working hours", target: 24 }), ticket("W", { reported: "2026-09-30 16:00", responded: "2026-10-12 10:00", closed: "2026-10-09 12:00" }));
    const zh = f.explanation.zh;
    expect(f.explanation.en).toBe(f.explanation.en);
    expect(f.explanation.zh).toBe(zh);
    expect(f.explanation.en).toContain("National Day");
    expect(f.explanation.en).toContain("due 2026-10-10 16:00 = 2026-09-30 16:00 + 24 working h");
    expect(f.explanation.en).toContain("10-10 make-up workday");
  });
});

describe("laws", () => {
  const base = at("2026-10-05 00:00");
  const inst = fc.integer({ min: 0, max: 20 * 1440 }).map((m) => asLocal(base + m * 60));
  const units = fc.constantFrom("hours", "working hours", "days", "working days" as const);
  it("adding a pause never turns met into late; penalties are never negative; exempt never carries a penalty", () => {
    fc.assert(
      fc.property(inst, fc.integer({ min: 1, max: 5 * 1440 }), units, fc.integer({ min: 1, max: 72 }), inst, fc.integer({ min: 1, max: 3000 }), fc.boolean(), (rep, dur, unit, target, pauseFrom, pauseMin, exempt) => {
        const c = clause({ unit: unit as Clause["unit"], target, endEvent: "repaired", penalty: "per day", amount: new Dec(100) });
        const ev = { reported: formatLocal(rep), repaired: formatLocal(asLocal(rep + dur * 60)), closed: formatLocal(asLocal(rep + dur * 60 + 60)) };
        const plain = run([c], [ticket("T", ev, { exemption: exempt ? "customer" : "" })]).value.findings[0];
        const pausedRun = run([c], [ticket("T", ev, { exemption: exempt ? "customer" : "" }, [[formatLocal(pauseFrom), formatLocal(asLocal(pauseFrom + pauseMin * 60))]])]);
        const paused = pausedRun.value.findings[0];
        // A pause can push the due past the calendar's data (CN ends with 2026): then the finding is an error that
        // says so, never a guess — and never late.
        if (plain.status === "met" && paused.status === "error") expect(pausedRun.issues.map((i) => i.code)).toEqual(["CALENDAR_NOT_COVERED"]);
        else if (plain.status === "met") expect(paused.status).toBe("met");
        expect(paused.penalty.isNegative()).toBe(false);
        expect(plain.penalty.isNegative()).toBe(false);
        // exempt: never a penalty; the status says exempt unless the due could not be computed at all
        if (exempt) expect(plain.penalty.isZero() && ["exempt", "error"].includes(plain.status)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("the calendar edge of that law: a met finding whose pause pushes the due into 2027 is an error citing the calendar", () => {
    // fast-check's counterexample from a CI run: reported 2026-10-11, 57 working days, paused 2,255 minutes.
    const rep = asLocal(1791763200);
    const c = clause({ unit: "working days", target: 57, endEvent: "repaired", penalty: "per day", amount: new Dec(100) });
    const ev = { reported: formatLocal(rep), repaired: formatLocal(asLocal(rep + 1981 * 60)), closed: formatLocal(asLocal(rep + 1981 * 60 + 60)) };
    expect(run([c], [ticket("T", ev)]).value.findings[0].status).toBe("met");
    const paused = run([c], [ticket("T", ev, {}, [[formatLocal(asLocal(1791746760)), formatLocal(asLocal(1791746760 + 2255 * 60))]])]);
    expect(paused.value.findings[0].status).toBe("error");
    expect(paused.issues.map((i) => i.code)).toEqual(["CALENDAR_NOT_COVERED"]);
  });
});

describe("the Findings sheet's penalty column", () => {
  // Each penalty instance is written once per sheet: the column must be Number(formatMoney(penalty)) of every row
  // all the same, shared instances, equal but distinct ones, and zero alike, at any minor digits.
  it("is each finding's penalty as a number", () => {
    const amounts = fc.oneof(fc.constant("0"), fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 1000).toString()));
    fc.assert(
      fc.property(fc.array(amounts, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), (texts, picks, fresh, digits) => {
        const shared = texts.map((t) => new Dec(t));
        const penalties = picks.map((k) => (fresh && k % 2 === 0 ? new Dec(texts[k % texts.length]) : shared[k % shared.length]));
        const findings = penalties.map((penalty, i) => ({
          ticket: `T${i}`, provider: "P", clauseRef: "2.1", clauseName: "n", unit: "hours", target: 4, penaltyKind: "fixed", start: null, end: null,
          due: null, elapsedSeconds: null, lateBySeconds: 0, lateCount: 0, status: "late", penalty, explanation: { en: "", zh: "" }, exemption: "", sources: { clause: src },
        }) as Finding);
        const [sheet] = buildFindingsSheets(findings, OCT, "en", { ...agreement, minorDigits: digits });
        const column = sheet.rows.slice(1, -1).map((r) => r[11]);
        expect(column).toEqual(penalties.map((p) => (p.isZero() ? 0 : Number(formatMoney(p, digits)))));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the end part of a trace", () => {
  // A trace reads "<end event> <formatLocal(end)>, on time" or "…, <late words>", at any second.
  it("quotes the end as formatLocal writes it, on time or late, in both languages", () => {
    const base = at("2026-10-05 00:00");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 1440 }), fc.integer({ min: 1, max: 72 * 60 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 59 })), fc.boolean(), (startMinute, minutes, second, exempt) => {
        const t = ticket("T", { reported: formatLocal(asLocal(base + startMinute * 60)), responded: "2026-10-01 00:00", closed: "2026-10-30 10:00" }, { exemption: exempt ? "customer" : "" });
        const end = asLocal(t.events.reported!.at + minutes * 60 + second);
        t.events.responded = { name: "responded", at: end, source: src };
        const f = run([clause({})], [t]).value.findings[0];
        const late = f.lateBySeconds > 0;
        const tail = exempt ? { en: "; exempt: customer", zh: "；免责：customer" } : { en: "", zh: "" };
        expect(f.explanation.en.startsWith(`due ${formatDeadline(f.due!, { lang: "en", style: "short" })} = ${formatLocal(f.start!)} + 24 h; responded `)).toBe(true);
        expect(f.explanation.zh.startsWith(`期限 ${formatDeadline(f.due!, { lang: "zh", style: "short" })} = ${formatLocal(f.start!)} + 24 小时；响应 `)).toBe(true);
        if (late) {
          expect(f.explanation.en).toMatch(new RegExp(` \\+ 24 h; responded ${formatLocal(end)}, late by [^;]+, fixed ¥100\\.00( = ¥100\\.00)?${tail.en}$`));
          expect(f.explanation.zh).toMatch(new RegExp(` \\+ 24 小时；响应 ${formatLocal(end)}，超时 [^；]+，每次 ¥100\\.00( = ¥100\\.00)?${tail.zh}$`));
        } else {
          expect(f.explanation.en.endsWith(` + 24 h; responded ${formatLocal(end)}, on time${tail.en}`)).toBe(true);
          expect(f.explanation.zh.endsWith(` + 24 小时；响应 ${formatLocal(end)}，按时${tail.zh}`)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});


describe("a finding's late measure, kept as its numbers", () => {
  // A finding keeps its status and started days in one integer and its late-by in another, not the LateMeasure
  // object, and finds started hours again from the late-by (startedHoursOf): everything it shows must be what
  // clocks measureLate says of its due and end (or as-of), in every unit and penalty kind, exempt or not.
  const asOf = at("2026-11-01 00:00");
  const units = ["hours", "working hours", "days", "working days"] as const;
  const kinds = ["per day", "per hour", "fixed", "percent of fee", "none"] as const;
  it("is measureLate of the finding's due and end", () => {
    const base = at("2026-10-01 00:00");
    fc.assert(
      fc.property(
        fc.constantFrom(...units), fc.constantFrom(...kinds), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 * 1440 - 1 }),
        fc.option(fc.integer({ min: 0, max: 45 * 1440 }), { nil: undefined }), fc.integer({ min: 0, max: 59 }), fc.boolean(), fc.boolean(),
        (unit, kind, target, startMinute, endMinutes, second, closed, exempt) => {
          const reported = asLocal(base + startMinute * 60);
          const events: Record<string, string> = { reported: formatLocal(reported) };
          if (closed) events.closed = "2026-10-31 23:00";
          const t = ticket("T", events, { exemption: exempt ? "customer" : "" });
          if (endMinutes !== undefined) t.events.responded = { name: "responded", at: asLocal(reported + endMinutes * 60 + second), source: src };
          const c = clause({ unit, target, penalty: kind, amount: new Dec(kind === "percent of fee" ? "0.1" : "100") });
          const f = run([c], [t]).value.findings[0] as Finding & { late: unknown; clockStatus: string };
          const clockStatus = f.clockStatus;
          expect(f.status).toBe(exempt && clockStatus !== "error" ? "exempt" : clockStatus);
          const m = clockStatus === "late" ? measureLate(ctx, unit, f.due!, f.end!) : clockStatus === "overdue" ? measureLate(ctx, unit, f.due!, asOf) : null;
          if (m) {
            expect(m.startedDays).toBeGreaterThanOrEqual(1); // what keeping "no measure" as 0 started days rests on
            expect(startedHoursOf(m.lateBySeconds)).toBe(m.startedHours);
          }
          expect(f.late).toEqual(m);
          expect(f.lateBySeconds).toBe(m ? m.lateBySeconds : 0);
          expect(f.lateCount).toBe(m && !exempt ? chargedCount(c, m) : 0);
          if (m && clockStatus === "late" && !exempt && (kind === "per day" || kind === "per hour" || kind === "fixed")) {
            expect(f.penalty.toString()).toBe(new Dec(100).times(kind === "fixed" ? 1 : chargedCount(c, m)).toString());
          }
          const working = unit === "working hours" || unit === "working days";
          for (const lang of ["en", "zh"] as const) {
            const text = f.explanation[lang];
            if (!m) continue;
            // A working clock past due only outside working hours is late by no working time, and the trace says why.
            const by = !working ? formatDuration(m.lateBySeconds, lang)
              : Math.round(m.lateBySeconds) < 60 ? (lang === "en" ? "0 working min (past due, outside working hours)" : "0 工作分钟（已过期限，非工作时间）")
              : formatWorkingDuration(m.lateBySeconds, lang);
            const words =
              kind === "per day" ? (lang === "en" ? `${m.startedDays} ${working ? "working day" : "day"}${m.startedDays === 1 ? "" : "s"} late × ¥100.00` : `超时 ${m.startedDays} ${working ? "个工作日" : "天"} × ¥100.00`)
              : kind === "per hour" ? (lang === "en" ? `${m.startedHours} started hour${m.startedHours === 1 ? "" : "s"} late × ¥100.00` : `超时 ${m.startedHours} 小时（不足一小时按一小时）× ¥100.00`)
              : lang === "en" ? `late by ${by}, ` : `超时 ${by}，`;
            expect(text).toContain(words);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("Applies To: the findings made are those of the clauses that apply", () => {
  // Field conditions, effective period and warranty conditions, for tickets that share a fields record (as tickets
  // read from rows do) or have their own: the findings must be exactly those of the clauses clauseApplies says apply.
  const values = { service: ["onsite", "factory", "remote"], category: ["general", "complex"], warranty: ["in", "out", "保内", "过保", "yes"] };
  const condition = fc.constantFrom("service", "category", "warranty").chain((field) =>
    fc.subarray(values[field as keyof typeof values], { minLength: 1 }).map((vs) => ({ field, values: vs })),
  );
  const day = (d: number) => Math.floor(at("2026-10-01 00:00") / 86400) + d;
  const clauseArb = fc.record({
    appliesTo: fc.array(condition, { maxLength: 3 }),
    from: fc.option(fc.integer({ min: -5, max: 20 }), { nil: null }),
    to: fc.option(fc.integer({ min: 5, max: 40 }), { nil: null }),
  });
  const fieldsArb = fc.record({ service: fc.constantFrom(...values.service), category: fc.constantFrom("general", "complex", "other") }, { requiredKeys: ["service"] });
  const ticketArb = fc.record({
    fields: fc.nat(3), // one of four shared records, or (3) one of its own
    own: fieldsArb,
    warranty: fc.constantFrom<Ticket["warranty"]>("in", "out", null),
    purchasedDaysAgo: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
    reportedDay: fc.integer({ min: 0, max: 30 }),
  });
  /** Applies To tested condition by condition for each ticket, as computeFindings once did (docs/CONTRACT.md, Input sheets). */
  const WORDS: Record<string, string> = { in: "in", 保内: "in", 在保: "in", yes: "in", 是: "in", out: "out", 保外: "out", 过保: "out", no: "out", 否: "out" };
  const appliesPlain = (c: Clause, t: Ticket): boolean => {
    const d = Math.floor(t.events.reported.at / 86400);
    if ((c.effectiveFrom !== null && d < c.effectiveFrom) || (c.effectiveTo !== null && d > c.effectiveTo)) return false;
    return c.appliesTo.every((cond) => {
      if (cond.field !== "warranty") return t.fields[cond.field] !== undefined && cond.values.includes(t.fields[cond.field]);
      const w = warrantyOf(t, agreement);
      return w !== null && cond.values.some((v) => WORDS[v] === w);
    });
  };
  it("finds exactly the clauses clauseApplies says apply", () => {
    fc.assert(
      fc.property(fc.array(clauseArb, { minLength: 1, maxLength: 5 }), fc.array(fieldsArb, { minLength: 3, maxLength: 3 }), fc.array(ticketArb, { minLength: 1, maxLength: 12 }), fc.boolean(), (cs, shared, ts, frozen) => {
        const records = shared.map((f) => (frozen ? Object.freeze({ ...f }) : { ...f })) as Record<string, string>[];
        const clauses = cs.map((c, k) => clause({ ref: `C${k}`, appliesTo: c.appliesTo, effectiveFrom: c.from === null ? null : (day(c.from) as never), effectiveTo: c.to === null ? null : (day(c.to) as never) }));
        const tickets = ts.map((x, k) => {
          const reported = asLocal(at("2026-10-01 10:00") + x.reportedDay * 86400);
          const t = ticket(`T${k}`, { reported: formatLocal(reported), responded: formatLocal(asLocal(reported + 3600)), closed: "2026-10-31 12:00" }, {
            warranty: x.warranty, purchased: x.purchasedDaysAgo === null ? null : (day(x.reportedDay - x.purchasedDaysAgo) as never),
          });
          t.fields = x.fields < 3 ? records[x.fields] : (x.own as Record<string, string>);
          return t;
        });
        const found = run(clauses, tickets).value.findings.map((f) => `${f.ticket} ${f.clauseRef}`);
        const expected = tickets.flatMap((t) => clauses.filter((c) => clauseApplies(c, t, agreement)).map((c) => `${t.id} ${c.ref}`));
        expect(found).toEqual(expected);
        expect(found).toEqual(tickets.flatMap((t) => clauses.filter((c) => appliesPlain(c, t)).map((c) => `${t.id} ${c.ref}`)));
      }),
      { numRuns: 500 },
    );
  });
});
