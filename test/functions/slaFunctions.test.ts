/**
 * The SLA.* worksheet functions against the engine and against the naive stepping oracle: randomised starts, ends,
 * targets and every clock unit, serials in and out in both date systems, and every argument error.
 */
import fc from "fast-check";
import { buildCalendar, computeDue, elapsedOnClock, makeZoneClock, measureLate, type ClockContext } from "../../src/engine/clocks";
import type { ClockUnit, DayInterval } from "../../src/engine/core/model";
import { asDay, asLocal, daysFromCivil, SECONDS_PER_DAY, type LocalSeconds } from "../../src/engine/core/time";
import type { Cell, Lang } from "../../src/engine";
import {
  DEFAULT_SETTINGS, isFunctionError, noAgreement, slaDue, slaElapsed, slaIsWorkday, slaLateBy, slaWorkday, type FunctionError,
  type WorkbookClock,
} from "../../src/functions/slaFunctions";
import { readClockSettings } from "../../src/engine";
import { SteppingClock } from "../reference/steppingClock";

const UNITS: ClockUnit[] = ["hours", "working hours", "days", "working days"];
const SYSTEMS = ["1900", "1904"] as const;
const KINDS = ["CN", "Mon-Fri", "24x7"] as const;
const H = (a: number, b: number, c = 0, d = 0): DayInterval => ({ fromSecond: a * 3600 + c * 60, toSecond: b * 3600 + d * 60 });
const SPLIT_HOURS_TEXT = "09:00-12:00, 13:30-18:00";
const SPLIT_HOURS = [H(9, 12), H(13, 18, 30, 0)];
const DEFAULT_HOURS = [H(9, 18)];

/**
 * Excel serials computed here without the engine: Excel's 1900 system puts 1970-01-01 at 25569 (and 2026-01-01 at
 * 46023, =DATE(2026,1,1)); the 1904 system is 1,462 days less.
 * https://learn.microsoft.com/office/troubleshoot/excel/1900-and-1904-date-system
 */
const serialOfUtcMs = (ms: number, system: "1900" | "1904") => ms / 86_400_000 + 25569 - (system === "1904" ? 1462 : 0);
const serialOfLocal = (t: LocalSeconds, system: "1900" | "1904") => serialOfUtcMs(t * 1000, system);
const localOfSerial = (serial: number, system: "1900" | "1904") => asLocal(Math.round((serial + (system === "1904" ? 1462 : 0) - 25569) * SECONDS_PER_DAY));

function independentContext(kind: (typeof KINDS)[number], hours: DayInterval[]): ClockContext {
  const cal = buildCalendar({ kind, workingHours: hours, overrides: [] });
  expect(cal.issues).toEqual([]);
  return { calendar: cal.value, zone: makeZoneClock("Asia/Shanghai")!, dayEndsAt: "midnight" };
}
const contexts = new Map<string, ClockContext>();
const ctxOf = (kind: (typeof KINDS)[number], split: boolean) => {
  const key = `${kind}${split}`;
  if (!contexts.has(key)) contexts.set(key, independentContext(kind, split ? SPLIT_HOURS : DEFAULT_HOURS));
  return contexts.get(key)!;
};

const base = daysFromCivil(2026, 1, 1) * SECONDS_PER_DAY;
/** Minute-aligned instants from 2026-01-01 to mid-October (CN data ends 2026-12-31). */
const instant = fc.integer({ min: 0, max: 285 * 1440 }).map((m) => asLocal(base + m * 60));
const calendarArg = fc.constantFrom<(typeof KINDS)[number] | undefined>(undefined, ...KINDS);
const hoursArg = fc.boolean();
const system = fc.constantFrom(...SYSTEMS);

const value = <T>(r: T | FunctionError): T => {
  if (isFunctionError(r)) throw new Error(`unexpected error: ${r.error} ${r.message}`);
  return r;
};

