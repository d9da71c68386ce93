/**
 * Output Excel can always open, and file names (docs/SECURITY.md): whatever the input's names and styles, the
 * copy's sheet names, cell texts and number formats are ones Excel accepts, and `report` writes one PDF per
 * provider under a name of its own.
 *
 * Each reconcile case opens the written copy and checks what Excel checks on opening it:
 * - sheet names (xl/workbook.xml): 1 to 31 UTF-16 code units, no lone surrogate, no control character, none of
 *   : \ / ? * [ ], no apostrophe at either end, unique case-insensitively (ECMA-376 Part 1 §18.2.19);
 * - every cell text (inline, shared or a formula's cached string) within 32,767 characters;
 * - number format ids within xsd:unsignedInt (≤ 4294967295) and each defined once (§18.8.30);
 * - every XML part well-formed (xmllint --noout, where xmllint is installed).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { CaseResult, HostileCase } from "../corpus";
import { partsOf, sampleText, sampleWith, writeCase } from "../zipParts";

const SST = "xl/sharedStrings.xml";

/** The sample with its shared strings' texts replaced (the providers' names are shared strings there). */
async function sampleWithTexts(replace: Record<string, string>): Promise<Buffer> {
  let sst = await sampleText(SST);
  for (const [from, to] of Object.entries(replace)) {
    const at = `<t>${from}</t>`;
    if (!sst.includes(at)) throw new Error(`the sample has no shared string ${from}`);
    sst = sst.split(at).join(`<t>${to}</t>`);
  }
  return sampleWith({ [SST]: sst });
}

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e]);
/** Excel's own escape of a character XML cannot carry (§22.9.2.19): `_x0007_`, `_xD83D_`. */
const unescapeX = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

let xmllint: boolean | null = null;
function hasXmllint(): boolean {
  if (xmllint === null) {
    try {
      execFileSync("xmllint", ["--version"], { stdio: "ignore" });
      xmllint = true;
    } catch {
      xmllint = false;
    }
  }
  return xmllint;
}

/** The sheet names of a workbook part, as Excel reads them. */
function sheetNames(workbookXml: string): string[] {
  return [...workbookXml.matchAll(/<sheet\b[^>]*?\sname="([^"]*)"/g)].map((m) => unescapeX(decode(m[1])));
}

