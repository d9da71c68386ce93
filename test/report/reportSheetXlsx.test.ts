/**
 * The report sheet through the real .xlsx writer: the print setup reaches the file, and LibreOffice (an independent
 * spreadsheet engine) recalculates every total formula to the engine's figure. The formula cells are written with
 * a zero cached value here, so a matching figure can only come from LibreOffice's own recalculation.
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import ExcelJS from "exceljs";
import { cellAddress } from "../../src/engine/core/cells";
import { buildReport } from "../../src/engine/report/buildReport";
import { buildReportSheet } from "../../src/engine/report/reportSheet";
import { workbookBytes } from "../../src/xlsx";
import { META, PROVIDER, makeRun } from "./fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "sla-report-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sheet = buildReportSheet(buildReport(makeRun(), PROVIDER, META), "zh");

/** Minimal CSV reader (LibreOffice quotes fields with commas or quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

it("carries the print setup into the .xlsx (A4 landscape, fit to 1 page wide, rows 1–2 repeated, header/footer)", async () => {
  const file = path.join(dir, "report.xlsx");
  writeFileSync(file, await workbookBytes([sheet]));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet.name)!;
  expect(ws.pageSetup.paperSize).toBe(9);
  expect(ws.pageSetup.orientation).toBe("landscape");
  expect(ws.pageSetup.fitToPage).toBe(true);
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.fitToHeight).toBe(0);
  expect(ws.pageSetup.printTitlesRow).toBe("1:2");
  expect(ws.headerFooter.oddHeader).toContain("HT-2026-018");
  expect(ws.headerFooter.oddFooter).toContain("&P");
  expect(ws.headerFooter.oddFooter).toContain("&N");
});

it("LibreOffice recalculates every total to the engine's figure", async () => {
  const blanked = { ...sheet, rows: sheet.rows.map((r) => [...r]) };
  for (const f of sheet.formulas) blanked.rows[f.row][f.col] = 0;
  const file = path.join(dir, "recalc.xlsx");
  writeFileSync(file, await workbookBytes([blanked]));
  // A fresh LibreOffice profile told to recalculate .xlsx formulas on load (its default trusts cached values).
  const profile = path.join(dir, "lo-profile");
  mkdirSync(path.join(profile, "user"), { recursive: true });
  writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`);
  execFileSync("soffice", [
    `-env:UserInstallation=file://${profile}`, "--headless", "--convert-to",
    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, file,
  ], { stdio: "ignore", timeout: 60_000 });
  const csv = parseCsv(readFileSync(path.join(dir, "recalc.csv"), "utf8"));
  expect(sheet.formulas.length).toBeGreaterThanOrEqual(6);
  for (const f of sheet.formulas) {
    const shown = (csv[f.row]?.[f.col] ?? "").replace(/,/g, "");
    const engine = sheet.rows[f.row][f.col] as number;
    expect({ cell: cellAddress(f.row, f.col), value: Number(shown) }).toEqual({ cell: cellAddress(f.row, f.col), value: engine });
  }
}, 60_000);
