/**
 * Provider names that differ only by case, width (full/half), spaces or punctuation ("Huaxiu Service Co" and
 * "Huaxiu Service Co."). Each name settles as its own provider, so such a pair would split one provider's
 * statement in two and the real one would lose those fees. The readers never merge them on a guess — which
 * spelling is the legal name is the user's call — but every such group is a PROVIDER_NAME_VARIANTS warning that
 * lists each spelling with its count and first cells, and the user maps a variant onto a provider
 * (`SettleOptions.providerAliases`, the add-in's Setup). A mapped name is reported as PROVIDER_ALIAS_APPLIED, so
 * the statement shows where its tickets came from.
 */
import type { Issue } from "../core/issues";
import { IssueList } from "../core/issues";
import { registerMessages, type MessageCatalog } from "../core/messages";

/** Variant name exactly as written (trimmed) → the provider name to settle it under. */
export type ProviderAliases = Record<string, string>;

export interface ProviderVariant {
  /** What the names have in common: NFKC, lower case, without spaces, punctuation or symbols. */
  key: string;
  /** Each spelling as written, most used first, with its count and its first cells ("Tickets!C2"). */
  names: { name: string; count: number; cells: string[] }[];
}

/** Cells kept per spelling: enough to find it; the count says how many more there are. */
export const CELLS_PER_NAME = 3;

/** The key two names share when they differ only by case, width, spaces or punctuation. */
export function providerKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

interface Seen {
  name: string;
  count: number;
  cells: string[];
  order: number;
}

/**
 * Collects the provider names of every source (Tickets, Agreement, Invoice, Statements) as written, and resolves
 * each through the user's aliases. `note` is called once per ticket row: one map lookup, and an address made only
 * for a name's first cells.
 */
export class ProviderNames {
  private readonly seen = new Map<string, Seen>();
  /** Per name that an alias changed: how many cells it changed, and the first one. */
  private readonly mapped = new Map<string, { to: string; count: number; first: string }>();
  private readonly aliases: Map<string, string>;
  private last: Seen | null = null;

  constructor(aliases: ProviderAliases | undefined) {
    this.aliases = new Map();
    for (const [from, to] of Object.entries(aliases ?? {})) {
      const f = from.trim();
      const t = String(to ?? "").trim();
      if (f !== "" && t !== "" && f !== t) this.aliases.set(f, t);
    }
  }

  /**
   * Records `name` (trimmed, as written) at the cell `address()` names, and returns the provider to settle it
   * under. Blank names are not recorded (the caller falls back to the Agreement's Provider).
   */
  note(name: string, address: () => string): string {
    if (name === "") return name;
    // Rows of one provider come in runs: the name just seen is checked before the map.
    let s = this.last !== null && this.last.name === name ? this.last : this.seen.get(name);
    if (s === undefined) this.seen.set(name, (s = { name, count: 0, cells: [], order: this.seen.size }));
    this.last = s;
    s.count += 1;
    if (s.cells.length < CELLS_PER_NAME) s.cells.push(address());
    if (this.aliases.size === 0) return name;
    const to = this.aliases.get(name);
    if (to === undefined) return name;
    const m = this.mapped.get(name);
    if (m === undefined) this.mapped.set(name, { to, count: 1, first: s.cells[s.cells.length - 1] ?? address() });
    else m.count += 1;
    return to;
  }

  /** The provider a name settles under (aliases applied), without recording it. */
  resolve(name: string): string {
    return this.aliases.get(name) ?? name;
  }

  /** Every group of two or more spellings, as written (before aliases), in the order first seen. */
  variants(): ProviderVariant[] {
    const groups = new Map<string, Seen[]>();
    for (const s of this.seen.values()) {
      const key = providerKey(s.name);
      if (key === "") continue;
      const g = groups.get(key);
      if (g) g.push(s);
      else groups.set(key, [s]);
    }
    const out: ProviderVariant[] = [];
    for (const [key, g] of groups) {
      if (g.length < 2) continue;
      g.sort((a, b) => b.count - a.count || a.order - b.order);
      out.push({ key, names: g.map((s) => ({ name: s.name, count: s.count, cells: [...s.cells] })) });
    }
    return out;
  }

  /**
   * The issues: a warning per group whose spellings still settle under more than one provider after the aliases,
   * and an info per name an alias mapped (with its count and first cell).
   */
  report(issues: IssueList): void {
    for (const v of this.variants()) {
      const settledAs = new Set(v.names.map((n) => this.resolve(n.name)));
      if (settledAs.size < 2) continue;
      // Cited at the first cell of the least used spelling: the one most likely mistyped.
      const rarest = v.names[v.names.length - 1];
      const [sheet, cell] = splitAddress(rarest.cells[0] ?? "");
      issues.warning("PROVIDER_NAME_VARIANTS", { sheet, cell, value: rarest.name }, {
        names: JSON.stringify(v.names.map((n) => [n.name, n.count, n.cells.join(", ")])),
        main: v.names[0].name,
      });
    }
    for (const [name, m] of this.mapped) {
      const [sheet, cell] = splitAddress(m.first);
      issues.info("PROVIDER_ALIAS_APPLIED", { sheet, cell, value: name }, { to: m.to, count: m.count });
    }
  }
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf("!");
  return at < 0 ? ["", address] : [address.slice(0, at), address.slice(at + 1)];
}

function namesOf(i: Issue): [string, number, string][] {
  try {
    const parsed = JSON.parse(String(i.params.names ?? "[]")) as unknown;
    return Array.isArray(parsed) ? (parsed as [string, number, string][]) : [];
  } catch {
    return [];
  }
}

const catalog: MessageCatalog = {
  PROVIDER_NAME_VARIANTS: {
    en: (i) => ({
      problem: `These provider names differ only by case, width, spaces or punctuation, and are settled as separate providers: ${namesOf(i)
        .map(([name, count, cells]) => `"${name}" (${count}×, first at ${cells}${count > CELLS_PER_NAME ? ", …" : ""})`)
        .join("; ")}.`,
      fix: `If they are one provider, write the name the same way everywhere, or map "${i.value}" onto "${i.params.main}" in the add-in's Setup (provider names).`,
    }),
    zh: (i) => ({
      problem: `以下服务商名称仅在大小写、全半角、空格或标点上不同，目前按不同服务商分别结算：${namesOf(i)
        .map(([name, count, cells]) => `“${name}”（${count} 处，首见于 ${cells}${count > CELLS_PER_NAME ? " 等" : ""}）`)
        .join("；")}。`,
      fix: `如为同一服务商，请在各处统一写法，或在加载项“设置”（服务商名称）中把“${i.value}”映射为“${i.params.main}”。`,
    }),
  },
  PROVIDER_ALIAS_APPLIED: {
    en: (i) => ({ problem: `Provider "${i.value}" (${i.params.count}×, first at ${i.sheet}!${i.cell}) is settled as "${i.params.to}", as mapped in Setup.`, fix: "Nothing to do; remove the mapping in Setup if it is wrong." }),
    zh: (i) => ({ problem: `服务商“${i.value}”（${i.params.count} 处，首见于 ${i.sheet}!${i.cell}）按“设置”中的映射计入“${i.params.to}”。`, fix: "无需处理；如映射有误，请在“设置”中删除。" }),
  },
};

registerMessages(catalog);
export const PROVIDER_CODES = Object.keys(catalog);
