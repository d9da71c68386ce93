/**
 * The output workbook as a package edit (ECMA-376 Part 2, Open Packaging Conventions).
 *
 * The copy is the input's zip with parts added and a few small parts rewritten; every other part — the user's
 * sheets, charts, pivot tables, macros, whatever produced them — is copied across as it is. exceljs instead loaded
 * the whole workbook into objects and wrote it back: it dropped what it does not model (charts, pivot tables,
 * slicers) and needed about 1 KB of memory per cell, which limited the command line to a month of roughly
 * 100,000–250,000 tickets.
 *
 * Rewritten: `[Content_Types].xml`, the workbook part and its relationships (sheets added, the tool's replaced
 * sheets removed, defined names for print titles and filters), the styles part (the output's formats appended, so
 * every existing style keeps its index; one the workbook already has, markup for markup, is reused), the shared-
 * string table (the output's repeated texts appended, so every existing text keeps its index; made if the workbook
 * has none). Removed: the sheets the tool itself created earlier and now replaces (docs/CONTRACT.md, Principles, "Nothing is lost": only those listed in
 * the marker sheet), with the parts only they used, and the calculation chain when a sheet with formulas goes
 * (Excel rebuilds it; a stale one makes Excel report the file as damaged).
 */
import { isUtf8 } from "buffer";
import path from "path";
import { pipeline, Readable } from "stream";
import zlib from "zlib";
import yauzl from "yauzl";
import { SaxesParser } from "saxes";
import { MARKER_SHEET, MARKER_TITLE, planOutputSheets, supersededOutputSheets, type OutputSheet, type PlannedSheet } from "../engine/core/output";
import { escapeAttr, escapeText, MAX_FMT_ID, SharedStrings, sheetDefinedNames, SpareBuffers, StyleBook, worksheetXml, type StylesBase } from "./sheetXml";
import { copiedTooMuch, DamagedPartError, MAX_COPIED_BYTES, ZipWriter, type StoredPart, type WritableSink } from "./zipWriter";
import { completeUtf8Length, readerPaths, scanPart, SharedStringsScan } from "./scan";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_OFFICE_DOCUMENT = `${REL}/officeDocument`;
const REL_WORKSHEET = `${REL}/worksheet`;
const REL_STYLES = `${REL}/styles`;
const REL_CALC_CHAIN = `${REL}/calcChain`;
const CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const CT_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const REL_SHARED_STRINGS = `${REL}/sharedStrings`;

/** Where the parts of a package come from: a zip file being read, or parts held in memory (a new workbook). */
export interface PartSource {
  /** Part names in the order they are stored ("xl/workbook.xml", no leading slash). */
  readonly names: readonly string[];
  read(name: string): Promise<Buffer>;
  stream(name: string): Promise<Readable>;
  /** A part's size unpacked, as the zip's directory declares it (its length for a part in memory); null if absent. */
  size(name: string): number | null;
  /** A zip part's compressed bytes as stored, with what the directory says of them; null for parts in memory. */
  raw(name: string): Promise<{ part: StoredPart; bytes: Readable }> | null;
  /**
   * A zip part's bytes inflated a mebibyte at a time (`stream` gives yauzl's 16 KiB chunks), unchecked: the caller
   * counts them against `size`. Null for parts in memory, and for an entry stored other than plainly or deflated,
   * or encrypted (`stream` refuses those with yauzl's words).
   */
  inflated?(name: string): Promise<Readable> | null;
  close(): void;
}

/** The package is not a workbook the tool can edit (no workbook part, no styles part…). */
export class PackageError extends Error {}

/**
 * Opens a zip (a file, or bytes already read) for reading its parts; rejects on a missing, non-zip or damaged one
 * (the caller words it). yauzl checks each entry's size as it inflates it against the zip's directory.
 */
