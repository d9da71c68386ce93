/** Reruns: settling the same month twice gives identical outputs (sheets, JSON, issues), in both languages. */
import * as path from "path";
import { settleMonth } from "../../src/engine";
import { readXlsx } from "../../src/xlsx";

it.each(["en", "zh"] as const)("rerunning October 2026 on the sample is identical (%s)", async (lang) => {
  const wb = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
  const a = settleMonth(wb, { month: "2026-10", lang });
  const b = settleMonth(wb, { month: "2026-10", lang });
  expect(JSON.stringify(b.sheets)).toBe(JSON.stringify(a.sheets));
  expect(JSON.stringify(b.json)).toBe(JSON.stringify(a.json));
  expect(a.findings.length).toBeGreaterThan(700);
  // The engine did not touch its input.
  const again = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
  expect(JSON.stringify(wb)).toBe(JSON.stringify(again));
});
