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
import { formatMoney, type Dec } from "../core/money";
import { sha256OfTexts, type TextSha256 } from "../core/sha256";
import { formatDay, formatLocal, type LocalSeconds } from "../core/time";
import type { ReportModel } from "./model";

const field = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells: (string | number)[]) => `${cells.map(field).join(",")}\n`;

/** About this many characters of whole lines per piece of the CSV (evidenceCsvPieces). */
const PIECE_CHARS = 1 << 16;

/**
 * The evidence CSV of a report model in pieces of whole lines, in order (see the file comment for its form): a
 * million evidence rows make some hundred million characters, which a hasher takes a piece at a time.
 */
export function* evidenceCsvPieces(model: Omit<ReportModel, "evidenceFile">): Generator<string> {
  const h = model.header;
  const s = model.summary;
  const digits = h.minorDigits;
  const m = (d: Dec) => formatMoney(d, digits);
  let out = line(["contract", "customer", "provider", "month", "statement", "statement_date", "payment_due", "currency",
    "fees", "penalties_before_cap", "cap_adjustment", "overdue_fees", "net_payable", "disputed", "provisional"]);
  out += line([h.contractNo, h.customer, h.provider, h.month, h.statementNo, formatDay(h.statementDate), formatDay(h.paymentDue), h.currency,
    m(s.fees), m(s.penaltiesBeforeCap), m(s.capAdjustment), m(s.overdueFees), m(s.netPayable), m(s.disputed), s.provisional ? "yes" : "no"]);
  out += line(["ticket", "clause", "start", "end", "due", "late_by_seconds", "status", "penalty", "exemption"]);
  const at = (t: LocalSeconds | null) => (t === null ? "" : formatLocal(t));
  for (const e of model.evidence) {
    // Instants, seconds, a status word and a plain decimal never hold a comma, a quote or a line break: only the
    // texts from the workbook go through field().
    out += `${field(e.ticket)},${field(e.clauseRef)},${at(e.start)},${at(e.end)},${at(e.due)},${e.lateBySeconds},${e.status},${m(e.penalty)},${field(e.exemption)}\n`;
    if (out.length >= PIECE_CHARS) {
      yield out;
      out = "";
    }
  }
  yield out;
}

/** The evidence CSV of a report model (see the file comment for its exact form). */
export function evidenceCsv(model: Omit<ReportModel, "evidenceFile">): string {
  return [...evidenceCsvPieces(model)].join("");
}

/**
 * The attachment's name, its text and the SHA-256 of its UTF-8 bytes, hashed a piece at a time by `opts.sha256`
 * (else the engine's own). `keepCsv: false`: the text is written again when first read, and not held until then (a
 * consumer that prints only the digest, the report sheet, never pays for it).
 */
export function evidenceFile(
  model: Omit<ReportModel, "evidenceFile">, opts: { sha256?: TextSha256; keepCsv?: boolean } = {},
): { name: string; csv: string; sha256: string } {
  const hash = opts.sha256 ?? sha256OfTexts;
  // The statement number, in characters every file system takes, and short enough for any of them.
  const id = model.header.statementNo.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  const name = `evidence-${id || "statement"}.csv`;
  if (opts.keepCsv !== false) {
    const pieces = [...evidenceCsvPieces(model)];
    return { name, csv: pieces.join(""), sha256: hash(pieces) };
  }
  let csv: string | null = null;
  return {
    name,
    get csv() {
      return (csv ??= evidenceCsv(model));
    },
    sha256: hash(evidenceCsvPieces(model)),
  };
}
