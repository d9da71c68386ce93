import fc from "fast-check";
import * as path from "path";
import type { Cell, WorkbookData } from "../core/cells";
import { renderIssue } from "../core/messages";
import { formatLocal, localFromCivil, excelSerialFromLocal } from "../core/time";
import { makeZoneClock } from "../clocks";
import { buildTemplateSheets, readWorkbook } from ".";
import { SHEET_CODES } from "./messages";
import { readXlsx } from "../../xlsx";

const read = (wb: WorkbookData, headerMappings?: Record<string, Record<string, string>>) => readWorkbook(wb, { makeZoneClock, headerMappings });
const serial = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => excelSerialFromLocal(localFromCivil({ year: y, month: m, day: d, hour: h, minute: mi, second: s }));

const AGREEMENT: Cell[][] = [["Contract No", "C-1"], ["Provider", "Acme"], ["Time Zone", "Asia/Shanghai"], ["Working Hours", "09:00-12:00, 13:00-18:00"]];
const SLA: Cell[][] = [
  ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
  ["2.1", "Response", "", "reported", "responded", 24, "hours", "fixed", 100, null, "no"],
  ["2.5", "Repair", "service=onsite|上门", "报修时间", "维修完成", 3, "工作日", "每天", "¥300", "1,000", "是"],
];
function book(tickets: Cell[][], extra: { name: string; rows: Cell[][] }[] = [], sla = SLA): WorkbookData {
  return { sheets: [{ name: "Tickets", rows: tickets }, { name: "Agreement", rows: AGREEMENT }, { name: "SLA", rows: sla }, ...extra] };
}
const T_HEAD = ["Ticket ID", "Service Type", "Reported At", "Responded At", "Repaired At", "Labour Fee", "Warranty"];

describe("value shapes", () => {
  it.each([
    [serial(2026, 10, 3, 14, 5, 7), "2026-10-03 14:05:07"],
    ["2026-10-03 14:05", "2026-10-03 14:05"],
    ["2026/10/3 14:05:00", "2026-10-03 14:05"],
    ["2026年10月3日 14:05", "2026-10-03 14:05"],
    ["2026-10-03T06:05:00Z", "2026-10-03 14:05"],
    ["2026-10-03T08:05:00+02:00", "2026-10-03 14:05"],
    ["２０２６－１０－０３　１４：０５", "2026-10-03 14:05"],
  ])("date %p → %s", (cell, expected) => {
    const r = read(book([T_HEAD, ["T1", "onsite", cell, null, null, null, "in"]]));
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(formatLocal(r.value!.tickets[0].events.reported.at)).toBe(expected);
  });

  it.each([
    ["2026-13-01 10:00", "DATE_UNREADABLE"],
    ["2026-02-30", "DATE_UNREADABLE"],
    ["2026-10-03 25:61", "DATE_UNREADABLE"],
    [Number.NaN, "DATE_OUT_OF_RANGE"],
    [-5, "DATE_OUT_OF_RANGE"],
    [3e6, "DATE_OUT_OF_RANGE"],
    [true, "DATE_UNREADABLE"],
    ["=NOW()", "DATE_UNREADABLE"],
  ])("bad date %p → %s at Tickets!C2, ticket flagged", (cell, code) => {
    const r = read(book([T_HEAD, ["T1", "onsite", cell as Cell, null, null, null, "in"]]));
    const issue = r.issues.find((i) => i.code === code)!;
    expect(issue).toMatchObject({ severity: "error", sheet: "Tickets", cell: "C2", ticket: "T1" });
    expect(r.value!.tickets[0].hasErrors).toBe(true);
  });

  it.each([
    [1234.5, "1234.5"],
    [0.1 + 0.2, "0.3"],
    ["¥1,234.50", "1234.5"],
    ["1,234.5 元", "1234.5"],
    ["￥ 88", "88"],
  ])("money %p → %s", (cell, expected) => {
    const r = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00", null, null, cell, "out"]]));
    expect(r.value!.tickets[0].labour!.toString()).toBe(expected);
  });

  it.each([["abc", "MONEY_UNREADABLE"], [-5, "MONEY_NEGATIVE"], [Infinity, "MONEY_UNREADABLE"], [1e20, "MONEY_OUT_OF_RANGE"]])("bad money %p → %s", (cell, code) => {
    const r = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00", null, null, cell, "out"]]));
    expect(r.issues.find((i) => i.code === code)).toMatchObject({ cell: "F2", ticket: "T1" });
  });

  it("reads clauses in both languages: units, penalty kinds, percentages, yes/no, Applies To", () => {
    const r = read(book([T_HEAD]));
    const [a, b] = r.value!.clauses;
    expect(a).toMatchObject({ ref: "2.1", unit: "hours", penalty: "fixed", pausable: false, startEvent: "reported", endEvent: "responded" });
    expect(b).toMatchObject({ unit: "working days", penalty: "per day", pausable: true, startEvent: "reported", endEvent: "repaired" });
    expect(b.amount.toString()).toBe("300");
    expect(b.cap!.toString()).toBe("1000");
    expect(b.appliesTo).toEqual([{ field: "service", values: ["onsite", "上门"] }]);
  });

  it("reads the Agreement with defaults and rates", () => {
    const r = read(book([T_HEAD], [], SLA));
    const a = r.value!.agreement;
    expect(a).toMatchObject({ contractNo: "C-1", provider: "Acme", calendar: "CN", dayEndsAt: "midnight", paymentDays: 30, disputeDays: 5 });
    expect(a.lateFeeRate.perDay.toString()).toBe("0.0005");
    const wb = book([T_HEAD]);
    wb.sheets[1].rows = [...AGREEMENT, ["滞纳金比例", "18% per year"], ["违约金上限", "10%"], ["期限截止", "close of business"]];
    const a2 = read(wb).value!.agreement;
    expect(a2.lateFeeRate.perDay.times(365).toString()).toBe("0.18");
    expect(a2.penaltyCap!.toString()).toBe("0.1");
    expect(a2.dayEndsAt).toBe("close-of-business");
  });
});

