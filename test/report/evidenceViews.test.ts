/**
 * The report built for a consumer in the same thread (ReportOptions: evidence rows as views over the findings, the
 * host's hasher) must be the report built as plain data: the same rows, texts, sheet, CSV and digest. On the real
 * pipeline (examples/sample.xlsx, findings as the engine makes them) and on hand-made runs.
 */
import { createHash } from "crypto";
import fc from "fast-check";
import path from "path";
import { settleMonth, type SettlementRun } from "../../src/engine";
import type { Finding, FindingStatus } from "../../src/engine/core/finding";
import { Dec, ZERO } from "../../src/engine/core/money";
import { rowBlockOf, rowCountOf, rowStylesOf, type OutputSheet } from "../../src/engine/core/output";
import { sha256OfTexts } from "../../src/engine/core/sha256";
import { formatDay, formatLocal } from "../../src/engine/core/time";
import { buildReport, buildReportSheet, reportProviders, type EvidenceRow, type ReportModel } from "../../src/engine/report";
import { evidenceCsv, evidenceCsvPieces, evidenceFile } from "../../src/engine/report/evidenceCsv";
import { readXlsx } from "../../src/xlsx";
import { META, OTHER, PROVIDER, findings, makeRun, statements } from "./fixtures";
import { nodeSha256 } from "../../src/cli/main";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample.xlsx");
const nodeSha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Every field of an evidence row as read, both languages of its texts. */
const rowAsRead = (e: EvidenceRow) => ({
  ticket: e.ticket, clauseRef: e.clauseRef, clauseName: e.clauseName, unit: e.unit, target: e.target, start: e.start, end: e.end,
  due: e.due, lateBySeconds: e.lateBySeconds, lateBy: e.lateBy && { en: e.lateBy.en, zh: e.lateBy.zh }, lateCount: e.lateCount,
  status: e.status, penalty: e.penalty.toString(), trace: { en: e.trace.en, zh: e.trace.zh }, exemption: e.exemption, source: e.source,
});

/** A sheet as a host reads it: rows in blocks, formats, styles, formulas, tables, print setup. */
const sheetAsRead = (sheet: OutputSheet) => {
  const rows = [];
  for (let r = 0; r < rowCountOf(sheet); r += 7) rows.push(...rowBlockOf(sheet, r, r + 7));
  const { name, role, formulas, columns, cellFormats, freezeRows, tables, pageSetup } = sheet;
  return { rows, name, role, formulas, columns, cellFormats, styles: rowStylesOf(sheet), freezeRows, tables, pageSetup };
};

function expectSameReport(plain: ReportModel, views: ReportModel): void {
  expect(views.evidence.map(rowAsRead)).toEqual(plain.evidence.map(rowAsRead));
  expect(JSON.stringify(views)).toBe(JSON.stringify(plain));
  expect(views.evidenceFile.sha256).toBe(plain.evidenceFile.sha256);
  expect(views.evidenceFile.name).toBe(plain.evidenceFile.name);
  expect(views.evidenceFile.csv).toBe(plain.evidenceFile.csv);
  for (const lang of ["en", "zh"] as const) expect(sheetAsRead(buildReportSheet(views, lang))).toEqual(sheetAsRead(buildReportSheet(plain, lang)));
}

describe("evidence views and the host's hasher give the plain report (the sample, settled by the engine)", () => {
  let run: SettlementRun;
  beforeAll(async () => {
    run = settleMonth(await readXlsx(SAMPLE), { month: "2026-10", lang: "en" });
  });

  it("for every provider: rows, JSON, sheet in both languages, CSV and digest", () => {
    const providers = reportProviders(run);
    expect(providers.length).toBeGreaterThanOrEqual(2);
    for (const provider of providers) {
      const plain = buildReport(run, provider, META);
      expect(plain.evidence.length).toBeGreaterThan(10);
      expect(plain.evidence.some((e) => e.lateBy && e.lateBy.en !== "")).toBe(true);
      expectSameReport(plain, buildReport(run, provider, META, { evidenceViews: true, sha256: nodeSha256 }));
      expectSameReport(plain, buildReport(run, provider, META, { evidenceViews: true }));
    }
  });

  it("the digest is the SHA-256 of the CSV's UTF-8 bytes, whichever hasher made it", () => {
    const provider = reportProviders(run)[0];
    const plain = buildReport(run, provider, META);
    expect(plain.evidenceFile.sha256).toBe(nodeSha(plain.evidenceFile.csv));
    expect(buildReport(run, provider, META, { sha256: nodeSha256 }).evidenceFile.sha256).toBe(plain.evidenceFile.sha256);
  });
});

