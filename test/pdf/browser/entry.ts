/**
 * Test page for the browser PDF renderer: bundled by test/pdf/browser.test.ts with webpack (pdfkit's browser build),
 * loaded in headless Chromium. Exposes one function that renders the fixture report and returns the PDF as base64.
 */
import { buildReport } from "../../../src/engine/report/buildReport";
import type { Lang } from "../../../src/engine/core/issues";
import { renderReportPdf } from "../../../src/pdf/browser";
import { META, PROVIDER, makeRun } from "../../report/fixtures";

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

(window as unknown as Record<string, unknown>).renderReport = async (lang: Lang): Promise<string> =>
  toBase64(await renderReportPdf(buildReport(makeRun(), PROVIDER, META), lang));
(window as unknown as Record<string, unknown>).ready = true;
