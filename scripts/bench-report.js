/**
 * Renders the benchmark figures (scripts/bench.js) as a console table and as docs/PERFORMANCE.md.
 * Figures only — nothing here judges them; the text around them says how to reproduce.
 */
"use strict";

const fmt = (x, digits = 0) =>
  x === undefined || x === null || Number.isNaN(x) ? "—" : Number(x).toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const secs = (ms) => (ms === undefined || ms === null ? "—" : `${fmt(ms / 1000, 2)} s`);
const mib = (bytes) => (bytes === undefined || bytes === null ? "—" : `${fmt(bytes / 2 ** 20)} MiB`);

function rowsFor(results) {
  const header = [
    "tickets", "findings", "engine", "read", "clocks", "money", "sheets", "tickets/s", "peak RSS", "input RSS", "engine's own",
    "xlsx read", "xlsx write", "Excel syncs", "largest payload",
  ];
  const rows = results.map((r) =>
    r.error
      ? [fmt(r.n), `failed: ${r.error}`]
      : [
          fmt(r.n), fmt(r.findings), secs(r.engineMs), secs(r.stages.reading), secs(r.stages.checking), secs(r.stages.money),
          secs(r.stages.sheets), fmt(r.n / (r.engineMs / 1000)), mib(r.peakRssBytes), mib(r.inputRssBytes),
          r.inputRssBytes ? mib(r.peakRssBytes - r.inputRssBytes) : "—",
          r.xlsx ? `${secs(r.xlsx.readMs)} (${mib(r.xlsx.inputBytes)})` : r.xlsxSkipped || "—",
          r.xlsx ? `${secs(r.xlsx.writeMs)} (${mib(r.xlsx.outputBytes)})` : "—",
          r.excel ? fmt(r.excel.syncs) : r.excelSkipped || "—", r.excel ? mib(r.excel.largestPayloadBytes) : "—",
        ],
  );
  return { header, rows };
}

const E2E_START = "<!-- end-to-end: rewritten by npm run bench (and by npm run bench -- --e2e-only) -->";
const E2E_END = "<!-- end-to-end ends -->";

/** The command against LibreOffice per size (scripts/bench-e2e.js): a console table and a markdown section. */
function renderEndToEnd(e2e) {
  const header = ["tickets", "load", "command", "CPU", "peak", "LibreOffice", "CPU", "peak", "command / LibreOffice", "input", "output"];
  const rows = e2e.error
    ? []
    : e2e.rows.map((r) => {
        const c = r.command || {};
        const l = r.libreoffice || {};
        return [
          fmt(r.n),
          r.load === undefined ? "—" : fmt(r.load, 2),
          c.error ? `failed: ${c.error}` : secs(c.wallMs),
          c.error || c.cpuMs === undefined ? "" : secs(c.cpuMs),
          c.error ? "" : mib(c.peakRssBytes),
          l.error ? l.error : secs(l.wallMs) + (l.formulaErrors ? ` (${fmt(l.formulaErrors)} formula errors)` : ""),
          l.error || l.cpuMs === undefined ? "" : secs(l.cpuMs),
          l.error ? "" : mib(l.peakRssBytes),
          c.wallMs && l.wallMs ? `${fmt(c.wallMs / l.wallMs, 2)} (1 : ${fmt(l.wallMs / c.wallMs, 1)})` : "—",
          `${fmt(r.inputBytes / 2 ** 20, 1)} MiB`,
          c.outputBytes ? `${fmt(c.outputBytes / 2 ** 20, 1)} MiB` : "—",
        ];
      });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => cells.map((c, i) => String(c ?? "").padStart(widths[i])).join("  ");
  const table = e2e.error ? `end to end: ${e2e.error}` : ["end to end:", line(header), ...rows.map(line)].join("\n");
  const markdown = [
    E2E_START,
    "## End to end: the command against the spreadsheet way",
    "",
    "What a user waits for: `sla-ledger reconcile book.xlsx --month 2026-10` as a process of its own (reading the",
    ".xlsx, settling, writing the copy with the output and report sheets; its re-run with a sized heap included), on",
    "the seeded workbook of each size (bench/makeInput.ts). Beside it, in the same run, LibreOffice headless",
    `(${e2e.libreoffice || "not installed"}) loading and recalculating the spreadsheet way for the same number of`,
    "tickets (bench/spreadsheetWay.ts: response and repair deadlines as WORKDAY.INTL / NETWORKDAYS.INTL formulas,",
    "late flags and penalties, a summary of totals) and writing its values out as CSV. Wall time and peak resident",
    "memory from GNU time, one run each, the command first; CPU is user + system time of the process and its",
    "children (LibreOffice's CPU can pass its wall time: it calculates on both cores). *load* is the machine's",
    "1-minute load average as the row began. The machine is shared: wall times move by tens of percent from run to",
    "run, more when other work is running (a load above 1 on 2 cores); compare figures of the same run.",
    "",
    ...(e2e.error
      ? [`Not measured: ${e2e.error}`]
      : [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)]),
    "",
    E2E_END,
  ].join("\n");
  return { table, markdown };
}

