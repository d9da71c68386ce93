/**
 * Bundled for the browser by taskpane.e2e.test.ts and injected before the task pane loads: the in-memory fake
 * Excel stands in for Office, holding the workbook the test passes in `window.__SLA_BOOK__`.
 */
import { FakeExcel, type FakeCell } from "../../src/excel/fake/fakeExcel";
import { installCustomFunctionsRuntime } from "./customFunctionsRuntime";

const w = window as unknown as {
  __SLA_BOOK__: { sheets: { name: string; rows: FakeCell[][] }[]; displayLanguage: string; platform?: string; failSyncAt?: number };
  __SLA_FAKE_EXCEL__: unknown;
  __SLA_FAKE__: FakeExcel;
};
const fake = new FakeExcel(w.__SLA_BOOK__.sheets);
w.__SLA_FAKE__ = fake;
// The workbook's settings live in the fake's state (as Office.context.document.settings live in the document).
w.__SLA_FAKE_EXCEL__ = { run: fake.run, displayLanguage: w.__SLA_BOOK__.displayLanguage, settings: fake.state.settings, platform: w.__SLA_BOOK__.platform ?? "" };
if (w.__SLA_BOOK__.failSyncAt) fake.state.failSyncAt = w.__SLA_BOOK__.failSyncAt;
// The shared runtime's CustomFunctions namespace, which the functions bundle on the pane's page registers with.
installCustomFunctionsRuntime(w as unknown as { CustomFunctions?: unknown });
