/**
 * The working calendar (docs/CONTRACT.md, Clocks; docs/ARCHITECTURE.md, "Local wall-clock seconds, not Date"): one table per run, one entry per day of its range.
 *
 *   cumWorkSeconds[i]  working seconds of all days before day i      → elapsed working time is a subtraction
 *   cumWorkingDays[i]  working days before day i                      → "Nth working day after" is a binary search
 *
 * Every query is O(1) or O(log days) plus a walk over the intervals of ONE day; nothing steps minute by minute or
 * day by day through a deadline. A day outside the range throws OutsideCalendarError (the clocks turn it into a
 * CALENDAR_NOT_COVERED issue) — a built-in calendar never guesses a year it has no data for.
 */
import type { CalendarNotes, CalendarInput, WorkCalendar } from "../clocks/api";
import { OutsideCalendarError } from "../clocks/api";
import { IssueList, type Parsed } from "../core/issues";
import type { DayEndsAt, DayInterval } from "../core/model";
import {
  asDay, asLocal, asWorking, civilFromDays, daysFromCivil, formatDay, SECONDS_PER_DAY, weekdayOf,
  type DayNumber, type LocalSeconds, type WorkingSeconds,
} from "../core/time";
import { CN_FIRST_YEAR, CN_HOLIDAYS, CN_LAST_YEAR, CN_WORKDAYS } from "./cnData";
import "./messages";

const ALL_DAY: readonly DayInterval[] = [{ fromSecond: 0, toSecond: SECONDS_PER_DAY }];
const NONE: readonly DayInterval[] = [];
/** Mon-Fri and 24x7 need no data; their table still has bounds (wide enough for any real agreement). */
const GENERIC_FIRST_YEAR = 1950;
const GENERIC_LAST_YEAR = 2100;

function dayFromIso(iso: string): DayNumber {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** Sorts and checks intervals: each inside the day, end after start, no overlaps. Returns null when invalid. */
export function normaliseHours(hours: readonly DayInterval[]): { hours: DayInterval[] } | { problem: string } {
  const sorted = [...hours].sort((a, b) => a.fromSecond - b.fromSecond);
  for (const h of sorted) {
    if (!Number.isFinite(h.fromSecond) || !Number.isFinite(h.toSecond) || h.fromSecond < 0 || h.toSecond > SECONDS_PER_DAY) {
      return { problem: "outside" };
    }
    if (h.toSecond <= h.fromSecond) return { problem: "end-before-start" };
  }
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].fromSecond < sorted[i - 1].toSecond) return { problem: "overlap" };
  }
  return { hours: sorted };
}

