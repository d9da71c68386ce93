/**
 * Runs the engine in a Web Worker (dist/engine-worker.js) so the pane and Excel stay responsive; cancel ends the
 * worker at once. Where workers are unavailable, runs inline after letting the pane paint.
 */
import { inspectWorkbook, settleMonth, type HeaderMappings, type SettleOptions, type WorkbookData, type WorkbookOverview } from "../engine";
import { CancelledError } from "../excel/adapter";
import { buildReport, type ReportMeta } from "../engine/report";
import type { ReportModel } from "../engine/report/model";
import { settleForPane, type PaneResult } from "./paneResult";
import { decimalsFromWire, decimalsToWire } from "./wire";

export const WORKER_URL = "engine-worker.js";

export function runEngine(book: WorkbookData, opts: SettleOptions, signal?: AbortSignal, reportMeta?: ReportMeta): Promise<PaneResult> {
  return inWorker({ book, opts, reportMeta }, () => settleForPane(book, opts, reportMeta), signal);
}

/**
 * One provider's dispute report model for the PDF export, settled in the worker too: for a large month that takes
 * seconds, which the pane's own thread must not spend (Excel restarts an add-in that stops answering).
 */
export async function reportInWorker(book: WorkbookData, opts: SettleOptions, provider: string, reportMeta: ReportMeta, signal?: AbortSignal): Promise<ReportModel> {
  const wire = await inWorker({ book, kind: "report", opts, provider, reportMeta }, () => decimalsToWire(buildReport(settleMonth(book, opts), provider, reportMeta)), signal);
  return decimalsFromWire<ReportModel>(wire);
}

/** The Setup view's read of the structure (sheets, fields, providers, likely month), off Excel's thread too. */
export function inspectInWorker(book: WorkbookData, headerMappings: HeaderMappings): Promise<WorkbookOverview> {
  return inWorker({ book, kind: "inspect", headerMappings }, () => inspectWorkbook(book, { headerMappings }));
}

function inWorker<T>(message: unknown, inline: () => T, signal?: AbortSignal): Promise<T> {
  if (typeof Worker === "undefined") {
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        if (signal?.aborted) return reject(new CancelledError());
        try {
          resolve(inline());
        } catch (e) {
          reject(e);
        }
      }, 0),
    );
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL);
    const stop = () => {
      worker.terminate();
      reject(new CancelledError());
    };
    signal?.addEventListener("abort", stop, { once: true });
    worker.onmessage = (e: MessageEvent<{ ok: boolean; result?: T; error?: string }>) => {
      signal?.removeEventListener("abort", stop);
      worker.terminate();
      if (e.data.ok && e.data.result !== undefined) resolve(e.data.result);
      else reject(new Error(e.data.error ?? "the engine stopped"));
    };
    worker.onerror = (e) => {
      signal?.removeEventListener("abort", stop);
      worker.terminate();
      reject(new Error(`the engine could not run: ${e.message}`));
    };
    worker.postMessage(message);
  });
}
