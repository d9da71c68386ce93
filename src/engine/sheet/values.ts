/**
 * Cell value coercion (docs/CONTRACT.md, Input sheets): what finance users paste from ticketing systems — Excel serials, several text
 * date shapes, ISO 8601 with offsets, money with symbols and separators, percentages, yes/no in two languages.
 * Every function returns a value or a reason; none throws on any cell (NaN, Infinity, booleans, huge strings).
 */
import type { Cell } from "../core/cells";
import type { DayInterval } from "../core/model";
import { decFromNumber, Dec, minorUnits } from "../core/money";
import {
  asDay, asLocal, daysFromCivil, daysFromCivilMonth, daysInMonth, isValidCivilDate, localFromExcelSerial, SECONDS_PER_DAY, type DayNumber,
  type LocalSeconds,
} from "../core/time";
import type { ZoneClock } from "../clocks/api";
import { normalizeText } from "./normalize";

export type Coerced<T> = { ok: true; value: T } | { ok: false; expected: string };

const fail = <T>(expected: string): Coerced<T> => ({ ok: false, expected });
const ok = <T>(value: T): Coerced<T> => ({ ok: true, value });

export const isBlank = (c: Cell): boolean => c === null || (typeof c === "string" && c.trim() === "");

/** The text of a cell as the user wrote it, for issue messages (long strings shortened). */
export function cellText(c: Cell): string {
  if (c === null) return "";
  const s = typeof c === "number" && !Number.isFinite(c) ? String(c) : String(c);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

// Excel's 1900 date system: serial 61 is 1900-03-01; below that Excel counts a fictitious 1900-02-29.
const MIN_SERIAL = 61;
const MAX_SERIAL = 2958466; // 10000-01-01

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T\s]\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2}(?:\.\d+)?)\s*秒?|分)?)?$/;
const ISO_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A date-time in the agreement's zone, to the second: an Excel serial, `2026-10-03 14:05`, `2026/10/3 14:05:00`,
 * `2026年10月3日 14:05`, or ISO 8601 with an offset (converted into the agreement zone).
 */
export function coerceDateTime(c: Cell, zone: ZoneClock | null): Coerced<LocalSeconds> {
  const expected = "date-time";
  if (typeof c === "number") {
    if (!Number.isFinite(c) || c < MIN_SERIAL || c >= MAX_SERIAL) return fail("date-range");
    return ok(localFromExcelSerial(c));
  }
  if (typeof c !== "string") return fail(expected);
  const quick = plainDateTime(c);
  if (!Number.isNaN(quick)) return ok(asLocal(quick));
  const text = c.trim().normalize("NFKC");
  const iso = ISO_OFFSET.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, off] = iso;
    if (!isValidCivilDate(+y, +mo, +d) || +h > 23 || +mi > 59 || +(s ?? 0) > 59) return fail(expected);
    let offsetSeconds = 0;
    if (off.toUpperCase() !== "Z") {
      const sign = off[0] === "-" ? -1 : 1;
      const digits = off.slice(1).replace(":", "");
      offsetSeconds = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || "0") * 60);
    }
    const wall = daysFromCivil(+y, +mo, +d) * SECONDS_PER_DAY + +h * 3600 + +mi * 60 + +(s ?? 0);
    const utc = wall - offsetSeconds;
    if (!zone) return fail("time-zone");
    return ok(zone.fromUtc(utc));
  }
  const m = DATE_TEXT.exec(text);
  if (!m) return fail(expected);
  const [, y, mo, d, h, mi, s] = m;
  if (+y < 1900 || !isValidCivilDate(+y, +mo, +d)) return fail(expected);
  const hour = h === undefined ? 0 : +h;
  const minute = mi === undefined ? 0 : +mi;
  const second = s === undefined ? 0 : Math.round(+s);
  // 24:00 is the end of the day (docs/CONTRACT.md, Clocks); anything past it is a typo, not a guess.
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0))) return fail(expected);
  return ok(asLocal(daysFromCivil(+y, +mo, +d) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second));
}

