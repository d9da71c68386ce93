/** The pane's sentences that carry figures or names, in English and Chinese (the fixed words are in words.ts). */
import type { MonthTickets } from "./overview";
import type { PaneLang } from "./words";

const zh = (lang: PaneLang) => lang === "zh";

export function monthOption(month: string, t: MonthTickets, lang: PaneLang): string {
  if (t.settled === 0 && t.open === 0) return zh(lang) ? `${month} · 无工单` : `${month} · no tickets`;
  const parts = zh(lang)
    ? [`结算 ${t.settled} 张`, ...(t.open ? [`未结 ${t.open} 张`] : [])]
    : [`${t.settled} settled`, ...(t.open ? [`${t.open} open`] : [])];
  return `${month} · ${parts.join(" · ")}`;
}

export function noTickets(month: string, provider: string, withTickets: string[], lang: PaneLang): { title: string; text: string } {
  const who = provider ? (zh(lang) ? `服务商“${provider}”在 ` : ` for ${provider}`) : "";
  const others = withTickets.slice(0, 6).join(", ");
  if (zh(lang)) {
    return {
      title: `${who}${month} 没有工单，未写入任何内容。`,
      text: `该月没有按结算依据（结案，否则维修完成）结算的工单，月末也没有未结工单，因此没有可结算的内容，也没有写入任何工作表。${others ? `有工单的月份：${others}。` : ""}`,
    };
  }
  return {
    title: `No tickets in ${month}${who}: nothing was written.`,
    text: `No ticket settled in that month (closed, else repaired, as the agreement's Settlement Basis says) and none was open at its end, so there is nothing to settle and no sheet was written.${others ? ` Months with tickets: ${others}.` : ""}`,
  };
}

export function provisionalTitle(excluded: number, lang: PaneLang): string {
  return zh(lang)
    ? `暂定金额：${excluded} 张工单因数据错误未计入`
    : `Provisional: ${excluded} ${excluded === 1 ? "ticket was" : "tickets were"} left out because of data errors`;
}

export function provisionalText(tickets: string[], errors: number, lang: PaneLang): string {
  const shown = tickets.slice(0, 12).join(", ") + (tickets.length > 12 ? (zh(lang) ? ` 等 ${tickets.length} 张` : `, … (${tickets.length} in all)`) : "");
  if (tickets.length === 0) {
    return zh(lang)
      ? `有 ${errors} 个数据错误。请按下方“数据问题”中的处理方法修正后重新结算；在此之前，以下金额不是最终金额。`
      : `${errors} data ${errors === 1 ? "error was" : "errors were"} found. Fix them as each issue below says, then settle again; until then these figures are not final.`;
  }
  return zh(lang)
    ? `未计入的工单：${shown}。这些工单的服务费和违约金不在以下金额中。请按下方“数据问题”中的处理方法修正后重新结算。`
    : `Left out: ${shown}. Their fees and penalties are not in the figures below. Fix the errors as each issue below says, then settle again.`;
}

export function issuesHeading(errors: number, warnings: number, notes: number, lang: PaneLang): string {
  if (zh(lang)) return `数据问题：${errors} 个错误，${warnings} 个警告${notes ? `，${notes} 条提示` : ""}`;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return `Data issues: ${n(errors, "error", "errors")}, ${n(warnings, "warning", "warnings")}${notes ? `, ${n(notes, "note", "notes")}` : ""}`;
}

export function moreIssues(n: number, lang: PaneLang): string {
  return zh(lang) ? `另有 ${n} 条，见“数据问题”工作表。` : `${n} more in the Data Issues sheet.`;
}

export function doneAnnouncement(p: { month: string; providers: number; net: string; currency: string; errors: number; warnings: number; excluded: number }, lang: PaneLang): string {
  if (zh(lang)) {
    return `${p.month} 结算完成：${p.providers} 家服务商，应付净额合计 ${p.currency} ${p.net}。${p.errors ? `${p.errors} 个数据错误，${p.excluded} 张工单未计入，金额为暂定。` : ""}${p.warnings ? `${p.warnings} 个警告。` : ""}`;
  }
  return `Settled ${p.month}: ${p.providers} ${p.providers === 1 ? "provider" : "providers"}, net payable ${p.currency} ${p.net} in all.${p.errors ? ` ${p.errors} data ${p.errors === 1 ? "error" : "errors"}, ${p.excluded} ${p.excluded === 1 ? "ticket" : "tickets"} left out: the figures are provisional.` : ""}${p.warnings ? ` ${p.warnings} ${p.warnings === 1 ? "warning" : "warnings"}.` : ""}`;
}

/** The label of a variant's mapping dropdown: the spelling, where it is, and the question the dropdown answers. */
export function variantLabel(name: string, count: number, cells: string[], lang: PaneLang): string {
  return zh(lang)
    ? `将“${name}”（${count} 处，首见于 ${cells.join(", ")}）计入：`
    : `Settle "${name}" (${count}×, first at ${cells.join(", ")}) as:`;
}

export function missingColumnLabel(sheet: string, field: string, lang: PaneLang): string {
  return zh(lang) ? `“${sheet}”工作表缺少“${field}”列` : `The ${sheet} sheet has no ${field} column`;
}

export function ticketCountLine(t: { settled: number; open: number; excluded: number }, lang: PaneLang): string {
  return zh(lang)
    ? `本月结算 ${t.settled} 张工单，月末未结 ${t.open} 张${t.excluded ? `，因数据错误未计入 ${t.excluded} 张` : ""}。`
    : `${t.settled} tickets settled this month, ${t.open} open at its end${t.excluded ? `, ${t.excluded} left out for data errors` : ""}.`;
}
