/**
 * The sample workbook (examples/sample.xlsx), built deterministically from a seed: a realistic month of after-sales
 * tickets for two providers under one agreement (the input sheets of docs/CONTRACT.md, English headers).
 *
 * What it exercises:
 * - October 2026 settlement with tickets reported from 2026-09-18 on, so clocks run across the Mid-Autumn holiday
 *   (09-25..09-27), the National Day holiday (10-01..10-07) and both make-up workdays (Sun 09-20, Sat 10-10);
 *   some tickets closed in September (they belong to September's statement), some still open at the month's end;
 * - every clause unit (hours, working hours, working days) and penalty kind (fixed, per day, per hour, percent of fee);
 * - pauses in the Events sheet (customer unavailable), one unmatched pause on an open ticket, a response that is
 *   recorded only in the Events sheet;
 * - two exemptions (force majeure, customer-caused), one unperformed ticket capped at its actual loss, one
 *   cancelled ticket;
 * - date cells as Excel dates and, for a few cells, as text in the other forms the contract (docs/CONTRACT.md, Input sheets) accepts;
 * - an Invoice with discrepancies (over-billing, labour billed on an in-warranty ticket, a ticket billed that does
 *   not exist, a cancelled ticket billed, a ticket not billed);
 * - September statements: Huaxiu's paid late in two parts (overdue-payment fee segments), Jietong's partly
 *   disputed and paid on time.
 * Pure: no clock, no randomness but the seeded generator below.
 */
import type { Cell } from "../src/engine/core/cells";
import type { OutputSheet } from "../src/engine/core/output";
import { daysFromCivil, excelSerialFromDay, excelSerialFromLocal, formatLocal, localFromCivil, type LocalSeconds } from "../src/engine/core/time";

export const SAMPLE_SEED = 20261001;
export const PROVIDER_A = "Huaxiu Service Co.";
export const PROVIDER_B = "Jietong Repair Ltd.";

/** mulberry32: a small, well-known 32-bit PRNG; the same seed always gives the same workbook. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = 3600;
const at = (month: number, day: number, hour: number, minute = 0, second = 0): LocalSeconds =>
  localFromCivil({ year: 2026, month, day, hour, minute, second });

/** Public holidays of 2026 the sample crosses (State Council notice): Mid-Autumn 09-25..09-27, National Day 10-01..10-07. */
const HOLIDAY_BLOCKS: [number, number][] = [
  [at(9, 25, 0), at(9, 28, 0)],
  [at(10, 1, 0), at(10, 8, 0)],
];

/** Everything after this instant had not happened when the ticketing system was exported (the month's end). */
export const EXPORT_AT = at(11, 1, 0);

export type Service = "onsite" | "remote" | "factory";
export type Category = "general" | "complex" | "urgent";

export interface SampleTicket {
  id: string;
  provider: string;
  category: Category;
  service: Service;
  /** As written in the Warranty column: "in", "out", "保内", "保外" or "" (derived from the purchase date). */
  warrantyText: string;
  inWarranty: boolean;
  purchasedDay: number; // DayNumber
  events: Partial<Record<"reported" | "responded" | "confirmed" | "onsite" | "received" | "diagnosed" | "repaired" | "returned" | "closed", LocalSeconds>>;
  labour: number; // in fen (0.01 CNY), to keep the generator free of float money
  parts: number;
  shipping: number;
  lossFen: number | null;
  outcome: "" | "unperformed" | "cancelled";
  exemption: string;
  pauses: { from: LocalSeconds; to: LocalSeconds | null }[];
  /** The response is recorded only in the Events sheet (the Tickets cell is empty). */
  respondedInEventsOnly: boolean;
}

