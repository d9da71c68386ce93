import fc from "fast-check";
import type { Cell, WorkbookData } from "./cells";
import { STANDARD_EVENTS, type ParsedWorkbook, type Ticket, type TicketEvent } from "./model";
import { excelSerialFromLocal, localFromCivil, type LocalSeconds } from "./time";
import { minorUnits, ZERO } from "./money";
import { eventAt, eventOf, partsUnitsOf } from "./ticketColumns";
import { buildCalendar, makeZoneClock, type ClockContext } from "../clocks";
import { computeFindings, explanationText } from "../findings";
import { readWorkbook } from "../sheet";

// A ticket read from its Tickets row keeps its event cells in columns (TicketColumns), not as objects. These
// laws pin that fast path to the plain one — a ticket whose events are a record, as every ticket's once were.

const AGREEMENT: Cell[][] = [["Contract No", "C-1"], ["Provider", "Acme"], ["Time Zone", "Asia/Shanghai"], ["Working Hours", "09:00-12:00, 13:00-18:00"]];
const SLA: Cell[][] = [
  ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
  ["2.1", "Response", "", "reported", "responded", 4, "hours", "fixed", 100, null, "no"],
  ["2.2", "Repair", "", "reported", "repaired", 2, "working days", "per day", 300, null, "yes"],
  ["2.3", "Close", "", "repaired", "closed", 8, "hours", "per hour", 10, null, "yes"],
  // A custom event column: a ticket with a value in it keeps a record of its own (the plain path).
  ["2.4", "Shipping", "", "reported", "Shipped At", 3, "days", "fixed", 50, null, "no"],
];
const HEAD = ["Ticket ID", "Service Type", "Reported At", "Responded At", "Repaired At", "Closed At", "Shipped At"];
const SHIPPED = 6;

