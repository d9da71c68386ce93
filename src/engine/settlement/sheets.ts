/**
 * `Settlement YYYY-MM` and `KPIs YYYY-MM` (docs/CONTRACT.md, Output sheets) and the JSON `statements` (docs/CONTRACT.md, Command line).
 * Settlement: one block per provider; every amount sits in column F, so each subtotal is =SUM over the lines
 * above it and the net payable a formula over the subtotals — the sheet foots in Excel exactly as in the engine.
 */
import { cellAddress, type Cell } from "../core/cells";
import type { Finding } from "../core/finding";
import type { Issue, Lang } from "../core/issues";
import { renderIssue } from "../core/messages";
import { formatMoney, formatUnits, MinorSum, minorUnits, moneyNumber, numberOfUnits, sumDec, type Dec } from "../core/money";
import {
  cellsOf, EXCEL_MAX_ROWS, lazyRowsSheet, partName, splitIntoParts, tableRows, type OutputFormula, type OutputSheet, type RowSource, type RowStyle,
} from "../core/output";
import { deadlineDay, excelSerialFromDay, formatDay, formatDeadline, formatMonth, isoLocal, type Month } from "../core/time";
import { complianceByClauseChart, complianceTrendChart, computeClauseKpis, computeKpiTrend, providersOf } from "../report/kpis";
import { findingsSheetName } from "../findings/findingsSheet";
import { feeHowText, feePartsUnits, feeUnits, penaltyTraceText } from "./computeStatements";
import { firstErrorOf, provisionalText, type UnassignedRow } from "./provisional";
import type { ProviderStatement, ReconciliationKind, TicketFee } from "./types";

const AMOUNT_COL = 5; // F
const W = (lang: Lang, en: string, zh: string) => (lang === "zh" ? zh : en);

const WIDTH = 8;
const padded = (cells: Cell[]): Cell[] => padInPlace([...cells]);
/** Lines are built afresh for each read: padded where they stand, one array per row rather than two. */
const padInPlace = (row: Cell[]): Cell[] => {
  while (row.length < WIDTH) row.push(null);
  return row;
};

/** A run of rows from `first`: rows kept as added, or lines built on demand from their items. */
type Segment = { first: number; rows: Cell[][] } | { first: number; length: number; line: (i: number) => Cell[] };

/**
 * The sheet's rows as segments: headings and totals as added, and the per-ticket lines (a month can settle a
 * million tickets) built only when a host asks for a block — see core/output RowSource.
 */
class SheetBuilder {
  count = 0;
  private segments: Segment[] = [];
  formulas: OutputFormula[] = [];
  rowStyles: { row: number; style: RowStyle }[] = [];
  cellFormats: { row: number; col: number; numberFormat: string }[] = [];
  add(cells: Cell[], style?: RowStyle): number {
    let last = this.segments[this.segments.length - 1];
    if (!last || !("rows" in last)) this.segments.push((last = { first: this.count, rows: [] }));
    last.rows.push(padded(cells));
    const r = this.count++;
    if (style) this.rowStyles.push({ row: r, style });
    return r;
  }
  /** One row per item, built when read; `line` returns a new array of its own, padded in place. */
  addLines<T>(items: readonly T[], line: (item: T) => Cell[]): void {
    if (items.length === 0) return;
    this.segments.push({ first: this.count, length: items.length, line: (i) => padInPlace(line(items[i])) });
    this.count += items.length;
  }
  rowSource(): RowSource {
    const segments = this.segments;
    const count = this.count;
    return {
      count,
      block(from, to) {
        const out: Cell[][] = [];
        const end = Math.min(to, count);
        let r = Math.max(0, from);
        let k = 0;
        // A segment at a time, so the per-ticket lines run in one tight loop.
        while (r < end) {
          while (k + 1 < segments.length && segments[k + 1].first <= r) k++;
          const s = segments[k];
          if ("rows" in s) {
            const stop = Math.min(end, s.first + s.rows.length);
            for (; r < stop; r++) out.push([...s.rows[r - s.first]]); // a copy: a reader may change it
          } else {
            const stop = Math.min(end, s.first + s.length);
            for (; r < stop; r++) out.push(s.line(r - s.first));
          }
        }
        return out;
      },
    };
  }
  format(row: number, col: number, numberFormat: string): void {
    this.cellFormats.push({ row, col, numberFormat });
  }
  /** A subtotal of column F over rows [first, last], with the engine's own figure as the cell value. */
  sum(label: Cell, first: number, last: number, value: Dec, digits: number, style: RowStyle = "subtotal"): number {
    const r = this.add([label, null, null, null, null, num(value, digits)], style);
    // An empty block has nothing to add up: a plain 0, not a formula.
    if (last >= first) this.formulas.push({ row: r, col: AMOUNT_COL, formula: `=SUM(${cellAddress(first, AMOUNT_COL)}:${cellAddress(last, AMOUNT_COL)})` });
    return r;
  }
}

