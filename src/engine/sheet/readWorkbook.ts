/**
 * Reads every input sheet of the contract (docs/CONTRACT.md, Input sheets) from host-neutral cell arrays into a ParsedWorkbook, reporting every bad
 * cell as an Issue (docs/CONTRACT.md, Principles, "Every bad cell is reported") in one pass. Never throws on a cell value. Order: Agreement (its time zone is
 * needed for ISO dates with offsets) → SLA (its Start/End name the custom event columns) → Tickets → Events →
 * Calendar, Invoice, Statements, Payments → cross-sheet checks.
 */
import { cellAddress, type Cell, type SheetData, type WorkbookData } from "../core/cells";
import { IssueList, type Issue, type Parsed } from "../core/issues";
import type {
  Agreement, CalendarOverride, CellRef, Clause, ClockUnit, Condition, InvoiceLine, ParsedWorkbook, PauseInterval,
  PaymentRecord, PenaltyKind, RecognisedSheet, StatementRecord, Ticket, TicketEvent,
} from "../core/model";
import { STANDARD_EVENTS } from "../core/model";
import { cellEvent, ColumnTicket, TicketColumns, eventOf, listsOf, newEventRecord, type SheetColumn, type TicketLists } from "../core/ticketColumns";
import { Dec, isKnownCurrency, minorDigits, minorUnits, ZERO } from "../core/money";
import { asDay, formatMonth, parseMonth, civilFromDays, SECONDS_PER_DAY, type DayNumber, type LocalSeconds } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import {
  AGREEMENT_INDEX, FIELD_INDEX, FIELDS, roleOfSheet, standardEvent, type Role,
} from "./headers";
import { normalizeHeader, normalizeText } from "./normalize";
import {
  cellText, coerceDailyRate, coerceDateTime, coerceDay, coerceHours, coerceInteger, coerceMoney, coercePercent,
  coercePositive, coerceYesNo, isBlank, plainDateTimeSeconds, plainMoney, plainMoneyUnits, releaseMemos, type Coerced,
} from "./values";
import "./messages";
import { ProviderNames, type ProviderAliases } from "./providerVariants";

export type HeaderMappings = Record<string, Record<string, string>>;

export interface ReadOptions {
  makeZoneClock: (zone: string) => ZoneClock | null;
  headerMappings?: HeaderMappings;
  /** Provider name as written → the provider to settle it under (see providerVariants.ts). */
  providerAliases?: ProviderAliases;
}

interface Table {
  sheet: SheetData;
  role: Role;
  headerRow: number;
  columns: Record<string, number>;
  /** Normalised header → column, for every header (recognised or not): custom events and Applies To fields. */
  byHeader: Map<string, number>;
  headerText: Map<string, string>;
  unrecognised: { column: number; header: string }[];
}

const REQUIRED_ROLES: Role[] = ["tickets", "agreement", "sla"];

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
  for (const sheet of wb.sheets) {
    const role = roleOfSheet(sheet.name);
    if (!role) continue;
    if (byRole.has(role)) {
      issues.warning("SHEET_ROLE_REPEATED", { sheet: sheet.name, value: sheet.name }, { first: byRole.get(role)!.name, role });
      continue;
    }
    byRole.set(role, sheet);
  }
  for (const role of REQUIRED_ROLES) if (!byRole.has(role)) issues.error("SHEET_MISSING", {}, { role });
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
  const statements = statementsTable ? readStatements(statementsTable, zone, issues, providerNames) : [];
  const paymentsTable = tables.get("payments");
  const payments = paymentsTable ? readPayments(paymentsTable, statements, zone, issues) : [];

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
      recognised,
      providerVariants: providerNames.variants(),
    },
    issues: issues.items,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

function readTable(sheet: SheetData, role: Role, mapping: Record<string, string>, issues: IssueList): Table | null {
  // The header row is the first row with at least two non-empty cells (docs/CONTRACT.md, Input sheets).
  let headerRow = -1;
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    let filled = 0;
    for (const c of row) if (!isBlank(c)) filled += 1;
    if (filled >= 2) {
      headerRow = r;
      break;
    }
  }
  if (headerRow < 0) {
    issues.add({
      severity: REQUIRED_ROLES.includes(role) ? "error" : "warning",
      code: "SHEET_EMPTY",
      sheet: sheet.name,
      cell: "",
      value: "",
      params: { role },
    });
    return null;
  }
  const columns: Record<string, number> = {};
  const byHeader = new Map<string, number>();
  const headerText = new Map<string, string>();
  const unrecognised: { column: number; header: string }[] = [];
  const index = FIELD_INDEX[role];
  const normMapping = new Map(Object.entries(mapping).map(([h, f]) => [normalizeHeader(h), f]));
  const row = sheet.rows[headerRow];
  for (let c = 0; c < row.length; c++) {
    if (isBlank(row[c]) || typeof row[c] !== "string" && typeof row[c] !== "number") continue;
    const text = cellText(row[c]);
    const key = normalizeHeader(text);
    if (!byHeader.has(key)) {
      byHeader.set(key, c);
      headerText.set(key, text);
    }
    const field = normMapping.get(key) ?? index.get(key);
    if (!field) {
      unrecognised.push({ column: c, header: text });
      continue;
    }
    if (columns[field] !== undefined) {
      issues.warning("HEADER_REPEATED", { sheet: sheet.name, cell: cellAddress(headerRow, c), value: text }, {
        first: cellAddress(headerRow, columns[field]),
      });
      continue;
    }
    columns[field] = c;
  }
  for (const spec of FIELDS[role]) {
    if (spec.required && columns[spec.field] === undefined) {
      issues.error("COLUMN_MISSING", { sheet: sheet.name, cell: cellAddress(headerRow, 0) }, { header: spec.en, headerZh: spec.zh, role });
    }
  }
  if (FIELDS[role].some((s) => s.required && columns[s.field] === undefined)) return null;
  return { sheet, role, headerRow, columns, byHeader, headerText, unrecognised };
}

/** Rows below the header with something in a recognised column (a row holding only a note is not a record). */
function* dataRows(t: Table): Generator<number> {
  const cols = Object.values(t.columns);
  for (let r = t.headerRow + 1; r < t.sheet.rows.length; r++) {
    const row = t.sheet.rows[r];
    if (row && isRecord(row, cols)) yield r;
  }
}

/** Whether a row has something in one of the recognised `cols` (see dataRows). */
function isRecord(row: readonly Cell[], cols: readonly number[]): boolean {
  for (let k = 0; k < cols.length; k++) {
    const v = row[cols[k]];
    if (v !== undefined && !isBlank(v)) return true;
  }
  return false;
}

function get(t: Table, r: number, field: string): Cell {
  const c = t.columns[field];
  if (c === undefined) return null;
  const v = t.sheet.rows[r]?.[c];
  return v === undefined ? null : v;
}

const LETTERS: string[] = [];
function ref(t: Table, r: number, field: string): CellRef {
  const c = t.columns[field] ?? 0;
  const letters = LETTERS[c] ?? (LETTERS[c] = cellAddress(0, c).slice(0, -1));
  return { sheet: t.sheet.name, cell: `${letters}${r + 1}` };
}

