/**
 * Builds one provider's statement for the report tests from plain figures. The only test file that knows the
 * settlement stage's statement shape.
 */
import { Dec } from "../../src/engine/core/money";
import type { DayNumber, LocalSeconds } from "../../src/engine/core/time";
import type { StatementLike } from "../../src/engine/report/statement";

export interface StatementSpec {
  provider: string;
  statementDate: DayNumber;
  paymentDue: DayNumber;
  receivedOn: DayNumber;
  disputeBy: LocalSeconds;
  disputeDays: number;
  feeTickets: number;
  fees: string;
  penaltyLines: { ticket: string; clauseRef: string; clauseName: string; amount: string }[];
  unperformedLines: { ticket: string; amount: string; basis: string; loss: string | null }[];
  capAdjustment: string;
  overdueSegments: { statement: string; from: DayNumber; to: DayNumber; balance: string; amount: string }[];
  overdueFees: string;
  netPayable: string;
  disputed: string;
  invoice: { billed: string; computed: string } | null;
}

export function makeStatement(s: StatementSpec): StatementLike {
  return {
    provider: s.provider,
    statementNo: null,
    statementDate: s.statementDate,
    paymentDue: s.paymentDue,
    receivedOn: s.receivedOn,
    disputeBy: s.disputeBy,
    disputeDays: s.disputeDays,
    feeTickets: s.feeTickets,
    fees: new Dec(s.fees),
    penaltyLines: s.penaltyLines.map((l) => ({ ...l, amount: new Dec(l.amount) })),
    unperformedLines: s.unperformedLines.map((u) => ({
      ticket: u.ticket,
      amount: new Dec(u.amount),
      trace: { en: `20% × ${u.basis}, capped at actual loss ${u.loss}`, zh: `20% × ${u.basis}，以实际损失 ${u.loss} 为限` },
    })),
    capAdjustment: new Dec(s.capAdjustment),
    overdueSegments: s.overdueSegments.map((g) => ({
      statement: g.statement, from: g.from, to: g.to, days: g.to - g.from, balance: new Dec(g.balance),
      rateText: "0.05% per day", ratePerDay: new Dec("0.0005"), amount: new Dec(g.amount),
      trace: { en: `${g.balance} × 0.05% × ${g.to - g.from} days`, zh: `${g.balance} × 0.05% × ${g.to - g.from}天` },
    })),
    overdueFees: new Dec(s.overdueFees),
    netPayable: new Dec(s.netPayable),
    disputed: new Dec(s.disputed),
    invoice: s.invoice ? { billed: new Dec(s.invoice.billed), computed: new Dec(s.invoice.computed), difference: new Dec(s.invoice.billed).minus(s.invoice.computed) } : null,
  };
}
