/**
 * buildReport: one provider's dispute-ready report for a settled month (docs/CONTRACT.md, Money to Command line). Pure: the host passes
 * "generated at", the SHA-256 of the input file and the tool version (the engine never reads the clock or files).
 *
 * Every figure is taken from the settlement stage's statement (never recomputed here), so the report cannot
 * disagree with the Settlement sheet; the report only groups and explains: penalties by clause = the statement's
 * penalty lines grouped by clause; evidence = the findings behind them, each with its trace.
 */
import type { ClockContext } from "../clocks/api";
import { sheetCellRef } from "../core/cells";
import type { Finding } from "../core/finding";
import type { Issue } from "../core/issues";
import type { Agreement, CellRef, Clause, ClockUnit, ParsedWorkbook, Ticket } from "../core/model";
import { type Dec, MinorSum, ZERO, sumDec } from "../core/money";
import type { TextSha256 } from "../core/sha256";
import { lateByText } from "../findings/computeFindings";
import {
  asDay, firstDayOfMonth, firstDayOfNextMonth, parseMonth, startOfDay, type DayNumber, type LocalSeconds,
} from "../core/time";
import type { StatementFacts } from "./facts";
import { formatPercent } from "./format";
import { computeClauseKpis } from "./kpis";
import type {
  Bilingual, ClausePenalty, EvidenceRow, ReportClause, ReportModel, ReportNotice, ReportTerm,
} from "./model";
import { statementFacts, type StatementLike } from "./statement";
import { SIGN_OFF_ROLES } from "./words";
import { evidenceFile } from "./evidenceCsv";
import { isProvisional, provisionalText, type UnassignedRow } from "../settlement/provisional";

/** What the report reads from a settled run; the pipeline's SettlementRun (engine/index.ts) satisfies it. */
export interface ReportRun {
  month: string;
  parsed: ParsedWorkbook | null;
  findings: Finding[];
  statements: readonly StatementLike[];
  issues: Issue[];
  hasErrors: boolean;
  ctx: ClockContext | null;
  /** Tickets rows no statement could count (settlement/provisional.ts): they make every statement provisional. */
  unassignedRows?: readonly UnassignedRow[];
}

export interface ReportMeta {
  /** As the host wants it printed, e.g. "2026-11-24 19:40 UTC" or ISO 8601 (the PDF's /CreationDate if ISO). */
  generatedAt: string;
  /** SHA-256 of the input workbook's bytes, hex (computed by the host). */
  inputSha256: string;
  toolVersion: string;
}

/** How the host wants the report built; every choice gives the same figures and texts. */
export interface ReportOptions {
  /**
   * The host's SHA-256 of the evidence file (the command line: node:crypto's, fed the CSV a block at a time); else
   * the engine's own (core/sha256.ts), for a host whose hasher is asynchronous (a browser's crypto.subtle). Here and
   * not in ReportMeta: the meta crosses to the pane's worker by structured clone, which a function cannot.
   */
  sha256?: TextSha256;
  /**
   * Evidence rows as views over the run's findings, each text written when read and in the language read, and the
   * evidence file's CSV text written when first read: for a consumer in the same thread that reads one language
   * (the report sheet, the PDF). Without it (the default) every row is plain data in both languages — what a
   * structured clone needs (the pane's worker sends the model). Measured at 1,048,575 tickets (1,025,321 evidence
   * rows, two providers): the models held 1,558 MiB as plain rows, 53 MiB as views (heap after a full collection).
   */
  evidenceViews?: boolean;
}

const same = (text: string): Bilingual => ({ en: text, zh: text });

const refText = (ref: CellRef | undefined): string => (ref ? sheetCellRef(ref.sheet, ref.cell) : "");

