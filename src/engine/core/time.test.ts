import fc from "fast-check";
import { asLocal, civilFromDays, civilFromLocal, daysFromCivil, daysFromCivilMonth, deadlineDay, formatDeadline, formatLocal, isValidCivilDate, localFromCivil, localFromExcelSerial, weekdayOf, addMonthsToDay, formatDay, minuteOfDay } from "./time";

describe("civil date arithmetic", () => {
  it.each([
    [1970, 1, 1, 0],
    [2026, 10, 1, 20727],
    [2000, 2, 29, 11016],
    [1900, 3, 1, -25508],
  ])("%i-%i-%i is day %i and back", (y, m, d, n) => {
    expect(daysFromCivil(y, m, d)).toBe(n);
    expect(civilFromDays(n)).toEqual({ year: y, month: m, day: d });
  });

  it("knows the weekday without the host clock (2026-10-10 is a Saturday)", () => {
    expect(weekdayOf(daysFromCivil(2026, 10, 10))).toBe(5);
  });

  it("reads Excel serials to the second", () => {
    // 46298.5868055556 is 2026-10-03 14:05 in Excel
    expect(formatLocal(localFromExcelSerial(46298.5868055556))).toBe("2026-10-03 14:05");
  });

  it("formats 24:00 as 00:00 of the next day", () => {
    expect(formatLocal(localFromCivil({ year: 2026, month: 10, day: 9, hour: 24, minute: 0, second: 0 }))).toBe("2026-10-10 00:00");
  });

  it("calls a date valid exactly when it survives the round trip through its day number (leap years included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 4000 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (y, m, d) => {
        const c = civilFromDays(daysFromCivil(y, m, d));
        expect(isValidCivilDate(y, m, d)).toBe(m >= 1 && m <= 12 && d >= 1 && c.year === y && c.month === m && c.day === d);
      }),
      { numRuns: 20_000, seed: 5 },
    );
    for (const [y, ok] of [[2000, true], [1900, false], [2024, true], [2026, false], [-400, true], [-100, false]] as const) expect(isValidCivilDate(y, 2, 29)).toBe(ok);
  });

  it("daysFromCivilMonth: daysFromCivil, from its table of month starts where it reaches", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1600, max: 10_100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        expect(daysFromCivilMonth(y, m, d)).toBe(daysFromCivil(y, m, d));
      }),
      { numRuns: 20_000 },
    );
    // Every month of the table, and each side of its edges.
    for (let y = 1898; y <= 2201; y++) for (let m = 1; m <= 12; m++) for (const d of [1, 28, 31]) {
      if (daysFromCivilMonth(y, m, d) !== daysFromCivil(y, m, d)) expect([y, m, d, daysFromCivilMonth(y, m, d)]).toEqual([y, m, d, daysFromCivil(y, m, d)]);
    }
  });

  it("adds months clamping to the month end", () => {
    expect(formatDay(addMonthsToDay(daysFromCivil(2025, 1, 31), 1))).toBe("2025-02-28");
    expect(formatDay(addMonthsToDay(daysFromCivil(2025, 10, 15), 12))).toBe("2026-10-15");
  });
});

