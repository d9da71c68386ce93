/**
 * Issue codes, docs and code in step: every code the docs name is one the engine emits, every code the engine can
 * emit is named in the docs, and every one has its words in both languages (a problem and a fix, in English and in
 * Chinese). A code renamed in the engine and not in the docs (or the reverse) fails here.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import path from "path";
import "../../src/engine"; // registers every module's message catalog
import { findTemplate, renderIssue } from "../../src/engine/core/messages";
import { makeIssue } from "../../src/engine/core/issues";

const root = path.join(__dirname, "..", "..");
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file, keep) : keep(file) ? [file] : [];
  });
}
const engineSources = filesUnder(path.join(root, "src", "engine"), (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

/** The codes the engine emits: named where an issue is made, and those a reader picks by what it expected (codeFor). */
function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of engineSources) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\.(?:error|warning|info)\(\s*"([A-Z0-9_]+)"/g)) codes.add(m[1]);
    for (const m of text.matchAll(/\bcode:\s*"([A-Z0-9_]+)"/g)) codes.add(m[1]);
    const codeFor = /function codeFor\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(text);
    if (codeFor) for (const m of codeFor[1].matchAll(/return "([A-Z0-9_]+)"/g)) codes.add(m[1]);
  }
  return codes;
}

/**
 * Names in the docs that look like codes but are not issue codes: environment variables the tools read (NAME= or
 * env.NAME) and constants the code declares (const NAME), which the architecture and contributing pages name.
 */
function otherNames(): Set<string> {
  const sources = [
    ...filesUnder(path.join(root, "src"), (f) => /\.(ts|tsx)$/.test(f)), ...filesUnder(path.join(root, "test"), (f) => f.endsWith(".ts")),
    ...filesUnder(path.join(root, "scripts"), (f) => f.endsWith(".js")), ...filesUnder(path.join(root, "bin"), (f) => f.endsWith(".js")),
    path.join(root, "webpack.config.js"), path.join(root, "package.json"),
  ].map((f) => readFileSync(f, "utf8")).join("\n");
  const names = new Set<string>();
  for (const m of sources.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\["([A-Z][A-Z0-9_]+)"\])/g)) names.add(m[1] ?? m[2]);
  for (const m of sources.matchAll(/\b([A-Z][A-Z0-9_]+)=/g)) names.add(m[1]);
  for (const m of sources.matchAll(/\b(?:const|let|var|enum)\s+([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1]);
  return names;
}

/** The contributing guide's words about naming codes, not codes: "SCREAMING_SNAKE_CASE", and a bad example. */
const NAMING_WORDS = new Set(["SCREAMING_SNAKE_CASE", "PARSE_ERROR_3"]);

function documentedCodes(): Map<string, string[]> {
  const env = otherNames();
  const docs = [...filesUnder(path.join(root, "docs"), (f) => f.endsWith(".md")), path.join(root, "README.md")];
  const codes = new Map<string, string[]>();
  for (const file of docs) {
    for (const m of readFileSync(file, "utf8").matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)) {
      if (!CODE.test(m[0]) || env.has(m[0]) || NAMING_WORDS.has(m[0])) continue;
      codes.set(m[0], [...(codes.get(m[0]) ?? []), path.relative(root, file)]);
    }
  }
  return codes;
}

const emitted = emittedCodes();
const documented = documentedCodes();

describe("issue codes", () => {
  it("are found in the engine (the scan itself works)", () => {
    // A few codes made in each way the scan reads: named in a call, as a field, and picked by codeFor.
    for (const code of ["DUPLICATE_TICKET", "SHEET_EMPTY", "MONEY_NEGATIVE", "CALENDAR_NOT_COVERED", "FEE_WARRANTY_UNKNOWN"]) expect(emitted).toContain(code);
    expect(emitted.size).toBeGreaterThan(50);
  });

  it("named in the docs all exist in the engine", () => {
    const unknown = [...documented].filter(([code]) => !emitted.has(code)).map(([code, files]) => `${code} (${files.join(", ")})`);
    expect(unknown).toEqual([]);
  });

  it("that the engine can emit are all named in the docs", () => {
    expect([...emitted].filter((code) => !documented.has(code)).sort()).toEqual([]);
  });

  it("each have a problem and a fix in English and in Chinese", () => {
    const missing: string[] = [];
    for (const code of emitted) {
      const template = findTemplate(code);
      if (!template) {
        missing.push(`${code}: no words`);
        continue;
      }
      const issue = makeIssue("error", code, { sheet: "Tickets", cell: "B2", value: "x", ticket: "T1" }, {});
      for (const lang of ["en", "zh"] as const) {
        const { problem, fix } = renderIssue(issue, lang);
        if (!problem.trim()) missing.push(`${code}: no ${lang} problem`);
        if (!fix.trim()) missing.push(`${code}: no ${lang} fix`);
        // The Chinese words are Chinese: at least one CJK character. (English words may quote accepted Chinese values.)
        if (lang === "zh" && !/[\u4e00-\u9fff]/.test(problem + fix)) missing.push(`${code}: zh words not in Chinese`);
      }
    }
    expect(missing).toEqual([]);
  });
});
