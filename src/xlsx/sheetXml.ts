/**
 * OutputSheet → SpreadsheetML (ECMA-376 Part 1, §18.3 worksheets, §18.8 styles), written as text, a block of rows
 * at a time. exceljs built every cell as an object and the whole sheet's XML in one array: 100,000
 * tickets took 70 s and 7.7 GB to write, and a sheet of 820,000 findings crashed it. Here a block of 10,000 rows is
 * built, turned into XML and handed to the zip stream before the next is built, so memory stays flat at any size.
 *
 * What a cell gets (the same as the exceljs writer this replaces):
 * - text as an inline string (`t="inlineStr"`), never a formula; text Excel or a user retyping it would take for a
 *   formula (=, +, -, @) also gets the "@" format;
 * - numbers and booleans as values; formulas only from OutputSheet.formulas, with the engine's figure cached;
 * - the number format: the cell's own (cellFormats), else its column's; a row style (header, late, total…) laid
 *   over it on every cell of the row, blank ones included.
 */
import { columnLetter, type Cell } from "../engine/core/cells";
import {
  eachRowStyle, EXCEL_MAX_CELL_CHARS, fitCellText, rowBlockOf, rowCountOf, rowStyleAt, sheetWidthOf, type OutputSheet, type RowStyle,
} from "../engine/core/output";
import { wrappedLines } from "../engine/core/print";

/**
 * Rows asked of the engine at a time. A block stays alive while its XML is built; at 10,000 rows (megabytes of
 * text) it outlived young-generation collections and was copied, promoted and freed by full ones: 1,000 rows took
 * about 7% less CPU and 180 MB less peak memory writing 200,000 tickets' copy.
 */
export const WRITE_BLOCK_ROWS = 1_000;
const PIECE_CHARS = 64 * 1024;

/** Text that Excel (or a user retyping it) would take for a formula: keep it text with the "@" format as well. */
const FORMULA_LIKE = /^[=+\-@]/;

/** Number formats Excel knows by id (§18.8.30); any other format gets an id from 164 up in the workbook's numFmts. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11, "@": 49,
};

/** Ids from 164 up are the workbook's own formats (§18.8.30; below are Excel's built-in ones). */
export const FIRST_CUSTOM_FMT_ID = 164;
/** numFmtId is an xsd:unsignedInt. */
export const MAX_FMT_ID = 4_294_967_295;

/** What a row style lays over a cell: font, fill, border, alignment (as the add-in's row formats do). */
interface RowLook {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  border?: { top?: "thin"; bottom?: "thin" | "double" };
  alignment?: { vertical: "center"; wrapText: boolean };
}

const ROW_LOOKS: Record<RowStyle, RowLook> = {
  title: { bold: true, size: 14 },
  header: { bold: true, fill: "FFD9E1F2", border: { bottom: "thin" }, alignment: { vertical: "center", wrapText: true } },
  late: { color: "FF9C0006", fill: "FFFFC7CE" }, // Excel's "light red fill" for bad values
  total: { bold: true, fill: "FFF2F2F2", border: { top: "thin", bottom: "double" } },
  subtotal: { bold: true, fill: "FFF8F8F8", border: { top: "thin" } },
  section: { bold: true, fill: "FFDDEBF7" },
  note: { italic: true, color: "FF595959" },
};

/** The workbook's styles part as found: how many of each list it has, its custom format ids, its first font. */
export interface StylesBase {
  fonts: number;
  fills: number;
  borders: number;
  cellXfs: number;
  /** Custom number formats already defined, code → id (reused rather than defined twice). */
  numFmts: Map<string, number>;
  /**
   * Every number format id the part defines or refers to (numFmts, a differential format's numFmt, an xf's
   * numFmtId): a new format takes the lowest id from 164 up that is none of these.
   */
  usedFmtIds: Set<number>;
  /** The workbook's default font (size and name), which a bold or coloured row keeps. */
  baseFont: { size: string; name: string; family: string | null; scheme: string | null };
  /** Each list's items as written (unprefixed markup), markup → index of its first occurrence. */
  existing: Record<"fonts" | "fills" | "borders" | "cellXfs", Map<string, number>>;
}

/** The styles part's additions: appended to its lists, so every style of the workbook keeps its index. */
export interface StylesAdditions {
  numFmts: string[];
  fonts: string[];
  fills: string[];
  borders: string[];
  cellXfs: string[];
}

