/**
 * What Excel's shared runtime gives every page of the add-in before its scripts run: the CustomFunctions namespace.
 * The task pane page also carries the SLA.* functions bundle (one runtime for both, as the manifest declares), and
 * that bundle registers its functions with CustomFunctions.associate as it loads; a page without the namespace would
 * fail there. CustomFunctions.Error carries an ErrorCode (the error value's text, e.g. "#VALUE!") and a message
 * (https://learn.microsoft.com/javascript/api/custom-functions-runtime/customfunctions.error).
 */
type Fn = (...args: unknown[]) => unknown;

export class CustomFunctionError {
  constructor(readonly code: string, readonly message?: string) {}
}

/** Installs CustomFunctions on `w` and returns the registry of associated functions by id. */
export function installCustomFunctionsRuntime(w: { CustomFunctions?: unknown }): Record<string, Fn> {
  const registered: Record<string, Fn> = {};
  w.CustomFunctions = {
    associate: (id: string, fn: Fn) => {
      if (registered[id]) throw new Error(`${id} associated twice`);
      registered[id] = fn;
    },
    Error: CustomFunctionError,
    ErrorCode: {
      invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!",
      invalidName: "#NAME?", invalidReference: "#REF!",
    },
  };
  return registered;
}