export interface SampleData {
  tickets: SampleTicket[];
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

function weighted<T>(rnd: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

/** Seconds, rounded to the minute mostly (as ticketing systems record them), now and then to the second. */
function jitter(rnd: () => number, minSeconds: number, maxSeconds: number): number {
  const s = minSeconds + rnd() * (maxSeconds - minSeconds);
  return rnd() < 0.85 ? Math.round(s / 60) * 60 : Math.round(s);
}

export function generateSampleData(seed = SAMPLE_SEED): SampleData {
  const rnd = mulberry32(seed);
  const tickets: SampleTicket[] = [];
  const counters = { A: 1000, B: 2000 };
  const windowStart = at(9, 18, 8);
  const windowEnd = at(10, 31, 20);
  const COUNT = 320;
  for (let i = 0; i < COUNT; i += 1) {
    const isA = rnd() < 0.58;
    const provider = isA ? PROVIDER_A : PROVIDER_B;
    const id = isA ? `HX-${(counters.A += 1)}` : `JT-${(counters.B += 1)}`;
    const category = weighted<Category>(rnd, [["general", 60], ["complex", 20], ["urgent", 20]]);
    const service = weighted<Service>(rnd, [["onsite", 50], ["remote", 25], ["factory", 25]]);
    // Reports arrive mostly in working hours; fewer during the holidays.
    let reported = (windowStart + Math.floor(rnd() * (windowEnd - windowStart))) as LocalSeconds;
    const hourOfDay = Math.floor((reported % 86400) / H);
    if (hourOfDay < 8 || hourOfDay > 21) reported = (reported - (reported % 86400) + 9 * H + jitter(rnd, 0, 9 * H)) as LocalSeconds;
    reported = (Math.round(reported / 60) * 60) as LocalSeconds;

    const slow = isA ? 0.07 : 0.16; // Jietong misses targets more often
    const late = (): boolean => rnd() < slow;
    const ev: SampleTicket["events"] = { reported };
    let t: number = reported;
    // Response: urgent within 2 h, others within 24 h, unless late.
    const respTarget = category === "urgent" ? 2 * H : 24 * H;
    t += late() ? jitter(rnd, respTarget + 600, respTarget * 2.5) : jitter(rnd, 300, respTarget * 0.8);
    ev.responded = t as LocalSeconds;
    const pauses: SampleTicket["pauses"] = [];
    const maybePause = (): void => {
      if (rnd() < 0.06) {
        const from = t + jitter(rnd, 1800, 4 * H);
        const length = jitter(rnd, 3 * H, 30 * H);
        pauses.push({ from: from as LocalSeconds, to: (from + length) as LocalSeconds });
        t = from + length;
      }
    };
    const repairSpan = (): number =>
      Math.round((late() ? jitter(rnd, 3 * 86400, 9 * 86400) : category === "complex" ? jitter(rnd, 4 * H, 3 * 86400) : jitter(rnd, 1 * H, 40 * H)) / 120) * 60;
    // Most non-urgent work that would fall in a public holiday waits for the first working morning after it
    // (which is what makes the holiday calendar matter: the calendar-hour clauses run on, the working-day ones don't).
    const afterHoliday = (): void => {
      if (category === "urgent" || rnd() < 0.3) return;
      for (const [from, to] of HOLIDAY_BLOCKS) {
        if (t >= from && t < to) t = to + 9 * H + jitter(rnd, 0, 3 * H);
      }
    };
    if (service === "onsite") {
      t += jitter(rnd, 600, 3 * H);
      ev.confirmed = t as LocalSeconds;
      t += late() ? jitter(rnd, 49 * H, 110 * H) : jitter(rnd, 2 * H, 44 * H);
      afterHoliday();
      ev.onsite = t as LocalSeconds;
      maybePause();
      t += repairSpan();
      afterHoliday();
      ev.repaired = t as LocalSeconds;
      t += jitter(rnd, 1800, 20 * H);
      ev.closed = t as LocalSeconds;
    } else if (service === "remote") {
      maybePause();
      t += repairSpan();
      afterHoliday();
      ev.repaired = t as LocalSeconds;
      t += jitter(rnd, 600, 8 * H);
      ev.closed = t as LocalSeconds;
    } else {
      t += jitter(rnd, 20 * H, 60 * H); // shipped to the workshop
      afterHoliday();
      ev.received = t as LocalSeconds;
      t += late() ? jitter(rnd, 30 * H, 80 * H) : jitter(rnd, 2 * H, 20 * H);
      ev.diagnosed = t as LocalSeconds;
      maybePause();
      t += repairSpan();
      afterHoliday();
      ev.repaired = t as LocalSeconds;
      t += late() ? jitter(rnd, 25 * H, 60 * H) : jitter(rnd, 2 * H, 22 * H);
      ev.returned = t as LocalSeconds;
      t += jitter(rnd, 2 * H, 40 * H);
      ev.closed = t as LocalSeconds;
    }
    // Nothing after the export exists yet: those tickets are open at the month's end.
    for (const k of Object.keys(ev) as (keyof SampleTicket["events"])[]) if ((ev[k] as number) >= EXPORT_AT) delete ev[k];
    for (const p of pauses) if (p.from >= EXPORT_AT) pauses.splice(pauses.indexOf(p), 1);
    for (const p of pauses) if (p.to !== null && p.to >= EXPORT_AT) p.to = null;

    const warrantyMode = rnd();
    const inWarranty = rnd() < 0.55;
    // Purchase dates well inside or well outside the 12-month warranty, so the derivation is never a boundary case.
    const reportedDay = Math.floor(reported / 86400);
    const purchasedDay = inWarranty ? reportedDay - 30 - Math.floor(rnd() * 300) : reportedDay - 400 - Math.floor(rnd() * 700);
    const warrantyText = warrantyMode < 0.55 ? (inWarranty ? "in" : "out") : warrantyMode < 0.7 ? (inWarranty ? "保内" : "保外") : "";
    const labour = service === "remote" ? 50_00 + Math.floor(rnd() * 10) * 10_00 : 120_00 + Math.floor(rnd() * 40) * 10_00;
    const parts = rnd() < 0.5 ? 0 : Math.floor(rnd() * 3600) * 50;
    const shipping = service === "factory" ? pick(rnd, [25_00, 30_00, 45_00]) : service === "onsite" ? pick(rnd, [0, 0, 15_00]) : 0;
    tickets.push({
      id, provider, category, service, warrantyText, inWarranty, purchasedDay, events: ev,
      labour, parts, shipping, lossFen: null, outcome: "", exemption: "", pauses, respondedInEventsOnly: false,
    });
  }
  applySpecialCases(tickets, rnd);
  return { tickets };
}

/** The hand-placed cases every demo must show (so they do not depend on the random draw). */
function applySpecialCases(tickets: SampleTicket[], rnd: () => number): void {
  // Picked among tickets reported after the National Day holiday and closed in October, so each case is settled
  // in the October statement whatever the random draw.
  const closedInOctober = (x: SampleTicket): boolean =>
    x.events.closed !== undefined && x.events.closed >= at(10, 1, 0) && x.events.closed < EXPORT_AT &&
    x.events.reported! >= at(10, 8, 0) && x.events.reported! < at(10, 25, 0);
  const a = tickets.filter((x) => x.provider === PROVIDER_A && closedInOctober(x));
  const b = tickets.filter((x) => x.provider === PROVIDER_B && closedInOctober(x));

  // Unperformed: the provider confirmed but never came; the customer closed the ticket. 20% × 2,050.00 = 410.00,
  // capped at the actual loss of 300.00 (docs/CONTRACT.md, Money).
  const unperformed = b[3];
  unperformed.service = "onsite";
  unperformed.outcome = "unperformed";
  unperformed.warrantyText = "out";
  unperformed.inWarranty = false;
  unperformed.purchasedDay = Math.floor(unperformed.events.reported! / 86400) - 500;
  unperformed.labour = 800_00;
  unperformed.parts = 1200_00;
  unperformed.shipping = 50_00;
  unperformed.lossFen = 300_00;
  const r = unperformed.events.reported!;
  unperformed.events = { reported: r, responded: (r + 40 * 60) as LocalSeconds, confirmed: (r + 90 * 60) as LocalSeconds, closed: unperformed.events.closed };
  unperformed.pauses = [];

  // Cancelled by the customer: no fee, no penalty.
  const cancelled = a[5];
  cancelled.outcome = "cancelled";
  const rc = cancelled.events.reported!;
  cancelled.events = { reported: rc, responded: (rc + 25 * 60) as LocalSeconds, closed: (rc + 3 * H) as LocalSeconds };
  cancelled.service = "remote";
  cancelled.pauses = [];

  // Exemptions: a typhoon held up an on-site visit; a customer-caused fault.
  const typhoon = a[8];
  typhoon.exemption = "不可抗力 (Typhoon Kong-rey, road closures)";
  typhoon.service = "onsite";
  const tr = typhoon.events.reported!;
  typhoon.events = {
    reported: tr, responded: (tr + 30 * 60) as LocalSeconds, confirmed: (tr + 1 * H) as LocalSeconds,
    onsite: (tr + 80 * H) as LocalSeconds, repaired: (tr + 84 * H) as LocalSeconds, closed: (tr + 86 * H) as LocalSeconds,
  };
  if (typhoon.events.closed! >= EXPORT_AT) delete typhoon.events.closed;
  typhoon.pauses = [];
  b[10].exemption = "客户原因 customer-caused damage";

  // A response recorded only in the audit log (Events sheet).
  a[12].respondedInEventsOnly = true;

  // An open ticket waiting for the customer since late October: a pause with no resume (runs to the month's end).
  const open = tickets.find((x) => x.provider === PROVIDER_A && x.events.closed === undefined && x.events.responded !== undefined && x.events.repaired === undefined && x.pauses.length === 0);
  if (open) open.pauses = [{ from: (open.events.responded! + 2 * H) as LocalSeconds, to: null }].filter((p) => p.from < EXPORT_AT);
  void rnd;
}

/** Settlement Basis "closed" (docs/CONTRACT.md, Input sheets): a ticket belongs to the month of its closed event, else of its repaired event. */
export function settledInOctober(x: SampleTicket): boolean {
  const basis = x.events.closed ?? x.events.repaired;
  return basis !== undefined && basis >= at(10, 1, 0) && basis < EXPORT_AT;
}

/** Fee in fen as the contract (docs/CONTRACT.md, Money) computes it: in warranty → shipping only; out → labour + parts + shipping; 0 unless done. */
export function sampleFeeFen(x: SampleTicket): number {
  if (x.outcome !== "") return 0;
  return x.inWarranty ? x.shipping : x.labour + x.parts + x.shipping;
}

const money = (fen: number): number => fen / 100;
const DATE_TIME = "yyyy-mm-dd hh:mm";
const DATE = "yyyy-mm-dd";

/** A handful of cells written as text in the other forms the contract (docs/CONTRACT.md, Input sheets) accepts, as exports from other systems look. */
function dateCell(t: LocalSeconds | undefined, k: number): Cell {
  if (t === undefined) return null;
  if (k % 97 === 5) return formatLocal(t).replace(/^(\d{4})-(\d{2})-(\d{2})/, (_m, y, mo, d) => `${y}/${Number(mo)}/${Number(d)}`) + (formatLocal(t).length === 16 ? ":00" : "");
  if (k % 97 === 41) {
    const f = formatLocal(t);
    return `${f.slice(0, 4)}年${Number(f.slice(5, 7))}月${Number(f.slice(8, 10))}日 ${f.slice(11)}`;
  }
  if (k % 97 === 77) {
    // ISO 8601 with an offset (UTC): converted into the agreement's zone (Asia/Shanghai, UTC+8) by the reader.
    const f = formatLocal((t - 8 * H) as LocalSeconds);
    return `${f.slice(0, 10)}T${f.slice(11, 16)}:${f.length > 16 ? f.slice(17) : "00"}Z`;
  }
  return excelSerialFromLocal(t);
}

function sheet(name: string, rows: Cell[][], columns: OutputSheet["columns"], header = true): OutputSheet {
  return {
    name, role: "template", rows, formulas: [], columns, cellFormats: [],
    rowStyles: header ? [{ row: 0, style: "header" }] : [], freezeRows: header ? 1 : 0, tables: [],
  };
}

const TICKET_HEADERS = [
  "Ticket ID", "Provider", "Category", "Service Type", "Warranty", "Purchase Date", "Reported At", "Responded At",
  "Confirmed At", "On-site At", "Received At", "Diagnosed At", "Repaired At", "Returned At", "Closed At",
  "Labour Fee", "Parts Fee", "Shipping Fee", "Actual Loss", "Outcome", "Exemption", "Remarks",
] as const;
const EVENT_KEYS = ["reported", "responded", "confirmed", "onsite", "received", "diagnosed", "repaired", "returned", "closed"] as const;

const REMARKS = ["", "", "", "客户已确认", "-", "=see email thread", "+86 138 0000 0000", "spare part back-ordered", "夜间报修"];

export function buildSampleSheets(data: SampleData = generateSampleData()): OutputSheet[] {
  const rnd = mulberry32(SAMPLE_SEED ^ 0x5a5a);
  const tickets: Cell[][] = [[...TICKET_HEADERS]];
  let k = 0;
  for (const x of data.tickets) {
    const row: Cell[] = [x.id, x.provider, x.category, x.service === "onsite" && rnd() < 0.1 ? "上门" : x.service, x.warrantyText || null, excelSerialFromDay(x.purchasedDay as never)];
    for (const e of EVENT_KEYS) {
      k += 1;
      row.push(e === "responded" && x.respondedInEventsOnly ? null : dateCell(x.events[e], k));
    }
    row.push(money(x.labour), money(x.parts), money(x.shipping), x.lossFen === null ? null : money(x.lossFen), x.outcome || null, x.exemption || null);
    row.push(pick(rnd, REMARKS) || null);
    tickets.push(row);
  }
  const dateCols = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14]);
  const ticketColumns: OutputSheet["columns"] = TICKET_HEADERS.map((_h, i) =>
    i === 5 ? { widthChars: 12, numberFormat: DATE } : dateCols.has(i) ? { widthChars: 17, numberFormat: DATE_TIME } : i >= 15 && i <= 18 ? { widthChars: 11, numberFormat: "#,##0.00" } : { widthChars: i === 1 ? 20 : i === 20 || i === 21 ? 30 : 12, numberFormat: "@" });

