/**
 * Findings (docs/CONTRACT.md, Clocks and Output sheets): every ticket of the month against every clause that applies to it.
 *
 * Month selection: the tickets settled in the month (by the Agreement's Settlement Basis: the `closed` event, else
 * `repaired`) plus those still open at its end and reported before it. As-of is 24:00 of the month's last day;
 * for a ticket open at the month end, events after as-of have not happened yet.
 */
import { OutsideCalendarError, type ClockContext, type ClosedPause, type LateMeasure } from "../clocks/api";
import { dueOnClock, elapsedSeconds, formatMeasuredDue, measureLateInto, NO_PAUSES, startedHoursOf } from "../clocks";
import { IssueList, type Issue, type Parsed } from "../core/issues";
import { renderIssue } from "../core/messages";
import type { Finding, FindingStatus } from "../core/finding";
import type { Agreement, Clause, ClockUnit, ParsedWorkbook, PenaltyKind, Ticket, TicketEvent } from "../core/model";
import { Dec, formatMoney, roundMoney, ZERO } from "../core/money";
import { cellTicket, eventAt, eventOf, reopened, type ColumnTicket, type TicketColumns } from "../core/ticketColumns";
import {
  addMonthsToDay, asLocal, dayOf, firstDayOfMonth, firstDayOfNextMonth, formatDay, formatDeadline, formatLocal, startOfDay,
  type DayNumber, type LocalSeconds, type Month,
} from "../core/time";
import { BilingualText, type WritesText } from "../core/bilingual";
import { zhEvent } from "../core/eventNames";
import { chargedCount, chargedCountOf, lateByWords, lateText } from "./words";
import "./messages";

export interface MonthFindings {
  findings: Finding[];
  /** Settled in the month (their penalties are charged). */
  settled: Ticket[];
  /** Still open at the month end (shown; charged when they settle). */
  open: Ticket[];
  /** Tickets of the month left out of findings and money because of data errors (listed in Data Issues). */
  excluded: Ticket[];
}

export interface FindingOptions {
  provider?: string;
  feeOf: (t: Ticket) => Dec | null;
  /** Shared by the computeFindings of one run over one workbook (see TicketInstants). */
  instants?: TicketInstants;
}

/**
 * Each ticket's settled instant (+Infinity when not settled) and report instant (NaN when none), by index, filled
 * by a run's first computeFindings and read by the next: a run measures its month and the two before it (the KPI
 * trend), and each pass read every ticket's events again only to find the few of its month. Measured: sheets stage
 * (where the trend's months are measured) 4.6 s shared vs 6.2 s with each pass reading every ticket again (CPU
 * time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
 */
export interface TicketInstants {
  settled: Float64Array | null;
  reported: Float64Array | null;
}

/** The instant a ticket settles (docs/CONTRACT.md, Input sheets: Agreement Settlement Basis): closed, else repaired (or the reverse). */
export function settledAt(t: Ticket, a: Agreement): LocalSeconds | null {
  // Instants, not events: a ticket read from its row makes no event object for them.
  const first = eventAt(t, a.settlementBasis === "closed" ? "closed" : "repaired");
  return first ?? eventAt(t, a.settlementBasis === "closed" ? "repaired" : "closed") ?? null;
}

/** In or out of warranty on the report date: explicit, or purchase date + Warranty Months (docs/CONTRACT.md, Money). */
export function warrantyOf(t: Ticket, a: Agreement): "in" | "out" | null {
  if (t.warranty) return t.warranty;
  const reported = eventAt(t, "reported");
  if (t.purchased === null || reported === undefined) return null;
  return dayOf(reported) < addMonthsToDay(t.purchased, a.warrantyMonths) ? "in" : "out";
}

const WARRANTY_WORDS: Record<string, "in" | "out"> = { in: "in", 保内: "in", 在保: "in", yes: "in", 是: "in", out: "out", 保外: "out", 过保: "out", no: "out", 否: "out" };

/** Applies To (docs/CONTRACT.md, Input sheets: SLA): every condition must hold; a condition holds when the field has one of its values. */
export function clauseApplies(c: Clause, t: Ticket, a: Agreement): boolean {
  const reported = eventAt(t, "reported");
  return reported !== undefined && appliesOn(c, t, a, reported);
}

