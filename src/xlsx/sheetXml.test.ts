/**
 * The sheet XML writer's cells against what each one must say, whatever path wrote it: text copied as it is scanned
 * (ASCII, or UTF-8 whole), text with something to escape (escapeText / inlineText), shared text, numbers written
 * digit by digit or through String(), row heights measured before the row or while a long text is written.
 */
import fc from "fast-check";
import type { Cell } from "../engine/core/cells";
import { columnLetter } from "../engine/core/cells";
import { fitCellText, lazyRowsSheet, rowStyleCode, type OutputColumn, type OutputSheet } from "../engine/core/output";
import { wrappedLines } from "../engine/core/print";
import { inlineText, SharedStrings, SpareBuffers, StyleBook, worksheetXml, type StylesBase } from "./sheetXml";

function stylesBase(): StylesBase {
  return {
    fonts: 1, fills: 2, borders: 1, cellXfs: 1, numFmts: new Map(), usedFmtIds: new Set(),
    baseFont: { size: "11", name: "Calibri", family: "2", scheme: "minor" },
    existing: { fonts: new Map(), fills: new Map(), borders: new Map(), cellXfs: new Map() },
  };
}

function sheetOf(rows: Cell[][], columns: OutputColumn[], extra: Partial<OutputSheet> = {}): OutputSheet {
  return { name: "S", role: "findings", rows, formulas: [], columns, cellFormats: [], rowStyles: [], freezeRows: 0, tables: [], ...extra };
}

/** The sheet's XML, written with or without spare buffers handed back as a consumer does. */
function write(sheet: OutputSheet, shared: SharedStrings | null, spare: SpareBuffers | null = null): string {
  const book = new StyleBook(stylesBase());
  book.plan(sheet);
  const chunks: Buffer[] = [];
  for (const piece of worksheetXml(sheet, book, shared, spare)) {
    // A copy: the piece's buffer goes back for a later piece.
    chunks.push(Buffer.from(typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece)));
    if (spare && typeof piece !== "string") spare.give(piece);
  }
  return Buffer.concat(chunks).toString("utf8");
}

interface WrittenCell {
  ref: string;
  attrs: string;
  body: string;
}

/** Rows as written: each row's attributes and its cells, split with patterns (the writer's output is regular). */
function rowsOf(xml: string): { attrs: string; cells: WrittenCell[] }[] {
  const data = /<sheetData>(.*)<\/sheetData>/s.exec(xml)![1];
  const rows: { attrs: string; cells: WrittenCell[] }[] = [];
  for (const m of data.matchAll(/<row ([^>]*)>(.*?)<\/row>/gs)) {
    const cells: WrittenCell[] = [];
    for (const c of m[2].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) cells.push({ ref: c[1], attrs: c[2], body: c[3] ?? "" });
    rows.push({ attrs: m[1], cells });
  }
  return rows;
}

/** Texts of every kind the writer tells apart. */
const piece = fc.oneof(
  fc.string({ unit: "grapheme-ascii", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom(" ", "\t", "\n", "\r", "&", "<", ">", '"', "'", "_x0041_", "_", "é", "¥", "维修", "\u3000", "\u00a0", "😀", "\ud800", "\udc00", "\uffff", "=", "+", "-", "@"),
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 6 }).map((p) => p.join("")),
  // Long texts: measured as they are written when wrapped.
  fc.tuple(fc.array(piece, { maxLength: 4 }), fc.integer({ min: 60, max: 300 }), fc.constantFrom("a", "维", "é ")).map(([p, n, ch]) => p.join("") + ch.repeat(n) + p.join("")),
);
const number = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.integer({ min: -1e15, max: 1e15 }).map((k) => k / 100),
  fc.integer({ min: -1e7, max: 1e7 }).map((k) => k / 10),
  fc.double({ noNaN: false }),
  fc.integer({ min: 0, max: 4e9 }).map((t) => t / 86400 + 25569),
  fc.constantFrom(0, -0, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e-7, 0.1 + 0.2, 1e13 + 0.01, 99999999999.99, Infinity, -Infinity, NaN),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(text, text, number, fc.boolean(), fc.constant(null), fc.constant(""));