/**
 * The cell formats (xf records) the output sheets use, one per number format and row style that occur, all known
 * before any row is written — the styles part can then go into the package ahead of the sheets.
 */
export class StyleBook {
  private readonly xfIndex = new Map<string, number>();
  private readonly fmtId = new Map<string, number>();
  private readonly fontId = new Map<RowStyle, number>();
  private readonly fillId = new Map<RowStyle, number>();
  private readonly borderId = new Map<RowStyle, number>();
  private nextFmtId = FIRST_CUSTOM_FMT_ID;
  readonly added: StylesAdditions = { numFmts: [], fonts: [], fills: [], borders: [], cellXfs: [] };
  private readonly addedIndex = { fonts: new Map<string, number>(), fills: new Map<string, number>(), borders: new Map<string, number>(), cellXfs: new Map<string, number>() };

  constructor(private readonly base: StylesBase) {}

  /** Registers every style a sheet can use (its formats × its row styles). */
  plan(sheet: OutputSheet): void {
    const formats = new Set<string | undefined>([undefined, "@"]);
    for (const c of sheet.columns) formats.add(c.numberFormat || undefined);
    for (const f of sheet.cellFormats) formats.add(f.numberFormat || undefined);
    const looks = new Set<RowStyle | undefined>([undefined]);
    eachRowStyle(sheet, (_row, style) => looks.add(style));
    const layouts = new Set<string>([""]);
    for (const c of sheet.columns) layouts.add(columnLayout(c));
    for (const f of formats) for (const l of looks) for (const y of layouts) this.xf(f, l, y);
  }

  /** The xf index of a number format under a row style (and a column's alignment, columnLayout); registers it on first use. */
  xf(format: string | undefined, look: RowStyle | undefined, layout = ""): number {
    const key = `${look ?? ""}\u0000${format ?? ""}\u0000${layout}`;
    let i = this.xfIndex.get(key);
    if (i !== undefined) return i;
    const numFmtId = this.numFmt(format);
    if (numFmtId === 0 && look === undefined && layout === "") {
      i = 0; // the workbook's own default format
    } else {
      const l = look ? ROW_LOOKS[look] : undefined;
      const fontId = look && (l!.bold || l!.italic || l!.size || l!.color) ? this.font(look) : 0;
      const fillId = look && l!.fill ? this.fill(look) : 0;
      const borderId = look && l!.border ? this.border(look) : 0;
      const right = layout.includes("right");
      const wrap = layout.includes("wrap") || l?.alignment?.wrapText === true;
      const alignment = l?.alignment || right || wrap
        ? `<alignment${right ? ' horizontal="right"' : ""}${l?.alignment ? ` vertical="${l.alignment.vertical}"` : ""}${wrap ? ' wrapText="1"' : ""}/>`
        : "";
      const applies = [
        numFmtId ? ' applyNumberFormat="1"' : "", fontId ? ' applyFont="1"' : "", fillId ? ' applyFill="1"' : "",
        borderId ? ' applyBorder="1"' : "", alignment ? ' applyAlignment="1"' : "",
      ].join("");
      const xml = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}`;
      i = this.item("cellXfs", alignment ? `${xml}>${alignment}</xf>` : `${xml}/>`);
    }
    this.xfIndex.set(key, i);
    return i;
  }

  private numFmt(format: string | undefined): number {
    if (format === undefined || format === "") return 0;
    const builtIn = BUILT_IN_FORMATS[format];
    if (builtIn !== undefined) return builtIn;
    const known = this.base.numFmts.get(format) ?? this.fmtId.get(format);
    if (known !== undefined) return known;
    // The lowest id from 164 up that the part does not use: whatever ids the input holds (one at 4294967290, or
    // past xsd:unsignedInt's 4294967295), the new ones stay in range (§18.8.30 numFmtId is an unsignedInt).
    while (this.base.usedFmtIds.has(this.nextFmtId)) this.nextFmtId++;
    if (this.nextFmtId > MAX_FMT_ID) throw new Error("no number format id left");
    const id = this.nextFmtId++;
    this.fmtId.set(format, id);
    this.added.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${escapeAttr(format)}"/>`);
    return id;
  }

  private font(look: RowStyle): number {
    let id = this.fontId.get(look);
    if (id === undefined) {
      const l = ROW_LOOKS[look];
      const f = this.base.baseFont;
      // Child order of CT_Font as Excel writes it: b, i, sz, color, name, family, scheme.
      id = this.item(
        "fonts",
        `<font>${l.bold ? "<b/>" : ""}${l.italic ? "<i/>" : ""}<sz val="${l.size ?? f.size}"/>${l.color ? `<color rgb="${l.color}"/>` : ""}` +
          `<name val="${escapeAttr(f.name)}"/>${f.family ? `<family val="${f.family}"/>` : ""}${f.scheme ? `<scheme val="${f.scheme}"/>` : ""}</font>`,
      );
      this.fontId.set(look, id);
    }
    return id;
  }

  private fill(look: RowStyle): number {
    let id = this.fillId.get(look);
    if (id === undefined) {
      id = this.item("fills", `<fill><patternFill patternType="solid"><fgColor rgb="${ROW_LOOKS[look].fill}"/><bgColor indexed="64"/></patternFill></fill>`);
      this.fillId.set(look, id);
    }
    return id;
  }

  private border(look: RowStyle): number {
    let id = this.borderId.get(look);
    if (id === undefined) {
      const b = ROW_LOOKS[look].border!;
      const side = (name: string, style?: string) => (style ? `<${name} style="${style}"><color auto="1"/></${name}>` : `<${name}/>`);
      id = this.item("borders", `<border>${side("left")}${side("right")}${side("top", b.top)}${side("bottom", b.bottom)}<diagonal/></border>`);
      this.borderId.set(look, id);
    }
    return id;
  }

  /**
   * The index of an item of one of the part's lists: the workbook's own if it has this very item — a copy the tool
   * wrote before, rerun — else appended. Before, each rerun appended the same formats again.
   */
  private item(list: "fonts" | "fills" | "borders" | "cellXfs", xml: string): number {
    const known = this.base.existing[list].get(xml) ?? this.addedIndex[list].get(xml);
    if (known !== undefined) return known;
    // Appended once, whatever asks for it: two row styles with the same font (bold) share one, so a rerun's
    // formats are found markup for markup.
    this.added[list].push(xml);
    const i = this.base[list] + this.added[list].length - 1;
    this.addedIndex[list].set(xml, i);
    return i;
  }
}