describe("the functions compute the same instants as the engine (fast-check)", () => {
  it("SLA.DUE for every unit, calendar, hours and date system — and the stepping oracle agrees", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 40 }), calendarArg, hoursArg, system, (start, unit, target, cal, split, sys) => {
        const kind = cal ?? "CN";
        const book = noAgreement(sys);
        const hours = split && kind !== "24x7" ? SPLIT_HOURS_TEXT : undefined;
        const got = value(slaDue(book, "en", serialOfLocal(start, sys), target, unit, cal, hours));
        const ctx = ctxOf(kind, hours !== undefined);
        const engine = computeDue(ctx, unit, target, start, []);
        if (!engine.ok) throw new Error("engine: not covered");
        expect(localOfSerial(got, sys)).toBe(engine.due);
        expect(localOfSerial(got, sys)).toBe(new SteppingClock(ctx).due(unit, target, start));
      }),
      { numRuns: 150 },
    );
  });

  it("SLA.ELAPSED: real seconds for hours/days, working seconds (minute by minute) for working units", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * 1440 }), fc.constantFrom(...UNITS), calendarArg, hoursArg, system, (start, minutes, unit, cal, split, sys) => {
        const kind = cal ?? "CN";
        const end = asLocal(start + minutes * 60);
        const hours = split && kind !== "24x7" ? SPLIT_HOURS_TEXT : undefined;
        const got = value(slaElapsed(noAgreement(sys), "en", serialOfLocal(start, sys), serialOfLocal(end, sys), unit, cal, hours));
        const ctx = ctxOf(kind, hours !== undefined);
        const engine = elapsedOnClock(ctx, unit, start, end, []);
        if (!engine.ok) throw new Error("engine: not covered");
        expect(Math.round(got * SECONDS_PER_DAY)).toBe(engine.seconds);
        const oracle = unit === "hours" || unit === "days" ? end - start : new SteppingClock(ctx).workingBetween(start, end);
        expect(Math.round(got * SECONDS_PER_DAY)).toBe(oracle);
      }),
      { numRuns: 120 },
    );
  });

  it("SLA.LATEBY: the engine's late-by against the oracle's due, 0 when on time; never negative", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 1440 }), fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 30 }), calendarArg, system, (start, minutes, unit, target, cal, sys) => {
        const kind = cal ?? "CN";
        const end = asLocal(start + minutes * 60);
        const got = value(slaLateBy(noAgreement(sys), "en", serialOfLocal(start, sys), serialOfLocal(end, sys), target, unit, cal));
        const ctx = ctxOf(kind, false);
        const oracleDue = new SteppingClock(ctx).due(unit, target, start);
        const expected = measureLate(ctx, unit, oracleDue, end).lateBySeconds;
        expect(Math.round(got * SECONDS_PER_DAY)).toBe(expected);
        expect(got).toBeGreaterThanOrEqual(0);
        // On time is 0. Late is the time after due on the clause's clock: for working units that can be 0 too, when
        // the end falls after due but outside working time (the engine still calls it late, with 1 started day).
        if (end <= oracleDue) expect(got).toBe(0);
        else if (unit === "hours" || unit === "days") expect(Math.round(got * SECONDS_PER_DAY)).toBe(end - oracleDue);
        if (end > oracleDue && (unit === "working hours" || unit === "working days")) {
          expect(Math.round(got * SECONDS_PER_DAY)).toBe(new SteppingClock(ctx).workingBetween(oracleDue, end));
        }
      }),
      { numRuns: 120 },
    );
  });

  it("SLA.WORKDAY: the nth working day after the date, counted day by day; n = 0 is the day or the next working day", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), calendarArg, system, (t, n, cal, sys) => {
        const kind = cal ?? "CN";
        const got = value(slaWorkday(noAgreement(sys), "en", serialOfLocal(t, sys), n, cal));
        expect(Number.isInteger(got)).toBe(true);
        const ctx = ctxOf(kind, false);
        const day = asDay(Math.floor(t / SECONDS_PER_DAY));
        const oracle = new SteppingClock(ctx);
        const expected = n === 0 ? (ctx.calendar.isWorkingDay(day) ? day : oracle.nthWorkingDayAfter(day, 1)) : oracle.nthWorkingDayAfter(day, n);
        expect(localOfSerial(got, sys)).toBe(expected * SECONDS_PER_DAY);
      }),
      { numRuns: 150 },
    );
  });

  it("SLA.ISWORKDAY: the calendar's day, whatever the time of day", () => {
    fc.assert(
      fc.property(instant, calendarArg, system, (t, cal, sys) => {
        const ctx = ctxOf(cal ?? "CN", false);
        expect(value(slaIsWorkday(noAgreement(sys), "en", serialOfLocal(t, sys), cal))).toBe(ctx.calendar.isWorkingDay(asDay(Math.floor(t / SECONDS_PER_DAY))));
      }),
      { numRuns: 150 },
    );
  });
});

