/** Words for the issues the pipeline itself raises (run options rather than cells). */
import { registerMessages } from "../core/messages";

registerMessages({
  MONTH_INVALID: {
    en: (i) => ({ problem: `"${i.value}" is not a month.`, fix: "Give the month as YYYY-MM, e.g. 2026-10." }),
    zh: (i) => ({ problem: `“${i.value}”不是有效的月份。`, fix: "请按 YYYY-MM 填写月份，例如 2026-10。" }),
  },
  PROVIDER_UNKNOWN: {
    en: (i) => ({
      problem: `No ticket in the month belongs to provider "${i.value}".`,
      fix: `Choose one of: ${i.params.known || "(none)"}; or leave the provider empty to settle all.`,
    }),
    zh: (i) => ({
      problem: `本月没有服务商“${i.value}”的工单。`,
      fix: `请从以下服务商中选择：${i.params.known || "（无）"}；或不指定服务商以结算全部。`,
    }),
  },
  CALENDAR_INVALID: {
    en: () => ({
      problem: "The working calendar could not be built, so no deadline can be computed.",
      fix: "Fix the Working Hours on the Agreement sheet and the Calendar sheet issues listed above, then run again.",
    }),
    zh: () => ({
      problem: "无法建立工作日历，因此无法计算任何期限。",
      fix: "请先修正协议表中的工作时间及上面列出的日历表问题，再重新运行。",
    }),
  },
});
