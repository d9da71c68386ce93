import fc from "fast-check";
import { Dec, minorUnits } from "../core/money";
import type { Cell } from "../core/cells";
import { coerceDateTime, coerceMoney, plainDateTimeSeconds, plainMoney, plainMoneyUnits, releaseMemos } from "./values";

describe("coerceDateTime: the quick path for plain date-times", () => {
  // A leading space makes the same text take the general path (it trims), so the two paths can be compared.
  const general = (s: string) => coerceDateTime(` ${s}`, null);

  it("reads every plain shape (and 年月日) exactly as the general parser does, valid or not", () => {
    const part = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).chain((v) => fc.constantFrom(String(v), String(v).padStart(2, "0")));
    // Separators: `-`, `/`, `.` twice, or 年 月 日 (then also a missing 日, or a 日 after the other separators).
    const text = fc.tuple(
      fc.integer({ min: 1890, max: 2110 }).map(String), fc.constantFrom("-", "/", ".", "年", "年-"), part(0, 13), part(0, 32),
      fc.constantFrom(" ", "T", "  ", "日 ", "日T", "日"), part(0, 25), part(0, 61), fc.option(part(0, 61), { nil: undefined }),
    ).map(([y, sep, mo, d, gap, h, mi, s]) => {
      const [first, second] = sep === "年" ? ["年", "月"] : sep === "年-" ? ["年", "-"] : [sep, sep];
      return `${y}${first}${mo}${second}${d}${gap}${h}:${mi}${s === undefined ? "" : `:${s}`}`;
    });
    fc.assert(fc.property(text, (s) => {
      expect(coerceDateTime(s, null)).toEqual(general(s));
    }), { numRuns: 20_000 });
  });

  it.each([
    ["2026-10-03 14:05", true],
    ["2026/10/3 14:05:00", true],
    ["2026-02-29 10:00", false],
    ["2026-10-03 24:00", true], // the end of the day (docs/CONTRACT.md, Clocks), read by the general path
    ["2026-10-03 14:5", true], // one-digit minutes: the general path reads them
    ["2026-10-03 14:05:7", true],
    ["2026-13-03 14:05", false],
    ["2026年10月3日 14:05", true],
    ["2026年2月29日 10:00", false],
    ["2026年10月3日T14:05", true], // read by the general path
    ["2026-1-1 9:05", true],
  ])("%s → ok %s", (s, ok) => {
    expect(coerceDateTime(s, null).ok).toBe(ok);
    expect(coerceDateTime(s, null)).toEqual(general(s));
  });
});

describe("coerceMoney: a number cell", () => {
  it("is read exactly as through 15 significant digits, with the range and sign checks on that decimal", () => {
    const reference = (n: number, allowNegative: boolean) => {
      if (!Number.isFinite(n)) return { ok: false, expected: "money" };
      const d = new Dec(n.toPrecision(15));
      if (d.abs().greaterThan(new Dec("1e15"))) return { ok: false, expected: "money-range" };
      if (d.isNegative() && !d.isZero() && !allowNegative) return { ok: false, expected: "money-negative" };
      return { ok: true, value: d.toString() };
    };
    const numbers = fc.oneof(
      fc.double(),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100),
      fc.double({ min: 999_999_999_999_990, max: 1_000_000_000_000_010 }).chain((n) => fc.constantFrom(n, -n)),
      fc.constantFrom(1e15, -1e15, 1e15 + 0.125, -0, 5e-324, -5e-324),
    );
    fc.assert(fc.property(numbers, fc.boolean(), (n, allowNegative) => {
      const got = coerceMoney(n, allowNegative);
      expect(got.ok ? { ok: true, value: got.value.toString() } : got).toEqual(reference(n, allowNegative));
    }), { numRuns: 50_000 });
  });
});

