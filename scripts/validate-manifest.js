#!/usr/bin/env node
/** `npm run validate`: the manifest checks of scripts/manifest-checks.js on manifest.xml (and dist/ when built). */
"use strict";
const fs = require("fs");
const path = require("path");
const c = require("./manifest-checks");

const DEV = "https://localhost:3000";
let failures = 0;
const fail = (m) => {
  failures += 1;
  process.stderr.write(`✗ ${m}\n`);
};
const ok = (m) => process.stdout.write(`✓ ${m}\n`);

const manifest = path.join(c.root, "manifest.xml");
const xml = fs.readFileSync(manifest, "utf8");
const lint = c.xmllint(manifest);
lint.ok ? ok(`manifest.xml is valid against ${path.relative(c.root, c.SCHEMA)}`) : fail(lint.message);
const missing = c.unresolvedResids(xml);
missing.length ? fail(`resid without a resource: ${missing.join(", ")}`) : ok("every resid resolves");
for (const icon of c.declaredIcons(xml, DEV)) {
  const file = path.join(c.root, icon.file);
  if (!fs.existsSync(file)) {
    fail(`icon ${icon.file} does not exist`);
    continue;
  }
  const size = c.pngSize(file);
  size.width === icon.size && size.height === icon.size ? ok(`${icon.file} is ${icon.size}×${icon.size}`) : fail(`${icon.file} is ${size.width}×${size.height}, declared ${icon.size}`);
}
const dist = path.join(c.root, "dist");
if (fs.existsSync(path.join(dist, "manifest.xml"))) {
  const built = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
  const base = (process.env.SLA_LEDGER_URL || DEV).replace(/\/+$/, "");
  for (const p of c.urlPaths(built, base)) {
    const file = path.join(dist, p.split("?")[0] || "taskpane.html");
    fs.existsSync(file) ? ok(`dist/${p} exists`) : fail(`dist/manifest.xml points at ${p}, which the build did not produce`);
  }
} else {
  process.stdout.write("(dist/ not built: run `npm run build` to also check the URLs against the build)\n");
}
process.exit(failures ? 1 : 0);
