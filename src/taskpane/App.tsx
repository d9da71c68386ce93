/**
 * The task pane (SPEC §7): Setup (sheets and fields found, header mapping, templates for an empty workbook),
 * Run (month, provider, progress with stages, cancel), Results (totals, compliance by clause, data issues with
 * Go to cell, PDF export). Works at the narrow task-pane width; every control has a label.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Button, Dropdown, Field, FluentProvider, Input, Link, MessageBar, MessageBarBody, Option, ProgressBar, Spinner,
  Subtitle2, Text, Title3, webLightTheme,
} from "@fluentui/react-components";
import { fieldsFor, renderIssue, templateWorkbook, type HeaderMappings, type Issue, type SettleOptions, type WorkbookData, type WorkbookOverview } from "../engine";
import { CancelledError, goToCell, readInputSheets, writeOutputSheets } from "../excel/adapter";
import type { PaneHost } from "./host";
import { paneLang, word, type PaneLang, type WordKey } from "./words";
import { exportReportPdf, sha256Hex, TOOL_VERSION } from "./exportPdf";
import { groupThousands } from "../engine/core/money";
import type { PaneResult } from "./paneResult";
import { inspectInWorker, runEngine } from "./runEngine";

type Stage = { key: WordKey; done?: number; total?: number } | null;

const ROLE_LABEL: Record<string, [string, string]> = {
  tickets: ["Tickets", "工单"], events: ["Events", "事件"], agreement: ["Agreement", "协议"], sla: ["SLA", "服务标准"],
  calendar: ["Calendar", "日历"], invoice: ["Invoice", "账单"], statements: ["Statements", "结算单"], payments: ["Payments", "付款"],
};

const section = { padding: "12px 16px", borderBottom: "1px solid #e0e0e0", display: "flex", flexDirection: "column" as const, gap: 8 };

export function App({ host }: { host: PaneHost }) {
  const lang: PaneLang = paneLang(host.displayLanguage);
  const w = useCallback((k: WordKey) => word(lang, k), [lang]);
  const [book, setBook] = useState<WorkbookData | null>(null);
  const [mappings, setMappings] = useState<HeaderMappings>(() => host.loadMappings());
  const [month, setMonth] = useState("");
  const [provider, setProvider] = useState("");
  const [stage, setStage] = useState<Stage>(null);
  const [result, setResult] = useState<{ pane: PaneResult; written: string[]; book: WorkbookData; opts: SettleOptions } | null>(null);
  const [preview, setPreview] = useState<WorkbookOverview | null>(null);
  const [message, setMessage] = useState<{ intent: "success" | "error" | "warning" | "info"; text: string } | null>(null);
  const abort = useRef<AbortController | null>(null);

  const showError = useCallback((e: unknown) => {
    if (e instanceof CancelledError) return setMessage({ intent: "warning", text: w("cancelled") });
    const code = typeof e === "object" && e && "code" in e ? ` (${String((e as { code: unknown }).code)})` : "";
    setMessage({ intent: "error", text: `${w("error")}${code}: ${e instanceof Error ? e.message : String(e)}` });
  }, [w]);

  const load = useCallback(async () => {
    try {
      setBook(await readInputSheets(host.run));
    } catch (e) {
      showError(e);
    }
  }, [host, showError]);
  useEffect(() => void load(), [load]);

  // The structure (no month needed) for the Setup view and the pickers' defaults, read in the worker too.
  useEffect(() => {
    if (!book) return;
    let live = true;
    inspectInWorker(book, mappings)
      .then((p) => live && setPreview(p))
      .catch(showError);
    return () => void (live = false);
  }, [book, mappings, showError]);
  useEffect(() => {
    if (preview && !month) setMonth(preview.latestReportMonth);
  }, [preview, month]);
  const providers = preview?.providers ?? [];
  const hasInput = (preview?.recognised.length ?? 0) > 0 || (book?.sheets.some((s) => /tickets|工单|agreement|协议|sla|服务标准/i.test(s.name)) ?? false);
  const monthValid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);

  async function createTemplates() {
    try {
      setStage({ key: "writing" });
      await writeOutputSheets(host.run, templateWorkbook(lang), { markAsOutput: false });
      setMessage({ intent: "success", text: w("templatesDone") });
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setStage(null);
    }
  }

  async function settle() {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setMessage(null);
    setResult(null);
    try {
      setStage({ key: "reading", done: 0 });
      const fresh = await readInputSheets(host.run, { signal: ctrl.signal, onProgress: (p) => setStage({ key: "reading", done: p.done, total: p.total }) });
      setStage({ key: "checking" });
      const opts: SettleOptions = { month, provider: provider || undefined, lang, headerMappings: mappings };
      const reportMeta = { generatedAt: new Date().toISOString(), inputSha256: await sha256Hex(JSON.stringify(fresh.sheets)), toolVersion: TOOL_VERSION };
      const settled = await runEngine(fresh, opts, ctrl.signal, reportMeta); // in a Web Worker: Excel stays responsive
      try {
        setStage({ key: "writing", done: 0 });
        // The worker sends the large sheets' rows one block at a time while they are written.
        const plan = await writeOutputSheets(host.run, settled.pane.sheets, { signal: ctrl.signal, onProgress: (p) => setStage({ key: "writing", done: p.done, total: p.total }) });
        setResult({ pane: settled.pane, written: plan.map((p) => p.name), book: fresh, opts });
      } finally {
        settled.close();
      }
    } catch (e) {
      showError(e);
    } finally {
      setStage(null);
      abort.current = null;
    }
  }

  async function mapHeader(sheet: string, header: string, field: string) {
    const next: HeaderMappings = { ...mappings, [sheet]: { ...(mappings[sheet] ?? {}) } };
    if (field) next[sheet][header] = field;
    else delete next[sheet][header];
    setMappings(next);
    try {
      await host.saveMappings(next);
    } catch (e) {
      showError(e);
    }
  }

  const busy = stage !== null;
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      <main style={{ maxWidth: 560 }} aria-busy={busy}>
        <header style={{ ...section, borderBottom: "none", paddingBottom: 0 }}>
          <Title3 as="h1">{w("title")}</Title3>
        </header>
        {message && (
          <div style={{ padding: "8px 16px" }}>
            <MessageBar intent={message.intent} role="status">
              <MessageBarBody>{message.text}</MessageBarBody>
            </MessageBar>
          </div>
        )}
        {!book && !message && <div style={section}><Spinner size="tiny" label={w("loading")} /></div>}

        {book && (
          <section style={section} aria-labelledby="setup-h">
            <Subtitle2 as="h2" id="setup-h">{w("setup")}</Subtitle2>
            {!hasInput ? (
              <>
                <Text>{w("noInput")}</Text>
                <Button appearance="primary" onClick={createTemplates} disabled={busy}>{w("createTemplates")}</Button>
              </>
            ) : (
              <>
                <Text weight="semibold">{w("sheetsFound")}</Text>
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="sheets">
                  {(preview?.recognised ?? []).map((r) => (
                    <li key={r.sheet}>
                      <Text>{r.sheet} — {(ROLE_LABEL[r.role] ?? [r.role, r.role])[lang === "zh" ? 1 : 0]}
                        {r.role !== "agreement" ? ` · ${Object.keys(r.columns).length} ${w("fieldsRecognised")}` : ""}</Text>
                    </li>
                  ))}
                </ul>
                {(preview?.recognised ?? []).some((r) => r.unrecognised.length > 0 && r.role !== "agreement") && (
                  <>
                    <Text weight="semibold">{w("unrecognised")}</Text>
                    {(preview?.recognised ?? []).flatMap((r) =>
                      r.role === "agreement" ? [] : r.unrecognised.slice(0, 20).map((u) => {
                        const fields = fieldsFor(r.role);
                        const chosen = mappings[r.sheet]?.[u.header] ?? "";
                        const label = chosen ? (fields.find((f) => f.field === chosen)?.[lang] ?? chosen) : w("ignore");
                        return (
                          <Field key={`${r.sheet}:${u.column}`} label={`${r.sheet}: ${u.header}`}>
                            <Dropdown value={label} selectedOptions={[chosen]} onOptionSelect={(_, d) => void mapHeader(r.sheet, u.header, d.optionValue ?? "")}>
                              <Option value="">{w("ignore")}</Option>
                              {fields.map((f) => <Option key={f.field} value={f.field}>{f[lang]}</Option>)}
                            </Dropdown>
                          </Field>
                        );
                      }),
                    )}
                  </>
                )}
              </>
            )}
          </section>
        )}

        {book && hasInput && (
          <section style={section} aria-labelledby="run-h">
            <Subtitle2 as="h2" id="run-h">{w("run")}</Subtitle2>
            <Field label={w("month")} validationMessage={month && !monthValid ? w("monthInvalid") : undefined}>
              <Input value={month} onChange={(_, d) => setMonth(d.value.trim())} placeholder="2026-10" aria-label={w("month")} />
            </Field>
            <Field label={w("provider")}>
              <Dropdown value={provider || w("allProviders")} selectedOptions={[provider]} onOptionSelect={(_, d) => setProvider(d.optionValue ?? "")}>
                <Option value="">{w("allProviders")}</Option>
                {providers.map((p) => <Option key={p} value={p}>{p}</Option>)}
              </Dropdown>
            </Field>
            <div style={{ display: "flex", gap: 8 }}>
              <Button appearance="primary" onClick={settle} disabled={busy || !monthValid}>{w("settle")}</Button>
              {busy && <Button onClick={() => abort.current?.abort()}>{w("cancel")}</Button>}
            </div>
            {stage && (
              <Field label={stage.total ? `${w(stage.key)}: ${stage.done?.toLocaleString()} / ${stage.total.toLocaleString()}` : w(stage.key)} validationState="none">
                <ProgressBar value={stage.total ? (stage.done ?? 0) / stage.total : undefined} aria-label={w(stage.key)} />
              </Field>
            )}
          </section>
        )}

        {result && <Results lang={lang} w={w} result={result} host={host} onError={showError} />}
      </main>
    </FluentProvider>
  );
}

function Results({ lang, w, result, host, onError }: {
  lang: PaneLang; w: (k: WordKey) => string; result: { pane: PaneResult; written: string[]; book: WorkbookData; opts: SettleOptions }; host: PaneHost; onError: (e: unknown) => void;
}) {
  const run = result.pane;
  const chart = run.chart;
  const bySheet = useMemo(() => {
    const groups = new Map<string, Issue[]>();
    for (const i of run.issues) groups.set(i.sheet || "—", [...(groups.get(i.sheet || "—") ?? []), i]);
    return [...groups];
  }, [run]);
  const [pdf, setPdf] = useState<{ provider: string; url: string } | null>(null);
  const [exporting, setExporting] = useState("");
  // Grouped from the decimal string itself: money never passes through a binary float, not even for display.
  const m = groupThousands;

  async function exportPdf(provider: string) {
    setExporting(provider);
    try {
      // The report needs the full run (findings, money lines): settled again on demand, in the engine's worker.
      const url = await exportReportPdf(result.book, result.opts, provider, lang);
      setPdf({ provider, url });
    } catch (e) {
      onError(e);
    } finally {
      setExporting("");
    }
  }

  return (
    <section style={section} aria-labelledby="results-h" data-testid="results">
      <Subtitle2 as="h2" id="results-h">{w("results")} {run.month}</Subtitle2>
      <Text size={200}>{w("written")} {result.written.join(", ")}</Text>
      {run.statements.map((s) => (
        <div key={s.provider} style={{ border: "1px solid #e0e0e0", borderRadius: 4, padding: 8 }} data-testid="statement" data-provider={s.provider}>
          <Text weight="semibold" block>{s.provider}</Text>
          <table style={{ width: "100%", borderCollapse: "collapse" }}>
            <tbody>
              {([
                ["fees", m(s.fees)],
                ["penalties", m(s.penalties)],
                ...(/^-?0(\.0*)?$/.test(s.capAdjustment) ? [] : [["capAdjustment", m(s.capAdjustment)]]),
                ["overdueFees", m(s.overdueFees)],
                ["netPayable", m(s.netPayable)],
                ["paymentDue", s.paymentDue],
                ["disputeBy", s.disputeBy],
              ] as [WordKey, string][]).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" style={{ textAlign: "left", fontWeight: k === "netPayable" ? 600 : 400 }}>{w(k)}</th>
                  <td style={{ textAlign: "right", fontWeight: k === "netPayable" ? 600 : 400 }} data-testid={`${k}`}>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button size="small" onClick={() => void exportPdf(s.provider)} disabled={exporting !== ""}>
            {exporting === s.provider ? w("exporting") : w("exportPdf")}
          </Button>
          {pdf?.provider === s.provider && (
            <Link href={pdf.url} download={`SLA report ${run.month} ${s.provider}.pdf`} style={{ marginLeft: 8 }}>{w("download")}</Link>
          )}
        </div>
      ))}

      <Text weight="semibold">{w("compliance")}</Text>
      <svg role="img" aria-label={w("compliance")} width="100%" viewBox={`0 0 300 ${chart.categories.length * chart.series.length * 14 + 10}`}>
        {chart.categories.flatMap((c, ci) =>
          chart.series.map((s, si) => {
            const y = (ci * chart.series.length + si) * 14;
            const v = s.values[ci];
            return (
              <g key={`${c}-${s.name}`}>
                <text x={0} y={y + 10} fontSize={9}>{si === 0 ? c : ""}</text>
                <rect x={50} y={y + 2} width={v === null ? 0 : (v / 100) * 200} height={10} fill={si === 0 ? "#0F6CBD" : "#8764B8"}>
                  <title>{`${s.name} ${c}: ${v === null ? "—" : `${v}%`}`}</title>
                </rect>
                <text x={v === null ? 52 : 54 + (v / 100) * 200} y={y + 10} fontSize={8}>{v === null ? "—" : `${v}%`}</text>
              </g>
            );
          }),
        )}
      </svg>
      <Text size={200}>{chart.series.map((s, i) => <span key={s.name} style={{ color: i === 0 ? "#0F6CBD" : "#8764B8", marginRight: 8 }}>■ {s.name}</span>)}</Text>

      <Text weight="semibold">{w("issues")}</Text>
      {run.issues.length === 0 && <Text>{w("noIssues")}</Text>}
      {bySheet.map(([sheet, list]) => (
        <details key={sheet} open={list.some((i) => i.severity === "error")}>
          <summary>{sheet} ({list.length})</summary>
          <ul style={{ paddingLeft: 16, margin: 0 }}>
            {list.slice(0, 50).map((i, k) => (
              <li key={k} style={{ marginBottom: 4 }}>
                <Text size={200}>
                  <b>{i.cell ? `${i.sheet}!${i.cell}` : i.code}</b> {renderIssue(i, lang).problem}
                </Text>{" "}
                {i.sheet && i.cell && (
                  <Button size="small" appearance="subtle" onClick={() => goToCell(host.run, i.sheet, i.cell).catch(onError)} aria-label={`${w("goTo")} ${i.sheet}!${i.cell}`}>
                    {w("goTo")}
                  </Button>
                )}
              </li>
            ))}
            {list.length > 50 && <li><Text size={200}>+{list.length - 50} {w("more")}</Text></li>}
          </ul>
        </details>
      ))}
    </section>
  );
}
