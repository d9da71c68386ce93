/**
 * Money (docs/CONTRACT.md, Money): fees, penalties and caps, unperformed services, overdue-payment fees on earlier statements,
 * statement / payment-due / dispute-by dates, invoice reconciliation — one ProviderStatement per provider.
 * decimal.js only (core/money.ts); each line rounded once, half-up; totals are sums of rounded lines.
 */
import type { ClockContext } from "../clocks/api";
import { OutsideCalendarError } from "../clocks/api";
import { BilingualText, type WritesText } from "../core/bilingual";
import type { Finding } from "../core/finding";
import { IssueList, type Parsed } from "../core/issues";
import type { Agreement, InvoiceLine, ParsedWorkbook, PaymentRecord, StatementRecord, Ticket } from "../core/model";
import { Dec, decFromMinorUnits, formatMoney, MinorSum, minorUnits, roundMoney, sumDec, ZERO } from "../core/money";
import { partsUnitsOf } from "../core/ticketColumns";
import {
  asDay, daysFromCivil, formatDay, formatMonth, nextMonth, parseMonth, type DayNumber, type LocalSeconds, type Month,
} from "../core/time";
import { explanationText, measuredOpen, warrantyOf, type MonthFindings } from "../findings";
import type {
  Bilingual, OverdueSegment, PenaltyLine, ProviderStatement, ReconciliationLine, TicketFee, UnperformedLine,
} from "./types";
import "./messages";

const money = (d: Dec, a: Agreement) => formatMoney(d, a.minorDigits);

/** Fee of a ticket (docs/CONTRACT.md, Money). Unknown warranty is an error for that ticket (it is left out of the money). */
export function ticketFee(t: Ticket, a: Agreement): Parsed<TicketFee | null> {
  const fee = feeLineOf(t, a);
  if (fee) return { value: fee, issues: [] };
  const issues = new IssueList();
  feeUnknown(t, issues);
  return { value: null, issues: issues.items };
}

/** ticketFee without its result wrapper: statements ask for every settled ticket's fee. */
function feeLineOf(t: Ticket, a: Agreement): FeeLine | null {
  const labour = t.labour ?? ZERO;
  const parts = t.parts ?? ZERO;
  const shipping = t.shipping ?? ZERO;
  const warranty = warrantyOf(t, a);
  const d = a.minorDigits;
  // The parts amount in minor units, once: the group sums and the Fees rows use these. A month's parts are nearly
  // all distinct decimals, each a cache miss wherever it sits; a ticket read from its row has its units kept by the
  // reader, and its decimal is not read at all here (partsUnitsOf).
  const partsUnits = partsUnitsOf(t, d);
  if (t.outcome !== "done") return newFeeLine(t, a, warranty ?? "out", labour, parts, shipping, ZERO, 0, partsUnits);
  if (!warranty) return null;
  if (warranty === "in") {
    const amount = roundMoney(shipping, d);
    return newFeeLine(t, a, warranty, labour, parts, shipping, amount, minorUnits(amount, d), partsUnits);
  }
  // Out of warranty: amounts on the minor unit add up exactly in integers, and their sum needs no rounding; its
  // decimal is made only if read (most are only summed and written as a number).
  // Each partial sum checked: a sum of safe integers is exact when it is within ±2^53, and past it beyond the test.
  const two = minorUnits(labour, d) + partsUnits;
  const units = Math.abs(two) <= Number.MAX_SAFE_INTEGER ? two + minorUnits(shipping, d) : NaN;
  if (Math.abs(units) <= Number.MAX_SAFE_INTEGER) return newFeeLine(t, a, warranty, labour, parts, shipping, null, units, partsUnits);
  const amount = roundMoney(basisOf(labour, parts, shipping), d);
  return newFeeLine(t, a, warranty, labour, parts, shipping, amount, minorUnits(amount, d), partsUnits);
}

