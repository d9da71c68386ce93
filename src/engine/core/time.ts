/**
 * Wall-clock time in the agreement's time zone, as plain integers (docs/ARCHITECTURE.md, "Local wall-clock seconds, not Date"): never `Date`, never the host
 * clock or host zone. Calendar arithmetic uses Howard Hinnant's days-from-civil algorithm.
 *
 * - `LocalSeconds`: seconds since 1970-01-01 00:00:00 *local wall clock* (no zone attached).
 * - `DayNumber`:    days since 1970-01-01 (local date).
 * - `WorkingSeconds`: an amount of working time. A different brand, so it cannot be added to LocalSeconds by mistake.
 */
import type { Lang } from "./issues";

export type LocalSeconds = number & { readonly __brand: "LocalSeconds" };
export type DayNumber = number & { readonly __brand: "DayNumber" };
export type WorkingSeconds = number & { readonly __brand: "WorkingSeconds" };

export const SECONDS_PER_DAY = 86400;

export const asLocal = (n: number): LocalSeconds => n as LocalSeconds;
export const asDay = (n: number): DayNumber => n as DayNumber;
export const asWorking = (n: number): WorkingSeconds => n as WorkingSeconds;

export interface CivilDateTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
export function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return asDay(era * 146097 + doe - 719468);
}

/**
 * daysFromCivil of the first of every month 1900–2199, the years a date cell nearly always has: a reader adds the day
 * to it instead of the four divisions of daysFromCivil — a million-ticket month reads some seven million dates.
 * A day is the month's first plus its number less one, in daysFromCivil as here.
 */
const TABLE_FIRST_YEAR = 1900;
const MONTH_STARTS = new Int32Array(300 * 12);
for (let k = 0; k < MONTH_STARTS.length; k++) MONTH_STARTS[k] = daysFromCivil(TABLE_FIRST_YEAR + Math.floor(k / 12), (k % 12) + 1, 1);

/** daysFromCivil for a whole year and a month 1–12 (any whole day), from MONTH_STARTS where it reaches. */
export function daysFromCivilMonth(year: number, month: number, day: number): DayNumber {
  const k = (year - TABLE_FIRST_YEAR) * 12 + month - 1;
  return k >= 0 && k < MONTH_STARTS.length ? asDay(MONTH_STARTS[k] + day - 1) : daysFromCivil(year, month, day);
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isValidCivilDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar; a date reader checks a day against it. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1];
}

export function localFromCivil(c: CivilDateTime): LocalSeconds {
  return asLocal(daysFromCivil(c.year, c.month, c.day) * SECONDS_PER_DAY + c.hour * 3600 + c.minute * 60 + c.second);
}

export function civilFromLocal(t: LocalSeconds): CivilDateTime {
  const days = Math.floor(t / SECONDS_PER_DAY);
  const secs = t - days * SECONDS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return { year, month, day, hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60 };
}

export function dayOf(t: LocalSeconds): DayNumber {
  return asDay(Math.floor(t / SECONDS_PER_DAY));
}

