/** Words for the issues findings raise (docs/CONTRACT.md, Clocks). */
import { registerMessages } from "../core/messages";
import { zhEvent } from "../core/eventNames";

registerMessages({
  FINDING_START_MISSING: {
    en: (i) => ({ problem: `Ticket ${i.ticket} has no ${i.params.event} time, so clause ${i.params.clause} cannot start (status missing, no penalty).`, fix: `Fill in the ${i.params.event} time on the Tickets or Events sheet if the ticket has one.` }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 缺少${zhEvent(i.params.event)}时间，条款 ${i.params.clause} 无法起算（状态：缺数据，不计违约金）。`, fix: `如有该时间，请在工单表或事件表中补充 ${i.params.event}。` }),
  },
  FINDING_END_MISSING: {
    en: (i) => ({ problem: `Ticket ${i.ticket} is settled but has no ${i.params.event} time for clause ${i.params.clause} (status missing, no penalty).`, fix: `Fill in the ${i.params.event} time, or check that the clause should apply to this ticket.` }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 已结算，但缺少条款 ${i.params.clause} 所需的${zhEvent(i.params.event)}时间（状态：缺数据，不计违约金）。`, fix: `请补充${zhEvent(i.params.event)}时间，或确认该条款是否适用于此工单。` }),
  },
  FINDING_END_BEFORE_START: {
    en: (i) => ({ problem: `Ticket ${i.ticket}: ${i.params.end} (${i.value}) is before ${i.params.start} (${i.params.startAt}) for clause ${i.params.clause}; the ticket is left out of money totals.`, fix: "Correct whichever of the two times is wrong." }),
    zh: (i) => ({ problem: `工单 ${i.ticket}：条款 ${i.params.clause} 的${zhEvent(i.params.end)}时间（${i.value}）早于${zhEvent(i.params.start)}时间（${i.params.startAt}），该工单未计入金额合计。`, fix: "请更正其中错误的时间。" }),
  },
  PAUSE_UNMATCHED: {
    en: (i) => ({ problem: `Ticket ${i.ticket} is paused at ${i.value} and never resumed; the pause runs to ${i.params.asOf}.`, fix: "Add the resumed event on the Events sheet if the work resumed." }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 于 ${i.value} 暂停后未恢复，暂停计至 ${i.params.asOf}。`, fix: "如已恢复处理，请在事件表中补充“恢复”事件。" }),
  },
  PENALTY_FEE_UNKNOWN: {
    en: (i) => ({ problem: `Ticket ${i.ticket}: clause ${i.params.clause} charges a percent of the fee, but the fee is unknown; no penalty is charged.`, fix: "Fill in Warranty (or Purchase Date) and the fees of the ticket." }),
    zh: (i) => ({ problem: `工单 ${i.ticket}：条款 ${i.params.clause} 按服务费比例计违约金，但服务费未知，未计违约金。`, fix: "请补充该工单的保修状态（或购买日期）及各项费用。" }),
  },
});
