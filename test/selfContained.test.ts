/**
 * The repository stands on its own: no tracked file, and no text the engine writes, points a reader at something
 * they do not have — a product spec, design notes or toolchain notes kept outside the repository, a folder beside
 * it, a path on one machine, an interface file that does not exist, or a tracker's issue number. The contract is
 * docs/CONTRACT.md and the architecture docs/ARCHITECTURE.md; a comment cites them, or says why in its own words.
 */
import { execFileSync } from "child_process";
import { readFileSync } from "fs";
import path from "path";
import { settleMonth, type WorkbookData } from "../src/engine";
import { rowBlockOf, rowCountOf, type OutputSheet } from "../src/engine/core/output";
import { buildReport, buildReportSheet, reportProviders } from "../src/engine/report";
import { readXlsx } from "../src/xlsx";

const root = path.join(__dirname, "..");
const SELF = "test/selfContained.test.ts";

/** References a reader of the repository cannot follow. "规范 §" is "SPEC §" as the Chinese texts wrote it. */
const OUTSIDE = new RegExp(
  ["SPEC ?§", "SPEC\\.md", "SPEC:", "DESIGN\\.md", "NOTES\\.md", "INTERFACES\\.md", "\\.\\./shared", "/work/", "[Ii]ssue [0-9]+", "规范 ?§"].join("|"),
);

/** Where `text` matches OUTSIDE, as "label:line: the line". */
function hits(label: string, text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, k) => {
    if (OUTSIDE.test(line)) found.push(`${label}:${k + 1}: ${line.trim()}`);
  });
  return found;
}

describe("no reference to anything outside the repository", () => {
  it("in any tracked text file (code, comments, docs, tests, examples, scripts)", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, maxBuffer: 1 << 28 })
      .toString("utf8")
      .split("\0")
      .filter((f) => f !== "" && f !== "package-lock.json" && f !== SELF);
    expect(files.length).toBeGreaterThan(100); // the listing worked
    const found: string[] = [];
    let scanned = 0;
    for (const file of files) {
      let buf: Buffer;
      try {
        buf = readFileSync(path.join(root, file));
      } catch {
        continue; // tracked but deleted in the working tree
      }
      if (buf.subarray(0, 8000).includes(0)) continue; // binary (images, fonts, .xlsx)
      scanned++;
      found.push(...hits(file, buf.toString("utf8")));
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it("the pattern finds each kind of reference it is meant to find", () => {
    const samples = [
      "(SPEC §3)", "SPEC§4", "see SPEC.md", "// SPEC: both rows", "(DESIGN.md \"Money\")", "(NOTES.md)",
      "(INTERFACES.md, src/engine/index.ts)", "../shared/manifest-schemas", "/work/main", "(issue 10)", "Issue 11: bad files",
      "（规范 §1.2）",
    ];
    for (const s of samples) expect(hits("sample", s)).toHaveLength(1);
    for (const s of ["docs/CONTRACT.md, Clocks", "the issue codes", "Data Issues sheet", "ECMA-376 §18.8.30"]) {
      expect(hits("sample", s)).toEqual([]);
    }
  });
});

/** Every text cell and formula of a sheet, one per line, labelled by sheet. */
function sheetText(sheet: OutputSheet): string {
  const lines: string[] = [];
  for (const row of rowBlockOf(sheet, 0, rowCountOf(sheet))) {
    for (const cell of row) if (typeof cell === "string") lines.push(cell);
  }
  for (const f of sheet.formulas) lines.push(f.formula);
  return lines.join("\n");
}

/**
 * The sample with one Labour Fee cell made unreadable on HX-1002, a ticket settled in October: the ticket is left out
 * of its provider's statement, so the texts about data errors (the provisional notices) are written too.
 */
function withBadCell(wb: WorkbookData): WorkbookData {
  const sheets = wb.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) }));
  const tickets = sheets.find((s) => /^tickets$/i.test(s.name));
  if (!tickets) throw new Error("the sample has no Tickets sheet");
  const header = tickets.rows.findIndex((r) => r.filter((c) => c !== null && c !== "").length >= 2);
  const col = tickets.rows[header].findIndex((c) => typeof c === "string" && /labou?r/i.test(c));
  const row = tickets.rows.findIndex((r) => r[0] === "HX-1002");
  if (col < 0 || row < 0) throw new Error("the sample's Tickets sheet has no Labour Fee column or no HX-1002");
  tickets.rows[row][col] = "4,4O";
  return { sheets };
}

describe("no such reference in what the engine writes", () => {
  const META = { generatedAt: "2026-11-24T20:30:00Z", inputSha256: "a".repeat(64), toolVersion: "0.1.0" };
  let sample: WorkbookData;
  beforeAll(async () => {
    sample = await readXlsx(path.join(root, "examples", "sample.xlsx"));
  }, 60_000);

  for (const lang of ["en", "zh"] as const) {
    for (const bad of [false, true]) {
      it(`sheets, JSON and dispute reports of the sample in ${lang}${bad ? ", with a data error" : ""}`, () => {
        const run = settleMonth(bad ? withBadCell(sample) : sample, { month: "2026-10", lang });
        expect(run.hasErrors).toBe(bad);
        expect(run.sheets.length).toBeGreaterThanOrEqual(4);
        const found: string[] = [];
        for (const sheet of run.sheets) found.push(...hits(sheet.name, sheetText(sheet)));
        found.push(...hits("JSON", JSON.stringify(run.json, null, 1)));
        const providers = reportProviders(run);
        expect(providers.length).toBeGreaterThanOrEqual(2);
        let errorNotices = 0;
        for (const provider of providers) {
          const model = buildReport(run, provider, META);
          // The provider whose ticket the bad cell left out is told so in its report (the other's report is not).
          if (model.notices.some((n) => n.severity === "error")) errorNotices += 1;
          found.push(...hits(`report ${provider}`, JSON.stringify(model, null, 1)));
          found.push(...hits(`report sheet ${provider}`, sheetText(buildReportSheet(model, lang))));
        }
        expect(errorNotices > 0).toBe(bad);
        expect(found).toEqual([]);
      });
    }
  }
});
