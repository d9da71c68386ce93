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
  cellFormatsInOrder, EXCEL_MAX_CELL_CHARS, fitCellText, rawRowBlockOf, rowCountOf, rowStylesEnd, rowStylesInOrder, rowStylesUsed, sheetWidthOf, type OutputSheet, type RowStyle,
} from "../engine/core/output";
import { isWide, wrappedLines } from "../engine/core/print";

/**
 * Rows asked of the engine at a time. A block stays alive while its XML is built; at 10,000 rows (megabytes of
 * text) it outlived young-generation collections and was copied, promoted and freed by full ones: 1,000 rows took
 * about 7% less CPU and 180 MB less peak memory writing 200,000 tickets' copy.
 */
export const WRITE_BLOCK_ROWS = 1_000;
const PIECE_CHARS = 64 * 1024;

/**
 * String.prototype.charCodeAt, called on the text: a cell's text comes in any of V8's string forms (flat, joined
 * from pieces, a slice of another, internalized), and `text.charCodeAt(i)` at a site that has met more than four of
 * them looks the method up generically on every call (LoadIC_Megamorphic, seen in a CPU sample of the write at
 * 1,048,575 tickets); through `call` the builtin is inlined whatever the form. Measured: a loop over 7,000 strings of
 * five forms 1.2-1.5 s as a method, 0.27-0.29 s through call; all output sheets of 100,000 tickets (rows built by the
 * engine) 2.15-2.23 s -> 1.70-1.74 s of main-thread CPU (least of six rounds, 2026-12-06).
 */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Whether a text whose first character is `first` is one Excel (or a user retyping it) would take for a formula
 * (=, +, -, @): it stays text and gets the "@" format as well.
 */
const formulaLike = (first: number): boolean => first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40;

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
    // A format repeated from one cell to the next (a report gives one per date cell) is not looked up again.
    let last: string | undefined;
    for (const f of sheet.cellFormats) if (f.numberFormat !== last) formats.add((last = f.numberFormat) || undefined);
    const looks = new Set<RowStyle | undefined>([undefined, ...rowStylesUsed(sheet)]);
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
 * The worksheet part of one output sheet, as chunks: the head, then the rows a block at a time (built only when the
 * consumer reads that far), then the tail. Element order follows CT_Worksheet (§18.3.1.99). The rows come as
 * Buffers of about a megabyte; with `spare`, they are taken from it, and a consumer done with one may give it back
 * (SpareBuffers) for a later piece.
 */
export function* worksheetXml(sheet: OutputSheet, styles: StyleBook, shared: SharedStrings | null = null, spare: SpareBuffers | null = null): Generator<string | Buffer> {
  const parts = worksheetParts(sheet, styles, shared, spare);
  yield parts.head();
  for (let from = 0; from < parts.end; from += WRITE_BLOCK_ROWS) {
    const to = Math.min(parts.end, from + WRITE_BLOCK_ROWS);
    // Texts over Excel's cell limit are cut as they are written (rowXml), not in a pass of their own.
    yield* parts.rows(from, to, from < parts.count ? rawRowBlockOf(sheet, from, Math.min(to, parts.count)) : []);
  }
  yield* parts.flush();
  yield parts.tail();
}

/**
 * One worksheet part in its pieces, which worksheetXml writes in order: the head (everything before the rows'
 * <sheetData> content), the rows of a block [from, to) given its values, what is left of the rows once the last block
 * is written (flush), and the tail (everything after). An element added to the sheet goes in head() or tail(), at its
 * place in CT_Worksheet's order. Blocks must be given in order: text a column repeats is added to the shared table as
 * it is met.
 */
interface WorksheetParts {
  /** Rows with values (the sheet's row count). */
  readonly count: number;
  /** Rows written: past `count` when a formula or a row style sits below the values. */
  readonly end: number;
  head(): string;
  rows(from: number, to: number, block: readonly (readonly Cell[])[]): Generator<Buffer>;
  flush(): Generator<Buffer>;
  tail(): string;
}

/** A column's use of the shared-string table while its sheet is written (worksheetParts sharedIndex). */
interface ColumnSharing {
  tried: number;
  fresh: number;
  on: boolean;
  last: string;
  lastIndex: number;
}

