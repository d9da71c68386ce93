/**
 * The short human summary of a reconcile run (what `npm run demo` prints): per provider the tickets and late
 * findings, fees, penalties, overdue-payment fees, net payable, payment due and dispute-by. Every amount is the
 * engine's own decimal string from the run's JSON (never re-parsed into a float); this file only lays it out.
 */
import type { Lang } from "../engine/core/issues";
import { groupThousands } from "../engine/core/money";
import { formatDeadline, localFromCivil } from "../engine/core/time";
import type { PlannedSheet } from "../engine/core/output";
import { provisionalText } from "../engine/settlement/provisional";
import type { SettlementRun } from "./pipeline";

interface JsonStatement {
  provider: string;
  statementDate: string;
  dueDate: string;
  disputeBy: string;
  fees: string;
  penalties: string;
  capAdjustment: string;
  overdueFees: string;
  netPayable: string;
  /** Tickets left out because of data errors, and whether the figures are therefore provisional. */
  excludedTickets?: string[];
  /** Statements or Payments rows left out of the overdue-payment fees (their cells). */
  recordsLeftOut?: string[];
  provisional?: boolean;
}

function jsonStatements(json: unknown): JsonStatement[] {
  const list = (json as { statements?: unknown })?.statements;
  return Array.isArray(list) ? (list as JsonStatement[]) : [];
}

export { groupThousands };

/**
 * The JSON's dispute-by instant as people read it: "2026-11-07T00:00:00" → "by end of Fri 2026-11-06 (24:00,
 * Asia/Shanghai)" (the end of the 6th, not the 7th), in the run's language; the ISO text as it is when it is not one.
 */
function deadlineText(iso: string, lang: Lang, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(iso ?? "");
  if (!m) return lang === "en" ? `by ${String(iso ?? "")}` : String(iso ?? "");
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  return formatDeadline(localFromCivil({ year, month, day, hour, minute, second }), { lang, style: "long", zone: zone || undefined });
}

const WORDS = {
  en: {
    title: (month: string, contract: string, currency: string) => `SLA Ledger · ${month}${contract ? ` · contract ${contract}` : ""} · ${currency}`,
    tickets: (n: number, late: number, overdue: number) => `tickets ${n} · late findings ${late}${overdue ? ` · overdue (not yet charged) ${overdue}` : ""}`,
    money: (s: JsonStatement) =>
      `fees ${groupThousands(s.fees)} · penalties ${groupThousands(s.penalties)}${s.capAdjustment && !/^-?0(\.0+)?$/.test(s.capAdjustment) ? ` (cap adjustment ${groupThousands(s.capAdjustment)})` : ""} · overdue-payment fees ${groupThousands(s.overdueFees)}`,
    net: (s: JsonStatement, zone: string) => `net payable ${groupThousands(s.netPayable)} · statement ${s.statementDate} · payment due ${s.dueDate} · dispute ${deadlineText(s.disputeBy, "en", zone)}`,
    none: "no statement (no tickets settled in the month)",
    issues: (e: number, w: number, sheets: readonly string[]) =>
      `data issues: ${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}${e + w ? ` (see ${sheets.length > 1 ? "the sheets" : "the"} ${sheets.map((n) => `"${n}"`).join(", ")}${sheets.length > 1 ? "" : " sheet"} and the lines above)` : ""}`,
    wrote: (out: string, names: string) => `wrote ${out}: ${names}`,
    beside: (wanted: string, name: string) => `note: "${wanted}" is a sheet of yours, left as it was; the output is in "${name}"`,
  },
  zh: {
    title: (month: string, contract: string, currency: string) => `SLA Ledger · ${month}${contract ? ` · 合同 ${contract}` : ""} · ${currency}`,
    tickets: (n: number, late: number, overdue: number) => `工单 ${n} · 超时 ${late}${overdue ? ` · 已逾期未完成（暂不计罚）${overdue}` : ""}`,
    money: (s: JsonStatement) =>
      `服务费 ${groupThousands(s.fees)} · 违约金 ${groupThousands(s.penalties)}${s.capAdjustment && !/^-?0(\.0+)?$/.test(s.capAdjustment) ? `（上限调整 ${groupThousands(s.capAdjustment)}）` : ""} · 滞纳金 ${groupThousands(s.overdueFees)}`,
    net: (s: JsonStatement, zone: string) => `应付净额 ${groupThousands(s.netPayable)} · 结算单日 ${s.statementDate} · 付款期限 ${s.dueDate} · 异议截止 ${deadlineText(s.disputeBy, "zh", zone)}`,
    none: "无结算单（本月没有结算的工单）",
    issues: (e: number, w: number, sheets: readonly string[]) =>
      `数据问题：错误 ${e} 条，警告 ${w} 条${e + w ? `（见 ${sheets.map((n) => `"${n}"`).join("、")} 工作表及上方各行）` : ""}`,
    wrote: (out: string, names: string) => `已写入 ${out}：${names}`,
    beside: (wanted: string, name: string) => `注意："${wanted}" 是您自己的工作表，未作改动；输出写在 "${name}"`,
  },
} as const;

