/**
 * The `Data Issues` output sheet (docs/CONTRACT.md, Output sheets): Severity, Code, Sheet, Cell, Value, Problem, Fix — one row per issue,
 * errors first, then by sheet and cell in reading order, so a user can work down the list.
 */
import type { Cell } from "../core/cells";
import type { Issue, Lang, Severity } from "../core/issues";
import { renderIssue } from "../core/messages";
import { EXCEL_MAX_ROWS, partName, splitIntoParts, type OutputSheet } from "../core/output";

export const ISSUES_SHEET_NAME = "Data Issues";

const HEADERS: Record<Lang, string[]> = {
  en: ["Severity", "Code", "Sheet", "Cell", "Value", "Problem", "Fix"],
  zh: ["级别", "代码", "工作表", "单元格", "值", "问题", "修正方法"],
};
const SEVERITY_WORDS: Record<Lang, Record<Severity, string>> = {
  en: { error: "error", warning: "warning", info: "info" },
  zh: { error: "错误", warning: "警告", info: "提示" },
};
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "F7" → [7, 6] (row, column) so F7 sorts before F10 and before AA1 on the same row. */
function cellSortKey(cell: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return [0, 0];
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]), col];
}

export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort((a, b) => {
    const s = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    if (s !== 0) return s;
    if (a.sheet !== b.sheet) return a.sheet < b.sheet ? -1 : 1;
    const [ar, ac] = cellSortKey(a.cell);
    const [br, bc] = cellSortKey(b.cell);
    return ar - br || ac - bc || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}

/**
 * The Data Issues sheets: one while the issues fit one Excel sheet (1,048,576 rows, the header included); past that
 * they continue on `Data Issues part 2`, `part 3`, … as Findings does (core/output splitIntoParts, partName), each
 * part with its own header, filter and table, the issues in the same order throughout.
 */
export function buildIssuesSheets(issues: readonly Issue[], lang: Lang, opts: { maxRowsPerSheet?: number } = {}): OutputSheet[] {
  // splitIntoParts keeps a row for a total, which this sheet has not: the header and the issues fit all the same.
  return splitIntoParts(sortIssues(issues), opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS).map((part, i) => issuesPart(part, lang, i + 1));
}

/** The Data Issues sheet of issues that fit one sheet (buildIssuesSheets for any number). */
export function buildIssuesSheet(issues: readonly Issue[], lang: Lang): OutputSheet {
  return issuesPart(sortIssues(issues), lang, 1);
}

function issuesPart(sorted: readonly Issue[], lang: Lang, part: number): OutputSheet {
  const rows: Cell[][] = [HEADERS[lang]];
  const rowStyles: OutputSheet["rowStyles"] = [{ row: 0, style: "header" }];
  for (const issue of sorted) {
    const { problem, fix } = renderIssue(issue, lang);
    rows.push([SEVERITY_WORDS[lang][issue.severity], issue.code, issue.sheet, issue.cell, issue.value, problem, fix]);
    if (issue.severity === "error") rowStyles.push({ row: rows.length - 1, style: "late" });
  }
  return {
    name: partName(ISSUES_SHEET_NAME, part),
    role: "issues",
    rows,
    formulas: [],
    // Every column is text: a value like "=1+1" or "2026-10-03" must stay exactly as the user wrote it.
    columns: [10, 26, 14, 8, 28, 60, 60].map((widthChars) => ({ widthChars, numberFormat: "@" })),
    cellFormats: [],
    rowStyles,
    freezeRows: 1,
    // Table names are unique in a workbook: DataIssues, DataIssues_part2, …
    tables: rows.length > 1 ? [{ name: `DataIssues${part === 1 ? "" : `_part${part}`}`, headerRow: 0, lastRow: rows.length - 1, firstCol: 0, lastCol: 6 }] : [],
  };
}