/**
 * The local seconds of a date-time cell in one of the shapes nearly every sheet holds — an Excel serial in range,
 * or the plain text of plainDateTime — without the result object coerceDateTime makes; NaN for anything else. A
 * NaN is no verdict: the caller asks coerceDateTime, which reads the other shapes and names the reason for a bad
 * cell. A million-ticket month reads some seven million date cells.
 */
export function plainDateTimeSeconds(c: Cell): number {
  if (typeof c === "number") return c >= MIN_SERIAL && c < MAX_SERIAL ? localFromExcelSerial(c) : NaN; // NaN fails both
  return typeof c === "string" ? plainDateTime(c) : NaN;
}

/** The ASCII digit at `i` of `s` (0-9), or -1 (also past the end: charCodeAt gives NaN). */
function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

const YEAR = 0x5e74; // 年
const MONTH = 0x6708; // 月
const DAY = 0x65e5; // 日

/**
 * The shapes nearly every exported log uses — `2026-10-03 14:05`, `2026/10/3 14:05:00`, `2026年10月3日 14:05`
 * (ASCII digits; `-`, `/` or 年月日; one space, or `T`) — read without a regular expression, digit by digit: a
 * million-row sheet holds millions of them. Returns local seconds, or NaN for anything else (including
 * every invalid value), which then takes the general path above and gets its exact reason there.
 */
