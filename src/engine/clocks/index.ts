/**
 * The four SLA clocks of the contract (docs/CONTRACT.md, Clocks) over a WorkCalendar and a ZoneClock: due, elapsed, late-by, and a trace.
 * Every function is a handful of table lookups (see calendar/workCalendar.ts); none steps through a deadline.
 */
import type { Lang } from "../core/issues";
import type { ClockUnit } from "../core/model";
import {
  asDay, asLocal, asWorking, dayOf, formatDay, formatLocal, minuteOfDay, SECONDS_PER_DAY, type DayNumber, type LocalSeconds,
} from "../core/time";
import {
  OutsideCalendarError, type CalendarNotes, type ClockContext, type WorkCalendar, type ClosedPause, type DueOutcome, type DueTrace, type LateMeasure,
} from "./api";

import { buildCalendar as buildCalendarOf } from "../calendar/workCalendar";
import { makeZoneClock as makeZoneClockOf } from "./zoneClock";

export * from "./api";
// Constants, not `export { … } from`: compiled to CommonJS (the CLI's build/, ts-node for the benchmarks), a re-export is a
// getter put over a property first written `undefined`, which turns this module's exports object into a dictionary;
// then every call of dueOnClock, elapsedSeconds or formatMeasuredDue from another module looked its name up in a
// hash table — millions a month. Measured: checking stage 3.0 s with the constants vs 3.5 s with `export { … } from`
// (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
export const buildCalendar = buildCalendarOf;
export const makeZoneClock = makeZoneClockOf;

export type ElapsedOutcome = { ok: true; seconds: number } | { ok: false; code: "CALENDAR_NOT_COVERED"; day: DayNumber };

const isWorkingUnit = (unit: ClockUnit) => unit === "working hours" || unit === "working days";

/** A clock without pauses: one shared, frozen list. */
export const NO_PAUSES: readonly ClosedPause[] = Object.freeze([]);

/** Pauses from `start` on, sorted and merged, empty ones dropped. */
function mergePauses(start: LocalSeconds, pauses: readonly ClosedPause[]): readonly ClosedPause[] {
  // Most clocks have no pause: no arrays built for them (every due and elapsed of a month comes here).
  // And no closure either: the lambdas that clipped and sorted captured `start`, so V8 made a context object for it
  // on every call, pause or not — 40 bytes for each due and each elapsed: with LATE in findings, the checking stage at
  // 1,048,575 tickets went from 21 scavenges to 6. The work for the few clocks with pauses is in mergeSome,
  // which captures nothing.
  return pauses.length === 0 ? NO_PAUSES : mergeSome(start, pauses);
}

function mergeSome(start: LocalSeconds, pauses: readonly ClosedPause[]): ClosedPause[] {
  // Clipped to start, empty ones dropped, sorted by start (a stable sort, as before).
  const clipped: ClosedPause[] = [];
  for (let i = 0; i < pauses.length; i++) {
    const p = pauses[i];
    const from = asLocal(Math.max(p.from, start));
    if (p.to > from) clipped.push({ from, to: p.to });
  }
  clipped.sort(byFrom);
  // Each clipped pause is a new object of this call's, so merging may widen it in place.
  const merged: ClosedPause[] = [];
  for (let i = 0; i < clipped.length; i++) {
    const p = clipped[i];
    const last = merged.length > 0 ? merged[merged.length - 1] : undefined;
    if (last !== undefined && p.from <= last.to) last.to = asLocal(Math.max(last.to, p.to));
    else merged.push(p);
  }
  return merged;
}
const byFrom = (a: ClosedPause, b: ClosedPause): number => a.from - b.from;

/**
 * calendar.describe, remembered per calendar and day span: a month's traces cross the same few hundred spans
 * millions of times. The notes are frozen, since every trace with that span shares them. Beside them,
 * their text per language for the calendar's own label (spanNotesText), so the trace of a measured clock finds it
 * in the same lookup.
 */
