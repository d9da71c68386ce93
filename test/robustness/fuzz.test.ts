/**
 * Hostile workbooks through the whole engine. fast-check builds random workbooks — random cell types
 * and shapes, empty and huge sheets, very long strings, NaN/Infinity, dates before 1900 and after 9999, absurd
 * money, duplicate headers, formula-looking text — around the recognised sheet names and headers, so the readers
 * actually get past header detection. Laws: settleMonth never throws; every issue points at a real sheet and a
 * valid A1 cell (or none); errors never silently vanish from the JSON.
 */
import fc from "fast-check";
import type { Cell, SheetData, WorkbookData } from "../../src/engine/core/cells";
import { settleMonth, templateWorkbook } from "../../src/engine";

const HEADERS: Record<string, string[]> = {
  Tickets: ["Ticket ID", "Provider", "Category", "Service Type", "Warranty", "Purchase Date", "Reported At", "Responded At",
    "On-site At", "Repaired At", "Closed At", "Labour Fee", "Parts Fee", "Shipping Fee", "Actual Loss", "Outcome", "Exemption",
    "工单号", "报修时间"],
  Events: ["Ticket", "Event", "At"],
  Agreement: ["Key", "Value"],
  SLA: ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable",
    "Effective From", "Effective To"],
  Calendar: ["Date", "Type", "Hours", "Name"],
  Invoice: ["Ticket", "Amount", "Provider", "Month"],
  Statements: ["Statement", "Provider", "Month", "Amount", "Issued", "Received", "Due", "Disputed Amount"],
  Payments: ["Statement", "Paid On", "Amount"],
};
const AGREEMENT_KEYS = ["Contract No", "Provider", "Customer", "Currency", "Time Zone", "Calendar", "Working Hours",
  "Day Ends At", "Warranty Months", "Settlement Basis", "Statement Day", "Payment Days", "Late Fee Rate",
  "Late Fee Grace Days", "Late Fee Cap", "Dispute Days", "Penalty Cap", "Unperformed Rate", "合同编号", "时区"];

const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y", "=HYPERLINK(\"http://x\")", "2026-13-01 10:00",
    "2026/2/30", "2026年10月3日 25:61", "¥1,234.50", "1,234.5 元", "-0", "1e308", "NaN", "0.05%", "18% per year",
    "working days", "工作日", "per day", "每天", "是", "否", "保内", "paused", "resumed", "Asia/Shanghai", "Mars/Base",
    "09:00-12:00, 13:00-18:00", "18:00-09:00", "09:00-12:00, 11:00-13:00", "CN", "24x7", "service=onsite", "nofield=1"),
  fc.string({ minLength: 2000, maxLength: 40000 }).map((s) => s.slice(0, 40000)),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 0, 1e300, -1e300, 59, 60, 61,
    -693594, 2958466, 2958465.99999, 46296.5, 46296.999999999, 0.1 + 0.2),
  fc.integer({ min: -1e9, max: 1e9 }),
);
const hostileCell: fc.Arbitrary<Cell> = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null));

function sheetArb(name: string): fc.Arbitrary<SheetData> {
  const headers = HEADERS[name];
  const header = fc.shuffledSubarray(headers, { minLength: 0 }).chain((hs) =>
    fc.array(fc.oneof(fc.constantFrom(...hs, ...headers), hostileText, fc.constant(null)), { maxLength: hs.length + 3 }).map((extra) => [...hs, ...extra.slice(0, 2)] as Cell[]),
  );
  const body =
    name === "Agreement"
      ? fc.array(fc.tuple(fc.constantFrom(...AGREEMENT_KEYS), hostileCell).map(([k, v]) => [k, v] as Cell[]), { maxLength: 25 })
      : fc.array(fc.array(hostileCell, { maxLength: headers.length + 2 }), { maxLength: 30 });
  return fc.tuple(fc.constantFrom(name, name.toUpperCase(), ` ${name} `), fc.nat(3), header, body).map(([n, blank, h, b]) => ({
    name: n,
    rows: [...Array.from({ length: blank }, () => [] as Cell[]), h, ...b],
  }));
}

const workbookArb: fc.Arbitrary<WorkbookData> = fc
  .tuple(
    fc.subarray(Object.keys(HEADERS)).chain((names) => fc.tuple(...names.map(sheetArb))),
    fc.array(fc.record({ name: fc.string({ maxLength: 31 }), rows: fc.array(fc.array(hostileCell, { maxLength: 5 }), { maxLength: 5 }) }), { maxLength: 2 }),
  )
  .map(([known, other]) => ({ sheets: [...known, ...other] as SheetData[] }));

const A1 = /^[A-Z]{1,3}[1-9][0-9]{0,6}$/;

describe("hostile workbooks through settleMonth", () => {
  it("never throws; every issue names an existing sheet and a valid cell", () => {
    fc.assert(
      fc.property(workbookArb, fc.constantFrom("2026-10", "2026-02", "2027-01", "1899-12", "2026-13", ""), fc.constantFrom<"en" | "zh">("en", "zh"), (wb, month, lang) => {
        const run = settleMonth(wb, { month, lang });
        const names = new Set(wb.sheets.map((s) => s.name));
        for (const issue of run.issues) {
          if (issue.sheet) expect(names.has(issue.sheet)).toBe(true);
          if (issue.cell) expect(issue.cell).toMatch(A1);
          expect(issue.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
        }
        expect(run.json.issues).toHaveLength(run.issues.length);
        expect(run.hasErrors).toBe(run.issues.some((i) => i.severity === "error"));
        expect(run.sheets.some((s) => s.role === "issues")).toBe(true);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
  });
});

describe("a valid workbook with hostile cells dropped in", () => {
  // The templates settle cleanly; each case replaces a few cells (any sheet, any row, any column) with hostile values,
  // so the run gets past the readers into clocks, findings and money.
  const base = templateWorkbook("en").map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) }));
  const edit = fc.record({ sheet: fc.nat(base.length - 1), row: fc.nat(12), col: fc.nat(22), value: hostileCell });
  it("never throws; errors always come with a cell; outputs always include Data Issues", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom("2026-10", "2026-09", "2026-12"), (edits, month) => {
        const wb: WorkbookData = { sheets: base.map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) })) };
        for (const e of edits) {
          const rows = wb.sheets[e.sheet].rows;
          while (rows.length <= e.row) rows.push([]);
          rows[e.row][e.col] = e.value;
        }
        const run = settleMonth(wb, { month, lang: "zh" });
        for (const issue of run.issues) {
          if (issue.cell) expect(issue.cell).toMatch(A1);
          if (issue.severity === "error" && issue.code !== "CALENDAR_NOT_COVERED" && issue.code !== "STATEMENT_DATES_NOT_COVERED" && issue.code !== "SHEET_MISSING") expect(issue.sheet).not.toBe("");
        }
        for (const f of run.findings) expect(f.penalty.isNegative()).toBe(false);
        expect(run.sheets[run.sheets.length - 1].role).toBe("issues");
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 12) },
    );
  });
});
