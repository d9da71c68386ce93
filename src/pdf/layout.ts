/**
 * Draws the dispute report (engine/report ReportModel) onto a pdfkit document: A4 landscape, Noto Sans SC embedded
 * (pdfkit subsets it to the glyphs used), tables that break across pages with their header row repeated, and a
 * footer on every page with the contract number, the statement number and "page n of N".
 *
 * Host-neutral on purpose: no fs, no fetch. The Node writer (index.ts) and the browser renderer (browser.ts) both
 * hand this function a document and the font bytes, so the CLI's PDF and the task pane's PDF are the same.
 */
import type { Lang } from "../engine/core/issues";
import {
  formatAmount, formatDuration, formatHours, formatPenaltyRule, formatPercent, formatTarget,
} from "../engine/report/format";
import type { ReportModel } from "../engine/report/model";
import { REPORT_WORDS, type ReportWords } from "../engine/report/words";
import { formatDay, formatDeadline, formatLocal } from "../engine/core/time";

/** The two registered font names (regular and bold Noto Sans SC). */
export const FONT_REGULAR = "NotoSansSC";
export const FONT_BOLD = "NotoSansSC-Bold";

export interface ReportFonts {
  regular: Uint8Array;
  /** Optional: without it headings use the regular weight (the browser may skip a second 10 MB download). */
  bold?: Uint8Array;
}

type Doc = PDFKit.PDFDocument;
type Align = "left" | "right" | "center";

const PAGE_MARGIN = 36; // 0.5 in
const FOOTER_HEIGHT = 22;
const INK = "#1f2328";
const MUTED = "#57606a";
const RULE = "#8c959f";
const HEADER_FILL = "#e8edf3";
const LATE_FILL = "#fdecec";
const TOTAL_FILL = "#f3f5f8";
const ACCENT = "#0b5cad";

interface Column {
  header: string;
  width: number;
  align?: Align;
}

type RowKind = "normal" | "late" | "subtotal" | "total";

interface TableRow {
  cells: string[];
  kind?: RowKind;
  /** The first cell spans this many columns (a total's label under narrow columns); the spanned cells are "". */
  span?: number;
}

/** PDF /Info dates: the host passes generatedAt as ISO text; an unreadable one leaves pdfkit's own default. */
function parseGeneratedAt(text: string): Date | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Options for `new PDFDocument(...)`: the fonts are registered after construction (see drawReport). */
export function documentOptions(model: ReportModel, lang: Lang): PDFKit.PDFDocumentOptions {
  const w = REPORT_WORDS[lang];
  const h = model.header;
  const created = parseGeneratedAt(h.generatedAt);
  return {
    size: "A4",
    layout: "landscape",
    margins: { top: PAGE_MARGIN, bottom: PAGE_MARGIN + FOOTER_HEIGHT, left: PAGE_MARGIN, right: PAGE_MARGIN },
    bufferPages: true, // footers ("page n of N") are written once the page count is known
    // No default font: pdfkit's default is Helvetica, which its browser build does not carry. drawReport registers
    // ours and selects it before any text. (Passing the font bytes here instead would make pdfkit re-parse the
    // 10 MB font on every later font switch: a registered name that matches an already-open font is never cached.)
    font: null as unknown as string,
    lang: lang === "zh" ? "zh-CN" : "en-US",
    displayTitle: true,
    info: {
      Title: `${w.title} ${h.provider} ${h.month}`,
      Author: "SLA Ledger",
      Subject: `${h.contractNo} ${h.statementNo}`,
      Keywords: `evidence-sha256:${model.evidenceFile.sha256} input-sha256:${h.inputSha256}`,
      Creator: `SLA Ledger ${h.toolVersion}`,
      ...(created ? { CreationDate: created, ModDate: created } : {}),
    },
  };
}

class ReportWriter {
  private readonly w: ReportWords;
  private readonly left: number;
  private readonly right: number;
  private readonly width: number;
  private readonly bold: string;

