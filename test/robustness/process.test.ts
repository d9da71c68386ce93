/**
 * What the hostile corpus (test/hostile/cases/process.ts) cannot run as a case: an input past the 1 GiB size cap
 * (a sparse file, so the test writes no gigabyte — the corpus would read it whole to fingerprint it), the `report`
 * command on a pipe and into a missing folder, and SLA_LEDGER_DEBUG=1 showing the stack trace of a bug.
 */
import { execSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliCommand } from "../cli/cliCommand";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-process-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sample = path.resolve(__dirname, "../../examples/sample.xlsx");

interface Ran {
  status: number | null;
  stderr: string;
  timedOut: boolean;
}

/** The command in a process group of its own, killed whole if it has not ended in 30 s (a hang fails, not blocks). */
function run(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const [cmd, ...pre] = cliCommand();
  return new Promise((resolve) => {
    const child = spawn(cmd, [...pre, ...args], { stdio: ["ignore", "ignore", "pipe"], detached: true, env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "", ...env } });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, "SIGKILL");
    }, 30_000);
    child.on("close", (status) => {
      clearTimeout(limit);
      resolve({ status, stderr, timedOut });
    });
  });
}

it.each(["reconcile", "report"])("%s: a file past the 1 GiB cap is refused before it is read (exit 2, nothing written)", async (command) => {
  const big = path.join(dir, `big-${command}.xlsx`);
  // 1.5 GiB that take no disk: a sparse file (a hole reads as zeros).
  fs.closeSync(fs.openSync(big, "w"));
  fs.truncateSync(big, 1.5 * 2 ** 30);
  const out = path.join(dir, `big-${command}.out`);
  const r = await run(command === "reconcile" ? ["reconcile", big, "--month", "2026-10", "--out", `${out}.xlsx`] : ["report", big, "--month", "2026-10", "--pdf", `${out}.pdf`]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/big-\w+\.xlsx: cannot read the workbook: it is 1,536 MiB, more than the 1,024 MiB the command reads/);
  expect(fs.readdirSync(dir).filter((f) => f.includes(".out"))).toEqual([]);
});

it("report: a named pipe as the input is refused at once (exit 2)", async () => {
  const fifo = path.join(dir, "pipe.xlsx");
  execSync(`mkfifo ${JSON.stringify(fifo)}`);
  const r = await run(["report", fifo, "--month", "2026-10", "--pdf", path.join(dir, "pipe.pdf")]);
  expect(r.timedOut).toBe(false);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/pipe\.xlsx: cannot read the workbook: it is a named pipe \(FIFO\)/);
});

it("report: --pdf into a folder that does not exist is one line naming the folder, exit 2", async () => {
  const r = await run(["report", sample, "--month", "2026-10", "--pdf", path.join(dir, "missing", "report.pdf")]);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(`sla-ledger: cannot write ${path.join(dir, "missing", "report.pdf")}: the folder ${path.join(dir, "missing")}/ does not exist; create it or choose another place\n`);
});

it("a bug prints one line, and its stack trace only with SLA_LEDGER_DEBUG=1", async () => {
  const preload = path.join(dir, "bug.js");
  fs.writeFileSync(preload, `if (process.env.SLA_LEDGER_SIZED) setImmediate(() => { throw new Error("boom"); });\n`);
  const out = path.join(dir, "bug.xlsx");
  const plain = await run(["reconcile", sample, "--month", "2026-10", "--out", out], { NODE_OPTIONS: `-r ${preload}` });
  const debug = await run(["reconcile", sample, "--month", "2026-10", "--out", out], { NODE_OPTIONS: `-r ${preload}`, SLA_LEDGER_DEBUG: "1" });
  for (const r of [plain, debug]) {
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^sla-ledger: internal error: boom\. Please report it/m);
  }
  expect(plain.stderr).not.toMatch(/^\s+at /m);
  expect(debug.stderr).toMatch(/^Error: boom\n\s+at .*bug\.js/m);
  expect(fs.existsSync(out)).toBe(false);
});