export function openZip(from: string | Buffer): Promise<PartSource> {
  return new Promise((resolve, reject) => {
    const opened = (err: Error | null, zip?: yauzl.ZipFile) => {
      if (err || !zip) return reject(err ?? new Error("cannot open"));
      const entries = new Map<string, yauzl.Entry>();
      const all: yauzl.Entry[] = [];
      zip.on("error", reject);
      zip.on("entry", (e: yauzl.Entry) => {
        all.push(e);
        if (!e.fileName.endsWith("/")) entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on("end", () => {
        const damage = directoryDamage(all);
        if (damage) {
          zip.close();
          return reject(new PackageError(damage));
        }
        const stream = (name: string) =>
          new Promise<Readable>((res, rej) => {
            const e = entries.get(name);
            if (!e) return rej(new PackageError(`no part ${name}`));
            zip.openReadStream(e, (er, s) => (er || !s ? rej(er ?? new Error("cannot read")) : res(s)));
          });
        resolve({
          names: [...entries.keys()],
          size: (name) => entries.get(name)?.uncompressedSize ?? null,
          stream,
          raw: (name) => {
            const e = entries.get(name);
            if (!e) return Promise.reject(new PackageError(`no part ${name}`));
            const part = { method: e.compressionMethod, crc32: e.crc32, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize };
            return new Promise((res, rej) =>
              zip.openReadStream(e, { decodeFileData: false } as yauzl.ZipFileOptions, (er, s) => (er || !s ? rej(er ?? new Error("cannot read")) : res({ part, bytes: s }))),
            );
          },
          inflated: (name) => {
            const e = entries.get(name);
            if (!e || e.isEncrypted() || (e.compressionMethod !== 0 && e.compressionMethod !== 8)) return null;
            return new Promise((res, rej) =>
              zip.openReadStream(e, { decodeFileData: false } as yauzl.ZipFileOptions, (er, s) => {
                if (er || !s) return rej(er ?? new Error("cannot read"));
                if (e.compressionMethod === 0) return res(s);
                const inflate = zlib.createInflateRaw({ chunkSize: 2 ** 20 });
                res(pipeline(s, inflate, () => undefined));
              }),
            );
          },
          read: async (name) => {
            const chunks: Buffer[] = [];
            for await (const c of await stream(name)) chunks.push(c as Buffer);
            return Buffer.concat(chunks);
          },
          close: () => zip.close(),
        });
      });
      zip.readEntry();
    };
    const options = { lazyEntries: true, autoClose: false };
    if (typeof from === "string") yauzl.open(from, options, opened);
    else yauzl.fromBuffer(from, options, opened);
  });
}

/**
 * What is wrong with a zip's directory as a package, from the directory alone (nothing inflated); null when nothing.
 * - Two entries of one name (compared as case-insensitive ASCII, ECMA-376 Part 2 [M2.12]–[M2.14]: a package holds
 *   no two equivalent item names): which one is the part is a guess, and the copy would carry both.
 * - Entries whose stored bytes overlap (APPNOTE 4.3.6: each entry is its own local header followed by its own
 *   data): several directory entries pointing into one compressed stream is how a zip bomb makes a small file
 *   inflate to gigabytes per alias, and no zip writer lays out a file that way. Each entry occupies at least its
 *   local header (30 bytes and its name, as the directory records it) and its compressed data.
 */
export function directoryDamage(entries: readonly { fileName: string; relativeOffsetOfLocalHeader: number; compressedSize: number; fileNameLength: number }[]): string | null {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const key = e.fileName.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    const before = seen.get(key);
    if (before !== undefined) return before === e.fileName ? `the zip holds ${e.fileName} twice` : `the zip holds ${before} and ${e.fileName}, one part named twice`;
    seen.set(key, e.fileName);
  }
  const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  for (let i = 1; i < byOffset.length; i++) {
    const a = byOffset[i - 1];
    const b = byOffset[i];
    if (a.relativeOffsetOfLocalHeader + 30 + a.fileNameLength + a.compressedSize > b.relativeOffsetOfLocalHeader) {
      return `the zip entries ${a.fileName} and ${b.fileName} share stored bytes (overlapping entries: a zip bomb, or a damaged file)`;
    }
  }
  return null;
}

/**
 * Streams one XML part through a SAX parser (saxes: well-formedness checked, entities decoded), so a sheet of a
 * million rows is never one string.
 */
export async function parseXmlPart(src: PartSource, part: string, wire: (parser: SaxesParser) => void): Promise<void> {
  const parser = new SaxesParser({ position: false });
  wire(parser);
  let failure: Error | null = null;
  parser.on("error", (e) => {
    failure ??= e;
  });
  const text = new Utf8Text(part);
  try {
    for await (const chunk of await src.stream(part)) {
      parser.write(text.decode(chunk as Buffer));
      if (failure) break;
    }
    if (!failure) {
      text.end();
      parser.close();
    }
  } catch (e) {
    throw asPartFault(part, e);
  }
  if (failure) throw new PackageError(`${part}: ${(failure as Error).message}`);
}

/**
 * An error met while unpacking a part (bad deflate data, more or fewer bytes than its directory entry says: yauzl's
 * words) is the input's damage, worded with the part's name; one of the disk's (an errno) or already worded stays.
 */
function asPartFault(part: string, e: unknown): unknown {
  if (e instanceof PackageError || !(e instanceof Error) || (e as NodeJS.ErrnoException).code !== undefined) return e;
  return new PackageError(`${part}: ${e.message}`);
}

/**
 * A part's bytes as text, a chunk at a time, refused unless they are UTF-8 (ECMA-376 Part 2 [M1.17]; a
 * producer's UTF-16 parts are not met in .xlsx files). A byte sequence that is not UTF-8 would otherwise decode as
 * U+FFFD and change a provider's name or a ticket ID without a word. A character cut by a chunk boundary is
 * held back and completed by the next chunk; what is decoded is validated whole first (buffer.isUtf8), so the text
 * is never a guess.
 */
export class Utf8Text {
  private held: Buffer | null = null;

  constructor(private readonly part: string) {}

  decode(chunk: Buffer): string {
    const bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    const whole = completeUtf8Length(bytes);
    const ready = bytes.subarray(0, whole);
    this.held = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : null;
    if (!isUtf8(ready)) throw this.invalid();
    return ready.toString("utf8");
  }

  /** At the part's end: a character left incomplete is damage too. */
  end(): void {
    if (this.held) throw this.invalid();
  }

  private invalid(): PackageError {
    return new PackageError(`${this.part} is not UTF-8 text (it holds bytes that are not UTF-8); the part is damaged or was written in another encoding`);
  }
}

/** Parts held in memory. */
function memoryParts(parts: [string, string][]): PartSource {
  const byName = new Map(parts.map(([n, text]) => [n, Buffer.from(text, "utf8")]));
  return {
    names: parts.map(([n]) => n),
    size: (n) => byName.get(n)?.length ?? null,
    read: async (n) => byName.get(n) ?? Promise.reject(new PackageError(`no part ${n}`)),
    stream: async (n) => Readable.from([byName.get(n)!]),
    raw: () => null,
    close: () => undefined,
  };
}

/** The parts of an empty workbook (no sheets yet): what `template` and the sample generator start from. */
export function blankWorkbookParts(created: Date): PartSource {
  const when = created.toISOString().replace(/\.\d{3}Z$/, "Z");
  return memoryParts([
    ["[Content_Types].xml", xmlHead + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT_WORKBOOK}"/>` +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'],
    ["_rels/.rels", xmlHead + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL_OFFICE_DOCUMENT}" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`],
    ["docProps/app.xml", xmlHead + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>SLA Ledger</Application></Properties>'],
    ["docProps/core.xml", xmlHead + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:creator>SLA Ledger</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`],
    ["xl/workbook.xml", xmlHead + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}">` +
      '<bookViews><workbookView/></bookViews><sheets></sheets></workbook>'],
    ["xl/_rels/workbook.xml.rels", xmlHead + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL_STYLES}" Target="styles.xml"/></Relationships>`],
    ["xl/styles.xml", xmlHead + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      // No theme part here, so the default font names its face itself rather than the theme's (no theme colour,
      // no font scheme).
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'],
  ]);
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// ---------------------------------------------------------------------------------------------------------------
// Small XML parts, edited as text. Only these few parts are touched, each read whole (kilobytes); elements are
// found by their local name whatever namespace prefix the producer used, attributes by a quote-aware pattern.

interface Element {
  start: number;
  end: number;
  attrs: Map<string, string>;
  /** Raw text between the tags ("" for a self-closing element). */
  inner: string;
}

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The elements of local name `local` in `xml`. With `original`, `xml` is its masked form (maskedXml: comments,
 * CDATA and processing instructions blanked, same length), so only real markup is found, and `inner` is the
 * original's text.
 */
function elementsOf(xml: string, local: string, original: string = xml): Element[] {
  const re = new RegExp(`<((?:[\\w.-]+:)?${local})((?:\\s+[\\w:.-]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, "g");
  const out: Element[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const attrs = new Map<string, string>();
    for (const a of m[2].matchAll(ATTR)) attrs.set(a[1], decodeXml(a[2] ?? a[3]));
    if (m[3] === "/") {
      out.push({ start: m.index, end: re.lastIndex, attrs, inner: "" });
      continue;
    }
    const close = xml.indexOf(`</${m[1]}>`, re.lastIndex);
    if (close < 0) throw new PackageError(`<${m[1]}> is not closed`);
    out.push({ start: m.index, end: close + m[1].length + 3, attrs, inner: original.slice(re.lastIndex, close) });
    re.lastIndex = close + m[1].length + 3;
  }
  return out;
}

function prefixOf(xml: string, local: string): string {
  return new RegExp(`<([\\w.-]+:)?${local}[\\s>/]`).exec(xml)?.[1] ?? "";
}

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e],
  );
}

/** Markup written without a prefix, given the namespace prefix the part's producer used ("x:" or ""). */
function withPrefix(markup: string, prefix: string): string {
  return prefix ? markup.replace(/<(\/?)(?=[a-zA-Z])/g, `<$1${prefix}`) : markup;
}

/** An element's opening tag with one attribute's value replaced. */
function setAttr(tag: string, name: string, value: string): string {
  return tag.replace(new RegExp(`${name}\\s*=\\s*("[^"]*"|'[^']*')`), `${name}="${escapeAttr(value)}"`);
}

/** How many `child` elements a list's inner text holds. */
function childCount(inner: string, child: string): number {
  return (inner.match(new RegExp(`<(?:[\\w.-]+:)?${child}[\\s>/]`, "g")) ?? []).length;
}

/**
 * The edit that puts `markup` at the end of the root element `local` of a checked part (structuralPart): before its
 * end tag, found in the masked text (so not one inside a comment or CDATA after it), or, for a root written as one
 * tag (`<Types/>`), by opening it.
 */
function appendToRoot(x: XmlText, local: string, markup: string, part: string): { start: number; end: number; text: string } {
  const open = new RegExp(`<((?:[\\w.-]+:)?${local})((?:\\s+[\\w:.-]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`).exec(x.masked);
  if (!open) throw new PackageError(`${part}: no <${local}> root element`);
  if (open[3] === "/") {
    const end = open.index + open[0].length;
    return { start: open.index, end, text: `${x.text.slice(open.index, end).replace(/\s*\/>$/, ">")}${markup}</${open[1]}>` };
  }
  const close = x.masked.lastIndexOf(`</${open[1]}`);
  if (close < open.index) throw new PackageError(`${part}: <${open[1]}> is not closed`);
  return { start: close, end: close, text: markup };
}

/** Replaces [start, end) ranges of `xml` (non-overlapping, any order). */
function splice(xml: string, edits: { start: number; end: number; text: string }[]): string {
  let out = "";
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += xml.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + xml.slice(at);
}

/** Appends children to the list element `local` (e.g. fonts), updating its count; null when it is absent. */
function appendToList(xml: string, local: string, children: string[], childLocal: string): string | null {
  const list = elementsOf(xml, local)[0];
  if (!list) return null;
  if (children.length === 0) return xml;
  const tag = xml.slice(list.start).match(/^<([\w.:-]+)/)![1];
  const p = tag.includes(":") ? tag.slice(0, tag.indexOf(":") + 1) : "";
  const attrs = [...list.attrs].filter(([k]) => k !== "count").map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
  const count = childCount(list.inner, childLocal) + children.length;
  const text = `<${tag} count="${count}"${attrs}>${list.inner}${withPrefix(children.join(""), p)}</${tag}>`;
  return splice(xml, [{ start: list.start, end: list.end, text }]);
}

/**
 * The most a structural part may unpack to: `[Content_Types].xml`, the workbook part and every relationships part
 * (.rels), which are read whole, as text. The largest an Excel workbook needs is a sheet's relationships with the
 * most hyperlinks Excel allows on a sheet (65,530), each a relationship of a few hundred bytes: about 20 MiB.
 */
export const MAX_STRUCTURAL_PART_BYTES = 32 * 2 ** 20;

/** A small part's text, and the same text with comments, CDATA and processing instructions blanked (maskedXml). */
interface XmlText {
  text: string;
  masked: string;
}

/**
 * Reads a structural part whole, bounded and checked before any of it is edited as text: its declared size within
 * MAX_STRUCTURAL_PART_BYTES, UTF-8 (Utf8Text), well-formed XML (saxes: character references included, so `&#0;`
 * is refused), and no document type declaration (ECMA-376 Part 2 [M1.18]: package parts carry none; nor do
 * SpreadsheetML parts from any producer). PackageError naming the part otherwise.
 */
async function structuralPart(src: PartSource, name: string): Promise<XmlText> {
  const size = src.size(name);
  if (size === null) throw new PackageError(`no part ${name}`);
  const tooLarge = (n: number) =>
    new PackageError(`${name} would unpack to ${(n / 2 ** 20).toLocaleString("en", { maximumFractionDigits: 1 })} MiB, more than the ${MAX_STRUCTURAL_PART_BYTES / 2 ** 20} MiB such a part of a workbook needs (a hostile or damaged file)`);
  if (size > MAX_STRUCTURAL_PART_BYTES) throw tooLarge(size);
  const decoder = new Utf8Text(name);
  const pieces: string[] = [];
  let bytes = 0;
  try {
    for await (const chunk of await src.stream(name)) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_STRUCTURAL_PART_BYTES) throw tooLarge(bytes);
      pieces.push(decoder.decode(chunk as Buffer));
    }
    decoder.end();
  } catch (e) {
    throw asPartFault(name, e);
  }
  const text = pieces.join("");
  const parser = new SaxesParser();
  let failure: string | null = null;
  parser.on("error", (e) => void (failure ??= e.message));
  parser.on("doctype", () => void (failure ??= "a document type declaration (DTD), which a workbook's parts never hold"));
  parser.write(text);
  if (failure === null) parser.close();
  if (failure !== null) throw new PackageError(`${name}: not well-formed XML (${failure})`);
  return { text, masked: maskedXml(text) };
}

/**
 * Well-formed XML with its comments, CDATA sections and processing instructions (the XML declaration too) turned
 * into spaces, character for character: markup found in it by pattern is real markup (a `</Types>` inside a
 * comment is not the root's end), and its offsets are the original's. Sound only on well-formed XML, where `<`
 * appears in no attribute value or text (XML 1.0 §2.4, §3.1).
 */
export function maskedXml(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) => " ".repeat(m.length));
}

// ---------------------------------------------------------------------------------------------------------------

interface Rel {
  id: string;
  type: string;
  /** Resolved part name, or null for an external target. */
  part: string | null;
  start: number;
  end: number;
}

function relsPartOf(part: string): string {
  const dir = path.posix.dirname(part);
  return `${dir === "." ? "" : `${dir}/`}_rels/${path.posix.basename(part)}.rels`;
}

function resolveTarget(source: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const dir = path.posix.dirname(source);
  return path.posix.normalize(dir === "." ? target : `${dir}/${target}`);
}

function parseRels(xml: string, source: string): Rel[] {
  return elementsOf(xml, "Relationship").map((e) => ({
    id: e.attrs.get("Id") ?? "",
    type: e.attrs.get("Type") ?? "",
    part: e.attrs.get("TargetMode") === "External" ? null : resolveTarget(source, e.attrs.get("Target") ?? ""),
    start: e.start,
    end: e.end,
  }));
}

interface SheetEntry {
  name: string;
  sheetId: number;
  rid: string;
  part: string | null;
  start: number;
  end: number;
}

export interface PackageEdit {
  /** Where each output sheet went (planOutputSheets). */
  plans: PlannedSheet[];
  /** Writes the edited package as a zip into `sink`; resolves when the sink has it all. */
  writeTo(sink: NodeJS.WritableStream): Promise<void>;
}

export interface EditOptions {
  /** mtime of the parts written (new workbooks pass a fixed date for reproducible bytes). */
  modified: Date;
  /** The marker sheet listing the output sheets (input copies always; a new workbook when asked). */
  marker: boolean;
}

/**
 * Plans the edit of a workbook package: the output sheets added (or replacing the tool's own earlier ones), the
 * marker updated. Reads only the small parts; the sheets themselves are streamed by writeTo.
 */
/** The workbook part of a package, its relationships and its sheets in tab order. */
async function workbookOf(src: PartSource) {
  const has = new Set(src.names);
  const lower = new Map(src.names.map((n) => [n.toLowerCase(), n]));
  const partNamed = (n: string | null) => (n === null ? null : lower.get(n.toLowerCase()) ?? null);
  if (!has.has("[Content_Types].xml") || !has.has("_rels/.rels")) throw new PackageError("no [Content_Types].xml or _rels/.rels: not an Office Open XML package");
  const rootRels = parseRels((await structuralPart(src, "_rels/.rels")).masked, "");
  const workbookPart = partNamed(rootRels.find((r) => r.type === REL_OFFICE_DOCUMENT || r.type.endsWith("/officeDocument"))?.part ?? null);
  if (!workbookPart) throw new PackageError("no workbook part");
  const workbookRelsPart = relsPartOf(workbookPart);
  const workbook = await structuralPart(src, workbookPart);
  const workbookRelsText = has.has(workbookRelsPart)
    ? await structuralPart(src, workbookRelsPart)
    : { text: EMPTY_RELS, masked: maskedXml(EMPTY_RELS) };
  const rels = parseRels(workbookRelsText.masked, workbookPart);
  const relById = new Map(rels.map((r) => [r.id, r]));
  const sheetEntries: SheetEntry[] = elementsOf(workbook.masked, "sheet").map((e) => {
    const rid = e.attrs.get("r:id") ?? [...e.attrs].find(([k]) => k.endsWith(":id"))?.[1] ?? "";
    return { name: e.attrs.get("name") ?? "", sheetId: Number(e.attrs.get("sheetId") ?? 0), rid, part: partNamed(relById.get(rid)?.part ?? null), start: e.start, end: e.end };
  });
  checkReferences(sheetEntries, rels, relById, workbookRelsPart, partNamed);
  const marker = sheetEntries.find((s) => s.name === MARKER_SHEET);
  return {
    has, partNamed, rootRels, workbookPart, workbookRelsPart, workbook, workbookRels: workbookRelsText, rels, relById, sheetEntries, marker,
  };
}

const EMPTY_RELS = xmlHead + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';

/**
 * Every sheet the workbook part lists, and its styles and shared strings, must be a part of the file: a sheet whose
 * relationship is missing, or whose part is, would otherwise read as an empty sheet (an Events sheet gone changes
 * the penalties without a word), and a shared-string table that is missing would empty every text cell. A
 * workbook without styles or shared strings at all is legal (ECMA-376 Part 1 §12.3: a workbook has at most one of
 * each) and reads as it is; a relationship to one that is not in the file means the content it names is lost.
 */
function checkReferences(sheets: SheetEntry[], rels: Rel[], relById: Map<string, Rel>, relsPart: string, partNamed: (n: string | null) => string | null): void {
  const fix = "the workbook is damaged: open it in Excel and save it again, or use a copy that is not damaged";
  let first: string | null = null;
  let dangling = 0;
  for (const s of sheets) {
    const rel = relById.get(s.rid);
    if (rel && rel.part !== null && s.part !== null) continue;
    dangling++;
    first ??= !rel
      ? `sheet "${s.name}" names relationship ${s.rid || "(none)"}, which ${relsPart} does not have`
      : rel.part === null
        ? `sheet "${s.name}" is an external target, not a part of the file`
        : `sheet "${s.name}" is the part ${rel.part}, which is not in the file`;
  }
  if (first !== null) throw new PackageError(`${first}${dangling > 1 ? ` (${dangling.toLocaleString("en")} sheets point nowhere like this)` : ""}; ${fix}`);
  for (const [suffix, what] of [["/styles", "styles"], ["/sharedStrings", "shared strings"]] as const) {
    const rel = rels.find((r) => r.type.endsWith(suffix));
    if (rel && (rel.part === null || partNamed(rel.part) === null)) throw new PackageError(`the workbook's ${what} are the part ${rel.part ?? "(external)"}, which is not in the file; ${fix}`);
  }
}

/** The output sheets a workbook's marker sheet lists (A2 down): the sheets the tool created there. */
export async function listedOutputSheets(src: PartSource): Promise<string[]> {
  const { marker, rels } = await workbookOf(src);
  return marker?.part ? markerNames(src, marker.part, rels) : [];
}

/** What a reader needs of a workbook: its worksheets in tab order, its date system, styles and shared strings. */
export interface WorkbookLayout {
  sheets: { name: string; part: string }[];
  /** workbookPr date1904: serials count from 1904-01-01 (old Mac workbooks). */
  date1904: boolean;
  stylesPart: string | null;
  sharedStringsPart: string | null;
}

export async function workbookLayout(src: PartSource): Promise<WorkbookLayout> {
  const { workbook, rels, relById, sheetEntries, partNamed } = await workbookOf(src);
  const pr = elementsOf(workbook.masked, "workbookPr")[0]?.attrs.get("date1904");
  const partOfType = (suffix: string) => partNamed(rels.find((r) => r.type.endsWith(suffix))?.part ?? null);
  return {
    // Worksheets only: chart sheets and dialog sheets hold no cells.
    sheets: sheetEntries
      .filter((s) => s.part !== null && relById.get(s.rid)?.type.endsWith("/worksheet"))
      .map((s) => ({ name: s.name, part: s.part as string })),
    date1904: pr === "1" || pr === "true",
    stylesPart: partOfType("/styles"),
    sharedStringsPart: partOfType("/sharedStrings"),
  };
}

export async function editWorkbook(src: PartSource, sheets: readonly OutputSheet[], opts: EditOptions): Promise<PackageEdit> {
  const book0 = await workbookOf(src);
  const { has, partNamed, rootRels, workbookPart, workbookRelsPart, rels, sheetEntries, marker } = book0;
  const ours = marker?.part ? await markerNames(src, marker.part, rels) : [];
  const text = async (name: string) => (await src.read(name)).toString("utf8");
  const wb = book0.workbook;
  let workbookXml = wb.text;
  let workbookRels = book0.workbookRels.text;

  const superseded = new Set(supersededOutputSheets(ours, sheets.map((s) => s.name)).map((n) => n.toLowerCase()));
  const existing = sheetEntries.filter((s) => s !== marker && !superseded.has(s.name.toLowerCase())).map((s) => s.name);
  const plans = planOutputSheets(sheets.map((s) => s.name), existing, ours);
  const replaced = new Set(plans.filter((p) => p.replace).map((p) => p.name.toLowerCase()));
  const removed = sheetEntries.filter((s) => s === marker || superseded.has(s.name.toLowerCase()) || replaced.has(s.name.toLowerCase()));
  const kept = sheetEntries.filter((s) => !removed.includes(s));

  // Parts that go with the removed sheets: each sheet part and what only it refers to (its table, drawing…).
  const allRels = new Map<string, Rel[]>();
  for (const n of src.names) {
    if (!n.endsWith(".rels")) continue;
    const m = /^(.*?)_rels\/([^/]+)\.rels$/.exec(n);
    if (m) allRels.set(`${m[1]}${m[2]}`, parseRels((await structuralPart(src, n)).masked, `${m[1]}${m[2]}`));
  }
  // Adds a part and every part it refers to, directly or not, to `into`.
  const collect = (into: Set<string>) => {
    const visit = (part: string | null): void => {
      const p = partNamed(part);
      if (!p || into.has(p)) return;
      into.add(p);
      for (const r of allRels.get(p) ?? []) visit(r.part);
    };
    return visit;
  };
  const deleted = new Set<string>();
  const visit = collect(deleted);
  for (const s of removed) visit(s.part);
  // …but not a part something that stays refers to. (The workbook part is walked through its kept relationships
  // only: its full list still names the removed sheets.)
  const stillUsed = new Set<string>([workbookPart]);
  const keepFrom = collect(stillUsed);
  for (const r of rootRels) keepFrom(r.part);
  for (const r of rels) if (!removed.some((s) => s.rid === r.id)) keepFrom(r.part);
  for (const p of [...deleted]) if (stillUsed.has(p)) deleted.delete(p);
  const calcChain = rels.find((r) => r.type === REL_CALC_CHAIN);
  if (removed.length > 0 && calcChain?.part) deleted.add(partNamed(calcChain.part) ?? calcChain.part);
  // The copy is an .xlsx: a macro-enabled workbook's (.xlsm) VBA project does not go across (Excel refuses an .xlsx
  // that holds one), and the workbook part becomes a plain workbook's. The input keeps its macros.
  const macros = rels.filter((r) => r.type.endsWith("/vbaProject"));
  for (const m of macros) visit(m.part);
  for (const p of [...deleted]) if (has.has(relsPartOf(p))) deleted.add(relsPartOf(p));

  // Styles: the output's formats appended to the workbook's (those it has already reused).
  const stylesRel = rels.find((r) => r.type === REL_STYLES);
  const stylesPart = partNamed(stylesRel?.part ?? null);
  if (!stylesPart) throw new PackageError("no styles part");
  const stylesXml = await text(stylesPart);
  const book = new StyleBook(stylesBaseOf(stylesXml));
  const markerSheet = markerOutputSheet([]);
  for (const s of sheets) book.plan(s);
  book.plan(markerSheet);

  // Content types: each part named by one Override at most (ECMA-376 Part 2, the content types stream: an Override
  // gives one part its type); a part listed twice has a content type that would be a guess.
  const types = await structuralPart(src, "[Content_Types].xml");
  const overrides = elementsOf(types.masked, "Override");
  const overridden = new Set<string>();
  for (const o of overrides) {
    const name = (o.attrs.get("PartName") ?? "").toLowerCase();
    if (overridden.has(name)) throw new PackageError(`[Content_Types].xml gives part ${o.attrs.get("PartName")} a content type twice`);
    overridden.add(name);
  }

  // New parts: xl/worksheets/sheetN.xml with N unused, by a part or by a content type left over from one.
  const used = new Set([...src.names, ...[...overridden].map((n) => n.replace(/^\//, ""))].map((n) => n.toLowerCase()));
  // Shared strings: the output's repeated texts are appended to the workbook's table, or to a new one. (Its part
  // is written last, once the sheets have said what they add.)
  const sstRel = rels.find((r) => r.type.endsWith("/sharedStrings"));
  const sstExisting = partNamed(sstRel?.part ?? null);
  let sstPart = sstExisting ?? sstRel?.part ?? null;
  if (!sstPart) {
    const dir = path.posix.dirname(workbookPart);
    for (let n = 1; !sstPart || used.has(sstPart.toLowerCase()); n++) sstPart = `${dir === "." ? "" : `${dir}/`}sharedStrings${n === 1 ? "" : n}.xml`;
    used.add(sstPart.toLowerCase());
  }
  const shared = new SharedStrings(sstExisting ? await sharedItemCount(src, sstExisting) : 0);
  let partNo = 1;
  const newPart = () => {
    const dir = path.posix.dirname(workbookPart);
    for (;;) {
      const name = `${dir === "." ? "" : `${dir}/`}worksheets/sheet${partNo++}.xml`;
      if (!used.has(name.toLowerCase())) {
        used.add(name.toLowerCase());
        return name;
      }
    }
  };
  const relIds = new Set(rels.map((r) => r.id));
  let ridNo = 1;
  const newRid = () => {
    while (relIds.has(`rIdSla${ridNo}`)) ridNo++;
    relIds.add(`rIdSla${ridNo}`);
    return `rIdSla${ridNo}`;
  };
  let sheetId = Math.max(0, ...sheetEntries.map((s) => s.sheetId));
  const present = new Set([...kept.map((s) => s.name.toLowerCase()), ...plans.map((p) => p.name.toLowerCase())]);
  const markerList = [...new Map([...ours, ...plans.map((p) => p.name)].map((n) => [n.toLowerCase(), n])).values()].filter((n) => present.has(n.toLowerCase()));
  const written: { name: string; sheet: OutputSheet; part: string; rid: string; sheetId: number; state?: string }[] = plans.map((p, i) => ({
    name: p.name, sheet: sheets[i], part: newPart(), rid: newRid(), sheetId: ++sheetId,
  }));
  if (opts.marker) {
    written.push({ name: MARKER_SHEET, sheet: markerOutputSheet(markerList), part: newPart(), rid: newRid(), sheetId: ++sheetId, state: "veryHidden" });
  }

  // The workbook part: sheets removed and added, defined names kept in step, the active tab kept on its sheet.
  const wp = prefixOf(wb.masked, "workbook");
  const rp = [...(wb.masked.match(/xmlns:([\w.-]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/) ?? [])][1] ?? null;
  const rAttr = rp ?? "r";
  const finalOrder = [...kept.map((s) => s.name), ...written.map((w) => w.name)];
  const newIndex = (oldIndex: number) => {
    const s = sheetEntries[oldIndex];
    return s && !removed.includes(s) ? finalOrder.indexOf(s.name) : -1;
  };
  {
    const edits: { start: number; end: number; text: string }[] = [];
    const sheetsEl = elementsOf(wb.masked, "sheets", wb.text)[0];
    if (!sheetsEl) throw new PackageError("the workbook part has no <sheets>");
    const keptXml = kept.map((s) => workbookXml.slice(s.start, s.end)).join("");
    const addedXml = written
      .map((w) => `<${wp}sheet name="${escapeAttr(w.name)}" sheetId="${w.sheetId}"${w.state ? ` state="${w.state}"` : ""} ${rAttr}:id="${w.rid}"/>`)
      .join("");
    edits.push({ start: sheetsEl.start, end: sheetsEl.end, text: `<${wp}sheets>${keptXml}${addedXml}</${wp}sheets>` });
    // Defined names scoped to a sheet carry its position: renumbered; those of removed sheets go.
    const namesEl = elementsOf(wb.masked, "definedNames", wb.text)[0];
    const names: string[] = [];
    if (namesEl) {
      for (const d of elementsOf(wb.masked, "definedName").filter((e) => e.start > namesEl.start && e.end < namesEl.end)) {
        const raw = workbookXml.slice(d.start, d.end);
        const local = d.attrs.get("localSheetId");
        if (local === undefined) {
          names.push(raw);
          continue;
        }
        const to = newIndex(Number(local));
        if (to >= 0) names.push(setAttr(raw, "localSheetId", String(to)));
      }
    }
    written.forEach((w, i) => {
      const at = kept.length + i;
      const n = sheetDefinedNames(w.sheet, quoteSheet(w.name));
      if (n.filterRange) names.push(`<${wp}definedName name="_xlnm._FilterDatabase" localSheetId="${at}" hidden="1">${escapeText(n.filterRange)}</${wp}definedName>`);
      if (n.printArea) names.push(`<${wp}definedName name="_xlnm.Print_Area" localSheetId="${at}">${escapeText(n.printArea)}</${wp}definedName>`);
      if (n.printTitles) names.push(`<${wp}definedName name="_xlnm.Print_Titles" localSheetId="${at}">${escapeText(n.printTitles)}</${wp}definedName>`);
    });
    const namesXml = names.length ? `<${wp}definedNames>${names.join("")}</${wp}definedNames>` : "";
    if (namesEl) edits.push({ start: namesEl.start, end: namesEl.end, text: namesXml });
    else if (namesXml) {
      // CT_Workbook's order: sheets, functionGroups, externalReferences, definedNames — after the last present.
      const before = [sheetsEl, elementsOf(wb.masked, "functionGroups")[0], elementsOf(wb.masked, "externalReferences")[0]]
        .filter((e): e is Element => e !== undefined)
        .reduce((a, b) => (b.end > a.end ? b : a));
      if (before === sheetsEl) edits[0].text += namesXml;
      else edits.push({ start: before.end, end: before.end, text: namesXml });
    }
    for (const v of elementsOf(wb.masked, "workbookView")) {
      let tag = workbookXml.slice(v.start, v.end);
      for (const attr of ["activeTab", "firstSheet"]) {
        const old = v.attrs.get(attr);
        if (old !== undefined) tag = setAttr(tag, attr, String(Math.max(0, newIndex(Number(old)))));
      }
      edits.push({ start: v.start, end: v.end, text: tag });
    }
    // A workbook without any relationship prefix yet (no sheets) gets one for the new sheets' r:id.
    const root = /<([\w.-]+:)?workbook\b/.exec(wb.masked);
    if (!rp && root) edits.push({ start: root.index + root[0].length, end: root.index + root[0].length, text: ` xmlns:r="${REL}"` });
    workbookXml = splice(workbookXml, edits);
  }

  // The workbook's relationships.
  {
    const goneRids = new Set(removed.map((s) => s.rid));
    if (calcChain && deleted.has(partNamed(calcChain.part) ?? "")) goneRids.add(calcChain.id);
    for (const m of macros) goneRids.add(m.id);
    const edits = rels.filter((r) => goneRids.has(r.id)).map((r) => ({ start: r.start, end: r.end, text: "" }));
    const dir = path.posix.dirname(workbookPart);
    const target = (part: string) => escapeAttr(dir === "." ? part : path.posix.relative(dir, part));
    let added = written.map((w) => `<Relationship Id="${w.rid}" Type="${REL_WORKSHEET}" Target="${target(w.part)}"/>`).join("");
    if (!sstRel) added += `<Relationship Id="${newRid()}" Type="${REL_SHARED_STRINGS}" Target="${target(sstPart)}"/>`;
    edits.push(appendToRoot(book0.workbookRels, "Relationships", withPrefix(added, prefixOf(book0.workbookRels.masked, "Relationships")), workbookRelsPart));
    workbookRels = splice(workbookRels, edits);
  }

  // Content types: overrides of deleted parts go, the new sheets get theirs.
  let contentTypes = types.text;
  {
    const edits = overrides
      .filter((o) => deleted.has(partNamed((o.attrs.get("PartName") ?? "").replace(/^\//, "")) ?? ""))
      .map((o) => ({ start: o.start, end: o.end, text: "" }));
    // A macro-enabled workbook or a template becomes a plain workbook: the copy is named .xlsx.
    const main = overrides.find((o) => partNamed((o.attrs.get("PartName") ?? "").replace(/^\//, "")) === workbookPart);
    if (main && main.attrs.get("ContentType") !== CT_WORKBOOK) {
      edits.push({ start: main.start, end: main.end, text: setAttr(contentTypes.slice(main.start, main.end), "ContentType", CT_WORKBOOK) });
    }
    const p = prefixOf(types.masked, "Types");
    let added = written.map((w) => `<${p}Override PartName="/${escapeAttr(w.part)}" ContentType="${CT_WORKSHEET}"/>`).join("");
    const sstTyped = overrides.some((o) => partNamed((o.attrs.get("PartName") ?? "").replace(/^\//, "")) === sstExisting && sstExisting !== null);
    if (!sstTyped) added += `<${p}Override PartName="/${escapeAttr(sstPart)}" ContentType="${CT_SHARED_STRINGS}"/>`;
    edits.push(appendToRoot(types, "Types", added, "[Content_Types].xml"));
    contentTypes = splice(contentTypes, edits);
  }

  let styles = stylesXml;
  const a = book.added;
  if (a.numFmts.length > 0 && !elementsOf(styles, "numFmts")[0]) {
    // CT_Stylesheet: numFmts is its first child; an empty list is made there and filled below with the others.
    const open = /<([\w.-]+:)?styleSheet\b[^>]*>/.exec(styles)!;
    const at = open.index + open[0].length;
    styles = splice(styles, [{ start: at, end: at, text: withPrefix("<numFmts></numFmts>", prefixOf(styles, "styleSheet")) }]);
  }
  for (const [list, child, items] of [["numFmts", "numFmt", a.numFmts], ["fonts", "font", a.fonts], ["fills", "fill", a.fills], ["borders", "border", a.borders], ["cellXfs", "xf", a.cellXfs]] as const) {
    const appended = appendToList(styles, list, items, child);
    if (appended === null && items.length > 0) throw new PackageError(`the styles part has no <${list}>`);
    styles = appended ?? styles;
  }

  const replacedParts = new Map<string, string>([
    ["[Content_Types].xml", contentTypes],
    [workbookPart, workbookXml],
    [workbookRelsPart, workbookRels],
    [stylesPart, styles],
  ]);
  // What the copy will inflate (to check every copied part, and to extend the shared strings), refused before the
  // output is begun when it is more than a workbook holds.
  let copied = 0;
  for (const name of src.names) if (!deleted.has(name) && !replacedParts.has(name)) copied += src.size(name) ?? 0;
  if (copied > MAX_COPIED_BYTES) throw new PackageError(copiedTooMuch(copied));

  return {
    plans,
    writeTo: async (sink) => {
      // The caller owns `src` and closes it once this settles.
      const zip = new ZipWriter(sink as unknown as WritableSink, opts.modified);
      for (const name of src.names) {
        if (deleted.has(name) || name === sstExisting) continue;
        const replacement = replacedParts.get(name);
        if (replacement !== undefined) {
          await zip.addBuffer(name, Buffer.from(replacement, "utf8"));
          continue;
        }
        const raw = src.raw(name);
        try {
          if (raw) {
            const { part, bytes } = await raw;
            await zip.addCopy(name, part, bytes);
          } else await zip.addBuffer(name, await src.read(name));
        } catch (e) {
          throw asInputFault(name, e);
        }
      }
      if (!has.has(workbookRelsPart)) await zip.addBuffer(workbookRelsPart, Buffer.from(workbookRels, "utf8"));
      // The sheets' XML buffers go round: each piece, once deflated, is the buffer of a later one.
      const spare = new SpareBuffers();
      for (const w of written) await zip.addDeflated(w.part, worksheetXml(w.sheet, book, shared, spare), (piece) => spare.give(piece));
      try {
        await zip.addDeflated(sstPart, sstExisting ? extendedSharedStrings(src, sstExisting, shared, removed.length === 0) : newSharedStrings(shared));
      } catch (e) {
        throw asInputFault(sstPart, e);
      }
      await zip.finish();
    },
  };
}

/**
 * An error met while copying or extending a part of the input: the input's fault (a damaged workbook: bad deflate
 * data, a wrong checksum or size, a truncated file) unless it is the disk's (an errno) or already worded.
 */
function asInputFault(part: string, e: unknown): unknown {
  if (e instanceof DamagedPartError) return new PackageError(e.message);
  if (e instanceof Error && !(e instanceof PackageError) && (e as NodeJS.ErrnoException).code === undefined) return new PackageError(`${part}: ${e.message}`);
  return e;
}

/**
 * How many items (`<si>`) a shared-string table holds: the index the first appended text gets. Counted by the
 * scanner (scan.ts); a table it does not take, by saxes.
 */
export async function sharedItemCount(src: PartSource, part: string): Promise<number> {
  if (readerPaths.scanner) {
    const scan = new SharedStringsScan(false);
    if (await scanPart(src, part, scan)) return scan.count;
    readerPaths.onFallback?.(part, scan.why);
  }
  let count = 0;
  await parseXmlPart(src, part, (parser) => parser.on("opentag", (t) => void (localName(t.name) === "si" && count++)));
  return count;
}

const SST_ROOT = /<([\w.-]+:)?sst\b[^>]*?(\/?)>/;

/**
 * The root tag of a table with its counts brought up to date (each only if the table states it). `count` (every
 * reference to the table) is known only when no sheet was removed: the references of a replaced sheet are not
 * counted anywhere, so then it goes (it is optional; Excel recounts).
 */
function sstRootTag(tag: string, shared: SharedStrings, countKnown: boolean): string {
  const unique = /\suniqueCount\s*=\s*["'](\d+)["']/.exec(tag);
  if (unique) tag = setAttr(tag, "uniqueCount", String(shared.base + shared.added.length));
  const count = /\scount\s*=\s*["'](\d+)["']/.exec(tag);
  if (count && countKnown) tag = setAttr(tag, "count", String(Number(count[1]) + shared.references));
  else if (count) tag = tag.replace(/\s+count\s*=\s*("[^"]*"|'[^']*')/, "");
  return tag;
}

/** A new table holding what the output sheets share. */
function* newSharedStrings(shared: SharedStrings): Generator<string> {
  yield `${xmlHead}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.references}" uniqueCount="${shared.added.length}">`;
  yield* shared.itemsXml();
  yield "</sst>";
}

/**
 * The workbook's table with the output's texts appended: its own bytes pass through as they are (so every item
 * keeps its index), but for the root tag's counts and the new items before its end tag.
 */
async function* extendedSharedStrings(src: PartSource, part: string, shared: SharedStrings, countKnown: boolean): AsyncGenerator<string | Buffer> {
  let head: Buffer | null = Buffer.alloc(0); // the bytes before the root tag is complete
  let tail: Buffer = Buffer.alloc(0); // the last bytes, held back: the end tag is among them
  let prefix = "";
  let closed = false; // an empty table written as one tag (<sst …/>): its items were added right there
  for await (const chunk of await src.stream(part)) {
    let bytes = chunk as Buffer;
    if (head) {
      head = Buffer.concat([head, bytes]);
      // Markup and attribute values up to the root tag are ASCII: latin1 keeps byte offsets.
      const m = SST_ROOT.exec(head.toString("latin1"));
      if (!m) {
        if (head.length > 1 << 20) throw new PackageError(`${part}: no <sst> root element`);
        continue;
      }
      prefix = m[1] ?? "";
      const tag = sstRootTag(m[0], shared, countKnown);
      yield head.subarray(0, m.index);
      if (m[2] === "/") {
        yield tag.replace(/\s*\/>$/, ">");
        for (const piece of shared.itemsXml()) yield withPrefix(piece, prefix);
        yield `</${prefix}sst>`;
        closed = true;
      } else yield tag;
      bytes = head.subarray(m.index + m[0].length);
      head = null;
    }
    if (closed) {
      yield bytes;
      continue;
    }
    tail = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
    if (tail.length > 256) {
      yield tail.subarray(0, tail.length - 256);
      tail = tail.subarray(tail.length - 256);
    }
  }
  if (head) throw new PackageError(`${part}: no <sst> root element`);
  if (closed) {
    if (tail.length > 0) yield tail;
    return;
  }
  const end = tail.toString("latin1").lastIndexOf(`</${prefix}sst`);
  if (end < 0) throw new PackageError(`${part}: no </sst> end tag`);
  yield tail.subarray(0, end);
  for (const piece of shared.itemsXml()) yield withPrefix(piece, prefix);
  yield tail.subarray(end);
}

/** The marker sheet (core/output MARKER_SHEET): its title in A1, the tool's sheets from A2 down. */
function markerOutputSheet(names: string[]): OutputSheet {
  return { name: MARKER_SHEET, role: "template", rows: [[MARKER_TITLE], ...names.map((n) => [n])], formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] };
}

/** Excel's quoting of a sheet name in a reference: 'Findings 2026-10'!… */
function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function stylesBaseOf(xml: string): StylesBase {
  const count = (list: string, child: string) => {
    const el = elementsOf(xml, list)[0];
    if (!el) throw new PackageError(`the styles part has no <${list}>`);
    return childCount(el.inner, child);
  };
  // Formats cells can use are those of the <numFmts> list; a differential format's (<dxf>) own numFmt is not one of
  // them, but its id is taken all the same, as is an id an xf refers to without defining it.
  const usedFmtIds = new Set<number>();
  const idOf = (text: string | undefined): number | null => {
    const id = text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(id) && id <= MAX_FMT_ID ? id : null;
  };
  for (const f of elementsOf(xml, "numFmt")) {
    const id = idOf(f.attrs.get("numFmtId"));
    if (id !== null) usedFmtIds.add(id);
  }
  for (const x of elementsOf(xml, "xf")) {
    const id = idOf(x.attrs.get("numFmtId"));
    if (id !== null) usedFmtIds.add(id);
  }
  // A format already there is reused only where its id is sound and names that one format: two <numFmt> sharing an
  // id leave it unclear which a cell shows.
  const timesDefined = new Map<number, number>();
  const list = elementsOf(xml, "numFmts")[0];
  const defined = list ? elementsOf(list.inner, "numFmt") : [];
  for (const f of defined) {
    const id = idOf(f.attrs.get("numFmtId"));
    if (id !== null) timesDefined.set(id, (timesDefined.get(id) ?? 0) + 1);
  }
  const numFmts = new Map<string, number>();
  for (const f of defined) {
    const code = f.attrs.get("formatCode");
    const id = idOf(f.attrs.get("numFmtId"));
    if (code !== undefined && id !== null && timesDefined.get(id) === 1 && !numFmts.has(code)) numFmts.set(code, id);
  }
  // Each list's items by their markup, so the output's formats that are there already (a rerun's) are reused. Only
  // when this reading of the list finds as many items as the count the new indexes start from.
  const existing = (list: string, child: string): Map<string, number> => {
    const out = new Map<string, number>();
    const el = elementsOf(xml, list)[0];
    const items = el ? elementsOf(el.inner, child) : [];
    if (!el || items.length !== childCount(el.inner, child)) return out;
    items.forEach((e, i) => {
      const markup = el.inner.slice(e.start, e.end);
      if (!out.has(markup)) out.set(markup, i);
    });
    return out;
  };
  const fonts = elementsOf(xml, "fonts")[0];
  const first = fonts ? elementsOf(fonts.inner, "font")[0] : undefined;
  const val = (local: string) => (first ? elementsOf(first.inner, local)[0]?.attrs.get("val") ?? null : null);
  return {
    fonts: count("fonts", "font"),
    fills: count("fills", "fill"),
    borders: count("borders", "border"),
    cellXfs: count("cellXfs", "xf"),
    numFmts,
    usedFmtIds,
    baseFont: { size: val("sz") ?? "11", name: val("name") ?? "Calibri", family: val("family"), scheme: val("scheme") },
    existing: { fonts: existing("fonts", "font"), fills: existing("fills", "fill"), borders: existing("borders", "border"), cellXfs: existing("cellXfs", "xf") },
  };
}

/**
 * The names the marker sheet lists (column A, row 2 down). Its cells may be inline strings (this writer), shared
 * strings (exceljs, Excel itself when the add-in wrote it) or formula strings.
 */
async function markerNames(src: PartSource, part: string, rels: Rel[]): Promise<string[]> {
  const cells: { row: number; shared: boolean; text: string }[] = [];
  let cell: { row: number; type: string } | null = null;
  let inValue = false;
  let value = "";
  await parseXmlPart(src, part, (parser) => {
    parser.on("opentag", (t) => {
      const local = localName(t.name);
      if (local === "c") {
        const m = /^([A-Z]+)(\d+)$/.exec(String(t.attributes.r ?? ""));
        cell = m && m[1] === "A" ? { row: Number(m[2]), type: String(t.attributes.t ?? "n") } : null;
        value = "";
      } else if (cell && (local === "v" || local === "t")) inValue = true;
    });
    parser.on("text", (t) => {
      if (inValue) value += t;
    });
    parser.on("closetag", (t) => {
      const local = localName(t.name);
      if (local === "v" || local === "t") inValue = false;
      else if (local === "c" && cell) {
        if (cell.row >= 2) cells.push({ row: cell.row, shared: cell.type === "s", text: value });
        cell = null;
      }
    });
  });
  let shared: string[] = [];
  if (cells.some((c) => c.shared)) {
    const sst = rels.find((r) => r.type.endsWith("/sharedStrings"))?.part;
    if (sst && src.names.includes(sst)) shared = await sharedStrings(src, sst);
  }
  return cells
    .sort((x, y) => x.row - y.row)
    .map((c) => (c.shared ? shared[Number(c.text)] ?? "" : c.text))
    .filter((n) => n.trim() !== "");
}

export function localName(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? qname : qname.slice(i + 1);
}

/**
 * A text as a string of its own. A substring of 13 characters or more is, in V8, a view into the string it was
 * taken from: the text saxes hands over is one of the 16 KB chunks of the decompressed part, so one such cell kept
 * in the workbook would keep its whole chunk alive, and an inline-string column keeps every chunk of the sheet
 * (at 200,000 tickets, 413 MiB of heap after the read instead of 175), a shared string every chunk
 * of the table. Shorter ones are copies already; a longer one is copied (the result views its own copy).
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/**
 * The shared strings table's texts, rich runs joined, phonetic runs left out (§18.4.8). Read by the scanner
 * (scan.ts); a table it does not take, by saxes.
 */
export async function sharedStrings(src: PartSource, part: string): Promise<string[]> {
  if (readerPaths.scanner) {
    const scan = new SharedStringsScan();
    if (await scanPart(src, part, scan)) return scan.texts;
    readerPaths.onFallback?.(part, scan.why);
  }
  return parsedSharedStrings(src, part);
}

async function parsedSharedStrings(src: PartSource, part: string): Promise<string[]> {
  const out: string[] = [];
  let current: string | null = null;
  let inT = false;
  let skip = 0;
  await parseXmlPart(src, part, (parser) => {
    parser.on("opentag", (t) => {
      const local = localName(t.name);
      if (local === "si") current = "";
      else if (local === "rPh") skip++;
      else if (local === "t" && skip === 0) inT = true;
    });
    // A <t>'s text may come as CDATA as well (a producer's choice; Excel writes none): it is the same text.
    const onText = (t: string) => {
      if (inT && current !== null) current += t;
    };
    parser.on("text", onText);
    parser.on("cdata", onText);
    parser.on("closetag", (t) => {
      const local = localName(t.name);
      if (local === "t") inT = false;
      else if (local === "rPh") skip--;
      else if (local === "si") {
        out.push(ownString(current ?? ""));
        current = null;
      }
    });
  });
  return out;
}
