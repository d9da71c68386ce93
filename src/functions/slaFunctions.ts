/**
 * The worksheet functions' logic, host-free: arguments as Excel hands them in → the engine's clocks → an Excel value,
 * or an error value with a message. Every rule (period counting, end of day, working hours, the calendar's data)
 * is the engine's; this file only reads arguments, picks the clock context and converts serials.
 *
 * Results: SLA.DUE and SLA.WORKDAY give date serials of the workbook's date system; SLA.ELAPSED and SLA.LATEBY give
 * a duration in days, as Excel's own `end - start` does (×24 for hours; format `[h]:mm`).
 */
import {
  clockContextOf, computeDue, makeZoneClock, dayOf, elapsedOnClock, formatDay, formatLocal, localFromSerial, measureLate, NO_PAUSES,
  OutsideCalendarError, parseCalendarKind, parseClockUnit, parseWorkingHours, readClockSettings, renderIssue, serialFromLocal,
  startOfDay, asDay, type ClockContext, type ClockSettings, type ClockUnit, type DateSystem, type DayNumber, type Issue,
  type Lang, type LocalSeconds,
} from "../engine";
import { argumentMessage, type ArgumentProblem } from "./messages";

/** Excel's error values a function may give (CustomFunctions.ErrorCode names). */
export type ErrorKind = "invalidValue" | "invalidNumber" | "notAvailable";
export interface FunctionError {
  error: ErrorKind;
  message: string;
}
export type FunctionResult<T> = T | FunctionError;

export const isFunctionError = (r: unknown): r is FunctionError =>
  typeof r === "object" && r !== null && typeof (r as FunctionError).error === "string";

/** What the functions know of the workbook they are in. */
export interface WorkbookClock {
  /** The Agreement's clock settings; null when the workbook has no Agreement sheet (then CN and the defaults). */
  settings: ClockSettings | null;
  /** Problems with those settings (only errors stop a function). */
  issues: Issue[];
  dateSystem: DateSystem;
}

/**
 * The Agreement's defaults for a workbook without an Agreement sheet: read from an empty one by the engine's reader,
 * so the defaults live in one place (CN, 09:00-18:00, end of day 24:00, Asia/Shanghai).
 */
export const DEFAULT_SETTINGS: ClockSettings = readClockSettings(
  { sheets: [{ name: "Agreement", rows: [] }] },
  { makeZoneClock: makeZoneClock },
).value as ClockSettings;

/** A workbook without an Agreement sheet, in the given date system. */
export const noAgreement = (dateSystem: DateSystem = "1900"): WorkbookClock => ({ settings: null, issues: [], dateSystem });

const fail = (error: ErrorKind, problem: ArgumentProblem, lang: Lang): FunctionError => ({ error, message: argumentMessage(problem, lang) });

function issueError(error: ErrorKind, issue: Issue, lang: Lang): FunctionError {
  const { problem, fix } = renderIssue(issue, lang);
  const where = issue.sheet ? `${issue.sheet}${issue.cell ? `!${issue.cell}` : ""}: ` : "";
  return { error, message: `${where}${problem} ${fix}`.trim() };
}

/** The engine's words for a day outside the calendar's data (the same issue a settlement reports). */
function notCovered(day: DayNumber, ctx: ClockContext, lang: Lang): FunctionError {
  const issue: Issue = {
    severity: "error", code: "CALENDAR_NOT_COVERED", sheet: "", cell: "", value: formatDay(day), params: { calendar: ctx.calendar.label },
  };
  return issueError("invalidNumber", issue, lang);
}

const isOmitted = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const shown = (v: unknown) => (typeof v === "string" ? v : String(v));

/** Contexts built so far, per settings object, calendar and hours: a CN table is some 8,000 days, built once. */
const contexts = new WeakMap<ClockSettings, Map<string, FunctionResult<ClockContext>>>();

