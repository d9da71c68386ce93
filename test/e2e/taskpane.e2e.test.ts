/**
 * The production task pane (dist/, built by `npm test` before jest, or `npm run screenshots`) in headless Chromium
 * at 320 px with the fake Excel host injected in place of Office. Creates templates in an empty book; settles
 * October 2026 on the sample workbook and checks the totals shown against the engine and the sheets against the
 * CLI's; then, in English and in Chinese, what a finance user relies on: the summary and its live announcement,
 * focus on the results, the dispute deadline as people read it, the Provisional banner when errors left tickets
 * out, provider-name variants mapped in Setup, a month without tickets (nothing written), Retry after a host error,
 * the PDF route of desktop Excel. axe-core checks every state, an open dropdown included. With SLA_SCREENSHOTS=dir
 * each state is also saved as a PNG there (`npm run screenshots` writes docs/screenshots/).
 */
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { formatDeadline, settleMonth, type WorkbookData } from "../../src/engine";
import { Dec } from "../../src/engine/core/money";
import { formatMoney, groupThousands } from "../../src/engine/core/money";
import { readXlsx } from "../../src/xlsx";
import { bundleForPage, dist, launchChromium, root, serveDist } from "./harness";

const out = mkdtempSync(path.join(tmpdir(), "sla-e2e-"));
let server: Awaited<ReturnType<typeof serveDist>> | undefined;
let browser: Browser | undefined;
let base = "";
const offOrigin: string[] = [];
const cspBlocked: string[] = [];


beforeAll(async () => {
  expect(existsSync(path.join(dist, "taskpane.html"))).toBe(true); // npm test builds dist/; else `npm run build`
  await bundleForPage("fakeHost", "fakeHost.ts", out);
  server = await serveDist();
  base = server.base;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const SHOTS = process.env.SLA_SCREENSHOTS ? path.resolve(root, process.env.SLA_SCREENSHOTS) : "";
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function openPane(sheets: unknown, displayLanguage = "en-US", extra: { platform?: string; failSyncAt?: number } = {}): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 320, height: 700 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    // Office.js, loaded outside Office, tries to frame Microsoft's telemetry service; the page's CSP blocks it.
    // That is the privacy rule working (docs/CONTRACT.md, Principles, "Offline and private"), recorded apart from real errors.
    if (m.type() === "error" && /violates the following Content Security Policy/.test(m.text())) cspBlocked.push(m.text());
    else if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  (page as unknown as { errors: string[] }).errors = errors;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    offOrigin.push(url);
    return route.abort();
  });
  await page.addInitScript({ content: `window.__SLA_BOOK__ = ${JSON.stringify({ sheets, displayLanguage, ...extra })};` });
  await page.addInitScript({ content: readFileSync(path.join(out, "fakeHost.js"), "utf8") });
  // This test machine has no CJK font, where Chinese users' Windows and Mac have one: for screenshots a person can
  // read, the add-in's own Noto Sans SC (in dist/, same origin) lends its glyphs to the CJK range of a family in
  // Fluent's font stack. Latin text keeps the stack's own fonts.
  await page.addInitScript({ content: `if (location.origin === ${JSON.stringify(base)}) document.addEventListener("DOMContentLoaded", () => { const s = document.createElement("style"); s.textContent = '@font-face { font-family: "Roboto"; src: url("assets/fonts/NotoSansSC-Regular.ttf"); unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF; }'; document.head.appendChild(s); });` });
  await page.goto(`${base}/taskpane.html`);
  return page;
}

type FakeState = {
  sheets: { name: string; values: unknown[][]; visibility: string }[];
  selection: string;
  activeSheet: string;
  settings: Map<string, unknown>;
  failSyncAt: number | null;
};
const fakeState = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __SLA_FAKE__: { state: FakeState } }).__SLA_FAKE__.state;
  return { names: s.sheets.map((x) => x.name), selection: s.selection, activeSheet: s.activeSheet, settings: Object.fromEntries(s.settings) };
});
const errorsOf = (page: Page) => (page as unknown as { errors: string[] }).errors;

