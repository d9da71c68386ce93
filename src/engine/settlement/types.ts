/**
 * The monthly statement per provider (docs/CONTRACT.md, Money and Output sheets): every money line rounded once, every total the sum of its
 * lines. The dispute-ready report (engine/report) reads these fields directly (its StatementFacts is a subset).
 */
import type { Dec } from "../core/money";
import type { CellRef } from "../core/model";
import type { DayNumber, LocalSeconds } from "../core/time";

export interface Bilingual {
  en: string;
  zh: string;
}

/** Fee of a ticket (docs/CONTRACT.md, Money): in warranty → shipping only; out → labour + parts + shipping; cancelled/unperformed → 0. */
export interface TicketFee {
  ticket: string;
  provider: string;
  warranty: "in" | "out";
  labour: Dec;
  parts: Dec;
  shipping: Dec;
  /** labour + parts + shipping: the basis of an unperformed ticket's penalty. */
  basis: Dec;
  /** The fee line, rounded once. */
  amount: Dec;
  outcome: "done" | "unperformed" | "cancelled";
  trace: Bilingual;
  source: CellRef;
}

export interface PenaltyLine {
  ticket: string;
  clauseRef: string;
  clauseName: string;
  amount: Dec;
  trace: Bilingual;
}

export interface UnperformedLine {
  ticket: string;
  amount: Dec;
  trace: Bilingual;
}

/** One balance segment of an earlier statement: interest over the days (from, to], days = to − from. */
export interface OverdueSegment {
  statement: string;
  from: DayNumber;
  to: DayNumber;
  days: number;
  balance: Dec;
  rateText: string;
  ratePerDay: Dec;
  amount: Dec;
  trace: Bilingual;
}

export type ReconciliationKind = "difference" | "billed-not-logged" | "billed-not-settled" | "settled-not-billed" | "in-warranty-labour";

export interface ReconciliationLine {
  ticket: string;
  kind: ReconciliationKind;
  billed: Dec | null;
  computed: Dec | null;
  /** billed − computed (a missing side counts as 0). */
  difference: Dec;
  source: CellRef | null;
}

export interface ProviderStatement {
  provider: string;
  /** The agreement's contract number, shown on every output that carries the statement. */
  contractNo?: string;
  month: string;
  currency: string;
  minorDigits: number;
  /** The statement's number when the Statements sheet records this month's statement; else null. */
  statementNo: string | null;
  statementDate: DayNumber;
  /** Statement date + Payment Days, moved to the next working day (Civil Code art. 203). */
  paymentDue: DayNumber;
  /** Receipt of the statement: the Statements sheet's Received, else the statement date (docs/CONTRACT.md, Money). */
  receivedOn: DayNumber;
  /** End of the (Dispute Days)th working day after receipt. */
  disputeBy: LocalSeconds;
  disputeDays: number;
  feeLines: TicketFee[];
  feeTickets: number;
  fees: Dec;
  penaltyLines: PenaltyLine[];
  unperformedLines: UnperformedLine[];
  penaltiesByClause: { clauseRef: string; clauseName: string; count: number; amount: Dec }[];
  /** Findings penalties + unperformed penalties, before the monthly cap. */
  penaltiesBeforeCap: Dec;
  /** The monthly Penalty Cap line (≤ 0): one visible adjustment. */
  capAdjustment: Dec;
  /** How the cap line was found (cap % × fees = limit; penalties − limit → line); null when the agreement has no cap. */
  capTrace?: Bilingual | null;
  penalties: Dec;
  overdueSegments: OverdueSegment[];
  /** Late Fee Cap line (≤ 0) on the overdue-payment fees. */
  overdueCapAdjustment: Dec;
  /** How the Late Fee Cap line was found, per earlier statement it limits; null when the line is zero. */
  overdueCapTrace?: Bilingual | null;
  overdueFees: Dec;
  /** fees − penalties (after cap) + overdue-payment fees. */
  netPayable: Dec;
  /** Disputed amount recorded for this month's statement on the Statements sheet (0 when none). */
  disputed: Dec;
  invoice: { billed: Dec; computed: Dec; difference: Dec } | null;
  reconciliation: ReconciliationLine[];
  /** Tickets of the month left out of the money because of data errors (listed in Data Issues). */
  excludedTickets: string[];
  /**
   * Statements or Payments rows left out because of data errors that may concern this statement's overdue-payment
   * fees: the cell of each one's first error ("Payments!C5"). Set with `provisional` (settlement/provisional.ts).
   */
  recordsLeftOut?: string[];
  /**
   * The figures are not final: tickets are left out because of data errors (excludedTickets), Tickets rows could
   * not be given to any provider, or Statements / Payments rows that may concern it were left out (recordsLeftOut;
   * see settlement/provisional.ts). Every view of the statement says so.
   */
  provisional: boolean;
}