describe("plainDateTimeSeconds: the readers' direct path", () => {
  it("gives coerceDateTime's value whenever it gives a number, and NaN otherwise (then coerceDateTime decides)", () => {
    const cell = fc.oneof(
      fc.double(),
      fc.double({ min: 0, max: 3e6, noNaN: true }),
      fc.constantFrom(60, 61, 2958465.999, 2958466, Infinity, -Infinity, NaN, true, null, "2026-10-03 24:00", "2100-02-29 10:00", "2000-02-29 10:00"),
      fc.tuple(fc.integer({ min: 1890, max: 2110 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }))
        .map(([y, mo, d, h, mi]) => `${y}-${String(mo).padStart(2, "0")}-${d} ${h}:${String(mi).padStart(2, "0")}`),
      fc.string(),
    );
    fc.assert(fc.property(cell, (c) => {
      const seconds = plainDateTimeSeconds(c);
      if (!Number.isNaN(seconds)) expect(coerceDateTime(c, null)).toEqual({ ok: true, value: seconds });
    }), { numRuns: 20_000 });
    expect(plainDateTimeSeconds("2026-10-03 14:05")).toBe((coerceDateTime("2026-10-03 14:05", null) as { value: number }).value);
    expect(plainDateTimeSeconds(" 2026-10-03 14:05")).toBeNaN();
  });
});

describe("plainMoney: the readers' direct path for fee cells", () => {
  it("gives coerceMoney's decimal whenever it gives one, and null otherwise (then coerceMoney decides)", () => {
    const cell = fc.oneof(
      fc.double(),
      fc.integer({ min: -1000, max: 100_000 }).map((n) => n / 100),
      fc.constantFrom(0, -0, 1e15, 1e15 - 1, 999999999999999.9, -1, NaN, Infinity, -Infinity, true, null, "12", "¥1,234.50", " "),
      fc.string(),
    );
    fc.assert(fc.property(cell, (c) => {
      const plain = plainMoney(c);
      const general = coerceMoney(c);
      if (plain !== null) {
        expect(general.ok).toBe(true);
        expect(plain.toString()).toBe((general as { value: Dec }).value.toString());
      } else expect(typeof c !== "number" || !general.ok || c >= 1e15).toBe(true);
    }), { numRuns: 20_000 });
  });

  it("keeps each number's own decimal as its memo grows, wraps around and starts over", () => {
    // Whole amounts (their low 32 bits all zero), cents and arbitrary fractions: 210,000 numbers asked twice (the
    // memo grows from 1,024 places through every doubling in between), then 90,000 more, past the 262,144 after
    // which it starts over, each also asked twice.
    const numbers: number[] = [];
    for (let k = 0; k < 100_000; k++) numbers.push(k, k / 100 + 0.01, k * 1.000001 + 0.5);
    // plainMoneyUnits too, every other number: the units kept beside each key must move with it as the memo grows.
    const units = new Float64Array(1);
    const check = (n: number, k: number) => {
      const plain = k % 2 === 0 ? plainMoney(n)?.toString() : plainMoneyUnits(n, 2, units, 0)?.toString();
      const general = (coerceMoney(n) as { value: Dec }).value;
      if (plain !== general.toString()) expect([n, plain]).toEqual([n, general.toString()]); // one expect per mismatch, not per number
      if (k % 2 === 1 && !Object.is(units[0], minorUnits(general, 2))) expect([n, units[0]]).toEqual([n, minorUnits(general, 2)]);
    };
    releaseMemos();
    for (let round = 0; round < 2; round++) for (let k = 0; k < 210_000; k++) check(numbers[k], k + round);
    for (let k = 210_000; k < numbers.length; k++) check(numbers[k], k);
    for (let k = 210_000; k < numbers.length; k++) check(numbers[k], k + 1);
    check(-0, 0);
    check(-0, 1);
    releaseMemos();
  });

  it("plainMoneyUnits: plainMoney's decimal, and its minorUnits in the digits asked for, kept beside it", () => {
    const cell = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
      fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
      fc.double({ min: -1, max: 1e16 }),
      fc.constantFrom<Cell>(0, -0, 1e-9, 99999999999999.9, NaN, -1, "12", null),
    );
    const units = new Float64Array(2);
    releaseMemos();
    // Each number asked twice, in digits that change now and then: the second answer comes from the memo.
    fc.assert(fc.property(cell, fc.constantFrom(0, 2, 2, 2, 3, 8), (c, digits) => {
      for (let round = 0; round < 2; round++) {
        units[1] = 42;
        const plain = plainMoneyUnits(c, digits, units, 1);
        expect(plain?.toString()).toBe(plainMoney(c)?.toString());
        expect(units[1]).toEqual(plain === null ? 42 : minorUnits(plain, digits));
      }
    }), { numRuns: 5_000 });
    releaseMemos();
  });
});
