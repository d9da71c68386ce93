/**
 * The PDF as a reader sees it: text extracted by poppler's pdftotext, fonts listed by pdffonts, page 1 rendered by
 * pdftoppm (the PNGs are written to test/artifacts/pdf/ to be looked at; the test checks they are not blank).
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { PNG } from "pngjs";
import { Dec } from "../../src/engine/core/money";
import { buildReport } from "../../src/engine/report/buildReport";
import type { EvidenceRow } from "../../src/engine/report/model";
import { renderReportPdf, writeReportPdf } from "../../src/pdf";
import { META, OTHER, PROVIDER, at, makeRun, statements } from "../report/fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "sla-pdf-"));
const outDir = path.join(__dirname, "..", "artifacts", "pdf"); // git-ignored; look at the PNGs
mkdirSync(outDir, { recursive: true });

const text = (file: string, pages?: [number, number]): string =>
  execFileSync("pdftotext", ["-layout", ...(pages ? ["-f", String(pages[0]), "-l", String(pages[1])] : []), file, "-"], { encoding: "utf8" });
const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);

const model = buildReport(makeRun(), PROVIDER, META);
const zhFile = path.join(dir, "report-zh.pdf");
const enFile = path.join(dir, "report-en.pdf");

beforeAll(async () => {
  await writeReportPdf(model, "zh", zhFile);
  await writeReportPdf(model, "en", enFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeReportPdf (zh)", () => {
  it("holds the title, parties and net payable to the fen, in Chinese", () => {
    const t = text(zhFile);
    for (const s of ["服务结算单", "结算汇总", PROVIDER, "上海某某电器有限公司", "HT-2026-018", "应付服务商净额", "12,485.23", "无异议金额", "12,185.23"]) {
      expect(t).toContain(s);
    }
  });

  it("holds every summary figure of the statement", () => {
    const t = text(zhFile);
    for (const s of ["12,345.60", "200.00", "80.00", "380.00", "-9.63", "370.37", "510.00", "300.00", "154.40"]) expect(t).toContain(s);
    expect(t).toMatch(/违约金 2\.2\(1\) 响应\s+2\s+200\.00/);
    expect(t).toMatch(/违约金 2\.3 维修\s+1\s+100\.00/);
  });

  it("holds the evidence, the overdue schedule, the dispute deadline and the sign-off block", () => {
    const t = text(zhFile);
    expect(t).toMatch(/T-1\s+2\.2\(1\)\s+2026-10-08 09:00\s+2026-10-09 11:30\s+2026-10-09 09:00\s+2小时30分钟\s+超时\s+100\.00/);
    expect(t).toContain("不可抗力");
    expect(t).toContain("逾期未完成");
    expect(t).toMatch(/S-2026-09\s+2026-10-15\s+2026-10-20\s+5\s+100,000.00\s+0\.05%\/天\s+250\.00/);
    expect(t).toContain("异议截止");
    // The end of Mon 11-09, as people read it: never "2026-11-10 00:00", which reads as a day later.
    expect(t).toContain("2026-11-09 24:00");
    expect(t).toContain("2026年11月9日（周一）24:00 前");
    expect(t).not.toContain("2026-11-10 00:00");
    for (const s of ["编制", "审核", "批准", "公司盖章", "签字", "适用条款", "付款期限(天)", model.evidenceFile.sha256]) expect(t).toContain(s);
  });

  it("never shows another provider's lines", () => {
    const t = text(zhFile);
    expect(t).not.toContain(OTHER);
    expect(t).not.toContain("T-9");
  });

  it("embeds Noto Sans SC as a subset (pdffonts: emb yes, sub yes), and no other font", () => {
    const lines = execFileSync("pdffonts", [zhFile], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toMatch(/^[A-Z]{6}\+NotoSansSC-/);
      expect(line).toMatch(/\syes\s+yes\s+yes\s/);
    }
    // Subsetting keeps the file small: the full TTFs are ~10 MB each.
    expect(readFileSync(zhFile).length).toBeLessThan(300_000);
  });

  it("puts contract number and page n of N in every page's footer", () => {
    const n = pageCount(zhFile);
    for (let p = 1; p <= n; p++) {
      const t = text(zhFile, [p, p]);
      expect(t).toContain(`第 ${p} 页，共 ${n} 页`);
      expect(t).toContain("合同编号 HT-2026-018");
    }
  });

  it("renders page 1 to a PNG that is not blank", () => {
    execFileSync("pdftoppm", ["-r", "50", "-png", "-f", "1", "-l", "1", zhFile, path.join(outDir, "report-zh")]);
    const png = PNG.sync.read(readFileSync(path.join(outDir, "report-zh-1.png")));
    // A4 landscape at 50 dpi: 585 × 413 px.
    expect(png.width).toBeGreaterThan(png.height);
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 128 && png.data[i + 1] < 128 && png.data[i + 2] < 128) ink++;
    const share = ink / (png.width * png.height);
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.5);
  });
});

describe("writeReportPdf (en)", () => {
  it("uses English words with the same figures", () => {
    const t = text(enFile);
    for (const s of ["Settlement Statement", "Net payable to provider", "12,485.23", "Penalty cap adjustment", "-9.63", "Dispute deadline", "Prepared by", "Company seal"]) {
      expect(t).toContain(s);
    }
    // Chinese data (names) still render in the English report.
    expect(t).toContain(PROVIDER);
    expect(text(enFile, [1, 1])).toMatch(/Page 1 of \d/);
  });
});

describe("late fee cap", () => {
  it("shows the Late Fee Cap line under the overdue schedule, and the capped total", async () => {
    const capped = { ...statements[0], overdueCapAdjustment: new Dec("-10.00"), overdueFees: new Dec("500.00"), netPayable: new Dec("12475.23") };
    const file = path.join(dir, "capped.pdf");
    require("fs").writeFileSync(file, await renderReportPdf(buildReport(makeRun({ statements: [capped] }), PROVIDER, META), "zh"));
    const t = text(file);
    expect(t).toMatch(/滞纳金封顶调整\s+-10\.00/);
    expect(t).toMatch(/逾期付款滞纳金\s+500\.00/);
    expect(t).toContain("12,475.23");
  });
});

describe("long evidence", () => {
  it("breaks across pages with the table header repeated on each page, and the rows foot", async () => {
    const rows: EvidenceRow[] = [];
    for (let i = 0; i < 150; i++) {
      rows.push({
        ticket: `L-${String(i).padStart(3, "0")}`, clauseRef: "2.2(1)", clauseName: "响应", unit: "hours", target: 24,
        start: at(10, 3, 9), end: at(10, 4, 11), due: at(10, 4, 9), lateBySeconds: 7200, lateCount: 1, status: "late",
        penalty: new Dec("100.00"), trace: { en: "due = start + 24 h", zh: "截止 = 起算 + 24小时" }, exemption: "", source: "",
      });
    }
    const total = new Dec(15000);
    const long = { ...model, evidence: rows, summary: { ...model.summary, penaltiesBeforeCap: total } };
    const file = path.join(dir, "long.pdf");
    const bytes = await renderReportPdf(long, "en");
    require("fs").writeFileSync(file, bytes);
    const n = pageCount(file);
    expect(n).toBeGreaterThanOrEqual(4);
    const all = text(file);
    for (let i = 0; i < 150; i++) expect(all).toContain(`L-${String(i).padStart(3, "0")}`);
    expect(all).toContain("15,000.00");
    // Every page that carries evidence rows starts its table with the header row.
    for (let p = 2; p <= n; p++) {
      const t = text(file, [p, p]);
      if (/L-\d{3}/.test(t)) expect(t).toMatch(/Ticket\s+Clause\s+Start\s+End\s+Due/);
    }
  });
});

describe("what the provider receives (the PDF stands on its own)", () => {
  it("cites nothing the provider does not hold: no specification clauses, no sheets of the issuer's workbook", () => {
    for (const file of [zhFile, enFile]) expect(text(file)).not.toMatch(/SPEC|§|Data Issues|数据问题|规范 /);
  });

  it("prints a SHA-256 the recipient can recompute: that of the CSV attached to the PDF, which holds the printed figures", () => {
    const out = mkdtempSync(path.join(tmpdir(), "sla-pdf-detach-"));
    try {
      execFileSync("pdfdetach", ["-saveall", "-o", out, zhFile]);
      const name = model.evidenceFile.name;
      const bytes = readFileSync(path.join(out, name));
      const digest = createHash("sha256").update(bytes).digest("hex");
      // The digest printed on page 1 is the attachment's, as a recipient computes it with any SHA-256 tool.
      expect(text(zhFile, [1, 1])).toContain(digest);
      expect(text(zhFile, [1, 1])).toContain(`证据文件 ${name}`);
      const csv = bytes.toString("utf8");
      expect(csv).toContain("12485.23"); // net payable
      for (const e of model.evidence) expect(csv).toContain(`\n${e.ticket},${e.clauseRef},`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("writes a long legal name in full, wrapped, never cut with an ellipsis", async () => {
    const legal = "Shenzhen Jietong Electronic Equipment Maintenance and After-Sales Technical Services Company Limited (Longgang Branch)";
    const run = makeRun({ statements: [{ ...statements[0], provider: legal }] });
    run.findings.forEach((f) => { if (f.provider === PROVIDER) (f as { provider: string }).provider = legal; });
    const file = path.join(dir, "legal.pdf");
    writeFileSync(file, await renderReportPdf(buildReport(run, legal, META), "en"));
    const page1 = execFileSync("pdftotext", ["-f", "1", "-l", "1", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(page1).toContain(legal);
    expect(page1).not.toMatch(/Shenzhen Jietong[\w\s()-]*…/);
    // The only ellipsis left is the footer's short digest (printed in full above it).
    expect(page1.replace(/[0-9a-f]{16}…/g, "")).not.toContain("…");
  });

  it("keeps the summary on page 1 when long notices come first (no mostly blank first page)", async () => {
    const many = Array.from({ length: 60 }, (_, i) => `T-${1000 + i}`);
    const file = path.join(dir, "provisional.pdf");
    const m = buildReport(makeRun({ statements: [{ ...statements[0], excludedTickets: many, provisional: true }, statements[1]] }), PROVIDER, META);
    writeFileSync(file, await renderReportPdf(m, "en"));
    const page1 = text(file, [1, 1]);
    expect(page1).toContain("PROVISIONAL — 60 tickets are not yet included");
    expect(page1).toContain("Net payable to provider — provisional");
    expect(page1).toContain("Summary");
    expect(page1).toContain("Service fees");
  });

  it("uses the bold weight for headings and totals (Noto Sans SC Bold embedded beside Regular)", () => {
    const fonts = execFileSync("pdffonts", [zhFile], { encoding: "utf8" });
    expect(fonts).toMatch(/NotoSansSC-Regular/);
    expect(fonts).toMatch(/NotoSansSC-Bold/);
  });
});
