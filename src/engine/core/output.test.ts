import type { Cell } from "./cells";
import fc from "fast-check";
import { reportSheetName } from "../report/reportSheet";
import {
  cellFormatsInOrder, beforeIssues, cutToUnits, eachRowStyle, EXCEL_MAX_CELL_CHARS, excelSheetName, fetchRowBlock, fitCellText, lazyRowsSheet, leaveRowsBehind, planOutputSheets, rawRowBlockOf, rowBlockOf, rowCountOf, ROW_STYLE_CODES, rowStyleAt, rowStyleCode,
  rowStyleRuns, rowStylesEnd, rowStylesInOrder, rowStylesOf, rowStylesUsed, sheetWidthOf, supersededOutputSheets, type OutputSheet, type RowSource, type RowStyle,
} from "./output";

describe("planOutputSheets (nothing is lost)", () => {
  it("creates new sheets under the wanted names", () => {
    expect(planOutputSheets(["Findings 2026-10"], ["Tickets"], [])).toEqual([
      { wanted: "Findings 2026-10", name: "Findings 2026-10", replace: false },
    ]);
  });
  it("replaces a sheet the tool created", () => {
    expect(planOutputSheets(["Findings 2026-10"], ["Tickets", "findings 2026-10"], ["Findings 2026-10"])[0]).toEqual({
      wanted: "Findings 2026-10", name: "Findings 2026-10", replace: true,
    });
  });
  it("writes beside a user's own sheet of the same name, and reuses its own earlier (2)", () => {
    expect(planOutputSheets(["Settlement 2026-10"], ["Settlement 2026-10"], [])[0].name).toBe("Settlement 2026-10 (2)");
    expect(
      planOutputSheets(["Settlement 2026-10"], ["Settlement 2026-10", "Settlement 2026-10 (2)"], ["Settlement 2026-10 (2)"])[0],
    ).toEqual({ wanted: "Settlement 2026-10", name: "Settlement 2026-10 (2)", replace: true });
  });
});

describe("supersededOutputSheets: an earlier, larger run's extra sheets of the same month", () => {
  const created = [
    "Findings 2026-10", "Findings 2026-10 part 2", "Findings 2026-10 part 3", "Fees 2026-10", "Fees 2026-10 part 2",
    "Settlement 2026-10", "Findings 2026-09 part 2", "Fees 2026-09",
  ];
  it("are the parts and Fees sheets of this run's month that this run does not write", () => {
    expect(supersededOutputSheets(created, ["Findings 2026-10", "Findings 2026-10 part 2", "Settlement 2026-10", "KPIs 2026-10"]))
      .toEqual(["Findings 2026-10 part 3", "Fees 2026-10", "Fees 2026-10 part 2"]);
  });
  it("never another month's sheets, never a sheet the tool did not create, nothing for a run without a Findings sheet", () => {
    expect(supersededOutputSheets(created, ["Findings 2026-11"])).toEqual([]);
    expect(supersededOutputSheets(["Findings 2026-10"], ["Findings 2026-10"])).toEqual([]);
    expect(supersededOutputSheets(created, ["Tickets", "Events"])).toEqual([]);
  });
});

