/**
 * Reads the report's facts off one provider's statement from the settlement stage (settlement/types.ts). The only
 * file of the report that knows the statement's shape.
 */
import type { ProviderStatement } from "../settlement/types";
import type { StatementFacts } from "./facts";

export type StatementLike = ProviderStatement;

export function statementFacts(st: StatementLike): StatementFacts {
  return {
    provider: st.provider,
    statementNo: st.statementNo,
    statementDate: st.statementDate,
    paymentDue: st.paymentDue,
    receivedOn: st.receivedOn,
    disputeBy: st.disputeBy,
    disputeDays: st.disputeDays,
    feeTickets: st.feeTickets,
    fees: st.fees,
    penaltyLines: st.penaltyLines,
    unperformedLines: st.unperformedLines,
    capAdjustment: st.capAdjustment,
    overdueSegments: st.overdueSegments,
    overdueCapAdjustment: st.overdueCapAdjustment,
    overdueFees: st.overdueFees,
    netPayable: st.netPayable,
    disputed: st.disputed,
    invoice: st.invoice,
    excludedTickets: st.excludedTickets,
    recordsLeftOut: st.recordsLeftOut ?? [],
  };
}
