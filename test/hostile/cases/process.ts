/**
 * The process and the file system around the command: inputs that are not files (a named pipe, a device, a
 * folder), outputs that cannot be written (a missing folder, a file where a folder should be, a read-only folder
 * or file), text from cells that a terminal would obey (escape sequences), signals during a write (SIGHUP,
 * SIGQUIT), the command killed with SIGKILL while its worker process writes, the worker killed by the system, and a
 * bug thrown outside the command's own error handling. docs/SECURITY.md, "Errors, exit codes and signals".
 */
import { execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syntheticWorkbook } from "../../../bench/synthetic";
import type { OutputSheet } from "../../../src/engine/core/output";
import { workbookBytes } from "../../../src/xlsx/write";
import { defaultArgs, runCommand, type CaseResult, type HostileCase } from "../corpus";
import { SAMPLE, sampleText, sampleWith, writeCase } from "../zipParts";

const klass = "errors, exit codes and signals";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sample with one shared string (a provider name, a ticket ID) changed in every cell that uses it. */
async function sampleWithString(from: string, to: string): Promise<Buffer> {
  const sst = await sampleText("xl/sharedStrings.xml");
  if (!sst.includes(`<t>${from}</t>`)) throw new Error(`the sample has no shared string ${from}`);
  return sampleWith({ "xl/sharedStrings.xml": sst.split(`<t>${from}</t>`).join(`<t>${to}</t>`) });
}

// 30,000 tickets: the copy takes seconds to write, long enough for a signal to arrive during the write (the same
// workbook as test/robustness/interrupt.test.ts). Built once, on first use.
let large: Promise<Uint8Array> | null = null;
function largeWorkbook(dir: string): Promise<string> {
  large ??= (async () => {
    const wb = syntheticWorkbook(30000);
    const sheets: OutputSheet[] = wb.sheets.map((sh) => ({
      name: sh.name, role: "template", rows: sh.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [],
    }));
    return workbookBytes(sheets, { fixedDate: new Date(Date.UTC(2026, 10, 1)) });
  })();
  return large.then((bytes) => writeCase(dir, "large.xlsx", Buffer.from(bytes)));
}

/** The processes a process started (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

/** Whether a process still runs (a zombie waiting to be reaped has stopped running). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

interface Interruption {
  /** The command's pid and its worker's (null when it runs in one process). */
  sent: boolean;
  worker: number | null;
}

/**
 * Runs reconcile on `input`, and once the output's temporary file exists (the write has begun) and a moment more,
 * calls `send` with the command's pid and its worker's. The result's status is the shell's for a process killed by
 * a signal (128 + its number) when the command itself died of one.
 */
async function interruptDuringWrite(input: string, out: string, send: (command: number, worker: number | null) => void, seen: Interruption): Promise<CaseResult> {
  let pid = 0;
  const done = runCommand(defaultArgs(input, out), out, { onSpawn: (p) => (pid = p) });
  let finished = false;
  void done.then(() => (finished = true));
  const folder = path.dirname(out);
  while (!finished && !seen.sent) {
    if (fs.readdirSync(folder).some((f) => f.endsWith(".tmp"))) {
      await sleep(300);
      seen.worker = childrenOf(pid)[0] ?? null;
      send(pid, seen.worker);
      seen.sent = true;
    } else await sleep(20);
  }
  const r = await done;
  return r.status === null && r.signal ? { ...r, status: 128 + os.constants.signals[r.signal] } : r;
}

/**
 * A preload (node -r) that makes a bug of the given kind happen in the middle of the write, outside the command's
 * own error handling: once the output's temporary file is being written, a timer throws (or a promise is rejected
 * with nobody to handle it). The temporary file exists by then, so its removal is tested too.
 */
