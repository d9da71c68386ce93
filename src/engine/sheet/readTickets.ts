/**
 * The Tickets sheet: one ticket per row, its event cells kept in columns (TicketColumns) rather than an object each,
 * the IDs in TicketIndex; and the closes and order checks of each ticket once the Events sheet is in.
 */
import { type Cell, cellAddress } from "../core/cells";
import { type Issue, IssueList } from "../core/issues";
import {
  type Agreement, type CellRef, type PauseInterval, STANDARD_EVENTS, type Ticket, type TicketEvent,
} from "../core/model";
import {
  cellEvent, ColumnTicket, eventOf, listsOf, newEventRecord, type SheetColumn, TicketColumns, type TicketLists,
} from "../core/ticketColumns";
import { Dec, minorUnits, ZERO } from "../core/money";
import { asDay, type DayNumber, type LocalSeconds, SECONDS_PER_DAY } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { normalizeText } from "./normalize";
import {
  cellText, coerceDateTime, coerceDay, coerceMoney, isBlank, plainDateTimeSeconds, plainMoney, plainMoneyUnits,
} from "./values";
import { ProviderNames } from "./providerVariants";
import { codeFor, get, isRecord, ref, type Table, take } from "./table";

const TICKET_EVENT_FIELDS = STANDARD_EVENTS as readonly string[];

const WARRANTY: Record<string, "in" | "out"> = {
  in: "in", inwarranty: "in", 保内: "in", 在保: "in", yes: "in", y: "in", 是: "in", true: "in",
  out: "out", outofwarranty: "out", 保外: "out", 过保: "out", no: "out", n: "out", 否: "out", false: "out",
};

const OUTCOMES: Record<string, Ticket["outcome"]> = {
  done: "done", completed: "done", 完成: "done", 已完成: "done", 正常: "done",
  unperformed: "unperformed", notperformed: "unperformed", 未履行: "unperformed", 未完成: "unperformed",
  cancelled: "cancelled", canceled: "cancelled", 已取消: "cancelled", 取消: "cancelled",
};

type TicketSlot = RowTicket | null; // null: a duplicate id, left out

/**
 * Ticket IDs → their tickets, in the order first read. Not a Map of the IDs: V8 hashes each new ID in a runtime
 * call, and each probe compares against other IDs' strings scattered over the heap — a cache miss apiece. Here
 * each ID is hashed once in plain code and probes compare hashes kept side by side in one typed array (open
 * addressing, at most half full); a string is compared only when its hash matches. Measured: reading stage 5.0 s
 * with this table vs 7.5 s with a Map<string, number> (CPU time at 1,048,575 tickets, median of 3 interleaved
 * pairs, 2026-12-06).
 */
export class TicketIndex {
  /** Pairs (hash, entry + 1); entry + 1 = 0: a free place. */
  private readonly table: Int32Array;
  private readonly mask: number;
  readonly ids: string[] = [];
  /** By entry, in the order the IDs were first read. */
  readonly slots: TicketSlot[] = [];
  /**
   * By entry, 1 for a ticket finishTicket has nothing to do for: as read from its row, Reported is there and no
   * other standard event precedes it, and the Events sheet has not changed its events since. A month's tickets
   * are mostly such; finishing them would read each ticket and its events once more.
   */
  readonly finished: Uint8Array;

  /** For a sheet of `rowCount` rows: they bound its IDs, so the table, sized to stay at most half full, never grows. */
  constructor(rowCount: number) {
    this.finished = new Uint8Array(rowCount);
    let places = 1024;
    while (places < 2 * rowCount) places *= 2;
    this.mask = places - 1;
    this.table = new Int32Array(2 * places);
  }

  /** The ticket of an ID (null: a duplicate, left out), or undefined for an ID never read. */
  get(id: string): TicketSlot | undefined {
    const entry = this.entryOf(id);
    return entry < 0 ? undefined : this.slots[entry];
  }

  /**
   * The IDs from this entry on are not in the table yet: each was greater than every ID before it, so new for sure.
   * A month's IDs mostly come in ascending order; they are placed together when next looked up, where the probes,
   * each a cache miss, overlap, instead of one stalled probe in every row of readTickets.
   */
  private unplaced = 0;
  /** The greatest ID read. */
  private greatest = "";