/** clauseApplies for a ticket reported at `reported`: computeFindings has it at hand for each of its clauses. */
function appliesOn(c: Clause, t: Ticket, a: Agreement, reported: LocalSeconds): boolean {
  // Every test is pure, so the order they are made in does not change the answer.
  return fieldsHold(c, t.fields) && appliesBeyondFields(c, t, a, reported);
}

/** Whether the conditions of c's Applies To on ticket fields hold (warranty is no field of the record: not tested). */
function fieldsHold(c: Clause, fields: Ticket["fields"]): boolean {
  for (const cond of c.appliesTo) {
    if (cond.field === "warranty") continue;
    const value = fields[cond.field];
    if (value === undefined || !cond.values.includes(value)) return false;
  }
  return true;
}

/** The rest of appliesOn: the effective period, and the warranty conditions (of the ticket's dates, not its fields). */
function appliesBeyondFields(c: Clause, t: Ticket, a: Agreement, reported: LocalSeconds): boolean {
  const day = dayOf(reported);
  // Amended terms apply by report date.
  if (c.effectiveFrom !== null && day < c.effectiveFrom) return false;
  if (c.effectiveTo !== null && day > c.effectiveTo) return false;
  for (const cond of c.appliesTo) {
    if (cond.field !== "warranty") continue;
    const w = warrantyOf(t, a);
    if (!w || !cond.values.some((v) => WARRANTY_WORDS[v] === w)) return false;
  }
  return true;
}

export function computeFindings(pw: ParsedWorkbook, ctx: ClockContext, month: Month, opts: FindingOptions): Parsed<MonthFindings> {
  const issues = new IssueList();
  const a = pw.agreement;
  const monthStart = startOfDay(firstDayOfMonth(month));
  const asOf = startOfDay(firstDayOfNextMonth(month));
  const out: MonthFindings = { findings: [], settled: [], open: [], excluded: [] };
  const run: RunContext = { ctx, agreement: a, asOf, asOfText: formatDeadline(asOf, { lang: "en", style: "short" }), penalties: new Map(), inMonth: true };
  // The findings of tickets still open share a run of their own, the same but for inMonth: money then tells their
  // penalties (charged when the ticket settles) from the finding alone, without looking its ticket up.
  const openRun: RunContext = { ...run, inMonth: false };

  const tickets = pw.tickets;
  // The month's tickets found by their instants (+Infinity: not settled; NaN: no report), read from the run's
  // earlier pass when there was one (TicketInstants), so the tickets of other months are not read at all.
  const known = opts.instants?.settled?.length === tickets.length ? opts.instants : undefined;
  const settledAts = known?.settled ?? new Float64Array(tickets.length);
  const reportedAts = known?.reported ?? new Float64Array(tickets.length);
  const clauses = pw.clauses;
  // Where the events read here sit in the tickets' sheet columns, for tickets whose events are their cells (the
  // slots of the sheet seen last; a workbook has one Tickets sheet).
  let slots = NO_SLOTS;
  const byWarranty = clauses.some((c) => c.appliesTo.some((cond) => cond.field === "warranty"));
  for (let k = 0; k < tickets.length; k++) {
    if (!known) {
      const t = tickets[k];
      const cells = cellTicket(t);
      if (cells === null) {
        settledAts[k] = settledAt(t, a) ?? Infinity;
        reportedAts[k] = eventAt(t, "reported") ?? NaN;
      } else {
        if (cells.store !== slots.store) slots = eventSlots(cells.store, a, clauses);
        // settledAt and eventAt, by slot.
        const { store, entry } = cells;
        settledAts[k] = store.atSlotOf(entry, slots.settledFirst) ?? store.atSlotOf(entry, slots.settledElse) ?? Infinity;
        reportedAts[k] = store.atSlotOf(entry, slots.reported) ?? NaN;
      }
    }
    const settled = settledAts[k];
    const inMonth = settled >= monthStart && settled < asOf;
    const openAtEnd = !inMonth && reportedAts[k] < asOf && settled >= asOf;
    if (!inMonth && !openAtEnd) continue;
    const t = tickets[k];
    if (opts.provider !== undefined && t.provider !== opts.provider) continue;
    const reported = reportedAts[k] as LocalSeconds;
    if (t.hasErrors || reported !== reported) { // NaN: no report
      out.excluded.push(t);
      continue;
    }
    // Errors only in the cells that price the ticket leave it out of the money, not out of the findings: its clocks
    // read none of them. Unless a clause applies by warranty and the warranty is what cannot be read.
    const moneyErrors = t.moneyErrors ?? null;
    if (moneyErrors !== null && byWarranty && warrantyOf(t, a) === null) {
      out.excluded.push(t);
      continue;
    }
    // Cancelled and unperformed services are settled by the money rules (docs/CONTRACT.md, Money), not by the clocks.
    if (t.outcome !== "done") {
      if (inMonth) out.settled.push(t);
      continue;
    }
    // The ticket's findings go straight into the month's list, and the loop builds no closure or array per ticket:
    // it runs for every ticket of the month.
    const findings = out.findings;
    const r = inMonth ? run : openRun;
    const cells = cellTicket(t);
    if (cells !== null && cells.store !== slots.store) slots = eventSlots(cells.store, a, clauses);
    let unmatchedPauseReported = false;
    let inError = false;
    for (let ci = 0; ci < clauses.length; ci++) {
      const c = clauses[ci];
      if (!appliesOn(c, t, a, reported)) continue;
      // The clause's start and end as of the run (seenAt), read by the slots of their columns when the ticket's events
      // are its cells: seenAt looked each name up again, twice for each of millions of findings. Measured: checking
      // stage 2.71 s by slot vs 2.79 s by name (ratio 1.07, spread 0.99-1.07) (CPU time at 1,048,575 tickets, median
      // of 3 interleaved pairs, 2026-12-06): at the edge of the 5% a device must pay.
      const start = cells !== null ? seenIn(cells, slots.clauseStart[ci], r) : seenAt(t, c.startEvent, r);
      const end = cells !== null ? seenIn(cells, slots.clauseEnd[ci], r) : seenAt(t, c.endEvent, r);
      const f = measureClause(c, t, r, opts, issues, start, end);
      const p = !unmatchedPauseReported && c.pausable && t.pauses.length > 0 ? t.pauses.find(isUnmatched) : undefined;
      if (p) {
        issues.warning("PAUSE_UNMATCHED", { ...p.source, value: formatLocal(p.from), ticket: t.id }, { asOf: run.asOfText });
        unmatchedPauseReported = true;
      }
      // Its status read as it is made, not from the month's list after (a finding in error is one whose clock says so:
      // `status` shows "exempt" only for one not in error).
      if (!inError) inError = f.clockStatus === "error";
      findings.push(f);
    }
    if (inError || moneyErrors !== null) out.excluded.push(t);
    else (inMonth ? out.settled : out.open).push(t);
  }
  if (opts.instants && !known) {
    opts.instants.settled = settledAts;
    opts.instants.reported = reportedAts;
  }
  return { value: out, issues: issues.items };
}

