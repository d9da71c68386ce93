/**
 * The Statements sheet: earlier months' statements (amount, due, disputed), for overdue-payment fees.
 */
import { IssueList } from "../core/issues";
import type { RecordLeftOut, StatementRecord } from "../core/model";
import { ZERO } from "../core/money";
import type { ZoneClock } from "../clocks/api";
import { cellText, coerceDay, coerceMoney } from "./values";
import { ProviderNames } from "./providerVariants";
import { coerceMonthCell, dataRows, get, headerOf, providerOf, ref, type Table, take } from "./table";

/**
 * The readable rows as statement records. A row with an error is left out and listed in `leftOut` (its first error's
 * cell, and its provider when the row names one): the overdue-payment fees cannot count it.
 */
export function readStatements(t: Table, zone: ZoneClock | null, issues: IssueList, providerNames: ProviderNames, leftOut: RecordLeftOut[]): StatementRecord[] {
  const out: StatementRecord[] = [];
  for (const r of dataRows(t)) {
    const id = cellText(get(t, r, "statement")).trim();
    const at = ref(t, r, "statement");
    if (!id) {
      issues.error("VALUE_MISSING", { ...at }, { field: "statement", header: headerOf(t, "statement") });
      leftOut.push({ cell: `${at.sheet}!${at.cell}`, provider: null });
      continue;
    }
    if (out.some((s) => s.id === id)) {
      issues.error("STATEMENT_REPEATED", { ...at, value: id });
      leftOut.push({ cell: `${at.sheet}!${at.cell}`, provider: null });
      continue;
    }
    const before = issues.items.length;
    const month = take(t, r, "month", (c) => coerceMonthCell(c, zone), issues, { required: true });
    const amount = take(t, r, "amount", (c) => coerceMoney(c), issues, { required: true });
    const day = (f: string) => take(t, r, f, (c) => coerceDay(c, zone), issues);
    const rec = {
      id, provider: providerOf(t, r, providerNames), month: month ?? "", amount: amount ?? ZERO,
      issued: day("issued"), received: day("received"), due: day("due"),
      disputed: take(t, r, "disputed", (c) => coerceMoney(c), issues) ?? ZERO,
      source: ref(t, r, "statement"),
    };
    const error = issues.items.slice(before).find((i) => i.severity === "error");
    if (error) {
      leftOut.push({ cell: `${error.sheet}!${error.cell}`, provider: rec.provider || null });
      continue;
    }
    if (rec.disputed.greaterThan(rec.amount)) {
      const cell = ref(t, r, "disputed");
      issues.error("DISPUTED_EXCEEDS_AMOUNT", { ...cell, value: cellText(get(t, r, "disputed")) }, { statement: id });
      leftOut.push({ cell: `${cell.sheet}!${cell.cell}`, provider: rec.provider || null });
      continue;
    }
    out.push(rec);
  }
  return out;
}
