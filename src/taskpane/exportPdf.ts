/**
 * Export: the dispute-ready report of one provider as a PDF, made in the pane (pdfkit and the font load only now,
 * from the add-in's own origin) and handed to the user as a Blob URL — nothing leaves the computer.
 */
import type { SettleOptions, WorkbookData } from "../engine";
import { reportInWorker } from "./runEngine";
import type { PaneLang } from "./words";

declare const __SLA_VERSION__: string | undefined;

/** SHA-256 of the input data the run read (the report names it so the evidence can be matched to its input). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export const TOOL_VERSION = typeof __SLA_VERSION__ === "string" ? __SLA_VERSION__ : "0.1.0";

/** Settles and builds the report model in the engine's worker, then draws the PDF here (pdfkit loads on demand). */
export async function exportReportPdf(book: WorkbookData, opts: SettleOptions, provider: string, lang: PaneLang): Promise<string> {
  const model = await reportInWorker(book, opts, provider, {
    generatedAt: new Date().toISOString(),
    inputSha256: await sha256Hex(JSON.stringify(book.sheets)),
    toolVersion: TOOL_VERSION,
  });
  const { renderReportPdf } = await import(/* webpackChunkName: "pdf" */ "../pdf/browser");
  const bytes = await renderReportPdf(model, lang);
  return URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/pdf" }));
}
