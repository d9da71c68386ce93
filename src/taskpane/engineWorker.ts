/**
 * The engine off Excel's thread: a month of 100,000 tickets takes seconds to settle, and desktop Excel restarts an
 * add-in that does not answer for 5 s (NOTES.md). The pane posts the cell data and options, gets back plain data.
 */
import { inspectWorkbook, settleMonth, type HeaderMappings, type SettleOptions, type WorkbookData } from "../engine";
import { buildReport, type ReportMeta } from "../engine/report";
import { settleForPane } from "./paneResult";
import { decimalsToWire } from "./wire";

interface Request {
  book: WorkbookData;
  /**
   * "inspect": only read the structure for the Setup view; "report": settle `opts.month` and build `provider`'s
   * dispute report model (for the PDF export); otherwise settle `opts.month`.
   */
  kind?: "inspect" | "settle" | "report";
  provider?: string;
  headerMappings?: HeaderMappings;
  opts: SettleOptions;
  /** When given: add each provider's print-ready report sheet before Data Issues (as the CLI's reconcile does). */
  reportMeta?: ReportMeta;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage: (m: unknown) => void };
scope.onmessage = (e) => {
  try {
    const { kind, book, opts, reportMeta } = e.data;
    const result = kind === "inspect"
      ? inspectWorkbook(book, { headerMappings: e.data.headerMappings })
      : kind === "report" && reportMeta
        ? decimalsToWire(buildReport(settleMonth(book, opts), e.data.provider ?? "", reportMeta))
        : settleForPane(book, opts, reportMeta);
    scope.postMessage({ ok: true, result });
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err) });
  }
};
