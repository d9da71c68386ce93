/**
 * The spreadsheet way, for the end-to-end rows of `npm run bench`: the same month settled as a finance user would in
 * a spreadsheet, one row per ticket with its deadlines, late flags and penalty as formulas, then loaded and
 * recalculated by LibreOffice headless. `bench/spreadsheetWay.ts <tickets> <out.xlsx>` writes the workbook:
 *   Tickets: ID, reported, responded, repaired (date-time serials), then per row
 *     response due  =WORKDAY.INTL(INT(B),1,1,Holidays)+MOD(B,1)     one working day, weekends and holidays off
 *     repair due    =WORKDAY.INTL(INT(B),3,1,Holidays)+MOD(B,1)     three working days
 *     response late =IF(C>E,1,0)      repair late =IF(D>F,1,0)
 *     days late     =IF(H=1,NETWORKDAYS.INTL(INT(F),INT(D),1,Holidays)-1,0)
 *     penalty       =G*200+MAX(I,0)*500
 *   Summary: tickets, late counts and the penalty total (SUM/COUNTIF over the columns).
 *   Holidays: the weekday holidays of the CN calendar, September to December 2026.
 * Formulas are written without cached values, and the bench's LibreOffice profile recalculates on load. The ticket
 * instants are seeded (bench/synthetic.ts seededRandom): reported in 25 September – 31 October 2026, answered within
 * 0–30 hours, repaired within 0–8 days. The workbook is written by the tool's own zip writer, streamed, so a full
 * sheet of 1,048,575 tickets costs no more memory than a small one.
 */
import { createWriteStream } from "fs";
import { buildCalendar } from "../src/engine/clocks";
import { asDay, daysFromCivil, excelSerialFromDay, weekdayOf } from "../src/engine/core/time";
import { ZipWriter } from "../src/xlsx/zipWriter";
import { seededRandom } from "./synthetic";

const n = Number(process.argv[2]);
const out = process.argv[3];
if (!Number.isInteger(n) || n <= 0 || n > 1048575 || !out) {
  process.stderr.write("usage: bench/spreadsheetWay.ts <tickets, at most 1,048,575> <out.xlsx>\n");
  process.exit(2);
}

const built = buildCalendar({ kind: "CN", workingHours: [{ fromSecond: 9 * 3600, toSecond: 18 * 3600 }], overrides: [] });
if (built.issues.some((i) => i.severity === "error")) throw new Error("CN calendar did not build");
const holidays: number[] = [];
for (let d = daysFromCivil(2026, 9, 1); d <= daysFromCivil(2026, 12, 31); d++) {
  if (weekdayOf(asDay(d)) < 5 && !built.value.isWorkingDay(asDay(d))) holidays.push(excelSerialFromDay(asDay(d)));
}
const HOL = `Holidays!$A$1:$A$${holidays.length}`;

function* ticketsXml(): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const head = ["Ticket", "Reported", "Responded", "Repaired", "Response due", "Repair due", "Response late", "Repair late", "Days late", "Penalty"];
  yield `<row r="1">${head.map((h, c) => `<c r="${String.fromCharCode(65 + c)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join("")}</row>`;
  const rnd = seededRandom(20261001);
  const base = excelSerialFromDay(asDay(daysFromCivil(2026, 9, 25)));
  let piece: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    const reported = base + Math.floor(rnd() * 37 * 1440) / 1440;
    const responded = reported + Math.floor(rnd() * 30 * 60) / 1440;
    const repaired = reported + Math.floor(rnd() * 8 * 1440) / 1440;
    piece.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>T-${i + 1}</t></is></c><c r="B${r}"><v>${reported}</v></c><c r="C${r}"><v>${responded}</v></c><c r="D${r}"><v>${repaired}</v></c>` +
        `<c r="E${r}"><f>WORKDAY.INTL(INT(B${r}),1,1,${HOL})+MOD(B${r},1)</f></c><c r="F${r}"><f>WORKDAY.INTL(INT(B${r}),3,1,${HOL})+MOD(B${r},1)</f></c>` +
        `<c r="G${r}"><f>IF(C${r}&gt;E${r},1,0)</f></c><c r="H${r}"><f>IF(D${r}&gt;F${r},1,0)</f></c>` +
        `<c r="I${r}"><f>IF(H${r}=1,NETWORKDAYS.INTL(INT(F${r}),INT(D${r}),1,${HOL})-1,0)</f></c><c r="J${r}"><f>G${r}*200+MAX(I${r},0)*500</f></c></row>`,
    );
    if (piece.length === 500) {
      yield piece.join("");
      piece = [];
    }
  }
  yield piece.join("") + "</sheetData></worksheet>";
}

const last = n + 1;
const summaryXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  [
    ["Tickets", `COUNTA(Tickets!A2:A${last})`],
    ["Responses late", `SUM(Tickets!G2:G${last})`],
    ["Repairs late", `COUNTIF(Tickets!H2:H${last},1)`],
    ["Penalties", `SUM(Tickets!J2:J${last})`],
  ]
    .map(([label, f], i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${label}</t></is></c><c r="B${i + 1}"><f>${f}</f></c></row>`)
    .join("") +
  "</sheetData></worksheet>";
const holidaysXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  holidays.map((h, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${h}</v></c></row>`).join("") +
  "</sheetData></worksheet>";

const CT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const parts: [string, string][] = [
  [
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      [1, 2, 3].map((k) => `<Override PartName="/xl/worksheets/sheet${k}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
      "</Types>",
  ],
  [
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${CT}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${CT}"><sheets>` +
      '<sheet name="Tickets" sheetId="1" r:id="rId1"/><sheet name="Summary" sheetId="2" r:id="rId2"/><sheet name="Holidays" sheetId="3" r:id="rId3"/></sheets></workbook>',
  ],
  [
    "xl/_rels/workbook.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      [1, 2, 3].map((k) => `<Relationship Id="rId${k}" Type="${CT}/worksheet" Target="worksheets/sheet${k}.xml"/>`).join("") +
      "</Relationships>",
  ],
];

async function write(): Promise<void> {
  const sink = createWriteStream(out);
  const zip = new ZipWriter(sink, new Date(Date.UTC(2026, 10, 1)));
  for (const [name, xml] of parts) await zip.addBuffer(name, Buffer.from(xml, "utf8"));
  await zip.addDeflated("xl/worksheets/sheet1.xml", ticketsXml());
  await zip.addBuffer("xl/worksheets/sheet2.xml", Buffer.from(summaryXml, "utf8"));
  await zip.addBuffer("xl/worksheets/sheet3.xml", Buffer.from(holidaysXml, "utf8"));
  await zip.finish();
}

write().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
