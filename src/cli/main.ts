/**
 * `sla-ledger`: the engine outside Excel (docs/CONTRACT.md, Command line). argv, files, exit codes and progress live here; every figure
 * comes from the engine's settleMonth, every cell goes through src/xlsx.
 *
 * Streams (docs/CONTRACT.md, Command line): with --json, stdout carries exactly one JSON document and everything for humans goes to
 * stderr; without it, the summary goes to stdout. Data issues are always on stderr, one per line, in the form
 * `book.xlsx:Tickets!F7: CODE: problem Fix: …` (core/messages.ts formatIssueLine).
 * Exit codes: 0 done, no data errors · 1 done, data errors found (outputs and Data Issues written) · 2 usage error,
 * unreadable workbook or unwritable output (nothing written) · 3 internal error (a bug; nothing written) · 128 + n
 * stopped by signal n (bin/sla-ledger.js; the temporary file removed).
 */
import { createHash } from "crypto";
import { promises as fs } from "fs";
import path from "path";
import { Command, CommanderError, Option } from "commander";
import type { Issue, Lang } from "../engine/core/issues";
import { EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, processIO, type CliIO } from "./io";
import type { SettlementRun } from "./pipeline";
import type { makeProgress } from "./progress";

// What a command needs is loaded when it runs, not at start: `--help`, `--version` and a usage error need only
// commander, and answer in a fraction of the time that loading the readers, writers and the engine takes.
/* eslint-disable @typescript-eslint/no-require-imports */
const messages = () => require("../engine/core/messages") as typeof import("../engine/core/messages");
const time = () => require("../engine/core/time") as typeof import("../engine/core/time");
const xlsxRead = () => require("../xlsx/read") as typeof import("../xlsx/read");
const xlsxWrite = () => require("../xlsx/write") as typeof import("../xlsx/write");
const pipeline = () => require("./pipeline") as typeof import("./pipeline");
const progressBar = () => require("./progress") as typeof import("./progress");
const summary = () => require("./summary") as typeof import("./summary");
/* eslint-enable @typescript-eslint/no-require-imports */

export const EXIT_INTERNAL = 3;

/** At most this many issue lines on stderr; the rest are counted (all of them are in the issues sheets, printIssues). */
export const MAX_ISSUE_LINES = 200;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require("../../package.json") as { version: string }).version;

/** `--lang`, else zh when the environment's locale is Chinese, else en. */
export function resolveLang(option: string | undefined, env: CliIO["env"]): Lang {
  if (option === "en" || option === "zh") return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^zh/i.test(locale) ? "zh" : "en";
}

/** `book.xlsx` → `book.settled.xlsx` beside it (docs/CONTRACT.md, Command line: default). */
export function defaultOutPath(book: string): string {
  const ext = path.extname(book);
  const base = ext ? book.slice(0, -ext.length) : book;
  return `${base}.settled.xlsx`;
}

function parseMonthOption(text: string): string {
  const { formatMonth, parseMonth } = time();
  const month = parseMonth(text);
  if (!month || !/^\d{4}-\d{2}$/.test(text.trim())) throw new UsageError(`--month must be a month written YYYY-MM (e.g. 2026-10), not "${text}"`);
  return formatMonth(month);
}

/**
 * The issues on stderr, errors first, at most MAX_ISSUE_LINES of them. Past that, the last line says where the
 * whole list is: the issues sheets of the copy just written, under the names they were written with (a long list
 * continues on "Data Issues part 2", …; beside a user's own sheet of that name it is "Data Issues (2)"), or, when
 * no workbook was written, `--json`.
 */
