/**
 * Writes examples/functions.xlsx, the sheet of SLA.* function examples (examples/functionsBook.ts): formulas and
 * expected values side by side. Run: `node -r ts-node/register/transpile-only scripts/make-functions-example.ts [out.xlsx]`.
 */
import { promises as fs } from "fs";
import path from "path";
import { buildFunctionsSheets } from "../examples/functionsBook";
import { workbookBytes } from "../src/xlsx/write";

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "examples", "functions.xlsx"));
  const bytes = await workbookBytes(buildFunctionsSheets(), { fixedDate: new Date(Date.UTC(2026, 10, 1, 0, 0, 0)) });
  await fs.writeFile(out, bytes);
  process.stderr.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