describe("worksheetXml cells", () => {
  it("says every value as it must, down every path, with the height of its wrapped lines (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat(29), { maxLength: 5 }),
        (rows, withShared, late) => {
          const columns: OutputColumn[] = [{ widthChars: 12 }, { widthChars: 9, wrap: true }, { widthChars: 20, numberFormat: "0.00" }, { widthChars: 30, wrap: true }, { widthChars: 8 }];
          const codes = new Uint8Array(rows.length);
          for (const r of late) if (r < rows.length) codes[r] = rowStyleCode("late");
          const sheet = sheetOf(rows, columns, { rowStyleCodes: codes });
          const shared = withShared ? new SharedStrings(3) : null;
          const written = rowsOf(write(sheet, shared));
          let w = 0;
          for (let r = 0; r < rows.length; r++) {
            const values = rows[r];
            const styled = codes[r] !== 0;
            const expected = values.map((v, c) => ({ v, c })).filter(({ v }) => styled || !(v === null || v === "" || (typeof v === "number" && !Number.isFinite(v))));
            if (styled) for (let c = values.length; c < columns.length; c++) expected.push({ v: null, c });
            if (expected.length === 0) continue;
            const row = written[w++];
            let lines = 1;
            for (const [c, col] of columns.entries()) {
              const v = values[c];
              if (col.wrap && typeof v === "string" && v !== "") lines = Math.max(lines, wrappedLines(fitCellText(v), col.widthChars));
            }
            expect(row.attrs).toBe(lines > 1 ? `r="${r + 1}" ht="${lines * 15}" customHeight="1"` : `r="${r + 1}"`);
            expect(row.cells.map((x) => x.ref)).toEqual(expected.map(({ c }) => `${columnLetter(c)}${r + 1}`));
            for (const [k, { v }] of expected.entries()) {
              const got = row.cells[k];
              if (v === null || v === "" || (typeof v === "number" && !Number.isFinite(v))) {
                expect(got.body).toBe("");
              } else if (typeof v === "number") {
                expect(got.attrs).not.toContain(" t=");
                expect(got.body).toBe(`<v>${String(v)}</v>`);
              } else if (typeof v === "boolean") {
                expect(got.attrs).toMatch(/ t="b"$/);
                expect(got.body).toBe(v ? "<v>1</v>" : "<v>0</v>");
              } else if (/ t="s"$/.test(got.attrs)) {
                expect(shared!.added[Number(/^<v>(\d+)<\/v>$/.exec(got.body)![1]) - 3]).toBe(v);
              } else {
                expect(got.attrs).toMatch(/ t="inlineStr"$/);
                expect(got.body).toBe(`<is>${inlineText(v)}</is>`);
              }
            }
          }
          expect(written).toHaveLength(w);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("writes a date-time met again as String() does, and numbers sharing a slot each as its own", () => {
    const minute = 1 / 1440;
    const at = 46304 + 669 * minute; // 2026-10-08 11:09
    // The same instant again; the same minute with seconds; 2^17 minutes on (the same slot); a fraction far off.
    const values = [at, at, at + 7 / 86400, at + 2 ** 17 * minute, at, 0.1 + 0.2, at + 2 ** 17 * minute, 12345.678901234567, 1e-7, at];
    const rows: Cell[][] = values.map((v) => [v]);
    const written = rowsOf(write(sheetOf(rows, [{ widthChars: 16, numberFormat: "yyyy-mm-dd hh:mm" }]), null));
    expect(written.map((r) => r.cells[0].body)).toEqual(values.map((v) => `<v>${String(v)}</v>`));
  });

  it("cuts a text over Excel's cell limit as it writes it, in a wrapped column too, rows built on demand", () => {
    const long = "维修 trace ".repeat(5000); // 45,000 characters
    const rows: Cell[][] = [["a", long], [long, "b"]];
    const columns: OutputColumn[] = [{ widthChars: 10 }, { widthChars: 40, wrap: true }];
    const sheet = lazyRowsSheet({ name: "S", role: "findings", formulas: [], columns, cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] }, { count: 2, block: (from, to) => rows.slice(from, to).map((r) => [...r]) });
    const written = rowsOf(write(sheet, null));
    const fitted = fitCellText(long);
    expect(fitted.length).toBeLessThanOrEqual(32_767);
    expect(written[0].cells[1].body).toBe(`<is>${inlineText(fitted)}</is>`);
    expect(written[1].cells[0].body).toBe(`<is>${inlineText(fitted)}</is>`);
    expect(written[0].attrs).toBe(`r="1" ht="${wrappedLines(fitted, 40) * 15}" customHeight="1"`);
    expect(written[1].attrs).toBe('r="2"');
  });

  it("gives text taken for a formula the text format, and a cell's own format its style, on either path", () => {
    const columns: OutputColumn[] = [{ widthChars: 10, numberFormat: "0.00" }, { widthChars: 10 }];
    const rows: Cell[][] = [["=1+1", "-5 min"], [1.5, "plain"], ["@x", 2]];
    const plain = rowsOf(write(sheetOf(rows, columns), null));
    const styled = rowsOf(write(sheetOf(rows, columns, { cellFormats: [{ row: 1, col: 1, numberFormat: "@" }, { row: 2, col: 1, numberFormat: "0.000" }] }), null));
    const attr = (rs: ReturnType<typeof rowsOf>, r: number, c: number) => / s="(\d+)"/.exec(rs[r].cells[c].attrs)?.[1];
    // "=1+1" and "-5 min" get the "@" style, which a plain text in a General column does not have.
    expect(attr(plain, 0, 1)).toBeDefined();
    expect(attr(plain, 1, 1)).toBeUndefined();
    expect(attr(plain, 0, 0)).not.toBe(attr(plain, 1, 0));
    // "@x" in the "0.00" column: the same "@" style as "=1+1" in the other (neither column aligns or wraps).
    expect(attr(plain, 2, 0)).toBe(attr(plain, 0, 1));
    // A cell format of its own: "plain" as text takes the same style as "-5 min" in its column; 2 takes "0.000".
    expect(attr(styled, 1, 1)).toBe(attr(plain, 0, 1));
    expect(attr(styled, 2, 1)).toBeDefined();
    expect(attr(styled, 2, 1)).not.toBe(attr(styled, 1, 1));
    expect(styled[2].cells[1].body).toBe("<v>2</v>");
  });

  it("writes the same bytes with spare buffers going round as with fresh ones, over many pieces", () => {
    const rows: Cell[][] = Array.from({ length: 10000 }, (_, r) => [`T${r}`, r * 1.25, `trace ${"x".repeat(r % 300)} ${r} ¥ 维修`, r % 7 === 0 ? null : "late"]);
    const columns: OutputColumn[] = [{ widthChars: 10 }, { widthChars: 10 }, { widthChars: 40, wrap: true }, { widthChars: 6 }];
    const fresh = write(sheetOf(rows, columns), new SharedStrings(0));
    const spare = new SpareBuffers();
    expect(write(sheetOf(rows, columns), new SharedStrings(0), spare)).toBe(fresh);
    expect(fresh.length).toBeGreaterThan(3 * 2 ** 20);
  });
});

describe("SpareBuffers", () => {
  it("hands back a piece's whole buffer once given, and nothing that is not one of its own", () => {
    const spare = new SpareBuffers();
    const a = spare.take();
    spare.give(a.subarray(0, 10));
    const b = spare.take();
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(a.length);
    // A piece that does not start its buffer, or a buffer of another size, is not taken.
    spare.give(b.subarray(5));
    spare.give(Buffer.alloc(100));
    expect(spare.take().buffer).not.toBe(a.buffer);
    // Given twice, kept once.
    spare.give(b);
    spare.give(b);
    expect(spare.take().buffer).toBe(a.buffer);
    expect(spare.take().buffer).not.toBe(a.buffer);
  });
});
