/**
 * The sheet of SLA.* function examples (examples/functions.xlsx): each row holds the arguments, the formula as a
 * user types it, the formula itself (its cached value is what the functions compute), and the expected value side
 * by side, with the reason in both languages. The expected values are computed by the same functions the add-in
 * runs; `shown` is the expected value as Excel shows it, written by hand from the calendar, and a test checks one
 * against the other. No Agreement sheet: the defaults apply (CN, 09:00-18:00, end of day 24:00).
 */
import type { Cell } from "../src/engine/core/cells";
import type { OutputSheet } from "../src/engine/core/output";
import { isFunctionError, noAgreement, slaDue, slaElapsed, slaIsWorkday, slaLateBy, slaWorkday } from "../src/functions/slaFunctions";

export type ExampleFunction = "DUE" | "ELAPSED" | "LATEBY" | "WORKDAY" | "ISWORKDAY";

export interface FunctionExample {
  fn: ExampleFunction;
  en: string;
  zh: string;
  /** Start, or the date for WORKDAY/ISWORKDAY: "YYYY-MM-DD HH:MM" local wall clock. */
  start: string;
  end?: string;
  /** Target, or n for WORKDAY. */
  target?: number;
  unit?: string;
  calendar?: string;
  hours?: string;
  /** The expected result as a cell formatted as below shows it ("2026-10-10 16:00", "13:15", "TRUE"). */
  shown: string;
}

const SPLIT = "09:00-12:00, 13:00-18:00";

