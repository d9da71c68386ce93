/** The dispute-ready report and KPI views. See README.md. */
export * from "./model";
export { buildReport, reportProviders, agreementTerms, clausesInForce, penaltiesByClause } from "./buildReport";
export type { ReportRun, ReportMeta, ReportOptions } from "./buildReport";
export { buildReportSheet, reportSheetName, reportTableName } from "./reportSheet";
export {
  computeClauseKpis, computeKpiTrend, complianceByClauseChart, complianceTrendChart, providersOf, median, nearestRank,
} from "./kpis";
export type { KpiTrendRow, KpiChartData } from "./kpis";
export * from "./format";
export { REPORT_WORDS, SIGN_OFF_ROLES } from "./words";
export type { ReportWords } from "./words";
