/**
 * End-to-end rows of `npm run bench`: the command as a user runs it (`node bin/sla-ledger.js reconcile …`, a
 * process of its own, its re-run with a sized heap included) on a seeded workbook of N tickets, and beside it, in the
 * same run, LibreOffice headless loading and recalculating the spreadsheet way for the same number of tickets
 * (bench/spreadsheetWay.ts: WORKDAY.INTL / NETWORKDAYS.INTL deadlines, late flags and penalties as formulas).
 * Wall time and peak memory of each come from /usr/bin/time (GNU time: the largest resident set of the process
 * and its children). Inputs are made before anything is timed; the two runs of a size alternate, command first.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const GNU_TIME = "/usr/bin/time";

const ALWAYS_RECALC = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

function tsNode(file, args) {
  const r = spawnSync(process.execPath, ["--max-old-space-size=14336", "-r", "ts-node/register/transpile-only", path.join(root, file), ...args], {
    cwd: root, encoding: "utf8", env: { ...process.env, TZ: "UTC" },
  });
  if (r.status !== 0) throw new Error(`${file} ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
}

/**
 * Runs a command under GNU time: { wallMs, cpuMs (user + system, its children included), peakRssBytes, status,
 * stderr }. CPU time moves less than wall time when other work shares the machine.
 */
function timed(cmd, args, opts = {}) {
  const report = path.join(os.tmpdir(), `sla-bench-time-${process.pid}.txt`);
  const r = spawnSync(GNU_TIME, ["-f", "%e %M %U %S", "-o", report, cmd, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, ...opts });
  const [wall, kb, user, sys] = fs.readFileSync(report, "utf8").trim().split("\n").pop().split(" ").map(Number);
  fs.rmSync(report, { force: true });
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, peakRssBytes: kb * 1024, status: r.status, stderr: r.stderr || "" };
}

function soffice() {
  const r = spawnSync("soffice", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * For each size: the command's figures and LibreOffice's. LibreOffice missing, or GNU time missing: the row says so.
 */
function endToEnd(sizes, log) {
  if (!fs.existsSync(GNU_TIME)) return { error: `${GNU_TIME} not found (GNU time measures wall time and peak memory)` };
  const lo = soffice();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-bench-e2e-"));
  const profile = path.join(dir, "profile");
  fs.mkdirSync(path.join(profile, "user"), { recursive: true });
  fs.writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALC);
  const rows = [];
  try {
    if (lo) {
      // The first start of a profile sets it up (seconds); that is not the recalculation's time.
      tsNode("bench/spreadsheetWay.ts", ["10", path.join(dir, "warm.xlsx")]);
      timed("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", path.join(dir, "lo"), path.join(dir, "warm.xlsx")]);
    }
    for (const n of sizes) {
      const input = path.join(dir, `tickets-${n}.xlsx`);
      const sheet = path.join(dir, `spreadsheet-${n}.xlsx`);
      log(`--- end to end, ${n.toLocaleString("en")} tickets: making the inputs`);
      tsNode("bench/makeInput.ts", [String(n), input]);
      if (lo) tsNode("bench/spreadsheetWay.ts", [String(n), sheet]);
      // How busy the machine was as the row began (1-minute load average): on a shared machine it says how far
      // the row's wall times can be trusted.
      const row = { n, inputBytes: fs.statSync(input).size, load: os.loadavg()[0] };
      const out = path.join(dir, `tickets-${n}.settled.xlsx`);
      const cmd = timed(process.execPath, [path.join(root, "bin", "sla-ledger.js"), "reconcile", input, "--month", "2026-10", "--out", out], { env: { ...process.env, TZ: "UTC" } });
      if (cmd.status === 0 || cmd.status === 1) {
        row.command = { wallMs: cmd.wallMs, cpuMs: cmd.cpuMs, peakRssBytes: cmd.peakRssBytes, outputBytes: fs.statSync(out).size };
        log(`command: ${(cmd.wallMs / 1000).toFixed(2)} s (CPU ${(cmd.cpuMs / 1000).toFixed(2)} s), ${(cmd.peakRssBytes / 2 ** 20).toFixed(0)} MiB, load ${row.load.toFixed(2)}`);
      } else row.command = { error: `exit ${cmd.status}: ${cmd.stderr.split("\n").slice(-3).join(" ")}` };
      fs.rmSync(out, { force: true });
      if (lo) {
        const csv = path.join(dir, "lo");
        const r = timed("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", csv, sheet]);
        const result = path.join(csv, `spreadsheet-${n}.csv`);
        if (r.status === 0 && fs.existsSync(result)) {
          // The recalculated values: every row there, and no formula error among them.
          const text = fs.readFileSync(result, "utf8");
          const lines = text.split("\n").filter(Boolean).length;
          const errors = (text.match(/Err:\d+|#NAME\?|#VALUE!|#REF!|#N\/A/g) || []).length;
          row.libreoffice = { wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssBytes: r.peakRssBytes, rows: lines - 1, formulaErrors: errors };
          log(`LibreOffice: ${(r.wallMs / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${lines - 1} rows, ${errors} errors`);
          fs.rmSync(result, { force: true });
        } else row.libreoffice = { error: `exit ${r.status}: ${r.stderr.split("\n").slice(-3).join(" ")}` };
      } else row.libreoffice = { error: "soffice not found" };
      fs.rmSync(input, { force: true });
      fs.rmSync(sheet, { force: true });
      rows.push(row);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { libreoffice: lo, rows };
}

module.exports = { endToEnd };