export const FUNCTION_EXAMPLES: FunctionExample[] = [
  {
    fn: "DUE", start: "2026-09-30 16:00", target: 24, unit: "working hours", calendar: "CN", hours: SPLIT, shown: "2026-10-10 16:00",
    en: "24 working hours across National Day (10-01..10-07 off) end on the make-up workday Sat 10-10",
    zh: "24 个工作小时跨越国庆（10-01 至 10-07 放假），在调休上班的周六 10-10 到期",
  },
  {
    fn: "DUE", start: "2026-09-30 16:00", target: 3, unit: "working days", shown: "2026-10-11 00:00",
    en: "3 working days: 10-08, 10-09, 10-10; due at the end of 10-10 (24:00, shown as 10-11 00:00)",
    zh: "3 个工作日：10-08、10-09、10-10；于 10-10 当日结束（24:00，显示为 10-11 00:00）到期",
  },
  {
    fn: "DUE", start: "2026-09-28 10:00", target: 5, unit: "days", shown: "2026-10-09 00:00",
    en: "5 days end on 10-03, a holiday: the period ends at the end of the next working day 10-08 (Civil Code art. 203)",
    zh: "5 天期满于 10-03（节假日），顺延至下一个工作日 10-08 结束（民法典第二百零三条）",
  },
  {
    fn: "DUE", start: "2026-09-28 10:00", target: 5, unit: "days", calendar: "24x7", shown: "2026-10-04 00:00",
    en: "The same on a 24x7 calendar: every day counts, due at the end of 10-03",
    zh: "同上，但按 24x7 日历：每天都计算，于 10-03 当日结束到期",
  },
  {
    fn: "DUE", start: "2026-10-09 17:00", target: 2, unit: "hours", shown: "2026-10-09 19:00",
    en: "2 hours are 2 real hours, working time or not (art. 201)",
    zh: "2 小时即 2 个自然小时，不论是否工作时间（第二百零一条）",
  },
  {
    fn: "DUE", start: "2026-10-09 17:00", target: 2, unit: "wh", calendar: "Mon-Fri", shown: "2026-10-12 10:00",
    en: "2 working hours from Fri 17:00 on Mon-Fri 09:00-18:00: 1 h on Friday, 1 h on Monday",
    zh: "周五 17:00 起 2 个工作小时（周一至周五 09:00-18:00）：周五 1 小时，周一 1 小时",
  },
  {
    fn: "ELAPSED", start: "2026-09-30 16:00", end: "2026-10-09 11:15", unit: "working hours", hours: SPLIT, shown: "12:15",
    en: "Working time 09-30 16:00 to 10-09 11:15: 2 h + 8 h on 10-08 + 2 h 15 min on 10-09",
    zh: "09-30 16:00 至 10-09 11:15 的工作时间：2 小时 + 10-08 的 8 小时 + 10-09 的 2 小时 15 分",
  },
  {
    fn: "ELAPSED", start: "2026-09-30 16:00", end: "2026-10-09 11:15", unit: "hours", shown: "211:15",
    en: "The same span in real time: 8 days 19 h 15 min",
    zh: "同一时段的自然时间：8 天 19 小时 15 分",
  },
  {
    fn: "LATEBY", start: "2026-09-30 16:00", end: "2026-10-09 11:15", target: 8, unit: "wh", hours: SPLIT, shown: "4:15",
    en: "Due 10-08 16:00 after 8 working hours; done 10-09 11:15: 2 h + 2 h 15 min of working time late",
    zh: "8 个工作小时于 10-08 16:00 到期；10-09 11:15 完成：超时 2 小时 + 2 小时 15 分工作时间",
  },
  {
    fn: "LATEBY", start: "2026-09-30 16:00", end: "2026-10-08 15:00", target: 8, unit: "wh", hours: SPLIT, shown: "0:00",
    en: "Done before the due: 0",
    zh: "在到期前完成：0",
  },
  {
    fn: "WORKDAY", start: "2026-09-30 00:00", target: 1, shown: "2026-10-08 00:00",
    en: "The first working day after 09-30 is 10-08 (National Day)",
    zh: "09-30 之后的第一个工作日是 10-08（国庆）",
  },
  {
    fn: "WORKDAY", start: "2026-09-19 00:00", target: 1, shown: "2026-09-20 00:00",
    en: "Sun 09-20 is a make-up workday, which WORKDAY.INTL cannot express",
    zh: "周日 09-20 调休上班，WORKDAY.INTL 无法表达",
  },
  {
    fn: "WORKDAY", start: "2026-10-03 00:00", target: 0, shown: "2026-10-08 00:00",
    en: "n = 0: the day itself when it is a working day, else the next one",
    zh: "n = 0：当天为工作日则取当天，否则取下一个工作日",
  },
  {
    fn: "ISWORKDAY", start: "2026-10-10 00:00", shown: "TRUE",
    en: "Sat 10-10 is a make-up workday",
    zh: "周六 10-10 调休上班",
  },
  {
    fn: "ISWORKDAY", start: "2026-10-01 00:00", shown: "FALSE",
    en: "10-01 is National Day",
    zh: "10-01 是国庆节",
  },
  {
    fn: "ISWORKDAY", start: "2026-10-01 00:00", calendar: "Mon-Fri", shown: "TRUE",
    en: "On the Mon-Fri calendar 10-01 (a Thursday) is a working day",
    zh: "按周一至周五日历，10-01（周四）是工作日",
  },
];

/** "2026-09-30 16:00" → a 1900-system serial, without the engine: 1970-01-01 is serial 25569. */
export function serialOfText(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a date-time: ${text}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 86_400_000 + 25569;
}

/** The expected value, computed by the functions the add-in runs (throws on an error: every example is valid). */
export function computeExample(e: FunctionExample): number | boolean {
  const book = noAgreement("1900");
  const start = serialOfText(e.start);
  const end = e.end ? serialOfText(e.end) : undefined;
  const r =
    e.fn === "DUE" ? slaDue(book, "en", start, e.target, e.unit, e.calendar, e.hours)
    : e.fn === "ELAPSED" ? slaElapsed(book, "en", start, end, e.unit, e.calendar, e.hours)
    : e.fn === "LATEBY" ? slaLateBy(book, "en", start, end, e.target, e.unit, e.calendar, e.hours)
    : e.fn === "WORKDAY" ? slaWorkday(book, "en", start, e.target, e.calendar)
    : slaIsWorkday(book, "en", start, e.calendar);
  if (isFunctionError(r)) throw new Error(`${e.fn} ${e.start}: ${r.message}`);
  return r;
}