const local = (minute: number): LocalSeconds => (localFromCivil({ year: 2026, month: 9, day: 20, hour: 0, minute: 0, second: 0 }) + minute * 60) as LocalSeconds;
const pad = (n: number) => String(n).padStart(2, "0");
/** An instant `minute` minutes after 2026-09-20 (around October 2026, the month settled below), as a serial or as text. */
const cellAt = (minute: number, asText: boolean): Cell => {
  const t = local(minute);
  if (!asText) return excelSerialFromLocal(t);
  const c = new Date(t * 1000);
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`;
};
const instant = fc.tuple(fc.integer({ min: 0, max: 50 * 24 * 60 }), fc.boolean()).map(([m, asText]) => cellAt(m, asText));
/** A cell of an event column: mostly an instant; blank; unreadable; or one the columns cannot hold (before 1932, after 2068). */
const eventCell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: instant },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom<Cell>("soon", "2026-13-01 10:00", true, "") },
  { weight: 1, arbitrary: fc.constantFrom<Cell>("1901-05-06 10:00", "2099-01-01 00:00", excelSerialFromLocal(localFromCivil({ year: 1910, month: 1, day: 1, hour: 9, minute: 0, second: 0 }))) },
);
const ids = ["T1", "T2", "T3", "T4", "T5", "T6"];
/**
 * Reported, Responded, Repaired, Closed in that order, mostly (a ticket without errors, measured); Closed may come
 * before Repaired, and Responded (or all three) a little before Reported.
 */
const orderedCells = fc
  .tuple(fc.integer({ min: 0, max: 45 * 24 * 60 }), fc.tuple(fc.integer({ min: -180, max: 3 * 24 * 60 }), fc.nat(3 * 24 * 60), fc.nat(3 * 24 * 60)), fc.boolean(), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 7 }))
  .map(([reported, [a, b, c], swap, asText, blank]) => {
    const minutes = [reported, reported + a, reported + a + b, reported + a + b + c];
    if (swap) [minutes[2], minutes[3]] = [minutes[3], minutes[2]];
    return minutes.map((m, k) => (k === blank ? null : cellAt(m, asText[k])));
  });
const rowOf = fc.tuple(fc.constantFrom(...ids), fc.oneof(fc.array(eventCell, { minLength: 4, maxLength: 4 }), orderedCells));
// Pauses most: they leave a ticket's events in its columns, and put its closes and timeline to use.
const eventsRow = fc.tuple(fc.constantFrom(...ids, "T9"), fc.constantFrom("paused", "paused", "resumed", "responded", "repaired", "closed", "reported", "diagnosed"), instant);
const sheets = fc.tuple(fc.array(rowOf, { minLength: 1, maxLength: 8 }), fc.array(eventsRow, { maxLength: 10 }));

/** The workbook; `shipped`: every row has a Shipped At, so that every ticket keeps a record (the plain path). */
function book(rows: [string, Cell[]][], events: [string, string, Cell][], shipped: boolean): WorkbookData {
  const tickets: Cell[][] = [HEAD, ...rows.map(([id, cells]) => [id, "onsite", ...cells, shipped ? "2026-10-25 10:00" : null])];
  return {
    sheets: [
      { name: "Tickets", rows: tickets }, { name: "Agreement", rows: AGREEMENT }, { name: "SLA", rows: SLA },
      { name: "Events", rows: [["Ticket", "Event", "At"], ...events] },
    ],
  };
}
const read = (wb: WorkbookData) => readWorkbook(wb, { makeZoneClock });

const NAMES = [...STANDARD_EVENTS, "nonesuch"];
const eventView = (e: TicketEvent | undefined) => (e === undefined ? undefined : [e.name, e.at, e.source.sheet, e.source.cell]);
const listView = (list: TicketEvent[]) => list.map(eventView);
const recordOf = (t: Ticket) => (t as unknown as { record: unknown }).record;

describe("ticket events kept in columns", () => {
  it("read the same as a ticket that keeps a record: events, closes, timeline, errors and every issue", () => {
    fc.assert(
      fc.property(sheets, ([rows, events]) => {
        const fast = read(book(rows, events, false));
        const plain = read(book(rows, events, true));
        expect(fast.issues).toEqual(plain.issues);
        const ft = fast.value!.tickets;
        const pt = plain.value!.tickets;
        expect(ft.map((t) => t.id)).toEqual(pt.map((t) => t.id));
        const touched = new Set(events.map((e) => e[0]));
        for (let k = 0; k < ft.length; k++) {
          const [f, p] = [ft[k], pt[k]];
          expect(recordOf(p)).not.toBeNull();
          // Asked before anything reads `events` (which makes the record): the columns answer.
          for (const name of NAMES) {
            expect(eventAt(f, name)).toBe(p.events[name]?.at);
            expect(eventView(eventOf(f, name))).toEqual(eventView(p.events[name]));
          }
          expect(listView(f.closes)).toEqual(listView(p.closes));
          expect(listView(f.timeline)).toEqual(listView(p.timeline.filter((e) => e.name !== "shippedat")));
          expect([f.hasErrors, f.source]).toEqual([p.hasErrors, p.source]);
          // A ticket the Events sheet leaves alone, whose instants all fit, keeps none of its own.
          const row = rows.find((r) => r[0] === f.id)!;
          const fits = row[1].every((c) => typeof c !== "string" || !/^(1901|2099)/.test(c)) && row[1].every((c) => typeof c !== "number" || c > 20000);
          if (!touched.has(f.id) && fits) expect(recordOf(f)).toBeNull();
          // The record made when `events` is read: the plain one but for the custom event.
          const { shippedat: _, ...rest } = Object.fromEntries(Object.entries(p.events).map(([n, e]) => [n, eventView(e)]));
          expect(Object.entries(f.events).map(([n, e]) => [n, eventView(e)])).toEqual(Object.entries(rest));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("findings measure the same from the columns as from records: instants, sources, statuses, traces and issues", () => {
    const a = read(book([["T1", [null, null, null, null]]], [], false)).value!.agreement;
    const calendar = buildCalendar({ kind: "CN", workingHours: a.workingHours, overrides: [] });
    const ctx: ClockContext = { calendar: calendar.value, zone: makeZoneClock(a.timeZone)!, dayEndsAt: a.dayEndsAt };
    const findingsOf = (pw: ParsedWorkbook) => {
      const r = computeFindings(pw, ctx, { year: 2026, month: 10 }, { feeOf: () => null });
      return {
        issues: r.issues,
        // Also the figures: computeFindings reads a column ticket's events by slot (EventSlots), a record's by name.
        findings: r.value.findings.map((f) => [
          f.ticket, f.clauseRef, f.status, f.start, f.end, f.due, f.elapsedSeconds, f.lateBySeconds, f.lateCount, f.penalty.toString(), f.sources,
          explanationText(f, "en"), explanationText(f, "zh"),
        ]),
        groups: [r.value.settled, r.value.open, r.value.excluded].map((g) => g.map((t) => t.id)),
      };
    };
    fc.assert(
      fc.property(sheets, fc.constantFrom("closed", "repaired"), ([rows, events], basis) => {
        const fast = read(book(rows, events, false)).value!;
        const plain = read(book(rows, events, false)).value!;
        fast.agreement.settlementBasis = plain.agreement.settlementBasis = basis as typeof a.settlementBasis;
        // `events` read on every ticket: each keeps the record made from its columns, and is read through it.
        for (const t of plain.tickets) void t.events;
        expect(plain.tickets.every((t) => recordOf(t) !== null)).toBe(true);
        expect(findingsOf(fast)).toEqual(findingsOf(plain));
      }),
      { numRuns: 100 },
    );
  });
});

describe("parts amounts kept in minor units by the reader", () => {
  // What a Parts Fee cell may hold: cents, whole amounts, more decimals than the currency has, numbers past 2^53
  // minor units, text the general path reads, blanks, and bad or negative values (the ticket's parts are then null).
  const partsCell: fc.Arbitrary<Cell> = fc.oneof(
    fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
    fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
    fc.double({ min: 0, max: 1e15, noNaN: true }),
    fc.integer({ min: 0, max: 99_999 }).map((n) => `¥${(n / 100).toFixed(2)}`),
    fc.constantFrom<Cell>(null, "", " ", 0, -0, 1e-9, 0.1 + 0.2, 123456.785, 99999999999999.9, 1e15, -5, "abc", "1,234.5678", "(12.00)", "-0", "-0.00", true),
  );
  const currency = fc.constantFrom("CNY", "JPY", "KWD");

  function partsBook(cells: Cell[], code: string): WorkbookData {
    return {
      sheets: [
        { name: "Tickets", rows: [["Ticket ID", "Reported At", "Parts Fee"], ...cells.map((c, k) => [`T${k}`, "2026-10-03 10:00", c])] },
        { name: "Agreement", rows: [...AGREEMENT, ["Currency", code]] },
        { name: "SLA", rows: SLA.slice(0, 2) },
      ],
    };
  }
  /** The reader's column, by the ticket's entry. */
  const keptUnits = (t: Ticket) => {
    const r = t as unknown as { store: { partsUnits: Float64Array; unitsDigits: number }; entry: number };
    return [r.store.unitsDigits, r.store.partsUnits[r.entry]];
  };

  it("are minorUnits of the ticket's parts, as fees read them, in the agreement's digits and in any other", () => {
    fc.assert(
      fc.property(fc.array(partsCell, { minLength: 1, maxLength: 12 }), currency, (cells, code) => {
        const wb = read(partsBook(cells, code)).value!;
        const digits = wb.agreement.minorDigits;
        expect(wb.tickets).toHaveLength(cells.length);
        for (const t of wb.tickets) {
          const plain = minorUnits(t.parts ?? ZERO, digits);
          // What the reader wrote: minorUnits' value (NaN where it is NaN), or NaN (not known) for a negative zero;
          // and what fees read, a negative zero included.
          expect(keptUnits(t)).toEqual([digits, Object.is(plain, -0) ? NaN : plain]);
          expect([partsUnitsOf(t, digits)]).toEqual([plain]);
          for (const other of [0, 2, 3]) expect([other, partsUnitsOf(t, other)]).toEqual([other, minorUnits(t.parts ?? ZERO, other)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("are read from the column, not from the decimal", () => {
    const t = read(partsBook([12.34], "CNY")).value!.tickets[0];
    expect(partsUnitsOf(t, 2)).toBe(1234);
    (t as unknown as { entry: number; store: { partsUnits: Float64Array } }).store.partsUnits[0] = 7;
    expect(partsUnitsOf(t, 2)).toBe(7);
    // Other digits than the reader's: the decimal.
    expect(partsUnitsOf(t, 3)).toBe(12340);
  });
});
