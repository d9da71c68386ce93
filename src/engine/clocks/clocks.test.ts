import fc from "fast-check";
import { buildCalendar, computeDue, elapsedOnClock, formatDueTrace, formatMeasuredDue, makeZoneClock, measureLate, NO_PAUSES, type ClockContext } from ".";
import type { CalendarOverride, ClockUnit, DayInterval } from "../core/model";
import { asDay, asLocal, asWorking, daysFromCivil, formatDeadline, formatLocal, localFromCivil, type LocalSeconds } from "../core/time";

const H = (a: string, b: string): DayInterval => {
  const s = (x: string) => Number(x.slice(0, 2)) * 3600 + Number(x.slice(3, 5)) * 60;
  return { fromSecond: s(a), toSecond: s(b) };
};
const HOURS = [H("09:00", "12:00"), H("13:00", "18:00")];
const at = (text: string): LocalSeconds => {
  const [d, t] = text.split(" ");
  const [y, m, dd] = d.split("-").map(Number);
  const [hh, mi] = (t ?? "00:00").split(":").map(Number);
  return localFromCivil({ year: y, month: m, day: dd, hour: hh, minute: mi, second: 0 });
};
function ctxOf(kind: "CN" | "Mon-Fri" | "24x7" = "CN", zone = "Asia/Shanghai", overrides: CalendarOverride[] = [], dayEndsAt: "midnight" | "close-of-business" = "midnight"): ClockContext {
  const cal = buildCalendar({ kind, workingHours: HOURS, overrides });
  expect(cal.issues).toEqual([]);
  return { calendar: cal.value, zone: makeZoneClock(zone)!, dayEndsAt };
}
const CN = ctxOf();
const due = (ctx: ClockContext, unit: ClockUnit, target: number, start: string, pauses: [string, string][] = []) => {
  const o = computeDue(ctx, unit, target, at(start), pauses.map(([a, b]) => ({ from: at(a), to: at(b) })));
  if (!o.ok) throw new Error(`not covered ${o.day}`);
  return formatLocal(o.due);
};

describe("the worked examples of docs/CALENDAR.md (CN 2026, 09:00-12:00, 13:00-18:00)", () => {
  it.each([
    ["2026-09-30 16:00", "working hours", 24, "2026-10-10 16:00"], // make-up Saturday
    ["2026-10-01 10:00", "working hours", 2, "2026-10-08 11:00"],
    ["2026-09-19 20:00", "working hours", 1, "2026-09-20 10:00"], // Sunday make-up workday
    ["2026-09-24 17:00", "working hours", 72, "2026-10-14 17:00"],
    ["2026-09-24 17:00", "hours", 72, "2026-09-27 17:00"],
  ] as const)("%s + %s %s → %s", (start, unit, n, expected) => {
    expect(due(CN, unit, n, start)).toBe(expected);
  });
});