/**
 * A column's cell markup under one row style, as bytes: from the closing quote of the cell's reference to the start
 * of its value, for each kind of value, and a blank cell whole. Made on first use, then copied byte by byte into
 * every cell of that column and style.
 */
interface CellMarkup {
  /** `" s="N"><v>` */
  number: Uint8Array;
  /** `" s="N" t="s"><v>` */
  shared: Uint8Array;
  /** `" s="N" t="inlineStr"><is>` */
  inline: Uint8Array;
  /** `" s="N"/>` */
  blank: Uint8Array;
  /** `" s="N" t="b"><v>1</v></c>`, and with 0 */
  true: Uint8Array;
  false: Uint8Array;
}

const ascii = (s: string): Uint8Array => Buffer.from(s, "latin1");
const ROW_OPEN = ascii('<row r="');
const ROW_HEIGHT = ascii('" ht="');
const ROW_CUSTOM_HEIGHT = ascii('" customHeight="1">');
const TAG_END = ascii('">');
const ROW_CLOSE = ascii("</row>");
const V_CLOSE = ascii("</v></c>");
const IS_CLOSE = ascii("</is></c>");

function worksheetParts(sheet: OutputSheet, styles: StyleBook, shared: SharedStrings | null, spare: SpareBuffers | null): WorksheetParts {
  const count = rowCountOf(sheet);
  const width = sheetWidthOf(sheet);
  const columnFormat = sheet.columns.map((c) => c.numberFormat || undefined);
  const layoutOf = sheet.columns.map(columnLayout);
  // Wrapped columns' widths: a row whose text wraps gets the height of its lines (core/print wrappedLines), so
  // a reader that does not fit rows itself (LibreOffice) never cuts the text off at one line.
  const wrapWidth = sheet.columns.map((c) => (c.wrap ? c.widthChars : 0));
  const wrapped = wrapWidth.flatMap((w, c) => (w ? [c] : []));
  const letters = Array.from({ length: width }, (_, c) => columnLetter(c));
  const cellFormatsAt = cellFormatsInOrder(sheet.cellFormats);
  const formulaAt = new Map<number, Map<number, string>>();
  for (const f of sheet.formulas) mapAt(formulaAt, f.row).set(f.col, f.formula.replace(/^=/, ""));
  // Row by row, the last style given for a row wins, as before; the Findings sheet's codes are read in place, not
  // copied into a Map of a million rows (core/output rowStyleAt).
  const rowLook = rowStylesInOrder(sheet);
  const ps = sheet.pageSetup;
  // Each column's cell markup under each row style (CellMarkup), looked up once per sheet, not per cell; and each
  // column's `<c r="A`.
  const markupByLook = new Map<RowStyle | undefined, CellMarkup[]>();
  const markupOf = (look: RowStyle | undefined): CellMarkup[] => {
    let m = markupByLook.get(look);
    if (!m) markupByLook.set(look, (m = []));
    return m;
  };
  const ownMarkupByLook = new Map<RowStyle | undefined, Map<string, CellMarkup>[]>();
  const cellOpen: Uint8Array[] = [];
  const cellOpenOf = (c: number): Uint8Array => (cellOpen[c] ??= ascii(`<c r="${letters[c] ?? columnLetter(c)}`));
  // Per column (ColumnSharing): texts tried in the shared table so far, how many of them were new, whether it still
  // shares; and the last text it shared with its index, so a text repeated down a column is not looked up again.
  const sharingOf: ColumnSharing[] = [];
  const sharedIndex = (c: number, text: string): number | null => {
    if (!shared) return null;
    const col = (sharingOf[c] ??= { tried: 0, fresh: 0, on: true, last: "", lastIndex: 0 });
    if (!col.on) return null;
    let i: number | null;
    if (text === col.last) {
      i = col.lastIndex;
      shared.references += 1;
    } else {
      const before = shared.added.length;
      i = shared.indexOf(text);
      if (shared.added.length > before) col.fresh += 1;
      if (i !== null) {
        col.last = text;
        col.lastIndex = i;
      }
    }
    if (++col.tried === SHARE_TRIAL && col.fresh > SHARE_TRIAL_NEW) col.on = false;
    return i;
  };

  // Per wrapped column, the last text measured and its lines: a text repeated down a column is not measured again.
  const lastWrapText: (string | undefined)[] = [];
  const lastWrapLines: number[] = [];
  // Wrapped columns whose text in the row being written is measured as it is written (rowXml).
  const measureLater = new Uint8Array(Math.max(width, sheet.columns.length));
  const linesOf = (c: number, text: string): number => {
    if (text === lastWrapText[c]) return lastWrapLines[c];
    const lines = textLines(text, wrapWidth[c]);
    lastWrapText[c] = text;
    lastWrapLines[c] = lines;
    return lines;
  };

  // Rows past the last value row that still carry a formula or a row style are written too. (Loops, not
  // Math.max(...keys): a million late findings' row styles would overflow the stack.)
  let end = Math.max(count, rowStylesEnd(sheet));
  for (const r of formulaAt.keys()) if (r + 1 > end) end = r + 1;
  const out = new XmlBytes(spare);
  return { count, end, head, rows, flush, tail };

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
      rowXml(out, r, block[r - from] ?? [], formulaAt.size === 0 ? undefined : formulaAt.get(r), cellFormatsAt(r), rowLook(r));
      if (out.full) yield out.take();
    }
  }

  function* flush(): Generator<Buffer> {
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

  /** The cell markup of column c under a row style (CellMarkup) and its column's number format, made on first use. */
  function markupAt(markup: CellMarkup[], c: number, look: RowStyle | undefined): CellMarkup {
    return (markup[c] ??= cellMarkup(styleAttr(styles.xf(columnFormat[c], look, layoutOf[c] ?? ""))));
  }

  /** The same with a number format of the cell's own (cellFormats, or "@" for text taken for a formula). */
  function markupWith(c: number, look: RowStyle | undefined, format: string): CellMarkup {
    let columns = ownMarkupByLook.get(look);
    if (!columns) ownMarkupByLook.set(look, (columns = []));
    const byFormat = (columns[c] ??= new Map());
    let m = byFormat.get(format);
    if (!m) byFormat.set(format, (m = cellMarkup(styleAttr(styles.xf(format, look, layoutOf[c] ?? "")))));
    return m;
  }

  /** One row's XML, written into `out` (nothing when the row has no cell to write). */
  function rowXml(out: XmlBytes, r: number, values: readonly Cell[], formulas?: Map<number, string>, formats?: readonly (string | undefined)[], look?: RowStyle): void {
    // The row's height comes from its wrapped cells' lines, measured first so the opening tag goes first; but a long
    // text is measured as it is written (the scan that copies it tells its width), the tag mended if it grows.
    let lines = 1;
    let measuring = false;
    for (let k = 0; k < wrapped.length; k++) {
      const c = wrapped[k];
      const v = c < values.length ? values[c] : null;
      if (typeof v !== "string" || v === "" || (formulas !== undefined && formulas.get(c) !== undefined)) continue;
      let n: number;
      if (v.length > EXCEL_MAX_CELL_CHARS) n = wrappedLines(fitCellText(v), wrapWidth[c]);
      else if (v.length > LONG_TEXT && v !== lastWrapText[c]) {
        measureLater[c] = 1;
        measuring = true;
        continue;
      } else n = linesOf(c, v);
      if (n > lines) lines = n;
    }
    const tagLines = lines;
    const rowAt = out.length;
    out.put(ROW_OPEN);
    const digitsAt = out.length;
    out.uint(r + 1);
    const digits = out.length - digitsAt;
    const tailAt = out.length;
    if (lines > 1) {
      out.put(ROW_HEIGHT);
      out.uint(lines * 15);
      out.put(ROW_CUSTOM_HEIGHT);
    } else out.put(TAG_END);
    const cellsAt = out.length;
    const markup = markupOf(look);
    // A styled row styles every cell up to the sheet's width, blank ones too; a formula may sit past the values.
    let last = look ? Math.max(width, values.length) : values.length;
    if (formulas) for (const c of formulas.keys()) if (c + 1 > last) last = c + 1;
    for (let c = 0; c < last; c++) {
      const raw = c < values.length ? values[c] : null;
      const own = formats === undefined ? undefined : formats[c];
      if (formulas !== undefined) {
        const formula = formulas.get(c);
        if (formula !== undefined) {
          cellXml(out, c, r + 1, raw, formula, own, look);
          continue;
        }
      }
      if (raw === null || raw === "" || (typeof raw === "number" && !Number.isFinite(raw))) {
        if (!look) continue;
        out.put(cellOpenOf(c));
        out.again(digitsAt, digits);
        out.put((own ? markupWith(c, look, own) : markupAt(markup, c, look)).blank);
      } else if (typeof raw === "number") {
        out.put(cellOpenOf(c));
        out.again(digitsAt, digits);
        out.put((own ? markupWith(c, look, own) : markupAt(markup, c, look)).number);
        out.number(raw);
        out.put(V_CLOSE);
      } else if (typeof raw === "string") {
        // Excel's cell limit (core/output fitCellText), as every host's rows are kept within it.
        const value = raw.length > EXCEL_MAX_CELL_CHARS ? fitCellText(raw) : raw;
        const m = formulaLike(charCodeAt.call(value, 0)) ? markupWith(c, look, "@") : own ? markupWith(c, look, own) : markupAt(markup, c, look);
        const i = sharedIndex(c, value);
        out.put(cellOpenOf(c));
        out.again(digitsAt, digits);
        let textWidth = -1;
        if (i !== null) {
          out.put(m.shared);
          out.uint(i);
          out.put(V_CLOSE);
        } else {
          out.put(m.inline);
          textWidth = out.inlineString(value);
          out.put(IS_CLOSE);
        }
        if (measuring && measureLater[c] === 1) {
          measureLater[c] = 0;
          const n = textWidth >= 0 ? Math.max(1, Math.ceil(textWidth / Math.max(1, wrapWidth[c]))) : linesOf(c, value);
          if (n > lines) lines = n;
        }
      } else if (typeof raw === "boolean") {
        out.put(cellOpenOf(c));
        out.again(digitsAt, digits);
        const m = own ? markupWith(c, look, own) : markupAt(markup, c, look);
        out.put(raw ? m.true : m.false);
      }
    }
    if (out.length === cellsAt) return out.truncate(rowAt);
    out.put(ROW_CLOSE);
    if (lines > tagLines) out.reheight(tailAt, cellsAt, lines * 15);
  }

  /**
   * A cell with a formula, written from strings (a sheet's few total rows). The engine's figure is the formula's
   * cached result, so a reader that does not recalculate shows it.
   */
  function cellXml(out: XmlBytes, c: number, rowNumber: number, raw: Cell, formula: string, own: string | undefined, look: RowStyle | undefined): void {
    const value = typeof raw === "string" && raw.length > EXCEL_MAX_CELL_CHARS ? fitCellText(raw) : raw;
    const blank = value === null || value === "" || (typeof value === "number" && !Number.isFinite(value));
    out.put(cellOpenOf(c));
    out.uint(rowNumber);
    out.ascii('"');
    out.ascii(styleAttr(styles.xf(own || columnFormat[c], look, layoutOf[c] ?? "")));
    if (typeof value === "boolean") out.ascii(' t="b"');
    else if (!blank && typeof value !== "number") out.ascii(' t="str"');
    out.ascii("><f>");
    out.text(escapeText(formula));
    out.ascii("</f>");
    if (typeof value === "number" && !blank) {
      out.ascii("<v>");
      out.number(value);
      out.ascii("</v>");
    } else if (typeof value === "boolean") out.ascii(value ? "<v>1</v>" : "<v>0</v>");
    else if (!blank) {
      out.ascii("<v>");
      out.text(escapeText(value as string));
      out.ascii("</v>");
    }
    out.ascii("</c>");
  }
}

