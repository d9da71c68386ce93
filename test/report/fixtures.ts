/**
 * A hand-made settled run (what engine/index.ts settleMonth returns), small enough to check every figure by hand.
 *
 * Month 2026-10, contract HT-2026-018, provider 华东维修服务有限公司 (and a second provider whose lines must never
 * appear in the first one's report).
 *   fees                       6 tickets              12,345.60
 *   2.2(1) 响应 fixed 100       T-1, T-3               200.00
 *   2.3 维修 50/day, cap 200    T-3 (2 days)           100.00
 *   unperformed T-7            20% × 500.00 = 100.00, capped at actual loss 80.00 → 80.00
 *   penalties before cap                              380.00
 *   Penalty Cap 3% × 12,345.60 = 370.368 → 370.37     adjustment −9.63
 *   penalties after cap                               370.37
 *   overdue fees (S-2026-09)   100,000.00 × 0.05% × 5 = 250.00; 40,000.00 × 0.05% × 13 = 260.00 → 510.00
 *   net payable                12,345.60 − 370.37 + 510.00 = 12,485.23
 *   disputed 300.00            undisputed 12,185.23
 *   received 2026-11-02 (Mon); 5 working days → end of Mon 2026-11-09 = 2026-11-10 00:00
 */
import type { ClockContext } from "../../src/engine/clocks/api";
import type { Finding, FindingStatus } from "../../src/engine/core/finding";
import type { Issue } from "../../src/engine/core/issues";
import type { Agreement, Clause, ParsedWorkbook, Ticket } from "../../src/engine/core/model";
import { Dec, ZERO } from "../../src/engine/core/money";
import { asLocal, daysFromCivil, localFromCivil, type LocalSeconds } from "../../src/engine/core/time";
import type { ReportRun } from "../../src/engine/report/buildReport";
import { makeStatement } from "./statementFixture";

export const PROVIDER = "华东维修服务有限公司";
export const OTHER = "Northwind Repairs";

export const at = (month: number, day: number, hour: number, minute = 0): LocalSeconds =>
  localFromCivil({ year: 2026, month, day, hour, minute, second: 0 });

export const agreement: Agreement = {
  contractNo: "HT-2026-018",
  provider: PROVIDER,
  customer: "上海某某电器有限公司",
  currency: "CNY",
  minorDigits: 2,
  timeZone: "Asia/Shanghai",
  calendar: "CN",
  workingHours: [{ fromSecond: 9 * 3600, toSecond: 12 * 3600 }, { fromSecond: 13 * 3600, toSecond: 18 * 3600 }],
  dayEndsAt: "midnight",
  warrantyMonths: 12,
  settlementBasis: "closed",
  statementDay: 1,
  paymentDays: 30,
  lateFeeRate: { perDay: new Dec("0.0005"), text: "0.05% per day" },
  lateFeeGraceDays: 0,
  lateFeeCap: null,
  disputeDays: 5,
  penaltyCap: new Dec("0.03"),
  unperformedRate: new Dec("0.2"),
  refs: { contractNo: { sheet: "Agreement", cell: "B2" }, paymentDays: { sheet: "Agreement", cell: "B9" }, penaltyCap: { sheet: "Agreement", cell: "B16" } },
};

const clause = (ref: string, name: string, over: Partial<Clause>): Clause => ({
  ref, name, appliesTo: [], startEvent: "reported", endEvent: "responded", target: 24, unit: "hours", penalty: "fixed",
  amount: new Dec(100), cap: null, pausable: true, effectiveFrom: null, effectiveTo: null,
  source: { sheet: "SLA", cell: "A2" }, ...over,
});

export const clauses: Clause[] = [
  clause("2.2(1)", "响应", {}),
  clause("2.3", "维修", {
    startEvent: "reported", endEvent: "repaired", target: 3, unit: "working days", penalty: "per day", amount: new Dec(50),
    cap: new Dec(200), appliesTo: [{ field: "service", values: ["onsite", "上门"] }], source: { sheet: "SLA", cell: "A3" },
  }),
  // Expired before October: not "in force" for this statement.
  clause("2.9", "旧条款", { effectiveTo: daysFromCivil(2026, 9, 30), source: { sheet: "SLA", cell: "A4" } }),
];

const ticket = (id: string, provider: string, row: number): Ticket => ({
  id, provider, fields: {}, warranty: "out", purchased: null, events: {}, closes: [], timeline: [], pauses: [],
  labour: null, parts: null, shipping: null, loss: null, outcome: "done", exemption: "",
  source: { sheet: "Tickets", cell: `A${row}` }, hasErrors: false,
});

export const tickets: Ticket[] = [
  ...["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8"].map((id, i) => ticket(id, PROVIDER, i + 2)),
  ticket("T-9", OTHER, 10),
];

interface FindingSpec {
  ticket: string;
  clause: "2.2(1)" | "2.3";
  status: FindingStatus;
  start: LocalSeconds;
  end: LocalSeconds | null;
  due: LocalSeconds;
  elapsedHours: number | null;
  lateBySeconds?: number;
  lateCount?: number;
  penalty?: string;
  exemption?: string;
  provider?: string;
}

function finding(s: FindingSpec): Finding {
  const c = clauses.find((x) => x.ref === s.clause)!;
  return {
    ticket: s.ticket,
    provider: s.provider ?? PROVIDER,
    clauseRef: c.ref,
    clauseName: c.name,
    unit: c.unit,
    target: c.target,
    penaltyKind: c.penalty,
    start: s.start,
    end: s.end,
    due: s.due,
    elapsedSeconds: s.elapsedHours === null ? null : s.elapsedHours * 3600,
    lateBySeconds: s.lateBySeconds ?? 0,
    lateCount: s.lateCount ?? 0,
    status: s.status,
    penalty: new Dec(s.penalty ?? 0),
    explanation: {
      en: `${s.ticket} ${c.ref}: due ${s.due} (trace)`,
      zh: `${s.ticket} ${c.ref}：截止时间依据（国庆节 10-01..10-07 休息）`,
    },
    exemption: s.exemption ?? "",
    sources: { clause: c.source, start: { sheet: "Tickets", cell: "F2" }, end: { sheet: "Tickets", cell: "G2" } },
  };
}

