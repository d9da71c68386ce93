/**
 * The dispute report as a PDF, for Node (the CLI's `sla-ledger report … --pdf out.pdf`).
 * Fonts: Noto Sans SC Regular and Bold from @expo-google-fonts/noto-sans-sc (OFL-1.1), embedded as subsets by pdfkit
 * (only the glyphs the report uses end up in the file, typically 20–60 KB per weight).
 * The task pane uses ./browser (same layout, pdfkit's browser build, fonts fetched on demand).
 */
import { promises as fs } from "fs";
import PDFDocument from "pdfkit";
import type { Lang } from "../engine/core/issues";
import type { ReportModel } from "../engine/report/model";
import type { ReportFonts } from "./layout";
import { renderWith, type PdfDocumentClass } from "./render";

export type { ReportFonts } from "./layout";

export const NOTO_SANS_SC_REGULAR = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";
export const NOTO_SANS_SC_BOLD = "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf";

let fontCache: Promise<ReportFonts> | null = null;

/** Reads the two TTFs once per process (10 MB each; fontkit parses them lazily, pdfkit subsets on output). */
export function loadNodeFonts(): Promise<ReportFonts> {
  if (!fontCache) {
    fontCache = Promise.all([
      fs.readFile(require.resolve(NOTO_SANS_SC_REGULAR)),
      fs.readFile(require.resolve(NOTO_SANS_SC_BOLD)),
    ]).then(([regular, bold]) => ({ regular, bold }));
    fontCache.catch(() => (fontCache = null));
  }
  return fontCache;
}

/** The report as PDF bytes (Node). */
export async function renderReportPdf(model: ReportModel, lang: Lang, fonts?: ReportFonts): Promise<Uint8Array> {
  return renderWith(PDFDocument as unknown as PdfDocumentClass, model, lang, fonts ?? (await loadNodeFonts()));
}

/** Writes the report PDF to `out` (the CLI's `--pdf out.pdf`). Rejects on I/O errors; never on report data. */
export async function writeReportPdf(model: ReportModel, lang: Lang, out: string): Promise<void> {
  const bytes = await renderReportPdf(model, lang);
  await fs.writeFile(out, bytes);
}
