/**
 * What the engine's unit tests build their cases from (tests only; no engine module imports this): wall-clock
 * instants and days written as text, a standard CN agreement (09:00-12:00, 13:00-18:00 in Asia/Shanghai, 0.05% per
 * day, 5 dispute days) and its clock context, and the month October 2026.
 */
import { buildCalendar, makeZoneClock, type ClockContext } from "../clocks";
import type { Agreement } from "../core/model";
import { Dec } from "../core/money";
import { asDay, daysFromCivil, localFromCivil, type DayNumber, type LocalSeconds } from "../core/time";

/** "2026-10-09 10:00" (or a day alone, at 00:00) → wall-clock seconds. */
export const at = (text: string): LocalSeconds => {
  const [d, t] = text.split(" ");
  const [y, m, dd] = d.split("-").map(Number);
  const [hh, mi] = (t ?? "00:00").split(":").map(Number);
  return localFromCivil({ year: y, month: m, day: dd, hour: hh, minute: mi, second: 0 });
};

/** "2026-10-09" → its day number. */
export const day = (s: string): DayNumber => asDay(daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))));

/** The cell a test's ticket events come from. */
export const src = { sheet: "Tickets", cell: "A2" };

export const OCT = { year: 2026, month: 10 };

export function cnAgreement(p: Partial<Agreement> = {}): Agreement {
  return {
    contractNo: "C", provider: "P", customer: "X", currency: "CNY", minorDigits: 2, timeZone: "Asia/Shanghai", calendar: "CN",
    workingHours: [{ fromSecond: 9 * 3600, toSecond: 12 * 3600 }, { fromSecond: 13 * 3600, toSecond: 18 * 3600 }],
    dayEndsAt: "midnight", warrantyMonths: 12, settlementBasis: "closed", statementDay: 1, paymentDays: 30,
    lateFeeRate: { perDay: new Dec("0.0005"), text: "0.05% per day" }, lateFeeGraceDays: 0, lateFeeCap: null, disputeDays: 5,
    penaltyCap: null, unperformedRate: new Dec("0.2"), refs: {}, ...p,
  };
}

/** The CN calendar over the agreement's working hours, in Asia/Shanghai, days ending at 24:00. */
export function cnContext(a: Agreement): ClockContext {
  return { calendar: buildCalendar({ kind: "CN", workingHours: a.workingHours, overrides: [] }).value, zone: makeZoneClock("Asia/Shanghai")!, dayEndsAt: "midnight" };
}
