/**
 * Reads every input sheet of the contract (docs/CONTRACT.md, Input sheets) from host-neutral cell arrays into a ParsedWorkbook, reporting every bad
 * cell as an Issue (docs/CONTRACT.md, Principles, "Every bad cell is reported") in one pass. Never throws on a cell value. Order: Agreement (its time zone is
 * needed for ISO dates with offsets) → SLA (its Start/End name the custom event columns) → Tickets → Events →
 * Calendar, Invoice, Statements, Payments → cross-sheet checks.
 */
import type { SheetData, WorkbookData } from "../core/cells";
import { IssueList, type Parsed } from "../core/issues";
import {
  type Agreement, type CalendarOverride, type CellRef, type ParsedWorkbook, type RecognisedSheet, type RecordLeftOut, STANDARD_EVENTS,
} from "../core/model";
import type { ZoneClock } from "../clocks/api";
import { type Role, roleOfSheet, standardEvent } from "./headers";
import { normalizeHeader } from "./normalize";
import { cellText, isBlank, releaseMemos } from "./values";
import { type ProviderAliases, ProviderNames } from "./providerVariants";
import { readAgreement } from "./readAgreement";
import { readCalendar } from "./readCalendarSheet";
import { applyEvents } from "./readEvents";
import { readInvoice } from "./readInvoice";
import { readPayments } from "./readPayments";
import { readClauses } from "./readSlaClauses";
import { readStatements } from "./readStatements";
import { finishTicket, readTickets, RowTicket } from "./readTickets";
import { isRecord, readTable, ref, REQUIRED_ROLES, type Table } from "./table";
import "./messages";
export { parseCalendarKind } from "./readAgreement";
export { parseClockUnit } from "./readSlaClauses";

export type HeaderMappings = Record<string, Record<string, string>>;

export interface ReadOptions {
  makeZoneClock: (zone: string) => ZoneClock | null;
  headerMappings?: HeaderMappings;
  /** Provider name as written → the provider to settle it under (see providerVariants.ts). */
  providerAliases?: ProviderAliases;
}

export function readWorkbook(wb: WorkbookData, opts: ReadOptions): Parsed<ParsedWorkbook | null> {
  try {
    return readSheets(wb, opts);
  } finally {
    releaseMemos();
  }
}

function readSheets(wb: WorkbookData, opts: ReadOptions): Parsed<ParsedWorkbook | null> {
  const issues = new IssueList();
  const byRole = new Map<Role, SheetData>();
  // Two sheets of one role (Tickets and 工单): reading either would be a guess at which holds the month, so the
  // month is not settled until one is renamed or deleted.
  let repeated = false;
  for (const sheet of wb.sheets) {
    const role = roleOfSheet(sheet.name);
    if (!role) continue;
    if (byRole.has(role)) {
      issues.error("SHEET_ROLE_REPEATED", { sheet: sheet.name, value: sheet.name }, { first: byRole.get(role)!.name, role });
      repeated = true;
      continue;
    }
    byRole.set(role, sheet);
  }
  for (const role of REQUIRED_ROLES) if (!byRole.has(role)) issues.error("SHEET_MISSING", {}, { role });
  if (repeated) return { value: null, issues: issues.items };
  const recognised: RecognisedSheet[] = [];

  // Agreement first: the zone converts ISO dates with offsets everywhere else.
  const agreementSheet = byRole.get("agreement");
  const agreement = agreementSheet ? readAgreement(agreementSheet, issues) : null;
  let zone: ZoneClock | null = null;
  if (agreement) {
    zone = opts.makeZoneClock(agreement.timeZone);
    if (!zone) {
      const ref = agreement.refs.timeZone;
      issues.error("TIME_ZONE_UNKNOWN", { sheet: ref?.sheet ?? agreementSheet!.name, cell: ref?.cell ?? "", value: agreement.timeZone });
    }
  }

  const tables = new Map<Role, Table>();
  for (const [role, sheet] of byRole) {
    if (role === "agreement") continue;
    const t = readTable(sheet, role, opts.headerMappings?.[sheet.name] ?? {}, issues);
    if (t) {
      tables.set(role, t);
      recognised.push({ role, sheet: sheet.name, headerRow: t.headerRow, columns: t.columns, unrecognised: t.unrecognised });
    }
  }
  if (agreementSheet) recognised.push({ role: "agreement", sheet: agreementSheet.name, headerRow: -1, columns: {}, unrecognised: [] });

  const ticketsTable = tables.get("tickets");
  const eventsTable = tables.get("events");
  const slaTable = tables.get("sla");
  if (!agreement || !ticketsTable || !slaTable) {
    return { value: null, issues: issues.items };
  }

  // Names a clause may use beyond the standard events: other Tickets headers and custom Events names.
  const eventNamesInEvents = new Set<string>();
  if (eventsTable) {
    // dataRows without a generator step per row, the column looked up once: the sheet can hold a row for every
    // ticket and more.
    const rows = eventsTable.sheet.rows;
    const recordColumns = Object.values(eventsTable.columns);
    const eventCol = eventsTable.columns.event;
    for (let r = eventsTable.headerRow + 1; r < rows.length; r++) {
      const row = rows[r];
      if (!row || !isRecord(row, recordColumns)) continue;
      const name = eventCol === undefined ? null : (row[eventCol] ?? null);
      if (!isBlank(name) && !standardEvent(cellText(name))) eventNamesInEvents.add(normalizeHeader(cellText(name)));
    }
  }
  const ticketHeaders = new Set<string>();
  for (const [h, col] of ticketsTable.byHeader) if (!Object.values(ticketsTable.columns).includes(col)) ticketHeaders.add(h);

  const clauses = readClauses(slaTable, ticketHeaders, eventNamesInEvents, zone, issues);
  const customEventColumns = new Map<string, number>();
  for (const c of clauses) {
    for (const e of [c.startEvent, c.endEvent]) {
      if ((STANDARD_EVENTS as readonly string[]).includes(e)) continue;
      const col = ticketsTable.byHeader.get(e);
      if (col !== undefined) customEventColumns.set(e, col);
    }
  }
  const providerNames = new ProviderNames(opts.providerAliases);
  const agreementProvider = agreement.refs.provider;
  if (agreement.provider && agreementProvider) {
    agreement.provider = providerNames.note(agreement.provider, () => `${agreementProvider.sheet}!${agreementProvider.cell}`);
  }
  const tickets = readTickets(ticketsTable, agreement, customEventColumns, zone, issues, providerNames);
  if (eventsTable) applyEvents(eventsTable, tickets, zone, issues);
  // The tickets kept (a duplicate ID's are null), gathered in the same pass (a million of them).
  const kept: RowTicket[] = [];
  for (let entry = 0; entry < tickets.slots.length; entry++) {
    const t = tickets.slots[entry];
    if (t === null) continue;
    if (!tickets.finished[entry]) finishTicket(t, issues);
    kept.push(t);
  }

  const calendarTable = tables.get("calendar");
  const calendarOverrides = calendarTable ? readCalendar(calendarTable, zone, issues) : [];
  const invoiceTable = tables.get("invoice");
  const invoice = invoiceTable ? readInvoice(invoiceTable, zone, issues, providerNames) : null;
  const statementsTable = tables.get("statements");
  const recordsLeftOut: RecordLeftOut[] = [];
  const statements = statementsTable ? readStatements(statementsTable, zone, issues, providerNames, recordsLeftOut) : [];
  const paymentsTable = tables.get("payments");
  const payments = paymentsTable ? readPayments(paymentsTable, statements, zone, issues, recordsLeftOut) : [];

  if (clauses.length === 0) issues.warning("NO_CLAUSES", { sheet: slaTable.sheet.name });
  providerNames.report(issues);
  return {
    value: {
      agreement,
      clauses,
      tickets: kept,
      calendarOverrides,
      invoice,
      statements,
      payments,
      recordsLeftOut,
      recognised,
      providerVariants: providerNames.variants(),
    },
    issues: issues.items,
  };
}

