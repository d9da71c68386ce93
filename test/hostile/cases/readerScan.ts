/**
 * The reader's two ways through a sheet: the scanner (src/xlsx/scan.ts) for the shapes spreadsheet programs write,
 * saxes for any part the scanner does not take. A workbook whose sheet the scanner gives up on must settle exactly as
 * the sample does; damage it gives up on must be refused with the parser's words, naming the part — never read as
 * something else, never a crash.
 */
import type { HostileCase } from "../corpus";
import { SAMPLE_SHEETS, sampleText, sampleWith, writeCase } from "../zipParts";

const TICKETS = SAMPLE_SHEETS.Tickets;
const SETTLES = /net payable 49,395\.70/;

/** The sample with its Tickets sheet (and maybe its shared strings) changed; each edit must change its part. */
async function edited(dir: string, name: string, tickets: (xml: string) => string, sst?: (xml: string) => string): Promise<string> {
  const changes: Record<string, string> = {};
  const xml = await sampleText(TICKETS);
  changes[TICKETS] = tickets(xml);
  if (changes[TICKETS] === xml) throw new Error(`${name}: the edit did not change the Tickets sheet`);
  if (sst) {
    const table = await sampleText("xl/sharedStrings.xml");
    changes["xl/sharedStrings.xml"] = sst(table);
    if (changes["xl/sharedStrings.xml"] === table) throw new Error(`${name}: the edit did not change the shared strings`);
  }
  return writeCase(dir, name, await sampleWith(changes));
}

/** Every element of a part written with the prefix `x:` for the main namespace, as some generators write it. */
function prefixed(xml: string): string {
  return xml.replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, "<$1x:$2").replace(/\sxmlns="/, ' xmlns:x="');
}

export const cases: HostileCase[] = [
  {
    id: "reader-sheet-prefixed",
    klass: "sheet content",
    what: "the Tickets sheet with every element written x:row, x:c, x:v… (a namespace prefix: read by the general parser) settles as the sample does",
    make: (dir) => edited(dir, "prefixed.xlsx", prefixed),
    expect: { exit: 0, stdout: SETTLES },
  },
  {
    id: "reader-comments-cdata-pi",
    klass: "sheet content",
    what: "a comment and a processing instruction between the Tickets rows, the header texts as CDATA in the shared strings (read by the general parser): settles as the sample does",
    make: (dir) =>
      edited(
        dir,
        "markup.xlsx",
        (x) => x.replace("<sheetData>", "<sheetData><!-- rows follow -->").replace('</row><row r="2"', '</row><?pi between rows?><row r="2"'),
        (x) => x.replace(/<si><t>([^<]*)<\/t><\/si>/g, "<si><t><![CDATA[$1]]></t></si>"),
      ),
    expect: { exit: 0, stdout: SETTLES },
  },
  {
    id: "reader-doctype-entity-expansion",
    klass: "sheet content",
    what: "a DOCTYPE defining nested entities (a billion laughs) used in a Tickets cell: refused naming the sheet's part, in little memory",
    make: (dir) =>
      edited(dir, "laughs.xlsx", (x) => {
        const entities = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join("");
        return x.replace("<worksheet", `<!DOCTYPE worksheet [<!ENTITY lol0 "lol">${entities}]><worksheet`).replace('<c r="P2" s="8"><v>400</v></c>', '<c r="P2" t="inlineStr"><is><t>&lol9;</t></is></c>');
      }),
    expect: { exit: 2, stderr: /damaged or not an \.xlsx workbook \(xl\/worksheets\/sheet1\.xml: undefined entity\.\)/ },
    check: (r) => {
      if (r.peakMiB !== null && r.peakMiB >= 512) throw new Error(`peak memory ${r.peakMiB.toFixed(0)} MiB, expected under 512 MiB`);
    },
  },
  {
    id: "reader-sheet-truncated",
    klass: "sheet content",
    what: "the Tickets sheet's XML cut off half-way (its zip entry whole and consistent): refused naming the part",
    make: (dir) => edited(dir, "truncated.xlsx", (x) => x.slice(0, Math.floor(x.length / 2))),
    expect: { exit: 2, stderr: /damaged or not an \.xlsx workbook \(xl\/worksheets\/sheet1\.xml: unclosed tag: row\)/ },
  },
  {
    id: "reader-sheet-mismatched-tags",
    klass: "sheet content",
    what: "a Tickets cell whose end tags cross (<v>400</c></v>): refused naming the part, not read as a value",
    make: (dir) => edited(dir, "mismatched.xlsx", (x) => x.replace('<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8"><v>400</c></v>')),
    expect: { exit: 2, stderr: /damaged or not an \.xlsx workbook \(xl\/worksheets\/sheet1\.xml: unexpected close tag\.\)/ },
  },
];