const isUnmatched = (p: Ticket["pauses"][number]): boolean => p.to === null;

/**
 * An event's instant as of the run: for a ticket still open at the month end, events after as-of have not happened
 * yet. An instant, not the event: a ticket read from its row makes no event object for it.
 */
function seenAt(t: Ticket, name: string, run: RunContext): LocalSeconds | undefined {
  const at = eventAt(t, name);
  return at !== undefined && (run.inMonth || at < run.asOf) ? at : undefined;
}

/** seenAt of the event in column `slot` (EventSlots) of a ticket whose events are its cells (cellTicket). */
function seenIn(cells: ColumnTicket, slot: number, run: RunContext): LocalSeconds | undefined {
  const at = cells.store.atSlotOf(cells.entry, slot);
  return at !== undefined && (run.inMonth || at < run.asOf) ? at : undefined;
}

/**
 * The slots (TicketColumns.slot) in one sheet's columns of the events computeFindings reads of every ticket: its
 * report, its settling events (settledAt: the basis, else the other one), each clause's start and end (by the
 * clause's place). Looked up once per sheet, not by name for every ticket and finding.
 */
interface EventSlots {
  readonly store: TicketColumns | null;
  readonly reported: number;
  readonly settledFirst: number;
  readonly settledElse: number;
  readonly clauseStart: Int32Array;
  readonly clauseEnd: Int32Array;
}
const NO_SLOTS: EventSlots = { store: null, reported: -1, settledFirst: -1, settledElse: -1, clauseStart: new Int32Array(0), clauseEnd: new Int32Array(0) };

