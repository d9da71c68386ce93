/**
 * A purpose-made reader for the two parts that hold a workbook's data: worksheets (ECMA-376 Part 1 §18.3.1.99
 * worksheet, §18.3.1.80 sheetData: <row>, <c r t s>, <v>, <f>, <is>) and the shared-string table (§18.4.9 sst,
 * <si> with <t>, rich runs <r> and phonetic runs <rPh>). It works on the inflated bytes, a batch at a time: tags
 * are found by byte loops, and only the text that becomes a value is decoded (references per XML 1.0 §4.1, line
 * ends per §2.11, attribute values per §3.3.3). A cell's reference, a row's number, a shared-string index and most
 * numbers are read from their bytes without a string being made.
 *
 * It takes the shapes that spreadsheet programs write (Excel, LibreOffice, exceljs, this tool's writer, Google
 * Sheets) and checks, as it goes, everything an XML parser would refuse in them: names, attributes (quoted,
 * separated, not repeated), references (the five predefined entities and character references to characters XML
 * allows), characters XML does not allow, `]]>` in text, end tags matching their start tags, one root element, UTF-8.
 * Anything else — a CDATA section, a comment or processing instruction, a DOCTYPE, a namespace prefix or an element
 * it does not expect where the data is, text where there should be none, a part that ends early, a single cell
 * larger than scanLimits.maxUnitBytes — it does not guess at: it gives up on the whole part (GAVE_UP, with `why`), and the
 * caller reads the part again with the general XML parser (saxes), so such a part is read, or refused with the
 * message, exactly as before. What it reads is pinned to what saxes reads by the tests (scan.test.ts).
 */
import { isUtf8 } from "buffer";
import type { PartSource } from "./package";

/**
 * Where a worksheet's cells go (read.ts SheetCells). The scanner makes the same calls, in the same order, as the
 * saxes reader's handlers; the fast ones (`rowAt`, `cellAt`, `put…`) are taken only where their meaning is that of
 * the general one with the text as written.
 */
export interface CellSink {
  /** A <row>, with its `r` as written (undefined when absent). */
  rowStart(r: string | undefined): void;
  /** A <row> whose `r` is 1 to 7 digits without a leading zero; false (nothing done) when it is past the grid. */
  rowAt(r: number): boolean;
  /** A <c>, with its `r` as written (undefined when absent). */
  cellStart(ref: string | undefined): void;
  /**
   * A <c> whose `r` is 1 to 3 capital letters and 1 to 7 digits without a leading zero (1-based column and row);
   * false (nothing done) when that is outside the grid.
   */
  cellAt(col: number, row: number): boolean;
  /** The end of the cell begun last: its value from its type, text and style as written (`twoValues`: a second <v>). */
  cellEnd(type: string, text: string, style: string | undefined, twoValues: boolean): void;
  /** The end of the cell begun last, with no value (an empty cell). */
  putEmpty(): void;
  /** The end of a number cell (type `n`) whose value is `n`, its style index `style` (0 when absent). */
  putNumber(n: number, style: number): void;
  /** The end of a shared-string cell pointing at item `index`; false (nothing done) when there is no such item. */
  putShared(index: number): boolean;
  /** The end of an inline-string or formula-string cell whose text is `text` (not empty; a string of its own). */
  putText(text: string): void;
  /** A <mergeCell>, with its `ref` as written ("" when absent). */
  mergeCell(ref: string): void;
}

/**
 * Which reader reads worksheets and the shared-string table. Tests read with saxes alone (`scanner: false`) to
 * compare, and see which parts the scanner gave up on, and why (`onFallback`).
 */
export const readerPaths: { scanner: boolean; onFallback: ((part: string, why: string) => void) | null } = { scanner: true, onFallback: null };

/** The scanner could not take the part: it is to be read by the general parser. */
export const GAVE_UP = -2;
const NEED = -1; // the batch ends inside the construct: more bytes are needed
const MISS = -3; // not the shape a fast path takes: the general way reads it

/**
 * How scanPart hands bytes over: a batch of about `batchBytes` at a time, and no construct (a cell, a shared-string
 * item, a tag, a run of text) larger than `maxUnitBytes` held whole — Excel writes at most 32,767 characters in a
 * cell; past that the part is read by the general parser, which streams any text. Tests make the batch a few bytes,
 * so that every construct is cut at every place.
 */
export const scanLimits = { batchBytes: 2 ** 20, maxUnitBytes: 16 * 2 ** 20 };

const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const BANG = 33;
const DQ = 34;
const HASH = 35;
const AMP = 38;
const SQ = 39;
const SL = 47;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQ = 61;
const GT = 62;
const QM = 63;
const RB = 93;

/** Name characters the scanner takes (XML 1.0 §2.3, ASCII only): 1 a name's first character, 2 any other. */
const NAME = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) NAME[c] = 1;
  else if (/[0-9.:-]/.test(ch)) NAME[c] = 2;
}

/** Character data: 0 ordinary, 1 white space, 2 CR, 3 `&`, 4 `<`, 5 `>`, 6 a control character XML does not allow. */
const TEXT = new Uint8Array(256);
for (let c = 0; c < 32; c++) TEXT[c] = 6;
TEXT[TAB] = 1;
TEXT[LF] = 1;
TEXT[SP] = 1;
TEXT[CR] = 2;
TEXT[AMP] = 3;
TEXT[LT] = 4;
TEXT[GT] = 5;

const isSpace = (c: number) => c === SP || c === LF || c === TAB || c === CR;

/** XML 1.0 §2.2 Char: what a character reference may name. */
function isXmlChar(c: number): boolean {
  return c >= 0x20 ? c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff) : c === TAB || c === LF || c === CR;
}

/** An XML declaration (§2.8) in the forms saxes takes, version 1.0 only (1.1 has other character rules). */
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.0"|'1\.0')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/;

/** U+FFFE and U+FFFF in UTF-8: valid UTF-8, but not characters XML allows (§2.2). */
const NOT_CHARS = [Buffer.from([0xef, 0xbf, 0xbe]), Buffer.from([0xef, 0xbf, 0xbf])];

const MAX_ATTRS = 64;

