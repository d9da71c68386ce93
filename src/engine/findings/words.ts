/** The late part of a finding's trace, in both languages: "1 working day late × ¥300.00 = ¥300.00". */
import type { LateMeasure } from "../clocks/api";
import { formatDuration, formatWorkingDuration, startedHoursOf } from "../clocks";
import type { FindingStatus } from "../core/finding";
import type { Agreement, Clause, ClockUnit, PenaltyKind } from "../core/model";
import { formatMoney, groupThousands, type Dec } from "../core/money";

export interface Words {
  en: string;
  zh: string;
}

const SYMBOLS: Record<string, string> = { CNY: "¥", USD: "$", EUR: "€", GBP: "£", JPY: "¥", HKD: "HK$" };
export const moneyText = (amount: Dec, a: Agreement): string => {
  return `${SYMBOLS[a.currency] ?? `${a.currency} `}${groupThousands(formatMoney(amount, a.minorDigits))}`;
};

/** "¥300.00" of a clause, written once per clause and agreement rather than once per late finding. */
const clauseAmounts = new WeakMap<Clause, { a: Agreement; text: string }>();
function clauseAmountText(c: Clause, a: Agreement): string {
  const known = clauseAmounts.get(c);
  if (known && known.a === a) return known.text;
  const text = moneyText(c.amount, a);
  clauseAmounts.set(c, { a, text });
  return text;
}

/** A clause's cap ("¥500.00"), written once per clause and agreement like its amount. */
const clauseCaps = new WeakMap<Clause, { a: Agreement; cap: Dec; text: string }>();
function clauseCapText(c: Clause, cap: Dec, a: Agreement): string {
  const known = clauseCaps.get(c);
  if (known && known.a === a && known.cap === cap) return known.text;
  const text = moneyText(cap, a);
  clauseCaps.set(c, { a, cap, text });
  return text;
}

/**
 * The late words of a per-day or per-hour clause, by count of days or hours, per language: the count part
 * ("2 working days late × ¥300.00") and the last charged text with its penalty. A month repeats the same few counts
 * millions of times; a different penalty (a cap, a changed amount) is written afresh.
 */
interface CountWords {
  a: Agreement;
  kind: Clause["penalty"];
  unit: Clause["unit"];
  amount: Dec;
  cap: Dec | null;
  count: Record<"en" | "zh", Map<number, string>>;
  charged: Record<"en" | "zh", Map<number, { penalty: Dec; text: string }>>;
}
const countWords = new WeakMap<Clause, CountWords>();
function countWordsOf(c: Clause, a: Agreement): CountWords {
  let known = countWords.get(c);
  if (!known || known.a !== a || known.kind !== c.penalty || known.unit !== c.unit || known.amount !== c.amount || known.cap !== c.cap) {
    known = { a, kind: c.penalty, unit: c.unit, amount: c.amount, cap: c.cap, count: { en: new Map(), zh: new Map() }, charged: { en: new Map(), zh: new Map() } };
    countWords.set(c, known);
  }
  return known;
}

/** What a per-day or per-hour clause charges by: started days or started hours late; 0 for any other (docs/CONTRACT.md, Money). */
export function chargedCount(c: Clause, late: LateMeasure): number {
  return chargedCountOf(c, late.startedDays, late.lateBySeconds); // its started hours are startedHoursOf its late-by
}

/** chargedCount of a late measure kept as its late-by seconds and started days (a finding's fields). */
export function chargedCountOf(c: Clause, startedDays: number, lateBySeconds: number): number {
  return c.penalty === "per day" ? startedDays : c.penalty === "per hour" ? startedHoursOf(lateBySeconds) : 0;
}

/**
 * The late words of a finding in one language, written straight from its parts: a trace reads one language, and a
 * month has millions of traces, so no words object is built per trace. The late measure comes as the
 * finding keeps it, late-by seconds and started days (started hours follow from the late-by: startedHoursOf), so no
 * measure object is made per trace either.
 */
