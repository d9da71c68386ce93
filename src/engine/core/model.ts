/**
 * The parsed workbook (docs/CONTRACT.md, Input sheets): what the readers (engine/sheet) produce and every later stage consumes.
 * Every value remembers the cell it came from, so findings and money lines can cite it.
 */
import type { Dec } from "./money";
import type { Issue } from "./issues";
import type { DayNumber, LocalSeconds } from "./time";

/** Where a value came from: sheet name and A1 address. */
export interface CellRef {
  sheet: string;
  cell: string;
}

/** A working interval inside one day, in seconds after local midnight: [09:00, 12:00) = { from: 32400, to: 43200 }. */
export interface DayInterval {
  fromSecond: number;
  toSecond: number; // ≤ 86400; 86400 means 24:00
}

export type CalendarKind = "CN" | "Mon-Fri" | "24x7";
export type DayEndsAt = "midnight" | "close-of-business";

/** A rate per day, as a fraction (0.05% per day → 0.0005; 18% per year → 0.18 / 365). */
export interface DailyRate {
  perDay: Dec;
  /** As the user wrote it, for traces: "0.05% per day", "18% per year". */
  text: string;
}

export interface Agreement {
  contractNo: string;
  provider: string;
  customer: string;
  currency: string;
  minorDigits: number;
  timeZone: string; // IANA
  calendar: CalendarKind;
  workingHours: DayInterval[];
  dayEndsAt: DayEndsAt;
  warrantyMonths: number;
  settlementBasis: "closed" | "repaired";
  statementDay: number;
  paymentDays: number;
  lateFeeRate: DailyRate;
  lateFeeGraceDays: number;
  /** Fraction of the overdue principal (10% → 0.1), or null for none. */
  lateFeeCap: Dec | null;
  disputeDays: number;
  /** Fraction of the month's fees (10% → 0.1), or null. */
  penaltyCap: Dec | null;
  /** Fraction (20% → 0.2). */
  unperformedRate: Dec;
  /** Where each key was read, for traces ("Agreement!B9"). Keys are the canonical field names above. */
  refs: Partial<Record<keyof Agreement, CellRef>>;
}

export type ClockUnit = "hours" | "working hours" | "days" | "working days";
export type PenaltyKind = "fixed" | "per day" | "per hour" | "percent of fee" | "none";

/** `service=onsite|上门` — a field (canonical ticket field or a Tickets header, normalised) and accepted values. */
export interface Condition {
  field: string;
  /** Normalised (see sheet/normalize.ts) accepted values. */
  values: string[];
}

export interface Clause {
  ref: string; // "2.2(1)"
  name: string;
  appliesTo: Condition[];
  /** Canonical event names (standard ones: reported, responded, …) or normalised custom header names. */
  startEvent: string;
  endEvent: string;
  target: number;
  unit: ClockUnit;
  penalty: PenaltyKind;
  /** Money for fixed/per day/per hour; a fraction for percent of fee (10% → 0.1). */
  amount: Dec;
  cap: Dec | null;
  pausable: boolean;
  effectiveFrom: DayNumber | null;
  effectiveTo: DayNumber | null; // inclusive
  source: CellRef; // the clause's row (column A cell)
}

export const STANDARD_EVENTS = [
  "reported", "responded", "confirmed", "onsite", "received", "diagnosed", "repaired", "returned", "closed",
] as const;
export type StandardEvent = (typeof STANDARD_EVENTS)[number];

export type Outcome = "done" | "unperformed" | "cancelled";

/** One occurrence of an event on a ticket. */
export interface TicketEvent {
  name: string; // canonical or custom (normalised)
  at: LocalSeconds;
  source: CellRef;
}

export interface PauseInterval {
  from: LocalSeconds;
  /** null: an unmatched pause; it runs to the end of the settlement month (docs/CONTRACT.md, Input sheets: Events). */
  to: LocalSeconds | null;
  source: CellRef;
}