describe("hand-made runs", () => {
  it("views give the same report for each provider, and for one without a statement", () => {
    for (const provider of [PROVIDER, OTHER, "Nobody Ltd"]) {
      expectSameReport(buildReport(makeRun(), provider, META), buildReport(makeRun(), provider, META, { evidenceViews: true }));
    }
  });

  it("the host's hasher is given the CSV in pieces of whole lines, and its answer is the digest printed", () => {
    const seen: string[] = [];
    const m = buildReport(makeRun(), PROVIDER, META, {
      sha256: (texts) => {
        for (const t of texts) seen.push(t);
        return "f".repeat(64);
      },
    });
    expect(m.evidenceFile.sha256).toBe("f".repeat(64));
    expect(seen.join("")).toBe(m.evidenceFile.csv);
    expect(seen.every((t) => t.endsWith("\n"))).toBe(true);
    expect(buildReportSheet(m, "en").rows.some((r) => r.includes("f".repeat(64)))).toBe(true);
  });
});

/** The CSV as its file comment defines it, a field at a time: the oracle for the one-template rows. */
function csvByDefinition(m: Omit<ReportModel, "evidenceFile">): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const line = (cells: (string | number)[]) => `${cells.map(field).join(",")}\n`;
  const h = m.header;
  const s = m.summary;
  const money = (d: Dec) => d.toFixed(h.minorDigits, Dec.ROUND_HALF_UP);
  const at = (t: number | null) => (t === null ? "" : formatLocal(t as Parameters<typeof formatLocal>[0]));
  let out = line(["contract", "customer", "provider", "month", "statement", "statement_date", "payment_due", "currency",
    "fees", "penalties_before_cap", "cap_adjustment", "overdue_fees", "net_payable", "disputed", "provisional"]);
  out += line([h.contractNo, h.customer, h.provider, h.month, h.statementNo, formatDay(h.statementDate), formatDay(h.paymentDue), h.currency,
    money(s.fees), money(s.penaltiesBeforeCap), money(s.capAdjustment), money(s.overdueFees), money(s.netPayable), money(s.disputed), s.provisional ? "yes" : "no"]);
  out += line(["ticket", "clause", "start", "end", "due", "late_by_seconds", "status", "penalty", "exemption"]);
  for (const e of m.evidence) out += line([e.ticket, e.clauseRef, at(e.start), at(e.end), at(e.due), e.lateBySeconds, e.status, money(e.penalty), e.exemption]);
  return out;
}

describe("the evidence CSV", () => {
  it("quotes workbook texts with commas, quotes and line breaks as the definition does, over many pieces", () => {
    const model = buildReport(makeRun(), PROVIDER, META);
    const odd = ["T,1", 'T"2', "T\n3", "T\r4", "plain", "工单，5"];
    const many: EvidenceRow[] = [];
    for (let i = 0; i < 6000; i++) {
      const e = model.evidence[i % model.evidence.length];
      many.push({ ...rowAsRead(e), penalty: new Dec(i % 3 === 0 ? "-0" : `${i}.5`), ticket: `${odd[i % odd.length]}-${i}`,
        clauseRef: i % 5 === 0 ? '2.2"x"' : e.clauseRef, exemption: i % 4 === 0 ? 'force majeure, "storm"' : e.exemption, lateBy: undefined });
    }
    const big = { ...model, evidence: many };
    const pieces = [...evidenceCsvPieces(big)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((p) => p.endsWith("\n"))).toBe(true);
    expect(evidenceCsv(big)).toBe(csvByDefinition(big));
    const file = evidenceFile(big);
    expect(file.csv).toBe(csvByDefinition(big));
    expect(file.sha256).toBe(nodeSha(file.csv));
    expect(sha256OfTexts(pieces)).toBe(file.sha256);
  });

  it("kept or written again when read, it is the same text", () => {
    const model = buildReport(makeRun(), PROVIDER, META);
    const later = evidenceFile(model, { keepCsv: false });
    expect(Object.getOwnPropertyDescriptor(later, "csv")?.get).toBeDefined();
    expect(later.csv).toBe(evidenceFile(model).csv);
    expect(later.csv).toBe(later.csv);
  });
});