function printIssues(io: CliIO, issues: readonly Issue[], lang: Lang, file: string, issueSheets: readonly string[] = []): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...issues].sort((a, b) => order[a.severity] - order[b.severity]);
  const { formatIssueLine } = messages();
  for (const issue of sorted.slice(0, MAX_ISSUE_LINES)) io.stderr.write(`${formatIssueLine(issue, lang, file)}\n`);
  if (sorted.length > MAX_ISSUE_LINES) {
    const more = sorted.length - MAX_ISSUE_LINES;
    const quoted = issueSheets.map((n) => `"${n}"`).join(lang === "zh" ? "、" : ", ");
    if (issueSheets.length === 0) {
      io.stderr.write(lang === "zh" ? `……另有 ${more} 条问题未在此列出；reconcile 命令加 --json 可列出全部\n` : `… and ${more} more issues, not listed here; \`reconcile --json\` lists them all\n`);
    } else if (issueSheets.length === 1) {
      io.stderr.write(lang === "zh" ? `……另有 ${more} 条问题，全部问题见 ${quoted} 工作表\n` : `… and ${more} more issues (all are in the ${quoted} sheet)\n`);
    } else {
      io.stderr.write(lang === "zh" ? `……另有 ${more} 条问题，全部问题见 ${quoted} 工作表\n` : `… and ${more} more issues (all are in the sheets ${quoted})\n`);
    }
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

interface SettleArgs {
  book: string;
  month: string;
  provider?: string;
  lang: Lang;
  io: CliIO;
}

/** Read → settle, with the progress bar; null when the workbook cannot be settled at all (issues printed). */
async function readAndSettle(a: SettleArgs, stages: string[]): Promise<{ run: SettlementRun; progress: ReturnType<typeof makeProgress> }> {
  const progress = progressBar().makeProgress(a.io, await fileSize(a.book), stages);
  try {
    progress.stage(stages[0]);
    const wb = await xlsxRead().readXlsx(a.book, { skipOutputSheets: true }); // its own earlier output is never input
    progress.stage(stages[1]);
    const run = pipeline().settleMonth(wb, { month: a.month, provider: a.provider, lang: a.lang });
    return { run, progress };
  } catch (e) {
    progress.stop();
    throw e;
  }
}

interface ReconcileOptions {
  month: string;
  out?: string;
  provider?: string;
  json?: boolean;
  lang?: string;
}

export async function reconcile(book: string, opts: ReconcileOptions, io: CliIO): Promise<number> {
  const lang = resolveLang(opts.lang, io.env);
  const month = parseMonthOption(opts.month);
  const out = opts.out ?? defaultOutPath(book);
  if (!/\.xlsx$/i.test(out)) throw new UsageError(`--out must name an .xlsx file, not "${out}"`);
  if (path.resolve(out) === path.resolve(book)) throw new UsageError(`--out is the input workbook; the input is never rewritten (choose another name)`);
  // Before minutes of reading and settling: a missing or read-only folder, or a read-only --out, is said at once.
  await xlsxWrite().checkTarget(out, { overwrite: true });

  const { run, progress } = await readAndSettle({ book, month, provider: opts.provider, lang, io }, ["read", "settle", "write"]);
  if (run.parsed === null) {
    // Nothing can be settled (no Tickets/Agreement/SLA sheet, or no usable agreement): nothing is written (docs/CONTRACT.md, Command line).
    progress.stop();
    printIssues(io, run.issues, lang, book);
    if (opts.json) io.stdout.write(`${JSON.stringify(run.json, null, 2)}\n`);
    io.stderr.write(lang === "zh" ? `${book}：无法结算，未写入任何文件。\n` : `${book}: cannot be settled; nothing was written.\n`);
    return EXIT_USAGE;
  }
  progress.stage("write");
  // Beside the four sheets: the print-ready dispute report of each provider, A4 landscape.
  const { buildReport, buildReportSheet, reportProviders } = await import("../engine/report");
  const reportRun = run as unknown as Parameters<typeof buildReport>[0];
  const meta = await reportMeta(book, io);
  // The evidence as views over the run's findings (the sheet reads one language of each, when it is written), and
  // the evidence file hashed by node:crypto (engine/report ReportOptions).
  const reportSheets = reportProviders(reportRun).map((p) => buildReportSheet(buildReport(reportRun, p, meta, REPORT_OPTIONS), lang));
  const { beforeIssues } = await import("../engine/core/output");
  const sheets = beforeIssues(run.sheets, reportSheets);
  let plans;
  try {
    plans = await xlsxWrite().writeOutputWorkbook(book, sheets, out);
  } finally {
    progress.stop();
  }
  // The plans are in the order of the sheets: the issues sheets under the names they were written with.
  const issueSheets = plans.flatMap((p, i) => (sheets[i].role === "issues" ? [p.name] : []));
  printIssues(io, run.issues, lang, book, issueSheets);
  const human = opts.json ? io.stderr : io.stdout;
  human.write(summary().formatSummary(run, { lang, out, plans, issueSheets }));
  if (opts.json) io.stdout.write(`${JSON.stringify(run.json, null, 2)}\n`);
  return run.hasErrors ? EXIT_DATA_ERRORS : EXIT_OK;
}

export async function template(file: string, opts: { lang?: string }, io: CliIO): Promise<number> {
  const lang = resolveLang(opts.lang, io.env);
  if (!/\.xlsx$/i.test(file)) throw new UsageError(`the template must be an .xlsx file, not "${file}"`);
  const exists = await fs.stat(file).then(() => true, () => false);
  if (exists) throw new UsageError(`${file} already exists; the template never overwrites a file (choose a new name)`);
  try {
    // Template sheets are the user's input sheets: they are not marked as tool output (docs/CONTRACT.md, Principles, "Nothing is lost").
    await xlsxWrite().writeNewWorkbook(pipeline().templateWorkbook(lang), file, { markAsOutput: false });
  } catch (e) {
    if (e instanceof xlsxWrite().XlsxWriteRefused) throw new UsageError(`${file} already exists; the template never overwrites a file (choose a new name)`);
    throw e;
  }
  io.stdout.write(lang === "zh" ? `已写入 ${file}：填写工单、协议与服务标准后运行 sla-ledger reconcile。\n` : `wrote ${file}: fill in Tickets, Agreement and SLA, then run sla-ledger reconcile.\n`);
  return EXIT_OK;
}

/** What a report states about its making: the time (SOURCE_DATE_EPOCH for reproducible files), the input's SHA-256, the version. */
async function reportMeta(book: string, io: CliIO): Promise<{ generatedAt: string; inputSha256: string; toolVersion: string }> {
  // Read whole, not a mebibyte at a time, though that holds 121 MB more at 1,048,575 tickets: this comes right after
  // settling, when the heap is fullest of the settling's garbage, and with a buffer that large V8 collected it while
  // the reports were built (heap 1,146 MiB after them), hashed in pieces not (2,280 MiB). The command's peak RSS,
  // interleaved pairs (2026-12-06): read whole 2.26 / 2.27 GB, in pieces 2.65 / 2.66 GB (CPU 139.1 / 122.7 s vs
  // 119.6 / 120.0 s).
  const bytes = await xlsxRead().readInputFile(book);
  const epoch = io.env.SOURCE_DATE_EPOCH;
  const generatedAt = (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : io.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { generatedAt, inputSha256: createHash("sha256").update(bytes).digest("hex"), toolVersion: VERSION };
}

/**
 * SHA-256 of texts' UTF-8 bytes by node:crypto, a piece at a time (engine core/sha256 TextSha256): the evidence file
 * of a million findings is some hundred million characters, which the engine's own hasher took seconds over.
 */
export function nodeSha256(texts: Iterable<string>): string {
  const hash = createHash("sha256");
  for (const text of texts) hash.update(text, "utf8");
  return hash.digest("hex");
}

/** How the command builds its reports: in one thread, one language read (engine/report ReportOptions). */
const REPORT_OPTIONS = { sha256: nodeSha256, evidenceViews: true } as const;

/** The most a provider's part of a report file name takes, in UTF-8 bytes: the whole name stays well within the 255 of common file systems. */
const SLUG_MAX_BYTES = 80;

/**
 * A provider's part of a report file name, safe on Windows, macOS and Linux: letters and digits (NFC), every
 * other run of characters one "-" — no path separator, dot, space, control or reserved character — within
 * SLUG_MAX_BYTES, cut between characters; never a name Windows reserves for a device (CON, NUL, COM1…).
 */
export function slug(text: string): string {
  let s = text.normalize("NFC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  if (Buffer.byteLength(s, "utf8") > SLUG_MAX_BYTES) {
    let cut = "";
    for (const ch of s) {
      if (Buffer.byteLength(cut + ch, "utf8") > SLUG_MAX_BYTES) break;
      cut += ch;
    }
    s = cut.replace(/-+$/, "");
  }
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `${s}-provider`;
  return s || "provider";
}

/**
 * The PDF of each provider: exactly `pdf` for one; for several, the provider's slug before the extension. Names
 * compare as Windows and macOS compare them (case and Unicode form aside): providers whose names make the same file
 * name ("Huaxiu Service Co." and "Huaxiu Service Co", "ACME" and "Acme") each get a tag from their full name
 * (core/output shortHash, as the report sheets do), so the name does not depend on the order the providers come in
 * and no report of the run overwrites another.
 */
export function reportFileNames(pdf: string, providers: readonly string[], hash: (text: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  if (providers.length === 1) return files.set(providers[0], pdf);
  const stem = pdf.replace(/\.pdf$/i, "");
  const key = (file: string) => file.normalize("NFC").toLowerCase();
  const plain = new Map<string, number>();
  for (const p of providers) plain.set(key(slug(p)), (plain.get(key(slug(p))) ?? 0) + 1);
  const taken = new Set<string>();
  for (const p of providers) {
    const base = `${stem}.${slug(p)}${plain.get(key(slug(p)))! > 1 ? `-${hash(p)}` : ""}`;
    let file = `${base}.pdf`;
    for (let n = 2; taken.has(key(file)); n++) file = `${base}-${n}.pdf`;
    taken.add(key(file));
    files.set(p, file);
  }
  return files;
}

interface ReportOptions {
  month: string;
  pdf: string;
  provider?: string;
  lang?: string;
}

export async function report(book: string, opts: ReportOptions, io: CliIO): Promise<number> {
  const lang = resolveLang(opts.lang, io.env);
  const month = parseMonthOption(opts.month);
  if (!/\.pdf$/i.test(opts.pdf)) throw new UsageError(`--pdf must name a .pdf file, not "${opts.pdf}"`);
  await xlsxWrite().checkTargetFolder(opts.pdf);
  // Loaded only here: pdfkit and the fonts are heavy, and `reconcile` never needs them.
  const { buildReport, reportProviders } = await import("../engine/report");
  const { renderReportPdf } = await import("../pdf");
  const { run, progress } = await readAndSettle({ book, month, provider: opts.provider, lang, io }, ["read", "settle", "report"]);
  if (run.parsed === null) {
    progress.stop();
    printIssues(io, run.issues, lang, book);
    io.stderr.write(lang === "zh" ? `${book}：无法结算，未写入任何文件。\n` : `${book}: cannot be settled; nothing was written.\n`);
    return EXIT_USAGE;
  }
  const reportRun = run as unknown as Parameters<typeof buildReport>[0];
  const providers = opts.provider ? [opts.provider] : reportProviders(reportRun);
  if (providers.length === 0) {
    progress.stop();
    printIssues(io, run.issues, lang, book);
    io.stderr.write(lang === "zh" ? `${month} 没有任何服务商的结算单，未写入报告。\n` : `no provider has a statement for ${month}; no report was written.\n`);
    return run.hasErrors ? EXIT_DATA_ERRORS : EXIT_USAGE;
  }
  progress.stage("report");
  const meta = await reportMeta(book, io);
  const written: string[] = [];
  // One provider: exactly --pdf; several: one file each, the provider's name before the extension (reportFileNames:
  // one report never overwrites another).
  const { shortHash } = await import("../engine/core/output");
  const files = reportFileNames(opts.pdf, providers, (p) => shortHash(p, 8));
  if (providers.length > 1) {
    // Never silently many files: the user asked for one name and gets one per provider.
    io.stderr.write(lang === "zh" ? `--pdf ${opts.pdf}：${providers.length} 个服务商，每个一个 PDF：\n` : `--pdf ${opts.pdf}: ${providers.length} providers, one PDF each:\n`);
    for (const [provider, file] of files) io.stderr.write(`  ${file} — ${provider}\n`);
  }
  try {
    for (const provider of providers) {
      const file = files.get(provider)!;
      const pdf = await renderReportPdf(buildReport(reportRun, provider, meta, REPORT_OPTIONS), lang);
      await xlsxWrite().writeFileAtomic(file, pdf, { overwrite: true });
      written.push(file);
    }
  } finally {
    progress.stop();
  }
  printIssues(io, run.issues, lang, book);
  for (const file of written) io.stdout.write(lang === "zh" ? `已写入 ${file}\n` : `wrote ${file}\n`);
  return run.hasErrors ? EXIT_DATA_ERRORS : EXIT_OK;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name("sla-ledger")
    .description("Settle a month of after-sales service tickets against the service agreement (SLA findings, penalties, overdue-payment fees, the statement).")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError("(run `sla-ledger --help` for usage)")
    .addHelpText("after", `
Exit codes: 0 done, no data errors; 1 done, but data errors were found (outputs and Data Issues written);
2 usage error, unreadable workbook or unwritable output (nothing written); 3 internal error;
128+n stopped by signal n (130 Ctrl-C, 143 SIGTERM; no partial file left).
Data issues are printed on stderr as  book.xlsx:Tickets!F7: CODE: problem Fix: …
Docs: docs/CLI.md`);
  const langOption = (): Option => new Option("--lang <lang>", "language of the output sheets and messages (default: from LANG)").choices(["en", "zh"]);

  program
    .command("reconcile")
    .description("write the month's Findings, Settlement, KPIs and Data Issues sheets into a copy of the workbook")
    .argument("<book.xlsx>", "the workbook with Tickets, Agreement and SLA sheets (never modified)")
    .requiredOption("--month <YYYY-MM>", "the settlement month, e.g. 2026-10")
    .option("--out <out.xlsx>", "where to write the copy (default: <book>.settled.xlsx)")
    .option("--provider <name>", "settle one provider only")
    .option("--json", "print findings, statements and issues as one JSON document on stdout")
    .addOption(langOption())
    .action(async (book: string, opts: ReconcileOptions) => setExit(await reconcile(book, opts, io)));

  program
    .command("template")
    .description("write a new starter workbook (Tickets, Events, Agreement, SLA, Calendar); never overwrites a file")
    .argument("<new.xlsx>", "the file to create")
    .addOption(langOption())
    .action(async (file: string, opts: { lang?: string }) => setExit(await template(file, opts, io)));

  program
    .command("report")
    .description("write the print-ready dispute report of the month as PDF (one file per provider when there are several)")
    .argument("<book.xlsx>", "the workbook (never modified)")
    .requiredOption("--month <YYYY-MM>", "the settlement month, e.g. 2026-10")
    .requiredOption("--pdf <out.pdf>", "the PDF to write")
    .option("--provider <name>", "report on one provider only")
    .addOption(langOption())
    .action(async (book: string, opts: ReportOptions) => setExit(await report(book, opts, io)));
  return program;
}

/** Runs the command line; resolves to the exit code (never calls process.exit, so tests can run it in-process). */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`sla-ledger: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof xlsxRead().XlsxReadError) {
      io.stderr.write(`${e.file}: cannot read the workbook: ${e.reason}. Nothing was written.\n`);
      for (const line of e.details) io.stderr.write(`  ${line}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof xlsxWrite().XlsxWriteRefused) {
      io.stderr.write(`sla-ledger: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const lang = langOfArgs(argv, io.env);
    if (e instanceof xlsxWrite().OutputNotWritable) {
      io.stderr.write(`sla-ledger${lang === "zh" ? "：" : ": "}${outputProblemText(e, lang)}\n`);
      return EXIT_USAGE;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === "string" && typeof err.syscall === "string") {
      // The file system refused (no permission, disk full): the user can fix it; nothing was written.
      io.stderr.write(`sla-ledger: ${err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(internalErrorText(e, lang, io.env));
    return EXIT_INTERNAL;
  }
}

/** The --lang of a command line (for messages written outside a command: failures, signals), else from the locale. */
export function langOfArgs(argv: readonly string[], env: CliIO["env"]): Lang {
  let option: string | undefined;
  argv.forEach((a, i) => {
    if (a === "--lang") option = argv[i + 1];
    else if (a.startsWith("--lang=")) option = a.slice("--lang=".length);
  });
  return resolveLang(option, env);
}

const WRITE_FAILURE: Record<string, [string, string]> = {
  ENOSPC: ["the disk is full", "磁盘已满"],
  EDQUOT: ["the disk quota is used up", "磁盘配额已用完"],
  EROFS: ["the file system is read-only", "文件系统为只读"],
  EACCES: ["permission denied", "权限不足"],
  EPERM: ["permission denied", "权限不足"],
  EIO: ["the disk reported an input/output error", "磁盘读写出错"],
  ENAMETOOLONG: ["the name is too long", "文件名过长"],
};

/** One line for an output that cannot be written (write.ts OutputNotWritable), naming the file as the user wrote it. */
export function outputProblemText(e: InstanceType<ReturnType<typeof xlsxWrite>["OutputNotWritable"]>, lang: Lang): string {
  const file = e.file;
  const folder = e.folder.endsWith(path.sep) ? e.folder : `${e.folder}${path.sep}`;
  const zh = lang === "zh";
  switch (e.problem) {
    case "no-folder":
      return zh ? `无法写入 ${file}：文件夹 ${folder} 不存在；请先创建它或换一个位置` : `cannot write ${file}: the folder ${folder} does not exist; create it or choose another place`;
    case "not-a-folder":
      return zh ? `无法写入 ${file}：${e.folder} 不是文件夹` : `cannot write ${file}: ${e.folder} is not a folder`;
    case "folder-read-only":
      return zh ? `无法写入 ${file}：文件夹 ${folder} 为只读（或当前账户无权写入）；请换一个位置` : `cannot write ${file}: the folder ${folder} is read-only (or this account may not write in it); choose another place`;
    case "is-folder":
      return zh ? `无法写入 ${file}：这是一个文件夹；请指定一个文件名` : `cannot write ${file}: it is a folder; name a file instead`;
    case "not-a-file":
      return zh ? `无法写入 ${file}：这不是普通文件（而是设备、管道或套接字）；请指定一个文件名` : `cannot write ${file}: it is not a regular file (a device, pipe or socket); name a file instead`;
    case "read-only-file":
      return zh ? `${file} 为只读（或当前账户无权写入），未被替换；请换一个文件名或将其改为可写` : `${file} is read-only (or this account may not write it) and was not replaced; choose another name or make it writable`;
    default: {
      const [en, cn] = WRITE_FAILURE[e.code ?? ""] ?? [`the file system refused (${e.code})`, `文件系统拒绝写入（${e.code}）`];
      return zh ? `无法写入 ${file}：${cn}；未留下写了一半的文件` : `cannot write ${file}: ${en}; no partial file was left`;
    }
  }
}

/**
 * A bug's one line: what went wrong, and how to see the details (SLA_LEDGER_DEBUG=1 adds the stack trace, which is
 * otherwise never printed: it means nothing to the user and may show paths of the machine).
 */
export function internalErrorText(e: unknown, lang: Lang, env: CliIO["env"]): string {
  const what = (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 500);
  const debug = env.SLA_LEDGER_DEBUG === "1" && e instanceof Error && e.stack ? `${e.stack}\n` : "";
  return lang === "zh"
    ? `sla-ledger：内部错误：${what}。请报告此问题（如可能请附上工作簿）；设置 SLA_LEDGER_DEBUG=1 可看到详细信息。\n${debug}`
    : `sla-ledger: internal error: ${what}. Please report it (with the workbook if you can); SLA_LEDGER_DEBUG=1 shows the details.\n${debug}`;
}