/** A money cell: the amount to the currency's minor unit, as a number (core/money moneyNumber). */
const num = moneyNumber;

/**
 * The cells of a fee line's four amounts and its "How", each amount written once for its cell and its text (the
 * text's figures are the cells' to the digit). `put` receives them in column order.
 */
function feeCells<R>(f: TicketFee, lang: Lang, digits: number, texts: MoneyTexts, put: (labour: number, parts: number, shipping: number, amount: number, how: string) => R): R {
  const labour = texts.of(f.labour, digits);
  // Parts are nearly all distinct amounts: remembering them would only fill the map; written from the units the
  // line read.
  const partsUnits = feePartsUnits(f, digits);
  const parts = partsUnits === partsUnits ? unitsText(partsUnits, digits) : moneyText(f.parts, digits);
  const shipping = texts.of(f.shipping, digits);
  // Only the fee's number is needed: from its minor units, its decimal not made.
  const units = feeUnits(f, digits);
  const amount = units === units ? numberOfUnits(units, digits) : moneyNumber(f.amount, digits);
  return put(labour.value, parts.value, shipping.value, amount, feeHowText(f, lang, digits, labour.text, parts.text, shipping.text));
}

/** An amount as formatMoney writes it, and the number of its cell. */
interface MoneyText {
  text: string;
  value: number;
}

/**
 * formatMoney of a sheet's labour and shipping cells and their numbers, remembered per decimal instance:
 * the reader gives equal fee cells one shared decimal, so a month's millions of those amounts are a few hundred
 * instances. Bounded: emptied when full.
 */
class MoneyTexts {
  private readonly texts = new Map<Dec, MoneyText>();
  constructor(private readonly digits: number) {}
  of(d: Dec, digits: number): MoneyText {
    if (digits !== this.digits) return moneyText(d, digits);
    let text = this.texts.get(d);
    if (text === undefined) {
      if (this.texts.size >= 262_144) this.texts.clear();
      this.texts.set(d, (text = moneyText(d, digits)));
    }
    return text;
  }
}

function moneyText(d: Dec, digits: number): MoneyText {
  // From the minor units when on the minor unit (every ordinary cell): no decimal.js string, no parse.
  const units = minorUnits(d, digits);
  if (units === units) return unitsText(units, digits);
  const text = formatMoney(d, digits);
  return { text, value: Number(text) };
}

const unitsText = (units: number, digits: number): MoneyText => ({ text: formatUnits(units, digits), value: numberOfUnits(units, digits) });

const RECON_WORDS: Record<ReconciliationKind, [string, string]> = {
  difference: ["billed differs from computed", "账单金额与计算不符"],
  "billed-not-logged": ["billed, but not in the ticket log", "已开票但工单记录中没有"],
  "billed-not-settled": ["billed, but not settled this month", "已开票但本月未结算"],
  "settled-not-billed": ["settled, but not billed", "已结算但未开票"],
  "in-warranty-labour": ["labour billed on an in-warranty ticket", "保内工单收取了人工费"],
};

export function settlementSheetName(month: Month): string {
  return `Settlement ${formatMonth(month)}`;
}

const warrantyWord = (f: TicketFee, lang: Lang): string =>
  f.outcome === "done" ? (f.warranty === "in" ? W(lang, "in", "保内") : W(lang, "out", "保外")) : f.outcome;

type FeeGroup = { sample: TicketFee; count: number; labour: Dec; parts: Dec; shipping: Dec; amount: Dec };

/**
 * Fee lines grouped as the Warranty column shows them (in, out, cancelled, unperformed), sums of rounded lines.
 * Each sum is the in-order decimal.js one, made in integer minor units (MinorSum: four decimal.js
 * additions a line were over a second of a million-ticket month).
 */
