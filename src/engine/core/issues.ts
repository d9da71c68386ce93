/**
 * Data errors are values (docs/ARCHITECTURE.md): every stage returns `{ value, issues }` and reports all problems in one pass.
 * An issue carries a stable code and parameters; its words are rendered per language by `renderIssue`
 * (core/messages.ts), so the add-in and the CLI say the same thing in zh-CN and en-US.
 */
export type Severity = "error" | "warning" | "info";
export type Lang = "en" | "zh";

export interface Issue {
  severity: Severity;
  /** Stable SCREAMING_SNAKE code, e.g. DATE_UNREADABLE. Each module lists its codes in its messages.ts. */
  code: string;
  /** Sheet name as in the workbook; empty for issues that belong to no sheet. */
  sheet: string;
  /** A1 address ("F7"), or "" when the issue is about a whole sheet. */
  cell: string;
  /** The bad value as the user wrote it (text form), or "". */
  value: string;
  /** Parameters the message templates use (ticket id, expected shape, ...). */
  params: Record<string, string | number>;
  /** Ticket the issue concerns, when it concerns one (such a ticket is left out of money totals on errors). */
  ticket?: string;
}

export interface Parsed<T> {
  value: T;
  issues: Issue[];
}

export function makeIssue(
  severity: Severity,
  code: string,
  where: { sheet?: string; cell?: string; value?: unknown; ticket?: string },
  params: Record<string, string | number> = {},
): Issue {
  const issue: Issue = {
    severity,
    code,
    sheet: where.sheet ?? "",
    cell: where.cell ?? "",
    value: where.value === undefined || where.value === null ? "" : String(where.value),
    params,
  };
  if (where.ticket !== undefined) issue.ticket = where.ticket;
  return issue;
}

/** Collects issues while a stage runs, so that one bad cell never stops the rest. */
export class IssueList {
  readonly items: Issue[] = [];
  add(issue: Issue): void {
    this.items.push(issue);
  }
  error(code: string, where: Parameters<typeof makeIssue>[2], params?: Record<string, string | number>): void {
    this.items.push(makeIssue("error", code, where, params));
  }
  warning(code: string, where: Parameters<typeof makeIssue>[2], params?: Record<string, string | number>): void {
    this.items.push(makeIssue("warning", code, where, params));
  }
  info(code: string, where: Parameters<typeof makeIssue>[2], params?: Record<string, string | number>): void {
    this.items.push(makeIssue("info", code, where, params));
  }
  addAll(issues: readonly Issue[]): void {
    for (const i of issues) this.items.push(i);
  }
  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === "error");
  }
  /** Whether an error was added since `items.length` was `from` (no copy: asked once per ticket row). */
  hasErrorsSince(from: number): boolean {
    for (let k = from; k < this.items.length; k++) if (this.items[k].severity === "error") return true;
    return false;
  }
}