function eventSlots(store: TicketColumns, a: Agreement, clauses: readonly Clause[]): EventSlots {
  const closedFirst = a.settlementBasis === "closed";
  return {
    store,
    reported: store.slot("reported"),
    settledFirst: store.slot(closedFirst ? "closed" : "repaired"),
    settledElse: store.slot(closedFirst ? "repaired" : "closed"),
    clauseStart: Int32Array.from(clauses, (c) => store.slot(c.startEvent)),
    clauseEnd: Int32Array.from(clauses, (c) => store.slot(c.endEvent)),
  };
}

/** What every finding of one run shares (kept once, not per finding): the clock and the month's as-of. */
interface RunContext {
  ctx: ClockContext;
  agreement: Agreement;
  asOf: LocalSeconds;
  /** The month's end as people read it ("2026-10-31 24:00"), written once for the traces that quote it. */
  asOfText: string;
  /** Penalties by clause and count of days or hours (see chargedPenalty). */
  penalties: Map<Clause, Map<number, Dec>>;
  /** False for the findings of a ticket still open at the month end (see measuredOpen). */
  inMonth: boolean;
}

/** Why a finding has no clock of its own (its trace is a fixed sentence). */
type NoClock = "not started" | "no start" | "end before start" | "no calendar";

/** What a finding holds; everything else it shows is read through from its ticket, clause and late measure. */
interface FindingState {
  readonly c: Clause;
  readonly t: Ticket;
  readonly run: RunContext;
  /** What the clock found (docs/CONTRACT.md, Clocks); `status` shows "exempt" instead for an exempt ticket. */
  readonly clockStatus: FindingStatus;
  /** Started days late (clocks measureLate); 0 when not late or overdue. */
  readonly startedDays: number;
  /** Null when the clock did not run (see noClockOf). */
  readonly due: LocalSeconds | null;
  readonly elapsedSeconds: number | null;
  /** The late measure's late-by seconds (a whole number: a Smi); 0 when there is none. */
  readonly lateBy: number;
  /** The penalty line, rounded once; ZERO when none. */
  readonly penalty: Dec;
}

/**
 * A finding. The ticket, the clause and the event cells are referenced, not copied, and the bilingual trace is
 * written only when someone reads it — from the same clock, so it says exactly what was measured.
 */
function newFinding(
  c: Clause, t: Ticket, run: RunContext, clockStatus: FindingStatus, due: LocalSeconds | null,
  elapsedSeconds: number | null, late: LateMeasure | null, penalty: Dec,
): MeasuredFinding {
  // The late measure is kept as its numbers, not referenced.
  const startedDays = late === null ? 0 : late.startedDays;
  const lateBy = late === null ? 0 : late.lateBySeconds;
  return new MeasuredFinding(c, t, run, clockStatus, startedDays, due, elapsedSeconds, lateBy, penalty);
}

class MeasuredFinding implements Finding, WritesText, FindingState {
  constructor(
    readonly c: Clause,
    readonly t: Ticket,
    readonly run: RunContext,
    readonly clockStatus: FindingStatus,
    readonly startedDays: number,
    readonly due: LocalSeconds | null,
    readonly elapsedSeconds: number | null,
    readonly lateBy: number,
    readonly penalty: Dec,
  ) {}

