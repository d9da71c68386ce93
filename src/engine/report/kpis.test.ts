import fc from "fast-check";
import { elapsedStats, median, nearestRank } from "./kpis";

/** The definition: sort, sum in ascending order, read the middle and the 90th percentile (nearest rank). */
function bySorting(values: number[]) {
  const a = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of a) sum += v;
  return { mean: a.length ? sum / a.length : null, median: median(a), p90: nearestRank(a, 90) };
}

describe("elapsed statistics selected rather than sorted", () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const shapes: Record<string, (n: number) => number[]> = {
    random: (n) => Array.from({ length: n }, () => Math.floor(rnd() * 500_000)),
    fewValues: (n) => Array.from({ length: n }, () => Math.floor(rnd() * 4) * 3600),
    ascending: (n) => Array.from({ length: n }, (_, i) => i * 60),
    descending: (n) => Array.from({ length: n }, (_, i) => (n - i) * 60),
    allEqual: (n) => Array.from({ length: n }, () => 86_400),
    organPipe: (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    withNegatives: (n) => Array.from({ length: n }, () => Math.floor(rnd() * 1000) - 500),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    it(`matches sorting for ${shape} values`, () => {
      for (const n of [0, 1, 2, 3, 4, 5, 9, 10, 11, 100, 101, 1000, 4097]) {
        const values = make(n);
        expect(elapsedStats(values)).toEqual(bySorting(values));
      }
    });
  }
  it("counted (narrow span) or selected (wide span), whole seconds give what sorting gives", () => {
    const narrow = fc.array(fc.integer({ min: -30_000, max: 30_000 }), { maxLength: 300 });
    const wide = fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 300 });
    const clustered = fc.tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.array(fc.integer({ min: 0, max: 1_500 }), { maxLength: 300 })).map(([base, xs]) => xs.map((x) => base + x * 60));
    fc.assert(fc.property(fc.oneof(narrow, wide, clustered), (values) => {
      expect(elapsedStats(values)).toEqual(bySorting(values));
    }), { numRuns: 5_000 });
  });
  it("sorts when a value is not a whole number of seconds, or is -0, or the sum could lose digits", () => {
    for (const values of [[1.5, 0.25, 3, 2.75], [3, -0, 0, 2], [Number.MAX_SAFE_INTEGER, 1, 2], [0.1, 0.2, 0.3, 0.4, 0.5]]) {
      const got = elapsedStats(values);
      const want = bySorting(values);
      expect(Object.is(got.median, want.median)).toBe(true);
      expect(Object.is(got.mean, want.mean)).toBe(true);
      expect(Object.is(got.p90, want.p90)).toBe(true);
    }
  });
});
