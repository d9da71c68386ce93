/** Words for the working-calendar issues (docs/CONTRACT.md, Input sheets: Agreement Working Hours, Calendar sheet). */
import { registerMessages } from "../core/messages";

const HOURS_PROBLEM_EN: Record<string, string> = {
  "end-before-start": "an interval ends before (or when) it starts",
  overlap: "two intervals overlap",
  outside: "an interval is outside 00:00-24:00",
  empty: "there are no working intervals",
};
const HOURS_PROBLEM_ZH: Record<string, string> = {
  "end-before-start": "某个时段的结束时间不晚于开始时间",
  overlap: "两个时段相互重叠",
  outside: "某个时段超出 00:00-24:00",
  empty: "没有任何工作时段",
};

registerMessages({
  WORKING_HOURS_INVALID: {
    en: (i) => ({
      problem: `Working hours "${i.value}" cannot be used: ${HOURS_PROBLEM_EN[String(i.params.problem)] ?? i.params.problem}.`,
      fix: "Write increasing, non-overlapping intervals such as 09:00-12:00, 13:00-18:00.",
    }),
    zh: (i) => ({
      problem: `工作时间“${i.value}”无法使用：${HOURS_PROBLEM_ZH[String(i.params.problem)] ?? i.params.problem}。`,
      fix: "请按时间先后填写互不重叠的时段，例如 09:00-12:00, 13:00-18:00。",
    }),
  },
  CALENDAR_HOURS_INVALID: {
    en: (i) => ({
      problem: `The part-day hours "${i.value}" cannot be used: ${HOURS_PROBLEM_EN[String(i.params.problem)] ?? i.params.problem}.`,
      fix: "Write the day's working intervals in the Hours column, e.g. 09:00-12:00; the row is ignored until then.",
    }),
    zh: (i) => ({
      problem: `部分工作日的时段“${i.value}”无法使用：${HOURS_PROBLEM_ZH[String(i.params.problem)] ?? i.params.problem}。`,
      fix: "请在“时段”列填写当天的工作时段，例如 09:00-12:00；修正前该行不生效。",
    }),
  },
  CALENDAR_DAY_REPEATED: {
    en: (i) => ({
      problem: `${i.value} is listed more than once on the Calendar sheet (first at ${i.params.first}); this later row wins.`,
      fix: "Keep one row per date.",
    }),
    zh: (i) => ({
      problem: `${i.value} 在日历表中出现多次（首次在 ${i.params.first}），以此行为准。`,
      fix: "每个日期只保留一行。",
    }),
  },
  CALENDAR_NOT_COVERED: {
    en: (i) => ({
      problem: `The ${i.params.calendar} calendar has no data for ${i.value}, so this deadline cannot be computed.`,
      fix: `Add ${String(i.value).slice(0, 4)}'s holidays and make-up workdays to the Calendar sheet (Date | Type | Hours | Name), or choose the Mon-Fri calendar in the Agreement.`,
    }),
    zh: (i) => ({
      problem: `${i.params.calendar} 日历没有 ${i.value} 的数据，无法计算该期限。`,
      fix: `请在日历表（日期 | 类型 | 时段 | 名称）中补充 ${String(i.value).slice(0, 4)} 年的节假日和调休上班日，或在协议中改用 Mon-Fri 日历。`,
    }),
  },
});
