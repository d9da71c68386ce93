/**
 * The print-ready report sheet (docs/CONTRACT.md, The add-in: "exports a print-ready dispute report"): the same model as the PDF, laid
 * out in one sheet of 11 columns so that it prints on A4 landscape, fit to width, with the title rows repeated on
 * every page and the contract number and page numbers in the header/footer.
 *
 * Column grid (the evidence table is the widest block; the other blocks reuse its columns):
 *   A Ticket/label · B Clause · C Start · D End · E Due · F Target · G Late by · H Status/count · I Amount ·
 *   J Exemption · K Trace.
 * Totals are formulas over the lines shown (docs/CONTRACT.md, Principles: "Statements foot"); each cell also holds the engine's figure.
 */
import type { Cell } from "../core/cells";
import { cellAddress } from "../core/cells";
import type { Lang } from "../core/issues";
import type { Dec } from "../core/money";
import {
  cellsOf, cutToUnits, lazyRowsSheet, rowStyleCode, SHEET_NAME_MAX, sheetNameText, shortHash, type CellFormat, type OutputFormula, type OutputSheet, type RowSource,
  type RowStyle,
} from "../core/output";
import { excelSerialFromDay, excelSerialFromLocal, formatDay, formatDeadline } from "../core/time";
import { columnsForPrint, PRINT_MARGINS } from "../core/print";
import {
  breakLines, escapeHeaderFooter, formatDuration, formatHours, formatPenaltyRule, formatPercent, formatTarget,
} from "./format";
import type { ReportModel } from "./model";
import { REPORT_WORDS } from "./words";

const COLS = { label: 0, clause: 1, start: 2, end: 3, due: 4, target: 5, lateBy: 6, status: 7, amount: 8, exemption: 9, trace: 10 };
const WIDTHS = [16, 10, 17, 17, 17, 12, 16, 11, 14, 14, 64];
const DATE_TIME = "yyyy-mm-dd hh:mm";
const DATE = "yyyy-mm-dd";

/**
 * `Report 2026-10 <provider>`: a sheet name Excel opens (core/output sheetNameText: no control or forbidden
 * characters), within its 31 characters as Excel counts them (UTF-16 code units), cut only between characters.
 * A name cut short gets a tag from the full provider name ("Report 2026-10 Huaxiu Ser #3f2a"), so two providers
 * sharing a long prefix never get the same sheet (one would replace the other on write).
 */
