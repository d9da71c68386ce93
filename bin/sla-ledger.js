#!/usr/bin/env node
/**
 * The `sla-ledger` command (package.json "bin"). Runs the TypeScript sources directly through ts-node in
 * transpile-only mode, so `npx sla-ledger …` works in a checkout right after `npm ci`, with no build step.
 * (Type checking is `npm run lint` / `npm test`'s job, not the command's.)
 */
"use strict";
const path = require("path");

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