export interface Ticket {
  id: string;
  provider: string;
  /** Normalised text fields usable by Applies To: category, service, and every other Tickets column. */
  fields: Record<string, string>;
  warranty: "in" | "out" | null; // explicit; null = derive from purchased + Warranty Months
  purchased: DayNumber | null;
  /**
   * The time of each event. For `closed`, the LAST close (docs/CONTRACT.md, Clocks: reopened tickets); earlier closes are in `closes`.
   * Events from the Events sheet override the Tickets sheet.
   */
  events: Record<string, TicketEvent>;
  /** Every `closed` occurrence in time order (more than one means the ticket was reopened). */
  closes: TicketEvent[];
  /** Every event occurrence from both sheets, in time order (used to find the event after a close). */
  timeline: TicketEvent[];
  pauses: PauseInterval[];
  labour: Dec | null;
  parts: Dec | null;
  shipping: Dec | null;
  loss: Dec | null;
  outcome: Outcome;
  exemption: string; // "" = not exempt
  source: CellRef; // the ticket id cell
  /**
   * Errors on the cells its clocks read (its events, its outcome): the ticket has no findings and is left out of
   * the money; the errors are listed.
   */
  hasErrors: boolean;
  /**
   * Errors only on the cells that price it (warranty, purchase date, labour, parts, shipping, loss): its clocks run
   * and its findings count in the KPIs, but it is left out of the statement until they are fixed. Null or absent
   * when there are none.
   */
  moneyErrors?: readonly Issue[] | null;
}

export type CalendarOverrideType = "holiday" | "workday" | "hours";

export interface CalendarOverride {
  day: DayNumber;
  type: CalendarOverrideType;
  /** For `hours`; for `workday` the agreement's Working Hours are used. */
  hours: DayInterval[];
  name: string;
  source: CellRef;
}

export interface InvoiceLine {
  ticket: string;
  amount: Dec;
  provider: string; // "" when not given
  month: string; // "" or "2026-10"
  source: CellRef;
}

export interface StatementRecord {
  id: string;
  provider: string;
  month: string; // "2026-09"
  amount: Dec;
  issued: DayNumber | null;
  received: DayNumber | null;
  due: DayNumber | null;
  disputed: Dec; // ZERO when empty
  source: CellRef;
}

export interface PaymentRecord {
  statement: string;
  paidOn: DayNumber;
  amount: Dec;
  source: CellRef;
}

/**
 * A Statements or Payments row left out because of a data error (the cell of its first error, "Payments!C5"): an
 * earlier statement or a payment the overdue-payment fees do not count, so the statement of its provider — of every
 * provider when the row names none that can be told (`provider` null) — is provisional (settlement/provisional.ts).
 */
export interface RecordLeftOut {
  cell: string;
  provider: string | null;
}

export interface ParsedWorkbook {
  agreement: Agreement;
  clauses: Clause[];
  tickets: Ticket[];
  calendarOverrides: CalendarOverride[];
  invoice: InvoiceLine[] | null; // null: no Invoice sheet
  statements: StatementRecord[];
  payments: PaymentRecord[];
  /** Statements and Payments rows left out because of data errors (none when absent). */
  recordsLeftOut?: RecordLeftOut[];
  /** Which sheets were found, and how each recognised header mapped (for the task pane's Setup view). */
  recognised: RecognisedSheet[];
  /** Provider names that differ only by case, width, spaces or punctuation, as written (sheet/providerVariants). */
  providerVariants?: { key: string; names: { name: string; count: number; cells: string[] }[] }[];
}

export interface RecognisedSheet {
  role: "tickets" | "events" | "agreement" | "sla" | "calendar" | "invoice" | "statements" | "payments";
  sheet: string;
  headerRow: number; // zero-based
  /** Canonical field → column index. */
  columns: Record<string, number>;
  /** Headers that matched nothing (ignored, or mapped by the user in the add-in). */
  unrecognised: { column: number; header: string }[];
}