  constructor(private readonly doc: Doc, private readonly model: ReportModel, private readonly lang: Lang, hasBold: boolean) {
    this.w = REPORT_WORDS[lang];
    this.left = doc.page.margins.left;
    this.right = doc.page.width - doc.page.margins.right;
    this.width = this.right - this.left;
    this.bold = hasBold ? FONT_BOLD : FONT_REGULAR;
  }

  /** Said after "net payable" while tickets are left out of the figures (the notice says which). */
  private get provisional(): string {
    return this.model.summary.provisional ? (this.lang === "zh" ? "（暂定）" : " — provisional") : "";
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private money(amount: import("../engine/core/money").Dec): string {
    return formatAmount(amount, this.model.header.minorDigits);
  }

  /** Starts a new page when less than `needed` points are left. */
  private ensure(needed: number): void {
    if (this.doc.y + needed > this.bottom) {
      this.doc.addPage();
      this.doc.y = this.doc.page.margins.top;
    }
  }

  private section(title: string, keepWith = 60): void {
    this.ensure(24 + keepWith);
    const doc = this.doc;
    doc.moveDown(0.6);
    const y = doc.y;
    doc.rect(this.left, y, 3, 13).fill(ACCENT);
    doc.font(this.bold).fontSize(11).fillColor(INK).text(title, this.left + 8, y, { width: this.width - 8, lineBreak: false });
    doc.y = y + 18;
  }

  private note(text: string, color = MUTED): void {
    this.doc.font(FONT_REGULAR).fontSize(8.5);
    const height = this.doc.heightOfString(text, { width: this.width });
    this.ensure(height + 4);
    this.doc.fillColor(color).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor(INK);
  }

  /** A table whose rows never split; on a page break the header row is drawn again. */
  private table(columns: Column[], rows: TableRow[], fontSize = 8, title?: string, pad = 3): void {
    const x0 = this.left;
    const doc = this.doc;
    const total = columns.reduce((a, c) => a + c.width, 0);
    const cellWidth = (i: number, span: number): number =>
      i === 0 && span > 1 ? columns.slice(0, span).reduce((a, c) => a + c.width, 0) : columns[i].width;
    // Speed: pdfkit's line wrapper measures every break opportunity (each CJK character is one), so a table of a
    // thousand rows wrapped cell by cell takes seconds. A cell whose text fits its width in one line is measured
    // once and drawn without the wrapper; only the cells that really wrap (traces) go through it.
    const fits = (text: string, width: number): boolean => doc.widthOfString(text) <= width;
    const heightOf = (cells: string[], font: string, span = 1): number => {
      doc.font(font).fontSize(fontSize);
      const lineHeight = doc.currentLineHeight(true);
      let h = lineHeight;
      cells.forEach((text, i) => {
        if (!text) return;
        const width = cellWidth(i, span) - 2 * pad;
        if (!fits(text, width)) h = Math.max(h, doc.heightOfString(text, { width }));
      });
      return Math.max(h, fontSize * 1.2) + 2 * pad;
    };
    const drawRow = (cells: string[], y: number, height: number, font: string, fill: string | null, span = 1): void => {
      if (fill) doc.rect(x0, y, total, height).fill(fill);
      doc.font(font).fontSize(fontSize).fillColor(INK);
      let x = x0;
      cells.forEach((text, i) => {
        const col = columns[i];
        const align = i === 0 && span > 1 ? "right" : col.align ?? "left";
        const width = cellWidth(i, span) - 2 * pad;
        if (text) {
          const textWidth = doc.widthOfString(text);
          if (textWidth <= width) {
            const dx = align === "right" ? width - textWidth : align === "center" ? (width - textWidth) / 2 : 0;
            doc.text(text, x + pad + dx, y + pad, { lineBreak: false });
          } else doc.text(text, x + pad, y + pad, { width, align });
        }
        x += col.width;
      });
      doc.moveTo(x0, y + height).lineTo(x0 + total, y + height).lineWidth(0.4).strokeColor(RULE).stroke();
      // doc.text moves the cursor below the cell it wrote; the row's own height decides where the next row goes.
      doc.y = y;
    };
    const headers = columns.map((c) => c.header);
    const headerHeight = heightOf(headers, this.bold);
    const drawHeader = (): void => {
      drawRow(headers, doc.y, headerHeight, this.bold, HEADER_FILL);
      doc.y += headerHeight;
    };
    // Small tables stay together on one page; long ones start with at least their header and first row.
    const heights = rows.map((r) => heightOf(r.cells, r.kind === "total" || r.kind === "subtotal" ? this.bold : FONT_REGULAR, r.span));
    const whole = heights.reduce((a, b) => a + b, headerHeight);
    const keep = whole <= 180 ? whole : headerHeight + (heights[0] ?? 0);
    if (title) this.section(title, keep);
    else this.ensure(keep);
    drawHeader();
    rows.forEach((row, index) => {
      const kind = row.kind ?? "normal";
      const font = kind === "total" || kind === "subtotal" ? this.bold : FONT_REGULAR;
      const height = heights[index];
      if (doc.y + height > this.bottom) {
        doc.addPage();
        doc.y = doc.page.margins.top;
        drawHeader();
      }
      const fill = kind === "late" ? LATE_FILL : kind === "total" || kind === "subtotal" ? TOTAL_FILL : null;
      drawRow(row.cells, doc.y, height, font, fill, row.span);
      if (kind === "total") {
        doc.moveTo(x0, doc.y).lineTo(x0 + total, doc.y).lineWidth(0.8).strokeColor(INK).stroke();
      }
      doc.y += height;
    });
    doc.x = this.left;
  }

  /** One line of text that never wraps: shortened with "…" to fit `width` (pdfkit may wrap despite lineBreak: false). */
  private oneLine(text: string, x: number, y: number, width: number, align: Align = "left"): void {
    const doc = this.doc;
    let shown = text;
    if (doc.widthOfString(shown) > width) {
      let lo = 0;
      let hi = text.length;
      // Binary search on the prefix length: no per-character loop of text measurements.
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (doc.widthOfString(text.slice(0, mid) + "…") <= width) lo = mid;
        else hi = mid - 1;
      }
      shown = text.slice(0, lo) + "…";
    }
    doc.text(shown, x, y, { width: width + 1, align, lineBreak: false });
  }

