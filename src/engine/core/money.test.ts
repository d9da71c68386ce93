import fc from "fast-check";
import { Dec, decFromMinorUnits, decFromNumber, formatMoney, formatUnits, groupThousands, MinorSum, minorUnits, moneyNumber, sumDec } from "./money";

describe("money text and cell numbers: the quick paths agree with the plain decimal.js ones", () => {
  it("decFromNumber is the number through 15 significant digits (Excel's precision), for any finite double", () => {
    const reference = (n: number) => new Dec(n.toPrecision(15));
    const doubles = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100), // cents, as fee cells hold them
      fc.constantFrom(0.1 + 0.2, 1e21, 1e-7, 123456789012345.67, -0, 5e-324, Number.MAX_VALUE),
    );
    fc.assert(fc.property(doubles, (n) => {
      expect(decFromNumber(n).equals(reference(n))).toBe(true);
    }), { numRuns: 50_000 });
  });

  it("formatMoney writes what toFixed(digits, half-up) writes, rounded or not", () => {
    const amounts = fc.oneof(
      fc.tuple(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), fc.integer({ min: 0, max: 6 })).map(([units, places]) => new Dec(units.toString()).dividedBy(new Dec(10).pow(places))),
      fc.constantFrom(new Dec("-0"), new Dec("1e-9"), new Dec("123456789012345678901234"), new Dec("0.005"), new Dec("-0.005")),
    );
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 3 }), (d, digits) => {
      expect(formatMoney(d, digits)).toBe(d.toFixed(digits, Dec.ROUND_HALF_UP));
    }), { numRuns: 50_000 });
  });

  it.each([
    ["999.99", "999.99"], ["1000", "1,000"], ["-1580.60", "-1,580.60"], ["1234567.5", "1,234,567.5"], ["-999", "-999"], ["12", "12"],
  ])("groupThousands %s → %s", (text, grouped) => {
    expect(groupThousands(text)).toBe(grouped);
  });
});

describe("integer minor units: the quick sums and cell numbers are the decimal.js ones", () => {
  // Amounts of 0–9 decimals, cents-sized to past 2^53 cents, and the awkward ones.
  const amounts = fc.oneof(
    fc.tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 9 })).map(([units, places]) => new Dec(units.toString()).dividedBy(new Dec(10).pow(places))),
    fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => new Dec(c).dividedBy(100)),
    fc.constantFrom(new Dec("-0"), new Dec(0), new Dec("1e-7"), new Dec("9999999.99"), new Dec("90071992547409.91"), new Dec("90071992547409.92"), new Dec("1e30"), new Dec(NaN), new Dec(Infinity)),
  );

  it("minorUnits is exact when it answers, and answers for every amount on the minor unit under 1e14 and 2^53 units", () => {
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 3 }), (d, digits) => {
      const units = minorUnits(d, digits);
      if (Number.isNaN(units)) {
        const scaled = d.abs().times(new Dec(10).pow(digits));
        expect(d.isFinite() && d.decimalPlaces() <= digits && d.abs().lessThan(1e14) && scaled.lessThanOrEqualTo(Number.MAX_SAFE_INTEGER)).toBe(false);
      } else {
        expect(Number.isSafeInteger(units)).toBe(true);
        expect(d.times(new Dec(10).pow(digits)).equals(units)).toBe(true);
        expect(decFromMinorUnits(units, digits).equals(d)).toBe(true);
      }
    }), { numRuns: 20_000 });
  });

  it("moneyNumber is Number(formatMoney(…)), a plain 0 included; formatUnits of the minor units is formatMoney", () => {
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 3 }), (d, digits) => {
      expect(Object.is(moneyNumber(d, digits), Number(formatMoney(d, digits)))).toBe(true);
      const units = minorUnits(d, digits);
      if (!Number.isNaN(units)) expect(formatUnits(units, digits)).toBe(formatMoney(d, digits));
    }), { numRuns: 20_000 });
  });

  it("MinorSum totals as adding in order from ZERO does (a zero total up to the sign of its zero)", () => {
    fc.assert(fc.property(fc.array(amounts, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), (lines, digits, viaUnits) => {
      const sum = new MinorSum(digits);
      for (const l of lines) if (viaUnits) sum.addUnits(minorUnits(l, digits), { amount: l });
      else sum.add(l);
      const total = sum.total();
      const want = sumDec(lines);
      expect(total.toString()).toBe(want.toString());
      if (!want.isZero()) expect(total.isNegative()).toBe(want.isNegative());
    }), { numRuns: 5_000 });
  });
});
