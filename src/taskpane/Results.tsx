/**
 * A settled month in the pane. A finance user reads the top first: the summary says the currency, the net payable
 * (emphasised), and whether the figures are final; when data errors left tickets out, a Provisional badge and a
 * warning say how many, which, and what to do. Then each provider's statement, the sheets written (links that open
 * them), the dispute report, compliance by clause (bars and the same figures as a table), and the data issues,
 * errors first, each with its severity, cell and fix.
 */
import { useMemo, useState, type RefObject } from "react";
import {
  Badge, Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text,
} from "@fluentui/react-components";
import type { Issue, SettleOptions, WorkbookData } from "../engine";
import { goToCell, RUN_OPTIONS, type ExcelRun } from "../excel/adapter";
import { groupThousands } from "../engine/core/money";
import type { PaneHost } from "./host";
import type { PaneResult } from "./paneResult";
import type { PaneLang, WordKey } from "./words";
import { exportReportPdf } from "./exportPdf";
import { renderIssue } from "../engine";
import { issuesHeading, moreIssues, provisionalText, provisionalTitle, ticketCountLine } from "./phrases";
import { anchorDownloadSupported, pdfRouteFor, saveAsPdfSteps } from "./pdfRoute";
import { section, visuallyHidden } from "./styles";

export interface SettledView {
  pane: PaneResult;
  /** Sheet names as written, in order. */
  written: string[];
  /** Name wanted → name written (beside a user's sheet of the same name it is "Name (2)"). */
  writtenAs: Map<string, string>;
  book: WorkbookData;
  opts: SettleOptions;
}

/** Links and link-buttons at least 24 px high (WCAG 2.2 target size), so a finger or a shaky hand hits the right one. */
const targetSize = { minHeight: 24, display: "inline-flex", alignItems: "center" } as const;