// The clock settings alone, for worksheet functions (a workbook of formulas need not have Tickets or SLA sheets)

/** What the SLA clocks take from a workbook: the Agreement's clock keys and the Calendar sheet's overrides. */
export interface ClockSettings {
  calendar: Agreement["calendar"];
  workingHours: Agreement["workingHours"];
  dayEndsAt: Agreement["dayEndsAt"];
  timeZone: string;
  overrides: CalendarOverride[];
  /** Where the Working Hours came from, for the issue when they cannot be used. */
  hoursSource?: CellRef;
  /** The Agreement sheet's name as the workbook spells it. */
  agreementSheet: string;
}

/**
 * The Agreement's Calendar, Working Hours, Day Ends At and Time Zone and the Calendar sheet's overrides, read by the
 * same readers as a settlement, with their issues (a bad value is an error, never a default). Null when the workbook
 * has no Agreement sheet: the caller decides what that means.
 */
export function readClockSettings(wb: WorkbookData, opts: Pick<ReadOptions, "makeZoneClock">): Parsed<ClockSettings | null> {
  try {
    const issues = new IssueList();
    const agreementSheet = wb.sheets.find((s) => roleOfSheet(s.name) === "agreement");
    if (!agreementSheet) return { value: null, issues: [] };
    const agreement = readAgreement(agreementSheet, issues);
    const zone = opts.makeZoneClock(agreement.timeZone);
    if (!zone) {
      const at = agreement.refs.timeZone;
      issues.error("TIME_ZONE_UNKNOWN", { sheet: at?.sheet ?? agreementSheet.name, cell: at?.cell ?? "", value: agreement.timeZone });
    }
    const calendarSheet = wb.sheets.find((s) => roleOfSheet(s.name) === "calendar");
    const calendarTable = calendarSheet ? readTable(calendarSheet, "calendar", {}, issues) : null;
    const overrides = calendarTable ? readCalendar(calendarTable, zone, issues) : [];
    const settings: ClockSettings = {
      calendar: agreement.calendar,
      workingHours: agreement.workingHours,
      dayEndsAt: agreement.dayEndsAt,
      timeZone: agreement.timeZone,
      overrides,
      hoursSource: agreement.refs.workingHours,
      agreementSheet: agreementSheet.name,
    };
    // Only what the clocks use: a bad Currency or Penalty Cap is the settlement's business, not a formula's.
    const clockCells = new Set(
      (["calendar", "workingHours", "dayEndsAt", "timeZone"] as const).map((k) => agreement.refs[k]?.cell).filter((c) => c !== undefined),
    );
    const concerning = issues.items.filter((i) => i.sheet !== agreementSheet.name || clockCells.has(i.cell) || i.code === "TIME_ZONE_UNKNOWN");
    return { value: settings, issues: concerning };
  } finally {
    releaseMemos();
  }
}
