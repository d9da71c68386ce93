/**
 * What the Setup and Run views need before a month is settled, read in the engine's worker: the sheets found, what
 * keeps the workbook from being settled (a required sheet or column missing), the providers, and the months that
 * have tickets, so the month picker offers only real months and says how many tickets each has.
 */
import { inspectWorkbook, type HeaderMappings, type Issue, type ProviderAliases, type WorkbookData, type WorkbookOverview } from "../engine";
import { makeZoneClock } from "../engine/clocks";
import { settledAt } from "../engine/findings/computeFindings";
import { eventAt } from "../engine/core/ticketColumns";
import { asLocal, civilFromLocal } from "../engine/core/time";
import { readWorkbook } from "../engine/sheet";

/** Problems that stop a run before any ticket is read: these keep Setup open and are listed there. */
const SETUP_CODES = new Set(["SHEET_MISSING", "SHEET_ROLE_REPEATED", "SHEET_EMPTY", "COLUMN_MISSING", "HEADER_REPEATED", "NO_CLAUSES", "TIME_ZONE_UNKNOWN", "CURRENCY_UNKNOWN"]);

/** Tickets of one provider in one month, as the engine counts them for that month's Findings sheet. */
export interface MonthTickets {
  /** Settled in the month (closed, else repaired, per the agreement's Settlement Basis): charged this month. */
  settled: number;
  /** Reported by the month's end and not settled by then: shown as open or overdue, charged when they settle. */
  open: number;
}

export interface MonthInData {
  month: string;
  /** Per provider; the pane adds them up for "All providers". */
  byProvider: Record<string, MonthTickets>;
}

export interface PaneOverview extends WorkbookOverview {
  /** Months in which a ticket was reported or settled, newest first. */
  months: MonthInData[];
  /** Errors that stop every run (missing sheet or column...), with their cell: Setup lists them with the fix. */
  setupProblems: Issue[];
  /** Each input sheet's header row as written (for mapping a column onto a missing required field). */
  headersBySheet: Record<string, string[]>;
}

const monthKey = (t: number) => {
  const c = civilFromLocal(asLocal(t));
  return c.year * 12 + (c.month - 1);
};
const monthText = (k: number) => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;

export function paneOverview(book: WorkbookData, opts: { headerMappings?: HeaderMappings; providerAliases?: ProviderAliases } = {}): PaneOverview {
  const base = inspectWorkbook(book, opts);
  const read = readWorkbook(book, { makeZoneClock, ...opts });
  const parsed = read.value;
  const spans: { provider: string; from: number; to: number | null }[] = [];
  const found = new Set<number>();
  if (parsed) {
    for (const t of parsed.tickets) {
      const reported = eventAt(t, "reported");
      if (reported === undefined) continue;
      const settled = settledAt(t, parsed.agreement);
      const from = monthKey(reported);
      const to = settled === null ? null : monthKey(settled);
      found.add(from);
      if (to !== null) found.add(to);
      spans.push({ provider: t.provider, from, to });
    }
  }
  const months = [...found].sort((a, b) => b - a).map((k) => {
    const byProvider: Record<string, MonthTickets> = {};
    for (const s of spans) {
      if (s.from > k) continue;
      const settledHere = s.to === k;
      const openAtEnd = s.to === null || s.to > k;
      if (!settledHere && !openAtEnd) continue;
      const counts = (byProvider[s.provider] ??= { settled: 0, open: 0 });
      if (settledHere) counts.settled += 1;
      else counts.open += 1;
    }
    return { month: monthText(k), byProvider };
  });
  const headersBySheet: Record<string, string[]> = {};
  for (const sheet of book.sheets) {
    // The header row is the first row with at least two non-empty cells (as the readers find it).
    const row = sheet.rows.find((r) => r.filter((v) => v !== null && v !== "").length >= 2) ?? [];
    headersBySheet[sheet.name] = row.map((v) => (v === null ? "" : String(v))).filter((h) => h.trim() !== "");
  }
  return {
    ...base,
    months,
    setupProblems: read.issues.filter((i) => i.severity === "error" && SETUP_CODES.has(i.code)),
    headersBySheet,
  };
}

/** Tickets of a month for one provider, or all providers when `provider` is "". */
export function ticketsIn(m: MonthInData | undefined, provider: string): MonthTickets {
  const total = { settled: 0, open: 0 };
  if (!m) return total;
  for (const [p, c] of Object.entries(m.byProvider)) {
    if (provider && p !== provider) continue;
    total.settled += c.settled;
    total.open += c.open;
  }
  return total;
}