const feeUnknown = (t: Ticket, issues: IssueList): void => issues.error("FEE_WARRANTY_UNKNOWN", { ...t.source, value: t.id, ticket: t.id });

/**
 * labour + parts + shipping. A sum already made (so already within the precision) plus a zero is that sum: the last
 * addition is skipped when shipping is zero, as it is for every on-site ticket.
 */
function basisOf(labour: Dec, parts: Dec, shipping: Dec): Dec {
  const sum = labour.plus(parts);
  return shipping.isZero() && !sum.isZero() ? sum : sum.plus(shipping);
}

/** A penalty line is its late finding, read through (docs/CONTRACT.md, Money: "per late response or per day late"). */
const penaltyOf = (f: Finding): FindingPenalty => new FindingPenalty(f);
class FindingPenalty implements PenaltyLine {
  constructor(private readonly f: Finding) {}
  get finding(): Finding {
    return this.f;
  }
  get ticket(): string {
    return this.f.ticket;
  }
  get clauseRef(): string {
    return this.f.clauseRef;
  }
  get clauseName(): string {
    return this.f.clauseName;
  }
  get amount(): Dec {
    return this.f.penalty;
  }
  get trace(): Bilingual {
    return this.f.explanation;
  }
}

/** A penalty line's trace in one language: a finding's own, written without a bilingual wrapper. */
export function penaltyTraceText(p: PenaltyLine, lang: "en" | "zh"): string {
  return p instanceof FindingPenalty ? explanationText(p.finding, lang) : p.trace[lang];
}

/** A fee line over its ticket; its "how" text is written when read. */
function newFeeLine(
  t: Ticket, a: Agreement, warranty: "in" | "out", labour: Dec, parts: Dec, shipping: Dec, made: Dec | null, units: number, partsUnits: number,
): FeeLine {
  return new FeeLine(t, a, warranty, labour, parts, shipping, made, units, partsUnits);
}
class FeeLine implements TicketFee, WritesText {
  /** The ticket's outcome kept beside the amounts: sums and rows of a million lines then need not read each ticket. */
  readonly outcome: TicketFee["outcome"];
  constructor(
    private readonly t: Ticket,
    private readonly a: Agreement,
    readonly warranty: "in" | "out",
    readonly labour: Dec,
    readonly parts: Dec,
    readonly shipping: Dec,
    /** The amount, once made (null: not yet, see units). */
    private made: Dec | null,
    /** The amount in minor units (minorUnits), NaN when it is not on the minor unit or out of that range. */
    readonly units: number,
    /** minorUnits(parts). */
    readonly partsUnits: number,
  ) {
    this.outcome = t.outcome;
  }
  /** The fee line, rounded once. */
  get amount(): Dec {
    return (this.made ??= decFromMinorUnits(this.units, this.a.minorDigits));
  }
  get ticket(): string {
    return this.t.id;
  }
  get provider(): string {
    return this.t.provider;
  }
  get source(): TicketFee["source"] {
    return this.t.source;
  }
  /** labour + parts + shipping: the basis of an unperformed ticket's penalty. */
  get basis(): Dec {
    return basisOf(this.labour, this.parts, this.shipping);
  }
  get trace(): Bilingual {
    return new BilingualText(this);
  }
  get digits(): number {
    return this.a.minorDigits;
  }
  /** The "How" of the fee line. */
  text(lang: "en" | "zh"): string {
    const d = this.a.minorDigits;
    if (this.outcome !== "done") return feeHow(this, lang, "", "", "");
    if (this.warranty === "in") return feeHow(this, lang, "", "", formatMoney(this.shipping, d));
    return feeHow(this, lang, formatMoney(this.labour, d), formatMoney(this.parts, d), formatMoney(this.shipping, d));
  }
}