/**
 * The workbook's shared-string table, as the output sheets extend it: text they repeat (provider, clause, status,
 * target…) is written once there and a cell holds its index, as Excel itself writes text. An inline string cell
 * carries `t="inlineStr"><is><t>…</t></is>` and the whole text in every row; a shared one `t="s"><v>7</v>`: a
 * month's Findings sheet takes about 13% less XML to build, encode and deflate. Indexes follow the
 * workbook's own items (`base` of them), which keep theirs.
 */
export class SharedStrings {
  /** Texts appended to the table, in index order (from `base`). */
  readonly added: string[] = [];
  /** Cells that refer to an appended text (the table's `count`). */
  references = 0;
  private readonly index = new Map<string, number>();

  constructor(readonly base: number) {}

  /** The index of `text`, appended if new; null once the table holds MAX_SHARED_ADDED new texts and this is not one. */
  indexOf(text: string): number | null {
    let i = this.index.get(text);
    if (i === undefined) {
      if (this.added.length >= MAX_SHARED_ADDED) return null;
      i = this.base + this.added.length;
      this.added.push(text);
      this.index.set(text, i);
    }
    this.references += 1;
    return i;
  }

  /** Takes the texts another thread appended to its copy of this table, with its reference count. */
  adopt(added: readonly string[], references: number): void {
    for (const text of added) {
      this.index.set(text, this.base + this.added.length);
      this.added.push(text);
    }
    this.references += references;
  }

  /** The appended items as XML (`<si>` elements), in pieces. */
  *itemsXml(): Generator<string> {
    const piece = new Piece();
    for (const text of this.added) {
      if (piece.add(`<si>${inlineText(text)}</si>`)) yield piece.take();
    }
    if (!piece.empty) yield piece.take();
  }
}

/** A bound on the texts one copy appends, whatever the data: the table and its index stay small. */
const MAX_SHARED_ADDED = 100_000;
/**
 * A column's texts are shared while they repeat: of its first SHARE_TRIAL texts, at most one in eight may be new
 * (a ticket ID column, repeating per finding, or a trace column, repeating hardly ever, goes on inline).
 */
const SHARE_TRIAL = 256;
const SHARE_TRIAL_NEW = SHARE_TRIAL / 8;

