/**
 * Builds one provider's statement (settlement/types.ts ProviderStatement) for the report tests from plain figures.
 * The only test file that knows the statement's shape. Totals that the settlement stage derives (penalties by
 * clause, before/after cap) are derived here the same way, from the lines given.
 */
import { Dec, sumDec } from "../../src/engine/core/money";
import type { DayNumber, LocalSeconds } from "../../src/engine/core/time";
import type { ProviderStatement } from "../../src/engine/settlement/types";

export interface StatementSpec {
  provider: string;
  statementDate: DayNumber;
  paymentDue: DayNumber;
  receivedOn: DayNumber;
  disputeBy: LocalSeconds;
  disputeDays: number;
  /** ticket → fee line amount */
  feeLines: [string, string][];
  penaltyLines: { ticket: string; clauseRef: string; clauseName: string; amount: string }[];
  unperformedLines: { ticket: string; amount: string; basis: string; loss: string | null }[];
  capAdjustment: string;
  overdueSegments: { statement: string; from: DayNumber; to: DayNumber; balance: string; amount: string }[];
  overdueCapAdjustment?: string;
  overdueFees: string;
  netPayable: string;
  disputed: string;
  invoice: { billed: string; computed: string } | null;
  excludedTickets?: string[];
}

export function makeStatement(s: StatementSpec): ProviderStatement {
  const penaltyLines = s.penaltyLines.map((l) => ({
    ...l, amount: new Dec(l.amount), trace: { en: `${l.ticket} ${l.clauseRef} penalty`, zh: `${l.ticket} ${l.clauseRef} 违约金` },
  }));
  const unperformedLines = s.unperformedLines.map((u) => ({
    ticket: u.ticket,
    amount: new Dec(u.amount),
    trace: { en: `20% × ${u.basis}, capped at actual loss ${u.loss}`, zh: `20% × ${u.basis}，以实际损失 ${u.loss} 为限` },
  }));
  const byClause = new Map<string, { clauseRef: string; clauseName: string; count: number; amount: Dec }>();
  for (const l of penaltyLines) {
    const e = byClause.get(l.clauseRef) ?? { clauseRef: l.clauseRef, clauseName: l.clauseName, count: 0, amount: new Dec(0) };
    e.count += 1;
    e.amount = e.amount.plus(l.amount);
    byClause.set(l.clauseRef, e);
  }
  const penaltiesBeforeCap = sumDec(penaltyLines.map((l) => l.amount)).plus(sumDec(unperformedLines.map((u) => u.amount)));
  const feeLines = s.feeLines.map(([ticket, amount]) => ({
    ticket, provider: s.provider, warranty: "out" as const, labour: new Dec(amount), parts: new Dec(0), shipping: new Dec(0),
    basis: new Dec(amount), amount: new Dec(amount), outcome: "done" as const,
    trace: { en: "out of warranty: labour + parts + shipping", zh: "保外：人工费 + 配件费 + 运费" }, source: { sheet: "Tickets", cell: "A2" },
  }));
  return {
    provider: s.provider,
    month: "2026-10",
    currency: "CNY",
    minorDigits: 2,
    statementNo: null,
    statementDate: s.statementDate,
    paymentDue: s.paymentDue,
    receivedOn: s.receivedOn,
    disputeBy: s.disputeBy,
    disputeDays: s.disputeDays,
    feeLines,
    feeTickets: feeLines.length,
    fees: sumDec(feeLines.map((f) => f.amount)),
    penaltyLines,
    unperformedLines,
    penaltiesByClause: [...byClause.values()],
    penaltiesBeforeCap,
    capAdjustment: new Dec(s.capAdjustment),
    penalties: penaltiesBeforeCap.plus(s.capAdjustment),
    overdueSegments: s.overdueSegments.map((g) => ({
      statement: g.statement, from: g.from, to: g.to, days: g.to - g.from, balance: new Dec(g.balance),
      rateText: "0.05% per day", ratePerDay: new Dec("0.0005"), amount: new Dec(g.amount),
      trace: { en: `${g.balance} × 0.05% × ${g.to - g.from} days`, zh: `${g.balance} × 0.05% × ${g.to - g.from}天` },
    })),
    overdueCapAdjustment: new Dec(s.overdueCapAdjustment ?? "0.00"),
    overdueFees: new Dec(s.overdueFees),
    netPayable: new Dec(s.netPayable),
    disputed: new Dec(s.disputed),
    invoice: s.invoice ? { billed: new Dec(s.invoice.billed), computed: new Dec(s.invoice.computed), difference: new Dec(s.invoice.billed).minus(s.invoice.computed) } : null,
    reconciliation: [],
    excludedTickets: s.excludedTickets ?? [],
    provisional: (s.excludedTickets ?? []).length > 0,
  };
}