describe("the clock rules", () => {
  it.each([
    // ending exactly at a closing time gives that closing time
    ["2026-10-09 10:00", "working hours", 7, "2026-10-09 18:00"],
    // a rollover lands at the next opening + the remainder, never 00:00
    ["2026-10-09 17:00", "working hours", 1, "2026-10-09 18:00"],
    ["2026-10-09 17:00", "working hours", 1.5, "2026-10-10 09:30"],
    // start inside the lunch break counts from 13:00
    ["2026-10-09 12:30", "working hours", 1, "2026-10-09 14:00"],
    // working days: start day not counted; end of the 3rd working day (10-08, 10-09, 10-10 make-up)
    ["2026-09-30 16:00", "working days", 3, "2026-10-11 00:00"],
    ["2026-10-09 09:00", "working days", 5, "2026-10-16 00:00"],
    // days: art. 201 start day not counted; art. 203 a last day on a holiday moves to the next working day
    ["2026-09-28 10:00", "days", 3, "2026-10-09 00:00"],
    ["2026-10-12 10:00", "days", 2, "2026-10-15 00:00"],
  ] as const)("%s + %s %s → %s", (start, unit, n, expected) => {
    expect(due(CN, unit, n, start)).toBe(expected);
  });

  it("close of business ends a day at its last closing time", () => {
    const cob = ctxOf("CN", "Asia/Shanghai", [], "close-of-business");
    expect(due(cob, "working days", 3, "2026-09-30 16:00")).toBe("2026-10-10 18:00");
  });

  it("24x7 loses no minute at midnight", () => {
    const x = ctxOf("24x7");
    expect(due(x, "working hours", 2, "2026-10-01 23:30")).toBe("2026-10-02 01:30");
    expect(due(x, "working hours", 24, "2026-10-01 00:00")).toBe("2026-10-02 00:00");
  });

  it("pauses: on working clocks a pause at night or on a holiday costs nothing; real clocks add the real length", () => {
    expect(due(CN, "working hours", 2, "2026-10-09 10:00", [["2026-10-09 20:00", "2026-10-09 23:00"]])).toBe("2026-10-09 12:00");
    expect(due(CN, "working hours", 2, "2026-10-09 10:00", [["2026-10-09 10:30", "2026-10-09 11:00"]])).toBe("2026-10-09 13:30");
    expect(due(CN, "working hours", 24, "2026-09-30 16:00", [["2026-10-02 09:00", "2026-10-05 18:00"]])).toBe("2026-10-10 16:00");
    expect(due(CN, "hours", 24, "2026-10-09 10:00", [["2026-10-09 11:00", "2026-10-09 13:00"]])).toBe("2026-10-10 12:00");
    // overlapping pauses are merged, not counted twice
    expect(due(CN, "hours", 24, "2026-10-09 10:00", [["2026-10-09 11:00", "2026-10-09 13:00"], ["2026-10-09 12:00", "2026-10-09 14:00"]])).toBe("2026-10-10 13:00");
    // working days: the period ends 10-16 24:00; 2 working hours paused on 10-12 move it 2 working hours on
    expect(due(CN, "working days", 5, "2026-10-09 10:00", [["2026-10-12 09:00", "2026-10-12 11:00"]])).toBe("2026-10-16 11:00");
    // the same pause spread over a night costs only its working part (17:00-18:00 and 09:00-10:00)
    expect(due(CN, "working days", 5, "2026-10-09 10:00", [["2026-10-12 17:00", "2026-10-13 10:00"]])).toBe("2026-10-16 11:00");
    // a pause after the due changes nothing
    expect(due(CN, "hours", 1, "2026-10-09 10:00", [["2026-10-09 12:00", "2026-10-09 14:00"]])).toBe("2026-10-09 11:00");
  });

  it("a whole ticket inside a holiday block takes no working time", () => {
    const e = elapsedOnClock(CN, "working hours", at("2026-10-02 10:00"), at("2026-10-05 16:00"), []);
    expect(e).toEqual({ ok: true, seconds: 0 });
  });

  it("real hours across DST (Europe/Berlin 2026-03-29 and 2026-10-25; America/New_York)", () => {
    const berlin = ctxOf("24x7", "Europe/Berlin");
    expect(due(berlin, "hours", 24, "2026-03-28 12:00")).toBe("2026-03-29 13:00");
    expect(due(berlin, "hours", 24, "2026-10-24 12:00")).toBe("2026-10-25 11:00");
    const ny = ctxOf("24x7", "America/New_York");
    expect(due(ny, "hours", 24, "2026-03-07 12:00")).toBe("2026-03-08 13:00");
    // a skipped local time moves forward by the gap; a repeated one is its first (summer-time) occurrence
    expect(due(berlin, "hours", 1, "2026-03-29 02:30")).toBe("2026-03-29 04:30");
    expect(due(berlin, "hours", 1, "2026-10-25 02:30")).toBe("2026-10-25 02:30");
    expect(elapsedOnClock(berlin, "hours", at("2026-10-25 00:00"), at("2026-10-25 04:00"), [])).toEqual({ ok: true, seconds: 5 * 3600 });
    expect(makeZoneClock("Mars/Base")).toBeNull();
    const e = elapsedOnClock(berlin, "hours", at("2026-10-24 12:00"), at("2026-10-25 12:00"), []);
    expect(e).toEqual({ ok: true, seconds: 25 * 3600 });
  });

  it("a date beyond the CN data is not covered — never a Mon–Fri guess", () => {
    expect(computeDue(CN, "working days", 3, at("2027-01-05 10:00"), [])).toEqual({ ok: false, code: "CALENDAR_NOT_COVERED", day: daysFromCivil(2027, 1, 5) });
    // a deadline that runs past the end of the data is not covered either
    expect(computeDue(CN, "working days", 5, at("2026-12-29 10:00"), []).ok).toBe(false);
  });

  it("Calendar sheet rows extend the data and override days; a gap year between them stays uncovered", () => {
    const src = { sheet: "Calendar", cell: "A2" };
    const overrides: CalendarOverride[] = [
      { day: asDay(daysFromCivil(2027, 1, 1)), type: "holiday", hours: [], name: "New Year", source: src },
      { day: asDay(daysFromCivil(2026, 10, 9)), type: "hours", hours: [H("09:00", "12:00")], name: "half day", source: src },
      { day: asDay(daysFromCivil(2026, 10, 11)), type: "workday", hours: [], name: "", source: src },
    ];
    const ctx = ctxOf("CN", "Asia/Shanghai", overrides);
    expect(due(ctx, "working days", 1, "2026-12-31 10:00")).toBe("2027-01-05 00:00"); // 01-01 holiday, then weekend
    expect(due(ctx, "working hours", 4, "2026-10-09 09:00")).toBe("2026-10-10 10:00"); // half day on 10-09
    expect(due(ctx, "working days", 2, "2026-10-09 10:00")).toBe("2026-10-12 00:00"); // 10-10 and 10-11 both work
    const gap = ctxOf("CN", "Asia/Shanghai", [{ ...overrides[0], day: asDay(daysFromCivil(2028, 1, 3)) }]);
    expect(computeDue(gap, "working days", 1, at("2027-06-01 10:00"), []).ok).toBe(false);
    expect(computeDue(gap, "working days", 3, at("2026-12-30 10:00"), []).ok).toBe(false);
  });

  it("invalid hours are issues, never an endless loop", () => {
    const bad = buildCalendar({ kind: "CN", workingHours: [H("18:00", "09:00")], overrides: [], hoursSource: { sheet: "Agreement", cell: "B8" } });
    expect(bad.issues.map((i) => [i.code, i.sheet, i.cell, i.params.problem])).toEqual([["WORKING_HOURS_INVALID", "Agreement", "B8", "end-before-start"]]);
    const overlap = buildCalendar({ kind: "Mon-Fri", workingHours: [H("09:00", "12:00"), H("11:00", "13:00")], overrides: [] });
    expect(overlap.issues[0].params.problem).toBe("overlap");
  });
});