/** What the workbook part needs to know of a written sheet: its print titles and filter range, for defined names. */
export interface SheetNames {
  printTitles: string | null;
  printArea: string | null;
  filterRange: string | null;
}

export function sheetDefinedNames(sheet: OutputSheet, quotedName: string): SheetNames {
  const rr = sheet.pageSetup?.repeatRows;
  const table = sheet.tables[0];
  return {
    printTitles: rr ? `${quotedName}!$${rr.first + 1}:$${rr.last + 1}` : null,
    printArea: sheet.pageSetup?.printColumns ? `${quotedName}!$A:$${columnLetter(sheet.pageSetup.printColumns - 1)}` : null,
    filterRange: table ? `${quotedName}!$${columnLetter(table.firstCol)}$${table.headerRow + 1}:$${columnLetter(table.lastCol)}$${table.lastRow + 1}` : null,
  };
}

const WORKSHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

/**
 * The worksheet part of one output sheet, as chunks of text: the head, then one chunk per block of rows (built only
 * when the consumer reads that far), then the tail. Element order follows CT_Worksheet (§18.3.1.99).
 */
export function* worksheetXml(sheet: OutputSheet, styles: StyleBook, shared: SharedStrings | null = null): Generator<string | Buffer> {
  const parts = worksheetParts(sheet, styles, shared);
  yield parts.head();
  for (let from = 0; from < parts.end; from += WRITE_BLOCK_ROWS) {
    const to = Math.min(parts.end, from + WRITE_BLOCK_ROWS);
    yield* parts.rows(from, to, from < parts.count ? rowBlockOf(sheet, from, Math.min(to, parts.count)) : []);
  }
  yield parts.tail();
}

/**
 * One worksheet part in its three pieces, which worksheetXml writes in order: the head (everything before the rows'
 * <sheetData> content), the rows of a block [from, to) given its values, and the tail (everything after). An
 * element added to the sheet goes in head() or tail(), at its place in CT_Worksheet's order. Blocks must be given in
 * order: text a column repeats is added to the shared table as it is met.
 */
interface WorksheetParts {
  /** Rows with values (the sheet's row count). */
  readonly count: number;
  /** Rows written: past `count` when a formula or a row style sits below the values. */
  readonly end: number;
  head(): string;
  rows(from: number, to: number, block: readonly (readonly Cell[])[]): Generator<Buffer>;
  tail(): string;
}

