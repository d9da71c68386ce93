/**
 * What the pane shows of a settled month, as plain data: it crosses from the engine's Web Worker to the pane by
 * structured clone, so money is already decimal strings (never floats) and dates already text.
 */
import { settleMonth, type Issue, type OutputSheet, type SettleOptions, type SettlementRun, type WorkbookData } from "../engine";
import { buildReport, buildReportSheet, reportProviders, type ReportMeta } from "../engine/report";
import { formatMoney } from "../engine/core/money";
import type { RecognisedSheet } from "../engine/core/model";
import { civilFromLocal, formatDay, formatLocal, formatMonth } from "../engine/core/time";
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
  /** For Setup: the sheets and fields recognised, the providers, and the month of the latest report date. */
  recognised: RecognisedSheet[];
  providers: string[];
  latestMonth: string;
}

export function toPaneResult(run: SettlementRun): PaneResult {
  return {
    month: run.month,
    sheets: run.sheets,
    issues: run.issues,
    statements: run.statements.map((s) => {
      const m = (d: Parameters<typeof formatMoney>[0]) => formatMoney(d, s.minorDigits);
      return {
        provider: s.provider, fees: m(s.fees), penalties: m(s.penaltiesBeforeCap), capAdjustment: m(s.capAdjustment),
        overdueFees: m(s.overdueFees), netPayable: m(s.netPayable), paymentDue: formatDay(s.paymentDue), disputeBy: formatLocal(s.disputeBy),
      };
    }),
    chart: complianceByClauseChart(run.findings),
    recognised: run.parsed?.recognised ?? [],
    providers: [...new Set((run.parsed?.tickets ?? []).map((t) => t.provider))].sort(),
    latestMonth: latestReportMonth(run),
  };
}

/** The month of the latest report date: the month a user most likely settles. */
function latestReportMonth(run: SettlementRun): string {
  let latest = -Infinity;
  for (const t of run.parsed?.tickets ?? []) if (t.events.reported && t.events.reported.at > latest) latest = t.events.reported.at;
  if (!Number.isFinite(latest)) return "";
  const c = civilFromLocal(latest as Parameters<typeof civilFromLocal>[0]);
  return formatMonth({ year: c.year, month: c.month });
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
