/**
 * Provisional statements. A ticket with a data error is left out of the money (its fee and penalties are not
 * counted until its cells are corrected), so a statement that leaves tickets out is not final: every view of it —
 * the Settlement sheet, the report sheet and PDF, the CLI summary, the JSON — says PROVISIONAL, how many tickets
 * and which, and what to do. Rows the readers could not give to any provider (a ticket ID used twice, a row
 * without an ID) make every statement provisional: any of them may be missing those fees. So does a Statements or
 * Payments row left out because of a data error, for its provider's statement (for every statement when it names no
 * provider that can be told): the overdue-payment fees do not count that earlier statement or payment.
 */
import type { Issue, Lang } from "../core/issues";
import type { ParsedWorkbook, RecordLeftOut } from "../core/model";
import type { ProviderStatement } from "./types";

/** Ticket IDs named in a one-line text; the rest are counted ("and 12 more") and listed in full in Data Issues / JSON. */
export const PROVISIONAL_LIST_CAP = 10;

/** A Tickets row left out of every statement, because it could not be told apart from another or has no ID. */
export interface UnassignedRow {
  /** The ID as written ("" when missing). */
  ticket: string;
  /** "Tickets!A7". */
  cell: string;
}

/** Tickets rows no statement can count: both rows of a duplicate ID, and rows without an ID (with something else in them). */
export function unassignedRows(issues: readonly Issue[], parsed: ParsedWorkbook | null): UnassignedRow[] {
  const ticketsSheet = parsed?.recognised.find((r) => r.role === "tickets")?.sheet;
  if (!ticketsSheet) return [];
  const out: UnassignedRow[] = [];
  for (const i of issues) {
    if (i.severity !== "error" || i.sheet !== ticketsSheet) continue;
    if (i.code === "DUPLICATE_TICKET") out.push({ ticket: i.value, cell: `${i.sheet}!${i.cell}` });
    else if (i.code === "TICKET_ID_MISSING") out.push({ ticket: "", cell: `${i.sheet}!${i.cell}` });
  }
  return out;
}

/**
 * Marks each statement provisional when it leaves tickets out, when Tickets rows could not be given to any provider,
 * or when a Statements or Payments row left out may concern it (its provider's, or one that names no provider it
 * can be told by): the overdue-payment fees do not count that earlier statement or payment.
 */
export function markProvisional(statements: ProviderStatement[], unassigned: readonly UnassignedRow[], recordsLeftOut: readonly RecordLeftOut[] = []): void {
  for (const s of statements) {
    s.recordsLeftOut = recordsLeftOut.filter((r) => r.provider === null || r.provider === s.provider).map((r) => r.cell);
    s.provisional = isProvisional(s, unassigned);
  }
}

/** Whether a statement's figures are provisional (see markProvisional), from its lists; a report's facts too. */
export function isProvisional(s: Pick<ProviderStatement, "excludedTickets" | "recordsLeftOut">, unassigned: readonly UnassignedRow[]): boolean {
  return s.excludedTickets.length > 0 || unassigned.length > 0 || (s.recordsLeftOut ?? []).length > 0;
}

