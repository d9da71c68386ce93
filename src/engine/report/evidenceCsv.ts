/**
 * The report's evidence as a CSV file the recipient can hold and check: the statement's figures, then one line per
 * evidence row (the figures and instants printed in the report's tables). The PDF carries it as an attached file
 * (`evidence-<statement>.csv`) and prints its SHA-256, so anyone with the PDF can save the attachment, hash it
 * (`sha256sum`, `certutil -hashfile … SHA256`, `shasum -a 256`) and see that it is the file the digest names, and
 * compare its lines with the printed tables. Nothing from the issuer's own workbook is needed.
 *
 * Canonical form: UTF-8 without a byte-order mark, lines ending in LF (the last one too), fields separated by
 * commas and quoted ("…", a quote doubled) only when they hold a comma, a quote or a line break; instants as
 * YYYY-MM-DD HH:MM in the agreement's time zone; amounts as plain decimals to the currency's minor unit.
 */
import { formatMoney } from "../core/money";
import { sha256Hex, utf8Bytes } from "../core/sha256";
import { formatDay, formatLocal } from "../core/time";
import type { ReportModel } from "./model";

const field = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells: (string | number)[]) => `${cells.map(field).join(",")}\n`;

/** The evidence CSV of a report model (see the file comment for its exact form). */
export function evidenceCsv(model: Omit<ReportModel, "evidenceFile">): string {
  const h = model.header;
  const s = model.summary;
  const m = (d: import("../core/money").Dec) => formatMoney(d, h.minorDigits);
  let out = line(["contract", "customer", "provider", "month", "statement", "statement_date", "payment_due", "currency",
    "fees", "penalties_before_cap", "cap_adjustment", "overdue_fees", "net_payable", "disputed", "provisional"]);
  out += line([h.contractNo, h.customer, h.provider, h.month, h.statementNo, formatDay(h.statementDate), formatDay(h.paymentDue), h.currency,
    m(s.fees), m(s.penaltiesBeforeCap), m(s.capAdjustment), m(s.overdueFees), m(s.netPayable), m(s.disputed), s.provisional ? "yes" : "no"]);
  out += line(["ticket", "clause", "start", "end", "due", "late_by_seconds", "status", "penalty", "exemption"]);
  const at = (t: number | null) => (t === null ? "" : formatLocal(t as Parameters<typeof formatLocal>[0]));
  for (const e of model.evidence) {
    out += line([e.ticket, e.clauseRef, at(e.start), at(e.end), at(e.due), e.lateBySeconds, e.status, m(e.penalty), e.exemption]);
  }
  return out;
}

/** The attachment's name, its text and the SHA-256 of its UTF-8 bytes. */
export function evidenceFile(model: Omit<ReportModel, "evidenceFile">): { name: string; csv: string; sha256: string } {
  const csv = evidenceCsv(model);
  // The statement number, in characters every file system takes, and short enough for any of them.
  const id = model.header.statementNo.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  const name = `evidence-${id || "statement"}.csv`;
  return { name, csv, sha256: sha256Hex(utf8Bytes(csv)) };
}
