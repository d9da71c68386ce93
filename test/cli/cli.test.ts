/**
 * The command line's contract (docs/CONTRACT.md, Command line) with the engine replaced by a fake run: exit codes, which stream carries
 * what, the issue line format, the default output name, and that nothing is written on a usage error or an
 * unreadable workbook. The real pipeline on the sample workbook is covered by test/golden and test/libreoffice.
 */
import { createHash } from "crypto";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { spawnSync } from "child_process";
import type { Issue } from "../../src/engine/core/issues";
import { registerMessages } from "../../src/engine/core/messages";
import type { OutputSheet } from "../../src/engine/core/output";
import { readXlsx } from "../../src/xlsx/read";
import { workbookBytes } from "../../src/xlsx/write";
import type { CliIO } from "../../src/cli/io";
import type { SettlementRun } from "../../src/cli/pipeline";

const fakeRun: { current: SettlementRun | null } = { current: null };
jest.mock("../../src/cli/pipeline", () => ({
  settleMonth: (_wb: unknown, opts: { month: string }) => ({ ...fakeRun.current!, month: opts.month }),
  templateWorkbook: () => [sheetOf("Tickets", [["Ticket ID", "Reported At"]])],
}));
// eslint-disable-next-line import/first
import { defaultOutPath, main, resolveLang } from "../../src/cli/main";

registerMessages({
  TEST_DATE_UNREADABLE: {
    en: (i) => ({ problem: `"${i.value}" is not a date`, fix: "write it as 2026-12-01 10:00" }),
    zh: (i) => ({ problem: `"${i.value}" 不是日期`, fix: "写成 2026-12-01 10:00" }),
  },
});

function sheetOf(name: string, rows: OutputSheet["rows"]): OutputSheet {
  return { name, role: "findings", rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 1, tables: [] };
}

const issue = (severity: Issue["severity"], cell: string, value: string): Issue => ({
  severity, code: "TEST_DATE_UNREADABLE", sheet: "Tickets", cell, value, params: {},
});

function runWith(issues: Issue[], parsed = true): SettlementRun {
  const json = {
    month: "2026-10", currency: "CNY",
    statements: [{ provider: "Huaxiu", statementDate: "2026-11-01", dueDate: "2026-11-16", disputeBy: "2026-11-07T00:00:00", fees: "12345.60", penalties: "200.00", capAdjustment: "0.00", overdueFees: "129.20", netPayable: "12274.80" }],
    findings: [], issues: issues.map((i) => ({ severity: i.severity, code: i.code, sheet: i.sheet, cell: i.cell, message: "…" })),
  };
  return {
    month: "2026-10", lang: "en",
    sheets: [sheetOf("Findings 2026-10", [["Ticket"], ["T-1"]]), sheetOf("Data Issues", [["Severity"]])],
    json, issues, hasErrors: issues.some((i) => i.severity === "error"),
    parsed: parsed ? ({ agreement: { contractNo: "SLA-1", currency: "CNY" } } as unknown as SettlementRun["parsed"]) : null,
    findings: [
      { ticket: "T-1", provider: "Huaxiu", status: "late" }, { ticket: "T-1", provider: "Huaxiu", status: "met" }, { ticket: "T-2", provider: "Huaxiu", status: "overdue" },
    ] as unknown as SettlementRun["findings"],
    statements: [], ctx: null,
  };
}

function capture(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env, now: () => new Date(Date.UTC(2026, 10, 24, 20, 0, 0)),
    out: () => out, err: () => err,
  };
}

