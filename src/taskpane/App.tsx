/**
 * The task pane: Setup (sheets and fields found, what is missing, header and provider-name mappings, templates for
 * an empty workbook), Run (a month found in the data, provider, Settle with progress pinned in view, cancel),
 * Results (Results.tsx). Built for the narrow task pane (320 px): every control has a label, the outcome of a run
 * is announced in a live region and focus moves to it.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  Badge, Button, Dropdown, Field, FluentProvider,
  MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Option, ProgressBar, Spinner, Subtitle2, Text,
  Title3, webLightTheme,
} from "@fluentui/react-components";
import { fieldsFor, templateWorkbook, type HeaderMappings, type ProviderAliases, type SettleOptions, type WorkbookData } from "../engine";
import { CancelledError, readInputSheets, writeOutputSheets } from "../excel/adapter";
import type { PaneHost } from "./host";
import { paneLang, word, type PaneLang, type WordKey } from "./words";
import { sha256Hex, TOOL_VERSION } from "./exportPdf";
import { groupThousands } from "../engine/core/money";
import type { PaneResult } from "./paneResult";
import { inspectInWorker, runEngine } from "./runEngine";
import { ticketsIn, type PaneOverview } from "./overview";
import { hostProblem } from "./hostErrors";
import { renderIssue } from "../engine";
import { doneAnnouncement, missingColumnLabel, monthOption, noTickets, variantLabel } from "./phrases";
import { Results, type SettledView } from "./Results";
import { section, visuallyHidden } from "./styles";

type Stage = { key: WordKey; done?: number; total?: number } | null;

interface PaneMessage {
  intent: "success" | "error" | "warning" | "info";
  title?: string;
  text: string;
  retry?: () => void;
  /** Retry alone can succeed (emphasised); otherwise the text says what to do before it. */
  retryFirst?: boolean;
}

const ROLE_LABEL: Record<string, [string, string]> = {
  tickets: ["Tickets", "工单"], events: ["Events", "事件"], agreement: ["Agreement", "协议"], sla: ["SLA", "服务标准"],
  calendar: ["Calendar", "日历"], invoice: ["Invoice", "账单"], statements: ["Statements", "结算单"], payments: ["Payments", "付款"],
};


