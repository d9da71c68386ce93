/**
 * The command's output file, part by part: `sla-ledger reconcile` run as a user runs it (a separate process, the
 * built command) on the sample workbook and on a seeded 30,000-ticket month, every part of the written .xlsx hashed
 * (its uncompressed bytes) and compared with the hashes the writer gave before it was made faster. So reading on
 * one thread and writing on two, deflate levels, and any other speed work cannot change a byte of what a user gets.
 * Two things vary from run to run by design and are replaced before hashing: the document's modified time
 * (docProps/core.xml) and the input file's SHA-256 quoted in the report sheets (the seeded input is written by this
 * test with today's writer, whose compressed bytes may differ from an earlier writer's while its parts do not).
 * After an intended change of the output, `UPDATE_OUTPUT_HASHES=1 npx jest test/cli/outputParts` rewrites the file
 * and the diff is reviewed like code. The hashes were taken with the writer as it was before the speed work
 * (`SLA_LEDGER_BIN=<older checkout>/bin/sla-ledger.js` runs another checkout's command; see cliCommand.ts).
 */
import { createHash } from "crypto";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BENCH_MONTH, syntheticWorkbook } from "../../bench/synthetic";
import type { OutputSheet } from "../../src/engine/core/output";
import { openZip } from "../../src/xlsx/package";
import { workbookBytes } from "../../src/xlsx/write";
import { cliCommand } from "./cliCommand";

const root = path.resolve(__dirname, "../..");
const expectedFile = path.join(__dirname, "output-parts.json");
const UPDATE = process.env.UPDATE_OUTPUT_HASHES === "1";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-parts-"));

/** Each part's name and the SHA-256 of its bytes, in the order the zip stores them. */
async function partHashes(file: string, inputSha: string): Promise<[string, string][]> {
  const src = await openZip(file);
  try {
    const hashes: [string, string][] = [];
    for (const name of src.names) {
      let text = (await src.read(name)).toString("latin1");
      if (name === "docProps/core.xml") text = text.replace(/(<dcterms:modified[^>]*>)[^<]*/, "$1(modified)");
      // The report sheets quote the digest in full or by its first 16 digits.
      text = text.replace(new RegExp(`${inputSha.slice(0, 16)}[0-9a-f]*`, "g"), "(input sha-256)");
      hashes.push([name, createHash("sha256").update(Buffer.from(text, "latin1")).digest("hex")]);
    }
    return hashes;
  } finally {
    src.close();
  }
}

function reconcile(input: string, month: string, lang: string): string {
  const out = path.join(dir, `${path.basename(input, ".xlsx")}.${lang}.out.xlsx`);
  const [cmd, ...args] = cliCommand();
  const r = spawnSync(cmd, [...args, "reconcile", input, "--month", month, "--lang", lang, "--out", out], {
    encoding: "utf8",
    env: { ...process.env, TZ: "UTC", SOURCE_DATE_EPOCH: "1790000000" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return out;
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const cases: [string, () => Promise<string>, string, string][] = [
  ["the sample, October 2026, en", async () => path.join(root, "examples", "sample.xlsx"), "2026-10", "en"],
  ["the sample, October 2026, zh", async () => path.join(root, "examples", "sample.xlsx"), "2026-10", "zh"],
  [
    "30,000 seeded tickets, en",
    async () => {
      const file = path.join(dir, "seeded-30000.xlsx");
      if (!fs.existsSync(file)) {
        const wb = syntheticWorkbook(30000);
        const sheets: OutputSheet[] = wb.sheets.map((sh) => ({
          name: sh.name, role: "template", rows: sh.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [],
        }));
        fs.writeFileSync(file, await workbookBytes(sheets, { fixedDate: new Date(Date.UTC(2026, 10, 1)) }));
      }
      return file;
    },
    BENCH_MONTH,
    "en",
  ],
];

const expected: Record<string, [string, string][]> = fs.existsSync(expectedFile) ? JSON.parse(fs.readFileSync(expectedFile, "utf8")) : {};
const updated: Record<string, [string, string][]> = {};

afterAll(() => {
  if (UPDATE) fs.writeFileSync(expectedFile, JSON.stringify(updated, null, 2) + "\n");
  fs.rmSync(dir, { recursive: true, force: true });
});

it.each(cases)("%s: every part of the output is unchanged", async (name, input, month, lang) => {
  const file = await input();
  const out = reconcile(file, month, lang);
  const hashes = await partHashes(out, sha(file));
  updated[name] = hashes;
  if (UPDATE) return;
  expect(expected[name]).toBeDefined();
  expect(hashes).toEqual(expected[name]);
}, 300_000);