describe("Excel serials in and out, 1900 and 1904 date systems", () => {
  // =DATE(2026,1,1) is 46023 in the 1900 system and 44561 in the 1904 system.
  it.each(SYSTEMS)("%s: a serial read and written back is the same instant", (sys) => {
    expect(serialOfUtcMs(Date.UTC(2026, 0, 1), sys)).toBe(sys === "1900" ? 46023 : 44561);
    // 2026-09-30 16:00 + 24 working h on CN with a lunch break: National Day 10-01..10-07, make-up workday Sat 10-10.
    const start = serialOfUtcMs(Date.UTC(2026, 8, 30, 16), sys);
    const due = value(slaDue(noAgreement(sys), "en", start, 24, "working hours", "CN", "09:00-12:00, 13:00-18:00"));
    expect(due).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 9, 10, 16), sys), 9);
  });

  it.each(SYSTEMS)("%s: SLA.WORKDAY gives whole-day serials across the National Day make-up workdays", (sys) => {
    const d = (m: number, day: number) => serialOfUtcMs(Date.UTC(2026, m - 1, day), sys);
    // Sun 09-20 is a make-up workday; 10-01..10-07 are holidays; Sat 10-10 is a make-up workday.
    expect(slaWorkday(noAgreement(sys), "en", d(9, 19), 1)).toBe(d(9, 20));
    expect(slaWorkday(noAgreement(sys), "en", d(9, 30), 1)).toBe(d(10, 8));
    expect(slaWorkday(noAgreement(sys), "en", d(9, 30), 3)).toBe(d(10, 10));
    expect(slaWorkday(noAgreement(sys), "en", d(10, 3), 0)).toBe(d(10, 8));
    expect(slaWorkday(noAgreement(sys), "en", d(10, 10), 0)).toBe(d(10, 10));
    expect(slaIsWorkday(noAgreement(sys), "en", d(10, 10) + 0.75)).toBe(true);
    expect(slaIsWorkday(noAgreement(sys), "en", d(10, 1))).toBe(false);
    expect(slaIsWorkday(noAgreement(sys), "en", d(10, 1), "Mon-Fri")).toBe(true);
    expect(slaIsWorkday(noAgreement(sys), "en", d(10, 4), "24x7")).toBe(true);
  });

  it("a 1904 serial and the 1900 serial of the same instant give the same due, 1,462 days apart", () => {
    const s1900 = serialOfUtcMs(Date.UTC(2026, 4, 29, 17, 30), "1900");
    const a = value(slaDue(noAgreement("1900"), "en", s1900, 3, "working days"));
    const b = value(slaDue(noAgreement("1904"), "en", s1900 - 1462, 3, "working days"));
    expect(a - b).toBeCloseTo(1462, 9);
    // 05-29 Fri → 3 working days: 06-01, 06-02, 06-03 (no holiday), due at the end of 06-03 = 06-04 00:00.
    expect(a).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 5, 4), "1900"), 9);
  });

  it("days: a last day on a holiday moves to the end of the next working day (Civil Code art. 203)", () => {
    const start = serialOfUtcMs(Date.UTC(2026, 8, 28, 10), "1900");
    // 09-28 + 5 days = 10-03 (holiday) → 10-08, end of day.
    expect(slaDue(noAgreement("1900"), "en", start, 5, "days")).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 9, 9), "1900"), 9);
    expect(slaDue(noAgreement("1900"), "en", start, 5, "days", "24x7")).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 9, 4), "1900"), 9);
  });
});