function worksheetParts(sheet: OutputSheet, styles: StyleBook, shared: SharedStrings | null): WorksheetParts {
  const count = rowCountOf(sheet);
  const width = sheetWidthOf(sheet);
  const columnFormat = sheet.columns.map((c) => c.numberFormat || undefined);
  const layoutOf = sheet.columns.map(columnLayout);
  // Wrapped columns' widths: a row whose text wraps gets the height of its lines (core/print wrappedLines), so
  // a reader that does not fit rows itself (LibreOffice) never cuts the text off at one line.
  const wrapWidth = sheet.columns.map((c) => (c.wrap ? c.widthChars : 0));
  const letters = Array.from({ length: width }, (_, c) => columnLetter(c));
  const cellFormat = new Map<number, Map<number, string>>();
  for (const f of sheet.cellFormats) mapAt(cellFormat, f.row).set(f.col, f.numberFormat);
  const formulaAt = new Map<number, Map<number, string>>();
  for (const f of sheet.formulas) mapAt(formulaAt, f.row).set(f.col, f.formula.replace(/^=/, ""));
  // Row by row, the last style given for a row wins, as before; the Findings sheet's codes are read in place, not
  // copied into a Map of a million rows (core/output rowStyleAt).
  const rowLook = rowStyleAt(sheet);
  const ps = sheet.pageSetup;
  // A column's cells' style attribute (` s="N"`, or none for the default) under each row style, looked up once per
  // sheet, not per cell; and each column's `<c r="A`.
  const attrsByLook = new Map<RowStyle | undefined, string[]>();
  const columnAttrs = (look: RowStyle | undefined): string[] => {
    let attrs = attrsByLook.get(look);
    if (!attrs) attrsByLook.set(look, (attrs = []));
    return attrs;
  };
  const cellOpen = letters.map((l) => `<c r="${l}`);
  // Per column: texts tried in the shared table so far, how many of them were new, and whether it still shares.
  const tried: number[] = [];
  const fresh: number[] = [];
  const sharing: boolean[] = [];
  const sharedIndex = (c: number, text: string): number | null => {
    if (!shared || sharing[c] === false) return null;
    const before = shared.added.length;
    const i = shared.indexOf(text);
    const t = (tried[c] = (tried[c] ?? 0) + 1);
    if (shared.added.length > before) fresh[c] = (fresh[c] ?? 0) + 1;
    if (t === SHARE_TRIAL && (fresh[c] ?? 0) > SHARE_TRIAL_NEW) sharing[c] = false;
    return i;
  };

  // Rows past the last value row that still carry a formula or a row style are written too. (Loops, not
  // Math.max(...keys): a million late findings' row styles would overflow the stack.)
  let end = count;
  for (const r of formulaAt.keys()) if (r + 1 > end) end = r + 1;
  eachRowStyle(sheet, (r) => {
    if (r + 1 > end) end = r + 1;
  });
  const out = new XmlBytes();
  return { count, end, head, rows, tail };

  function head(): string {
    let head = WORKSHEET_OPEN;
    if (ps?.fitToWidth) head += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
    if (end > 0) head += `<dimension ref="A1:${letters[width - 1]}${end}"/>`;
    head += '<sheetViews><sheetView workbookViewId="0">';
    if (sheet.freezeRows > 0) {
      head += `<pane ySplit="${sheet.freezeRows}" topLeftCell="A${sheet.freezeRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>`;
    }
    head += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>';
    if (sheet.columns.length > 0) {
      head += "<cols>";
      sheet.columns.forEach((col, i) => {
        const style = columnFormat[i] || layoutOf[i] ? ` style="${styles.xf(columnFormat[i], undefined, layoutOf[i])}"` : "";
        head += `<col min="${i + 1}" max="${i + 1}" width="${col.widthChars}" customWidth="1"${style}/>`;
      });
      head += "</cols>";
    }
    return head + "<sheetData>";
  }

  function* rows(from: number, to: number, block: readonly (readonly Cell[])[]): Generator<Buffer> {
    for (let r = from; r < to; r++) {
      rowXml(out, r, block[r - from] ?? [], formulaAt.get(r), cellFormat.get(r), rowLook(r));
      if (out.full) yield out.take();
    }
    if (!out.empty) yield out.take();
  }

  function tail(): string {
    let tail = "</sheetData>";
    const table = sheet.tables[0];
    // An .xlsx sheet has one autofilter; the first table gets it (the output sheets have at most one data table).
    if (table) tail += `<autoFilter ref="${letters[table.firstCol] ?? columnLetter(table.firstCol)}${table.headerRow + 1}:${columnLetter(table.lastCol)}${table.lastRow + 1}"/>`;
    if (ps) {
      const m = ps.marginsInches ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
      tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
      tail += `<pageSetup paperSize="9" orientation="${ps.orientation}"${ps.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : ""}/>`;
      const hf = (p?: { left?: string; center?: string; right?: string }) => (p ? escapeText(`&L${p.left ?? ""}&C${p.center ?? ""}&R${p.right ?? ""}`) : "");
      const header = hf(ps.header);
      const footer = hf(ps.footer);
      if (header || footer) tail += `<headerFooter>${header ? `<oddHeader>${header}</oddHeader>` : ""}${footer ? `<oddFooter>${footer}</oddFooter>` : ""}</headerFooter>`;
    }
    return tail + "</worksheet>";
  }

  /** One row's XML, written into `out` (nothing when the row has no cell to write). */
  function rowXml(out: XmlBytes, r: number, values: readonly Cell[], formulas?: Map<number, string>, formats?: Map<number, string>, look?: RowStyle): void {
    const rowNumber = String(r + 1);
    const attrs = columnAttrs(look);
    // The row's opening tag carries its height, known once its cells are written: they go first, after a gap as
    // long as the longest opening tag, and the tag is put in at the gap's end.
    const rowAt = out.reserve(ROW_OPEN_MAX + rowNumber.length);
    const cellsAt = out.length;
    let lines = 1;
    // A styled row styles every cell up to the sheet's width, blank ones too; a formula may sit past the values.
    let last = look ? Math.max(width, values.length) : values.length;
    if (formulas) for (const c of formulas.keys()) if (c + 1 > last) last = c + 1;
    for (let c = 0; c < last; c++) {
      const raw = c < values.length ? values[c] : null;
      // The last guard on Excel's cell limit (the engine's rows come within it already: core/output rowBlockOf).
      const value = typeof raw === "string" && raw.length > EXCEL_MAX_CELL_CHARS ? fitCellText(raw) : raw;
      const formula = formulas?.get(c);
      const blank = value === null || value === "" || (typeof value === "number" && !Number.isFinite(value));
      if (blank && formula === undefined && !look) continue;
      const textLikeFormula = typeof value === "string" && formula === undefined && FORMULA_LIKE.test(value);
      const own = formats?.get(c);
      const layout = layoutOf[c] ?? "";
      const sAttr = textLikeFormula ? styleAttr(styles.xf("@", look, layout)) : own ? styleAttr(styles.xf(own, look, layout)) : (attrs[c] ??= styleAttr(styles.xf(columnFormat[c], look, layout)));
      out.ascii(cellOpen[c] ?? `<c r="${columnLetter(c)}`);
      out.ascii(rowNumber);
      out.ascii('"');
      out.ascii(sAttr);
      if (formula !== undefined) {
        // The engine's figure is the formula's cached result, so a reader that does not recalculate shows it.
        if (typeof value === "boolean") out.ascii(' t="b"');
        else if (!blank && typeof value !== "number") out.ascii(' t="str"');
        out.ascii("><f>");
        out.text(escapeText(formula));
        out.ascii("</f>");
        if (typeof value === "number" && !blank) out.ascii(`<v>${value}</v>`);
        else if (typeof value === "boolean") out.ascii(value ? "<v>1</v>" : "<v>0</v>");
        else if (!blank) {
          out.ascii("<v>");
          out.text(escapeText(value as string));
          out.ascii("</v>");
        }
        out.ascii("</c>");
      } else if (blank) out.ascii("/>");
      else if (typeof value === "number") {
        out.ascii("><v>");
        out.ascii(String(value));
        out.ascii("</v></c>");
      } else if (typeof value === "boolean") out.ascii(value ? ' t="b"><v>1</v></c>' : ' t="b"><v>0</v></c>');
      else {
        if (wrapWidth[c]) lines = Math.max(lines, wrappedLines(value as string, wrapWidth[c]));
        const i = sharedIndex(c, value as string);
        if (i !== null) {
          out.ascii(' t="s"><v>');
          out.ascii(String(i));
          out.ascii("</v></c>");
        } else {
          out.ascii(' t="inlineStr"><is>');
          out.text(inlineText(value as string));
          out.ascii("</is></c>");
        }
      }
    }
    if (out.length === cellsAt) return out.truncate(rowAt);
    out.fillBefore(cellsAt, rowAt, lines > 1 ? `<row r="${rowNumber}" ht="${lines * 15}" customHeight="1">` : `<row r="${rowNumber}">`);
    out.ascii("</row>");
  }
}

