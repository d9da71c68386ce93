/** Money and the monthly statement (docs/CONTRACT.md, Money and Output sheets): see README.md in this folder. */
export { computeStatements, ticketFee, overdueSegmentsOf, statementDateOf, type StatementInput } from "./computeStatements";
export { buildSettlementSheet, buildSettlementSheets, buildKpisSheet, feesSheetName, statementsJson, settlementSheetName } from "./sheets";
export type * from "./types";