  /**
   * The entry of an ID, or -1 for an ID never read. The ascending IDs not yet placed are searched where they stand,
   * from the last one found: the Events sheet mostly lists its tickets in the Tickets sheet's order, and placing a
   * million IDs for its lookups was one cache miss apiece (placeAll, some 0.16 s at 1,048,575 tickets).
   */
  entryOf(id: string): number {
    const ids = this.ids;
    const start = this.unplaced;
    if (start < ids.length && id >= ids[start] && id <= this.greatest) return this.findAscending(id);
    return start === 0 ? -1 : this.find(id, hashId(id)); // nothing placed yet: an empty table
  }

  /** Where the last findAscending found its ID (an entry at or past `unplaced`, when that is still so). */
  private finger = 0;

  /**
   * The entry of `id` among the IDs from `unplaced` on (strictly ascending: see `unplaced`), or -1: a gallop from
   * the finger, then a binary search. Strings compare by UTF-16 code units, as `>` in enter did.
   */
  private findAscending(id: string): number {
    const ids = this.ids;
    const start = this.unplaced;
    const end = ids.length;
    let f = this.finger;
    if (f < start || f >= end) f = start;
    const at = ids[f];
    if (at === id) return f;
    // The first entry in [lo, hi) whose ID is not less than `id` is the only place it can be.
    let lo: number;
    let hi: number;
    if (at < id) {
      let prev = f;
      let step = 1;
      let p = f + 1;
      while (p < end && ids[p] < id) {
        prev = p;
        step *= 2;
        p = f + step;
      }
      lo = prev + 1;
      hi = p < end ? p : end;
    } else {
      let prev = f;
      let step = 1;
      let p = f - 1;
      while (p >= start && ids[p] > id) {
        prev = p;
        step *= 2;
        p = f - step;
      }
      lo = p >= start ? p : start;
      hi = prev;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && ids[lo] === id) {
      this.finger = lo;
      return lo;
    }
    return -1;
  }

  /** The entry of an ID already read; otherwise -1, the ID added with `slot`. */
  enter(id: string, slot: TicketSlot): number {
    if (this.ids.length === 0 || id > this.greatest) {
      this.greatest = id;
    } else {
      if (this.unplaced < this.ids.length) this.placeAll();
      const hash = hashId(id);
      const entry = this.find(id, hash);
      if (entry >= 0) return entry;
      this.place(hash, this.ids.length);
      this.unplaced = this.ids.length + 1;
    }
    this.ids.push(id);
    this.slots.push(slot);
    return -1;
  }

  private placeAll(): void {
    const ids = this.ids;
    for (let entry = this.unplaced; entry < ids.length; entry++) this.place(hashId(ids[entry]), entry);
    this.unplaced = ids.length;
  }

  private find(id: string, hash: number): number {
    const table = this.table;
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const entry = table[2 * at + 1] - 1;
      if (entry < 0) return -1;
      if (table[2 * at] === hash && this.ids[entry] === id) return entry;
    }
  }

  private place(hash: number, entry: number): void {
    const table = this.table;
    let at = hash & this.mask;
    while (table[2 * at + 1] !== 0) at = (at + 1) & this.mask;
    table[2 * at] = hash;
    table[2 * at + 1] = entry + 1;
  }
}

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so that the low bits spread. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A step of readTickets' text cells: one value of one column, after the values of the columns before it. */
interface TextStep {
  /** The next column's values → their steps. */
  next: Map<Cell, TextStep> | null;
  /** The cell's text (what an issue quotes), and trimmed. */
  readonly text: string;
  readonly trimmed: string;
  /** The text normalised (docs/CONTRACT.md, Input sheets); null for a blank cell. */
  readonly norm: string | null;
  /** On the last column's step: the fields record of the tickets whose cells took these steps. */
  record: Record<string, string> | null;
}

/** The closes and pauses of most tickets: none. Frozen, so a push meant for one ticket cannot reach the others. */
const NONE = Object.freeze([]) as unknown as never[];

const STANDARD_EVENT_SET = new Set<string>(STANDARD_EVENTS);

