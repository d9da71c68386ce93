/**
 * The dispute-ready report (docs/CONTRACT.md, Money to Command line): one provider, one month, everything a finance user needs to
 * defend or contest the statement, in a language-neutral model. `buildReportSheet` (print-ready sheet) and the
 * PDF writer (src/pdf) render the same model, so the sheet and the PDF always show the same figures.
 *
 * Money stays `Dec` (already rounded once per line by the settlement stage); times stay local wall-clock integers.
 * Texts that exist in both languages are `{ en, zh }`.
 */
import type { Dec } from "../core/money";
import type { ClockUnit, PenaltyKind } from "../core/model";
import type { FindingStatus } from "../core/finding";
import type { DayNumber, LocalSeconds } from "../core/time";

export interface Bilingual {
  en: string;
  zh: string;
}

/** One agreement term as it governs this statement ("Payment Days: 30"), with the cell it was read from. */
export interface ReportTerm {
  key: Bilingual;
  value: Bilingual;
  /** "Agreement!B9", or "" for a default the workbook did not state. */
  source: string;
}

/** One SLA clause in force during the month (its effective period overlaps the month). */
export interface ReportClause {
  ref: string;
  name: string;
  /** "service=onsite; category=urgent|紧急", or "" for all tickets. */
  appliesTo: string;
  startEvent: string;
  endEvent: string;
  target: number;
  unit: ClockUnit;
  penalty: PenaltyKind;
  /** Money for fixed / per day / per hour; a fraction for percent of fee (0.1 = 10%). */
  amount: Dec;
  cap: Dec | null;
  pausable: boolean;
  source: string;
}

export interface ReportHeader {
  contractNo: string;
  customer: string;
  provider: string;
  /** The settlement month `2026-10` and its first and last day. */
  month: string;
  periodFrom: DayNumber;
  periodTo: DayNumber;
  statementNo: string;
  statementDate: DayNumber;
  paymentDue: DayNumber;
  /** Receipt of the statement (docs/CONTRACT.md, Money: the statement date unless the Statements sheet gives one). */
  receivedOn: DayNumber;
  /** As passed in by the host (the engine never reads the clock). */
  generatedAt: string;
  inputSha256: string;
  toolVersion: string;
  currency: string;
  minorDigits: number;
  timeZone: string;
  calendarLabel: string;
  terms: ReportTerm[];
  clauses: ReportClause[];
}

/** Penalties of one clause (findings of this provider and month that carry a penalty). */
export interface ClausePenalty {
  clauseRef: string;
  clauseName: string;
  /** Findings charged under the clause (late, with a penalty > 0). */
  count: number;
  amount: Dec;
}

export interface ReportSummary {
  /** Tickets whose fee counts this month, and the sum of their fee lines. */
  feeTickets: number;
  fees: Dec;
  penaltiesByClause: ClausePenalty[];
  /** Unperformed tickets (docs/CONTRACT.md, Money: Unperformed Rate × fee basis, capped at actual loss). */
  unperformedCount: number;
  unperformed: Dec;
  /** Sum of all penalty lines before the monthly cap (= Σ penaltiesByClause + unperformed). */
  penaltiesBeforeCap: Dec;
  /** The monthly Penalty Cap adjustment line: ≤ 0 (zero when the cap does not bite or there is none). */
  capAdjustment: Dec;
  /** penaltiesBeforeCap + capAdjustment. */
  penalties: Dec;
  /** Σ of the overdue-fee schedule's lines, the Late Fee Cap line (≤ 0), and what is charged (their sum). */
  overdueBeforeCap: Dec;
  overdueCapAdjustment: Dec;
  overdueFees: Dec;
  /** fees − penalties + overdueFees (docs/CONTRACT.md, Money). */
  netPayable: Dec;
  /** The part of this statement recorded as disputed (Statements sheet), and the rest. */
  disputed: Dec;
  undisputed: Dec;
  /** The provider's invoice for the month, when an Invoice sheet exists: billed vs computed fees. */
  invoice: { billed: Dec; computed: Dec; difference: Dec } | null;
  /** Tickets of the month left out of the money because of data errors (listed in Data Issues). */
  excludedTickets: string[];
  /**
   * The figures are not final: tickets, or earlier statements and payments, are left out until their records are
   * corrected (a notice says which).
   */
  provisional: boolean;
}

/** One finding shown as evidence: everything needed to recompute its status and penalty by hand. */
export interface EvidenceRow {
  ticket: string;
  clauseRef: string;
  clauseName: string;
  unit: ClockUnit;
  target: number;
  start: LocalSeconds | null;
  end: LocalSeconds | null;
  due: LocalSeconds | null;
  lateBySeconds: number;
  /**
   * How late on the clause's own clock, in the unit it charges by ("1 working day begun after due"); "" when not.
   * A row made without it shows the time late (formatDuration).
   */
  lateBy?: Bilingual;
  lateCount: number;
  status: FindingStatus | "unperformed";
  penalty: Dec;
  trace: Bilingual;
  exemption: string;
  /** "Tickets!H7" — the cell of the end (or start) event, so a reader can find it. */
  source: string;
}

/** One balance segment of an overdue-payment fee (docs/CONTRACT.md, Money): the settlement stage's own line, shown as is. */
import type { OverdueSegment } from "../settlement/types";
export type { OverdueSegment };

/** KPIs for the provider (docs/CONTRACT.md, Output sheets), per clause: compliance and elapsed time on the clause's own clock. */
export interface ClauseKpi {
  clauseRef: string;
  clauseName: string;
  unit: ClockUnit;
  target: number;
  /** Findings measured against the clause (any status but `error`). */
  tickets: number;
  met: number;
  /** late + overdue (overdue: not finished, already past due). */
  late: number;
  exempt: number;
  /** met / (met + late), in percent with one decimal; null when nothing was measured. */
  compliancePercent: number | null;
  /** Seconds on the clause's clock over met and late findings; null when none. */
  meanElapsedSeconds: number | null;
  medianElapsedSeconds: number | null;
  p90ElapsedSeconds: number | null;
}

export interface ReportNotice {
  severity: "error" | "warning" | "info";
  text: Bilingual;
}

export interface ReportModel {
  header: ReportHeader;
  summary: ReportSummary;
  evidence: EvidenceRow[];
  overdueSchedule: OverdueSegment[];
  /** The end of the (Dispute Days)th working day after receipt (docs/CONTRACT.md, Money), as an instant (24:00 = 00:00 of the next day). */
  disputeBy: LocalSeconds;
  disputeDays: number;
  kpis: ClauseKpi[];
  /** Things the reader must know before trusting the figures (data errors, missing statement). */
  notices: ReportNotice[];
  signOff: { role: Bilingual }[];
  /**
   * The evidence as the CSV file the PDF carries as an attachment, and the SHA-256 of its UTF-8 bytes printed on
   * the report: the digest a recipient can recompute from what they hold (report/evidenceCsv.ts).
   */
  evidenceFile: { name: string; csv: string; sha256: string };
}