describe("a finding's penalty is its statement line, summed (law, against the plain definition)", () => {
  /** The evidence's tickets, clauses, statuses and penalties as the report defined them before it was made faster. */
  function byDefinition(all: readonly Finding[], lines: readonly { ticket: string; clauseRef: string; amount: Dec }[], provider: string): string[] {
    const lineOf = new Map<string, Dec>();
    for (const l of lines) {
      const key = `${l.ticket}\u0000${l.clauseRef}`;
      lineOf.set(key, (lineOf.get(key) ?? ZERO).plus(l.amount));
    }
    const rows: { ticket: string; clauseRef: string; status: string; penalty: Dec }[] = [];
    const shown = new Set<string>();
    for (const f of all) {
      if (f.provider !== provider) continue;
      const key = `${f.ticket}\u0000${f.clauseRef}`;
      const charged = lineOf.get(key);
      if (!["late", "overdue", "missing", "exempt", "error"].includes(f.status) && charged === undefined) continue;
      shown.add(key);
      rows.push({ ticket: f.ticket, clauseRef: f.clauseRef, status: f.status, penalty: charged ?? ZERO });
    }
    for (const l of lines) {
      const key = `${l.ticket}\u0000${l.clauseRef}`;
      if (shown.has(key)) continue;
      shown.add(key);
      rows.push({ ticket: l.ticket, clauseRef: l.clauseRef, status: "late", penalty: lineOf.get(key) ?? l.amount });
    }
    rows.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.clauseRef < b.clauseRef ? -1 : a.clauseRef > b.clauseRef ? 1 : 0));
    return rows.map((r) => `${r.ticket} ${r.clauseRef} ${r.status} ${r.penalty.toString()} ${r.penalty.toFixed(2)}`);
  }

  it("duplicate lines, lines without a finding, zero and -0 lines, lines past 28 digits", () => {
    const base = findings[0];
    const finding = fc.record({
      ticket: fc.constantFrom("T-1", "T-2", "T-3", "T-4"),
      clauseRef: fc.constantFrom("2.2(1)", "2.3"),
      status: fc.constantFrom<FindingStatus>("met", "late", "open", "overdue", "missing", "exempt", "error"),
      other: fc.boolean(),
    }).map((s): Finding => ({ ...base, ticket: s.ticket, clauseRef: s.clauseRef, status: s.status, provider: s.other ? OTHER : PROVIDER }));
    const amount = fc.oneof(
      fc.integer({ min: -100_000, max: 1_000_000 }).map((c) => new Dec(c).div(100)),
      fc.constantFrom(new Dec("-0"), new Dec("0"), new Dec("1234567890123456789012345678901234567.89"), new Dec("-98765432109876543210987654321")),
    );
    const line = fc.record({ ticket: fc.constantFrom("T-1", "T-2", "T-3", "T-5"), clauseRef: fc.constantFrom("2.2(1)", "2.3"), amount });
    fc.assert(fc.property(fc.array(finding, { maxLength: 12 }), fc.array(line, { maxLength: 10 }), (all, raw) => {
      const lines = raw.map((l) => ({ ...l, clauseName: "n", trace: { en: "", zh: "" } }));
      const run = makeRun({ findings: all, statements: [{ ...statements[0], penaltyLines: lines }, statements[1]] });
      for (const evidenceViews of [false, true]) {
        const m = buildReport(run, PROVIDER, META, { evidenceViews });
        const shown = m.evidence.filter((e) => e.status !== "unperformed").map((e) => `${e.ticket} ${e.clauseRef} ${e.status} ${e.penalty.toString()} ${e.penalty.toFixed(2)}`);
        expect(shown).toEqual(byDefinition(all, lines, PROVIDER));
      }
    }), { numRuns: 300 });
  });
});
