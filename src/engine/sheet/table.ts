/**
 * The shared table reading of every input sheet but Agreement: the header row, recognised columns (by alias or the
 * user's header mapping), the rows that hold a record, and `take`, which coerces one cell or records its issue with
 * the cell, the value and the fix.
 */
import { type Cell, cellAddress, type SheetData } from "../core/cells";
import { IssueList } from "../core/issues";
import type { CellRef } from "../core/model";
import { civilFromDays, formatMonth, parseMonth } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { FIELD_INDEX, FIELDS, type Role } from "./headers";
import { normalizeHeader } from "./normalize";
import { cellText, type Coerced, coerceDay, isBlank } from "./values";
import { ProviderNames } from "./providerVariants";
import "./messages";

export interface Table {
  sheet: SheetData;
  role: Role;
  headerRow: number;
  columns: Record<string, number>;
  /** Normalised header → column, for every header (recognised or not): custom events and Applies To fields. */
  byHeader: Map<string, number>;
  headerText: Map<string, string>;
  unrecognised: { column: number; header: string }[];
}

export const REQUIRED_ROLES: Role[] = ["tickets", "agreement", "sla"];

export function readTable(sheet: SheetData, role: Role, mapping: Record<string, string>, issues: IssueList): Table | null {
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
export function* dataRows(t: Table): Generator<number> {
  const cols = Object.values(t.columns);
  for (let r = t.headerRow + 1; r < t.sheet.rows.length; r++) {
    const row = t.sheet.rows[r];
    if (row && isRecord(row, cols)) yield r;
  }
}

/** Whether a row has something in one of the recognised `cols` (see dataRows). */
export function isRecord(row: readonly Cell[], cols: readonly number[]): boolean {
  for (let k = 0; k < cols.length; k++) {
    const v = row[cols[k]];
    if (v !== undefined && !isBlank(v)) return true;
  }
  return false;
}

export function get(t: Table, r: number, field: string): Cell {
  const c = t.columns[field];
  if (c === undefined) return null;
  const v = t.sheet.rows[r]?.[c];
  return v === undefined ? null : v;
}

const LETTERS: string[] = [];

export function ref(t: Table, r: number, field: string): CellRef {
  const c = t.columns[field] ?? 0;
  const letters = LETTERS[c] ?? (LETTERS[c] = cellAddress(0, c).slice(0, -1));
  return { sheet: t.sheet.name, cell: `${letters}${r + 1}` };
}

/** Coerces one cell; on failure records the issue (code by what was expected) and returns null. */
export function take<T>(
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

export function headerOf(t: Table, field: string): string {
  const c = t.columns[field];
  return c === undefined ? field : cellText(t.sheet.rows[t.headerRow][c]);
}

export function codeFor(expected: string): string {
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

export function coerceMonthCell(c: Cell, zone: ZoneClock | null): Coerced<string> {
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

/** The row's provider as written, recorded for the variants check and resolved through the user's aliases. */
export function providerOf(t: Table, r: number, providerNames: ProviderNames): string {
  return providerNames.note(cellText(get(t, r, "provider")).trim(), () => { const at = ref(t, r, "provider"); return `${at.sheet}!${at.cell}`; });
}