  /**
   * The clause's start and end events as measureClause saw them (seenAt), found again from the ticket: a finding
   * holds no event of its own — for a ticket read from its row that would be two objects made for each of millions
   * of findings. The events of a parsed ticket do not change after reading.
   */
  get startEv(): TicketEvent | undefined {
    return seenAt(this.t, this.c.startEvent, this.run) === undefined ? undefined : eventOf(this.t, this.c.startEvent);
  }
  get endEv(): TicketEvent | undefined {
    return seenAt(this.t, this.c.endEvent, this.run) === undefined ? undefined : eventOf(this.t, this.c.endEvent);
  }
  /**
   * The late measure, set when late or overdue: made afresh on each read from the finding's numbers (a young object
   * that dies at once), where keeping it was one long-lived object per late finding.
   */
  get late(): LateMeasure | null {
    const startedDays = this.startedDays;
    if (startedDays === 0) return null;
    return { lateBySeconds: this.lateBy, startedDays, startedHours: startedHoursOf(this.lateBy) };
  }
  get status(): FindingStatus {
    // An exempt ticket is measured and shown, never charged (docs/CONTRACT.md, Money); a finding in error stays an error.
    return this.t.exemption && this.clockStatus !== "error" ? "exempt" : this.clockStatus;
  }
  get lateBySeconds(): number {
    return this.lateBy;
  }
  /** Started days (per day) or started hours (per hour) late, as charged: 0 on an exempt ticket (docs/CONTRACT.md, Clocks and Money). */
  get lateCount(): number {
    const startedDays = this.startedDays;
    if (startedDays === 0 || this.t.exemption) return 0;
    return chargedCountOf(this.c, startedDays, this.lateBy);
  }
  get ticket(): string {
    return this.t.id;
  }
  get provider(): string {
    return this.t.provider;
  }
  get exemption(): string {
    return this.t.exemption;
  }
  get clauseRef(): string {
    return this.c.ref;
  }
  get clauseName(): string {
    return this.c.name;
  }
  get unit(): ClockUnit {
    return this.c.unit;
  }
  get target(): number {
    return this.c.target;
  }
  get penaltyKind(): PenaltyKind {
    return this.c.penalty;
  }
  get start(): LocalSeconds | null {
    return seenAt(this.t, this.c.startEvent, this.run) ?? null;
  }
  get end(): LocalSeconds | null {
    return seenAt(this.t, this.c.endEvent, this.run) ?? null;
  }
  get sources(): Finding["sources"] {
    return { clause: this.c.source, start: this.startEv?.source, end: this.endEv?.source };
  }
  get explanation(): { en: string; zh: string } {
    return new BilingualText(this);
  }

  /**
   * The one-line trace a finance user can check by hand; for a ticket left out of the money by an error in its
   * money cells, followed by why.
   */
  text(lang: "en" | "zh"): string {
    const errors = this.t.moneyErrors;
    if (!errors) return this.clockText(lang);
    return [this.clockText(lang), leftOutText(errors, lang)].join(lang === "en" ? "; " : "；");
  }

  /** What the clock found (docs/CONTRACT.md, The add-in: "every figure traceable"). */
  private clockText(lang: "en" | "zh"): string {
    const { c, t } = this;
    const start = this.start as LocalSeconds; // a clock that ran had its start (noClockOf otherwise)
    const end = this.end;
    const { ctx, agreement: a, asOfText } = this.run;
    const en = lang === "en";
    switch (this.due === null ? noClockOf(this) : undefined) {
      case "not started":
        return en ? `not started by ${asOfText}: no ${c.startEvent} yet` : `截至 ${asOfText} 尚未起算：还没有${zhEvent(c.startEvent)}时间`;
      case "no start":
        return en ? `no ${c.startEvent} time: the clock of ${c.ref} cannot start` : `缺少${zhEvent(c.startEvent)}时间，条款 ${c.ref} 无法起算`;
      case "end before start":
        return en ? `${c.endEvent} is before ${c.startEvent}` : `${zhEvent(c.endEvent)}时间早于${zhEvent(c.startEvent)}时间`;
      case "no calendar": {
        const day = formatDay(missingDayOf(this));
        return en ? `the calendar has no data for ${day}` : `日历缺少 ${day} 的数据`;
      }
    }
    // The due as measured, this time with the calendar notes for the trace.
    let dueText = formatMeasuredDue(ctx, c.unit, c.target, start, clockPauses(c, t, start, end, this.run.asOf), this.due as LocalSeconds, lang);
    // Pauses the clock did not stop for, said so: the reader sees them on the ticket and would look for them here.
    if (!c.pausable && (t.pauses.length > 0 || reopened(t)) && pausesOf(t, start, end ?? this.run.asOf, this.run.asOf).length > 0) {
      dueText += en ? "; pauses ignored (clause not pausable)" : "；暂停不计（条款不可暂停）";
    }
    const startedDays = this.startedDays; // 0: no late measure
    const w = startedDays !== 0 ? lateText(lang, c, startedDays, this.lateBy, this.penalty, a, this.status, c.penalty === "percent of fee" ? raw2text(c, a) : "") : "";
    const status = this.clockStatus;
    let endText: string;
    if (end !== null) endText = finishedText(lang, en ? c.endEvent : zhEvent(c.endEvent), end, w);
    else if (status === "open") endText = en ? `not finished by ${asOfText}, still within the target` : `截至 ${asOfText} 未完成，仍在时限内`;
    else if (status === "overdue") endText = en ? `not finished by ${asOfText}: ${w}` : `截至 ${asOfText} 未完成：${w}`;
    else endText = en ? `settled without ${c.endEvent}` : `已结算但缺少${zhEvent(c.endEvent)}时间`;
    const sep = en ? "; " : "；";
    if (!t.exemption) return `${dueText}${sep}${endText}`;
    return [dueText, endText, en ? `exempt: ${t.exemption}` : `免责：${t.exemption}`].join(sep);
  }
}

