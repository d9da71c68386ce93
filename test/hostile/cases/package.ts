/**
 * The package above the cells: parts missing or named twice, relationships that point nowhere, bytes that are not
 * UTF-8, zip entries that share their data (a zip bomb), ZIP64 records, and the small parts only the writer
 * edits (relationships, content types, the workbook part) made hostile. Each damaged one is refused with exit 2 and
 * a line naming the part; the valid ones settle as the sample does.
 */
import type { HostileCase } from "../corpus";
import { layOut, partsOf, SAMPLE_SHEETS, sampleText, sampleWith, writeCase, zipOf, zipOfLaidOut, type ZipEntry } from "../zipParts";

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const CONTENT_TYPES = "[Content_Types].xml";
const SST = "xl/sharedStrings.xml";
const WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** The sample's parts as zip entries, in stored order. */
async function sampleEntries(): Promise<ZipEntry[]> {
  return [...(await partsOf())].map(([name, data]) => ({ name, data }));
}

/** `bytes` with one 0xFF byte (never valid in UTF-8) put just after the first occurrence of `after`. */
function withBadByte(bytes: Buffer, after: string): Buffer {
  const at = bytes.indexOf(after) + after.length;
  if (at < after.length) throw new Error(`${after} not found`);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
}

/** The output's content types with comments left out, as a reader of XML sees them. */
async function outputContentTypes(out: string): Promise<string> {
  return (await partsOf(out)).get(CONTENT_TYPES)!.toString("utf8").replace(/<!--[\s\S]*?-->/g, "");
}

