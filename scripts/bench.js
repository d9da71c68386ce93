#!/usr/bin/env node
/**
 * `npm run bench`: prints a table of figures and writes docs/PERFORMANCE.md. Asserts nothing.
 *   npm run bench               sizes 10,000 / 100,000 / 1,048,575 tickets, plus the alternatives
 *   npm run bench -- --quick    sizes 2,000 / 10,000, smaller alternatives, end to end at 2,000 (about a minute)
 *   npm run bench -- --e2e-only the end-to-end rows alone (command against LibreOffice at 10,000 / 100,000 /
 *                               1,048,575); rewrites only their section of docs/PERFORMANCE.md
 * Each size runs in its own Node process so its peak memory is its own. The end-to-end rows (scripts/bench-e2e.js)
 * run the built command, so build/ is brought up to date first.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const quick = process.argv.includes("--quick");
const e2eOnly = process.argv.includes("--e2e-only");
const sizes = quick ? [2000, 10000] : [10000, 100000, 1048575];
// `--e2e-sizes=10000,100000` measures the end-to-end rows at other sizes (with --e2e-only: a partial rerun).
const e2eSizesArg = process.argv.find((a) => a.startsWith("--e2e-sizes="));
const e2eSizes = e2eSizesArg ? e2eSizesArg.slice("--e2e-sizes=".length).split(",").map(Number) : quick ? [2000] : [10000, 100000, 1048575];

function runTs(file, args, extraNodeArgs = []) {
  const r = spawnSync(
    process.execPath,
    ["--max-old-space-size=14336", "--max-semi-space-size=32", ...extraNodeArgs, "-r", "ts-node/register/transpile-only", path.join(root, file), ...args],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TZ: "UTC" } },
  );
  if (r.status !== 0) {
    process.stderr.write(r.stderr || "");
    return { error: `exit ${r.status}: ${(r.stderr || "").split("\n").slice(-3).join(" ")}` };
  }
  process.stderr.write(r.stderr || "");
  const lastLine = r.stdout.trim().split("\n").pop();
  return JSON.parse(lastLine);
}

// The engine's figures vary from run to run, most at full scale: when V8 collects, and whether it decides to
// allocate a block of output rows straight in the old generation, moves the time by several seconds. So a full run
// measures the engine twice per size, in separate processes, and reports the faster run with the spread beside it.
const ENGINE_FIELDS = ["engineMs", "stages", "peakRssBytes", "inputRssBytes", "heapUsedBytes"];
const { renderReport, renderEndToEnd, replaceEndToEnd, knownLimitsOf } = require("./bench-report.js");
const log = (s) => process.stderr.write(`${s}\n`);
require("./build-cli.js").build();

if (e2eOnly) {
  const e2e = require("./bench-e2e.js").endToEnd(e2eSizes, log);
  const { table, markdown } = renderEndToEnd(e2e);
  process.stdout.write(table + "\n");
  if (!quick) {
    const file = path.join(root, "docs", "PERFORMANCE.md");
    fs.writeFileSync(file, replaceEndToEnd(fs.readFileSync(file, "utf8"), markdown, describeMachine()));
    process.stdout.write("written: the end-to-end section of docs/PERFORMANCE.md\n");
  }
  process.exit(0);
}

const results = [];
for (const n of sizes) {
  process.stderr.write(`\n--- ${n.toLocaleString("en")} tickets\n`);
  const result = { n, ...runTs("bench/size.ts", [String(n), quick ? "--quick" : ""]) };
  if (!quick && !result.error) {
    process.stderr.write(`--- ${n.toLocaleString("en")} tickets, the engine once more\n`);
    const again = runTs("bench/size.ts", [String(n), "--engine-only"]);
    if (!again.error) {
      result.engineRunsMs = [result.engineMs, again.engineMs];
      if (again.engineMs < result.engineMs) for (const k of ENGINE_FIELDS) result[k] = again[k];
    }
  }
  results.push(result);
}
process.stderr.write("\n--- alternatives\n");
const alternatives = runTs("bench/alternatives.ts", [quick ? "--quick" : ""]);
const e2e = require("./bench-e2e.js").endToEnd(e2eSizes, log);

// The add-in's largest request as Microsoft's Office.js serialises it (test/officejs), against Excel's 5 MB limit.
const officeJs = runTs("test/officejs/largestRequest.ts", [quick ? "10000" : "100000"]);
if (!officeJs.error) process.stdout.write(`Largest Office.js request (${officeJs.tickets.toLocaleString("en")} tickets, Chinese text): ${officeJs.largestRequestBytes.toLocaleString("en")} bytes of 5,242,880\n`);

const docFile = path.join(root, "docs", "PERFORMANCE.md");
const knownLimits = fs.existsSync(docFile) ? knownLimitsOf(fs.readFileSync(docFile, "utf8")) : "";
const { table, markdown } = renderReport({ results, alternatives, e2e, quick, machine: describeMachine(), knownLimits });
process.stdout.write(table + "\n");
if (!quick) {
  fs.writeFileSync(docFile, markdown);
  process.stdout.write("written: docs/PERFORMANCE.md\n");
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus.length ? cpus[0].model : "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}
