import { Dec, sumDec, ZERO } from "../core/money";
import { MoneyTally } from "./moneyTally";

describe("MoneyTally (issue 10)", () => {
  it("totals shared and distinct instances, zeros and negatives exactly as adding one by one", () => {
    const shared = [new Dec("300.00"), new Dec("100"), new Dec("0.01"), new Dec("-12.34"), ZERO, new Dec("-0")];
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const n of [0, 1, 2, 7, 100, 5000]) {
      const lines: Dec[] = [];
      for (let i = 0; i < n; i++) lines.push(rnd() < 0.8 ? shared[Math.floor(rnd() * shared.length)] : new Dec((Math.floor(rnd() * 1e7) / 100).toFixed(2)));
      const tally = new MoneyTally();
      for (const l of lines) tally.add(l);
      const total = tally.total();
      const want = sumDec(lines);
      expect(total.toString()).toBe(want.toString());
      expect(Object.is(total.isNegative(), want.isNegative())).toBe(true);
    }
  });
});