/** What a ticket read from its row holds (the getters of RowTicket add the rest). */
interface RowTicketFields {
  /** Its sheet's event cells and rows (ColumnTicket), and its place there. */
  readonly store: TicketColumns;
  readonly entry: number;
  id: string;
  provider: string;
  fields: Record<string, string>;
  warranty: Ticket["warranty"];
  purchased: Ticket["purchased"];
  /** Its own events record, when it keeps one (see ColumnTicket); null: its events are its cells in `store`. */
  record: Record<string, TicketEvent> | null;
  labour: Ticket["labour"];
  parts: Ticket["parts"];
  shipping: Ticket["shipping"];
  loss: Ticket["loss"];
  outcome: Ticket["outcome"];
  exemption: string;
  pauses: PauseInterval[];
  /** Its closes and repeats from the Events sheet, and a timeline kept, when it has any (see TicketLists); else null. */
  lists: TicketLists | null;
  hasErrors: boolean;
  moneyErrors: readonly Issue[] | null;
}

/** The errors of a ticket's warranty (items[from, to)) and money cells (items[moneyFrom, end)); null when none. */
function moneyErrorsOf(items: readonly Issue[], from: number, to: number, moneyFrom: number): readonly Issue[] | null {
  const errors: Issue[] = [];
  for (let k = from; k < items.length; k++) if ((k < to || k >= moneyFrom) && items[k].severity === "error") errors.push(items[k]);
  return errors.length > 0 ? errors : null;
}

/**
 * A ticket read from its Tickets row; its `source` (the ID cell, "Tickets!A7") is written only when cited, and its
 * events stay in its sheet's TicketColumns until something asks for the record.
 */
export class RowTicket extends ColumnTicket implements Ticket {
  id: string;
  provider: string;
  fields: Record<string, string>;
  warranty: Ticket["warranty"];
  purchased: Ticket["purchased"];
  labour: Ticket["labour"];
  parts: Ticket["parts"];
  shipping: Ticket["shipping"];
  loss: Ticket["loss"];
  outcome: Ticket["outcome"];
  exemption: string;
  pauses: PauseInterval[] = NONE;
  hasErrors = false;
  moneyErrors: readonly Issue[] | null = null;

  constructor(v: Omit<RowTicketFields, "pauses" | "lists" | "hasErrors" | "moneyErrors">) {
    super(v.store, v.entry, v.record);
    this.id = v.id;
    this.provider = v.provider;
    this.fields = v.fields;
    this.warranty = v.warranty;
    this.purchased = v.purchased;
    this.labour = v.labour;
    this.parts = v.parts;
    this.shipping = v.shipping;
    this.loss = v.loss;
    this.outcome = v.outcome;
    this.exemption = v.exemption;
  }

  /**
   * The ticket's events. Its record is made from its cells when first read here, and kept: what is written to it
   * stays, as on any Ticket. The engine's own readers ask eventAt / eventOf, which make no record.
   */
  get events(): Record<string, TicketEvent> {
    return (this.record ??= this.store.recordOf(this.entry));
  }
  set events(record: Record<string, TicketEvent>) {
    this.record = record;
  }
  /**
   * Every close in time order. A ticket closed only on its Tickets row — nearly every ticket — keeps no list: its
   * one close is its `closed` cell, handed out in a new array, as a new event, on each read. Readers that
   * only ask whether it was reopened ask `reopened` (core/ticketColumns), which makes neither.
   */
  get closes(): TicketEvent[] {
    const list = this.lists?.closes;
    if (list) return list;
    const closed = eventOf(this, "closed");
    return closed ? [closed] : NONE;
  }
  set closes(list: TicketEvent[]) {
    listsOf(this).closes = list;
  }
  /** The row the ticket was read from. */
  get row(): number {
    return this.store.rowOf(this.entry);
  }
  get source(): CellRef {
    const id = this.store.idColumn;
    return { sheet: id.sheet, cell: cellAddress(this.row, id.col) };
  }
  /**
   * Built when read (only the pauses of a reopened ticket read it — docs/CONTRACT.md, Clocks — and the order checks of one with an event
   * before Reported): most tickets never need it. Kept for a ticket with a record of its own; one whose
   * events are in columns builds it on each read, so its events are not made and kept as objects.
   */
  get timeline(): TicketEvent[] {
    const kept = this.lists?.line;
    if (kept) return kept;
    const line = timelineOf(this);
    if (this.record !== null) listsOf(this).line = line;
    return line;
  }
  set timeline(line: TicketEvent[]) {
    listsOf(this).line = line;
  }
}

