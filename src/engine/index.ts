/**
 * SLA Ledger engine — the public surface (docs/ARCHITECTURE.md: hosts import only from here).
 *
 * settleMonth runs the whole pipeline of the contract (docs/CONTRACT.md, Input sheets to Command line) on host-neutral cell arrays:
 *   read the sheets → build the working calendar → findings (SLA clocks) → money → output sheets + JSON.
 * It is synchronous and pure: the month, the language and the time zone are parameters; it never reads the host
 * clock or the host time zone, and it never throws on user data — every data problem is an Issue.
 */
import type { WorkbookData } from "./core/cells";
import type { Finding } from "./core/finding";
import type { Issue, Lang } from "./core/issues";
import { IssueList } from "./core/issues";
import { renderIssue } from "./core/messages";
import type { ParsedWorkbook, RecognisedSheet } from "./core/model";
import type { OutputSheet } from "./core/output";
import { withPrintSetup } from "./core/print";
import { asLocal, civilFromLocal, formatMonth, parseMonth, previousMonth, type Month } from "./core/time";
import { eventAt } from "./core/ticketColumns";
import { buildCalendar, makeZoneClock, type ClockContext } from "./clocks";
import { buildFindingsSheets, computeFindings, findingsJson, type MonthFindings, type TicketInstants } from "./findings";
import { buildIssuesSheets } from "./pipeline/issuesSheet";
import "./pipeline/messages";
import { readWorkbook, buildTemplateSheets, type HeaderMappings } from "./sheet";
import type { ClockSettings } from "./sheet/readWorkbook";
import type { ProviderAliases, ProviderVariant } from "./sheet/providerVariants";
import {
  buildKpisSheet,
  buildSettlementSheets,
  computeStatements,
  statementsJson,
  ticketFee,
  type ProviderStatement,
} from "./settlement";
import { markProvisional, unassignedRows, type UnassignedRow } from "./settlement/provisional";

export type Stage = "reading" | "checking" | "money" | "sheets";

/** Months shown in the KPIs sheet's month-over-month block (this one and up to two before it). */
const TREND_MONTHS = 3;

export interface SettleOptions {
  /** The settlement month, YYYY-MM. */
  month: string;
  /** Settle one provider only (default: every provider in the month). */
  provider?: string;
  /** Language of the output sheets, traces and issue texts (default zh, the agreements' language). */
  lang?: Lang;
  /** Header → field mappings the user chose in the add-in for headers the readers did not recognise. */
  headerMappings?: HeaderMappings;
  /**
   * Provider name exactly as written → the provider to settle it under, for names that differ only by case, width,
   * spaces or punctuation (PROVIDER_NAME_VARIANTS). Applied to Tickets, Agreement, Invoice and Statements names.
   */
  providerAliases?: ProviderAliases;
  /** Called as each stage starts, for progress displays. */
  onProgress?: (stage: Stage) => void;
  /**
   * Rows per output sheet before a sheet continues on "part 2" (Findings, Fees, Data Issues) or the statement groups its lines
   * (Settlement). Default: Excel's 1,048,576, which both hosts write; tests ask for fewer to see the parts.
   */
  maxRowsPerSheet?: number;
}

export interface SettlementRun {
  month: string;
  lang: Lang;
  currency: string;
  /** Findings, Settlement, KPIs (when the workbook could be settled) and always Data Issues. */
  sheets: OutputSheet[];
  /** The CLI's JSON document (docs/CONTRACT.md, Command line). */
  json: SettlementJson;
  issues: Issue[];
  hasErrors: boolean;
  parsed: ParsedWorkbook | null;
  findings: Finding[];
  statements: ProviderStatement[];
  /**
   * Tickets rows no statement could count (a ticket ID used twice, a row without an ID): while there are any,
   * every statement is provisional (ProviderStatement.provisional), since any provider may be missing those fees.
   */
  unassignedRows: UnassignedRow[];
  monthFindings: MonthFindings | null;
  ctx: ClockContext | null;
}

