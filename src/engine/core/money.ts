/**
 * Money and rates: decimal.js through one engine-private configuration (DESIGN.md "Money"), never the global
 * `Decimal.set`, never a binary float. Rounding happens only at named points, once per money line, half-up like
 * Excel's ROUND.
 */
import DecimalBase from "decimal.js";

export const Dec = DecimalBase.clone({ precision: 34, rounding: DecimalBase.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

/** ISO 4217 minor units of the currencies a finance user is likely to settle in; others default to 2. */
const MINOR_UNITS: Record<string, number> = {
  CNY: 2, USD: 2, EUR: 2, HKD: 2, TWD: 2, GBP: 2, SGD: 2, AUD: 2, CAD: 2, CHF: 2, MOP: 2,
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3,
};

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

export function minorDigits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

/** The one rounding point of a money line: half-up to the currency's minor unit. */
export function roundMoney(amount: Dec, digits: number): Dec {
  // Already on the minor unit: the same (immutable) value, not a copy — a month has a million fee lines.
  return amount.decimalPlaces() <= digits ? amount : amount.toDecimalPlaces(digits, Dec.ROUND_HALF_UP);
}

/** A number read from a cell goes through 15 significant digits first (Excel's precision), never its float noise. */
export function decFromNumber(n: number): Dec {
  // The shortest text that reads back as `n` (String) is that same value whenever it has at most 15 significant
  // digits and no exponent — nearly every money cell (1234.56) — and is cheaper to write and to parse than
  // toPrecision(15)'s padded one (a month has a million fee cells, issue 10).
  const text = String(n);
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 101 /* e */) return new Dec(n.toPrecision(15));
  }
  return new Dec(digits <= 15 ? text : n.toPrecision(15));
}

export function sumDec(values: readonly Dec[]): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** "1234567.50" → "1,234,567.50", "-1580.60" → "-1,580.60": grouping done on the decimal string, never a float. */
export function groupThousands(amount: string): string {
  // Under 1,000 there is nothing to group: no regex for most of a month's millions of trace amounts (issue 10).
  const dot = amount.indexOf(".");
  if ((dot < 0 ? amount.length : dot) - (amount.charCodeAt(0) === 45 ? 1 : 0) <= 3) return amount;
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000"];

/** Decimal string with exactly the currency's minor digits, as SPEC §6 JSON: "1234.00". */
export function formatMoney(amount: Dec, digits: number): string {
  // A value already on the minor unit (nearly every line) needs no rounding: its own digits padded with zeros are
  // what toFixed writes, at a quarter of the cost of toFixed's copy and rounding pass (issue 10).
  const dp = amount.decimalPlaces();
  if (dp <= digits && digits < ZEROS.length && amount.e > -7 && amount.e < 21) {
    const text = amount.toString();
    if (dp === digits) return text;
    return dp === 0 ? `${text}.${ZEROS[digits]}` : text + ZEROS[digits - dp];
  }
  return amount.toFixed(digits, Dec.ROUND_HALF_UP);
}
