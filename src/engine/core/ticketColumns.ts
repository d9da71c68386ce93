/**
 * A ticket's events as read from its Tickets row, kept in columns instead of an object per cell.
 *
 * A million tickets carry some seven million event cells. Kept as objects — one per cell, and a record per
 * ticket to hold them — they were the largest thing a parsed month held (some 400 MB at 1,048,575 tickets), and
 * every one of them made each young-generation collection of the month dearer. Here a Tickets sheet's event cells
 * are one Int32Array (seconds since 2000-01-01, by ticket and event column); a ticket read from a row keeps its
 * place in it. A TicketEvent object (name, instant, source cell) is made only when something asks for one: an
 * issue, a trace's evidence, a test, a cold path reading `ticket.events`.
 *
 * Readers on the hot paths (findings, money, KPIs) ask `eventAt(t, name)` for an instant, which reads the column
 * without making anything; any other Ticket (fixtures and tests build plain objects) is read through its `events`.
 * The same columns keep each ticket's parts amount in minor units, for fees (partsUnitsOf).
 */
import { cellAddress } from "./cells";
import type { CellRef, StandardEvent, Ticket, TicketEvent } from "./model";
import { minorUnits, ZERO } from "./money";
import type { LocalSeconds } from "./time";

/** 2000-01-01 00:00 in local seconds: instants are kept as seconds after it, which fit an Int32 until 2068. */
const Y2K = 946_684_800;
/** No event in this cell (blank, unreadable, or kept in the ticket's own record instead). */
const NO_EVENT = -0x80000000;

/** A Tickets column, once per sheet: what every cell read from it shares (its event name, sheet, column). */
export interface SheetColumn {
  readonly name: string;
  readonly sheet: string;
  readonly col: number;
}

/**
 * An event read from a Tickets cell, made when asked for: its column, its row and its instant. Its `source`
 * ("Tickets!G7") is written only when something cites it — an issue, a trace's evidence. A ticket that keeps a
 * record of its own holds these.
 */
export function cellEvent(column: SheetColumn, at: LocalSeconds, row: number): TicketEvent {
  return new CellEvent(column, row, at - Y2K);
}
class CellEvent implements TicketEvent {
  constructor(
    private readonly column: SheetColumn,
    private readonly row: number,
    /** Seconds after 2000-01-01: a small integer V8 keeps inside the object (about 1.8e9 in 2026 is past the 31-bit
     * small integers of browsers' V8, the add-in's worker). */
    private readonly sinceY2K: number,
  ) {}
  get name(): string {
    return this.column.name;
  }
  get at(): LocalSeconds {
    return (this.sinceY2K + Y2K) as LocalSeconds;
  }
  get source(): CellRef {
    return { sheet: this.column.sheet, cell: cellAddress(this.row, this.column.col) };
  }
}

/** A ticket's `events` record. */
export const newEventRecord = (): Record<string, TicketEvent> => ({});

/**
 * The standard event cells of one Tickets sheet, by ticket entry (the order tickets were first read) and event
 * column: `times[entry * stride + slot]`, seconds after 2000-01-01 or NO_EVENT. Typed-array memory, outside the
 * object heap the collector walks. Beside them, each ticket's parts amount in minor units (see partsUnitsOf).
 * Measured: reading stage 5.0 s vs 8.1 s with every ticket keeping an events record, the path a ticket with a
 * custom event still takes (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
 */
export class TicketColumns {
  /** The sheet's ID column: a ticket's source is its cell there. */
  readonly idColumn: SheetColumn;
  /** The sheet's standard event columns present, in the order a ticket's events record lists them. */
  readonly columns: readonly SheetColumn[];
  readonly stride: number;
  /** Event name → slot (-1: no such column). */
  private readonly slotOf: Record<string, number>;
  private readonly times: Int32Array;
  /** The sheet row of each entry. */
  private readonly rows: Int32Array;
  /**
   * By entry, minorUnits(the ticket's parts ?? ZERO, unitsDigits) as the reader worked it out from the cell
   * (NaN: not known, or none: partsUnitsOf then reads the decimal). The reader writes it; nothing else does.
   */
  readonly partsUnits: Float64Array;

