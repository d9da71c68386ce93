/**
 * How big a request to Excel is, as Excel counts it, and what "too big" looks like when Excel refuses one.
 *
 * Excel on the web takes at most 5 MB per request and per response, and a read of at most 5,000,000 cells
 * ("Resource limits and performance optimization for Office Add-ins"). Office.js sends a batch as JSON, so the
 * size is the UTF-8 bytes of that JSON: Chinese text is three bytes a character, not the one UTF-16 unit
 * `string.length` counts. Each action carries an envelope (ids, object path, action type) of a few hundred bytes,
 * measured on Office.js's own serialised requests (test/officejs).
 */

/** Excel on the web's limit on one request and one response. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/**
 * What the adapter plans one request to hold: well under the limit, so an estimate a little short of the real
 * serialisation (escapes, number formatting) never reaches it.
 */
export const REQUEST_BUDGET = 2 * 1024 * 1024;
/** One action's envelope in a request, in bytes (a formatting action measured at 400-600 bytes). */
export const ACTION_BYTES = 600;
/** Cells one read is planned to load: far under Excel's 5,000,000, and a response well under 5 MB. */
export const READ_CELL_BUDGET = 200_000;

/** UTF-8 bytes of a string, without building the encoded copy. */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** UTF-8 bytes of one row as JSON inside a 2-D array (brackets, commas, quotes and escapes counted). */
export function rowJsonBytes(row: readonly unknown[]): number {
  return utf8Bytes(JSON.stringify(row)) + 1;
}

const SIZE_CODES = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded", "PayloadTooLarge", "RangeExceedsLimit"]);

const codeOf = (e: unknown): string => (typeof e === "object" && e !== null ? String((e as { code?: unknown }).code ?? "") : "");

/**
 * Whether Excel refused a request for its size. Excel on the web may answer an oversize request with a plain
 * GeneralException (https://github.com/OfficeDev/office-js/issues/1314), which is also what a real fault looks like: it counts as "too big" only for
 * a request the caller knows to be large (`large`), so halving converges and a real fault still surfaces.
 */
export function isTooBig(e: unknown, large: boolean): boolean {
  const code = codeOf(e);
  return SIZE_CODES.has(code) || (large && code === "GeneralException");
}
