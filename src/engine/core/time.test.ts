import fc from "fast-check";
import { asLocal, civilFromDays, civilFromLocal, daysFromCivil, daysFromCivilMonth, formatLocal, isValidCivilDate, localFromCivil, localFromExcelSerial, weekdayOf, addMonthsToDay, formatDay, dayOf, minuteOfDay, MINUTE_TEXTS } from "./time";

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

  it("daysFromCivilMonth: daysFromCivil, from its table of month starts where it reaches (issue 10)", () => {
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

describe("the pieces of an instant on the minute (issue 10)", () => {
  // Traces write an instant on the minute as its day and a remembered " HH:MM …" piece: that must be formatLocal.
  it("minuteOfDay is the minute of an instant on the minute, -1 otherwise; its day and MINUTE_TEXTS are formatLocal", () => {
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
        if (onMinute) expect(formatDay(dayOf(t)) + MINUTE_TEXTS[m]).toBe(formatLocal(t));
      }),
      { numRuns: 20_000 },
    );
  });
});