  /**
   * For up to `capacity` tickets (the sheet's rows bound them), their parts amounts kept in minor units of
   * `unitsDigits` (the agreement's minor digits; -1: none kept).
   */
  constructor(idColumn: SheetColumn, columns: readonly SheetColumn[], capacity: number, readonly unitsDigits = -1) {
    this.idColumn = idColumn;
    this.columns = columns;
    this.stride = columns.length;
    // Every standard event a key, written out in one literal: a small object of one shape, where looking a name up
    // costs less than in a Map — millions of look-ups a month. A name that is no key (a custom event)
    // reads as undefined or as something of Object.prototype, never as a number: see slot().
    const slotOf: Record<string, number> = {
      reported: -1, responded: -1, confirmed: -1, onsite: -1, received: -1, diagnosed: -1, repaired: -1, returned: -1, closed: -1,
    } satisfies Record<StandardEvent, number>;
    for (let k = 0; k < columns.length; k++) {
      if (slotOf[columns[k].name] !== -1) throw new Error(`TicketColumns: ${columns[k].name} is no standard event`);
      slotOf[columns[k].name] = k;
    }
    this.slotOf = slotOf;
    this.times = new Int32Array(capacity * columns.length).fill(NO_EVENT);
    this.rows = new Int32Array(capacity);
    this.partsUnits = new Float64Array(capacity).fill(NaN);
  }

  rowOf(entry: number): number {
    return this.rows[entry];
  }

  setRow(entry: number, row: number): void {
    this.rows[entry] = row;
  }

  /**
   * Keeps the instant of a ticket's cell in column `slot`. False when it does not fit (before 1932 or after 2068,
   * or not a whole second): the caller keeps that ticket's events in a record of its own.
   */
  put(entry: number, slot: number, at: number): boolean {
    const v = at - Y2K;
    if ((v | 0) !== v || v === NO_EVENT) return false;
    this.times[entry * this.stride + slot] = v;
    return true;
  }

  /** Forgets what `put` kept for this entry (its ticket keeps a record of its own). */
  clear(entry: number): void {
    this.times.fill(NO_EVENT, entry * this.stride, (entry + 1) * this.stride);
  }

  /** The slot of an event's column; -1 when the sheet has none (or `name` is no standard event). */
  slot(name: string): number {
    const slot = this.slotOf[name];
    return typeof slot === "number" ? slot : -1;
  }

  /**
   * at(entry, name) for the name whose slot(name) is `slot` (-1 included): for a caller that reads the same few
   * events of a million tickets and looks their slots up once, not by name each time (findings).
   */
  atSlotOf(entry: number, slot: number): LocalSeconds | undefined {
    if (slot < 0) return undefined;
    const v = this.times[entry * this.stride + slot];
    return v === NO_EVENT ? undefined : ((v + Y2K) as LocalSeconds);
  }

  /** The instant of a ticket's event, from its cell; undefined when the cell holds none (or `name` is no column). */
  at(entry: number, name: string): LocalSeconds | undefined {
    return this.atSlotOf(entry, this.slot(name));
  }

  /** The event, made now (see cellEvent). */
  event(entry: number, name: string): TicketEvent | undefined {
    const slot = this.slot(name);
    const at = this.atSlotOf(entry, slot);
    return at === undefined ? undefined : cellEvent(this.columns[slot], at, this.rows[entry]);
  }

  /** A ticket's events as a record, exactly as one read from its row was built: columns in sheet order. */
  recordOf(entry: number): Record<string, TicketEvent> {
    const record = newEventRecord();
    const row = this.rows[entry];
    for (let slot = 0; slot < this.stride; slot++) {
      const at = this.atSlotOf(entry, slot);
      if (at !== undefined) record[this.columns[slot].name] = cellEvent(this.columns[slot], at, row);
    }
    return record;
  }
}

