/**
 * What is inside a worksheet and the shared-string table: coordinates a cell merely claims (far outside the data,
 * or outside Excel's grid), merged ranges of absurd size, and values that cannot be read as written (a shared
 * string that does not exist, a number that is not a decimal number, a boolean that is neither, a cell written
 * twice). Each must end in exit 2 naming the sheet and cell, within little memory and time — never a silent guess.
 */
import type { CaseResult, HostileCase } from "../corpus";
import { SAMPLE_SHEETS, sampleText, sampleWith, writeCase } from "../zipParts";

const TICKETS = SAMPLE_SHEETS.Tickets;

/** The sample with its Tickets sheet's XML changed by `edit` (which must change it). */
async function ticketsEdited(dir: string, name: string, edit: (xml: string) => string): Promise<string> {
  const xml = await sampleText(TICKETS);
  const changed = edit(xml);
  if (changed === xml) throw new Error(`${name}: the edit did not change the Tickets sheet`);
  return writeCase(dir, name, await sampleWith({ [TICKETS]: changed }));
}

/** Replaces the one occurrence of `from` (it must occur exactly once). */
function once(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0 || xml.indexOf(from, at + 1) >= 0) throw new Error(`${from} does not occur exactly once`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** A read refused because of what a sheet holds: exit 2, nothing written, in little memory. */
function refused(stderr: RegExp, maxMiB = 512): HostileCase["expect"] & { check: (r: CaseResult) => void } {
  return {
    exit: 2,
    stderr,
    check: (r) => {
      if (r.peakMiB !== null && r.peakMiB >= maxMiB) throw new Error(`peak memory ${r.peakMiB.toFixed(0)} MiB, expected under ${maxMiB} MiB`);
    },
  };
}

interface Made {
  id: string;
  what: string;
  edit: (xml: string) => string;
  stderr: RegExp;
}

const made: Made[] = [
  {
    id: "sheet-far-cell-xfd1048576",
    what: "one number at Tickets!XFD1048576 (the last cell of Excel's grid) on a sheet whose data is A1:V321",
    edit: (x) => once(x, "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
    stderr: /Tickets!XFD1048576 holds a value far outside the data; clear it or move it/,
  },
  {
    id: "sheet-far-cell-a1000000",
    what: "one number at Tickets!A1000000, far below the data (A1:V321) but inside Excel's grid",
    edit: (x) => once(x, "</sheetData>", '<row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>'),
    stderr: /Tickets!A1000000 holds a value far outside the data; clear it or move it/,
  },
  {
    id: "sheet-far-column-100000-rows",
    what: "100,000 rows below the data, each with one number at column XFD (a column of values far right of A1:V321)",
    edit: (x) => once(x, "</sheetData>", `${Array.from({ length: 100_000 }, (_, i) => `<row r="${i + 322}"><c r="XFD${i + 322}"><v>1</v></c></row>`).join("")}</sheetData>`),
    stderr: /Tickets!XFD322:XFD100321 hold values far outside the data; clear them or move them/,
  },
  {
    id: "sheet-ref-row-4000000000",
    what: "a cell at A4000000000, a row past Excel's last (1,048,576)",
    edit: (x) => once(x, "</row></sheetData>", '<c r="A4000000000"><v>1</v></c></row></sheetData>'),
    stderr: /Tickets!A4000000000 is outside Excel's grid/,
  },
  {
    id: "sheet-ref-column-zzzz1",
    what: "a cell at ZZZZ1, a column past Excel's last (XFD)",
    edit: (x) => once(x, '<c r="V1" s="3" t="s"><v>21</v></c>', '<c r="V1" s="3" t="s"><v>21</v></c><c r="ZZZZ1"><v>1</v></c>'),
    stderr: /Tickets!ZZZZ1 is outside Excel's grid/,
  },
  {
    id: "sheet-merge-15-digit-row",
    what: 'a merged range W1:W999999999999999 (the old reader looped over every row of it, deaf to SIGTERM)',
    edit: (x) => once(x, "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="W1:W999999999999999"/></mergeCells>'),
    stderr: /Tickets: merged range W1:W999999999999999 is outside Excel's grid/,
  },
  {
    id: "sheet-merge-1e300",
    what: "a merged range W1:W1e300 (a row written as a floating-point number)",
    edit: (x) => once(x, "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="W1:W1e300"/></mergeCells>'),
    stderr: /Tickets: merged range "W1:W1e300" is not a range of cells/,
  },
  {
    id: "sheet-merge-overlap-whole-grid",
    what: "100,000 merged ranges, each A1:XFD1048576 (each the whole grid, all overlapping)",
    edit: (x) => once(x, "</sheetData>", `</sheetData><mergeCells count="100000">${'<mergeCell ref="A1:XFD1048576"/>'.repeat(100_000)}</mergeCells>`),
    stderr: /Tickets: merged ranges A1:XFD1048576 and A1:XFD1048576 overlap \(at A1\), which Excel does not allow/,
  },
  {
    id: "sheet-shared-string-minus-1",
    what: "Tickets!B2 (the provider) points at shared string −1 (it used to read empty: the ticket moved to the default provider)",
    edit: (x) => once(x, '<c r="B2" s="2" t="s"><v>23</v></c>', '<c r="B2" s="2" t="s"><v>-1</v></c>'),
    stderr: /Tickets!B2: shared string "-1" does not exist/,
  },
  {
    id: "sheet-shared-string-past-end",
    what: "Tickets!B2 points at shared string 485, one past the end of the table (485 texts)",
    edit: (x) => once(x, '<c r="B2" s="2" t="s"><v>23</v></c>', '<c r="B2" s="2" t="s"><v>485</v></c>'),
    stderr: /Tickets!B2: shared string "485" does not exist \(the table has 485 texts, 0 to 484\)/,
  },
  {
    id: "sheet-shared-string-abc",
    what: 'Tickets!B2 points at shared string "abc"',
    edit: (x) => once(x, '<c r="B2" s="2" t="s"><v>23</v></c>', '<c r="B2" s="2" t="s"><v>abc</v></c>'),
    stderr: /Tickets!B2: shared string "abc" does not exist/,
  },
  {
    id: "sheet-number-1e999",
    what: "Tickets!P2 (a fee) holds 1e999, past the largest number (it used to read empty)",
    edit: (x) => once(x, '<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8"><v>1e999</v></c>'),
    stderr: /Tickets!P2: the number "1e999" is not a finite decimal number/,
  },
  {
    id: "sheet-number-nan",
    what: "Tickets!P2 holds NaN (it used to read empty)",
    edit: (x) => once(x, '<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8"><v>NaN</v></c>'),
    stderr: /Tickets!P2: the number "NaN" is not a finite decimal number/,
  },
  {
    id: "sheet-number-hex",
    what: "Tickets!P2 holds 0x10 (it used to read as 16)",
    edit: (x) => once(x, '<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8"><v>0x10</v></c>'),
    stderr: /Tickets!P2: the number "0x10" is not a finite decimal number/,
  },
  {
    id: "sheet-boolean-yes",
    what: 'Tickets!P2 is a boolean cell holding "yes" (it used to read as FALSE)',
    edit: (x) => once(x, '<c r="P2" s="8"><v>400</v></c>', '<c r="P2" s="8" t="b"><v>yes</v></c>'),
    stderr: /Tickets!P2: the boolean "yes" is not one of 0, 1, true, false/,
  },
  {
    id: "sheet-cell-written-twice",
    what: "Tickets!P2 written twice: after R2 a cell goes back to P2 with another fee (the last value used to win)",
    edit: (x) => once(x, '<c r="R2" s="8"><v>15</v></c>', '<c r="R2" s="8"><v>15</v></c><c r="P2" s="8"><v>999</v></c>'),
    stderr: /Tickets!P2 is written twice/,
  },
  {
    id: "sheet-many-bad-cells",
    what: "every fee of every ticket (960 cells) holds NaN: the first 20 are listed, one line each, then how many more",
    edit: (x) => x.replace(/(<c r="[PQR]\d+" s="8")><v>[^<]*<\/v>/g, "$1><v>NaN</v>"),
    stderr: /^ {2}Tickets!P2: the number "NaN"[^\n]*\n(?: {2}Tickets![PQR]\d+: [^\n]*\n){19} {2}and 9\d\d more$/m,
  },
];

export const cases: HostileCase[] = made.map((m) => {
  const { check, ...expect } = refused(m.stderr);
  return { id: m.id, klass: "sheet content", what: m.what, make: (dir: string) => ticketsEdited(dir, `${m.id}.xlsx`, m.edit), expect, check };
});
