/**
 * The output copy as a package edit (package.ts): what the user's workbook holds goes across untouched, and the
 * tool's own earlier sheets are replaced cleanly — whoever wrote them.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { MARKER_SHEET, MARKER_TITLE, type OutputSheet } from "../engine/core/output";
import { declaredEntrySizes, readXlsx, readXlsxBytes, XlsxReadError } from "./read";
import { directoryDamage, editWorkbook, maskedXml, openZip, PackageError, Utf8Text, type PartSource } from "./package";
import { MAX_COPIED_BYTES } from "./zipWriter";
import { partsOf, sampleText, sampleWith, SAMPLE, SAMPLE_SHEETS } from "../../test/hostile/zipParts";
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { escapeText, inlineText } from "./sheetXml";
import { outputSheetsOf, workbookBytes, writeOutputWorkbook } from "./write";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "sla-package-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sheet = (name: string, rows: OutputSheet["rows"], more: Partial<OutputSheet> = {}): OutputSheet => ({
  name, role: "findings", rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [], ...more,
});

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function parts(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) out.set(name, await zip.files[name].async("nodebuffer"));
  return out;
}

describe("the copy is the input's package with sheets added", () => {
  it("copies every part it does not edit byte for byte (a picture and its drawing included)", async () => {
    const wb = new ExcelJS.Workbook();
    const t = wb.addWorksheet("Tickets");
    t.addRow(["Ticket ID", "Reported At"]);
    t.addRow(["T-1", 46296.5]);
    t.addImage(wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: "png" }), "D2:F8");
    t.getCell("A2").note = "checked by finance";
    const input = path.join(dir, "picture.xlsx");
    await wb.xlsx.writeFile(input);
    const out = path.join(dir, "picture.settled.xlsx");
    await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["Ticket"], ["T-1"]])], out);

    const before = await parts(input);
    const after = await parts(out);
    const edited = new Set(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"]);
    expect([...before.keys()].some((n) => n.startsWith("xl/media/"))).toBe(true);
    expect([...before.keys()].some((n) => n.startsWith("xl/drawings/"))).toBe(true);
    for (const [name, bytes] of before) {
      expect({ name, present: after.has(name) }).toEqual({ name, present: true });
      if (!edited.has(name)) expect({ name, same: after.get(name)!.equals(bytes) }).toEqual({ name, same: true });
    }
    // The styles part only grows: every style the input had keeps its index.
    const stylesBefore = before.get("xl/styles.xml")!.toString("utf8");
    const stylesAfter = after.get("xl/styles.xml")!.toString("utf8");
    const xfs = (xml: string) => /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)![1];
    expect(xfs(stylesAfter).startsWith(xfs(stylesBefore))).toBe(true);
    // So does the shared-string table: every text the input had keeps its index.
    const items = (xml: string) => /<sst\b[^>]*>([\s\S]*)<\/sst>/.exec(xml)![1];
    expect(items(after.get("xl/sharedStrings.xml")!.toString("utf8")).startsWith(items(before.get("xl/sharedStrings.xml")!.toString("utf8")))).toBe(true);

    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(back.getWorksheet("Tickets")!.getImages()).toHaveLength(1);
    expect(back.getWorksheet("Tickets")!.getCell("A2").note).toBeDefined();
    expect((await readXlsx(out)).sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10"]);
  });

  it("refuses, as a damaged workbook, an input whose other parts cannot be read back — nothing written", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.file("xl/notes.xml", "<notes>" + "x".repeat(20_000) + "</notes>", { compression: "DEFLATE" });
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    // Garble the middle of that part's compressed data (its local header is found by its name).
    const at = bytes.indexOf(Buffer.from("xl/notes.xml")) + "xl/notes.xml".length;
    for (let i = at + 10; i < at + 40; i++) bytes[i] ^= 0x5a;
    const input = path.join(dir, "garbled.xlsx");
    await fs.writeFile(input, bytes);
    expect((await readXlsx(input)).sheets.map((s) => s.name)).toEqual(["Tickets"]); // the sheets themselves read fine
    const out = path.join(dir, "garbled.settled.xlsx");
    const err = await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["Ticket"]])], out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XlsxReadError);
    expect((err as XlsxReadError).reason).toMatch(/damaged.*xl\/notes\.xml/);
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("replaces the sheets an earlier run listed (shared-string marker), keeps sheet-scoped names in step, drops a stale calculation chain", async () => {
    // A workbook as the earlier exceljs writer (or Excel itself, through the add-in) left it: the marker's names are
    // shared strings, an output sheet sits between two of the user's, and Excel saved a calculation chain.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const old = wb.addWorksheet("Findings 2026-10");
    old.getCell("A1").value = "stale";
    old.getCell("B1").value = { formula: "1+1", result: 2 } as ExcelJS.CellFormulaValue;
    const notes = wb.addWorksheet("Notes");
    notes.getCell("A1").value = "mine";
    notes.pageSetup.printArea = "A1:B2";
    const marker = wb.addWorksheet(MARKER_SHEET, { state: "veryHidden" });
    marker.getCell("A1").value = MARKER_TITLE;
    marker.getCell("A2").value = "Findings 2026-10";
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.file("xl/calcChain.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B1" i="2"/></calcChain>');
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", '<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>'));
    const types = await zip.file("[Content_Types].xml")!.async("string");
    zip.file("[Content_Types].xml", types.replace("</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>'));
    const input = path.join(dir, "earlier.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    expect(await outputSheetsOf(input)).toEqual(["Findings 2026-10"]);

    const out = path.join(dir, "earlier.settled.xlsx");
    const plans = await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["fresh"]])], out);
    expect(plans).toEqual([{ wanted: "Findings 2026-10", name: "Findings 2026-10", replace: true }]);
    const data = await readXlsx(out);
    expect(data.sheets.map((s) => s.name)).toEqual(["Tickets", "Notes", "Findings 2026-10"]);
    expect(data.sheets[2].rows).toEqual([["fresh"]]);
    expect(await outputSheetsOf(out)).toEqual(["Findings 2026-10"]);
    const after = await parts(out);
    expect(after.has("xl/calcChain.xml")).toBe(false);
    expect(after.get("xl/_rels/workbook.xml.rels")!.toString()).not.toContain("calcChain");
    expect(after.get("[Content_Types].xml")!.toString()).not.toContain("calcChain");
    // Notes moved from the third tab to the second: its print area moved with it.
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(back.getWorksheet("Notes")!.pageSetup.printArea).toBe("A1:B2");
    expect(back.getWorksheet(MARKER_SHEET)!.state).toBe("veryHidden");
  });

  it("puts new defined names where the workbook part's schema wants them: after external references", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const workbook = await zip.file("xl/workbook.xml")!.async("string");
    expect(workbook).not.toContain("definedNames");
    zip.file("xl/workbook.xml", workbook.replace("</sheets>", '</sheets><externalReferences><externalReference r:id="rIdLink"/></externalReferences>'));
    const input = path.join(dir, "links.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(dir, "links.settled.xlsx");
    await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["Ticket"], ["T-1"]], { tables: [{ name: "F", headerRow: 0, lastRow: 1, firstCol: 0, lastCol: 0 }] })], out);
    const xml = (await parts(out)).get("xl/workbook.xml")!.toString();
    expect(xml).toMatch(/<\/sheets><externalReferences>.*<\/externalReferences><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Findings 2026-10'!\$A\$1:\$A\$2<\/definedName><\/definedNames>/);
  });

  it("defines a format cells can use, not one only a conditional format's style (dxf) has, and keeps its id free", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const dxf = '<dxfs count="1"><dxf><numFmt numFmtId="170" formatCode="0.0%"/></dxf></dxfs>';
    const patched = /<dxfs[^>]*\/>|<dxfs[\s\S]*?<\/dxfs>/.test(styles) ? styles.replace(/<dxfs[^>]*\/>|<dxfs[\s\S]*?<\/dxfs>/, dxf) : styles.replace("</cellStyles>", `</cellStyles>${dxf}`);
    expect(patched).toContain('numFmtId="170"');
    zip.file("xl/styles.xml", patched);
    const input = path.join(dir, "dxf.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(dir, "dxf.settled.xlsx");
    await writeOutputWorkbook(input, [sheet("KPIs 2026-10", [["Rate"], [0.25]], { columns: [{ widthChars: 10, numberFormat: "0.0%" }] })], out);
    const after = (await parts(out)).get("xl/styles.xml")!.toString();
    const defined = /<numFmts[^>]*>([\s\S]*?)<\/numFmts>/.exec(after)![1];
    expect(defined).toMatch(/<numFmt numFmtId="(\d+)" formatCode="0.0%"\/>/);
    // The lowest id from 164 up that the part does not use: the dxf's 170 stays its own.
    const id = Number(/<numFmt numFmtId="(\d+)" formatCode="0.0%"\/>/.exec(defined)![1]);
    expect(id).toBeGreaterThanOrEqual(164);
    expect(id).not.toBe(170);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(back.getWorksheet("KPIs 2026-10")!.getCell("A2").numFmt).toBe("0.0%");
  });

  it("makes a macro-enabled workbook's copy a plain .xlsx: its VBA project stays in the input only", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.file("xl/vbaProject.bin", Buffer.from("not really VBA"));
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'));
    const types = await zip.file("[Content_Types].xml")!.async("string");
    const macroTypes = types
      .replace("spreadsheetml.sheet.main+xml", "placeholder")
      .replace(/application\/vnd\.openxmlformats-officedocument\.placeholder/, "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
      .replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>');
    expect(macroTypes).toContain("macroEnabled");
    zip.file("[Content_Types].xml", macroTypes);
    const input = path.join(dir, "macros.xlsm");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(dir, "macros.settled.xlsx");
    await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["Ticket"]])], out);
    const after = await parts(out);
    expect(after.has("xl/vbaProject.bin")).toBe(false);
    expect(after.get("xl/_rels/workbook.xml.rels")!.toString()).not.toContain("vbaProject");
    expect(after.get("[Content_Types].xml")!.toString()).not.toContain("macroEnabled");
    expect(after.get("[Content_Types].xml")!.toString()).toContain("spreadsheetml.sheet.main+xml");
    expect((await readXlsx(out)).sheets.map((s) => s.name)).toEqual(["Tickets", "Findings 2026-10"]);
    expect((await parts(input)).has("xl/vbaProject.bin")).toBe(true);
  });
});

describe("shared strings", () => {
  const findings = (n: number) =>
    sheet("Findings 2026-10", [["Ticket", "Provider", "Status", "Trace"], ...Array.from({ length: n }, (_, i) => [`T-${i}`, i % 3 ? "Huadong Service Co." : "Beifang 维修", i % 5 ? "met" : "late", `due ${i} = start + 24 h`])]);

  /** The input: an exceljs workbook (shared strings) whose table is then given as `sst` (its one item "T-1"). */
  async function inputWith(sst: string | null, name: string): Promise<string> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["T-1"]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    if (sst !== null) zip.file("xl/sharedStrings.xml", sst);
    const file = path.join(dir, name);
    await fs.writeFile(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    return file;
  }

  it.each([
    ["as exceljs writes it", null],
    ["with a namespace prefix", '<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><x:si><x:t>T-1</x:t></x:si></x:sst>'],
    ["without counts", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>T-</t></r><r><t>1</t></r></si></sst>\n'],
  ])("repeated texts go after the workbook's own items (%s); every cell reads back, in exceljs and here", async (_how, sst) => {
    const input = await inputWith(sst, `sst-${_how.replace(/\W/g, "")}.xlsx`);
    const out = path.join(dir, `sst-${_how.replace(/\W/g, "")}.out.xlsx`);
    const f = findings(600);
    await writeOutputWorkbook(input, [f], out);
    const back = await readXlsx(out);
    expect(back.sheets.find((x) => x.name === "Tickets")!.rows).toEqual([["T-1"]]);
    expect(back.sheets.find((x) => x.name === "Findings 2026-10")!.rows).toEqual(f.rows);
    if (!sst?.includes("x:sst")) {
      // (exceljs itself cannot read a prefixed table, the input's included.)
      const xl = new ExcelJS.Workbook();
      await xl.xlsx.readFile(out);
      expect(xl.getWorksheet("Tickets")!.getCell("A1").text).toBe("T-1");
      expect(xl.getWorksheet("Findings 2026-10")!.getCell("B3").text).toBe("Huadong Service Co.");
    }
    const table = (await parts(out)).get("xl/sharedStrings.xml")!.toString("utf8");
    const sheetXml = [...(await parts(out)).entries()].find(([n, b]) => n.startsWith("xl/worksheets/") && b.includes("due 599 "))![1].toString("utf8");
    // The repeated columns are shared; the ticket and trace columns (new on nearly every row) go on inline.
    expect(sheetXml).toContain('t="s"');
    expect((sheetXml.match(/t="inlineStr"/g) ?? []).length).toBeGreaterThan(2 * (600 - 256));
    expect((table.match(/<(\w+:)?si>/g) ?? []).length).toBeLessThan(2 * 256 + 10);
    if (/uniqueCount="(\d+)"/.test(table)) expect(Number(/uniqueCount="(\d+)"/.exec(table)![1])).toBe((table.match(/<(\w+:)?si>/g) ?? []).length);
    // `count` is every reference to the table, the input's sheet's included.
    const all = [...(await parts(out)).entries()].filter(([n]) => n.startsWith("xl/worksheets/")).map(([, b]) => b.toString("utf8")).join("");
    if (/\scount="(\d+)"/.test(table)) expect(Number(/\scount="(\d+)"/.exec(table)![1])).toBe((all.match(/t="s"/g) ?? []).length);
  });

  it("a rerun replaces its sheets: the table keeps every item (indexes stay), and states no count it cannot know", async () => {
    const input = await inputWith(null, "sst-rerun.xlsx");
    const first = path.join(dir, "sst-rerun.1.xlsx");
    const second = path.join(dir, "sst-rerun.2.xlsx");
    // Row styles whose fonts are the same (header and total are both bold): one font, found again by the rerun.
    const styled = (n: number) => ({ ...findings(n), rowStyles: [{ row: 0, style: "header" as const }, { row: 3, style: "total" as const }, { row: 4, style: "late" as const }] });
    await writeOutputWorkbook(input, [styled(300)], first);
    const f = styled(400);
    await writeOutputWorkbook(first, [f], second);
    const back = await readXlsx(second);
    expect(back.sheets.map((x) => x.name)).toEqual(["Tickets", "Findings 2026-10"]);
    expect(back.sheets[0].rows).toEqual([["T-1"]]);
    expect(back.sheets[1].rows).toEqual(f.rows);
    const before = (await parts(first)).get("xl/sharedStrings.xml")!.toString("utf8");
    const table = (await parts(second)).get("xl/sharedStrings.xml")!.toString("utf8");
    expect(/<sst\b[^>]*>/.exec(before)![0]).toMatch(/\scount="/);
    expect(/<sst\b[^>]*>/.exec(table)![0]).not.toMatch(/\scount="/);
    expect(Number(/uniqueCount="(\d+)"/.exec(table)![1])).toBe((table.match(/<si>/g) ?? []).length);
    // The output's formats are the first run's, reused: the styles part does not grow with each rerun.
    const styles = async (file: string) => (await parts(file)).get("xl/styles.xml")!.toString("utf8");
    expect(await styles(second)).toBe(await styles(first));
  });

  it("an empty table written as one tag (<sst/>) gets the texts inside it", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow([1, 2]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.file("xl/sharedStrings.xml", '<?xml version="1.0"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>\n');
    // (exceljs lists no table for a workbook without text: it is listed here, as Excel would.)
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    if (!rels.includes("sharedStrings")) {
      zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'));
      const types = await zip.file("[Content_Types].xml")!.async("string");
      zip.file("[Content_Types].xml", types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'));
    }
    const input = path.join(dir, "empty-sst.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(dir, "empty-sst.out.xlsx");
    const f = findings(40);
    await writeOutputWorkbook(input, [f], out);
    const back = await readXlsx(out);
    expect(back.sheets.find((x) => x.name === "Tickets")!.rows).toEqual([[1, 2]]);
    expect(back.sheets.find((x) => x.name === "Findings 2026-10")!.rows).toEqual(f.rows);
    const table = (await parts(out)).get("xl/sharedStrings.xml")!.toString("utf8");
    expect(table).toMatch(/^<\?xml version="1.0"\?>\n<sst [^>]*uniqueCount="\d+">(<si>.*?<\/si>)+<\/sst>\n$/);
    expect(Number(/uniqueCount="(\d+)"/.exec(table)![1])).toBe((table.match(/<si>/g) ?? []).length);
  });

  it("an input without a table gets one; a new workbook too", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow([1, 2]);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.remove("xl/sharedStrings.xml");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", rels.replace(/<Relationship [^>]*sharedStrings[^>]*\/>/, ""));
    const input = path.join(dir, "no-sst.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const out = path.join(dir, "no-sst.out.xlsx");
    const f = findings(50);
    await writeOutputWorkbook(input, [f], out);
    expect((await readXlsx(out)).sheets.find((x) => x.name === "Findings 2026-10")!.rows).toEqual(f.rows);
    const after = await parts(out);
    expect(after.get("[Content_Types].xml")!.toString()).toContain("sharedStrings+xml");
    expect(after.get("xl/_rels/workbook.xml.rels")!.toString()).toContain("/sharedStrings");
    const file = path.join(dir, "new-sst.xlsx");
    await fs.writeFile(file, await workbookBytes([f]));
    expect((await readXlsx(file)).sheets[0].rows).toEqual(f.rows);
  });
});

describe("text in the sheet XML", () => {
  it("escapes markup, and writes characters XML cannot carry the way Excel reads them back (_xHHHH_)", () => {
    expect(escapeText(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(escapeText("bell\u0007")).toBe("bell_x0007_");
    expect(escapeText("tab\tnew\nline")).toBe("tab\tnew\nline");
    expect(escapeText("crlf\r\n")).toBe("crlf_x000D_\n"); // an XML parser would turn a raw CR into LF
    // A literal escape-like text keeps its meaning: its underscore is escaped.
    expect(escapeText("_x0041_")).toBe("_x005F_x0041_");
    expect(escapeText("lone \ud800!")).toBe("lone _xD800_!");
    expect(escapeText("pair 😀")).toBe("pair 😀");
    expect(escapeText("plain")).toBe("plain");
  });

  it("the quick checks (one character class; the ends and a line break) decide as the full patterns did", () => {
    // The patterns the quick checks replaced, applied to any text, XML's awkward characters weighted in.
    const ESCAPES = /[&<>"\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
    const oldEscape = (t: string) => (new RegExp(ESCAPES.source).test(t) ? t.replace(ESCAPES, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch] ?? `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`) : t);
    const oldInline = (t: string) => (/^\s|\s$|\n/.test(t) ? `<t xml:space="preserve">${oldEscape(t)}</t>` : `<t>${oldEscape(t)}</t>`);
    const piece = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.constantFrom("_x0041_", "_x", "_", "\ud800", "\udc00", "😀", " ", "\u3000", "\u00a0", "\n", "\r", "\t", "&", "<", '"', "\uffff", "维修"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const t = parts.join("");
        expect(escapeText(t)).toBe(oldEscape(t));
        expect(inlineText(t)).toBe(oldInline(t));
      }),
      { numRuns: 2000 },
    );
  });

  it("reads back every text it writes, characters XML cannot carry included (_xHHHH_ both ways)", async () => {
    const texts = ["bell\u0007", "crlf\r\nline", "_x0041_ literal", "lone \ud800!", "tab\tend", "<&>\"'", " padded ", "报修 😀"];
    const file = path.join(dir, "texts.xlsx");
    await fs.writeFile(file, await workbookBytes([sheet("T", texts.map((t) => [t]))]));
    expect((await readXlsx(file)).sheets[0].rows.map((r) => r[0])).toEqual(texts);
  });

  it("writes numbers, booleans, text that looks like a formula, and a formula's cached text", async () => {
    const bytes = await workbookBytes([
      sheet("S", [[1.5, true, "=SUM(A1)", "x"], [-0.000001, false, null, "cached"]], { formulas: [{ row: 1, col: 3, formula: '="cac"&"hed"' }] }),
    ]);
    const file = path.join(dir, "kinds.xlsx");
    await fs.writeFile(file, bytes);
    expect((await readXlsx(file)).sheets[0].rows).toEqual([[1.5, true, "=SUM(A1)", "x"], [-0.000001, false, null, "cached"]]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    expect(back.getWorksheet("S")!.getCell("D2").formula).toBe('"cac"&"hed"');
    expect(back.getWorksheet("S")!.getCell("C1").numFmt).toBe("@");
  });
});

describe("the copy opens in Excel whatever the output holds", () => {
  it("writes a sheet name cleaned and cut between characters, and a 46,609-character text within 32,767 with its marker", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tickets").addRow(["Ticket ID"]);
    const input = path.join(dir, "limits.xlsx");
    await wb.xlsx.writeFile(input);
    const out = path.join(dir, "limits.settled.xlsx");
    const long = `${"n".repeat(32_700)}${"😀".repeat(7_000)}`;
    expect(long.length).toBe(46_700);
    await writeOutputWorkbook(input, [
      sheet("Report 2026-10 Hua\u0007xiu Se😀rvice", [["Note", "Cached"], [long, long]], { formulas: [{ row: 1, col: 1, formula: '=""' }] }),
    ], out);
    const after = await parts(out);
    const names = [...after.get("xl/workbook.xml")!.toString().matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toContain("Report 2026-10 Hua xiu Se😀rvic");
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    const sheetPart = [...after.keys()].find((n) => /worksheets\/sheet\d+\.xml$/.test(n) && after.get(n)!.toString().includes("<f>"))!;
    const xml = after.get(sheetPart)!.toString();
    const shared = [...after.get("xl/sharedStrings.xml")!.toString().matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]);
    const a2 = /<c r="A2"[^>]*?(?: t="(\w+)")?>(?:<is><t>([^<]*)<\/t><\/is>|<v>(\d+)<\/v>)<\/c>/.exec(xml)!;
    const inline = a2[1] === "s" ? shared[Number(a2[3])] : a2[2];
    const cached = /<c r="B2"[^>]*><f>[^<]*<\/f><v>([^<]*)<\/v><\/c>/.exec(xml)![1];
    for (const text of [inline, cached]) {
      expect(text.length).toBeLessThanOrEqual(32_767);
      expect(text).toMatch(/ … \[cut: [\d,]+ more characters; an Excel cell holds at most 32,767\]$/);
      expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });
});

describe("the package's structure", () => {
  const CT = "[Content_Types].xml";
  const settle = async (name: string, bytes: Buffer) => {
    const input = path.join(dir, `${name}.xlsx`);
    await fs.writeFile(input, bytes);
    const out = path.join(dir, `${name}.settled.xlsx`);
    await writeOutputWorkbook(input, [sheet("Findings 2026-10", [["Ticket"], ["T-1"]])], out);
    return parts(out);
  };
  // The Override elements directly inside the root, as an XML parser sees them (the part must be well-formed).
  const overridesOf = (types: string) => {
    const found: string[] = [];
    const parser = new SaxesParser();
    let depth = 0;
    parser.on("error", (e) => {
      throw e;
    });
    parser.on("opentag", (t) => {
      if (depth === 1 && t.name === "Override") found.push(String(t.attributes.PartName).toLowerCase());
      if (!t.isSelfClosing) depth++;
    });
    parser.on("closetag", (t) => {
      if (!t.isSelfClosing) depth--;
    });
    parser.write(types).close();
    return found;
  };

  it("decodes UTF-8 cut anywhere across chunks, and refuses bytes that are not UTF-8 (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        const bytes = Buffer.from(text, "utf8");
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const d = new Utf8Text("p.xml");
        let out = "";
        let from = 0;
        for (const c of [...at, bytes.length]) {
          out += d.decode(bytes.subarray(from, c));
          from = c;
        }
        d.end();
        expect(out).toBe(text);
      }),
      { numRuns: 2000 },
    );
    for (const bad of [[0x41, 0xff, 0x42], [0xc3], [0xe6, 0x95], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const d = new Utf8Text("xl/sharedStrings.xml");
      expect(() => {
        for (const b of bad) d.decode(Buffer.from([b]));
        d.end();
      }).toThrow(/xl\/sharedStrings\.xml is not UTF-8 text/);
    }
  });

  it("finds entries that share stored bytes, and names given twice whatever their case", () => {
    const e = (fileName: string, relativeOffsetOfLocalHeader: number, compressedSize: number) => ({ fileName, relativeOffsetOfLocalHeader, compressedSize, fileNameLength: Buffer.byteLength(fileName) });
    expect(directoryDamage([e("a.xml", 0, 100), e("b.xml", 135, 10)])).toBeNull(); // 30 + 5 + 100 = 135: adjacent
    expect(directoryDamage([e("b.xml", 135, 10), e("a.xml", 0, 101)])).toMatch(/a\.xml and b\.xml share stored bytes/);
    expect(directoryDamage([e("a.xml", 0, 100), e("b.xml", 0, 100)])).toMatch(/share stored bytes/);
    expect(directoryDamage([e("xl/A.xml", 0, 1), e("xl/a.xml", 100, 1)])).toMatch(/xl\/A\.xml and xl\/a\.xml, one part named twice/);
    expect(directoryDamage([e("x.xml", 0, 1), e("x.xml", 100, 1)])).toMatch(/x\.xml twice/);
  });

  it("blanks comments, CDATA and processing instructions, keeping every offset", () => {
    const xml = '<?xml version="1.0"?><a x="1"><!-- </a> --><b><![CDATA[</a><!--]]></b><?pi </a>?></a><!-- </a> -->';
    const masked = maskedXml(xml);
    expect(masked).toHaveLength(xml.length);
    expect(masked.match(/<\/?[ab]\b/g)).toEqual(["<a", "<b", "</b", "</a"]);
    expect(masked.lastIndexOf("</a>")).toBe(xml.indexOf("</a><!-- </a> -->"));
  });

  it("adds content types and relationships inside the root whatever follows it, and never twice for one part", async () => {
    const types = await sampleText(CT);
    const rels = await sampleText("xl/_rels/workbook.xml.rels");
    const out = await settle("quirks", await sampleWith({
      // A comment after the root holding its end tag; an override left over from a part that is gone.
      [CT]: `${types.replace("</Types>", '<Override PartName="/xl/worksheets/sheet8.xml" ContentType="application/xml"/></Types>')}<!-- </Types> -->`,
      "xl/_rels/workbook.xml.rels": `${rels}<!-- <Relationship Id="x"/></Relationships> -->`,
    }));
    const outTypes = out.get(CT)!.toString("utf8");
    const sheets = [...out.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    const overrides = overridesOf(outTypes);
    for (const n of sheets) expect(overrides).toContain(`/${n}`);
    expect(new Set(overrides).size).toBe(overrides.length);
    const outRels = out.get("xl/_rels/workbook.xml.rels")!.toString("utf8").replace(/<!--[\s\S]*?-->/g, "");
    expect((outRels.match(/<Relationship\b/g) ?? []).length).toBe(sheets.length + 2); // the sheets, styles, shared strings
  });

  it("opens a content types part written as one tag", async () => {
    const out = await settle("empty-types", await sampleWith({ [CT]: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' }));
    expect(overridesOf(out.get(CT)!.toString("utf8"))).toContain("/xl/worksheets/sheet8.xml");
  });

  it("refuses a content type given twice to one part, naming [Content_Types].xml", async () => {
    const types = (await sampleText(CT)).replace("</Types>", '<Override PartName="/XL/styles.xml" ContentType="application/xml"/></Types>');
    await expect(settle("types-twice", await sampleWith({ [CT]: types }))).rejects.toThrow(/\[Content_Types\]\.xml gives part \/XL\/styles\.xml a content type twice/);
  });

  it("refuses a structural part that is not well-formed or holds a DTD, naming it", async () => {
    const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="t" Target="&#xD800;" TargetMode="External"/></Relationships>';
    await expect(settle("surrogate", await sampleWith({ "xl/worksheets/_rels/sheet1.xml.rels": rels }))).rejects.toThrow(/xl\/worksheets\/_rels\/sheet1\.xml\.rels: not well-formed XML/);
    const dtd = (await sampleText("xl/workbook.xml")).replace("<workbook", '<!DOCTYPE workbook [<!ENTITY e "x">]><workbook');
    await expect(readXlsxBytes(await sampleWith({ "xl/workbook.xml": dtd }))).rejects.toThrow(/xl\/workbook\.xml: not well-formed XML \(a document type declaration/);
  });

  it("reads a ZIP64 package as the same parts in a classic zip, and its copy reads back", async () => {
    const zip64 = await sampleWith({}, { zip64: true, zip64End: true });
    const classic = await sampleWith({});
    expect(declaredEntrySizes(zip64)).toEqual(declaredEntrySizes(classic));
    expect([...declaredEntrySizes(zip64)!.values()].every(Number.isFinite)).toBe(true);
    // ZIP64 extra fields in a zip ending with the classic end record only, as some writers do.
    const entriesOnly = await sampleWith({}, { zip64: true });
    expect(declaredEntrySizes(entriesOnly)).toEqual(declaredEntrySizes(classic));
    expect(await readXlsxBytes(entriesOnly)).toEqual(await readXlsxBytes(classic));
    expect(await readXlsxBytes(zip64)).toEqual(await readXlsxBytes(classic));
    const out = await settle("zip64", zip64);
    const before = await partsOf(SAMPLE);
    for (const part of [SAMPLE_SHEETS.Tickets, SAMPLE_SHEETS.Events]) expect(out.get(part)!.equals(before.get(part)!)).toBe(true);
  });

  it("refuses, before writing, a copy whose parts would unpack to more than MAX_COPIED_BYTES", async () => {
    const real = await openZip(await sampleWith({}));
    const claimed: PartSource = { ...real, size: (n) => (n === SAMPLE_SHEETS.Payments ? MAX_COPIED_BYTES : real.size(n)) };
    try {
      await expect(editWorkbook(claimed, [sheet("Findings 2026-10", [["Ticket"]])], { modified: new Date(0), marker: true })).rejects.toThrow(PackageError);
      await expect(editWorkbook(claimed, [sheet("Findings 2026-10", [["Ticket"]])], { modified: new Date(0), marker: true })).rejects.toThrow(/more than the 8 GiB/);
    } finally {
      real.close();
    }
  });
});
