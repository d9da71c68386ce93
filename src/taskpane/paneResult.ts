/**
 * What the pane shows of a settled month, as plain data: it crosses from the engine's Web Worker to the pane by
 * structured clone, so money is already decimal strings (never floats) and dates already text.
 */
import { settleMonth, type Issue, type OutputSheet, type SettleOptions, type SettlementRun, type WorkbookData } from "../engine";
import { buildReport, buildReportSheet, reportProviders, type ReportMeta } from "../engine/report";
import { formatMoney } from "../engine/core/money";
import { formatDay, formatDeadline } from "../engine/core/time";
import { complianceByClauseChart, type KpiChartData } from "../engine/report/kpis";

export interface PaneStatement {
  provider: string;
  fees: string;
  penalties: string;
  capAdjustment: string;
  overdueFees: string;
  netPayable: string;
  paymentDue: string;
  disputeBy: string;
}

export interface PaneResult {
  month: string;
  sheets: OutputSheet[];
  issues: Issue[];
  statements: PaneStatement[];
  chart: KpiChartData;
}

export function toPaneResult(run: SettlementRun): PaneResult {
  return {
    month: run.month,
    // Lazy sheets stay lazy: the worker keeps their rows and sends them a block at a time (engineWorker.ts).
    sheets: run.sheets,
    issues: run.issues,
    statements: run.statements.map((s) => {
      const m = (d: Parameters<typeof formatMoney>[0]) => formatMoney(d, s.minorDigits);
      // The dispute deadline as people read it: "2026-11-06 24:00", never the next day's 00:00.
      const disputeBy = formatDeadline(s.disputeBy, { lang: run.lang, style: "short" });
      return {
        provider: s.provider, fees: m(s.fees), penalties: m(s.penaltiesBeforeCap), capAdjustment: m(s.capAdjustment),
        overdueFees: m(s.overdueFees), netPayable: m(s.netPayable), paymentDue: formatDay(s.paymentDue), disputeBy,
      };
    }),
    chart: complianceByClauseChart(run.findings),
  };
}


/** Settles the month for the pane; with report meta, adds each provider's print-ready report sheet before Data Issues. */
export function settleForPane(book: WorkbookData, opts: SettleOptions, reportMeta?: ReportMeta): PaneResult {
  const run = settleMonth(book, opts);
  const result = toPaneResult(run);
  if (reportMeta && run.parsed) {
    const reports = reportProviders(run).map((p) => buildReportSheet(buildReport(run, p, reportMeta), opts.lang ?? "zh"));
    result.sheets = [...result.sheets.slice(0, -1), ...reports, ...result.sheets.slice(-1)];
  }
  return result;
}
