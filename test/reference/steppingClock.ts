/**
 * The deliberately naive reference clock — an ORACLE for tests (and "the straightforward alternative" for the
 * benchmark), never used by the product. It reads only each day's working intervals (calendar.hoursOf /
 * isWorkingDay, i.e. the built per-day data, not the prefix sums) and then steps minute by minute or day by day,
 * exactly as the contract (docs/CONTRACT.md, Clocks) reads in words. Inputs must be minute-aligned; it is slow on purpose.
 */
import type { ClockContext, ClosedPause } from "../../src/engine/clocks";
import type { ClockUnit } from "../../src/engine/core/model";
import { asDay, asLocal, SECONDS_PER_DAY, type DayNumber, type LocalSeconds } from "../../src/engine/core/time";

const MINUTE = 60;

export class SteppingClock {
  constructor(private readonly ctx: ClockContext) {}

  /** Is the minute starting at t working time of the calendar (and not paused)? */
  isWorkingMinute(t: number, pauses: readonly ClosedPause[] = []): boolean {
    const day = Math.floor(t / SECONDS_PER_DAY);
    const s = t - day * SECONDS_PER_DAY;
    if (!this.ctx.calendar.hoursOf(asDay(day)).some((h) => h.fromSecond <= s && s < h.toSecond)) return false;
    return !pauses.some((p) => p.from <= t && t < p.to);
  }

  /** Working seconds in [a, b), counted one minute at a time. */
  workingBetween(a: LocalSeconds, b: LocalSeconds, pauses: readonly ClosedPause[] = []): number {
    let n = 0;
    for (let t = a as number; t < b; t += MINUTE) if (this.isWorkingMinute(t, pauses)) n += MINUTE;
    return n;
  }

  /** The first instant at which `seconds` (a multiple of 60) unpaused working seconds have passed since a. */
  addWorking(a: LocalSeconds, seconds: number, pauses: readonly ClosedPause[] = []): LocalSeconds {
    if (seconds <= 0) return a;
    let left = seconds;
    for (let t = a as number; ; t += MINUTE) {
      if (this.isWorkingMinute(t, pauses)) {
        left -= MINUTE;
        if (left <= 0) return asLocal(t + MINUTE);
      }
    }
  }

  /** The Nth working day after `day`, walking one day at a time. */
  nthWorkingDayAfter(day: DayNumber, n: number): DayNumber {
    let d = day as number;
    for (let seen = 0; seen < n; ) {
      d++;
      if (this.ctx.calendar.isWorkingDay(asDay(d))) seen++;
    }
    return asDay(d);
  }

  endOfDay(day: DayNumber): LocalSeconds {
    const hours = this.ctx.calendar.hoursOf(day);
    if (this.ctx.dayEndsAt === "close-of-business" && hours.length) return asLocal(day * SECONDS_PER_DAY + hours[hours.length - 1].toSecond);
    return asLocal((day + 1) * SECONDS_PER_DAY);
  }

  /**
   * The due of docs/CONTRACT.md, Clocks, read literally. Pauses only for working hours (minutes inside a pause do not count); the other
   * units' pause rule is plain addition and is tested by tables.
   */
  due(unit: ClockUnit, target: number, start: LocalSeconds, pauses: readonly ClosedPause[] = []): LocalSeconds {
    const startDay = Math.floor(start / SECONDS_PER_DAY);
    if (unit === "working hours") return this.addWorking(start, target * 3600, pauses);
    if (unit === "hours") {
      // Real time: walk UTC minutes, then read the wall clock.
      let u = this.ctx.zone.toUtc(start);
      for (let i = 0; i < target * 60; i++) u += MINUTE;
      return this.ctx.zone.fromUtc(u);
    }
    if (unit === "days") {
      let d = startDay + target; // art. 201: start day not counted
      while (!this.ctx.calendar.isWorkingDay(asDay(d))) d++; // art. 203
      return this.endOfDay(asDay(d));
    }
    return this.endOfDay(this.nthWorkingDayAfter(asDay(startDay), target));
  }

  /** Working days with some working minute in (due, end] — "started working days late". */
  workingDaysTouched(due: LocalSeconds, end: LocalSeconds): number {
    const days = new Set<number>();
    for (let t = due as number; t < end; t += MINUTE) if (this.isWorkingMinute(t)) days.add(Math.floor(t / SECONDS_PER_DAY));
    return days.size;
  }
}