type Lang = "en" | "zh";
const L = {
  en: { display: "en-US", settle: "Settle", month: "Month", provider: "Provider", results: "Results for 2026-10", retry: "Retry", ready: "Ready", attention: "Needs attention", complete: "Complete", provisional: "Provisional" },
  zh: { display: "zh-CN", settle: "结算", month: "月份", provider: "服务商", results: "结算结果：2026-10", retry: "重试", ready: "已就绪", attention: "需处理", complete: "完整", provisional: "暂定" },
} as const;

/** axe-core, injected through the DevTools protocol (the page's CSP rightly refuses inline scripts), WCAG 2.x A/AA. */
async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
  expect({ state, violations }).toEqual({ state, violations: [] });
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // A whole-page picture would draw the pinned action bar over whatever sits at the viewport's top: unpin it then.
  if (fullPage) await page.evaluate(() => document.querySelector<HTMLElement>("[data-testid=action-bar]")?.style.setProperty("position", "static"));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  if (fullPage) await page.evaluate(() => document.querySelector<HTMLElement>("[data-testid=action-bar]")?.style.setProperty("position", "sticky"));
}

const monthBox = (page: Page, lang: Lang) => page.getByRole("combobox", { name: L[lang].month });
async function waitForMonth(page: Page, lang: Lang, month: string): Promise<void> {
  await page.waitForFunction(([m]) => [...document.querySelectorAll("[data-testid=month]")].some((e) => (e.textContent ?? "").startsWith(m)), [month], { timeout: 60_000 });
  await expect(monthBox(page, lang).textContent()).resolves.toMatch(new RegExp(`^${month}`));
}
async function choose(page: Page, box: string, lang: Lang, option: RegExp | string): Promise<void> {
  await page.getByRole("combobox", { name: box }).click();
  await page.getByRole("option", { name: option }).click();
}
async function settleAndWait(page: Page, lang: Lang, until: "results" | "message"): Promise<void> {
  await page.getByRole("button", { name: L[lang].settle, exact: true }).click();
  await page.getByTestId(until).waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => document.querySelector("main")?.getAttribute("aria-busy") === "false");
}
const inViewport = async (page: Page, testId: string) => {
  const box = await page.getByTestId(testId).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 700;
};

function copyBook(book: WorkbookData) {
  return { sheets: book.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) })) };
}
/** The sample with mistakes a real export has: an unreadable fee on HX-1002 (settled in October) and three tickets
 * whose provider lost its final full stop. */
function bookWithMistakes(book: WorkbookData) {
  const b = copyBook(book);
  const t = b.sheets.find((s) => s.name === "Tickets")!;
  t.rows[2][15] = "4,4O"; // Tickets!P3, Labour Fee of HX-1002
  for (const k of [3, 4, 5]) t.rows[k][1] = "Huaxiu Service Co"; // Tickets!B4:B6
  return b;
}
/** The sample plus one Huaxiu ticket reported and closed in July 2026: July has tickets, none of them Jietong's. */
function bookWithJuly(book: WorkbookData) {
  const b = copyBook(book);
  const t = b.sheets.find((s) => s.name === "Tickets")!;
  // 2026-07-06 10:00 reported, 10:48 responded, 07-07 09:36 repaired, 12:00 closed (Excel serials).
  t.rows.push(["HX-0700", "Huaxiu Service Co.", "general", "remote", null, 45000, 46209.4166666667, 46209.45, null, null, null, null, 46210.4, null, 46210.5, 100, 0, 0, null, null, null, null]);
  return b;
}

let sample: WorkbookData;
beforeAll(async () => {
  sample = await readXlsx(path.join(root, "examples", "sample.xlsx"));
});

it("an empty workbook: Create template sheets writes the input sheets", async () => {
  const page = await openPane([{ name: "Sheet1", rows: [] }]);
  await page.getByRole("button", { name: "Create template sheets" }).waitFor();
  await expectNoAxeViolations(page, "empty workbook");
  await shot(page, "empty-workbook-en");
  await page.getByRole("button", { name: "Create template sheets" }).click();
  await page.getByText("Template sheets created").waitFor();
  const names = (await fakeState(page)).names;
  expect(names).toEqual(expect.arrayContaining(["Sheet1", "Tickets", "Events", "Agreement", "SLA", "Calendar"]));
  // The pane re-reads the book and now offers to settle.
  await page.getByRole("button", { name: "Settle" }).waitFor();
  expect(errorsOf(page)).toEqual([]);
  await page.close();
}, 60_000);

