/**
 * The Calendar sheet: the user's holidays and make-up workdays, which win over the built-in data.
 */
import { IssueList } from "../core/issues";
import type { CalendarOverride } from "../core/model";
import type { ZoneClock } from "../clocks/api";
import { normalizeText } from "./normalize";
import { cellText, coerceDay, coerceHours } from "./values";
import { dataRows, get, ref, type Table, take } from "./table";

const DAY_TYPES: Record<string, CalendarOverride["type"]> = {
  holiday: "holiday", off: "holiday", 休息: "holiday", 假日: "holiday", 节假日: "holiday", 放假: "holiday", 休: "holiday",
  workday: "workday", makeup: "workday", makeupworkday: "workday", "make-upworkday": "workday", 调休上班: "workday", 上班: "workday", 工作日: "workday", 班: "workday",
  hours: "hours", partday: "hours", "part-day": "hours", 部分工作: "hours", 半天: "hours", 时段: "hours",
};

export function readCalendar(t: Table, zone: ZoneClock | null, issues: IssueList): CalendarOverride[] {
  const out: CalendarOverride[] = [];
  for (const r of dataRows(t)) {
    const day = take(t, r, "date", (c) => coerceDay(c, zone), issues, { required: true });
    const typeText = cellText(get(t, r, "type"));
    const type = DAY_TYPES[normalizeText(typeText)];
    if (!type) issues.error("CALENDAR_TYPE_UNKNOWN", { ...ref(t, r, "type"), value: typeText });
    let hours: CalendarOverride["hours"] = [];
    if (type === "hours") {
      const h = take(t, r, "hours", coerceHours, issues, { required: true });
      if (h === null) continue;
      hours = h;
    }
    if (day === null || !type) continue;
    out.push({ day, type, hours, name: cellText(get(t, r, "name")).trim(), source: ref(t, r, "date") });
  }
  return out;
}
