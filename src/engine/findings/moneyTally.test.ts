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

  it("exactTotal: the one-by-one sum for amounts of up to 6 decimals under 1e15, else null", () => {
    const shared = [new Dec("734"), new Dec("1234.56"), new Dec("0.000001"), new Dec("999999999999999.99"), ZERO];
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lines: Dec[] = [];
    for (let i = 0; i < 3000; i++) lines.push(rnd() < 0.7 ? shared[Math.floor(rnd() * shared.length)] : new Dec((Math.floor(rnd() * 1e9) / 1000).toFixed(3)));
    const tally = new MoneyTally();
    for (const l of lines) tally.add(l);
    expect(tally.exactTotal()?.toString()).toBe(sumDec(lines).toString());
    for (const odd of ["0.0000001", "1e15", "123.4567891"]) {
      const t = new MoneyTally();
      t.add(new Dec("1.5"));
      t.add(new Dec(odd));
      expect(t.exactTotal()).toBeNull();
    }
  });
});