/** The "How" of a fee line from its amounts as written (those it does not quote may be ""). */
function feeHow(f: FeeLine, lang: "en" | "zh", labour: string, parts: string, shipping: string): string {
  const en = lang === "en";
  if (f.outcome !== "done") {
    const cancelled = f.outcome === "cancelled";
    return en ? (cancelled ? "cancelled: no fee" : "unperformed: no fee") : cancelled ? "已取消：不计费" : "未履行：不计费";
  }
  if (f.warranty === "in") return en ? `in warranty: shipping ${shipping} only` : `保内：仅收运费 ${shipping}`;
  return en
    ? `out of warranty: labour ${labour} + parts ${parts} + shipping ${shipping}`
    : `保外：人工费 ${labour} + 配件费 ${parts} + 运费 ${shipping}`;
}

/** minorUnits(f.amount, digits), without making the amount of a fee line that has not made it. */
export function feeUnits(f: TicketFee, digits: number): number {
  return f instanceof FeeLine && f.digits === digits ? f.units : minorUnits(f.amount, digits);
}

/** minorUnits(f.parts, digits), as the fee line read them when made (see feeLineOf). */
export function feePartsUnits(f: TicketFee, digits: number): number {
  return f instanceof FeeLine && f.digits === digits ? f.partsUnits : minorUnits(f.parts, digits);
}

/**
 * A fee line's "How" (its trace) from its amounts as a sheet row has already written them with `digits` minor
 * digits: a month's fee rows would otherwise write each amount twice, once for its cell and once for the text.
 */
export function feeHowText(f: TicketFee, lang: "en" | "zh", digits: number, labour: string, parts: string, shipping: string): string {
  return f instanceof FeeLine && f.digits === digits ? feeHow(f, lang, labour, parts, shipping) : f.trace[lang];
}

/** Statement for month M is dated Statement Day of M+1 (docs/CONTRACT.md, Input sheets: Agreement). */
export function statementDateOf(month: Month, a: Agreement): DayNumber {
  const m = nextMonth(month);
  return asDay(daysFromCivil(m.year, m.month, a.statementDay));
}

export interface StatementInput {
  parsed: ParsedWorkbook;
  month: Month;
  monthFindings: MonthFindings;
  ctx: ClockContext;
  provider?: string;
}