interface DescribedSpan {
  notes: CalendarNotes;
  /** The label the texts are under (a calendar's label does not change; checked all the same). */
  label: string;
  en: string | undefined;
  zh: string | undefined;
}
const describedSpans = new WeakMap<WorkCalendar, Map<number, DescribedSpan>>();
/**
 * The spans of the calendar asked last: a month's traces are all of one calendar (one lookup fewer each).
 * Held until another calendar is asked: one calendar and its bounded spans.
 */
let lastCalendar: WorkCalendar | null = null;
let lastSpans: Map<number, DescribedSpan> | null = null;
function describedSpan(calendar: WorkCalendar, from: DayNumber, to: DayNumber): DescribedSpan {
  let spans = calendar === lastCalendar ? lastSpans : describedSpans.get(calendar);
  if (!spans) describedSpans.set(calendar, (spans = new Map()));
  lastCalendar = calendar;
  lastSpans = spans;
  const key = from * 100_000 + (to - from);
  let span = spans.get(key);
  if (!span) {
    if (spans.size >= 16_384) spans.clear();
    const d = calendar.describe(from, to);
    const notes = Object.freeze({ holidays: Object.freeze(d.holidays.map((h) => Object.freeze(h))), makeupWorkdays: Object.freeze(d.makeupWorkdays) }) as CalendarNotes;
    span = { notes, label: calendar.label, en: undefined, zh: undefined };
    spans.set(key, span);
  }
  return span;
}

/** The calendar part of the trace of a span, under its calendar's own label, written once per span and language. */
function spanNotesText(span: DescribedSpan, lang: Lang, calendarLabel: string): string {
  if (span.label !== calendarLabel) return notesText(span.notes, lang, calendarLabel);
  return lang === "en" ? (span.en ??= notesText(span.notes, lang, calendarLabel)) : (span.zh ??= notesText(span.notes, lang, calendarLabel));
}

/**
 * The calendar part of a trace ("CN; 10-01..10-07 National Day holiday; 10-10 make-up workday"), per language,
 * notes object and calendar label (one map per language: no key string built per trace).
 */
const notesTexts: Record<Lang, WeakMap<CalendarNotes, Map<string, string>>> = { en: new WeakMap(), zh: new WeakMap() };

function notCovered(e: unknown): { ok: false; code: "CALENDAR_NOT_COVERED"; day: DayNumber } {
  if (e instanceof OutsideCalendarError) return { ok: false, code: "CALENDAR_NOT_COVERED", day: e.day };
  throw e;
}

/**
 * Due instant of a clause (docs/CONTRACT.md, Clocks). `pauses` are those of a pausable clause; each pause that begins before the
 * (moving) due pushes it later by its length on the clause's clock — real time for hours/days, working time for
 * working hours/days.
 */
export function computeDue(
  ctx: ClockContext,
  unit: ClockUnit,
  target: number,
  start: LocalSeconds,
  pauses: readonly ClosedPause[],
): DueOutcome {
  try {
    const due = dueOnClock(ctx, unit, target, start, pauses);
    const { baseDue, pausedSeconds, extendedFrom } = measured;
    // What the due rests on, for the trace (measuring a month uses dueOnClock instead): for working units the
    // holidays and make-up days the period crosses; for calendar days only its last day and the days art. 203 moved
    // it over (a make-up workday elsewhere played no part); for hours nothing of the calendar.
    let notes = NO_NOTES;
    if (unit === "days") {
      const lastDay = dayOf(asLocal(baseDue - 1));
      notes = describedSpan(ctx.calendar, extendedFrom ?? lastDay, lastDay).notes;
    } else if (unit !== "hours") notes = describedSpan(ctx.calendar, dayOf(start), dayOf(asLocal(Math.max(due - 1, start)))).notes;
    const clockShiftSeconds = unit === "hours" ? clockShift(ctx, start, due) : 0;
    const trace: DueTrace = { start, unit, target, baseDue, pausedSeconds, extendedFrom, notes, clockShiftSeconds, zone: ctx.zone.zone };
    return { ok: true, due, trace };
  } catch (e) {
    return notCovered(e);
  }
}

const NO_NOTES: CalendarNotes = Object.freeze({ holidays: Object.freeze([]), makeupWorkdays: Object.freeze([]) }) as unknown as CalendarNotes;

