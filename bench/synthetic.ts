/**
 * Seeded synthetic workbooks for the benchmarks: N tickets reported around October 2026, six clauses,
 * an Events sheet with pauses, two providers, and the date shapes finance users paste (Excel serials and three
 * text forms). Same seed, same workbook — so runs on different days compare.
 */
import type { Cell, SheetData, WorkbookData } from "../src/engine/core/cells";
import { civilFromLocal, localFromCivil, excelSerialFromLocal, type LocalSeconds } from "../src/engine/core/time";

/** mulberry32: small, fast, good enough to scatter benchmark data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A string as a file reader hands it over: one flat string. Text built by concatenation is a tree of pieces in
 * V8 (a "cons string") several times the size, which would make the synthetic input heavier than a real one.
 * Flattening it in place is not enough: the tree's root stays, and every character read goes through it
 * (date cells read that way cost about 0.9 s more at a million tickets than text decoded from a file or from
 * Excel's JSON). Decoding the text's bytes gives a new sequential string, as a reader makes.
 */
export function flat(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

/** One of four shapes, chosen by the ticket: serial, `2026-10-03 14:05`, `2026/10/3 14:05:00`, `2026年10月3日 14:05`. */
function dateCell(t: LocalSeconds, shape: number): Cell {
  const c = civilFromLocal(t);
  switch (shape) {
    case 0:
      return excelSerialFromLocal(t);
    case 1:
      return flat(`${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}`);
    case 2:
      return flat(`${c.year}/${c.month}/${c.day} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`);
    default:
      return flat(`${c.year}年${c.month}月${c.day}日 ${pad(c.hour)}:${pad(c.minute)}`);
  }
}

export const BENCH_MONTH = "2026-10";

export function syntheticWorkbook(ticketCount: number, seed = 20261001): WorkbookData {
  const rnd = seededRandom(seed);
  const start = localFromCivil({ year: 2026, month: 9, day: 25, hour: 0, minute: 0, second: 0 });
  const spanSeconds = 36 * 86400; // reports from 09-25 to 10-31
  const minutes = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) * 60) * 60;

  const tickets: Cell[][] = [[
    "Ticket ID", "Provider", "Category", "Service Type", "Warranty", "Reported At", "Responded At", "Confirmed At",
    "On-site At", "Received At", "Diagnosed At", "Repaired At", "Returned At", "Closed At", "Labour Fee", "Parts Fee",
    "Shipping Fee", "Actual Loss", "Outcome", "Exemption",
  ]];
  const events: Cell[][] = [["Ticket", "Event", "At"]];
  for (let i = 0; i < ticketCount; i++) {
    const shape = i % 4;
    const id = flat(`T${String(i + 1).padStart(7, "0")}`);
    const provider = rnd() < 0.6 ? "Huadong Service Co." : "Beifang Repair Ltd.";
    const category = rnd() < 0.7 ? "general" : "complex";
    const service = rnd() < 0.6 ? "onsite" : "factory";
    const inWarranty = rnd() < 0.5;
    const reported = (start + Math.floor((rnd() * spanSeconds) / 60) * 60) as LocalSeconds;
    const responded = (reported + minutes(0.2, 30)) as LocalSeconds;
    const confirmed = (responded + minutes(0.5, 6)) as LocalSeconds;
    const onsite = service === "onsite" ? ((confirmed + minutes(2, 60)) as LocalSeconds) : null;
    const received = service === "factory" ? ((confirmed + minutes(24, 72)) as LocalSeconds) : null;
    const diagnosed = received !== null ? ((received + minutes(4, 90)) as LocalSeconds) : null;
    const repaired = ((diagnosed ?? onsite ?? confirmed) + minutes(2, 150)) as LocalSeconds;
    const returned = service === "factory" ? ((repaired + minutes(2, 40)) as LocalSeconds) : null;
    const closed = ((returned ?? repaired) + minutes(1, 24)) as LocalSeconds;
    const labour = inWarranty ? 0 : Math.round(200 + rnd() * 800);
    const parts = Math.round(rnd() * 1500 * 100) / 100;
    const shipping = service === "factory" ? 30 + Math.round(rnd() * 40) : 0;
    const cell = (t: LocalSeconds | null): Cell => (t === null ? null : dateCell(t, shape));
    const outcomeRoll = rnd();
    tickets.push([
      id, provider, category, service, inWarranty ? "in" : "out", cell(reported), cell(responded), cell(confirmed),
      cell(onsite), cell(received), cell(diagnosed), cell(repaired), cell(returned), cell(closed), labour, parts,
      shipping, outcomeRoll < 0.01 ? 500 : null, outcomeRoll < 0.01 ? "unperformed" : outcomeRoll < 0.02 ? "cancelled" : "done",
      rnd() < 0.005 ? "force majeure" : null,
    ]);
    if (rnd() < 0.1) {
      // A pause (waiting for the customer) between confirmation and repair.
      const from = (confirmed + minutes(0.5, 4)) as LocalSeconds;
      const to = (from + minutes(1, 20)) as LocalSeconds;
      if (to < repaired) {
        events.push([id, "paused", dateCell(from, shape)]);
        events.push([id, "resumed", dateCell(to, shape)]);
      }
    }
  }

  const agreement: Cell[][] = [
    ["Key", "Value"],
    ["Contract No", "SLA-BENCH-2026"],
    ["Provider", "Huadong Service Co."],
    ["Customer", "Benchmark Customer Ltd."],
    ["Currency", "CNY"],
    ["Time Zone", "Asia/Shanghai"],
    ["Calendar", "CN"],
    ["Working Hours", "09:00-12:00, 13:00-18:00"],
    ["Payment Days", 30],
    ["Late Fee Rate", "0.05% per day"],
    ["Dispute Days", 5],
    ["Penalty Cap", "10%"],
    ["Unperformed Rate", "20%"],
  ];
  const sla: Cell[][] = [
    ["Clause", "Name", "Applies To", "Start", "End", "Target", "Unit", "Penalty", "Amount", "Cap", "Pausable"],
    ["2.2(1)", "Response", "", "reported", "responded", 24, "hours", "fixed", 100, null, "no"],
    ["2.2(2)", "On-site", "service=onsite", "confirmed", "onsite", 48, "hours", "per day", 200, null, "yes"],
    ["2.3(1)", "Inspection", "service=factory", "received", "diagnosed", 72, "hours", "fixed", 300, null, "yes"],
    ["2.3(2)", "Return", "service=factory", "repaired", "returned", 24, "hours", "per day", 100, null, "no"],
    ["2.4(1)", "General repair", "category=general", "reported", "repaired", 3, "working days", "per day", 300, null, "yes"],
    ["2.4(2)", "Complex repair", "category=complex", "reported", "repaired", 5, "working days", "per day", 500, 2000, "yes"],
  ];
  const sheets: SheetData[] = [
    { name: "Tickets", rows: tickets },
    { name: "Events", rows: events },
    { name: "Agreement", rows: agreement },
    { name: "SLA", rows: sla },
  ];
  return { sheets };
}
