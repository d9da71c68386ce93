/**
 * The built SLA.* functions (dist/functions.js, as the production build makes it) in headless Chromium: loaded with
 * a minimal custom-functions runtime and a fake workbook (functionsShim.ts), they register all five ids and give
 * the same values and errors as the functions computed in Node.
 */
import { mkdtempSync, readFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { noAgreement, slaDue, slaElapsed, slaLateBy, slaWorkday, slaIsWorkday } from "../../src/functions/slaFunctions";
import type { FakeBook } from "../functions/fakeWorkbook";
import { bundleForPage, dist, launchChromium, serveDist } from "./harness";

const out = mkdtempSync(path.join(tmpdir(), "sla-functions-e2e-"));
let server: Awaited<ReturnType<typeof serveDist>> | undefined;
let browser: Browser | undefined;
let base = "";


const HARNESS = `<!doctype html><html><head><meta charset="utf-8"><script src="functions.js"></script></head><body></body></html>`;

beforeAll(async () => {
  expect(existsSync(path.join(dist, "functions.js"))).toBe(true); // npm test builds dist/; else `npm run build`
  await bundleForPage("functionsShim", "functionsShim.ts", out);
  server = await serveDist({ "/harness.html": HARNESS });
  base = server.base;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(book: FakeBook, displayLanguage = "en-US"): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.route("**/*", (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  await page.addInitScript({ content: `window.__SLA_FUNCTIONS_BOOK__ = ${JSON.stringify({ ...book, displayLanguage })};` });
  await page.addInitScript({ content: readFileSync(path.join(out, "functionsShim.js"), "utf8") });
  await page.goto(`${base}/harness.html`);
  return { page, errors };
}

const call = (page: Page, id: string, args: unknown[]) =>
  page.evaluate(([i, a]) => (window as unknown as { __SLA_CALL__: (id: string, args: unknown[]) => Promise<unknown> }).__SLA_CALL__(i as string, a as unknown[]), [id, args] as const);

const serial = (ms: number, date1904 = false) => ms / 86_400_000 + 25569 - (date1904 ? 1462 : 0);
const sep30 = serial(Date.UTC(2026, 8, 30, 16));
const oct9 = serial(Date.UTC(2026, 9, 9, 11, 15));

it("registers the five functions and computes what Node computes (no Agreement sheet: CN)", async () => {
  const { page, errors } = await open({ date1904: false, sheets: [{ name: "Sheet1", rows: [] }] });
  const ids = await page.evaluate(() => Object.keys((window as unknown as { __SLA_FUNCTIONS__: object }).__SLA_FUNCTIONS__).sort());
  expect(ids).toEqual(["DUE", "ELAPSED", "ISWORKDAY", "LATEBY", "WORKDAY"]);
  const book = noAgreement("1900");
  const hours = "09:00-12:00, 13:00-18:00";
  expect(await call(page, "DUE", [sep30, 24, "working hours", "CN", hours])).toEqual({ value: slaDue(book, "en", sep30, 24, "working hours", "CN", hours) });
  expect(await call(page, "DUE", [sep30, 24, "working hours", "CN", hours])).toEqual({ value: serial(Date.UTC(2026, 9, 10, 16)) });
  expect(await call(page, "DUE", [sep30, 3, "wd", null, null])).toEqual({ value: slaDue(book, "en", sep30, 3, "wd") });
  expect(await call(page, "ELAPSED", [sep30, oct9, "working hours", null, null])).toEqual({ value: slaElapsed(book, "en", sep30, oct9, "working hours") });
  expect(await call(page, "LATEBY", [sep30, oct9, 8, "wh", null, null])).toEqual({ value: slaLateBy(book, "en", sep30, oct9, 8, "wh") });
  expect(await call(page, "WORKDAY", [sep30, 1, null])).toEqual({ value: slaWorkday(book, "en", sep30, 1) });
  expect(await call(page, "WORKDAY", [sep30, 1, null])).toEqual({ value: serial(Date.UTC(2026, 9, 8)) });
  expect(await call(page, "ISWORKDAY", [serial(Date.UTC(2026, 9, 10)), null])).toEqual({ value: slaIsWorkday(book, "en", serial(Date.UTC(2026, 9, 10))) });
  expect(await call(page, "ISWORKDAY", [serial(Date.UTC(2026, 9, 10)), null])).toEqual({ value: true });
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);

it("errors are Excel error values with a message, in Office's language", async () => {
  const { page, errors } = await open({ date1904: false, sheets: [] }, "zh-CN");
  expect(await call(page, "DUE", [sep30, 3, "weeks", null, null])).toEqual({ error: "#VALUE!", message: expect.stringContaining("单位“weeks”无法识别") });
  expect(await call(page, "WORKDAY", [serial(Date.UTC(2026, 11, 30)), 5, null])).toEqual({ error: "#NUM!", message: expect.stringContaining("没有 2027-01-01 的数据") });
  await page.close();
  const en = await open({ date1904: false, sheets: [] }, "en-US");
  expect(await call(en.page, "ISWORKDAY", [sep30, "Moon"])).toEqual({ error: "#VALUE!", message: expect.stringContaining('calendar "Moon" is not known') });
  expect([...errors, ...en.errors]).toEqual([]);
  await en.page.close();
}, 60_000);

it("reads the workbook: a 1904 date system and the Agreement's Mon-Fri calendar", async () => {
  const { page, errors } = await open({
    date1904: true,
    sheets: [{ name: "协议", rows: [["工作日历", "Mon-Fri"], ["工作时间", "09:00-17:00"]] }],
  });
  const oct1 = serial(Date.UTC(2026, 9, 1), true);
  expect(await call(page, "ISWORKDAY", [oct1, null])).toEqual({ value: true });
  expect(await call(page, "ISWORKDAY", [oct1, "CN"])).toEqual({ value: false });
  // Thu 10-01 16:00 + 2 working hours on Mon-Fri 09:00-17:00: 1 h on Thu, 1 h on Fri → Fri 10:00, as a 1904 serial.
  expect(await call(page, "DUE", [oct1 + 16 / 24, 2, "working hours", null, null])).toEqual({ value: serial(Date.UTC(2026, 9, 2, 10), true) });
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