/**
 * Why a ticket with findings is not in the statement: its money cells' errors, each with its cell and what is wrong
 * ("left out of the statement until fixed (its findings still count): Tickets!P11 "-50" is a negative amount; …").
 */
function leftOutText(errors: readonly Issue[], lang: "en" | "zh"): string {
  const en = lang === "en";
  const why = errors.map((i) => `${i.sheet}!${i.cell} ${renderIssue(i, lang).problem}`).join(en ? " " : "");
  return en ? `left out of the statement until fixed (its findings still count): ${why}` : `修正前不计入结算单（时限照常考核）：${why}`;
}

/** The end part of a trace whose end event happened: `${end event} ${formatLocal(at)}, ${late words}`, or `…, on time`. */
function finishedText(lang: "en" | "zh", endEvent: string, at: LocalSeconds, w: string): string {
  const en = lang === "en";
  return `${endEvent} ${formatLocal(at)}${w ? (en ? `, ${w}` : `，${w}`) : en ? ", on time" : "，按时"}`;
}

/**
 * Whether a finding of computeFindings is of a ticket not settled in the month — still open at its end, or left out
 * for an error — and so not charged now; undefined for a finding made elsewhere.
 */
export function measuredOpen(f: Finding): boolean | undefined {
  return f instanceof MeasuredFinding ? !f.run.inMonth : undefined;
}

/**
 * The Late By text of a finding (words lateByWords): on the clause's own clock, in the unit it charges by; "" when
 * not late. An exempt finding shows how late it was all the same (it is measured, not charged).
 */
export function lateByText(f: Finding, lang: "en" | "zh"): string {
  if (f instanceof MeasuredFinding) {
    const startedDays = f.startedDays;
    if (startedDays === 0) return "";
    return lateByWords(f.c.unit, f.c.penalty, f.lateBy, chargedCountOf(f.c, startedDays, f.lateBy), lang);
  }
  if (!(f.status === "late" || f.status === "overdue" || f.lateBySeconds > 0)) return "";
  return lateByWords(f.unit, f.penaltyKind, f.lateBySeconds, f.lateCount, lang);
}

/** The explanation of a finding in one language; a measured finding writes it without a bilingual wrapper. */
export function explanationText(f: Finding, lang: "en" | "zh"): string {
  return f instanceof MeasuredFinding ? f.text(lang) : f.explanation[lang];
}

/**
 * The finding of clause c on ticket t. `start` and `end`: the clause's start and end events' instants as of the run
 * (seenAt), read by the caller. Instants; an event (for its source cell) is asked for only by an issue.
 */