/** Per provider: its tickets, late and overdue findings. */
interface ProviderCounts {
  tickets: Set<string>;
  late: number;
  overdue: number;
}

/**
 * Every provider's counts in one pass over the findings, providers in order of first appearance. A ticket's
 * findings come one after another: its ID is added to the set only when it changes, not once per finding (the set
 * still counts it once if it comes back). A month of a million tickets has over three million findings; a pass
 * per provider and per figure, each building an array of them, took 2.6 s of the command's CPU time.
 */
function countsByProvider(findings: SettlementRun["findings"]): Map<string, ProviderCounts> {
  const counts = new Map<string, ProviderCounts>();
  let provider: string | null = null;
  let c: ProviderCounts | undefined;
  let ticket: string | null = null;
  for (const f of findings) {
    const p = f.provider;
    if (p !== provider || c === undefined) {
      c = counts.get(p);
      if (!c) counts.set(p, (c = { tickets: new Set(), late: 0, overdue: 0 }));
      provider = p;
      ticket = null;
    }
    const t = f.ticket;
    if (t !== ticket) {
      c.tickets.add(t);
      ticket = t;
    }
    const status = f.status;
    if (status === "late") c.late += 1;
    else if (status === "overdue") c.overdue += 1;
  }
  return counts;
}

/**
 * The summary printed after a run. `issueSheets`: the issues sheets as written (a long list continues on
 * "Data Issues part 2", …; beside a user's own sheet of that name it is "Data Issues (2)").
 */
export function formatSummary(run: SettlementRun, opts: { lang: Lang; out: string; plans: readonly PlannedSheet[]; issueSheets?: readonly string[] }): string {
  const w = WORDS[opts.lang];
  const agreement = run.parsed?.agreement;
  const currency = (run.json as { currency?: string })?.currency ?? agreement?.currency ?? "";
  const lines: string[] = [w.title(run.month, agreement?.contractNo ?? "", currency)];
  const statements = jsonStatements(run.json);
  const counts = countsByProvider(run.findings);
  const providers = [...new Set([...statements.map((s) => s.provider), ...counts.keys()])];
  for (const provider of providers) {
    const c = counts.get(provider);
    const st = statements.find((s) => s.provider === provider);
    lines.push("", provider, `  ${w.tickets(c ? c.tickets.size : 0, c ? c.late : 0, c ? c.overdue : 0)}`);
    if (!st) {
      lines.push(`  ${w.none}`);
      continue;
    }
    lines.push(`  ${w.money(st)}`, `  ${w.net(st, agreement?.timeZone ?? "")}`);
    if (st.provisional) {
      // Provisional: how many tickets and which are left out, and what to do (the issue lines above say where).
      const words = provisionalText({ excludedTickets: st.excludedTickets ?? [], recordsLeftOut: st.recordsLeftOut ?? [] }, run.unassignedRows ?? [], opts.lang, "user");
      lines.push(`  ${words.headline}`, `  ${words.fix}`);
    }
  }
  let errors = 0;
  let warnings = 0;
  for (const i of run.issues) {
    if (i.severity === "error") errors += 1;
    else if (i.severity === "warning") warnings += 1;
  }
  lines.push("", w.issues(errors, warnings, opts.issueSheets?.length ? opts.issueSheets : ["Data Issues"]));
  for (const p of opts.plans) if (p.name !== p.wanted) lines.push(w.beside(p.wanted, p.name));
  lines.push(w.wrote(opts.out, opts.plans.map((p) => p.name).join(", ")));
  return `${lines.join("\n")}\n`;
}