function cellMarkup(sAttr: string): CellMarkup {
  return {
    number: ascii(`"${sAttr}><v>`),
    shared: ascii(`"${sAttr} t="s"><v>`),
    inline: ascii(`"${sAttr} t="inlineStr"><is>`),
    blank: ascii(`"${sAttr}/>`),
    true: ascii(`"${sAttr} t="b"><v>1</v></c>`),
    false: ascii(`"${sAttr} t="b"><v>0</v></c>`),
  };
}

/**
 * A wrapped text longer than this is measured by the scan that writes it, not by one of its own before: the row's
 * opening tag is then mended when it turns out taller (a copy of the row so far, cheaper than a second scan of a long
 * text; a short one is measured first, as a row of short texts is common).
 */
const LONG_TEXT = 64;

/**
 * The lines of a wrapped cell's text (core/print wrappedLines). Text of ASCII characters but for line breaks, as most
 * is, is as many columns wide as it has characters: counted here in one pass, without splitting it into lines.
 */
function textLines(text: string, widthChars: number): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(text, i);
    if (c >= 0x80 || c === 0x0a) return wrappedLines(text, widthChars);
  }
  return Math.max(1, Math.ceil(n / Math.max(1, widthChars)));
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

/** Bytes handed on at a time: the deflate stream's batch. */
const XML_BYTES_PIECE = 1 << 20;
/** A piece's buffer: a piece plus room for the row that fills it (a larger row grows it). */
const XML_BYTES_SIZE = XML_BYTES_PIECE + 64 * 1024;
/** Spare buffers kept at most: the consumer holds one or two pieces at a time (ZipWriter.addDeflated). */
const MAX_SPARE = 4;