function measureClause(
  c: Clause, t: Ticket, run: RunContext, opts: FindingOptions, issues: IssueList, start: LocalSeconds | undefined, end: LocalSeconds | undefined,
): MeasuredFinding {
  const { ctx, asOf, inMonth } = run;
  if (start === undefined && !inMonth) {
    // A ticket still in progress whose clause has not started yet (e.g. not yet repaired, so no return clock).
    return noClockFinding(c, t, run, "open");
  }
  if (start === undefined) {
    issues.warning("FINDING_START_MISSING", { ...t.source, value: t.id, ticket: t.id }, { clause: c.ref, event: c.startEvent });
    return noClockFinding(c, t, run, "missing");
  }
  if (end !== undefined && end < start) {
    issues.error("FINDING_END_BEFORE_START", { ...(eventOf(t, c.endEvent) as TicketEvent).source, value: formatLocal(end), ticket: t.id }, { clause: c.ref, start: c.startEvent, end: c.endEvent, startAt: formatLocal(start) });
    return noClockFinding(c, t, run, "error");
  }
  const clockEnd = end !== undefined ? end : asOf;
  const pauses = clockPauses(c, t, start, end ?? null, asOf);
  // The due alone: the trace asks computeDue again when it is read.
  let due: LocalSeconds;
  try {
    due = dueOnClock(ctx, c.unit, c.target, start, pauses);
  } catch (e) {
    if (!(e instanceof OutsideCalendarError)) throw e;
    issues.error("CALENDAR_NOT_COVERED", { ...(eventOf(t, c.startEvent) as TicketEvent).source, value: formatDay(e.day), ticket: t.id }, { calendar: ctx.calendar.label, clause: c.ref });
    return noClockFinding(c, t, run, "error");
  }
  const elapsed = elapsedSeconds(ctx, c.unit, start, clockEnd, pauses);

  let status: FindingStatus;
  let lateEnd: LocalSeconds | null = null;
  if (end !== undefined) {
    status = end <= due ? "met" : "late"; // finishing exactly at due is met (docs/CONTRACT.md, Clocks)
    lateEnd = end;
  } else if (inMonth && (eventAt(t, "closed") !== undefined || eventAt(t, "repaired") !== undefined)) {
    // Settled without the clause's end event: a warning, no penalty (docs/CONTRACT.md, Clocks: `missing`).
    issues.warning("FINDING_END_MISSING", { ...t.source, value: t.id, ticket: t.id }, { clause: c.ref, event: c.endEvent });
    status = "missing";
  } else {
    status = asOf <= due ? "open" : "overdue";
    if (status === "overdue") lateEnd = asOf;
  }
  const late = lateEnd !== null && (status === "late" || status === "overdue") ? safeLate(ctx, c, due, lateEnd) : null;
  let penalty = ZERO;
  // An exempt ticket is measured and shown, never charged (docs/CONTRACT.md, Money); an overdue one is charged when it settles.
  if (late && status === "late" && !t.exemption) penalty = chargedPenalty(c, t, late, run, opts, issues);
  return newFinding(c, t, run, status, due, elapsed, late, penalty);
}

/**
 * The pauses on a clause's clock, or NO_PAUSES. Not kept on the finding: kept, each paused clock's young array
 * lived as long as the month and was copied out by the scavenger (findings about 12% less CPU at 200,000 tickets
 * without it and the why-no-clock field). The trace asks again, with the same inputs. `end`: the clause's
 * end event as seen (null: none, the clock runs to as-of).
 */
function clockPauses(c: Clause, t: Ticket, start: LocalSeconds, end: LocalSeconds | null, asOf: LocalSeconds): readonly ClosedPause[] {
  if (!c.pausable || (t.pauses.length === 0 && !reopened(t))) return NO_PAUSES;
  return pausesOf(t, start, end !== null ? end : asOf, asOf);
}

/** A finding whose clock did not run (due null): its trace is a fixed sentence. */
function noClockFinding(c: Clause, t: Ticket, run: RunContext, clockStatus: FindingStatus): MeasuredFinding {
  return newFinding(c, t, run, clockStatus, null, null, null, ZERO);
}

/**
 * Why the clock of a finding without a due did not run, found again from the same inputs by measureClause's own
 * tests, in its order: not kept on the finding, one field less on millions.
 */
function noClockOf(f: MeasuredFinding): NoClock {
  const { start, end } = f;
  if (start === null) return f.run.inMonth ? "no start" : "not started";
  if (end !== null && end < start) return "end before start";
  return "no calendar";
}

/** The day the calendar lacks, for a "no calendar" finding: the due asked again, as measureClause asked it. */
function missingDayOf(f: MeasuredFinding): DayNumber {
  const { c, t } = f;
  const start = f.start as LocalSeconds;
  try {
    dueOnClock(f.run.ctx, c.unit, c.target, start, clockPauses(c, t, start, f.end, f.run.asOf));
  } catch (e) {
    if (e instanceof OutsideCalendarError) return e.day;
    throw e;
  }
  throw new Error(`finding ${t.id} ${c.ref}: the calendar covers its due`);
}

/**
 * The penalty of a late finding: the Penalty of docs/CONTRACT.md, Money, capped by the clause, rounded once. Every clause but a percent of
 * the fee charges by its count of days or hours alone, so one Dec per clause and count serves the whole month:
 * fewer decimals made. Measured against a decimal made per late finding: checking stage 2.53 s vs 3.78 s (ratio 1.49,
 * spread 1.15-1.53) (CPU time at 1,048,575 tickets, median of 4 interleaved pairs, 2026-12-06).
 */