export function computeStatements(input: StatementInput): Parsed<ProviderStatement[]> {
  const { parsed, month, monthFindings } = input;
  const a = parsed.agreement;
  const issues = new IssueList();
  const monthText = formatMonth(month);

  // Each ticket and finding goes to its provider's share in one pass: a network of many providers must not
  // re-read a million tickets once per provider (every stage linear in the tickets). The fee lines and the
  // penalty lines are made in that pass too, while each ticket and finding is at hand: a second pass over a month's
  // tickets and late findings cost more in memory reads than in work.
  const shares = new Map<string, ProviderShare>();
  const digits = a.minorDigits;
  const shareOf = (provider: string): ProviderShare => {
    let share = shares.get(provider);
    if (!share) {
      share = {
        open: [], openIds: null, excluded: [], excludedIds: null, unknownFee: [],
        feeLines: [], unperformedLines: [], feeSum: new MinorSum(digits), feeTickets: 0, penaltyLines: [], byClause: new Map(),
      };
      shares.set(provider, share);
    }
    return share;
  };
  const { settled, open, excluded, findings } = monthFindings;
  for (const t of settled) {
    const share = shareOf(t.provider);
    const fee = feeLineOf(t, a);
    if (!fee) {
      share.unknownFee.push(t); // reported, and left out, by statementFor
      continue;
    }
    share.feeLines.push(fee);
    share.feeSum.addUnits(fee.units, fee);
    // Counted here, while each ticket is at hand: not a filtered copy of a million lines afterwards.
    if (t.outcome === "done") share.feeTickets++;
    else if (t.outcome === "unperformed") share.unperformedLines.push(unperformedLine(t, fee, a));
  }
  for (const t of open) shareOf(t.provider).open.push(t);
  for (const t of excluded) shareOf(t.provider).excluded.push(t);
  // A ticket's findings are consecutive: its share, and whether it is charged, are looked up once per ticket.
  let lastTicket: string | null = null;
  let lastProvider: string | null = null;
  let charged: ProviderShare | null = null;
  for (const f of findings) {
    // Cheapest test first: the penalty is a field of the finding, and most are the one shared ZERO, where the status
    // reads the ticket. "> 0" read from the sign and digits, since decimal.js's comparisons copy their
    // operand. Only a late finding is charged, so the status is asked of those with a penalty.
    if (isAboveZero(f.penalty) && f.status === "late") {
      // An open ticket's penalty is charged when it settles. Asked here, while the finding is at hand. A finding of
      // computeFindings knows; one made elsewhere is looked up by its ticket's id.
      const open = measuredOpen(f);
      if (open === true) continue;
      const ticket = f.ticket;
      const provider = f.provider;
      if (ticket !== lastTicket || provider !== lastProvider) {
        const share = shareOf(provider);
        // Nor is the penalty of a ticket left out of the money (a data error, or an unknown warranty): a small set,
        // most months empty.
        const left = excludedIdsOf(share);
        charged = (open === undefined && openIdsOf(share).has(ticket)) || (left.size > 0 && left.has(ticket)) ? null : share;
        lastTicket = ticket;
        lastProvider = provider;
      }
      if (charged !== null) {
        // The line, and per clause the sum of its penalties (in minor units while exact, core/money MinorSum).
        charged.penaltyLines.push(penaltyOf(f));
        const ref = f.clauseRef;
        let e = charged.byClause.get(ref);
        if (!e) charged.byClause.set(ref, (e = { clauseRef: ref, clauseName: f.clauseName, count: 0, tally: new MinorSum(digits) }));
        e.count += 1;
        e.tally.add(f.penalty);
      }
    }
  }
  for (const s of parsed.statements) if (s.month < monthText) shareOf(s.provider || a.provider);
  const invoice = parsed.invoice === null ? null : invoiceByProvider(parsed, a);

  const out: ProviderStatement[] = [];
  for (const provider of [...shares.keys()].sort()) {
    if (input.provider !== undefined && provider !== input.provider) continue;
    out.push(statementFor(provider, shares.get(provider) as ProviderShare, invoice?.get(provider) ?? [], input, issues, monthText));
  }
  return { value: out, issues: issues.items };
}

/** d > 0, as greaterThan(ZERO) answers it (NaN is not), without the copy of ZERO that comparison makes. */
const isAboveZero = (d: Dec): boolean => d.isPositive() && !d.isZero();

/** The ids of a share's open tickets: only a finding not made by computeFindings asks. */
function openIdsOf(share: ProviderShare): Set<string> {
  return (share.openIds ??= new Set(share.open.map((t) => t.id)));
}

/** The ids of a share's tickets left out of the money: those in error, and settled ones of unknown warranty. */
function excludedIdsOf(share: ProviderShare): Set<string> {
  return (share.excludedIds ??= new Set([...share.excluded.map((t) => t.id), ...share.unknownFee.map((t) => t.id)]));
}

/** One provider's part of the month. */
interface ProviderShare {
  open: Ticket[];
  /** Ids of the open tickets, gathered when first asked (see openIdsOf). */
  openIds: Set<string> | null;
  excluded: Ticket[];
  /** See excludedIdsOf; gathered once the tickets are shared out. */
  excludedIds: Set<string> | null;
  /** Settled tickets of unknown warranty (docs/CONTRACT.md, Money: an error, left out of the money). */
  unknownFee: Ticket[];
  feeLines: TicketFee[];
  unperformedLines: UnperformedLine[];
  feeSum: MinorSum;
  feeTickets: number;
  /** Penalty lines of late findings, but not those of open tickets (charged when they settle) nor of excluded ones. */
  penaltyLines: PenaltyLine[];
  byClause: Map<string, { clauseRef: string; clauseName: string; count: number; tally: MinorSum }>;
}

