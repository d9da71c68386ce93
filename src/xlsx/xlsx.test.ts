import { createHash } from "crypto";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import type { Cell } from "../engine/core/cells";
import { lazyRowsSheet, MARKER_SHEET, MARKER_TITLE, rowStyleCode, type OutputSheet, type RowStyle } from "../engine/core/output";
import { excelSerialFromLocal, localFromCivil, localFromExcelSerial, asLocal } from "../engine/core/time";
import { readXlsx, XlsxReadError } from "./read";
import { outputSheetsOf, workbookBytes, writeNewWorkbook, writeOutputWorkbook, XlsxWriteRefused } from "./write";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-xlsx-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha = async (f: string): Promise<string> => createHash("sha256").update(await fs.readFile(f)).digest("hex");

async function saveBook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("readXlsx", () => {
  it("gives values the way Excel's `values` does: dates as serials, formulas as cached results, rich text as text", async () => {
    const at = localFromCivil({ year: 2026, month: 10, day: 3, hour: 14, minute: 5, second: 7 });
    const file = await saveBook("kinds.xlsx", (wb) => {
      const ws = wb.addWorksheet("Tickets");
      ws.getCell("A1").value = "Ticket ID";
      ws.getCell("B1").value = "Reported At";
      ws.getCell("A2").value = "T-1";
      ws.getCell("B2").value = excelSerialFromLocal(at);
      ws.getCell("B2").numFmt = "yyyy-mm-dd hh:mm:ss";
      ws.getCell("C2").value = { formula: "1+2", result: 3 } as ExcelJS.CellFormulaValue;
      ws.getCell("D2").value = { richText: [{ text: "保" }, { font: { bold: true }, text: "内" }] };
      ws.getCell("E2").value = { text: "link", hyperlink: "https://example.invalid" };
      ws.getCell("F2").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
      ws.getCell("G2").value = true;
      ws.getCell("H2").value = 12.5;
      ws.getCell("A4").value = "=not a formula";
      ws.getCell("C3").value = { formula: "\"ab\"&\"c\"", result: "abc" } as ExcelJS.CellFormulaValue;
      ws.getCell("B3").value = { formula: "B2+1", result: new Date(Date.UTC(2026, 9, 4, 14, 5, 7)) } as ExcelJS.CellFormulaValue;
      ws.getCell("B3").numFmt = "yyyy-mm-dd hh:mm";
      const other = wb.addWorksheet(MARKER_SHEET, { state: "veryHidden" });
      other.getCell("A1").value = MARKER_TITLE;
      wb.addWorksheet("Empty");
    });
    const data = await readXlsx(file);
    expect(data.sheets.map((s) => s.name)).toEqual(["Tickets", "Empty"]);
    const rows = data.sheets[0].rows;
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(rows[0].slice(0, 2)).toEqual(["Ticket ID", "Reported At"]);
    expect(localFromExcelSerial(rows[1][1] as number)).toBe(at);
    expect(rows[1].slice(2)).toEqual([3, "保内", "link", "#N/A", true, 12.5]);
    expect(localFromExcelSerial(rows[2][1] as number)).toBe(at + 86400);
    expect(rows[2][2]).toBe("abc");
    expect(rows[3]).toEqual(["=not a formula", null, null, null, null, null, null, null]);
    expect(data.sheets[1].rows).toEqual([]);
  });

  it("keeps every date-time exactly to the second (1900–2100)", async () => {
    const lo = localFromCivil({ year: 1900, month: 3, day: 1, hour: 0, minute: 0, second: 0 });
    const hi = localFromCivil({ year: 2100, month: 12, day: 31, hour: 23, minute: 59, second: 59 });
    const samples = fc.sample(fc.integer({ min: lo, max: hi }), { numRuns: 400, seed: 7 });
    const file = await saveBook("dates.xlsx", (wb) => {
      const ws = wb.addWorksheet("D");
      samples.forEach((t, i) => {
        const c = ws.getCell(i + 1, 1);
        c.value = excelSerialFromLocal(asLocal(t));
        c.numFmt = "yyyy-mm-dd hh:mm:ss";
      });
    });
    const rows = (await readXlsx(file)).sheets[0].rows;
    expect(rows.map((r) => localFromExcelSerial(r[0] as number))).toEqual(samples);
  });

  // The reader streams the XML itself; exceljs's full model — what it used before — is the reference here.
  it("gives what exceljs's own model of the workbook gives, for random cells of every kind (fast-check)", async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("  padded ", "保内", "a&b<c>", "line\nbreak", "=not a formula"),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2090, 0, 1) }).map((ms) => new Date(ms)),
      fc.integer({ min: 0, max: 99 }).map((result) => ({ formula: "1+1", result })),
      fc.constant(null).map(() => ({ formula: '"a"&"b"', result: "ab" })),
      fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }).map((texts) => ({ richText: texts.map((text) => ({ text })) })),
      fc.constant(null).map(() => ({ error: "#N/A" })),
      fc.constant(null),
    );
    const book = fc.record({
      date1904: fc.boolean(),
      cells: fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 8 }), value), { maxLength: 60 }),
      merge: fc.option(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 })), { nil: undefined }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(book, async ({ date1904, cells, merge }) => {
        const wb = new ExcelJS.Workbook();
        wb.properties.date1904 = date1904;
        const ws = wb.addWorksheet("S");
        for (const [r, c, v] of cells) {
          const cell = ws.getCell(r, c);
          cell.value = v as ExcelJS.CellValue;
          if (v instanceof Date) cell.numFmt = "yyyy-mm-dd hh:mm:ss";
        }
        if (merge) ws.mergeCells(merge[0], merge[1], merge[0] + 1, merge[1] + 2);
        const file = path.join(dir, `random-${run++}.xlsx`);
        await wb.xlsx.writeFile(file);
        const reference = new ExcelJS.Workbook();
        await reference.xlsx.readFile(file);
        expect((await readXlsx(file)).sheets[0].rows).toEqual(referenceRows(reference.getWorksheet("S")!));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it("takes a merged range's value from its top-left cell only, as Excel's `values` does", async () => {
    const zip = await JSZip.loadAsync(await workbookBytes([{ name: "M", role: "template", rows: [["top-left", "inside", "after"], ["inside too", null, "kept"]], formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] }]));
    const part = Object.keys(zip.files).find((n) => /worksheets\/sheet\d+\.xml$/.test(n))!;
    const xml = await zip.file(part)!.async("string");
    zip.file(part, xml.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>'));
    const file = path.join(dir, "merged.xlsx");
    await fs.writeFile(file, await zip.generateAsync({ type: "nodebuffer" }));
    expect((await readXlsx(file)).sheets[0].rows).toEqual([["top-left", null, "after"], [null, null, "kept"]]);
  });

  it.each([
    ["missing.xlsx", null, /no such file/],
    ["text.xlsx", "Ticket,At\nT-1,2026-10-01\n", /not an \.xlsx/],
    ["empty.xlsx", "", /not an \.xlsx/],
    ["zip.xlsx", Buffer.from("PK\x03\x04garbage-garbage-garbage"), /damaged/],
  ])("refuses %s with XlsxReadError", async (name, content, reason) => {
    const file = path.join(dir, name);
    if (content !== null) await fs.writeFile(file, content);
    const err = await readXlsx(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XlsxReadError);
    expect((err as XlsxReadError).reason).toMatch(reason);
  });
});