/** PERFORMANCE.md with its end-to-end section replaced (or added before the known limits). */
function replaceEndToEnd(doc, section, machine) {
  const start = doc.indexOf(E2E_START);
  const end = doc.indexOf(E2E_END);
  const stamped = section.replace("## End to end: the command against the spreadsheet way\n", `## End to end: the command against the spreadsheet way\n\n(${machine.cpu}, ${machine.cores} cores, Node ${machine.node}.)\n`);
  if (start >= 0 && end > start) return doc.slice(0, start) + stamped + doc.slice(end + E2E_END.length);
  const limits = doc.indexOf("## Known limits");
  return limits >= 0 ? `${doc.slice(0, limits)}${stamped}\n\n${doc.slice(limits)}` : `${doc}\n${stamped}\n`;
}

function renderReport({ results, alternatives, e2e, quick, machine, knownLimits }) {
  const { header, rows } = rowsFor(results);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => cells.map((c, i) => String(c ?? "").padStart(widths[i])).join("  ");
  const alt = alternatives && !alternatives.error ? alternatives : null;
  const altLines = alt
    ? alt.lines.map((l) => `${l.name}: ${l.text}`)
    : [`alternatives failed: ${alternatives && alternatives.error}`];
  const endToEnd = e2e ? renderEndToEnd(e2e) : null;
  const table = [line(header), ...rows.map(line), "", ...altLines, ...(endToEnd ? ["", endToEnd.table] : [])].join("\n");

  const md = [
    "# Performance",
    "",
    "Generated by `npm run bench` (this file is rewritten by each full run; `npm run bench -- --quick` prints a",
    "smaller table and leaves it alone). Nothing here is asserted by tests: figures are for people.",
    "",
    "## Machine",
    "",
    `- ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}`,
    "",
    "## The engine and the hosts, per size",
    "",
    "Seeded synthetic workbooks (bench/synthetic.ts): two providers, six clauses (hours and working days),",
    "10% of tickets with a pause in the Events sheet, dates in four shapes (Excel serials and three text forms),",
    "October 2026 on the CN calendar. *engine* = read + clocks and findings + money + output sheets (`settleMonth`,",
    "then every output row built once, in 10,000-row blocks, as a host asks for them); *sheets* includes those rows.",
    "*peak RSS* is the whole process's; *input RSS* the process after generating the workbook (the cells a file",
    "reader or Excel hands over); *engine's own* the difference — what settling the month adds. *xlsx read* is the",
    "input .xlsx (size in brackets) into cells; *xlsx write* the copy with the output sheets (its size in brackets).",
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${header.map((_, i) => r[i] ?? "").join(" | ")} |`),
    "",
    "The engine's columns are the faster of two runs per size, each in its own process (the peak memory too, of the",
    "same run); the two engine times were:",
    "",
    ...results.filter((r) => r.engineRunsMs).map((r) => `- ${fmt(r.n)} tickets: ${r.engineRunsMs.map(secs).join(" and ")}`),
    "",
    "Output sheets per size (a month past Excel's 1,048,576 rows continues on `part 2`, `part 3`, …):",
    "",
    ...results.filter((r) => r.outputSheets).map((r) => `- ${fmt(r.n)} tickets: ${r.outputSheets.join(", ")}`),
    "",
    "## Against the alternatives",
    "",
    ...altLines.map((l) => `- ${l}`),
    "",
    ...(endToEnd ? [endToEnd.markdown, ""] : []),
    "## Known limits (read with the figures)",
    "",
    // Written by people from profiles and measurements, not by this script: carried over from the file as it is.
    knownLimits || "- None written yet.",
    "",
    "## Reproduce",
    "",
    "```sh",
    "npm ci",
    "npm run bench            # full run, rewrites this file",
    "npm run bench -- --quick # a minute or so",
    "npm run bench -- --e2e-only # the end-to-end rows alone (rewrites their section)",
    "node --cpu-prof bin/sla-ledger.js reconcile book.xlsx --month 2026-10   # profile the command",
    "node --cpu-prof -r ts-node/register/transpile-only bench/size.ts 100000   # profile one size",
    "```",
    "",
  ].join("\n");
  return { table, markdown: quick ? "" : md };
}

/** The hand-written "Known limits" section of PERFORMANCE.md (its text between the heading and "## Reproduce"). */
function knownLimitsOf(doc) {
  const start = doc.indexOf("## Known limits");
  const end = doc.indexOf("## Reproduce");
  if (start < 0 || end < start) return "";
  return doc.slice(doc.indexOf("\n", start) + 1, end).trim();
}

module.exports = { renderReport, renderEndToEnd, replaceEndToEnd, knownLimitsOf };