function feeGroups(s: ProviderStatement): FeeGroup[] {
  type Sums = { sample: TicketFee; count: number; labour: MinorSum; parts: MinorSum; shipping: MinorSum; amount: MinorSum };
  const d = s.minorDigits;
  const groups = new Map<string, Sums>();
  for (let i = 0; i < s.feeLines.length; i++) {
    const f = s.feeLines[i];
    const key = f.outcome === "done" ? f.warranty : f.outcome;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sample: f, count: 0, labour: new MinorSum(d), parts: new MinorSum(d), shipping: new MinorSum(d), amount: new MinorSum(d) }));
    g.count += 1;
    const labour = minorUnits(f.labour, d);
    const shipping = minorUnits(f.shipping, d);
    g.labour.addUnits(labour, f.labour);
    g.parts.addUnits(feePartsUnits(f, d), f.parts);
    g.shipping.addUnits(shipping, f.shipping);
    g.amount.addUnits(feeUnits(f, d), f);
  }
  const order = ["in", "out", "cancelled", "unperformed"];
  return [...groups.entries()]
    .sort((x, y) => order.indexOf(x[0]) - order.indexOf(y[0]))
    .map(([, g]) => ({ sample: g.sample, count: g.count, labour: g.labour.total(), parts: g.parts.total(), shipping: g.shipping.total(), amount: g.amount.total() }));
}

/** Rows a provider's block takes with one line per ticket and per penalty (headings and totals included). */
function detailedRows(s: ProviderStatement): number {
  return 45 + s.feeLines.length + s.penaltyLines.length + s.unperformedLines.length + s.overdueSegments.length + s.reconciliation.length;
}

export function feesSheetName(month: Month, part = 1): string {
  return partName(`Fees ${formatMonth(month)}`, part);
}

/**
 * The Settlement sheet, and — only for a month too large for one sheet of one line per ticket (Excel holds
 * 1,048,576 rows) — the `Fees YYYY-MM` sheets with those lines. Then the statement shows fees by warranty and
 * penalties by clause (counts and sums of the same rounded lines, so every total is unchanged), and says where
 * the per-ticket lines are: fees in `Fees YYYY-MM`, penalties in the Findings sheet's Penalty column.
 */
export function buildSettlementSheets(
  statements: readonly ProviderStatement[], month: Month, lang: Lang,
  opts: { maxRowsPerSheet?: number; issues?: readonly Issue[]; unassigned?: readonly UnassignedRow[]; contractNo?: string } = {},
): OutputSheet[] {
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  const grouped = statements.reduce((n, s) => n + detailedRows(s), 1) > maxRows;
  const settlement = buildSettlementSheet(statements, month, lang, grouped, { issues: opts.issues, unassigned: opts.unassigned, contractNo: opts.contractNo });
  return grouped ? [settlement, ...buildFeesSheets(statements, month, lang, maxRows)] : [settlement];
}

/**
 * Every statement's fee lines as one list of line numbers (not an object per line of a million-line
 * month): line i is fees[i], of the statement whose lines start at the last `starts` entry at or before i.
 */
class FeeLineList {
  readonly fees: TicketFee[] = [];
  readonly starts: number[] = [];
  private k = 0;
  constructor(readonly statements: readonly ProviderStatement[]) {
    for (const s of statements) {
      this.starts.push(this.fees.length);
      for (let i = 0; i < s.feeLines.length; i++) this.fees.push(s.feeLines[i]);
    }
  }
  /** The statement index of line i; rows are read in order, so the last one found is tried first. */
  statementOf(i: number): number {
    const starts = this.starts;
    let k = this.k;
    if (i < starts[k] || (k + 1 < starts.length && i >= starts[k + 1])) {
      k = 0;
      while (k + 1 < starts.length && starts[k + 1] <= i) k++;
      this.k = k;
    }
    return k;
  }
}

/** Σ of the fee amounts of a part's lines, in minor units while exact (core/money MinorSum). */
function partTotal(list: FeeLineList, mine: readonly number[], digits: number): Dec {
  const total = new MinorSum(digits);
  for (const i of mine) total.addUnits(feeUnits(list.fees[i], digits), list.fees[i]);
  return total.total();
}

