/**
 * The SLA.* worksheet functions (namespace SLA, set in manifest.xml). Their metadata (functions.json) is generated
 * from these JSDoc tags by Microsoft's custom-functions-metadata-plugin at build time, which also adds the
 * CustomFunctions.associate calls; the logic is in slaFunctions.ts and the rules in the engine.
 * Errors are Excel error values with a message:
 * https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-errors
 */
/// <reference types="custom-functions-runtime" />
import type { Lang } from "../engine";
import { argumentMessage } from "./messages";
import { isFunctionError, slaDue, slaElapsed, slaIsWorkday, slaLateBy, slaWorkday, type FunctionResult } from "./slaFunctions";
import { workbookClock } from "./workbookClock";

/** Office's UI language: Chinese for zh-*, else English. */
function language(): Lang {
  let tag = "";
  try {
    tag = Office.context.displayLanguage ?? "";
  } catch {
    tag = "";
  }
  return /^zh/i.test(tag) ? "zh" : "en";
}

async function settle<T>(compute: (book: Awaited<ReturnType<typeof workbookClock>>, lang: Lang) => FunctionResult<T>): Promise<T> {
  const lang = language();
  let book;
  try {
    book = await workbookClock();
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, argumentMessage({ kind: "workbook", detail }, lang));
  }
  const result = compute(book, lang);
  if (isFunctionError(result)) throw new CustomFunctions.Error(CustomFunctions.ErrorCode[result.error], result.message);
  return result;
}

// Civil Code art. 201/203 period counting, end of day and working hours, as a settlement counts them.
/**
 * The due date-time of an SLA target from start, on the agreement's calendar with PRC make-up workdays.
 * @customfunction DUE
 * @param start The start date-time, e.g. when the ticket was reported.
 * @param target The target, a positive number, e.g. 24 or 3.
 * @param unit "hours", "working hours", "days" or "working days" (h, wh, d, wd; 小时, 工作小时, 天, 工作日).
 * @param [calendar] "CN", "Mon-Fri" or "24x7". Default: the Agreement sheet's calendar, else CN.
 * @param [hours] Working hours such as "09:00-12:00, 13:30-18:00". Default: the Agreement sheet's, else 09:00-18:00.
 * @returns The due date-time.
 */
export async function due(start: number, target: number, unit: string, calendar?: string, hours?: string): Promise<number> {
  return settle((book, lang) => slaDue(book, lang, start, target, unit, calendar, hours));
}

// Real time for hours and days, working time for working units; a duration in days, as end - start is.
/**
 * Time from start to end on the unit's clock, in days (format the cell as [h]:mm, or multiply by 24 for hours).
 * @customfunction ELAPSED
 * @param start The start date-time.
 * @param end The end date-time, not before start.
 * @param unit "hours", "working hours", "days" or "working days" (h, wh, d, wd; 小时, 工作小时, 天, 工作日).
 * @param [calendar] "CN", "Mon-Fri" or "24x7". Default: the Agreement sheet's calendar, else CN.
 * @param [hours] Working hours such as "09:00-12:00, 13:30-18:00". Default: the Agreement sheet's, else 09:00-18:00.
 * @returns The elapsed time on the clock, in days.
 */
export async function elapsed(start: number, end: number, unit: string, calendar?: string, hours?: string): Promise<number> {
  return settle((book, lang) => slaElapsed(book, lang, start, end, unit, calendar, hours));
}

// On the clause's own clock (working time for working units), as the settlement's Late By.
/**
 * How late end is against the due of the target from start, in days; 0 when on time (format the cell as [h]:mm).
 * @customfunction LATEBY
 * @param start The start date-time.
 * @param end The date-time the work was done.
 * @param target The target, a positive number.
 * @param unit "hours", "working hours", "days" or "working days" (h, wh, d, wd; 小时, 工作小时, 天, 工作日).
 * @param [calendar] "CN", "Mon-Fri" or "24x7". Default: the Agreement sheet's calendar, else CN.
 * @param [hours] Working hours such as "09:00-12:00, 13:30-18:00". Default: the Agreement sheet's, else 09:00-18:00.
 * @returns The time late, in days (0 when on time).
 */
export async function lateBy(start: number, end: number, target: number, unit: string, calendar?: string, hours?: string): Promise<number> {
  return settle((book, lang) => slaLateBy(book, lang, start, end, target, unit, calendar, hours));
}

// Art. 201: the date itself is not counted; n = 0 is art. 203's "that day, or the next working day".
/**
 * The nth working day after date, with PRC make-up workdays; n = 0 gives date itself or the next working day.
 * @customfunction WORKDAY
 * @param date The date to count from.
 * @param n How many working days, a whole number 0 or more.
 * @param [calendar] "CN", "Mon-Fri" or "24x7". Default: the Agreement sheet's calendar, else CN.
 * @returns The working day, as a date.
 */
export async function workday(date: number, n: number, calendar?: string): Promise<number> {
  return settle((book, lang) => slaWorkday(book, lang, date, n, calendar));
}

/**
 * TRUE when date is a working day of the calendar: make-up workdays (调休上班) are, public holidays are not.
 * @customfunction ISWORKDAY
 * @param date The date.
 * @param [calendar] "CN", "Mon-Fri" or "24x7". Default: the Agreement sheet's calendar, else CN.
 * @returns TRUE on a working day.
 */
export async function isWorkday(date: number, calendar?: string): Promise<boolean> {
  return settle((book, lang) => slaIsWorkday(book, lang, date, calendar));
}
