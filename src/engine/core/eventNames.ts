/**
 * An event's name inside a Chinese sentence. The engine keeps events by their field ("returned"); a Chinese reader
 * knows them by the Tickets sheet's Chinese headers ("返还时间"), so a Chinese text says "返还", never the English
 * field. An event the user named (a header of their own, used in an SLA Start or End) keeps the user's name, set
 * off in Chinese quotation marks. English texts keep the field as it is.
 */
import type { Lang } from "./issues";

/** The standard events as the Tickets sheet's Chinese headers name them, without their "时间" (a test keeps them in step). */
export const STANDARD_EVENT_ZH: Readonly<Record<string, string>> = {
  reported: "报修", responded: "响应", confirmed: "确认", onsite: "上门", received: "收货", diagnosed: "检测完成",
  repaired: "维修完成", returned: "返还", closed: "结案", paused: "暂停", resumed: "恢复",
};

/** "返还" for a standard event, "“Parts Ordered”" for the user's own; written with no spaces around it in Chinese. */
export function zhEvent(event: unknown): string {
  const name = String(event ?? "");
  return Object.prototype.hasOwnProperty.call(STANDARD_EVENT_ZH, name) ? STANDARD_EVENT_ZH[name] : `“${name}”`;
}

/** The event's name in the reader's language. */
export function eventName(event: string, lang: Lang): string {
  return lang === "zh" ? zhEvent(event) : event;
}
