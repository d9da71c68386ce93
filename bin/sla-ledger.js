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

require(path.join(root, "src", "cli", "main.ts"))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