describe("a lazy sheet crossing to another thread (the engine's worker to the pane)", () => {
  const counting = (count: number): RowSource & { built: number } => {
    const source = {
      count,
      built: 0,
      block(from: number, to: number): Cell[][] {
        const rows: Cell[][] = [];
        for (let r = from; r < Math.min(to, count); r++, source.built++) rows.push([`row ${r}`, r]);
        return rows;
      },
    };
    return source;
  };
  const base = { name: "Findings 2026-10", role: "findings" as const, formulas: [], columns: [{ widthChars: 10 }, { widthChars: 8 }], cellFormats: [], rowStyles: [{ row: 0, style: "header" as const }], freezeRows: 1, tables: [] };

  it("leaves its rows behind unbuilt, keeps everything else, and survives a structured clone", () => {
    const source = counting(25_000);
    const sent = structuredClone(leaveRowsBehind(lazyRowsSheet(base, source)));
    expect(source.built).toBe(0);
    expect(sent.rows).toEqual([]);
    expect(sent.remoteRows).toEqual({ count: 25_000 });
    expect(sent.rowStyles).toEqual(base.rowStyles);
    expect(rowCountOf(sent)).toBe(25_000);
    expect(sheetWidthOf(sent)).toBe(2);
  });

  it("is read through fetchRowBlock once a fetch is attached, clipped to its rows; rowBlockOf refuses it", async () => {
    const source = counting(10);
    const sent = leaveRowsBehind(lazyRowsSheet(base, source));
    await expect(fetchRowBlock(sent, 0, 5)).rejects.toThrow(/no fetch is attached/);
    sent.remoteRows = { count: 10, fetch: async (from, to) => source.block(from, to) };
    expect(await fetchRowBlock(sent, 8, 20)).toEqual([["row 8", 8], ["row 9", 9]]);
    expect(() => rowBlockOf(sent, 0, 5)).toThrow(/fetchRowBlock/);
  });

  it("a sheet with its rows at hand crosses as it is and reads the same either way", async () => {
    const plain = { ...base, rows: [["a", 1], ["b", 2]] as Cell[][] };
    expect(leaveRowsBehind(plain)).toBe(plain);
    expect(await fetchRowBlock(plain, 1, 2)).toEqual([["b", 2]]);
  });
});

describe("row styles given as a list, as a code per row, or both", () => {
  const style = fc.constantFrom<RowStyle>("title", "header", "late", "total", "subtotal", "section", "note");
  const list = fc.array(fc.record({ row: fc.integer({ min: 0, max: 12 }), style }), { maxLength: 12 });
  const codes = fc.option(fc.array(fc.option(style, { nil: undefined }), { maxLength: 14 }), { nil: undefined });
  const sheetOf = (l: { row: number; style: RowStyle }[], c: (RowStyle | undefined)[] | undefined) =>
    ({ rowStyles: l, rowStyleCodes: c && Uint8Array.from(c, (x) => (x ? rowStyleCode(x) : 0)) });

  it("codes name every row style once, 0 none", () => {
    expect(ROW_STYLE_CODES[0]).toBeUndefined();
    for (const s of ["title", "header", "late", "total", "subtotal", "section", "note"] as const) expect(ROW_STYLE_CODES[rowStyleCode(s)]).toBe(s);
  });

  it("read as the list, then the coded rows top to bottom; by row the last given wins; runs as the plain grouping", () => {
    fc.assert(fc.property(list, codes, (l, c) => {
      const sheet = sheetOf(l, c);
      // The plain forms, written out: the list, then each coded row; a Map set in that order; runs grouped from it.
      const plain = [...l];
      c?.forEach((s, row) => s && plain.push({ row, style: s }));
      expect(rowStylesOf(sheet)).toEqual(plain);
      const seen: [number, RowStyle][] = [];
      eachRowStyle(sheet, (row, s) => seen.push([row, s]));
      expect(seen).toEqual(plain.map((x) => [x.row, x.style]));
      const byRow = new Map<number, RowStyle>();
      for (const x of plain) byRow.set(x.row, x.style);
      const at = rowStyleAt(sheet);
      for (let row = 0; row < 16; row++) expect(at(row)).toBe(byRow.get(row));
      // The styles used in order of first meeting, and one past the last styled row, without a visit per row.
      expect(rowStylesUsed(sheet)).toEqual([...new Set(plain.map((x) => x.style))]);
      expect(rowStylesEnd(sheet)).toBe(plain.reduce((end, x) => Math.max(end, x.row + 1), 0));
      // Asked top to bottom, the same: walked in step with a list in row order, else through rowStyleAt.
      for (const listed of [l, [...l].sort((a, b) => a.row - b.row)]) {
        const inOrder = rowStylesInOrder(sheetOf(listed, c));
        const expected = new Map<number, RowStyle>();
        for (const x of listed) expected.set(x.row, x.style);
        c?.forEach((s, row) => s && expected.set(row, s));
        for (let row = 0; row < 16; row += 1 + (row % 3)) expect(inOrder(row)).toBe(expected.get(row));
      }
      const runs: { row: number; count: number; style: RowStyle }[] = [];
      for (const x of plain) {
        const last = runs[runs.length - 1];
        if (last && last.style === x.style && last.row + last.count === x.row) last.count += 1;
        else runs.push({ row: x.row, count: 1, style: x.style });
      }
      expect([...rowStyleRuns(sheet)]).toEqual(runs);
    }));
  });

  it("cross to another thread with the sheet (leaveRowsBehind keeps the codes)", () => {
    const source: RowSource = { count: 3, block: (from, to) => [["h"], ["a"], ["t"]].slice(from, to) };
    const sheet = lazyRowsSheet({ name: "F", role: "findings", formulas: [], columns: [], cellFormats: [], rowStyles: [], rowStyleCodes: Uint8Array.of(2, 3, 4), freezeRows: 1, tables: [] }, source);
    const sent = structuredClone(leaveRowsBehind(sheet));
    expect(rowStylesOf(sent)).toEqual([{ row: 0, style: "header" }, { row: 1, style: "late" }, { row: 2, style: "total" }]);
  });
});