/** How far the zone's clocks moved from `from` to `to` (seconds; negative when they went back, as in autumn). */
function clockShift(ctx: ClockContext, from: LocalSeconds, to: LocalSeconds): number {
  return to - ctx.zone.toUtc(to) - (from - ctx.zone.toUtc(from));
}

/**
 * The note of an hours clock across a change of the clocks: "24 h" are real hours, so the due's wall-clock time
 * differs from the start's. "" when the clocks did not move.
 */
function clockShiftText(shiftSeconds: number, zone: string, lang: Lang): string {
  if (shiftSeconds === 0) return "";
  const by = formatDuration(Math.abs(shiftSeconds), lang);
  if (lang === "en") return ` (real hours: the clocks went ${shiftSeconds < 0 ? "back" : "forward"} ${by} in between, ${zone})`;
  return `（按实际小时计：期间 ${zone} 时钟${shiftSeconds < 0 ? "回拨" : "拨快"} ${by}）`;
}

/** What dueOnClock found besides the due, for computeDue's trace: one record, overwritten by every call. */
const measured = { baseDue: 0 as LocalSeconds, pausedSeconds: 0, extendedFrom: null as DayNumber | null };

/**
 * computeDue's due alone, for measuring a month: no trace or result object per clock. Fills `measured`;
 * throws OutsideCalendarError when the calendar does not cover the period.
 */
export function dueOnClock(ctx: ClockContext, unit: ClockUnit, target: number, start: LocalSeconds, pauses: readonly ClosedPause[]): LocalSeconds {
  const { calendar, zone } = ctx;
  let baseDue: LocalSeconds;
  let extendedFrom: DayNumber | null = null;
  if (unit === "hours") {
    baseDue = zone.fromUtc(zone.toUtc(start) + Math.round(target * 3600));
  } else if (unit === "working hours") {
    // A start outside working time counts from the next opening; that falls out of the prefix sums.
    baseDue = calendar.addWorking(start, asWorking(Math.round(target * 3600)));
  } else if (unit === "days") {
    // Art. 201: the start day is not counted. Art. 203: a last day that is not a working day moves to the next.
    const nominal = (dayOf(start) + Math.ceil(target)) as DayNumber;
    const last = calendar.workingDayOnOrAfter(nominal);
    if (last !== nominal) extendedFrom = nominal;
    baseDue = calendar.endOfDay(last, ctx.dayEndsAt);
  } else {
    const last = calendar.nthWorkingDayAfter(dayOf(start), Math.ceil(target));
    baseDue = calendar.endOfDay(last, ctx.dayEndsAt);
  }

  let due = baseDue;
  let pausedSeconds = 0;
  const merged = mergePauses(start, pauses);
  for (let i = 0; i < merged.length; i++) {
    const p = merged[i];
    if (p.from >= due) break;
    if (isWorkingUnit(unit)) {
      const w = calendar.workingBetween(p.from, p.to);
      pausedSeconds += w;
      due = calendar.addWorking(due, w);
    } else {
      const real = zone.toUtc(p.to) - zone.toUtc(p.from);
      pausedSeconds += real;
      due = zone.fromUtc(zone.toUtc(due) + real);
    }
  }
  measured.baseDue = baseDue;
  measured.pausedSeconds = pausedSeconds;
  measured.extendedFrom = extendedFrom;
  return due;
}

/** Time on the clause's clock from start to end, pause time excluded (docs/CONTRACT.md, Clocks: "Elapsed"). */
export function elapsedOnClock(
  ctx: ClockContext,
  unit: ClockUnit,
  start: LocalSeconds,
  end: LocalSeconds,
  pauses: readonly ClosedPause[],
): ElapsedOutcome {
  try {
    return { ok: true, seconds: elapsedWithin(ctx, unit, start, end, pauses) };
  } catch (e) {
    return notCovered(e);
  }
}

/** elapsedOnClock's seconds, null when the calendar does not cover them: no result object per clock. */
export function elapsedSeconds(ctx: ClockContext, unit: ClockUnit, start: LocalSeconds, end: LocalSeconds, pauses: readonly ClosedPause[]): number | null {
  try {
    return elapsedWithin(ctx, unit, start, end, pauses);
  } catch (e) {
    notCovered(e);
    return null;
  }
}

