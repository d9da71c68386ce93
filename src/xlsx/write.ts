/**
 * OutputSheet[] → .xlsx (DESIGN.md: the adapter only places what the engine built; src/xlsx is the only code that
 * touches exceljs).
 *
 * SPEC §1.1 "Nothing is lost" and §6:
 * - the output goes into a COPY of the input workbook; the input file is only ever read;
 * - a sheet is replaced only when the tool created it, as listed in the very-hidden MARKER_SHEET; a user's sheet of
 *   the same name stays and the output is written beside it ("Settlement 2026-10 (2)"), via planOutputSheets;
 * - the file is written to a temporary name in the target's folder and renamed, so a failed run never leaves a
 *   half-written file (a rename within one folder is atomic).
 * Every text cell is written as a string (never a formula, even "=1+1" or "-5 min"); formulas come only from
 * OutputSheet.formulas, with the engine's own figure as the cached result (so a reader that does not recalculate
 * shows the same number).
 */
import { randomBytes } from "crypto";
import { promises as fs, rmSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { columnLetter, type Cell } from "../engine/core/cells";
import {
  MARKER_SHEET, MARKER_TITLE, planOutputSheets, rowBlockOf, rowCountOf, sheetWidthOf, supersededOutputSheets, type OutputSheet,
  type PlannedSheet, type RowStyle,
} from "../engine/core/output";
import { loadExcelWorkbook } from "./read";

/** The target exists and the command must not overwrite it (`template`), or it is the input itself. */
export class XlsxWriteRefused extends Error {
  constructor(
    readonly file: string,
    readonly reason: "exists" | "is-input",
  ) {
    super(reason === "exists" ? `${file} already exists; choose another name` : `${file} is the input workbook; the input is never rewritten (SPEC §6)`);
    this.name = "XlsxWriteRefused";
  }
}

const FILLS: Partial<Record<RowStyle, string>> = {
  header: "FFD9E1F2", // light blue-grey
  late: "FFFFC7CE", // Excel's "light red fill" for bad values
  total: "FFF2F2F2",
  subtotal: "FFF8F8F8",
  section: "FFDDEBF7",
};

function solidFill(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

/** What a row style sets on each cell of its row (replacing the cell's font / border / alignment / fill). */
function rowStyleProps(style: RowStyle): Partial<ExcelJS.Style> {
  const props: Partial<ExcelJS.Style> = {};
  switch (style) {
    case "title":
      props.font = { bold: true, size: 14 };
      break;
    case "header":
      props.font = { bold: true };
      props.border = { bottom: { style: "thin" } };
      props.alignment = { vertical: "middle", wrapText: true };
      break;
    case "late":
      props.font = { color: { argb: "FF9C0006" } };
      break;
    case "total":
      props.font = { bold: true };
      props.border = { top: { style: "thin" }, bottom: { style: "double" } };
      break;
    case "subtotal":
      props.font = { bold: true };
      props.border = { top: { style: "thin" } };
      break;
    case "section":
      props.font = { bold: true };
      break;
    case "note":
      props.font = { italic: true, color: { argb: "FF595959" } };
      break;
  }
  const fill = FILLS[style];
  if (fill) props.fill = solidFill(fill);
  return props;
}

type CellStyle = Partial<ExcelJS.Style>;

/**
 * Cell styles shared between cells, one object per distinct style. exceljs gives every cell its own style object
 * and, when writing, looks each object up in a WeakMap (StylesXform.addStyleModel); V8's identity hashes have a
 * limited range, so past about two million distinct keys those lookups degrade towards linear scans and the write
 * becomes quadratic (10k tickets 6 s, 40k 64 s). exceljs itself shares style objects between cells (duplicateRow);
 * the objects here are frozen, so a later change to one cell's style cannot leak into the others.
 */
class SharedStyles {
  private readonly byNumFmt = new Map<string, CellStyle>();
  private readonly byContent = new Map<string, CellStyle>();
  private readonly pooled = new WeakSet<CellStyle>();
  private readonly styled = new Map<CellStyle, Map<RowStyle, CellStyle>>();
  private readonly empty: CellStyle = this.keep({});

  private keep(style: CellStyle): CellStyle {
    deepFreeze(style);
    this.pooled.add(style);
    return style;
  }

  /** The style of a cell that has only a number format (or none). */
  numFmt(fmt: string | undefined): CellStyle {
    if (!fmt) return this.empty;
    let style = this.byNumFmt.get(fmt);
    if (!style) this.byNumFmt.set(fmt, (style = this.keep({ numFmt: fmt })));
    return style;
  }

  /** A shared equal of `style` (itself when it is already shared). */
  intern(style: CellStyle): CellStyle {
    if (this.pooled.has(style)) return style;
    const keys = Object.keys(style) as (keyof CellStyle)[];
    if (keys.length === 0) return this.empty;
    if (keys.length === 1 && keys[0] === "numFmt") return this.numFmt(style.numFmt);
    const key = JSON.stringify(style);
    let shared = this.byContent.get(key);
    if (!shared) this.byContent.set(key, (shared = this.keep(structuredClone(style))));
    return shared;
  }

  /** `base` with a row style applied over it. */
  withRowStyle(base: CellStyle, rowStyle: RowStyle): CellStyle {
    const shared = this.intern(base);
    let forBase = this.styled.get(shared);
    if (!forBase) this.styled.set(shared, (forBase = new Map()));
    let style = forBase.get(rowStyle);
    if (!style) forBase.set(rowStyle, (style = this.keep({ ...shared, ...structuredClone(rowStyleProps(rowStyle)) })));
    return style;
  }
}

function deepFreeze(o: object): void {
  for (const v of Object.values(o)) if (v && typeof v === "object" && !Object.isFrozen(v)) deepFreeze(v);
  Object.freeze(o);
}

function styleRow(ws: ExcelJS.Worksheet, rowNumber: number, style: RowStyle, width: number, styles: SharedStyles): void {
  const row = ws.getRow(rowNumber);
  for (let c = 1; c <= width; c += 1) {
    const cell = row.getCell(c);
    cell.style = styles.withRowStyle(cell.style, style);
  }
}

/** Text that Excel (or a user retyping it) would take for a formula: keep it text with the "@" format as well. */
const FORMULA_LIKE = /^[=+\-@]/;

const WRITE_BLOCK_ROWS = 10_000;

/**
 * exceljs builds each sheet's XML in one array of pieces (about 15 per cell), and V8 caps an array near 134 million
 * elements: a sheet of 820,000 findings (11.5 million cells) crashed the process. Output sheets for an .xlsx are
 * therefore split at 400,000 rows (5.6 million cells at 14 columns), well inside that cap.
 */
export const XLSX_MAX_ROWS_PER_SHEET = 400_000;

/**
 * What the in-memory writer needs per cell of the workbook it writes (input and output sheets together), measured:
 * 100,000 tickets are about 8.8 million cells and took 7.7 GB. Used to refuse, before writing, a month the heap
 * cannot hold — a clear message instead of a crash.
 */
export const XLSX_BYTES_PER_CELL = 1024;

/**
 * Places one OutputSheet on a fresh worksheet: values, formulas, formats, styles, freeze, filter, print setup.
 * Cells with the same style share one frozen style object (see SharedStyles).
 */
export function fillWorksheet(ws: ExcelJS.Worksheet, sheet: OutputSheet): void {
  const width = sheetWidthOf(sheet);
  const styles = new SharedStyles();
  // The format a new cell of the column gets from the column (exceljs copies the column's numFmt into it).
  const columnFormat = (c: number): string | undefined => sheet.columns[c]?.numberFormat || undefined;
  sheet.columns.forEach((col, i) => {
    const column = ws.getColumn(i + 1);
    column.width = col.widthChars;
    if (col.numberFormat) column.numFmt = col.numberFormat;
  });
  const cellFormat = new Map<string, string>();
  for (const f of sheet.cellFormats) cellFormat.set(`${f.row},${f.col}`, f.numberFormat);
  const formulaAt = new Map<string, string>();
  for (const f of sheet.formulas) formulaAt.set(`${f.row},${f.col}`, f.formula);

  // In blocks: a lazy sheet (a million findings) is never built whole.
  const count = rowCountOf(sheet);
  for (let from = 0; from < count; from += WRITE_BLOCK_ROWS) {
    rowBlockOf(sheet, from, from + WRITE_BLOCK_ROWS).forEach((values, i) => placeRow(from + i, values));
  }
  function placeRow(r: number, values: Cell[]): void {
    const row = ws.getRow(r + 1);
    values.forEach((value, c) => {
      const key = `${r},${c}`;
      const formula = formulaAt.get(key);
      const fmt = cellFormat.get(key) ?? sheet.columns[c]?.numberFormat;
      if (formula === undefined && (value === null || value === "")) return;
      const cell = row.getCell(c + 1);
      if (formula !== undefined) {
        // exceljs wants the formula without "="; the engine's figure is the cached result.
        const result = value === null || value === "" ? undefined : value;
        cell.value = { formula: formula.replace(/^=/, ""), result } as ExcelJS.CellFormulaValue;
      } else {
        // A JS string is always written as a string cell by exceljs (shared/inline string), never parsed as a formula.
        cell.value = value;
      }
      // On a fresh row a new cell has only its column's numFmt; the cell's own format (or "@") replaces it.
      const textLikeFormula = typeof value === "string" && formula === undefined && FORMULA_LIKE.test(value);
      cell.style = styles.numFmt(textLikeFormula ? "@" : fmt || columnFormat(c));
    });
  }
  // Formulas on cells whose row is shorter than the formula's column.
  for (const f of sheet.formulas) {
    const cell = ws.getRow(f.row + 1).getCell(f.col + 1);
    if (cell.formula === undefined || cell.formula === "") {
      cell.value = { formula: f.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
      const fmt = cellFormat.get(`${f.row},${f.col}`) ?? sheet.columns[f.col]?.numberFormat;
      if (fmt) cell.style = styles.intern({ ...cell.style, numFmt: fmt });
    }
  }
  for (const { row, style } of sheet.rowStyles) styleRow(ws, row + 1, style, width, styles);

  if (sheet.freezeRows > 0) ws.views = [{ state: "frozen", xSplit: 0, ySplit: sheet.freezeRows, topLeftCell: `A${sheet.freezeRows + 1}` }];
  // An .xlsx sheet has one autofilter; the first table gets it (the output sheets have at most one data table).
  const table = sheet.tables[0];
  if (table) {
    ws.autoFilter = `${columnLetter(table.firstCol)}${table.headerRow + 1}:${columnLetter(table.lastCol)}${table.lastRow + 1}`;
  }
  const ps = sheet.pageSetup;
  if (ps) {
    ws.pageSetup.paperSize = 9; // A4
    ws.pageSetup.orientation = ps.orientation;
    if (ps.fitToWidth) {
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = 1;
      ws.pageSetup.fitToHeight = 0;
    }
    if (ps.repeatRows) ws.pageSetup.printTitlesRow = `${ps.repeatRows.first + 1}:${ps.repeatRows.last + 1}`;
    if (ps.marginsInches) ws.pageSetup.margins = { ...ps.marginsInches };
    const hf = (p?: { left?: string; center?: string; right?: string }): string | undefined =>
      p ? `&L${p.left ?? ""}&C${p.center ?? ""}&R${p.right ?? ""}` : undefined;
    const header = hf(ps.header);
    const footer = hf(ps.footer);
    if (header) ws.headerFooter.oddHeader = header;
    if (footer) ws.headerFooter.oddFooter = footer;
  }
}

/** The names listed in the marker sheet (A2 down): the output sheets this tool created earlier. */
export function createdByTool(wb: ExcelJS.Workbook): string[] {
  const marker = wb.getWorksheet(MARKER_SHEET);
  if (!marker) return [];
  const names: string[] = [];
  marker.getColumn(1).eachCell({ includeEmpty: false }, (cell, rowNumber) => {
    if (rowNumber >= 2 && typeof cell.value === "string" && cell.value.trim() !== "") names.push(cell.value);
  });
  return names;
}

function writeMarker(wb: ExcelJS.Workbook, names: string[]): void {
  const old = wb.getWorksheet(MARKER_SHEET);
  if (old) wb.removeWorksheet(old.id);
  const marker = wb.addWorksheet(MARKER_SHEET, { state: "veryHidden" });
  marker.getCell("A1").value = MARKER_TITLE;
  names.forEach((n, i) => {
    marker.getCell(`A${i + 2}`).value = n;
  });
}

/**
 * Adds (or replaces) the output sheets in a loaded workbook, following planOutputSheets; updates the marker.
 * Returns where each sheet went.
 */
export function placeOutputSheets(wb: ExcelJS.Workbook, sheets: readonly OutputSheet[]): PlannedSheet[] {
  const ours = createdByTool(wb);
  // Parts and Fees sheets of an earlier, larger run of the same month go, so no stale figures stay behind.
  for (const name of supersededOutputSheets(ours, sheets.map((s) => s.name))) {
    const old = wb.worksheets.find((ws) => ws.name.toLowerCase() === name.toLowerCase());
    if (old) wb.removeWorksheet(old.id);
  }
  const existing = wb.worksheets.map((ws) => ws.name).filter((n) => n !== MARKER_SHEET);
  const plans = planOutputSheets(sheets.map((s) => s.name), existing, ours);
  plans.forEach((plan, i) => {
    if (plan.replace) {
      const old = wb.worksheets.find((ws) => ws.name.toLowerCase() === plan.name.toLowerCase());
      if (old) wb.removeWorksheet(old.id);
    }
    const ws = wb.addWorksheet(plan.name);
    fillWorksheet(ws, sheets[i]);
  });
  const names = new Map<string, string>();
  for (const n of [...ours, ...plans.map((p) => p.name)]) names.set(n.toLowerCase(), n);
  // Keep only names that still exist (a user may have deleted an old output sheet).
  const present = new Set(wb.worksheets.map((ws) => ws.name.toLowerCase()));
  writeMarker(wb, [...names.values()].filter((n) => present.has(n.toLowerCase())));
  return plans;
}

/**
 * Writes bytes to `target` atomically: a temporary file in the same folder, then a rename (or, with
 * `overwrite: false`, a hard link that fails if the target exists, so an existing file is never replaced).
 */
const pendingTempFiles = new Set<string>();

/**
 * Removes temporary files of writes still in progress; for a host's SIGINT/SIGTERM handler (bin/sla-ledger.js), so
 * that Ctrl-C during a write leaves nothing behind. Synchronous: it runs just before the process exits.
 */
export function removePendingTempFiles(): void {
  for (const tmp of pendingTempFiles) rmSync(tmp, { force: true });
  pendingTempFiles.clear();
}

export async function writeFileAtomic(target: string, bytes: Uint8Array, opts: { overwrite: boolean }): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pendingTempFiles.add(tmp);
  try {
    const handle = await fs.open(tmp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.overwrite) {
      await fs.rename(tmp, target);
    } else {
      try {
        await fs.link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new XlsxWriteRefused(target, "exists");
        throw e;
      }
    }
  } finally {
    await fs.rm(tmp, { force: true });
    pendingTempFiles.delete(tmp);
  }
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (samePath(a, b)) return true;
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Reads `input`, places the output sheets into the copy, writes it to `out` atomically. The input is never opened
 * for writing; `out` equal to the input is refused (XlsxWriteRefused "is-input").
 */
export async function writeOutputWorkbook(input: string, sheets: readonly OutputSheet[], out: string): Promise<PlannedSheet[]> {
  if (await sameFile(input, out)) throw new XlsxWriteRefused(out, "is-input");
  const wb = await loadExcelWorkbook(input);
  const plans = placeOutputSheets(wb, sheets);
  const bytes = await wb.xlsx.writeBuffer();
  await writeFileAtomic(out, new Uint8Array(bytes as ArrayBuffer), { overwrite: true });
  return plans;
}

/** A new workbook from sheets (the `template` command); refuses to overwrite an existing file. */
export async function writeNewWorkbook(sheets: readonly OutputSheet[], out: string, opts: { markAsOutput: boolean }): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "SLA Ledger";
  for (const sheet of sheets) fillWorksheet(wb.addWorksheet(sheet.name), sheet);
  if (opts.markAsOutput) writeMarker(wb, sheets.map((s) => s.name));
  const bytes = await wb.xlsx.writeBuffer();
  await writeFileAtomic(out, new Uint8Array(bytes as ArrayBuffer), { overwrite: false });
}

/**
 * Bytes of a new workbook built from sheets (tests, the sample generator). `fixedDate` sets the document's
 * created/modified properties, so the same sheets give the same cells and properties on every run.
 */
export async function workbookBytes(sheets: readonly OutputSheet[], opts: { fixedDate?: Date } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "SLA Ledger";
  if (opts.fixedDate) {
    wb.created = opts.fixedDate;
    wb.modified = opts.fixedDate;
  }
  for (const sheet of sheets) fillWorksheet(wb.addWorksheet(sheet.name), sheet);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
