#!/usr/bin/env node
/**
 * The `sla-ledger` command (package.json "bin"). Runs the compiled JavaScript in build/ (`npm run build:cli`, which
 * `npm ci` runs through the "prepare" script), as an installed npm package would: no TypeScript compiler at start.
 * When build/ is missing (a checkout where `npm ci` ran with --ignore-scripts), it says how to build, and exits 2.
 */
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const v8 = require("v8");

const root = path.join(__dirname, "..");
const built = path.join(root, "build", "cli", "main.js");
if (!fs.existsSync(built)) {
  process.stderr.write(
    `sla-ledger: the command is not built yet (${path.relative(process.cwd(), built)} is missing); run \`npm run build:cli\` in ${root}\n` +
      `sla-ledger：命令尚未构建（缺少 ${path.relative(process.cwd(), built)}）；请在 ${root} 中运行 \`npm run build:cli\`\n`,
  );
  process.exit(2);
}

// Only a settling command reads a workbook; help, version and template start at once, in this process.
const args = process.argv.slice(2);
const settles = args[0] === "reconcile" || args[0] === "report";

// A full sheet of a million tickets needs more than Node's default heap (about 4 GB): the input's values and the
// month's findings are held while the output streams out. So a settling command runs itself once more with a heap
// sized to the machine (three quarters of its memory) and a larger young generation; the child does the work.
const HEAP_MIB = Math.floor((os.totalmem() / 2 ** 20) * 0.75);
if (settles && !process.env.SLA_LEDGER_SIZED && v8.getHeapStatistics().heap_size_limit / 2 ** 20 < HEAP_MIB * 0.9) {
  const { spawn } = require("child_process");
  const child = spawn(
    process.execPath,
    // The parent's own Node options (e.g. a `-r` preload) go along, so the child runs exactly as this one would.
    [...process.execArgv, `--max-old-space-size=${HEAP_MIB}`, "--max-semi-space-size=32", __filename, ...args],
    { stdio: "inherit", env: { ...process.env, SLA_LEDGER_SIZED: "1" } },
  );
  // Signals go to the child, which removes its temporary file and exits 130 / 143; this process exits with it.
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1)));
  return;
}

// Ctrl-C or a kill during a write: remove the temporary file, so an interrupted run leaves nothing behind.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    require(path.join(root, "build", "xlsx", "write.js")).removePendingTempFiles();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

require(built)
  .main(args)
  .then((code) => {
    process.exitCode = code;
  });
