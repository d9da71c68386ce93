/**
 * Text forms shared by the report sheet and the PDF, so both print the same strings.
 * Money: exactly the currency's minor digits with thousands separators ("1,544.00"); never a float.
 */
import type { Lang } from "../core/issues";
import type { ClockUnit, PenaltyKind } from "../core/model";
import { Dec, formatMoney, groupThousands } from "../core/money";
import { formatDay, formatLocal, type DayNumber, type LocalSeconds } from "../core/time";

/** "1234567.5" → "1,234,567.50" (digits = the currency's minor unit). The amount is already rounded per line. */
export function formatAmount(amount: Dec, digits: number): string {
  const plain = formatMoney(amount, digits);
  const negative = plain.startsWith("-");
  const body = negative ? plain.slice(1) : plain;
  const text = groupThousands(body);
  // "-0.00" reads as a mistake on a statement; a zero is a zero.
  return negative && !new Dec(body).isZero() ? `-${text}` : text;
}

/** 0.0005 → "0.05%"; 0.2 → "20%". Fractions are exact decimals, so no float noise. */
export function formatPercent(fraction: Dec): string {
  return `${fraction.times(100).toDecimalPlaces(6).toString()}%`;
}

export function formatDayText(d: DayNumber): string {
  return formatDay(d);
}

export function formatTime(t: LocalSeconds | null): string {
  return t === null ? "" : formatLocal(t);
}

const isWorking = (u: ClockUnit): boolean => u === "working hours" || u === "working days";

/**
 * How late, on the clause's own clock (docs/CONTRACT.md, Clocks: "Late by"): real time for hours/days clauses ("1 d 2 h 30 min"),
 * working time for working units ("5 working h 20 min"). Zero → "".
 */
export function formatDuration(seconds: number, unit: ClockUnit, lang: Lang): string {
  if (!(seconds > 0)) return "";
  const total = Math.round(seconds);
  const working = isWorking(unit);
  const days = working ? 0 : Math.floor(total / 86400);
  const rest = total - days * 86400;
  const hours = Math.floor(rest / 3600);
  const minutes = Math.floor((rest % 3600) / 60);
  const secs = rest % 60;
  const parts: string[] = [];
  if (lang === "zh") {
    if (days) parts.push(`${days}天`);
    if (hours) parts.push(working ? `${hours}工作小时` : `${hours}小时`);
    if (minutes) parts.push(`${minutes}分`);
    if (secs) parts.push(`${secs}秒`);
    if (working && !hours) parts.unshift("工作时间");
    return parts.join("");
  }
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(working ? `${hours} working h` : `${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (secs) parts.push(`${secs} s`);
  if (working && !hours) parts.unshift("working");
  return parts.join(" ");
}

/** Elapsed time as hours with one decimal ("26.5 h" / "26.5 工作小时"), for KPI columns. */
export function formatHours(seconds: number | null, unit: ClockUnit, lang: Lang): string {
  if (seconds === null) return "";
  const hours = new Dec(seconds).div(3600).toDecimalPlaces(1).toFixed(1);
  if (lang === "zh") return `${hours}${isWorking(unit) ? "工作小时" : "小时"}`;
  return `${hours} ${isWorking(unit) ? "working h" : "h"}`;
}

const UNIT_WORDS: Record<Lang, Record<ClockUnit, string>> = {
  en: { hours: "h", "working hours": "working h", days: "days", "working days": "working days" },
  zh: { hours: "小时", "working hours": "工作小时", days: "天", "working days": "个工作日" },
};

/** "24 h", "3 working days" / "24小时", "3个工作日". */
export function formatTarget(target: number, unit: ClockUnit, lang: Lang): string {
  return lang === "zh" ? `${target}${UNIT_WORDS.zh[unit]}` : `${target} ${UNIT_WORDS.en[unit]}`;
}

const PENALTY_WORDS: Record<Lang, Record<PenaltyKind, string>> = {
  en: { fixed: "fixed", "per day": "per day", "per hour": "per hour", "percent of fee": "of fee", none: "none" },
  zh: { fixed: "每次", "per day": "每天", "per hour": "每小时", "percent of fee": "按服务费比例", none: "无" },
};

/** "100.00 fixed", "50.00 per day", "10% of fee", "none" / "每次 100.00", "按服务费比例 10%", "无". */
export function formatPenaltyRule(kind: PenaltyKind, amount: Dec, digits: number, lang: Lang): string {
  if (kind === "none") return PENALTY_WORDS[lang].none;
  const figure = kind === "percent of fee" ? formatPercent(amount) : formatAmount(amount, digits);
  return lang === "zh" ? `${PENALTY_WORDS.zh[kind]} ${figure}` : `${figure} ${PENALTY_WORDS.en[kind]}`;
}

/**
 * Escapes user text for Excel's header/footer code language: "&" starts a code, so a literal one is "&&"
 * (a contract number like "A&B-7" would otherwise print garbage).
 */
export function escapeHeaderFooter(text: string): string {
  return text.replace(/&/g, "&&");
}

export { displayWidth } from "../core/print";
import { displayWidth } from "../core/print";

/** Wide (CJK, full-width) characters, as core/print displayWidth counts them; a word, a wide character or a space run. */
const WIDE = "\\u1100-\\u115f\\u2e80-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6";
const WORDS_OR_WIDE = new RegExp(`[${WIDE}]|[^\\s${WIDE}]+\\s*|\\s+`, "g");

/**
 * Text broken into lines of at most `width` units (displayWidth), at spaces where it can and anywhere in CJK
 * text: a sheet's long notes then print on as many rows as they need, never past the page's right edge.
 */

export function breakLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  // Words (with their following spaces) for Latin text; each wide character on its own.
  const pieces = text.match(WORDS_OR_WIDE) ?? [];
  for (const piece of pieces) {
    const w = displayWidth(piece.trimEnd());
    if (used > 0 && used + w > width) {
      lines.push(line.trimEnd());
      line = "";
      used = 0;
    }
    if (used === 0 && /^\s+$/.test(piece)) continue;
    line += piece;
    used += displayWidth(piece);
  }
  if (line.trim() !== "" || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
