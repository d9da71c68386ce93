/**
 * What the browser end-to-end tests share: an injected host bundled for the page (webpack, ts-loader), dist/ served
 * on an ephemeral 127.0.0.1 port, and Debian's headless Chromium driven by playwright-core (never a downloaded
 * browser). Each test file owns its pages and its injected host.
 */
import { existsSync, readFileSync } from "fs";
import http from "http";
import type { AddressInfo } from "net";
import path from "path";
import { chromium, type Browser } from "playwright-core";
import webpack from "webpack";

export const root = path.resolve(__dirname, "../..");
export const dist = path.join(root, "dist");

/** Bundles `entry` (a file beside this one) for the browser into `outDir` as `<name>.js`. */
export function bundleForPage(name: string, entry: string, outDir: string): Promise<void> {
  const compiler = webpack({
    mode: "development", devtool: false, context: root,
    entry: { [name]: path.join(__dirname, entry) },
    output: { path: outDir, filename: "[name].js" },
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

/** Serves the files of dist/ (and any `extra` page by its path) until close(); `base` is its origin. */
export async function serveDist(extra: Record<string, string> = {}): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? "/").split("?")[0]);
    if (url in extra) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(extra[url]);
      return;
    }
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
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
