/**
 * The scanner (scan.ts) pinned to saxes: every workbook here is read twice — with the scanner, and with saxes alone
 * (`readerPaths.scanner = false`, the reader as it was) — and both must give the same sheets, or refuse with the same
 * message. The shapes producers write must be read by the scanner itself (no fallback); everything it does not take
 * must fall back, for the reason it says, and so still be read (or refused) exactly as saxes reads it.
 */
import { promises as fs } from "fs";
import path from "path";
import { Readable } from "stream";
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { syntheticWorkbook } from "../../bench/synthetic";
import type { WorkbookData } from "../engine/core/cells";
import { openZip, sharedItemCount, type PartSource } from "./package";
import { dateSerial, excelSerialFromDate, readXlsxBytes, XlsxReadError } from "./read";
import { readerPaths, scanLimits, scanPart, SharedStringsScan } from "./scan";
import { workbookBytes } from "./write";

const SAMPLE = path.join(__dirname, "../../examples/sample.xlsx");
const TICKETS = "xl/worksheets/sheet1.xml";
const SST = "xl/sharedStrings.xml";
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

afterEach(() => {
  readerPaths.scanner = true;
  readerPaths.onFallback = null;
  scanLimits.batchBytes = 2 ** 20;
  scanLimits.maxUnitBytes = 16 * 2 ** 20;
});

type Outcome = WorkbookData | { refused: string };

async function readWith(bytes: Buffer, scanner: boolean, fallbacks: string[] = []): Promise<Outcome> {
  readerPaths.scanner = scanner;
  readerPaths.onFallback = (part, why) => void fallbacks.push(`${part}: ${why}`);
  try {
    return await readXlsxBytes(bytes);
  } catch (e) {
    if (e instanceof XlsxReadError) return { refused: e.message };
    throw e;
  } finally {
    readerPaths.scanner = true;
    readerPaths.onFallback = null;
  }
}

/** The workbook read by the scanner and by saxes alone; they must agree. What the scanner gave up on, part: why. */
async function bothWays(bytes: Buffer): Promise<{ outcome: Outcome; fallbacks: string[] }> {
  const fallbacks: string[] = [];
  const scanned = await readWith(bytes, true, fallbacks);
  const parsed = await readWith(bytes, false);
  expect(scanned).toEqual(parsed);
  return { outcome: scanned, fallbacks };
}

/** The sample with some parts replaced (the Tickets sheet, the shared strings…), deflated unless `store`. */
async function sampleWith(parts: Record<string, string | Buffer>, store = false): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await fs.readFile(SAMPLE));
  for (const [name, data] of Object.entries(parts)) zip.file(name, data);
  return zip.generateAsync({ type: "nodebuffer", compression: store ? "STORE" : "DEFLATE" });
}

/**
 * `good` with one to three random edits (a few characters cut at a random place, one of `puts` put there), as `part`
 * of `base`: each workbook must read, or be refused, exactly as saxes reads it (bothWays).
 */
async function editedReadAlike(base: JSZip, part: string, good: string, puts: string[], numRuns: number): Promise<void> {
  const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), put: fc.constantFrom(...puts) });
  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
      let xml = good;
      for (const e of edits) {
        const at = e.at % (xml.length + 1);
        xml = xml.slice(0, at) + e.put + xml.slice(at + e.cut);
      }
      base.file(part, xml);
      await bothWays(await base.generateAsync({ type: "nodebuffer" }));
    }),
    { numRuns },
  );
}

