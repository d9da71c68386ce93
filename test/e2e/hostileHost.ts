/**
 * Bundled for the browser by hostile.e2e.test.ts and injected before the task pane loads: the strict fake Excel
 * host with what a real user's workbook may hold — a protected structure, the 1904 date system, Tables, number
 * formats — and a user who edits a cell while the run goes on. Like fakeHost.ts (the plain one), it reads the
 * workbook from `window.__SLA_BOOK__` and exposes the fake as `window.__SLA_FAKE__`.
 */
import { FakeExcel, type FakeSheetInput } from "../../src/excel/fake/fakeExcel";
import { installCustomFunctionsRuntime } from "./customFunctionsRuntime";

interface HostileBook {
  sheets: FakeSheetInput[];
  displayLanguage: string;
  workbookProtected?: boolean;
  date1904?: boolean;
}

const w = window as unknown as {
  __SLA_BOOK__: HostileBook;
  __SLA_FAKE_EXCEL__: unknown;
  __SLA_FAKE__: FakeExcel;
  /** The test starts a cell edit; the returned function ends it. */
  __SLA_EDIT_CELL__: () => () => void;
};
const book = w.__SLA_BOOK__;
const fake = new FakeExcel(book.sheets, { workbookProtected: book.workbookProtected, date1904: book.date1904 });
w.__SLA_FAKE__ = fake;
w.__SLA_EDIT_CELL__ = () => fake.startCellEdit();
// Settings go through the Office-like store (set, then saveAsync), as in Excel.
w.__SLA_FAKE_EXCEL__ = { run: fake.run, displayLanguage: book.displayLanguage, settings: fake.settings };
// The shared runtime's CustomFunctions namespace, which the functions bundle on the pane's page registers with.
installCustomFunctionsRuntime(w as unknown as { CustomFunctions?: unknown });