  const events: Cell[][] = [["Ticket", "Event", "At"]];
  for (const x of data.tickets) {
    if (x.respondedInEventsOnly && x.events.responded !== undefined) events.push([x.id, "responded", excelSerialFromLocal(x.events.responded)]);
    for (const p of x.pauses) {
      events.push([x.id, "paused", excelSerialFromLocal(p.from)]);
      if (p.to !== null) events.push([x.id, "resumed", excelSerialFromLocal(p.to)]);
    }
  }

  const agreement: Cell[][] = [
    ["Contract No", "SLA-2026-017"],
    ["Provider", PROVIDER_A],
    ["Customer", "Mingde Retail Co."],
    ["Currency", "CNY"],
    ["Time Zone", "Asia/Shanghai"],
    ["Calendar", "CN"],
    ["Working Hours", "09:00-12:00, 13:00-18:00"],
    ["Day Ends At", "24:00"],
    ["Warranty Months", 12],
    ["Settlement Basis", "closed"],
    ["Statement Day", 1],
    ["Payment Days", 15],
    ["Late Fee Rate", "0.05% per day"],
    ["Late Fee Grace Days", 0],
    ["Dispute Days", 5],
    ["Penalty Cap", "30%"],
    ["Unperformed Rate", "20%"],
  ];

