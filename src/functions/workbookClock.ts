/**
 * What the worksheet functions read from the workbook through Office.js: the Agreement and Calendar sheets (the
 * calendar, working hours, end of day, time zone and overrides a settlement would use) and the date system. Custom
 * functions may call the Excel JavaScript API only in a shared runtime, which the manifest declares:
 * https://learn.microsoft.com/office/dev/add-ins/excel/call-excel-apis-from-custom-function
 */
import { makeZoneClock, readClockSettings, roleOfSheet, DAYS_1904_AFTER_1900, type Cell, type DateSystem, type SheetData } from "../engine";
import type { WorkbookClock } from "./slaFunctions";

/**
 * Excel's DATE(1904, 1, 1) is serial 1462 in the 1900 date system and 0 in the 1904 one: the date system read without
 * writing a cell (Workbook.use1904DateSystem is only in the preview API set).
 * https://learn.microsoft.com/javascript/api/excel/excel.functions#excel-excel-functions-date-member(1)
 */
export function dateSystemOf(dateOf1904: unknown): DateSystem {
  if (dateOf1904 === 0) return "1904";
  if (dateOf1904 === DAYS_1904_AFTER_1900) return "1900";
  throw new Error(`DATE(1904,1,1) gave ${JSON.stringify(dateOf1904)}, neither 0 nor 1462`);
}

/** A used range's values placed at its row and column, so cell addresses in issues are the sheet's own. */
function placed(values: Cell[][], rowIndex: number, columnIndex: number, shiftDates: boolean): Cell[][] {
  const rows: Cell[][] = new Array(rowIndex).fill(null).map(() => []);
  for (const row of values) {
    const cells: Cell[] = new Array(columnIndex).fill(null);
    // Calendar dates of a 1904 workbook are moved to the 1900 serials the engine reads.
    for (const c of row) cells.push(shiftDates && typeof c === "number" ? c + DAYS_1904_AFTER_1900 : c);
    rows.push(cells);
  }
  return rows;
}

export async function readWorkbookClock(): Promise<WorkbookClock> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const origin = context.workbook.functions.date(1904, 1, 1);
    origin.load("value");
    await context.sync();
    const dateSystem = dateSystemOf(origin.value);
    const wanted = sheets.items
      .map((s) => ({ sheet: s, role: roleOfSheet(s.name) }))
      .filter((s) => s.role === "agreement" || s.role === "calendar")
      .map((s) => {
        const range = s.sheet.getUsedRangeOrNullObject(true);
        range.load("values,rowIndex,columnIndex");
        return { name: s.sheet.name, role: s.role, range };
      });
    if (wanted.length > 0) await context.sync();
    const data: SheetData[] = wanted.map((w) => ({
      name: w.name,
      rows: w.range.isNullObject ? [] : placed(w.range.values as Cell[][], w.range.rowIndex, w.range.columnIndex, w.role === "calendar" && dateSystem === "1904"),
    }));
    const read = readClockSettings({ sheets: data }, { makeZoneClock });
    return { settings: read.value, issues: read.issues, dateSystem };
  });
}

/**
 * One read serves the formulas Excel calculates together: a sheet of 1,000 SLA.DUE cells reads the Agreement once,
 * not 1,000 times. A read is kept for FRESH_MS; custom functions recalculate only when their arguments change, so
 * after editing the Agreement the user recalculates (Ctrl+Alt+F9) and gets a fresh read.
 */
const FRESH_MS = 2000;
let last: { at: number; book: Promise<WorkbookClock> } | null = null;

export function workbookClock(now: number = Date.now(), read: () => Promise<WorkbookClock> = readWorkbookClock): Promise<WorkbookClock> {
  if (last && now - last.at < FRESH_MS) return last.book;
  const book = read();
  const entry = { at: now, book };
  last = entry;
  // A failed read is not kept: the next formula tries again.
  book.catch(() => {
    if (last === entry) last = null;
  });
  return book;
}
