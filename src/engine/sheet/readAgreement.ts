/**
 * The Agreement sheet: key/value rows (Currency, Time Zone, Calendar, Working Hours, …), each key once.
 */
import { cellAddress, type SheetData } from "../core/cells";
import { IssueList } from "../core/issues";
import type { Agreement, CellRef } from "../core/model";
import { Dec, isKnownCurrency, minorDigits, ZERO } from "../core/money";
import { AGREEMENT_INDEX } from "./headers";
import { normalizeHeader, normalizeText } from "./normalize";
import { cellText, coerceDailyRate, coerceHours, coerceInteger, coercePercent, isBlank } from "./values";

const CALENDARS: Record<string, Agreement["calendar"]> = {
  cn: "CN", china: "CN", prc: "CN", 中国: "CN", 法定: "CN", 法定节假日: "CN", 中国法定节假日: "CN",
  "mon-fri": "Mon-Fri", monfri: "Mon-Fri", "monday-friday": "Mon-Fri", 周一至周五: "Mon-Fri", 工作日: "Mon-Fri",
  "24x7": "24x7", "7x24": "24x7", "24/7": "24x7", 全天: "24x7", 全年无休: "24x7",
};

const DAY_ENDS: Record<string, Agreement["dayEndsAt"]> = {
  "24:00": "midnight", midnight: "midnight", "24点": "midnight", "24时": "midnight", 午夜: "midnight", "00:00": "midnight",
  closeofbusiness: "close-of-business", cob: "close-of-business", 下班: "close-of-business", 下班时间: "close-of-business", 营业结束: "close-of-business", 工作时间结束: "close-of-business",
};

const BASES: Record<string, Agreement["settlementBasis"]> = {
  closed: "closed", close: "closed", 结案: "closed", 关闭: "closed", 结案时间: "closed",
  repaired: "repaired", 维修完成: "repaired", 修复: "repaired", 维修完成时间: "repaired",
};

export function readAgreement(sheet: SheetData, issues: IssueList): Agreement {
  const a: Agreement = {
    contractNo: "", provider: "", customer: "", currency: "CNY", minorDigits: 2, timeZone: "Asia/Shanghai",
    calendar: "CN",
    workingHours: [{ fromSecond: 9 * 3600, toSecond: 18 * 3600 }],
    dayEndsAt: "midnight", warrantyMonths: 12, settlementBasis: "closed", statementDay: 1, paymentDays: 30,
    lateFeeRate: { perDay: new Dec("0.0005"), text: "0.05% per day" }, lateFeeGraceDays: 0, lateFeeCap: null,
    disputeDays: 5, penaltyCap: null, unperformedRate: new Dec("0.2"), refs: {},
  };
  const seen = new Map<string, string>();
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const keyCell = row[0] ?? null;
    const value = row[1] ?? null;
    if (isBlank(keyCell)) continue;
    const keyText = cellText(keyCell);
    const field = AGREEMENT_INDEX.get(normalizeHeader(keyText));
    const keyRef = { sheet: sheet.name, cell: cellAddress(r, 0) };
    const at = { sheet: sheet.name, cell: cellAddress(r, 1), value: cellText(value) };
    if (!field) {
      const k = normalizeHeader(keyText);
      if (!["key", "键", "项目", "字段", "item", "field", "term", "条款"].includes(k)) {
        issues.warning("AGREEMENT_KEY_UNKNOWN", { ...keyRef, value: keyText });
      }
      continue;
    }
    if (seen.has(field)) {
      issues.warning("AGREEMENT_KEY_REPEATED", { ...keyRef, value: keyText }, { first: seen.get(field)! });
      continue;
    }
    seen.set(field, keyRef.cell);
    if (isBlank(value)) continue; // the default applies (docs/CONTRACT.md, Input sheets: Agreement)
    const bad = (expected: string) => issues.error("AGREEMENT_VALUE_INVALID", at, { key: keyText, expected });
    const text = cellText(value).trim();
    const norm = normalizeText(text);
    (a.refs as Record<string, CellRef>)[field] = { sheet: sheet.name, cell: at.cell };
    switch (field) {
      case "contractNo":
      case "provider":
      case "customer":
        a[field] = text;
        break;
      case "currency": {
        const code = text.toUpperCase();
        if (!/^[A-Z]{3}$/.test(code)) bad("currency");
        else {
          if (!isKnownCurrency(code)) issues.warning("CURRENCY_UNKNOWN", at);
          a.currency = code;
          a.minorDigits = minorDigits(code);
        }
        break;
      }
      case "timeZone":
        a.timeZone = text;
        break;
      case "calendar":
        if (CALENDARS[norm]) a.calendar = CALENDARS[norm];
        else bad("calendar");
        break;
      case "workingHours": {
        const h = coerceHours(value);
        if (h.ok) a.workingHours = h.value;
        else bad("hours");
        break;
      }
      case "dayEndsAt": {
        const d = DAY_ENDS[norm.replace(/[_\-]/g, "")];
        if (d) a.dayEndsAt = d;
        else bad("day-ends");
        break;
      }
      case "warrantyMonths":
      case "statementDay":
      case "paymentDays":
      case "lateFeeGraceDays":
      case "disputeDays": {
        const limits: Record<string, [number, number]> = {
          warrantyMonths: [0, 1200], statementDay: [1, 28], paymentDays: [0, 3650], lateFeeGraceDays: [0, 3650], disputeDays: [0, 365],
        };
        const [lo, hi] = limits[field];
        const n = coerceInteger(typeof value === "string" ? value.replace(/[天日月个工作]/g, "") : value, lo, hi);
        if (n.ok) (a as unknown as Record<string, number>)[field] = n.value;
        else bad(`integer ${lo}-${hi}`);
        break;
      }
      case "settlementBasis":
        if (BASES[norm]) a.settlementBasis = BASES[norm];
        else bad("basis");
        break;
      case "lateFeeRate": {
        const r2 = coerceDailyRate(value);
        if (r2.ok) a.lateFeeRate = r2.value;
        else bad("rate");
        break;
      }
      case "lateFeeCap":
      case "penaltyCap":
      case "unperformedRate": {
        if (["none", "无", "不设", "-", "n/a"].includes(norm)) {
          if (field !== "unperformedRate") a[field] = null;
          else a.unperformedRate = ZERO;
          break;
        }
        const p = coercePercent(value);
        if (p.ok) a[field] = p.value;
        else bad("percent");
        break;
      }
    }
  }
  return a;
}

/** The Agreement's Calendar as people write it (`CN`, `Mon-Fri`, `7x24`, `法定节假日`, …) → the calendar, or null. */
export function parseCalendarKind(text: string): Agreement["calendar"] | null {
  return CALENDARS[normalizeText(text.trim())] ?? null;
}
