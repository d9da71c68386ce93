/**
 * All issue texts in one place per module, merged here. A template takes the issue (value, params) and returns
 * the problem and the fix in one language. Every code an engine module emits must have an entry; a test checks it.
 */
import type { Issue, Lang } from "./issues";
import { sheetCellRef } from "./cells";

export interface MessageText {
  problem: string;
  fix: string;
}
export type MessageTemplate = (issue: Issue) => MessageText;
export type MessageCatalog = Record<string, { en: MessageTemplate; zh: MessageTemplate }>;

const catalogs: MessageCatalog[] = [];

/** Each module registers its catalog once at import time (see <module>/messages.ts). */
export function registerMessages(catalog: MessageCatalog): void {
  catalogs.push(catalog);
}

export function findTemplate(code: string): { en: MessageTemplate; zh: MessageTemplate } | undefined {
  for (const c of catalogs) if (Object.prototype.hasOwnProperty.call(c, code)) return c[code];
  return undefined;
}

export function renderIssue(issue: Issue, lang: Lang): MessageText {
  const template = findTemplate(issue.code);
  if (!template) {
    // A code without words is a programmer error; still never hide the issue from the user.
    return { problem: `${issue.code} ${JSON.stringify(issue.params)}`, fix: "" };
  }
  return template[lang](issue);
}

/** `book.xlsx:Tickets!F7: DATE_UNREADABLE: "2026-13-01" is not a date. Fix: …` — the CLI's one-line form. */
export function formatIssueLine(issue: Issue, lang: Lang, file = ""): string {
  const { problem, fix } = renderIssue(issue, lang);
  const where = issue.sheet ? (issue.cell ? sheetCellRef(issue.sheet, issue.cell) : issue.sheet) : "";
  const prefix = [file, where].filter(Boolean).join(":");
  return `${prefix ? prefix + ": " : ""}${issue.code}: ${problem}${fix ? (lang === "zh" ? " 修正：" : " Fix: ") + fix : ""}`;
}
