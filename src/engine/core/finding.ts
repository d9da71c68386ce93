/**
 * A finding: one ticket measured against one applicable clause (docs/CONTRACT.md, Clocks and Output sheets: `Findings YYYY-MM`).
 * Produced by engine/findings, consumed by engine/money (penalties), the output sheets and the CLI's JSON.
 */
import type { Dec } from "./money";
import type { CellRef, ClockUnit, PenaltyKind } from "./model";
import type { LocalSeconds } from "./time";

/**
 * met: end ≤ due · late: end > due · open: no end, as-of ≤ due · overdue: no end, as-of > due (shown, not charged
 * until the ticket settles) · missing: start missing, or end missing on a closed ticket (warning, no penalty) ·
 * exempt: the ticket carries an exemption · error: the finding could not be computed (data error; see issues).
 */
export type FindingStatus = "met" | "late" | "open" | "overdue" | "missing" | "exempt" | "error";

export interface Finding {
  ticket: string;
  provider: string;
  clauseRef: string;
  clauseName: string;
  unit: ClockUnit;
  target: number;
  penaltyKind: PenaltyKind;
  start: LocalSeconds | null;
  end: LocalSeconds | null;
  due: LocalSeconds | null;
  /** Elapsed on the clause's own clock (real seconds for hours/days, working seconds for working units), pauses excluded. */
  elapsedSeconds: number | null;
  /** How late on the clause's own clock; 0 unless late or overdue. */
  lateBySeconds: number;
  /** Started days (per day) or started hours (per hour) late, per the contract (docs/CONTRACT.md, Clocks); 0 when not late. */
  lateCount: number;
  status: FindingStatus;
  /** The penalty line for this finding, rounded once; ZERO when none. */
  penalty: Dec;
  /** One-line trace a finance user can check by hand, in both languages. */
  explanation: { en: string; zh: string };
  exemption: string;
  /** Cells the figures came from: the clause row, the start and end event cells. */
  sources: { clause: CellRef; start?: CellRef; end?: CellRef };
}
