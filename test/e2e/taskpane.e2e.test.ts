/**
 * Issue 8 end to end: the production task pane (dist/, built by `npm test` before jest) in headless Chromium with
 * the fake Excel host injected in place of Office. Creates templates in an empty book; settles October 2026 on the
 * sample workbook and checks the totals shown against the engine; Go to cell; no request leaves 127.0.0.1.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, existsSync } from "fs";
import http from "http";
import type { AddressInfo } from "net";
import { tmpdir } from "os";
import path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import webpack from "webpack";
import { settleMonth } from "../../src/engine";
import { formatMoney, groupThousands } from "../../src/engine/core/money";
import { readXlsx } from "../../src/xlsx";

const root = path.resolve(__dirname, "../..");
const dist = path.join(root, "dist");
const out = mkdtempSync(path.join(tmpdir(), "sla-e2e-"));
let server: http.Server;
let browser: Browser | undefined;
let base = "";
const offOrigin: string[] = [];
const cspBlocked: string[] = [];

function bundleFakeHost(): Promise<void> {
  const compiler = webpack({
    mode: "development", devtool: false, context: root,
    entry: { fakeHost: path.join(__dirname, "fakeHost.ts") },
    output: { path: out, filename: "[name].js" },
    resolve: { extensions: [".ts", ".js"] },
    module: { rules: [{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true, configFile: path.join(root, "tsconfig.json") } }] },
    infrastructureLogging: { level: "error" },
  });
  return new Promise((resolve, reject) => compiler.run((err, stats) => {
    compiler.close(() => undefined);
    if (err || !stats || stats.hasErrors()) reject(err ?? new Error(stats?.toString("errors-only")));
    else resolve();
  }));
}

beforeAll(async () => {
  expect(existsSync(path.join(dist, "taskpane.html"))).toBe(true); // npm test builds dist/; else `npm run build`
  await bundleFakeHost();
  server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "/").split("?")[0]);
    const file = path.join(dist, path.normalize(url).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(dist) || !existsSync(file) || url.endsWith("/")) {
      res.writeHead(404);
      res.end();
      return;
    }
    const type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
    res.writeHead(200, { "content-type": type });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openPane(sheets: unknown, displayLanguage = "en-US"): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 320, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    // Office.js, loaded outside Office, tries to frame Microsoft's telemetry service; the page's CSP blocks it.
    // That is the privacy rule working (SPEC §1.5), recorded apart from real errors.
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
  await page.addInitScript({ content: `window.__SLA_BOOK__ = ${JSON.stringify({ sheets, displayLanguage })};` });
  await page.addInitScript({ content: readFileSync(path.join(out, "fakeHost.js"), "utf8") });
  await page.goto(`${base}/taskpane.html`);
  return page;
}

it("an empty workbook: Create template sheets writes the input sheets", async () => {
  const page = await openPane([{ name: "Sheet1", rows: [] }]);
  await page.getByRole("button", { name: "Create template sheets" }).click();
  await page.getByText("Template sheets created").waitFor();
  const names = await page.evaluate(() => (window as unknown as { __SLA_FAKE__: { state: { sheets: { name: string }[] } } }).__SLA_FAKE__.state.sheets.map((s) => s.name));
  expect(names).toEqual(expect.arrayContaining(["Sheet1", "Tickets", "Events", "Agreement", "SLA", "Calendar"]));
  // The pane re-reads the book and now offers to settle.
  await page.getByRole("button", { name: "Settle" }).waitFor();
  expect((page as unknown as { errors: string[] }).errors).toEqual([]);
  await page.close();
}, 60_000);

it("the sample workbook: settles October 2026, shows the engine's totals, writes outputs, leaves inputs alone; Go to cell", async () => {
  const book = await readXlsx(path.join(root, "examples", "sample.xlsx"));
  const expected = settleMonth(book, { month: "2026-10", lang: "en" });
  const page = await openPane(book.sheets);
  const month = page.getByRole("textbox", { name: "Month (YYYY-MM)" });
  await month.waitFor();
  // The default month arrives once the engine worker has read the structure.
  await page.waitForFunction(() => (document.querySelector("input[aria-label='Month (YYYY-MM)']") as HTMLInputElement | null)?.value === "2026-10", undefined, { timeout: 30_000 });
  expect(await month.inputValue()).toBe("2026-10");
  const inputsBefore = await page.evaluate(() => JSON.stringify((window as unknown as { __SLA_FAKE__: { state: { sheets: { values: unknown }[] } } }).__SLA_FAKE__.state.sheets.map((s) => s.values)));
  await page.getByRole("button", { name: "Settle" }).click();
  await page.getByTestId("results").waitFor({ timeout: 60_000 });
  // The engine ran in the Web Worker, not on the pane's thread.
  expect(await page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("/engine-worker.js")))).toBe(true);

  for (const s of expected.statements) {
    const card = page.locator(`[data-testid="statement"][data-provider="${s.provider}"]`);
    const net = groupThousands(formatMoney(s.netPayable, 2));
    expect(await card.getByTestId("netPayable").textContent()).toBe(net);
    const fees = groupThousands(formatMoney(s.fees, 2));
    expect(await card.getByTestId("fees").textContent()).toBe(fees);
  }
  // Export: the report is settled and built in the worker, the PDF drawn in the pane, offered as a Download link.
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

  await page.screenshot({ path: path.join(out, "results-320-en.png"), fullPage: true });
  process.stderr.write(`e2e screenshot: ${path.join(out, "results-320-en.png")}\n`);

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

  // Go to cell: open the first group of issues and jump to its first cell.
  const first = expected.issues.find((i) => i.sheet && i.cell)!;
  await page.locator("summary", { hasText: first.sheet }).first().click();
  await page.getByRole("button", { name: `Go to cell ${first.sheet}!${first.cell}` }).click();
  await page.waitForFunction((want) => (window as unknown as { __SLA_FAKE__: { state: { selection: string } } }).__SLA_FAKE__.state.selection === want, `${first.sheet}!${first.cell}`);
  expect((page as unknown as { errors: string[] }).errors).toEqual([]);
  await page.close();
}, 120_000);

it("in Chinese: the pane follows Office's display language", async () => {
  const book = await readXlsx(path.join(root, "examples", "sample.xlsx"));
  const page = await openPane(book.sheets, "zh-CN");
  await page.getByRole("button", { name: "结算", exact: true }).waitFor();
  await page.waitForFunction(() => (document.querySelector("input[aria-label='月份（YYYY-MM）']") as HTMLInputElement | null)?.value === "2026-10", undefined, { timeout: 30_000 });
  await page.getByRole("button", { name: "结算", exact: true }).click();
  await page.getByTestId("results").waitFor({ timeout: 60_000 });
  expect(await page.getByText("应付净额").first().isVisible()).toBe(true);
  await page.screenshot({ path: path.join(out, "results-320-zh.png"), fullPage: true });
  process.stderr.write(`e2e screenshot: ${path.join(out, "results-320-zh.png")}\n`);
  expect((page as unknown as { errors: string[] }).errors).toEqual([]);
  await page.close();
}, 120_000);

it("made no request beyond its own origin", () => {
  expect(offOrigin).toEqual([]);
  // Anything the CSP stopped was an attempt to reach another origin, never our own code's.
  for (const m of cspBlocked) expect(m).toMatch(/telemetry/);
});
