/**
 * Reading the Agreement and Calendar sheets and the date system through Excel.run (over the documented behaviour
 * kept by fakeWorkbook.ts), and the short-lived cache that lets one recalculation read the workbook once.
 */
import { dateSystemOf, readWorkbookClock, workbookClock } from "../../src/functions/workbookClock";
import { isFunctionError, slaDue, slaIsWorkday, type FunctionError, type WorkbookClock } from "../../src/functions/slaFunctions";
import { fakeExcel, type FakeBook } from "./fakeWorkbook";

const serial = (ms: number, date1904: boolean) => ms / 86_400_000 + 25569 - (date1904 ? 1462 : 0);
const g = globalThis as unknown as { Excel?: unknown };

async function readWith(book: FakeBook): Promise<WorkbookClock> {
  g.Excel = fakeExcel(book);
  try {
    return await readWorkbookClock();
  } finally {
    delete g.Excel;
  }
}

describe("readWorkbookClock", () => {
  it.each([false, true])("date1904=%s: the date system from DATE(1904,1,1), and Calendar dates moved to 1900 serials", async (date1904) => {
    const nov3 = serial(Date.UTC(2026, 10, 3), date1904);
    const book = await readWith({
      date1904,
      sheets: [
        { name: "Tickets", rows: [["Ticket", "Reported At"]] },
        { name: "Agreement", rows: [["Calendar", "CN"]] },
        { name: "日历", rows: [["日期", "类型", "名称"], [nov3, "休息", "公司日"]] },
      ],
    });
    expect(book.dateSystem).toBe(date1904 ? "1904" : "1900");
    expect(book.issues).toEqual([]);
    expect(book.settings?.overrides.map((o) => o.name)).toEqual(["公司日"]);
    expect(slaIsWorkday(book, "en", nov3)).toBe(false);
    expect(slaIsWorkday(book, "en", nov3 + 1)).toBe(true);
  });

  it("a workbook without an Agreement sheet: no settings (CN by default)", async () => {
    const excel = fakeExcel({ date1904: false, sheets: [{ name: "Sheet1", rows: [[1, 2]] }] });
    g.Excel = excel;
    try {
      const book = await readWorkbookClock();
      expect(book).toEqual({ settings: null, issues: [], dateSystem: "1900" });
    } finally {
      delete g.Excel;
    }
  });

  it("an Agreement that starts at row 3 (a used range not at A1): issues name the sheet's own cells", async () => {
    const book = await readWith({
      date1904: false,
      sheets: [{ name: "Agreement", rows: [[], [], ["Calendar", "CN"], ["Working Hours", "18:00-09:00"]] }],
    });
    const r = slaDue(book, "en", 46100, 1, "wh") as FunctionError;
    expect(isFunctionError(r)).toBe(true);
    expect(r.message).toMatch(/^Agreement!B4: /);
  });

  it("an empty Agreement sheet (a null used range) gives the defaults", async () => {
    const book = await readWith({ date1904: false, sheets: [{ name: "协议", rows: [] }] });
    expect(book.settings).toMatchObject({ calendar: "CN", dayEndsAt: "midnight", agreementSheet: "协议" });
  });

  it("refuses a DATE answer that is neither date system", () => {
    expect(dateSystemOf(0)).toBe("1904");
    expect(dateSystemOf(1462)).toBe("1900");
    expect(() => dateSystemOf(1461)).toThrow(/neither 0 nor 1462/);
  });
});

describe("workbookClock", () => {
  const book: WorkbookClock = { settings: null, issues: [], dateSystem: "1900" };
  it("one read serves calls within 2 s; a later call reads again; a failed read is not kept", async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      return book;
    };
    await workbookClock(1_000_000, read);
    await workbookClock(1_001_999, read);
    expect(reads).toBe(1);
    await workbookClock(1_002_000, read);
    expect(reads).toBe(2);
    const failing = () => Promise.reject(new Error("InvalidOperation"));
    await expect(workbookClock(2_000_000, failing)).rejects.toThrow("InvalidOperation");
    await workbookClock(2_000_001, read);
    expect(reads).toBe(3);
  });
});