function plainDateTime(s: string): number {
  const n = s.length;
  if (n < 13 || n > 22) return NaN;
  const y0 = digitAt(s, 0);
  const y1 = digitAt(s, 1);
  const y2 = digitAt(s, 2);
  const y3 = digitAt(s, 3);
  if ((y0 | y1 | y2 | y3) < 0) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  if (year < 1900) return NaN;
  const sep = s.charCodeAt(4);
  const cjk = sep === YEAR;
  if (!cjk && sep !== 45 /* - */ && sep !== 47 /* / */) return NaN;
  // Month, day and hour: one digit or two.
  let i = 5;
  let d = digitAt(s, i++);
  if (d < 0) return NaN;
  let month = d;
  if ((d = digitAt(s, i)) >= 0) {
    month = month * 10 + d;
    i++;
  }
  if (s.charCodeAt(i++) !== (cjk ? MONTH : sep)) return NaN;
  if ((d = digitAt(s, i++)) < 0) return NaN;
  let day = d;
  if ((d = digitAt(s, i)) >= 0) {
    day = day * 10 + d;
    i++;
  }
  if (cjk && s.charCodeAt(i++) !== DAY) return NaN;
  const gap = s.charCodeAt(i++);
  if (gap !== 32 /* space */ && (cjk || gap !== 84) /* T */) return NaN;
  if ((d = digitAt(s, i++)) < 0) return NaN;
  let hour = d;
  if ((d = digitAt(s, i)) >= 0) {
    hour = hour * 10 + d;
    i++;
  }
  if (s.charCodeAt(i++) !== 58 /* : */) return NaN;
  // Minutes and seconds: two digits each.
  const m0 = digitAt(s, i);
  const m1 = digitAt(s, i + 1);
  if ((m0 | m1) < 0) return NaN;
  const minute = m0 * 10 + m1;
  i += 2;
  let second = 0;
  if (i < n) {
    const s0 = digitAt(s, i + 1);
    const s1 = digitAt(s, i + 2);
    if (s.charCodeAt(i) !== 58 /* : */ || (s0 | s1) < 0 || i + 3 !== n) return NaN;
    second = s0 * 10 + s1;
  }
  // isValidCivilDate's test, its whole-number checks already made by reading digits.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  return daysFromCivilMonth(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** A calendar day: as a date-time, the time of day dropped. */
export function coerceDay(c: Cell, zone: ZoneClock | null): Coerced<DayNumber> {
  const t = coerceDateTime(c, zone);
  if (!t.ok) return t.expected === "date-time" ? fail("date") : fail(t.expected);
  return ok(asDay(Math.floor(t.value / SECONDS_PER_DAY)));
}

const CURRENCY_NOISE = /[¥￥$€£]|元|人民币|rmb|cny|usd|eur|hkd/gi;

/** Money from a number (through 15 significant digits) or text (`¥1,234.50`, `1,234.5 元`, `(12.00)`). */
export function coerceMoney(c: Cell, allowNegative = false): Coerced<Dec> {
  if (typeof c === "number") {
    // Fees repeat across a month's rows (0, 200, 30 …): one decimal per distinct number (decimals are immutable).
    const memo = MONEY_MEMO[allowNegative ? 1 : 0];
    let result = memo.get(c);
    if (result === undefined) {
      if (memo.size >= 65_536) memo.clear();
      // Well inside the range, the number's own sign says what the decimal's would (15 significant digits never
      // round a non-zero amount to zero): no range comparison, which decimal.js makes by copying both operands.
      result = !Number.isFinite(c)
        ? fail("money")
        : Math.abs(c) < 1e15
          ? c < 0 && !allowNegative ? fail("money-negative") : ok(decFromNumber(c))
          : checkMoney(decFromNumber(c), allowNegative);
      memo.set(c, result);
    }
    return result;
  }
  let value: Dec;
  if (typeof c === "string") {
    let t = c.normalize("NFKC").replace(CURRENCY_NOISE, "").replace(/[\s,]/g, "");
    let negative = false;
    if (/^\(.*\)$/.test(t)) {
      negative = true;
      t = t.slice(1, -1);
    }
    if (!/^[-+]?\d+(\.\d+)?$/.test(t)) return fail("money");
    value = new Dec(t);
    if (negative) value = value.negated();
  } else return fail("money");
  return checkMoney(value, allowNegative);
}

/**
 * The decimal of a number cell that coerceMoney (not allowing negatives) would accept, from a memo of its own
 * that holds decimals, not result objects: a million-ticket month reads three million fee cells, mostly numbers
 * seen before. Null for anything else — text, a negative, a number out of range — which the caller
 * then hands to coerceMoney for its value or its reason. The memo holds up to 262,144 numbers: a month can have
 * a hundred thousand distinct parts fees, each several times, and one that started over at 65,536 (coerceMoney's)
 * kept parsing them again, at about 1 µs a decimal. readWorkbook empties it when done (releaseMemos).
 */
export function plainMoney(c: Cell): Dec | null {
  // coerceMoney's own test for a number it takes as it stands (NaN fails every comparison).
  if (typeof c !== "number" || !(c >= 0 && c < 1e15)) return null;
  return PLAIN_MONEY.valueAt(PLAIN_MONEY.placeOf(c, PLAIN_MONEY.digits));
}

/**
 * plainMoney, which also writes the decimal's minorUnits(·, digits) at `units[at]` — NaN when it has none (see
 * core/money minorUnits) — when it gives a decimal; `units` is left alone when it gives null. The units are worked
 * out once per distinct number, when its decimal is made, and kept beside its key in the memo: a month's parts
 * fees are some hundred thousand distinct decimals, and reading one again later, to add it up, was a cache miss
 * per ticket wherever it sat on the heap (fees read these instead, see core/ticketColumns partsUnitsOf).
 */
export function plainMoneyUnits(c: Cell, digits: number, units: Float64Array, at: number): Dec | null {
  if (typeof c !== "number" || !(c >= 0 && c < 1e15)) return null;
  const place = PLAIN_MONEY.placeOf(c, digits);
  units[at] = PLAIN_MONEY.unitsAt(place);
  return PLAIN_MONEY.valueAt(place);
}

/**
 * plainMoney's memo: numbers → their decimals (decFromNumber's, as before), in open addressing over the number's
 * own bits, not a Map<number, Dec>, whose every probe reads a boxed key somewhere on the heap. Keys sit side by side
 * in a Float64Array (NaN: a free place, never a key: plainMoney turns it away), at most half full, doubling from
 * 1,024 places up to 2^19; past 262,144 numbers it starts over. Measured: reading stage 5.0 s with this memo vs
 * 7.7 s with a Map<number, Dec> (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06), and
 * 9.0 s with a new decimal per cell (one pair).
 */
class NumberMemo {
  /**
   * Pairs (key, units): each key, and beside it minorUnits(its decimal, digits), made with the decimal (see
   * plainMoneyUnits) — in one array, so that a fee cell's probe and its units are one cache miss, not two: the
   * memo spans megabytes and a month's parts fees land anywhere in it.
   */
  private slots = new Float64Array(0);
  private values: (Dec | undefined)[] = [];
  /** The minor digits of `units`: the last asked for (plainMoney, which writes none, keeps them). */
  digits = 2;
  private mask = -1;
  private size = 0;

  /**
   * The place of `c`, a number plainMoney takes, its decimal and units made on first sight; valid until the next
   * call. Units of other digits than those kept: the memo starts over (a workbook's money has one currency).
   */
  placeOf(c: number, digits: number): number {
    if (digits !== this.digits) {
      this.clear();
      this.digits = digits;
    }
    if (this.mask < 0) this.resize(1024);
    const slots = this.slots;
    const mask = this.mask;
    let at = mask & hashNumber(c);
    for (; ; at = (at + 1) & mask) {
      const key = slots[2 * at];
      if (key === c) return at; // -0 may meet 0 here: both read as "0"
      if (key !== key) break;
    }
    const places = mask + 1;
    if (2 * (this.size + 1) > places) {
      this.resize(places >= MAX_PLACES ? places : 2 * places);
      return this.placeOf(c, digits);
    }
    const value = decFromNumber(c);
    slots[2 * at] = c;
    this.values[at] = value;
    slots[2 * at + 1] = minorUnits(value, digits);
    this.size += 1;
    return at;
  }

  valueAt(place: number): Dec {
    return this.values[place] as Dec;
  }

  unitsAt(place: number): number {
    return this.slots[2 * place + 1];
  }

  /** Starts over with `places` places (a power of two), keeping what fits of the memo when it grows. */
  private resize(places: number): void {
    const oldSlots = this.slots;
    const oldValues = this.values;
    const grow = 2 * places > oldSlots.length;
    // Keys NaN (free), units 0, as the separate arrays were.
    const slots = (this.slots = new Float64Array(2 * places));
    for (let at = 0; at < places; at++) slots[2 * at] = NaN;
    this.values = new Array<Dec | undefined>(places).fill(undefined);
    this.mask = places - 1;
    this.size = 0;
    if (!grow) return; // full at the largest size: start over
    for (let k = 0; k < oldValues.length; k++) {
      const key = oldSlots[2 * k];
      if (key !== key) continue;
      let at = this.mask & hashNumber(key);
      while (slots[2 * at] === slots[2 * at]) at = (at + 1) & this.mask;
      slots[2 * at] = key;
      this.values[at] = oldValues[k];
      slots[2 * at + 1] = oldSlots[2 * k + 1];
      this.size += 1;
    }
  }

  clear(): void {
    this.slots = new Float64Array(0);
    this.values = [];
    this.mask = -1;
    this.size = 0;
  }
}

const MAX_PLACES = 1 << 19;
const BITS = new Float64Array(1);
const WORDS = new Int32Array(BITS.buffer);

/** A hash of a number's bits, its low bits spread (murmur3's finaliser). */
function hashNumber(c: number): number {
  BITS[0] = c;
  let h = WORDS[0] ^ Math.imul(WORDS[1], 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const PLAIN_MONEY = new NumberMemo();
const MONEY_LIMIT = new Dec("1e15");
const MONEY_MEMO = [new Map<number, Coerced<Dec>>(), new Map<number, Coerced<Dec>>()];

/** Lets go of what the memos hold once a workbook is read (the add-in's worker lives on between runs). */
export function releaseMemos(): void {
  for (const memo of MONEY_MEMO) memo.clear();
  PLAIN_MONEY.clear();
}

function checkMoney(value: Dec, allowNegative: boolean): Coerced<Dec> {
  if (value.abs().greaterThan(MONEY_LIMIT)) return fail("money-range");
  if (value.isNegative() && !value.isZero() && !allowNegative) return fail("money-negative");
  return ok(value);
}

/**
 * A rate as a fraction: `20%` → 0.2, `0.05%` → 0.0005; a bare number is already a fraction (Excel stores 20% as
 * 0.2), so `0.2` → 0.2 — documented in docs/WORKBOOK.md.
 */
export function coercePercent(c: Cell): Coerced<Dec> {
  if (typeof c === "number") {
    if (!Number.isFinite(c) || c < 0 || c > 100) return fail("percent");
    return ok(decFromNumber(c));
  }
  if (typeof c !== "string") return fail("percent");
  const t = c.normalize("NFKC").replace(/\s/g, "");
  const m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (m) return ok(new Dec(m[1]).dividedBy(100));
  if (/^\d+(\.\d+)?$/.test(t)) return ok(new Dec(t));
  return fail("percent");
}

/** `0.05%`, `0.05% per day`, `0.05%/天`, `每日0.05%`, `18% per year`, `年18%` → a rate per day (per year ÷ 365). */
export function coerceDailyRate(c: Cell): Coerced<{ perDay: Dec; text: string }> {
  if (typeof c === "number") {
    const p = coercePercent(c);
    return p.ok ? ok({ perDay: p.value, text: `${p.value.times(100).toString()}% per day` }) : fail("rate");
  }
  if (typeof c !== "string") return fail("rate");
  const t = normalizeText(c);
  const perYear = /year|annum|年/.test(t);
  const m = /(\d+(?:\.\d+)?)%/.exec(t);
  if (!m) return fail("rate");
  const rest = t.replace(m[0], "").replace(/per|day|daily|year|annum|每|日|天|年|\/|按|p\.?a\.?|\s/g, "");
  if (rest !== "") return fail("rate");
  const fraction = new Dec(m[1]).dividedBy(100);
  return ok({ perDay: perYear ? fraction.dividedBy(365) : fraction, text: `${m[1]}% ${perYear ? "per year" : "per day"}` });
}

/** A whole number in [min, max]. */
export function coerceInteger(c: Cell, min: number, max: number): Coerced<number> {
  const n = typeof c === "number" ? c : typeof c === "string" && /^\s*[-+]?\d+(\.0+)?\s*$/.test(c) ? Number(c) : NaN;
  if (!Number.isFinite(n) || !Number.isInteger(n) || n < min || n > max) return fail(`integer ${min}-${max}`);
  return ok(n);
}

/** A positive number (a clause target). */
export function coercePositive(c: Cell): Coerced<number> {
  const n = typeof c === "number" ? c : typeof c === "string" && /^\s*\d+(\.\d+)?\s*$/.test(c) ? Number(c) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1e6) return fail("positive number");
  return ok(n);
}

const YES = new Set(["yes", "y", "true", "1", "是", "可", "可以", "可暂停", "✓", "√"]);
const NO = new Set(["no", "n", "false", "0", "否", "不", "不可", "不可暂停", "×", "✗"]);
export function coerceYesNo(c: Cell): Coerced<boolean> {
  if (typeof c === "boolean") return ok(c);
  const t = normalizeText(cellText(c));
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return fail("yes/no");
}

/** `09:00-12:00, 13:00-18:00` → intervals in seconds after midnight (24:00 allowed as an end). */
export function coerceHours(c: Cell): Coerced<DayInterval[]> {
  if (typeof c !== "string") return fail("hours");
  const parts = c.normalize("NFKC").split(/[,;，；、]/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return fail("hours");
  const out: DayInterval[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return fail("hours");
    const from = +m[1] * 3600 + +m[2] * 60;
    const to = +m[3] * 3600 + +m[4] * 60;
    if (+m[2] > 59 || +m[4] > 59 || from > SECONDS_PER_DAY || to > SECONDS_PER_DAY) return fail("hours");
    out.push({ fromSecond: from, toSecond: to });
  }
  return ok(out);
}
