/**
 * The SLA sheet: one clause per row — Start/End events, target and unit, penalty, cap, Applies To, effective dates.
 */
import { IssueList } from "../core/issues";
import type { Clause, ClockUnit, Condition, PenaltyKind } from "../core/model";
import { eventOf } from "../core/ticketColumns";
import { Dec, ZERO } from "../core/money";
import type { ZoneClock } from "../clocks/api";
import { FIELD_INDEX, standardEvent } from "./headers";
import { normalizeHeader, normalizeText } from "./normalize";
import { cellText, coerceDay, coerceMoney, coercePercent, coercePositive, coerceYesNo, isBlank } from "./values";
import { dataRows, get, ref, type Table, take } from "./table";

const UNITS: Record<string, ClockUnit> = {
  hours: "hours", hour: "hours", h: "hours", hrs: "hours", hr: "hours", 小时: "hours", 时: "hours",
  workinghours: "working hours", workinghour: "working hours", wh: "working hours", businesshours: "working hours", 工作小时: "working hours", 工作时: "working hours",
  days: "days", day: "days", d: "days", 天: "days", 日: "days", 自然日: "days", calendardays: "days",
  workingdays: "working days", workingday: "working days", wd: "working days", businessdays: "working days", 工作日: "working days", 个工作日: "working days",
};

const PENALTIES: Record<string, PenaltyKind> = {
  fixed: "fixed", pertime: "fixed", peroccurrence: "fixed", perincident: "fixed", each: "fixed", 每次: "fixed", 固定: "fixed", 按次: "fixed",
  perday: "per day", daily: "per day", 每天: "per day", 每日: "per day", 按天: "per day", 按日: "per day",
  perhour: "per hour", hourly: "per hour", 每小时: "per hour", 按小时: "per hour",
  percentoffee: "percent of fee", "%offee": "percent of fee", percent: "percent of fee", 按服务费比例: "percent of fee", 服务费比例: "percent of fee", 比例: "percent of fee",
  none: "none", 无: "none", "-": "none", 不适用: "none",
};

/** A clause's Start/End: a standard event, a Tickets header, or a custom event of the Events sheet. */
function resolveEventName(text: string, ticketHeaders: Set<string>, custom: Set<string>): string | null {
  const std = standardEvent(text);
  if (std && std !== "paused" && std !== "resumed") return std;
  const key = normalizeHeader(text);
  if (ticketHeaders.has(key) || custom.has(key)) return key;
  return null;
}

export function readClauses(t: Table, ticketHeaders: Set<string>, customEvents: Set<string>, zone: ZoneClock | null, issues: IssueList): Clause[] {
  const clauses: Clause[] = [];
  for (const r of dataRows(t)) {
    const before = issues.items.length;
    const refText = cellText(get(t, r, "clause")).trim();
    if (!refText) {
      issues.error("CLAUSE_REF_MISSING", { ...ref(t, r, "clause") });
      continue;
    }
    const eventOf = (field: "start" | "end") => {
      const text = cellText(get(t, r, field)).trim();
      const name = text ? resolveEventName(text, ticketHeaders, customEvents) : null;
      if (!name) issues.error("CLAUSE_EVENT_UNKNOWN", { ...ref(t, r, field), value: text }, { clause: refText });
      return name;
    };
    const startEvent = eventOf("start");
    const endEvent = eventOf("end");
    const target = take(t, r, "target", coercePositive, issues, { required: true });
    const unitText = cellText(get(t, r, "unit"));
    const unit = UNITS[normalizeText(unitText)];
    if (!unit) issues.error("UNIT_UNKNOWN", { ...ref(t, r, "unit"), value: unitText }, { clause: refText });
    const penaltyText = cellText(get(t, r, "penalty"));
    const penalty: PenaltyKind | undefined = isBlank(get(t, r, "penalty")) ? "none" : PENALTIES[normalizeText(penaltyText)];
    if (!penalty) issues.error("PENALTY_KIND_UNKNOWN", { ...ref(t, r, "penalty"), value: penaltyText }, { clause: refText });
    let amount: Dec | null = ZERO;
    if (penalty && penalty !== "none") {
      amount = penalty === "percent of fee"
        ? take(t, r, "amount", coercePercent, issues, { required: true })
        : take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    }
    const cap = take(t, r, "cap", (c) => coerceMoney(c), issues);
    const pausable = take(t, r, "pausable", coerceYesNo, issues) ?? true;
    const effectiveFrom = take(t, r, "effectiveFrom", (c) => coerceDay(c, zone), issues);
    const effectiveTo = take(t, r, "effectiveTo", (c) => coerceDay(c, zone), issues);
    const appliesTo = parseAppliesTo(t, r, ticketHeaders, issues, refText);
    if (effectiveFrom !== null && effectiveTo !== null && effectiveTo < effectiveFrom) {
      issues.error("EFFECTIVE_PERIOD_INVALID", { ...ref(t, r, "effectiveTo"), value: cellText(get(t, r, "effectiveTo")) }, { clause: refText });
    }
    if (issues.items.slice(before).some((i) => i.severity === "error") || !startEvent || !endEvent || !unit || !penalty || target === null || amount === null || appliesTo === null) {
      continue; // the clause is left out; its errors say why
    }
    const clause: Clause = {
      ref: refText, name: cellText(get(t, r, "name")).trim(), appliesTo, startEvent, endEvent, target, unit, penalty, amount, cap,
      pausable, effectiveFrom, effectiveTo, source: ref(t, r, "clause"),
    };
    // One clause reference may be amended over time, but its effective periods must not overlap.
    const overlapping = clauses.find(
      (c) => c.ref === clause.ref &&
        (c.effectiveFrom ?? -Infinity) <= (clause.effectiveTo ?? Infinity) &&
        (clause.effectiveFrom ?? -Infinity) <= (c.effectiveTo ?? Infinity),
    );
    if (overlapping) {
      issues.error("CLAUSE_PERIOD_OVERLAP", { ...clause.source, value: refText }, { other: overlapping.source.cell });
      continue;
    }
    clauses.push(clause);
  }
  return clauses;
}

/** `service=onsite|上门; category=urgent` → conditions (AND of ORs). Fields: canonical ticket fields or Tickets headers. */
function parseAppliesTo(t: Table, r: number, ticketHeaders: Set<string>, issues: IssueList, clause: string): Condition[] | null {
  const cell = get(t, r, "appliesTo");
  if (isBlank(cell)) return [];
  const text = cellText(cell);
  const where = { ...ref(t, r, "appliesTo"), value: text };
  const out: Condition[] = [];
  for (const part of text.normalize("NFKC").split(/[;；]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) {
      issues.error("APPLIES_TO_UNREADABLE", where, { clause });
      return null;
    }
    const key = normalizeHeader(m[1]);
    const canonical = FIELD_INDEX.tickets.get(key);
    const field = canonical ?? (ticketHeaders.has(key) ? key : null);
    if (!field) {
      issues.error("APPLIES_TO_FIELD_UNKNOWN", where, { clause, field: m[1].trim() });
      return null;
    }
    out.push({ field, values: m[2].split(/[|｜]/).map((v) => normalizeText(v)).filter(Boolean) });
  }
  return out;
}

/** A clause's Unit as people write it (`h`, `wh`, `工作日`, …) → the clock unit, or null when it is none of them. */
export function parseClockUnit(text: string): ClockUnit | null {
  return UNITS[normalizeText(text.trim())] ?? null;
}