/** "T-1, T-2, … and 3 more" (zh: "T-1、T-2 等 5 张"). */
export function cappedList(ids: readonly string[], lang: Lang, cap = PROVISIONAL_LIST_CAP): string {
  const shown = ids.slice(0, cap);
  const more = ids.length - shown.length;
  if (lang === "zh") return `${shown.join("、")}${more > 0 ? ` 等共 ${ids.length} 张` : ""}`;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

export interface ProvisionalText {
  /** "PROVISIONAL — 3 tickets left out …: T-1, T-2, T-3." */
  headline: string;
  /** What to do about it. */
  fix: string;
}

/**
 * The words of a provisional statement. `audience: "user"` is the finance user's (Settlement sheet, CLI), pointing
 * at the Data Issues sheet; `"provider"` is the report sent to the provider, which names no sheet of the user's
 * workbook and says the figures may change.
 */
export function provisionalText(
  s: Pick<ProviderStatement, "excludedTickets" | "recordsLeftOut">, unassigned: readonly UnassignedRow[], lang: Lang, audience: "user" | "provider",
): ProvisionalText {
  const n = s.excludedTickets.length;
  const list = cappedList(s.excludedTickets, lang);
  const rows = unassigned.length;
  const rowCells = cappedList(unassigned.map((u) => (u.ticket ? `${u.ticket} (${u.cell})` : u.cell)), lang);
  const records = s.recordsLeftOut ?? [];
  const k = records.length;
  const recordCells = cappedList(records, lang);
  // Only earlier statements or payments left out: the tickets' fees and penalties are final, the overdue-payment fees not.
  const onlyRecords = n === 0 && rows === 0;
  if (lang === "zh") {
    const also = onlyRecords ? "有" : "另有"; // "in addition" only after a sentence on tickets
    const own = n > 0 ? `有 ${n} 张工单因数据错误未计入本结算单金额：${list}。` : "";
    if (audience === "provider") {
      const other = rows > 0 ? `另有 ${rows} 行工单记录尚待核实，可能涉及本结算单。` : "";
      const held = k > 0 ? `${also} ${k} 条结算单或付款记录正在核实，滞纳金可能随之变化。` : "";
      return {
        headline: `暂定金额 — ${n > 0 ? `有 ${n} 张工单的记录正在更正，暂未计入本结算单金额：${list}。` : ""}${other}${held}`,
        fix: onlyRecords ? "上述记录核实后将重新计算滞纳金，应付净额可能随之变化。" : "上述工单的记录更正后将另行结算，应付净额可能随之变化。",
      };
    }
    const other = rows > 0 ? `另有 ${rows} 行工单因工单号重复或缺失无法归属任何服务商：${rowCells}。` : "";
    const held = k > 0 ? `${also} ${k} 行结算单或付款记录因数据错误未计入滞纳金的计算：${recordCells}。` : "";
    return {
      headline: `暂定 — ${own}${other}${held}`,
      fix: onlyRecords
        ? "按“数据问题”表中这些行的说明更正单元格，然后重新结算；滞纳金和应付净额会随之变化。"
        : "按“数据问题”表中这些工单各行的说明更正单元格，然后重新结算；金额会随之变化。",
    };
  }
  const tickets = (m: number) => `${m} ticket${m === 1 ? "" : "s"}`;
  if (audience === "provider") {
    const own = n > 0 ? `${tickets(n)} ${n === 1 ? "is" : "are"} not yet included in these figures while ${n === 1 ? "its record is" : "their records are"} being corrected: ${list}.` : "";
    const other = rows > 0 ? `${rows} more ticket record${rows === 1 ? " is" : "s are"} being checked and may concern this statement.` : "";
    const held = k > 0 ? `${k} earlier statement or payment record${k === 1 ? " is" : "s are"} being checked; the overdue-payment fees may change.` : "";
    return {
      headline: `PROVISIONAL — ${[own, other, held].filter(Boolean).join(" ")}`,
      fix: onlyRecords
        ? "The overdue-payment fees will be worked out again once these records are checked; the net payable may change."
        : "These tickets will be settled once their records are corrected; the net payable may change.",
    };
  }
  const own = n > 0 ? `${tickets(n)} left out of these figures because of data errors: ${list}.` : "";
  const other = rows > 0 ? `${rows} ticket row${rows === 1 ? "" : "s"} with a duplicate or missing ID could not be given to any provider: ${rowCells}.` : "";
  const held = k > 0 ? `${k} Statements or Payments row${k === 1 ? "" : "s"} left out of the overdue-payment fees because of data errors: ${recordCells}.` : "";
  return {
    headline: `PROVISIONAL — ${[own, other, held].filter(Boolean).join(" ")}`,
    fix: onlyRecords
      ? "Correct the cells listed for these rows on the Data Issues sheet (each line there says how), then settle again; the overdue-payment fees and the net payable will change."
      : "Correct the cells listed for these tickets on the Data Issues sheet (each line there says how), then settle again; the totals will change.",
  };
}

/**
 * The first error of each left-out ticket (its cell, problem and fix come from the issue), in ticket order, at most
 * `cap`: the Settlement sheet lists them under the provisional line.
 */
export function firstErrorOf(tickets: readonly string[], issues: readonly Issue[], cap = PROVISIONAL_LIST_CAP): Issue[] {
  const wanted = new Set(tickets.slice(0, cap));
  const first = new Map<string, Issue>();
  for (const i of issues) {
    if (i.severity !== "error" || i.ticket === undefined || !wanted.has(i.ticket) || first.has(i.ticket)) continue;
    first.set(i.ticket, i);
  }
  return tickets.slice(0, cap).map((t) => first.get(t)).filter((i): i is Issue => i !== undefined);
}