describe("bad arguments are Excel error values with a message, never a guess", () => {
  const book = noAgreement("1900");
  const start = serialOfUtcMs(Date.UTC(2026, 9, 12, 9), "1900");
  const cases: [string, (lang: Lang) => unknown, string, RegExp, RegExp][] = [
    ["unit", (lang) => slaDue(book, lang, start, 3, "weeks"), "invalidValue", /unit "weeks"/, /单位“weeks”/],
    ["target 0", (lang) => slaDue(book, lang, start, 0, "hours"), "invalidNumber", /positive number, not "0"/, /正数/],
    ["target negative", (lang) => slaLateBy(book, lang, start, start + 1, -2, "hours"), "invalidNumber", /positive number/, /正数/],
    ["start as text", (lang) => slaDue(book, lang, "2026-10-12", 3, "hours"), "invalidValue", /start must be an Excel date-time/, /start 必须是 Excel 日期时间/],
    ["negative date", (lang) => slaIsWorkday(book, lang, -5), "invalidNumber", /negative/, /负数/],
    ["calendar", (lang) => slaIsWorkday(book, lang, start, "Mars"), "invalidValue", /calendar "Mars"/, /日历“Mars”/],
    ["hours text", (lang) => slaDue(book, lang, start, 3, "wh", "CN", "nine to six"), "invalidValue", /working hours "nine to six"/, /工作时间“nine to six”/],
    ["hours overlap", (lang) => slaDue(book, lang, start, 3, "wh", "CN", "09:00-13:00, 12:00-18:00"), "invalidValue", /overlap/i, /重叠/],
    ["hours on 24x7", (lang) => slaDue(book, lang, start, 3, "h", "24x7", "09:00-18:00"), "invalidValue", /24x7/, /24x7/],
    ["n fraction", (lang) => slaWorkday(book, lang, start, 1.5), "invalidNumber", /whole positive number, not "1.5"/, /正整数/],
    ["n negative", (lang) => slaWorkday(book, lang, start, -1), "invalidNumber", /not "-1"/, /“-1”/],
    ["end before start", (lang) => slaElapsed(book, lang, start, start - 1, "hours"), "invalidNumber", /before the start/, /早于开始时间/],
    ["outside CN data", (lang) => slaDue(book, lang, serialOfUtcMs(Date.UTC(2027, 2, 1), "1900"), 1, "wd"), "invalidNumber", /no data for 2027-03-01/, /没有 2027-03-01 的数据/],
    ["due beyond CN data", (lang) => slaDue(book, lang, serialOfUtcMs(Date.UTC(2026, 11, 30), "1900"), 5, "wd"), "invalidNumber", /no data for 2027-01-01/, /2027-01-01/],
    ["workday beyond CN data", (lang) => slaWorkday(book, lang, serialOfUtcMs(Date.UTC(2026, 11, 30), "1900"), 5), "invalidNumber", /no data for 2027/, /2027/],
    ["date before 1950 on Mon-Fri", (lang) => slaIsWorkday(book, lang, 100, "Mon-Fri"), "invalidNumber", /no data for 1900-04-09/, /1900-04-09/],
  ];
  it.each(cases)("%s", (_name, call, code, en, zh) => {
    const r = call("en") as FunctionError;
    expect(isFunctionError(r)).toBe(true);
    expect(r.error).toBe(code);
    expect(r.message).toMatch(en);
    const z = call("zh") as FunctionError;
    expect(z.error).toBe(code);
    expect(z.message).toMatch(zh);
  });
});