function chargedPenalty(c: Clause, t: Ticket, late: LateMeasure, run: RunContext, opts: FindingOptions, issues: IssueList): Dec {
  const digits = run.agreement.minorDigits;
  if (c.penalty === "percent of fee") return capAndRound(c, rawPenalty(c, t, late, opts, issues), digits);
  const count = chargedCount(c, late);
  let byCount = run.penalties.get(c);
  if (!byCount) run.penalties.set(c, (byCount = new Map()));
  let penalty = byCount.get(count);
  if (penalty === undefined) byCount.set(count, (penalty = capAndRound(c, rawPenalty(c, t, late, opts, issues), digits)));
  return penalty;
}

const capAndRound = (c: Clause, raw: Dec, digits: number): Dec => roundMoney(c.cap !== null && raw.greaterThan(c.cap) ? c.cap : raw, digits);

function raw2text(c: Clause, a: Agreement): string {
  return c.penalty === "percent of fee" ? `${c.amount.times(100).toString()}%` : formatMoney(c.amount, a.minorDigits);
}

/**
 * clocks measureLate, in one record every call overwrites (LATE): measureClause reads it at once, into the finding's
 * numbers and the penalty, and keeps nothing of it — where a new measure was one more young object per late or
 * overdue finding, about a million at 1,048,575 tickets.
 */
function safeLate(ctx: ClockContext, c: Clause, due: LocalSeconds, end: LocalSeconds): LateMeasure | null {
  try {
    measureLateInto(ctx, c.unit, due, end, LATE);
    return LATE;
  } catch {
    return null; // end beyond the calendar's data: the due itself was covered, the late-by cannot be; shown without
  }
}

/** safeLate's measure: valid until its next call. */
const LATE: LateMeasure = { lateBySeconds: 0, startedDays: 0, startedHours: 0 };

/** Penalty per finding (docs/CONTRACT.md, Money), before the clause cap and rounding. */
function rawPenalty(c: Clause, t: Ticket, late: LateMeasure, opts: FindingOptions, issues: IssueList): Dec {
  switch (c.penalty) {
    case "fixed":
      return c.amount;
    case "per day":
      return c.amount.times(late.startedDays);
    case "per hour":
      return c.amount.times(late.startedHours);
    case "percent of fee": {
      const fee = opts.feeOf(t);
      if (fee === null) {
        issues.warning("PENALTY_FEE_UNKNOWN", { ...t.source, value: t.id, ticket: t.id }, { clause: c.ref });
        return ZERO;
      }
      return c.amount.times(fee);
    }
    default:
      return ZERO;
  }
}

/**
 * Pauses on this ticket's clock (docs/CONTRACT.md, Clocks): the Events pauses (an unmatched one runs to as-of), and for a reopened
 * ticket the time between each close and the next event; clipped to [start, end).
 */
function pausesOf(t: Ticket, start: LocalSeconds, end: LocalSeconds, asOf: LocalSeconds): ClosedPause[] {
  // A function of its own for the clipping, not a closure over start, end and out: that was a context and a closure
  // made for every paused clock.
  const out: ClosedPause[] = [];
  const pauses = t.pauses;
  for (let i = 0; i < pauses.length; i++) clipPause(out, pauses[i].from, pauses[i].to ?? asOf, start, end);
  // Every close but the last, by place: `closes` is read once, since a ticket read from its row hands out new events
  // on each read, and the last close is no longer the same object twice. Only a reopened ticket (more
  // than one close: reopened) reads its closes and its timeline; the others have no close but the last.
  if (!reopened(t)) return out;
  const closes = t.closes;
  for (let k = 0; k < closes.length - 1; k++) {
    const close = closes[k];
    const next = t.timeline.find((e) => e.at > close.at && e.name !== "closed") ?? closes.find((c) => c.at > close.at);
    if (next) clipPause(out, close.at, next.at, start, end);
  }
  return out;
}

/** Adds the part of [from, to) within [start, end) to `out`, when there is one. */
function clipPause(out: ClosedPause[], from: LocalSeconds, to: LocalSeconds, start: LocalSeconds, end: LocalSeconds): void {
  const f = Math.max(from, start);
  const e = Math.min(to, end);
  if (e > f) out.push({ from: asLocal(f), to: asLocal(e) });
}
