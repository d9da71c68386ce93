/**
 * `sla-ledger report … --pdf`: wired to the report helper's buildReport + PDF renderer. The engine is replaced by
 * the report tests' hand-made settled run (test/report/fixtures.ts, two providers, every figure checked by hand),
 * so this checks the command's part: which files are written, their names, exit codes, and the header's meta.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { CliIO } from "../../src/cli/io";
import { workbookBytes } from "../../src/xlsx/write";
import { makeRun, OTHER, PROVIDER } from "../report/fixtures";

jest.mock("../../src/cli/pipeline", () => ({
  settleMonth: () => ({ ...jest.requireActual("../report/fixtures").makeRun(), lang: "zh", sheets: [], json: {} }),
  templateWorkbook: () => [],
}));
// eslint-disable-next-line import/first
import { main } from "../../src/cli/main";

let dir: string;
let book: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-cli-report-"));
  book = path.join(dir, "book.xlsx");
  await fs.writeFile(book, await workbookBytes([{ name: "Tickets", role: "template", rows: [["Ticket ID"], ["T-1"]], formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] }]));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

function capture(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s), isTTY: false },
    env, now: () => new Date(Date.UTC(2026, 10, 24, 20, 15, 30)), out: () => out, err: () => err,
  };
}

const pdfText = (file: string): string => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });

it("one provider: exactly --pdf, with the statement's figures, the input's SHA-256 and the generation time", async () => {
  const out = path.join(dir, "report.pdf");
  const io = capture({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 1, 8, 0, 0) / 1000) });
  expect(await main(["report", book, "--month", "2026-10", "--provider", PROVIDER, "--pdf", out, "--lang", "zh"], io)).toBe(0);
  expect(io.out()).toBe(`已写入 ${out}\n`);
  const bytes = await fs.readFile(out);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const text = pdfText(out);
  expect(text).toContain("12,485.23");
  // The input workbook's SHA-256 is the issuer's record: in the PDF's metadata (the page prints the evidence file's).
  expect(execFileSync("pdfinfo", [out], { encoding: "utf8" })).toContain(`input-sha256:${createHash("sha256").update(await fs.readFile(book)).digest("hex")}`);
  expect(text).toContain("2026-11-01T08:00:00Z"); // SOURCE_DATE_EPOCH wins over the clock
  expect(text).not.toContain(OTHER);
}, 60_000);

it("several providers and no --provider: one PDF per provider, named after it", async () => {
  const out = path.join(dir, "month.pdf");
  const io = capture();
  expect(await main(["report", book, "--month", "2026-10", "--pdf", out, "--lang", "en"], io)).toBe(0);
  const files = (await fs.readdir(dir)).filter((f) => f.startsWith("month")).sort();
  expect(files).toEqual(["month.Northwind-Repairs.pdf", `month.${PROVIDER}.pdf`].sort());
  // Never silently many files: stderr says so and names each file with its provider.
  expect(io.err()).toContain(`--pdf ${out}: 2 providers, one PDF each:\n`);
  expect(io.err()).toContain(`  ${path.join(dir, "month.Northwind-Repairs.pdf")} — Northwind Repairs\n`);
  expect(io.err()).toContain(`  ${path.join(dir, `month.${PROVIDER}.pdf`)} — ${PROVIDER}\n`);
  expect(pdfText(path.join(dir, "month.Northwind-Repairs.pdf"))).toContain("200.00");
  expect(makeRun().statements).toHaveLength(2);
  // Without SOURCE_DATE_EPOCH the host clock (injected here) is the generation time.
  expect(pdfText(path.join(dir, "month.Northwind-Repairs.pdf"))).toContain("2026-11-24T20:15:30Z");
}, 60_000);

it.each([
  [["report", "BOOK", "--month", "2026-10", "--pdf", "out.txt"], /--pdf must name a \.pdf/],
  [["report", "BOOK", "--month", "2026-10"], /required option '--pdf/],
  [["report", "BOOK", "--pdf", "x.pdf"], /required option '--month/],
])("usage errors exit 2: %j", async (args, message) => {
  const io = capture();
  expect(await main(args.map((a) => a.replace("BOOK", book)), io)).toBe(2);
  expect(io.err()).toMatch(message);
});
