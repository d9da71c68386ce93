#!/usr/bin/env node
/**
 * `npm run build:cli`: the command line as plain JavaScript in build/ (build/cli/main.js, build/engine/…,
 * build/xlsx/…, build/pdf/…), which bin/sla-ledger.js runs. `npm ci` runs it (the "prepare" script), and so do
 * `npm run demo` and `npm test` before they start the command, so a fresh clone needs nothing more.
 *
 * Each file is transpiled on its own (TypeScript's transpileModule, as ts-node's transpile-only mode did when the
 * command ran from the sources): types are checked by `npm run lint` and `npm test`, not here, so an up-to-date
 * build takes a fraction of a second and a full one a few seconds instead of a type check's 10–25 s. A file whose
 * output is newer than its source is left alone; outputs whose source is gone are removed.
 */
"use strict";
const fs = require("fs");
const path = require("path");
// Loaded only when a file needs transpiling: an up-to-date build then costs a few file stats.
let ts = null;
const typescript = () => (ts = ts || require("typescript"));

const root = path.resolve(__dirname, "..");
const src = path.join(root, "src");
const out = path.join(root, "build");
// What the command imports: its own code, the engine, the .xlsx adapter and the PDF renderer.
const FOLDERS = ["cli", "engine", "xlsx", "pdf"];

const compilerOptions = () => ({
  target: typescript().ScriptTarget.ES2022,
  module: typescript().ModuleKind.CommonJS,
  esModuleInterop: true,
  resolveJsonModule: true,
  sourceMap: true,
  inlineSources: false,
});

function sourcesUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourcesUnder(full));
    else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) found.push(full);
  }
  return found;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function build() {
  let written = 0;
  const expected = new Set();
  for (const folder of FOLDERS) {
    for (const file of sourcesUnder(path.join(src, folder))) {
      const rel = path.relative(src, file);
      const target = path.join(out, rel.replace(/\.ts$/, ".js"));
      expected.add(target).add(`${target}.map`);
      if (mtime(target) >= mtime(file)) continue;
      const result = typescript().transpileModule(fs.readFileSync(file, "utf8"), {
        compilerOptions: { ...compilerOptions(), sourceRoot: path.relative(path.dirname(target), path.dirname(file)) },
        fileName: path.basename(file),
        reportDiagnostics: true,
      });
      const errors = (result.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length) {
        const text = ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" });
        throw new Error(`${rel}: ${text}`);
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeAtomically(`${target}.map`, result.sourceMapText);
      writeAtomically(target, result.outputText);
      written += 1;
    }
  }
  // A source removed or renamed must not leave its old output to be required.
  let removed = 0;
  for (const folder of FOLDERS) {
    const dir = path.join(out, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of listFiles(dir)) {
      if (!expected.has(file) && !/\.\d+\.tmp$/.test(file)) {
        fs.rmSync(file);
        removed += 1;
      }
    }
  }
  return { written, removed, total: expected.size / 2 };
}

/** Two builds at once (jest's setup beside `npm run demo`) must never let a command require a half-written file. */
function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function listFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full));
    else found.push(full);
  }
  return found;
}

module.exports = { build };

if (require.main === module) {
  try {
    const { written, removed, total } = build();
    if (!process.argv.includes("--quiet")) {
      process.stderr.write(`build/: ${written} of ${total} files transpiled${removed ? `, ${removed} stale removed` : ""}\n`);
    }
  } catch (e) {
    process.stderr.write(`build:cli failed: ${e.message}\n`);
    process.exit(1);
  }
}
