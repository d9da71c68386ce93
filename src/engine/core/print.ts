/**
 * Print setup for every output sheet: A4 landscape, scaled to fit the page's width (as many pages tall as the rows
 * need), the header rows printed again on every page, the contract, month and sheet in the page header and the
 * page number in the footer.
 *
 * Fit to width shrinks a wide sheet until it fits, and would shrink its text with it. So that printed text stays at
 * 8 pt or more, the columns are kept within what an A4 landscape page holds at that scale: when a sheet is wider,
 * its widest text columns are narrowed and wrap their text (the row grows) — nothing is cut off, nothing is tiny.
 *
 * Widths in Excel's unit: characters of the default font's digit, 7 px each plus 5 px of padding at 96 dpi
 * (Calibri 11, the default font of the workbooks the tool writes and of new Excel workbooks).
 */
import type { Lang } from "./issues";
import type { OutputColumn, OutputPageSetup, OutputSheet } from "./output";

/** Smallest printed text size allowed, and the default font it is scaled from (points). */
export const MIN_PRINT_POINTS = 8;
export const DEFAULT_FONT_POINTS = 11;

/** A4 landscape: 11.69 in wide; margins left and right. */
const PAGE_WIDTH_INCHES = 11.69;
export const PRINT_MARGINS = { top: 0.75, bottom: 0.75, left: 0.4, right: 0.4, header: 0.3, footer: 0.3 };

/** Screen pixels (96 dpi) of a column `widthChars` wide. */
export function columnPixels(widthChars: number): number {
  return Math.trunc(widthChars * 7 + 5);
}

/** The widest a sheet's columns may be (pixels at 100 %) for fit-to-width to keep text at MIN_PRINT_POINTS or more. */
export function printableWidthPixels(): number {
  const printable = (PAGE_WIDTH_INCHES - PRINT_MARGINS.left - PRINT_MARGINS.right) * 96;
  return Math.floor(printable / (MIN_PRINT_POINTS / DEFAULT_FONT_POINTS));
}

/** The printed scale fit-to-width gives a sheet (1 = 100 %, never above). */
export function fitToWidthScale(columns: readonly OutputColumn[]): number {
  const total = columns.reduce((n, c) => n + columnPixels(c.widthChars), 0);
  const printable = (PAGE_WIDTH_INCHES - PRINT_MARGINS.left - PRINT_MARGINS.right) * 96;
  return total === 0 ? 1 : Math.min(1, printable / total);
}

const isText = (c: OutputColumn) => c.numberFormat === undefined || c.numberFormat === "@";
/** A text column is narrowed no further than this (characters). */
const MIN_TEXT_WIDTH = 12;
/** Kept in hand below the limit: Excel rounds column widths to whole pixels and margins to its own units. */
const SLACK = 0.95;

/**
 * The columns narrowed so the sheet prints at MIN_PRINT_POINTS or more: the text columns wider than a common cap
 * are brought down to it (the widest first, never under MIN_TEXT_WIDTH) and wrap their text; numbers and dates
 * keep their widths (narrower, they would show ####). Unchanged when the sheet already fits.
 */
export function columnsForPrint(columns: readonly OutputColumn[]): OutputColumn[] {
  const budget = printableWidthPixels() * SLACK;
  const total = (cap: number) => columns.reduce((n, c) => n + columnPixels(isText(c) ? Math.min(c.widthChars, Math.max(cap, MIN_TEXT_WIDTH)) : c.widthChars), 0);
  if (total(Infinity) <= budget) return columns.map((c) => ({ ...c }));
  // The largest cap that fits, found by bisection over whole characters.
  let lo = MIN_TEXT_WIDTH;
  let hi = Math.max(MIN_TEXT_WIDTH, ...columns.filter(isText).map((c) => c.widthChars));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return columns.map((c) => (isText(c) && c.widthChars > lo ? { ...c, widthChars: lo, wrap: true } : { ...c }));
}

