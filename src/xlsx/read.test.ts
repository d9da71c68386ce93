/**
 * The reader's fast paths pinned to the plain ones: a cell reference read in one pass as the plain arithmetic of
 * letters and digits reads it, and a sheet's rows built dense as they come exactly as built sparse and made dense at the end.
 */
import { promises as fs } from "fs";
import path from "path";
import fc from "fast-check";
import JSZip from "jszip";
import type { Cell } from "../engine/core/cells";
import { ownString } from "./package";
import { cellRefForTest, FAR_FLOOR, FAR_PER_VALUE, farLimits, readXlsxBytes, shown, XlsxReadError } from "./read";

const SAMPLE = path.join(__dirname, "../../examples/sample.xlsx");

describe("cell references", () => {
  it("are read as column letters A–XFD then a row 1–1,048,576, anything else told apart (fast-check)", () => {
    // What a reference means, by the plain arithmetic: letters base 26, digits base 10, nothing else.
    const meaning = (r: string): [number, number] | "outside" | "malformed" => {
      const m = /^([A-Z]+)([0-9]+)$/.exec(r);
      if (!m || /^0+$/.test(m[2])) return "malformed";
      const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      const row = Number(m[2]);
      return col > 16384 || row > 1048576 ? "outside" : [col - 1, row - 1];
    };
    const letters = fc.string({ unit: fc.constantFrom("A", "B", "Z", "X", "F", "D", "a", "@", "[", "$"), maxLength: 5 });
    const digits = fc.string({ unit: fc.constantFrom("0", "1", "4", "5", "8", "9", " ", "e", "x", ".", "-"), maxLength: 18 });
    const ref = fc.oneof(fc.tuple(letters, digits).map(([l, d]) => l + d), fc.string({ maxLength: 8 }), fc.tuple(fc.integer({ min: 0, max: 16400 }), fc.integer({ min: 0, max: 2 ** 20 + 10 })).map(([c, r]) => `${colName(c)}${r}`));
    fc.assert(fc.property(ref, (r) => void expect(cellRefForTest(r)).toEqual(meaning(r))), { numRuns: 5000 });
    expect(cellRefForTest("XFD1048576")).toEqual([16383, 1048575]);
    expect(cellRefForTest("XFE1")).toBe("outside");
    expect(cellRefForTest("A1048577")).toBe("outside");
    expect(cellRefForTest("ZZZZ1")).toBe("outside");
    expect(cellRefForTest("A4000000000")).toBe("outside");
    expect(cellRefForTest(`W${"9".repeat(400)}`)).toBe("outside");
    expect(cellRefForTest("W1e300")).toBe("malformed");
    expect(cellRefForTest("a1")).toBe("malformed");
    expect(cellRefForTest("A0")).toBe("malformed");
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

/** Whether two merged ranges share a cell. */
function overlap(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

describe("the workbook's bytes", () => {
  it("are let go by the time the read is done: no one holds them until the event loop turns", async () => {
    // A test-only way to collect now (Node's own flag, set for this process; vm gives the function it adds).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("v8").setFlagsFromString("--expose-gc");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gc = require("vm").runInNewContext("gc") as () => void;
    let bytes: Buffer | null = Buffer.from(await fs.readFile(SAMPLE));
    const held = new WeakRef(bytes);
    const reading = readXlsxBytes(bytes);
    bytes = null;
    const book = await reading;
    expect(book.sheets.length).toBeGreaterThan(0);
    // The same job as the caller's next step (settling a month would begin here): collected now, they are gone.
    gc();
    expect(held.deref()).toBeUndefined();
  });
});

describe("a sheet's rows", () => {
  afterEach(() => Object.assign(farLimits, { perValue: FAR_PER_VALUE, floor: FAR_FLOOR }));

  it("are built dense as they come exactly as built sparse and made dense at the end, within the values' budget (fast-check)", async () => {
    const sample = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const cell = fc.record({ row: fc.integer({ min: 0, max: 12 }), col: fc.integer({ min: 0, max: 40 }), value: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 99 }), fc.constantFrom("x", "a longer text than thirteen")), positioned: fc.boolean() });
    const merge = fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 44 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }));
    // The floor as shipped (every sheet here is far inside it), and floors low enough that rows cannot all be widened
    // as read and some cells are kept aside, or that the values' grid is refused.
    const floor = fc.constantFrom(FAR_FLOOR, 0, 4, 40, 400);
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { maxLength: 60 }), fc.array(merge, { maxLength: 3 }), floor, async (list, mergeList, floorNow) => {
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
        // Excel's merged ranges never overlap: keep those that do not (overlapping ones have a test of their own).
        const merges: [number, number, number, number][] = [];
        for (const [r, c, h, w] of mergeList) {
          const m: [number, number, number, number] = [r, c, r + h, c + w];
          if (!merges.some((o) => overlap(o, m))) merges.push(m);
        }
        const mergeXml = merges.length === 0 ? "" : `<mergeCells>${merges.map(([r0, c0, r1, c1]) => `<mergeCell ref="${colName(c0)}${r0 + 1}:${colName(c1)}${r1 + 1}"/>`).join("")}</mergeCells>`;
        sample.file("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xml}</sheetData>${mergeXml}</worksheet>`);
        const bytes = await sample.generateAsync({ type: "nodebuffer" });

        // What must come of it: a cell given a second value is refused, so is a grid past the budget; else the rows.
        const filled = new Set<string>();
        let twice: string | null = null;
        let [lastRow, lastCol] = [0, 0];
        for (const p of placed) {
          if (p.value === null) continue;
          const at = `${colName(p.col)}${p.row + 1}`;
          if (filled.has(at)) twice ??= at;
          filled.add(at);
          [lastRow, lastCol] = [Math.max(lastRow, p.row + 1), Math.max(lastCol, p.col + 1)];
        }
        farLimits.floor = floorNow;
        const read = readXlsxBytes(bytes);
        if (twice !== null) await expect(read).rejects.toThrow(new RegExp(`Tickets!${twice} is written twice`));
        else if (lastRow * lastCol > FAR_PER_VALUE * filled.size + floorNow) await expect(read).rejects.toThrow(/Tickets![A-Z]+\d+(?::[A-Z]+\d+)? holds? (?:a value|values) far outside the data; clear (?:it|them) or move/);
        else {
          const rows = (await read).sheets[0].rows;
          expect(rows).toEqual(plainRows(placed, merges));
          for (const r of rows) for (let c = 0; c < r.length; c++) expect(c in r).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the shared-string table", () => {
  it("gives a text written as CDATA, plain or in a rich run, as the text it is", async () => {
    const sample = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    // Three texts added after the sample's 485 (its other sheets still point at theirs).
    const sst = await sample.file("xl/sharedStrings.xml")!.async("string");
    sample.file("xl/sharedStrings.xml", sst.replace("</sst>", "<si><t><![CDATA[a < b & c]]></t></si><si><r><t>rich </t></r><r><t><![CDATA[text]]></t></r></si><si><t>plain</t></si></sst>"));
    sample.file("xl/worksheets/sheet1.xml", `<worksheet ${main}><sheetData><row r="1"><c r="A1" t="s"><v>485</v></c><c r="B1" t="s"><v>486</v></c><c r="C1" t="s"><v>487</v></c></row></sheetData></worksheet>`);
    const book = await readXlsxBytes(await sample.generateAsync({ type: "nodebuffer" }));
    expect(book.sheets[0].rows).toEqual([["a < b & c", "rich text", "plain"]]);
  });
});

/** The sample with its Tickets sheet (sheet1.xml, data A1:V321) changed by `edit`, which must change it. */
async function ticketsWith(edit: (xml: string) => string): Promise<Buffer> {
  const sample = await JSZip.loadAsync(await fs.readFile(SAMPLE));
  const xml = await sample.file("xl/worksheets/sheet1.xml")!.async("string");
  const changed = edit(xml);
  expect(changed).not.toBe(xml);
  sample.file("xl/worksheets/sheet1.xml", changed);
  return sample.generateAsync({ type: "nodebuffer" });
}

/** What reading the sample with `edit` made to Tickets gives: the Tickets rows, or the XlsxReadError. */
async function readTickets(edit: (xml: string) => string): Promise<Cell[][] | XlsxReadError> {
  try {
    return (await readXlsxBytes(await ticketsWith(edit))).sheets[0].rows;
  } catch (e) {
    if (e instanceof XlsxReadError) return e;
    throw e;
  }
}

/** The one problem a read was refused for (the error's reason, a single one). */
async function refusedFor(edit: (xml: string) => string): Promise<string> {
  const r = await readTickets(edit);
  if (!(r instanceof XlsxReadError)) throw new Error("the workbook was read");
  expect(r.details).toEqual([]);
  return r.reason;
}

const beforeSheetEnd = (cells: string) => (x: string) => x.replace("</sheetData>", `${cells}</sheetData>`);
const inLastRow = (cells: string) => (x: string) => x.replace("</row></sheetData>", `${cells}</row></sheetData>`);
const fee = (v: string, t = "") => (x: string) => x.replace('<c r="P2" s="8"><v>400</v></c>', `<c r="P2" s="8"${t}><v>${v}</v></c>`);
const provider = (v: string) => (x: string) => x.replace('<c r="B2" s="2" t="s"><v>23</v></c>', `<c r="B2" s="2" t="s"><v>${v}</v></c>`);
const merged = (ref: string) => (x: string) => x.replace("</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`);

describe("a value far outside the data", () => {
  it("is refused by name, the sheet never made dense: XFD1048576 beside A1:V321", async () => {
    expect(await refusedFor(beforeSheetEnd('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))).toBe(
      "Tickets!XFD1048576 holds a value far outside the data; clear it or move it (with it the sheet spans A1:XFD1048576, 17,179,869,184 cells for 4,827 values)",
    );
  });

  it("names the value that stretches the grid: one far below, one far right", async () => {
    expect(await refusedFor(beforeSheetEnd('<row r="1000000"><c r="B1000000"><v>1</v></c></row>'))).toMatch(/^Tickets!B1000000 holds a value far outside the data; clear it or move it/);
    expect(await refusedFor((x) => x.replace('<c r="V1" s="3" t="s"><v>21</v></c>', '<c r="V1" s="3" t="s"><v>21</v></c><c r="XFD1"><v>1</v></c>'))).toMatch(
      /^Tickets!XFD1 holds a value far outside the data; clear it or move it \(with it the sheet spans A1:XFD321, 5,259,264 cells/,
    );
  });

  it("is read when the grid stays within 16 cells a value and a million more: XFD1 beside 320 rows of ticket data, or V60000", async () => {
    // 4,827 values: 16 × 4,827 + 1,048,576 = 1,125,808 cells may be spanned.
    const small = await readTickets((x) => x.replace(/<row r="(?:[4-9]\d|[1-3]\d\d)".*?<\/row>/g, "").replace("</sheetData>", '<row r="50"><c r="XFD50"><v>7</v></c></row></sheetData>'));
    expect(small).not.toBeInstanceOf(XlsxReadError);
    const rows = small as Cell[][];
    expect([rows.length, rows[0].length, rows[49][16383]]).toEqual([50, 16384, 7]);
    const tall = (await readTickets(beforeSheetEnd('<row r="50000"><c r="V50000"><v>7</v></c></row>'))) as Cell[][];
    expect([tall.length, tall[0].length, tall[49999][21], tall[40000][0]]).toEqual([50000, 22, 7, null]);
  });
});

describe("a reference outside Excel's grid", () => {
  it.each([
    ["A4000000000", "A4000000000"],
    ["ZZZZ1", "ZZZZ1"],
    ["XFE1", "XFE1"],
    ["A1048577", "A1048577"],
    [`W${"9".repeat(300)}`, `"W${"9".repeat(39)}…"`],
  ])("%s is refused by name, nothing allocated for it", async (ref, named) => {
    expect(await refusedFor(inLastRow(`<c r="${ref}"><v>1</v></c>`))).toBe(
      `Tickets!${named} is outside Excel's grid (columns A to XFD, rows 1 to 1,048,576); the file is damaged or was not written by a spreadsheet program; open it in Excel, check that sheet and save it again`,
    );
  });

  it("as is a reference that is no reference, a row number that is none, and a cell past XFD by position", async () => {
    expect(await refusedFor(inLastRow('<c r="$B$2"><v>1</v></c>'))).toMatch(/^Tickets: cell reference "\$B\$2" is not a cell reference \(such as B12\)/);
    expect(await refusedFor(inLastRow('<c r="b2&#x9;"><v>1</v></c>'))).toMatch(/^Tickets: cell reference "b2\\u0009" is not a cell reference/);
    expect(await refusedFor(beforeSheetEnd('<row r="0x10"><c><v>1</v></c></row>'))).toMatch(/^Tickets: row "0x10" is not a row of Excel's grid/);
    const wide = await readTickets(beforeSheetEnd(`<row r="400">${"<c><v>1</v></c>".repeat(16385)}</row>`));
    expect((wide as XlsxReadError).details).toEqual([
      expect.stringMatching(/^Tickets: row 400 has a cell after column XFD/),
      // And the 16,384 in the grid make it too wide: named as the row's values, not one of them.
      expect.stringMatching(/^Tickets!A400:XFD400 hold values far outside the data; clear them or move them \(with them the sheet spans A1:XFD400, 6,553,600 cells for 21,210 values\)$/),
    ]);
  });
});

describe("merged ranges", () => {
  it.each([["W1:W999999999999999"], ["W1:XFD1048577"], ["A1:ZZZZ2"]])("%s, outside the grid, is refused at once", async (ref) => {
    expect(await refusedFor(merged(ref))).toMatch(new RegExp(`^Tickets: merged range ${ref} is outside Excel's grid`));
  });

  it.each([["W1:W1e300"], ["W1:"], ["A1:B2:C3"], [""]])("%j, not a range, is refused", async (ref) => {
    expect(await refusedFor(merged(ref))).toMatch(/^Tickets: merged range ".*" is not a range of cells \(such as A1:B2\)/);
  });

  it("as large as the grid is clamped to the values: only the top-left value is left, at once", async () => {
    const rows = (await readTickets(merged("B2:XFD1048576"))) as Cell[][];
    expect([rows.length, rows[0].length]).toEqual([321, 22]); // the headers in row 1, the ticket ids in column A
    expect(rows[1].slice(0, 3)).toEqual(["HX-1001", "Huaxiu Service Co.", null]);
    expect(rows.slice(1).every((r, i) => typeof r[0] === "string" && r.slice(i === 0 ? 2 : 1).every((c) => c === null))).toBe(true);
  });

  it("that overlap are refused (Excel does not allow it) by the two ranges, however many claim the whole grid", async () => {
    const overlapping = `<mergeCells count="100000">${'<mergeCell ref="A1:XFD1048576"/>'.repeat(100_000)}</mergeCells>`;
    expect(await refusedFor((x) => x.replace("</sheetData>", `</sheetData>${overlapping}`))).toBe(
      "Tickets: merged ranges A1:XFD1048576 and A1:XFD1048576 overlap (at A1), which Excel does not allow; the file is damaged or was not written by a spreadsheet program; open it in Excel, check that sheet and save it again",
    );
    expect(await refusedFor(merged("C3:D4\"/><mergeCell ref=\"E5:D4"))).toMatch(/^Tickets: merged ranges C3:D4 and E5:D4 overlap \(at D4\)/);
  });
});

describe("a value that cannot be what its cell says", () => {
  it.each([
    ["-1", 'shared string "-1" does not exist'],
    ["485", 'shared string "485" does not exist'],
    ["abc", 'shared string "abc" does not exist'],
    ["1e1", 'shared string "1e1" does not exist'],
    ["0x1", 'shared string "0x1" does not exist'],
    ["99999999999999999999", 'shared string "99999999999999999999" does not exist'],
  ])("a shared string %s is refused (it used to read empty, or another text)", async (v, said) => {
    const reason = await refusedFor(provider(v));
    expect(reason.startsWith(`Tickets!B2: ${said}`)).toBe(true);
    expect(reason).toMatch(/\(the table has 485 texts, 0 to 484\); re-save the workbook in Excel \(or type the value again\)$/);
  });

  it.each([["1e999"], ["-1e999"], ["NaN"], ["Infinity"], ["-Infinity"], ["0x10"], ["0b1"], ["0o7"], [" "], ["1,5"], ["1_000"], ["12abc"], ["--1"]])("a number %j is refused", async (v) => {
    expect(await refusedFor(fee(v))).toBe(`Tickets!P2: the number ${JSON.stringify(v)} is not a finite decimal number; re-save the workbook in Excel (or type the value again)`);
  });

  it.each([
    ["1.5E3", 1500],
    [".5", 0.5],
    ["5.", 5],
    ["-0.25", -0.25],
    ["+3", 3],
    [" 7 ", 7],
    ["0", 0],
    ["0.001", 0.001],
    ["0e0", 0],
    ["1e308", 1e308],
  ])("a number %j in xsd:double's decimal form reads as %p", async (v, n) => {
    const rows = (await readTickets(fee(v))) as Cell[][];
    expect(rows[1][15]).toBe(n);
  });

  it("a boolean is 0, 1, true or false, nothing else", async () => {
    expect(await refusedFor(fee("yes", ' t="b"'))).toBe('Tickets!P2: the boolean "yes" is not one of 0, 1, true, false; re-save the workbook in Excel (or type the value again)');
    for (const [v, b] of [["1", true], ["true", true], ["0", false], ["false", false]] as const) expect(((await readTickets(fee(v, ' t="b"'))) as Cell[][])[1][15]).toBe(b);
  });

  it("an unknown cell type, or a date that is not ISO 8601, is refused", async () => {
    expect(await refusedFor(fee("400", ' t="x"'))).toMatch(/^Tickets!P2: the cell type "x" is not one SpreadsheetML defines/);
    expect(await refusedFor(fee("tomorrow", ' t="d"'))).toMatch(/^Tickets!P2: the date "tomorrow" is not an ISO 8601 date/);
  });

  it("a cell written twice is refused, whether its reference repeats or a later one goes back onto it", async () => {
    const twice = /^Tickets!P2 is written twice/;
    expect(await refusedFor((x) => x.replace('<c r="R2" s="8"><v>15</v></c>', '<c r="R2" s="8"><v>15</v></c><c r="P2" s="8"><v>999</v></c>'))).toMatch(twice);
    expect(await refusedFor((x) => x.replace('<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8"><v>400</v></c><c r="P2" s="8"><v>999</v></c>'))).toMatch(twice);
    // Positions that follow: the cell after O2 without a reference is P2.
    expect(await refusedFor((x) => x.replace('<c r="R2" s="8"><v>15</v></c>', '<c r="R2" s="8"><v>15</v></c><c r="O2"><v>1</v></c><c><v>2</v></c>'))).toMatch(twice);
    // Or one cell with two values.
    expect(await refusedFor(fee("4</v><v>00"))).toMatch(/^Tickets!P2: the cell has two values \(two <v> elements\)/);
    // A second, empty, mention of a cell changes nothing and is no second value.
    expect(((await readTickets((x) => x.replace('<c r="R2" s="8"><v>15</v></c>', '<c r="R2" s="8"><v>15</v></c><c r="P2" s="8"/>'))) as Cell[][])[1][15]).toBe(400);
  });

  it("all such problems are listed, one line each, the first 20 and then how many more", async () => {
    const r = await readTickets((x) => x.replace(/(<c r="[PQR]\d+" s="8")><v>[^<]*<\/v>/g, "$1><v>NaN</v>"));
    expect(r).toBeInstanceOf(XlsxReadError);
    const e = r as XlsxReadError;
    expect(e.details).toHaveLength(21);
    expect(e.details[0]).toBe('Tickets!P2: the number "NaN" is not a finite decimal number; re-save the workbook in Excel (or type the value again)');
    expect(e.details[20]).toMatch(/^and \d{3} more$/);
    expect(e.reason).toBe(`${20 + Number(/\d+/.exec(e.details[20])![0])} problems in its sheets, listed below`);
    expect(e.message.split("\n")).toHaveLength(22);
  });
});

describe("a sheet's name in a message", () => {
  it("is quoted as Excel's Name Box takes it, with what a terminal would act on escaped", async () => {
    const sample = await JSZip.loadAsync(await ticketsWith(fee("NaN")));
    const wb = await sample.file("xl/workbook.xml")!.async("string");
    sample.file("xl/workbook.xml", wb.replace('name="Tickets"', 'name="Tick\u009b2J ets"'));
    const err = await readXlsxBytes(await sample.generateAsync({ type: "nodebuffer" })).catch((e: unknown) => e);
    expect((err as XlsxReadError).reason).toMatch(/^'Tick\\u009b2J ets'!P2: the number "NaN" is not a finite decimal number/);
  });
});

describe("shown", () => {
  it("quotes a text from the file, escapes what a terminal would act on, and cuts it to 40 characters", () => {
    expect(shown("0x10")).toBe('"0x10"');
    expect(shown('a"b\\c')).toBe('"a\\u0022b\\u005cc"');
    expect(shown("\u001b]0;title\u0007\u009b\u202e")).toBe('"\\u001b]0;title\\u0007\\u009b\\u202e"');
    expect(shown("x".repeat(41))).toBe(`"${"x".repeat(40)}…"`);
    expect(shown("😀".repeat(41))).toBe(`"${"😀".repeat(40)}…"`);
    expect(shown("\ud800")).toBe('"\\ud800"');
  });
});