describe("cross-sheet checks", () => {
  it("duplicate ticket IDs: both rows reported and left out", () => {
    const r = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00"], ["T2", "onsite", "2026-10-03 10:00"], ["T1", "onsite", "2026-10-04 10:00"]]));
    expect(r.issues.filter((i) => i.code === "DUPLICATE_TICKET").map((i) => i.cell)).toEqual(["A2", "A4"]);
    expect(r.value!.tickets.map((t) => t.id)).toEqual(["T2"]);
  });

  it("an ID three times: the first row once, each later row once, each citing the first", () => {
    const row = (day: number) => ["T1", "onsite", `2026-10-0${day} 10:00`];
    const r = read(book([T_HEAD, row(3), ["T2", "onsite", "2026-10-03 10:00"], row(4), row(5)]));
    const dup = r.issues.filter((i) => i.code === "DUPLICATE_TICKET");
    expect(dup.map((i) => [i.cell, i.params?.other])).toEqual([["A2", "A4"], ["A4", "A2"], ["A5", "A2"]]);
    expect(r.value!.tickets.map((t) => t.id)).toEqual(["T2"]);
  });

  it("events out of order: repaired before reported is an error on the ticket", () => {
    const r = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00", null, "2026-10-02 10:00"]]));
    expect(r.issues.find((i) => i.code === "EVENT_BEFORE_REPORTED")).toMatchObject({ cell: "E2", ticket: "T1" });
    expect(r.value!.tickets[0].hasErrors).toBe(true);
  });

  it("clause errors: unknown event, unit, penalty kind, Applies To field; overlapping periods", () => {
    const sla: Cell[][] = [
      [...SLA[0], "Effective From", "Effective To"],
      ["3.1", "x", "", "teleported", "responded", 1, "hours", "fixed", 1, null, null],
      ["3.2", "x", "", "reported", "responded", 1, "fortnights", "fixed", 1, null, null],
      ["3.3", "x", "", "reported", "responded", 1, "hours", "flogging", 1, null, null],
      ["3.4", "x", "colour=red", "reported", "responded", 1, "hours", "fixed", 1, null, null],
      ["3.5", "x", "", "reported", "responded", 1, "hours", "fixed", 1, null, null, "2026-01-01", "2026-12-31"],
      ["3.5", "x", "", "reported", "responded", 2, "hours", "fixed", 1, null, null, "2026-06-01", null],
    ];
    const r = read(book([T_HEAD], [], sla));
    const codes = r.issues.map((i) => `${i.code}@${i.cell}`);
    expect(codes).toEqual(expect.arrayContaining(["CLAUSE_EVENT_UNKNOWN@D2", "UNIT_UNKNOWN@G3", "PENALTY_KIND_UNKNOWN@H4", "APPLIES_TO_FIELD_UNKNOWN@C5", "CLAUSE_PERIOD_OVERLAP@A7"]));
    expect(r.value!.clauses.map((c) => c.ref)).toEqual(["3.5"]);
  });

  it("Events: overrides Tickets with a warning, pauses pair up, an unmatched pause stays open, unknown tickets warned", () => {
    const events = { name: "Events", rows: [["Ticket", "Event", "At"], ["T1", "responded", "2026-10-03 11:00"], ["T1", "暂停", "2026-10-03 12:00"], ["T1", "恢复", "2026-10-03 13:00"], ["T1", "paused", "2026-10-04 09:00"], ["T9", "closed", "2026-10-04 09:00"], ["T1", "closed", "2026-10-05 09:00"], ["T1", "closed", "2026-10-06 09:00"]] as Cell[][] };
    const r = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00", "2026-10-03 10:30"]], [events]));
    const t = r.value!.tickets[0];
    expect(formatLocal(t.events.responded.at)).toBe("2026-10-03 11:00");
    expect(r.issues.find((i) => i.code === "EVENT_CONFLICT")).toMatchObject({ sheet: "Events", cell: "C2" });
    expect(r.issues.find((i) => i.code === "EVENT_TICKET_UNKNOWN")).toMatchObject({ sheet: "Events", cell: "A6", value: "T9" });
    expect(t.pauses.map((p) => [formatLocal(p.from), p.to === null ? null : formatLocal(p.to)])).toEqual([["2026-10-03 12:00", "2026-10-03 13:00"], ["2026-10-04 09:00", null]]);
    expect(t.closes.map((c) => formatLocal(c.at))).toEqual(["2026-10-05 09:00", "2026-10-06 09:00"]);
    expect(formatLocal(t.events.closed.at)).toBe("2026-10-06 09:00");
  });

  it("payments for unknown statements; missing sheets and columns", () => {
    const st = { name: "Statements", rows: [["Statement", "Provider", "Month", "Amount", "Issued", "Received", "Due", "Disputed Amount"], ["S1", "Acme", "2026-09", 1000, "2026-10-01", null, "2026-10-16", null]] as Cell[][] };
    const pay = { name: "付款", rows: [["结算单号", "付款日期", "金额"], ["S1", "2026-10-20", 600], ["S2", "2026-10-21", 400]] as Cell[][] };
    const r = read(book([T_HEAD], [st, pay]));
    expect(r.issues.find((i) => i.code === "PAYMENT_STATEMENT_UNKNOWN")).toMatchObject({ sheet: "付款", cell: "A3", value: "S2" });
    expect(r.value!.payments).toHaveLength(1);
    const noSla = read({ sheets: [{ name: "Tickets", rows: [["Ticket ID", "Provider"]] }, { name: "Agreement", rows: AGREEMENT }] });
    expect(noSla.value).toBeNull();
    expect(noSla.issues.map((i) => i.code)).toEqual(expect.arrayContaining(["SHEET_MISSING", "COLUMN_MISSING"]));
  });

  it("a second sheet of one role (工单 beside Tickets, two calendars) is an error and nothing is settled", () => {
    const twoTickets = read(book([T_HEAD, ["T1", "onsite", "2026-10-03 10:00", null, null, null, "in"]], [{ name: "工单", rows: [T_HEAD] }]));
    expect(twoTickets.value).toBeNull();
    const issue = twoTickets.issues.find((i) => i.code === "SHEET_ROLE_REPEATED")!;
    expect(issue).toMatchObject({ severity: "error", sheet: "工单", value: "工单" });
    expect(renderIssue(issue, "en").fix).toMatch(/Rename or delete one of the two sheets \("Tickets" and "工单"\)/);
    const calendar = [["Date", "Type"], ["2026-10-01", "holiday"]] as Cell[][];
    const twoCalendars = read(book([T_HEAD], [{ name: "Calendar", rows: calendar }, { name: "日历", rows: calendar }]));
    expect(twoCalendars.value).toBeNull();
    expect(twoCalendars.issues.filter((i) => i.code === "SHEET_ROLE_REPEATED")).toMatchObject([{ severity: "error", sheet: "日历" }]);
  });

  it("Chinese headers read the same as English ones; a header mapping adds an unrecognised column", () => {
    const zhHead = ["工单号", "服务方式", "报修时间", "响应时间", "维修完成时间", "人工费", "保修状态"];
    const row: Cell[] = ["T1", "上门", "2026-10-03 10:00", "2026-10-03 11:00", "2026-10-05 10:00", 100, "保外"];
    const en = read(book([T_HEAD, row])).value!.tickets[0];
    const zh = read(book([zhHead, row])).value!.tickets[0];
    expect({ ...zh, source: null }).toEqual({ ...en, source: null });
    const custom = read(book([["Ref", "Service Type", "Opened On"], ["T1", "onsite", "2026-10-03 10:00"]]), { Tickets: { Ref: "ticket", "Opened On": "reported" } });
    expect(custom.value!.tickets[0].id).toBe("T1");
    expect(custom.value!.recognised.find((s) => s.role === "tickets")!.columns).toMatchObject({ ticket: 0, reported: 2 });
  });
});

