/**
 * The Statements sheet: earlier months' statements (amount, due, disputed), for overdue-payment fees.
 */
import { IssueList } from "../core/issues";
import type { StatementRecord } from "../core/model";
import { ZERO } from "../core/money";
import type { ZoneClock } from "../clocks/api";
import { cellText, coerceDay, coerceMoney } from "./values";
import { ProviderNames } from "./providerVariants";
import { coerceMonthCell, dataRows, get, headerOf, providerOf, ref, type Table, take } from "./table";

export function readStatements(t: Table, zone: ZoneClock | null, issues: IssueList, providerNames: ProviderNames): StatementRecord[] {
  const out: StatementRecord[] = [];
  for (const r of dataRows(t)) {
    const id = cellText(get(t, r, "statement")).trim();
    if (!id) {
      issues.error("VALUE_MISSING", { ...ref(t, r, "statement") }, { field: "statement", header: headerOf(t, "statement") });
      continue;
    }
    if (out.some((s) => s.id === id)) {
      issues.error("STATEMENT_REPEATED", { ...ref(t, r, "statement"), value: id });
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
    if (issues.items.slice(before).some((i) => i.severity === "error")) continue;
    if (rec.disputed.greaterThan(rec.amount)) {
      issues.error("DISPUTED_EXCEEDS_AMOUNT", { ...ref(t, r, "disputed"), value: cellText(get(t, r, "disputed")) }, { statement: id });
      continue;
    }
    out.push(rec);
  }
  return out;
}