function bugPreload(dir: string, kind: "exception" | "rejection"): string {
  const file = path.join(dir, `bug-${kind}.js`);
  const bug = kind === "exception" ? `throw new Error("boom from a timer")` : `Promise.reject(new Error("boom from a promise"))`;
  fs.writeFileSync(
    file,
    [
      `const fs = require("fs");`,
      `const create = fs.createWriteStream;`,
      `fs.createWriteStream = function (file, ...rest) {`,
      `  const stream = create.call(this, file, ...rest);`,
      `  if (String(file).endsWith(".tmp")) setTimeout(() => { ${bug}; }, 50);`,
      `  return stream;`,
      `};`,
      ``,
    ].join("\n"),
  );
  return file;
}

async function withNodeOptions<T>(options: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${before ?? ""} ${options}`.trim();
  try {
    return run(); // spawn copies the environment at once
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}

const sighup: Interruption = { sent: false, worker: null };
const sigquit: Interruption = { sent: false, worker: null };
const killedParent: Interruption = { sent: false, worker: null };
const killedWorker: Interruption = { sent: false, worker: null };
const otherToCommand: Interruption = { sent: false, worker: null };
const otherToWorker: Interruption = { sent: false, worker: null };
const asRoot = process.getuid?.() === 0;

export const cases: HostileCase[] = [
  {
    id: "process-input-fifo",
    klass,
    what: "a named pipe as the input is refused at once (exit 2), not read and waited on for ever",
    make: (dir) => {
      const fifo = path.join(dir, "book.xlsx");
      execSync(`mkfifo ${JSON.stringify(fifo)}`);
      return fifo;
    },
    expect: { exit: 2, stderr: /book\.xlsx: cannot read the workbook: it is a named pipe \(FIFO\)/ },
    limitSeconds: 20,
  },
  {
    id: "process-input-dev-zero",
    klass,
    what: "/dev/zero as the input is refused at once (exit 2), not read without end",
    make: () => "/dev/zero",
    expect: { exit: 2, stderr: /\/dev\/zero: cannot read the workbook: it is a device/ },
    limitSeconds: 20,
  },
  {
    id: "process-input-folder",
    klass,
    what: "a folder named like a workbook as the input is refused (exit 2)",
    make: (dir) => {
      fs.mkdirSync(path.join(dir, "book.xlsx"));
      return path.join(dir, "book.xlsx");
    },
    expect: { exit: 2, stderr: /book\.xlsx: cannot read the workbook: it is a folder/ },
  },
  {
    id: "process-out-missing-folder",
    klass,
    what: "--out into a folder that does not exist: one line naming the folder, exit 2",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    args: (input, out) => defaultArgs(input, path.join(path.dirname(out), "missing", "result.xlsx")),
    expect: { exit: 2, stderr: /^sla-ledger: cannot write \S*missing\/result\.xlsx: the folder \S*missing\/ does not exist/m },
  },
  {
    id: "process-out-missing-folder-zh",
    klass,
    what: "--out into a folder that does not exist, in Chinese (--lang zh)",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    args: (input, out) => [...defaultArgs(input, path.join(path.dirname(out), "missing", "result.xlsx")), "--lang", "zh"],
    expect: { exit: 2, stderr: /^sla-ledger：无法写入 \S*missing\/result\.xlsx：文件夹 \S*missing\/ 不存在/m },
  },
  {
    id: "process-out-under-a-file",
    klass,
    what: "--out inside a path that is a file, not a folder (refused for every account, the superuser too): exit 2",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    prepare: (_input, out) => fs.writeFileSync(path.join(path.dirname(out), "..", "notes.txt"), "a file, not a folder\n"),
    args: (input, out) => defaultArgs(input, path.join(path.dirname(out), "..", "notes.txt", "result.xlsx")),
    expect: { exit: 2, stderr: /^sla-ledger: cannot write \S*notes\.txt\/result\.xlsx: \S*notes\.txt is not a folder/m },
  },
  // The superuser may write in any folder, so a read-only folder refuses only other accounts.
  ...(asRoot
    ? []
    : [
        {
          id: "process-out-read-only-folder",
          klass,
          what: "--out into a read-only folder: one line, exit 2",
          make: (dir: string) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
          prepare: (_input: string, out: string) => fs.chmodSync(path.dirname(out), 0o555),
          expect: { exit: 2, stderr: /^sla-ledger: cannot write \S*result\.xlsx: the folder \S* is read-only/m },
        },
      ]),
  {
    id: "process-template-missing-folder",
    klass,
    what: "template into a folder that does not exist: one line naming the folder, exit 2",
    make: (dir) => dir,
    args: (_input, out) => ["template", path.join(path.dirname(out), "missing", "result.xlsx")],
    expect: { exit: 2, stderr: /^sla-ledger: cannot write \S*missing\/result\.xlsx: the folder \S*missing\/ does not exist/m },
  },
  {
    id: "process-out-read-only-file",
    klass,
    what: "an existing read-only --out (a month kept on purpose) is refused, not silently replaced: exit 2, the file unchanged",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    prepare: (_input, out) => {
      fs.writeFileSync(out, "last month's signed-off settlement\n");
      fs.chmodSync(out, 0o444);
    },
    expect: { exit: 2, wrote: true, stderr: /^sla-ledger: \S*result\.xlsx is read-only \(or this account may not write it\) and was not replaced; choose another name or make it writable/m },
    check: (r) => expect(fs.readFileSync(r.out, "utf8")).toBe("last month's signed-off settlement\n"),
  },
  {
    id: "process-escape-ticket-id",
    klass,
    what: "a ticket ID holding ESC ] 0 ; … BEL (an xterm title-setting sequence) reaches the issue line escaped, as \\u001b and \\u0007",
    make: async (dir) => writeCase(dir, "book.xlsx", await sampleWithString("HX-1001", "HX-_x001B_]0;pwned_x0007_1001")),
    expect: { exit: 0, stderr: /Ticket HX-\\u001b\]0;pwned\\u00071001 is paused/ },
  },
  {
    id: "process-escape-provider",
    klass,
    what: "a provider name holding ESC [ 2 J (clear screen), an 8-bit CSI and a right-to-left override reaches the summary escaped",
    make: async (dir) => writeCase(dir, "book.xlsx", await sampleWithString("Jietong Repair Ltd.", "Jietong _x001B_[2J_x009B_31mRepair\u202eLtd.")),
    expect: { exit: 0, stdout: /^Jietong \\u001b\[2J\\u009b31mRepair\\u202eLtd\.$/m },
    check: (r) => expect(r.stdout + r.stderr).not.toMatch(/\u202e/),
  },
  {
    id: "process-escape-json",
    klass,
    what: "with --json the same provider name is escaped in the form JSON itself uses, so the document still reads back to the exact name",
    make: async (dir) => writeCase(dir, "book.xlsx", await sampleWithString("Jietong Repair Ltd.", "Jietong _x001B_[2J_x009B_31mRepair\u202eLtd.")),
    args: (input, out) => [...defaultArgs(input, out), "--json"],
    expect: { exit: 0, stdout: /"provider": "Jietong \\u001b\[2J\\u009b31mRepair\\u202eLtd\."/ },
    check: (r) => {
      const json = JSON.parse(r.stdout) as { statements: { provider: string }[] };
      expect(json.statements.map((s) => s.provider)).toContain("Jietong \u001b[2J\u009b31mRepair\u202eLtd.");
    },
  },
  {
    id: "process-sighup-during-write",
    klass,
    what: "SIGHUP (the terminal closed) to the command's process group during the write: exit 129, no output, no temporary file",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (pid) => process.kill(-pid, "SIGHUP"), sighup),
    expect: { exit: 129, stderr: /stopped by SIGHUP; no partial file was left/ },
    check: () => expect(sighup.sent).toBe(true),
  },
  {
    id: "process-sigquit-during-write",
    klass,
    what: "SIGQUIT to the command alone during the write: passed to its worker; exit 131, no output, no temporary file",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (pid) => process.kill(pid, "SIGQUIT"), sigquit),
    expect: { exit: 131, stderr: /stopped by SIGQUIT; no partial file was left/ },
    check: () => expect(sigquit.sent).toBe(true),
  },
  {
    id: "process-sigkill-command",
    klass,
    what: "SIGKILL to the command during the write: its worker stops too and never publishes the output",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (pid) => process.kill(pid, "SIGKILL"), killedParent),
    expect: { exit: 137 },
    check: async (r) => {
      expect(killedParent.sent).toBe(true);
      expect(killedParent.worker).not.toBeNull();
      // Given time to finish the write it had begun, the worker would have published by now; it must be gone.
      await sleep(3000);
      expect(running(killedParent.worker!)).toBe(false);
      expect(fs.existsSync(r.out)).toBe(false);
      expect(fs.readdirSync(path.dirname(r.out))).toEqual([]);
    },
  },
  {
    id: "process-worker-killed",
    klass,
    what: "the worker killed by the system (SIGKILL, as the out-of-memory killer does) during the write: one line, exit 137, its temporary file removed",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (_pid, worker) => process.kill(worker!, "SIGKILL"), killedWorker),
    expect: { exit: 137, stderr: /^sla-ledger: the run was stopped by the system \(SIGKILL; most likely it ran out of memory\); no partial file was left/m },
    check: () => expect(killedWorker.worker).not.toBeNull(),
  },
  {
    id: "process-sigusr2-command",
    klass,
    what: "a signal the command does not handle (SIGUSR2) ends it during the write: its worker stops too, no output, no temporary file",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (pid) => process.kill(pid, "SIGUSR2"), otherToCommand),
    expect: { exit: 140 },
    check: async (r) => {
      expect(otherToCommand.sent).toBe(true);
      await sleep(3000);
      expect(running(otherToCommand.worker!)).toBe(false);
      expect(fs.existsSync(r.out)).toBe(false);
      expect(fs.readdirSync(path.dirname(r.out))).toEqual([]);
    },
  },
  {
    id: "process-sigalrm-worker",
    klass,
    what: "a signal the worker does not handle (SIGALRM) ends it during the write: one line, exit 142, its temporary file removed by the command",
    make: largeWorkbook,
    run: (input, out) => interruptDuringWrite(input, out, (_pid, worker) => process.kill(worker!, "SIGALRM"), otherToWorker),
    expect: { exit: 142, stderr: /^sla-ledger: the run was stopped by the system \(SIGALRM\); no partial file was left/m },
    check: () => expect(otherToWorker.worker).not.toBeNull(),
  },
  {
    id: "process-bug-exception",
    klass,
    what: "an exception thrown outside the command's error handling: one line, no stack trace, exit 3",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    run: (input, out) => withNodeOptions(`-r ${bugPreload(path.dirname(input), "exception")}`, () => runCommand(defaultArgs(input, out), out)),
    expect: { exit: 3, stderr: /^sla-ledger: internal error: boom from a timer\. Please report it .*SLA_LEDGER_DEBUG=1 shows the details\.$/m },
    check: (r) => expect(r.stderr).not.toMatch(/boom[\s\S]*boom/),
  },
  {
    id: "process-bug-rejection",
    klass,
    what: "a promise rejected with nobody to handle it: one line, no stack trace, exit 3",
    make: (dir) => writeCase(dir, "book.xlsx", fs.readFileSync(SAMPLE)),
    run: (input, out) => withNodeOptions(`-r ${bugPreload(path.dirname(input), "rejection")}`, () => runCommand(defaultArgs(input, out), out)),
    expect: { exit: 3, stderr: /^sla-ledger: internal error: boom from a promise\. Please report it/m },
    check: (r) => expect(r.stderr).not.toMatch(/boom[\s\S]*boom/),
  },
];
