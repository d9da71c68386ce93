/**
 * A large copy being written: Ctrl-C (SIGINT) or a kill (SIGTERM) in the middle of the write leaves neither
 * the output nor a temporary file behind and exits 130 / 143; a damaged input exits 2 with a message and writes
 * nothing.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { syntheticWorkbook } from "../../bench/synthetic";
import type { OutputSheet } from "../../src/engine/core/output";
import { workbookBytes } from "../../src/xlsx/write";
import { cliCommand } from "../cli/cliCommand";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sla-interrupt-"));
const input = path.join(dir, "large.xlsx");

beforeAll(async () => {
  // 30,000 tickets: about 100,000 Findings rows, so the write lasts long enough to be interrupted.
  const wb = syntheticWorkbook(30000);
  const sheets: OutputSheet[] = wb.sheets.map((sh) => ({
    name: sh.name, role: "template", rows: sh.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [],
  }));
  fs.writeFileSync(input, await workbookBytes(sheets, { fixedDate: new Date(Date.UTC(2026, 10, 1)) }));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder: string) => fs.readdirSync(folder).filter((f) => f !== "large.xlsx" && f !== "damaged.xlsx");

it.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("%s while the sheets are written: exit %i, no output, no temporary file", async (signal, code) => {
  const outDir = fs.mkdtempSync(path.join(dir, `${signal}-`));
  const out = path.join(outDir, "out.xlsx");
  const [cmd, ...args] = cliCommand();
  const child = spawn(cmd, [...args, "reconcile", input, "--month", "2026-10", "--out", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  // The write has begun once its temporary file exists beside the target; the signal comes a moment later, while
  // sheets are being written.
  let sent = false;
  for (let i = 0; i < 6000 && !sent; i++) {
    if (fs.readdirSync(outDir).some((f) => f.endsWith(".tmp"))) {
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      sent = true;
    } else await new Promise((r) => setTimeout(r, 20));
  }
  expect(sent).toBe(true);
  expect(await exited).toBe(code);
  expect(leftovers(outDir)).toEqual([]);
  expect(stderr).not.toMatch(/internal error/);
}, 300_000);

it("a damaged part in a large workbook: exit 2, a message, nothing written", () => {
  // Corrupt the compressed bytes of the largest part (the Tickets sheet) past its first kilobytes, so the zip's
  // directory still reads and the damage is met while inflating.
  const bytes = Buffer.from(fs.readFileSync(input));
  for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 4096; i++) bytes[i] ^= 0x5a;
  const damaged = path.join(dir, "damaged.xlsx");
  fs.writeFileSync(damaged, bytes);
  const outDir = fs.mkdtempSync(path.join(dir, "damaged-"));
  const out = path.join(outDir, "out.xlsx");
  const [cmd, ...args] = cliCommand();
  const r = spawnSync(cmd, [...args, "reconcile", damaged, "--month", "2026-10", "--out", out], {
    encoding: "utf8",
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/cannot read the workbook|damaged/);
  expect(leftovers(outDir)).toEqual([]);
}, 300_000);