export const findings: Finding[] = [
  finding({ ticket: "T-1", clause: "2.2(1)", status: "late", start: at(10, 8, 9), end: at(10, 9, 11, 30), due: at(10, 9, 9), elapsedHours: 26.5, lateBySeconds: 9000, lateCount: 1, penalty: "100.00" }),
  finding({ ticket: "T-2", clause: "2.2(1)", status: "met", start: at(10, 12, 9), end: at(10, 12, 15), due: at(10, 13, 9), elapsedHours: 6 }),
  finding({ ticket: "T-3", clause: "2.2(1)", status: "late", start: at(10, 14, 10), end: at(10, 16, 10), due: at(10, 15, 10), elapsedHours: 48, lateBySeconds: 86400, lateCount: 1, penalty: "100.00" }),
  finding({ ticket: "T-3", clause: "2.3", status: "late", start: at(10, 14, 10), end: at(10, 21, 11), due: at(10, 17, 24), elapsedHours: 40, lateBySeconds: 10 * 3600, lateCount: 2, penalty: "100.00" }),
  finding({ ticket: "T-4", clause: "2.3", status: "exempt", start: at(10, 20, 9), end: at(10, 29, 9), due: at(10, 24, 0), elapsedHours: null, exemption: "不可抗力" }),
  finding({ ticket: "T-5", clause: "2.2(1)", status: "overdue", start: at(10, 30, 9), end: null, due: at(10, 31, 9), elapsedHours: null, lateBySeconds: 15 * 3600 }),
  finding({ ticket: "T-6", clause: "2.3", status: "met", start: at(10, 20, 9), end: at(10, 21, 17), due: at(10, 24, 0), elapsedHours: 17 }),
  finding({ ticket: "T-9", clause: "2.2(1)", status: "late", provider: OTHER, start: at(10, 8, 9), end: at(10, 9, 12), due: at(10, 9, 9), elapsedHours: 27, lateBySeconds: 10800, lateCount: 1, penalty: "100.00" }),
];

export const statements = [
  makeStatement({
    provider: PROVIDER,
    statementDate: daysFromCivil(2026, 11, 1),
    paymentDue: daysFromCivil(2026, 12, 1),
    receivedOn: daysFromCivil(2026, 11, 2),
    disputeBy: asLocal(localFromCivil({ year: 2026, month: 11, day: 10, hour: 0, minute: 0, second: 0 })),
    disputeDays: 5,
    feeLines: [["T-1", "2000.00"], ["T-2", "1500.00"], ["T-3", "3000.00"], ["T-4", "2345.60"], ["T-5", "1800.00"], ["T-6", "1700.00"]],
    penaltyLines: [
      { ticket: "T-1", clauseRef: "2.2(1)", clauseName: "响应", amount: "100.00" },
      { ticket: "T-3", clauseRef: "2.2(1)", clauseName: "响应", amount: "100.00" },
      { ticket: "T-3", clauseRef: "2.3", clauseName: "维修", amount: "100.00" },
    ],
    unperformedLines: [{ ticket: "T-7", amount: "80.00", basis: "500.00", loss: "80.00" }],
    capAdjustment: "-9.63",
    overdueSegments: [
      { statement: "S-2026-09", from: daysFromCivil(2026, 10, 15), to: daysFromCivil(2026, 10, 20), balance: "100000.00", amount: "250.00" },
      { statement: "S-2026-09", from: daysFromCivil(2026, 10, 20), to: daysFromCivil(2026, 11, 2), balance: "40000.00", amount: "260.00" },
    ],
    overdueFees: "510.00",
    netPayable: "12485.23",
    disputed: "300.00",
    invoice: { billed: "12500.00", computed: "12345.60" },
  }),
  makeStatement({
    provider: OTHER,
    statementDate: daysFromCivil(2026, 11, 1),
    paymentDue: daysFromCivil(2026, 12, 1),
    receivedOn: daysFromCivil(2026, 11, 1),
    disputeBy: asLocal(localFromCivil({ year: 2026, month: 11, day: 7, hour: 0, minute: 0, second: 0 })),
    disputeDays: 5,
    feeLines: [["T-9", "300.00"]],
    penaltyLines: [{ ticket: "T-9", clauseRef: "2.2(1)", clauseName: "响应", amount: "100.00" }],
    unperformedLines: [],
    capAdjustment: "0.00",
    overdueSegments: [],
    overdueFees: "0.00",
    netPayable: "200.00",
    disputed: "0.00",
    invoice: null,
  }),
];

export const parsed: ParsedWorkbook = {
  agreement, clauses, tickets, calendarOverrides: [], invoice: null, statements: [], payments: [], recognised: [],
};

/** A stand-in for the clock context: the report only reads the calendar's label. */
const ctx = { calendar: { label: "CN" }, zone: { zone: "Asia/Shanghai" }, dayEndsAt: "midnight" } as unknown as ClockContext;

export function makeRun(over: Partial<ReportRun> = {}): ReportRun {
  return { month: "2026-10", parsed, findings, statements, issues: [] as Issue[], hasErrors: false, ctx, ...over };
}

export const META = {
  generatedAt: "2026-11-24T19:40:00Z",
  inputSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  toolVersion: "0.1.0",
};

export { ZERO };
