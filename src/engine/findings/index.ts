/** SLA findings (docs/CONTRACT.md, Clocks and Output sheets): see README.md in this folder. */
export { computeFindings, clauseApplies, explanationText, lateByText, measuredOpen, settledAt, warrantyOf, type MonthFindings, type FindingOptions, type TicketInstants } from "./computeFindings";
export { buildFindingsSheets, findingsJson, findingsSheetName, STATUS_WORDS } from "./findingsSheet";
export { moneyText } from "./words";