const fmtHours = (hours: readonly DayInterval[]) =>
  hours
    .map((h) => {
      const t = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}`;
      return `${t(h.fromSecond)}-${t(h.toSecond)}`;
    })
    .join(", ");

export function buildCalendar(input: CalendarInput): Parsed<WorkCalendar> {
  const issues = new IssueList();
  let weekHours: readonly DayInterval[] = input.kind === "24x7" ? ALL_DAY : input.workingHours;
  const checked = normaliseHours(weekHours);
  if ("problem" in checked) {
    issues.error("WORKING_HOURS_INVALID", { ...(input.hoursSource ?? {}), value: fmtHours(weekHours) }, { problem: checked.problem });
    weekHours = NONE;
  } else {
    weekHours = checked.hours;
    if (weekHours.length === 0 && input.kind !== "24x7") {
      issues.error("WORKING_HOURS_INVALID", { ...(input.hoursSource ?? {}), value: "" }, { problem: "empty" });
    }
  }

  // The range with data: the built-in kind's years, widened to whole years the Calendar sheet covers.
  let firstYear = input.kind === "CN" ? CN_FIRST_YEAR : GENERIC_FIRST_YEAR;
  let lastYear = input.kind === "CN" ? CN_LAST_YEAR : GENERIC_LAST_YEAR;
  const overrideYears = new Set<number>();
  for (const o of input.overrides) {
    overrideYears.add(yearOfDay(o.day));
  }
  const coveredYears = new Set<number>();
  for (let y = firstYear; y <= lastYear; y++) coveredYears.add(y);
  for (const y of overrideYears) coveredYears.add(y);
  if (overrideYears.size) {
    firstYear = Math.min(firstYear, ...overrideYears);
    lastYear = Math.max(lastYear, ...overrideYears);
  }
  const firstDay = asDay(input.fromDay ?? daysFromCivil(firstYear, 1, 1));
  const endDay = asDay(input.toDay !== undefined ? input.toDay + 1 : daysFromCivil(lastYear + 1, 1, 1));
  const n = endDay - firstDay;

  const hoursByDay: (readonly DayInterval[])[] = new Array(n);
  const isCovered = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const d = asDay(firstDay + i);
    isCovered[i] = coveredYears.has(yearOfDay(d)) ? 1 : 0;
    hoursByDay[i] = input.kind === "24x7" ? ALL_DAY : weekdayOf(d) < 5 ? weekHours : NONE;
  }

  const namedHolidays = new Map<number, string>();
  const makeup = new Set<number>();
  if (input.kind === "CN") {
    for (const [iso, en, zh] of CN_HOLIDAYS) {
      const i = dayFromIso(iso) - firstDay;
      if (i >= 0 && i < n) {
        hoursByDay[i] = NONE;
        namedHolidays.set(i + firstDay, `${en} / ${zh}`);
      }
    }
    for (const [iso] of CN_WORKDAYS) {
      const i = dayFromIso(iso) - firstDay;
      if (i >= 0 && i < n) {
        hoursByDay[i] = weekHours;
        makeup.add(i + firstDay);
      }
    }
  }

  // The Calendar sheet wins over the built-in data (docs/CONTRACT.md, Input sheets: Calendar).
  const seen = new Map<number, string>();
  for (const o of input.overrides) {
    const i = o.day - firstDay;
    if (i < 0 || i >= n) continue;
    if (seen.has(o.day)) {
      issues.warning("CALENDAR_DAY_REPEATED", { sheet: o.source.sheet, cell: o.source.cell, value: formatDay(o.day) }, { first: seen.get(o.day) ?? "" });
    }
    seen.set(o.day, `${o.source.sheet}!${o.source.cell}`);
    if (o.type === "holiday") {
      hoursByDay[i] = NONE;
      namedHolidays.set(o.day, o.name || "holiday / 休息");
      makeup.delete(o.day);
    } else if (o.type === "workday") {
      hoursByDay[i] = weekHours;
      namedHolidays.delete(o.day);
      if (weekdayOf(o.day) >= 5) makeup.add(o.day);
    } else {
      const part = normaliseHours(o.hours);
      if ("problem" in part || part.hours.length === 0) {
        issues.error("CALENDAR_HOURS_INVALID", { sheet: o.source.sheet, cell: o.source.cell, value: fmtHours(o.hours) }, {
          problem: "problem" in part ? part.problem : "empty",
        });
        continue;
      }
      hoursByDay[i] = part.hours;
      namedHolidays.delete(o.day);
      if (weekdayOf(o.day) >= 5) makeup.add(o.day);
    }
  }

  const cumWork = new Float64Array(n + 1);
  const cumDays = new Int32Array(n + 1);
  const cumUncovered = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    cumUncovered[i + 1] = cumUncovered[i] + (isCovered[i] ? 0 : 1);
    let secs = 0;
    for (const h of hoursByDay[i]) secs += h.toSecond - h.fromSecond;
    cumWork[i + 1] = cumWork[i] + secs;
    cumDays[i + 1] = cumDays[i] + (secs > 0 ? 1 : 0);
  }

  const holidayDays = [...namedHolidays.keys()].sort((a, b) => a - b);
  const makeupDays = [...makeup].sort((a, b) => a - b);
  const label = input.kind + (input.overrides.length ? " + Calendar sheet" : "");
  const calendar = new TableCalendar(label, firstDay, n, hoursByDay, isCovered, cumUncovered, cumWork, cumDays, holidayDays, namedHolidays, makeupDays);
  return { value: calendar, issues: issues.items };
}

function yearOfDay(d: number): number {
  return civilFromDays(d).year;
}

/** Smallest i in [lo, hi] with arr[i] ≥ value (hi when none). */
function lowerBound(arr: ArrayLike<number>, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class TableCalendar implements WorkCalendar {
  constructor(
    readonly label: string,
    private readonly firstDay: number,
    private readonly n: number,
    private readonly hoursByDay: (readonly DayInterval[])[],
    private readonly isCovered: Uint8Array,
    private readonly cumUncovered: Int32Array,
    private readonly cumWork: Float64Array,
    private readonly cumDays: Int32Array,
    private readonly holidayDays: number[],
    private readonly holidayNames: Map<number, string>,
    private readonly makeupDays: number[],
  ) {}

  private index(day: number): number {
    const i = day - this.firstDay;
    if (i < 0 || i >= this.n || !this.isCovered[i]) throw new OutsideCalendarError(asDay(day));
    return i;
  }

  /** A query spanning days i..j (indices) must not cross a year without data, e.g. 2027 between CN 2026 and a Calendar-sheet 2028. */
  private assertSpan(i: number, j: number): void {
    if (this.cumUncovered[j + 1] - this.cumUncovered[i] === 0) return;
    const k = lowerBound(this.cumUncovered, this.cumUncovered[i] + 1, i, j + 1) - 1;
    throw new OutsideCalendarError(asDay(this.firstDay + k));
  }

  covers(day: DayNumber): boolean {
    const i = day - this.firstDay;
    return i >= 0 && i < this.n && this.isCovered[i] === 1;
  }

  isWorkingDay(day: DayNumber): boolean {
    return this.hoursByDay[this.index(day)].length > 0;
  }

  hoursOf(day: DayNumber): readonly DayInterval[] {
    return this.hoursByDay[this.index(day)];
  }

  /** Working seconds in [start of range, t): the prefix of t's day plus the worked part of that day. */
  private workedBefore(t: LocalSeconds): number {
    const day = Math.floor(t / SECONDS_PER_DAY);
    // 24:00 of the last day in the table is still inside it.
    if (t === day * SECONDS_PER_DAY && day - this.firstDay === this.n && this.covers(asDay(day - 1))) return this.cumWork[this.n];
    const i = this.index(day);
    const secondOfDay = t - day * SECONDS_PER_DAY;
    let inDay = 0;
    for (const h of this.hoursByDay[i]) {
      if (secondOfDay <= h.fromSecond) break;
      inDay += Math.min(secondOfDay, h.toSecond) - h.fromSecond;
    }
    return this.cumWork[i] + inDay;
  }

  workingBetween(a: LocalSeconds, b: LocalSeconds): WorkingSeconds {
    if (b <= a) return asWorking(0);
    const worked = this.workedBefore(b) - this.workedBefore(a);
    this.assertSpan(Math.floor(a / SECONDS_PER_DAY) - this.firstDay, Math.floor(b / SECONDS_PER_DAY) - this.firstDay);
    return asWorking(worked);
  }

  addWorking(a: LocalSeconds, amount: WorkingSeconds): LocalSeconds {
    if (amount <= 0) return a;
    const target = this.workedBefore(a) + amount;
    // The day in which the target-th working second falls: cumWork[i] < target ≤ cumWork[i + 1].
    const i = lowerBound(this.cumWork, target, 0, this.n + 1) - 1;
    if (i >= this.n) throw new OutsideCalendarError(asDay(this.firstDay + this.n));
    this.assertSpan(Math.floor(a / SECONDS_PER_DAY) - this.firstDay, i);
    let remaining = target - this.cumWork[i];
    for (const h of this.hoursByDay[i]) {
      const len = h.toSecond - h.fromSecond;
      // `≤`: finishing exactly at a closing time gives that closing time, not the next opening (docs/CONTRACT.md, Clocks).
      if (remaining <= len) return asLocal((this.firstDay + i) * SECONDS_PER_DAY + h.fromSecond + remaining);
      remaining -= len;
    }
    throw new Error("calendar table inconsistent"); // unreachable: cumWork says the day holds the target
  }

  nthWorkingDayAfter(day: DayNumber, n: number): DayNumber {
    const i = this.index(day);
    const target = this.cumDays[i + 1] + n; // working days up to and including `day`, plus n
    const j = lowerBound(this.cumDays, target, i + 1, this.n + 1); // first prefix reaching target: day j-1
    if (j > this.n || this.cumDays[j] < target) throw new OutsideCalendarError(asDay(this.firstDay + this.n));
    this.assertSpan(i, j - 1);
    return asDay(this.firstDay + j - 1);
  }

  workingDayOnOrAfter(day: DayNumber): DayNumber {
    return this.isWorkingDay(day) ? day : this.nthWorkingDayAfter(day, 1);
  }

  endOfDay(day: DayNumber, dayEndsAt: DayEndsAt): LocalSeconds {
    const hours = this.hoursOf(day);
    if (dayEndsAt === "close-of-business" && hours.length > 0) {
      return asLocal(day * SECONDS_PER_DAY + hours[hours.length - 1].toSecond);
    }
    return asLocal((day + 1) * SECONDS_PER_DAY);
  }

  workingDaysTouched(a: LocalSeconds, b: LocalSeconds): number {
    if (b <= a) return 0;
    const da = Math.floor(a / SECONDS_PER_DAY);
    // An instant at 00:00 closes the previous day: (a, b] holds nothing of b's day then.
    const db = Math.ceil(b / SECONDS_PER_DAY) - 1;
    if (da === db) return this.dayHasWorkIn(da, a, b) ? 1 : 0;
    const ia = this.index(da);
    const ib = this.index(db);
    const middle = this.cumDays[ib] - this.cumDays[ia + 1];
    return middle + (this.dayHasWorkIn(da, a, b) ? 1 : 0) + (this.dayHasWorkIn(db, a, b) ? 1 : 0);
  }

  /**
   * Whether day d has working time within [from, to). A method, not a closure made in workingDaysTouched: that was
   * a closure and a context for each late finding on a working clock.
   */
  private dayHasWorkIn(d: number, from: number, to: number): boolean {
    return this.workingBetween(asLocal(Math.max(from, d * SECONDS_PER_DAY)), asLocal(Math.min(to, (d + 1) * SECONDS_PER_DAY))) > 0;
  }

  describe(from: DayNumber, to: DayNumber): CalendarNotes {
    const holidays: CalendarNotes["holidays"] = [];
    const lo = lowerBound(this.holidayDays, from, 0, this.holidayDays.length);
    for (let k = lo; k < this.holidayDays.length && this.holidayDays[k] <= to; k++) {
      const d = this.holidayDays[k];
      const name = this.holidayNames.get(d) ?? "";
      const last = holidays[holidays.length - 1];
      if (last && last.to === d - 1 && last.name === name) last.to = asDay(d);
      else holidays.push({ from: asDay(d), to: asDay(d), name });
    }
    const mlo = lowerBound(this.makeupDays, from, 0, this.makeupDays.length);
    const makeupWorkdays: DayNumber[] = [];
    for (let k = mlo; k < this.makeupDays.length && this.makeupDays[k] <= to; k++) makeupWorkdays.push(asDay(this.makeupDays[k]));
    return { holidays, makeupWorkdays };
  }
}
