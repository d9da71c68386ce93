import { columnLetter } from "../../src/engine/core/cells";
import { buildReport } from "../../src/engine/report/buildReport";
import { buildReportSheet, reportSheetName, reportTableName } from "../../src/engine/report/reportSheet";
import { escapeHeaderFooter } from "../../src/engine/report/format";
import { cellFormatsInOrder, rowBlockOf, rowCountOf, rowStylesOf, type OutputSheet } from "../../src/engine/core/output";
import { evaluate } from "./sheetEval";
import { Dec } from "../../src/engine/core/money";
import { META, PROVIDER, agreement, makeRun, parsed, statements } from "./fixtures";

const rowText = (sheet: OutputSheet): string[] => sheet.rows.map((r) => r.filter((c) => c !== null && c !== "").join(" | "));

describe("buildReportSheet", () => {
  const model = buildReport(makeRun(), PROVIDER, META);
  const zh = buildReportSheet(model, "zh");
  const en = buildReportSheet(model, "en");

  it("is a report sheet with a valid Excel name", () => {
    expect(zh.role).toBe("report");
    expect(zh.name).toBe(`Report 2026-10 ${PROVIDER}`);
    expect(reportSheetName("2026-10", "A very long provider name: with [brackets]/slashes").length).toBeLessThanOrEqual(31);
    expect(reportSheetName("2026-10", "A:B")).toBe("Report 2026-10 A B");
    // Cut names keep a tag of the full name, so two long names with the same start stay apart.
    const a = reportSheetName("2026-10", "Huaxiu Service Co. Shanghai Branch");
    const b = reportSheetName("2026-10", "Huaxiu Service Co. Beijing Branch");
    expect(a).toMatch(/^Report 2026-10 Huaxiu Ser #[0-9a-f]{4}$/);
    expect(a.length).toBeLessThanOrEqual(31);
    expect(a).not.toBe(b);
  });

  it("prints A4 landscape, fit to width, the title rows repeated, contract number and page numbers in header/footer", () => {
    const p = zh.pageSetup!;
    expect(p.paperSize).toBe("A4");
    expect(p.orientation).toBe("landscape");
    expect(p.fitToWidth).toBe(true);
    expect(p.repeatRows).toEqual({ first: 0, last: 1 });
    expect(p.header?.left).toBe("合同编号 HT-2026-018");
    expect(p.footer?.center).toBe("第 &P 页，共 &N 页");
    expect(en.pageSetup!.footer?.center).toBe("Page &P of &N");
    // The repeated rows say who and what.
    expect(String(zh.rows[1][0])).toContain("HT-2026-018");
  });

  it("escapes & in header/footer text (it starts an Excel code)", () => {
    expect(escapeHeaderFooter("A&B-7")).toBe("A&&B-7");
    const run = makeRun({ parsed: { ...parsed, agreement: { ...agreement, contractNo: "A&B-7" } } });
    const sheet = buildReportSheet(buildReport(run, PROVIDER, META), "en");
    expect(sheet.pageSetup!.header?.left).toBe("Contract No A&&B-7");
  });

  it("every formula evaluates to the figure the engine put in its cell (the sheet foots)", () => {
    for (const sheet of [zh, en]) {
      expect(sheet.formulas.length).toBeGreaterThanOrEqual(6);
      for (const f of sheet.formulas) {
        const engineValue = sheet.rows[f.row][f.col];
        expect(typeof engineValue).toBe("number");
        expect(evaluate(sheet, f.formula)).toBe(Math.round((engineValue as number) * 100));
      }
    }
  });

  it("with a Late Fee Cap line the schedule still foots: SUM(segments) + cap = overdue fees", () => {
    const capped = { ...statements[0], overdueCapAdjustment: new Dec("-10.00"), overdueFees: new Dec("500.00"), netPayable: new Dec("12475.23") };
    const sheet = buildReportSheet(buildReport(makeRun({ statements: [capped] }), PROVIDER, META), "zh");
    const cap = sheet.rows.findIndex((r) => r[0] === "滞纳金封顶调整");
    expect(sheet.rows[cap][8]).toBe(-10);
    const total = sheet.formulas.find((f) => f.formula.startsWith("=SUM(") && f.formula.endsWith(`+I${cap + 1}`));
    expect(total).toBeDefined();
    expect(sheet.rows[total!.row][8]).toBe(500);
    for (const f of sheet.formulas) expect(evaluate(sheet, f.formula)).toBe(Math.round((sheet.rows[f.row][f.col] as number) * 100));
  });

  it("shows the summary lines with their amounts, in Chinese", () => {
    const lines = rowText(zh);
    expect(lines).toContain("服务费（6张工单） | 6 | 12345.6");
    expect(lines).toContain("违约金 2.2(1) 响应 | 2 | 200");
    expect(lines).toContain("未履行服务违约金 | 1 | 80");
    expect(lines).toContain("违约金封顶调整 | -9.63");
    expect(lines).toContain("应付服务商净额 | 12485.23");
    expect(lines).toContain("无异议金额 | 12185.23");
    // The end of 11-09, not "2026-11-10 00:00" (a reader takes the 10th as the last day).
    expect(lines.some((l) => l.includes("异议截止时间 | 2026年11月9日（周一）24:00 前"))).toBe(true);
    expect(lines.some((l) => l.includes("2026-11-10 00:00"))).toBe(false);
    expect(lines.some((l) => l.startsWith("编制 | 签字"))).toBe(true);
    expect(lines.some((l) => l.startsWith("公司盖章"))).toBe(true);
  });

  it("money cells carry the currency's number format; evidence event times are Excel serials, the due a deadline text", () => {
    // Each cell's own format as a host reads it, rows top to bottom (an evidence column's format is one entry).
    const at = cellFormatsInOrder(zh.cellFormats);
    const formats = zh.rows.map((_, r) => [...(at(r) ?? [])]);
    const net = zh.rows.findIndex((r) => r[0] === "应付服务商净额");
    expect(formats[net][8]).toBe("#,##0.00");
    const t1 = zh.rows.findIndex((r) => r[0] === "T-1");
    // The due as people read it (an Excel date-time cannot say 24:00); a due within the day keeps its time.
    expect(zh.rows[t1][4]).toBe("2026-10-09 09:00");
    expect(formats[t1][4]).toBeUndefined();
    // The start and end, events, stay date-time cells; the penalty a money cell.
    expect(formats[t1][2]).toBe("yyyy-mm-dd hh:mm");
    expect(formats[t1][3]).toBe("yyyy-mm-dd hh:mm");
    expect(formats[t1][8]).toBe("#,##0.00");
    // Only the evidence rows: a summary line has no date-time format in those columns.
    expect(formats[net][2]).toBeUndefined();
  });

  it("late evidence rows are highlighted and the evidence block is a table", () => {
    const t1 = zh.rows.findIndex((r) => r[0] === "T-1");
    expect(rowStylesOf(zh)).toContainEqual({ row: t1, style: "late" });
    expect(zh.tables).toHaveLength(1);
    const table = zh.tables[0];
    expect(zh.rows[table.headerRow][0]).toBe("工单号");
    expect(zh.rows[table.lastRow][0]).toBe("T-7");
    // Table names are workbook-wide in Excel: one per provider and month.
    expect(table.name).toMatch(/^Evidence_2026_10_[0-9a-f]{8}$/);
    expect(reportTableName("2026-10", PROVIDER)).not.toBe(reportTableName("2026-10", "Northwind Repairs"));
    expect(reportTableName("2026-10", PROVIDER)).not.toBe(reportTableName("2026-11", PROVIDER));
  });

  it("rows read in blocks of any size, across the evidence block's edges, are the sheet's rows, and copies", () => {
    const all = zh.rows;
    const table = zh.tables[0];
    expect(all[table.headerRow + 1][0]).toBe("T-1");
    expect(rowCountOf(zh)).toBe(all.length);
    for (let size = 1; size <= 9; size++) {
      const read = [];
      for (let r = 0; r < rowCountOf(zh); r += size) read.push(...rowBlockOf(zh, r, r + size));
      expect(read).toEqual(all);
    }
    expect(rowBlockOf(zh, all.length - 2, all.length + 5)).toEqual(all.slice(-2));
    expect(rowBlockOf(zh, -3, 2)).toEqual(all.slice(0, 2));
    rowBlockOf(zh, 0, 1)[0][0] = "changed";
    rowBlockOf(zh, table.headerRow + 1, table.headerRow + 2)[0][0] = "changed";
    expect(zh.rows).toEqual(all);
  });

  it("every row has the same width as the column list", () => {
    for (const r of zh.rows) expect(r).toHaveLength(zh.columns.length);
    expect(columnLetter(zh.columns.length - 1)).toBe("K");
  });
});
