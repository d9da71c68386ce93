#!/usr/bin/env node
/**
 * The `sla-ledger` command (package.json "bin"). Runs the TypeScript sources directly through ts-node in
 * transpile-only mode, so `npx sla-ledger …` works in a checkout right after `npm ci`, with no build step.
 * (Type checking is `npm run lint` / `npm test`'s job, not the command's.)
 */
"use strict";
const path = require("path");
const os = require("os");
const v8 = require("v8");

// A full sheet of a million tickets needs more than Node's default heap (about 4 GB): the input's values and the
// month's findings are held while the output streams out (issue 10). So the command runs itself once more with a heap sized
// to the machine (three quarters of its memory) and a larger young generation; the child does the work.
const HEAP_MIB = Math.floor((os.totalmem() / 2 ** 20) * 0.75);
if (!process.env.SLA_LEDGER_SIZED && v8.getHeapStatistics().heap_size_limit / 2 ** 20 < HEAP_MIB * 0.9) {
  const { spawn } = require("child_process");
  const child = spawn(
    process.execPath,
    // The parent's own Node options (e.g. a `-r` preload) go along, so the child runs exactly as this one would.
    [...process.execArgv, `--max-old-space-size=${HEAP_MIB}`, "--max-semi-space-size=32", __filename, ...process.argv.slice(2)],
    { stdio: "inherit", env: { ...process.env, SLA_LEDGER_SIZED: "1" } },
  );
  // Signals go to the child, which removes its temporary file and exits 130 / 143; this process exits with it.
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : 1)));
  return;
}

const root = path.join(__dirname, "..");
require("ts-node").register({
  transpileOnly: true,
  project: path.join(root, "tsconfig.json"),
  dir: root,
  compilerOptions: { module: "commonjs", sourceMap: true },
});

// Ctrl-C or a kill during a write: remove the temporary file, so an interrupted run leaves nothing behind.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    require(path.join(root, "src", "xlsx", "write.ts")).removePendingTempFiles();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

require(path.join(root, "src", "cli", "main.ts"))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