/** The clock context of the arguments: the calendar and hours given, else the Agreement's, else the defaults. */
export function contextOf(book: WorkbookClock, calendarArg: unknown, hoursArg: unknown, lang: Lang): FunctionResult<ClockContext> {
  const broken = book.issues.find((i) => i.severity === "error");
  if (broken) return issueError("invalidValue", broken, lang);
  const settings = book.settings ?? DEFAULT_SETTINGS;
  let kind = settings.calendar;
  if (!isOmitted(calendarArg)) {
    const k = typeof calendarArg === "string" ? parseCalendarKind(calendarArg) : null;
    if (!k) return fail("invalidValue", { kind: "calendar", value: shown(calendarArg) }, lang);
    kind = k;
  }
  let workingHours = settings.workingHours;
  let hoursSource = settings.hoursSource;
  if (!isOmitted(hoursArg)) {
    const h = typeof hoursArg === "string" ? parseWorkingHours(hoursArg) : null;
    if (!h || !h.ok) return fail("invalidValue", { kind: "hours", value: shown(hoursArg) }, lang);
    if (kind === "24x7") return fail("invalidValue", { kind: "hoursOn24x7", value: shown(hoursArg) }, lang);
    workingHours = h.value;
    hoursSource = undefined; // the formula's own argument, not a cell of the Agreement
  }
  const key = `${kind}|${isOmitted(hoursArg) ? "" : shown(hoursArg).trim()}|${lang}`;
  let byKey = contexts.get(settings);
  if (!byKey) contexts.set(settings, (byKey = new Map()));
  const known = byKey.get(key);
  if (known) return known;
  const built = clockContextOf({ ...settings, calendar: kind, workingHours, hoursSource });
  const broke = built.issues.find((i) => i.severity === "error");
  // An overlapping or empty hours argument is the argument's fault: the engine says what is wrong with it.
  const result: FunctionResult<ClockContext> = built.value && !broke ? built.value : issueError("invalidValue", broke ?? built.issues[0], lang);
  if (byKey.size >= 64) byKey.clear();
  byKey.set(key, result);
  return result;
}

/** A date-time argument (a serial of the workbook's date system) → wall-clock seconds. */
function instantOf(arg: string, v: unknown, book: WorkbookClock, lang: Lang): FunctionResult<LocalSeconds> {
  if (typeof v !== "number" || !Number.isFinite(v)) return fail("invalidValue", { kind: "date", arg, value: shown(v) }, lang);
  if (v < 0) return fail("invalidNumber", { kind: "dateNegative", arg, value: shown(v) }, lang);
  return localFromSerial(v, book.dateSystem);
}

/** A day with data in the calendar, or the engine's words for one without. */
function coveredDay(t: LocalSeconds, ctx: ClockContext, lang: Lang): FunctionError | null {
  const day = dayOf(t);
  return ctx.calendar.covers(day) ? null : notCovered(day, ctx, lang);
}

function unitOf(v: unknown, lang: Lang): FunctionResult<ClockUnit> {
  const unit = typeof v === "string" ? parseClockUnit(v) : null;
  return unit ?? fail("invalidValue", { kind: "unit", value: shown(v) }, lang);
}

function targetOf(v: unknown, lang: Lang): FunctionResult<number> {
  // As a clause's Target: a positive number (days and working days count started days: 1.5 days is 2).
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) return fail("invalidNumber", { kind: "target", value: shown(v) }, lang);
  return v;
}

/** A start and an end (ELAPSED, LATEBY): both date-times, the end not before the start, both on calendar days with data. */
function spanOf(start: unknown, end: unknown, ctx: ClockContext, book: WorkbookClock, lang: Lang): FunctionResult<[LocalSeconds, LocalSeconds]> {
  const a = instantOf("start", start, book, lang);
  if (isFunctionError(a)) return a;
  const b = instantOf("end", end, book, lang);
  if (isFunctionError(b)) return b;
  if (b < a) return fail("invalidNumber", { kind: "endBeforeStart", start: formatLocal(a), end: formatLocal(b) }, lang);
  return coveredDay(a, ctx, lang) ?? coveredDay(b, ctx, lang) ?? [a, b];
}