export interface SettlementJson {
  month: string;
  currency: string;
  statements: unknown[];
  findings: unknown[];
  issues: { severity: string; code: string; sheet: string; cell: string; value: string; message: string }[];
}

export function settleMonth(wb: WorkbookData, opts: SettleOptions): SettlementRun {
  const lang: Lang = opts.lang ?? "zh";
  const issues = new IssueList();
  const progress = opts.onProgress ?? (() => undefined);
  const month = parseMonth(opts.month);
  const empty = (parsed: ParsedWorkbook | null, ctx: ClockContext | null): SettlementRun =>
    finish({ month: opts.month, lang, parsed, ctx, issues, monthFindings: null, statements: [], sheets: [], maxRowsPerSheet: opts.maxRowsPerSheet });

  if (!month) {
    issues.error("MONTH_INVALID", { value: opts.month });
    return empty(null, null);
  }

  progress("reading");
  // The reader's zone clock is the run's: made once, not again after reading (each scans 1992–2100).
  const zones = new Map<string, ReturnType<typeof makeZoneClock>>();
  const zoneClockOf = (name: string) => {
    if (!zones.has(name)) zones.set(name, makeZoneClock(name));
    return zones.get(name) ?? null;
  };
  const read = readWorkbook(wb, { makeZoneClock: zoneClockOf, headerMappings: opts.headerMappings, providerAliases: opts.providerAliases });
  issues.addAll(read.issues);
  const parsed = read.value;
  if (!parsed) return empty(null, null);

  const { agreement } = parsed;
  const zone = zoneClockOf(agreement.timeZone);
  const calendar = buildCalendar({
    kind: agreement.calendar,
    workingHours: agreement.workingHours,
    overrides: parsed.calendarOverrides,
    hoursSource: agreement.refs.workingHours,
  });
  issues.addAll(calendar.issues);
  if (!zone) {
    // The readers report a bad zone on its cell; this guards a host whose Intl lacks the zone.
    return empty(parsed, null); // the readers reported TIME_ZONE_UNKNOWN on its cell
  }
  if (calendar.issues.some((i) => i.severity === "error")) {
    issues.error("CALENDAR_INVALID", {});
    return empty(parsed, null);
  }
  const ctx: ClockContext = { calendar: calendar.value, zone, dayEndsAt: agreement.dayEndsAt };

  if (opts.provider !== undefined && opts.provider !== "") {
    const providers = [...new Set(parsed.tickets.map((t) => t.provider))].sort();
    if (!providers.includes(opts.provider)) {
      issues.error("PROVIDER_UNKNOWN", { value: opts.provider }, { known: providers.join(", ") });
      return empty(parsed, ctx);
    }
  }

  progress("checking");
  const provider = opts.provider || undefined;
  const feeOf = (t: Parameters<typeof ticketFee>[0]) => {
    const fee = ticketFee(t, agreement).value;
    return fee ? fee.amount : null;
  };
  const instants: TicketInstants = { settled: null, reported: null }; // the three months' passes share them
  const found = computeFindings(parsed, ctx, month, { provider, feeOf, instants });
  issues.addAll(found.issues);

  progress("money");
  const money = computeStatements({ parsed, month, monthFindings: found.value, ctx, provider });
  issues.addAll(money.issues);

  // Month over month: the earlier months this workbook settles, each measured the same way.
  const earlier: { month: string; findings: Finding[] }[] = [];
  let m = month;
  for (let k = 0; k < TREND_MONTHS - 1; k++) {
    m = previousMonth(m);
    const f = computeFindings(parsed, ctx, m, { provider, feeOf, instants }).value;
    if (f.settled.length === 0 && f.findings.length === 0) break;
    earlier.unshift({ month: formatMonth(m), findings: f.findings });
  }

  // Statements that leave tickets out are provisional, and say so everywhere (settlement/provisional.ts).
  const unassigned = unassignedRows(issues.items, parsed);
  markProvisional(money.value, unassigned, parsed.recordsLeftOut);

  progress("sheets");
  const disputeBy = new Map(money.value.map((s) => [s.provider, s.disputeBy]));
  const sheets = [
    ...buildFindingsSheets(found.value.findings, month, lang, agreement, disputeBy, { maxRowsPerSheet: opts.maxRowsPerSheet }),
    ...buildSettlementSheets(money.value, month, lang, { maxRowsPerSheet: opts.maxRowsPerSheet, issues: issues.items, unassigned, contractNo: agreement.contractNo }),
    buildKpisSheet(found.value.findings, money.value, month, lang, earlier),
  ];
  return finish({
    maxRowsPerSheet: opts.maxRowsPerSheet,
    month: formatMonth(month),
    lang,
    parsed,
    ctx,
    issues,
    monthFindings: found.value,
    statements: money.value,
    sheets,
  });
}