function statementFor(
  provider: string, share: ProviderShare, invoiceLines: readonly { line: InvoiceLine; ticket: Ticket | undefined }[], input: StatementInput, issues: IssueList, monthText: string,
): ProviderStatement {
  const { parsed, month, ctx } = input;
  const a = parsed.agreement;
  const digits = a.minorDigits;
  for (const t of share.unknownFee) feeUnknown(t, issues);
  const excluded = excludedIdsOf(share);
  const { feeLines, unperformedLines, feeTickets, penaltyLines, byClause } = share;
  const fees = share.feeSum.total();

  // Penalties of the findings of settled tickets (overdue ones are charged when they settle), summed by clause.
  const penaltiesByClause = [...byClause.values()]
    .map(({ clauseRef, clauseName, count, tally }) => ({ clauseRef, clauseName, count, amount: tally.total() }))
    .sort((x, y) => (x.clauseRef < y.clauseRef ? -1 : 1));
  // The clause sums, then the unperformed lines: every line once, so the same total as adding the lines one by one.
  const penaltiesBeforeCap = sumDec([...penaltiesByClause.map((c) => c.amount), ...unperformedLines.map((u) => u.amount)]);
  // Penalty Cap (docs/CONTRACT.md, Money): penalties above cap% × the month's fees are removed by one negative line.
  let capAdjustment = ZERO;
  let capTrace: Bilingual | null = null;
  if (a.penaltyCap !== null) {
    const cap = roundMoney(a.penaltyCap.times(fees), digits);
    if (penaltiesBeforeCap.greaterThan(cap)) capAdjustment = cap.minus(penaltiesBeforeCap);
    capTrace = penaltyCapTrace(a.penaltyCap, fees, cap, penaltiesBeforeCap, capAdjustment, a);
  }
  const penalties = penaltiesBeforeCap.plus(capAdjustment);

  // Dates: statement date, payment due (art. 203), receipt, dispute-by.
  const thisRecord = parsed.statements.find((s) => s.month === monthText && (s.provider || a.provider) === provider) ?? null;
  const statementDate = thisRecord?.issued ?? statementDateOf(month, a);
  const receivedOn = thisRecord?.received ?? statementDate;
  const { paymentDue, disputeBy } = statementDates(statementDate, receivedOn, thisRecord?.due ?? null, ctx, a, provider, issues);

  // Overdue-payment fees on earlier statements, accrued after the previous statement date up to this one.
  const previousStatementDate = statementDateOf(prevMonth(month), a);
  const overdueSegments: OverdueSegment[] = [];
  let overdueCapAdjustment = ZERO;
  const overdueCapTraces: Bilingual[] = [];
  for (const s of parsed.statements) {
    if ((s.provider || a.provider) !== provider || s.month >= monthText) continue;
    const sMonth = parseMonth(s.month);
    const due = s.due ?? (sMonth ? statementDates(s.issued ?? statementDateOf(sMonth, a), s.issued ?? statementDateOf(sMonth, a), null, ctx, a, provider, issues).paymentDue : null);
    if (due === null) continue;
    const payments = parsed.payments.filter((p) => p.statement === s.id);
    const all = overdueSegmentsOf(s, due, payments, a);
    const inWindow = clipSegments(all, previousStatementDate, statementDate, a);
    overdueSegments.push(...inWindow);
    // Late Fee Cap (% of the overdue principal) over everything ever accrued on this statement.
    if (a.lateFeeCap !== null) {
      const cap = roundMoney(a.lateFeeCap.times(s.amount.minus(s.disputed)), digits);
      const before = sumDec(clipSegments(all, asDay(-1e7), previousStatementDate, a).map((x) => x.amount));
      const now = sumDec(inWindow.map((x) => x.amount));
      const allowed = Dec.max(ZERO, cap.minus(Dec.min(before, cap)));
      if (now.greaterThan(allowed)) {
        overdueCapAdjustment = overdueCapAdjustment.plus(allowed.minus(now));
        overdueCapTraces.push(lateFeeCapTrace(s, a.lateFeeCap, cap, before, now, allowed, a));
      }
    }
  }
  const overdueFees = sumDec(overdueSegments.map((x) => x.amount)).plus(overdueCapAdjustment);

  const reconciliation = parsed.invoice === null ? [] : reconcile(invoiceLines, feeLines, monthText);
  const invoice = parsed.invoice === null
    ? null
    : (() => {
        const billed = sumDec(reconciliation.filter((l) => l.billed !== null).map((l) => l.billed as Dec));
        return { billed, computed: fees, difference: billed.minus(fees) };
      })();

  return {
    provider, contractNo: a.contractNo, month: monthText, currency: a.currency, minorDigits: digits,
    statementNo: thisRecord?.id ?? null, statementDate, paymentDue, receivedOn, disputeBy, disputeDays: a.disputeDays,
    feeLines, feeTickets, fees,
    penaltyLines, unperformedLines, penaltiesByClause,
    penaltiesBeforeCap, capAdjustment, capTrace, penalties,
    overdueSegments, overdueCapAdjustment, overdueFees,
    overdueCapTrace: overdueCapTraces.length === 0 ? null : {
      en: overdueCapTraces.map((t) => t.en).join("; "),
      zh: overdueCapTraces.map((t) => t.zh).join("；"),
    },
    netPayable: fees.minus(penalties).plus(overdueFees),
    disputed: thisRecord?.disputed ?? ZERO,
    invoice, reconciliation,
    excludedTickets: [...excluded].sort(),
    provisional: excluded.size > 0,
  };
}