/** SLA.DUE: the due instant of a target from start, as a date serial. */
export function slaDue(book: WorkbookClock, lang: Lang, start: unknown, target: unknown, unit: unknown, calendar?: unknown, hours?: unknown): FunctionResult<number> {
  const ctx = contextOf(book, calendar, hours, lang);
  if (isFunctionError(ctx)) return ctx;
  const u = unitOf(unit, lang);
  if (isFunctionError(u)) return u;
  const n = targetOf(target, lang);
  if (isFunctionError(n)) return n;
  const t = instantOf("start", start, book, lang);
  if (isFunctionError(t)) return t;
  const outside = coveredDay(t, ctx, lang);
  if (outside) return outside;
  const due = computeDue(ctx, u, n, t, NO_PAUSES);
  if (!due.ok) return notCovered(due.day, ctx, lang);
  return serialFromLocal(due.due, book.dateSystem);
}

/** SLA.ELAPSED: time on the unit's clock from start to end, as a duration in days. */
export function slaElapsed(book: WorkbookClock, lang: Lang, start: unknown, end: unknown, unit: unknown, calendar?: unknown, hours?: unknown): FunctionResult<number> {
  const ctx = contextOf(book, calendar, hours, lang);
  if (isFunctionError(ctx)) return ctx;
  const u = unitOf(unit, lang);
  if (isFunctionError(u)) return u;
  const span = spanOf(start, end, ctx, book, lang);
  if (isFunctionError(span)) return span;
  const [a, b] = span;
  const elapsed = elapsedOnClock(ctx, u, a, b, NO_PAUSES);
  if (!elapsed.ok) return notCovered(elapsed.day, ctx, lang);
  return elapsed.seconds / 86400;
}

/** SLA.LATEBY: how late an end is against the due of a target from start, on the unit's clock (0 when on time), in days. */
export function slaLateBy(
  book: WorkbookClock, lang: Lang, start: unknown, end: unknown, target: unknown, unit: unknown, calendar?: unknown, hours?: unknown,
): FunctionResult<number> {
  const ctx = contextOf(book, calendar, hours, lang);
  if (isFunctionError(ctx)) return ctx;
  const u = unitOf(unit, lang);
  if (isFunctionError(u)) return u;
  const n = targetOf(target, lang);
  if (isFunctionError(n)) return n;
  const span = spanOf(start, end, ctx, book, lang);
  if (isFunctionError(span)) return span;
  const [a, b] = span;
  const due = computeDue(ctx, u, n, a, NO_PAUSES);
  if (!due.ok) return notCovered(due.day, ctx, lang);
  try {
    return measureLate(ctx, u, due.due, b).lateBySeconds / 86400;
  } catch (e) {
    if (e instanceof OutsideCalendarError) return notCovered(e.day, ctx, lang);
    throw e;
  }
}

/**
 * SLA.WORKDAY: the nth working day after date (the date itself not counted, Civil Code art. 201); n = 0 gives the
 * date when it is a working day, else the next working day (art. 203). A date serial of the day (00:00).
 */
export function slaWorkday(book: WorkbookClock, lang: Lang, date: unknown, n: unknown, calendar?: unknown): FunctionResult<number> {
  const ctx = contextOf(book, calendar, null, lang);
  if (isFunctionError(ctx)) return ctx;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) return fail("invalidNumber", { kind: "count", value: shown(n) }, lang);
  const t = instantOf("date", date, book, lang);
  if (isFunctionError(t)) return t;
  const outside = coveredDay(t, ctx, lang);
  if (outside) return outside;
  const day = dayOf(t);
  try {
    const result = n === 0 ? ctx.calendar.workingDayOnOrAfter(day) : ctx.calendar.nthWorkingDayAfter(day, n);
    return serialFromLocal(startOfDay(asDay(result)), book.dateSystem);
  } catch (e) {
    if (e instanceof OutsideCalendarError) return notCovered(e.day, ctx, lang);
    throw e;
  }
}

/** SLA.ISWORKDAY: whether the date's day is a working day of the calendar (make-up workdays are). */
export function slaIsWorkday(book: WorkbookClock, lang: Lang, date: unknown, calendar?: unknown): FunctionResult<boolean> {
  const ctx = contextOf(book, calendar, null, lang);
  if (isFunctionError(ctx)) return ctx;
  const t = instantOf("date", date, book, lang);
  if (isFunctionError(t)) return t;
  const outside = coveredDay(t, ctx, lang);
  if (outside) return outside;
  return ctx.calendar.isWorkingDay(dayOf(t));
}