/** Whether a UTF-16 code unit is of a wide (CJK, full-width) character, two columns wide in a cell. */
export function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6);
}

/** A wide character (isWide, by UTF-16 unit as displayWidth reads them) or a line break. */
const WIDE_OR_BREAK = /[\n\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Display width of text in Excel's character units: a CJK (wide) character takes two. */
export function displayWidth(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += isWide(text.charCodeAt(i)) ? 2 : 1;
  return n;
}

/**
 * Lines a text takes wrapped in a column `widthChars` wide (at least 1), estimated from its display width: the
 * .xlsx writer gives such a row its height, so wrapped text is never cut off by a one-line row. A character is
 * counted as wide as a digit (the unit of the width): most letters are narrower, so a row is rather a little too
 * tall than too short.
 */
export function wrappedLines(text: string, widthChars: number): number {
  const width = Math.max(1, widthChars);
  const length = text.length;
  // Most cells: no longer than half the width, so one line even if every character were wide — unless it breaks.
  if (length * 2 <= width && text.indexOf("\n") < 0) return 1;
  // No wide character and no line break (the English traces): its length is its width, found by one native scan.
  // Measured on 1,000,000 traces (a third Chinese), width 40: 0.78-0.90 s as split + displayWidth, 0.38 s in one
  // pass, 0.27 s with this scan first.
  if (!WIDE_OR_BREAK.test(text)) return length > width ? Math.ceil(length / width) : 1;
  // Each line break's parts as displayWidth counts them, in one pass (no array of parts: the .xlsx writer asks
  // this of every text cell of a wrapped column, millions at 1,048,575 tickets).
  let lines = 0;
  let used = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lines += used > width ? Math.ceil(used / width) : 1;
      used = 0;
    } else used += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return lines + (used > width ? Math.ceil(used / width) : 1);
}

const PAGE_WORDS: Record<Lang, { contract: string; page: string }> = {
  en: { contract: "Contract", page: "Page &P of &N" },
  zh: { contract: "合同", page: "第 &P 页，共 &N 页" },
};

/** Header/footer text is Excel's code language: a literal "&" is "&&". */
const escapeHeaderFooter = (text: string) => text.replace(/&/g, "&&");

/**
 * The sheet with its print setup: a sheet that brings its own (the dispute report) keeps it, with the columns
 * still kept printable; every other gets A4 landscape, fit to width, its frozen header rows repeated, and the
 * contract / sheet / month header and page-number footer.
 */
export function withPrintSetup(sheet: OutputSheet, p: { contractNo: string; month: string; lang: Lang }): OutputSheet {
  // Set on the sheet itself: a sheet's rows may be a getter that builds them (core/output lazyRowsSheet), which a
  // copy would run. The sheets are the run's own, made just before.
  const printed = sheet.columns.findIndex((c) => c.print === false);
  const printColumns = printed < 0 ? sheet.columns.length : printed;
  sheet.columns = [...columnsForPrint(sheet.columns.slice(0, printColumns)), ...sheet.columns.slice(printColumns)];
  if (sheet.pageSetup) return sheet;
  const w = PAGE_WORDS[p.lang];
  const pageSetup: OutputPageSetup = {
    paperSize: "A4",
    orientation: "landscape",
    fitToWidth: true,
    ...(sheet.freezeRows > 0 ? { repeatRows: { first: 0, last: sheet.freezeRows - 1 } } : {}),
    ...(printColumns < sheet.columns.length ? { printColumns } : {}),
    header: {
      left: escapeHeaderFooter(p.contractNo ? `${w.contract} ${p.contractNo}` : ""),
      center: escapeHeaderFooter(sheet.name),
      right: escapeHeaderFooter(p.month),
    },
    footer: { center: w.page },
    marginsInches: PRINT_MARGINS,
  };
  sheet.pageSetup = pageSetup;
  return sheet;
}