/** `Fees YYYY-MM` (part 2, 3 … past the row limit): every provider's per-ticket fee lines, built on demand. */
function buildFeesSheets(statements: readonly ProviderStatement[], month: Month, lang: Lang, maxRows: number): OutputSheet[] {
  const list = new FeeLineList(statements);
  const numbers: number[] = new Array(list.fees.length);
  for (let i = 0; i < numbers.length; i++) numbers[i] = i;
  const digits = statements[0]?.minorDigits ?? 2;
  const moneyFmt = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
  const header = [W(lang, "Provider", "服务商"), W(lang, "Ticket", "工单"), W(lang, "Warranty", "保修"), W(lang, "Labour", "人工费"), W(lang, "Parts", "配件费"), W(lang, "Shipping", "运费"), W(lang, "Fee", "服务费"), W(lang, "How", "计算")];
  const texts = new MoneyTexts(digits);
  const line = (i: number): Cell[] => {
    const f = list.fees[i];
    const s = statements[list.statementOf(i)];
    return feeCells(f, lang, s.minorDigits, texts, (labour, parts, shipping, amount, how) => cellsOf(s.provider, f.ticket, warrantyWord(f, lang), labour, parts, shipping, amount, how));
  };
  return splitIntoParts(numbers, maxRows).map((mine, i) => {
    const part = i + 1;
    const totalRow = mine.length + 1;
    const total = partTotal(list, mine, digits);
    const totalLine: Cell[] = [W(lang, "Total", "合计"), null, null, null, null, null, num(total, digits), null];
    return lazyRowsSheet({
      name: feesSheetName(month, part), role: "settlement",
      formulas: [{ row: totalRow, col: 6, formula: `=SUBTOTAL(9,${cellAddress(1, 6)}:${cellAddress(Math.max(mine.length, 1), 6)})` }],
      columns: [
        { widthChars: 20, numberFormat: "@" }, { widthChars: 12, numberFormat: "@" }, { widthChars: 10, numberFormat: "@" }, { widthChars: 12, numberFormat: moneyFmt, align: "right" },
        { widthChars: 12, numberFormat: moneyFmt, align: "right" }, { widthChars: 12, numberFormat: moneyFmt, align: "right" }, { widthChars: 12, numberFormat: moneyFmt, align: "right" }, { widthChars: 60, numberFormat: "@", wrap: true },
      ],
      cellFormats: [], rowStyles: [{ row: 0, style: "header" }, { row: totalRow, style: "total" }], freezeRows: 1,
      tables: mine.length ? [{ name: `Fees_${formatMonth(month).replace("-", "_")}${part === 1 ? "" : `_part${part}`}`, headerRow: 0, lastRow: mine.length, firstCol: 0, lastCol: 7 }] : [],
    }, tableRows(header, mine, line, totalLine));
  });
}

/** The How text of a cap line; with no cap in the agreement the line is zero and says so. */
function capHow(trace: { en: string; zh: string } | null | undefined, lang: Lang): string {
  return trace ? trace[lang] : W(lang, "no monthly penalty cap in the agreement", "协议未约定违约金月度上限");
}

/**
 * The Settlement sheet as an accountant reads it: one column per kind of figure (C Labour, D Parts, E Shipping, F
 * Amount — every amount in the same #,##0.00 format, right-aligned under right-aligned headers), the column header
 * frozen and repeated on every printed page, each provider's block with its own section headers, and every
 * subtotal, total and reconciliation figure a formula over the cells it adds up (each cell also holds the engine's
 * figure). A statement that leaves tickets out says PROVISIONAL at the top of its block, with the tickets, each
 * one's first error and the fix.
 */
