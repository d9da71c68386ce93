/**
 * The words of the worksheet functions' argument errors, in both languages. Problems with the workbook itself (a bad
 * Working Hours cell, a day outside the calendar's data) use the engine's own issue texts, so a formula and a
 * settlement say the same thing about them.
 */
import type { Lang } from "../engine";

export type ArgumentProblem =
  | { kind: "date"; arg: string; value: string }
  | { kind: "dateNegative"; arg: string; value: string }
  | { kind: "target"; value: string }
  | { kind: "unit"; value: string }
  | { kind: "calendar"; value: string }
  | { kind: "hours"; value: string }
  | { kind: "hoursOn24x7"; value: string }
  | { kind: "count"; value: string }
  | { kind: "endBeforeStart"; start: string; end: string }
  | { kind: "workbook"; detail: string };

const UNITS_EN = "hours, working hours, days or working days (h, wh, d, wd)";
const UNITS_ZH = "小时、工作小时、天或工作日（h、wh、d、wd）";

export function argumentMessage(p: ArgumentProblem, lang: Lang): string {
  if (lang === "zh") {
    switch (p.kind) {
      case "date":
        return `${p.arg} 必须是 Excel 日期时间（如 2026-10-03 14:05 或其序列号），而不是“${p.value}”。`;
      case "dateNegative":
        return `${p.arg} 为负数（${p.value}），不是日期。请填写 Excel 日期时间。`;
      case "target":
        return `时限必须是正数，而不是“${p.value}”。例如 24 或 3。`;
      case "unit":
        return `单位“${p.value}”无法识别。请写 ${UNITS_ZH}。`;
      case "calendar":
        return `日历“${p.value}”无法识别。请写 CN（法定节假日与调休）、Mon-Fri 或 24x7，或留空以使用协议表的日历。`;
      case "hours":
        return `工作时间“${p.value}”无法读取。请写成 09:00-12:00, 13:30-18:00 这样的时段。`;
      case "hoursOn24x7":
        return `24x7 日历全天计时，不使用工作时间“${p.value}”。请删除该参数或选择 CN / Mon-Fri 日历。`;
      case "count":
        return `工作日数必须是 0 或正整数，而不是“${p.value}”（0 表示当天为工作日则取当天，否则取下一个工作日）。`;
      case "endBeforeStart":
        return `结束时间 ${p.end} 早于开始时间 ${p.start}。请检查两个参数的顺序。`;
      case "workbook":
        return `无法读取工作簿的协议表：${p.detail}。请重新计算（Ctrl+Alt+F9）；若仍失败，请在参数中写明日历。`;
    }
  }
  switch (p.kind) {
    case "date":
      return `${p.arg} must be an Excel date-time (e.g. 2026-10-03 14:05, or its serial number), not "${p.value}".`;
    case "dateNegative":
      return `${p.arg} is negative (${p.value}), which is no date. Give an Excel date-time.`;
    case "target":
      return `The target must be a positive number, not "${p.value}". For example 24 or 3.`;
    case "unit":
      return `The unit "${p.value}" is not known. Write ${UNITS_EN}.`;
    case "calendar":
      return `The calendar "${p.value}" is not known. Write CN (PRC holidays and make-up workdays), Mon-Fri or 24x7, or leave it out to use the Agreement sheet's.`;
    case "hours":
      return `The working hours "${p.value}" cannot be read. Write intervals such as 09:00-12:00, 13:30-18:00.`;
    case "hoursOn24x7":
      return `The 24x7 calendar counts every hour and uses no working hours ("${p.value}"). Leave hours out, or choose the CN or Mon-Fri calendar.`;
    case "count":
      return `The number of working days must be 0 or a whole positive number, not "${p.value}" (0: the day itself when it is a working day, else the next one).`;
    case "endBeforeStart":
      return `The end ${p.end} is before the start ${p.start}. Check the order of the two arguments.`;
    case "workbook":
      return `The workbook's Agreement sheet could not be read: ${p.detail}. Recalculate (Ctrl+Alt+F9); if it still fails, give the calendar as an argument.`;
  }
}