describe("sheet names Excel opens (one function for both hosts)", () => {
  const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it("are cut at 31 UTF-16 code units between characters: an emoji at the cut goes whole", () => {
    const name = reportSheetName("2026-10", "Huaxiu Se😀rvice Company Limited");
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(LONE);
    expect(name).toMatch(/^Report 2026-10 Huaxiu Se #[0-9a-f]{4}$/);
    // A flag and a joined emoji (several code points each) are graphemes: never split.
    expect(cutToUnits("ab🇨🇳👩‍🔧", 5)).toBe("ab");
    expect(cutToUnits("ab🇨🇳👩‍🔧", 6)).toBe("ab🇨🇳");
  });

  it("lose control characters, the characters Excel forbids, apostrophes at either end, and are never History", () => {
    expect(excelSheetName("Huaxiu\u0007Service\u001b[31m\u0085Co\u007f")).toBe("Huaxiu Service 31m Co");
    expect(excelSheetName("a:b\\c/d?e*f[g]h")).toBe("a b c d e f g h");
    expect(excelSheetName("'quoted'")).toBe("quoted");
    expect(excelSheetName("\u0000\u0001")).toBe("Sheet");
    expect(excelSheetName("HISTORY")).toBe("HISTORY (2)");
    expect(reportSheetName("2026-10", "Huaxiu\u0001Service\u009b")).toBe("Report 2026-10 Huaxiu Service");
  });

  it("any text at all gives a valid name (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        for (const name of [excelSheetName(text), reportSheetName("2026-10", text)]) {
          expect(name.length).toBeGreaterThan(0);
          expect(name.length).toBeLessThanOrEqual(31);
          expect(name).not.toMatch(LONE);
          expect(name).not.toMatch(/[\u0000-\u001f\u007f-\u009f:\\/?*[\]]/);
          expect(name).not.toMatch(/^'|'$/);
        }
      }),
    );
  });

  it("planOutputSheets writes under a valid name, unique case-insensitively, even for two wanted names that clean to one", () => {
    const plans = planOutputSheets(["Report 2026-10 A\u0007", "Report 2026-10 A", "report 2026-10 a"], ["Tickets", "Report 2026-10 A"], ["Report 2026-10 A"]);
    expect(plans.map((p) => p.name)).toEqual(["Report 2026-10 A", "Report 2026-10 A (2)", "report 2026-10 a (3)"]);
    expect(plans.map((p) => p.replace)).toEqual([true, false, false]);
    // The suffix's room is cut between characters too.
    const long = `Findings ${"😀".repeat(20)}`;
    const [, second] = planOutputSheets([long, long], [], []);
    expect(second.name.length).toBeLessThanOrEqual(31);
    expect(second.name).not.toMatch(LONE);
  });
});

