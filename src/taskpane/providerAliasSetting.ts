/**
 * The user's provider-name mappings (a variant as written → the provider it belongs to), kept in the workbook's own
 * settings beside the header mappings, so they travel with the file and apply to every later run. Office keeps
 * document settings in memory until `saveAsync` writes them into the document (Office.Settings,
 * learn.microsoft.com "Persist add-in state and settings"); a plain Map (the test host's) has no saveAsync.
 */
import type { ProviderAliases } from "../engine";

export const PROVIDER_ALIASES_KEY = "slaLedger.providerAliases";

/** Office.context.document.settings, or anything with its get/set (and, to persist, saveAsync). */
export interface SettingsLike {
  get(name: string): unknown;
  set(name: string, value: unknown): unknown;
  saveAsync?: (callback?: (r: { status: unknown; error?: unknown }) => void) => void;
}

/** Only string → string entries: a settings value is whatever was stored, possibly by another version. */
export function cleanAliases(v: unknown): ProviderAliases {
  if (!v || typeof v !== "object") return {};
  const out: ProviderAliases = {};
  for (const [k, to] of Object.entries(v as Record<string, unknown>)) if (typeof to === "string" && to !== "" && k !== to) out[k] = to;
  return out;
}

const documentSettings = (): SettingsLike => Office.context.document.settings as unknown as SettingsLike;

export function loadProviderAliases(store: SettingsLike = documentSettings()): ProviderAliases {
  try {
    return cleanAliases(store.get(PROVIDER_ALIASES_KEY));
  } catch {
    return {};
  }
}

export function saveProviderAliases(a: ProviderAliases, store: SettingsLike = documentSettings()): Promise<void> {
  store.set(PROVIDER_ALIASES_KEY, a);
  const save = store.saveAsync;
  if (!save) return Promise.resolve();
  return new Promise((resolve, reject) =>
    save.call(store, (r) => (r.status === "succeeded" || (typeof Office !== "undefined" && r.status === Office.AsyncResultStatus.Succeeded) ? resolve() : reject(r.error))),
  );
}

/** What the pane needs of a host beyond Excel.run: its platform and the provider mappings in its settings. */
export function paneHostExtras(platform: string, store?: SettingsLike) {
  return {
    platform,
    loadProviderAliases: () => loadProviderAliases(store),
    saveProviderAliases: (a: ProviderAliases) => saveProviderAliases(a, store),
  };
}