/**
 * Buffers of sheet XML that the consumer is done with (deflated), for the pieces after. A megabyte buffer allocated
 * afresh for each piece (350 of them at 100,000 tickets, 3,500 at 1,048,575) is memory outside the JavaScript heap
 * that the heap answers with collections ("external memory pressure"): 2,000 fresh megabyte buffers beside a 430 MB
 * heap took 6.8 s of CPU (3.3 s of it in the kernel), one buffer used 2,000 times 0.01 s (2026-12-06).
 */
export class SpareBuffers {
  private readonly free: ArrayBuffer[] = [];

  /** A buffer of XML_BYTES_SIZE bytes: a spare one, else a new one. */
  take(): Buffer {
    const spare = this.free.pop();
    return spare ? Buffer.from(spare) : Buffer.allocUnsafe(XML_BYTES_SIZE);
  }

  /** Takes back a piece worksheetXml handed on (its whole buffer), once nothing reads it any more. */
  give(piece: Uint8Array): void {
    const whole = piece.buffer;
    if (piece.byteOffset !== 0 || whole.byteLength !== XML_BYTES_SIZE || this.free.length >= MAX_SPARE || this.free.includes(whole as ArrayBuffer)) return;
    this.free.push(whole as ArrayBuffer);
  }
}

/**
 * ASCII characters written as they are in element text (§22.9.2.19 ST_Xstring, as escapeText writes it): printable
 * ones and tab. Not markup (& < > "), not "_" (it may begin what reads as an _xHHHH_ escape: escapeText decides), not
 * line breaks (they make the text xml:space="preserve") or other control characters.
 */
