#!/usr/bin/env node
/**
 * The README's test command (`npm test`). Runs, in order:
 *   1. the type checks (the whole project, and the engine alone with no DOM/Node/Office types);
 *   2. every jest test under TZ=UTC;
 *   3. the engine's tests again under TZ=America/New_York, to catch any leak of the host time zone;
 * then prints one plain closing line `N passed, N failed` and exits non-zero on any failure.
 * Extra arguments are passed to jest (e.g. `npm test -- src/engine/calendar`).
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;

function step(title, fn) {
  process.stderr.write(`\n=== ${title}\n`);
  fn();
}

function typecheck(project) {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", project, "--noEmit"], { cwd: root, stdio: "inherit" });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stderr.write(`type check failed: ${project}\n`);
  }
}

function jest(tz, args) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sla-jest-")), "results.json");
  const jestBin = path.join(root, "node_modules", "jest", "bin", "jest.js");
  const r = spawnSync(process.execPath, [jestBin, "--json", `--outputFile=${out}`, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TZ: tz },
  });
  if (!fs.existsSync(out)) {
    failed += 1;
    process.stderr.write(`jest (TZ=${tz}) produced no results (exit ${r.status})\n`);
    return;
  }
  const results = JSON.parse(fs.readFileSync(out, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failed test but is a failure all the same.
  failed += results.numRuntimeErrorTestSuites || 0;
  if (r.status !== 0 && results.numFailedTests === 0 && !results.numRuntimeErrorTestSuites) failed += 1;
}

/** The command line's JavaScript in build/, which bin/sla-ledger.js runs (jest's global setup refreshes it too). */
function buildCli() {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "build-cli.js")], { cwd: root, stdio: ["ignore", 2, 2] });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stderr.write("command line build failed\n");
  }
}

/** The production bundle in dist/: the manifest checks and the browser end-to-end test run against it. */
function build() {
  const webpackCli = path.join(root, "node_modules", "webpack", "bin", "webpack.js");
  const r = spawnSync(process.execPath, [webpackCli, "--mode", "production"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stderr.write("production build failed\n");
  }
}

if (extra.length === 0) {
  step("build: the command line (build/)", buildCli);
  if (fs.existsSync(path.join(root, "webpack.config.js"))) step("build: production bundle (dist/)", build);
  step("type check: project", () => typecheck("tsconfig.json"));
  step("type check: engine (no DOM, Node or Office)", () => typecheck("src/engine/tsconfig.json"));
}
step("jest, TZ=UTC", () => jest("UTC", extra));
if (extra.length === 0) {
  step("jest, engine only, TZ=America/New_York", () => jest("America/New_York", ["src/engine"]));
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
