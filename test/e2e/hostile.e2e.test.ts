/**
 * The production task pane (dist/, built by `npm test` or `npm run build`) in headless Chromium over the strict
 * fake Excel host, with workbooks as users have them: a Tickets sheet that starts at B3, a protected workbook, a
 * 1904 workbook, and a cell being edited while the run goes on. No request leaves 127.0.0.1 (Office.js, from
 * Microsoft's CDN in Excel, is not fetched when a host is injected).
 */
import { mkdtempSync, readFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { settleMonth } from "../../src/engine";
import type { Cell, WorkbookData } from "../../src/engine/core/cells";
import { formatMoney, groupThousands } from "../../src/engine/core/money";
import { readXlsx } from "../../src/xlsx";
import { bundleForPage, dist, launchChromium, root, serveDist } from "./harness";

const out = mkdtempSync(path.join(tmpdir(), "sla-e2e-hostile-"));
let server: Awaited<ReturnType<typeof serveDist>> | undefined;
let browser: Browser | undefined;
let base = "";
const offOrigin: string[] = [];


beforeAll(async () => {
  expect(existsSync(path.join(dist, "taskpane.html"))).toBe(true); // npm test builds dist/; else `npm run build`
  await bundleForPage("hostileHost", "hostileHost.ts", out);
  server = await serveDist();
  base = server.base;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Book {
  sheets: { name: string; rows: Cell[][]; numberFormats?: Record<string, string>; tables?: { name: string; address: string; showTotals?: boolean }[] }[];
  displayLanguage?: string;
  workbookProtected?: boolean;
  date1904?: boolean;
}

async function openPane(book: Book): Promise<Page & { errors: string[] }> {
  const page = (await browser!.newPage({ viewport: { width: 320, height: 900 } })) as Page & { errors: string[] };
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(`console: ${m.text()}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    offOrigin.push(url);
    return route.abort();
  });
  await page.addInitScript({ content: `window.__SLA_BOOK__ = ${JSON.stringify({ displayLanguage: "en-US", ...book })};` });
  await page.addInitScript({ content: readFileSync(path.join(out, "hostileHost.js"), "utf8") });
  await page.goto(`${base}/taskpane.html`);
  // The month picker offers the months in the data once the engine worker has read them; 2026-10 comes first.
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=month]")].some((e) => (e.textContent ?? "").startsWith("2026-10")), undefined, { timeout: 60_000 });
  return page;
}

const fakeState = <T>(page: Page, pick: string): Promise<T> =>
  page.evaluate((p) => new Function("f", `return ${p};`)((window as unknown as { __SLA_FAKE__: unknown }).__SLA_FAKE__), pick) as Promise<T>;

/** The statements' net payable and fees as the pane shows them, by provider. */
async function shownTotals(page: Page, wb: WorkbookData): Promise<{ shown: string[]; expected: string[] }> {
  const run = settleMonth(wb, { month: "2026-10", lang: "en" });
  const shown: string[] = [];
  const expected: string[] = [];
  for (const s of run.statements) {
    const card = page.locator(`[data-testid="statement"][data-provider="${s.provider}"]`);
    shown.push(`${await card.getByTestId("netPayable").textContent()} ${await card.getByTestId("fees").textContent()}`);
    expected.push(`${groupThousands(formatMoney(s.netPayable, 2))} ${groupThousands(formatMoney(s.fees, 2))}`);
  }
  return { shown, expected };
}

let sample: WorkbookData;
beforeAll(async () => {
  sample = await readXlsx(path.join(root, "examples", "sample.xlsx"));
});

it("a Tickets sheet whose header is at B3: settles the same totals, and issues name the cells where they are", async () => {
  const moved = sample.sheets.map((s) => (s.name === "Tickets"
    ? { name: s.name, rows: [[], [], ...s.rows.map((r, i) => [null, ...(i === 3 ? r.map((v, c) => (c === 6 ? "not a date" : v)) : r)])] }
    : s));
  const page = await openPane({ sheets: moved });
  await page.getByRole("button", { name: "Settle", exact: true }).click();
  await page.getByTestId("results").waitFor({ timeout: 90_000 });
  const atA1 = { sheets: sample.sheets.map((s) => (s.name === "Tickets" ? { ...s, rows: s.rows.map((r, i) => (i === 3 ? r.map((v, c) => (c === 6 ? "not a date" : v)) : r)) } : s)) };
  const { shown, expected } = await shownTotals(page, atA1);
  expect(shown).toEqual(expected);
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await page.getByRole("button", { name: "Go to cell Tickets!H6" }).first().click();
  await page.waitForFunction(() => (window as unknown as { __SLA_FAKE__: { state: { selection: string } } }).__SLA_FAKE__.state.selection === "Tickets!H6");
  expect(page.errors).toEqual([]);
  await page.close();
}, 180_000);

it("a protected workbook: a clear message, every input intact, no sheet added", async () => {
  const page = await openPane({ sheets: sample.sheets, workbookProtected: true });
  const before = await fakeState<string>(page, "JSON.stringify(f.state.sheets.map((s) => [s.name, s.values]))");
  await page.getByRole("button", { name: "Settle", exact: true }).click();
  const alert = page.getByText(/protected/);
  await alert.first().waitFor({ timeout: 90_000 });
  const text = (await alert.first().textContent()) ?? "";
  expect(text).toMatch(/Unprotect/);
  expect(text).toMatch(/unchanged/);
  expect(await fakeState<string>(page, "JSON.stringify(f.state.sheets.map((s) => [s.name, s.values]))")).toBe(before);
  await page.close();
}, 180_000);

it("a 1904 workbook: the same totals as the 1900 book, and written dates show the same dates", async () => {
  const DATE_COLUMNS: Record<string, number[]> = { Tickets: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14], Events: [2], Statements: [4, 5, 6], Payments: [1] };
  const sheets = sample.sheets.map((s) => {
    const numberFormats: Record<string, string> = {};
    const rows = s.rows.map((r, i) => r.map((v, c) => {
      if (i === 0 || typeof v !== "number" || !DATE_COLUMNS[s.name]?.includes(c)) return v;
      numberFormats[`${i},${c}`] = "yyyy-mm-dd hh:mm";
      return v - 1462;
    }));
    return { name: s.name, rows, numberFormats };
  });
  const page = await openPane({ sheets, date1904: true });
  await page.getByRole("button", { name: "Settle", exact: true }).click();
  await page.getByTestId("results").waitFor({ timeout: 90_000 });
  const { shown, expected } = await shownTotals(page, sample);
  expect(shown).toEqual(expected);
  const run = settleMonth(sample, { month: "2026-10", lang: "en" });
  const findings = run.sheets[0];
  const col = findings.columns.findIndex((c) => /yy/.test(c.numberFormat ?? ""));
  const row = findings.rows.findIndex((r, i) => i > 0 && typeof r[col] === "number");
  const written = await fakeState<number>(page, `f.state.sheets.find((s) => s.name === ${JSON.stringify(findings.name)}).values[${row}][${col}]`);
  expect(written).toBeCloseTo((findings.rows[row][col] as number) - 1462, 9);
  expect(page.errors).toEqual([]);
  await page.close();
}, 180_000);

it("a cell being edited during the run: the run waits for the edit to end, then finishes", async () => {
  const page = await openPane({ sheets: sample.sheets });
  await page.evaluate(() => {
    const w = window as unknown as { __SLA_EDIT_CELL__: () => () => void; __SLA_EDIT_ENDED__: boolean };
    const end = w.__SLA_EDIT_CELL__();
    w.__SLA_EDIT_ENDED__ = false;
    setTimeout(() => ((w.__SLA_EDIT_ENDED__ = true), end()), 1500);
  });
  await page.getByRole("button", { name: "Settle", exact: true }).click();
  await page.getByTestId("results").waitFor({ timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { __SLA_EDIT_ENDED__: boolean }).__SLA_EDIT_ENDED__)).toBe(true);
  const { shown, expected } = await shownTotals(page, sample);
  expect(shown).toEqual(expected);
  expect(page.errors).toEqual([]);
  await page.close();
}, 180_000);

it("made no request beyond its own origin", () => {
  expect(offOrigin).toEqual([]);
});
