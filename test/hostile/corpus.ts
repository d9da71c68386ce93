/**
 * The hostile-workbook corpus: crafted inputs and file-system situations, each with what the command must do with
 * it. The cases live in test/hostile/cases/*.ts (one file per class of attack or damage, each exporting `cases`);
 * nothing is committed as a binary — every input is generated here, by `make`.
 *
 * `npm test` runs every case through the real command (test/hostile/corpus.test.ts); `npm run hostile-corpus -- DIR`
 * writes the inputs to a folder for trying by hand.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { cliCommand } from "../cli/cliCommand";

/** What a run of the command did. */
export interface CaseResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The --out path the case was given, and whether it exists after the run. */
  out: string;
  wrote: boolean;
  /** Files left in the output folder other than the output itself (temporary files, strays). */
  strays: string[];
  /** The highest resident memory seen in the command's processes (MiB); null where /proc cannot tell. */
  peakMiB: number | null;
  ms: number;
  timedOut: boolean;
}

export interface HostileCase {
  /** Unique, safe as a file name. */
  id: string;
  /** The class of the guarantee it tests (docs/SECURITY.md lists them). */
  klass: string;
  /** One line: what is hostile or damaged about it. */
  what: string;
  /** Writes the input into `dir` and returns its path (it may also be a folder, a pipe, a device…). */
  make(dir: string): Promise<string> | string;
  /** The command's arguments; by default `reconcile INPUT --month 2026-10 --out OUT`. */
  args?(input: string, out: string): string[];
  /** Before the run, after `make` (e.g. make the output folder read-only). */
  prepare?(input: string, out: string): void;
  expect: {
    exit: number;
    /** What stderr must say (one of its lines). */
    stderr?: RegExp;
    stdout?: RegExp;
    /** Whether the output must exist afterwards; by default: exactly when the exit is 0 or 1. */
    wrote?: boolean;
  };
  /** More assertions on the result (read the output, compare figures…). */
  check?(r: CaseResult, input: string): void | Promise<void>;
  /** A run of its own instead of the plain one (signals, process trees); the generic checks still apply. */
  run?(input: string, out: string): Promise<CaseResult>;
  /** Seconds the case may take before it counts as a hang (default 60). */
  limitSeconds?: number;
}

/** Every case of test/hostile/cases/*.ts, in file then list order. */
export function allCases(): HostileCase[] {
  const dir = path.join(__dirname, "cases");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort() : [];
  const cases = files.flatMap((f) => (require(path.join(dir, f)) as { cases: HostileCase[] }).cases);
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`two hostile cases are called ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}

export function defaultArgs(input: string, out: string): string[] {
  return ["reconcile", input, "--month", "2026-10", "--out", out];
}

/** Peak resident memory of a process and its descendants, from /proc (VmHWM per process), in MiB. */
function peakOfTree(pid: number): number | null {
  try {
    let total = 0;
    const stack = [pid];
    while (stack.length) {
      const p = stack.pop()!;
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) total = Math.max(total, Number(m[1]) / 1024);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    }
    return total;
  } catch {
    return null;
  }
}

/** Runs the command as a user would, in a process of its own, watching its memory and time. */
export function runCommand(args: string[], out: string, opts: { limitSeconds?: number; onSpawn?: (pid: number) => void } = {}): Promise<CaseResult> {
  const [cmd, ...pre] = cliCommand();
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, [...pre, ...args], { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", LC_MESSAGES: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    let peak: number | null = null;
    const watch = setInterval(() => {
      const p = peakOfTree(child.pid!);
      if (p !== null) peak = Math.max(peak ?? 0, p);
    }, 50);
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, (opts.limitSeconds ?? 60) * 1000);
    opts.onSpawn?.(child.pid!);
    child.on("close", (status, signal) => {
      clearInterval(watch);
      clearTimeout(limit);
      const folder = path.dirname(out);
      const strays = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f !== path.basename(out)) : [];
      resolve({ status, signal, stdout, stderr, out, wrote: fs.existsSync(out), strays, peakMiB: peak, ms: Date.now() - started, timedOut });
    });
  });
}

/** sha256 of a regular file, or null for anything else (a folder, a pipe, a device, nothing). */
export function fingerprint(file: string): string | null {
  try {
    if (!fs.statSync(file).isFile()) return null;
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return null;
  }
}