export function lateText(
  lang: "en" | "zh", c: Clause, startedDays: number, lateBySeconds: number, penalty: Dec, a: Agreement, status: FindingStatus, amountText: string,
): string {
  const perCount = c.penalty === "per day" || c.penalty === "per hour";
  if (!perCount) return finishText(lang, c, penalty, a, status, countText(lang, c, startedDays, lateBySeconds, a, amountText));
  const n = chargedCountOf(c, startedDays, lateBySeconds);
  const words = countWordsOf(c, a);
  if (status === "late") {
    const charged = words.charged[lang];
    const known = charged.get(n);
    // The same instance nearly always (one Dec per clause and count, computeFindings): no decimal comparison then.
    if (known && (known.penalty === penalty || known.penalty.equals(penalty))) return known.text;
    const text = finishText(lang, c, penalty, a, status, countText(lang, c, startedDays, lateBySeconds, a, amountText));
    if (charged.size >= 4096) charged.clear();
    charged.set(n, { penalty, text });
    return text;
  }
  const counts = words.count[lang];
  let count = counts.get(n);
  if (count === undefined) {
    if (counts.size >= 4096) counts.clear();
    counts.set(n, (count = countText(lang, c, startedDays, lateBySeconds, a, amountText)));
  }
  return finishText(lang, c, penalty, a, status, count);
}

/**
 * How late, on the clause's own clock and in the unit the clause charges by, as the Late By cells show it: a per-day
 * clause "1 working day begun after due", a per-hour clause "18 hours begun after due", any other the time late
 * ("16 h 46 min", "6 working h 42 min"). Never "0.00 h" on a charged line: a working-time clause finished after its
 * due but outside working hours is late by no working time, and says so. "" when not late.
 * `count` is the started days (per day) or started hours (per hour) late; ignored for other clauses.
 */
export function lateByWords(unit: ClockUnit, kind: PenaltyKind, lateBySeconds: number, count: number, lang: "en" | "zh"): string {
  const en = lang === "en";
  const working = unit === "working hours" || unit === "working days";
  if (kind === "per day") {
    return en
      ? `${count} ${working ? "working day" : "day"}${count === 1 ? "" : "s"} begun after due`
      : `期限后已开始 ${count} ${working ? "个工作日" : "天"}`;
  }
  if (kind === "per hour") return en ? `${count} hour${count === 1 ? "" : "s"} begun after due` : `期限后已开始 ${count} 小时`;
  return lateDuration(working, lateBySeconds, lang);
}

/** The time late on the clause's clock; a working-time clock that is past due only outside working hours says so. */
function lateDuration(working: boolean, lateBySeconds: number, lang: "en" | "zh"): string {
  if (!working) return formatDuration(lateBySeconds, lang);
  if (Math.round(lateBySeconds) < 60) return lang === "en" ? "0 working min (past due, outside working hours)" : "0 工作分钟（已过期限，非工作时间）";
  return formatWorkingDuration(lateBySeconds, lang);
}

function countText(lang: "en" | "zh", c: Clause, startedDays: number, lateBySeconds: number, a: Agreement, amountText: string): string {
  const en = lang === "en";
  const working = c.unit === "working hours" || c.unit === "working days";
  const by = () => lateDuration(working, lateBySeconds, lang);
  const amount = c.penalty === "percent of fee" ? amountText : clauseAmountText(c, a);
  if (c.penalty === "per day") {
    return en
      ? `${startedDays} ${working ? "working day" : "day"}${startedDays === 1 ? "" : "s"} late × ${amount}`
      : `超时 ${startedDays} ${working ? "个工作日" : "天"} × ${amount}`;
  }
  if (c.penalty === "per hour") {
    const startedHours = startedHoursOf(lateBySeconds);
    return en
      ? `${startedHours} started hour${startedHours === 1 ? "" : "s"} late × ${amount}`
      : `超时 ${startedHours} 小时（不足一小时按一小时）× ${amount}`;
  }
  if (c.penalty === "fixed") return en ? `late by ${by()}, fixed ${amount}` : `超时 ${by()}，每次 ${amount}`;
  if (c.penalty === "percent of fee") return en ? `late by ${by()}, ${amount} of the fee` : `超时 ${by()}，按服务费的 ${amount}`;
  return en ? `late by ${by()}, no penalty in the clause` : `超时 ${by()}，条款未约定违约金`;
}

/** The count part, then what it charges. */
function finishText(lang: "en" | "zh", c: Clause, penalty: Dec, a: Agreement, status: FindingStatus, count: string): string {
  const en = lang === "en";
  if (status === "overdue") return en ? `${count} (charged when the ticket settles)` : `${count}（工单结算时计收）`;
  if (status !== "late" || c.penalty === "none") return count;
  const capped = c.cap !== null && (penalty === c.cap || penalty.equals(c.cap)) ? (en ? ` (clause cap ${clauseCapText(c, c.cap, a)})` : `（单笔上限 ${clauseCapText(c, c.cap, a)}）`) : "";
  return `${count} = ${moneyText(penalty, a)}${capped}`;
}

