/**
 * Injected before the built dist/functions.js in the Chromium harness: what Excel's custom-functions runtime and
 * Office.js give that bundle, and no more. CustomFunctions.associate registers an id's function; CustomFunctions.Error
 * carries an ErrorCode (the error value's text, e.g. "#VALUE!") and a message
 * (https://learn.microsoft.com/javascript/api/custom-functions-runtime/customfunctions.error);
 * Office.context.displayLanguage is Office's UI language; Excel.run is the fake workbook of fakeWorkbook.ts.
 */
import { fakeExcel, type FakeBook } from "../functions/fakeWorkbook";
import { CustomFunctionError, installCustomFunctionsRuntime } from "./customFunctionsRuntime";

type Fn = (...args: unknown[]) => unknown;
const w = window as unknown as {
  __SLA_FUNCTIONS_BOOK__: FakeBook & { displayLanguage: string };
  __SLA_FUNCTIONS__: Record<string, Fn>;
  __SLA_CALL__: (id: string, args: unknown[]) => Promise<{ value: unknown } | { error: string; message: string }>;
  CustomFunctions: unknown;
  Office: unknown;
  Excel: unknown;
};

const registered = installCustomFunctionsRuntime(w);
w.__SLA_FUNCTIONS__ = registered;
w.Office = { context: { displayLanguage: w.__SLA_FUNCTIONS_BOOK__.displayLanguage } };
w.Excel = fakeExcel(w.__SLA_FUNCTIONS_BOOK__);

/** Calls a function as Excel would (omitted optional arguments arrive as null) and reports its value or error. */
w.__SLA_CALL__ = async (id, args) => {
  const fn = registered[id];
  if (!fn) return { error: "#NAME?", message: `${id} is not registered` };
  try {
    return { value: await fn(...args) };
  } catch (e) {
    if (e instanceof CustomFunctionError) return { error: e.code, message: e.message ?? "" };
    throw e;
  }
};