it("the sample workbook: settles October 2026, shows the engine's totals, writes outputs, leaves inputs alone; Go to cell", async () => {
  const book = await readXlsx(path.join(root, "examples", "sample.xlsx"));
  const expected = settleMonth(book, { month: "2026-10", lang: "en" });
  const page = await openPane(book.sheets);
  // The default month arrives once the engine worker has read the structure: the month of the latest report.
  await waitForMonth(page, "en", "2026-10");
  const inputsBefore = await page.evaluate(() => JSON.stringify((window as unknown as { __SLA_FAKE__: { state: { sheets: { values: unknown }[] } } }).__SLA_FAKE__.state.sheets.map((s) => s.values)));
  await settleAndWait(page, "en", "results");
  // The engine ran in the Web Worker, not on the pane's thread.
  expect(await page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/engine-worker.js")))).toBe(true);

  for (const s of expected.statements) {
    const card = page.locator(`[data-testid="statement"][data-provider="${s.provider}"]`);
    const net = groupThousands(formatMoney(s.netPayable, 2));
    expect(await card.getByTestId("netPayable").textContent()).toBe(net);
    const fees = groupThousands(formatMoney(s.fees, 2));
    expect(await card.getByTestId("fees").textContent()).toBe(fees);
  }
  // Export on the web: the report is settled and built in the worker, the PDF drawn in the pane, offered as a Download link.
  const firstCard = page.locator(`[data-testid="statement"][data-provider="${expected.statements[0].provider}"]`);
  await firstCard.getByRole("button", { name: "Export dispute report (PDF)" }).click();
  const download = firstCard.getByRole("link", { name: "Download" });
  await download.waitFor({ timeout: 90_000 });
  const href = (await download.getAttribute("href")) ?? "";
  expect(href).toMatch(/^blob:/);
  const pdf = await page.evaluate(async (u) => {
    const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
    return { magic: new TextDecoder().decode(bytes.slice(0, 5)), size: bytes.length };
  }, href);
  expect(pdf.magic).toBe("%PDF-");
  expect(pdf.size).toBeGreaterThan(10_000);

  const state = await page.evaluate(() => {
    const f = (window as unknown as { __SLA_FAKE__: { state: { sheets: { name: string; values: unknown; visibility: string }[] } } }).__SLA_FAKE__;
    return { names: f.state.sheets.map((s) => s.name), inputs: JSON.stringify(f.state.sheets.slice(0, 7).map((s) => s.values)), marker: f.state.sheets.find((s) => s.name === "_SLALedger")?.visibility };
  });
  expect(state.names).toEqual(expect.arrayContaining(["Findings 2026-10", "Settlement 2026-10", "KPIs 2026-10", "Data Issues"]));
  expect(state.inputs).toBe(JSON.stringify(JSON.parse(inputsBefore).slice(0, 7)));
  expect(state.marker).toBe("VeryHidden");
  // …and the print-ready dispute report of each provider, as the CLI writes it.
  expect(state.names.filter((n) => n.startsWith("Report 2026-10")).length).toBe(expected.statements.length);

  // The sheets written into the fake host equal what the CLI writes into the .xlsx for the same workbook.
  const cliOut = path.join(out, "cli.xlsx");
  const cli = spawnSync(process.execPath, [path.join(root, "bin", "sla-ledger.js"), "reconcile", path.join(root, "examples", "sample.xlsx"), "--month", "2026-10", "--lang", "en", "--out", cliOut], { encoding: "utf8" });
  expect([0, 1]).toContain(cli.status);
  const cliBook = await readXlsx(cliOut);
  const norm = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === "" || v === undefined ? null : v))).map((r) => {
    while (r.length && r[r.length - 1] === null) r.pop();
    return r;
  }).filter((r, i, all) => r.length > 0 || all.slice(i).some((x) => x.length > 0));
  for (const name of ["Findings 2026-10", "Settlement 2026-10", "KPIs 2026-10", "Data Issues"]) {
    const inPane = await page.evaluate((n) => (window as unknown as { __SLA_FAKE__: { state: { sheets: { name: string; values: unknown[][] }[] } } }).__SLA_FAKE__.state.sheets.find((s) => s.name === n)!.values, name);
    const inFile = cliBook.sheets.find((s) => s.name === name)!.rows;
    expect(norm(inPane)).toEqual(norm(inFile));
  }

  // Go to cell: the first issue's cell link selects it; an output sheet's name activates that sheet.
  const first = [...expected.issues].sort((a, b) => ["error", "warning", "info"].indexOf(a.severity) - ["error", "warning", "info"].indexOf(b.severity)).find((i) => i.sheet && i.cell)!;
  await page.getByRole("button", { name: `Go to cell ${first.sheet}!${first.cell}` }).click();
  await page.waitForFunction((want) => (window as unknown as { __SLA_FAKE__: { state: { selection: string } } }).__SLA_FAKE__.state.selection === want, `${first.sheet}!${first.cell}`);
  await page.getByTestId("written").getByRole("button", { name: "KPIs 2026-10" }).click();
  await page.waitForFunction(() => (window as unknown as { __SLA_FAKE__: { state: { activeSheet: string } } }).__SLA_FAKE__.state.activeSheet === "KPIs 2026-10");
  expect(errorsOf(page)).toEqual([]);
  await page.close();
}, 180_000);