/** Every occurrence of every event from both sheets, in time order; read once both sheets are in. */
function timelineOf(t: RowTicket): TicketEvent[] {
  // The record as `events` would give it, not kept: reading the timeline does not change where the events are.
  const events = t.record ?? t.store.recordOf(t.entry);
  const timeline = [...Object.values(events).filter((e) => e.name !== "closed"), ...t.closes];
  // The common ticket: one occurrence of each event, nothing to de-duplicate.
  const repeats = t.lists?.repeats;
  if (!repeats) return timeline.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return [...timeline, ...repeats]
    .filter((e) => {
      const k = `${e.name}@${e.at}@${e.source.sheet}!${e.source.cell}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.at - b.at);
}

export function readTickets(
  t: Table, agreement: Agreement, customEventColumns: Map<string, number>, zone: ZoneClock | null, issues: IssueList,
  providerNames: ProviderNames,
): TicketIndex {
  const tickets = new TicketIndex(t.sheet.rows.length);
  // The first row of an ID seen twice (its ticket is then left out, as null); every other first row is its
  // ticket's own, so only duplicates come in here (half of this loop's own time was hash lookups).
  const firstRowOfDuplicate = new Map<string, number>();
  const recognisedColumns = new Set(Object.values(t.columns));
  // Columns looked up once per sheet, not by name in every row: the text fields Applies To can test,
  // then the other headers (usable by Applies To as well) — the order a ticket's fields record is written in.
  const fieldKeys: string[] = [];
  const fieldCols: number[] = [];
  for (const f of ["provider", "category", "service", "warranty", "outcome"]) {
    if (t.columns[f] !== undefined) {
      fieldKeys.push(f);
      fieldCols.push(t.columns[f]);
    }
  }
  for (const [key, col] of t.byHeader) {
    if (!recognisedColumns.has(col)) {
      fieldKeys.push(key);
      fieldCols.push(col);
    }
  }
  const providerAt = fieldKeys.indexOf("provider");
  const warrantyAt = fieldKeys.indexOf("warranty");
  const outcomeAt = fieldKeys.indexOf("outcome");
  const sheet = t.sheet.name;
  const idCol = t.columns.ticket;
  const idColumn: SheetColumn = { name: "ticket", sheet, col: idCol ?? 0 };
  // A standard event whose column is missing is never read (take would return null for every row).
  const eventColumns: SheetColumn[] = [];
  for (const name of TICKET_EVENT_FIELDS) {
    const col = t.columns[name];
    if (col !== undefined) eventColumns.push({ name, sheet, col });
  }
  // The event cells, kept in columns rather than an object each; a row's instants, as read, beside them
  // for the rare ticket that keeps a record of its own (NaN: none).
  // Parts amounts kept in minor units beside them, for fees (core/ticketColumns partsUnitsOf).
  const digits = agreement.minorDigits;
  const store = new TicketColumns(idColumn, eventColumns, t.sheet.rows.length, digits);
  const partsUnits = store.partsUnits;
  const zeroUnits = minorUnits(ZERO, digits);
  const rowAts = new Float64Array(eventColumns.length);
  // One coercer each for the whole sheet, not a closure per cell.
  const dateTime = (c: Cell) => coerceDateTime(c, zone);
  const day = (c: Cell) => coerceDay(c, zone);
  const money = (c: Cell) => coerceMoney(c);
  // A cell that reads cleanly is taken as it stands, through a direct call that makes no result object; anything
  // else (blank text, another shape, a bad value) goes through `take`, which reads and reports it exactly as
  // before. A million rows' cells.
  const purchasedCol = t.columns.purchased;
  const purchasedOf = (row: readonly Cell[], r: number, id: string): DayNumber | null => {
    const cell = purchasedCol === undefined ? undefined : row[purchasedCol];
    if (cell === undefined || cell === null) return null;
    const seconds = plainDateTimeSeconds(cell);
    return seconds === seconds ? asDay(Math.floor(seconds / SECONDS_PER_DAY)) : take(t, r, "purchased", day, issues, { ticket: id });
  };
  const moneyOf = (row: readonly Cell[], r: number, field: string, col: number | undefined, id: string): Dec | null => {
    const cell = col === undefined ? undefined : row[col];
    if (cell === undefined || cell === null) return null;
    return plainMoney(cell) ?? take(t, r, field, money, issues, { ticket: id });
  };
  /** moneyOf the parts cell, its minorUnits written at partsUnits[entry]: from the memo (plainMoneyUnits) for a number. */
  const partsOf = (row: readonly Cell[], r: number, id: string, entry: number): Dec | null => {
    const cell = partsCol === undefined ? undefined : row[partsCol];
    if (cell === undefined || cell === null) {
      partsUnits[entry] = zeroUnits;
      return null;
    }
    const plain = plainMoneyUnits(cell, digits, partsUnits, entry);
    if (plain !== null) return plain;
    const parts = take(t, r, "parts", money, issues, { ticket: id });
    // A "-0" text reads as a negative zero, whose units (-0) partsUnitsOf would give as 0: left to the decimal.
    const units = minorUnits(parts ?? ZERO, digits);
    partsUnits[entry] = units === 0 && 1 / units < 0 ? NaN : units;
    return parts;
  };
  const [labourCol, partsCol, shippingCol, lossCol, exemptionCol] = ["labour", "parts", "shipping", "loss", "exemption"].map((f) => t.columns[f]);
  // Category, service, provider… repeat on every row: one normalised string per distinct value, not per cell.
  const normalised = new Map<string, string>();
  const norm = (text: string): string => {
    let n = normalised.get(text);
    if (n === undefined) {
      if (normalised.size >= 65_536) normalised.clear();
      normalised.set(text, (n = normalizeText(text)));
    }
    return n;
  };
  // Provider, category, service… take a few combinations over a month. A row's text cells walk a trie by their
  // values as they stand: what each value reads as is worked out once, when its step is made, and the
  // last step keeps the one frozen fields record the tickets with those values share. A column of values unique
  // to each ticket would grow it without end: it starts over past 65,536 steps. Measured against reading each row's
  // text cells and making a fields record per ticket: reading stage 4.08 s vs 5.26 s (ratio 1.33, spread 1.14-1.37)
  // (CPU time at 1,048,575 tickets, median of 4 interleaved pairs, 2026-12-06).
  const stepOf = (cell: Cell): TextStep => {
    const text = cellText(cell);
    return { next: null, text, trimmed: text.trim(), norm: isBlank(cell) ? null : norm(text), record: null };
  };
  let root = stepOf(null);
  let steps = 0;
  const path: TextStep[] = fieldKeys.map(() => root);
  /** The fields record of the row whose steps `path` holds, written as it always was: fields in column order, then the provider. */
  const recordOf = (provider: string): Record<string, string> => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < fieldKeys.length; i++) {
      const value = path[i].norm;
      if (value !== null) fields[fieldKeys[i]] = value;
    }
    fields.provider = norm(provider);
    return Object.freeze(fields);
  };
  const rows = t.sheet.rows;
  const recordColumns = Object.values(t.columns);
  for (let r = t.headerRow + 1; r < rows.length; r++) {
    const row = rows[r];
    if (!row || !isRecord(row, recordColumns)) continue; // dataRows, without a generator step per row
    const id = cellText(idCol === undefined ? null : (row[idCol] ?? null)).trim();
    if (!id) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    // A new ID takes its entry now (its ticket is written there at the end of the row); one seen before keeps its own.
    const seen = tickets.enter(id, null);
    if (seen >= 0) {
      // Duplicate ticket IDs (docs/CONTRACT.md, Input sheets): both rows reported and left out.
      const earlier = tickets.slots[seen];
      if (earlier !== null) firstRowOfDuplicate.set(id, store.rowOf(earlier.entry));
      const first = ref(t, firstRowOfDuplicate.get(id) as number, "ticket");
      const idRef = ref(t, r, "ticket");
      if (earlier !== null) issues.error("DUPLICATE_TICKET", { ...first, value: id, ticket: id }, { other: idRef.cell });
      issues.error("DUPLICATE_TICKET", { ...idRef, value: id, ticket: id }, { other: first.cell });
      tickets.slots[seen] = null;
      continue;
    }
    const entry = tickets.slots.length - 1;
    const before = issues.items.length;
    if (steps >= 65_536) {
      root = stepOf(null);
      steps = 0;
    }
    let step = root;
    for (let i = 0; i < fieldCols.length; i++) {
      const cell = row[fieldCols[i]] ?? null;
      const byCell = (step.next ??= new Map());
      let child = byCell.get(cell);
      if (child === undefined) {
        byCell.set(cell, (child = stepOf(cell)));
        steps += 1;
      }
      path[i] = step = child;
    }
    const written = providerAt < 0 ? "" : path[providerAt].trimmed;
    const provider = (written && providerNames.note(written, () => `${sheet}!${cellAddress(r, fieldCols[providerAt])}`)) || agreement.provider;
    const fields = (step.record ??= recordOf(provider));

    store.setRow(entry, r);
    // Reported, and the earliest other (standard) event: whether finishTicket will find anything (`finished`).
    let reportedAt = NaN;
    let earliest = Infinity;
    // An instant the columns cannot hold (TicketColumns.put): the ticket keeps a record of its own.
    let unfit = false;
    for (let k = 0; k < eventColumns.length; k++) {
      const column = eventColumns[k];
      const cell = row[column.col];
      rowAts[k] = NaN;
      if (cell === undefined || cell === null) continue;
      let at: number | null = plainDateTimeSeconds(cell);
      if (at !== at) at = take(t, r, column.name, dateTime, issues, { ticket: id }); // NaN: not a plain shape
      if (at === null) continue;
      rowAts[k] = at;
      if (!store.put(entry, k, at)) unfit = true;
      if (column.name === "reported") reportedAt = at;
      else if (at < earliest) earliest = at;
    }
    let record: Record<string, TicketEvent> | null = null;
    if (unfit) record = recordOfRow(eventColumns, rowAts, r);
    for (const [name, col] of customEventColumns) {
      const cell = row[col] ?? null;
      if (isBlank(cell)) continue;
      const at = coerceDateTime(cell, zone);
      const where = { sheet, cell: cellAddress(r, col), value: cellText(cell), ticket: id };
      if (at.ok) (record ??= recordOfRow(eventColumns, rowAts, r))[name] = { name, at: at.value, source: { sheet: where.sheet, cell: where.cell } };
      else issues.error(codeFor(at.expected), where, { expected: at.expected, field: name });
    }
    // A record holds every event of its ticket: the columns then hold none of them.
    if (record !== null) store.clear(entry);
    if (reportedAt !== reportedAt && isBlank(get(t, r, "reported"))) issues.error("REPORTED_MISSING", { ...ref(t, r, "reported"), ticket: id });

    // Errors so far are in the ticket's events: they stop its clocks. Warranty, purchase date and the money cells
    // below only price it: an error there leaves the ticket out of the money, its findings stay (moneyErrors).
    let clockErrors = issues.hasErrorsSince(before);
    const warrantyFrom = issues.items.length;
    let warranty: Ticket["warranty"] = null;
    const w = warrantyAt < 0 ? null : path[warrantyAt];
    if (w !== null && w.norm !== null) {
      warranty = WARRANTY[w.norm] ?? null;
      if (!warranty) issues.error("WARRANTY_UNREADABLE", { ...ref(t, r, "warranty"), value: w.text, ticket: id });
    }
    const outcomeFrom = issues.items.length;
    let outcome: Ticket["outcome"] = "done";
    const o = outcomeAt < 0 ? null : path[outcomeAt];
    if (o !== null && o.norm !== null) {
      const known = OUTCOMES[o.norm];
      if (known) outcome = known;
      else issues.error("OUTCOME_UNKNOWN", { ...ref(t, r, "outcome"), value: o.text, ticket: id });
    }
    if (issues.hasErrorsSince(outcomeFrom)) clockErrors = true; // the outcome decides whether clocks run at all
    const moneyFrom = issues.items.length;
    // Read in this order (purchased, then the money columns): the order of their issues.
    const purchased = purchasedOf(row, r, id);
    const labour = moneyOf(row, r, "labour", labourCol, id);
    const parts = partsOf(row, r, id, entry);
    const shipping = moneyOf(row, r, "shipping", shippingCol, id);
    const loss = moneyOf(row, r, "loss", lossCol, id);
    const ticket = new RowTicket({
      store, entry, id, provider, fields, warranty, purchased, record, labour, parts, shipping, loss, outcome,
      exemption: cellText(exemptionCol === undefined ? null : (row[exemptionCol] ?? null)).trim(),
    });
    ticket.hasErrors = clockErrors;
    if (issues.hasErrorsSince(warrantyFrom)) ticket.moneyErrors = moneyErrorsOf(issues.items, warrantyFrom, outcomeFrom, moneyFrom);
    tickets.slots[entry] = ticket;
    // Custom events (the loop above) are never standard ones, so never counted here (see someBefore).
    if (reportedAt === reportedAt && !(earliest < reportedAt)) tickets.finished[entry] = 1;
  }
  return tickets;
}

/** The events record of a ticket whose row's instants are `ats` (NaN: none), as it was always built: columns in order. */
function recordOfRow(columns: readonly SheetColumn[], ats: Float64Array, row: number): Record<string, TicketEvent> {
  const record = newEventRecord();
  for (let k = 0; k < columns.length; k++) if (ats[k] === ats[k]) record[columns[k].name] = cellEvent(columns[k], ats[k] as LocalSeconds, row);
  return record;
}

/** Closes and order checks once both sheets are in (the timeline is built when first read). */
export function finishTicket(t: TicketSlot, issues: IssueList): void {
  if (!t) return;
  const closedOnTickets = eventOf(t, "closed");
  const closes = t.lists?.closes;
  // The common ticket has no close on the Events sheet: its one close (if any) is the Tickets one, as it stands.
  if (closes) {
    if (closedOnTickets && !closes.some((c) => c.at === closedOnTickets.at)) closes.push(closedOnTickets);
    closes.sort((a, b) => a.at - b.at);
    t.events.closed = closes[closes.length - 1];
  }
  const reported = eventOf(t, "reported");
  if (!reported) {
    t.hasErrors = true;
    return;
  }
  // Every timeline entry is an event, a close or a repeat: if none of them precedes Reported, neither does the
  // timeline — and the common ticket never builds it.
  if (!someBefore(t, reported.at)) return;
  for (const e of t.timeline) {
    if (STANDARD_EVENT_SET.has(e.name) && e.name !== "reported" && e.at < reported.at) {
      issues.error("EVENT_BEFORE_REPORTED", { ...e.source, value: "", ticket: t.id }, { event: e.name, reported: `${reported.source.sheet}!${reported.source.cell}` });
      t.hasErrors = true;
    }
  }
}

/** Whether a standard event other than Reported, on either sheet, is earlier than `reportedAt` (docs/CONTRACT.md, Input sheets). */
function someBefore(t: RowTicket, reportedAt: LocalSeconds): boolean {
  const events = t.record;
  if (events !== null) {
    for (const key in events) if (isEarly(events[key], reportedAt)) return true;
  } else {
    // The cells of its row, read where they are kept: every column is a standard event.
    const store = t.store;
    for (let slot = 0; slot < store.stride; slot++) {
      const at = store.atSlotOf(t.entry, slot);
      if (at !== undefined && at < reportedAt && store.columns[slot].name !== "reported") return true;
    }
  }
  // `events` holds the Tickets close; the lists, those of the Events sheet.
  const lists = t.lists;
  return lists !== null && ((lists.closes !== null && anyEarly(lists.closes, reportedAt)) || (lists.repeats !== null && anyEarly(lists.repeats, reportedAt)));
}

/** A standard event other than Reported, earlier than `reportedAt`. Plain functions, no closure per ticket. */
function isEarly(e: TicketEvent, reportedAt: LocalSeconds): boolean {
  return e.at < reportedAt && e.name !== "reported" && STANDARD_EVENT_SET.has(e.name);
}

function anyEarly(list: readonly TicketEvent[], reportedAt: LocalSeconds): boolean {
  for (let k = 0; k < list.length; k++) if (isEarly(list[k], reportedAt)) return true;
  return false;
}