describe("late by", () => {
  it("working clocks count working time and working days begun after due", () => {
    expect(measureLate(CN, "working days", at("2026-10-16 00:00"), at("2026-10-17 10:00"))).toEqual({ lateBySeconds: 8 * 3600, startedDays: 1, startedHours: 8 });
    const m = measureLate(CN, "working days", at("2026-10-17 00:00"), at("2026-10-17 10:00"));
    // due at the end of Friday 10-16, done Saturday 10-17: no working time, yet late — one started day
    expect(m).toEqual({ lateBySeconds: 0, startedDays: 1, startedHours: 1 });
    const m2 = measureLate(CN, "working hours", at("2026-10-09 17:00"), at("2026-10-12 10:30"));
    // 17:00-18:00 Fri, all of make-up Saturday 10-10, 09:00-10:30 Mon = 10.5 working h over 3 working days
    expect(m2).toEqual({ lateBySeconds: 10.5 * 3600, startedDays: 3, startedHours: 11 });
  });
  it("real clocks count started 24-hour days and started hours", () => {
    expect(measureLate(CN, "hours", at("2026-10-09 10:00"), at("2026-10-10 10:01"))).toEqual({ lateBySeconds: 86460, startedDays: 2, startedHours: 25 });
    expect(measureLate(CN, "hours", at("2026-10-09 10:00"), at("2026-10-09 10:00"))).toEqual({ lateBySeconds: 0, startedDays: 0, startedHours: 0 });
  });
});

