/**
 * examples/functions.xlsx: every example's value as computed by the functions shows as written by hand from the
 * calendar; the committed file holds what the generator makes (formulas with those cached values, expected values
 * beside them).
 */
import * as path from "path";
import { buildFunctionsSheets, computeExample, exampleFormula, FUNCTION_EXAMPLES, resultFormat } from "../../examples/functionsBook";
import { readXlsx, readXlsxBytes } from "../../src/xlsx";
import { workbookBytes } from "../../src/xlsx/write";

const pad = (n: number) => String(n).padStart(2, "0");
/** A value as a cell with the example's number format shows it (computed here without the engine). */
function shown(value: number | boolean, format: string): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  const minutes = Math.round(value * 1440);
  if (format === "[h]:mm") return `${Math.floor(minutes / 60)}:${pad(minutes % 60)}`;
  const d = new Date(Math.round((value - 25569) * 86_400_000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

it.each(FUNCTION_EXAMPLES.map((e) => [`${exampleFormula(e, 0).replace(/\d+/g, "")} ${e.start}`, e] as const))("%s", (_name, e) => {
  expect(shown(computeExample(e), resultFormat(e.fn))).toBe(e.shown);
});

it("examples/functions.xlsx is what scripts/make-functions-example.ts writes", async () => {
  const committed = await readXlsx(path.resolve(__dirname, "../../examples/functions.xlsx"));
  const fresh = await readXlsxBytes(Buffer.from(await workbookBytes(buildFunctionsSheets())));
  expect(committed).toEqual(fresh);
  const rows = committed.sheets[0].rows;
  const first = rows.findIndex((r) => r[0] === "SLA.DUE");
  expect(rows.slice(first).map((r) => [r[9], r[10] === r[11]])).toEqual(
    FUNCTION_EXAMPLES.map((e, i) => [`=${exampleFormula(e, first + i + 1)}`, true]),
  );
});
