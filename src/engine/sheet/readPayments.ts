/**
 * The Payments sheet: payments against statements, by statement number.
 */
import { IssueList } from "../core/issues";
import type { PaymentRecord, RecordLeftOut, StatementRecord } from "../core/model";
import type { DayNumber } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { cellText, coerceDay, coerceMoney } from "./values";
import { dataRows, get, ref, type Table, take } from "./table";

/**
 * The readable rows as payments. A row with an error is left out and listed in `leftOut` (its first error's cell, and
 * the provider of the statement it pays when that is known): the overdue-payment fees cannot count it.
 */
export function readPayments(t: Table, statements: StatementRecord[], zone: ZoneClock | null, issues: IssueList, leftOut: RecordLeftOut[]): PaymentRecord[] {
  const out: PaymentRecord[] = [];
  const providerOf = new Map(statements.map((s) => [s.id, s.provider]));
  for (const r of dataRows(t)) {
    const statement = cellText(get(t, r, "statement")).trim();
    const before = issues.items.length;
    const paidOn = take(t, r, "paidOn", (c) => coerceDay(c, zone), issues, { required: true });
    const amount = take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    if (!providerOf.has(statement)) {
      // A payment against no statement listed (a mistyped number?) may belong to any provider.
      const at = ref(t, r, "statement");
      issues.error("PAYMENT_STATEMENT_UNKNOWN", { ...at, value: statement });
      leftOut.push({ cell: `${at.sheet}!${at.cell}`, provider: null });
      continue;
    }
    if (paidOn === null || amount === null) {
      const error = issues.items.slice(before).find((i) => i.severity === "error");
      const at = error ?? ref(t, r, amount === null ? "amount" : "paidOn");
      leftOut.push({ cell: `${at.sheet}!${at.cell}`, provider: providerOf.get(statement) || null });
      continue;
    }
    out.push({ statement, paidOn: paidOn as DayNumber, amount, source: ref(t, r, "statement") });
  }
  return out;
}