  const sla: Cell[][] = [
    ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
    ["2.1(1)", "Urgent response", "category=urgent", "reported", "responded", 2, "hours", "fixed", 100, null, "no"],
    ["2.1(2)", "Response", "category=general|complex", "reported", "responded", 24, "hours", "fixed", 50, null, "no"],
    ["2.2", "On-site arrival", "service=onsite|上门", "confirmed", "onsite", 48, "hours", "per day", 200, 1000, "yes"],
    ["2.3", "Inspection and repair plan", "service=factory", "received", "diagnosed", 16, "working hours", "percent of fee", "10%", null, "yes"],
    ["2.4", "Return after repair", "service=factory", "repaired", "returned", 24, "hours", "per hour", 10, 300, "yes"],
    ["2.5(1)", "Repair (general)", "category=general|urgent", "reported", "repaired", 3, "working days", "per day", 100, 500, "yes"],
    ["2.5(2)", "Repair (complex)", "category=complex", "reported", "repaired", 5, "working days", "per day", 100, 800, "yes"],
  ];

  // The provider's bill: the computed fee for every settled, fee-bearing ticket, with hand-placed discrepancies.
  const invoice: Cell[][] = [["Ticket", "Amount", "Provider", "Month"]];
  const settled = data.tickets.filter((x) => settledInOctober(x));
  const overBilled = settled.find((x) => x.provider === PROVIDER_A && x.outcome === "" && !x.inWarranty && x.labour > 200_00);
  const labourOnWarranty = settled.find((x) => x.provider === PROVIDER_A && x.outcome === "" && x.inWarranty && x.shipping > 0);
  const notBilled = settled.filter((x) => x.provider === PROVIDER_B && x.outcome === "" && sampleFeeFen(x) > 0)[7];
  for (const x of settled) {
    if (x === notBilled) continue;
    let fen = sampleFeeFen(x);
    if (x.outcome === "cancelled") fen = 80_00; // billed although the customer cancelled
    else if (x === overBilled) fen += 100_00;
    else if (x === labourOnWarranty) fen += 280_00;
    else if (fen === 0) continue;
    invoice.push([x.id, money(fen), x.provider, "2026-10"]);
  }
  invoice.push(["HX-0999", 260, PROVIDER_A, "2026-10"]); // no such ticket

