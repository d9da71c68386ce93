/**
 * One benchmark size, in its own process (scripts/bench.js): `bench/size.ts <tickets> [--quick]`.
 * Prints progress on stderr and one JSON line of figures on stdout.
 */
import { performance } from "perf_hooks";
import { settleMonth } from "../src/engine";
import { BENCH_MONTH, syntheticWorkbook } from "./synthetic";

const n = Number(process.argv[2]);
const log = (s: string) => process.stderr.write(s + "\n");

const tGen = performance.now();
const wb = syntheticWorkbook(n);
log(`generated ${n} tickets in ${((performance.now() - tGen) / 1000).toFixed(2)} s`);

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
const t1 = performance.now();
if (stage) stages[stage] = t1 - stageStart;
const engineMs = t1 - t0;
const errors = run.issues.filter((i) => i.severity === "error");
log(`engine ${(engineMs / 1000).toFixed(2)} s; ${run.findings.length} findings; ${errors.length} errors; ${run.issues.length} issues`);
if (errors.length) log(`first errors: ${errors.slice(0, 3).map((i) => `${i.sheet}!${i.cell} ${i.code} ${i.value}`).join("; ")}`);

const mem = process.memoryUsage();
const result = {
  findings: run.findings.length,
  late: run.findings.filter((f) => f.status === "late").length,
  issues: run.issues.length,
  engineMs,
  stages,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  heapUsedBytes: mem.heapUsed,
};
process.stdout.write(JSON.stringify(result) + "\n");
