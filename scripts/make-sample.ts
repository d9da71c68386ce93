/**
 * Writes examples/sample.xlsx from the seeded generator in examples/sampleBook.ts (deterministic: the same seed
 * always gives the same cells). Run: `node -r ts-node/register/transpile-only scripts/make-sample.ts [out.xlsx]`.
 */
import { promises as fs } from "fs";
import path from "path";
import { buildSampleSheets } from "../examples/sampleBook";
import { workbookBytes } from "../src/xlsx/write";

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "examples", "sample.xlsx"));
  const bytes = await workbookBytes(buildSampleSheets(), { fixedDate: new Date(Date.UTC(2026, 10, 1, 0, 0, 0)) });
  await fs.writeFile(out, bytes);
  process.stderr.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
