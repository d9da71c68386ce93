/** The `Findings YYYY-MM` output sheet (docs/CONTRACT.md, Output sheets) and the `findings` array of the CLI's JSON (docs/CONTRACT.md, Command line). */
import type { Cell } from "../core/cells";
import { cellAddress } from "../core/cells";
import type { Finding, FindingStatus } from "../core/finding";
import type { Lang } from "../core/issues";
import type { Agreement, ClockUnit } from "../core/model";
import { formatMoney, MinorSum, moneyNumber } from "../core/money";
import { cellsOf, EXCEL_MAX_ROWS, lazyRowsSheet, partName, rowStyleCode, splitIntoParts, tableRows, type OutputSheet } from "../core/output";
import { explanationText, lateByText } from "./computeFindings";
import { deadlineDay, excelSerialFromLocal, formatDay, formatDeadline, formatMonth, isoLocal, type LocalSeconds, type Month } from "../core/time";

const HEADERS: Record<Lang, string[]> = {
  en: ["Ticket", "Provider", "Clause", "Name", "Start", "End", "Due", "Target", "Elapsed", "Late By", "Status", "Penalty", "Dispute By", "Explanation"],
  zh: ["工单", "服务商", "条款", "名称", "起算", "完成", "期限", "时限", "用时", "超时", "状态", "违约金", "异议截止", "说明"],
};
export const STATUS_WORDS: Record<Lang, Record<FindingStatus, string>> = {
  en: { met: "met", late: "late", open: "open", overdue: "overdue", missing: "missing", exempt: "exempt", error: "error" },
  zh: { met: "达标", late: "超时", open: "进行中", overdue: "已逾期", missing: "缺数据", exempt: "免责", error: "数据错误" },
};
const UNIT_WORDS: Record<Lang, Record<ClockUnit, string>> = {
  en: { hours: "h", "working hours": "working h", days: "days", "working days": "working days" },
  zh: { hours: "小时", "working hours": "工作小时", days: "天", "working days": "个工作日" },
};

const HEADER_CODE = rowStyleCode("header");
const LATE_CODE = rowStyleCode("late");
const TOTAL_CODE = rowStyleCode("total");

export function findingsSheetName(month: Month, part = 1): string {
  return partName(`Findings ${formatMonth(month)}`, part);
}

/**
 * The `Findings YYYY-MM` sheet (docs/CONTRACT.md, Output sheets). A month with more findings than one Excel sheet holds continues on
 * `Findings YYYY-MM part 2`, `part 3`, … — each with its own header, filter and SUBTOTAL row over its own lines.
 * Rows are built on demand (core/output RowSource): a million tickets make over three million findings, and their
 * trace text alone would not fit in memory at 1,048,575 tickets if built at once.
 */
export function buildFindingsSheets(
  findings: readonly Finding[], month: Month, lang: Lang, agreement: Agreement,
  disputeBy: ReadonlyMap<string, LocalSeconds> = new Map(), opts: { maxRowsPerSheet?: number } = {},
): OutputSheet[] {
  return splitIntoParts(findings, opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS)
    .map((part, i) => findingsPart(part, month, lang, agreement, disputeBy, i + 1));
}