  const statements: Cell[][] = [
    ["Statement", "Provider", "Month", "Amount", "Issued", "Received", "Due", "Disputed Amount"],
    ["ST-2026-09-HX", PROVIDER_A, "2026-09", 23456, excelSerialFromDay(daysFromCivil(2026, 10, 1)), excelSerialFromDay(daysFromCivil(2026, 10, 1)), excelSerialFromDay(daysFromCivil(2026, 10, 16)), null],
    ["ST-2026-09-JT", PROVIDER_B, "2026-09", 15780.5, excelSerialFromDay(daysFromCivil(2026, 10, 1)), excelSerialFromDay(daysFromCivil(2026, 10, 9)), excelSerialFromDay(daysFromCivil(2026, 10, 16)), 500],
  ];
  const payments: Cell[][] = [
    ["Statement", "Paid On", "Amount"],
    ["ST-2026-09-HX", excelSerialFromDay(daysFromCivil(2026, 10, 23)), 10000],
    ["ST-2026-09-HX", excelSerialFromDay(daysFromCivil(2026, 10, 30)), 13456],
    ["ST-2026-09-JT", excelSerialFromDay(daysFromCivil(2026, 10, 15)), 15280.5],
  ];

  const dateCol = (w = 12): OutputSheet["columns"][number] => ({ widthChars: w, numberFormat: DATE });
  const moneyCol: OutputSheet["columns"][number] = { widthChars: 12, numberFormat: "#,##0.00" };
  const textCol = (w: number): OutputSheet["columns"][number] => ({ widthChars: w, numberFormat: "@" });
  return [
    sheet("Tickets", tickets, ticketColumns),
    sheet("Events", events, [textCol(10), textCol(12), { widthChars: 17, numberFormat: DATE_TIME }]),
    sheet("Agreement", agreement, [textCol(20), textCol(28)], false),
    sheet("SLA", sla, [textCol(8), textCol(26), textCol(26), textCol(10), textCol(10), { widthChars: 7 }, textCol(14), textCol(15), { widthChars: 8 }, { widthChars: 8 }, textCol(9)]),
    sheet("Invoice", invoice, [textCol(10), moneyCol, textCol(20), textCol(9)]),
    sheet("Statements", statements, [textCol(15), textCol(20), textCol(9), moneyCol, dateCol(), dateCol(), dateCol(), moneyCol]),
    sheet("Payments", payments, [textCol(15), dateCol(), moneyCol]),
  ];
}