/** A column's alignment as part of its cells' style key: "", "right", "wrap" or "right wrap" (OutputColumn align / wrap). */
function columnLayout(c: { align?: "right"; wrap?: boolean } | undefined): string {
  return c ? [c.align === "right" ? "right" : "", c.wrap ? "wrap" : ""].filter(Boolean).join(" ") : "";
}

/**
 * Text handed on in pieces of about PIECE_CHARS, joined once from its items (the shared-string table's `<si>`
 * elements, which the package edit may still rewrite as text: a namespace prefix). Appending to one string with +=
 * made a piece a tree of thousands of small strings in V8, which had to be flattened before it could be encoded to
 * UTF-8; join() copies each item once into a flat string. Sheet rows go straight into bytes instead (XmlBytes).
 */
class Piece {
  private parts: string[] = [];
  private chars = 0;

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** Adds text; true once the piece is large enough to hand on. */
  add(text: string): boolean {
    if (text.length === 0) return false;
    this.parts.push(text);
    this.chars += text.length;
    return this.chars >= PIECE_CHARS;
  }

  take(): string {
    const text = this.parts.join("");
    this.parts = [];
    this.chars = 0;
    return text;
  }
}

/** The longest row opening tag but for its row number: `<row r="" ht="NNNNNN" customHeight="1">`. */
const ROW_OPEN_MAX = 40;
/** Bytes handed on at a time: the deflate stream's batch. */
const XML_BYTES_PIECE = 1 << 20;

