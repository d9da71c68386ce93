/**
 * The add-in as real Excel behaves: each case here is something Excel does (documented, cited in the fake) that
 * the fake host used to be kinder about. Every test drives the real adapter through the strict fake.
 */
import * as path from "path";
import { readXlsx } from "../xlsx";
import { settleMonth } from "../engine";
import type { Cell, WorkbookData } from "../engine/core/cells";
import { goToCell, readInputSheets, writeOutputSheets, type ExcelRun } from "./adapter";
import { FakeExcel, type FakeSheetInput } from "./fake/fakeExcel";

const runOf = (fake: FakeExcel) => fake.run as unknown as ExcelRun;
const sample = () => readXlsx(path.join(__dirname, "../../examples/sample.xlsx"));
const statementsOf = (wb: WorkbookData) => JSON.stringify(settleMonth(wb, { month: "2026-10", lang: "en" }).json.statements);
/** The same rows with `down` empty rows above and `right` empty columns to the left. */
const moved = (rows: Cell[][], down: number, right: number): Cell[][] => [
  ...Array.from({ length: down }, () => []),
  ...rows.map((r) => [...Array.from({ length: right }, () => null), ...r]),
];

describe("used range away from A1", () => {
  it("reads a Tickets sheet whose header is at B3 whole, and its issues point at the cells where they are", async () => {
    const wb = await sample();
    const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
    tickets.rows[3][6] = "not a date"; // Reported At of the third ticket: G4 in the file as read
    const atA1 = settleMonth(wb, { month: "2026-10", lang: "en" });
    const fake = new FakeExcel(wb.sheets.map((s) => (s.name === "Tickets" ? { name: s.name, rows: moved(s.rows, 2, 1) } : s)));
    const read = await readInputSheets(runOf(fake));
    const readTickets = read.sheets.find((s) => s.name === "Tickets")!;
    expect(readTickets.rows[2].slice(1)).toEqual(tickets.rows[0]);
    expect(readTickets.rows[2][tickets.rows[0].length]).toBe("Remarks"); // the last column is not cut
    expect(readTickets.rows.length).toBe(tickets.rows.length + 2);
    const there = settleMonth(read, { month: "2026-10", lang: "en" });
    expect(JSON.stringify(there.json.statements)).toBe(JSON.stringify(atA1.json.statements));
    const bad = (r: typeof atA1) => r.issues.filter((i) => i.value === "not a date").map((i) => `${i.sheet}!${i.cell}`);
    expect(bad(atA1)).toContain("Tickets!G4");
    expect(bad(there)).toContain("Tickets!H6");
    expect(bad(there)).not.toContain("Tickets!G4");
  });
});

describe("input Tables with a Total Row", () => {
  it("does not read a Tickets table's total row as a ticket", async () => {
    const wb = await sample();
    const tickets = wb.sheets.find((s) => s.name === "Tickets")!;
    const width = tickets.rows[0].length;
    const last = tickets.rows.length; // zero-based row of the total row
    const total: Cell[] = Array.from({ length: width }, (_, c) => (c === 0 ? "Total" : c === 15 ? 123456 : null));
    const sheets: FakeSheetInput[] = wb.sheets.map((s) => (s.name === "Tickets"
      ? { name: s.name, rows: [...s.rows, total], tables: [{ name: "TicketsTable", address: `A1:V${last + 1}`, showTotals: true }] }
      : s));
    const read = await readInputSheets(runOf(new FakeExcel(sheets)));
    const run = settleMonth(read, { month: "2026-10", lang: "en" });
    expect(run.issues.filter((i) => i.sheet === "Tickets" && i.cell.endsWith(String(last + 1)))).toEqual([]);
    expect(JSON.stringify(run.json.statements)).toBe(statementsOf(wb));
    // Without the table's word for it, the same row is a ticket the engine complains about.
    const plain = await readInputSheets(runOf(new FakeExcel(sheets.map(({ tables: _t, ...s }) => s))));
    expect(settleMonth(plain, { month: "2026-10", lang: "en" }).issues.filter((i) => i.sheet === "Tickets" && i.cell.endsWith(String(last + 1))).length).toBeGreaterThan(0);
  });
});

describe("a cell being edited during a run", () => {
  it("every batch waits for the user to leave cell-edit mode (delayForCellEdit), then reads, writes and goes to a cell", async () => {
    const wb = await sample();
    const fake = new FakeExcel(wb.sheets);
    const endEdit = fake.startCellEdit();
    let ended = false;
    setTimeout(() => ((ended = true), endEdit()), 30);
    const read = await readInputSheets(runOf(fake));
    expect(ended).toBe(true); // it waited, it did not fail
    const run = settleMonth(read, { month: "2026-10", lang: "en" });
    const end2 = fake.startCellEdit();
    setTimeout(end2, 10);
    await writeOutputSheets(runOf(fake), run.sheets.slice(0, 2));
    const end3 = fake.startCellEdit();
    setTimeout(end3, 10);
    await goToCell(runOf(fake), "Tickets", "B3");
    expect(fake.state.selection).toBe("Tickets!B3");
  });

  it("the fake fails a batch sent without delayForCellEdit while a cell is edited, as Excel does", async () => {
    const fake = new FakeExcel([{ name: "S", rows: [["a"]] }]);
    fake.startCellEdit();
    await expect(fake.run(async (ctx) => ctx.sync())).rejects.toMatchObject({ code: "InvalidOperationInCellEditMode" });
  });
});