export function buildSettlementSheet(
  statements: readonly ProviderStatement[], month: Month, lang: Lang, grouped = false,
  opts: { issues?: readonly Issue[]; unassigned?: readonly UnassignedRow[]; contractNo?: string } = {},
): OutputSheet {
  const feesName = feesSheetName(month);
  const b = new SheetBuilder();
  const dateFmt = "yyyy-mm-dd";
  const texts = new MoneyTexts(statements[0]?.minorDigits ?? 2);
  const currency = statements[0]?.currency ?? "";
  const anyProvisional = statements.some((s) => s.provisional);
  // The contract number on the sheet itself, as on every output: a printed statement names its agreement.
  const contractNo = opts.contractNo ?? statements[0]?.contractNo ?? "";
  const contract = contractNo ? W(lang, ` · Contract No ${contractNo}`, ` · 合同编号 ${contractNo}`) : "";
  b.add([W(lang, `Settlement ${formatMonth(month)}${anyProvisional ? " — PROVISIONAL" : ""}`, `${formatMonth(month)} 结算单${anyProvisional ? "（暂定）" : ""}`) + contract], "title");
  // The column header, frozen and printed on every page: what each column holds in every block below.
  b.add([
    W(lang, "Line", "项目"), W(lang, "Warranty / clause / from", "保修 / 条款 / 起"), W(lang, "Labour / to", "人工费 / 止"),
    W(lang, "Parts / days / billed", "配件费 / 天数 / 账单"), W(lang, "Shipping / balance / computed", "运费 / 欠款 / 计算"),
    W(lang, `Amount${currency ? ` (${currency})` : ""}`, `金额${currency ? `（${currency}）` : ""}`), W(lang, "How", "计算说明"),
  ], "header");
  if (statements.length === 0) b.add([W(lang, "No ticket settled in the month and no earlier statement.", "本月没有结算的工单，也没有以往结算单。")], "note");
  for (const s of statements) {
    const d = s.minorDigits;
    b.add([]);
    b.add([`${W(lang, "Provider", "服务商")}: ${s.provider}${s.provisional ? W(lang, " — PROVISIONAL", "（暂定）") : ""}`, null, null, null, null, null, s.statementNo ?? ""], "section");
    if (s.provisional) {
      const words = provisionalText(s, opts.unassigned ?? [], lang, "user");
      // Long texts go in the wrapped How column: nothing printed runs past the sheet's right edge.
      b.add([W(lang, "PROVISIONAL", "暂定"), null, null, null, null, null, words.headline], "late");
      b.add([W(lang, "What to do", "处理"), null, null, null, null, null, words.fix], "note");
      // Each left-out ticket's first error, where it is and how to fix it (the rest are on Data Issues).
      for (const i of firstErrorOf(s.excludedTickets, opts.issues ?? [])) {
        const { problem, fix } = renderIssue(i, lang);
        b.add([i.ticket ?? "", i.sheet && i.cell ? `${i.sheet}!${i.cell}` : i.sheet, null, null, null, null, `${problem} ${fix}`.trim()], "late");
      }
    }
    const dateRow = (label: string, serial: number, fmt: string) => {
      const r = b.add([label, null, null, null, null, serial]);
      b.format(r, AMOUNT_COL, fmt);
    };
    dateRow(W(lang, "Statement date", "结算单日期"), excelSerialFromDay(s.statementDate), dateFmt);
    dateRow(W(lang, "Payment due", "应付日期"), excelSerialFromDay(s.paymentDue), dateFmt);
    // The dispute deadline as people read it ("2026-11-06 24:00", not the instant "2026-11-07 00:00", which a date
    // cell would show): text, with the weekday beside it.
    b.add([
      W(lang, `Dispute by (${s.disputeDays} working days after receipt on ${formatDay(s.receivedOn)})`, `异议截止（收到结算单 ${formatDay(s.receivedOn)} 后 ${s.disputeDays} 个工作日）`),
      null, null, null, null, formatDeadline(s.disputeBy, { lang, style: "short" }), formatDeadline(s.disputeBy, { lang, style: "long" }),
    ]);

    // Fees
    b.add([W(lang, "Fees", "服务费"), W(lang, "Warranty", "保修"), W(lang, "Labour", "人工费"), W(lang, "Parts", "配件费"), W(lang, "Shipping", "运费"), W(lang, "Fee", "服务费"), W(lang, "How", "计算")], "header");
    const feeFirst = b.count;
    if (grouped) {
      for (const g of feeGroups(s)) {
        b.add([W(lang, `${g.count} ticket${g.count === 1 ? "" : "s"}`, `${g.count} 张工单`), warrantyWord(g.sample, lang), num(g.labour, d), num(g.parts, d), num(g.shipping, d), num(g.amount, d), W(lang, `one line per ticket: sheet ${feesName}`, `逐单明细见工作表 ${feesName}`)]);
      }
    } else {
      b.addLines(s.feeLines, (f) =>
        feeCells(f, lang, d, texts, (labour, parts, shipping, amount, how) => cellsOf(f.ticket, warrantyWord(f, lang), labour, parts, shipping, amount, how, null)));
    }
    const feesRow = b.sum(W(lang, "Total fees", "服务费合计"), feeFirst, b.count - 1, s.fees, d);

    // Penalties (findings, then unperformed services): the clause and its name in B, the amount in F.
    b.add([W(lang, "Penalties", "违约金"), W(lang, "Clause", "条款"), null, null, null, W(lang, "Amount", "金额"), W(lang, "How", "计算")], "header");
    const penFirst = b.count;
    if (grouped) {
      for (const c of s.penaltiesByClause) {
        b.add([W(lang, `${c.count} late`, `${c.count} 次超时`), `${c.clauseRef} ${c.clauseName}`.trim(), null, null, null, num(c.amount, d), W(lang, `one line per finding: sheet ${findingsSheetName(month)} (Penalty column)`, `逐条明细见工作表 ${findingsSheetName(month)}（违约金列）`)]);
      }
    } else {
      b.addLines(s.penaltyLines, (p) => cellsOf(p.ticket, `${p.clauseRef} ${p.clauseName}`.trim(), null, null, null, num(p.amount, d), penaltyTraceText(p, lang), null));
    }
    b.addLines(s.unperformedLines, (u) => cellsOf(u.ticket, W(lang, "unperformed", "未履行"), null, null, null, num(u.amount, d), u.trace[lang], null));
    const penRow = b.sum(W(lang, "Total penalties", "违约金合计"), penFirst, b.count - 1, s.penaltiesBeforeCap, d);
    const capRow = b.add([W(lang, "Monthly penalty cap adjustment", "违约金月度上限调整"), null, null, null, null, num(s.capAdjustment, d), capHow(s.capTrace, lang)]);

    // Overdue-payment fees
    b.add([W(lang, "Overdue-payment fees", "逾期付款违约金"), W(lang, "From", "自"), W(lang, "To", "至"), W(lang, "Days", "天数"), W(lang, "Balance", "欠款"), W(lang, "Amount", "金额"), W(lang, "How", "计算")], "header");
    const odFirst = b.count;
    for (const x of s.overdueSegments) {
      const r = b.add([x.statement, excelSerialFromDay(x.from), excelSerialFromDay(x.to), x.days, num(x.balance, d), num(x.amount, d), x.trace[lang]]);
      b.format(r, 1, dateFmt);
      b.format(r, 2, dateFmt);
      b.format(r, 3, "0");
    }
    if (!s.overdueCapAdjustment.isZero()) b.add([W(lang, "Late fee cap adjustment", "滞纳金上限调整"), null, null, null, null, num(s.overdueCapAdjustment, d), capHow(s.overdueCapTrace, lang)]);
    const odRow = b.sum(W(lang, "Total overdue-payment fees", "逾期付款违约金合计"), odFirst, b.count - 1, s.overdueFees, d);

    // Net payable = fees − (penalties + cap adjustment) + overdue fees
    const F = (r: number) => cellAddress(r, AMOUNT_COL);
    const netRow = b.add([W(lang, s.provisional ? "Net payable (provisional)" : "Net payable", s.provisional ? "应付净额（暂定）" : "应付净额"), null, null, null, null, num(s.netPayable, d)], "total");
    b.formulas.push({ row: netRow, col: AMOUNT_COL, formula: `=${F(feesRow)}-(${F(penRow)}+${F(capRow)})+${F(odRow)}` });

    // Invoice reconciliation: billed in D, computed in E, the difference in F (the amount column, so it sums).
    if (s.invoice) {
      b.add([W(lang, "Invoice reconciliation", "账单核对"), null, null, W(lang, "Billed", "账单"), W(lang, "Computed", "计算"), W(lang, "Difference", "差额"), W(lang, "Note", "说明")], "header");
      const rFirst = b.count;
      for (const l of s.reconciliation) {
        if (l.kind === "difference" && l.difference.isZero()) continue;
        const r = b.add([l.ticket, null, null, l.billed === null ? null : num(l.billed, d), l.computed === null ? null : num(l.computed, d), num(l.difference, d), RECON_WORDS[l.kind][lang === "zh" ? 1 : 0]], "late");
        if (l.billed !== null && l.computed !== null && l.difference.equals(l.billed.minus(l.computed))) {
          b.formulas.push({ row: r, col: AMOUNT_COL, formula: `=${cellAddress(r, 3)}-${cellAddress(r, 4)}` });
        }
      }
      const shown = s.reconciliation.filter((l) => !(l.kind === "difference" && l.difference.isZero()));
      b.sum(W(lang, "Differences", "差额合计"), rFirst, b.count - 1, sumDec(shown.map((l) => l.difference)), d);
      // Billed is the Invoice sheet's total (an input); computed is the total fees above; the difference their gap.
      const r = b.add([W(lang, "Billed total vs computed fees", "账单合计与计算服务费"), null, null, num(s.invoice.billed, d), num(s.invoice.computed, d), num(s.invoice.difference, d)], "subtotal");
      if (s.invoice.computed.equals(s.fees)) b.formulas.push({ row: r, col: 4, formula: `=${F(feesRow)}` });
      b.formulas.push({ row: r, col: AMOUNT_COL, formula: `=${cellAddress(r, 3)}-${cellAddress(r, 4)}` });
    }
  }
  const digits = statements[0]?.minorDigits ?? 2;
  const moneyFmt = digits > 0 ? `#,##0.${"0".repeat(digits)}` : "#,##0";
  return lazyRowsSheet({
    name: settlementSheetName(month), role: "settlement", formulas: b.formulas,
    columns: [
      { widthChars: 30, numberFormat: "@" }, { widthChars: 22 }, { widthChars: 14, numberFormat: moneyFmt, align: "right" },
      { widthChars: 14, numberFormat: moneyFmt, align: "right" }, { widthChars: 14, numberFormat: moneyFmt, align: "right" },
      { widthChars: 16, numberFormat: moneyFmt, align: "right" }, { widthChars: 72, numberFormat: "@", wrap: true }, { widthChars: 4 },
    ],
    cellFormats: b.cellFormats, rowStyles: b.rowStyles, freezeRows: 2, tables: [],
  }, b.rowSource());
}