const percentText = (rate: Dec): string => `${rate.times(100).toString()}%`;

/**
 * The trace of the monthly Penalty Cap line, checkable by hand: "cap 10% × fees 1150.00 = limit 115.00; penalties
 * 180.00 − limit 115.00 → −65.00", or, when the penalties stay within the limit, why the line is zero.
 */
function penaltyCapTrace(rate: Dec, fees: Dec, cap: Dec, penalties: Dec, line: Dec, a: Agreement): Bilingual {
  const limit = { en: `cap ${percentText(rate)} × fees ${money(fees, a)} = limit ${money(cap, a)}`, zh: `上限 ${percentText(rate)} × 服务费 ${money(fees, a)} = ${money(cap, a)}` };
  if (line.isZero()) {
    return {
      en: `${limit.en}; penalties ${money(penalties, a)} within the limit → ${money(line, a)}`,
      zh: `${limit.zh}；违约金 ${money(penalties, a)} 未超出上限 → ${money(line, a)}`,
    };
  }
  return {
    en: `${limit.en}; penalties ${money(penalties, a)} − limit ${money(cap, a)} → ${money(line, a)}`,
    zh: `${limit.zh}；违约金 ${money(penalties, a)} 超出上限 ${money(cap, a)} → ${money(line, a)}`,
  };
}

/**
 * The trace of the Late Fee Cap's part for one earlier statement: the cap on its undisputed amount, what was charged
 * on it before this statement, what this month adds, and the line that keeps the total at the cap.
 */
function lateFeeCapTrace(s: StatementRecord, rate: Dec, cap: Dec, before: Dec, now: Dec, allowed: Dec, a: Agreement): Bilingual {
  const line = allowed.minus(now);
  const base = s.disputed.isZero() ? money(s.amount, a) : `(${money(s.amount, a)} − ${money(s.disputed, a)})`;
  const baseZh = s.disputed.isZero() ? money(s.amount, a) : `（${money(s.amount, a)} − 异议 ${money(s.disputed, a)}）`;
  return {
    en: `${s.id}: cap ${percentText(rate)} × ${base} = limit ${money(cap, a)}; charged before ${money(before, a)}, so ${money(allowed, a)} left; this month ${money(now, a)} → ${money(line, a)}`,
    zh: `${s.id}：上限 ${percentText(rate)} × ${baseZh} = ${money(cap, a)}；此前已计 ${money(before, a)}，尚余 ${money(allowed, a)}；本月 ${money(now, a)} → ${money(line, a)}`,
  };
}