/** Coerces one cell; on failure records the issue (code by what was expected) and returns null. */
function take<T>(
  t: Table, r: number, field: string, coerce: (c: Cell) => Coerced<T>, issues: IssueList,
  opts: { required?: boolean; ticket?: string; severity?: "error" | "warning" } = {},
): T | null {
  const cell = get(t, r, field);
  if (cell === null && !opts.required) return null; // the common empty cell: no allocation (1M-row sheets)
  const where = () => ({ ...ref(t, r, field), value: cellText(cell), ticket: opts.ticket });
  if (isBlank(cell)) {
    if (opts.required) issues.error("VALUE_MISSING", where(), { field, header: t.headerText.get(normalizeHeader(headerOf(t, field))) ?? field });
    return null;
  }
  const v = coerce(cell);
  if (v.ok) return v.value;
  const w = where();
  issues.add({
    severity: opts.severity ?? "error",
    code: codeFor(v.expected),
    sheet: w.sheet,
    cell: w.cell,
    value: w.value,
    params: { expected: v.expected, field },
    ...(opts.ticket !== undefined ? { ticket: opts.ticket } : {}),
  });
  return null;
}

function headerOf(t: Table, field: string): string {
  const c = t.columns[field];
  return c === undefined ? field : cellText(t.sheet.rows[t.headerRow][c]);
}

function codeFor(expected: string): string {
  if (expected === "date-time" || expected === "date") return "DATE_UNREADABLE";
  if (expected === "date-range") return "DATE_OUT_OF_RANGE";
  if (expected === "time-zone") return "DATE_NEEDS_TIME_ZONE";
  if (expected === "money") return "MONEY_UNREADABLE";
  if (expected === "money-negative") return "MONEY_NEGATIVE";
  if (expected === "money-range") return "MONEY_OUT_OF_RANGE";
  if (expected === "percent" || expected === "rate") return "PERCENT_UNREADABLE";
  if (expected === "yes/no") return "YES_NO_UNREADABLE";
  if (expected === "hours") return "HOURS_UNREADABLE";
  if (expected === "month") return "MONTH_UNREADABLE";
  return "NUMBER_UNREADABLE";
}

// ---------------------------------------------------------------------------------------------------------------
// Agreement (key/value rows)

const CALENDARS: Record<string, Agreement["calendar"]> = {
  cn: "CN", china: "CN", prc: "CN", 中国: "CN", 法定: "CN", 法定节假日: "CN", 中国法定节假日: "CN",
  "mon-fri": "Mon-Fri", monfri: "Mon-Fri", "monday-friday": "Mon-Fri", 周一至周五: "Mon-Fri", 工作日: "Mon-Fri",
  "24x7": "24x7", "7x24": "24x7", "24/7": "24x7", 全天: "24x7", 全年无休: "24x7",
};
const DAY_ENDS: Record<string, Agreement["dayEndsAt"]> = {
  "24:00": "midnight", midnight: "midnight", "24点": "midnight", "24时": "midnight", 午夜: "midnight", "00:00": "midnight",
  closeofbusiness: "close-of-business", cob: "close-of-business", 下班: "close-of-business", 下班时间: "close-of-business", 营业结束: "close-of-business", 工作时间结束: "close-of-business",
};
const BASES: Record<string, Agreement["settlementBasis"]> = {
  closed: "closed", close: "closed", 结案: "closed", 关闭: "closed", 结案时间: "closed",
  repaired: "repaired", 维修完成: "repaired", 修复: "repaired", 维修完成时间: "repaired",
};