describe("traces", () => {
  it("say where a due comes from, in both languages", () => {
    const o = computeDue(CN, "working hours", 24, at("2026-09-30 16:00"), []);
    if (!o.ok) throw new Error("covered");
    expect(formatDueTrace(o.trace, o.due, "en", "CN")).toBe(
      "due 2026-10-10 16:00 = 2026-09-30 16:00 + 24 working h (CN; 10-01..10-07 National Day holiday; 10-10 make-up workday)",
    );
    expect(formatDueTrace(o.trace, o.due, "zh", "CN")).toBe(
      "期限 2026-10-10 16:00 = 2026-09-30 16:00 + 24 工作小时（CN；10-01..10-07 国庆节休息；10-10 调休上班）",
    );
    // 2026-09-19..10-10: both holiday blocks and both make-up workdays of the 2026 notice. Working days from Sat
    // 09-19 20:00: 09-20 (make-up Sunday), 09-21..09-24, 09-28..09-30, 10-08, 10-09 = 10 days = 80 h; the 81st
    // hour is 09:00-10:00 on make-up Saturday 10-10.
    const w = computeDue(CN, "working hours", 81, at("2026-09-19 20:00"), []);
    if (!w.ok) throw new Error("covered");
    expect(formatLocal(w.due)).toBe("2026-10-10 10:00");
    expect(formatDueTrace(w.trace, w.due, "en", "CN")).toBe(
      "due 2026-10-10 10:00 = 2026-09-19 20:00 + 81 working h (CN; 09-25..09-27 Mid-autumn Festival holiday; 10-01..10-07 National Day holiday; 09-20 make-up workday; 10-10 make-up workday)",
    );
    expect(formatDueTrace(w.trace, w.due, "zh", "CN")).toBe(
      "期限 2026-10-10 10:00 = 2026-09-19 20:00 + 81 工作小时（CN；09-25..09-27 中秋休息；10-01..10-07 国庆节休息；09-20 调休上班；10-10 调休上班）",
    );
    // 80 h ends exactly at Friday's closing time: due is 10-09 18:00, not the next opening
    expect(due(CN, "working hours", 80, "2026-09-19 20:00")).toBe("2026-10-09 18:00");
    // days: art. 201 (09-28 not counted → 3rd day 10-01), art. 203 (10-01 is a holiday → end of 10-08 = 10-09 00:00),
    // then a 2 h 30 min pause on a real-time clause adds its real length → 02:30
    const p = computeDue(CN, "days", 3, at("2026-09-28 10:00"), [{ from: at("2026-09-29 10:00"), to: at("2026-09-29 12:30") }]);
    if (!p.ok) throw new Error("covered");
    expect(formatDueTrace(p.trace, p.due, "en", "CN")).toBe(
      "due 2026-10-09 02:30 = end of the 3rd day after 2026-09-28; 10-01 is not a working day, so the period ends on the next working day (Civil Code art. 203), + 2 h 30 min paused (CN; 10-01..10-07 National Day holiday)",
    );
    expect(formatDueTrace(p.trace, p.due, "zh", "CN")).toBe(
      "期限 2026-10-09 02:30 = 2026-09-28 之后第 3 天结束时；10-01 非工作日，顺延至下一个工作日（民法典第203条），另加暂停 2小时30分钟（CN；10-01..10-07 国庆节休息）",
    );
    const d = computeDue(CN, "working days", 5, at("2026-10-09 10:00"), []);
    if (!d.ok) throw new Error("covered");
    expect(formatDueTrace(d.trace, d.due, "en", "CN")).toBe("due 2026-10-15 24:00 = end of the 5th working day after 2026-10-09 (CN; 10-10 make-up workday)");
  });
});

/** The straightforward reference: step minute by minute through the calendar's day intervals. */
function steppingAddWorking(ctx: ClockContext, start: LocalSeconds, minutes: number): LocalSeconds {
  let t = start as number;
  let left = minutes;
  const inWork = (x: number) => {
    const day = Math.floor(x / 86400);
    const s = x - day * 86400;
    return ctx.calendar.hoursOf(asDay(day)).some((h) => s >= h.fromSecond && s < h.toSecond);
  };
  while (left > 0) {
    if (inWork(t)) left -= 1;
    t += 60;
  }
  return asLocal(t);
}

describe("laws (fast-check against a minute-stepping reference)", () => {
  const base = at("2026-09-01 00:00");
  const instant = fc.integer({ min: 0, max: 100 * 1440 }).map((m) => asLocal(base + m * 60));
  it("addWorking agrees with stepping, round-trips through workingBetween, and is monotone in the amount", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 600 }), (a, minutes, more) => {
        const t = CN.calendar.addWorking(a, asWorking(minutes * 60));
        expect(t).toBe(steppingAddWorking(CN, a, minutes));
        expect(CN.calendar.workingBetween(a, t)).toBe(minutes * 60);
        expect(CN.calendar.addWorking(a, asWorking((minutes + more) * 60))).toBeGreaterThanOrEqual(t);
      }),
      { numRuns: 200 },
    );
  });
  it("elapsed is additive", () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        const w = (p: LocalSeconds, q: LocalSeconds) => CN.calendar.workingBetween(p, q);
        expect(w(a, b) + w(b, c)).toBe(w(a, c));
      }),
    );
  });
  it("deadline(start, elapsed(start, t)) ≤ t", () => {
    fc.assert(
      fc.property(instant, instant, (x, y) => {
        const [a, b] = x < y ? [x, y] : [y, x];
        const e = CN.calendar.workingBetween(a, b);
        expect(CN.calendar.addWorking(a, e)).toBeLessThanOrEqual(b);
      }),
    );
  });
});