describe("many tickets (the paths a million-row sheet takes)", () => {
  const HEAD = ["Ticket ID", "Provider", "Category", "Region", "Warranty", "Reported At", "Responded At", "Repaired At", "Outcome"];

  it("tickets with the same text fields share one frozen record, written in column order and then the provider", () => {
    const r = read(book([
      HEAD,
      ["T1", "Beta Co", "General", "North", "in", "2026-10-03 10:00", null, null, "done"],
      ["T2", "Beta Co", "General", "North", "in", "2026-10-03 11:00", null, null, "done"],
      ["T3", "  ", "ＧＥＮＥＲＡＬ", "North", " in", "2026-10-03 12:00", null, null, null],
      ["T4", null, "general", " north ", "in", "2026-10-03 12:00", null, null, null],
      ["T5", 42, "  ", 7, "bogus", "2026-10-03 12:00", null, null, "bogus"],
    ]));
    const [t1, t2, t3, t4, t5] = r.value!.tickets;
    expect(t1.fields).toBe(t2.fields);
    expect(Object.isFrozen(t1.fields)).toBe(true);
    expect(Object.entries(t1.fields)).toEqual([["provider", "betaco"], ["category", "general"], ["warranty", "in"], ["outcome", "done"], ["region", "north"]]);
    // A blank provider takes the Agreement's, written last; blank text is no field at all.
    expect(t3.provider).toBe("Acme");
    expect(Object.entries(t3.fields)).toEqual([["category", "general"], ["warranty", "in"], ["region", "north"], ["provider", "acme"]]);
    expect(Object.entries(t4.fields)).toEqual(Object.entries(t3.fields));
    expect([t5.provider, Object.entries(t5.fields)]).toEqual(["42", [["provider", "42"], ["warranty", "bogus"], ["outcome", "bogus"], ["region", "7"]]]);
    expect(r.issues.map((i) => [i.code, i.cell, i.value])).toEqual([["WARRANTY_UNREADABLE", "E6", "bogus"], ["OUTCOME_UNKNOWN", "I6", "bogus"]]);
  });

  it("thousands of IDs: duplicates found wherever they are, Events rows reach every ticket, order kept", () => {
    const n = 5000;
    const rows: Cell[][] = [HEAD];
    for (let i = 0; i < n; i++) rows.push([`T${i}`, "Acme", "general", null, "in", "2026-10-03 10:00", null, null, null]);
    rows.push(["T0", "Acme", "general", null, "in", "2026-10-03 10:00"], ["T4321", "Acme", "general", null, "in", "2026-10-03 10:00"]);
    const events: Cell[][] = [["Ticket", "Event", "At"]];
    for (let i = 0; i < n; i += 7) events.push([`T${i}`, "responded", "2026-10-03 11:00"]);
    events.push(["T5000", "responded", "2026-10-03 11:00"]);
    const r = read(book(rows, [{ name: "Events", rows: events }]));
    expect(r.issues.filter((i) => i.code === "DUPLICATE_TICKET").map((i) => i.cell)).toEqual(["A2", `A${n + 2}`, "A4323", `A${n + 3}`]);
    expect(r.issues.filter((i) => i.code === "EVENT_TICKET_UNKNOWN").map((i) => i.value)).toEqual(["T5000"]);
    const tickets = r.value!.tickets;
    expect(tickets.map((t) => t.id)).toEqual(Array.from({ length: n }, (_, i) => `T${i}`).filter((id) => id !== "T0" && id !== "T4321"));
    expect(tickets.filter((t) => t.events.responded).map((t) => t.id)).toEqual(tickets.map((t) => t.id).filter((id) => Number(id.slice(1)) % 7 === 0));
  });

  it("IDs ascending, descending or mixed: the same duplicates, Events rows reach every ticket", () => {
    // Ascending IDs are placed in the index only at the next look-up; each order must read the same.
    const ids = ["A1", "A2", "A3", "B1", "B2"];
    for (const order of [ids, [...ids].reverse(), ["A2", "B1", "A1", "B2", "A3"]]) {
      const rows: Cell[][] = [HEAD, ...order.map((id) => [id, "Acme", "general", null, "in", "2026-10-03 10:00"])];
      rows.push([order[0], "Acme", "general", null, "in", "2026-10-03 10:00"], ["C1", "Acme", "general", null, "in", "2026-10-03 10:00"]);
      const events: Cell[][] = [["Ticket", "Event", "At"], ...order.map((id) => [id, "responded", "2026-10-03 11:00"])];
      const r = read(book(rows, [{ name: "Events", rows: events }]));
      expect(r.issues.filter((i) => i.code === "DUPLICATE_TICKET").map((i) => i.cell)).toEqual(["A2", "A7"]);
      expect(r.value!.tickets.map((t) => t.id)).toEqual([...order.slice(1), "C1"]);
      expect(r.value!.tickets.filter((t) => t.events.responded).map((t) => t.id)).toEqual(order.slice(1));
    }
  });

  // One zone clock for the many small reads of the properties below (each reader would scan 1992–2100 again).
  const zone = makeZoneClock("Asia/Shanghai");
  const quickRead = (wb: WorkbookData) => readWorkbook(wb, { makeZoneClock: () => zone });

  it("any order of IDs: Events rows find exactly the tickets read, searched where they stand or hashed", () => {
    // Few letters, so that IDs repeat and come in every order: ascending runs (searched in place), others (hashed).
    const id = fc.array(fc.constantFrom("A", "B", "a", "1", "é"), { minLength: 1, maxLength: 3 }).map((cs) => cs.join(""));
    fc.assert(fc.property(fc.array(id, { maxLength: 40 }), fc.array(id, { maxLength: 40 }), (ids, eventIds) => {
      const rows: Cell[][] = [HEAD, ...ids.map((i) => [i, "Acme", "general", null, "in", "2026-10-03 10:00"])];
      const events: Cell[][] = [["Ticket", "Event", "At"], ...eventIds.map((i) => [i, "responded", "2026-10-03 11:00"])];
      const r = quickRead(book(rows, [{ name: "Events", rows: events }]));
      const count = new Map<string, number>();
      for (const i of ids) count.set(i, (count.get(i) ?? 0) + 1);
      const kept = [...count].filter(([, n]) => n === 1).map(([i]) => i);
      expect(r.value!.tickets.map((t) => t.id)).toEqual(kept);
      expect(r.issues.filter((i) => i.code === "EVENT_TICKET_UNKNOWN").map((i) => i.value)).toEqual(eventIds.filter((i) => !count.has(i)));
      expect(r.value!.tickets.filter((t) => t.events.responded).map((t) => t.id)).toEqual(kept.filter((i) => eventIds.includes(i)));
    }), { numRuns: 2_000 });
  });

  it("text fields read alike however many values a column takes (compared by ===, then by the Map past a few)", () => {
    const value = fc.constantFrom<Cell>("Acme", "Beta", "beta ", " Beta", "Ｇａｍｍａ", "", "  ", null, 0, -0, 7, NaN, true, "x", "y", "z");
    const row = fc.tuple(value, value, value, value, value);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (cells) => {
      const line = (c: Cell[], k: number): Cell[] => [`T${k}`, c[0], c[1], c[2], c[3], "2026-10-03 10:00", null, null, c[4]];
      const all = quickRead(book([HEAD, ...cells.map(line)]));
      // Each row alone, read by a fresh reader: the fields, provider and issues it gets there.
      const one = cells.map((c, k) => quickRead(book([HEAD, line(c, k)])));
      expect(all.value!.tickets.map((t) => [t.provider, Object.entries(t.fields), t.warranty, t.outcome]))
        .toEqual(one.map((r) => r.value!.tickets.map((t) => [t.provider, Object.entries(t.fields), t.warranty, t.outcome])[0]));
      // Provider spellings are compared across rows (providerVariants.test.ts), so never raised by a row alone.
      const perRow = all.issues.filter((i) => i.code !== "PROVIDER_NAME_VARIANTS");
      expect(perRow.map((i) => [i.code, i.value])).toEqual(one.flatMap((r) => r.issues.map((i) => [i.code, i.value])));
    }), { numRuns: 1_000 });
  });

  it("pause marks out of order pair in time order; their issues come in the order the Events sheet first marks each ticket", () => {
    const events: Cell[][] = [
      ["Ticket", "Event", "At"],
      ["T2", "resumed", "2026-10-03 11:00"],
      ["T1", "paused", "2026-10-03 12:00"],
      ["T1", "paused", "2026-10-03 11:00"],
      ["T1", "resumed", "2026-10-03 13:00"],
    ];
    const r = read(book([HEAD, ["T1", "Acme", "general", null, "in", "2026-10-03 10:00"], ["T2", "Acme", "general", null, "in", "2026-10-03 10:00"]], [{ name: "Events", rows: events }]));
    expect(r.issues.map((i) => [i.code, i.cell, i.ticket])).toEqual([["RESUME_WITHOUT_PAUSE", "C2", "T2"], ["PAUSE_ALREADY_OPEN", "C3", "T1"]]);
    const t1 = r.value!.tickets[0];
    expect(t1.pauses.map((p) => [formatLocal(p.from), formatLocal(p.to!), p.source.cell])).toEqual([["2026-10-03 11:00", "2026-10-03 13:00", "C4"]]);
  });

  it("an event before Reported is found whether it comes from the row or from the Events sheet", () => {
    const events: Cell[][] = [["Ticket", "Event", "At"], ["T2", "repaired", "2026-10-02 09:00"], ["T3", "paused", "2026-10-02 09:00"], ["T4", "closed", "2026-10-02 09:00"]];
    const r = read(book([
      HEAD,
      ["T1", "Acme", "general", null, "in", "2026-10-03 10:00", "2026-10-03 09:00"],
      ["T2", "Acme", "general", null, "in", "2026-10-03 10:00", "2026-10-03 11:00"],
      ["T3", "Acme", "general", null, "in", "2026-10-03 10:00", "2026-10-03 11:00"],
      ["T4", "Acme", "general", null, "in", "2026-10-03 10:00", null, "2026-10-04 10:00"],
    ], [{ name: "Events", rows: events }]));
    expect(r.issues.filter((i) => i.code === "EVENT_BEFORE_REPORTED").map((i) => [i.ticket, i.sheet, i.cell])).toEqual([["T1", "Tickets", "G2"], ["T2", "Events", "C2"], ["T4", "Events", "C4"]]);
    expect(r.value!.tickets.map((t) => t.hasErrors)).toEqual([true, true, false, true]);
  });
});