function readAgreement(sheet: SheetData, issues: IssueList): Agreement {
  const a: Agreement = {
    contractNo: "", provider: "", customer: "", currency: "CNY", minorDigits: 2, timeZone: "Asia/Shanghai",
    calendar: "CN",
    workingHours: [{ fromSecond: 9 * 3600, toSecond: 18 * 3600 }],
    dayEndsAt: "midnight", warrantyMonths: 12, settlementBasis: "closed", statementDay: 1, paymentDays: 30,
    lateFeeRate: { perDay: new Dec("0.0005"), text: "0.05% per day" }, lateFeeGraceDays: 0, lateFeeCap: null,
    disputeDays: 5, penaltyCap: null, unperformedRate: new Dec("0.2"), refs: {},
  };
  const seen = new Map<string, string>();
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const keyCell = row[0] ?? null;
    const value = row[1] ?? null;
    if (isBlank(keyCell)) continue;
    const keyText = cellText(keyCell);
    const field = AGREEMENT_INDEX.get(normalizeHeader(keyText));
    const keyRef = { sheet: sheet.name, cell: cellAddress(r, 0) };
    const at = { sheet: sheet.name, cell: cellAddress(r, 1), value: cellText(value) };
    if (!field) {
      const k = normalizeHeader(keyText);
      if (!["key", "键", "项目", "字段", "item", "field", "term", "条款"].includes(k)) {
        issues.warning("AGREEMENT_KEY_UNKNOWN", { ...keyRef, value: keyText });
      }
      continue;
    }
    if (seen.has(field)) {
      issues.warning("AGREEMENT_KEY_REPEATED", { ...keyRef, value: keyText }, { first: seen.get(field)! });
      continue;
    }
    seen.set(field, keyRef.cell);
    if (isBlank(value)) continue; // the default applies (docs/CONTRACT.md, Input sheets: Agreement)
    const bad = (expected: string) => issues.error("AGREEMENT_VALUE_INVALID", at, { key: keyText, expected });
    const text = cellText(value).trim();
    const norm = normalizeText(text);
    (a.refs as Record<string, CellRef>)[field] = { sheet: sheet.name, cell: at.cell };
    switch (field) {
      case "contractNo":
      case "provider":
      case "customer":
        a[field] = text;
        break;
      case "currency": {
        const code = text.toUpperCase();
        if (!/^[A-Z]{3}$/.test(code)) bad("currency");
        else {
          if (!isKnownCurrency(code)) issues.warning("CURRENCY_UNKNOWN", at);
          a.currency = code;
          a.minorDigits = minorDigits(code);
        }
        break;
      }
      case "timeZone":
        a.timeZone = text;
        break;
      case "calendar":
        if (CALENDARS[norm]) a.calendar = CALENDARS[norm];
        else bad("calendar");
        break;
      case "workingHours": {
        const h = coerceHours(value);
        if (h.ok) a.workingHours = h.value;
        else bad("hours");
        break;
      }
      case "dayEndsAt": {
        const d = DAY_ENDS[norm.replace(/[_\-]/g, "")];
        if (d) a.dayEndsAt = d;
        else bad("day-ends");
        break;
      }
      case "warrantyMonths":
      case "statementDay":
      case "paymentDays":
      case "lateFeeGraceDays":
      case "disputeDays": {
        const limits: Record<string, [number, number]> = {
          warrantyMonths: [0, 1200], statementDay: [1, 28], paymentDays: [0, 3650], lateFeeGraceDays: [0, 3650], disputeDays: [0, 365],
        };
        const [lo, hi] = limits[field];
        const n = coerceInteger(typeof value === "string" ? value.replace(/[天日月个工作]/g, "") : value, lo, hi);
        if (n.ok) (a as unknown as Record<string, number>)[field] = n.value;
        else bad(`integer ${lo}-${hi}`);
        break;
      }
      case "settlementBasis":
        if (BASES[norm]) a.settlementBasis = BASES[norm];
        else bad("basis");
        break;
      case "lateFeeRate": {
        const r2 = coerceDailyRate(value);
        if (r2.ok) a.lateFeeRate = r2.value;
        else bad("rate");
        break;
      }
      case "lateFeeCap":
      case "penaltyCap":
      case "unperformedRate": {
        if (["none", "无", "不设", "-", "n/a"].includes(norm)) {
          if (field !== "unperformedRate") a[field] = null;
          else a.unperformedRate = ZERO;
          break;
        }
        const p = coercePercent(value);
        if (p.ok) a[field] = p.value;
        else bad("percent");
        break;
      }
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------------------
// SLA clauses

const UNITS: Record<string, ClockUnit> = {
  hours: "hours", hour: "hours", h: "hours", hrs: "hours", hr: "hours", 小时: "hours", 时: "hours",
  workinghours: "working hours", workinghour: "working hours", wh: "working hours", businesshours: "working hours", 工作小时: "working hours", 工作时: "working hours",
  days: "days", day: "days", d: "days", 天: "days", 日: "days", 自然日: "days", calendardays: "days",
  workingdays: "working days", workingday: "working days", wd: "working days", businessdays: "working days", 工作日: "working days", 个工作日: "working days",
};
const PENALTIES: Record<string, PenaltyKind> = {
  fixed: "fixed", pertime: "fixed", peroccurrence: "fixed", perincident: "fixed", each: "fixed", 每次: "fixed", 固定: "fixed", 按次: "fixed",
  perday: "per day", daily: "per day", 每天: "per day", 每日: "per day", 按天: "per day", 按日: "per day",
  perhour: "per hour", hourly: "per hour", 每小时: "per hour", 按小时: "per hour",
  percentoffee: "percent of fee", "%offee": "percent of fee", percent: "percent of fee", 按服务费比例: "percent of fee", 服务费比例: "percent of fee", 比例: "percent of fee",
  none: "none", 无: "none", "-": "none", 不适用: "none",
};

/** A clause's Start/End: a standard event, a Tickets header, or a custom event of the Events sheet. */
function resolveEventName(text: string, ticketHeaders: Set<string>, custom: Set<string>): string | null {
  const std = standardEvent(text);
  if (std && std !== "paused" && std !== "resumed") return std;
  const key = normalizeHeader(text);
  if (ticketHeaders.has(key) || custom.has(key)) return key;
  return null;
}

function readClauses(t: Table, ticketHeaders: Set<string>, customEvents: Set<string>, zone: ZoneClock | null, issues: IssueList): Clause[] {
  const clauses: Clause[] = [];
  for (const r of dataRows(t)) {
    const before = issues.items.length;
    const refText = cellText(get(t, r, "clause")).trim();
    if (!refText) {
      issues.error("CLAUSE_REF_MISSING", { ...ref(t, r, "clause") });
      continue;
    }
    const eventOf = (field: "start" | "end") => {
      const text = cellText(get(t, r, field)).trim();
      const name = text ? resolveEventName(text, ticketHeaders, customEvents) : null;
      if (!name) issues.error("CLAUSE_EVENT_UNKNOWN", { ...ref(t, r, field), value: text }, { clause: refText });
      return name;
    };
    const startEvent = eventOf("start");
    const endEvent = eventOf("end");
    const target = take(t, r, "target", coercePositive, issues, { required: true });
    const unitText = cellText(get(t, r, "unit"));
    const unit = UNITS[normalizeText(unitText)];
    if (!unit) issues.error("UNIT_UNKNOWN", { ...ref(t, r, "unit"), value: unitText }, { clause: refText });
    const penaltyText = cellText(get(t, r, "penalty"));
    const penalty: PenaltyKind | undefined = isBlank(get(t, r, "penalty")) ? "none" : PENALTIES[normalizeText(penaltyText)];
    if (!penalty) issues.error("PENALTY_KIND_UNKNOWN", { ...ref(t, r, "penalty"), value: penaltyText }, { clause: refText });
    let amount: Dec | null = ZERO;
    if (penalty && penalty !== "none") {
      amount = penalty === "percent of fee"
        ? take(t, r, "amount", coercePercent, issues, { required: true })
        : take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    }
    const cap = take(t, r, "cap", (c) => coerceMoney(c), issues);
    const pausable = take(t, r, "pausable", coerceYesNo, issues) ?? true;
    const effectiveFrom = take(t, r, "effectiveFrom", (c) => coerceDay(c, zone), issues);
    const effectiveTo = take(t, r, "effectiveTo", (c) => coerceDay(c, zone), issues);
    const appliesTo = parseAppliesTo(t, r, ticketHeaders, issues, refText);
    if (effectiveFrom !== null && effectiveTo !== null && effectiveTo < effectiveFrom) {
      issues.error("EFFECTIVE_PERIOD_INVALID", { ...ref(t, r, "effectiveTo"), value: cellText(get(t, r, "effectiveTo")) }, { clause: refText });
    }
    if (issues.items.slice(before).some((i) => i.severity === "error") || !startEvent || !endEvent || !unit || !penalty || target === null || amount === null || appliesTo === null) {
      continue; // the clause is left out; its errors say why
    }
    const clause: Clause = {
      ref: refText, name: cellText(get(t, r, "name")).trim(), appliesTo, startEvent, endEvent, target, unit, penalty, amount, cap,
      pausable, effectiveFrom, effectiveTo, source: ref(t, r, "clause"),
    };
    // One clause reference may be amended over time, but its effective periods must not overlap.
    const overlapping = clauses.find(
      (c) => c.ref === clause.ref &&
        (c.effectiveFrom ?? -Infinity) <= (clause.effectiveTo ?? Infinity) &&
        (clause.effectiveFrom ?? -Infinity) <= (c.effectiveTo ?? Infinity),
    );
    if (overlapping) {
      issues.error("CLAUSE_PERIOD_OVERLAP", { ...clause.source, value: refText }, { other: overlapping.source.cell });
      continue;
    }
    clauses.push(clause);
  }
  return clauses;
}

/** `service=onsite|上门; category=urgent` → conditions (AND of ORs). Fields: canonical ticket fields or Tickets headers. */
function parseAppliesTo(t: Table, r: number, ticketHeaders: Set<string>, issues: IssueList, clause: string): Condition[] | null {
  const cell = get(t, r, "appliesTo");
  if (isBlank(cell)) return [];
  const text = cellText(cell);
  const where = { ...ref(t, r, "appliesTo"), value: text };
  const out: Condition[] = [];
  for (const part of text.normalize("NFKC").split(/[;；]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) {
      issues.error("APPLIES_TO_UNREADABLE", where, { clause });
      return null;
    }
    const key = normalizeHeader(m[1]);
    const canonical = FIELD_INDEX.tickets.get(key);
    const field = canonical ?? (ticketHeaders.has(key) ? key : null);
    if (!field) {
      issues.error("APPLIES_TO_FIELD_UNKNOWN", where, { clause, field: m[1].trim() });
      return null;
    }
    out.push({ field, values: m[2].split(/[|｜]/).map((v) => normalizeText(v)).filter(Boolean) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tickets and events

const TICKET_EVENT_FIELDS = STANDARD_EVENTS as readonly string[];
const WARRANTY: Record<string, "in" | "out"> = {
  in: "in", inwarranty: "in", 保内: "in", 在保: "in", yes: "in", y: "in", 是: "in", true: "in",
  out: "out", outofwarranty: "out", 保外: "out", 过保: "out", no: "out", n: "out", 否: "out", false: "out",
};
const OUTCOMES: Record<string, Ticket["outcome"]> = {
  done: "done", completed: "done", 完成: "done", 已完成: "done", 正常: "done",
  unperformed: "unperformed", notperformed: "unperformed", 未履行: "unperformed", 未完成: "unperformed",
  cancelled: "cancelled", canceled: "cancelled", 已取消: "cancelled", 取消: "cancelled",
};

type TicketSlot = RowTicket | null; // null: a duplicate id, left out

/**
 * Ticket IDs → their tickets, in the order first read. A Map of the IDs cost a third of readTickets'
 * own time (200,000 tickets): V8 hashes each new ID in a runtime call, and each probe compares against other IDs'
 * strings scattered over the heap — a cache miss apiece. Here each ID is hashed once in plain code and probes
 * compare hashes kept side by side in one typed array (open addressing, at most half full); a string is
 * compared only when its hash matches.
 */
class TicketIndex {
  /** Pairs (hash, entry + 1); entry + 1 = 0: a free place. */
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly ids: string[] = [];
  /** By entry, in the order the IDs were first read. */
  readonly slots: TicketSlot[] = [];
  /**
   * By entry, 1 for a ticket finishTicket has nothing to do for: as read from its row, Reported is there and no
   * other standard event precedes it, and the Events sheet has not changed its events since. A month's tickets
   * are mostly such; finishing them would read each ticket and its events once more.
   */
  readonly finished: Uint8Array;

  /** For a sheet of `rowCount` rows: they bound its IDs, so the table, sized to stay at most half full, never grows. */
  constructor(rowCount: number) {
    this.finished = new Uint8Array(rowCount);
    let places = 1024;
    while (places < 2 * rowCount) places *= 2;
    this.mask = places - 1;
    this.table = new Int32Array(2 * places);
  }

  /** The ticket of an ID (null: a duplicate, left out), or undefined for an ID never read. */
  get(id: string): TicketSlot | undefined {
    const entry = this.entryOf(id);
    return entry < 0 ? undefined : this.slots[entry];
  }

  /**
   * The IDs from this entry on are not in the table yet: each was greater than every ID before it, so new for sure.
   * A month's IDs mostly come in ascending order; they are placed together when next looked up, where the probes,
   * each a cache miss, overlap, instead of one stalled probe in every row of readTickets.
   */
  private unplaced = 0;
  /** The greatest ID read. */
  private greatest = "";

  /**
   * The entry of an ID, or -1 for an ID never read. The ascending IDs not yet placed are searched where they stand,
   * from the last one found: the Events sheet mostly lists its tickets in the Tickets sheet's order, and placing a
   * million IDs for its lookups was one cache miss apiece (placeAll, some 0.16 s at 1,048,575 tickets).
   */
  entryOf(id: string): number {
    const ids = this.ids;
    const start = this.unplaced;
    if (start < ids.length && id >= ids[start] && id <= this.greatest) return this.findAscending(id);
    return start === 0 ? -1 : this.find(id, hashId(id)); // nothing placed yet: an empty table
  }

  /** Where the last findAscending found its ID (an entry at or past `unplaced`, when that is still so). */
  private finger = 0;

  /**
   * The entry of `id` among the IDs from `unplaced` on (strictly ascending: see `unplaced`), or -1: a gallop from
   * the finger, then a binary search. Strings compare by UTF-16 code units, as `>` in enter did.
   */
  private findAscending(id: string): number {
    const ids = this.ids;
    const start = this.unplaced;
    const end = ids.length;
    let f = this.finger;
    if (f < start || f >= end) f = start;
    const at = ids[f];
    if (at === id) return f;
    // The first entry in [lo, hi) whose ID is not less than `id` is the only place it can be.
    let lo: number;
    let hi: number;
    if (at < id) {
      let prev = f;
      let step = 1;
      let p = f + 1;
      while (p < end && ids[p] < id) {
        prev = p;
        step *= 2;
        p = f + step;
      }
      lo = prev + 1;
      hi = p < end ? p : end;
    } else {
      let prev = f;
      let step = 1;
      let p = f - 1;
      while (p >= start && ids[p] > id) {
        prev = p;
        step *= 2;
        p = f - step;
      }
      lo = p >= start ? p : start;
      hi = prev;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && ids[lo] === id) {
      this.finger = lo;
      return lo;
    }
    return -1;
  }

  /** The entry of an ID already read; otherwise -1, the ID added with `slot`. */
  enter(id: string, slot: TicketSlot): number {
    if (this.ids.length === 0 || id > this.greatest) {
      this.greatest = id;
    } else {
      if (this.unplaced < this.ids.length) this.placeAll();
      const hash = hashId(id);
      const entry = this.find(id, hash);
      if (entry >= 0) return entry;
      this.place(hash, this.ids.length);
      this.unplaced = this.ids.length + 1;
    }
    this.ids.push(id);
    this.slots.push(slot);
    return -1;
  }

  private placeAll(): void {
    const ids = this.ids;
    for (let entry = this.unplaced; entry < ids.length; entry++) this.place(hashId(ids[entry]), entry);
    this.unplaced = ids.length;
  }

  private find(id: string, hash: number): number {
    const table = this.table;
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const entry = table[2 * at + 1] - 1;
      if (entry < 0) return -1;
      if (table[2 * at] === hash && this.ids[entry] === id) return entry;
    }
  }

  private place(hash: number, entry: number): void {
    const table = this.table;
    let at = hash & this.mask;
    while (table[2 * at + 1] !== 0) at = (at + 1) & this.mask;
    table[2 * at] = hash;
    table[2 * at + 1] = entry + 1;
  }
}

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so that the low bits spread. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A ticket's `fields` record. Built by a constructor rather than as a `{}` literal so V8 sizes it to hold every key
 * inside the object, not in a second array beside it. Without its own `constructor` property a record
 * reads exactly like a `{}` one (`record.constructor === Object`).
 */
class FieldRecord {}
delete (FieldRecord.prototype as { constructor?: unknown }).constructor;

/** A step of readTickets' text cells: one value of one column, after the values of the columns before it. */
interface TextStep {
  /** The next column's values → their steps. */
  next: Map<Cell, TextStep> | null;
  /** The cell's text (what an issue quotes), and trimmed. */
  readonly text: string;
  readonly trimmed: string;
  /** The text normalised (docs/CONTRACT.md, Input sheets); null for a blank cell. */
  readonly norm: string | null;
  /** On the last column's step: the fields record of the tickets whose cells took these steps. */
  record: Record<string, string> | null;
}

/** The closes and pauses of most tickets: none. Frozen, so a push meant for one ticket cannot reach the others. */
const NONE = Object.freeze([]) as unknown as never[];

const STANDARD_EVENT_SET = new Set<string>(STANDARD_EVENTS);

/** What a ticket read from its row holds (the getters of RowTicket add the rest). */
interface RowTicketFields {
  /** Its sheet's event cells and rows (ColumnTicket), and its place there. */
  readonly store: TicketColumns;
  readonly entry: number;
  id: string;
  provider: string;
  fields: Record<string, string>;
  warranty: Ticket["warranty"];
  purchased: Ticket["purchased"];
  /** Its own events record, when it keeps one (see ColumnTicket); null: its events are its cells in `store`. */
  record: Record<string, TicketEvent> | null;
  labour: Ticket["labour"];
  parts: Ticket["parts"];
  shipping: Ticket["shipping"];
  loss: Ticket["loss"];
  outcome: Ticket["outcome"];
  exemption: string;
  pauses: PauseInterval[];
  /** Its closes and repeats from the Events sheet, and a timeline kept, when it has any (see TicketLists); else null. */
  lists: TicketLists | null;
  hasErrors: boolean;
  moneyErrors: readonly Issue[] | null;
}

/** The errors of a ticket's warranty (items[from, to)) and money cells (items[moneyFrom, end)); null when none. */
function moneyErrorsOf(items: readonly Issue[], from: number, to: number, moneyFrom: number): readonly Issue[] | null {
  const errors: Issue[] = [];
  for (let k = from; k < items.length; k++) if ((k < to || k >= moneyFrom) && items[k].severity === "error") errors.push(items[k]);
  return errors.length > 0 ? errors : null;
}

/**
 * A ticket read from its Tickets row; its `source` (the ID cell, "Tickets!A7") is written only when cited, and its
 * events stay in its sheet's TicketColumns until something asks for the record. Built from one object
 * literal (core/instances): a month can hold a million.
 */
function rowTicket(v: Omit<RowTicketFields, "pauses" | "lists" | "hasErrors" | "moneyErrors">): RowTicket {
  // The prototype set in the literal (`__proto__`), not by Object.setPrototypeOf: still pretenured, and cheaper.
  return {
    __proto__: RowTicket.prototype,
    store: v.store, entry: v.entry, id: v.id, provider: v.provider, fields: v.fields, warranty: v.warranty,
    purchased: v.purchased, record: v.record, labour: v.labour, parts: v.parts, shipping: v.shipping, loss: v.loss,
    outcome: v.outcome, exemption: v.exemption, pauses: NONE, lists: null, hasErrors: false, moneyErrors: null,
  } as unknown as RowTicket;
}
// The class declares no fields of its own: RowTicketFields', merged in here, are set by rowTicket.
interface RowTicket extends RowTicketFields {}
class RowTicket extends ColumnTicket implements Ticket {
  /**
   * The ticket's events. Its record is made from its cells when first read here, and kept: what is written to it
   * stays, as on any Ticket. The engine's own readers ask eventAt / eventOf, which make no record.
   */
  get events(): Record<string, TicketEvent> {
    return (this.record ??= this.store.recordOf(this.entry));
  }
  set events(record: Record<string, TicketEvent>) {
    this.record = record;
  }
  /**
   * Every close in time order. A ticket closed only on its Tickets row — nearly every ticket — keeps no list: its
   * one close is its `closed` cell, handed out in a new array, as a new event, on each read. Readers that
   * only ask whether it was reopened ask `reopened` (core/ticketColumns), which makes neither.
   */
  get closes(): TicketEvent[] {
    const list = this.lists?.closes;
    if (list) return list;
    const closed = eventOf(this, "closed");
    return closed ? [closed] : NONE;
  }
  set closes(list: TicketEvent[]) {
    listsOf(this).closes = list;
  }
  /** The row the ticket was read from. */
  get row(): number {
    return this.store.rowOf(this.entry);
  }
  get source(): CellRef {
    const id = this.store.idColumn;
    return { sheet: id.sheet, cell: cellAddress(this.row, id.col) };
  }
  /**
   * Built when read (only the pauses of a reopened ticket read it — docs/CONTRACT.md, Clocks — and the order checks of one with an event
   * before Reported): most tickets never need it. Kept for a ticket with a record of its own; one whose
   * events are in columns builds it on each read, so its events are not made and kept as objects.
   */
  get timeline(): TicketEvent[] {
    const kept = this.lists?.line;
    if (kept) return kept;
    const line = timelineOf(this);
    if (this.record !== null) listsOf(this).line = line;
    return line;
  }
  set timeline(line: TicketEvent[]) {
    listsOf(this).line = line;
  }
}

/** Every occurrence of every event from both sheets, in time order; read once both sheets are in. */
function timelineOf(t: RowTicket): TicketEvent[] {
  // The record as `events` would give it, not kept: reading the timeline does not change where the events are.
  const events = t.record ?? t.store.recordOf(t.entry);
  const timeline = [...Object.values(events).filter((e) => e.name !== "closed"), ...t.closes];
  // The common ticket: one occurrence of each event, nothing to de-duplicate.
  const repeats = t.lists?.repeats;
  if (!repeats) return timeline.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return [...timeline, ...repeats]
    .filter((e) => {
      const k = `${e.name}@${e.at}@${e.source.sheet}!${e.source.cell}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.at - b.at);
}

function readTickets(
  t: Table, agreement: Agreement, customEventColumns: Map<string, number>, zone: ZoneClock | null, issues: IssueList,
  providerNames: ProviderNames,
): TicketIndex {
  const tickets = new TicketIndex(t.sheet.rows.length);
  // The first row of an ID seen twice (its ticket is then left out, as null); every other first row is its
  // ticket's own, so only duplicates come in here (half of this loop's own time was hash lookups).
  const firstRowOfDuplicate = new Map<string, number>();
  const recognisedColumns = new Set(Object.values(t.columns));
  // Columns looked up once per sheet, not by name in every row: the text fields Applies To can test,
  // then the other headers (usable by Applies To as well) — the order a ticket's fields record is written in.
  const fieldKeys: string[] = [];
  const fieldCols: number[] = [];
  for (const f of ["provider", "category", "service", "warranty", "outcome"]) {
    if (t.columns[f] !== undefined) {
      fieldKeys.push(f);
      fieldCols.push(t.columns[f]);
    }
  }
  for (const [key, col] of t.byHeader) {
    if (!recognisedColumns.has(col)) {
      fieldKeys.push(key);
      fieldCols.push(col);
    }
  }
  const providerAt = fieldKeys.indexOf("provider");
  const warrantyAt = fieldKeys.indexOf("warranty");
  const outcomeAt = fieldKeys.indexOf("outcome");
  const sheet = t.sheet.name;
  const idCol = t.columns.ticket;
  const idColumn: SheetColumn = { name: "ticket", sheet, col: idCol ?? 0 };
  // A standard event whose column is missing is never read (take would return null for every row).
  const eventColumns: SheetColumn[] = [];
  for (const name of TICKET_EVENT_FIELDS) {
    const col = t.columns[name];
    if (col !== undefined) eventColumns.push({ name, sheet, col });
  }
  // The event cells, kept in columns rather than an object each; a row's instants, as read, beside them
  // for the rare ticket that keeps a record of its own (NaN: none).
  // Parts amounts kept in minor units beside them, for fees (core/ticketColumns partsUnitsOf).
  const digits = agreement.minorDigits;
  const store = new TicketColumns(idColumn, eventColumns, t.sheet.rows.length, digits);
  const partsUnits = store.partsUnits;
  const zeroUnits = minorUnits(ZERO, digits);
  const rowAts = new Float64Array(eventColumns.length);
  // One coercer each for the whole sheet, not a closure per cell.
  const dateTime = (c: Cell) => coerceDateTime(c, zone);
  const day = (c: Cell) => coerceDay(c, zone);
  const money = (c: Cell) => coerceMoney(c);
  // A cell that reads cleanly is taken as it stands, through a direct call that makes no result object; anything
  // else (blank text, another shape, a bad value) goes through `take`, which reads and reports it exactly as
  // before. A million rows' cells.
  const purchasedCol = t.columns.purchased;
  const purchasedOf = (row: readonly Cell[], r: number, id: string): DayNumber | null => {
    const cell = purchasedCol === undefined ? undefined : row[purchasedCol];
    if (cell === undefined || cell === null) return null;
    const seconds = plainDateTimeSeconds(cell);
    return seconds === seconds ? asDay(Math.floor(seconds / SECONDS_PER_DAY)) : take(t, r, "purchased", day, issues, { ticket: id });
  };
  const moneyOf = (row: readonly Cell[], r: number, field: string, col: number | undefined, id: string): Dec | null => {
    const cell = col === undefined ? undefined : row[col];
    if (cell === undefined || cell === null) return null;
    return plainMoney(cell) ?? take(t, r, field, money, issues, { ticket: id });
  };
  /** moneyOf the parts cell, its minorUnits written at partsUnits[entry]: from the memo (plainMoneyUnits) for a number. */
  const partsOf = (row: readonly Cell[], r: number, id: string, entry: number): Dec | null => {
    const cell = partsCol === undefined ? undefined : row[partsCol];
    if (cell === undefined || cell === null) {
      partsUnits[entry] = zeroUnits;
      return null;
    }
    const plain = plainMoneyUnits(cell, digits, partsUnits, entry);
    if (plain !== null) return plain;
    const parts = take(t, r, "parts", money, issues, { ticket: id });
    // A "-0" text reads as a negative zero, whose units (-0) partsUnitsOf would give as 0: left to the decimal.
    const units = minorUnits(parts ?? ZERO, digits);
    partsUnits[entry] = units === 0 && 1 / units < 0 ? NaN : units;
    return parts;
  };
  const [labourCol, partsCol, shippingCol, lossCol, exemptionCol] = ["labour", "parts", "shipping", "loss", "exemption"].map((f) => t.columns[f]);
  // Category, service, provider… repeat on every row: one normalised string per distinct value, not per cell.
  const normalised = new Map<string, string>();
  const norm = (text: string): string => {
    let n = normalised.get(text);
    if (n === undefined) {
      if (normalised.size >= 65_536) normalised.clear();
      normalised.set(text, (n = normalizeText(text)));
    }
    return n;
  };
  // Provider, category, service… take a few combinations over a month. A row's text cells walk a trie by their
  // values as they stand: what each value reads as is worked out once, when its step is made, and the
  // last step keeps the one frozen fields record the tickets with those values share. A column of values unique
  // to each ticket would grow it without end: it starts over past 65,536 steps.
  const stepOf = (cell: Cell): TextStep => {
    const text = cellText(cell);
    return { next: null, text, trimmed: text.trim(), norm: isBlank(cell) ? null : norm(text), record: null };
  };
  let root = stepOf(null);
  let steps = 0;
  const path: TextStep[] = fieldKeys.map(() => root);
  /** The fields record of the row whose steps `path` holds, written as it always was: fields in column order, then the provider. */
  const recordOf = (provider: string): Record<string, string> => {
    const fields = new FieldRecord() as Record<string, string>;
    for (let i = 0; i < fieldKeys.length; i++) {
      const value = path[i].norm;
      if (value !== null) fields[fieldKeys[i]] = value;
    }
    fields.provider = norm(provider);
    return Object.freeze(fields);
  };
  const rows = t.sheet.rows;
  const recordColumns = Object.values(t.columns);
  for (let r = t.headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || !isRecord(row, recordColumns)) continue; // dataRows, without a generator step per row
    const id = cellText(idCol === undefined ? null : (row[idCol] ?? null)).trim();
    if (!id) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    // A new ID takes its entry now (its ticket is written there at the end of the row); one seen before keeps its own.
    const seen = tickets.enter(id, null);
    if (seen >= 0) {
      // Duplicate ticket IDs (docs/CONTRACT.md, Input sheets): both rows reported and left out.
      const earlier = tickets.slots[seen];
      if (earlier !== null) firstRowOfDuplicate.set(id, store.rowOf(earlier.entry));
      const first = ref(t, firstRowOfDuplicate.get(id) as number, "ticket");
      const idRef = ref(t, r, "ticket");
      if (earlier !== null) issues.error("DUPLICATE_TICKET", { ...first, value: id, ticket: id }, { other: idRef.cell });
      issues.error("DUPLICATE_TICKET", { ...idRef, value: id, ticket: id }, { other: first.cell });
      tickets.slots[seen] = null;
      continue;
    }
    const entry = tickets.slots.length - 1;
    const before = issues.items.length;
    if (steps >= 65_536) {
      root = stepOf(null);
      steps = 0;
    }
    let step = root;
    for (let i = 0; i < fieldCols.length; i++) {
      const cell = row[fieldCols[i]] ?? null;
      const byCell = (step.next ??= new Map());
      let child = byCell.get(cell);
      if (child === undefined) {
        byCell.set(cell, (child = stepOf(cell)));
        steps += 1;
      }
      path[i] = step = child;
    }
    const written = providerAt < 0 ? "" : path[providerAt].trimmed;
    const provider = (written && providerNames.note(written, () => `${sheet}!${cellAddress(r, fieldCols[providerAt])}`)) || agreement.provider;
    const fields = (step.record ??= recordOf(provider));

    store.setRow(entry, r);
    // Reported, and the earliest other (standard) event: whether finishTicket will find anything (`finished`).
    let reportedAt = NaN;
    let earliest = Infinity;
    // An instant the columns cannot hold (TicketColumns.put): the ticket keeps a record of its own.
    let unfit = false;
    for (let k = 0; k < eventColumns.length; k++) {
      const column = eventColumns[k];
      const cell = row[column.col];
      rowAts[k] = NaN;
      if (cell === undefined || cell === null) continue;
      let at: number | null = plainDateTimeSeconds(cell);
      if (at !== at) at = take(t, r, column.name, dateTime, issues, { ticket: id }); // NaN: not a plain shape
      if (at === null) continue;
      rowAts[k] = at;
      if (!store.put(entry, k, at)) unfit = true;
      if (column.name === "reported") reportedAt = at;
      else if (at < earliest) earliest = at;
    }
    let record: Record<string, TicketEvent> | null = null;
    if (unfit) record = recordOfRow(eventColumns, rowAts, r);
    for (const [name, col] of customEventColumns) {
      const cell = row[col] ?? null;
      if (isBlank(cell)) continue;
      const at = coerceDateTime(cell, zone);
      const where = { sheet, cell: cellAddress(r, col), value: cellText(cell), ticket: id };
      if (at.ok) (record ??= recordOfRow(eventColumns, rowAts, r))[name] = { name, at: at.value, source: { sheet: where.sheet, cell: where.cell } };
      else issues.error(codeFor(at.expected), where, { expected: at.expected, field: name });
    }
    // A record holds every event of its ticket: the columns then hold none of them.
    if (record !== null) store.clear(entry);
    if (reportedAt !== reportedAt && isBlank(get(t, r, "reported"))) issues.error("REPORTED_MISSING", { ...ref(t, r, "reported"), ticket: id });

    // Errors so far are in the ticket's events: they stop its clocks. Warranty, purchase date and the money cells
    // below only price it: an error there leaves the ticket out of the money, its findings stay (moneyErrors).
    let clockErrors = issues.hasErrorsSince(before);
    const warrantyFrom = issues.items.length;
    let warranty: Ticket["warranty"] = null;
    const w = warrantyAt < 0 ? null : path[warrantyAt];
    if (w !== null && w.norm !== null) {
      warranty = WARRANTY[w.norm] ?? null;
      if (!warranty) issues.error("WARRANTY_UNREADABLE", { ...ref(t, r, "warranty"), value: w.text, ticket: id });
    }
    const outcomeFrom = issues.items.length;
    let outcome: Ticket["outcome"] = "done";
    const o = outcomeAt < 0 ? null : path[outcomeAt];
    if (o !== null && o.norm !== null) {
      const known = OUTCOMES[o.norm];
      if (known) outcome = known;
      else issues.error("OUTCOME_UNKNOWN", { ...ref(t, r, "outcome"), value: o.text, ticket: id });
    }
    if (issues.hasErrorsSince(outcomeFrom)) clockErrors = true; // the outcome decides whether clocks run at all
    const moneyFrom = issues.items.length;
    // Read in this order (purchased, then the money columns): the order of their issues.
    const purchased = purchasedOf(row, r, id);
    const labour = moneyOf(row, r, "labour", labourCol, id);
    const parts = partsOf(row, r, id, entry);
    const shipping = moneyOf(row, r, "shipping", shippingCol, id);
    const loss = moneyOf(row, r, "loss", lossCol, id);
    const ticket = rowTicket({
      store, entry, id, provider, fields, warranty, purchased, record, labour, parts, shipping, loss, outcome,
      exemption: cellText(exemptionCol === undefined ? null : (row[exemptionCol] ?? null)).trim(),
    });
    ticket.hasErrors = clockErrors;
    if (issues.hasErrorsSince(warrantyFrom)) ticket.moneyErrors = moneyErrorsOf(issues.items, warrantyFrom, outcomeFrom, moneyFrom);
    tickets.slots[entry] = ticket;
    // Custom events (the loop above) are never standard ones, so never counted here (see someBefore).
    if (reportedAt === reportedAt && !(earliest < reportedAt)) tickets.finished[entry] = 1;
  }
  return tickets;
}

/** The events record of a ticket whose row's instants are `ats` (NaN: none), as it was always built: columns in order. */
function recordOfRow(columns: readonly SheetColumn[], ats: Float64Array, row: number): Record<string, TicketEvent> {
  const record = newEventRecord();
  for (let k = 0; k < columns.length; k++) if (ats[k] === ats[k]) record[columns[k].name] = cellEvent(columns[k], ats[k] as LocalSeconds, row);
  return record;
}

/** Events that measure a first occurrence keep the earliest; completion events keep the latest (after a reopen). */
const KEEP_LATEST = new Set(["repaired", "returned", "diagnosed"]);

type PauseMark = { kind: "paused" | "resumed"; at: LocalSeconds; source: CellRef };

/** Pause marks in time order, a resume before a pause at the same instant. */
function byMarkTime(a: PauseMark, b: PauseMark): number {
  return a.at - b.at || (a.kind === "resumed" ? -1 : 1);
}

function applyEvents(t: Table, tickets: TicketIndex, zone: ZoneClock | null, issues: IssueList): void {
  // Each ticket's pause marks, by its entry (1 + the place of its list, 0: none), and the lists in the order their
  // tickets were first marked (the order of their issues): an array index, not a Map of the IDs.
  const marksAt = new Int32Array(tickets.slots.length);
  const markLists: PauseMark[][] = [];
  const markEntries: number[] = [];
  const fromEvents = new Map<string, Set<string>>();
  const dateTime = (c: Cell) => coerceDateTime(c, zone);
  // Columns looked up once, and dataRows without a generator step per row.
  const rows = t.sheet.rows;
  const recordColumns = Object.values(t.columns);
  const idCol = t.columns.ticket;
  const eventCol = t.columns.event;
  const atCol = t.columns.at;
  for (let r = t.headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || !isRecord(row, recordColumns)) continue;
    const id = cellText(idCol === undefined ? null : (row[idCol] ?? null)).trim();
    if (!id) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    const entry = tickets.entryOf(id);
    if (entry < 0) {
      issues.warning("EVENT_TICKET_UNKNOWN", { ...ref(t, r, "ticket"), value: id });
      continue;
    }
    const ticket = tickets.slots[entry];
    if (!ticket) continue; // duplicate id: already reported and left out
    const nameText = cellText(eventCol === undefined ? null : (row[eventCol] ?? null)).trim();
    if (!nameText) {
      issues.error("VALUE_MISSING", { ...ref(t, r, "event"), ticket: id }, { field: "event", header: headerOf(t, "event") });
      ticket.hasErrors = true;
      continue;
    }
    const name = standardEvent(nameText) ?? normalizeHeader(nameText);
    // A plain date-time is read directly; anything else through take, which reads and reports it.
    const plain = plainDateTimeSeconds(atCol === undefined ? null : (row[atCol] ?? null));
    const at = plain === plain ? (plain as LocalSeconds) : take(t, r, "at", dateTime, issues, { required: true, ticket: id });
    if (at === null) {
      ticket.hasErrors = true;
      continue;
    }
    const source = ref(t, r, "at");
    if (name === "paused" || name === "resumed") {
      const mark: PauseMark = { kind: name, at, source };
      const place = marksAt[entry];
      if (place > 0) markLists[place - 1].push(mark);
      else {
        marksAt[entry] = markLists.push([mark]);
        markEntries.push(entry);
      }
      continue;
    }
    tickets.finished[entry] = 0; // its events change below: finishTicket looks again
    if (name === "closed") {
      (listsOf(ticket).closes ??= []).push({ name, at, source });
      continue;
    }
    const seen = fromEvents.get(id) ?? new Set<string>();
    fromEvents.set(id, seen);
    // Read without making the ticket's record; written through `events`, which makes it: the ticket keeps it.
    const existing = eventOf(ticket, name);
    if (existing && seen.has(name)) {
      // Several occurrences in the Events sheet: first response, last repair.
      if (KEEP_LATEST.has(name) ? at > existing.at : at < existing.at) ticket.events[name] = { name, at, source };
      (listsOf(ticket).repeats ??= []).push({ name, at, source });
      continue;
    }
    if (existing && existing.at !== at) {
      // Events sheet (docs/CONTRACT.md, Input sheets): an event here overrides the same event in Tickets, and the conflict is a warning.
      issues.warning("EVENT_CONFLICT", { ...source, value: cellText(get(t, r, "at")), ticket: id }, { event: name, other: `${existing.source.sheet}!${existing.source.cell}` });
    }
    ticket.events[name] = { name, at, source };
    seen.add(name);
  }
  for (let k = 0; k < markLists.length; k++) {
    const ticket = tickets.slots[markEntries[k]];
    if (!ticket) continue;
    const id = ticket.id;
    const marks = markLists[k];
    // Marks already in order (the usual pause, then resume) are left as sort would leave them, without the work
    // arrays sort makes on every call (some 17 MB at 200,000 tickets).
    if (!inOrder(marks)) marks.sort(byMarkTime);
    let open: { at: LocalSeconds; source: CellRef } | null = null;
    const pauses: PauseInterval[] = [];
    for (const m of marks) {
      if (m.kind === "paused") {
        if (open) issues.warning("PAUSE_ALREADY_OPEN", { ...m.source, ticket: id }, { since: open.source.cell });
        else open = { at: m.at, source: m.source };
      } else if (!open) {
        issues.warning("RESUME_WITHOUT_PAUSE", { ...m.source, ticket: id });
      } else {
        pauses.push({ from: open.at, to: m.at, source: open.source });
        open = null;
      }
    }
    // An unmatched pause runs to the end of the settlement month (docs/CONTRACT.md, Input sheets: Events); findings resolves it.
    if (open) pauses.push({ from: open.at, to: null, source: open.source } as PauseInterval);
    if (pauses.length) ticket.pauses = pauses;
  }
}

/** Whether sort(byMarkTime) would leave `marks` as they are: each mark no earlier than the one before. */
function inOrder(marks: readonly PauseMark[]): boolean {
  for (let k = 1; k < marks.length; k++) if (byMarkTime(marks[k], marks[k - 1]) < 0) return false;
  return true;
}

/** Closes and order checks once both sheets are in (the timeline is built when first read). */
function finishTicket(t: TicketSlot, issues: IssueList): void {
  if (!t) return;
  const closedOnTickets = eventOf(t, "closed");
  const closes = t.lists?.closes;
  // The common ticket has no close on the Events sheet: its one close (if any) is the Tickets one, as it stands.
  if (closes) {
    if (closedOnTickets && !closes.some((c) => c.at === closedOnTickets.at)) closes.push(closedOnTickets);
    closes.sort((a, b) => a.at - b.at);
    t.events.closed = closes[closes.length - 1];
  }
  const reported = eventOf(t, "reported");
  if (!reported) {
    t.hasErrors = true;
    return;
  }
  // Every timeline entry is an event, a close or a repeat: if none of them precedes Reported, neither does the
  // timeline — and the common ticket never builds it.
  if (!someBefore(t, reported.at)) return;
  for (const e of t.timeline) {
    if (STANDARD_EVENT_SET.has(e.name) && e.name !== "reported" && e.at < reported.at) {
      issues.error("EVENT_BEFORE_REPORTED", { ...e.source, value: "", ticket: t.id }, { event: e.name, reported: `${reported.source.sheet}!${reported.source.cell}` });
      t.hasErrors = true;
    }
  }
}

/** Whether a standard event other than Reported, on either sheet, is earlier than `reportedAt` (docs/CONTRACT.md, Input sheets). */
function someBefore(t: RowTicket, reportedAt: LocalSeconds): boolean {
  const events = t.record;
  if (events !== null) {
    for (const key in events) if (isEarly(events[key], reportedAt)) return true;
  } else {
    // The cells of its row, read where they are kept: every column is a standard event.
    const store = t.store;
    for (let slot = 0; slot < store.stride; slot++) {
      const at = store.atSlotOf(t.entry, slot);
      if (at !== undefined && at < reportedAt && store.columns[slot].name !== "reported") return true;
    }
  }
  // `events` holds the Tickets close; the lists, those of the Events sheet.
  const lists = t.lists;
  return lists !== null && ((lists.closes !== null && anyEarly(lists.closes, reportedAt)) || (lists.repeats !== null && anyEarly(lists.repeats, reportedAt)));
}

/** A standard event other than Reported, earlier than `reportedAt`. Plain functions, no closure per ticket. */
function isEarly(e: TicketEvent, reportedAt: LocalSeconds): boolean {
  return e.at < reportedAt && e.name !== "reported" && STANDARD_EVENT_SET.has(e.name);
}
function anyEarly(list: readonly TicketEvent[], reportedAt: LocalSeconds): boolean {
  for (let k = 0; k < list.length; k++) if (isEarly(list[k], reportedAt)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar, Invoice, Statements, Payments

const DAY_TYPES: Record<string, CalendarOverride["type"]> = {
  holiday: "holiday", off: "holiday", 休息: "holiday", 假日: "holiday", 节假日: "holiday", 放假: "holiday", 休: "holiday",
  workday: "workday", makeup: "workday", makeupworkday: "workday", "make-upworkday": "workday", 调休上班: "workday", 上班: "workday", 工作日: "workday", 班: "workday",
  hours: "hours", partday: "hours", "part-day": "hours", 部分工作: "hours", 半天: "hours", 时段: "hours",
};

function readCalendar(t: Table, zone: ZoneClock | null, issues: IssueList): CalendarOverride[] {
  const out: CalendarOverride[] = [];
  for (const r of dataRows(t)) {
    const day = take(t, r, "date", (c) => coerceDay(c, zone), issues, { required: true });
    const typeText = cellText(get(t, r, "type"));
    const type = DAY_TYPES[normalizeText(typeText)];
    if (!type) issues.error("CALENDAR_TYPE_UNKNOWN", { ...ref(t, r, "type"), value: typeText });
    let hours: CalendarOverride["hours"] = [];
    if (type === "hours") {
      const h = take(t, r, "hours", coerceHours, issues, { required: true });
      if (h === null) continue;
      hours = h;
    }
    if (day === null || !type) continue;
    out.push({ day, type, hours, name: cellText(get(t, r, "name")).trim(), source: ref(t, r, "date") });
  }
  return out;
}

function coerceMonthCell(c: Cell, zone: ZoneClock | null): Coerced<string> {
  if (typeof c === "string") {
    const m = parseMonth(c.normalize("NFKC").replace(/[年/.]/, "-").replace(/月$/, ""));
    if (m) return { ok: true, value: formatMonth(m) };
  }
  const d = coerceDay(c, zone);
  if (d.ok) {
    const civil = civilFromDays(d.value);
    return { ok: true, value: formatMonth({ year: civil.year, month: civil.month }) };
  }
  return { ok: false, expected: "month" };
}

function readInvoice(t: Table, zone: ZoneClock | null, issues: IssueList, providerNames: ProviderNames): InvoiceLine[] {
  const out: InvoiceLine[] = [];
  for (const r of dataRows(t)) {
    const ticket = cellText(get(t, r, "ticket")).trim();
    const amount = take(t, r, "amount", (c) => coerceMoney(c, true), issues, { required: true });
    const month = isBlank(get(t, r, "month")) ? "" : take(t, r, "month", (c) => coerceMonthCell(c, zone), issues);
    if (!ticket) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    if (amount === null || month === null) continue;
    out.push({ ticket, amount, provider: providerOf(t, r, providerNames), month, source: ref(t, r, "ticket") });
  }
  return out;
}

function readStatements(t: Table, zone: ZoneClock | null, issues: IssueList, providerNames: ProviderNames): StatementRecord[] {
  const out: StatementRecord[] = [];
  for (const r of dataRows(t)) {
    const id = cellText(get(t, r, "statement")).trim();
    if (!id) {
      issues.error("VALUE_MISSING", { ...ref(t, r, "statement") }, { field: "statement", header: headerOf(t, "statement") });
      continue;
    }
    if (out.some((s) => s.id === id)) {
      issues.error("STATEMENT_REPEATED", { ...ref(t, r, "statement"), value: id });
      continue;
    }
    const before = issues.items.length;
    const month = take(t, r, "month", (c) => coerceMonthCell(c, zone), issues, { required: true });
    const amount = take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    const day = (f: string) => take(t, r, f, (c) => coerceDay(c, zone), issues);
    const rec = {
      id, provider: providerOf(t, r, providerNames), month: month ?? "", amount: amount ?? ZERO,
      issued: day("issued"), received: day("received"), due: day("due"),
      disputed: take(t, r, "disputed", (c) => coerceMoney(c), issues) ?? ZERO,
      source: ref(t, r, "statement"),
    };
    if (issues.items.slice(before).some((i) => i.severity === "error")) continue;
    if (rec.disputed.greaterThan(rec.amount)) {
      issues.error("DISPUTED_EXCEEDS_AMOUNT", { ...ref(t, r, "disputed"), value: cellText(get(t, r, "disputed")) }, { statement: id });
      continue;
    }
    out.push(rec);
  }
  return out;
}

/** The row's provider as written, recorded for the variants check and resolved through the user's aliases. */
function providerOf(t: Table, r: number, providerNames: ProviderNames): string {
  return providerNames.note(cellText(get(t, r, "provider")).trim(), () => { const at = ref(t, r, "provider"); return `${at.sheet}!${at.cell}`; });
}

function readPayments(t: Table, statements: StatementRecord[], zone: ZoneClock | null, issues: IssueList): PaymentRecord[] {
  const out: PaymentRecord[] = [];
  const known = new Set(statements.map((s) => s.id));
  for (const r of dataRows(t)) {
    const statement = cellText(get(t, r, "statement")).trim();
    const paidOn = take(t, r, "paidOn", (c) => coerceDay(c, zone), issues, { required: true });
    const amount = take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    if (!known.has(statement)) {
      issues.error("PAYMENT_STATEMENT_UNKNOWN", { ...ref(t, r, "statement"), value: statement });
      continue;
    }
    if (paidOn === null || amount === null) continue;
    out.push({ statement, paidOn: paidOn as DayNumber, amount, source: ref(t, r, "statement") });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The clock settings alone, for worksheet functions (a workbook of formulas need not have Tickets or SLA sheets)

/** A clause's Unit as people write it (`h`, `wh`, `工作日`, …) → the clock unit, or null when it is none of them. */
export function parseClockUnit(text: string): ClockUnit | null {
  return UNITS[normalizeText(text.trim())] ?? null;
}

/** The Agreement's Calendar as people write it (`CN`, `Mon-Fri`, `7x24`, `法定节假日`, …) → the calendar, or null. */
export function parseCalendarKind(text: string): Agreement["calendar"] | null {
  return CALENDARS[normalizeText(text.trim())] ?? null;
}

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
