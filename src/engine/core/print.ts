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

/**
 * The columns narrowed so the sheet prints at MIN_PRINT_POINTS or more: the widest text column first, each down to
 * what is needed (never under MIN_TEXT_WIDTH), narrowed columns wrapping. Unchanged when they already fit.
 */
export function columnsForPrint(columns: readonly OutputColumn[]): OutputColumn[] {
  const out = columns.map((c) => ({ ...c }));
  const budget = printableWidthPixels();
  let total = out.reduce((n, c) => n + columnPixels(c.widthChars), 0);
  while (total > budget) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) {
      if (isText(out[i]) && out[i].widthChars > MIN_TEXT_WIDTH && (widest < 0 || out[i].widthChars > out[widest].widthChars)) widest = i;
    }
    if (widest < 0) break; // only numbers and dates left: they are not narrowed (they would show ####)
    const c = out[widest];
    const next = Math.max(MIN_TEXT_WIDTH, c.widthChars - Math.ceil((total - budget) / 7));
    total -= columnPixels(c.widthChars) - columnPixels(next);
    out[widest] = { ...c, widthChars: next, wrap: true };
  }
  return out;
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
  sheet.columns = columnsForPrint(sheet.columns);
  if (sheet.pageSetup) return sheet;
  const w = PAGE_WORDS[p.lang];
  const pageSetup: OutputPageSetup = {
    paperSize: "A4",
    orientation: "landscape",
    fitToWidth: true,
    ...(sheet.freezeRows > 0 ? { repeatRows: { first: 0, last: sheet.freezeRows - 1 } } : {}),
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