  /** Scales column weights to the full text width. */
  private fit(weights: { header: string; weight: number; align?: Align }[]): Column[] {
    const sum = weights.reduce((a, c) => a + c.weight, 0);
    return weights.map((c) => ({ header: c.header, align: c.align, width: (c.weight / sum) * this.width }));
  }

  title(): void {
    const { doc, w } = this;
    const h = this.model.header;
    doc.font(this.bold).fontSize(17).fillColor(INK).text(w.title, this.left, doc.page.margins.top, { width: this.width * 0.62 });
    doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(w.subtitle, { width: this.width * 0.62 });
    // Top-right: the statement's identity and the one figure everyone looks for first.
    const boxW = this.width * 0.34;
    const boxX = this.right - boxW;
    const top = doc.page.margins.top;
    doc.roundedRect(boxX, top, boxW, 50, 4).lineWidth(1).strokeColor(ACCENT).stroke();
    doc.font(FONT_REGULAR).fontSize(8.5).fillColor(MUTED)
      .text(`${w.netPayable}${this.provisional} (${h.currency})`, boxX + 8, top + 6, { width: boxW - 16, lineBreak: false });
    doc.font(this.bold).fontSize(17).fillColor(ACCENT)
      .text(this.money(this.model.summary.netPayable), boxX + 8, top + 20, { width: boxW - 16, align: "right", lineBreak: false });
    doc.fillColor(INK);
    doc.y = top + 60;

    // The parties' legal names first, each on a full-width line that wraps (a name is never shortened).
    doc.y = this.labelled(w.provider, h.provider, this.bold, doc.y);
    doc.y = this.labelled(w.customer, h.customer, FONT_REGULAR, doc.y);
    // Header grid: three columns of label / value pairs (short values).
    const pairs: [string, string][] = [
      [w.contractNo, h.contractNo],
      [w.period, `${formatDay(h.periodFrom)} – ${formatDay(h.periodTo)}`],
      [w.statementDate, formatDay(h.statementDate)],
      [w.paymentDue, formatDay(h.paymentDue)],
      [w.receivedOn, formatDay(h.receivedOn)],
      [w.disputeBy, formatDeadline(this.model.disputeBy, { lang: this.lang, style: "long" })],
      [w.currency, h.currency],
      [w.timeZone, h.timeZone],
      [w.calendar, h.calendarLabel],
      [w.generatedAt, h.generatedAt],
      [w.toolVersion, h.toolVersion],
    ];
    const colW = this.width / 3;
    const labelW = 92;
    const startY = doc.y;
    const perCol = Math.ceil(pairs.length / 3);
    let maxY = startY;
    pairs.forEach(([k, v], i) => {
      const col = Math.floor(i / perCol);
      const row = i % perCol;
      const x = this.left + col * colW;
      const y = startY + row * 13;
      doc.font(FONT_REGULAR).fontSize(8).fillColor(MUTED);
      this.oneLine(k, x, y, labelW - 4);
      doc.font(this.bold).fontSize(8).fillColor(INK);
      this.oneLine(v, x + labelW, y, colW - labelW - 6);
      maxY = Math.max(maxY, y + 13);
    });
    // The statement number and the evidence digest are long: each on its own full-width line, wrapped if need be,
    // never shortened; then how the recipient checks the digest against the attached file.
    let y = this.labelled(w.statementNo, h.statementNo, this.bold, maxY);
    y = this.labelled(w.evidenceSha256, this.model.evidenceFile.sha256, FONT_REGULAR, y);
    doc.font(FONT_REGULAR).fontSize(7.5).fillColor(MUTED);
    const check = w.evidenceCheck(this.model.evidenceFile.name);
    doc.text(check, this.left + labelW, y, { width: this.width - labelW });
    doc.fillColor(INK);
    doc.y = y + doc.heightOfString(check, { width: this.width - labelW }) + 2;
    doc.moveTo(this.left, doc.y).lineTo(this.right, doc.y).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.y += 4;
  }