/** A small output sheet exercising everything the adapter must place. */
function findingsSheet(name: string, penalties: number[]): OutputSheet {
  const due = excelSerialFromLocal(localFromCivil({ year: 2026, month: 10, day: 8, hour: 11, minute: 0, second: 0 }));
  const rows: OutputSheet["rows"] = [["Ticket", "Due", "Penalty", "Note"]];
  penalties.forEach((p, i) => rows.push([`T-${i + 1}`, due, p, ["=1+1", "+86 138", "-5 min", "@home"][i % 4]]));
  rows.push(["Total", null, penalties.reduce((a, b) => a + b, 0), null]);
  const last = rows.length - 1;
  return {
    name,
    role: "findings",
    rows,
    formulas: [{ row: last, col: 2, formula: `=SUM(C2:C${last})` }],
    columns: [{ widthChars: 12, numberFormat: "@" }, { widthChars: 18, numberFormat: "yyyy-mm-dd hh:mm" }, { widthChars: 12, numberFormat: "#,##0.00" }, { widthChars: 20 }],
    cellFormats: [{ row: last, col: 0, numberFormat: "General" }],
    rowStyles: [{ row: 0, style: "header" }, { row: 1, style: "late" }, { row: last, style: "total" }],
    freezeRows: 1,
    tables: [{ name: "Findings", headerRow: 0, lastRow: last - 1, firstCol: 0, lastCol: 3 }],
    pageSetup: { paperSize: "A4", orientation: "landscape", fitToWidth: true, repeatRows: { first: 0, last: 0 }, footer: { center: "&P / &N" } },
  };
}

