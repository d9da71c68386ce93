import fc from "fast-check";
import { Dec, decFromNumber, formatMoney, groupThousands } from "./money";

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
