/**
 * Reads the report's facts off one provider's statement from the settlement stage.
 * PROVISIONAL until src/engine/settlement/types.ts lands: StatementLike is the report's own shape.
 */
import type { StatementFacts } from "./facts";

export type StatementLike = StatementFacts;

export function statementFacts(st: StatementLike): StatementFacts {
  return st;
}
