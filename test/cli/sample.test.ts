/**
 * The sample workbook (examples/sample.xlsx) is what the README's demo runs on: it must be exactly what the seeded
 * generator produces, and its data must be valid by the input sheet rules of docs/CONTRACT.md (so every data issue the demo shows is the engine's
 * doing, not a broken sample), and it must contain the cases the demo is meant to show.
 */
import path from "path";
import { buildSampleSheets, EXPORT_AT, generateSampleData, PROVIDER_A, PROVIDER_B, sampleFeeFen, settledInOctober, type SampleTicket } from "../../examples/sampleBook";
import type { Cell } from "../../src/engine/core/cells";
import { addMonthsToDay, daysFromCivil, localFromCivil, localFromExcelSerial, type LocalSeconds } from "../../src/engine/core/time";
import { readXlsx, readXlsxBytes } from "../../src/xlsx/read";
import { workbookBytes } from "../../src/xlsx/write";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample.xlsx");
const at = (month: number, day: number, hour = 0): number => localFromCivil({ year: 2026, month, day, hour, minute: 0, second: 0 });
const data = generateSampleData();

describe("examples/sample.xlsx", () => {
  it("is exactly what scripts/make-sample.ts generates (regenerate it after changing examples/sampleBook.ts)", async () => {
    const committed = await readXlsx(SAMPLE);
    const fresh = await readXlsxBytes(Buffer.from(await workbookBytes(buildSampleSheets())));
    expect(committed).toEqual(fresh);
    expect(committed.sheets.map((s) => s.name)).toEqual(["Tickets", "Events", "Agreement", "SLA", "Invoice", "Statements", "Payments"]);
  });

  it("the generator is deterministic", () => {
    expect(generateSampleData()).toEqual(data);
  });
});

/** Parses the text forms the sample writes (docs/CONTRACT.md, Input sheets) back to local seconds, for the checks below. */
function parseTextDate(text: string): number {
  let m = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (m) return localFromCivil({ year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +(m[6] ?? 0) });
  m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  if (m) return localFromCivil({ year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: +m[6] }) + 8 * 3600; // Asia/Shanghai
  throw new Error(`unexpected date text ${text}`);
}