describe("the due part of a measured clock's trace", () => {
  // formatMeasuredDue skips the second computeDue for a clock without pauses and not in calendar days: it must write
  // exactly what formatDueTrace writes from computeDue's trace, for every unit, calendar, language and start.
  const units: ClockUnit[] = ["hours", "working hours", "days", "working days"];
  const contexts = [CN, ctxOf("Mon-Fri", "Europe/Berlin"), ctxOf("24x7", "America/New_York"), ctxOf("CN", "Asia/Shanghai", [], "close-of-business")];
  it("is formatDueTrace of computeDue", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: contexts.length - 1 }), fc.constantFrom(...units), fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), fc.boolean(), fc.constantFrom("en" as const, "zh" as const),
        (k, unit, target, minutes, paused, lang) => {
          const ctx = contexts[k];
          const start = asLocal(at("2025-01-01 00:00") + minutes * 60);
          const pauses = paused ? [{ from: asLocal(start + 3600), to: asLocal(start + 5 * 3600) }] : NO_PAUSES;
          const o = computeDue(ctx, unit, target, start, pauses);
          if (!o.ok) return;
          expect(formatMeasuredDue(ctx, unit, target, start, pauses, o.due, lang)).toBe(formatDueTrace(o.trace, o.due, lang, ctx.calendar.label));
        },
      ),
      { numRuns: 2000 },
    );
  });
  // Working-day traces are remembered by start day: starts crowded into a few days, in every order, so
  // most calls find a remembered trace, of another start that day or of another calendar or language.
  it("is formatDueTrace of computeDue when remembered", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: contexts.length - 1 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 5 * 24 * 60 }), fc.constantFrom("en" as const, "zh" as const)),
          { minLength: 1, maxLength: 40 },
        ),
        (clocks) => {
          for (const [k, target, minutes, lang] of clocks) {
            const ctx = contexts[k];
            const start = asLocal(at("2026-09-29 00:00") + minutes * 60);
            const o = computeDue(ctx, "working days", target, start, NO_PAUSES);
            if (!o.ok) continue;
            expect(formatMeasuredDue(ctx, "working days", target, start, NO_PAUSES, o.due, lang)).toBe(formatDueTrace(o.trace, o.due, lang, ctx.calendar.label));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("the instants of a due trace", () => {
  // Every trace reads "due <due as a deadline> = <formatLocal(start)> + <target> <unit>", the due as formatDeadline
  // writes it (24:00 of the day before for a due at 00:00).
  const contexts = [CN, ctxOf("Mon-Fri", "Europe/Berlin"), ctxOf("24x7", "America/New_York")];
  const unitWords = {
    en: { hours: "h", "working hours": "working h", days: "days", "working days": "working days" },
    zh: { hours: "小时", "working hours": "工作小时", days: "天", "working days": "个工作日" },
  };
  it("are formatLocal's, on the minute or not, for every unit and language", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: contexts.length - 1 }), fc.constantFrom<ClockUnit>("hours", "working hours", "days", "working days"),
        fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 365 * 24 * 60 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 59 })),
        fc.boolean(), fc.constantFrom("en" as const, "zh" as const),
        (k, unit, target, minutes, second, paused, lang) => {
          const ctx = contexts[k];
          const start = asLocal(at("2025-06-01 00:00") + minutes * 60 + second);
          const pauses = paused ? [{ from: asLocal(start + 3600), to: asLocal(start + 5 * 3600 + 7) }] : NO_PAUSES;
          const o = computeDue(ctx, unit, target, start, pauses);
          if (!o.ok) return;
          const head = `${lang === "en" ? "due " : "期限 "}${formatDeadline(o.due, { lang, style: "short" })} = `;
          const rule = unit === "hours" || unit === "working hours" ? `${formatLocal(start)} + ${target} ${unitWords[lang][unit]}` : "";
          for (const text of [formatDueTrace(o.trace, o.due, lang, ctx.calendar.label), formatMeasuredDue(ctx, unit, target, start, pauses, o.due, lang)]) {
            expect(text.startsWith(head + rule)).toBe(true);
            const rest = text.slice((head + rule).length);
            if (unit === "working hours" && !paused) expect(rest.startsWith(lang === "en" ? " (" : "（")).toBe(true);
            if (unit === "hours" && !paused) {
              // Real hours cite no calendar; only a change of the zone's clocks between start and due is noted.
              const shift = o.due - ctx.zone.toUtc(o.due) - (start - ctx.zone.toUtc(start));
              if (shift === 0) expect(rest).toBe("");
              else if (lang === "en") expect(rest).toBe(` (real hours: the clocks went ${shift < 0 ? "back" : "forward"} 1 h in between, ${ctx.zone.zone})`);
              else expect(rest).toBe(`（按实际小时计：期间 ${ctx.zone.zone} 时钟${shift < 0 ? "回拨" : "拨快"} 1小时）`);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