/**
 * Row XML written straight into bytes, handed on about a megabyte at a time. Built as strings (+= and templates),
 * a row is a tree of small strings in V8 that must be walked and flattened, then encoded to UTF-8: at 100,000
 * tickets (357 MiB of sheet XML) joining those trees was the command's largest single cost. Here the markup, all
 * ASCII, is copied a character at a time, and only a cell's text goes through the UTF-8 encoder. Measured on the
 * output sheets of 100,000 tickets (307 MB of XML, rows built by the engine included): 3.1-3.3 s of CPU against
 * 5.9-7.4 s as joined strings (three runs each, 2026-12-06); the command's CPU profile fell from 17.9 s to 15.6 s.
 *
 * A row's opening tag is known only after its cells (its height comes from their wrapped lines), so a row reserves
 * a gap for it, writes its cells, then puts the tag in the gap and moves the cells back over what is left of it.
 */
class XmlBytes {
  private buf = Buffer.allocUnsafe(XML_BYTES_PIECE + 64 * 1024);
  length = 0;

  get empty(): boolean {
    return this.length === 0;
  }

  get full(): boolean {
    return this.length >= XML_BYTES_PIECE;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  /** Markup: every character is ASCII. */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.length = p;
  }

  /** Text already escaped for XML, as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.length += b.write(s, this.length, "utf8");
        return;
      }
      b[p++] = c;
    }
    this.length = p;
  }

  /** Leaves a gap of `bytes` for text known later; returns where it starts. */
  reserve(bytes: number): number {
    this.room(bytes);
    const at = this.length;
    this.length += bytes;
    return at;
  }

  truncate(at: number): void {
    this.length = at;
  }

  /**
   * Puts `tag` (ASCII) in the gap reserve() left at `gapAt`, ending where the cells start (`cellsAt`), and closes
   * what is left of the gap by moving the cells back.
   */
  fillBefore(cellsAt: number, gapAt: number, tag: string): void {
    const b = this.buf;
    for (let i = 0; i < tag.length; i++) b[gapAt + i] = tag.charCodeAt(i);
    const to = gapAt + tag.length;
    if (to !== cellsAt) {
      b.copy(b, to, cellsAt, this.length);
      this.length -= cellsAt - to;
    }
  }

  /** The bytes so far, and a fresh buffer for what follows (the deflate stream keeps these until written). */
  take(): Buffer {
    const bytes = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(XML_BYTES_PIECE + 64 * 1024);
    this.length = 0;
    return bytes;
  }
}

function styleAttr(xf: number): string {
  return xf === 0 ? "" : ` s="${xf}"`;
}

function mapAt<V>(m: Map<number, Map<number, V>>, k: number): Map<number, V> {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  return inner;
}

/** `<t>` of an inline string; spaces at either end or line breaks are kept with xml:space="preserve". */
export function inlineText(s: string): string {
  // The ends and a line break looked at directly: /^\s|\s$|\n/ tried every position.
  const preserve = s.length > 0 && (SPACE.test(s[0]) || SPACE.test(s[s.length - 1]) || s.includes("\n"));
  return preserve ? `<t xml:space="preserve">${escapeText(s)}</t>` : `<t>${escapeText(s)}</t>`;
}

// Characters XML 1.0 cannot carry (C0 controls other than tab and LF; lone surrogates; U+FFFE/U+FFFF) are written
// in Excel's own escape `_xHHHH_` (§22.9.2.19 ST_Xstring); a literal "_xHHHH_" in the text has its underscore
// escaped so it reads back as itself. CR is escaped too: an XML parser turns a raw CR into LF.
const ESCAPES = /[&<>"\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

const SPACE = /\s/;
// Every character ESCAPES can match (any surrogate and any underscore included), as one character class: most text
// has none and is passed over in one quick scan, where ESCAPES' alternatives and look-arounds were tried at every
// position. Text with one goes through ESCAPES itself.
const MAY_NEED_ESCAPE = /[&<>"\u0000-\u0008\u000b-\u001f\ud800-\udfff\ufffe\uffff_]/;

/** Text for element content or a double-quoted attribute. */
export function escapeText(s: string): string {
  return MAY_NEED_ESCAPE.test(s) ? s.replace(ESCAPES, escapeOne) : s;
}

export const escapeAttr = escapeText;

function escapeOne(ch: string): string {
  const entity = ENTITIES[ch];
  if (entity) return entity;
  return `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`;
}
