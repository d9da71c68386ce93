/**
 * Writes the seeded synthetic workbook of N tickets (bench/synthetic.ts) as an .xlsx file, the input a user would
 * hand the command: `bench/makeInput.ts <tickets> <out.xlsx>`. The end-to-end rows of `npm run bench` run the
 * command on it; the same file serves for profiling (`node --cpu-prof bin/sla-ledger.js reconcile …`).
 */
import { writeNewWorkbook } from "../src/xlsx";
import { syntheticWorkbook } from "./synthetic";

const n = Number(process.argv[2]);
const out = process.argv[3];
if (!Number.isInteger(n) || n <= 0 || !out) {
  process.stderr.write("usage: bench/makeInput.ts <tickets> <out.xlsx>\n");
  process.exit(2);
}
const wb = syntheticWorkbook(n);
writeNewWorkbook(
  wb.sheets.map((sh) => ({ name: sh.name, role: "template" as const, rows: sh.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] })),
  out,
  { markAsOutput: false },
).then(
  () => undefined,
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
