/**
 * Every output sheet prints: LibreOffice prints the .xlsx files the writer makes (each output sheet of the demo
 * month, and the dispute report sheet) to PDF, and pdfinfo / pdftotext read the pages back: A4 landscape on every
 * page; one page wide (the repeated header row's first and last printed headers on every page); the contract, the
 * sheet and the month in the page header and "Page n of N" in the footer; and no text under 8 pt.
 *
 * Text size: LibreOffice here has no Calibri (nor its metric twin Carlito) and draws with a wider substitute, whose
 * digit sets the column widths, so its fit-to-width scale is smaller than Excel's for the same sheet. Two control
 * sheets measure that in the same run — one printed at 100 % (the height pdftotext gives an 11 pt word) and one
 * whose Excel scale is known from its column widths (core/print) — and each sheet's printed size is converted back
 * to what Excel prints with Calibri. The page counts and the one-page-wide checks are LibreOffice's own.
 */
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { OutputSheet } from "../../src/engine/core/output";
import { fitToWidthScale, MIN_PRINT_POINTS, PRINT_MARGINS } from "../../src/engine/core/print";
import { settleMonth } from "../../src/engine";
import { buildReport, buildReportSheet } from "../../src/engine/report";
import { readXlsx } from "../../src/xlsx";
import { workbookBytes } from "../../src/xlsx/write";
import { printWithLibreOffice } from "./soffice";

const root = path.join(__dirname, "..", "..");

interface Printed {
  pages: { width: number; height: number; text: string }[];
  /** Heights of the words' boxes (pdftotext -bbox), points. */
  wordHeights: number[];
}

function readPdf(file: string): Printed {
  const info = execFileSync("pdfinfo", ["-f", "1", "-l", "9999", file], { encoding: "utf8" });
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  const texts = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8", maxBuffer: 64 << 20 }).split("\f");
  const bbox = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8", maxBuffer: 256 << 20 });
  const wordHeights = [...bbox.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1]));
  return { pages: sizes.map((s, i) => ({ ...s, text: texts[i] ?? "" })), wordHeights };
}

const control = (name: string, widthChars: number): OutputSheet => ({
  name, role: "issues", rows: [["Hello world", "abc"], ["second", "x"]], formulas: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [],
  columns: [{ widthChars }, { widthChars }],
  pageSetup: { paperSize: "A4", orientation: "landscape", fitToWidth: true, marginsInches: PRINT_MARGINS },
});

let dir: string;
const printed = new Map<string, Printed>();
let sheets: OutputSheet[] = [];
/** Excel points per point of word-box height LibreOffice prints (from the controls). */
let toExcelPoints = 0;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-lo-print-"));
  const run = settleMonth(await readXlsx(path.join(root, "examples", "sample.xlsx")), { month: "2026-10", lang: "en" });
  const provider = run.statements[0].provider;
  const report = buildReportSheet(buildReport(run, provider, { generatedAt: "2026-11-24 10:00 UTC", inputSha256: "ab".repeat(32), toolVersion: "test" }), "en");
  sheets = [...run.sheets, report];
  const all = [control("Control narrow", 20), control("Control wide", 100), control("Control too wide", 150), ...sheets];
  const files: string[] = [];
  for (const [i, s] of all.entries()) {
    const file = path.join(dir, `sheet${i}.xlsx`);
    await fs.writeFile(file, await workbookBytes([s]));
    files.push(file);
  }
  const pdfs = await printWithLibreOffice(files);
  all.forEach((s, i) => printed.set(s.name, readPdf(pdfs[i])));
  // The narrow control prints at 100 %: its word height is an 11 pt word's. The wide one prints at Excel's scale
  // `excelScale` there, and at `loScale` here.
  const h11 = Math.min(...printed.get("Control narrow")!.wordHeights);
  const loScale = Math.min(...printed.get("Control wide")!.wordHeights) / h11;
  const excelScale = fitToWidthScale(all[1].columns);
  toExcelPoints = (11 / h11) * (excelScale / loScale);
}, 300_000);

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const FIRST_AND_LAST_HEADER: Record<string, [string, string]> = {
  "Findings 2026-10": ["Ticket", "Dispute By"],
  "Settlement 2026-10": ["Line", "How"],
  "KPIs 2026-10": ["Provider", "P90 elapsed"],
  "Data Issues": ["Severity", "Fix"],
};

describe("printing every output sheet (LibreOffice → PDF)", () => {
  it("every sheet is on A4 landscape pages, as many as its rows need and no more", () => {
    const pages = Object.fromEntries(sheets.map((s) => [s.name, printed.get(s.name)!.pages.length]));
    for (const s of sheets) {
      for (const p of printed.get(s.name)!.pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([842, 595]);
    }
    // 776 findings were 85 portrait pages; one page wide in landscape they are about 60 rows a page.
    expect(pages["Findings 2026-10"]).toBeGreaterThanOrEqual(10);
    expect(pages["Findings 2026-10"]).toBeLessThanOrEqual(20);
    expect(pages["Settlement 2026-10"]).toBeLessThanOrEqual(12);
    expect(pages["KPIs 2026-10"]).toBeLessThanOrEqual(2);
    expect(pages["Data Issues"]).toBe(1);
  });

  it("one page wide with the header row on every page, and the contract, sheet, month and page number", () => {
    for (const s of sheets) {
      const pages = printed.get(s.name)!.pages;
      pages.forEach((p, i) => {
        const headers = FIRST_AND_LAST_HEADER[s.name];
        if (headers) for (const h of headers) expect(p.text).toContain(h);
        expect(p.text).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(p.text).toContain("SLA-2026-017");
      });
    }
    // The Findings sheet's explanations stay on screen: no A4 page holds them legibly beside thirteen columns.
    for (const p of printed.get("Findings 2026-10")!.pages) expect(p.text).not.toContain("Explanation");
    for (const s of sheets) {
      if (s.name === "Data Issues") continue;
      expect(printed.get(s.name)!.pages[0].text).toContain(s.role === "report" ? "Report" : s.name);
    }
  });

  it("no printed text is under 8 pt (in Excel's terms; see the file's comment)", () => {
    expect(toExcelPoints).toBeGreaterThan(0);
    for (const s of sheets) {
      const smallest = Math.min(...printed.get(s.name)!.wordHeights) * toExcelPoints;
      expect({ sheet: s.name, tooSmall: smallest < MIN_PRINT_POINTS - 0.05 }).toEqual({ sheet: s.name, tooSmall: false });
    }
  });

  it("control: a sheet too wide for the page (two 150-character columns) is measured under 8 pt", () => {
    const tooWide = printed.get("Control too wide")!;
    expect(Math.min(...tooWide.wordHeights) * toExcelPoints).toBeLessThan(MIN_PRINT_POINTS);
  });
});
