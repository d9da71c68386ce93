/** Words for the money issues (docs/CONTRACT.md, Money). */
import { registerMessages } from "../core/messages";

registerMessages({
  FEE_WARRANTY_UNKNOWN: {
    en: (i) => ({ problem: `Ticket ${i.ticket}: warranty is unknown (no Warranty and no Purchase Date), so its fee cannot be computed; it is left out of the money totals.`, fix: "Fill in Warranty (in/out, 保内/保外) or the Purchase Date." }),
    zh: (i) => ({ problem: `工单 ${i.ticket}：保修状态未知（既无保修状态也无购买日期），无法计算服务费，未计入金额合计。`, fix: "请填写保修状态（保内/保外）或购买日期。" }),
  },
  STATEMENT_DATES_NOT_COVERED: {
    en: (i) => ({ problem: `The statement dates of ${i.params.provider} reach ${i.value}, where the ${i.params.calendar} calendar has no data; payment due and dispute-by are shown unmoved and must be checked by hand.`, fix: `Add ${String(i.value).slice(0, 4)}'s holidays and make-up workdays to the Calendar sheet.` }),
    zh: (i) => ({ problem: `${i.params.provider} 的结算日期涉及 ${i.value}，${i.params.calendar} 日历没有该日数据；应付日和异议截止日未顺延，需人工核对。`, fix: `请在日历表中补充 ${String(i.value).slice(0, 4)} 年的节假日和调休上班日。` }),
  },
});
