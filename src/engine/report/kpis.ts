/**
 * KPIs per clause for one provider (SPEC §5 `KPIs YYYY-MM`: tickets, met, late, compliance %, mean / median / p90
 * elapsed on the clause's clock), as the report shows them. Elapsed times are statistics, not money: plain numbers.
 */
import type { Finding } from "../core/finding";
import type { ClauseKpi } from "./model";

/** Nearest-rank percentile of sorted values (p in (0, 100]): the smallest value with at least p% at or below it. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Median: the middle value, or the mean of the two middle values. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * One row per clause (in order of first appearance): `tickets` counts every finding but data errors; `late`
 * includes overdue (past due, not finished); compliance = met / (met + late) — open, missing and exempt findings
 * are neither (a finance user would not count an exempt ticket against the provider, nor for it).
 */
export function computeClauseKpis(findings: readonly Finding[], provider: string): ClauseKpi[] {
  const byClause = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.provider !== provider) continue;
    const list = byClause.get(f.clauseRef);
    if (list) list.push(f);
    else byClause.set(f.clauseRef, [f]);
  }
  const rows: ClauseKpi[] = [];
  for (const [clauseRef, list] of byClause) {
    const first = list[0];
    let tickets = 0;
    let met = 0;
    let late = 0;
    let exempt = 0;
    const elapsed: number[] = [];
    for (const f of list) {
      if (f.status === "error") continue;
      tickets += 1;
      if (f.status === "met") met += 1;
      else if (f.status === "late" || f.status === "overdue") late += 1;
      else if (f.status === "exempt") exempt += 1;
      if ((f.status === "met" || f.status === "late") && f.elapsedSeconds !== null) elapsed.push(f.elapsedSeconds);
    }
    elapsed.sort((a, b) => a - b);
    const measured = met + late;
    rows.push({
      clauseRef,
      clauseName: first.clauseName,
      unit: first.unit,
      target: first.target,
      tickets,
      met,
      late,
      exempt,
      compliancePercent: measured === 0 ? null : Math.round((met / measured) * 1000) / 10,
      meanElapsedSeconds: elapsed.length === 0 ? null : elapsed.reduce((a, b) => a + b, 0) / elapsed.length,
      medianElapsedSeconds: median(elapsed),
      p90ElapsedSeconds: nearestRank(elapsed, 90),
    });
  }
  return rows;
}

/** One provider × clause × month row of the month-over-month view (several months run one after another). */
export interface KpiTrendRow extends ClauseKpi {
  provider: string;
  month: string;
}

/** Providers in order of first appearance in the findings. */
export function providersOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.provider))];
}

/**
 * KPIs month over month: for each run month (in the order given, normally ascending), each provider and each
 * clause. Rows sorted by provider, clause, month so a reader scans one clause's history down the page.
 */
export function computeKpiTrend(months: readonly { month: string; findings: readonly Finding[] }[]): KpiTrendRow[] {
  const rows: KpiTrendRow[] = [];
  months.forEach(({ month, findings }) => {
    for (const provider of providersOf(findings)) {
      for (const k of computeClauseKpis(findings, provider)) rows.push({ ...k, provider, month });
    }
  });
  const monthIndex = new Map(months.map((m, i) => [m.month, i]));
  const providerIndex = new Map<string, number>();
  for (const r of rows) if (!providerIndex.has(r.provider)) providerIndex.set(r.provider, providerIndex.size);
  return rows.sort((a, b) =>
    providerIndex.get(a.provider)! - providerIndex.get(b.provider)! ||
    (a.clauseRef < b.clauseRef ? -1 : a.clauseRef > b.clauseRef ? 1 : 0) ||
    monthIndex.get(a.month)! - monthIndex.get(b.month)!);
}

/**
 * Data for a compliance chart (the task pane's chart, the native Excel chart on the KPIs sheet): categories on the
 * x axis, one series per provider, values in percent (null = nothing measured, drawn as a gap, never as 0%).
 */
export interface KpiChartData {
  title: { en: string; zh: string };
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** Compliance % per clause (x axis), one series per provider, for one month's findings. */
export function complianceByClauseChart(findings: readonly Finding[]): KpiChartData {
  const categories = [...new Set(findings.map((f) => f.clauseRef))];
  const series = providersOf(findings).map((provider) => {
    const byRef = new Map(computeClauseKpis(findings, provider).map((k) => [k.clauseRef, k.compliancePercent]));
    return { name: provider, values: categories.map((c) => byRef.get(c) ?? null) };
  });
  return { title: { en: "Compliance by clause (%)", zh: "各条款达标率（%）" }, categories, series };
}

/**
 * Overall compliance % per month (x axis), one series per provider: Σ met / Σ (met + late) over the provider's
 * clauses that month (a pooled rate, so a clause with many tickets weighs more than one with few).
 */
export function complianceTrendChart(trend: readonly KpiTrendRow[]): KpiChartData {
  const categories = [...new Set(trend.map((r) => r.month))].sort();
  const providers = [...new Set(trend.map((r) => r.provider))];
  const series = providers.map((provider) => ({
    name: provider,
    values: categories.map((month) => {
      let met = 0;
      let measured = 0;
      for (const r of trend) {
        if (r.provider !== provider || r.month !== month) continue;
        met += r.met;
        measured += r.met + r.late;
      }
      return measured === 0 ? null : Math.round((met / measured) * 1000) / 10;
    }),
  }));
  return { title: { en: "Compliance by month (%)", zh: "各月达标率（%）" }, categories, series };
}
