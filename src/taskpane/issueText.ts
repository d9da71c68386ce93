/**
 * An issue's words in the pane's language. Issues name events by their field ("returned"); in Chinese the pane
 * says the event as the Tickets sheet's Chinese header does ("返还"), so a Chinese sentence carries no English
 * word a finance user must guess at. Custom events (a header the user wrote) keep the user's own name.
 */
import { fieldsFor, renderIssue, type Issue, type Lang } from "../engine";

/** Standard event field → its Chinese name, from the Chinese header without its trailing "时间" ("返还时间" → "返还"). */
const ZH_EVENT: Record<string, string> = Object.fromEntries(
  fieldsFor("tickets")
    .filter((f) => f.zh.endsWith("时间"))
    .map((f) => [f.field, f.zh.replace(/时间$/, "")]),
);
const EN_EVENT: Record<string, string> = Object.fromEntries(
  fieldsFor("tickets")
    .filter((f) => f.en.endsWith(" At"))
    .map((f) => [f.field, f.en.replace(/ At$/, "").toLowerCase()]),
);

/** Parameters that hold an event's name in the issue catalogue. */
const EVENT_PARAMS = ["event", "start", "end", "startEvent", "endEvent"];

export function eventName(field: string, lang: Lang): string {
  return (lang === "zh" ? ZH_EVENT[field] : EN_EVENT[field]) ?? field;
}

export function issueText(issue: Issue, lang: Lang): { problem: string; fix: string } {
  if (lang !== "zh") return renderIssue(issue, lang);
  const params = { ...issue.params };
  const names: string[] = [];
  for (const k of EVENT_PARAMS) {
    const zh = typeof params[k] === "string" ? ZH_EVENT[params[k] as string] : undefined;
    if (zh) names.push((params[k] = zh));
  }
  const text = renderIssue({ ...issue, params }, lang);
  // The templates space an event name out as a foreign word ("缺少 returned 时间"); a Chinese name needs no spaces.
  const tidy = (t: string) => names.reduce((out, n) => out.split(` ${n} 时间`).join(`${n}时间`).split(` ${n}。`).join(`${n}。`), t);
  return { problem: tidy(text.problem), fix: tidy(text.fix) };
}