/** elapsedOnClock's seconds; throws OutsideCalendarError. */
function elapsedWithin(ctx: ClockContext, unit: ClockUnit, start: LocalSeconds, end: LocalSeconds, pauses: readonly ClosedPause[]): number {
  if (end <= start) return 0;
  const { calendar, zone } = ctx;
  // The merged pauses clipped to `end` as the loop goes: no filtered and mapped copies, which every clock of a
  // month built even without a pause.
  const merged = mergePauses(start, pauses);
  const working = isWorkingUnit(unit);
  let seconds = working ? (calendar.workingBetween(start, end) as number) : zone.toUtc(end) - zone.toUtc(start);
  for (let i = 0; i < merged.length; i++) {
    const p = merged[i];
    if (p.from >= end) continue;
    const to = asLocal(Math.min(p.to, end));
    seconds -= working ? calendar.workingBetween(p.from, to) : zone.toUtc(to) - zone.toUtc(p.from);
  }
  return seconds;
}

/**
 * Started hours late from the late-by seconds (docs/CONTRACT.md, Clocks: ceil(late-by / 1 h), at least 1 when late). A finding keeps
 * its late-by and started days, not the measure, and finds this again from them.
 */
export const startedHoursOf = (lateBySeconds: number): number => Math.max(1, Math.ceil(lateBySeconds / 3600));

/**
 * How late, on the clause's clock (docs/CONTRACT.md, Clocks): real seconds for hours/days, working seconds for working units.
 * Started days: per 24 real hours for hours/days; working days begun after due for working units. At least 1 of
 * each when late at all (finishing after due but outside working time is still late).
 * Throws OutsideCalendarError only if `end` lies beyond the calendar's data; callers check coverage first.
 */
export function measureLate(ctx: ClockContext, unit: ClockUnit, due: LocalSeconds, end: LocalSeconds): LateMeasure {
  const late: LateMeasure = { lateBySeconds: 0, startedDays: 0, startedHours: 0 };
  measureLateInto(ctx, unit, due, end, late);
  return late;
}

/**
 * measureLate written into `late` (each of its three figures), not into a new object: measuring a month reads the
 * measure of a million late findings once each, at once. Throws as measureLate does, before writing.
 */
export function measureLateInto(ctx: ClockContext, unit: ClockUnit, due: LocalSeconds, end: LocalSeconds, late: LateMeasure): void {
  if (end <= due) {
    late.lateBySeconds = late.startedDays = late.startedHours = 0;
    return;
  }
  const { calendar, zone } = ctx;
  if (isWorkingUnit(unit)) {
    const lateBySeconds = calendar.workingBetween(due, end) as number;
    const startedDays = Math.max(1, calendar.workingDaysTouched(due, end));
    late.lateBySeconds = lateBySeconds;
    late.startedDays = startedDays;
    late.startedHours = startedHoursOf(lateBySeconds);
    return;
  }
  const lateBySeconds = zone.toUtc(end) - zone.toUtc(due);
  late.lateBySeconds = lateBySeconds;
  late.startedDays = Math.max(1, Math.ceil(lateBySeconds / SECONDS_PER_DAY));
  late.startedHours = startedHoursOf(lateBySeconds);
}

const UNIT_WORDS: Record<Lang, Record<ClockUnit, string>> = {
  en: { hours: "h", "working hours": "working h", days: "days", "working days": "working days" },
  zh: { hours: "小时", "working hours": "工作小时", days: "天", "working days": "个工作日" },
};

const shortDay = (d: DayNumber) => formatDay(d).slice(5);

/** "1 h 30 min", "2 days 3 h" — a duration a finance user reads at a glance. */
export function formatDuration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / SECONDS_PER_DAY);
  const hours = Math.floor((s % SECONDS_PER_DAY) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  // Plain concatenation, no parts array: traces write this millions of times.
  if (lang === "zh") {
    const text = (days ? `${days}天` : "") + (hours ? `${hours}小时` : "");
    return minutes || !text ? `${text}${minutes}分钟` : text;
  }
  let text = days ? `${days} d` : "";
  if (hours) text = text ? `${text} ${hours} h` : `${hours} h`;
  if (minutes || !text) text = text ? `${text} ${minutes} min` : `${minutes} min`;
  return text;
}

