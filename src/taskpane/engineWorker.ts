/**
 * The engine off Excel's thread: a month of 100,000 tickets takes seconds to settle, and desktop Excel restarts an
 * add-in that does not answer for 5 s (NOTES.md). The pane posts the cell data and options, gets back plain data.
 */
import { settleMonth, type SettleOptions, type WorkbookData } from "../engine";
import { toPaneResult } from "./paneResult";

interface Request {
  book: WorkbookData;
  opts: SettleOptions;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage: (m: unknown) => void };
scope.onmessage = (e) => {
  try {
    scope.postMessage({ ok: true, result: toPaneResult(settleMonth(e.data.book, e.data.opts)) });
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err) });
  }
};
