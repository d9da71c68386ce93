/**
 * Every hostile workbook of the corpus (test/hostile/cases) through the real command: what the case expects, and,
 * for every case alike, the guarantees docs/SECURITY.md makes —
 * - the input is never modified;
 * - a failure reaches the user as plain lines: no stack trace, no unhandled rejection, no raw error object;
 * - nothing from a cell reaches the terminal as a control sequence (no ESC, BEL or other C0/C1 control);
 * - an output exists only on exit 0 or 1, and no temporary or stray file is left beside it;
 * - the run ends within its time limit (60 s) and under 4 GiB of memory.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allCases, defaultArgs, fingerprint, runCommand, type HostileCase } from "./corpus";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "sla-hostile-"));
afterAll(() => {
  // Cases may leave read-only folders behind (that is what they test): make them writable to remove them.
  const unlock = (p: string) => {
    try {
      const st = fs.lstatSync(p);
      if (st.isDirectory()) {
        fs.chmodSync(p, 0o755);
        for (const f of fs.readdirSync(p)) unlock(path.join(p, f));
      }
    } catch {
      /* gone */
    }
  };
  unlock(root);
  fs.rmSync(root, { recursive: true, force: true });
});

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|native\)?)$/m;
const RAW_ERROR = /\[Error[:\]]|\berrno:|\bsyscall:|UnhandledPromiseRejection|Unhandled 'error' event|node:internal|FATAL ERROR|Aborted \(core dumped\)/;
// C0 controls other than tab and line feed, DEL, and C1 controls: none may reach a terminal from a cell.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const cases = allCases();

it("the corpus has cases", () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each(cases.map((c) => [c.id, c] as [string, HostileCase]))("%s", (id, c) => {
  it(c.what, async () => {
    const dir = fs.mkdtempSync(path.join(root, `${id}-`));
    const input = await c.make(dir);
    const outDir = path.join(dir, "out");
    fs.mkdirSync(outDir);
    const out = path.join(outDir, "result.xlsx");
    c.prepare?.(input, out);
    const before = fingerprint(input);
    const r = c.run ? await c.run(input, out) : await runCommand((c.args ?? defaultArgs)(input, out), out, { limitSeconds: c.limitSeconds });
    const said = `exit ${r.status}${r.signal ? ` (${r.signal})` : ""} after ${r.ms} ms, peak ${r.peakMiB?.toFixed(0)} MiB\nstderr:\n${r.stderr.slice(0, 3000)}\nstdout:\n${r.stdout.slice(0, 1000)}`;
    expect({ timedOut: r.timedOut, said }).toEqual({ timedOut: false, said });
    expect({ exit: r.status, said }).toEqual({ exit: c.expect.exit, said });
    if (c.expect.stderr) expect(r.stderr).toMatch(c.expect.stderr);
    if (c.expect.stdout) expect(r.stdout).toMatch(c.expect.stdout);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).not.toMatch(RAW_ERROR);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    expect(r.wrote).toBe(c.expect.wrote ?? (c.expect.exit === 0 || c.expect.exit === 1));
    expect(r.strays).toEqual([]);
    if (before !== null) expect(fingerprint(input)).toBe(before);
    if (r.peakMiB !== null) expect(r.peakMiB).toBeLessThan(4096);
    await c.check?.(r, input);
  }, ((c.limitSeconds ?? 60) + 60) * 1000);
});