const sheet = (data: string, after = "", head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n') => `${head}<worksheet ${MAIN}><sheetData>${data}</sheetData>${after}</worksheet>`;
const sst = (items: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${MAIN}>${items}</sst>`;
/** The sample's shared strings with `items` appended (their indexes from 485 on). */
const sampleSst = async (items: string) => (await (await JSZip.loadAsync(await fs.readFile(SAMPLE))).file(SST)!.async("string")).replace("</sst>", `${items}</sst>`);

/** Cell shapes as producers write them, read by the scanner itself. */
const SHAPES: [string, string][] = [
  ["numbers, every form", '<row r="1"><c r="A1"><v>0</v></c><c r="B1"><v>-0</v></c><c r="C1"><v>123.456</v></c><c r="D1"><v>-0.25</v></c><c r="E1"><v>000.5</v></c><c r="F1"><v>46304.464583333334</v></c><c r="G1"><v>1.5E3</v></c><c r="H1"><v>.5</v></c><c r="I1"><v>5.</v></c><c r="J1"><v>+3</v></c><c r="K1"><v>1e308</v></c><c r="L1"><v>999999999999999</v></c><c r="M1"><v>9007199254740993</v></c><c r="N1" t="n"><v>7</v></c><c r="O1"><v>0.1</v></c><c r="P1"><v>1234567890.12345</v></c></row>'],
  ["dates by style (yyyy-mm-dd, yyyy-mm-dd hh:mm), ISO dates", '<row r="1"><c r="A1" s="4"><v>46304</v></c><c r="B1" s="6"><v>46304.464583333334</v></c><c r="C1" s="6"><v>46304.5</v></c><c r="D1" t="d"><v>2026-10-03T14:05:00</v></c><c r="E1" t="d"><v>2026-10-03</v></c><c r="F1" s="06"><v>46304.5</v></c><c r="G1" s="99"><v>1</v></c></row>'],
  ["inline strings, plain, preserved spaces, rich and phonetic runs", `<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c><c r="C1" t="inlineStr"><is><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/></rPr><t>bold </t></r><r><t>plain</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1" type="noConversion"/></is></c><c r="D1" t="inlineStr"><is><t>保内 2026年10月9日 21:25</t></is></c><c r="E1" t="inlineStr"><is><t>a _x000D_ b _x005F_x0041_</t></is></c><c r="F1" t="inlineStr"><is><t/></is></c><c r="G1" t="inlineStr"><is></is></c><c r="H1" t="inlineStr"><v>v too</v><is><t>and t</t></is></c></row>`],
  ["references in text and attributes, line ends", '<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#20013;&#x1F600;&#x9;&#13;</t></is></c><c r="&#66;1"><v>1&#48;</v></c><c r="C1" t="inlineStr"><is><t>one\r\ntwo\rthree\nfour</t></is></c><c r="D1" t="str"><v>x&#xD;&#xA;y</v></c><c r="E1" t="inline&#83;tr"><is><t>typed by reference</t></is></c></row>'],
  ["formulas, shared and array, with cached results", '<row r="1"><c r="A1"><f>SUM(B1:C1)&amp;"x"</f><v>3</v></c><c r="B1" t="str"><f t="shared" ref="B1:B2" si="0">A1&amp;"y"</f><v>ay</v></c><c r="C1" t="b"><f>TRUE()</f><v>1</v></c><c r="D1" t="e"><f>NA()</f><v>#N/A</v></c><c r="E1"><f>1/0</f></c></row><row r="2"><c r="B2" t="str"><f t="shared" si="0"/><v>by</v></c><c r="C2"><f t="array" ref="C2">{1}</f><v>1</v></c></row>'],
  ["errors and booleans", '<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="b"><v>0</v></c><c r="E1" t="b"><v>true</v></c><c r="F1" t="b"><v>false</v></c></row>'],
  ["white space and quoting as pretty-printers write it", `\n  <row r = '1' spans="1:3">\n    <c r='A1' t = "s">\n      <v>1</v>\n    </c >\n    <c\tr="B1"\n       s="4"><v>46000</v></c>\n    <c r="C1"/>\n    <c r="D1"><v/></c>\n  </row >\n  <row r="3"/>\n  <row r="4" ht="15" customHeight="1" x14ac:dyDescent="0.25"><c r="A4" s="0" t="n" cm="1" vm="1"><v>4</v></c></row>\n`],
  ["cells and rows without references", '<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row><row><c><v>7</v></c></row><row r="5"><c><v>9</v></c></row>'],
  ["shared strings by index, the edge of the table", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>484</v></c><c r="C1" t="s"><v>23</v></c></row>'],
  ["values read the general way: odd numbers, styles and indexes", '<row r="1"><c r="A1"><v> 7 </v></c><c r="B1" s=" 4"><v>46000</v></c><c r="C1" t="s"><v>007</v></c><c r="D1" s=""><v>46000</v></c><c r="E1"><v>00</v></c><c r="F1" t="s"><v>0</v><v></v></c></row>'],
];

describe("the scanner reads what saxes reads", () => {
  it("the sample workbook, every sheet and the shared strings, without falling back", async () => {
    const { outcome, fallbacks } = await bothWays(await fs.readFile(SAMPLE));
    expect(fallbacks).toEqual([]);
    expect((outcome as WorkbookData).sheets.length).toBeGreaterThan(3);
  });

  it.each([[1, 1500], [2, 800]])("a seeded synthetic month (seed %i, %i tickets) as this tool writes it, inline strings and all", async (seed, tickets) => {
    const wb = syntheticWorkbook(tickets, seed);
    const bytes = await workbookBytes(
      wb.sheets.map((s) => ({ name: s.name, role: "template" as const, rows: s.rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] })),
      { fixedDate: new Date(Date.UTC(2026, 10, 1)) },
    );
    const { outcome, fallbacks } = await bothWays(Buffer.from(bytes));
    expect(fallbacks).toEqual([]);
    expect((outcome as WorkbookData).sheets[0].rows).toHaveLength(tickets + 1);
  });

  it("a workbook as exceljs writes it: rich text, formulas, errors, booleans, dates, hyperlinks, merged cells, 1904 dates", async () => {
    for (const date1904 of [false, true]) {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = date1904;
      const ws = wb.addWorksheet("Tickets");
      ws.getCell("A1").value = "Ticket ID";
      ws.getCell("B1").value = { richText: [{ text: "保" }, { font: { bold: true }, text: "内 & <b>" }] };
      ws.getCell("C1").value = { formula: "1+2", result: 3 } as ExcelJS.CellFormulaValue;
      ws.getCell("D1").value = { formula: '"a"&"b"', result: "ab" } as ExcelJS.CellFormulaValue;
      ws.getCell("E1").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
      ws.getCell("F1").value = true;
      ws.getCell("G1").value = new Date(Date.UTC(2026, 9, 3, 14, 5, 7));
      ws.getCell("G1").numFmt = "yyyy-mm-dd hh:mm:ss";
      ws.getCell("H1").value = { text: "link", hyperlink: "https://example.invalid/?a=1&b=2" };
      ws.getCell("I1").value = " line\nbreak ";
      ws.getCell("J1").value = 12.5;
      ws.mergeCells("A3:C4");
      ws.getCell("A3").value = "merged";
      const { outcome, fallbacks } = await bothWays(Buffer.from(await wb.xlsx.writeBuffer()));
      expect(fallbacks).toEqual([]);
      expect((outcome as WorkbookData).sheets[0].rows[0].slice(0, 6)).toEqual(["Ticket ID", "保内 & <b>", 3, "ab", "#N/A", true]);
    }
  });

  it.each(SHAPES)("%s", async (_, data) => {
    const { outcome, fallbacks } = await bothWays(await sampleWith({ [TICKETS]: sheet(data, "", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n').replace("<worksheet ", '<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ') }));
    expect(fallbacks).toEqual([]);
    expect("sheets" in outcome || outcome.refused.length > 0).toBe(true);
  });

  it("a sheet's start and end as producers write them: a byte order mark, declarations, views, merged cells and extensions", async () => {
    const data = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row>';
    const views = '<dimension ref="A1:B2"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><cols><col min="1" max="2" width="9.140625"/></cols>';
    const after =
      '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><headerFooter><oddHeader>&amp;L&amp;"Calibri"Page &amp;P</oddHeader></headerFooter>' +
      '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="dataBar" id="{1}"><x14:dataBar minLength="0" maxLength="100"/></x14:cfRule><xm:sqref>A1:B2</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>';
    const root = `<worksheet ${MAIN} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">`;
    for (const head of ["", "\ufeff", '<?xml version="1.0"?>', "<?xml version='1.0' encoding='utf-8'?>\r\n", '\ufeff<?xml version = "1.0" standalone = "no" ?>\n\n']) {
      const xml = `${head}${root}${views}<sheetData>${data}</sheetData>${after}</worksheet>\n \r\n`;
      const { outcome, fallbacks } = await bothWays(await sampleWith({ [TICKETS]: xml }));
      expect(fallbacks).toEqual([]);
      expect((outcome as WorkbookData).sheets[0].rows).toEqual([[1], [3]]); // B1 merged into A1
    }
  });

  it("a part stored without compression, and an empty sheet", async () => {
    for (const xml of [sheet('<row r="1"><c r="A1"><v>1</v></c></row>'), sheet(""), `<worksheet ${MAIN}><sheetData/></worksheet>`, `<worksheet ${MAIN}/>`]) {
      const { fallbacks } = await bothWays(await sampleWith({ [TICKETS]: xml }, true));
      expect(fallbacks).toEqual([]);
    }
  });

  it("shared strings: plain, rich runs with phonetic runs left out, references, preserved spaces, empty items", async () => {
    const items =
      '<si><t>plain</t></si><si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/><family val="2"/></rPr><t xml:space="preserve">rich </t></r><r><t>text</t></r><rPh sb="0" eb="2"><t>ルビ</t></rPh><phoneticPr fontId="1"/></si>' +
      "<si><t>a &amp; &lt;b&gt; &#x4E2D;\r\n</t></si><si/><si><t/></si><si><t xml:space=\"preserve\">  </t></si><si>\n  <t>indented</t>\n</si>";
    const data = '<row r="1">' + [485, 486, 487, 488, 489, 490, 491].map((i, k) => `<c r="${String.fromCharCode(65 + k)}1" t="s"><v>${i}</v></c>`).join("") + "</row>";
    const { outcome, fallbacks } = await bothWays(await sampleWith({ [SST]: await sampleSst(items), [TICKETS]: sheet(data) }));
    expect(fallbacks).toEqual([]);
    expect((outcome as WorkbookData).sheets[0].rows[0]).toEqual(["plain", "rich text", "a & <b> 中\n", null, null, "  ", "indented"]);
  });

  it("problems in cells, each named as before", async () => {
    const data = '<row r="1"><c r="A1" t="s"><v>485</v></c><c r="B1"><v>NaN</v></c><c r="C1" t="b"><v>yes</v></c><c r="D1" t="x"><v>1</v></c><c r="E1"><v>1</v><v>2</v></c><c r="F1"><v>1</v></c><c r="F1"><v>3</v></c><c r="$B$2"><v>1</v></c><c r="XFE1"><v>1</v></c></row><row r="0x10"><c><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>1</v></c></row>';
    const { outcome, fallbacks } = await bothWays(await sampleWith({ [TICKETS]: sheet(data) }));
    expect(fallbacks).toEqual([]);
    expect((outcome as { refused: string }).refused).toMatch(/Tickets!A1: shared string "485" does not exist[\s\S]*Tickets!B1: the number "NaN"[\s\S]*Tickets!E1: the cell has two values[\s\S]*Tickets!F1 is written twice[\s\S]*"\$B\$2" is not a cell reference[\s\S]*Tickets!XFE1 is outside Excel's grid[\s\S]*row "0x10"/);
  });

  it("random cells of every kind, as any producer might write them (fast-check)", async () => {
    const base = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const text = fc.oneof(fc.constantFrom("", "x", "a b", "  lead", "保内", "a&amp;b", "&lt;&#65;&#x1F600;", "_x000D_", "line\r\nend", "T0000001", "2026-10-03 14:05"), fc.string({ maxLength: 6 }).map((s) => s.replace(/[<&\r]/g, "")));
    const number = fc.oneof(fc.double({ noNaN: true }).map(String), fc.integer().map(String), fc.constantFrom("1.50", "-0", "0.1", ".5", "5.", "1e5", "1E-7", "+1", " 3", "0x1", "", "46304.464583333334", "12345678901234567890"));
    const ref = fc.oneof(fc.constant(null), fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 40 })).map(([c, r]) => `${String.fromCharCode(65 + (c % 26))}${c >= 26 ? "A" : ""}${r}`), fc.constantFrom("A01", "a1", "B2 ", "XFD1", "XFE1", "A1048577"));
    const cell = fc.record({
      ref,
      type: fc.constantFrom(null, "n", "s", "str", "inlineStr", "b", "e", "d", "x"),
      style: fc.constantFrom(null, "0", "4", "6", "06", "", "12"),
      value: fc.oneof(number, text, fc.integer({ min: 0, max: 500 }).map(String)),
      shape: fc.constantFrom("v", "is", "rich", "f", "empty", "self", "vv", "spaced"),
    });
    const row = fc.record({ r: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 40 }).map(String), fc.constantFrom("0", "01", "x")), cells: fc.array(cell, { maxLength: 8 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), async (rows) => {
        const xml = rows
          .map(({ r, cells }) => {
            const inner = cells
              .map((c) => {
                const attrs = `${c.ref === null ? "" : ` r="${c.ref}"`}${c.style === null ? "" : ` s="${c.style}"`}${c.type === null ? "" : ` t="${c.type}"`}`;
                const v = c.value;
                switch (c.shape) {
                  case "v":
                    return `<c${attrs}><v>${v}</v></c>`;
                  case "is":
                    return `<c${attrs}><is><t>${v}</t></is></c>`;
                  case "rich":
                    return `<c${attrs}><is><r><rPr><b/></rPr><t>${v}</t></r><r><t xml:space="preserve"> ${v}</t></r><rPh><t>skip</t></rPh></is></c>`;
                  case "f":
                    return `<c${attrs}><f>A1&amp;"${v}"</f><v>${v}</v></c>`;
                  case "empty":
                    return `<c${attrs}></c>`;
                  case "self":
                    return `<c${attrs}/>`;
                  case "vv":
                    return `<c${attrs}><v>${v}</v><v>${v}</v></c>`;
                  default:
                    return `\n <c${attrs} >\n  <v>${v}</v>\n </c>`;
                }
              })
              .join("");
            return `<row${r === null ? "" : ` r="${r}"`}>${inner}</row>`;
          })
          .join("");
        base.file(TICKETS, sheet(xml));
        const { fallbacks } = await bothWays(await base.generateAsync({ type: "nodebuffer" }));
        expect(fallbacks).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("anything else: the scanner gives up, and saxes reads the part as it always has", () => {
  const data = '<row r="1"><c r="A1" t="inlineStr"><is><t>one</t></is></c><c r="B1"><v>2</v></c></row>';
  const cases: [string, string | Buffer, RegExp][] = [
    ["a namespace prefix on the sheet's elements", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`, /an element <x:sheetData> where it does not expect one/],
    ["a namespace prefix on a cell", sheet('<row r="1"><x:c xmlns:x="urn:x" r="A1"><x:v>1</x:v></x:c></row>'), /an element inside <sheetData> other than rows of cells/],
    ["a CDATA section in a cell", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a < b]]></t></is></c></row>'), /a comment, CDATA section or DOCTYPE inside <t>/],
    ["a comment inside sheetData", sheet(`<!-- rows -->${data}`), /a comment, CDATA section or DOCTYPE inside <sheetData>/],
    ["a comment before the root element", `<?xml version="1.0"?><!-- made by hand -->${sheet(data, "", "")}`, /a comment, CDATA section or DOCTYPE/],
    ["a processing instruction inside sheetData", sheet(`<?pi x?>${data}`), /a processing instruction inside <sheetData>/],
    ["a DOCTYPE declaring an entity used in a cell", `<!DOCTYPE worksheet [<!ENTITY e "x">]>${sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>', "", "")}`, /a comment, CDATA section or DOCTYPE/],
    ["an entity no DOCTYPE declares", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'), /an entity reference other than the five XML predefines/],
    ["mismatched tags", sheet('<row r="1"><c r="A1"><v>1</c></v></row>'), /an end tag that does not match its start tag/],
    ["a sheet cut short", sheet(data).slice(0, 200), /truncated|before its root element is closed/],
    ["bytes that are not UTF-8", Buffer.concat([Buffer.from(sheet(data).slice(0, 150)), Buffer.from([0xff, 0xfe]), Buffer.from(sheet(data).slice(150))]), /not UTF-8 text/],
    ["U+FFFE, not a character XML allows", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a\ufffeb</t></is></c></row>'), /U\+FFFE or U\+FFFF/],
    ["a control character", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a\u0001b</t></is></c></row>'), /a control character XML does not allow/],
    ["a character reference to a control character", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a&#1;b</t></is></c></row>'), /a character reference to a character XML does not allow/],
    ["an attribute given twice", sheet('<row r="1"><c r="A1" r="B1"><v>1</v></c></row>'), /an attribute given twice/],
    ["an attribute value not in quotes", sheet('<row r="1"><c r=A1><v>1</v></c></row>'), /an attribute value not in quotes/],
    ["`]]>` in text", sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>'), /`\]\]>` in text/],
    ["text between rows", sheet(`${data}stray`), /text inside <sheetData>/],
    ["a second root element", `${sheet(data)}<worksheet/>`, /a second root element/],
    ["an element inside a cell it does not expect", sheet('<row r="1"><c r="A1"><extLst/><v>1</v></c></row>'), /an element <extLst> inside a cell/],
    ["a cell outside sheetData", sheet(data, '<extLst><c r="A9"><v>9</v></c></extLst>'), /an element <c> where it does not expect one/],
    ["an XML 1.1 declaration", `<?xml version="1.1"?>${sheet(data, "", "")}`, /an XML declaration it does not take/],
    ["a name that is not ASCII", sheet(data, "<données/>"), /a name with characters other than ASCII/],
    ["an element inside a value", sheet('<row r="1"><c r="A1"><v>1<b/></v></c></row>'), /an element inside <v>/],
  ];

  it.each(cases)("%s", async (_, xml, why) => {
    const { fallbacks } = await bothWays(await sampleWith({ [TICKETS]: xml }));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(new RegExp(`^${TICKETS}: `));
    expect(fallbacks[0]).toMatch(why);
  });

  it("a shared-string table with a CDATA section, or a prefix", async () => {
    for (const [items, why] of [["<si><t><![CDATA[a < b]]></t></si>", /CDATA section or DOCTYPE inside a shared string's <t>/], ["<x:si xmlns:x='urn:x'><x:t>p</x:t></x:si>", /an element <x:si> where it does not expect one/]] as const) {
      const { outcome, fallbacks } = await bothWays(await sampleWith({ [SST]: await sampleSst(items), [TICKETS]: sheet('<row r="1"><c r="A1" t="s"><v>485</v></c></row>') }));
      expect(fallbacks).toEqual([expect.stringMatching(new RegExp(`^${SST}: .*${why.source}`))]);
      expect((outcome as WorkbookData).sheets[0].rows).toEqual([[items.includes("CDATA") ? "a < b" : "p"]]);
    }
  });

  it("a cell larger than the most the scanner holds whole", async () => {
    scanLimits.batchBytes = 1024;
    scanLimits.maxUnitBytes = 4096;
    const { outcome, fallbacks } = await bothWays(await sampleWith({ [TICKETS]: sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${"x".repeat(10_000)}</t></is></c></row>`) }));
    expect(fallbacks).toEqual([expect.stringMatching(/a construct larger than/)]);
    expect((outcome as WorkbookData).sheets[0].rows[0][0]).toHaveLength(10_000);
  });

  it("a part that has more or fewer bytes than its directory entry says, or cannot be read", async () => {
    const bytes = Buffer.from(sst("<si><t>a</t></si>"));
    const source = (size: number, fail = false): PartSource => ({
      names: [SST],
      size: () => size,
      read: async () => bytes,
      stream: async () => (fail ? new Readable({ read() { this.destroy(new Error("invalid distance too far back")); } }) : Readable.from([bytes])),
      raw: () => null,
      close: () => undefined,
    });
    for (const [src, why] of [[source(bytes.length + 1), /the part has \d+ bytes, not the \d+/], [source(bytes.length - 1), /the part has/], [source(bytes.length, true), /could not be read \(invalid distance/]] as const) {
      const scan = new SharedStringsScan();
      expect(await scanPart(src, SST, scan)).toBe(false);
      expect(scan.why).toMatch(why);
    }
    const scan = new SharedStringsScan();
    expect(await scanPart(source(bytes.length), SST, scan)).toBe(true);
    expect(scan.texts).toEqual(["a"]);
  });

  it("any sheet cut or changed at random reads, or is refused, exactly as saxes reads it (fast-check)", async () => {
    const base = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    const good = sheet(
      '<row r="1" spans="1:4"><c r="A1" t="inlineStr"><is><t>one &amp; two</t></is></c><c r="B1" s="6"><v>46304.5</v></c><c r="C1" t="s"><v>3</v></c><c r="D1"><f>B1+1</f><v>46305.5</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t>rich</t></r><rPh><t>x</t></rPh></is></c><c r="B2" t="b"><v>1</v></c></row>',
      '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>',
    );
    const puts = ["", "<", ">", "&", ";", "/", '"', "'", "=", "!", "?", "[", "]", " ", "\r", "c", "v", "</c>", "<v>", "&#0;", "&amp;", "\u0000", "é", "<!---->", "x:"];
    await editedReadAlike(base, TICKETS, good, puts, 300);
  });

  it("any shared-string table cut or changed at random reads, or is refused, exactly as saxes reads it (fast-check)", async () => {
    const base = await JSZip.loadAsync(await fs.readFile(SAMPLE));
    base.file(TICKETS, sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'));
    const good = sst('<si><t>plain &amp; simple</t></si><si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>保内</t></si>');
    const puts = ["", "<", ">", "&", ";", "/", '"', "=", "!", "?", "]", " ", "\r", "t", "si", "</t>", "<t>", "<si>", "&#0;", "&lt;", "\u0000", "x:", "<![CDATA[a]]>"];
    await editedReadAlike(base, SST, good, puts, 200);
  });
});

describe("the count of the shared-string table's items (what the copy appends after)", () => {
  it("is the parser's, counted by the scanner, or by saxes where it gives up", async () => {
    const tables: [string, boolean][] = [
      [await sampleSst(""), true],
      [sst('<si/><si><t/></si><si><r><rPr><b/></rPr><t>a</t></r><rPh><t>b</t></rPh><phoneticPr fontId="1"/></si>\n<si><t>&amp;</t></si>'), true],
      [sst(""), true],
      [`<sst ${MAIN}/>`, true],
      [`<x:sst xmlns:x="urn:x"><x:si><x:t>a</x:t></x:si><x:si/></x:sst>`, false],
      [sst("<si><t><![CDATA[a]]></t></si><si/>"), false],
    ];
    for (const [table, scanned] of tables) {
      const src = await openZip(await sampleWith({ [SST]: table }));
      try {
        const fallbacks: string[] = [];
        readerPaths.onFallback = (part, why) => void fallbacks.push(`${part}: ${why}`);
        const counted = await sharedItemCount(src, SST);
        readerPaths.scanner = false;
        expect(counted).toBe(await sharedItemCount(src, SST));
        expect(fallbacks).toHaveLength(scanned ? 0 : 1);
      } finally {
        readerPaths.scanner = true;
        src.close();
      }
    }
  });
});

describe("batches cut anywhere", () => {
  it.each([[1], [2], [3], [7], [61]])("a batch of %i bytes reads every part as one batch does", async (bytes) => {
    const book = await sampleWith({
      [TICKETS]: sheet(SHAPES.map(([, d], i) => d.replace(/r="([A-Z]+)1"/g, `r="$1${i + 1}"`).replace(/<row r="1"/g, `<row r="${i + 1}"`)).filter((_, i) => i < 2).join("") + '<row r="9"><c r="A9" t="inlineStr"><is><t>保内 &amp; 2026年10月9日</t></is></c></row>', '<mergeCells count="1"><mergeCell ref="A9:B9"/></mergeCells>'),
      [SST]: await sampleSst("<si><r><t>rich </t></r><r><t>保</t></r></si>"),
    });
    const whole = await readWith(book, true);
    scanLimits.batchBytes = bytes;
    const fallbacks: string[] = [];
    expect(await readWith(book, true, fallbacks)).toEqual(whole);
    expect(fallbacks).toEqual([]);
  });
});

describe("dateSerial", () => {
  it("is the serial exceljs's Date and excelSerialFromDate give, without the Date (fast-check)", () => {
    const viaDate = (n: number, date1904: boolean) => excelSerialFromDate(new Date(Math.round(((date1904 ? n + 1462 : n) - 25569) * 86_400_000)));
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -1e6, max: 3e6, noNaN: true }), fc.constantFrom(0, -0, 25569, 1e8, 1.2e8, -1e8, 1e300, -1e300, 2958465.9999999)), fc.boolean(), (n, date1904) => {
        expect(dateSerial(n, date1904)).toEqual(viaDate(n, date1904));
      }),
      { numRuns: 5000 },
    );
  });
});
