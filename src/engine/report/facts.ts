/**
 * What the report needs from one provider's statement, in the report's own terms. `statementFacts` (statement.ts)
 * reads them off the settlement stage's ProviderStatement; everything else in the report is built from these, so
 * a change in the statement's shape touches one function.
 */
import type { ProviderStatement } from "../settlement/types";

export type StatementFacts = Pick<
  ProviderStatement,
  | "provider" | "statementNo" | "statementDate" | "paymentDue" | "receivedOn" | "disputeBy" | "disputeDays" | "feeTickets"
  | "fees" | "penaltyLines" | "unperformedLines" | "capAdjustment" | "overdueSegments" | "overdueCapAdjustment"
  | "overdueFees" | "netPayable" | "disputed" | "invoice" | "excludedTickets" | "recordsLeftOut"
>;
