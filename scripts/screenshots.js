#!/usr/bin/env node
/**
 * `npm run screenshots`: builds the add-in (dist/) and runs the task pane's end-to-end test in headless Chromium at
 * 320 × 700 with SLA_SCREENSHOTS set, which saves a PNG of each state it checks into docs/screenshots/ (listed in
 * docs/TASKPANE.md). The test's assertions run as usual, so a picture is only written of a pane that behaves.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "docs", "screenshots");
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([path.join(root, "node_modules", "webpack", "bin", "webpack.js"), "--mode", "production"]);
run([path.join(root, "node_modules", "jest", "bin", "jest.js"), "test/e2e/taskpane"], { SLA_SCREENSHOTS: "docs/screenshots" });
const files = fs.readdirSync(outDir).filter((f) => f.endsWith(".png")).sort();
process.stdout.write(`${files.length} screenshots in docs/screenshots:\n${files.map((f) => `  ${f}`).join("\n")}\n`);