/** A date is never broken across lines at its hyphens ("2026-11-" / "06" reads as another day). */
function keepDatesWhole(text: string) {
  return text.split(/(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)/).map((part, k) => (k % 2 === 1 ? <span key={k} style={{ whiteSpace: "nowrap" }}>{part}</span> : part));
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const SEVERITY_COLOR = { error: "danger", warning: "warning", info: "informative" } as const;
const ISSUES_SHOWN = 50;
const BAR_COLORS = ["#0F6CBD", "#8764B8", "#0B6A0B", "#C50F1F", "#8A3707"];

/** Clause references in reading order: "2.2(1)" < "2.2(2)" < "2.10" (numbers compared as numbers). */
export function compareClauses(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
}

async function activateSheet(run: ExcelRun, name: string): Promise<void> {
  await run(RUN_OPTIONS, async (ctx) => {
    ctx.workbook.worksheets.getItem(name).activate();
    await ctx.sync();
  });
}

export function Results({ lang, w, result, host, onError, headingRef }: {
  lang: PaneLang; w: (k: WordKey) => string; result: SettledView; host: PaneHost;
  onError: (e: unknown, retry?: () => void) => void; headingRef: RefObject<HTMLHeadingElement>;
}) {
  const run = result.pane;
  const m = groupThousands; // grouped from the decimal string itself: money never passes through a float
  const issues = useMemo(
    () => [...run.issues].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
    [run],
  );
  const count = (s: Issue["severity"]) => run.issues.filter((i) => i.severity === s).length;
  const errors = count("error");
  const excluded = [...new Set(run.statements.flatMap((s) => s.excludedTickets))];
  const provisional = errors > 0;
  const route = pdfRouteFor(host.platform, anchorDownloadSupported());

  const [pdf, setPdf] = useState<{ provider: string; url: string } | null>(null);
  const [steps, setSteps] = useState<{ provider: string; sheet: string } | null>(null);
  const [exporting, setExporting] = useState("");

  const open = (name: string) => activateSheet(host.run, name).catch((e) => onError(e, () => void open(name)));
  const goTo = (i: Issue) => goToCell(host.run, i.sheet, i.cell).catch((e) => onError(e, () => void goTo(i)));

  async function exportPdf(provider: string) {
    if (route.kind === "excel") {
      const wanted = run.reportSheets.find((r) => r.provider === provider)?.sheet;
      const sheet = wanted ? (result.writtenAs.get(wanted) ?? wanted) : "";
      if (!sheet) return;
      setSteps({ provider, sheet });
      await open(sheet);
      return;
    }
    setExporting(provider);
    try {
      // The report needs the full run (findings, money lines): settled again on demand, in the engine's worker.
      const url = await exportReportPdf(result.book, result.opts, provider, lang);
      setPdf({ provider, url });
    } catch (e) {
      onError(e, () => void exportPdf(provider));
    } finally {
      setExporting("");
    }
  }

  const chart = useMemo(() => {
    const order = run.chart.categories.map((c, i) => [c, i] as const).sort((a, b) => compareClauses(a[0], b[0]));
    return { categories: order.map(([c]) => c), series: run.chart.series.map((s) => ({ name: s.name, values: order.map(([, i]) => s.values[i]) })) };
  }, [run]);
  const pct = (v: number | null) => (v === null ? w("notMeasured") : `${v}%`);

  return (
    <section style={section} aria-labelledby="results-h" data-testid="results">
      <h2 id="results-h" ref={headingRef} tabIndex={-1} style={{ scrollMarginTop: 72, margin: 0, fontSize: 16, lineHeight: "22px", fontWeight: 600 }}>
        {w("resultsFor")}{run.month}
      </h2>

      <div data-testid="summary" style={{ border: `1px solid ${provisional ? "#F7630C" : "#e0e0e0"}`, borderRadius: 6, padding: 10, display: "flex", flexDirection: "column", gap: 6 }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
          <Text size={200}>{w("amountsIn")}<b data-testid="currency">{run.currency}</b></Text>
          <Badge data-testid="status-badge" appearance="filled" color={provisional ? "warning" : "success"}>{provisional ? w("provisional") : w("final")}</Badge>
        </div>
        <Text size={200}>{w("totalNet")}</Text>
        <Text size={600} weight="bold" data-testid="total-net">{run.currency} {m(run.totalNetPayable)}</Text>
        <Text size={200}>{ticketCountLine(run.tickets, lang)}</Text>
        {provisional && (
          <MessageBar intent="warning" layout="multiline" data-testid="provisional">
            <MessageBarBody>
              <MessageBarTitle>{provisionalTitle(excluded.length, lang)}</MessageBarTitle>
              {provisionalText(excluded, errors, lang)}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>

      {run.statements.map((s) => (
        <div key={s.provider} style={{ border: "1px solid #e0e0e0", borderRadius: 6, padding: 10, display: "flex", flexDirection: "column", gap: 4 }} data-testid="statement" data-provider={s.provider}>
          <div style={{ display: "flex", justifyContent: "space-between", gap: 8, alignItems: "baseline" }}>
            <Text weight="semibold" as="h3" style={{ margin: 0, fontSize: 14 }}>{s.provider}</Text>
            {s.provisional && <Badge appearance="tint" color="warning" data-testid="statement-provisional">{w("provisional")}</Badge>}
          </div>
          <div style={{ background: "#f5f5f5", borderRadius: 4, padding: "6px 8px", display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: 8 }}>
            <Text weight="semibold">{w("netPayable")} <Text size={200} weight="regular">{run.currency}</Text></Text>
            <Text size={500} weight="bold" data-testid="netPayable">{m(s.netPayable)}</Text>
          </div>
          <table style={{ width: "100%", borderCollapse: "collapse", fontSize: 14 }}>
            <caption style={visuallyHidden}>{`${s.provider} · ${run.currency}`}</caption>
            <tbody>
              {([
                ["fees", m(s.fees)],
                ["penalties", m(s.penalties)],
                ...(/^-?0(\.0*)?$/.test(s.capAdjustment) ? [] : [["capAdjustment", m(s.capAdjustment)]]),
                ["overdueFees", m(s.overdueFees)],
              ] as [WordKey, string][]).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" style={{ textAlign: "left", fontWeight: 400, padding: "2px 0" }}>{w(k)}</th>
                  <td style={{ textAlign: "right", fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }} data-testid={k}>{v}</td>
                </tr>
              ))}
              <tr>
                <th scope="row" style={{ textAlign: "left", fontWeight: 400, padding: "2px 0" }}>{w("paymentDue")}</th>
                <td style={{ textAlign: "right" }} data-testid="paymentDue">{s.paymentDue}</td>
              </tr>
            </tbody>
          </table>
          <Text size={300} block><b>{w("disputeBy")}:</b> <span data-testid="disputeBy">{keepDatesWhole(s.disputeBy)}</span></Text>
          <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
            <Button size="small" onClick={() => void exportPdf(s.provider)} disabled={exporting !== ""}>
              {route.kind === "excel" ? w("openReportSheet") : w("exportPdf")}
            </Button>
            {exporting === s.provider && <Spinner size="tiny" label={w("exporting")} />}
            {pdf?.provider === s.provider && (
              <Link href={pdf.url} download={`SLA report ${run.month} ${s.provider}.pdf`}>{w("download")}</Link>
            )}
          </div>
          {steps?.provider === s.provider && route.kind === "excel" && (
            <MessageBar intent="info" layout="multiline" data-testid="pdf-steps">
              <MessageBarBody>
                <MessageBarTitle>{w("pdfStepsTitle")}</MessageBarTitle>
                <div>{w("pdfNoDownloadWhy")}</div>
                <ol style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                  {saveAsPdfSteps(route.steps, steps.sheet, lang).map((t, k) => <li key={k}>{t}</li>)}
                </ol>
              </MessageBarBody>
            </MessageBar>
          )}
        </div>
      ))}

      <Text weight="semibold" as="h3" style={{ margin: 0, fontSize: 14 }}>{w("outputSheets")}</Text>
      <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="written">
        {result.written.map((name) => (
          <li key={name}><Link as="button" onClick={() => void open(name)} style={targetSize}>{name}</Link></li>
        ))}
      </ul>

      <Text weight="semibold" as="h3" id="chart-h" style={{ margin: 0, fontSize: 14 }}>{w("compliance")}</Text>
      {/* The bars repeat the table below them, which is what assistive technology reads. */}
      <div aria-hidden="true" data-testid="chart" style={{ display: "flex", flexDirection: "column", gap: 6 }}>
        {chart.categories.map((c, ci) => (
          <div key={c}>
            <div style={{ fontSize: 12, fontWeight: 600, color: "#242424" }}>{c}</div>
            {chart.series.map((s, si) => {
              const v = s.values[ci];
              return (
                <div key={s.name} style={{ display: "flex", alignItems: "center", gap: 6, fontSize: 12, lineHeight: "16px" }}>
                  <div style={{ flex: "1 1 auto", background: "#f0f0f0", height: 12, borderRadius: 2 }}>
                    <div style={{ width: `${v ?? 0}%`, height: 12, borderRadius: 2, background: BAR_COLORS[si % BAR_COLORS.length] }} />
                  </div>
                  <span style={{ width: 64, textAlign: "right", color: "#242424" }}>{pct(v)}</span>
                </div>
              );
            })}
          </div>
        ))}
        <div style={{ display: "flex", flexWrap: "wrap", gap: 8, fontSize: 12 }}>
          {chart.series.map((s, si) => (
            <span key={s.name}><span style={{ display: "inline-block", width: 10, height: 10, background: BAR_COLORS[si % BAR_COLORS.length], marginRight: 4 }} />{s.name}</span>
          ))}
        </div>
      </div>
      <div style={{ overflowX: "auto" }} tabIndex={0} role="region" aria-labelledby="chart-table-caption">
        <table data-testid="chart-table" style={{ borderCollapse: "collapse", fontSize: 12, width: "100%" }}>
          <caption id="chart-table-caption" style={{ textAlign: "left", fontSize: 12, color: "#424242" }}>{w("complianceTable")}</caption>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: "left", padding: "2px 4px" }}>{w("clause")}</th>
              {chart.series.map((s) => <th key={s.name} scope="col" style={{ textAlign: "right", padding: "2px 4px" }}>{s.name}</th>)}
            </tr>
          </thead>
          <tbody>
            {chart.categories.map((c, ci) => (
              <tr key={c}>
                <th scope="row" style={{ textAlign: "left", padding: "2px 4px", fontWeight: 400 }}>{c}</th>
                {chart.series.map((s) => <td key={s.name} style={{ textAlign: "right", padding: "2px 4px" }}>{pct(s.values[ci])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <Text weight="semibold" as="h3" style={{ margin: 0, fontSize: 14 }} data-testid="issues-heading">
        {issuesHeading(errors, count("warning"), count("info"), lang)}
      </Text>
      {issues.length === 0 && <Text>{w("noIssues")}</Text>}
      <ul style={{ margin: 0, padding: 0, listStyle: "none", display: "flex", flexDirection: "column", gap: 8 }} data-testid="issues">
        {issues.slice(0, ISSUES_SHOWN).map((i, k) => {
          const t = renderIssue(i, lang);
          return (
            <li key={k} data-severity={i.severity} style={{ borderLeft: `3px solid ${i.severity === "error" ? "#C50F1F" : i.severity === "warning" ? "#F7630C" : "#0F6CBD"}`, paddingLeft: 8 }}>
              <div style={{ display: "flex", gap: 6, alignItems: "center", flexWrap: "wrap" }}>
                <Badge appearance="tint" color={SEVERITY_COLOR[i.severity]}>{w(`severity_${i.severity}`)}</Badge>
                {i.sheet && i.cell ? (
                  <Link as="button" onClick={() => void goTo(i)} aria-label={`${w("goTo")} ${i.sheet}!${i.cell}`} style={targetSize}>{i.sheet}!{i.cell}</Link>
                ) : (
                  <Text size={200}>{i.sheet || i.code}</Text>
                )}
              </div>
              <Text size={300} block>{keepDatesWhole(t.problem)}</Text>
              {t.fix && <Text size={300} block><b>{w("fix")}</b> {keepDatesWhole(t.fix)}</Text>}
            </li>
          );
        })}
      </ul>
      {issues.length > ISSUES_SHOWN && (
        <Text size={300}>
          {moreIssues(issues.length - ISSUES_SHOWN, lang)}{" "}
          <Link as="button" onClick={() => void open(result.written[result.written.length - 1])} style={targetSize}>{w("openDataIssues")}</Link>
        </Text>
      )}
    </section>
  );
}
