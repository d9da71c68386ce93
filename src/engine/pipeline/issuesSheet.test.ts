import { makeIssue } from "../core/issues";
import { registerMessages } from "../core/messages";
import { buildIssuesSheet, buildIssuesSheets, sortIssues } from "./issuesSheet";
import "./messages";

registerMessages({
  TEST_BAD_DATE: {
    en: (i) => ({ problem: `"${i.value}" is not a date.`, fix: "Write 2026-10-03 14:05." }),
    zh: (i) => ({ problem: `“${i.value}”不是日期。`, fix: "请写成 2026-10-03 14:05。" }),
  },
});

describe("Data Issues sheet", () => {
  const issues = [
    makeIssue("warning", "TEST_BAD_DATE", { sheet: "Tickets", cell: "F10", value: "x" }),
    makeIssue("error", "TEST_BAD_DATE", { sheet: "Tickets", cell: "F9", value: "=1+1" }),
    makeIssue("error", "TEST_BAD_DATE", { sheet: "Events", cell: "AA2", value: "2026-13-01" }),
    makeIssue("error", "TEST_BAD_DATE", { sheet: "Tickets", cell: "F7", value: "y" }),
    makeIssue("error", "MONTH_INVALID", { value: "2026-13" }),
  ];

  it("sorts errors first, then sheet, then cell in reading order (F7 before F9, F9 before F10)", () => {
    expect(sortIssues(issues).map((i) => `${i.severity}:${i.sheet}!${i.cell}`)).toEqual([
      "error:!",
      "error:Events!AA2",
      "error:Tickets!F7",
      "error:Tickets!F9",
      "warning:Tickets!F10",
    ]);
  });

  it("renders problem and fix in the chosen language and keeps formula-like values as text", () => {
    const en = buildIssuesSheet(issues, "en");
    expect(en.rows[0]).toEqual(["Severity", "Code", "Sheet", "Cell", "Value", "Problem", "Fix"]);
    expect(en.rows[4]).toEqual(["error", "TEST_BAD_DATE", "Tickets", "F9", "=1+1", '"=1+1" is not a date.', "Write 2026-10-03 14:05."]);
    expect(en.columns.every((c) => c.numberFormat === "@")).toBe(true);
    expect(en.rowStyles.filter((s) => s.style === "late").map((s) => s.row)).toEqual([1, 2, 3, 4]);
    const zh = buildIssuesSheet(issues, "zh");
    expect(zh.rows[1].slice(0, 2)).toEqual(["错误", "MONTH_INVALID"]);
    expect(zh.rows[1][5]).toBe("“2026-13”不是有效的月份。");
    expect(zh.tables[0]).toEqual({ name: "DataIssues", headerRow: 0, lastRow: 5, firstCol: 0, lastCol: 6 });
  });

  it("has no table when there are no issues (an empty Excel table is not allowed)", () => {
    const sheet = buildIssuesSheet([], "en");
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.tables).toEqual([]);
  });
});

describe("Data Issues past Excel's row limit", () => {
  it("splits like Findings: more issues than one sheet holds continue on Data Issues part 2, each part a header, its own table", () => {
    // One row more than a sheet holds beside its header and the row splitIntoParts keeps (1,048,576 − 2).
    const count = 1_048_575;
    const many = Array.from({ length: count }, (_, i) => makeIssue(i % 3 === 0 ? "error" : "warning", "TEST_BAD_DATE", { sheet: "Tickets", cell: `F${i + 2}`, value: "x" }));
    const sheets = buildIssuesSheets(many, "en");
    expect(sheets.map((s) => s.name)).toEqual(["Data Issues", "Data Issues part 2"]);
    expect(sheets.map((s) => s.rows.length)).toEqual([1_048_575, 2]);
    for (const s of sheets) expect(s.rows.length).toBeLessThanOrEqual(1_048_576);
    expect(sheets.map((s) => s.tables[0].name)).toEqual(["DataIssues", "DataIssues_part2"]);
    expect(sheets[1].rows[0]).toEqual(sheets[0].rows[0]);
    expect(sheets.every((s) => s.role === "issues")).toBe(true);
    // The order carries on across the parts: errors first, by cell; the last part ends with the last warning.
    const cells = sheets.flatMap((s) => s.rows.slice(1).map((r) => `${r[0]}:${r[3]}`));
    expect(cells).toHaveLength(count);
    expect(cells[0]).toBe("error:F2");
    expect(cells[count - 1]).toBe(`warning:F${count + 1}`);
  });

  it("a small limit shows the same split (and no part without a header)", () => {
    const five = ["F2", "F3", "F4", "F5", "F6"].map((cell) => makeIssue("error", "TEST_BAD_DATE", { sheet: "Tickets", cell, value: "x" }));
    const sheets = buildIssuesSheets(five, "en", { maxRowsPerSheet: 4 });
    expect(sheets.map((s) => s.name)).toEqual(["Data Issues", "Data Issues part 2", "Data Issues part 3"]);
    expect(sheets.map((s) => s.rows.length)).toEqual([3, 3, 2]);
    expect(buildIssuesSheets([], "en").map((s) => s.name)).toEqual(["Data Issues"]);
  });
});