describe("the Agreement sheet is the default; its bad values are errors with their cell", () => {
  const agreementBook = (rows: Cell[][], calendar?: Cell[][], dateSystem: "1900" | "1904" = "1900"): WorkbookClock => {
    const sheets = [{ name: "协议", rows }];
    if (calendar) sheets.push({ name: "Calendar", rows: calendar });
    const read = readClockSettings({ sheets }, { makeZoneClock });
    return { settings: read.value, issues: read.issues, dateSystem };
  };
  const oct1 = serialOfUtcMs(Date.UTC(2026, 9, 1), "1900");

  it("without an Agreement sheet: CN, 09:00-18:00, end of day 24:00, Asia/Shanghai", () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ calendar: "CN", workingHours: DEFAULT_HOURS, dayEndsAt: "midnight", timeZone: "Asia/Shanghai" });
    expect(slaIsWorkday(noAgreement(), "en", oct1)).toBe(false);
  });

  it("the Agreement's Calendar, Working Hours and Day Ends At apply; an argument overrides the calendar", () => {
    const book = agreementBook([["Key", "Value"], ["工作日历", "周一至周五"], ["工作时间", "08:30-12:00, 13:00-17:30"], ["期限截止", "close of business"]]);
    expect(book.issues).toEqual([]);
    expect(slaIsWorkday(book, "en", oct1)).toBe(true);
    expect(slaIsWorkday(book, "en", oct1, "CN")).toBe(false);
    // Fri 10-09 17:00 + 1 working hour on Mon-Fri 08:30-12:00, 13:00-17:30: 30 min on Fri, 30 min on Mon 10-12.
    const fri = serialOfUtcMs(Date.UTC(2026, 9, 9, 17), "1900");
    expect(slaDue(book, "en", fri, 1, "working hours")).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 9, 12, 9), "1900"), 9);
    // Close of business: 1 working day after Fri ends at Mon 17:30.
    expect(slaDue(book, "en", fri, 1, "working days")).toBeCloseTo(serialOfUtcMs(Date.UTC(2026, 9, 12, 17, 30), "1900"), 9);
  });

  it("the Calendar sheet's overrides apply (a company holiday)", () => {
    const nov3 = serialOfUtcMs(Date.UTC(2026, 10, 3), "1900");
    const book = agreementBook([["Calendar", "CN"]], [["Date", "Type", "Name"], [nov3, "holiday", "Company day"]]);
    expect(slaIsWorkday(book, "en", nov3)).toBe(false);
    expect(slaIsWorkday(noAgreement(), "en", nov3)).toBe(true);
  });

  it("an unknown Time Zone is an error with its cell; a zone the host lacks is an error too, never a guess", () => {
    const bad = agreementBook([["Time Zone", "Mars/Olympus"]]);
    const r = slaDue(bad, "en", oct1, 2, "hours") as FunctionError;
    expect(r.error).toBe("invalidValue");
    expect(r.message).toMatch(/^协议!B1: .*Mars\/Olympus/);
    const unread: WorkbookClock = { settings: { ...DEFAULT_SETTINGS, timeZone: "Mars/Olympus" }, issues: [], dateSystem: "1900" };
    expect((slaDue(unread, "zh", oct1, 2, "hours") as FunctionError).message).toMatch(/Mars\/Olympus/);
  });

  it("a bad Working Hours or Calendar cell stops every function with its Sheet!Cell; a bad Currency does not", () => {
    const bad = agreementBook([["Calendar", "CN"], ["Working Hours", "18:00-09:00"]]);
    const r = slaDue(bad, "en", oct1, 1, "wh") as FunctionError;
    expect(r.error).toBe("invalidValue");
    expect(r.message).toMatch(/^协议!B2: /);
    const badCalendar = agreementBook([["Calendar", "Moon"]]);
    expect((slaIsWorkday(badCalendar, "zh", oct1) as FunctionError).message).toMatch(/^协议!B1: /);
    const badCurrency = agreementBook([["Currency", "dollars"], ["Calendar", "Mon-Fri"]]);
    expect(badCurrency.issues).toEqual([]);
    expect(slaIsWorkday(badCurrency, "en", oct1)).toBe(true);
  });
});