  /** A label and its value on a full-width line; the value wraps under itself. Returns the y below it. */
  private labelled(label: string, value: string, font: string, y: number): number {
    const doc = this.doc;
    const labelW = 92;
    doc.font(FONT_REGULAR).fontSize(8).fillColor(MUTED);
    this.oneLine(label, this.left, y, labelW - 4);
    doc.font(font).fontSize(8).fillColor(INK);
    const width = this.width - labelW;
    const height = Math.max(13, doc.heightOfString(value, { width }) + 3);
    doc.text(value, this.left + labelW, y, { width });
    doc.x = this.left;
    return y + height;
  }

  notices(): void {
    if (this.model.notices.length === 0) return;
    this.section(this.w.sectionNotices, 20);
    for (const n of this.model.notices) this.note(`• ${n.text[this.lang]}`, n.severity === "error" ? "#b42318" : MUTED);
  }

  /** Summary (left) and the dispute deadline (right) side by side. */
  summary(): void {
    const { w, doc } = this;
    const s = this.model.summary;
    const cur = this.model.header.currency;
    const rows: TableRow[] = [{ cells: [w.feesDetail(s.feeTickets), String(s.feeTickets), this.money(s.fees)] }];
    // Same sign convention as the Settlement sheet and the report sheet: penalty lines are positive amounts that
    // the net payable subtracts; the cap adjustment is a negative penalty line (docs/CONTRACT.md, Money).
    for (const p of s.penaltiesByClause) rows.push({ cells: [w.penaltyClause(p.clauseRef, p.clauseName), String(p.count), this.money(p.amount)] });
    if (s.unperformedCount > 0 || !s.unperformed.isZero()) rows.push({ cells: [w.unperformed, String(s.unperformedCount), this.money(s.unperformed)] });
    rows.push({ cells: [w.penaltiesBeforeCap, "", this.money(s.penaltiesBeforeCap)], kind: "subtotal" });
    rows.push({ cells: [w.capAdjustment, "", this.money(s.capAdjustment)] });
    rows.push({ cells: [w.penaltiesAfterCap, "", this.money(s.penalties)], kind: "subtotal" });
    rows.push({ cells: [w.overdueFees, String(this.model.overdueSchedule.length), this.money(s.overdueFees)] });
    rows.push({ cells: [`${w.netPayable}${this.provisional}`, "", this.money(s.netPayable)], kind: "total" });
    rows.push({ cells: [w.disputed, "", this.money(s.disputed)] });
    rows.push({ cells: [w.undisputed, "", this.money(s.undisputed)], kind: "subtotal" });
    const tableW = this.width * 0.58;
    const columns: Column[] = [
      { header: w.line, width: tableW - 150 },
      { header: w.count, width: 50, align: "right" },
      { header: `${w.amount} (${cur})`, width: 100, align: "right" },
    ];
    // Right column first, so it sits beside the summary: the dispute deadline, then the invoice check (billed vs
    // computed) when there is an Invoice sheet.
    const boxX = this.left + tableW + 16;
    const boxW = this.right - boxX;
    const text = w.disputeText(this.model.disputeDays, formatDay(this.model.header.receivedOn), formatDeadline(this.model.disputeBy, { lang: this.lang, style: "short" }));
    doc.font(FONT_REGULAR).fontSize(9);
    const boxH = doc.heightOfString(text, { width: boxW - 16 }) + 52;
    const rightH = boxH + (s.invoice ? 3 * 14 + 20 : 0);
    // The summary starts where there is room for the boxes on the right and a few of its lines; the rest of its
    // table may continue on the next page (header repeated). Keeping all of it together pushed it to page 2 when
    // notices were long, leaving page 1 mostly blank.
    this.section(w.sectionSummary, Math.max(rightH, 5 * 16 + 20));
    const top = doc.y;
    doc.roundedRect(boxX, top, boxW, boxH, 4).lineWidth(1.2).strokeColor("#b42318").stroke();
    doc.font(this.bold).fontSize(10).fillColor("#b42318").text(w.sectionDispute, boxX + 8, top + 6, { width: boxW - 16 });
    doc.font(this.bold).fontSize(14).fillColor(INK).text(formatDeadline(this.model.disputeBy, { lang: this.lang, style: "short" }), boxX + 8, top + 20, { width: boxW - 16 });
    doc.font(FONT_REGULAR).fontSize(9).fillColor(INK).text(text, boxX + 8, top + 42, { width: boxW - 16 });
    let rightBottom = top + boxH;
    if (s.invoice) {
      const lines: [string, string][] = [
        [w.invoiceBilled, this.money(s.invoice.billed)],
        [w.invoiceComputed, this.money(s.invoice.computed)],
        [w.invoiceDifference, this.money(s.invoice.difference)],
      ];
      const y0 = rightBottom + 10;
      doc.roundedRect(boxX, y0, boxW, lines.length * 14 + 10, 4).lineWidth(0.6).strokeColor(RULE).stroke();
      lines.forEach(([k, v], i) => {
        const y = y0 + 6 + i * 14;
        doc.font(i === 2 ? this.bold : FONT_REGULAR).fontSize(8.5).fillColor(INK);
        this.oneLine(k, boxX + 8, y, boxW - 110);
        this.oneLine(v, boxX + boxW - 100, y, 92, "right");
      });
      rightBottom = y0 + lines.length * 14 + 10;
    }

    doc.y = top;
    const pagesBefore = doc.bufferedPageRange().count;
    this.table(columns, rows, 8, undefined, 2.5);
    doc.x = this.left;
    doc.y = pagesBefore === doc.bufferedPageRange().count ? Math.max(doc.y, rightBottom) : doc.y;
  }

