/**
 * The .xlsx copy over a workbook LibreOffice saved (another producer's package layout and styles), read back by
 * LibreOffice: the output sheets added by the package edit (src/xlsx/package.ts) open there too.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import type { OutputSheet } from "../../src/engine/core/output";
import { readXlsx } from "../../src/xlsx/read";
import { outputSheetsOf, writeOutputWorkbook } from "../../src/xlsx/write";
import { recalculateWithLibreOffice } from "./soffice";

it("adds the output sheets to a LibreOffice workbook, and LibreOffice opens the copy with its values, formulas and formats", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-lo-package-"));
  try {
    const wb = new ExcelJS.Workbook();
    const t = wb.addWorksheet("Tickets");
    t.addRow(["Ticket ID", "Reported At", "Labour"]);
    t.addRow(["T-1", 46296.5, 120.5]);
    t.getCell("B2").numFmt = "yyyy-mm-dd hh:mm";
    const made = path.join(dir, "made.xlsx");
    await wb.xlsx.writeFile(made);
    const saved = await recalculateWithLibreOffice(made); // LibreOffice's own package from here on
    const input = path.join(dir, "lo.xlsx");
    await fs.copyFile(saved, input);

    const sheet: OutputSheet = {
      name: "Settlement 2026-10", role: "settlement",
      rows: [["Line", "Amount"], ["Fee", 100.25], ["Penalty", -20], ["Net", 80.25]],
      formulas: [{ row: 3, col: 1, formula: "=SUM(B2:B3)" }],
      columns: [{ widthChars: 20 }, { widthChars: 14, numberFormat: "#,##0.00" }],
      cellFormats: [], rowStyles: [{ row: 0, style: "header" }, { row: 3, style: "total" }], freezeRows: 1,
      tables: [{ name: "S", headerRow: 0, lastRow: 2, firstCol: 0, lastCol: 1 }],
    };
    const out = path.join(dir, "lo.settled.xlsx");
    await writeOutputWorkbook(input, [sheet], out);
    expect(await outputSheetsOf(out)).toEqual(["Settlement 2026-10"]);

    const again = await recalculateWithLibreOffice(out);
    const data = await readXlsx(again);
    const names = data.sheets.map((s) => s.name);
    expect(names).toEqual(["Tickets", "Settlement 2026-10"]);
    expect(data.sheets[0].rows[1].slice(0, 3)).toEqual((await readXlsx(input)).sheets[0].rows[1].slice(0, 3));
    expect(data.sheets[1].rows).toEqual(sheet.rows);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(again);
    const s = back.getWorksheet("Settlement 2026-10")!;
    expect(s.getCell("B4").formula).toBe("SUM(B2:B3)");
    expect(s.getCell("B2").numFmt).toBe("#,##0.00");
    expect(s.getCell("B4").font?.bold).toBe(true);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 240_000);
