/**
 * End to end over the real pipeline: examples/sample.xlsx (two providers, 320 tickets, a penalty cap that bites,
 * September statements paid late) → settleMonth → buildReport for every provider. The report's figures must be
 * the statement's, the evidence and schedule must foot, the sheet's formulas must compute the same totals, and the
 * PDF must show them. No figure is hard-coded here: the sample may be regenerated, the laws must hold.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { settleMonth, type SettlementRun } from "../../src/engine";
import { formatMoney, sumDec } from "../../src/engine/core/money";
import { buildReport, buildReportSheet, formatAmount, reportProviders } from "../../src/engine/report";
import { renderReportPdf } from "../../src/pdf";
import { readXlsx } from "../../src/xlsx";
import { evaluate } from "./sheetEval";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample.xlsx");
const META = { generatedAt: "2026-11-24T20:30:00Z", inputSha256: "a".repeat(64), toolVersion: "0.1.0" };
const dir = mkdtempSync(path.join(tmpdir(), "sla-sample-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let run: SettlementRun;
beforeAll(async () => {
  run = settleMonth(await readXlsx(SAMPLE), { month: "2026-10", lang: "zh" });
});

it("the sample settles into statements with penalties (the test has something to check)", () => {
  expect(run.parsed).not.toBeNull();
  expect(run.statements.length).toBeGreaterThanOrEqual(2);
  expect(run.statements.some((s) => !s.penaltiesBeforeCap.isZero())).toBe(true);
  expect(reportProviders(run)).toEqual(run.statements.map((s) => s.provider));
});

it("every provider's report shows exactly its statement's figures, and foots", () => {
  for (const st of run.statements) {
    const m = buildReport(run, st.provider, META);
    const s = m.summary;
    expect(s.fees.eq(st.fees)).toBe(true);
    expect(s.feeTickets).toBe(st.feeTickets);
    expect(s.penaltiesByClause.map((p) => [p.clauseRef, p.count, p.amount.toFixed(2)]))
      .toEqual(st.penaltiesByClause.map((p) => [p.clauseRef, p.count, p.amount.toFixed(2)]));
    expect(s.penaltiesBeforeCap.eq(st.penaltiesBeforeCap)).toBe(true);
    expect(s.capAdjustment.eq(st.capAdjustment)).toBe(true);
    expect(s.penalties.eq(st.penalties)).toBe(true);
    expect(s.overdueFees.eq(st.overdueFees)).toBe(true);
    expect(s.netPayable.eq(st.netPayable)).toBe(true);
    expect(s.disputed.eq(st.disputed)).toBe(true);
    // Laws of the report itself.
    expect(sumDec(m.evidence.map((e) => e.penalty)).eq(s.penaltiesBeforeCap)).toBe(true);
    expect(sumDec(m.overdueSchedule.map((g) => g.amount)).plus(s.overdueCapAdjustment).eq(s.overdueFees)).toBe(true);
    expect(s.fees.minus(s.penalties).plus(s.overdueFees).eq(s.netPayable)).toBe(true);
    // The CLI's JSON (docs/CONTRACT.md, Command line) says the same.
    const json = (run.json.statements as { provider: string; netPayable: string }[]).find((j) => j.provider === st.provider)!;
    expect(json.netPayable).toBe(formatMoney(s.netPayable, m.header.minorDigits));
    // Evidence only of this provider, with its trace.
    const own = new Set(run.findings.filter((f) => f.provider === st.provider).map((f) => f.ticket));
    for (const e of m.evidence) {
      expect(own.has(e.ticket) || e.status === "unperformed").toBe(true);
      if (e.status === "late") expect(e.trace.zh.length).toBeGreaterThan(0);
    }
  }
});

it("the report sheet's formulas compute the statement's totals", () => {
  for (const st of run.statements) {
    const sheet = buildReportSheet(buildReport(run, st.provider, META), "zh");
    for (const f of sheet.formulas) expect(evaluate(sheet, f.formula)).toBe(Math.round((sheet.rows[f.row][f.col] as number) * 100));
    const net = sheet.rows.findIndex((r) => r[0] === "应付服务商净额");
    expect(sheet.rows[net][8]).toBe(Number(st.netPayable.toString()));
  }
});

it("the PDF shows the provider, its net payable and each clause's penalty", async () => {
  const st = run.statements.find((x) => !x.penaltiesBeforeCap.isZero())!;
  const file = path.join(dir, "sample.pdf");
  writeFileSync(file, await renderReportPdf(buildReport(run, st.provider, META), "zh"));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain(st.provider);
  expect(text).toContain(formatAmount(st.netPayable, st.minorDigits));
  for (const p of st.penaltiesByClause) expect(text).toContain(formatAmount(p.amount, st.minorDigits));
  for (const other of run.statements.filter((x) => x.provider !== st.provider)) expect(text).not.toContain(other.provider);
});
