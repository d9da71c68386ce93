/**
 * The Invoice sheet: what the provider billed per ticket, for the reconciliation against the computed fees.
 */
import { IssueList } from "../core/issues";
import type { InvoiceLine } from "../core/model";
import type { ZoneClock } from "../clocks/api";
import { cellText, coerceMoney, isBlank } from "./values";
import { ProviderNames } from "./providerVariants";
import { coerceMonthCell, dataRows, get, providerOf, ref, type Table, take } from "./table";

export function readInvoice(t: Table, zone: ZoneClock | null, issues: IssueList, providerNames: ProviderNames): InvoiceLine[] {
  const out: InvoiceLine[] = [];
  for (const r of dataRows(t)) {
    const ticket = cellText(get(t, r, "ticket")).trim();
    const amount = take(t, r, "amount", (c) => coerceMoney(c, true), issues, { required: true });
    const month = isBlank(get(t, r, "month")) ? "" : take(t, r, "month", (c) => coerceMonthCell(c, zone), issues);
    if (!ticket) {
      issues.error("TICKET_ID_MISSING", { ...ref(t, r, "ticket") });
      continue;
    }
    if (amount === null || month === null) continue;
    out.push({ ticket, amount, provider: providerOf(t, r, providerNames), month, source: ref(t, r, "ticket") });
  }
  return out;
}
