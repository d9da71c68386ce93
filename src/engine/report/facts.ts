/**
 * What the report needs from one provider's statement, in the report's own terms. `statementFacts` (statement.ts)
 * reads them off the settlement stage's ProviderStatement; everything else in the report is built from these, so
 * a change in the statement's shape touches one function.
 */
import type { Dec } from "../core/money";
import type { DayNumber, LocalSeconds } from "../core/time";
import type { Bilingual, OverdueSegment } from "./model";

export interface StatementFacts {
  provider: string;
  /** The statement's own number when the settlement stage gives one; else the report derives one. */
  statementNo: string | null;
  statementDate: DayNumber;
  paymentDue: DayNumber;
  receivedOn: DayNumber;
  disputeBy: LocalSeconds;
  disputeDays: number;
  feeTickets: number;
  fees: Dec;
  /** Every penalty line of a finding (ticket × clause), rounded once, as charged on the statement. */
  penaltyLines: { ticket: string; clauseRef: string; clauseName: string; amount: Dec }[];
  /** Unperformed tickets' penalty lines (SPEC §4). */
  unperformedLines: { ticket: string; amount: Dec; trace: Bilingual }[];
  /** The monthly Penalty Cap line (≤ 0). */
  capAdjustment: Dec;
  overdueSegments: OverdueSegment[];
  /** The Late Fee Cap line (≤ 0) on the overdue-payment fees. */
  overdueCapAdjustment: Dec;
  /** Overdue-payment fees charged on this statement: Σ segments + overdueCapAdjustment. */
  overdueFees: Dec;
  netPayable: Dec;
  disputed: Dec;
  invoice: { billed: Dec; computed: Dec; difference: Dec } | null;
  /** Tickets of the month left out of the money because of data errors (SPEC §1.2). */
  excludedTickets: string[];
}
