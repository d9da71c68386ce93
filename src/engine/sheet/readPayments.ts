/**
 * The Payments sheet: payments against statements, by statement number.
 */
import { IssueList } from "../core/issues";
import type { PaymentRecord, StatementRecord } from "../core/model";
import type { DayNumber } from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { cellText, coerceDay, coerceMoney } from "./values";
import { dataRows, get, ref, type Table, take } from "./table";

export function readPayments(t: Table, statements: StatementRecord[], zone: ZoneClock | null, issues: IssueList): PaymentRecord[] {
  const out: PaymentRecord[] = [];
  const known = new Set(statements.map((s) => s.id));
  for (const r of dataRows(t)) {
    const statement = cellText(get(t, r, "statement")).trim();
    const paidOn = take(t, r, "paidOn", (c) => coerceDay(c, zone), issues, { required: true });
    const amount = take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    if (!known.has(statement)) {
      issues.error("PAYMENT_STATEMENT_UNKNOWN", { ...ref(t, r, "statement"), value: statement });
      continue;
    }
    if (paidOn === null || amount === null) continue;
    out.push({ statement, paidOn: paidOn as DayNumber, amount, source: ref(t, r, "statement") });
  }
  return out;
}