  penalties(): void {
    const { w } = this;
    const s = this.model.summary;
    if (s.penaltiesByClause.length === 0 && s.unperformedCount === 0) {
      this.section(w.sectionPenalties, 20);
      this.note(w.noPenalties);
      return;
    }
    const rows: TableRow[] = s.penaltiesByClause.map((p) => ({ cells: [p.clauseRef, p.clauseName, String(p.count), this.money(p.amount)] }));
    if (s.unperformedCount > 0 || !s.unperformed.isZero()) rows.push({ cells: ["", w.unperformed, String(s.unperformedCount), this.money(s.unperformed)] });
    rows.push({ cells: [w.penaltiesBeforeCap, "", "", this.money(s.penaltiesBeforeCap)], kind: "total", span: 3 });
    this.table(this.fit([
      { header: w.colClause, weight: 12 },
      { header: w.colName, weight: 40 },
      { header: w.count, weight: 10, align: "right" },
      { header: `${w.colPenalty} (${this.model.header.currency})`, weight: 16, align: "right" },
    ]), rows, 8.5, w.sectionPenalties);
  }

  overdue(): void {
    const { w } = this;
    if (this.model.overdueSchedule.length === 0) {
      this.section(w.sectionOverdue, 20);
      this.note(w.noOverdue);
      return;
    }
    const perDay = this.lang === "zh" ? "/天" : "/day";
    const rows: TableRow[] = this.model.overdueSchedule.map((seg) => ({
      cells: [
        seg.statement, formatDay(seg.from), formatDay(seg.to), String(seg.days), this.money(seg.balance),
        `${formatPercent(seg.ratePerDay)}${perDay}`, this.money(seg.amount), seg.trace[this.lang],
      ],
    }));
    const cap = this.model.summary.overdueCapAdjustment;
    if (!cap.isZero()) rows.push({ cells: [w.overdueCap, "", "", "", "", "", this.money(cap), ""], span: 6 });
    rows.push({ cells: [w.overdueFees, "", "", "", "", "", this.money(this.model.summary.overdueFees), ""], kind: "total", span: 6 });
    this.table(this.fit([
      { header: w.colStatement, weight: 12 },
      { header: w.colFrom, weight: 9 },
      { header: w.colTo, weight: 9 },
      { header: w.colDays, weight: 5, align: "right" },
      { header: `${w.colBalance} (${this.model.header.currency})`, weight: 12, align: "right" },
      { header: w.colRate, weight: 10, align: "right" },
      { header: `${w.amount} (${this.model.header.currency})`, weight: 11, align: "right" },
      { header: w.colTrace, weight: 40 },
    ]), rows, 8, w.sectionOverdue);
  }

