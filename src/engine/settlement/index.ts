/** Money and the monthly statement (SPEC §4, §5): see README.md in this folder. */
export { computeStatements, ticketFee, overdueSegmentsOf, statementDateOf, type StatementInput } from "./computeStatements";
export { buildSettlementSheet, buildSettlementSheets, buildKpisSheet, feesSheetName, statementsJson, settlementSheetName } from "./sheets";
export type * from "./types";
