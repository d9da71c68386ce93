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