export function reportSheetName(month: string, provider: string): string {
  // Apostrophes go anywhere in the name, not only at its ends: the name is quoted in the print titles' references.
  const clean = sheetNameText(provider.replace(/'/g, " "));
  const full = `Report ${month}${clean ? " " + clean : ""}`;
  if (full.length <= SHEET_NAME_MAX) return full;
  const tag = ` #${shortHash(provider)}`;
  return `${cutToUnits(full, SHEET_NAME_MAX - tag.length).trimEnd()}${tag}`;
}

/**
 * The sheet's rows as they are added, with at most one block of rows made on demand (the evidence: a row per
 * evidence row, built when a host reads it) between the rows before it and the rows after it.
 */
class SheetBuilder {
  private readonly before: Cell[][] = [];
  private readonly after: Cell[][] = [];
  private lazy: { count: number; row: (i: number) => Cell[]; style: (i: number) => RowStyle | undefined } | null = null;
  /** Row styles of the rows added, in row order (the styles of the block on demand are read from it at the end). */
  private readonly styles: { row: number; style: RowStyle }[] = [];
  formulas: OutputFormula[] = [];
  cellFormats: CellFormat[] = [];

  constructor(private readonly moneyFormat: string) {}

  get next(): number {
    return this.before.length + (this.lazy ? this.lazy.count + this.after.length : 0);
  }

  add(cells: Cell[], style?: RowStyle): number {
    const row: Cell[] = new Array<Cell>(WIDTHS.length).fill(null);
    cells.forEach((c, i) => (row[i] = c));
    const r = this.next;
    (this.lazy ? this.after : this.before).push(row);
    if (style) this.styles.push({ row: r, style });
    return r;
  }

  /** `count` rows made when read: row(i) and style(i) of the i-th; they start at the row `next` was. */
  addOnDemand(count: number, row: (i: number) => Cell[], style: (i: number) => RowStyle | undefined): number {
    if (this.lazy) throw new Error("one block of rows on demand per sheet");
    const first = this.next;
    this.lazy = { count, row, style };
    return first;
  }

  blank(): void {
    this.add([]);
  }

  /** A money cell of a row added (not of the block on demand, whose rows make their own). */
  money(row: number, col: number, amount: Dec): void {
    this.added(row)[col] = moneyCell(amount);
    this.format(row, col, this.moneyFormat);
  }

  /** The cell's own number format; with `rows`, the format of that many cells from it down its column. */
  format(row: number, col: number, numberFormat: string, rows = 1): void {
    this.cellFormats.push(rows === 1 ? { row, col, numberFormat } : { row, col, numberFormat, rows });
  }

  formula(row: number, col: number, formula: string): void {
    this.formulas.push({ row, col, formula });
  }

  private added(r: number): Cell[] {
    if (r < this.before.length) return this.before[r];
    const row = this.lazy ? this.after[r - this.before.length - this.lazy.count] : undefined;
    if (!row) throw new Error(`row ${r} is not an added row`);
    return row;
  }

  /**
   * The rows, the row styles as a code per row (core/output rowStyleCodes: a million evidence rows can be late; an
   * object each was tens of MB, and the hosts' maps of them as much again), in row order as the list was.
   */
  finish(): { source: RowSource; rowStyleCodes: Uint8Array } {
    const { before, after } = this;
    const lazy = this.lazy ?? { count: 0, row: () => [], style: () => undefined };
    const count = before.length + lazy.count + after.length;
    const codes = new Uint8Array(count);
    for (const s of this.styles) codes[s.row] = rowStyleCode(s.style);
    for (let i = 0; i < lazy.count; i++) {
      const style = lazy.style(i);
      if (style) codes[before.length + i] = rowStyleCode(style);
    }
    const source: RowSource = {
      count,
      block(from, to) {
        const rows: Cell[][] = [];
        for (let r = Math.max(0, from), end = Math.min(to, count); r < end; r++) {
          const i = r - before.length;
          // Copies of the rows added, so a host may change what it is given (as with core/output tableRows).
          rows.push(i < 0 ? cellsOf(...before[r]) : i < lazy.count ? lazy.row(i) : cellsOf(...after[i - lazy.count]));
        }
        return rows;
      },
    };
    return { source, rowStyleCodes: codes };
  }
}

/**
 * The cell of a money line: the rounded line as a number. Dec → string → number is exact for the ≤ 15 significant
 * digits a money line has; the sheet's own arithmetic is then Excel's, checked by the formulas' foot.
 */
const moneyCell = (amount: Dec): number => Number(amount.toString());

/**
 * Excel table names are unique in the whole workbook (a duplicate makes Excel repair the file), and a workbook keeps
 * one report sheet per provider and month: `Evidence_2026_10_3f2a91c0`.
 */
export function reportTableName(month: string, provider: string): string {
  return `Evidence_${month.replace(/[^0-9A-Za-z]/g, "_")}_${shortHash(provider, 8)}`;
}

export function buildReportSheet(model: ReportModel, lang: Lang): OutputSheet {
  const w = REPORT_WORDS[lang];
  const h = model.header;
  const s = model.summary;
  const digits = h.minorDigits;
  const moneyFormat = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
  const b = new SheetBuilder(moneyFormat);
  const amountCol = COLS.amount;
  const ref = (row: number, col = amountCol): string => cellAddress(row, col);

  // Columns as printed: kept within an A4 landscape page at 8 pt or more (core/print); long notes are broken into
  // rows that fit the sheet's width, so none runs past the page's edge.
  const columns = columnsForPrint(WIDTHS.map((widthChars) => ({ widthChars })));
  const lineWidth = Math.floor(columns.reduce((n, c) => n + c.widthChars, 0) * 0.9);
  const addText = (text: string, style?: RowStyle) => {
    for (const line of breakLines(text, lineWidth)) b.add([line], style);
  };
  const provisional = s.provisional ? (lang === "zh" ? "（暂定）" : " — PROVISIONAL") : "";

  // Rows 1–2 repeat on every printed page: who, what, which period.
  b.add([`${w.title}${provisional} · ${h.provider} · ${h.month}`], "title");
  b.add([
    `${w.contractNo}: ${h.contractNo}   ${w.statementNo}: ${h.statementNo}   ` +
      `${w.period}: ${formatDay(h.periodFrom)} – ${formatDay(h.periodTo)}   ${w.currency}: ${h.currency}`,
  ], "note");
  b.blank();

  // Header block: label in A, value in C (text, so hashes and numbers stay exactly as shown).
  const headerPairs: [string, string][] = [
    [w.contractNo, h.contractNo],
    [w.customer, h.customer],
    [w.provider, h.provider],
    [w.period, `${formatDay(h.periodFrom)} – ${formatDay(h.periodTo)}`],
    [w.statementNo, h.statementNo],
    [w.statementDate, formatDay(h.statementDate)],
    [w.paymentDue, formatDay(h.paymentDue)],
    [w.receivedOn, formatDay(h.receivedOn)],
    [w.disputeBy, formatDeadline(model.disputeBy, { lang, style: "long" })],
    [w.generatedAt, h.generatedAt],
    [w.evidenceSha256, model.evidenceFile.sha256],
    [w.inputSha256, h.inputSha256],
    [w.toolVersion, h.toolVersion],
    [w.currency, h.currency],
    [w.timeZone, h.timeZone],
    [w.calendar, h.calendarLabel],
  ];
  for (const [k, v] of headerPairs) b.add([k, null, v]);
  addText(w.evidenceCheck(model.evidenceFile.name), "note");
  b.blank();

  if (model.notices.length > 0) {
    b.add([w.sectionNotices], "section");
    for (const n of model.notices) addText(n.text[lang], n.severity === "error" ? "late" : "note");
    b.blank();
  }

  // Summary: label in A, count in H, amount in I; subtotals and the net payable are formulas over the lines.
  b.add([w.sectionSummary], "section");
  b.add([w.line, null, null, null, null, null, null, w.count, `${w.amount} (${h.currency})`], "header");
  const feeRow = b.add([w.feesDetail(s.feeTickets), null, null, null, null, null, null, s.feeTickets]);
  b.money(feeRow, amountCol, s.fees);
  const penaltyRows: number[] = [];
  for (const p of s.penaltiesByClause) {
    const r = b.add([w.penaltyClause(p.clauseRef, p.clauseName), null, null, null, null, null, null, p.count]);
    b.money(r, amountCol, p.amount);
    penaltyRows.push(r);
  }
  if (s.unperformedCount > 0 || !s.unperformed.isZero()) {
    const r = b.add([w.unperformed, null, null, null, null, null, null, s.unperformedCount]);
    b.money(r, amountCol, s.unperformed);
    penaltyRows.push(r);
  }
  const beforeCapRow = b.add([w.penaltiesBeforeCap], "subtotal");
  b.money(beforeCapRow, amountCol, s.penaltiesBeforeCap);
  b.formula(beforeCapRow, amountCol, penaltyRows.length > 0 ? `=${penaltyRows.map((r) => ref(r)).join("+")}` : "=0");
  const capRow = b.add([w.capAdjustment]);
  b.money(capRow, amountCol, s.capAdjustment);
  const afterCapRow = b.add([w.penaltiesAfterCap], "subtotal");
  b.money(afterCapRow, amountCol, s.penalties);
  b.formula(afterCapRow, amountCol, `=${ref(beforeCapRow)}+${ref(capRow)}`);
  const overdueRow = b.add([w.overdueFees, null, null, null, null, null, null, model.overdueSchedule.length]);
  b.money(overdueRow, amountCol, s.overdueFees);
  const netRow = b.add([`${w.netPayable}${provisional}`], "total");
  b.money(netRow, amountCol, s.netPayable);
  b.formula(netRow, amountCol, `=${ref(feeRow)}-${ref(afterCapRow)}+${ref(overdueRow)}`);
  const disputedRow = b.add([w.disputed]);
  b.money(disputedRow, amountCol, s.disputed);
  const undisputedRow = b.add([w.undisputed], "subtotal");
  b.money(undisputedRow, amountCol, s.undisputed);
  b.formula(undisputedRow, amountCol, `=${ref(netRow)}-${ref(disputedRow)}`);
  if (s.invoice) {
    const billed = b.add([w.invoiceBilled]);
    b.money(billed, amountCol, s.invoice.billed);
    const computed = b.add([w.invoiceComputed]);
    b.money(computed, amountCol, s.invoice.computed);
    const diff = b.add([w.invoiceDifference]);
    b.money(diff, amountCol, s.invoice.difference);
    b.formula(diff, amountCol, `=${ref(billed)}-${ref(computed)}`);
  }
  b.blank();

  // Dispute deadline, stated in words as well as a date.
  b.add([w.sectionDispute], "section");
  addText(w.disputeText(model.disputeDays, formatDay(h.receivedOn), formatDeadline(model.disputeBy, { lang, style: "short" })));
  b.blank();

  // Overdue-payment fee schedule (docs/CONTRACT.md, Money): one line per balance segment; days = to − from.
  b.add([w.sectionOverdue], "section");
  if (model.overdueSchedule.length === 0) b.add([w.noOverdue], "note");
  else {
    // Columns: A statement, C from, D to, F days, G rate, H balance… kept in the grid: balance in H would clash
    // with counts' text, so: A statement · C from · D to · E balance · F days · G rate · I amount · K trace.
    b.add([w.colStatement, null, w.colFrom, w.colTo, w.colBalance, w.colDays, w.colRate, null, `${w.amount} (${h.currency})`, null, w.colTrace], "header");
    const first = b.next;
    for (const seg of model.overdueSchedule) {
      const r = b.add([seg.statement, null, excelSerialFromDay(seg.from), excelSerialFromDay(seg.to), null, seg.days, `${formatPercent(seg.ratePerDay)} / ${lang === "zh" ? "天" : "day"}`, null, null, null, seg.trace[lang]]);
      b.format(r, COLS.start, DATE);
      b.format(r, COLS.end, DATE);
      b.money(r, COLS.due, seg.balance);
      b.money(r, amountCol, seg.amount);
    }
    const last = b.next - 1;
    // The Late Fee Cap (docs/CONTRACT.md, Money; % of the overdue principal) is one visible negative line, as on the statement.
    let capRef = "";
    if (!s.overdueCapAdjustment.isZero()) {
      const capLine = b.add([w.overdueCap]);
      b.money(capLine, amountCol, s.overdueCapAdjustment);
      capRef = `+${ref(capLine)}`;
    }
    const total = b.add([w.overdueFees], "total");
    b.money(total, amountCol, s.overdueFees);
    b.formula(total, amountCol, `=SUM(${ref(first)}:${ref(last)})${capRef}`);
  }
  b.blank();

  // Per-ticket evidence: the widest block; the penalty column foots to the penalties before cap.
  b.add([w.sectionEvidence], "section");
  const evidenceHeader = b.add([
    w.colTicket, w.colClause, w.colStart, w.colEnd, w.colDue, w.colTarget, w.colLateBy, w.colStatus,
    `${w.colPenalty} (${h.currency})`, w.colExemption, w.colTrace,
  ], "header");
  const evidence = model.evidence;
  if (evidence.length === 0) b.add([w.noEvidence], "note");
  else {
    // The rows are made when a host reads them: a million-ticket month has a million evidence rows, each with its
    // trace (both report sheets held 459 MiB of rows at 1,048,575 tickets). Their dates and amounts have a format
    // of their own: one entry per column for the whole block (core/output CellFormat), where an entry per cell was
    // three million objects at 1,048,575 tickets.
    const first = b.addOnDemand(
      evidence.length,
      (i) => {
        const e = evidence[i];
        return cellsOf(
          e.ticket,
          e.clauseRef,
          e.start === null ? null : excelSerialFromLocal(e.start),
          e.end === null ? null : excelSerialFromLocal(e.end),
          e.due === null ? null : formatDeadline(e.due, { lang, style: "short" }), // 24:00 of its day, as text
          e.status === "unperformed" ? "" : formatTarget(e.target, e.unit, lang),
          e.lateBy ? e.lateBy[lang] : formatDuration(e.lateBySeconds, e.unit, lang),
          w.status[e.status],
          moneyCell(e.penalty),
          e.exemption,
          e.trace[lang],
        );
      },
      (i) => {
        const status = evidence[i].status;
        return status === "late" || status === "overdue" || status === "unperformed" ? "late" : undefined;
      },
    );
    b.format(first, COLS.start, DATE_TIME, evidence.length);
    b.format(first, COLS.end, DATE_TIME, evidence.length);
    b.format(first, amountCol, moneyFormat, evidence.length);
    const last = b.next - 1;
    const total = b.add([w.penaltiesBeforeCap], "total");
    b.money(total, amountCol, s.penaltiesBeforeCap);
    b.formula(total, amountCol, `=SUM(${ref(first)}:${ref(last)})`);
  }
  const evidenceLast = b.next - 1;
  b.blank();

  // KPIs per clause.
  b.add([w.sectionKpis], "section");
  b.add([w.colClause, w.colName, w.colTarget, w.colTickets, w.colMet, w.colLate, w.colExempt, w.colCompliance, w.colMean, w.colMedian, w.colP90], "header");
  for (const k of model.kpis) {
    const r = b.add([
      k.clauseRef, k.clauseName, formatTarget(k.target, k.unit, lang), k.tickets, k.met, k.late, k.exempt,
      k.compliancePercent === null ? "" : k.compliancePercent / 100,
      formatHours(k.meanElapsedSeconds, k.unit, lang),
      formatHours(k.medianElapsedSeconds, k.unit, lang),
      formatHours(k.p90ElapsedSeconds, k.unit, lang),
    ]);
    if (k.compliancePercent !== null) b.format(r, COLS.status, "0.0%");
  }
  b.blank();

  // Terms in force: the agreement terms, then the clauses.
  b.add([w.sectionTerms], "section");
  b.add([w.colKey, null, w.colValue, null, null, null, null, null, null, null, w.colSource], "header");
  for (const t of h.terms) b.add([t.key[lang], null, t.value[lang], null, null, null, null, null, null, null, t.source]);
  b.blank();
  b.add([w.sectionClauses], "section");
  b.add([w.colClause, w.colName, w.colEvents, null, w.colAppliesTo, w.colTarget, w.colPenaltyRule, w.colPausable, w.colCap, null, w.colSource], "header");
  for (const c of h.clauses) {
    const r = b.add([
      c.ref, c.name, `${c.startEvent} → ${c.endEvent}`, null, c.appliesTo || w.all, formatTarget(c.target, c.unit, lang),
      formatPenaltyRule(c.penalty, c.amount, digits, lang), c.pausable ? w.yes : w.no, null, null, c.source,
    ]);
    if (c.cap !== null) b.money(r, amountCol, c.cap);
  }
  b.blank();

  // Sign-off: three roles with room for a signature and date, and the seal placeholder.
  b.add([w.sectionSignOff], "section");
  for (const role of model.signOff) {
    b.add([role.role[lang], null, `${w.signature}: ____________________`, null, `${w.date}: ______________`]);
    b.blank();
  }
  b.add([`${w.seal}: (                    )`]);

  const { source, rowStyleCodes } = b.finish();
  const contract = escapeHeaderFooter(`${w.contractNo} ${h.contractNo}`);
  return lazyRowsSheet({
    name: reportSheetName(h.month, h.provider),
    role: "report",
    formulas: b.formulas,
    columns,
    cellFormats: b.cellFormats,
    rowStyles: [],
    rowStyleCodes,
    freezeRows: 0,
    // The evidence block is a filterable table only when it has rows (an empty table confuses Excel).
    tables: model.evidence.length > 0
      ? [{ name: reportTableName(h.month, h.provider), headerRow: evidenceHeader, lastRow: evidenceLast - 1, firstCol: 0, lastCol: WIDTHS.length - 1 }]
      : [],
    pageSetup: {
      paperSize: "A4",
      orientation: "landscape",
      fitToWidth: true,
      repeatRows: { first: 0, last: 1 },
      header: {
        left: contract,
        center: escapeHeaderFooter(`${w.statementNo} ${h.statementNo}`),
        right: escapeHeaderFooter(h.provider),
      },
      footer: {
        left: escapeHeaderFooter(`SHA-256 ${model.evidenceFile.sha256.slice(0, 16)}…`),
        center: lang === "zh" ? "第 &P 页，共 &N 页" : "Page &P of &N",
        right: escapeHeaderFooter(`${w.generatedAt} ${h.generatedAt}`),
      },
      marginsInches: PRINT_MARGINS,
    },
  }, source);
}
