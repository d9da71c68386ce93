/**
 * The workbook's date system, found without writing anything into it.
 *
 * A workbook saved with "Use 1904 date system" counts date serials from 1904-01-01, so `values` gives 1,462 days
 * less for the same date; the engine works in the 1900 system, as the .xlsx reader hands it. Office.js has
 * `Workbook.use1904DateSystem` only in its preview API, so it cannot be relied on in a released add-in. Instead
 * the adapter asks Excel to evaluate DATE(1904,1,1) through `workbook.functions` (Excel.Functions, ExcelApi 1.2,
 * on every platform): it is 1462 in a 1900 book and 0 in a 1904 book ("Date systems in Excel": the 1904 system's
 * first day, January 1, 1904, is serial 0). It costs no round trip of its own (loaded with the sheet list), writes
 * no cell, and needs no date cell in the user's data.
 */

/** Days between the two systems' serial 0 (1899-12-30 and 1904-01-01). */
export const DAYS_1904 = 1462;

/** Queue the question; read `is1904()` after the next sync. */
export function askDateSystem(ctx: Excel.RequestContext): { is1904: () => boolean } {
  const probe = ctx.workbook.functions.date(1904, 1, 1);
  probe.load("value");
  return { is1904: () => probe.value === 0 };
}

/**
 * A number format that shows a date or time: a y, m, d, h or s (or b, Buddhist year) outside quoted text,
 * [brackets] and escaped characters, the same rule the .xlsx reader applies to a cell's style.
 */
export function isDateFormat(code: string | undefined): boolean {
  if (!code || code === "General" || code === "@") return false;
  return /[ymdhsb]/i.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "").replace(/\\./g, ""));
}
