/**
 * What the pane shows of a settled month, as plain data: it crosses from the engine's Web Worker to the pane by
 * structured clone, so money is already decimal strings (never floats) and dates already text.
 */
import { settleMonth, type Issue, type OutputSheet, type SettleOptions, type SettlementRun, type WorkbookData } from "../engine";
import { buildReport, buildReportSheet, reportProviders, type ReportMeta } from "../engine/report";
import { formatMoney, ZERO } from "../engine/core/money";
import { beforeIssues } from "../engine/core/output";
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
  /** The last moment to dispute, as people read it: "by end of Fri 2026-11-06 (24:00, Asia/Shanghai)". */
  disputeBy: string;
  /** Tickets of the month left out of these figures because of data errors: the figures are provisional. */
  excludedTickets: string[];
  /**
   * The figures are not final (engine ProviderStatement.provisional): tickets left out, Tickets rows no provider could
   * be given, or earlier statements or payments left out of the overdue-payment fees.
   */
  provisional: boolean;
}

/** The month's tickets as the engine took them (all zero: nothing to settle, and the pane writes nothing). */
export interface PaneTicketCounts {
  settled: number;
  open: number;
  excluded: number;
}

export interface PaneResult {
  month: string;
  currency: string;
  /** Σ net payable of the statements shown (they share the agreement's currency), rounded as each line is. */
  totalNetPayable: string;
  tickets: PaneTicketCounts;
  sheets: OutputSheet[];
  issues: Issue[];
  statements: PaneStatement[];
  chart: KpiChartData;
  /** Each provider's print-ready report sheet (the name wanted; the adapter may write it beside a user's sheet). */
  reportSheets: { provider: string; sheet: string }[];
}

export function toPaneResult(run: SettlementRun): PaneResult {
  const zone = run.parsed?.agreement.timeZone;
  return {
    month: run.month,
    currency: run.currency,
    totalNetPayable: formatMoney(
      run.statements.reduce((sum, s) => sum.plus(s.netPayable), ZERO),
      run.statements[0]?.minorDigits ?? 2,
    ),
    tickets: {
      settled: run.monthFindings?.settled.length ?? 0,
      open: run.monthFindings?.open.length ?? 0,
      excluded: run.monthFindings?.excluded.length ?? 0,
    },
    // Lazy sheets stay lazy: the worker keeps their rows and sends them a block at a time (engineWorker.ts).
    sheets: run.sheets,
    issues: run.issues,
    statements: run.statements.map((s) => {
      const m = (d: Parameters<typeof formatMoney>[0]) => formatMoney(d, s.minorDigits);
      return {
        provider: s.provider, fees: m(s.fees), penalties: m(s.penaltiesBeforeCap), capAdjustment: m(s.capAdjustment),
        overdueFees: m(s.overdueFees), netPayable: m(s.netPayable), paymentDue: formatDay(s.paymentDue), disputeBy: formatDeadline(s.disputeBy, { lang: run.lang, style: "long", zone }),
        excludedTickets: s.excludedTickets,
        provisional: s.provisional,
      };
    }),
    chart: complianceByClauseChart(run.findings),
    reportSheets: [],
  };
}


/** Settles the month for the pane; with report meta, adds each provider's print-ready report sheet before Data Issues. */
export function settleForPane(book: WorkbookData, opts: SettleOptions, reportMeta?: ReportMeta): PaneResult {
  const run = settleMonth(book, opts);
  const result = toPaneResult(run);
  if (reportMeta && run.parsed) {
    const providers = reportProviders(run);
    // Evidence rows as views (engine/report ReportOptions): the sheet's rows are built when the adapter reads them.
    const reports = providers.map((p) => buildReportSheet(buildReport(run, p, reportMeta, { evidenceViews: true }), opts.lang ?? "zh"));
    result.reportSheets = providers.map((provider, k) => ({ provider, sheet: reports[k].name }));
    result.sheets = beforeIssues(result.sheets, reports);
  }
  return result;
}
