/**
 * The engine surface the CLI uses (src/engine/index.ts), in one file so the rest of the CLI depends
 * on these few names only.
 */
import type { ClockContext } from "../engine/clocks/api";
import type { WorkbookData } from "../engine/core/cells";
import type { Finding } from "../engine/core/finding";
import type { Issue, Lang } from "../engine/core/issues";
import type { ParsedWorkbook } from "../engine/core/model";
import type { OutputSheet } from "../engine/core/output";

export interface SettleOptions {
  month: string;
  provider?: string;
  lang?: Lang;
  /** See the engine's SettleOptions: the .xlsx writer's rows per sheet. */
  maxRowsPerSheet?: number;
}

export interface SettlementRun {
  month: string;
  lang: Lang;
  sheets: OutputSheet[];
  json: unknown;
  issues: Issue[];
  hasErrors: boolean;
  parsed: ParsedWorkbook | null;
  findings: Finding[];
  statements: unknown[];
  /** Tickets rows no statement could count; they make every statement provisional (engine settlement/provisional). */
  unassignedRows?: { ticket: string; cell: string }[];
  ctx: ClockContext | null;
}

interface Engine {
  settleMonth(wb: WorkbookData, opts: SettleOptions): SettlementRun;
  templateWorkbook(lang: Lang): OutputSheet[];
}

// Loaded at run time through this one seam, which the CLI tests replace (jest.mock) with canned runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = (): Engine => require("../engine") as Engine;

export function settleMonth(wb: WorkbookData, opts: SettleOptions): SettlementRun {
  return engine().settleMonth(wb, opts);
}

export function templateWorkbook(lang: Lang): OutputSheet[] {
  return engine().templateWorkbook(lang);
}