/** Why the scanner gives up on markup starting `<` + `c` where it takes only text. */
function markup(c: number, where: string): string {
  return `${c === BANG ? "a comment, CDATA section or DOCTYPE" : c === QM ? "a processing instruction" : "an element"} inside ${where}`;
}

/** What the general parts of a scanner share: the prolog, tags, attributes, text and references, and the driver's entry. */
abstract class XmlScan {
  /** Why the scanner gave up on the part; "" while it has not. */
  why = "";
  protected b: Buffer = Buffer.alloc(0);
  protected n = 0;
  protected last = false;
  private begun = false;
  /** The generic elements open (outside the parts read by shape), by name. */
  protected readonly open: string[] = [];
  protected rootClosed = false;

  // The tag read last (tag, endTag).
  protected nameStart = 0;
  protected nameEnd = 0;
  protected selfClosing = false;
  protected attrCount = 0;
  /** Per attribute: name start, name end, value start, value end. */
  protected readonly attr = new Int32Array(4 * MAX_ATTRS);
  /** Per attribute: 1 when its value is as written (no reference, no white space to normalise). */
  protected readonly attrPlain = new Uint8Array(MAX_ATTRS);
  // The text read last (text).
  protected textPlain = true;
  protected textSpace = true;
  // The reference read last (ref).
  protected refCode = 0;

  protected scratch = Buffer.allocUnsafe(1 << 16);

  /**
   * Reads what it can of `b[0, n)`, the part's bytes from where it stopped last (`last`: they are the part's end).
   * Returns how many bytes it is done with (the rest is handed back with the next batch), or GAVE_UP.
   */
  feed(b: Buffer, n: number, last: boolean): number {
    this.b = b;
    this.n = n;
    this.last = last;
    let i = 0;
    while (i < n) {
      const j = this.begun ? this.step(i) : this.prolog(i);
      if (j === GAVE_UP) return GAVE_UP;
      if (j === NEED) break;
      i = j;
    }
    if (!last) return i;
    if (i < n || !this.begun) return this.giveUp("the part ends inside markup (truncated)");
    if (!this.rootClosed) return this.giveUp("the part ends before its root element is closed");
    return n;
  }

  /** One construct from `i` (or, where the data is, as many as there are): the position after it, NEED or GAVE_UP. */
  protected abstract step(i: number): number;

  protected giveUp(why: string): number {
    if (this.why === "") this.why = why;
    return GAVE_UP;
  }

  /** Before the root element: a byte order mark, an XML declaration, white space. */
  private prolog(i: number): number {
    const { b, n } = this;
    let p = i;
    if (n < 3 && !this.last) return NEED;
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3;
    if (p + 1 < n && b[p] === LT && b[p + 1] === QM) {
      const m = XML_DECL.exec(b.toString("latin1", p, Math.min(n, p + 512)));
      if (m === null) return n - p < 512 && !this.last ? NEED : this.giveUp("an XML declaration it does not take (version 1.0 only), or a processing instruction");
      p += m[0].length;
    }
    while (p < n && isSpace(b[p])) p++;
    if (p >= n) return NEED;
    if (b[p] !== LT) return this.giveUp("text before the root element");
    this.begun = true;
    return p;
  }

  /**
   * The start tag at `i` (`<` then a name's first character): its name, attributes (checked: quoted, separated by
   * white space, each name once, references well-formed) and whether it closes itself. The position after `>`.
   */
  protected tag(i: number): number {
    const { b, n } = this;
    let p = i + 1;
    this.nameStart = p;
    while (p < n && NAME[b[p]] !== 0) p++;
    if (p >= n) return NEED;
    this.nameEnd = p;
    let count = 0;
    for (;;) {
      let c = b[p];
      if (c === GT) {
        this.selfClosing = false;
        this.attrCount = count;
        return p + 1;
      }
      if (c === SL) {
        if (p + 1 >= n) return NEED;
        if (b[p + 1] !== GT) return this.giveUp("a malformed tag");
        this.selfClosing = true;
        this.attrCount = count;
        return p + 2;
      }
      if (!isSpace(c)) return this.giveUp(c >= 0x80 ? "a name with characters other than ASCII" : "a malformed tag");
      do if (++p >= n) return NEED;
      while (isSpace(b[p]));
      c = b[p];
      if (c === GT || c === SL) continue;
      if (NAME[c] !== 1) return this.giveUp(c >= 0x80 ? "a name with characters other than ASCII" : "a malformed attribute");
      const ns = p;
      while (++p < n && NAME[b[p]] !== 0);
      if (p >= n) return NEED;
      const ne = p;
      while (isSpace(b[p])) if (++p >= n) return NEED;
      if (b[p] !== EQ) return this.giveUp("a malformed attribute");
      do if (++p >= n) return NEED;
      while (isSpace(b[p]));
      const q = b[p];
      if (q !== DQ && q !== SQ) return this.giveUp("an attribute value not in quotes");
      const vs = ++p;
      let plain = 1;
      for (;; p++) {
        if (p >= n) return NEED;
        c = b[p];
        if (c === q) break;
        const k = TEXT[c];
        if (k === 0 || k === 5) continue;
        if (k === 1 || k === 2) {
          if (c !== SP) plain = 0;
        } else if (k === 3) {
          const j = this.ref(p);
          if (j < 0) return j;
          p = j - 1;
          plain = 0;
        } else return this.giveUp(k === 4 ? "a `<` in an attribute value" : "a control character XML does not allow");
      }
      if (count === MAX_ATTRS) return this.giveUp("more attributes on one element than it takes");
      const len = ne - ns;
      for (let k = 0; k < count; k++) {
        const s = this.attr[4 * k];
        if (this.attr[4 * k + 1] - s !== len) continue;
        let x = 0;
        while (x < len && b[s + x] === b[ns + x]) x++;
        if (x === len) return this.giveUp("an attribute given twice");
      }
      this.attr[4 * count] = ns;
      this.attr[4 * count + 1] = ne;
      this.attr[4 * count + 2] = vs;
      this.attr[4 * count + 3] = p;
      this.attrPlain[count] = plain;
      count++;
      if (++p >= n) return NEED;
    }
  }

