/**
 * Matching is case-, width- (full/half) and space-insensitive (docs/CONTRACT.md, Input sheets): "Ｔｉｃｋｅｔ ＩＤ", "ticket id" and
 * "TicketID" are the same header; "上门" and " 上门 " the same value.
 */

/** Values (Applies To conditions, units, yes/no): NFKC (full width → half width), lower case, no spaces. */
export function normalizeText(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** Headers and keys: like values, and also ignoring the punctuation _ - . ( ) : that exports sprinkle into headers. */
export function normalizeHeader(s: string): string {
  return normalizeText(s).replace(/[_\-.()（）:：]/g, "");
}
