import type { Finding } from "../../src/engine/core/finding";
import { complianceByClauseChart, complianceTrendChart, computeKpiTrend } from "../../src/engine/report";
import { OTHER, PROVIDER, findings } from "./fixtures";

/** November: the provider's response clause is all met; 2.3 has no measured finding (only exempt). */
const november: Finding[] = [
  { ...findings[1], ticket: "N-1" },
  { ...findings[1], ticket: "N-2" },
  { ...findings[4], ticket: "N-3" },
];

describe("KPI views", () => {
  const trend = computeKpiTrend([
    { month: "2026-10", findings },
    { month: "2026-11", findings: november },
  ]);

  it("month over month: provider, clause, month rows, one clause's history together", () => {
    expect(trend.map((r) => [r.provider, r.clauseRef, r.month, r.met, r.late, r.compliancePercent])).toEqual([
      [PROVIDER, "2.2(1)", "2026-10", 1, 3, 25],
      [PROVIDER, "2.2(1)", "2026-11", 2, 0, 100],
      [PROVIDER, "2.3", "2026-10", 1, 1, 50],
      [PROVIDER, "2.3", "2026-11", 0, 0, null],
      [OTHER, "2.2(1)", "2026-10", 0, 1, 0],
    ]);
  });

  it("compliance by clause: one series per provider, a gap (null) where the provider has no such clause", () => {
    const chart = complianceByClauseChart(findings);
    expect(chart.categories).toEqual(["2.2(1)", "2.3"]);
    expect(chart.series).toEqual([
      { name: PROVIDER, values: [25, 50] },
      { name: OTHER, values: [0, null] },
    ]);
    expect(chart.title.zh).toBe("各条款达标率（%）");
  });

  it("compliance by month pools the clauses: Σ met / Σ (met + late)", () => {
    const chart = complianceTrendChart(trend);
    expect(chart.categories).toEqual(["2026-10", "2026-11"]);
    // October: (1 + 1) / (4 + 2) = 33.3%; November: 2 / 2 = 100%.
    expect(chart.series).toEqual([
      { name: PROVIDER, values: [33.3, 100] },
      { name: OTHER, values: [0, null] },
    ]);
  });
});