  evidence(): void {
    const { w } = this;
    if (this.model.evidence.length === 0) {
      this.section(w.sectionEvidence, 20);
      this.note(w.noEvidence);
      return;
    }
    const rows: TableRow[] = this.model.evidence.map((e) => ({
      cells: [
        e.ticket,
        e.clauseRef,
        e.start === null ? "" : formatLocal(e.start),
        e.end === null ? "" : formatLocal(e.end),
        e.due === null ? "" : formatDeadline(e.due, { lang: this.lang, style: "short" }),
        e.lateBy ? e.lateBy[this.lang] : formatDuration(e.lateBySeconds, e.unit, this.lang),
        w.status[e.status],
        this.money(e.penalty),
        [e.exemption, e.trace[this.lang]].filter(Boolean).join(" — "),
      ],
      kind: e.status === "late" || e.status === "overdue" || e.status === "unperformed" ? "late" : "normal",
    }));
    rows.push({ cells: [w.penaltiesBeforeCap, "", "", "", "", "", "", this.money(this.model.summary.penaltiesBeforeCap), ""], kind: "total", span: 7 });
    this.table(this.fit([
      { header: w.colTicket, weight: 9 },
      { header: w.colClause, weight: 6 },
      { header: w.colStart, weight: 10 },
      { header: w.colEnd, weight: 10 },
      { header: w.colDue, weight: 10 },
      { header: w.colLateBy, weight: 9 },
      { header: w.colStatus, weight: 9 },
      { header: `${w.colPenalty} (${this.model.header.currency})`, weight: 8, align: "right" },
      { header: `${w.colExemption} / ${w.colTrace}`, weight: 38 },
    ]), rows, 7.5, w.sectionEvidence);
  }