function finish(p: {
  month: string;
  lang: Lang;
  parsed: ParsedWorkbook | null;
  ctx: ClockContext | null;
  issues: IssueList;
  monthFindings: MonthFindings | null;
  statements: ProviderStatement[];
  sheets: OutputSheet[];
  maxRowsPerSheet?: number;
}): SettlementRun {
  const all = p.issues.items;
  const currency = p.parsed?.agreement.currency ?? "";
  const findings = p.monthFindings?.findings ?? [];
  // The findings array (one object and one English trace per finding) is built only if someone reads it — the
  // CLI's --json and the golden test do; the add-in and a plain reconcile never pay for it.
  let findingsArray: unknown[] | null = null;
  const agreement = p.parsed?.agreement ?? null;
  const unassigned = unassignedRows(all, p.parsed);
  const print = { contractNo: p.parsed?.agreement.contractNo ?? "", month: p.month, lang: p.lang };
  const json: SettlementJson = {
    month: p.month,
    currency,
    statements: statementsJson(p.statements),
    get findings() {
      return (findingsArray ??= agreement ? findingsJson(findings, agreement) : []);
    },
    issues: all.map((i) => {
      const { problem, fix } = renderIssue(i, p.lang);
      return { severity: i.severity, code: i.code, sheet: i.sheet, cell: i.cell, value: i.value, message: `${problem} ${fix}`.trim() };
    }),
  };
  return {
    month: p.month,
    lang: p.lang,
    currency,
    // Every output sheet prints: A4 landscape, fit to width, header rows repeated, contract / month / page (core/print).
    sheets: [...p.sheets, ...buildIssuesSheets(all, p.lang, { maxRowsPerSheet: p.maxRowsPerSheet })].map((sheet) => withPrintSetup(sheet, print)),
    json,
    issues: all,
    hasErrors: all.some((i) => i.severity === "error"),
    parsed: p.parsed,
    findings,
    statements: p.statements,
    unassignedRows: unassigned,
    monthFindings: p.monthFindings,
    ctx: p.ctx,
  };
}

/** What the add-in's Setup view shows before any month is chosen (docs/CONTRACT.md, The add-in): read only, nothing settled. */
export interface WorkbookOverview {
  recognised: RecognisedSheet[];
  providers: string[];
  /** The month of the latest report date ("" when there is none): the month a user most likely settles. */
  latestReportMonth: string;
  /** Provider names that differ only by case, width, spaces or punctuation, as written, with counts and cells. */
  providerVariants: ProviderVariant[];
}

