/**
 * fast-check laws of the working-time engine against the naive stepping oracle (test/reference/steppingClock.ts):
 * the fast prefix-sum engine must give the same answer as the contract (docs/CONTRACT.md, Clocks) read literally, minute by minute.
 */
import fc from "fast-check";
import { buildCalendar, computeDue, elapsedOnClock, makeZoneClock, measureLate, type ClockContext, type ClosedPause } from "../../src/engine/clocks";
import type { CalendarOverride, ClockUnit, DayInterval } from "../../src/engine/core/model";
import { asLocal, asWorking, daysFromCivil, SECONDS_PER_DAY, type LocalSeconds } from "../../src/engine/core/time";
import { SteppingClock } from "./steppingClock";

const H = (a: number, b: number): DayInterval => ({ fromSecond: a * 3600, toSecond: b * 3600 });
const HOURS = [H(9, 12), H(13, 18)];
const day = (y: number, m: number, d: number) => daysFromCivil(y, m, d);
const src = { sheet: "Calendar", cell: "A2" };
const OVERRIDES: CalendarOverride[] = [
  { day: day(2026, 11, 3), type: "holiday", name: "Company day", hours: [], source: src },
  { day: day(2026, 11, 7), type: "workday", name: "", hours: [], source: { sheet: "Calendar", cell: "A3" } },
  { day: day(2026, 11, 13), type: "hours", name: "", hours: [H(9, 11)], source: { sheet: "Calendar", cell: "A4" } },
];

function ctxOf(kind: "CN" | "Mon-Fri" | "24x7", overrides: CalendarOverride[], dayEndsAt: "midnight" | "close-of-business", zone = "Asia/Shanghai"): ClockContext {
  const cal = buildCalendar({ kind, workingHours: HOURS, overrides });
  expect(cal.issues).toEqual([]);
  return { calendar: cal.value, zone: makeZoneClock(zone)!, dayEndsAt };
}
const CONTEXTS: [string, ClockContext][] = [
  ["CN midnight", ctxOf("CN", [], "midnight")],
  ["CN + Calendar sheet, close of business", ctxOf("CN", OVERRIDES, "close-of-business")],
  ["Mon-Fri", ctxOf("Mon-Fri", [], "midnight")],
  ["24x7", ctxOf("24x7", [], "midnight")],
];

const base = daysFromCivil(2026, 1, 1) * SECONDS_PER_DAY;
/** Minute-aligned instants through 2026 to mid-October (CN data ends 2026-12-31). */
const instant = fc.integer({ min: 0, max: 290 * 1440 }).map((m) => asLocal(base + m * 60));
const pausesArb = (start: LocalSeconds) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * 1440 }), fc.integer({ min: 1, max: 3 * 1440 })), { maxLength: 3 }).map((list) =>
    list.map(([off, len]): ClosedPause => ({ from: asLocal(start + off * 60), to: asLocal(start + (off + len) * 60) })),
  );

describe.each(CONTEXTS)("%s agrees with the stepping oracle", (_name, ctx) => {
  const oracle = new SteppingClock(ctx);

  it("due for every unit (working hours with overlapping pauses, merged)", () => {
    const units: ClockUnit[] = ["hours", "working hours", "days", "working days"];
    fc.assert(
      fc.property(
        instant.chain((start) => fc.tuple(fc.constant(start), pausesArb(start))),
        fc.constantFrom(...units),
        fc.integer({ min: 1, max: 40 }),
        ([start, pauses], unit, target) => {
          const usePauses = unit === "working hours" ? pauses : [];
          const got = computeDue(ctx, unit, target, start, usePauses);
          if (!got.ok) throw new Error("not covered");
          expect(got.due).toBe(oracle.due(unit, target, start, usePauses));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("elapsed working time and late-by on the working clock", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 12 * 1440 }), (a, minutes) => {
        const b = asLocal(a + minutes * 60);
        const e = elapsedOnClock(ctx, "working hours", a, b, []);
        expect(e).toEqual({ ok: true, seconds: oracle.workingBetween(a, b) });
        const late = measureLate(ctx, "working days", a, b);
        expect(late.lateBySeconds).toBe(b > a ? oracle.workingBetween(a, b) : 0);
        if (b > a) expect(late.startedDays).toBe(Math.max(1, oracle.workingDaysTouched(a, b)));
      }),
      { numRuns: 100 },
    );
  });

  it("addWorking is the inverse of workingBetween, monotone, and elapsed is additive", () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 600 }), (x, y, minutes, more) => {
        const cal = ctx.calendar;
        const t = cal.addWorking(x, asWorking(minutes * 60));
        expect(cal.workingBetween(x, t)).toBe(minutes * 60);
        expect(cal.addWorking(x, asWorking((minutes + more) * 60))).toBeGreaterThanOrEqual(t);
        const [a, b] = x < y ? [x, y] : [y, x];
        const w = cal.workingBetween(a, b);
        expect(cal.addWorking(a, w)).toBeLessThanOrEqual(b);
        expect(cal.workingBetween(a, t > a ? t : a) + (b > t ? cal.workingBetween(t, b) : 0)).toBe(
          b > t ? cal.workingBetween(a, b) : cal.workingBetween(a, t),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("real hours: the zone clock agrees with Intl (independent oracle) across DST", () => {
  const fmtCache = new Map<string, Intl.DateTimeFormat>();
  const wall = (zone: string, utcSeconds: number): number => {
    let f = fmtCache.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
      fmtCache.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(utcSeconds * 1000)).map((x) => [x.type, x.value]));
    return daysFromCivil(Number(p.year), Number(p.month), Number(p.day)) * SECONDS_PER_DAY + Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second);
  };
  it.each(["Europe/Berlin", "America/New_York", "Asia/Shanghai"])("%s: start + N real hours is N×3600 s later in UTC", (zone) => {
    const clock = makeZoneClock(zone)!;
    const ctx: ClockContext = { calendar: CONTEXTS[3][1].calendar, zone: clock, dayEndsAt: "midnight" };
    const utcBase = base; // 2026-01-01 00:00 UTC
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 360 * 24 * 4 }), fc.integer({ min: 1, max: 96 }), (q, hours) => {
        const utc = utcBase + q * 900; // quarter hours through 2026, both DST changes included
        const start = asLocal(wall(zone, utc));
        expect(clock.fromUtc(utc)).toBe(start);
        const got = computeDue(ctx, "hours", hours, start, []);
        if (!got.ok) throw new Error("not covered");
        // The wall clock of the start's first occurrence, plus N real hours.
        expect(got.due).toBe(wall(zone, clock.toUtc(start) + hours * 3600));
        expect(wall(zone, clock.toUtc(start))).toBe(start);
      }),
      { numRuns: 300 },
    );
  });
});