/**
 * A ticket whose events sit in TicketColumns (sheet/readTickets' RowTicket), unless it keeps a record of its own:
 * one the Events sheet changed, one with custom event columns or an instant the columns cannot hold, one whose
 * `events` something read (the record is made then, and kept, so that writes to it stay).
 */
export abstract class ColumnTicket {
  /** The lists few tickets have (see TicketLists); null: none, as for nearly every ticket. */
  lists: TicketLists | null = null;
  constructor(
    readonly store: TicketColumns,
    readonly entry: number,
    /** The ticket's own events record, which then holds every event; null: its events are its cells in `store`. */
    public record: Record<string, TicketEvent> | null,
  ) {}
}

/**
 * What a ticket read from its row holds only when the Events sheet (or a writer) gives it some: one object beside
 * the ticket, not three fields in each of a million tickets that are nearly all null.
 */
export interface TicketLists {
  /**
   * Its closes when the Events sheet has any (docs/CONTRACT.md, Clocks: reopened tickets), in time order once finished; else null:
   * its one close, if any, is its `closed` cell.
   */
  closes: TicketEvent[] | null;
  /** Further occurrences of an event on the Events sheet (docs/CONTRACT.md, Input sheets: Events): only in the timeline. */
  repeats: TicketEvent[] | null;
  /** Its timeline, once kept (see RowTicket timeline). */
  line: TicketEvent[] | null;
}

/** A ticket's lists, made when first written. */
export function listsOf(t: ColumnTicket): TicketLists {
  return (t.lists ??= { closes: null, repeats: null, line: null });
}

/**
 * Whether a ticket was closed more than once (docs/CONTRACT.md, Clocks: reopened tickets), without making its closes: a ticket read
 * from its row hands `closes` out as a new array of new events on each read.
 */
export function reopened(t: Ticket): boolean {
  if (t instanceof ColumnTicket) return t.lists !== null && t.lists.closes !== null && t.lists.closes.length > 1;
  return t.closes.length > 1;
}

/**
 * The ticket when its events are its cells in its store — what eventAt then reads, by `t.store.at(t.entry, name)` —
 * else null (its events are its `events` record).
 */
export function cellTicket(t: Ticket): ColumnTicket | null {
  return t instanceof ColumnTicket && t.record === null ? t : null;
}

/** The instant of a ticket's event, without making an event object for a ticket read from its row. */
export function eventAt(t: Ticket, name: string): LocalSeconds | undefined {
  if (t instanceof ColumnTicket && t.record === null) return t.store.at(t.entry, name);
  return t.events[name]?.at;
}

/** A ticket's event, as `t.events[name]` is, without making a record for a ticket read from its row. */
export function eventOf(t: Ticket, name: string): TicketEvent | undefined {
  if (t instanceof ColumnTicket && t.record === null) return t.store.event(t.entry, name);
  return t.events[name];
}

/**
 * minorUnits(t.parts ?? ZERO, digits) (core/money), without reading the parts decimal of a ticket read from its row
 * when the reader kept its units. Fees add up a month's parts amounts in minor units, and the decimals,
 * nearly all distinct and scattered over a heap of gigabytes, cost a cache miss a ticket to read — some 0.5 s of
 * the money stage at 1,048,575 tickets. A ticket's parts are never replaced once read (the reader's units would
 * then be stale): no engine code writes them.
 */
export function partsUnitsOf(t: Ticket, digits: number): number {
  if (t instanceof ColumnTicket && t.store.unitsDigits === digits) {
    // As an int32 (nearly every parts amount: under 21,474,836.48 in cents), which V8 stores in a fee line as a small
    // integer; a float64 read from the array was measured to box some fee lines' units in a heap number each. NaN
    // (not known, or none) and larger units: the decimal.
    const units = t.store.partsUnits[t.entry];
    const small = units | 0;
    if (small === units) return small;
  }
  return minorUnits(t.parts ?? ZERO, digits);
}
