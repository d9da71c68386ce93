/**
 * Privacy: the CLI settles and writes the PDF report with every network API stubbed to fail; the
 * add-in bundle holds no telemetry or beacon code and its page allows connections only to its own origin
 * (the browser end-to-end test also fails every non-local request).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-nonet-"));
const preload = path.join(__dirname, "no-network-preload.js");
const cli = (args: string[]) =>
  spawnSync(process.execPath, ["-r", preload, path.join(root, "bin", "sla-ledger.js"), ...args], { encoding: "utf8" });

it("the preload really blocks the network (the check can fail)", () => {
  const r = spawnSync(process.execPath, ["-r", preload, "-e", "require('https').get('https://example.com')"], { encoding: "utf8" });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("NETWORK CALL BLOCKED: https.get");
});

it("reconcile and report run with the network blocked", () => {
  const book = path.join(root, "examples", "sample.xlsx");
  const out = path.join(dir, "out.xlsx");
  const r = cli(["reconcile", book, "--month", "2026-10", "--out", out]);
  expect(r.stderr).not.toContain("NETWORK CALL BLOCKED");
  expect([0, 1]).toContain(r.status);
  expect(fs.existsSync(out)).toBe(true);
  const pdf = path.join(dir, "report.pdf");
  const p = cli(["report", book, "--month", "2026-10", "--provider", "Huaxiu Service Co.", "--pdf", pdf]);
  expect(p.stderr).not.toContain("NETWORK CALL BLOCKED");
  expect(p.status).toBe(0);
  expect(fs.statSync(pdf).size).toBeGreaterThan(10000);
}, 120_000);

it("the add-in bundle carries no telemetry or beacon code", () => {
  const dist = path.join(root, "dist");
  const ours = fs.readdirSync(dist).filter((f) => f.endsWith(".js"));
  expect(ours.length).toBeGreaterThan(0); // npm test builds dist/ first
  for (const f of ours) {
    const js = fs.readFileSync(path.join(dist, f), "utf8");
    expect(js).not.toMatch(/sendBeacon|applicationinsights|google-analytics|googletagmanager|segment\.io|sentry\.io|mixpanel/i);
  }
});