const PLAIN_ASCII = (() => {
  const plain = new Uint8Array(128);
  for (let c = 0x20; c < 0x7f; c++) plain[c] = 1;
  for (const ch of '&<>"_') plain[ch.charCodeAt(0)] = 0;
  plain[0x09] = 1;
  return plain;
})();

/**
 * Row XML written straight into bytes, handed on about a megabyte at a time. Built as strings (+= and templates),
 * a row is a tree of small strings in V8 that must be walked and flattened, then encoded to UTF-8: at 100,000
 * tickets (357 MiB of sheet XML) joining those trees was the command's largest single cost. Here the markup is made
 * into bytes once per sheet (CellMarkup) and copied, numbers are written digit by digit (NumberTexts for the rest),
 * and a text is scanned once, its characters copied (or encoded to UTF-8) as they are scanned; only a text with a
 * character to escape, or white space to keep, goes through inlineText.
 */
class XmlBytes {
  private buf: Buffer;
  length = 0;

  constructor(private readonly spare: SpareBuffers | null) {
    this.buf = spare ? spare.take() : Buffer.allocUnsafe(XML_BYTES_SIZE);
  }

  get empty(): boolean {
    return this.length === 0;
  }

  get full(): boolean {
    return this.length >= XML_BYTES_PIECE;
  }

