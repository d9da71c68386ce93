/**
 * The task pane's PDF path for real: src/pdf/browser.ts bundled by webpack (pdfkit's browser build, ES module
 * output so the dynamic import becomes its own chunk), run in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core), font fetched from the page's own origin. Checks that pdfkit and the font are NOT loaded with
 * the page, only on export, and that the PDF bytes made in the browser hold the right Chinese text and figures.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import http from "http";
import type { AddressInfo } from "net";
import { tmpdir } from "os";
import path from "path";
import { chromium, type Browser } from "playwright-core";
import webpack from "webpack";
import { REPORT_BOLD_FONT_URL, REPORT_FONT_URL } from "../../src/pdf/browser";
import { NOTO_SANS_SC_BOLD, NOTO_SANS_SC_REGULAR } from "../../src/pdf";

const root = path.resolve(__dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const out = mkdtempSync(path.join(tmpdir(), "sla-pdf-browser-"));

function bundle(): Promise<webpack.Stats> {
  const compiler = webpack({
    mode: "development",
    devtool: false,
    context: root,
    entry: { main: path.join(__dirname, "browser", "entry.ts") },
    output: { path: out, filename: "[name].js", chunkFilename: "[name].chunk.js", publicPath: "/" },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [{
        test: /\.ts$/,
        loader: "ts-loader",
        options: { transpileOnly: true, configFile: path.join(root, "tsconfig.json"), compilerOptions: { module: "esnext", sourceMap: false } },
      }],
    },
    performance: { hints: false },
    infrastructureLogging: { level: "error" },
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) reject(err);
      else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString("errors-only")));
      else resolve(stats);
    }),
  );
}

let server: http.Server;
let browser: Browser | undefined;
let base = "";

beforeAll(async () => {
  await bundle();
  const font = require.resolve(NOTO_SANS_SC_REGULAR);
  const bold = require.resolve(NOTO_SANS_SC_BOLD);
  server = http.createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    if (url === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end('<!doctype html><meta charset="utf-8"><script src="/main.js"></script>');
      return;
    }
    const file = url === `/${REPORT_FONT_URL}` ? font : url === `/${REPORT_BOLD_FONT_URL}` ? bold : path.join(out, path.basename(url));
    if (!existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(out, { recursive: true, force: true });
});

it("renders the report PDF in Chromium, loading pdfkit and the font only on export", async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const loaded = (): Promise<string[]> => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  const before = await loaded();
  expect(before.some((n) => n.includes("pdfkit"))).toBe(false);
  expect(before.some((n) => n.endsWith(".ttf"))).toBe(false);
  // The main bundle stays light: pdfkit, fontkit and friends (pdfkit and fontkit alone about 800 KB) live in the lazy chunk(s); the
  // engine and the report model alone are about 400 KB.
  expect(readFileSync(path.join(out, "main.js")).length).toBeLessThan(500_000);

  const base64 = await page.evaluate(() => (window as unknown as { renderReport: (l: string) => Promise<string> }).renderReport("zh"));
  const after = await loaded();
  expect(after.some((n) => n.includes("pdfkit"))).toBe(true);
  expect(after.some((n) => n.endsWith(REPORT_FONT_URL))).toBe(true);
  expect(errors).toEqual([]);

  const file = path.join(out, "browser-zh.pdf");
  writeFileSync(file, Buffer.from(base64, "base64"));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  for (const s of ["服务结算单", "华东维修服务有限公司", "应付服务商净额", "12,485.23", "2026-11-09 24:00", "2026年11月9日（周一）24:00 前"]) expect(text).toContain(s);
  // The dispute deadline is the end of Mon 11-09, as people read it: never "2026-11-10 00:00", a day later.
  expect(text).not.toContain("2026-11-10 00:00");
  const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).trim().split("\n").slice(2);
  // Both weights, embedded as subsets: headings and totals are bold in the pane's PDF as in the CLI's.
  for (const line of fonts) expect(line).toMatch(/NotoSansSC-(Regular|Bold)\s.*\syes\s+yes\s+yes\s/);
  expect(fonts.some((l) => l.includes("NotoSansSC-Bold"))).toBe(true);
  expect(fonts.some((l) => l.includes("NotoSansSC-Regular"))).toBe(true);
  expect(after.some((n) => n.endsWith(REPORT_BOLD_FONT_URL))).toBe(true);
  await page.close();
}, 60_000);
