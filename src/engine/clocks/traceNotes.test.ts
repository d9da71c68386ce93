/**
 * A due trace names exactly what the computation used: real hours cite no working calendar but do say when the
 * zone's clocks changed in between; calendar days cite only the days their last day rests on (art. 203), not a
 * make-up workday they never reached; working units cite the holidays and make-up days they crossed.
 */
import { buildCalendar, computeDue, formatDueTrace, formatMeasuredDue, makeZoneClock, NO_PAUSES, type ClockContext } from ".";
import type { ClockUnit } from "../core/model";
import { localFromCivil, type LocalSeconds } from "../core/time";

const at = (text: string): LocalSeconds => {
  const [d, t] = text.split(" ");
  const [y, m, dd] = d.split("-").map(Number);
  const [hh, mi] = (t ?? "00:00").split(":").map(Number);
  return localFromCivil({ year: y, month: m, day: dd, hour: hh, minute: mi, second: 0 });
};
const HOURS = [{ fromSecond: 9 * 3600, toSecond: 12 * 3600 }, { fromSecond: 13 * 3600, toSecond: 18 * 3600 }];
const ctxOf = (kind: "CN" | "Mon-Fri", zone: string): ClockContext => ({
  calendar: buildCalendar({ kind, workingHours: HOURS, overrides: [] }).value, zone: makeZoneClock(zone)!, dayEndsAt: "midnight",
});
const CN = ctxOf("CN", "Asia/Shanghai");
const BERLIN = ctxOf("Mon-Fri", "Europe/Berlin");

/** Both ways a trace is written (from computeDue's trace, and for a clock already measured) must agree. */
function traces(ctx: ClockContext, unit: ClockUnit, target: number, start: string): { en: string; zh: string } {
  const o = computeDue(ctx, unit, target, at(start), NO_PAUSES);
  if (!o.ok) throw new Error("not covered");
  const out = { en: "", zh: "" };
  for (const lang of ["en", "zh"] as const) {
    const text = formatDueTrace(o.trace, o.due, lang, ctx.calendar.label);
    expect(formatMeasuredDue(ctx, unit, target, at(start), NO_PAUSES, o.due, lang)).toBe(text);
    out[lang] = text;
  }
  return out;
}

describe("hours clauses: real time, no calendar, changes of the clocks named", () => {
  it("a 24-hour clause across the autumn change says the clocks went back", () => {
    expect(traces(BERLIN, "hours", 24, "2026-10-24 10:00")).toEqual({
      en: "due 2026-10-25 09:00 = 2026-10-24 10:00 + 24 h (real hours: the clocks went back 1 h in between, Europe/Berlin)",
      zh: "期限 2026-10-25 09:00 = 2026-10-24 10:00 + 24 小时（按实际小时计：期间 Europe/Berlin 时钟回拨 1小时）",
    });
  });
  it("and across the spring change that they went forward", () => {
    expect(traces(BERLIN, "hours", 24, "2026-03-28 10:00").en).toBe(
      "due 2026-03-29 11:00 = 2026-03-28 10:00 + 24 h (real hours: the clocks went forward 1 h in between, Europe/Berlin)",
    );
  });
  it("a plain-hours clause over a public holiday cites no working calendar", () => {
    expect(traces(CN, "hours", 2, "2026-10-03 09:08")).toEqual({ en: "due 2026-10-03 11:08 = 2026-10-03 09:08 + 2 h", zh: "期限 2026-10-03 11:08 = 2026-10-03 09:08 + 2 小时" });
  });
  it("a 24-hour clause away from any change says nothing more", () => {
    expect(traces(BERLIN, "hours", 24, "2026-10-20 10:00").en).toBe("due 2026-10-21 10:00 = 2026-10-20 10:00 + 24 h");
  });
});

describe("calendar-days clauses: only the days their last day rests on", () => {
  it("a period that crosses a make-up workday but ends on an ordinary working day does not cite it", () => {
    // 10-08 + 5 days = Tue 10-13; 10-10 (a make-up Saturday) lies inside and played no part.
    expect(traces(CN, "days", 5, "2026-10-08 10:00")).toEqual({
      en: "due 2026-10-13 24:00 = end of the 5th day after 2026-10-08 (CN)",
      zh: "期限 2026-10-13 24:00 = 2026-10-08 之后第 5 天结束时（CN）",
    });
  });
  it("a period whose last day is a make-up workday cites it: that is why it was not moved", () => {
    // 10-05 + 5 days = Sat 10-10, a make-up workday: the period ends there. The holidays before it played no part.
    expect(traces(CN, "days", 5, "2026-10-05 10:00")).toEqual({
      en: "due 2026-10-10 24:00 = end of the 5th day after 2026-10-05 (CN; 10-10 make-up workday)",
      zh: "期限 2026-10-10 24:00 = 2026-10-05 之后第 5 天结束时（CN；10-10 调休上班）",
    });
  });
  it("a last day moved over a holiday cites the holiday it was moved over (art. 203)", () => {
    const t = traces(CN, "days", 3, "2026-09-28 10:00").en;
    expect(t).toMatch(/^due 2026-10-08 24:00 = end of the 3rd day after 2026-09-28; 10-01 is not a working day, so the period ends on the next working day \(Civil Code art\. 203\) \(CN; 10-01\.\.10-07 National Day holiday\)$/);
  });
});

describe("working units: every holiday and make-up day crossed", () => {
  it("a working-day clause cites the make-up workday it counted", () => {
    expect(traces(CN, "working days", 5, "2026-10-09 10:00").en).toBe("due 2026-10-15 24:00 = end of the 5th working day after 2026-10-09 (CN; 10-10 make-up workday)");
  });
});