function prevMonth(m: Month): Month {
  return m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 };
}

/** Unperformed Rate × (labour + parts + shipping), capped at the ticket's actual loss when given (docs/CONTRACT.md, Money). */
function unperformedLine(t: Ticket, fee: TicketFee, a: Agreement): UnperformedLine {
  const raw = a.unperformedRate.times(fee.basis);
  const capped = t.loss !== null && raw.greaterThan(t.loss);
  const amount = roundMoney(capped ? t.loss! : raw, a.minorDigits);
  const pct = a.unperformedRate.times(100).toString();
  return {
    ticket: t.id,
    amount,
    trace: {
      en: `unperformed: ${pct}% × ${money(fee.basis, a)}${capped ? `, capped at the actual loss ${money(t.loss!, a)}` : ""} = ${money(amount, a)}`,
      zh: `未履行：${pct}% × ${money(fee.basis, a)}${capped ? `，以实际损失 ${money(t.loss!, a)} 为限` : ""} = ${money(amount, a)}`,
    },
  };
}

function statementDates(
  statementDate: DayNumber, receivedOn: DayNumber, givenDue: DayNumber | null, ctx: ClockContext, a: Agreement, provider: string, issues: IssueList,
): { paymentDue: DayNumber; disputeBy: LocalSeconds } {
  const nominalDue = asDay(statementDate + a.paymentDays);
  try {
    const paymentDue = givenDue ?? ctx.calendar.workingDayOnOrAfter(nominalDue);
    const lastDisputeDay = a.disputeDays > 0 ? ctx.calendar.nthWorkingDayAfter(receivedOn, a.disputeDays) : receivedOn;
    return { paymentDue, disputeBy: ctx.calendar.endOfDay(lastDisputeDay, a.dayEndsAt) };
  } catch (e) {
    if (!(e instanceof OutsideCalendarError)) throw e;
    issues.error("STATEMENT_DATES_NOT_COVERED", { value: formatDay(e.day) }, { calendar: ctx.calendar.label, provider });
    return { paymentDue: givenDue ?? nominalDue, disputeBy: ((receivedOn + a.disputeDays + 1) * 86400) as LocalSeconds };
  }
}

/**
 * Overdue-payment fee (docs/CONTRACT.md, Money): simple interest on the unpaid undisputed balance, for each day after due (+ grace)
 * up to and including the payment day (days = paid − due); one segment per balance. The last segment of a balance
 * still unpaid runs open-ended (clipped to the statement window by the caller).
 */
export function overdueSegmentsOf(s: StatementRecord, due: DayNumber, payments: readonly PaymentRecord[], a: Agreement): OverdueSegment[] {
  const start = asDay(due + a.lateFeeGraceDays);
  let balance = s.amount.minus(s.disputed);
  const segments: OverdueSegment[] = [];
  let from = start;
  const sorted = [...payments].sort((x, y) => x.paidOn - y.paidOn);
  for (const p of sorted) {
    if (balance.lessThanOrEqualTo(0)) break;
    if (p.paidOn > from) {
      segments.push(segment(s, from, p.paidOn, balance, a));
      from = p.paidOn;
    }
    balance = balance.minus(p.amount);
  }
  if (balance.greaterThan(ZERO)) segments.push(segment(s, from, asDay(1e7), balance, a));
  return segments;
}

