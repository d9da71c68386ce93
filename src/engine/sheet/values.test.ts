import fc from "fast-check";
import { coerceDateTime } from "./values";

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
    ["2026-10-03 24:00", true], // the end of the day (SPEC §3), read by the general path
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