  /** The end tag at `i` (`</`): its name (nameStart, nameEnd); the position after `>`. */
  protected endTag(i: number): number {
    const { b, n } = this;
    let p = i + 2;
    if (p >= n) return NEED;
    if (NAME[b[p]] !== 1) return this.giveUp("a malformed end tag");
    this.nameStart = p;
    while (++p < n && NAME[b[p]] !== 0);
    if (p >= n) return NEED;
    this.nameEnd = p;
    while (isSpace(b[p])) if (++p >= n) return NEED;
    if (b[p] !== GT) return this.giveUp("a malformed end tag");
    return p + 1;
  }

  /** Whether the name read last is `name` (ASCII), as written. */
  protected nameIs(name: string): boolean {
    const s = this.nameStart;
    if (this.nameEnd - s !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (this.b[s + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /** The local part of the name read last (after its prefix), compared with `name`. */
  /** Where the local name of the tag read last starts: after its prefix and colon, if it has one. */
  protected localStart(): number {
    const { b } = this;
    for (let p = this.nameStart; p < this.nameEnd; p++) if (b[p] === COLON) return p + 1;
    return this.nameStart;
  }

  protected localIs(name: string): boolean {
    const { b } = this;
    const s = this.localStart();
    if (this.nameEnd - s !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (b[s + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /** Whether the bytes from `s` are `text` (ASCII). */
  protected bytesAre(s: number, text: string): boolean {
    for (let k = 0; k < text.length; k++) if (this.b[s + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  /** The index of the attribute named `name` (ASCII, as written) on the tag read last, or -1. */
  protected attrNamed(name: string): number {
    const { b } = this;
    for (let k = 0; k < this.attrCount; k++) {
      const s = this.attr[4 * k];
      if (this.attr[4 * k + 1] - s !== name.length) continue;
      let same = true;
      for (let x = 0; x < name.length && same; x++) same = b[s + x] === name.charCodeAt(x);
      if (same) return k;
    }
    return -1;
  }

  /** An attribute's value as the parser gives it (references replaced, white space normalised, §3.3.3). */
  protected attrValue(k: number): string {
    return this.value(this.attr[4 * k + 2], this.attr[4 * k + 3], this.attrPlain[k] === 1);
  }

  /** The attribute value written at `b[s, e)` (`plain`: as written) as the parser gives it. */
  protected value(s: number, e: number, plain: boolean): string {
    if (plain) return this.b.toString("utf8", s, e);
    this.room(e - s);
    return this.scratch.toString("utf8", 0, this.decode(s, e, 0, true));
  }

  /**
   * Character data from `i` to the next `<`, checked: references well-formed and to allowed characters, no control
   * character XML does not allow, no `]]>` (§2.4). Sets textPlain (no reference, no CR: the bytes are the text) and
   * textSpace (white space only). The position of the `<`.
   */
  protected text(i: number): number {
    const { b, n } = this;
    let plain = true;
    let space = true;
    let p = i;
    for (; p < n; p++) {
      const k = TEXT[b[p]];
      if (k === 0) {
        space = false;
        continue;
      }
      if (k === 1) continue;
      if (k === 4) break;
      if (k === 3) {
        const j = this.ref(p);
        if (j < 0) return j;
        p = j - 1;
        plain = false;
        space = false;
      } else if (k === 2) plain = false;
      else if (k === 5) {
        if (p - i >= 2 && b[p - 1] === RB && b[p - 2] === RB) return this.giveUp("`]]>` in text");
        space = false;
      } else return this.giveUp("a control character XML does not allow");
    }
    if (p >= n) return NEED;
    this.textPlain = plain;
    this.textSpace = space;
    return p;
  }

  /** The reference at `p` (`&`): one of the five predefined entities or a character reference; refCode, the position after `;`. */
  protected ref(p: number): number {
    const { b, n } = this;
    let q = p + 1;
    if (q >= n) return NEED;
    if (b[q] === HASH) {
      q++;
      if (q >= n) return NEED;
      const hex = b[q] === 0x78; // x (saxes takes no X)
      if (hex) q++;
      let v = 0;
      let digits = 0;
      for (;; q++) {
        if (q >= n) return NEED;
        const c = b[q];
        let d = c >= 48 && c <= 57 ? c - 48 : -1;
        if (hex && d < 0) d = c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
        if (d < 0) break;
        v = v * (hex ? 16 : 10) + d;
        if (++digits > 8) return this.giveUp("a character reference of more than 8 digits");
      }
      if (digits === 0 || b[q] !== SEMI) return this.giveUp("a malformed character reference");
      if (!isXmlChar(v)) return this.giveUp("a character reference to a character XML does not allow");
      this.refCode = v;
      return q + 1;
    }
    let name = 0;
    for (let k = 0; ; k++, q++) {
      if (q >= n) return NEED;
      const c = b[q];
      if (c === SEMI) break;
      if (k === 4 || c < 97 || c > 122) return this.giveUp("an entity reference other than the five XML predefines");
      name = name * 32 + (c - 96);
    }
    // amp, lt, gt, quot, apos as base-32 letters.
    const code = name === 1 * 1024 + 13 * 32 + 16 ? AMP : name === 12 * 32 + 20 ? LT : name === 7 * 32 + 20 ? GT : name === ((17 * 32 + 21) * 32 + 15) * 32 + 20 ? DQ : name === ((1 * 32 + 16) * 32 + 15) * 32 + 19 ? SQ : -1;
    if (code < 0) return this.giveUp("an entity reference other than the five XML predefines");
    this.refCode = code;
    return q + 1;
  }

  /** At least `bytes` of scratch space. */
  protected room(bytes: number): void {
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafe(Math.max(bytes, 2 * this.scratch.length));
  }

  /**
   * Text already checked (text or tag) decoded into scratch from `at`: references replaced, CR LF and CR as LF
   * (§2.11); in an attribute value, also tab, LF and CR LF as one space each (§3.3.3). The end in scratch.
   */
  protected decode(s: number, e: number, at: number, attribute: boolean): number {
    const { b } = this;
    const out = this.scratch;
    let o = at;
    for (let p = s; p < e; p++) {
      const c = b[p];
      if (c === AMP) {
        p = this.ref(p) - 1;
        const v = this.refCode;
        if (v < 0x80) out[o++] = v;
        else if (v < 0x800) {
          out[o++] = 0xc0 | (v >> 6);
          out[o++] = 0x80 | (v & 63);
        } else if (v < 0x10000) {
          out[o++] = 0xe0 | (v >> 12);
          out[o++] = 0x80 | ((v >> 6) & 63);
          out[o++] = 0x80 | (v & 63);
        } else {
          out[o++] = 0xf0 | (v >> 18);
          out[o++] = 0x80 | ((v >> 12) & 63);
          out[o++] = 0x80 | ((v >> 6) & 63);
          out[o++] = 0x80 | (v & 63);
        }
      } else if (c === CR) {
        if (p + 1 < e && b[p + 1] === LF) p++;
        out[o++] = attribute ? SP : LF;
      } else out[o++] = attribute && (c === TAB || c === LF) ? SP : c;
    }
    return o;
  }

  /**
   * Everything else: a generic element's start or end tag, or text between tags (white space only outside the root
   * element). `special(local)` says what to do with an element by its name: 0 nothing, 1 give up, 2 the subclass's
   * own (`openSpecial`).
   */
  protected generic(i: number): number {
    const { b, n } = this;
    if (b[i] !== LT) {
      const j = this.text(i);
      if (j < 0) return j === NEED && this.open.length === 0 ? this.trailing(i) : j;
      if (this.open.length === 0 && !this.textSpace) return this.giveUp("text outside the root element");
      return j;
    }
    if (i + 1 >= n) return NEED;
    const c = b[i + 1];
    if (c === SL) {
      const j = this.endTag(i);
      if (j < 0) return j;
      const top = this.open.length === 0 ? "" : this.open[this.open.length - 1];
      if (!this.nameIs(top)) return this.giveUp("an end tag that does not match its start tag");
      this.open.pop();
      if (this.open.length === 0) this.rootClosed = true;
      return j;
    }
    if (NAME[c] !== 1) return this.giveUp(c === BANG ? "a comment, CDATA section or DOCTYPE" : c === QM ? "a processing instruction" : "a malformed tag");
    if (this.rootClosed) return this.giveUp("a second root element");
    const j = this.tag(i);
    if (j < 0) return j;
    const what = this.special();
    if (what === 1) return this.giveUp(`an element <${this.b.toString("latin1", this.nameStart, this.nameEnd)}> where it does not expect one`);
    if (what === 2) return this.openSpecial(j);
    if (!this.selfClosing) this.open.push(this.b.toString("latin1", this.nameStart, this.nameEnd));
    else if (this.open.length === 0) this.rootClosed = true;
    return j;
  }

  /** White space at the end of a batch outside the root element: taken as far as it goes. */
  private trailing(i: number): number {
    let p = i;
    while (p < this.n && isSpace(this.b[p])) p++;
    if (p < this.n) return this.giveUp("text outside the root element");
    return p > i ? p : NEED;
  }

  /** What the generic element just read is to the subclass (see generic). */
  protected abstract special(): number;

  /** The subclass's own element whose start tag was just read (ending at `j`). */
  protected abstract openSpecial(j: number): number;

  /**
   * A whole element at `i` whose names are all ordinary (rPr and its runs' properties, phoneticPr, <f>'s text…),
   * checked as generic ones are; its text is not kept. The position after it.
   */
  protected skipElement(i: number): number {
    const { b, n } = this;
    const names: number[] = [];
    let p = i;
    for (;;) {
      if (p >= n) return NEED;
      if (b[p] !== LT) {
        const j = this.text(p);
        if (j < 0) return j;
        p = j;
        continue;
      }
      if (p + 1 >= n) return NEED;
      const c = b[p + 1];
      if (c === SL) {
        const j = this.endTag(p);
        if (j < 0) return j;
        const s = names[names.length - 2];
        const e = names[names.length - 1];
        if (e - s !== this.nameEnd - this.nameStart || b.compare(b, s, e, this.nameStart, this.nameEnd) !== 0) return this.giveUp("an end tag that does not match its start tag");
        names.length -= 2;
        p = j;
        if (names.length === 0) return p;
        continue;
      }
      if (NAME[c] !== 1) return this.giveUp(c === BANG ? "a comment, CDATA section or DOCTYPE" : c === QM ? "a processing instruction" : "a malformed tag");
      const j = this.tag(p);
      if (j < 0) return j;
      if (this.special() !== 0) return this.giveUp(`an element <${b.toString("latin1", this.nameStart, this.nameEnd)}> where it does not expect one`);
      p = j;
      if (!this.selfClosing) names.push(this.nameStart, this.nameEnd);
      if (names.length === 0) return p;
    }
  }

  /** A piece of text to keep (start, end, plain: no reference to resolve): the cell's, or the shared item's. */
  protected abstract piece(s: number, e: number, plain: boolean): void;

  /**
   * The text of an element whose start tag ended at `p` (a <v>, a <t>, an <f>), up to its end tag `</name>`; kept as
   * a piece unless `keep` is false. `label` names the element when giving up. The position after the end tag.
   */
  protected textOf(p: number, name: string, keep = true, label = `<${name}>`): number {
    const { b, n } = this;
    let e = p;
    let plain = true;
    if (p < n && b[p] !== LT) {
      e = this.text(p);
      if (e < 0) return e;
      plain = this.textPlain;
    }
    if (e + 1 >= n) return NEED;
    if (b[e + 1] !== SL) return this.giveUp(markup(b[e + 1], label));
    const j = this.endTag(e);
    if (j < 0) return j;
    if (!this.nameIs(name)) return this.giveUp("an end tag that does not match its start tag");
    if (keep && e > p) this.piece(p, e, plain);
    return j;
  }

  /**
   * Rich-text content, after the start tag `<outer>` that ended at `start` — an inline string's <is> (§18.3.1.53)
   * or a shared item's <si> (§18.4.8): plain <t>, rich runs <r> (<rPr>, <t>); phonetic runs <rPh> and <phoneticPr>
   * are read and left out. Each <t>'s text is a piece unless `keep` is false. `what` and `within` name the content
   * and its container when giving up. The position after `</outer>`.
   */
  protected richText(start: number, outer: "is" | "si", keep: boolean, what: string, within: string): number {
    const { b, n } = this;
    let p = start;
    let depth = 0; // 1 inside <r>, 2 inside <rPh>
    for (;;) {
      if (p >= n) return NEED;
      if (b[p] !== LT) {
        const j = this.text(p);
        if (j < 0) return j;
        if (!this.textSpace) return this.giveUp(`text inside ${what} outside its <t>`);
        p = j;
        continue;
      }
      if (p + 1 >= n) return NEED;
      if (b[p + 1] === SL) {
        const j = this.endTag(p);
        if (j < 0) return j;
        if (!this.nameIs(depth === 0 ? outer : depth === 1 ? "r" : "rPh")) return this.giveUp("an end tag that does not match its start tag");
        p = j;
        if (depth === 0) return p;
        depth = 0;
        continue;
      }
      if (NAME[b[p + 1]] !== 1) return this.giveUp(b[p + 1] === BANG ? `a comment, CDATA section or DOCTYPE inside ${within}` : b[p + 1] === QM ? `a processing instruction inside ${within}` : "a malformed tag");
      const j = this.tag(p);
      if (j < 0) return j;
      if (this.nameIs("t")) {
        p = this.selfClosing ? j : this.textOf(j, "t", keep && depth !== 2, outer === "si" ? "a shared string's <t>" : "<t>");
        if (p < 0) return p;
      } else if (depth === 0 && (this.nameIs("r") || this.nameIs("rPh"))) {
        depth = this.nameIs("r") ? 1 : 2;
        p = j;
        if (this.selfClosing) depth = 0;
      } else if ((depth === 1 && this.nameIs("rPr")) || (depth === 0 && this.nameIs("phoneticPr"))) {
        p = this.selfClosing ? j : this.skipElement(p);
        if (p < 0) return p;
      } else return this.giveUp(`an element <${b.toString("latin1", this.nameStart, this.nameEnd)}> inside ${what}`);
    }
  }
}

/** Type codes of a cell's `t` (§18.18.11 ST_CellType) the scanner reads itself; others go the general way. */
const T_N = 0;
const T_S = 1;
const T_INLINE = 2;
const T_STR = 3;
const T_OTHER = 4;

/**
 * A worksheet part into a CellSink. Inside <sheetData> it takes rows of cells; elsewhere any well-formed element
 * (the sheet's views, columns, merged cells, page setup, extensions…), of which only <mergeCell> is read.
 */
export class SheetScan extends XmlScan {
  /** 0 outside <sheetData>, 1 inside it, 2 inside a <row>. */
  private mode = 0;
  /** The current cell's `r`, `s` and `t`: value start, end, plain (1) or not (0); start -1 when absent. */
  private readonly own = new Int32Array(9);
  /** Text pieces of the current cell: start, end, plain (1) or not (0). */
  private pieces = new Int32Array(3 * 8);
  private pieceCount = 0;

  constructor(private readonly sink: CellSink) {
    super();
  }

  protected step(i: number): number {
    return this.mode === 0 ? this.generic(i) : this.rows(i);
  }

  /** Local names the handlers act on (read.ts), wherever they are: read here only in their places. */
  protected special(): number {
    const { b } = this;
    const s = this.localStart();
    const e = this.nameEnd;
    switch (e - s) {
      case 1:
        return b[s] === 0x63 || b[s] === 0x76 || b[s] === 0x74 ? 1 : 0; // c, v, t
      case 3:
        return this.localIs("row") || this.localIs("rPh") ? 1 : 0;
      case 9:
        return this.localIs("sheetData") ? (s === this.nameStart ? 2 : 1) : this.localIs("mergeCell") ? 2 : 0;
      default:
        return 0;
    }
  }

  protected openSpecial(j: number): number {
    if (this.localIs("mergeCell")) {
      const k = this.attrNamed("ref");
      this.sink.mergeCell(k < 0 ? "" : this.attrValue(k));
      if (!this.selfClosing) this.open.push(this.b.toString("latin1", this.nameStart, this.nameEnd));
      return j;
    }
    // <sheetData>
    if (this.open.length === 0) return this.giveUp("<sheetData> as the root element");
    if (!this.selfClosing) this.mode = 1;
    return j;
  }

  /** Inside <sheetData>: rows and their cells, as many as the batch holds whole. */
  private rows(start: number): number {
    const { b, n } = this;
    let i = start;
    for (;;) {
      if (i >= n) return i;
      let c = b[i];
      if (c !== LT) {
        // White space between rows and cells (a producer's indentation); nothing else.
        while (isSpace(c)) {
          if (++i >= n) return i;
          c = b[i];
        }
        if (c !== LT) return this.giveUp("text inside <sheetData>");
      }
      if (i + 2 >= n) return i > start ? i : NEED;
      c = b[i + 1];
      const c2 = b[i + 2];
      const after = c2 === GT || c2 === SL || isSpace(c2);
      let j: number;
      if (this.mode === 2 && c === 0x63 && after) j = this.cell(i); // <c
      else if (c === SL) j = this.closeIn(i);
      else if (this.mode === 1 && c === 0x72) j = this.row(i); // <r…
      else return this.giveUp(c === BANG ? "a comment, CDATA section or DOCTYPE inside <sheetData>" : c === QM ? "a processing instruction inside <sheetData>" : "an element inside <sheetData> other than rows of cells");
      if (j === NEED) return i > start ? i : NEED;
      if (j < 0) return j;
      i = j;
      if (this.mode === 0) return i;
    }
  }

  /** `</row>` or `</sheetData>`. */
  private closeIn(i: number): number {
    const j = this.endTag(i);
    if (j < 0) return j;
    if (this.mode === 2 ? !this.nameIs("row") : !this.nameIs("sheetData")) return this.giveUp("an end tag that does not match its start tag");
    this.mode--;
    return j;
  }

  private row(i: number): number {
    const j = this.tag(i);
    if (j < 0) return j;
    if (!this.nameIs("row")) return this.giveUp("an element inside <sheetData> other than rows of cells");
    const k = this.attrNamed("r");
    if (k < 0) this.sink.rowStart(undefined);
    else {
      const r = this.attrPlain[k] === 1 ? this.digits(this.attr[4 * k + 2], this.attr[4 * k + 3], 7) : -1;
      if (r <= 0 || !this.sink.rowAt(r)) this.sink.rowStart(this.attrValue(k));
    }
    if (!this.selfClosing) this.mode = 2;
    return j;
  }

  /** The number 1 to 10^max − 1 that `b[s, e)` writes in decimal digits without a leading zero; -1 when it is not one. */
  private digits(s: number, e: number, max: number): number {
    const { b } = this;
    if (e - s < 1 || e - s > max || b[s] === 48) return -1;
    let v = 0;
    for (let p = s; p < e; p++) {
      const d = b[p] - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /** A text piece of the current cell (the bytes of a <v>, or of a <t> of an inline string). */
  protected piece(s: number, e: number, plain: boolean): void {
    if (3 * this.pieceCount === this.pieces.length) {
      const more = new Int32Array(2 * this.pieces.length);
      more.set(this.pieces);
      this.pieces = more;
    }
    const at = 3 * this.pieceCount++;
    this.pieces[at] = s;
    this.pieces[at + 1] = e;
    this.pieces[at + 2] = plain ? 1 : 0;
  }

  /** The current cell's text as the parser gives it: its pieces run together. */
  private cellText(): string {
    const p = this.pieces;
    if (this.pieceCount === 1 && p[2] === 1) return this.b.toString("utf8", p[0], p[1]);
    let bytes = 0;
    for (let k = 0; k < this.pieceCount; k++) bytes += p[3 * k + 1] - p[3 * k];
    this.room(bytes);
    let o = 0;
    for (let k = 0; k < this.pieceCount; k++) o = this.decode(p[3 * k], p[3 * k + 1], o, false);
    return this.scratch.toString("utf8", 0, o);
  }

  /**
   * One <c> element, whole: read first, then handed to the sink (so a cell cut by the batch's end is read again
   * from its start with the next batch). The position after it.
   */
  private cell(i: number): number {
    const { b, n } = this;
    const own = this.own;
    let p = this.cellTag(i);
    if (p === MISS) {
      p = this.tag(i);
      if (p < 0) return p;
      // The content's tags are read over the same attribute list: keep this tag's own.
      own[0] = own[3] = own[6] = -1;
      for (let k = 0; k < this.attrCount; k++) {
        const s = this.attr[4 * k];
        if (this.attr[4 * k + 1] - s !== 1) continue;
        const at = b[s] === 0x72 ? 0 : b[s] === 0x73 ? 3 : b[s] === 0x74 ? 6 : -1; // r, s, t
        if (at < 0) continue;
        own[at] = this.attr[4 * k + 2];
        own[at + 1] = this.attr[4 * k + 3];
        own[at + 2] = this.attrPlain[k];
      }
    } else if (p < 0) return p;
    let code = T_N;
    let typeText = "n";
    if (own[6] >= 0) {
      const s = own[6];
      const len = own[7] - s;
      const plain = own[8] === 1;
      if (plain && len === 1 && b[s] === 0x73) {
        code = T_S;
        typeText = "s";
      } else if (plain && len === 9 && this.bytesAre(s, "inlineStr")) {
        code = T_INLINE;
        typeText = "inlineStr";
      } else if (plain && len === 1 && b[s] === 0x6e) {
        code = T_N;
        typeText = "n";
      } else if (plain && len === 3 && this.bytesAre(s, "str")) {
        code = T_STR;
        typeText = "str";
      } else {
        typeText = this.value(s, own[7], plain);
        code = typeText === "s" ? T_S : typeText === "n" ? T_N : typeText === "inlineStr" ? T_INLINE : typeText === "str" ? T_STR : T_OTHER;
      }
    }
    this.pieceCount = 0;
    if (!this.selfClosing) {
      const q = this.shaped(p, code === T_INLINE);
      if (q !== NEED) {
        if (q < 0) return q;
        this.commit(typeText, code, false);
        return q;
      }
      this.pieceCount = 0;
    }
    let bytes = 0; // the text so far (as written: empty exactly when the parser's text is)
    let twoValues = false;
    if (!this.selfClosing) {
      for (;;) {
        if (p >= n) return NEED;
        if (b[p] !== LT) {
          const j = this.text(p);
          if (j < 0) return j;
          if (!this.textSpace) return this.giveUp("text inside a cell outside its value");
          p = j;
          continue;
        }
        if (p + 1 >= n) return NEED;
        if (b[p + 1] === SL) {
          const j = this.endTag(p);
          if (j < 0) return j;
          if (!this.nameIs("c")) return this.giveUp("an end tag that does not match its start tag");
          p = j;
          break;
        }
        if (NAME[b[p + 1]] !== 1) return this.giveUp(b[p + 1] === BANG ? "a comment, CDATA section or DOCTYPE inside a cell" : b[p + 1] === QM ? "a processing instruction inside a cell" : "a malformed tag");
        const j = this.tag(p);
        if (j < 0) return j;
        if (this.nameIs("v")) {
          // A cell has one value (§18.3.1.96): a second <v> after text is reported as such (read.ts).
          if (bytes > 0) twoValues = true;
          p = j;
          if (this.selfClosing) continue;
          const before = this.pieceCount;
          p = this.textOf(j, "v");
          if (p < 0) return p;
          if (this.pieceCount > before) bytes += this.pieces[3 * before + 1] - this.pieces[3 * before];
        } else if (this.nameIs("f")) {
          p = this.selfClosing ? j : this.textOf(j, "f", false);
          if (p < 0) return p;
        } else if (this.nameIs("is")) {
          p = this.selfClosing ? j : this.richText(j, "is", code === T_INLINE, "an inline string", "a cell");
          if (p < 0) return p;
          bytes = 0;
          for (let k = 0; k < this.pieceCount; k++) bytes += this.pieces[3 * k + 1] - this.pieces[3 * k];
        } else return this.giveUp(`an element <${b.toString("latin1", this.nameStart, this.nameEnd)}> inside a cell`);
      }
    }
    this.commit(typeText, code, twoValues);
    return p;
  }

  /**
   * A cell's start tag in the shape producers write — `<c` then any of r, s and t, once each, each ` x="…"` with a
   * value of letters and digits, then `>` or `/>` — read into `own`; the position after it. MISS for any other
   * shape (another attribute, other quotes or spacing, a reference in a value: the general tag reads it), NEED.
   */
  private cellTag(i: number): number {
    const { b, n, own } = this;
    own[0] = own[3] = own[6] = -1;
    let p = i + 2;
    for (;;) {
      if (p + 1 >= n) return NEED;
      let c = b[p];
      if (c === GT) {
        this.selfClosing = false;
        return p + 1;
      }
      if (c === SL) {
        if (b[p + 1] !== GT) return MISS;
        this.selfClosing = true;
        return p + 2;
      }
      if (c !== SP) return MISS;
      if (p + 4 >= n) return NEED;
      const name = b[p + 1];
      const at = name === 0x72 ? 0 : name === 0x73 ? 3 : name === 0x74 ? 6 : -1; // r, s, t
      if (at < 0 || own[at] >= 0 || b[p + 2] !== EQ || b[p + 3] !== DQ) return MISS;
      const s = p + 4;
      let q = s;
      for (; q < n; q++) {
        c = b[q];
        if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
      }
      if (q >= n) return NEED;
      if (c !== DQ) return MISS;
      own[at] = s;
      own[at + 1] = q;
      own[at + 2] = 1;
      p = q + 1;
    }
  }

  /**
   * A cell's content in one of the two shapes every producer writes — `<v>…</v></c>` and `<is><t>…</t></is></c>` —
   * matched byte for byte; the position after `</c>`, or NEED for any other content (or one cut by the batch's end),
   * which the general loop then reads.
   */
  private shaped(p: number, inline: boolean): number {
    const { b, n } = this;
    let s: number;
    let tail: string;
    if (p + 3 <= n && b[p] === LT && b[p + 1] === 0x76 && b[p + 2] === GT) {
      s = p + 3;
      tail = "</v></c>";
    } else if (inline && p + 7 <= n && b[p] === LT && this.bytesAre(p + 1, "is><t>")) {
      s = p + 7;
      tail = "</t></is></c>";
    } else return NEED;
    let e = s;
    let plain = true;
    if (s < n && b[s] !== LT) {
      e = this.text(s);
      if (e < 0) return e === GAVE_UP ? e : NEED;
      plain = this.textPlain;
    }
    if (e + tail.length > n || !this.bytesAre(e, tail)) return NEED;
    if (e > s) this.piece(s, e, plain);
    return e + tail.length;
  }

  /** The cell just read, to the sink: its start (reference), then its end (value). */
  private commit(typeText: string, code: number, twoValues: boolean): void {
    const { b, sink, own } = this;
    if (own[0] < 0) sink.cellStart(undefined);
    else if (own[2] !== 1 || !this.cellAt(own[0], own[1])) sink.cellStart(this.value(own[0], own[1], own[2] === 1));
    const p = this.pieces;
    const count = this.pieceCount;
    if (count === 0) {
      // No text: no value (a cell with a style only, or a formula never calculated), whatever its type; and no
      // second value either (that needs text before it).
      sink.putEmpty();
      return;
    }
    if (!twoValues && code !== T_OTHER) {
      if (code === T_S) {
        if (count === 1 && p[2] === 1) {
          const index = p[1] - p[0] === 1 && b[p[0]] === 48 ? 0 : this.digits(p[0], p[1], 9);
          if (index >= 0 && sink.putShared(index)) return;
        }
      } else if (code === T_N) {
        const style = own[3] < 0 ? 0 : own[5] === 1 ? this.styleIndex(own[3], own[4]) : -1;
        if (style >= 0 && count === 1 && p[2] === 1) {
          let v = this.number(p[0], p[1]);
          // More digits, or an exponent: Number() on the text, which is then ASCII (a decimal form).
          if (v !== v && this.decimal(p[0], p[1])) v = Number(b.toString("latin1", p[0], p[1]));
          if (v - v === 0) {
            sink.putNumber(v, style);
            return;
          }
        }
      } else {
        sink.putText(this.cellText());
        return;
      }
    }
    sink.cellEnd(typeText, this.cellText(), own[3] < 0 ? undefined : this.value(own[3], own[4], own[5] === 1), twoValues);
  }

  /**
   * Whether `b[s, e)` is a number in xsd:double's decimal form (XML Schema Part 2 §3.2.5.1) without white space:
   * `[+-]?(digits(.digits?)?|.digits)([eE][+-]?digits)?`, at most 40 characters. Number() reads such a text as
   * the value cellValue gives it (which also takes white space around it: the general way reads those).
   */
  private decimal(s: number, e: number): boolean {
    const { b } = this;
    if (e - s > 40) return false;
    let p = s;
    if (b[p] === 43 || b[p] === 45) p++;
    let digits = 0;
    while (p < e && b[p] >= 48 && b[p] <= 57) p++, digits++;
    if (p < e && b[p] === 46) {
      p++;
      while (p < e && b[p] >= 48 && b[p] <= 57) p++, digits++;
    }
    if (digits === 0) return false;
    if (p < e && (b[p] === 101 || b[p] === 69)) {
      p++;
      if (p < e && (b[p] === 43 || b[p] === 45)) p++;
      const at = p;
      while (p < e && b[p] >= 48 && b[p] <= 57) p++;
      if (p === at) return false;
    }
    return p === e;
  }

  /** A plain cell reference (1–3 capital letters, 1–7 digits without a leading zero) to the sink's cellAt. */
  private cellAt(s: number, e: number): boolean {
    const { b } = this;
    let p = s;
    let col = 0;
    for (; p < e && p < s + 4; p++) {
      const c = b[p];
      if (c < 65 || c > 90) break;
      col = col * 26 + (c - 64);
    }
    if (p === s || p - s > 3) return false;
    const row = this.digits(p, e, 7);
    return row > 0 && this.sink.cellAt(col, row);
  }

  /** A style index (`s`, an xsd:unsignedInt) of 1 to 9 digits without a leading zero, or "0"; -1 otherwise. */
  private styleIndex(s: number, e: number): number {
    if (e - s === 1 && this.b[s] === 48) return 0;
    return this.digits(s, e, 9);
  }

  /**
   * A number written `-?digits(.digits)?` with at most 15 digits in all: exact as an integer, and divided once by
   * an exact power of ten, correctly rounded — the double Number() reads from the same text. NaN for any other text
   * (an exponent, more digits, white space…): the general way reads those.
   */
  private number(s: number, e: number): number {
    const { b } = this;
    let p = s;
    const negative = b[p] === 45;
    if (negative) p++;
    let m = 0;
    let digits = 0;
    let scale = 1;
    let point = false;
    for (; p < e; p++) {
      const c = b[p];
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
        if (point) scale *= 10;
      } else if (c === 46 && !point && digits > 0 && p + 1 < e) point = true;
      else return NaN;
    }
    if (digits === 0 || digits > 15) return NaN;
    const v = point ? m / scale : m;
    return negative ? -v : v;
  }
}

/**
 * A shared-string table part: its items' texts (§18.4.8: rich runs joined, phonetic runs left out), in order. Each
 * <si> is read whole; anything else is any well-formed element, none of which is read.
 */
export class SharedStringsScan extends XmlScan {
  readonly texts: string[] = [];
  /** How many items the table holds. */
  count = 0;
  private pieces: number[] = [];

  /** `keepTexts` false: only count the items (their texts checked, not made). */
  constructor(private readonly keepTexts = true) {
    super();
  }

  protected step(i: number): number {
    return this.generic(i);
  }

  protected special(): number {
    const { b } = this;
    const s = this.localStart();
    const e = this.nameEnd;
    if (e - s === 1) return b[s] === 0x74 ? 1 : 0; // t
    if (e - s === 2) return this.localIs("si") ? (s === this.nameStart ? 2 : 1) : 0;
    if (e - s === 3) return this.localIs("rPh") ? 1 : 0;
    return 0;
  }

  protected piece(s: number, e: number, plain: boolean): void {
    this.pieces.push(s, e, plain ? 1 : 0);
  }

  /** One <si>, whole: its text pieces, then the text. */
  protected openSpecial(j: number): number {
    if (this.open.length === 0) return this.giveUp("<si> as the root element");
    if (this.selfClosing) {
      this.count++;
      if (this.keepTexts) this.texts.push("");
      return j;
    }
    const pieces = this.pieces;
    pieces.length = 0;
    const p = this.richText(j, "si", true, "a shared string", "a shared string");
    if (p < 0) return p;
    const { b } = this;
    this.count++;
    if (!this.keepTexts) return p;
    if (pieces.length === 0) this.texts.push("");
    else if (pieces.length === 3 && pieces[2] === 1) this.texts.push(b.toString("utf8", pieces[0], pieces[1]));
    else {
      let bytes = 0;
      for (let k = 0; k < pieces.length; k += 3) bytes += pieces[k + 1] - pieces[k];
      this.room(bytes);
      let o = 0;
      for (let k = 0; k < pieces.length; k += 3) o = this.decode(pieces[k], pieces[k + 1], o, false);
      this.texts.push(this.scratch.toString("utf8", 0, o));
    }
    return p;
  }
}

/**
 * Streams a part through a scanner, a batch of about scanLimits.batchBytes at a time, in one buffer that the unfinished rest
 * of each batch is moved to the front of. True when the scanner read it all; false when it gave up (its `why` says
 * why) — also when the part cannot be inflated, has more or fewer bytes than the zip's directory says, is not UTF-8,
 * or holds a character XML does not allow, so that the general parser meets the same fault and words it as it
 * always has.
 */
export async function scanPart(src: PartSource, part: string, scan: { feed(b: Buffer, n: number, last: boolean): number; why: string }): Promise<boolean> {
  const fail = (why: string): boolean => {
    if (scan.why === "") scan.why = why;
    return false;
  };
  const { batchBytes, maxUnitBytes } = scanLimits;
  let batch = Buffer.allocUnsafe(2 * batchBytes);
  let filled = 0;
  let total = 0;
  const run = (last: boolean): boolean => {
    const b = batch.subarray(0, filled);
    const n = completeUtf8Length(b);
    if (last && n !== filled) return fail("the part is not UTF-8 text");
    if (!isUtf8(b.subarray(0, n))) return fail("the part is not UTF-8 text");
    if (b.indexOf(NOT_CHARS[0]) >= 0 || b.indexOf(NOT_CHARS[1]) >= 0) return fail("U+FFFE or U+FFFF, which XML does not allow");
    const done = scan.feed(b, n, last);
    if (done < 0) return false;
    if (filled - done > maxUnitBytes) return fail(`a construct larger than ${(maxUnitBytes / 2 ** 20).toLocaleString("en")} MiB`);
    batch.copyWithin(0, done, filled);
    filled -= done;
    return true;
  };
  try {
    const stream = await (src.inflated?.(part) ?? src.stream(part));
    for await (const chunk of stream) {
      const c = chunk as Buffer;
      total += c.length;
      for (let at = 0; at < c.length; ) {
        const take = Math.min(c.length - at, batchBytes);
        if (filled + take > batch.length) {
          const more = Buffer.allocUnsafe(Math.max(2 * batch.length, filled + take));
          batch.copy(more, 0, 0, filled);
          batch = more;
        }
        c.copy(batch, filled, at, at + take);
        filled += take;
        at += take;
        if (filled >= batchBytes && !run(false)) {
          stream.destroy();
          return false;
        }
      }
    }
  } catch (e) {
    return fail(`the part could not be read (${(e as Error).message})`);
  }
  if (total !== src.size(part)) return fail(`the part has ${total} bytes, not the ${src.size(part)} the zip's directory says`);
  if (total === 0) return fail("the part is empty");
  return run(true);
}

/** How many of `bytes` end on a character boundary: a lead byte at the end without all its continuation bytes is left out. */
export function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let k = 1; k <= Math.min(4, n); k++) {
    const c = bytes[n - k];
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return length > k ? n - k : n;
  }
  return n;
}