describe("templates and the sample", () => {
  it.each(["en", "zh"] as const)("the %s templates read back with no errors", (lang) => {
    const wb: WorkbookData = { sheets: buildTemplateSheets(lang).map((s) => ({ name: s.name, rows: s.rows })) };
    const r = read(wb);
    expect(r.issues).toEqual([]);
    expect(r.value!.tickets).toHaveLength(4);
    expect(r.value!.clauses).toHaveLength(6);
  });

  it("the bundled sample workbook reads without errors", async () => {
    const wb = await readXlsx(path.join(__dirname, "../../../examples/sample.xlsx"));
    const r = read(wb);
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(r.value!.tickets.length).toBeGreaterThan(300);
    expect(r.value!.statements).toHaveLength(2);
  });
});

describe("laws", () => {
  it("never throws on random cells; every issue has a valid cell on an existing sheet and words in both languages", () => {
    const cell = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom("2026-10-03 10:00", "=1", "是", "hours", "¥1,0"));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 8 }), fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 6 }), (rows, slaRows) => {
        const wb = book([T_HEAD, ...rows], [{ name: "Events", rows: [["Ticket", "Event", "At"], ...rows.map((r) => r.slice(0, 3))] }], [SLA[0], ...slaRows]);
        const r = read(wb);
        const names = new Set(wb.sheets.map((s) => s.name));
        for (const i of r.issues) {
          if (i.sheet) expect(names.has(i.sheet)).toBe(true);
          if (i.cell) expect(i.cell).toMatch(/^[A-Z]+[1-9]\d*$/);
          expect(renderIssue(i, "en").problem).not.toMatch(/^[A-Z_]+ \{/);
          expect(renderIssue(i, "zh").fix.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
  it("every code has words", () => {
    expect(SHEET_CODES.length).toBeGreaterThan(30);
  });
});