export function App({ host }: { host: PaneHost }) {
  const lang: PaneLang = paneLang(host.displayLanguage);
  const w = useCallback((k: WordKey) => word(lang, k), [lang]);
  const [book, setBook] = useState<WorkbookData | null>(null);
  const [mappings, setMappings] = useState<HeaderMappings>(() => host.loadMappings());
  const [aliases, setAliases] = useState<ProviderAliases>(() => host.loadProviderAliases());
  const [month, setMonth] = useState("");
  const [provider, setProvider] = useState("");
  const [stage, setStage] = useState<Stage>(null);
  const [result, setResult] = useState<SettledView | null>(null);
  const [overview, setOverview] = useState<PaneOverview | null>(null);
  const [message, setMessage] = useState<PaneMessage | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [setupOpen, setSetupOpen] = useState<boolean | null>(null);
  const abort = useRef<AbortController | null>(null);
  const messageRef = useRef<HTMLDivElement | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement | null>(null);
  const focusAfterRun = useRef<"results" | "message" | null>(null);

  // The page's language follows the pane's, so screen readers pronounce Chinese as Chinese.
  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = w("title");
  }, [lang, w]);

  const showError = useCallback((e: unknown, retry?: () => void) => {
    if (e instanceof CancelledError) {
      setMessage({ intent: "warning", text: w("cancelled") });
      setAnnouncement(w("cancelled"));
      return;
    }
    const problem = hostProblem(e, lang);
    const detail = e instanceof Error ? e.message : String(e);
    const text = problem ? `${problem.advice} (${problem.code})` : detail;
    setMessage({ intent: "error", title: w("error"), text, retry, retryFirst: problem?.retryable ?? false });
    setAnnouncement(`${w("error")}: ${text}`);
    focusAfterRun.current = "message";
  }, [lang, w]);

  const load = useCallback(async () => {
    setMessage(null);
    try {
      setBook(await readInputSheets(host.run));
    } catch (e) {
      showError(e, () => void load());
    }
  }, [host, showError]);
  useEffect(() => void load(), [load]);

  // The structure (no month needed) for Setup and the pickers, read in the engine's worker.
  useEffect(() => {
    if (!book) return;
    let live = true;
    inspectInWorker(book, mappings, aliases)
      .then((p) => live && setOverview(p))
      .catch((e) => showError(e));
    return () => void (live = false);
  }, [book, mappings, aliases, showError]);

  // The month is chosen once, when the months are first known: never refilled while the user changes it.
  const monthChosen = useRef(false);
  useEffect(() => {
    if (!overview || monthChosen.current || overview.months.length === 0) return;
    monthChosen.current = true;
    const latest = overview.months.find((m) => m.month === overview.latestReportMonth) ?? overview.months[0];
    setMonth(latest.month);
  }, [overview]);

  const providers = overview?.providers ?? [];
  const hasInput = (overview?.recognised.length ?? 0) > 0 || (book?.sheets.some((s) => /tickets|工单|agreement|协议|sla|服务标准/i.test(s.name)) ?? false);
  const setupProblems = overview?.setupProblems ?? [];
  const openVariants = (overview?.providerVariants ?? []).filter((v) => new Set(v.names.map((n) => aliases[n.name] ?? n.name)).size > 1);
  const setupValid = overview !== null && setupProblems.length === 0;
  // Setup stays open while something needs the user; once valid it folds away (the user can still open it).
  const setupExpanded = setupOpen ?? (!setupValid || openVariants.length > 0);
  const monthEntry = overview?.months.find((m) => m.month === month);

  // After a run, focus goes where the outcome is: the results heading, or the message that explains.
  useEffect(() => {
    if (stage !== null || focusAfterRun.current === null) return;
    const target = focusAfterRun.current === "results" ? resultsHeading.current : messageRef.current;
    focusAfterRun.current = null;
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  }, [stage, result, message]);

  async function createTemplates() {
    try {
      setStage({ key: "writing" });
      await writeOutputSheets(host.run, templateWorkbook(lang), { markAsOutput: false });
      setMessage({ intent: "success", text: w("templatesDone") });
      setAnnouncement(w("templatesDone"));
      monthChosen.current = false;
      await load();
    } catch (e) {
      showError(e, () => void createTemplates());
    } finally {
      setStage(null);
    }
  }

  async function settle() {
    const ctrl = new AbortController();
    abort.current = ctrl;
    setMessage(null);
    setResult(null);
    setAnnouncement(w("settling"));
    try {
      setStage({ key: "reading", done: 0 });
      const fresh = await readInputSheets(host.run, { signal: ctrl.signal, onProgress: (p) => setStage({ key: "reading", done: p.done, total: p.total }) });
      setStage({ key: "checking" });
      const opts: SettleOptions = { month, provider: provider || undefined, lang, headerMappings: mappings, providerAliases: aliases };
      const reportMeta = { generatedAt: new Date().toISOString(), inputSha256: await sha256Hex(JSON.stringify(fresh.sheets)), toolVersion: TOOL_VERSION };
      const settled = await runEngine(fresh, opts, ctrl.signal, reportMeta); // in a Web Worker: Excel stays responsive
      try {
        const t = settled.pane.tickets;
        // Nothing to settle: empty sheets would only look like a month with no penalties, so nothing is written.
        // (A run stopped by data errors has no tickets either; its Data Issues sheet is written and its errors shown.)
        if (t.settled + t.open + t.excluded === 0 && !settled.pane.issues.some((i) => i.severity === "error")) {
          const words = noTickets(month, provider, (overview?.months ?? []).filter((m) => ticketsIn(m, provider).settled + ticketsIn(m, provider).open > 0).map((m) => m.month), lang);
          setMessage({ intent: "info", title: words.title, text: words.text });
          setAnnouncement(`${words.title} ${words.text}`);
          focusAfterRun.current = "message";
          return;
        }
        setStage({ key: "writing", done: 0 });
        // The worker sends the large sheets' rows one block at a time while they are written.
        const plan = await writeOutputSheets(host.run, settled.pane.sheets, { signal: ctrl.signal, onProgress: (p) => setStage({ key: "writing", done: p.done, total: p.total }) });
        const writtenAs = new Map(plan.map((p) => [p.wanted, p.name]));
        setResult({ pane: settled.pane, written: plan.map((p) => p.name), writtenAs, book: fresh, opts });
        const pane = settled.pane;
        setAnnouncement(doneAnnouncement({
          month: pane.month, providers: pane.statements.length, net: groupThousands(pane.totalNetPayable), currency: pane.currency,
          errors: pane.issues.filter((i) => i.severity === "error").length, warnings: pane.issues.filter((i) => i.severity === "warning").length,
          excluded: pane.tickets.excluded,
        }, lang));
        focusAfterRun.current = "results";
      } finally {
        settled.close();
      }
    } catch (e) {
      showError(e, () => void settle());
    } finally {
      setStage(null);
      abort.current = null;
    }
  }

  async function mapHeader(sheet: string, header: string, field: string) {
    const next: HeaderMappings = { ...mappings, [sheet]: { ...(mappings[sheet] ?? {}) } };
    // One column per field: a field mapped again leaves its earlier column.
    for (const [h, f] of Object.entries(next[sheet])) if (f === field && h !== header) delete next[sheet][h];
    if (field) next[sheet][header] = field;
    else delete next[sheet][header];
    setMappings(next);
    try {
      await host.saveMappings(next);
    } catch (e) {
      showError(e, () => void mapHeader(sheet, header, field));
    }
  }

  async function mapProvider(name: string, to: string) {
    const next: ProviderAliases = { ...aliases };
    if (to && to !== name) next[name] = to;
    else delete next[name];
    setAliases(next);
    try {
      await host.saveProviderAliases(next);
    } catch (e) {
      showError(e, () => void mapProvider(name, to));
    }
  }

  const busy = stage !== null;
  const recognised = overview?.recognised ?? [];
  return (
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100vh" }}>
      <main style={{ maxWidth: 560 }} aria-busy={busy}>
        <header style={{ ...section, borderBottom: "none", paddingBottom: 0 }}>
          <Title3 as="h1">{w("title")}</Title3>
        </header>
        <div role="status" aria-live="polite" aria-atomic="true" style={visuallyHidden} data-testid="announcer">{announcement}</div>
        {message && (
          <div style={{ padding: "8px 16px" }} ref={messageRef} tabIndex={-1} data-testid="message">
            <MessageBar intent={message.intent} layout="multiline">
              <MessageBarBody>
                {message.title && <MessageBarTitle>{message.title}</MessageBarTitle>}
                {message.text}
              </MessageBarBody>
              {message.retry && (
                <MessageBarActions>
                  <Button size="small" appearance={message.retryFirst ? "primary" : "secondary"} onClick={message.retry} disabled={busy}>{w("retry")}</Button>
                </MessageBarActions>
              )}
            </MessageBar>
          </div>
        )}
        {!book && !message && <div style={section}><Spinner size="tiny" label={w("loading")} /></div>}

        {book && !hasInput && (
          <section style={section} aria-labelledby="setup-h">
            <Subtitle2 as="h2" id="setup-h">{w("setup")}</Subtitle2>
            <Text>{w("noInput")}</Text>
            <Button appearance="primary" onClick={createTemplates} disabled={busy}>{w("createTemplates")}</Button>
          </section>
        )}

        {book && hasInput && (
          <section style={{ ...section, padding: "4px 8px" }} aria-label={w("setup")} data-testid="setup">
            {/* A disclosure (button + region): folded once Setup is valid, open while something needs the user. */}
            <h2 style={{ margin: 0 }}>
              <Button
                appearance="transparent"
                aria-expanded={setupExpanded}
                aria-controls="setup-panel"
                onClick={() => setSetupOpen(!setupExpanded)}
                icon={<span aria-hidden="true" style={{ fontSize: 12, display: "inline-block", transform: setupExpanded ? "rotate(90deg)" : "none" }}>▶</span>}
                style={{ width: "100%", justifyContent: "flex-start", padding: "6px 8px", minHeight: 36 }}
              >
                <span style={{ display: "flex", gap: 8, alignItems: "center" }}>
                  <Subtitle2>{w("setup")}</Subtitle2>
                  {overview && (
                    <Badge appearance="tint" color={setupValid && openVariants.length === 0 ? "success" : "warning"} data-testid="setup-status">
                      {setupValid && openVariants.length === 0 ? w("setupReady") : w("setupNeedsAttention")}
                    </Badge>
                  )}
                </span>
              </Button>
            </h2>
            {setupExpanded && (
                <div id="setup-panel" role="region" aria-label={w("setup")} style={{ padding: "0 8px" }}>
                  <div style={{ display: "flex", flexDirection: "column", gap: 8, paddingBottom: 8 }}>
                    {setupProblems.length > 0 && (
                      <MessageBar intent="error" layout="multiline" data-testid="setup-problems">
                        <MessageBarBody>
                          <MessageBarTitle>{w("setupMissing")}</MessageBarTitle>
                          <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                            {setupProblems.map((p, k) => {
                              const t = renderIssue(p, lang);
                              return <li key={k}>{t.problem} {t.fix}</li>;
                            })}
                          </ul>
                        </MessageBarBody>
                      </MessageBar>
                    )}
                    {setupProblems.filter((p) => p.code === "COLUMN_MISSING" && p.sheet).map((p) => {
                      const role = String(p.params.role);
                      const field = fieldsFor(role as Parameters<typeof fieldsFor>[0]).find((f) => f.en === p.params.header);
                      if (!field) return null;
                      const headers = overview?.headersBySheet[p.sheet] ?? [];
                      const chosen = Object.entries(mappings[p.sheet] ?? {}).find(([, f]) => f === field.field)?.[0] ?? "";
                      return (
                        <Field key={`${p.sheet}:${field.field}`} label={`${missingColumnLabel(p.sheet, field[lang], lang)} — ${w("whichColumn")}`}>
                          <Dropdown value={chosen || w("chooseColumn")} selectedOptions={[chosen]} onOptionSelect={(_, d) => void mapHeader(p.sheet, d.optionValue ?? "", d.optionValue ? field.field : "")}>
                            {headers.map((h) => <Option key={h} value={h}>{h}</Option>)}
                          </Dropdown>
                        </Field>
                      );
                    })}
                    {recognised.length > 0 && (
                      <>
                        <Text weight="semibold">{w("sheetsFound")}</Text>
                        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="sheets">
                          {recognised.map((r) => (
                            <li key={r.sheet}>
                              <Text>{r.sheet} — {(ROLE_LABEL[r.role] ?? [r.role, r.role])[lang === "zh" ? 1 : 0]}
                                {r.role !== "agreement" ? ` · ${Object.keys(r.columns).length} ${w("fieldsRecognised")}` : ""}</Text>
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {openVariants.length + (overview?.providerVariants.length ?? 0) > 0 && (
                      <div data-testid="provider-variants" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
                        {openVariants.length > 0 ? (
                          <MessageBar intent="warning" layout="multiline">
                            <MessageBarBody>
                              <MessageBarTitle>{w("providerVariantsTitle")}</MessageBarTitle>
                              {w("providerVariantsHelp")}
                            </MessageBarBody>
                          </MessageBar>
                        ) : (
                          <Text weight="semibold">{w("providerVariantsTitle")}</Text>
                        )}
                        {(overview?.providerVariants ?? []).flatMap((v) =>
                          v.names.slice(1).map((n) => {
                            const to = aliases[n.name] ?? "";
                            const targets = v.names.filter((o) => o.name !== n.name).map((o) => o.name);
                            return (
                              <Field key={n.name} label={variantLabel(n.name, n.count, n.cells, lang)}>
                                <Dropdown value={to || w("keepSeparate")} selectedOptions={[to]} onOptionSelect={(_, d) => void mapProvider(n.name, d.optionValue ?? "")}>
                                  <Option value="">{w("keepSeparate")}</Option>
                                  {targets.map((t) => <Option key={t} value={t}>{t}</Option>)}
                                </Dropdown>
                              </Field>
                            );
                          }),
                        )}
                      </div>
                    )}
                    {recognised.some((r) => r.unrecognised.length > 0 && r.role !== "agreement") && (
                      <>
                        <Text weight="semibold">{w("unrecognised")}</Text>
                        {recognised.flatMap((r) =>
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
                  </div>
                </div>
            )}
          </section>
        )}

        {book && hasInput && (
          <section style={{ ...section, borderBottom: "none", paddingBottom: 4 }} aria-labelledby="run-h">
            <Subtitle2 as="h2" id="run-h">{w("run")}</Subtitle2>
            {overview && overview.months.length === 0 && setupValid && <Text>{w("noMonths")}</Text>}
            <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
              <Field label={w("monthPick")} style={{ flex: "1 1 220px", minWidth: 0 }}>
                <Dropdown
                  data-testid="month"
                  value={monthEntry ? monthOption(month, ticketsIn(monthEntry, provider), lang) : month}
                  selectedOptions={month ? [month] : []}
                  onOptionSelect={(_, d) => d.optionValue && setMonth(d.optionValue)}
                  disabled={!overview || overview.months.length === 0}
                  style={{ minWidth: 0, width: "100%" }}
                >
                  {(overview?.months ?? []).map((m) => (
                    <Option key={m.month} value={m.month} text={monthOption(m.month, ticketsIn(m, provider), lang)}>
                      {monthOption(m.month, ticketsIn(m, provider), lang)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label={w("provider")} style={{ flex: "1 1 220px", minWidth: 0 }}>
                <Dropdown data-testid="provider" value={provider || w("allProviders")} selectedOptions={[provider]} onOptionSelect={(_, d) => setProvider(d.optionValue ?? "")} style={{ minWidth: 0, width: "100%" }}>
                  <Option value="">{w("allProviders")}</Option>
                  {providers.map((p) => <Option key={p} value={p}>{p}</Option>)}
                </Dropdown>
              </Field>
            </div>
          </section>
        )}

        {book && hasInput && (
          // Pinned: at 320 × 700 the action and its progress stay in view while the results scroll beneath.
          <div data-testid="action-bar" style={{ position: "sticky", top: 0, zIndex: 2, background: "#ffffff", padding: "8px 16px", borderBottom: "1px solid #e0e0e0", display: "flex", flexDirection: "column", gap: 6 }}>
            <div style={{ display: "flex", gap: 8 }}>
              <Button appearance="primary" onClick={settle} disabled={busy || !month || !setupValid}>{w("settle")}</Button>
              {busy && abort.current && <Button onClick={() => abort.current?.abort()}>{w("cancel")}</Button>}
            </div>
            {stage && (
              <Field label={stage.total ? `${w(stage.key)}: ${stage.done?.toLocaleString()} / ${stage.total.toLocaleString()}` : w(stage.key)} validationState="none">
                <ProgressBar value={stage.total ? (stage.done ?? 0) / stage.total : undefined} aria-label={w(stage.key)} />
              </Field>
            )}
          </div>
        )}

        {result && <Results lang={lang} w={w} result={result} host={host} onError={showError} headingRef={resultsHeading} />}
      </main>
    </FluentProvider>
  );
}
