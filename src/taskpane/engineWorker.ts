/**
 * The engine off Excel's thread: a month of 100,000 tickets takes seconds to settle, and desktop Excel restarts an
 * add-in that does not answer for 5 s (Microsoft, "Resource limits and performance optimization for Office Add-ins"). The pane posts the cell data and options, gets back plain data;
 * the large sheets' rows stay here and go to the pane one block per request.
 */
import { settleMonth, type HeaderMappings, type ProviderAliases, type SettleOptions, type WorkbookData } from "../engine";
import { leaveRowsBehind, rowBlockOf, type OutputSheet } from "../engine/core/output";
import { buildReport, type ReportMeta } from "../engine/report";
import { paneOverview } from "./overview";
import { settleForPane } from "./paneResult";
import { decimalsToWire } from "./wire";

interface Request {
  /** Echoed in the answer, which is how the pane matches answers to requests. */
  id: number;
  book: WorkbookData;
  /**
   * "inspect": only read the structure for the Setup view; "report": settle `opts.month` and build `provider`'s
   * dispute report model (for the PDF export); "rows": rows [from, to) of sheet number `sheet` of the month settled
   * last; otherwise settle `opts.month`.
   */
  kind?: "inspect" | "settle" | "report" | "rows";
  provider?: string;
  headerMappings?: HeaderMappings;
  providerAliases?: ProviderAliases;
  opts: SettleOptions;
  /** When given: add each provider's print-ready report sheet before Data Issues (as the CLI's reconcile does). */
  reportMeta?: ReportMeta;
  sheet?: number;
  from?: number;
  to?: number;
}

/** The sheets of the month settled last, whose rows the pane fetches while it writes them. */
let held: OutputSheet[] = [];

function answer(e: MessageEvent<Request>): unknown {
  const { kind, book, opts, reportMeta } = e.data;
  if (kind === "rows") {
    const sheet = held[e.data.sheet ?? -1];
    if (!sheet) throw new Error(`no sheet number ${e.data.sheet} in the month settled last`);
    return rowBlockOf(sheet, e.data.from ?? 0, e.data.to ?? 0);
  }
  if (kind === "inspect") return paneOverview(book, { headerMappings: e.data.headerMappings, providerAliases: e.data.providerAliases });
  if (kind === "report" && reportMeta) return decimalsToWire(buildReport(settleMonth(book, opts), e.data.provider ?? "", reportMeta));
  const pane = settleForPane(book, opts, reportMeta);
  held = pane.sheets;
  return { ...pane, sheets: pane.sheets.map(leaveRowsBehind) };
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Request>) => void) | null; postMessage: (m: unknown) => void };
scope.onmessage = (e) => {
  try {
    scope.postMessage({ id: e.data.id, ok: true, result: answer(e) });
  } catch (err) {
    scope.postMessage({ id: e.data.id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err) });
  }
};