  /** Makes sure `bytes` more fit (every writer below asks for what it writes). */
  room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  /** Markup made into bytes beforehand. */
  put(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buf.length) this.room(bytes.length);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < bytes.length; i++) b[p++] = bytes[i];
    this.length = p;
  }

  /** The `n` bytes written at `at` once more (a row's number, in each of its cells). */
  again(at: number, n: number): void {
    if (this.length + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) b[p++] = b[at + i];
    this.length = p;
  }

  /** Markup: every character is ASCII. */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) b[p++] = charCodeAt.call(s, i);
    this.length = p;
  }

  /** An integer from 0 to 2^53 in decimal, as String() writes it. */
  uint(n: number): void {
    if (this.length + 16 > this.buf.length) this.room(16);
    const b = this.buf;
    let x = n;
    let digits = 1;
    if (x <= 0x7fffffff) {
      for (let y = x; y >= 10; y = (y / 10) | 0) digits++;
      let p = (this.length += digits);
      while (x >= 10) {
        const q = (x / 10) | 0;
        b[--p] = 0x30 + x - q * 10;
        x = q;
      }
      b[--p] = 0x30 + x;
      return;
    }
    // Beyond int32: floor(x / 10) is still exact below 2^53 (the quotient's error is under 0.1).
    for (let y = x; y >= 10; y = Math.floor(y / 10)) digits++;
    let p = (this.length += digits);
    while (x >= 10) {
      const q = Math.floor(x / 10);
      b[--p] = 0x30 + x - q * 10;
      x = q;
    }
    b[--p] = 0x30 + x;
  }

  /**
   * A finite number as String() writes it (ECMA-262 Number::toString), which an xsd:double cell value takes.
   * Integers below 2^53 and numbers of whole hundredths below 10^13 (amounts, hours) are written digit by digit:
   * such a number's shortest decimal is its integer or its hundredths, since no other decimal with as few digits lies
   * within half a unit in the last place of it (under 2^-9 there). Others, dates among them: numberText.
   */
  number(v: number): void {
    if (this.length + 32 > this.buf.length) this.room(32);
    if (Number.isInteger(v)) {
      if (v >= 0 && v < 2 ** 53) return this.uint(v); // -0 too: "0"
      if (v < 0 && v > -(2 ** 53)) {
        this.buf[this.length++] = 0x2d;
        return this.uint(-v);
      }
    } else {
      const k = Math.round(v * 100);
      if (k / 100 === v && k < 1e15 && k > -1e15) {
        const b = this.buf;
        let a = k;
        if (a < 0) {
          b[this.length++] = 0x2d;
          a = -a;
        }
        const whole = Math.floor(a / 100);
        const cents = a - whole * 100;
        this.uint(whole);
        const tenths = (cents / 10) | 0;
        const d = this.buf;
        d[this.length++] = 0x2e;
        d[this.length++] = 0x30 + tenths;
        if (cents !== tenths * 10) d[this.length++] = 0x30 + cents - tenths * 10;
        return;
      }
    }
    this.numberText(v);
  }

  /** A number's String() text, through NumberTexts: a date serial met before is copied from there. */
  private numberText(v: number): void {
    if (this.length + NUMBER_TEXT_BYTES > this.buf.length) this.room(NUMBER_TEXT_BYTES);
    const texts = (numberTexts ??= new NumberTexts());
    const slot = texts.slotOf(v);
    if (texts.keys[slot] === v) {
      const n = texts.lengths[slot];
      const from = slot * NUMBER_TEXT_BYTES;
      const b = this.buf;
      const p = this.length;
      const bytes = texts.bytes;
      for (let i = 0; i < n; i++) b[p + i] = bytes[from + i];
      this.length = p + n;
      return;
    }
    const text = String(v);
    this.ascii(text);
    texts.keep(slot, v, text);
  }

  /** Text already escaped for XML, as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) {
      const c = charCodeAt.call(s, i);
      if (c >= 0x80) {
        this.length += b.write(s, this.length, "utf8");
        return;
      }
      b[p++] = c;
    }
    this.length = p;
  }

  /**
   * `<t>` of an inline string (inlineText), in one scan of a text that needs neither an escape nor xml:space: ASCII
   * copied, other characters encoded to UTF-8 as they come; else through inlineText. Returns the text's display width
   * (core/print displayWidth) when the scan wrote it, else -1.
   */
  inlineString(s: string): number {
    const n = s.length;
    this.room(n * 3 + 7);
    const b = this.buf;
    const at = this.length;
    const first = charCodeAt.call(s, 0);
    const last = charCodeAt.call(s, n - 1);
    // White space at an end asks for xml:space="preserve": space and tab, or one of Unicode's (\s).
    const plainEnds =
      n > 0 && first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09 &&
      !(first >= 0x80 && SPACE.test(s[0])) && !(last >= 0x80 && SPACE.test(s[n - 1]));
    if (plainEnds) {
      let p = at + 3;
      let width = n;
      let i = 0;
      for (; i < n; i++) {
        const c = charCodeAt.call(s, i);
        if (c < 0x80) {
          if (PLAIN_ASCII[c] === 0) break;
          b[p++] = c;
        } else if (c < 0x800) {
          b[p++] = 0xc0 | (c >> 6);
          b[p++] = 0x80 | (c & 0x3f);
        } else if ((c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) {
          break; // surrogates (paired or not) and U+FFFE/U+FFFF: escapeText decides
        } else {
          b[p++] = 0xe0 | (c >> 12);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
          if (isWide(c)) width++;
        }
      }
      if (i === n) {
        b[at] = 0x3c; // <t>
        b[at + 1] = 0x74;
        b[at + 2] = 0x3e;
        b[p] = 0x3c; // </t>
        b[p + 1] = 0x2f;
        b[p + 2] = 0x74;
        b[p + 3] = 0x3e;
        this.length = p + 4;
        return width;
      }
    }
    this.text(inlineText(s));
    return -1;
  }

  /**
   * Gives the row whose opening tag ends at `cellsAt` the height `height`: what follows its number (from `tailAt`,
   * `">` or a height already given) becomes `" ht="height" customHeight="1">`, the cells moved to make room.
   */
  reheight(tailAt: number, cellsAt: number, height: number): void {
    let digits = 1;
    for (let h = height; h >= 10; h = (h / 10) | 0) digits++;
    const grow = ROW_HEIGHT.length + digits + ROW_CUSTOM_HEIGHT.length - (cellsAt - tailAt);
    this.room(Math.max(0, grow));
    const b = this.buf;
    if (grow !== 0) b.copy(b, cellsAt + grow, cellsAt, this.length);
    const end = this.length + grow;
    this.length = tailAt;
    this.put(ROW_HEIGHT);
    this.uint(height);
    this.put(ROW_CUSTOM_HEIGHT);
    this.length = end;
  }

  truncate(at: number): void {
    this.length = at;
  }

  /** The bytes so far, and a fresh buffer for what follows (the consumer keeps these until it is done with them). */
  take(): Buffer {
    const bytes = this.buf.subarray(0, this.length);
    this.buf = this.spare ? this.spare.take() : Buffer.allocUnsafe(XML_BYTES_SIZE);
    this.length = 0;
    return bytes;
  }
}

