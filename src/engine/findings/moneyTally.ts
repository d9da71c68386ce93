/** Sums of a month's money lines with fewer decimal.js operations (issue 10). */
import { type Dec, ZERO } from "../core/money";

/**
 * Σ of many money lines in decimal.js, with fewer operations (issue 10): identical instances (a month's penalties
 * share one Dec per clause and count, findings/computeFindings chargedPenalty) are counted and multiplied once, and
 * zeros are not added. Money lines are rounded to the minor unit, so every sum is exact and equals the one-by-one sum.
 */
export class MoneyTally {
  private readonly counts = new Map<Dec, number>();
  add(amount: Dec): void {
    if (amount.isZero()) return; // a zero adds nothing to a sum that starts at ZERO
    this.counts.set(amount, (this.counts.get(amount) ?? 0) + 1);
  }
  total(): Dec {
    let total = ZERO;
    for (const [amount, n] of this.counts) total = total.plus(n === 1 ? amount : amount.times(n));
    return total;
  }
}