function findingsPart(
  findings: readonly Finding[], month: Month, lang: Lang, agreement: Agreement,
  disputeBy: ReadonlyMap<string, LocalSeconds>, part: number,
): OutputSheet {
  const time = (t: LocalSeconds | null) => (t === null ? null : excelSerialFromLocal(t));
  // Deadlines as text as people read them ("2026-11-06 24:00", not "2026-11-07 00:00"): an Excel date-time cannot
  // show 24:00, and this form sorts and filters in the order of the instants (docs/FINDINGS.md "Deadlines").
  const deadline = (t: LocalSeconds | null) => (t === null ? null : formatDeadline(t, { lang, style: "short" }));
  const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 100) / 100);
  // Keyed by unit, then target: no key string built per row.
  const targets = new Map<ClockUnit, Map<number, string>>();
  const targetText = (f: Finding) => {
    const unit = f.unit;
    let byTarget = targets.get(unit);
    if (!byTarget) targets.set(unit, (byTarget = new Map()));
    const target = f.target;
    let text = byTarget.get(target);
    if (text === undefined) byTarget.set(target, (text = `${target} ${UNIT_WORDS[lang][unit]}`));
    return text;
  };
  const serials = new Map<string, string | null>();
  const disputeSerial = (provider: string) => {
    let serial = serials.get(provider);
    if (serial === undefined) {
      const d = disputeBy.get(provider);
      serials.set(provider, (serial = d === undefined ? null : deadline(d)));
    }
    return serial;
  };
  const statusWords = STATUS_WORDS[lang];
  const digits = agreement.minorDigits;
  const findingRow = (f: Finding): Cell[] => {
    const provider = f.provider;
    return cellsOf(
      f.ticket, provider, f.clauseRef, f.clauseName, time(f.start), time(f.end), deadline(f.due),
      targetText(f), hours(f.elapsedSeconds), lateByText(f, lang) || null, statusWords[f.status],
      moneyNumber(f.penalty, digits), disputeSerial(provider), explanationText(f, lang),
    );
  };

  // Styles and the total are needed up front; the rows themselves are built when a host asks. The styles as a code
  // per row (core/output rowStyleCodes): most of a million rows can be late, an object each was tens of MB.
  const last = findings.length; // zero-based row of the last finding (0 when none: the header)
  const totalRow = last + 1;
  const rowStyleCodes = new Uint8Array(totalRow + 1);
  rowStyleCodes[0] = HEADER_CODE;
  // Summed in minor units while exact, not one decimal.js addition each (core/money MinorSum).
  const penalties = new MinorSum(digits);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const status = f.status;
    if (status === "late" || status === "overdue") rowStyleCodes[i + 1] = LATE_CODE;
    penalties.add(f.penalty);
  }
  const total = penalties.total();
  rowStyleCodes[totalRow] = TOTAL_CODE;
  const totalLine: Cell[] = [lang === "zh" ? "合计" : "Total", null, null, null, null, null, null, null, null, null, null, moneyNumber(total, digits), null, null];

  const hoursFormat = lang === "zh" ? '0.00" 小时"' : '0.00" h"';
  const moneyFormat = `#,##0.${"0".repeat(agreement.minorDigits)}`.replace(/\.$/, "");
  const dt = "yyyy-mm-dd hh:mm";
  const tableName = `Findings_${formatMonth(month).replace("-", "_")}${part === 1 ? "" : `_part${part}`}`;
  return lazyRowsSheet(
    {
      name: findingsSheetName(month, part),
      role: "findings",
      // SUBTOTAL(9, …) so the total follows the user's filter (e.g. one provider).
      formulas: [{ row: totalRow, col: 11, formula: `=SUBTOTAL(9,${cellAddress(1, 11)}:${cellAddress(Math.max(last, 1), 11)})` }],
      columns: [
        { widthChars: 12, numberFormat: "@" }, { widthChars: 20, numberFormat: "@" }, { widthChars: 8, numberFormat: "@" },
        { widthChars: 18, numberFormat: "@" }, { widthChars: 16, numberFormat: dt }, { widthChars: 16, numberFormat: dt },
        { widthChars: 16, numberFormat: "@" }, { widthChars: 13, numberFormat: "@" }, { widthChars: 11, numberFormat: hoursFormat },
        { widthChars: 24, numberFormat: "@" }, { widthChars: 9, numberFormat: "@" }, { widthChars: 11, numberFormat: moneyFormat },
        { widthChars: 16, numberFormat: "@" }, { widthChars: 100, numberFormat: "@", print: false },
      ],
      cellFormats: [],
      rowStyles: [],
      rowStyleCodes,
      freezeRows: 1,
      tables: last >= 1 ? [{ name: tableName, headerRow: 0, lastRow: last, firstCol: 0, lastCol: 13 }] : [],
    },
    tableRows(HEADERS[lang], findings, findingRow, totalLine),
  );
}

export function findingsJson(findings: readonly Finding[], agreement: Agreement): unknown[] {
  const t = (x: LocalSeconds | null) => (x === null ? null : isoLocal(x));
  return findings.map((f) => ({
    ticket: f.ticket,
    provider: f.provider,
    clause: f.clauseRef,
    name: f.clauseName,
    status: f.status,
    start: t(f.start),
    end: t(f.end),
    due: t(f.due),
    // The day the due belongs to: a due at 00:00 closes the day before (the ISO instant stays above).
    dueDate: f.due === null ? null : formatDay(deadlineDay(f.due)),
    elapsedSeconds: f.elapsedSeconds,
    lateBySeconds: f.lateBySeconds,
    lateBy: lateByText(f, "en") || undefined,
    lateCount: f.lateCount,
    penalty: formatMoney(f.penalty, agreement.minorDigits),
    exemption: f.exemption || undefined,
    explanation: f.explanation.en,
  }));
}
