/**
 * The dispute report as PDF bytes in the browser (the task pane's Export button). Same layout as the CLI's PDF.
 *
 * Kept out of the task pane's first load: pdfkit (≈ 300 KB with fontkit) is imported lazily here, and the Noto Sans
 * SC TTF (≈ 10 MB) is fetched from the add-in's own origin only when the user exports. For webpack to split
 * pdfkit into its own chunk, ts-loader must emit ES modules (`compilerOptions.module: "esnext"`): with CommonJS
 * output the dynamic import becomes a plain `require` and lands in the main bundle. The font file must be copied
 * to `REPORT_FONT_URL` (see docs/REPORT.md for the copy-webpack-plugin pattern).
 * No network call leaves the add-in's origin (docs/CONTRACT.md, Principles, "Offline and private").
 */
import type { Lang } from "../engine/core/issues";
import type { ReportModel } from "../engine/report/model";
import type { ReportFonts } from "./layout";
import type { PdfDocumentClass } from "./render";

/** Where the task pane's build puts the regular and bold fonts, relative to the task pane page. */
export const REPORT_FONT_URL = "assets/fonts/NotoSansSC-Regular.ttf";
export const REPORT_BOLD_FONT_URL = "assets/fonts/NotoSansSC-Bold.ttf";

export interface BrowserPdfOptions {
  /** Font bytes already at hand (tests, or a cache); skips the fetch. */
  fonts?: ReportFonts;
  /** URL of Noto Sans SC Regular (default REPORT_FONT_URL). */
  fontUrl?: string;
  /**
   * URL of Noto Sans SC Bold (default REPORT_BOLD_FONT_URL): headings, totals and the net payable are bold, as in
   * the CLI's PDF. Fetched with the regular font, on export only.
   */
  boldFontUrl?: string;
}

let cachedFonts: Promise<ReportFonts> | null = null;
let cachedKey = "";

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the report font ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadFonts(options: BrowserPdfOptions): Promise<ReportFonts> {
  const regularUrl = options.fontUrl ?? REPORT_FONT_URL;
  const boldUrl = options.boldFontUrl ?? REPORT_BOLD_FONT_URL;
  const key = `${regularUrl}\n${boldUrl}`;
  if (!cachedFonts || cachedKey !== key) {
    cachedKey = key;
    cachedFonts = Promise.all([fetchBytes(regularUrl), fetchBytes(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
    // A failed download is not cached: the next export tries again.
    cachedFonts.catch(() => {
      cachedFonts = null;
    });
  }
  return cachedFonts;
}

/** The report PDF as bytes (browser). Rejects when the font cannot be loaded; the caller shows the message. */
export async function renderReportPdf(model: ReportModel, lang: Lang, options: BrowserPdfOptions = {}): Promise<Uint8Array> {
  const [pdfkit, render, fonts] = await Promise.all([
    import(/* webpackChunkName: "pdfkit" */ "pdfkit"),
    import(/* webpackChunkName: "pdfkit" */ "./render"),
    options.fonts ? Promise.resolve(options.fonts) : loadFonts(options),
  ]);
  // The browser build of pdfkit exports the class as default (ESM); CommonJS interop may wrap it once more.
  const mod = pdfkit as unknown as { default?: unknown };
  const PDFDocument = (typeof mod.default === "function" ? mod.default : (mod.default as { default: unknown }).default) as PdfDocumentClass;
  return render.renderWith(PDFDocument, model, lang, fonts);
}