/**
 * `earlier`: the findings of the months before this one that the same workbook holds (oldest first); they add a
 * month-over-month block below the table and a second chart beside it.
 */
export function buildKpisSheet(
  findings: readonly Finding[], statements: readonly ProviderStatement[], month: Month, lang: Lang,
  earlier: readonly { month: string; findings: readonly Finding[] }[] = [],
): OutputSheet {
  const header = lang === "zh"
    ? ["服务商", "条款", "名称", "工单数", "达标", "超时", "免责", "达标率 %", "平均用时 (小时)", "中位用时 (小时)", "P90 用时 (小时)"]
    : ["Provider", "Clause", "Name", "Tickets", "Met", "Late", "Exempt", "Compliance %", "Mean elapsed (h)", "Median elapsed (h)", "P90 elapsed (h)"];
  const rows: Cell[][] = [header];
  // The findings' providers come from the KPI pass (one pass over a month's millions of findings).
  const providers = [...new Set([...providersOf(findings), ...statements.map((s) => s.provider)])].sort();
  const h = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 100) / 100);
  for (const p of providers) {
    for (const k of computeClauseKpis(findings, p)) {
      rows.push([p, k.clauseRef, k.clauseName, k.tickets, k.met, k.late, k.exempt, k.compliancePercent, h(k.meanElapsedSeconds), h(k.medianElapsedSeconds), h(k.p90ElapsedSeconds)]);
    }
  }
  const last = rows.length - 1;
  // Beside the table: compliance % by clause, one column per provider — the data of the native chart (docs/CONTRACT.md, The add-in).
  const chart = complianceByClauseChart(findings);
  const charts: OutputSheet["charts"] = [];
  if (chart.categories.length && chart.series.length) {
    const col0 = 12; // M
    const put = (r: number, c: number, v: Cell) => {
      while (rows.length <= r) rows.push([]);
      while (rows[r].length < c) rows[r].push(null);
      rows[r][c] = v;
    };
    put(0, col0, lang === "zh" ? "条款" : "Clause");
    chart.series.forEach((s, j) => put(0, col0 + 1 + j, s.name));
    chart.categories.forEach((c, i) => {
      put(i + 1, col0, c);
      chart.series.forEach((s, j) => put(i + 1, col0 + 1 + j, s.values[i]));
    });
    charts.push({
      title: chart.title[lang],
      kind: "columnClustered",
      range: `${cellAddress(0, col0)}:${cellAddress(chart.categories.length, col0 + chart.series.length)}`,
    });
  }
  // Month over month: one row per provider × clause × month, then a chart of overall compliance per month.
  const rowStyles: OutputSheet["rowStyles"] = [{ row: 0, style: "header" }];
  if (earlier.length > 0) {
    const months = [...earlier, { month: formatMonth(month), findings }];
    const trend = computeKpiTrend(months);
    const top = Math.max(last, chart.categories.length) + 3;
    while (rows.length < top) rows.push([]);
    rows.push([lang === "zh" ? "逐月对比" : "Month over month"]);
    rowStyles.push({ row: rows.length - 1, style: "section" });
    rows.push(lang === "zh" ? ["服务商", "条款", "月份", "工单数", "达标", "超时", "免责", "达标率 %"] : ["Provider", "Clause", "Month", "Tickets", "Met", "Late", "Exempt", "Compliance %"]);
    rowStyles.push({ row: rows.length - 1, style: "header" });
    for (const r of trend) rows.push([r.provider, r.clauseRef, r.month, r.tickets, r.met, r.late, r.exempt, r.compliancePercent]);
    const byMonth = complianceTrendChart(trend);
    const top2 = chart.categories.length + 3;
    const col0 = 12;
    const put = (r: number, c: number, v: Cell) => {
      while (rows.length <= r) rows.push([]);
      while (rows[r].length < c) rows[r].push(null);
      rows[r][c] = v;
    };
    put(top2, col0, lang === "zh" ? "月份" : "Month");
    byMonth.series.forEach((s, j) => put(top2, col0 + 1 + j, s.name));
    byMonth.categories.forEach((m, i) => {
      put(top2 + 1 + i, col0, m);
      byMonth.series.forEach((s, j) => put(top2 + 1 + i, col0 + 1 + j, s.values[i]));
    });
    charts.push({ title: byMonth.title[lang], kind: "line", range: `${cellAddress(top2, col0)}:${cellAddress(top2 + byMonth.categories.length, col0 + byMonth.series.length)}` });
  }
  return {
    name: `KPIs ${formatMonth(month)}`, role: "kpis", rows, formulas: [], charts,
    columns: [
      { widthChars: 22, numberFormat: "@" }, { widthChars: 8, numberFormat: "@" }, { widthChars: 24, numberFormat: "@" }, { widthChars: 9, numberFormat: "0" },
      { widthChars: 7, numberFormat: "0" }, { widthChars: 7, numberFormat: "0" }, { widthChars: 7, numberFormat: "0" }, { widthChars: 13, numberFormat: "0.0" },
      { widthChars: 16, numberFormat: "0.00" }, { widthChars: 17, numberFormat: "0.00" }, { widthChars: 15, numberFormat: "0.00" },
      { widthChars: 3 }, { widthChars: 10, numberFormat: "@" }, { widthChars: 20, numberFormat: "0.0" }, { widthChars: 20, numberFormat: "0.0" },
    ],
    cellFormats: [], rowStyles, freezeRows: 1,
    tables: last >= 1 ? [{ name: `KPIs_${formatMonth(month).replace("-", "_")}`, headerRow: 0, lastRow: last, firstCol: 0, lastCol: 10 }] : [],
  };
}