export const cases: HostileCase[] = [
  {
    id: "pkg-events-part-missing",
    klass: "damaged structure",
    what: "the Events sheet's part is not in the zip (today read as an empty sheet: penalties change, exit 0)",
    make: async (dir) => writeCase(dir, "events-missing.xlsx", await sampleWith({ [SAMPLE_SHEETS.Events]: null })),
    expect: { exit: 2, stderr: /Events.*xl\/worksheets\/sheet2\.xml/ },
  },
  {
    id: "pkg-events-rid-dangling",
    klass: "damaged structure",
    what: "the Events sheet's r:id names no relationship of the workbook part",
    make: async (dir) => writeCase(dir, "events-rid.xlsx", await sampleWith({ [WORKBOOK]: (await sampleText(WORKBOOK)).replace('r:id="rIdSla2"', 'r:id="rIdGone"') })),
    expect: { exit: 2, stderr: /Events.*rIdGone.*xl\/_rels\/workbook\.xml\.rels/ },
  },
  {
    id: "pkg-events-target-missing",
    klass: "damaged structure",
    what: "the Events sheet's relationship points to a part that is not in the zip",
    make: async (dir) => writeCase(dir, "events-target.xlsx", await sampleWith({ [WORKBOOK_RELS]: (await sampleText(WORKBOOK_RELS)).replace("worksheets/sheet2.xml", "worksheets/sheet99.xml") })),
    expect: { exit: 2, stderr: /Events.*xl\/worksheets\/sheet99\.xml/ },
  },
  {
    id: "pkg-shared-strings-missing",
    klass: "damaged structure",
    what: "the workbook's shared-strings relationship points to a part that is not there (every text cell would read empty)",
    make: async (dir) => writeCase(dir, "sst-missing.xlsx", await sampleWith({ [SST]: null })),
    expect: { exit: 2, stderr: /xl\/sharedStrings\.xml/ },
  },
  {
    id: "pkg-styles-missing",
    klass: "damaged structure",
    what: "the workbook's styles relationship points to a part that is not there",
    make: async (dir) => writeCase(dir, "styles-missing.xlsx", await sampleWith({ "xl/styles.xml": null })),
    expect: { exit: 2, stderr: /xl\/styles\.xml/ },
  },
  {
    id: "pkg-duplicate-entry",
    klass: "damaged structure",
    what: "two zip entries named xl/worksheets/sheet2.xml, the second an empty Events sheet",
    make: async (dir) => {
      const entries = await sampleEntries();
      entries.push({ name: SAMPLE_SHEETS.Events, data: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>' });
      return writeCase(dir, "duplicate-entry.xlsx", zipOf(entries));
    },
    expect: { exit: 2, stderr: /xl\/worksheets\/sheet2\.xml.*twice/ },
  },
  {
    id: "pkg-duplicate-content-types",
    klass: "damaged structure",
    what: "two [Content_Types].xml entries (the output would carry both)",
    make: async (dir) => {
      const entries = await sampleEntries();
      entries.push({ name: CONTENT_TYPES, data: entries.find((e) => e.name === CONTENT_TYPES)!.data });
      return writeCase(dir, "duplicate-ct.xlsx", zipOf(entries));
    },
    expect: { exit: 2, stderr: /\[Content_Types\]\.xml.*twice/ },
  },
  {
    id: "pkg-bad-utf8-shared-strings",
    klass: "damaged structure",
    what: "a byte that is not UTF-8 inside a shared string (today silently U+FFFD)",
    make: async (dir) => {
      const sst = (await partsOf()).get(SST)!;
      return writeCase(dir, "utf8-sst.xlsx", await sampleWith({ [SST]: withBadByte(sst, "<t>") }));
    },
    expect: { exit: 2, stderr: /xl\/sharedStrings\.xml.*UTF-8/ },
  },
  {
    id: "pkg-bad-utf8-sheet",
    klass: "damaged structure",
    what: "a byte that is not UTF-8 inside the Tickets sheet",
    make: async (dir) => {
      const sheet = (await partsOf()).get(SAMPLE_SHEETS.Tickets)!;
      return writeCase(dir, "utf8-sheet.xlsx", await sampleWith({ [SAMPLE_SHEETS.Tickets]: withBadByte(sheet, "<sheetData>") }));
    },
    expect: { exit: 2, stderr: /xl\/worksheets\/sheet1\.xml.*UTF-8/ },
  },
  {
    id: "pkg-second-tickets-sheet",
    klass: "damaged structure",
    what: "a sheet 工单 (Tickets in Chinese) beside Tickets: which one holds the month's tickets cannot be known",
    make: async (dir) => {
      const parts = await partsOf();
      const text = (n: string) => parts.get(n)!.toString("utf8");
      return writeCase(
        dir,
        "two-tickets.xlsx",
        await sampleWith({
          "xl/worksheets/sheet8.xml": parts.get(SAMPLE_SHEETS.Tickets)!,
          [WORKBOOK]: text(WORKBOOK).replace("</sheets>", '<sheet name="工单" sheetId="8" r:id="rIdSla9"/></sheets>'),
          [WORKBOOK_RELS]: text(WORKBOOK_RELS).replace("</Relationships>", '<Relationship Id="rIdSla9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet8.xml"/></Relationships>'),
          [CONTENT_TYPES]: text(CONTENT_TYPES).replace("</Types>", `<Override PartName="/xl/worksheets/sheet8.xml" ContentType="${WORKSHEET_CT}"/></Types>`),
        }),
      );
    },
    expect: { exit: 2, stderr: /工单[\s\S]*Tickets[\s\S]*[Rr]ename or delete one/ },
  },
  {
    id: "pkg-overlapping-entries",
    klass: "zip packages",
    what: "8 directory entries share one deflated stream of 50 MB of zeros (a non-recursive zip bomb: 400 MB from ~50 KB)",
    make: async (dir) => {
      const entries = (await sampleEntries()).map(layOut);
      const bomb = layOut({ name: "xl/media/image1.bin", data: Buffer.alloc(50 * 2 ** 20) });
      // One local header and its data; eight central records, each naming it.
      const aliases = Array.from({ length: 8 }, (_, i) => Buffer.from(`xl/media/image${i + 1}.bin`));
      return writeCase(dir, "overlap.xlsx", zipOfLaidOut([...entries, bomb], { centralNames: (e) => (e === bomb ? aliases : [e.name]) }));
    },
    expect: { exit: 2, stderr: /xl\/media\/image\d\.bin.*share|overlap/ },
  },
  {
    id: "pkg-copy-declares-too-much",
    klass: "zip packages",
    what: "three pictures, each declaring 2.9 GiB unpacked (under the reader's limit on one part, never read by it): the copy would inflate 8.7 GiB to check them",
    make: async (dir) => {
      const entries = (await sampleEntries()).map(layOut);
      for (let i = 1; i <= 3; i++) entries.push({ ...layOut({ name: `xl/media/image${i}.bin`, data: Buffer.alloc(1000) }), size: Math.round(2.9 * 2 ** 30) });
      return writeCase(dir, "copy-too-much.xlsx", zipOfLaidOut(entries));
    },
    expect: { exit: 2, stderr: /would unpack to 8,\d{3} MiB, more than the 8 GiB/ },
  },
  {
    id: "pkg-zip64",
    klass: "zip packages",
    what: "the sample in a ZIP64 package (sizes and offsets in ZIP64 extra fields, a ZIP64 end record) settles the same",
    make: async (dir) => writeCase(dir, "zip64.xlsx", await sampleWith({}, { zip64: true, zip64End: true })),
    expect: { exit: 0, stdout: /net payable 49,395\.70/ },
    check: async (r) => {
      // The copy, its parts copied from ZIP64 entries as they were stored, reads back part for part.
      const before = await partsOf();
      const after = await partsOf(r.out);
      for (const part of Object.values(SAMPLE_SHEETS)) expect(after.get(part)?.equals(before.get(part)!)).toBe(true);
    },
  },
  {
    id: "pkg-rels-bad-char-ref",
    klass: "damaged structure",
    what: "a sheet's relationships hold the character reference &#0; (not an XML character)",
    make: async (dir) =>
      writeCase(dir, "rels-charref.xlsx", await sampleWith({
        "xl/worksheets/_rels/sheet1.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${HYPERLINK}" Target="http://example.com/&#0;" TargetMode="External"/></Relationships>`,
      })),
    expect: { exit: 2, stderr: /xl\/worksheets\/_rels\/sheet1\.xml\.rels/ },
  },
  {
    id: "pkg-rels-oversized",
    klass: "damaged structure",
    what: "a sheet's relationships part of 34 MiB (2 MiB over the cap on a structural part)",
    make: async (dir) => {
      const one = `<Relationship Id="rIdX" Type="${HYPERLINK}" Target="http://example.com/${"a".repeat(200)}" TargetMode="External"/>`;
      const n = Math.ceil((34 * 2 ** 20) / one.length);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(one.replace("rIdX", `rId${i}`));
      return writeCase(dir, "rels-big.xlsx", await sampleWith({ "xl/worksheets/_rels/sheet1.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS_NS}">${items.join("")}</Relationships>` }));
    },
    expect: { exit: 2, stderr: /xl\/worksheets\/_rels\/sheet1\.xml\.rels.*32 MiB/ },
  },
  {
    id: "pkg-rels-size-lies",
    klass: "damaged structure",
    what: "a sheet's relationships part (read only by the writer) unpacks to more bytes than its directory entry declares",
    make: async (dir) => {
      const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${HYPERLINK}" Target="http://example.com/${"a".repeat(5000)}" TargetMode="External"/></Relationships>`;
      const entries = (await sampleEntries()).map(layOut);
      entries.push({ ...layOut({ name: "xl/worksheets/_rels/sheet1.xml.rels", data: rels }), size: 100 });
      return writeCase(dir, "rels-lies.xlsx", zipOfLaidOut(entries));
    },
    expect: { exit: 2, stderr: /xl\/worksheets\/_rels\/sheet1\.xml\.rels/ },
  },
  {
    id: "pkg-many-dangling-sheets",
    klass: "damaged structure",
    what: "50,000 <sheet> entries in the workbook part whose relationships do not exist",
    make: async (dir) => {
      const extra: string[] = [];
      for (let i = 0; i < 50_000; i++) extra.push(`<sheet name="S${i}" sheetId="${100 + i}" r:id="rIdNone${i}"/>`);
      return writeCase(dir, "dangling-sheets.xlsx", await sampleWith({ [WORKBOOK]: (await sampleText(WORKBOOK)).replace("</sheets>", `${extra.join("")}</sheets>`) }));
    },
    expect: { exit: 2, stderr: /S0.*rIdNone0[\s\S]*50,000/ },
  },
  {
    id: "pkg-content-types-comment",
    klass: "damaged structure",
    what: "[Content_Types].xml ends with a comment holding </Types>: new content types must go inside the real root",
    make: async (dir) =>
      writeCase(dir, "ct-comment.xlsx", await sampleWith({ [CONTENT_TYPES]: `${await sampleText(CONTENT_TYPES)}<!-- old: <Override PartName="/x.xml" ContentType="a/b"/></Types> -->` })),
    expect: { exit: 0, stdout: /net payable 49,395\.70/ },
    check: async (r) => {
      const types = await outputContentTypes(r.out);
      const names = [...(await partsOf(r.out)).keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
      expect(names.length).toBeGreaterThan(7);
      for (const n of names) expect(types).toContain(`PartName="/${n}"`);
      // Every override once.
      const overrides = [...types.matchAll(/PartName="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(overrides).size).toBe(overrides.length);
    },
  },
];