function hhmm(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The agreement's terms as they governed this statement (docs/CONTRACT.md, Input sheets: Agreement), each with the cell it came from. */
export function agreementTerms(a: Agreement): ReportTerm[] {
  const r = a.refs;
  const none: Bilingual = { en: "none", zh: "无" };
  const pct = (d: Dec | null): Bilingual => (d === null ? none : same(formatPercent(d)));
  const t = (en: string, zh: string, value: Bilingual, ref: CellRef | undefined): ReportTerm => ({ key: { en, zh }, value, source: refText(ref) });
  const calendarWords: Record<Agreement["calendar"], Bilingual> = {
    CN: { en: "CN (PRC statutory holidays and make-up workdays)", zh: "CN（法定节假日及调休）" },
    "Mon-Fri": { en: "Mon-Fri", zh: "周一至周五" },
    "24x7": { en: "24x7", zh: "全天候" },
  };
  return [
    t("Currency", "币种", same(a.currency), r.currency),
    t("Time Zone", "时区", same(a.timeZone), r.timeZone),
    t("Calendar", "工作日历", calendarWords[a.calendar], r.calendar),
    t("Working Hours", "工作时间", same(a.workingHours.map((i) => `${hhmm(i.fromSecond)}-${hhmm(i.toSecond)}`).join(", ")), r.workingHours),
    t("Day Ends At", "期限截止", a.dayEndsAt === "midnight" ? same("24:00") : { en: "close of business", zh: "下班时间" }, r.dayEndsAt),
    t("Warranty Months", "保修期(月)", same(String(a.warrantyMonths)), r.warrantyMonths),
    t("Settlement Basis", "结算依据", a.settlementBasis === "closed" ? { en: "closed", zh: "结案" } : { en: "repaired", zh: "维修完成" }, r.settlementBasis),
    t("Statement Day", "结算单日", same(String(a.statementDay)), r.statementDay),
    t("Payment Days", "付款期限(天)", same(String(a.paymentDays)), r.paymentDays),
    t("Late Fee Rate", "滞纳金比例", same(a.lateFeeRate.text), r.lateFeeRate),
    t("Late Fee Grace Days", "宽限期", same(String(a.lateFeeGraceDays)), r.lateFeeGraceDays),
    t("Late Fee Cap", "滞纳金上限", pct(a.lateFeeCap), r.lateFeeCap),
    t("Dispute Days", "异议期(工作日)", same(String(a.disputeDays)), r.disputeDays),
    t("Penalty Cap", "违约金上限", pct(a.penaltyCap), r.penaltyCap),
    t("Unperformed Rate", "未履行违约金比例", pct(a.unperformedRate), r.unperformedRate),
  ];
}

/** Clauses whose effective period overlaps the month (docs/CONTRACT.md, SLA clause columns: Effective From / To, inclusive). */
export function clausesInForce(clauses: readonly Clause[], first: DayNumber, last: DayNumber): ReportClause[] {
  return clauses
    .filter((c) => (c.effectiveFrom === null || c.effectiveFrom <= last) && (c.effectiveTo === null || c.effectiveTo >= first))
    .map((c) => ({
      ref: c.ref,
      name: c.name,
      appliesTo: c.appliesTo.map((k) => `${k.field}=${k.values.join("|")}`).join("; "),
      startEvent: c.startEvent,
      endEvent: c.endEvent,
      target: c.target,
      unit: c.unit,
      penalty: c.penalty,
      amount: c.amount,
      cap: c.cap,
      pausable: c.pausable,
      source: refText(c.source),
    }));
}

/** Statuses shown as evidence: everything a reader could contest (met and still-open findings are only counted). */
const EVIDENCE_STATUSES = new Set<Finding["status"]>(["late", "overdue", "missing", "exempt", "error"]);

/** The Late By text of a finding in each language, written when read. */
class LateByOf implements Bilingual {
  constructor(private readonly f: Finding) {}
  get en(): string {
    return lateByText(this.f, "en");
  }
  get zh(): string {
    return lateByText(this.f, "zh");
  }
}

/**
 * An evidence row read through its finding (ReportOptions.evidenceViews): an object of two fields in place of the
 * row's data, its texts written when read, in the language read. JSON gives the plain row (toJSON).
 */
class FindingEvidence implements EvidenceRow {
  constructor(private readonly f: Finding, readonly penalty: Dec) {}
  get ticket(): string {
    return this.f.ticket;
  }
  get clauseRef(): string {
    return this.f.clauseRef;
  }
  get clauseName(): string {
    return this.f.clauseName;
  }
  get unit(): ClockUnit {
    return this.f.unit;
  }
  get target(): number {
    return this.f.target;
  }
  get start(): LocalSeconds | null {
    return this.f.start;
  }
  get end(): LocalSeconds | null {
    return this.f.end;
  }
  get due(): LocalSeconds | null {
    return this.f.due;
  }
  get lateBySeconds(): number {
    return this.f.lateBySeconds;
  }
  get lateBy(): Bilingual {
    return new LateByOf(this.f);
  }
  get lateCount(): number {
    return this.f.lateCount;
  }
  get status(): Finding["status"] {
    return this.f.status;
  }
  get trace(): Bilingual {
    return this.f.explanation;
  }
  get exemption(): string {
    return this.f.exemption;
  }
  get source(): string {
    return sourceOf(this.f);
  }
  toJSON(): EvidenceRow {
    return plainEvidence(this.f, this.penalty);
  }
}

const sourceOf = (f: Finding): string => refText(f.sources.end ?? f.sources.start ?? f.sources.clause);

/** A finding's evidence row as plain data, both languages written (what crosses to another thread). */
function plainEvidence(f: Finding, penalty: Dec): EvidenceRow {
  const explanation = f.explanation;
  return {
    ticket: f.ticket,
    clauseRef: f.clauseRef,
    clauseName: f.clauseName,
    unit: f.unit,
    target: f.target,
    start: f.start,
    end: f.end,
    due: f.due,
    lateBySeconds: f.lateBySeconds,
    lateBy: { en: lateByText(f, "en"), zh: lateByText(f, "zh") },
    lateCount: f.lateCount,
    status: f.status,
    penalty,
    trace: { en: explanation.en, zh: explanation.zh }, // plain text: the model is data (PDF, the pane's worker)
    exemption: f.exemption,
    source: sourceOf(f),
  };
}

/**
 * The statement's penalty lines of one ticket and clause, summed: entries chained per ticket, so a finding finds
 * its line by its ticket's ID (a string whose hash V8 keeps) and not by a key string made for each of millions.
 */
interface ChargedLine {
  ticket: string;
  clauseRef: string;
  /** Of the first line of the ticket and clause. */
  clauseName: string;
  amount: Dec;
  /** An evidence row shows it already. */
  shown: boolean;
  next: ChargedLine | null;
}

/** The lines by ticket, and every entry in the order of its first line. */
function chargedLines(lines: readonly { ticket: string; clauseRef: string; clauseName: string; amount: Dec }[]): {
  byTicket: Map<string, ChargedLine>; inOrder: ChargedLine[];
} {
  const byTicket = new Map<string, ChargedLine>();
  const inOrder: ChargedLine[] = [];
  // A ticket's lines come one after another: its entries are looked up when the ticket changes.
  let ticket: string | undefined;
  let first: ChargedLine | undefined;
  for (const l of lines) {
    const lineTicket = l.ticket;
    if (lineTicket !== ticket) {
      ticket = lineTicket;
      first = byTicket.get(ticket);
    }
    const clauseRef = l.clauseRef;
    const entry = lineIn(first, clauseRef);
    if (entry) entry.amount = entry.amount.plus(l.amount);
    else {
      const made: ChargedLine = { ticket, clauseRef, clauseName: l.clauseName, amount: fromZero(l.amount), shown: false, next: first ?? null };
      byTicket.set(ticket, made);
      inOrder.push(made);
      first = made;
    }
  }
  return { byTicket, inOrder };
}

/**
 * ZERO.plus(amount) — a line's sum — without a copy of each of a million lines: the same value, +0 for a zero (a
 * "-0" line shows 0), and a line of at most 28 digits (4 of decimal.js's 7-digit words) is not rounded by a sum's
 * 34 significant digits.
 */
const fromZero = (amount: Dec): Dec => (amount.isZero() ? ZERO : amount.d && amount.d.length <= 4 ? amount : ZERO.plus(amount));

function lineIn(first: ChargedLine | undefined, clauseRef: string): ChargedLine | undefined {
  for (let e = first; e; e = e.next ?? undefined) if (e.clauseRef === clauseRef) return e;
  return undefined;
}

/**
 * Groups the statement's penalty lines by clause, sorted by clause reference as the Settlement sheet lists them. With
 * the currency's minor digits, each clause's lines are summed in minor units while they are on them (core/money
 * MinorSum, the same value): a million-ticket month has a million lines, each a decimal.js addition otherwise.
 */
export function penaltiesByClause(lines: readonly { clauseRef: string; clauseName: string; amount: Dec }[], digits?: number): ClausePenalty[] {
  const byRef = new Map<string, { clauseRef: string; clauseName: string; count: number; sum: { add(amount: Dec): void; total(): Dec } }>();
  for (const l of lines) {
    const clauseRef = l.clauseRef;
    let entry = byRef.get(clauseRef);
    if (!entry) {
      entry = { clauseRef, clauseName: l.clauseName, count: 0, sum: digits === undefined ? new DecSum() : new MinorSum(digits) };
      byRef.set(clauseRef, entry);
    }
    entry.count += 1;
    entry.sum.add(l.amount);
  }
  // A clause total is the sum of its rounded lines (docs/CONTRACT.md, Principles: statements foot).
  return [...byRef.values()]
    .map(({ clauseRef, clauseName, count, sum }) => ({ clauseRef, clauseName, count, amount: sum.total() }))
    .sort((x, y) => (x.clauseRef < y.clauseRef ? -1 : x.clauseRef > y.clauseRef ? 1 : 0));
}

/** sumDec a line at a time. */
class DecSum {
  private sum: Dec = ZERO;
  add(amount: Dec): void {
    this.sum = this.sum.plus(amount);
  }
  total(): Dec {
    return this.sum;
  }
}

function emptyFacts(provider: string, month: string): StatementFacts {
  const m = parseMonth(month);
  const next = m ? firstDayOfNextMonth(m) : asDay(0);
  return {
    provider, statementNo: null, statementDate: next, paymentDue: next, receivedOn: next,
    disputeBy: startOfDay(next), disputeDays: 0, feeTickets: 0, fees: ZERO, penaltyLines: [], unperformedLines: [],
    capAdjustment: ZERO, overdueSegments: [], overdueCapAdjustment: ZERO, overdueFees: ZERO, netPayable: ZERO,
    disputed: ZERO, invoice: null, excludedTickets: [], recordsLeftOut: [],
  };
}

/**
 * What the reader must know before trusting the figures, in words meant for the provider who receives the report:
 * no reference to the user's own sheets or internal documents.
 */
function buildNotices(run: ReportRun, provider: string, facts: StatementFacts, hasStatement: boolean, missing: number, overdue: number): ReportNotice[] {
  const notices: ReportNotice[] = [];
  if (!hasStatement) {
    notices.push({
      severity: "error",
      text: {
        en: `There is no statement for provider "${provider}" this month: all figures are zero.`,
        zh: `本月没有服务商“${provider}”的结算单：所有金额均为零。`,
      },
    });
  }
  // Provisional: tickets, or earlier statements and payments, left out of the money until their records are
  // corrected (settlement/provisional.ts).
  const unassigned = run.unassignedRows ?? [];
  if (isProvisional(facts, unassigned)) {
    const en = provisionalText(facts, unassigned, "en", "provider");
    const zh = provisionalText(facts, unassigned, "zh", "provider");
    notices.push({ severity: "error", text: { en: `${en.headline} ${en.fix}`, zh: `${zh.headline}${zh.fix}` } });
  }
  if (missing > 0) {
    notices.push({
      severity: "warning",
      text: {
        en: `${missing} finding(s) could not be measured because an event time is missing: no penalty is charged for them.`,
        zh: `${missing} 条记录因缺少事件时间无法计时：不计违约金。`,
      },
    });
  }
  if (overdue > 0) {
    notices.push({
      severity: "info",
      text: {
        en: `${overdue} finding(s) are past due but not finished: shown here, and charged in the month the ticket is settled.`,
        zh: `${overdue} 条记录已超过时限但尚未完成：此处列示，在工单结算的月份计收违约金。`,
      },
    });
  }
  return notices;
}

export function buildReport(run: ReportRun, provider: string, meta: ReportMeta, opts: ReportOptions = {}): ReportModel {
  const statement = run.statements.find((s) => statementFacts(s).provider === provider);
  const facts = statement ? statementFacts(statement) : emptyFacts(provider, run.month);
  const agreement = run.parsed?.agreement ?? null;
  const month = parseMonth(run.month);
  const periodFrom = month ? firstDayOfMonth(month) : facts.statementDate;
  const periodTo = month ? asDay(firstDayOfNextMonth(month) - 1) : facts.statementDate;
  const contractNo = agreement?.contractNo ?? "";

  // Evidence: the findings a reader could contest; a finding's penalty is the statement's line for it (a
  // finding of a ticket left out of the totals shows 0 here, as on the statement).
  const charged = chargedLines(facts.penaltyLines);
  const views = opts.evidenceViews === true;
  const evidence: EvidenceRow[] = [];
  let missing = 0;
  let overdue = 0;
  // A ticket's findings come one after another: its lines are looked up when the ticket changes (both providers'
  // models at 1,048,575 tickets, 4 interleaved runs: 6.6-8.6 s, median 6.9 s, against 6.7-9.8 s, median 7.9 s,
  // with a lookup per finding and per line).
  let ticket: string | undefined;
  let lines: ChargedLine | undefined;
  for (const f of run.findings) {
    if (f.provider !== provider) continue;
    const findingTicket = f.ticket;
    if (findingTicket !== ticket) {
      ticket = findingTicket;
      lines = charged.byTicket.get(ticket);
    }
    const line = lineIn(lines, f.clauseRef);
    const status = f.status;
    if (!EVIDENCE_STATUSES.has(status) && line === undefined) continue;
    if (line) line.shown = true;
    if (status === "missing") missing += 1;
    else if (status === "overdue") overdue += 1;
    const penalty = line?.amount ?? ZERO;
    evidence.push(views ? new FindingEvidence(f, penalty) : plainEvidence(f, penalty));
  }
  // A statement line without a finding in the run would break the foot; show it rather than lose it.
  for (const line of charged.inOrder) {
    if (line.shown) continue;
    line.shown = true;
    evidence.push({
      ticket: line.ticket, clauseRef: line.clauseRef, clauseName: line.clauseName, unit: "hours", target: 0,
      start: null, end: null, due: null, lateBySeconds: 0, lateBy: { en: "", zh: "" }, lateCount: 0, status: "late",
      penalty: line.amount, trace: { en: "", zh: "" }, exemption: "", source: "",
    });
  }
  // The unperformed lines' tickets, for their sources: one pass over the tickets for the few IDs wanted, not an
  // index of every ticket (a scan per line made a 200,000-ticket report take 50 s; an index of all 1,048,575 tickets
  // per provider and a second pass over the lines took 3.2 s for two providers, 0.5 s with this and the entries in
  // order above). The last ticket of an ID is the one named, as an index of them all would.
  const ticketById = new Map<string, Ticket | undefined>();
  for (const u of facts.unperformedLines) ticketById.set(u.ticket, undefined);
  if (ticketById.size > 0) for (const t of run.parsed?.tickets ?? []) if (ticketById.has(t.id)) ticketById.set(t.id, t);
  for (const u of facts.unperformedLines) {
    evidence.push({
      ticket: u.ticket, clauseRef: "", clauseName: "", unit: "hours", target: 0, start: null, end: null, due: null,
      lateBySeconds: 0, lateBy: { en: "", zh: "" }, lateCount: 0, status: "unperformed", penalty: u.amount, trace: u.trace, exemption: "",
      source: refText(ticketById.get(u.ticket)?.source),
    });
  }
  evidence.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.clauseRef < b.clauseRef ? -1 : a.clauseRef > b.clauseRef ? 1 : 0));

  const byClause = penaltiesByClause(facts.penaltyLines, agreement?.minorDigits ?? 2);
  const unperformed = sumDec(facts.unperformedLines.map((u) => u.amount));
  const penaltiesBeforeCap = sumDec(byClause.map((p) => p.amount)).plus(unperformed);
  const penalties = penaltiesBeforeCap.plus(facts.capAdjustment);

  const model: Omit<ReportModel, "evidenceFile"> = {
    header: {
      contractNo,
      customer: agreement?.customer ?? "",
      provider,
      month: run.month,
      periodFrom,
      periodTo,
      statementNo: facts.statementNo ?? `${contractNo || "SLA"}-${run.month}-${provider}`,
      statementDate: facts.statementDate,
      paymentDue: facts.paymentDue,
      receivedOn: facts.receivedOn,
      generatedAt: meta.generatedAt,
      inputSha256: meta.inputSha256,
      toolVersion: meta.toolVersion,
      currency: agreement?.currency ?? "CNY",
      minorDigits: agreement?.minorDigits ?? 2,
      timeZone: agreement?.timeZone ?? "",
      calendarLabel: run.ctx?.calendar.label ?? agreement?.calendar ?? "",
      terms: agreement ? agreementTerms(agreement) : [],
      clauses: run.parsed ? clausesInForce(run.parsed.clauses, periodFrom, periodTo) : [],
    },
    summary: {
      feeTickets: facts.feeTickets,
      fees: facts.fees,
      penaltiesByClause: byClause,
      unperformedCount: facts.unperformedLines.length,
      unperformed,
      penaltiesBeforeCap,
      capAdjustment: facts.capAdjustment,
      penalties,
      overdueBeforeCap: sumDec(facts.overdueSegments.map((g) => g.amount)),
      overdueCapAdjustment: facts.overdueCapAdjustment,
      overdueFees: facts.overdueFees,
      netPayable: facts.netPayable,
      disputed: facts.disputed,
      undisputed: facts.netPayable.minus(facts.disputed),
      invoice: facts.invoice,
      excludedTickets: facts.excludedTickets,
      provisional: isProvisional(facts, run.unassignedRows ?? []),
    },
    evidence,
    overdueSchedule: facts.overdueSegments,
    disputeBy: facts.disputeBy as LocalSeconds,
    disputeDays: facts.disputeDays || agreement?.disputeDays || 0,
    kpis: computeClauseKpis(run.findings, provider),
    notices: buildNotices(run, provider, facts, statement !== undefined, missing, overdue),
    signOff: SIGN_OFF_ROLES.map((role) => ({ role })),
  };
  return { ...model, evidenceFile: evidenceFile(model, { sha256: opts.sha256, keepCsv: !views }) };
}

/** Providers that have a statement in the run, in statement order (for "one report per provider"). */
export function reportProviders(run: Pick<ReportRun, "statements">): string[] {
  return run.statements.map((s) => statementFacts(s).provider);
}