for (const lang of ["en", "zh"] as const) {
  it(`${lang}: a clean month — Setup folded, summary first, focus on the results, announced, deadline as people read it, chart by clause, axe clean (dropdown open too)`, async () => {
    const expected = settleMonth(sample, { month: "2026-10", lang });
    const page = await openPane(sample.sheets, L[lang].display);
    await waitForMonth(page, lang, "2026-10");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang === "zh" ? "zh-CN" : "en");
    // Setup is valid: folded, with its status; the month picker offers the months found in the data, newest first.
    await expect(page.getByTestId("setup-status").textContent()).resolves.toBe(L[lang].ready);
    expect(await page.getByTestId("sheets").isVisible()).toBe(false);
    await expectNoAxeViolations(page, `${lang} ready`);
    await shot(page, `ready-${lang}`, false);
    await monthBox(page, lang).click();
    const options = await page.getByRole("option").allTextContents();
    expect(options.map((o) => o.slice(0, 7))).toEqual(["2026-10", "2026-09"]);
    expect(options[0]).toBe(lang === "zh" ? "2026-10 · 结算 241 张 · 未结 15 张" : "2026-10 · 241 settled · 15 open");
    await expectNoAxeViolations(page, `${lang} month dropdown open`);
    await shot(page, `month-picker-${lang}`, false);
    await page.getByRole("option", { name: /^2026-10/ }).click();

    await settleAndWait(page, lang, "results");
    // Focus is on the results heading, the action bar still in view, and the outcome announced.
    await page.waitForFunction(() => document.activeElement?.id === "results-h");
    expect(await page.locator("#results-h").textContent()).toBe(L[lang].results);
    expect(await inViewport(page, "action-bar")).toBe(true);
    const net = groupThousands(formatMoney(expected.statements.reduce((s, x) => s.plus(x.netPayable), new Dec(0)), 2));
    expect(net).toBe("73,306.65");
    const announced = await page.getByTestId("announcer").textContent();
    expect(announced).toBe(lang === "zh"
      ? `2026-10 结算完成：2 家服务商，应付净额合计 CNY ${net}。2 个警告。`
      : `Settled 2026-10: 2 providers, net payable CNY ${net} in all. 2 warnings.`);
    await shot(page, `results-in-view-${lang}`, false);
    // Scrolled down to the issues, the action bar is still pinned in view.
    await page.getByTestId("issues").scrollIntoViewIfNeeded();
    expect(await inViewport(page, "action-bar")).toBe(true);
    await shot(page, `results-scrolled-${lang}`, false);
    // The summary: currency, the total emphasised, Complete (no error left a ticket out).
    expect(await page.getByTestId("currency").textContent()).toBe("CNY");
    expect(await page.getByTestId("total-net").textContent()).toBe(`CNY ${net}`);
    expect(await page.getByTestId("status-badge").textContent()).toBe(L[lang].complete);
    expect(await page.getByTestId("provisional").count()).toBe(0);
    // The dispute deadline: the last day and 24:00, never "2026-11-07 00:00".
    for (const s of expected.statements) {
      const shown = await page.locator(`[data-testid="statement"][data-provider="${s.provider}"]`).getByTestId("disputeBy").textContent();
      expect(shown).toBe(lang === "zh" ? "2026年11月6日（周五）24:00 前（Asia/Shanghai）" : "by end of Fri 2026-11-06 (24:00, Asia/Shanghai)");
      expect(shown).toBe(formatDeadline(s.disputeBy, { lang, style: "long", zone: "Asia/Shanghai" }));
    }
    // The chart's clauses in reading order, with the same figures in a table screen readers read.
    const clauses = await page.getByTestId("chart-table").locator("tbody th").allTextContents();
    expect(clauses).toEqual([...clauses].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
    expect(clauses.length).toBeGreaterThan(3);
    const smallest = await page.getByTestId("chart").evaluate((el) => Math.min(...[...el.querySelectorAll("*")].filter((e) => (e.textContent ?? "").trim() !== "" && e.children.length === 0).map((e) => parseFloat(getComputedStyle(e).fontSize))));
    expect(smallest).toBeGreaterThanOrEqual(12);
    expect(await page.getByTestId("chart-table").evaluate((el) => el.closest("[aria-hidden=true]") === null)).toBe(true);
    // Issues: warnings here, each with its severity and fix, in the chosen language only.
    const issueTexts = await page.getByTestId("issues").locator("li").allTextContents();
    expect(issueTexts.length).toBe(expected.issues.length);
    if (lang === "zh") {
      for (const t of issueTexts) expect(t).not.toMatch(/\b(returned|reported|closed|repaired|responded)\b/);
      expect(issueTexts.join("\n")).toContain("返还时间");
    }
    await expectNoAxeViolations(page, `${lang} results`);
    await shot(page, `results-${lang}`);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  }, 180_000);

  it(`${lang}: data errors — Provisional badge and banner naming the ticket left out, errors first with fix and cell link; a provider-name variant mapped in Setup and remembered`, async () => {
    const page = await openPane(bookWithMistakes(sample).sheets, L[lang].display);
    await waitForMonth(page, lang, "2026-10");
    // The variant keeps Setup open and says so.
    await expect(page.getByTestId("setup-status").textContent()).resolves.toBe(L[lang].attention);
    const variants = page.getByTestId("provider-variants");
    await variants.waitFor();
    expect(await variants.textContent()).toContain(lang === "zh" ? "服务商名称有多种写法" : "Provider names written in more than one way");
    const variantBox = lang === "zh" ? "将“Huaxiu Service Co”（3 处，首见于 Tickets!B4, Tickets!B5, Tickets!B6）计入：" : `Settle "Huaxiu Service Co" (3×, first at Tickets!B4, Tickets!B5, Tickets!B6) as:`;
    await expect(page.getByRole("combobox", { name: variantBox }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, `${lang} setup with a variant`);
    await shot(page, `setup-variants-${lang}`);

    await settleAndWait(page, lang, "results");
    await page.waitForFunction(() => document.activeElement?.id === "results-h");
    // Unmapped, the variant is its own provider (a third statement) — and the figures are provisional.
    expect(await page.getByTestId("statement").count()).toBe(3);
    expect(await page.getByTestId("status-badge").textContent()).toBe(L[lang].provisional);
    const banner = await page.getByTestId("provisional").textContent();
    expect(banner).toContain(lang === "zh" ? "暂定金额：1 张工单因数据错误未计入" : "Provisional: 1 ticket was left out because of data errors");
    expect(banner).toContain("HX-1002");
    expect(await page.getByTestId("announcer").textContent()).toContain(lang === "zh" ? "1 个数据错误，1 张工单未计入，金额为暂定。" : "1 data error, 1 ticket left out: the figures are provisional.");
    // Errors first, each with its severity, its cell and the fix.
    const severities = await page.getByTestId("issues").locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-severity")));
    expect(severities[0]).toBe("error");
    expect(severities.indexOf("error", 1) === -1 || severities.lastIndexOf("error") < severities.indexOf("warning")).toBe(true);
    const firstIssue = page.getByTestId("issues").locator("li").first();
    expect(await firstIssue.textContent()).toContain(lang === "zh" ? "错误" : "Error");
    expect(await firstIssue.textContent()).toContain(lang === "zh" ? "处理：" : "Fix:");
    await firstIssue.getByRole("button", { name: `${lang === "zh" ? "转到单元格" : "Go to cell"} Tickets!P3` }).click();
    await page.waitForFunction(() => (window as unknown as { __SLA_FAKE__: { state: { selection: string } } }).__SLA_FAKE__.state.selection === "Tickets!P3");
    await expectNoAxeViolations(page, `${lang} provisional results`);
    await shot(page, `provisional-${lang}`);

    // Map the variant onto the provider: kept in the workbook's settings, and the next run settles one statement.
    await page.getByRole("combobox", { name: variantBox }).click();
    await expectNoAxeViolations(page, `${lang} variant dropdown open`);
    await page.getByRole("option", { name: "Huaxiu Service Co.", exact: true }).click();
    await page.waitForFunction(() => {
      const s = (window as unknown as { __SLA_FAKE__: { state: { settings: Map<string, unknown> } } }).__SLA_FAKE__.state.settings;
      return JSON.stringify(s.get("slaLedger.providerAliases")) === JSON.stringify({ "Huaxiu Service Co": "Huaxiu Service Co." });
    });
    await expect(page.getByTestId("setup-status").textContent()).resolves.toBe(L[lang].ready);
    await settleAndWait(page, lang, "results");
    expect(await page.getByTestId("statement").count()).toBe(2);
    expect(await page.locator(`[data-testid="statement"][data-provider="Huaxiu Service Co"]`).count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  }, 240_000);

  it(`${lang}: a month without tickets is explained and nothing is written`, async () => {
    const page = await openPane(bookWithJuly(sample).sheets, L[lang].display);
    await waitForMonth(page, lang, "2026-10");
    const before = (await fakeState(page)).names;
    await choose(page, L[lang].provider, lang, "Jietong Repair Ltd.");
    await monthBox(page, lang).click();
    const july = lang === "zh" ? "2026-07 · 无工单" : "2026-07 · no tickets";
    await page.getByRole("option", { name: july }).click();
    await settleAndWait(page, lang, "message");
    const text = await page.getByTestId("message").textContent();
    expect(text).toContain(lang === "zh" ? "服务商“Jietong Repair Ltd.”在 2026-07 没有工单，未写入任何内容。" : "No tickets in 2026-07 for Jietong Repair Ltd.: nothing was written.");
    expect(text).toContain(lang === "zh" ? "有工单的月份：2026-10, 2026-09。" : "Months with tickets: 2026-10, 2026-09.");
    expect(await page.getByTestId("announcer").textContent()).toContain(lang === "zh" ? "未写入任何内容" : "nothing was written");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "message");
    expect((await fakeState(page)).names).toEqual(before);
    expect(await page.getByTestId("results").count()).toBe(0);
    await expectNoAxeViolations(page, `${lang} no-ticket month`);
    await shot(page, `no-tickets-${lang}`, false);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  }, 180_000);
}

for (const lang of ["en", "zh"] as const) {
  it(`${lang}: Setup says which required column is missing, maps one onto it, and only then offers to settle`, async () => {
    const b = copyBook(sample);
    const t = b.sheets.find((s) => s.name === "Tickets")!;
    t.rows[0] = t.rows[0].map((h) => (h === "Reported At" ? "Logged On" : h));
    const page = await openPane(b.sheets, L[lang].display);
    await page.getByTestId("setup-problems").waitFor({ timeout: 60_000 });
    await expect(page.getByTestId("setup-status").textContent()).resolves.toBe(L[lang].attention);
    expect(await page.getByTestId("setup-problems").textContent()).toContain(lang === "zh" ? "“工单”工作表缺少“报修时间”列。" : 'The Tickets sheet has no "Reported At" column.');
    expect(await page.getByRole("button", { name: L[lang].settle, exact: true }).isDisabled()).toBe(true);
    const box = lang === "zh" ? "“Tickets”工作表缺少“报修时间”列 — 哪一列是该字段？" : "The Tickets sheet has no Reported At column — Which column holds it?";
    await page.getByRole("combobox", { name: box }).click();
    await expectNoAxeViolations(page, `${lang} setup missing a column, dropdown open`);
    await shot(page, `setup-missing-${lang}`, false);
    await page.getByRole("option", { name: "Logged On", exact: true }).click();
    // Remembered in the workbook's settings as a header mapping; the workbook reads again, Setup is valid and folds.
    await page.waitForFunction(() => (document.querySelector("[data-testid=setup-status]")?.textContent ?? "") !== "" && !document.querySelector("[data-testid=setup-problems]"), undefined, { timeout: 60_000 });
    await expect(page.getByTestId("setup-status").textContent()).resolves.toBe(L[lang].ready);
    expect((await fakeState(page)).settings.headerMappings).toEqual({ Tickets: { "Logged On": "reported" } });
    await waitForMonth(page, lang, "2026-10");
    expect(await page.getByRole("button", { name: L[lang].settle, exact: true }).isDisabled()).toBe(false);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  }, 120_000);
}

it("a host error offers Retry with what to do; Retry settles", async () => {
  const page = await openPane(sample.sheets, "en-US");
  await waitForMonth(page, "en", "2026-10");
  // The next request to Excel fails as a dropped connection does (GeneralException).
  await page.evaluate(() => void ((window as unknown as { __SLA_FAKE__: { state: { failSyncAt: number } } }).__SLA_FAKE__.state.failSyncAt = 1));
  await settleAndWait(page, "en", "message");
  const text = await page.getByTestId("message").textContent();
  expect(text).toContain("Excel did not complete the request");
  expect(text).toContain("GeneralException");
  expect(await page.getByTestId("announcer").textContent()).toMatch(/^Something went wrong: /);
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "message");
  await expectNoAxeViolations(page, "host error");
  await shot(page, "host-error-en", false);
  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByTestId("results").waitFor({ timeout: 90_000 });
  expect(await page.getByTestId("message").count()).toBe(0);
  await page.close();
}, 180_000);

