/** The late part of a finding's trace, in both languages: "1 working day late × ¥300.00 = ¥300.00". */
import type { LateMeasure } from "../clocks/api";
import { formatDuration, formatWorkingDuration } from "../clocks";
import type { FindingStatus } from "../core/finding";
import type { Agreement, Clause } from "../core/model";
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

export function describeLate(c: Clause, late: LateMeasure, penalty: Dec, a: Agreement, status: FindingStatus, amountText: string): Words {
  const working = c.unit === "working hours" || c.unit === "working days";
  const byEn = working ? formatWorkingDuration(late.lateBySeconds, "en") : formatDuration(late.lateBySeconds, "en");
  const byZh = working ? formatWorkingDuration(late.lateBySeconds, "zh") : formatDuration(late.lateBySeconds, "zh");
  const dayEn = working ? "working day" : "day";
  const dayZh = working ? "个工作日" : "天";
  const amount = c.penalty === "percent of fee" ? amountText : clauseAmountText(c, a);
  let countEn = "";
  let countZh = "";
  if (c.penalty === "per day") {
    countEn = `${late.startedDays} ${dayEn}${late.startedDays === 1 ? "" : "s"} late × ${amount}`;
    countZh = `超时 ${late.startedDays} ${dayZh} × ${amount}`;
  } else if (c.penalty === "per hour") {
    countEn = `${late.startedHours} started hour${late.startedHours === 1 ? "" : "s"} late × ${amount}`;
    countZh = `超时 ${late.startedHours} 小时（不足一小时按一小时）× ${amount}`;
  } else if (c.penalty === "fixed") {
    countEn = `late by ${byEn}, fixed ${amount}`;
    countZh = `超时 ${byZh}，每次 ${amount}`;
  } else if (c.penalty === "percent of fee") {
    countEn = `late by ${byEn}, ${amount} of the fee`;
    countZh = `超时 ${byZh}，按服务费的 ${amount}`;
  } else {
    countEn = `late by ${byEn}, no penalty in the clause`;
    countZh = `超时 ${byZh}，条款未约定违约金`;
  }
  if (status === "overdue") return { en: `${countEn} (charged when the ticket settles)`, zh: `${countZh}（工单结算时计收）` };
  if (status !== "late" || c.penalty === "none") return { en: countEn, zh: countZh };
  const capped = c.cap !== null && penalty.equals(c.cap) ? { en: ` (clause cap ${moneyText(c.cap, a)})`, zh: `（单笔上限 ${moneyText(c.cap, a)}）` } : { en: "", zh: "" };
  return { en: `${countEn} = ${moneyText(penalty, a)}${capped.en}`, zh: `${countZh} = ${moneyText(penalty, a)}${capped.zh}` };
}