/** Working-time durations read better in hours: "26 working h 30 min". */
export function formatWorkingDuration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (lang === "zh") return `${hours ? `${hours}工作小时` : ""}${minutes || !hours ? `${minutes}分钟` : ""}`;
  if (!hours) return `${minutes} min`;
  return minutes ? `${hours} working h ${minutes} min` : `${hours} working h`;
}

/**
 * The due part of a trace, e.g.
 * "due 2026-10-10 16:00 = 2026-09-30 16:00 + 24 working h (CN; 10-01..10-07 National Day holiday; 10-10 make-up workday)".
 */
export function formatDueTrace(trace: DueTrace, due: LocalSeconds, lang: Lang, calendarLabel: string): string {
  const notes = trace.unit === "hours" ? clockShiftText(trace.clockShiftSeconds, trace.zone, lang) : notesText(trace.notes, lang, calendarLabel);
  return writeDueTrace(trace.start, trace.unit, trace.target, trace.extendedFrom, trace.pausedSeconds, notes, due, lang);
}

/**
 * The due part of the trace of a clock already measured — `due` is what computeDue gave for these arguments —
 * written when the trace is read: formatDueTrace(computeDue(…).trace, due, …). A clock without pauses and not in
 * calendar days needs no second computeDue: nothing was paused and no last day moved (Civil Code art. 203 is for
 * days only), so its trace is its start, unit and target, and the calendar notes of its span. A month reads millions
 * of traces, mostly of such clocks. Measured, with the memos it reads (describedSpan, notesText, workingDayTraces):
 * sheets stage 6.2 s vs 7.9 s with every trace written as formatDueTrace(computeDue(…)) and the calendar notes
 * described and written per trace (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
 */
export function formatMeasuredDue(
  ctx: ClockContext, unit: ClockUnit, target: number, start: LocalSeconds, pauses: readonly ClosedPause[], due: LocalSeconds, lang: Lang,
): string {
  if (pauses.length > 0 || unit === "days") {
    const outcome = computeDue(ctx, unit, target, start, pauses);
    return outcome.ok ? formatDueTrace(outcome.trace, due, lang, ctx.calendar.label) : "";
  }
  // Real hours: the calendar plays no part; only a change of the clocks is worth a note.
  if (unit === "hours") return writeDueTrace(start, unit, target, null, 0, clockShiftText(clockShift(ctx, start, due), ctx.zone.zone, lang), due, lang);
  // A working-day clock's whole trace is its start day's (its due too): written once per day, target and language.
  const byDay = unit === "working days" ? workingDayTraces(ctx.calendar, lang, target) : null;
  const startDay = dayOf(start);
  const known = byDay?.get(startDay);
  if (known !== undefined && known.due === due) return known.text;
  let span: DescribedSpan;
  try {
    span = describedSpan(ctx.calendar, startDay, dayOf(asLocal(Math.max(due - 1, start)))); // as computeDue
  } catch (e) {
    notCovered(e);
    return "";
  }
  const text = writeDueTrace(start, unit, target, null, 0, spanNotesText(span, lang, ctx.calendar.label), due, lang);
  if (byDay === null) return text;
  if (byDay.size >= 4096) byDay.clear();
  const flat = text.length < 2 ? text : [text.slice(0, 1), text.slice(1)].join(""); // one flat copy: rows join it
  byDay.set(startDay, { due, text: flat });
  return flat;
}

/**
 * Due traces of working-day clocks without pauses, per calendar, language and target, by start day: a month
 * writes the same few dozen of them millions of times. The due is kept to check the caller's.
 */