export function statementsJson(statements: readonly ProviderStatement[]): unknown[] {
  return statements.map((s) => {
    const m = (d: Dec) => formatMoney(d, s.minorDigits);
    return {
      provider: s.provider,
      statementDate: formatDay(s.statementDate),
      dueDate: formatDay(s.paymentDue),
      disputeBy: isoLocal(s.disputeBy),
      disputeByDate: formatDay(deadlineDay(s.disputeBy)),
      fees: m(s.fees),
      penalties: m(s.penaltiesBeforeCap),
      capAdjustment: m(s.capAdjustment),
      capAdjustmentHow: s.capTrace?.en ?? null,
      penaltiesAfterCap: m(s.penalties),
      overdueFees: m(s.overdueFees),
      overdueCapAdjustment: m(s.overdueCapAdjustment),
      overdueCapAdjustmentHow: s.overdueCapTrace?.en ?? null,
      netPayable: m(s.netPayable),
      penaltiesByClause: s.penaltiesByClause.map((c) => ({ clause: c.clauseRef, count: c.count, amount: m(c.amount) })),
      // Every line of the statement, so the document foots on its own: fees = Σ feeLines; penalties = Σ
      // penaltiesByClause + Σ unperformedLines; penaltiesAfterCap = penalties + capAdjustment; overdueFees =
      // Σ overdueSegments + overdueCapAdjustment; netPayable = fees − penaltiesAfterCap + overdueFees.
      // A getter (JSON.stringify reads it): one line per ticket is made only when the document is written.
      get feeLines() {
        return s.feeLines.map((f) => ({ ticket: f.ticket, amount: m(f.amount) }));
      },
      unperformedLines: s.unperformedLines.map((u) => ({ ticket: u.ticket, amount: m(u.amount) })),
      overdueSegments: s.overdueSegments.map((x) => ({ statement: x.statement, from: formatDay(x.from), to: formatDay(x.to), days: x.days, balance: m(x.balance), amount: m(x.amount) })),
      invoice: s.invoice ? { billed: m(s.invoice.billed), computed: m(s.invoice.computed), difference: m(s.invoice.difference) } : null,
      excludedTickets: s.excludedTickets,
      recordsLeftOut: s.recordsLeftOut ?? [],
      provisional: s.provisional,
    };
  });
}