describe("sample data is valid under the contract", () => {
  const sheets = buildSampleSheets(data);
  const byName = new Map(sheets.map((s) => [s.name, s.rows]));
  const tickets = byName.get("Tickets")!;
  const header = tickets[0] as string[];
  const col = (h: string): number => header.indexOf(h);

  it("has a few hundred tickets with unique ids, two providers, and a reported time on each", () => {
    expect(data.tickets.length).toBeGreaterThanOrEqual(200);
    expect(new Set(data.tickets.map((t) => t.id)).size).toBe(data.tickets.length);
    expect(new Set(data.tickets.map((t) => t.provider))).toEqual(new Set([PROVIDER_A, PROVIDER_B]));
    for (const row of tickets.slice(1)) expect(row[col("Reported At")]).not.toBeNull();
  });

  it("events happen in the order of each service's flow, never after the export, pauses inside the ticket's life", () => {
    const flows: Record<SampleTicket["service"], string[]> = {
      onsite: ["reported", "responded", "confirmed", "onsite", "repaired", "closed"],
      remote: ["reported", "responded", "repaired", "closed"],
      factory: ["reported", "responded", "received", "diagnosed", "repaired", "returned", "closed"],
    };
    for (const t of data.tickets) {
      const times = flows[t.service].map((e) => t.events[e as keyof SampleTicket["events"]]).filter((x): x is LocalSeconds => x !== undefined);
      for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
      for (const x of times) expect(x).toBeLessThan(EXPORT_AT);
      for (const p of t.pauses) {
        expect(p.from).toBeGreaterThanOrEqual(t.events.reported!);
        expect(p.from).toBeLessThan(EXPORT_AT);
        if (p.to !== null) expect(p.to).toBeGreaterThan(p.from);
        if (t.events.closed !== undefined && p.to !== null) expect(p.to).toBeLessThanOrEqual(t.events.closed);
      }
    }
  });

  it("date cells are Excel dates or one of the text forms the contract accepts, naming the same instant", () => {
    let textCells = 0;
    const eventCols = ["Reported At", "Responded At", "Confirmed At", "On-site At", "Received At", "Diagnosed At", "Repaired At", "Returned At", "Closed At"];
    const keys = ["reported", "responded", "confirmed", "onsite", "received", "diagnosed", "repaired", "returned", "closed"] as const;
    tickets.slice(1).forEach((row, i) => {
      const t = data.tickets[i];
      eventCols.forEach((h, j) => {
        const cell = row[col(h)];
        if (cell === null) return;
        const seconds = typeof cell === "number" ? localFromExcelSerial(cell) : (textCells++, parseTextDate(cell as string));
        expect(seconds).toBe(t.events[keys[j]]);
      });
    });
    expect(textCells).toBeGreaterThanOrEqual(9);
  });

  it.each([
    ["Warranty", (v: Cell) => v === null || ["in", "out", "保内", "保外"].includes(v as string)],
    ["Service Type", (v: Cell) => ["onsite", "上门", "remote", "factory"].includes(v as string)],
    ["Category", (v: Cell) => ["general", "complex", "urgent"].includes(v as string)],
    ["Outcome", (v: Cell) => v === null || ["unperformed", "cancelled"].includes(v as string)],
    ["Labour Fee", (v: Cell) => typeof v === "number" && v >= 0 && Number.isInteger(Math.round(v * 100))],
    ["Parts Fee", (v: Cell) => typeof v === "number" && v >= 0 && Math.abs(v * 100 - Math.round(v * 100)) < 1e-9],
    ["Shipping Fee", (v: Cell) => typeof v === "number" && v >= 0],
  ])("column %s holds only valid values", (h, ok) => {
    for (const row of tickets.slice(1)) expect([row[0], ok(row[col(h)])]).toEqual([row[0], true]);
  });

  it("warranty from the purchase date is never a boundary case (12 months)", () => {
    for (const t of data.tickets) {
      const reportedDay = Math.floor(t.events.reported! / 86400);
      const ends = addMonthsToDay(t.purchasedDay as never, 12);
      if (t.inWarranty) expect(ends - reportedDay).toBeGreaterThan(10);
      else expect(reportedDay - ends).toBeGreaterThan(10);
    }
  });

  it("contains the cases the demo shows", () => {
    const settledOct = data.tickets.filter(settledInOctober);
    expect(settledOct.length).toBeGreaterThan(150);
    // Across National Day (reported before, repaired after 10-07) and Mid-Autumn (09-25..09-27).
    expect(data.tickets.filter((t) => t.events.reported! < at(10, 1) && (t.events.repaired ?? 0) >= at(10, 8)).length).toBeGreaterThanOrEqual(3);
    expect(data.tickets.filter((t) => t.events.reported! < at(9, 25) && t.events.reported! >= at(9, 23) && (t.events.repaired ?? 0) >= at(9, 28)).length).toBeGreaterThanOrEqual(1);
    // Reported on a make-up workday (Sun 09-20, Sat 10-10).
    expect(data.tickets.filter((t) => [at(9, 20), at(10, 10)].some((d) => t.events.reported! >= d && t.events.reported! < d + 86400)).length).toBeGreaterThanOrEqual(2);
    expect(data.tickets.filter((t) => t.events.closed === undefined && t.events.repaired === undefined).length).toBeGreaterThanOrEqual(5);
    expect(data.tickets.filter((t) => t.events.closed !== undefined && t.events.closed < at(10, 1)).length).toBeGreaterThan(0);
    expect(data.tickets.filter((t) => t.pauses.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(data.tickets.filter((t) => t.pauses.some((p) => p.to === null))).toHaveLength(1);
    expect(settledOct.filter((t) => t.exemption !== "")).toHaveLength(2);
    const unperformed = settledOct.filter((t) => t.outcome === "unperformed");
    expect(unperformed).toHaveLength(1);
    expect([unperformed[0].labour + unperformed[0].parts + unperformed[0].shipping, unperformed[0].lossFen]).toEqual([2050_00, 300_00]);
    expect(settledOct.filter((t) => t.outcome === "cancelled")).toHaveLength(1);
  });

  it("the invoice differs from the computed fees exactly where intended", () => {
    const invoice = byName.get("Invoice")!.slice(1);
    const known = new Map(data.tickets.map((t) => [t.id, t]));
    const diffs: string[] = [];
    for (const [id, amount] of invoice) {
      const t = known.get(id as string);
      if (!t) diffs.push(`${id}: unknown`);
      else if (Math.round((amount as number) * 100) !== sampleFeeFen(t)) diffs.push(`${id}: ${t.outcome || (t.inWarranty ? "in" : "out")} ${Math.round((amount as number) * 100) - sampleFeeFen(t)}`);
    }
    expect(diffs.map((d) => d.replace(/^\S+ /, ""))).toEqual(expect.arrayContaining(["unknown", "cancelled 8000", "out 10000", "in 28000"]));
    expect(diffs).toHaveLength(4);
    const billed = new Set(invoice.map((r) => r[0]));
    const unbilled = data.tickets.filter((t) => settledInOctober(t) && sampleFeeFen(t) > 0 && !billed.has(t.id));
    expect(unbilled.map((t) => t.provider)).toEqual([PROVIDER_B]);
  });

  it("statements and payments: Huaxiu's September statement paid late in two parts, Jietong's partly disputed, paid on time", () => {
    const statements = byName.get("Statements")!;
    const payments = byName.get("Payments")!.slice(1);
    const ids = new Set(statements.slice(1).map((r) => r[0]));
    for (const p of payments) expect(ids.has(p[0])).toBe(true);
    const day = (serial: Cell): number => Math.floor(localFromExcelSerial(serial as number) / 86400);
    const hx = payments.filter((p) => p[0] === "ST-2026-09-HX");
    expect(hx.map((p) => day(p[1]))).toEqual([daysFromCivil(2026, 10, 23), daysFromCivil(2026, 10, 30)]);
    expect(hx.reduce((s, p) => s + (p[2] as number), 0)).toBe(statements[1][3]);
    expect(day(statements[1][6])).toBe(daysFromCivil(2026, 10, 16));
    const jt = payments.filter((p) => p[0] === "ST-2026-09-JT");
    expect((jt[0][2] as number) + (statements[2][7] as number)).toBe(statements[2][3]);
    expect(day(jt[0][1])).toBeLessThanOrEqual(day(statements[2][6]));
  });
});
