import fc from "fast-check";
import { displayWidth, wrappedLines } from "./print";

/** The definition: each line break's part takes its display width over the column's, at least one line. */
const byDefinition = (text: string, widthChars: number): number =>
  text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / Math.max(1, widthChars))), 0);

describe("wrappedLines", () => {
  it("counts as the definition does: Latin and CJK text, line breaks anywhere, narrow and wide columns", () => {
    const char = fc.constantFrom("a", " ", "7", "\n", "超", "时", "，", "Ａ", "한", "é", "\ud83d\ude00");
    const text = fc.array(char, { maxLength: 300 }).map((cs) => cs.join(""));
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 120 }), (t, width) => {
      expect(wrappedLines(t, width)).toBe(byDefinition(t, width));
    }), { numRuns: 2000 });
  });

  it("counts text without wide characters or line breaks (a scan, no loop) as the definition does", () => {
    const text = fc.array(fc.constantFrom("a", " ", "7", "é", ";", "\ud83d\ude00", "\u10ff", "\ua4d0"), { maxLength: 300 }).map((cs) => cs.join(""));
    fc.assert(fc.property(text, fc.integer({ min: 0, max: 120 }), (t, width) => {
      expect(wrappedLines(t, width)).toBe(byDefinition(t, width));
    }), { numRuns: 2000 });
  });

  it("a short text is one line, unless it breaks; an empty one is one line", () => {
    expect(wrappedLines("due 2026-10-09 24:00", 64)).toBe(1);
    expect(wrappedLines("a\nb", 64)).toBe(2);
    expect(wrappedLines("a\n", 64)).toBe(2);
    expect(wrappedLines("", 10)).toBe(1);
    // 32 wide characters fill 64 units exactly; 33 take a second line.
    expect(wrappedLines("超".repeat(32), 64)).toBe(1);
    expect(wrappedLines("超".repeat(33), 64)).toBe(2);
  });
});