  kpis(): void {
    const { w } = this;
    if (this.model.kpis.length === 0) return;
    const rows: TableRow[] = this.model.kpis.map((k) => ({
      cells: [
        k.clauseRef, k.clauseName, formatTarget(k.target, k.unit, this.lang), String(k.tickets), String(k.met), String(k.late),
        String(k.exempt), k.compliancePercent === null ? "" : `${k.compliancePercent.toFixed(1)}%`,
        formatHours(k.meanElapsedSeconds, k.unit, this.lang), formatHours(k.medianElapsedSeconds, k.unit, this.lang),
        formatHours(k.p90ElapsedSeconds, k.unit, this.lang),
      ],
    }));
    this.table(this.fit([
      { header: w.colClause, weight: 7 },
      { header: w.colName, weight: 16 },
      { header: w.colTarget, weight: 10 },
      { header: w.colTickets, weight: 6, align: "right" },
      { header: w.colMet, weight: 6, align: "right" },
      { header: w.colLate, weight: 6, align: "right" },
      { header: w.colExempt, weight: 6, align: "right" },
      { header: w.colCompliance, weight: 8, align: "right" },
      { header: w.colMean, weight: 11, align: "right" },
      { header: w.colMedian, weight: 11, align: "right" },
      { header: w.colP90, weight: 11, align: "right" },
    ]), rows, 8, w.sectionKpis);
  }

  terms(): void {
    const { w } = this;
    const h = this.model.header;
    this.table(this.fit([
      { header: w.colKey, weight: 20 },
      { header: w.colValue, weight: 40 },
      { header: w.colSource, weight: 12 },
    ]), h.terms.map((t) => ({ cells: [t.key[this.lang], t.value[this.lang], t.source] })), 8, w.sectionTerms);
    if (h.clauses.length === 0) return;
    this.table(this.fit([
      { header: w.colClause, weight: 7 },
      { header: w.colName, weight: 13 },
      { header: w.colAppliesTo, weight: 18 },
      { header: w.colEvents, weight: 16 },
      { header: w.colTarget, weight: 10 },
      { header: w.colPenaltyRule, weight: 14 },
      { header: w.colCap, weight: 9, align: "right" },
      { header: w.colPausable, weight: 6 },
      { header: w.colSource, weight: 8 },
    ]), h.clauses.map((c) => ({
      cells: [
        c.ref, c.name, c.appliesTo || w.all, `${c.startEvent} → ${c.endEvent}`, formatTarget(c.target, c.unit, this.lang),
        formatPenaltyRule(c.penalty, c.amount, h.minorDigits, this.lang), c.cap === null ? "" : this.money(c.cap),
        c.pausable ? w.yes : w.no, c.source,
      ],
    })), 8, w.sectionClauses);
  }