export function inspectWorkbook(
  wb: WorkbookData,
  opts: { headerMappings?: HeaderMappings; providerAliases?: ProviderAliases } = {},
): WorkbookOverview {
  const parsed = readWorkbook(wb, { makeZoneClock, headerMappings: opts.headerMappings, providerAliases: opts.providerAliases }).value;
  let latest = -Infinity;
  for (const t of parsed?.tickets ?? []) {
    // The instant alone: a ticket read from its row makes no event object for it.
    const reported = eventAt(t, "reported");
    if (reported !== undefined && reported > latest) latest = reported;
  }
  const c = Number.isFinite(latest) ? civilFromLocal(asLocal(latest)) : null;
  return {
    recognised: parsed?.recognised ?? [],
    providers: [...new Set((parsed?.tickets ?? []).map((t) => t.provider))].sort(),
    latestReportMonth: c ? formatMonth({ year: c.year, month: c.month }) : "",
    providerVariants: parsed?.providerVariants ?? [],
  };
}

/** The starter sheets for an empty workbook: input sheets with headers, the standard agreement preset (docs/CONTRACT.md), examples. */
export function templateWorkbook(lang: Lang): OutputSheet[] {
  return buildTemplateSheets(lang);
}

export { buildIssuesSheet, buildIssuesSheets } from "./pipeline/issuesSheet";
export { fieldsFor } from "./sheet";
export type { HeaderMappings } from "./sheet";
export type { ProviderAliases, ProviderVariant } from "./sheet/providerVariants";
export { providerKey } from "./sheet/providerVariants";
export type { Month };
export type { Cell, SheetData, WorkbookData } from "./core/cells";
export type { Issue, Lang } from "./core/issues";
export type { OutputSheet } from "./core/output";
export type { Finding } from "./core/finding";
export type { ProviderStatement } from "./settlement";
export type { MonthFindings } from "./findings";
export { MARKER_SHEET, planOutputSheets } from "./core/output";
export { renderIssue, formatIssueLine } from "./core/messages";
export { eventName } from "./core/eventNames";

// The SLA clocks one at a time, for worksheet functions: the same readers, calendar and clocks as a settlement.
export {
  computeDue, elapsedOnClock, makeZoneClock, measureLate, NO_PAUSES, type ClockContext, type ElapsedOutcome, type WorkCalendar,
} from "./clocks";
export { OutsideCalendarError, type DueOutcome, type LateMeasure } from "./clocks/api";
export type { ClockUnit, DayEndsAt, DayInterval } from "./core/model";
export { readClockSettings, parseClockUnit, parseCalendarKind, type ClockSettings } from "./sheet/readWorkbook";
export { roleOfSheet } from "./sheet/headers";
export { coerceHours as parseWorkingHours } from "./sheet/values";
export { localFromSerial, serialFromLocal, DAYS_1904_AFTER_1900, type DateSystem } from "./core/dateSystem";
export { dayOf, startOfDay, formatDay, formatLocal, asDay, asLocal, type DayNumber, type LocalSeconds } from "./core/time";

/**
 * The clock context of a workbook's clock settings (calendar, zone, end of day) built as settleMonth builds it, with
 * the issues of the Working Hours or the Calendar sheet; null when an error leaves no calendar or no zone to use.
 */
export function clockContextOf(settings: ClockSettings): { value: ClockContext | null; issues: Issue[] } {
  const zone = makeZoneClock(settings.timeZone);
  const calendar = buildCalendar({
    kind: settings.calendar,
    workingHours: settings.workingHours,
    overrides: settings.overrides,
    hoursSource: settings.hoursSource,
  });
  if (!zone) {
    // readClockSettings reports a bad zone on its cell; this guards a host whose Intl lacks the zone.
    const unknown: Issue = { severity: "error", code: "TIME_ZONE_UNKNOWN", sheet: "", cell: "", value: settings.timeZone, params: {} };
    return { value: null, issues: [...calendar.issues, unknown] };
  }
  if (calendar.issues.some((i) => i.severity === "error")) return { value: null, issues: calendar.issues };
  return { value: { calendar: calendar.value, zone, dayEndsAt: settings.dayEndsAt }, issues: calendar.issues };
}
export { formatDeadline, deadlineDay, type DeadlineTextOptions } from "./core/time";
