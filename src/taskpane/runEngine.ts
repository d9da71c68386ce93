/**
 * Runs the engine in a Web Worker (dist/engine-worker.js) so the pane and Excel stay responsive; cancel ends the
 * worker at once. Where workers are unavailable, runs inline after letting the pane paint.
 */
import { settleMonth, type HeaderMappings, type ProviderAliases, type SettleOptions, type WorkbookData } from "../engine";
import type { Cell } from "../engine/core/cells";
import { CancelledError } from "../excel/adapter";
import { buildReport, type ReportMeta } from "../engine/report";
import type { ReportModel } from "../engine/report/model";
import { paneOverview, type PaneOverview } from "./overview";
import { settleForPane, type PaneResult } from "./paneResult";
import { decimalsFromWire, decimalsToWire } from "./wire";

export const WORKER_URL = "engine-worker.js";

/** A settled month in the pane; `close` ends the worker once the sheets are written (or the run is given up). */
export interface PaneRun {
  pane: PaneResult;
  close(): void;
}

/**
 * Settles the month in the worker. The worker keeps the large sheets' rows (a month of a million tickets has
 * millions) and sends them one block per request while the adapter writes: the pane never holds more
 * than a block of them, and the rows are never built twice.
 */
export async function runEngine(book: WorkbookData, opts: SettleOptions, signal?: AbortSignal, reportMeta?: ReportMeta): Promise<PaneRun> {
  if (typeof Worker === "undefined") return { pane: await inline(() => settleForPane(book, opts, reportMeta), signal), close: () => undefined };
  const thread = new EngineThread(signal);
  try {
    const pane = await thread.request<PaneResult>({ book, opts, reportMeta });
    pane.sheets = pane.sheets.map((sheet, index) =>
      sheet.remoteRows
        ? { ...sheet, remoteRows: { count: sheet.remoteRows.count, fetch: (from: number, to: number) => thread.request<Cell[][]>({ kind: "rows", sheet: index, from, to }) } }
        : sheet,
    );
    return { pane, close: () => thread.close() };
  } catch (e) {
    thread.close();
    throw e;
  }
}

/**
 * One provider's dispute report model for the PDF export, settled in the worker too: for a large month that takes
 * seconds, which the pane's own thread must not spend (Excel restarts an add-in that stops answering).
 */
export async function reportInWorker(book: WorkbookData, opts: SettleOptions, provider: string, reportMeta: ReportMeta, signal?: AbortSignal): Promise<ReportModel> {
  const wire = await once({ book, kind: "report", opts, provider, reportMeta }, () => decimalsToWire(buildReport(settleMonth(book, opts), provider, reportMeta)), signal);
  return decimalsFromWire<ReportModel>(wire);
}

/** The Setup view's read of the structure (sheets, fields, providers, likely month), off Excel's thread too. */
export function inspectInWorker(book: WorkbookData, headerMappings: HeaderMappings, providerAliases: ProviderAliases = {}): Promise<PaneOverview> {
  return once({ book, kind: "inspect", headerMappings, providerAliases }, () => paneOverview(book, { headerMappings, providerAliases }));
}

/** One request to a worker of its own, ended with the answer. */
async function once<T>(message: Record<string, unknown>, inlineRun: () => T, signal?: AbortSignal): Promise<T> {
  if (typeof Worker === "undefined") return inline(inlineRun, signal);
  const thread = new EngineThread(signal);
  try {
    return await thread.request<T>(message);
  } finally {
    thread.close();
  }
}

function inline<T>(run: () => T, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      if (signal?.aborted) return reject(new CancelledError());
      try {
        resolve(run());
      } catch (e) {
        reject(e);
      }
    }, 0),
  );
}

/** The engine's worker: requests answered in turn, matched by id; cancel (or close) ends it and every wait on it. */
class EngineThread {
  private readonly worker = new Worker(WORKER_URL);
  private readonly waiting = new Map<number, { resolve: (v: never) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private closed = false;
  private readonly onAbort = () => this.fail(new CancelledError());

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener("abort", this.onAbort, { once: true });
    this.worker.onmessage = (e: MessageEvent<{ id: number; ok: boolean; result?: unknown; error?: string }>) => {
      const wait = this.waiting.get(e.data.id);
      if (!wait) return;
      this.waiting.delete(e.data.id);
      if (e.data.ok && e.data.result !== undefined) wait.resolve(e.data.result as never);
      else wait.reject(new Error(e.data.error ?? "the engine stopped"));
    };
    this.worker.onerror = (e) => this.fail(new Error(`the engine could not run: ${e.message}`));
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(this.signal?.aborted ? new CancelledError() : new Error("the engine has stopped"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: never) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  close(): void {
    this.fail(new Error("the engine has stopped"));
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener("abort", this.onAbort);
    this.worker.terminate();
    for (const wait of this.waiting.values()) wait.reject(error);
    this.waiting.clear();
  }
}