  /** Three signature boxes and the seal placeholder, kept together on one page. */
  signOff(): void {
    const { w, doc } = this;
    const boxH = 74;
    this.section(w.sectionSignOff, boxH + 4);
    const roles = this.model.signOff;
    const sealW = 110;
    const gap = 10;
    const boxW = (this.width - sealW - gap * roles.length) / roles.length;
    const y = doc.y;
    roles.forEach((r, i) => {
      const x = this.left + i * (boxW + gap);
      doc.rect(x, y, boxW, boxH).lineWidth(0.6).strokeColor(RULE).stroke();
      doc.font(this.bold).fontSize(9).fillColor(INK).text(r.role[this.lang], x + 8, y + 6, { width: boxW - 16, lineBreak: false });
      doc.font(FONT_REGULAR).fontSize(8).fillColor(MUTED);
      doc.text(`${w.signature}:`, x + 8, y + 34, { lineBreak: false });
      doc.moveTo(x + 52, y + 44).lineTo(x + boxW - 8, y + 44).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.text(`${w.date}:`, x + 8, y + 54, { lineBreak: false });
      doc.moveTo(x + 52, y + 64).lineTo(x + boxW - 8, y + 64).lineWidth(0.5).strokeColor(RULE).stroke();
    });
    // Seal placeholder: a dashed circle where the company chop goes.
    const cx = this.right - sealW / 2;
    const cy = y + boxH / 2;
    doc.circle(cx, cy, boxH / 2 - 2).lineWidth(0.8).dash(3, { space: 3 }).strokeColor(RULE).stroke().undash();
    doc.font(FONT_REGULAR).fontSize(8).fillColor(MUTED).text(w.seal, cx - 40, cy - 5, { width: 80, align: "center", lineBreak: false });
    doc.fillColor(INK);
    doc.y = y + boxH + 6;
    doc.x = this.left;
  }

  /** Footer on every page, written last so that "page n of N" is known. */
  footers(): void {
    const { doc, w } = this;
    const h = this.model.header;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would make pdfkit open a new page: lift the margin while we write.
      const savedBottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - PAGE_MARGIN - 10;
      doc.moveTo(this.left, y - 4).lineTo(this.right, y - 4).lineWidth(0.4).strokeColor(RULE).stroke();
      doc.font(FONT_REGULAR).fontSize(7.5).fillColor(MUTED);
      // The statement number, when it fits; the provider's name is in full on page 1 (never shortened here).
      const ids = `${w.contractNo} ${h.contractNo} · ${w.statementNo} ${h.statementNo}`;
      this.oneLine(doc.widthOfString(ids) <= this.width * 0.42 ? ids : `${w.contractNo} ${h.contractNo}`, this.left, y, this.width * 0.42);
      this.oneLine(w.page(i - range.start + 1, range.count), this.left + this.width * 0.42, y, this.width * 0.16, "center");
      this.oneLine(`${w.evidenceSha256} ${this.model.evidenceFile.sha256.slice(0, 16)}… · ${h.generatedAt}`, this.left + this.width * 0.58, y, this.width * 0.42, "right");
      doc.page.margins.bottom = savedBottom;
    }
    doc.fillColor(INK);
  }
}

/**
 * Draws the whole report on `doc` (created with documentOptions) and registers the fonts. The caller ends the
 * document and collects its bytes.
 */
export function drawReport(doc: Doc, model: ReportModel, lang: Lang, fonts: ReportFonts): void {
  doc.registerFont(FONT_REGULAR, fonts.regular);
  if (fonts.bold) doc.registerFont(FONT_BOLD, fonts.bold);
  doc.font(FONT_REGULAR);
  // The evidence file the printed digest names, attached so the recipient can hash it (report/evidenceCsv).
  const created = parseGeneratedAt(model.header.generatedAt);
  const bytes = new TextEncoder().encode(model.evidenceFile.csv);
  doc.file(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, {
    name: model.evidenceFile.name,
    type: "text/csv",
    description: `${REPORT_WORDS[lang].evidenceSha256} ${model.evidenceFile.sha256}`,
    ...(created ? { creationDate: created, modifiedDate: created } : {}),
  });
  const writer = new ReportWriter(doc, model, lang, fonts.bold !== undefined);
  writer.title();
  writer.notices();
  writer.summary();
  writer.penalties();
  writer.overdue();
  writer.evidence();
  writer.kpis();
  writer.terms();
  writer.signOff();
  writer.footers();
}
