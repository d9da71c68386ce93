/**
 * One benchmark size, in its own process (scripts/bench.js): `bench/size.ts <tickets> [--quick] [--engine-only]`.
 * Prints progress on stderr and one JSON line of figures on stdout. `--engine-only` skips the hosts (a second
 * sample of the engine's figures).
 */
import { performance } from "perf_hooks";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { settleMonth } from "../src/engine";
import { rowBlockOf, rowCountOf } from "../src/engine/core/output";
import { readInputSheets, writeOutputSheets, type ExcelRun } from "../src/excel/adapter";
import { FakeExcel } from "../src/excel/fake/fakeExcel";
import { readXlsx, writeNewWorkbook, writeOutputWorkbook } from "../src/xlsx";
import { BENCH_MONTH, syntheticWorkbook } from "./synthetic";

const n = Number(process.argv[2]);
const log = (s: string) => process.stderr.write(s + "\n");

const tGen = performance.now();
const wb = syntheticWorkbook(n);
log(`generated ${n} tickets in ${((performance.now() - tGen) / 1000).toFixed(2)} s`);
// The input workbook is the host's (a file reader's or Excel's cells), not the engine's: its memory is measured
// apart, so the engine's own footprint is peak minus this.
const inputRssBytes = process.memoryUsage().rss;

const stages: Record<string, number> = {};
let stage = "";
let stageStart = 0;
const t0 = performance.now();
const run = settleMonth(wb, {
  month: BENCH_MONTH,
  lang: "en",
  onProgress: (next) => {
    const now = performance.now();
    if (stage) stages[stage] = now - stageStart;
    stage = next;
    stageStart = now;
  },
});
if (stage) stages[stage] = performance.now() - stageStart;
// Large sheets build their rows on demand (core/output RowSource); a host asks for every row once, in blocks.
// That work is the engine's, so it is timed here as part of "sheets", block by block as a host would.
const tRows = performance.now();
let cells = 0;
const BLOCK = 10_000;
for (const sheet of run.sheets) {
  const count = rowCountOf(sheet);
  for (let from = 0; from < count; from += BLOCK) for (const row of rowBlockOf(sheet, from, from + BLOCK)) cells += row.length;
}
const t1 = performance.now();
stages.sheets = (stages.sheets ?? 0) + (t1 - tRows);
const engineMs = t1 - t0;
log(`output rows built in ${((t1 - tRows) / 1000).toFixed(2)} s (${cells} cells)`);
const errors = run.issues.filter((i) => i.severity === "error");
log(`engine ${(engineMs / 1000).toFixed(2)} s; ${run.findings.length} findings; ${errors.length} errors; ${run.issues.length} issues`);
if (errors.length) log(`first errors: ${errors.slice(0, 3).map((i) => `${i.sheet}!${i.cell} ${i.code} ${i.value}`).join("; ")}`);

const mem = process.memoryUsage();
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

async function hosts(): Promise<Record<string, unknown>> {
  const extra: Record<string, unknown> = {};
  {
    // .xlsx through src/xlsx: write the synthetic input, then time reading it and writing the outputs beside it.
    // Both stream, so every size runs, the full sheet included.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-"));
    const input = path.join(dir, "in.xlsx");
    await writeNewWorkbook(wb.sheets.map((sh) => ({ name: sh.name, role: "template" as const, rows: sh.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] })), input, { markAsOutput: false });
    let t = performance.now();
    await readXlsx(input);
    const readMs = performance.now() - t;
    t = performance.now();
    const out = path.join(dir, "out.xlsx");
    await writeOutputWorkbook(input, run.sheets, out);
    const writeMs = performance.now() - t;
    extra.xlsx = { readMs, writeMs, inputBytes: fs.statSync(input).size, outputBytes: fs.statSync(out).size };
    fs.rmSync(dir, { recursive: true, force: true });
    log(`xlsx read ${(readMs / 1000).toFixed(2)} s, write ${(writeMs / 1000).toFixed(2)} s`);
  }
  // The add-in's adapter over the fake Excel host: round trips and the largest payload. Past 100,000 tickets the
  // fake measures every block it is sent but does not keep the cells (sixty million of them at full scale).
  const fake = new FakeExcel(wb.sheets);
  fake.state.keepWrittenCells = n <= 100000;
  const excelRun = fake.run as unknown as ExcelRun;
  const t = performance.now();
  await readInputSheets(excelRun);
  await writeOutputSheets(excelRun, run.sheets);
  extra.excel = { syncs: fake.state.syncs, largestPayloadBytes: Math.max(fake.state.largestRequestBytes, fake.state.largestResponseBytes) };
  log(`Excel adapter over the fake: ${fake.state.syncs} syncs in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  return extra;
}

const result = {
  inputRssBytes,
  outputSheets: run.sheets.map((s) => `${s.name} (${rowCountOf(s).toLocaleString("en")} row${rowCountOf(s) === 1 ? "" : "s"})`),
  findings: run.findings.length,
  late: run.findings.filter((f) => f.status === "late").length,
  issues: run.issues.length,
  engineMs,
  stages,
  peakRssBytes,
  heapUsedBytes: mem.heapUsed,
};
if (process.argv.includes("--engine-only")) process.stdout.write(JSON.stringify(result) + "\n");
else hosts().then((extra) => process.stdout.write(JSON.stringify({ ...result, ...extra }) + "\n"));
