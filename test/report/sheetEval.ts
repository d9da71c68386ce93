/** Test helper: evaluates the report sheet's formulas independently of the engine. */
import type { Cell } from "../../src/engine/core/cells";
import type { OutputSheet } from "../../src/engine/core/output";

/** A1 → [row, col] (zero-based). */
function parseRef(ref: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, col - 1];
}

/**
 * Evaluates the only formula shapes the report writes — sums and differences of cells and `SUM(A1:A9)` ranges,
 * e.g. `=SUM(I40:I41)+I42`, `=I20-I27+I28` — in integer cents so the check is exact. Independent of the engine's own
 * arithmetic: the sheet must foot by Excel's rules.
 */
export function evaluate(sheet: OutputSheet, formula: string): number {
  const cents = (r: number, c: number): number => {
    const f = sheet.formulas.find((x) => x.row === r && x.col === c);
    if (f) return evaluate(sheet, f.formula);
    const v: Cell = sheet.rows[r][c];
    return typeof v === "number" ? Math.round(v * 100) : 0;
  };
  const body = formula.slice(1);
  if (!/^([+-]?(SUM\([A-Z]+\d+:[A-Z]+\d+\)|[A-Z]+\d+|\d+))+$/.test(body)) throw new Error(`unexpected formula ${formula}`);
  let total = 0;
  for (const m of body.matchAll(/([+-]?)(SUM\(([A-Z]+\d+):([A-Z]+\d+)\)|[A-Z]+\d+|\d+)/g)) {
    let value: number;
    if (m[3]) {
      const [r1, c1] = parseRef(m[3]);
      const [r2] = parseRef(m[4]);
      value = 0;
      for (let r = r1; r <= r2; r++) value += cents(r, c1);
    } else value = /^\d+$/.test(m[2]) ? Number(m[2]) * 100 : cents(...parseRef(m[2]));
    total += m[1] === "-" ? -value : value;
  }
  return total;
}

