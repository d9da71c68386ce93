/**
 * An independent check of the written workbook: LibreOffice recalculates the workbook the CLI writes, and every formula the tool
 * wrote (totals, subtotals) comes out equal to the engine's own figure. The formulas' cached results are removed
 * first, so each compared value can only come from LibreOffice's own calculation.
 */
import { spawnSync } from "child_process";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { MARKER_SHEET, type OutputSheet } from "../../src/engine/core/output";
import { outputSheetsOf, workbookBytes } from "../../src/xlsx/write";
import { recalculateWithLibreOffice } from "./soffice";

const root = path.join(__dirname, "..", "..");
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-lo-"));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

interface FormulaCell {
  sheet: string;
  address: string;
  formula: string;
  cached: number | string | boolean | null;
}

function resultOf(v: ExcelJS.CellValue): number | string | boolean | null {
  if (v && typeof v === "object" && "result" in v) {
    const r = (v as ExcelJS.CellFormulaValue).result;
    return r === undefined || r === null ? null : typeof r === "object" ? JSON.stringify(r) : (r as number | string | boolean);
  }
  return null;
}

/** Every formula cell of the given sheets, with its cached result; then strips the cached results in place. */
function takeFormulas(wb: ExcelJS.Workbook, sheets: string[]): FormulaCell[] {
  const cells: FormulaCell[] = [];
  for (const name of sheets) {
    wb.getWorksheet(name)!.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        cells.push({ sheet: name, address: cell.address, formula: cell.formula, cached: resultOf(cell.value) });
        cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue;
      }),
    );
  }
  return cells;
}

async function recalculated(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await recalculateWithLibreOffice(file));
  return wb;
}

const close = (a: unknown, b: unknown): boolean => (typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-6 : a === b);

it("control: LibreOffice really recalculates what the writer wrote (a wrong cached value is corrected)", async () => {
  const sheet: OutputSheet = {
    name: "Settlement 2026-10", role: "settlement",
    rows: [["Line", "Amount"], ["fee", 1180], ["fee", 30.5], ["penalty", -200], ["=text, not a formula", 0.25], ["Net", 999]],
    formulas: [{ row: 5, col: 1, formula: "=ROUND(SUM(B2:B5),2)" }],
    columns: [{ widthChars: 20, numberFormat: "@" }, { widthChars: 12, numberFormat: "#,##0.00" }],
    cellFormats: [], rowStyles: [{ row: 5, style: "total" }], freezeRows: 1, tables: [],
  };
  const file = path.join(dir, "control.xlsx");
  await fs.writeFile(file, await workbookBytes([sheet]));
  const ws = (await recalculated(file)).getWorksheet("Settlement 2026-10")!;
  expect(resultOf(ws.getCell("B6").value)).toBe(1010.75);
  expect(ws.getCell("A5").value).toBe("=text, not a formula");
}, 120_000);

it("every formula in the demo's output sheets equals the engine's figure after LibreOffice recalculates", async () => {
  const out = path.join(dir, "sample.settled.xlsx");
  const r = spawnSync(process.execPath, [path.join(root, "bin", "sla-ledger.js"), "reconcile", path.join(root, "examples", "sample.xlsx"), "--month", "2026-10", "--out", out], { encoding: "utf8" });
  expect([0, 1]).toContain(r.status);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ours = await outputSheetsOf(out);
  expect(ours).toEqual(expect.arrayContaining(["Findings 2026-10", "Settlement 2026-10", "KPIs 2026-10", "Data Issues"]));
  const formulas = takeFormulas(wb, ours);
  // The Settlement sheet has at least its fee, penalty and net payable totals per provider.
  expect(formulas.filter((f) => f.sheet === "Settlement 2026-10").length).toBeGreaterThanOrEqual(6);
  for (const f of formulas) expect(typeof f.cached).toBe("number");
  const blanked = path.join(dir, "blanked.xlsx");
  await wb.xlsx.writeFile(blanked);

  const lo = await recalculated(blanked);
  const mismatches = formulas
    .map((f) => ({ where: `${f.sheet}!${f.address}`, formula: f.formula, engine: f.cached, libreoffice: resultOf(lo.getWorksheet(f.sheet)!.getCell(f.address).value) }))
    .filter((m) => !close(m.engine, m.libreoffice));
  expect(mismatches).toEqual([]);
  expect(lo.getWorksheet(MARKER_SHEET)).toBeDefined();
}, 180_000);

it("a month past Excel's row limit (limit lowered here): every part's totals, the grouped statement and the Fees sheets recalculate to the engine's figures and foot", async () => {
  const { readXlsx } = await import("../../src/xlsx");
  const { settleMonth } = await import("../../src/engine");
  const { buildFindingsSheets } = await import("../../src/engine/findings");
  const { buildSettlementSheets } = await import("../../src/engine/settlement");
  const run = settleMonth(await readXlsx(path.join(root, "examples", "sample.xlsx")), { month: "2026-10", lang: "en" });
  const month = { year: 2026, month: 10 };
  const disputeBy = new Map(run.statements.map((s) => [s.provider, s.disputeBy]));
  const sheets = [
    ...buildFindingsSheets(run.findings, month, "en", run.parsed!.agreement, disputeBy, { maxRowsPerSheet: 150 }),
    ...buildSettlementSheets(run.statements, month, "en", { maxRowsPerSheet: 120 }),
  ];
  const names = sheets.map((s) => s.name);
  expect(names.filter((n) => n.startsWith("Findings 2026-10")).length).toBeGreaterThan(1);
  expect(names).toContain("Fees 2026-10 part 2");

  const file = path.join(dir, "parts.xlsx");
  await fs.writeFile(file, await workbookBytes(sheets));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const formulas = takeFormulas(wb, names);
  const blanked = path.join(dir, "parts-blanked.xlsx");
  await wb.xlsx.writeFile(blanked);
  const lo = await recalculated(blanked);
  const value = (f: FormulaCell) => resultOf(lo.getWorksheet(f.sheet)!.getCell(f.address).value);
  expect(formulas.filter((f) => !close(f.cached, value(f))).map((f) => `${f.sheet}!${f.address}`)).toEqual([]);

  // The parts foot: Findings totals to the month's penalties on findings, Fees totals to the statement's fees.
  const sumOf = (prefix: string) => formulas.filter((f) => f.sheet.startsWith(prefix)).reduce((n, f) => n + Math.round(Number(value(f)) * 100), 0) / 100;
  const findingPenalties = run.findings.reduce((n, f) => n + Math.round(Number(f.penalty.toString()) * 100), 0) / 100;
  expect(sumOf("Findings 2026-10")).toBe(findingPenalties);
  const fees = run.statements.reduce((n, s) => n + Math.round(Number(s.fees.toString()) * 100), 0) / 100;
  expect(sumOf("Fees 2026-10")).toBe(fees);
}, 180_000);