/** Room for a number's text in NumberTexts: String() of a double is at most 24 characters ("-1.2345678901234567e-300"). */
const NUMBER_TEXT_BYTES = 24;
/** Slots of NumberTexts: a minute each, 91 days of date-times (at 1,048,575 tickets the months' events span fewer). */
const NUMBER_TEXT_SLOTS = 1 << 17;

/**
 * The String() texts of numbers written before, one per slot, a date serial's slot its minute: a date-time cell (a
 * Findings row has two) is a fraction whose shortest decimal String() works out afresh each time (about 0.3 µs on
 * this machine), where the minutes of a month recur through its rows. Any number may take a slot (its key says whose
 * text it holds), so a slot only makes a number faster or not. Fixed in size (4 MB), whatever the data. Measured on
 * the Findings sheet of 100,000 tickets, its rows built beforehand: 0.77 s of CPU against 1.06 s without (least of
 * six rounds each, 2026-12-06).
 */
class NumberTexts {
  readonly keys = new Float64Array(NUMBER_TEXT_SLOTS).fill(NaN);
  readonly lengths = new Uint8Array(NUMBER_TEXT_SLOTS);
  readonly bytes = new Uint8Array(NUMBER_TEXT_SLOTS * NUMBER_TEXT_BYTES);

  /** The slot of a number: its minute as an Excel serial (a date-time's minute), wrapped round. */
  slotOf(v: number): number {
    return Math.round(v * 1440) & (NUMBER_TEXT_SLOTS - 1);
  }

  keep(slot: number, v: number, text: string): void {
    if (text.length > NUMBER_TEXT_BYTES) return;
    const from = slot * NUMBER_TEXT_BYTES;
    for (let i = 0; i < text.length; i++) this.bytes[from + i] = text.charCodeAt(i);
    this.lengths[slot] = text.length;
    this.keys[slot] = v;
  }
}
let numberTexts: NumberTexts | null = null;

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
