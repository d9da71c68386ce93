/**
 * The reader's fast paths pinned to the plain ones: a cell reference read in one pass as columnOf and
 * rowOf read it, and a sheet's rows built dense as they come exactly as built sparse and made dense at the end.
 */
import { promises as fs } from "fs";
import path from "path";
import fc from "fast-check";
import JSZip from "jszip";
import type { Cell } from "../engine/core/cells";
import { ownString } from "./package";
import { plainRefForTest, readXlsxBytes, refForTest } from "./read";

const SAMPLE = path.join(__dirname, "../../examples/sample.xlsx");

describe("cell references", () => {
  it("are read in one pass as columnOf and rowOf read them (fast-check)", () => {
    const letters = fc.string({ unit: fc.constantFrom("A", "B", "Z", "X", "a", "@", "["), maxLength: 4 });
    const digits = fc.string({ unit: fc.constantFrom("0", "1", "5", "9", " ", "e", "x", "."), maxLength: 18 });
    const ref = fc.oneof(fc.tuple(letters, digits).map(([l, d]) => l + d), fc.string({ maxLength: 8 }), fc.tuple(fc.integer({ min: 0, max: 16383 }), fc.integer({ min: 0, max: 2 ** 20 })).map(([c, r]) => `${colName(c)}${r}`));
    fc.assert(
      fc.property(ref, (r) => {
        const fast = plainRefForTest(r);
        if (fast !== null) expect(fast).toEqual(refForTest(r));
      }),
      { numRuns: 5000 },
    );
    expect(plainRefForTest("XFD1048576")).toEqual([16383, 1048575]);
  });
});

describe("ownString", () => {
  it("gives the same text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => void expect(ownString((a + b).slice(a.length))).toBe(b)));
  });
});

function colName(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The reader as it was before its rows were made dense as read: sparse rows, merges deleted, then made dense and trimmed. */
function plainRows(cells: { row: number; col: number; value: Cell }[], merges: [number, number, number, number][]): Cell[][] {
  const rows: Cell[][] = [];
  let lastRow = 0;
  let lastCol = 0;
  for (const { row, col, value } of cells) {
    if (value === null) continue;
    (rows[row] ??= [])[col] = value;
    lastRow = Math.max(lastRow, row + 1);
    lastCol = Math.max(lastCol, col + 1);
  }
  for (const [r0, c0, r1, c1] of merges) {
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if ((r !== r0 || c !== c0) && rows[r]) delete rows[r][c];
  }
  let dense = Array.from({ length: lastRow }, (_, r) => Array.from({ length: lastCol }, (_, c): Cell => rows[r]?.[c] ?? null));
  while (dense.length > 0 && dense[dense.length - 1].every((c) => c === null)) dense.pop();
  let width = 0;
  for (const r of dense) r.forEach((c, i) => void (c !== null && (width = Math.max(width, i + 1))));
  dense = dense.map((r) => r.slice(0, width));
  return dense;
}

describe("a sheet's rows", () => {
  it("are built dense as they come exactly as built sparse and made dense at the end (fast-check)", async () => {
    const sample = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const cell = fc.record({ row: fc.integer({ min: 0, max: 12 }), col: fc.integer({ min: 0, max: 40 }), value: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 99 }), fc.constantFrom("x", "a longer text than thirteen")), positioned: fc.boolean() });
    const merge = fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 44 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { maxLength: 60 }), fc.array(merge, { maxLength: 3 }), async (list, mergeList) => {
        // Cells in the order given (rows out of order, cells repeated); one without `r` follows the one before.
        let xml = "";
        const placed: { row: number; col: number; value: Cell }[] = [];
        let row = -1;
        let col = -1;
        for (const c of list) {
          const v = c.value === null ? "" : typeof c.value === "number" ? `<v>${c.value}</v>` : `<is><t>${c.value}</t></is>`;
          const t = typeof c.value === "string" ? ' t="inlineStr"' : "";
          if (c.positioned || row < 0) {
            row = c.row;
            col = c.col;
            xml += `${row < 0 || xml === "" ? "" : "</row>"}<row r="${row + 1}"><c r="${colName(col)}${row + 1}"${t}>${v}</c>`;
          } else {
            col += 1;
            xml += `<c${t}>${v}</c>`;
          }
          placed.push({ row, col, value: c.value });
        }
        if (xml !== "") xml += "</row>";
        const merges = mergeList.map(([r, c, h, w]): [number, number, number, number] => [r, c, r + h, c + w]);
        const mergeXml = merges.length === 0 ? "" : `<mergeCells>${merges.map(([r0, c0, r1, c1]) => `<mergeCell ref="${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1}"/>`).join("")}</mergeCells>`;
        sample.file("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xml}</sheetData>${mergeXml}</worksheet>`);
        const book = await readXlsxBytes(await sample.generateAsync({ type: "nodebuffer" }));
        const rows = book.sheets[0].rows;
        expect(rows).toEqual(plainRows(placed, merges));
        for (const r of rows) for (let c = 0; c < r.length; c++) expect(c in r).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe("the shared-string table", () => {
  it("gives a text written as CDATA, plain or in a rich run, as the text it is", async () => {
    const sample = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    sample.file("xl/sharedStrings.xml", `<sst ${main}><si><t><![CDATA[a < b & c]]></t></si><si><r><t>rich </t></r><r><t><![CDATA[text]]></t></r></si><si><t>plain</t></si></sst>`);
    sample.file("xl/worksheets/sheet1.xml", `<worksheet ${main}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row></sheetData></worksheet>`);
    const book = await readXlsxBytes(await sample.generateAsync({ type: "nodebuffer" }));
    expect(book.sheets[0].rows).toEqual([["a < b & c", "rich text", "plain"]]);
  });
});