describe("formatLocal", () => {
  it("writes every instant as its civil date and time, seconds only when non-zero (1900–2100, and more days than its memo holds)", () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    const reference = (t: number) => {
      const c = civilFromLocal(asLocal(t));
      const base = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}`;
      return c.second ? `${base}:${pad(c.second)}` : base;
    };
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800, max: 4_102_444_799 }), (t) => formatLocal(asLocal(t)) === reference(t)),
      { numRuns: 20_000 },
    );
    expect(formatLocal(asLocal(59))).toBe("1970-01-01 00:00:59");
  });
});

describe("the minute of an instant", () => {
  it("minuteOfDay is the minute of an instant on the minute (as formatLocal writes it), -1 otherwise", () => {
    const instant = fc.oneof(
      fc.integer({ min: -40_000_000, max: 70_000_000 }).map((m) => m * 60),
      fc.integer({ min: -2_208_988_800, max: 4_102_444_799 }),
      fc.double({ min: -2e9, max: 4e9, noNaN: true }),
    );
    fc.assert(
      fc.property(instant, (x) => {
        const t = asLocal(x);
        const m = minuteOfDay(t);
        const onMinute = Number.isInteger(x) && ((x % 60) + 60) % 60 === 0;
        expect(m >= 0).toBe(onMinute);
        if (onMinute) expect(formatLocal(t).slice(-5)).toBe(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
      }),
      { numRuns: 20_000 },
    );
  });
});


describe("formatDeadline: a deadline as people read it", () => {
  const at = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => localFromCivil({ year: y, month: mo, day: d, hour: h, minute: mi, second: s });
  const endOf1106 = at(2026, 11, 7, 0); // the end of Friday 2026-11-06
  const close1106 = at(2026, 11, 6, 18);
  it.each([
    ["end of day, short en", endOf1106, { lang: "en", style: "short" }, "2026-11-06 24:00"],
    ["end of day, short zh", endOf1106, { lang: "zh", style: "short", zone: "Asia/Shanghai" }, "2026-11-06 24:00"],
    ["end of day, long en with zone", endOf1106, { lang: "en", style: "long", zone: "Asia/Shanghai" }, "by end of Fri 2026-11-06 (24:00, Asia/Shanghai)"],
    ["end of day, long en without zone", endOf1106, { lang: "en", style: "long" }, "by end of Fri 2026-11-06 (24:00)"],
    ["end of day, long zh", endOf1106, { lang: "zh", style: "long" }, "2026年11月6日（周五）24:00 前"],
    ["end of day, long zh with zone", endOf1106, { lang: "zh", style: "long", zone: "Asia/Shanghai" }, "2026年11月6日（周五）24:00 前（Asia/Shanghai）"],
    ["close of business, short", close1106, { lang: "en", style: "short" }, "2026-11-06 18:00"],
    ["close of business, long en", close1106, { lang: "en", style: "long", zone: "Asia/Shanghai" }, "by Fri 2026-11-06 18:00, Asia/Shanghai"],
    ["close of business, long zh", close1106, { lang: "zh", style: "long" }, "2026年11月6日（周五）18:00 前"],
    ["one second past midnight stays on its own day", at(2026, 11, 7, 0, 0, 1), { lang: "en", style: "short" }, "2026-11-07 00:00:01"],
    ["end of the year closes 12-31", at(2027, 1, 1, 0), { lang: "en", style: "long" }, "by end of Thu 2026-12-31 (24:00)"],
    ["end of a leap day", at(2028, 3, 1, 0), { lang: "zh", style: "long" }, "2028年2月29日（周二）24:00 前"],
    ["an hours-clause due on a Sunday afternoon", at(2026, 10, 25, 9, 30), { lang: "en", style: "long", zone: "Europe/Berlin" }, "by Sun 2026-10-25 09:30, Europe/Berlin"],
  ] as const)("%s", (_name, instant, opts, text) => {
    expect(formatDeadline(instant, opts)).toBe(text);
  });

  it("deadlineDay: 00:00 belongs to the day before, anything later to its own day", () => {
    expect(formatDay(deadlineDay(endOf1106))).toBe("2026-11-06");
    expect(formatDay(deadlineDay(close1106))).toBe("2026-11-06");
    expect(formatDay(deadlineDay(at(2026, 11, 7, 0, 1)))).toBe("2026-11-07");
  });

  it("never writes 00:00: every minute of a week reads as a time within the day it names", () => {
    for (let t = at(2026, 11, 2, 0); t < at(2026, 11, 9, 0); t = asLocal(t + 60)) {
      const text = formatDeadline(t, { lang: "en", style: "short" });
      expect(text).not.toMatch(/ 00:00$/);
      const [date, time] = text.split(" ");
      const [h, m] = time.split(":").map(Number);
      const [y, mo, d] = date.split("-").map(Number);
      expect(localFromCivil({ year: y, month: mo, day: d, hour: h, minute: m, second: 0 })).toBe(t);
    }
  });
});