export function startOfDay(d: DayNumber): LocalSeconds {
  return asLocal(d * SECONDS_PER_DAY);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(d: DayNumber): number {
  return (((d + 3) % 7) + 7) % 7;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");
const pad4 = (n: number): string => String(n).padStart(4, "0");

/** `2026-10-03` */
export function formatDay(d: DayNumber): string {
  return dayText(d); // remembered: traces write the same few hundred days millions of times
}

function writeDay(d: number): string {
  const c = civilFromDays(d);
  return `${pad4(c.year)}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** `2026-10-03 14:05` (seconds shown only when non-zero). A 24:00 instant is written as 00:00 of the next day. */
export function formatLocal(t: LocalSeconds): string {
  const days = Math.floor(t / SECONDS_PER_DAY);
  const secs = t - days * SECONDS_PER_DAY;
  if (!Number.isInteger(secs)) {
    const c = civilFromLocal(t);
    return `${pad4(c.year)}-${pad2(c.month)}-${pad2(c.day)} ${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`;
  }
  // Traces write millions of times: the day part comes from a small memo, " HH:MM" from a table of the
  // day's 1,440 minutes, so a time on the minute is one concatenation. Measured: sheets stage 6.2 s with these
  // vs 9.2 s with formatDay and formatLocal written from civilFromLocal each time (CPU time at 1,048,575
  // tickets, median of 3 interleaved pairs, 2026-12-06).
  const second = secs % 60;
  const base = dayText(days) + MINUTE_TEXTS[(secs - second) / 60];
  return second ? `${base}:${TWO_DIGITS[second]}` : base;
}

/** The minute of the day (0–1439) of an instant on the minute, else -1. */
export function minuteOfDay(t: LocalSeconds): number {
  const secs = t - Math.floor(t / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  // As an int32 when whole, so the remainder is integer arithmetic, not a floating-point fmod call. And
  // below a day: a tiny negative fraction of a second rounds secs up to a whole day (not an instant on the minute).
  const whole = secs | 0;
  return whole === secs && whole % 60 === 0 && whole < SECONDS_PER_DAY ? whole / 60 : -1;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => pad2(i));
/** " HH:MM" of each minute of the day. */
const MINUTE_TEXTS: readonly string[] = Array.from({ length: 1440 }, (_, m) => ` ${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);
const dayTexts = new Map<number, string>();
/** writeDay, remembered for the few hundred days a month's traces mention (bounded, so it never grows with data). */
function dayText(days: number): string {
  let text = dayTexts.get(days);
  if (text === undefined) {
    if (dayTexts.size >= 4096) dayTexts.clear();
    text = writeDay(days);
    dayTexts.set(days, text);
  }
  return text;
}

/** Local ISO without offset, as in the JSON (docs/CONTRACT.md, Command line): `2026-10-03T14:05:00`. */
export function isoLocal(t: LocalSeconds): string {
  const c = civilFromLocal(t);
  return `${pad4(c.year)}-${pad2(c.month)}-${pad2(c.day)}T${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}`;
}

/** Excel's serial 25569 is 1970-01-01 (1900 date system); serials are local wall-clock days. Rounded to the second. */
export const EXCEL_EPOCH_OFFSET_DAYS = 25569;

export function localFromExcelSerial(serial: number): LocalSeconds {
  return asLocal(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * SECONDS_PER_DAY));
}

export function excelSerialFromLocal(t: LocalSeconds): number {
  return t / SECONDS_PER_DAY + EXCEL_EPOCH_OFFSET_DAYS;
}

export function excelSerialFromDay(d: DayNumber): number {
  return d + EXCEL_EPOCH_OFFSET_DAYS;
}

/** A settlement month `2026-10`: its first day and the day after its last. */
export interface Month {
  year: number;
  month: number;
}

export function parseMonth(text: string): Month | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { year, month };
}

export function formatMonth(m: Month): string {
  return `${pad4(m.year)}-${pad2(m.month)}`;
}

export function firstDayOfMonth(m: Month): DayNumber {
  return daysFromCivil(m.year, m.month, 1);
}

export function firstDayOfNextMonth(m: Month): DayNumber {
  return m.month === 12 ? daysFromCivil(m.year + 1, 1, 1) : daysFromCivil(m.year, m.month + 1, 1);
}

export function nextMonth(m: Month): Month {
  return m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
}

export function previousMonth(m: Month): Month {
  return m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 };
}

/** Adds calendar months, clamping the day to the month's length (a 12-month warranty from 01-31 ends at the month end). */
export function addMonthsToDay(d: DayNumber, months: number): DayNumber {
  const c = civilFromDays(d);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = civilFromDays(firstDayOfNextMonth({ year, month }) - 1).day;
  return daysFromCivil(year, month, Math.min(c.day, lastDay));
}

/**
 * The day a deadline belongs to: an instant at 00:00 closes the day before it (a period that "ends at 24:00 of
 * 11-06" is the instant 11-07 00:00), any other instant lies within its own day.
 */
export function deadlineDay(instant: LocalSeconds): DayNumber {
  const day = dayOf(instant);
  return instant === startOfDay(day) ? asDay(day - 1) : day;
}

export interface DeadlineTextOptions {
  lang: Lang;
  /** "short": `2026-11-06 24:00` for cells and tables; "long": with the weekday (and the zone when given) for sentences. */
  style: "short" | "long";
  /** The agreement's IANA zone, shown in the long style so a reader elsewhere knows whose 24:00 it is. */
  zone?: string;
}

const WEEKDAY_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const WEEKDAY_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] as const;

/**
 * A deadline as people read it. People say "by the end of Friday", not "by Saturday 00:00": a reader given
 * "2026-11-07 00:00" takes the 7th as the last day and is a day late. So an instant at 00:00 is written as 24:00 of
 * the day before; any other instant (a close-of-business deadline, an hours clause) keeps its own time.
 *
 *   short en/zh  2026-11-06 24:00                          2026-11-06 18:00
 *   long  en     by end of Fri 2026-11-06 (24:00, Asia/Shanghai)   by Fri 2026-11-06 18:00, Asia/Shanghai
 *   long  zh     2026年11月6日（周五）24:00 前（Asia/Shanghai）       2026年11月6日（周五）18:00 前（Asia/Shanghai）
 */
export function formatDeadline(instant: LocalSeconds, opts: DeadlineTextOptions): string {
  const day = deadlineDay(instant);
  const endOfDay = instant === startOfDay(day) + SECONDS_PER_DAY;
  // Short: formatLocal's text but for 24:00 (cells of a million-row sheet write it: no pieces beyond those).
  if (opts.style === "short") return endOfDay ? formatDay(day) + " 24:00" : formatLocal(instant);
  // The time of day: 24:00 for an end of day, else as formatLocal writes it (seconds only when non-zero).
  const time = endOfDay ? "24:00" : formatLocal(instant).slice(formatDay(day).length + 1);
  const weekday = weekdayOf(day);
  if (opts.lang === "zh") {
    const c = civilFromDays(day);
    const zone = opts.zone ? `（${opts.zone}）` : "";
    return `${c.year}年${c.month}月${c.day}日（${WEEKDAY_ZH[weekday]}）${time} 前${zone}`;
  }
  const date = `${WEEKDAY_EN[weekday]} ${formatDay(day)}`;
  if (endOfDay) return `by end of ${date} (24:00${opts.zone ? `, ${opts.zone}` : ""})`;
  return `by ${date} ${time}${opts.zone ? `, ${opts.zone}` : ""}`;
}