interface DayTrace {
  due: LocalSeconds;
  text: string;
}
type DayTraces = Record<Lang, Map<number, Map<number, DayTrace>>>;
const dayTraces = new WeakMap<WorkCalendar, DayTraces>();
let lastTraceCalendar: WorkCalendar | null = null;
let lastDayTraces: DayTraces | null = null;
function workingDayTraces(calendar: WorkCalendar, lang: Lang, target: number): Map<number, DayTrace> {
  let traces = calendar === lastTraceCalendar ? lastDayTraces : dayTraces.get(calendar);
  if (!traces) dayTraces.set(calendar, (traces = { en: new Map(), zh: new Map() }));
  lastTraceCalendar = calendar;
  lastDayTraces = traces;
  const byTarget = lang === "en" ? traces.en : traces.zh;
  let byDay = byTarget.get(target);
  if (!byDay) {
    if (byTarget.size >= 256) byTarget.clear();
    byTarget.set(target, (byDay = new Map()));
  }
  return byDay;
}

function writeDueTrace(
  start: LocalSeconds, unit: ClockUnit, target: number, extendedFrom: DayNumber | null, pausedSeconds: number, notesText: string,
  due: LocalSeconds, lang: Lang,
): string {
  const en = lang === "en";
  let rule: string;
  if (unit === "days" || unit === "working days") {
    const startDay = formatDay(dayOf(start));
    const kind = unit === "days" ? (en ? "day" : "天") : en ? "working day" : "个工作日";
    rule = en ? `end of the ${ordinal(target)} ${kind} after ${startDay}` : `${startDay} 之后第 ${target} ${kind}结束时`;
    if (extendedFrom !== null) {
      rule += en
        ? `; ${shortDay(extendedFrom)} is not a working day, so the period ends on the next working day (Civil Code art. 203)`
        : `；${shortDay(extendedFrom)} 非工作日，顺延至下一个工作日（民法典第203条）`;
    }
  } else rule = `${formatLocal(start)} + ${target} ${UNIT_WORDS[lang][unit]}`;
  const paused =
    pausedSeconds > 0
      ? en
        ? `, + ${isWorkingUnit(unit) ? formatWorkingDuration(pausedSeconds, lang) : formatDuration(pausedSeconds, lang)} paused`
        : `，另加暂停 ${isWorkingUnit(unit) ? formatWorkingDuration(pausedSeconds, lang) : formatDuration(pausedSeconds, lang)}`
      : "";
  // A due at 00:00 ends the day before and is written so ("due 2026-11-06 24:00"): a reader given "11-07 00:00"
  // takes the 7th as the last day.
  const dueText = minuteOfDay(due) === 0 ? `${formatDay(asDay(dayOf(due) - 1))} 24:00` : formatLocal(due);
  return `${en ? "due " : "期限 "}${dueText} = ${rule}${paused}${notesText}`;
}

/** The calendar part of a trace, in brackets: remembered per language, notes object and calendar label. */
function notesText(calendarNotes: CalendarNotes, lang: Lang, calendarLabel: string): string {
  const en = lang === "en";
  const byNotes = en ? notesTexts.en : notesTexts.zh;
  let texts = byNotes.get(calendarNotes);
  if (!texts) byNotes.set(calendarNotes, (texts = new Map()));
  let text = texts.get(calendarLabel);
  if (text === undefined) {
    const notes: string[] = [calendarLabel];
    for (const h of calendarNotes.holidays) {
      const span = h.from === h.to ? shortDay(h.from) : `${shortDay(h.from)}..${shortDay(h.to)}`;
      const name = (en ? h.name.split(" / ")[0] : h.name.split(" / ")[1] ?? h.name) || "";
      notes.push(en ? `${span} ${name} holiday`.replace(/holiday holiday$/, "holiday") : `${span} ${name}休息`);
    }
    for (const d of calendarNotes.makeupWorkdays) notes.push(en ? `${shortDay(d)} make-up workday` : `${shortDay(d)} 调休上班`);
    // Kept with its brackets: one piece fewer to join per trace.
    text = en ? ` (${notes.join("; ")})` : `（${notes.join("；")}）`;
    texts.set(calendarLabel, text);
  }
  return text;
}

const ORDINAL_SUFFIXES = ["th", "st", "nd", "rd"];
function ordinal(n: number): string {
  const s = ORDINAL_SUFFIXES;
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] || s[v] || s[0]}`;
}
