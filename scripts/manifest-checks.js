/**
 * The project's own manifest checks, shared by `npm run validate` and test/manifest:
 *  - xmllint against the Office XSDs kept in tools/manifest-schemas (offline; `office-addin-manifest validate`
 *    needs Microsoft's online service);
 *  - every resid names a resource that exists;
 *  - every URL points at a file the production build puts in dist/;
 *  - every icon is the size it is declared as.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { PNG } = require("pngjs");

const root = path.resolve(__dirname, "..");
const SCHEMA = path.join(root, "tools", "manifest-schemas", "OfficeAppManifestV1_1.xsd");

function xmllint(file) {
  const r = spawnSync("xmllint", ["--noout", "--schema", SCHEMA, file], { encoding: "utf8" });
  if (r.error) return { ok: false, message: `xmllint is not installed (apt-get install -y libxml2-utils): ${r.error.message}` };
  return { ok: r.status === 0, message: (r.stderr || r.stdout).trim() };
}

function attrs(xml, re) {
  const out = [];
  for (const m of xml.matchAll(re)) out.push(m);
  return out;
}

/** resid="X" must match a resource id="X" (bt:Image, bt:Url, bt:String). */
function unresolvedResids(xml) {
  const ids = new Set(attrs(xml, /<bt:(?:Image|Url|String)\s+id="([^"]+)"/g).map((m) => m[1]));
  return [...new Set(attrs(xml, /resid="([^"]+)"/g).map((m) => m[1]))].filter((r) => !ids.has(r));
}

/** Every https URL under `base` in the manifest, as a path relative to the site root. */
function urlPaths(xml, base) {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...new Set(attrs(xml, new RegExp(`"${escaped}/?([^"]*)"`, "g")).map((m) => m[1]))];
}

/** Icons: <bt:Image size="16" resid="Icon.16x16"/> + the image resource's URL, and IconUrl (32) / HighResolutionIconUrl (64). */
function declaredIcons(xml, base) {
  const urlById = new Map(attrs(xml, /<bt:Image\s+id="([^"]+)"\s+DefaultValue="([^"]+)"/g).map((m) => [m[1], m[2]]));
  const out = [];
  for (const m of attrs(xml, /<bt:Image\s+size="(\d+)"\s+resid="([^"]+)"/g)) out.push({ size: Number(m[1]), url: urlById.get(m[2]) });
  const icon = /<IconUrl DefaultValue="([^"]+)"/.exec(xml);
  const hi = /<HighResolutionIconUrl DefaultValue="([^"]+)"/.exec(xml);
  if (icon) out.push({ size: 32, url: icon[1] });
  if (hi) out.push({ size: 64, url: hi[1] });
  return out.map((i) => ({ ...i, file: i.url ? i.url.replace(base, "").replace(/^\//, "") : null }));
}

function pngSize(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  return { width: png.width, height: png.height };
}

module.exports = { root, SCHEMA, xmllint, unresolvedResids, urlPaths, declaredIcons, pngSize };