function segment(s: StatementRecord, from: DayNumber, to: DayNumber, balance: Dec, a: Agreement): OverdueSegment {
  const days = to - from;
  const amount = roundMoney(balance.times(a.lateFeeRate.perDay).times(days), a.minorDigits);
  return {
    statement: s.id, from, to, days, balance, rateText: a.lateFeeRate.text, ratePerDay: a.lateFeeRate.perDay, amount,
    trace: {
      en: `${money(balance, a)} × ${a.lateFeeRate.text} × ${days} days (${formatDay(from)} → ${formatDay(to)}) = ${money(amount, a)}`,
      zh: `${money(balance, a)} × ${a.lateFeeRate.text} × ${days} 天（${formatDay(from)} → ${formatDay(to)}）= ${money(amount, a)}`,
    },
  };
}

/** The part of each segment that accrued in (after, upTo]: "only what accrued between the previous and this statement date". */
function clipSegments(segments: readonly OverdueSegment[], after: DayNumber, upTo: DayNumber, a: Agreement): OverdueSegment[] {
  const out: OverdueSegment[] = [];
  for (const x of segments) {
    const from = asDay(Math.max(x.from, after));
    const to = asDay(Math.min(x.to, upTo));
    if (to <= from) continue;
    out.push(from === x.from && to === x.to ? x : segment({ id: x.statement } as StatementRecord, from, to, x.balance, a));
  }
  return out;
}

/** The Invoice sheet's lines by provider: the line's own Provider, else its ticket's, else the Agreement's. */
function invoiceByProvider(parsed: ParsedWorkbook, a: Agreement): Map<string, { line: InvoiceLine; ticket: Ticket | undefined }[]> {
  const byId = new Map(parsed.tickets.map((t) => [t.id, t]));
  const out = new Map<string, { line: InvoiceLine; ticket: Ticket | undefined }[]>();
  for (const line of parsed.invoice ?? []) {
    const ticket = byId.get(line.ticket);
    const provider = line.provider || ticket?.provider || a.provider;
    const list = out.get(provider);
    if (list) list.push({ line, ticket });
    else out.set(provider, [{ line, ticket }]);
  }
  return out;
}

/** Invoice reconciliation: per ticket billed vs computed, billed-not-logged, settled-not-billed, in-warranty labour. */
function reconcile(invoiceLines: readonly { line: InvoiceLine; ticket: Ticket | undefined }[], feeLines: TicketFee[], month: string): ReconciliationLine[] {
  const fees = new Map(feeLines.map((f) => [f.ticket, f]));
  const lines: ReconciliationLine[] = [];
  const billedIds = new Set<string>();
  for (const { line, ticket } of invoiceLines) {
    if (line.month && line.month !== month) continue;
    billedIds.add(line.ticket);
    const fee = fees.get(line.ticket);
    if (!ticket) {
      lines.push({ ticket: line.ticket, kind: "billed-not-logged", billed: line.amount, computed: null, difference: line.amount, source: line.source });
    } else if (!fee) {
      lines.push({ ticket: line.ticket, kind: "billed-not-settled", billed: line.amount, computed: null, difference: line.amount, source: line.source });
    } else if (!line.amount.equals(fee.amount)) {
      const kind = fee.warranty === "in" && fee.labour.greaterThan(ZERO) && line.amount.greaterThan(fee.amount) ? "in-warranty-labour" : "difference";
      lines.push({ ticket: line.ticket, kind, billed: line.amount, computed: fee.amount, difference: line.amount.minus(fee.amount), source: line.source });
    } else {
      lines.push({ ticket: line.ticket, kind: "difference", billed: line.amount, computed: fee.amount, difference: ZERO, source: line.source });
    }
  }
  for (const f of feeLines) {
    if (!billedIds.has(f.ticket) && f.amount.greaterThan(ZERO)) {
      lines.push({ ticket: f.ticket, kind: "settled-not-billed", billed: null, computed: f.amount, difference: f.amount.negated(), source: f.source });
    }
  }
  return lines;
}
