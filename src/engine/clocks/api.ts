/**
 * CONTRACT between the working-time engine (engine/calendar + engine/clocks) and its users
 * (engine/findings, engine/money). Implementations live beside this file; callers import from "../clocks".
 * docs/CONTRACT.md, Clocks, is the source of truth for every rule named here.
 */
import type { DayEndsAt, ClockUnit, DayInterval } from "../core/model";
import type { DayNumber, LocalSeconds, WorkingSeconds } from "../core/time";

/** A working calendar over a finite range of days with data (built once per run; O(1)/O(log n) queries). */
export interface WorkCalendar {
  /** "CN", "Mon-Fri", "24x7" (+ " with Calendar sheet overrides"). */
  readonly label: string;
  /** True when the calendar has data for the day (CN: 2004–2026, plus years the Calendar sheet covers). */
  covers(day: DayNumber): boolean;
  isWorkingDay(day: DayNumber): boolean;
  /** Working intervals of the day (empty on a non-working day). */
  hoursOf(day: DayNumber): readonly DayInterval[];
  /** Working seconds in [a, b); 0 when b ≤ a. O(1) from the prefix-sum table. */
  workingBetween(a: LocalSeconds, b: LocalSeconds): WorkingSeconds;
  /**
   * The earliest instant t ≥ a at which `amount` working seconds have elapsed since a (docs/CONTRACT.md, Clocks: working hours:
   * a start outside working time counts from the next opening; ending exactly at a closing time gives that
   * closing time). Binary search + a walk inside one day.
   */
  addWorking(a: LocalSeconds, amount: WorkingSeconds): LocalSeconds;
  /** The Nth working day after `day` (day itself not counted; n ≥ 1). */
  nthWorkingDayAfter(day: DayNumber, n: number): DayNumber;
  /** `day` itself when it is a working day, else the next working day (Civil Code art. 203). */
  workingDayOnOrAfter(day: DayNumber): DayNumber;
  /** End of a day: 24:00 (00:00 of the next day), or its last closing time for close-of-business. */
  endOfDay(day: DayNumber, dayEndsAt: DayEndsAt): LocalSeconds;
  /** Number of working days d with working time inside (a, b]. */
  workingDaysTouched(a: LocalSeconds, b: LocalSeconds): number;
  /** Non-working blocks (holiday/weekend runs with names) and make-up workdays inside [from, to], for traces. */
  describe(from: DayNumber, to: DayNumber): CalendarNotes;
}

export interface CalendarNotes {
  /** Named holiday blocks (not plain weekends), e.g. { from: 10-01, to: 10-07, name: "National Day / 国庆节" }. */
  holidays: { from: DayNumber; to: DayNumber; name: string }[];
  /** Make-up workdays (调休上班) on weekends. */
  makeupWorkdays: DayNumber[];
}

/**
 * A calendar query reached a day without data (e.g. CN 2027 before it is published, and no Calendar sheet rows
 * for it). Thrown by WorkCalendar methods; computeDue and friends turn it into a CALENDAR_NOT_COVERED outcome.
 */
export class OutsideCalendarError extends Error {
  constructor(readonly day: DayNumber) {
    super(`calendar has no data for day ${day}`);
  }
}

/** Real (elapsed) time in an IANA zone: local wall clock ↔ UTC seconds, DST-correct (docs/CONTRACT.md, Clocks: "hours"). */
export interface ZoneClock {
  readonly zone: string;
  /** UTC seconds of a local wall-clock instant (a skipped local time maps forward; an ambiguous one to the first). */
  toUtc(local: LocalSeconds): number;
  fromUtc(utcSeconds: number): LocalSeconds;
}

export interface ClockContext {
  calendar: WorkCalendar;
  zone: ZoneClock;
  dayEndsAt: DayEndsAt;
}

/** A pause interval with both ends known (findings resolves unmatched pauses to the month end first). */
export interface ClosedPause {
  from: LocalSeconds;
  to: LocalSeconds;
}

export interface DueTrace {
  start: LocalSeconds;
  unit: ClockUnit;
  target: number;
  /** Due before pauses. */
  baseDue: LocalSeconds;
  /** Pause time that moved the due, on the clause's clock (real seconds, or working seconds for working units). */
  pausedSeconds: number;
  /** days unit: the nominal last day when it was not a working day and art. 203 moved the end (else null). */
  extendedFrom: DayNumber | null;
  /**
   * The calendar days the due rests on, for the explanation: working units, the holidays and make-up workdays
   * between start and due; calendar days, those of the last day and of the days art. 203 moved it over; hours
   * (real time), none.
   */
  notes: CalendarNotes;
  /** Hours: how far the zone's clocks moved between start and due (seconds; negative: back, positive: forward). */
  clockShiftSeconds: number;
  /** The zone the clock ran in (IANA name). */
  zone: string;
}

export type DueOutcome =
  | { ok: true; due: LocalSeconds; trace: DueTrace }
  | { ok: false; code: "CALENDAR_NOT_COVERED"; day: DayNumber };

export interface LateMeasure {
  /** On the clause's clock: real seconds (hours/days) or working seconds (working units); 0 when end ≤ due. */
  lateBySeconds: number;
  /** Started days late (docs/CONTRACT.md, Clocks): ceil(real/86400) for hours/days; working days touched in (due, end] for working units; at least 1 when late. */
  startedDays: number;
  /** Started hours late: ceil(lateBySeconds/3600); at least 1 when late. */
  startedHours: number;
}

/**
 * Functions the clocks module exports (signatures fixed by this contract):
 *
 *   makeZoneClock(zone: string): ZoneClock | null                      // null: not a valid IANA zone
 *   buildCalendar(input: CalendarInput): Parsed<WorkCalendar>           // issues for bad overrides / hours
 *   computeDue(ctx, unit, target, start, pauses: ClosedPause[]): DueOutcome
 *       pauses are those of a pausable clause, already clipped by the caller to [start, end-or-as-of];
 *       computeDue merges overlaps itself.
 *   elapsedOnClock(ctx, unit, start, end, pauses): number | DueOutcome-like error  (seconds on the clause clock, pauses excluded)
 *   measureLate(ctx, unit, due, end): LateMeasure
 *   formatDueTrace(trace, due, lang: "en" | "zh", calendarLabel): string
 *       e.g. "due 2026-10-10 16:00 = 2026-09-30 16:00 + 24 working h (CN calendar; 10-01..10-07 holiday; 10-10 make-up workday)"
 */
export interface CalendarInput {
  kind: "CN" | "Mon-Fri" | "24x7";
  workingHours: DayInterval[];
  overrides: import("../core/model").CalendarOverride[];
  /** Where the Working Hours came from (Agreement!B8), for the issue when they are invalid. */
  hoursSource?: import("../core/model").CellRef;
  /** Optional bounds to build the table over (default: the kind's data range plus override years). */
  fromDay?: DayNumber;
  toDay?: DayNumber;
}