const DATE_TIME = "yyyy-mm-dd hh:mm";
const DURATION = "[h]:mm";
export const resultFormat = (fn: ExampleFunction): string => (fn === "DUE" || fn === "WORKDAY" ? DATE_TIME : fn === "ISWORKDAY" ? "General" : DURATION);

const HEADER = [
  "Function / 函数", "Example / 示例", "说明", "Start or date / 开始或日期", "End / 结束", "Target or n / 时限或 n", "Unit / 单位",
  "Calendar / 日历", "Hours / 工作时间", "Formula / 公式", "Result / 结果", "Expected / 预期", "Same / 一致",
];
const FIRST_ROW = 3; // zero-based row of the first example (title, note, header above it)

/** The formula of an example row (Excel row `n`, 1-based); omitted trailing arguments are left out, middle ones empty. */
export function exampleFormula(e: FunctionExample, n: number): string {
  const args =
    e.fn === "DUE" ? [`D${n}`, `F${n}`, `G${n}`, e.calendar ? `H${n}` : "", e.hours ? `I${n}` : ""]
    : e.fn === "ELAPSED" ? [`D${n}`, `E${n}`, `G${n}`, e.calendar ? `H${n}` : "", e.hours ? `I${n}` : ""]
    : e.fn === "LATEBY" ? [`D${n}`, `E${n}`, `F${n}`, `G${n}`, e.calendar ? `H${n}` : "", e.hours ? `I${n}` : ""]
    : e.fn === "WORKDAY" ? [`D${n}`, `F${n}`, e.calendar ? `H${n}` : ""]
    : [`D${n}`, e.calendar ? `H${n}` : ""];
  while (args.length > 0 && args[args.length - 1] === "") args.pop();
  return `SLA.${e.fn}(${args.join(",")})`;
}

export function buildFunctionsSheets(): OutputSheet[] {
  const rows: Cell[][] = [
    ["SLA Ledger worksheet functions / SLA 结算台账工作表函数"],
    ["Result: the formulas (the add-in must be loaded to recalculate them); Expected: the same values written as numbers. 结果列为公式（需加载插件才能重新计算），预期列为同样的数值。"],
    HEADER,
  ];
  const formulas: OutputSheet["formulas"] = [];
  const cellFormats: OutputSheet["cellFormats"] = [];
  FUNCTION_EXAMPLES.forEach((e, i) => {
    const r = FIRST_ROW + i;
    const n = r + 1;
    const value = computeExample(e);
    const formula = exampleFormula(e, n);
    rows.push([
      `SLA.${e.fn}`, e.en, e.zh, serialOfText(e.start), e.end ? serialOfText(e.end) : null, e.target ?? null, e.unit ?? null,
      e.calendar ?? null, e.hours ?? null, `=${formula}`, value, value, true,
    ]);
    formulas.push({ row: r, col: 10, formula: `=${formula}` }, { row: r, col: 12, formula: `=K${n}=L${n}` });
    const format = resultFormat(e.fn);
    cellFormats.push({ row: r, col: 10, numberFormat: format }, { row: r, col: 11, numberFormat: format });
    if (e.fn === "WORKDAY" || e.fn === "ISWORKDAY") cellFormats.push({ row: r, col: 3, numberFormat: "yyyy-mm-dd" });
  });
  return [
    {
      name: "Functions",
      role: "template",
      rows,
      formulas,
      columns: [
        { widthChars: 14 }, { widthChars: 48 }, { widthChars: 40 }, { widthChars: 18, numberFormat: DATE_TIME }, { widthChars: 18, numberFormat: DATE_TIME },
        { widthChars: 10 }, { widthChars: 14, numberFormat: "@" }, { widthChars: 10, numberFormat: "@" }, { widthChars: 26, numberFormat: "@" },
        { widthChars: 34, numberFormat: "@" }, { widthChars: 18 }, { widthChars: 18 }, { widthChars: 8 },
      ],
      cellFormats,
      rowStyles: [{ row: 0, style: "title" }, { row: 1, style: "note" }, { row: 2, style: "header" }],
      freezeRows: 3,
      tables: [],
    },
  ];
}