for (const [platform, lang, menu] of [["PC", "en", "File > Export > Create PDF/XPS Document"], ["Mac", "zh", "文件 > 另存为…"]] as const) {
  it(`Excel on ${platform} (no file downloads in its webview): the report sheet is opened and Excel's own Save as PDF steps are shown (${lang})`, async () => {
    const page = await openPane(sample.sheets, L[lang].display, { platform });
    await waitForMonth(page, lang, "2026-10");
    await settleAndWait(page, lang, "results");
    const card = page.locator(`[data-testid="statement"][data-provider="Huaxiu Service Co."]`);
    await card.getByRole("button", { name: lang === "zh" ? "打开报告工作表并显示步骤" : "Open the report sheet and show the steps" }).click();
    await card.getByTestId("pdf-steps").waitFor();
    const state = await fakeState(page);
    expect(state.activeSheet).toMatch(/^Report 2026-10 Huaxiu/);
    const steps = await card.getByTestId("pdf-steps").textContent();
    expect(steps).toContain(state.activeSheet);
    expect(steps).toContain(menu);
    // No PDF is made in the pane and no blob link offered: it could not be saved there.
    expect(await card.getByRole("link").count()).toBe(0);
    await expectNoAxeViolations(page, `${platform} PDF steps`);
    await shot(page, `pdf-steps-${platform.toLowerCase()}-${lang}`);
    await page.close();
  }, 180_000);
}

it("made no request beyond its own origin", () => {
  expect(offOrigin).toEqual([]);
  // Anything the CSP stopped was an attempt to reach another origin, never our own code's.
  for (const m of cspBlocked) expect(m).toMatch(/telemetry/);
});