describe("cell texts within Excel's 32,767 characters", () => {
  it("a longer text is cut between characters and says how much was left off", () => {
    const text = `${"x".repeat(32_760)}😀${"y".repeat(46_609 - 32_762)}`;
    expect(text.length).toBe(46_609);
    const fit = fitCellText(text);
    expect(fit.length).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    expect(fit).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    const more = Number(/cut: ([\d,]+) more characters/.exec(fit)![1].replace(/,/g, ""));
    expect(fit.indexOf(" … [cut:") + more).toBe(46_609);
    expect(fitCellText("short")).toBe("short");
  });

  it("every host's read of rows (rowBlockOf, fetchRowBlock) gets them within the limit; the sheet's own rows stay", async () => {
    const long = "z".repeat(46_609);
    const rows: Cell[][] = [["a", long, 1]];
    const sheet: OutputSheet = { name: "S", role: "settlement", rows, formulas: [], columns: [], cellFormats: [], rowStyles: [], freezeRows: 0, tables: [] };
    const [row] = rowBlockOf({ ...sheet, rows }, 0, 1);
    expect((row[1] as string).length).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    expect(row[0]).toBe("a");
    expect(row[2]).toBe(1);
    expect(rows[0][1]).toBe(long);
    const remote = leaveRowsBehind(lazyRowsSheet({ ...sheet }, { count: 1, block: () => [["a", long]] }));
    remote.remoteRows!.fetch = async () => [["a", long]];
    expect(((await fetchRowBlock(remote, 0, 1))[0][1] as string).length).toBeLessThanOrEqual(EXCEL_MAX_CELL_CHARS);
    // The raw read, for a host that cuts each text as it writes it, leaves them as they are; never of remote rows.
    expect(rawRowBlockOf({ ...sheet, rows }, 0, 1)[0][1]).toBe(long);
    expect(() => rawRowBlockOf(remote, 0, 1)).toThrow(/fetchRowBlock/);
  });
});

describe("Data Issues parts", () => {
  it("an earlier, larger run's Data Issues part 2 goes when this run writes Data Issues; a user's sheet never", () => {
    expect(supersededOutputSheets(["Data Issues", "Data Issues part 2", "Data Issues part 3"], ["Findings 2026-10", "Data Issues", "Data Issues part 2"])).toEqual(["Data Issues part 3"]);
    expect(supersededOutputSheets(["Data Issues part 2"], ["Findings 2026-10"])).toEqual([]);
  });

  it("report sheets go before the Data Issues sheets, however many parts they have", () => {
    const s = (name: string, role: "findings" | "issues" | "report") => ({ name, role }) as unknown as OutputSheet;
    const sheets = beforeIssues([s("Findings", "findings"), s("Data Issues", "issues"), s("Data Issues part 2", "issues")], [s("Report", "report")]);
    expect(sheets.map((x) => x.name)).toEqual(["Findings", "Report", "Data Issues", "Data Issues part 2"]);
  });
});

describe("cellFormatsInOrder", () => {
  it("gives each row's own formats by column, the later entry winning, entries over several rows included, rows asked top to bottom, in row order or not", () => {
    const entry = fc.record({
      row: fc.integer({ min: 0, max: 9 }),
      col: fc.integer({ min: 0, max: 4 }),
      numberFormat: fc.constantFrom("@", "0.00", "yyyy-mm-dd"),
      rows: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.boolean(), fc.integer({ min: 1, max: 3 }), (list, sorted, stride) => {
        const given = sorted ? [...list].sort((a, b) => a.row - b.row) : list;
        // What a cell's own format is, entry by entry, the later one laid over the earlier.
        const expected = (row: number, col: number): string | undefined => {
          let f: string | undefined;
          for (const e of given) if (e.col === col && row >= e.row && row < e.row + (e.rows ?? 1)) f = e.numberFormat;
          return f;
        };
        const at = cellFormatsInOrder(given);
        for (let row = 0; row < 16; row += stride) {
          const formats = at(row);
          const any = [0, 1, 2, 3, 4].some((col) => expected(row, col) !== undefined);
          if (!any) expect(formats).toBeUndefined();
          else for (let col = 0; col < 6; col++) expect(formats?.[col]).toBe(expected(row, col));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
