/**
 * The pane's pure decisions: which PDF route a platform gets, what a host error advises and whether Retry is
 * offered, Chinese issue texts without English event names, clause order, and the months a workbook offers.
 */
import path from "path";
import { settleMonth, type WorkbookData } from "../engine";
import { readXlsx } from "../xlsx";
import { hostProblem } from "./hostErrors";
import { paneOverview, ticketsIn } from "./overview";
import { pdfRouteFor, saveAsPdfSteps } from "./pdfRoute";
import { compareClauses } from "./Results";

describe("pdfRouteFor", () => {
  it.each([
    ["OfficeOnline", true, { kind: "download" }],
    ["", true, { kind: "download" }],
    ["OfficeOnline", false, { kind: "excel", steps: "other" }],
    ["PC", true, { kind: "excel", steps: "windows" }],
    ["Universal", true, { kind: "excel", steps: "windows" }],
    ["Mac", true, { kind: "excel", steps: "mac" }],
    ["iOS", true, { kind: "excel", steps: "other" }],
  ])("%s (download attribute %s)", (platform, anchor, route) => {
    expect(pdfRouteFor(platform, anchor)).toEqual(route);
  });
  it("names the sheet it opened in the first step, in the language asked", () => {
    expect(saveAsPdfSteps("windows", "Report 2026-10 Huaxiu", "en")[0]).toContain('"Report 2026-10 Huaxiu"');
    expect(saveAsPdfSteps("mac", "报告", "zh").join("")).toMatch(/文件 > 另存为/);
  });
});

describe("hostProblem", () => {
  const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error("x"), { code, ...extra });
  it("advises what to do first, per code, in both languages", () => {
    expect(hostProblem(err("InvalidOperationInCellEditMode"), "en")).toMatchObject({ retryable: true, advice: expect.stringContaining("finish editing a cell") });
    expect(hostProblem(err("AccessDenied"), "zh")).toMatchObject({ retryable: false, advice: expect.stringContaining("取消保护") });
  });
  it("believes the adapter's own retryable flag over the code", () => {
    expect(hostProblem(err("GeneralException", { retryable: false }), "en")?.retryable).toBe(false);
    expect(hostProblem(err("SomethingNew", { retryable: true }), "en")).toMatchObject({ retryable: true, code: "SomethingNew" });
  });
  it("uses the error's own words when it has them (the adapter names the sheets left incomplete)", () => {
    const own = Object.assign(err("GeneralException", { retryable: true }), { text: (lang: string) => (lang === "zh" ? "未完成：结算" : "Incomplete: Settlement 2026-10") });
    expect(hostProblem(own, "en")?.advice).toBe("Incomplete: Settlement 2026-10");
    expect(hostProblem(own, "zh")?.advice).toBe("未完成：结算");
  });
  it("is null for an error that is not Excel's", () => {
    expect(hostProblem(new Error("plain"), "en")).toBeNull();
  });
});

it("compareClauses reads numbers as numbers", () => {
  expect(["2.10", "2.2(2)", "10.1", "2.2(1)", "2.9"].sort(compareClauses)).toEqual(["2.2(1)", "2.2(2)", "2.9", "2.10", "10.1"]);
});

describe("paneOverview on the sample", () => {
  let book: WorkbookData;
  beforeAll(async () => {
    book = await readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
  });
  it("offers the months with tickets, newest first, counted as the engine counts them", () => {
    const o = paneOverview(book);
    expect(o.months.map((m) => m.month)).toEqual(["2026-10", "2026-09"]);
    const run = settleMonth(book, { month: "2026-10", lang: "en" });
    const mf = run.monthFindings!;
    expect(ticketsIn(o.months[0], "")).toEqual({ settled: mf.settled.length + mf.excluded.length, open: mf.open.length });
    expect(o.setupProblems).toEqual([]);
  });
  it("lists a missing required column as a setup problem, with the sheet's headers to map from", () => {
    const t = book.sheets.find((s) => s.name === "Tickets")!;
    const col = t.rows[0].indexOf("Reported At");
    const without = { sheets: book.sheets.map((s) => (s === t ? { ...s, rows: s.rows.map((r) => r.filter((_, i) => i !== col)) } : s)) };
    const o = paneOverview(without);
    expect(o.setupProblems.map((p) => [p.code, p.sheet, p.params.header])).toEqual([["COLUMN_MISSING", "Tickets", "Reported At"]]);
    expect(o.headersBySheet.Tickets).not.toContain("Reported At");
    expect(o.months).toEqual([]);
    // Mapping another column onto the field makes the workbook readable again.
    const renamed = { sheets: book.sheets.map((s) => (s === t ? { ...s, rows: [s.rows[0].map((h) => (h === "Reported At" ? "Logged" : h)), ...s.rows.slice(1)] } : s)) };
    expect(paneOverview(renamed).setupProblems.length).toBe(1);
    expect(paneOverview(renamed, { headerMappings: { Tickets: { Logged: "reported" } } }).setupProblems).toEqual([]);
  });
});
