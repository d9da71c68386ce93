/**
 * Runs pdfkit over the report layout and collects the bytes. Host-neutral: the caller passes the PDFDocument class
 * (Node build or browser build of pdfkit) and the font bytes.
 */
import type { Lang } from "../engine/core/issues";
import type { ReportModel } from "../engine/report/model";
import { documentOptions, drawReport, type ReportFonts } from "./layout";

export type PdfDocumentClass = new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;

export function renderWith(PDFDocument: PdfDocumentClass, model: ReportModel, lang: Lang, fonts: ReportFonts): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const doc = new PDFDocument(documentOptions(model, lang));
    const chunks: Uint8Array[] = [];
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("error", reject);
    doc.on("end", () => {
      let length = 0;
      for (const c of chunks) length += c.length;
      const out = new Uint8Array(length);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      resolve(out);
    });
    try {
      drawReport(doc, model, lang, fonts);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