async function sheetXml(file: string, sheetName: string): Promise<string> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const element = (wbXml.match(/<sheet [^>]*>/g) ?? []).find((e) => e.includes(`name="${sheetName}"`))!;
  const rid = /r:id="([^"]+)"/.exec(element)![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  return zip.file(`xl/${target.replace(/^\/?xl\//, "")}`)!.async("string");
}

describe("writeOutputWorkbook", () => {
  it("writes into a copy: input untouched, user's same-name sheet kept, formulas with cached results, text never a formula", async () => {
    const input = await saveBook("book.xlsx", (wb) => {
      const t = wb.addWorksheet("Tickets");
      t.addRow(["Ticket ID", "Reported At"]);
      t.addRow(["T-1", 46296.5]);
      t.getCell("C2").value = { formula: "B2*2", result: 92593 } as ExcelJS.CellFormulaValue;
      const mine = wb.addWorksheet("Findings 2026-10");
      mine.getCell("A1").value = "my own notes";
    });
    const before = await sha(input);
    const inputData = await readXlsx(input);
    const out = path.join(dir, "book.settled.xlsx");
    const plans = await writeOutputWorkbook(input, [findingsSheet("Findings 2026-10", [100, 50.5, 0.25])], out);
    expect(plans).toEqual([{ wanted: "Findings 2026-10", name: "Findings 2026-10 (2)", replace: false }]);
    expect(await sha(input)).toBe(before);

    const outData = await readXlsx(out);
    expect(outData.sheets.slice(0, 2)).toEqual(inputData.sheets);
    expect(outData.sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10", "Findings 2026-10 (2)"]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Findings 2026-10 (2)")!;
    expect(ws.getCell("C5").formula).toBe("SUM(C2:C4)");
    expect((ws.getCell("C5").value as ExcelJS.CellFormulaValue).result).toBe(150.75);
    for (const [addr, text] of [["D2", "=1+1"], ["D3", "+86 138"], ["D4", "-5 min"]] as const) {
      expect(ws.getCell(addr).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(addr).value).toBe(text);
      expect(ws.getCell(addr).numFmt).toBe("@");
    }
    expect(ws.getCell("B2").numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(ws.getCell("C3").numFmt).toBe("#,##0.00");
    expect(ws.getCell("A5").numFmt ?? "General").toBe("General"); // the per-cell format wins over the column's "@"
    expect(ws.getColumn(2).width).toBe(18);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:D4");
    expect((ws.getCell("A2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    expect(ws.getCell("C5").font.bold).toBe(true);
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, paperSize: 9 });
    // Only the SUM is a formula in the file: no <f> for the text cells.
    const xml = await sheetXml(out, "Findings 2026-10 (2)");
    expect(xml.match(/<f>/g)).toHaveLength(1);
    expect(xml).toContain("<f>SUM(C2:C4)</f>");

    const marker = wb.getWorksheet(MARKER_SHEET)!;
    expect(marker.state).toBe("veryHidden");
    expect(marker.getColumn(1).values.slice(1)).toEqual([MARKER_TITLE, "Findings 2026-10 (2)"]);
    // Formula cached in the input stays as it was.
    expect(wb.getWorksheet("Tickets")!.getCell("C2").formula).toBe("B2*2");
  });

  it("re-running on its own output replaces the sheets it created and nothing else", async () => {
    const first = path.join(dir, "book.settled.xlsx");
    const second = path.join(dir, "book.settled2.xlsx");
    await writeOutputWorkbook(first, [findingsSheet("Findings 2026-10", [7]), findingsSheet("KPIs 2026-10", [1])], second);
    const names = (await readXlsx(second)).sheets.map((s) => s.name);
    expect(names).toEqual(["Tickets", "Findings 2026-10", "Findings 2026-10 (2)", "KPIs 2026-10"]);
    const data = await readXlsx(second);
    expect(data.sheets[2].rows[1][2]).toBe(7);
    expect(data.sheets[1].rows).toEqual([["my own notes"]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second);
    expect(wb.getWorksheet(MARKER_SHEET)!.getColumn(1).values.slice(2)).toEqual(["Findings 2026-10 (2)", "KPIs 2026-10"]);
  });

  it("reads back every sheet, or — for the command line — only the sheets that are not the tool's own output", async () => {
    const book = path.join(dir, "book.settled2.xlsx"); // from the rerun above: two output sheets, two of the user's
    expect((await readXlsx(book)).sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10", "Findings 2026-10 (2)", "KPIs 2026-10"]);
    expect((await readXlsx(book, { skipOutputSheets: true })).sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10"]);
  });

  it("a rerun that writes fewer parts removes the earlier run's extra parts and Fees sheets of that month, nothing else", async () => {
    const { settleMonth } = await import("../engine");
    const sample = path.join(__dirname, "../../examples/sample.xlsx");
    const big = settleMonth(await readXlsx(sample), { month: "2026-10", lang: "en", maxRowsPerSheet: 150 });
    const first = path.join(dir, "parts1.xlsx");
    await writeOutputWorkbook(sample, big.sheets, first);
    const firstNames = (await readXlsx(first)).sheets.map((s) => s.name);
    expect(firstNames).toEqual(expect.arrayContaining(["Findings 2026-10 part 2", "Fees 2026-10"]));
    const small = settleMonth(await readXlsx(first), { month: "2026-10", lang: "en" });
    const second = path.join(dir, "parts2.xlsx");
    await writeOutputWorkbook(first, small.sheets, second);
    const names = (await readXlsx(second)).sheets.map((s) => s.name);
    expect(names.filter((n) => / part \d+$|^Fees /.test(n))).toEqual([]);
    expect(names).toEqual([...(await readXlsx(sample)).sheets.map((s) => s.name), ...small.sheets.map((s) => s.name)]);
    expect((await outputSheetsOf(second)).sort()).toEqual(small.sheets.map((s) => s.name).sort());
  });

  it("refuses to write over the input, and leaves no file behind when the input is unreadable", async () => {
    const input = path.join(dir, "book.xlsx");
    const before = await sha(input);
    await expect(writeOutputWorkbook(input, [findingsSheet("F", [1])], path.join(dir, ".", "book.xlsx"))).rejects.toBeInstanceOf(XlsxWriteRefused);
    expect(await sha(input)).toBe(before);
    const bad = path.join(dir, "bad.xlsx");
    await fs.writeFile(bad, "not a workbook");
    const out = path.join(dir, "bad.settled.xlsx");
    await expect(writeOutputWorkbook(bad, [findingsSheet("F", [1])], out)).rejects.toBeInstanceOf(XlsxReadError);
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("a sheet whose rows are built on demand", () => {
  it("is written block by block, every row in place, and never built whole", async () => {
    const count = 25_001; // more than two of the writer's 10,000-row blocks
    const asked: [number, number][] = [];
    const sheet = lazyRowsSheet(
      { name: "Big", role: "findings", formulas: [], columns: [{ widthChars: 8 }, { widthChars: 8 }], cellFormats: [], rowStyles: [], freezeRows: 1, tables: [] },
      {
        count,
        block: (from, to) => {
          asked.push([from, to]);
          return Array.from({ length: Math.min(to, count) - from }, (_, i) => [`R${from + i}`, from + i]);
        },
      },
    );
    const file = path.join(dir, "lazy.xlsx");
    await writeNewWorkbook([sheet], file, { markAsOutput: false });
    expect(asked.every(([from, to]) => to - from <= 10_000)).toBe(true);
    const back = (await readXlsx(file)).sheets.find((s) => s.name === "Big")!;
    expect(back.rows).toHaveLength(count);
    expect(back.rows[0]).toEqual(["R0", 0]);
    expect(back.rows[count - 1]).toEqual([`R${count - 1}`, count - 1]);
  });
});

describe("a write that fails half-way", () => {
  it("rejects, writes nothing and leaves no temporary file (a sheet whose rows fail while being built)", async () => {
    const failing = lazyRowsSheet(
      { name: "Bad", role: "findings", formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] },
      {
        count: 30_000,
        block: (from, to) => {
          if (from >= 10_000) throw new Error("rows failed");
          return Array.from({ length: to - from }, (_, i) => [from + i]);
        },
      },
    );
    const out = path.join(dir, "failed.xlsx");
    await expect(writeOutputWorkbook(path.join(__dirname, "../../examples/sample.xlsx"), [failing], out)).rejects.toThrow("rows failed");
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("cell styles", () => {
  // One cell format (xf) per number format and row style that occur, however many rows: exceljs's per-cell style
  // objects had made its writer quadratic.
  it("keeps formats and row styles, with one cell format per format and style, not per cell", async () => {
    const xfCount = async (rows: number) => {
      const file = path.join(dir, `styles-${rows}.xlsx`);
      await fs.writeFile(file, await workbookBytes([findingsSheet("F", Array.from({ length: rows }, (_, i) => i))]));
      const zip = await JSZip.loadAsync(await fs.readFile(file));
      const styles = await zip.file("xl/styles.xml")!.async("string");
      return { file, xfs: Number(/<cellXfs count="(\d+)"/.exec(styles)![1]) };
    };
    const small = await xfCount(5);
    expect((await xfCount(5000)).xfs).toBe(small.xfs);
    expect(small.xfs).toBeLessThan(40);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(small.file);
    const ws = wb.getWorksheet("F")!;
    expect(ws.getCell("D3").numFmt).toBe("@"); // "+86 138", "-5 min", "@home": text as "@"
    expect(ws.getCell("D5").numFmt).toBe("@");
    // A styled row keeps each cell's number format under the row style.
    expect(ws.getCell("B2").numFmt).toBe("yyyy-mm-dd hh:mm");
    expect((ws.getCell("B2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    expect((ws.getCell("B3").fill as ExcelJS.FillPattern | undefined)?.pattern ?? "none").toBe("none");
    expect(ws.getCell("A7").numFmt ?? "General").toBe("General");
    expect(ws.getCell("C7").font.bold).toBe(true);
    expect(ws.getCell("C7").numFmt).toBe("#,##0.00");
    expect(ws.getCell("A1").border?.bottom?.style).toBe("thin");
    expect(ws.getCell("C7").border?.bottom?.style).toBe("double");
  });

  it("writes row styles given as a code per row (the Findings sheet) byte for byte as the same styles listed", async () => {
    const fixedDate = new Date(Date.UTC(2026, 10, 1));
    const style = fc.option(fc.constantFrom<RowStyle>("header", "late", "total", "note", "section"), { nil: undefined });
    // Rows 0..7 of a sheet with 6 rows of values: a styled row past the values is written too.
    await fc.assert(fc.asyncProperty(fc.array(style, { minLength: 1, maxLength: 8 }), async (looks) => {
      const base = findingsSheet("F", [1, 2, 3, 4]);
      const listed = { ...base, rowStyles: looks.flatMap((look, row) => (look ? [{ row, style: look }] : [])) };
      const coded = { ...base, rowStyles: [], rowStyleCodes: Uint8Array.from(looks, (look) => (look ? rowStyleCode(look) : 0)) };
      expect(Buffer.from(await workbookBytes([coded], { fixedDate })).equals(Buffer.from(await workbookBytes([listed], { fixedDate })))).toBe(true);
    }), { numRuns: 40 });
  });
});

describe("writeNewWorkbook", () => {
  it("never overwrites an existing file and leaves no temporary file", async () => {
    const file = path.join(dir, "template.xlsx");
    await writeNewWorkbook([findingsSheet("Tickets", [1])], file, { markAsOutput: false });
    const before = await sha(file);
    const err = await writeNewWorkbook([findingsSheet("Other", [2])], file, { markAsOutput: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XlsxWriteRefused);
    expect((err as XlsxWriteRefused).reason).toBe("exists");
    expect(await sha(file)).toBe(before);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect((await readXlsx(file)).sheets.map((s) => s.name)).toEqual(["Tickets"]);
  });
});

/** The values the reader used to take from exceljs's model (dates to serials to the second, merged cells empty). */
function referenceRows(ws: ExcelJS.Worksheet): Cell[][] {
  const value = (v: unknown): Cell => {
    if (v === null || v === undefined) return null;
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v === "string") return v === "" ? null : v;
    if (typeof v === "boolean") return v;
    if (v instanceof Date) return Math.round(v.getTime() / 1000) / 86400 + 25569;
    const o = v as Record<string, unknown>;
    if ("formula" in o) return "result" in o ? value(o.result) : null;
    if ("richText" in o) return value((o.richText as { text: string }[]).map((r) => r.text).join(""));
    if ("error" in o) return String(o.error);
    return String(v);
  };
  const rows: Cell[][] = [];
  let lastCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const v = cell.isMerged && cell.master !== cell ? null : value(cell.value);
      if (v === null) return;
      (rows[r - 1] ??= [])[c - 1] = v;
      lastCol = Math.max(lastCol, c);
    });
  });
  const dense = Array.from({ length: rows.length }, (_, r) => Array.from({ length: lastCol }, (_, c) => rows[r]?.[c] ?? null));
  return dense;
}
