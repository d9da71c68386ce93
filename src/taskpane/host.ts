/**
 * What the pane needs from its host: Excel.run, the display language, and the workbook's settings. In Excel it
 * is Office.js; in the browser end-to-end test a fake host (src/excel/fake) is injected as
 * `window.__SLA_FAKE_EXCEL__` before the bundle loads.
 */
import type { ExcelRun, SettingsStore } from "../excel/adapter";
import { loadHeaderMappings, saveHeaderMappings } from "../excel/adapter";
import type { HeaderMappings, ProviderAliases } from "../engine";
import { paneHostExtras } from "./providerAliasSetting";

export interface PaneHost {
  run: ExcelRun;
  displayLanguage: string;
  loadMappings(): HeaderMappings;
  saveMappings(m: HeaderMappings): Promise<void>;
  /** Office.context.platform ("PC", "Mac", "OfficeOnline", ...): the PDF export's route depends on it; "" outside Office. */
  platform: string;
  loadProviderAliases(): ProviderAliases;
  saveProviderAliases(a: ProviderAliases): Promise<void>;
}

interface InjectedFake {
  run: ExcelRun;
  displayLanguage?: string;
  /** Office-like document settings (the fake host's FakeSettings), or a plain map. */
  settings?: Map<string, unknown> | SettingsStore;
  platform?: string;
}

declare global {
  interface Window {
    __SLA_FAKE_EXCEL__?: InjectedFake;
  }
}

/**
 * What a failed read or write tells the pane (src/excel/errors): `kind`, `retryable`, `incompleteSheets` and
 * `text(lang)` for "Incomplete: Settlement 2026-10 ... [Retry]". Anything else (a cancel, a bug) is not one.
 */
export { ExcelHostError, type HostErrorKind } from "../excel/errors";
export type { WriteNotice } from "../excel/adapter";

export function injectedHost(): PaneHost | null {
  const fake = window.__SLA_FAKE_EXCEL__;
  if (!fake) return null;
  const settings = fake.settings ?? new Map<string, unknown>();
  if (!(settings instanceof Map)) {
    // The same path as in Excel: set, then saveAsync.
    return { run: fake.run, displayLanguage: fake.displayLanguage ?? "en-US", loadMappings: () => loadHeaderMappings(settings), saveMappings: (m) => saveHeaderMappings(m, settings), ...paneHostExtras(fake.platform ?? "", settings) };
  }
  return {
    run: fake.run,
    displayLanguage: fake.displayLanguage ?? "en-US",
    loadMappings: () => (settings.get("headerMappings") as HeaderMappings | undefined) ?? {},
    saveMappings: async (m) => void settings.set("headerMappings", m),
    ...paneHostExtras(fake.platform ?? "", settings),
  };
}

export function officeHost(): PaneHost {
  return {
    run: ((options, batch) => Excel.run(options, batch)) as ExcelRun,
    displayLanguage: Office.context.displayLanguage,
    loadMappings: loadHeaderMappings,
    saveMappings: saveHeaderMappings,
    ...paneHostExtras(String(Office.context.platform ?? "")),
  };
}