/** Asserts what Excel checks when it opens the copy (see the head of this file). */
export async function expectExcelOpens(file: string): Promise<{ names: string[]; parts: Map<string, Buffer> }> {
  const parts = await partsOf(file);
  const names = sheetNames(parts.get("xl/workbook.xml")!.toString("utf8"));
  const seen = new Set<string>();
  for (const n of names) {
    expect(n.length).toBeGreaterThan(0);
    expect(n.length).toBeLessThanOrEqual(31);
    expect(n).not.toMatch(LONE_SURROGATE);
    expect(n).not.toMatch(CONTROL);
    expect(n).not.toMatch(/[:\\/?*[\]]/);
    expect(n).not.toMatch(/^'|'$/);
    expect(n.toLowerCase()).not.toBe("history");
    expect(seen.has(n.toLowerCase())).toBe(false);
    seen.add(n.toLowerCase());
  }
  const shared = [...(parts.get(SST)?.toString("utf8") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescapeX(decode([...m[1].matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join(""))));
  // The copy's own texts: the output sheets are those the marker lists; the input's own sheets are copied as they are.
  const ours = new Set(names.filter((n) => /^(Findings|Settlement|KPIs|Fees|Report|Data Issues)\b/.test(n)));
  const rels = parts.get("xl/_rels/workbook.xml.rels")!.toString("utf8");
  const workbook = parts.get("xl/workbook.xml")!.toString("utf8");
  for (const m of workbook.matchAll(/<sheet\b[^>]*?\sname="([^"]*)"[^>]*?r:id="([^"]+)"/g)) {
    if (!ours.has(unescapeX(decode(m[1])))) continue;
    const target = new RegExp(`Id="${m[2]}"[^>]*?Target="([^"]+)"`).exec(rels)![1];
    const xml = parts.get(`xl/${target}`)!.toString("utf8");
    for (const c of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const type = /\st="(\w+)"/.exec(c[2])?.[1];
      const inner = c[3] ?? "";
      let text = "";
      if (type === "s") text = shared[Number(/<v>(\d+)<\/v>/.exec(inner)![1])] ?? "";
      else if (type === "inlineStr") text = unescapeX(decode([...inner.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join("")));
      else if (type === "str") text = unescapeX(decode(/<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? ""));
      if (text.length > 32_767) throw new Error(`${unescapeX(decode(m[1]))}!${c[1]} holds ${text.length} characters (Excel: at most 32,767)`);
    }
  }
  const styles = parts.get("xl/styles.xml")!.toString("utf8");
  const ids = [...(/<numFmts[^>]*>([\s\S]*?)<\/numFmts>/.exec(styles)?.[1] ?? "").matchAll(/numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
  for (const id of ids) expect(id).toBeLessThanOrEqual(4_294_967_295);
  expect(new Set(ids).size).toBe(ids.length);
  if (hasXmllint()) {
    for (const [name, bytes] of parts) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      try {
        execFileSync("xmllint", ["--noout", "-"], { input: bytes, stdio: ["pipe", "ignore", "pipe"] });
      } catch (e) {
        throw new Error(`${name} is not well-formed XML: ${(e as { stderr?: Buffer }).stderr?.toString().slice(0, 500)}`);
      }
    }
  }
  return { names, parts };
}

/** `report` into the input's folder (the PDFs are not the case's --out, which stays unwritten). */
const reportArgs = (input: string): string[] => ["report", input, "--month", "2026-10", "--pdf", path.join(path.dirname(input), "report.pdf")];
const pdfsBeside = (input: string): string[] => fs.readdirSync(path.dirname(input)).filter((f) => f.endsWith(".pdf")).sort();

export const cases: HostileCase[] = [
  {
    id: "out-sheetname-emoji-cut",
    klass: "output-opens",
    what: "a provider name with an emoji where the report sheet's name is cut at 31 characters, and : / ? * [ ] in it: the name is cut between characters",
    // "Report 2026-10 " + 9 characters + the emoji's two code units at 25-26: a cut at 25 units split it.
    make: async (dir) => writeCase(dir, "emoji.xlsx", await sampleWithTexts({ "Huaxiu Service Co.": "Huaxiu Se😀rvice [Co]: a/b? *Ltd*" })),
    expect: { exit: 0 },
    async check(r: CaseResult) {
      const { names } = await expectExcelOpens(r.out);
      expect(names.filter((n) => n.startsWith("Report 2026-10 Huaxiu Se"))).toHaveLength(1);
    },
  },
  {
    id: "out-sheetname-control-characters",
    klass: "output-opens",
    what: "a provider name holding control characters (ESC, BEL, tab, DEL, an 8-bit CSI): the report sheet's name has none of them",
    // Excel's own escape carries the C0 controls in a shared string; DEL and U+009B are written as they are.
    make: async (dir) => writeCase(dir, "controls.xlsx", await sampleWithTexts({ "Huaxiu Service Co.": "Hua_x001B_[2Jxiu_x0007_\tSer\u007fvice\u009bCo." })),
    expect: { exit: 0 },
    async check(r: CaseResult) {
      const { names } = await expectExcelOpens(r.out);
      expect(names.filter((n) => n.startsWith("Report 2026-10 Hua"))).toEqual([expect.stringMatching(/^Report 2026-10 Hua 2Jxiu #[0-9a-f]{4}$/)]);
    },
  },
  {
    id: "out-sheetname-emoji-only",
    klass: "output-opens",
    what: "a provider named by emoji and flags alone, longer than a sheet name holds: cut between graphemes",
    make: async (dir) => writeCase(dir, "emoji-only.xlsx", await sampleWithTexts({ "Jietong Repair Ltd.": "👩‍🔧🇨🇳👩‍🔧🇨🇳👩‍🔧🇨🇳👩‍🔧🇨🇳" })),
    expect: { exit: 0 },
    async check(r: CaseResult) {
      const { names } = await expectExcelOpens(r.out);
      const report = names.find((n) => n.startsWith("Report 2026-10 ") && !n.includes("Huaxiu"))!;
      // Whole graphemes only: what is left of the provider is some whole "👩‍🔧🇨🇳" pairs, then the tag.
      expect(report).toMatch(/^Report 2026-10 (?:👩‍🔧|🇨🇳)* ?#[0-9a-f]{4}$/u);
    },
  },
  {
    id: "out-data-issues-past-row-limit",
    klass: "output-opens",
    what: "an Events sheet of 1,048,575 rows naming tickets that do not exist: more issues than a sheet holds continue on Data Issues part 2",
    async make(dir) {
      const xml = await sampleText("xl/worksheets/sheet2.xml");
      const header = /<row r="1">[\s\S]*?<\/row>/.exec(xml)![0];
      const rows: string[] = [xml.slice(0, xml.indexOf("<sheetData>") + "<sheetData>".length).replace(/<dimension ref="[^"]*"\/>/, ""), header];
      // Shared string 361 is the sample's "responded" event; the serial a day in October 2026.
      for (let r = 2; r <= 1_048_576; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>NOPE-${r}</t></is></c><c r="B${r}" s="2" t="s"><v>361</v></c><c r="C${r}" s="6"><v>46312.71805555555</v></c></row>`);
      rows.push(xml.slice(xml.indexOf("</sheetData>")));
      return writeCase(dir, "many-issues.xlsx", await sampleWith({ "xl/worksheets/sheet2.xml": rows.join("") }));
    },
    expect: { exit: 0, stdout: /data issues: 0 errors, 1048577 warnings/ },
    async check(r: CaseResult) {
      const workbook = (await partsOf(r.out)).get("xl/workbook.xml")!.toString("utf8");
      const names = [...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
      expect(names.filter((n) => n.startsWith("Data Issues"))).toEqual(["Data Issues", "Data Issues part 2"]);
    },
  },
  {
    id: "out-cell-text-over-32767",
    klass: "output-opens",
    what: "450 unpaid earlier statements under a Late Fee Cap: the Settlement's cap explanation, joined from one line each, would be a cell of 46,000+ characters",
    make: async (dir) => {
      const parts = await partsOf();
      const statements = parts.get("xl/worksheets/sheet6.xml")!.toString("utf8");
      const agreement = parts.get("xl/worksheets/sheet3.xml")!.toString("utf8");
      // Statement | Provider (shared string 23: Huaxiu Service Co.) | Month | Amount | Issued | Received | Due.
      let rows = "";
      for (let i = 0; i < 450; i++) {
        const r = 4 + i;
        rows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>OLD-${i}</t></is></c><c r="B${r}" t="s"><v>23</v></c>` +
          `<c r="C${r}" t="inlineStr"><is><t>2020-01</t></is></c><c r="D${r}"><v>1000</v></c><c r="E${r}"><v>43831</v></c><c r="F${r}"><v>43831</v></c><c r="G${r}"><v>43861</v></c></row>`;
      }
      const cap = '<row r="18"><c r="A18" t="inlineStr"><is><t>Late Fee Cap</t></is></c><c r="B18" t="inlineStr"><is><t>1%</t></is></c></row>';
      if (!statements.includes('<row r="3">') || agreement.includes('<row r="18">')) throw new Error("the sample's Statements or Agreement sheet changed: this case needs updating");
      const noDimension = (xml: string) => xml.replace(/<dimension ref="[^"]*"\/>/, "");
      return writeCase(dir, "cap.xlsx", await sampleWith({
        "xl/worksheets/sheet6.xml": noDimension(statements.replace("</sheetData>", `${rows}</sheetData>`)),
        "xl/worksheets/sheet3.xml": noDimension(agreement.replace("</sheetData>", `${cap}</sheetData>`)),
      }));
    },
    args: (input, out) => ["reconcile", input, "--month", "2026-10", "--out", out, "--json"],
    expect: { exit: 0 },
    async check(r: CaseResult) {
      const { parts } = await expectExcelOpens(r.out);
      // The whole text is in the JSON output; the cell holds its start and says how much more there is.
      const json = JSON.parse(r.stdout) as { statements: { provider: string; overdueCapAdjustmentHow: string | null }[] };
      const full = json.statements.find((s) => s.provider === "Huaxiu Service Co.")!.overdueCapAdjustmentHow!;
      expect(full.length).toBeGreaterThan(32_767);
      const sst = parts.get(SST)!.toString("utf8");
      const all = Buffer.concat([...parts].filter(([n]) => n.startsWith("xl/worksheets/")).map(([, b]) => b)).toString("utf8") + sst;
      const m = / … \[cut: ([\d,]+) more characters; an Excel cell holds at most 32,767\]/.exec(all);
      expect(m).not.toBeNull();
      const more = Number(m![1].replace(/,/g, ""));
      expect(more).toBeGreaterThan(0);
      expect(more).toBeLessThan(full.length);
    },
  },
  {
    id: "out-numfmt-id-at-limit",
    klass: "output-opens",
    what: "a styles part whose number formats use ids 4294967290 and 4294967295, a format defined twice, codes with quotes and ampersands, a wrong cellXfs count: the copy's new ids stay within xsd:unsignedInt and unique",
    make: async (dir) => {
      const styles = (await sampleText("xl/styles.xml")).replace(
        /<numFmts count="2">([\s\S]*?)<\/numFmts>/,
        '<numFmts count="5">$1<numFmt numFmtId="4294967290" formatCode="&quot;A&amp;B&quot; 0.000"/>' +
          "<numFmt numFmtId=\"4294967295\" formatCode='0.0000 \"&lt;x&gt;\"'/><numFmt numFmtId=\"170\" formatCode=\"yyyy-mm-dd\"/></numFmts>",
      );
      // …and a cellXfs list whose count attribute is wrong: the copy's new xf indexes follow the items, not the count.
      const wrongCount = styles.replace('<cellXfs count="10">', '<cellXfs count="999">');
      if (!styles.includes("4294967295") || wrongCount === styles) throw new Error("the sample's styles part changed: this case needs updating");
      return writeCase(dir, "numfmt.xlsx", await sampleWith({ "xl/styles.xml": wrongCount }));
    },
    expect: { exit: 0 },
    async check(r: CaseResult) {
      const { parts } = await expectExcelOpens(r.out);
      const styles = parts.get("xl/styles.xml")!.toString("utf8");
      // The input's formats are all still there, as they were.
      expect(styles).toContain('<numFmt numFmtId="4294967290" formatCode="&quot;A&amp;B&quot; 0.000"/>');
      const xfs = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(styles)!;
      expect(Number(xfs[1])).toBe((xfs[2].match(/<xf\b/g) ?? []).length);
      // Every style index a cell of the copy uses is one the list has.
      const used = [...parts].filter(([n]) => n.startsWith("xl/worksheets/")).flatMap(([, b]) => [...b.toString("utf8").matchAll(/<c [^>]*?\bs="(\d+)"/g)].map((m) => Number(m[1])));
      expect(Math.max(...used)).toBeLessThan(Number(xfs[1]));
      // The copy's own formats (hours, …) are new: each takes a free id from 164 up, not one past the input's highest.
      const input = new Set(["164", "165", "4294967290", "4294967295", "170"]);
      const added = [...styles.matchAll(/<numFmt numFmtId="(\d+)"/g)].map((m) => m[1]).filter((id) => !input.has(id)).map(Number);
      expect(added.length).toBeGreaterThan(0);
      for (const id of added) expect(id).toBeGreaterThanOrEqual(166);
      for (const id of added) expect(id).toBeLessThan(1000);
    },
  },
  {
    id: "out-report-pdf-case-twins",
    klass: "file-names",
    what: "report with providers \"Huaxiu Service Co.\" and \"HUAXIU SERVICE CO\": two PDFs whose names differ on a case-insensitive disk (Windows, macOS) too",
    make: async (dir) => writeCase(dir, "twins.xlsx", await sampleWithTexts({ "Jietong Repair Ltd.": "HUAXIU SERVICE CO" })),
    args: (input) => reportArgs(input),
    expect: { exit: 0, wrote: false, stderr: /2 providers, one PDF each/ },
    check(r: CaseResult, input: string) {
      const pdfs = pdfsBeside(input);
      expect(pdfs).toHaveLength(2);
      expect(new Set(pdfs.map((f) => f.toLowerCase())).size).toBe(2);
      for (const f of pdfs) expect(r.stdout).toContain(`wrote ${path.join(path.dirname(input), f)}`);
      for (const f of pdfs) expect(fs.readFileSync(path.join(path.dirname(input), f)).subarray(0, 5).toString()).toBe("%PDF-");
    },
  },
  {
    id: "out-report-pdf-punctuation-twins",
    klass: "file-names",
    what: "report with providers \"Huaxiu Service Co.\" and \"Huaxiu Service Co\" (the same file name once punctuation goes): two PDFs, named whatever order the providers come in",
    make: async (dir) => writeCase(dir, "twins.xlsx", await sampleWithTexts({ "Jietong Repair Ltd.": "Huaxiu Service Co" })),
    args: (input) => reportArgs(input),
    expect: { exit: 0, wrote: false },
    check(r: CaseResult, input: string) {
      const pdfs = pdfsBeside(input);
      expect(pdfs).toHaveLength(2);
      // Each name carries a tag from its provider's full name, so neither is "the first" or "-2".
      for (const f of pdfs) expect(f).toMatch(/^report\.Huaxiu-Service-Co-[0-9a-f]{8}\.pdf$/);
      expect(r.stderr).toMatch(/report\.Huaxiu-Service-Co-[0-9a-f]{8}\.pdf — Huaxiu Service Co\.\n/);
      expect(r.stderr).toMatch(/report\.Huaxiu-Service-Co-[0-9a-f]{8}\.pdf — Huaxiu Service Co\n/);
    },
  },
  {
    id: "out-report-pdf-long-name",
    klass: "file-names",
    what: "report with a provider named by 110 Chinese characters: its PDF name stays within the 255 bytes a file name may have",
    make: async (dir) => writeCase(dir, "long.xlsx", await sampleWithTexts({ "Jietong Repair Ltd.": "捷通维修服务有限公司".repeat(11) })),
    args: (input) => reportArgs(input),
    expect: { exit: 0, wrote: false },
    check(r: CaseResult, input: string) {
      const pdfs = pdfsBeside(input);
      expect(pdfs).toHaveLength(2);
      for (const f of pdfs) expect(Buffer.byteLength(f, "utf8")).toBeLessThanOrEqual(120);
      expect(pdfs.some((f) => f.startsWith("report.捷通维修服务有限公司"))).toBe(true);
    },
  },
];
