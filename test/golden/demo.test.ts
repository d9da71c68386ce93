/**
 * Golden test of the demo: `sla-ledger reconcile examples/sample.xlsx --month 2026-10 --json` must give
 * exactly the committed findings, statements and issues. Any change in a figure is a failing test; after an
 * intended change, `UPDATE_GOLDEN=1 npx jest test/golden` rewrites the files and the diff is reviewed like code.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { main } from "../../src/cli/main";
import type { CliIO } from "../../src/cli/io";

const root = path.join(__dirname, "..", "..");
const SAMPLE = path.join(root, "examples", "sample.xlsx");
const golden = (part: string): string => path.join(__dirname, `sample-2026-10.${part}.json`);
const UPDATE = process.env.UPDATE_GOLDEN === "1";

interface Doc {
  month: string;
  currency: string;
  statements: Record<string, string>[];
  findings: Record<string, string>[];
  issues: Record<string, string>[];
}

let doc: Doc;
let exitCode: number;
let stderr = "";

beforeAll(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-golden-"));
  let stdout = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
    now: () => new Date(Date.UTC(2026, 10, 24)),
  };
  exitCode = await main(["reconcile", SAMPLE, "--month", "2026-10", "--json", "--lang", "en", "--out", path.join(dir, "out.xlsx")], io);
  doc = JSON.parse(stdout) as Doc;
  await fs.rm(dir, { recursive: true, force: true });
}, 120_000);

async function matchGolden(part: "findings" | "statements" | "issues", actual: unknown): Promise<void> {
  const file = golden(part);
  if (UPDATE) {
    await fs.writeFile(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  const expected = JSON.parse(await fs.readFile(file, "utf8"));
  expect(actual).toEqual(expected);
}

describe("demo golden files (examples/sample.xlsx, October 2026)", () => {
  it("runs to completion without data errors (exit 0) and one JSON document", () => {
    expect({ exitCode, month: doc.month, currency: doc.currency }).toEqual({ exitCode: 0, month: "2026-10", currency: "CNY" });
  });
  it("statements equal test/golden/sample-2026-10.statements.json", () => matchGolden("statements", doc.statements));
  it("findings equal test/golden/sample-2026-10.findings.json", () => matchGolden("findings", doc.findings));
  it("issues equal test/golden/sample-2026-10.issues.json", () => matchGolden("issues", doc.issues));
  it("each statement foots on its own lines, and every late finding charged is in it", () => {
    type Lines = { amount: string }[];
    const sum = (xs: Lines) => xs.reduce((n, x) => n + Math.round(Number(x.amount) * 100), 0);
    const cents = (x: string) => Math.round(Number(x) * 100);
    for (const s of doc.statements as unknown as Record<string, string & Lines>[]) {
      expect(sum(s.feeLines)).toBe(cents(s.fees));
      expect(sum(s.penaltiesByClause) + sum(s.unperformedLines)).toBe(cents(s.penalties));
      expect(cents(s.penalties) + cents(s.capAdjustment)).toBe(cents(s.penaltiesAfterCap));
      expect(sum(s.overdueSegments) + cents(s.overdueCapAdjustment)).toBe(cents(s.overdueFees));
      expect(cents(s.fees) - cents(s.penaltiesAfterCap) + cents(s.overdueFees)).toBe(cents(s.netPayable));
      // The penalties by clause are the late findings of this provider's settled tickets, no more, no fewer.
      const settled = new Set(s.feeLines.map((f) => (f as unknown as { ticket: string }).ticket));
      const charged = doc.findings.filter((f) => f.provider === s.provider && f.status === "late" && settled.has(f.ticket) && cents(f.penalty) > 0);
      expect(charged.reduce((n, f) => n + cents(f.penalty), 0)).toBe(sum(s.penaltiesByClause));
    }
  });
});
