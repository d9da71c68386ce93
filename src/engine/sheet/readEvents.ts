/**
 * The Events sheet: further events of tickets already read — an event here overrides the same event in Tickets (a
 * conflict is a warning), pauses and resumes become pause intervals, repeated closes make a reopened ticket.
 */
import type { Cell } from "../core/cells";
import { IssueList } from "../core/issues";
import type { CellRef, PauseInterval } from "../core/model";
import { eventOf, listsOf } from "../core/ticketColumns";
import type { LocalSeconds } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { standardEvent } from "./headers";
import { normalizeHeader } from "./normalize";
import { cellText, coerceDateTime, plainDateTimeSeconds } from "./values";
import { TicketIndex } from "./readTickets";
import { get, headerOf, isRecord, ref, type Table, take } from "./table";

/** Events that measure a first occurrence keep the earliest; completion events keep the latest (after a reopen). */
const KEEP_LATEST = new Set(["repaired", "returned", "diagnosed"]);

type PauseMark = { kind: "paused" | "resumed"; at: LocalSeconds; source: CellRef };

/** Pause marks in time order, a resume before a pause at the same instant. */
function byMarkTime(a: PauseMark, b: PauseMark): number {
  return a.at - b.at || (a.kind === "resumed" ? -1 : 1);
}

export function applyEvents(t: Table, tickets: TicketIndex, zone: ZoneClock | null, issues: IssueList): void {
  // Each ticket's pause marks, by its entry (1 + the place of its list, 0: none), and the lists in the order their
  // tickets were first marked (the order of their issues): an array index, not a Map of the IDs.
  const marksAt = new Int32Array(tickets.slots.length);
  const markLists: PauseMark[][] = [];
  const markEntries: number[] = [];
  const fromEvents = new Map<string, Set<string>>();
  const dateTime = (c: Cell) => coerceDateTime(c, zone);
  // Columns looked up once, and dataRows without a generator step per row.
  const rows = t.sheet.rows;
  const recordColumns = Object.values(t.columns);
  const idCol = t.columns.ticket;
  const eventCol = t.columns.event;
  const atCol = t.columns.at;
  for (let r = t.headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || !isRecord(row, recordColumns)) continue;
    const id = cellText(idCol === undefined ? null : (row[idCol] ?? null)).trim();
    if (!id) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    const entry = tickets.entryOf(id);
    if (entry < 0) {
      issues.warning("EVENT_TICKET_UNKNOWN", { ...ref(t, r, "ticket"), value: id });
      continue;
    }
    const ticket = tickets.slots[entry];
    if (!ticket) continue; // duplicate id: already reported and left out
    const nameText = cellText(eventCol === undefined ? null : (row[eventCol] ?? null)).trim();
    if (!nameText) {
      issues.error("VALUE_MISSING", { ...ref(t, r, "event"), ticket: id }, { field: "event", header: headerOf(t, "event") });
      ticket.hasErrors = true;
      continue;
    }
    const name = standardEvent(nameText) ?? normalizeHeader(nameText);
    // A plain date-time is read directly; anything else through take, which reads and reports it.
    const plain = plainDateTimeSeconds(atCol === undefined ? null : (row[atCol] ?? null));
    const at = plain === plain ? (plain as LocalSeconds) : take(t, r, "at", dateTime, issues, { required: true, ticket: id });
    if (at === null) {
      ticket.hasErrors = true;
      continue;
    }
    const source = ref(t, r, "at");
    if (name === "paused" || name === "resumed") {
      const mark: PauseMark = { kind: name, at, source };
      const place = marksAt[entry];
      if (place > 0) markLists[place - 1].push(mark);
      else {
        marksAt[entry] = markLists.push([mark]);
        markEntries.push(entry);
      }
      continue;
    }
    tickets.finished[entry] = 0; // its events change below: finishTicket looks again
    if (name === "closed") {
      (listsOf(ticket).closes ??= []).push({ name, at, source });
      continue;
    }
    const seen = fromEvents.get(id) ?? new Set<string>();
    fromEvents.set(id, seen);
    // Read without making the ticket's record; written through `events`, which makes it: the ticket keeps it.
    const existing = eventOf(ticket, name);
    if (existing && seen.has(name)) {
      // Several occurrences in the Events sheet: first response, last repair.
      if (KEEP_LATEST.has(name) ? at > existing.at : at < existing.at) ticket.events[name] = { name, at, source };
      (listsOf(ticket).repeats ??= []).push({ name, at, source });
      continue;
    }
    if (existing && existing.at !== at) {
      // Events sheet (docs/CONTRACT.md, Input sheets): an event here overrides the same event in Tickets, and the conflict is a warning.
      issues.warning("EVENT_CONFLICT", { ...source, value: cellText(get(t, r, "at")), ticket: id }, { event: name, other: `${existing.source.sheet}!${existing.source.cell}` });
    }
    ticket.events[name] = { name, at, source };
    seen.add(name);
  }
  for (let k = 0; k < markLists.length; k++) {
    const ticket = tickets.slots[markEntries[k]];
    if (!ticket) continue;
    const id = ticket.id;
    const marks = markLists[k];
    // Marks already in order (the usual pause, then resume) are left as sort would leave them, without the work
    // arrays sort makes on every call (some 17 MB at 200,000 tickets).
    if (!inOrder(marks)) marks.sort(byMarkTime);
    let open: { at: LocalSeconds; source: CellRef } | null = null;
    const pauses: PauseInterval[] = [];
    for (const m of marks) {
      if (m.kind === "paused") {
        if (open) issues.warning("PAUSE_ALREADY_OPEN", { ...m.source, ticket: id }, { since: open.source.cell });
        else open = { at: m.at, source: m.source };
      } else if (!open) {
        issues.warning("RESUME_WITHOUT_PAUSE", { ...m.source, ticket: id });
      } else {
        pauses.push({ from: open.at, to: m.at, source: open.source });
        open = null;
      }
    }
    // An unmatched pause runs to the end of the settlement month (docs/CONTRACT.md, Input sheets: Events); findings resolves it.
    if (open) pauses.push({ from: open.at, to: null, source: open.source } as PauseInterval);
    if (pauses.length) ticket.pauses = pauses;
  }
}

/** Whether sort(byMarkTime) would leave `marks` as they are: each mark no earlier than the one before. */
function inOrder(marks: readonly PauseMark[]): boolean {
  for (let k = 1; k < marks.length; k++) if (byMarkTime(marks[k], marks[k - 1]) < 0) return false;
  return true;
}