let dir: string;
let book: string;
const sha = async (f: string): Promise<string> => createHash("sha256").update(await fs.readFile(f)).digest("hex");
const exists = (f: string): Promise<boolean> => fs.stat(f).then(() => true, () => false);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-cli-"));
  book = path.join(dir, "book.xlsx");
  await fs.writeFile(book, await workbookBytes([sheetOf("Tickets", [["Ticket ID", "Reported At"], ["T-1", 46296.5]])]));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe("reconcile (fake engine)", () => {
  it("exit 0 without data errors: summary on stdout, output at <book>.settled.xlsx, input untouched", async () => {
    fakeRun.current = runWith([issue("warning", "G9", "2026-10-31 25:00")]);
    const before = await sha(book);
    const io = capture();
    expect(await main(["reconcile", book, "--month", "2026-10"], io)).toBe(0);
    expect(await sha(book)).toBe(before);
    const out = path.join(dir, "book.settled.xlsx");
    expect((await readXlsx(out)).sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10", "Data Issues"]);
    expect(io.out()).toContain("Huaxiu\n  tickets 2 · late findings 1 · overdue (not yet charged) 1\n  fees 12,345.60 · penalties 200.00 · overdue-payment fees 129.20\n  net payable 12,274.80 · statement 2026-11-01 · payment due 2026-11-16 · dispute by end of Fri 2026-11-06 (24:00)\n");
    expect(io.out()).toContain("data issues: 0 errors, 1 warning");
    expect(io.err()).toBe(`${book}:Tickets!G9: TEST_DATE_UNREADABLE: "2026-10-31 25:00" is not a date Fix: write it as 2026-12-01 10:00\n`);
  });

  it("exit 1 with data errors; --json puts exactly one JSON document on stdout and the human words on stderr", async () => {
    fakeRun.current = runWith([issue("warning", "A2", "x"), issue("error", "F7", "2026-13-01 10:00")]);
    const io = capture();
    const out = path.join(dir, "json.xlsx");
    expect(await main(["reconcile", book, "--month", "2026-10", "--json", "--out", out], io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.statements[0].netPayable).toBe("12274.80");
    expect(doc.issues.map((i: { cell: string }) => i.cell)).toEqual(["A2", "F7"]);
    const errLines = io.err().split("\n");
    expect(errLines[0]).toBe(`${book}:Tickets!F7: TEST_DATE_UNREADABLE: "2026-13-01 10:00" is not a date Fix: write it as 2026-12-01 10:00`);
    expect(io.err()).toContain("net payable 12,274.80");
    expect(await exists(out)).toBe(true);
  });

  it("speaks Chinese with --lang zh (issue lines and summary)", async () => {
    fakeRun.current = runWith([issue("error", "F7", "2026-13-01")]);
    const io = capture();
    expect(await main(["reconcile", book, "--month", "2026-10", "--lang", "zh", "--out", path.join(dir, "zh.xlsx")], io)).toBe(1);
    expect(io.err()).toBe(`${book}:Tickets!F7: TEST_DATE_UNREADABLE: "2026-13-01" 不是日期 修正：写成 2026-12-01 10:00\n`);
    expect(io.out()).toContain("应付净额 12,274.80");
  });

  it("exit 2 and nothing written when the workbook cannot be settled at all", async () => {
    fakeRun.current = runWith([issue("error", "", "")], false);
    const io = capture();
    const out = path.join(dir, "never.xlsx");
    expect(await main(["reconcile", book, "--month", "2026-10", "--out", out], io)).toBe(2);
    expect(await exists(out)).toBe(false);
    expect(io.err()).toContain("nothing was written");
  });

  it("past 200 issue lines, the last line names the issues sheets as written, or --json when nothing was written", async () => {
    const many = Array.from({ length: 205 }, (_, i) => issue("warning", `F${i + 2}`, `x${i}`));
    const issuesSheet = (name: string): OutputSheet => ({ ...sheetOf(name, [["Severity"]]), role: "issues" });
    const lastLine = (io: ReturnType<typeof capture>) => io.err().trimEnd().split("\n").pop();

    // One issues sheet; the book holds a sheet of the user's named "Data Issues", so the output goes beside it.
    const own = path.join(dir, "own.xlsx");
    await fs.writeFile(own, await workbookBytes([sheetOf("Tickets", [["Ticket ID"], ["T-1"]]), sheetOf("Data Issues", [["my notes"]])]));
    fakeRun.current = { ...runWith(many), sheets: [sheetOf("Findings 2026-10", [["Ticket"]]), issuesSheet("Data Issues")] };
    let io = capture();
    expect(await main(["reconcile", own, "--month", "2026-10", "--out", path.join(dir, "own.settled.xlsx")], io)).toBe(0);
    expect(io.err().split("\n").filter((l) => l.includes("TEST_DATE_UNREADABLE"))).toHaveLength(200);
    expect(lastLine(io)).toBe('… and 5 more issues (all are in the "Data Issues (2)" sheet)');
    expect(io.out()).toContain('data issues: 0 errors, 205 warnings (see the "Data Issues (2)" sheet and the lines above)');

    // The list continued on a second sheet: both named.
    fakeRun.current = { ...runWith(many), sheets: [issuesSheet("Data Issues"), issuesSheet("Data Issues part 2")] };
    io = capture();
    expect(await main(["reconcile", book, "--month", "2026-10", "--out", path.join(dir, "parts.xlsx"), "--lang", "zh"], io)).toBe(0);
    expect(lastLine(io)).toBe('……另有 5 条问题，全部问题见 "Data Issues"、"Data Issues part 2" 工作表');
    expect(io.out()).toContain('数据问题：错误 0 条，警告 205 条（见 "Data Issues"、"Data Issues part 2" 工作表及上方各行）');

    // Nothing written: no sheet to point at.
    fakeRun.current = runWith(many, false);
    io = capture();
    expect(await main(["reconcile", book, "--month", "2026-10", "--out", path.join(dir, "none.xlsx")], io)).toBe(2);
    expect(io.err()).toContain("… and 5 more issues, not listed here; `reconcile --json` lists them all\n");
    expect(io.err()).not.toMatch(/Data Issues/);
  });

  it.each([
    [["reconcile", "BOOK", "--month", "2026-13"], /--month must be a month written YYYY-MM/],
    [["reconcile", "BOOK", "--month", "10/2026"], /--month must be/],
    [["reconcile", "BOOK"], /required option '--month/],
    [["reconcile", "BOOK", "--month", "2026-10", "--out", "BOOK"], /input is never rewritten/],
    [["reconcile", "BOOK", "--month", "2026-10", "--out", "x.csv"], /--out must name an \.xlsx/],
    [["reconcile", "BOOK", "--month", "2026-10", "--lang", "fr"], /Allowed choices are en, zh/],
    [["reconcile", "MISSING", "--month", "2026-10"], /cannot read the workbook: no such file/],
    [["reconcile", "NOTXLSX", "--month", "2026-10"], /not an \.xlsx file/],
    [["frobnicate"], /unknown command/],
    [[], /Usage: sla-ledger/],
    [["template", "BOOK"], /already exists; the template never overwrites/],
  ])("exit 2 on %j, nothing written, input untouched", async (args, message) => {
    fakeRun.current = runWith([]);
    const notXlsx = path.join(dir, "tickets.xlsx");
    await fs.writeFile(notXlsx, "Ticket,At\nT-1,2026-10-01\n");
    const before = await sha(book);
    const listing = (await fs.readdir(dir)).sort();
    const io = capture();
    const argv = args.map((a) => a.replace("BOOK", book).replace("MISSING", path.join(dir, "missing.xlsx")).replace("NOTXLSX", notXlsx));
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.out()).toBe("");
    expect(await sha(book)).toBe(before);
    expect((await fs.readdir(dir)).sort()).toEqual(listing);
  });

  it("--help and --version exit 0 on stdout", async () => {
    const io = capture();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.out()).toMatch(/reconcile \[options\] <book\.xlsx>/);
    expect(io.out()).toMatch(/Exit codes: 0 done/);
    const io2 = capture();
    expect(await main(["reconcile", "--help"], io2)).toBe(0);
    expect(io2.out()).toMatch(/--month <YYYY-MM>/);
    const io3 = capture();
    expect(await main(["--version"], io3)).toBe(0);
    expect(io3.out().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("template writes a new workbook and never overwrites", async () => {
    const file = path.join(dir, "new.xlsx");
    const io = capture();
    expect(await main(["template", file], io)).toBe(0);
    expect((await readXlsx(file)).sheets[0].rows[0]).toEqual(["Ticket ID", "Reported At"]);
    const before = await sha(file);
    expect(await main(["template", file], capture())).toBe(2);
    expect(await sha(file)).toBe(before);
  });
});

describe("helpers", () => {
  it.each([
    ["book.xlsx", "book.settled.xlsx"],
    ["dir/月报.xlsx", "dir/月报.settled.xlsx"],
    ["a.b.XLSX", "a.b.settled.xlsx"],
  ])("default output of %s is %s", (input, out) => expect(defaultOutPath(input)).toBe(out));

  it.each([
    [undefined, {}, "en"],
    [undefined, { LANG: "zh_CN.UTF-8" }, "zh"],
    ["en", { LANG: "zh_CN.UTF-8" }, "en"],
    [undefined, { LC_ALL: "zh_TW", LANG: "en_US" }, "zh"],
  ])("language from --lang %s and env %j is %s", (opt, env, lang) => expect(resolveLang(opt, env)).toBe(lang));
});

describe("bin/sla-ledger.js (a real process, TypeScript through ts-node)", () => {
  const bin = path.join(__dirname, "..", "..", "bin", "sla-ledger.js");
  it("prints help and exits 0; a usage error exits 2 with the words on stderr", () => {
    const help = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect([help.status, help.stdout.includes("reconcile"), help.stderr]).toEqual([0, true, ""]);
    const bad = spawnSync(process.execPath, [bin, "reconcile", "x.xlsx", "--month", "2026-1x"], { encoding: "utf8" });
    expect([bad.status, bad.stdout]).toEqual([2, ""]);
    expect(bad.stderr).toMatch(/--month must be/);
  });
});
