/**
 * The user's provider-name mappings (a variant as written → the provider it belongs to), kept in the workbook's own
 * settings beside the header mappings, so they travel with the file and apply to every later run. Office keeps
 * document settings in memory until `saveAsync` writes them into the document (Office.Settings, learn.microsoft.com
 * "Persist add-in state and settings").
 */
import type { ProviderAliases } from "../engine";

export const PROVIDER_ALIASES_KEY = "slaLedger.providerAliases";

/** Only string → string entries: a settings value is whatever was stored, possibly by another version. */
export function cleanAliases(v: unknown): ProviderAliases {
  if (!v || typeof v !== "object") return {};
  const out: ProviderAliases = {};
  for (const [k, to] of Object.entries(v as Record<string, unknown>)) if (typeof to === "string" && to !== "" && k !== to) out[k] = to;
  return out;
}

export function loadProviderAliases(): ProviderAliases {
  try {
    return cleanAliases(Office.context.document.settings.get(PROVIDER_ALIASES_KEY));
  } catch {
    return {};
  }
}

export function saveProviderAliases(a: ProviderAliases): Promise<void> {
  return new Promise((resolve, reject) => {
    Office.context.document.settings.set(PROVIDER_ALIASES_KEY, a);
    Office.context.document.settings.saveAsync((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(r.error)));
  });
}
