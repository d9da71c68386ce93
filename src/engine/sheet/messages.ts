/** Words for every issue the readers raise: the problem, quoting the bad value, and how to fix it (en, zh). */
import type { Issue } from "../core/issues";
import { registerMessages, type MessageCatalog } from "../core/messages";
import { zhEvent } from "../core/eventNames";

const ROLE_WORDS: Record<string, [string, string]> = {
  tickets: ["Tickets", "工单"], events: ["Events", "事件"], agreement: ["Agreement", "协议"], sla: ["SLA", "服务标准"],
  calendar: ["Calendar", "日历"], invoice: ["Invoice", "账单"], statements: ["Statements", "结算单"], payments: ["Payments", "付款"],
};
const role = (i: Issue, zh = false) => (ROLE_WORDS[String(i.params.role)] ?? [String(i.params.role), String(i.params.role)])[zh ? 1 : 0];
const v = (i: Issue) => `"${i.value}"`;
const vz = (i: Issue) => `“${i.value}”`;

const EXPECTED: Record<string, [string, string]> = {
  currency: ["a three-letter ISO 4217 code such as CNY", "三位 ISO 4217 币种代码，例如 CNY"],
  calendar: ["CN, Mon-Fri or 24x7", "CN、Mon-Fri 或 24x7"],
  hours: ["intervals such as 09:00-12:00, 13:00-18:00", "时段，例如 09:00-12:00, 13:00-18:00"],
  "day-ends": ["24:00 or close of business", "24:00 或 close of business（下班时间）"],
  basis: ["closed or repaired", "closed（结案）或 repaired（维修完成）"],
  rate: ["a rate such as 0.05% per day or 18% per year", "比例，例如 0.05% per day 或 18% per year"],
  percent: ["a percentage such as 20% (or 0.2)", "百分比，例如 20%（或 0.2）"],
};
const expectedWords = (i: Issue, zh: boolean) => {
  const e = String(i.params.expected ?? "");
  const hit = EXPECTED[e];
  if (hit) return hit[zh ? 1 : 0];
  const m = /^integer (\d+)-(\d+)$/.exec(e);
  if (m) return zh ? `${m[1]} 到 ${m[2]} 之间的整数` : `a whole number from ${m[1]} to ${m[2]}`;
  return e;
};

const catalog: MessageCatalog = {
  SHEET_MISSING: {
    en: (i) => ({ problem: `The workbook has no ${role(i)} sheet.`, fix: `Add a sheet named ${role(i)} (or ${role(i, true)}); "sla-ledger template" or "Create template sheets" writes one.` }),
    zh: (i) => ({ problem: `工作簿中没有“${role(i, true)}”工作表。`, fix: `请添加名为“${role(i, true)}”（或 ${role(i)}）的工作表；可用“创建模板工作表”生成。` }),
  },
  SHEET_EMPTY: {
    en: (i) => ({ problem: `The ${role(i)} sheet has no header row (a row with at least two filled cells).`, fix: "Put the column headers in the first row, then one row per record." }),
    zh: (i) => ({ problem: `“${role(i, true)}”工作表没有表头行（至少两个非空单元格的行）。`, fix: "请在第一行填写列标题，其下每行一条记录。" }),
  },
  SHEET_ROLE_REPEATED: {
    en: (i) => ({ problem: `Sheet ${v(i)} is a second ${role(i)} sheet beside "${i.params.first}": which one holds the month's data cannot be known, so nothing is settled.`, fix: `Rename or delete one of the two sheets ("${i.params.first}" and ${v(i)}), or merge their rows into one.` }),
    zh: (i) => ({ problem: `工作表${vz(i)}与“${i.params.first}”都是“${role(i, true)}”表，无法确定哪一个是本月数据，因此未作结算。`, fix: `请给两个工作表（“${i.params.first}”和${vz(i)}）之一改名或删除其一，或把数据合并到一个表中。` }),
  },
  COLUMN_MISSING: {
    en: (i) => ({ problem: `The ${role(i)} sheet has no "${i.params.header}" column.`, fix: `Add a column headed "${i.params.header}" (or "${i.params.headerZh}"), or map an existing header to it in the add-in's Setup.` }),
    zh: (i) => ({ problem: `“${role(i, true)}”工作表缺少“${i.params.headerZh}”列。`, fix: `请添加标题为“${i.params.headerZh}”（或 “${i.params.header}”）的列，或在加载项的“设置”中把已有列映射到该字段。` }),
  },
  HEADER_REPEATED: {
    en: (i) => ({ problem: `Header ${v(i)} means the same field as the column at ${i.params.first}; this column is ignored.`, fix: "Delete or rename one of the two columns." }),
    zh: (i) => ({ problem: `表头${vz(i)}与 ${i.params.first} 列对应同一字段，此列被忽略。`, fix: "请删除或重命名其中一列。" }),
  },
  VALUE_MISSING: {
    en: (i) => ({ problem: `"${i.params.header}" is empty.`, fix: `Fill in "${i.params.header}" for this row.` }),
    zh: (i) => ({ problem: `“${i.params.header}”为空。`, fix: `请为此行填写“${i.params.header}”。` }),
  },
  DATE_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a date${i.params.expected === "date" ? "" : " and time"}.`, fix: "Write it as 2026-10-03 14:05 (or 2026/10/3 14:05:00, 2026年10月3日 14:05), or enter an Excel date." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的日期${i.params.expected === "date" ? "" : "时间"}。`, fix: "请写成 2026-10-03 14:05（或 2026/10/3 14:05:00、2026年10月3日 14:05），或输入 Excel 日期。" }),
  },
  DATE_OUT_OF_RANGE: {
    en: (i) => ({ problem: `${v(i)} is not a date between 1900-03-01 and 9999-12-31.`, fix: "Check the cell: it may hold a number that is not a date; enter the date again." }),
    zh: (i) => ({ problem: `${vz(i)}不在 1900-03-01 至 9999-12-31 之间。`, fix: "请检查该单元格，可能是非日期的数字；请重新输入日期。" }),
  },
  DATE_NEEDS_TIME_ZONE: {
    en: (i) => ({ problem: `${v(i)} has a UTC offset, but the agreement's time zone is not usable, so it cannot be converted.`, fix: "Fix the Time Zone on the Agreement sheet first." }),
    zh: (i) => ({ problem: `${vz(i)}带有时差，但协议时区无效，无法换算。`, fix: "请先修正协议表中的时区。" }),
  },
  MONEY_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not an amount of money.`, fix: "Write a number such as 1234.50 (¥1,234.50 and 1,234.5 元 are fine too)." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效金额。`, fix: "请填写数字，例如 1234.50（¥1,234.50、1,234.5 元 也可以）。" }),
  },
  MONEY_NEGATIVE: {
    en: (i) => ({ problem: `${v(i)} is a negative amount; this cell must be zero or more.`, fix: "Enter the amount as zero or a positive number." }),
    zh: (i) => ({ problem: `${vz(i)}为负数；此处金额应为零或正数。`, fix: "请填写零或正数金额。" }),
  },
  MONEY_OUT_OF_RANGE: {
    en: (i) => ({ problem: `${v(i)} is too large to be an amount (over 10^15).`, fix: "Check the cell for a pasted ID or a typo." }),
    zh: (i) => ({ problem: `${vz(i)}超出金额范围（大于 10^15）。`, fix: "请检查是否误粘贴了编号或输入错误。" }),
  },
  PERCENT_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a percentage.`, fix: "Write it as 20% or 0.05% (a plain number is read as a fraction: 0.2 = 20%)." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的百分比。`, fix: "请写成 20% 或 0.05%（纯数字按小数理解：0.2 即 20%）。" }),
  },
  YES_NO_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not yes or no.`, fix: "Write yes/no (是/否)." }),
    zh: (i) => ({ problem: `${vz(i)}不是“是/否”。`, fix: "请填写 是/否（yes/no）。" }),
  },
  HOURS_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a list of working intervals.`, fix: "Write intervals such as 09:00-12:00, 13:00-18:00." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的工作时段。`, fix: "请写成 09:00-12:00, 13:00-18:00 这样的时段。" }),
  },
  NUMBER_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a positive number.`, fix: "Write a number greater than 0, e.g. 24." }),
    zh: (i) => ({ problem: `${vz(i)}不是正数。`, fix: "请填写大于 0 的数字，例如 24。" }),
  },
  MONTH_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a month.`, fix: "Write the month as 2026-09." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的月份。`, fix: "请写成 2026-09 这样的月份。" }),
  },
  TIME_ZONE_UNKNOWN: {
    en: (i) => ({ problem: `${v(i)} is not a time zone.`, fix: "Write an IANA time zone such as Asia/Shanghai in the Agreement sheet's Time Zone row." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的时区。`, fix: "请在协议表“时区”一行填写 IANA 时区，例如 Asia/Shanghai。" }),
  },
  AGREEMENT_KEY_UNKNOWN: {
    en: (i) => ({ problem: `${v(i)} is not a term SLA Ledger knows; the row is ignored.`, fix: "Use one of the keys in docs/WORKBOOK.md (e.g. Payment Days, Late Fee Rate), or leave the row as a note." }),
    zh: (i) => ({ problem: `${vz(i)}不是可识别的协议项，此行被忽略。`, fix: "请使用 docs/WORKBOOK.md 列出的键（如 付款期限(天)、滞纳金比例），或将其作为备注保留。" }),
  },
  AGREEMENT_KEY_REPEATED: {
    en: (i) => ({ problem: `${v(i)} appears again (first at ${i.params.first}); this row is ignored.`, fix: "Keep one row per term." }),
    zh: (i) => ({ problem: `${vz(i)}重复出现（首次在 ${i.params.first}），此行被忽略。`, fix: "每个协议项只保留一行。" }),
  },
  AGREEMENT_VALUE_INVALID: {
    en: (i) => ({ problem: `${v(i)} is not a valid ${i.params.key}.`, fix: `Write ${expectedWords(i, false)}.` }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的“${i.params.key}”。`, fix: `请填写${expectedWords(i, true)}。` }),
  },
  CURRENCY_UNKNOWN: {
    en: (i) => ({ problem: `Currency ${v(i)} is not in SLA Ledger's list; amounts are rounded to 2 decimals.`, fix: "Check the code; ignore this if 2 decimals are right for it." }),
    zh: (i) => ({ problem: `币种${vz(i)}不在已知列表中，金额按 2 位小数取整。`, fix: "请核对币种代码；若该币种本就是 2 位小数，可忽略。" }),
  },
  CLAUSE_REF_MISSING: {
    en: () => ({ problem: "A clause row has no clause reference; the row is left out.", fix: "Write the clause number from the agreement, e.g. 2.2(1)." }),
    zh: () => ({ problem: "该条款行没有条款号，此行未纳入计算。", fix: "请填写协议中的条款号，例如 2.2(1)。" }),
  },
  CLAUSE_EVENT_UNKNOWN: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: ${v(i)} names no known event; the clause is left out.`, fix: "Use a standard event (reported, responded, confirmed, onsite, received, diagnosed, repaired, returned, closed), a Tickets column header, or an event name from the Events sheet." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：${vz(i)}不是已知事件，此条款未纳入计算。`, fix: "请使用标准事件（报修、响应、确认、上门、收货、检测完成、维修完成、返还、结案）、工单表的列标题，或事件表中的事件名。" }),
  },
  UNIT_UNKNOWN: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: ${v(i)} is not a unit; the clause is left out.`, fix: "Write hours, working hours, days or working days (小时, 工作小时, 天, 工作日)." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：${vz(i)}不是有效单位，此条款未纳入计算。`, fix: "请填写 小时、工作小时、天 或 工作日（hours, working hours, days, working days）。" }),
  },
  PENALTY_KIND_UNKNOWN: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: ${v(i)} is not a penalty kind; the clause is left out.`, fix: "Write fixed, per day, per hour, percent of fee or none (每次, 每天, 每小时, 按服务费比例, 无)." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：${vz(i)}不是有效的违约金方式，此条款未纳入计算。`, fix: "请填写 每次、每天、每小时、按服务费比例 或 无。" }),
  },
  EFFECTIVE_PERIOD_INVALID: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: Effective To ${v(i)} is before Effective From.`, fix: "Swap or correct the two dates." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：失效日期${vz(i)}早于生效日期。`, fix: "请更正这两个日期。" }),
  },
  CLAUSE_PERIOD_OVERLAP: {
    en: (i) => ({ problem: `Clause ${v(i)} is in force twice on the same days (also at ${i.params.other}); this row is left out.`, fix: "Give the amended clause Effective From / Effective To dates that do not overlap the old one." }),
    zh: (i) => ({ problem: `条款${vz(i)}的生效期间与 ${i.params.other} 行重叠，此行未纳入计算。`, fix: "请为修订后的条款设置与原条款不重叠的生效/失效日期。" }),
  },
  APPLIES_TO_UNREADABLE: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: Applies To ${v(i)} cannot be read; the clause is left out.`, fix: "Write field=value conditions joined by ;, e.g. service=onsite|上门; category=urgent." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：适用范围${vz(i)}无法识别，此条款未纳入计算。`, fix: "请写成 字段=值 的条件并用分号分隔，例如 service=onsite|上门; category=urgent。" }),
  },
  APPLIES_TO_FIELD_UNKNOWN: {
    en: (i) => ({ problem: `Clause ${i.params.clause}: Applies To names "${i.params.field}", which is no field of the Tickets sheet; the clause is left out.`, fix: "Use category, service, warranty, provider, outcome, or a Tickets column header." }),
    zh: (i) => ({ problem: `条款 ${i.params.clause}：适用范围中的“${i.params.field}”不是工单表的字段，此条款未纳入计算。`, fix: "请使用 category、service、warranty、provider、outcome 或工单表的列标题。" }),
  },
  TICKET_ID_MISSING: {
    en: () => ({ problem: "This row has data but no ticket ID; it is left out.", fix: "Fill in the ticket ID." }),
    zh: () => ({ problem: "此行有数据但没有工单号，未纳入计算。", fix: "请填写工单号。" }),
  },
  DUPLICATE_TICKET: {
    en: (i) => ({ problem: `Ticket ${v(i)} appears twice (also at ${i.params.other}); both rows are left out.`, fix: "Keep one row per ticket, or give the rows different IDs." }),
    zh: (i) => ({ problem: `工单${vz(i)}重复出现（另见 ${i.params.other}），两行都未纳入计算。`, fix: "每个工单只保留一行，或使用不同工单号。" }),
  },
  REPORTED_MISSING: {
    en: (i) => ({ problem: `Ticket ${i.ticket} has no report time; it is left out.`, fix: "Fill in Reported At — every clock starts from it." }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 没有报修时间，未纳入计算。`, fix: "请填写报修时间，各项时限均由此起算。" }),
  },
  WARRANTY_UNREADABLE: {
    en: (i) => ({ problem: `${v(i)} is not a warranty status.`, fix: "Write in or out (保内/保外), or leave it empty to derive it from Purchase Date and Warranty Months." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的保修状态。`, fix: "请填写 保内/保外（in/out），或留空以按购买日期和保修期推算。" }),
  },
  OUTCOME_UNKNOWN: {
    en: (i) => ({ problem: `${v(i)} is not an outcome.`, fix: "Write done, unperformed or cancelled (完成, 未履行, 已取消), or leave it empty for done." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的处理结果。`, fix: "请填写 完成、未履行 或 已取消，留空即视为完成。" }),
  },
  EVENT_TICKET_UNKNOWN: {
    en: (i) => ({ problem: `Event for ticket ${v(i)}, which is not on the Tickets sheet; the event is ignored.`, fix: "Check the ticket ID, or add the ticket to the Tickets sheet." }),
    zh: (i) => ({ problem: `事件所属工单${vz(i)}不在工单表中，此事件被忽略。`, fix: "请核对工单号，或在工单表中补充该工单。" }),
  },
  EVENT_CONFLICT: {
    en: (i) => ({ problem: `Ticket ${i.ticket}: ${i.params.event} here (${i.value}) differs from ${i.params.other}; the Events sheet wins.`, fix: "Correct whichever time is wrong so both agree." }),
    zh: (i) => ({ problem: `工单 ${i.ticket}：此处的${zhEvent(i.params.event)}时间（${i.value}）与 ${i.params.other} 不一致，以事件表为准。`, fix: "请更正错误的时间，使两处一致。" }),
  },
  PAUSE_ALREADY_OPEN: {
    en: (i) => ({ problem: `Ticket ${i.ticket} is paused again while already paused (since ${i.params.since}); this pause is ignored.`, fix: "Add the missing resumed event, or delete the extra paused row." }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 在暂停中（自 ${i.params.since}）再次暂停，此暂停被忽略。`, fix: "请补充缺失的“恢复”事件，或删除多余的“暂停”行。" }),
  },
  RESUME_WITHOUT_PAUSE: {
    en: (i) => ({ problem: `Ticket ${i.ticket} resumes without a pause before it; ignored.`, fix: "Add the paused event before it, or delete this row." }),
    zh: (i) => ({ problem: `工单 ${i.ticket} 的“恢复”之前没有“暂停”，已忽略。`, fix: "请在其之前补充“暂停”事件，或删除此行。" }),
  },
  EVENT_BEFORE_REPORTED: {
    en: (i) => ({ problem: `Ticket ${i.ticket}: ${i.params.event} is earlier than the report time (${i.params.reported}); the ticket is left out of money totals.`, fix: "Correct the time of one of the two events." }),
    zh: (i) => ({ problem: `工单 ${i.ticket}：${zhEvent(i.params.event)}时间早于报修时间（${i.params.reported}），该工单未计入金额合计。`, fix: "请更正其中一个事件的时间。" }),
  },
  CALENDAR_TYPE_UNKNOWN: {
    en: (i) => ({ problem: `${v(i)} is not a calendar day type; the row is ignored.`, fix: "Write holiday (休息), workday (调休上班) or hours (a part day, with its intervals in Hours)." }),
    zh: (i) => ({ problem: `${vz(i)}不是有效的日历类型，此行被忽略。`, fix: "请填写 休息（holiday）、调休上班（workday）或 时段（hours，并在“时段”列填写时段）。" }),
  },
  STATEMENT_REPEATED: {
    en: (i) => ({ problem: `Statement ${v(i)} appears twice; the second row is ignored.`, fix: "Keep one row per statement." }),
    zh: (i) => ({ problem: `结算单${vz(i)}重复出现，第二行被忽略。`, fix: "每张结算单只保留一行。" }),
  },
  DISPUTED_EXCEEDS_AMOUNT: {
    en: (i) => ({ problem: `Statement ${i.params.statement}: the disputed amount ${v(i)} is more than the statement amount; the statement is left out.`, fix: "Correct the disputed amount." }),
    zh: (i) => ({ problem: `结算单 ${i.params.statement}：异议金额${vz(i)}大于结算金额，该结算单未纳入计算。`, fix: "请更正异议金额。" }),
  },
  PAYMENT_STATEMENT_UNKNOWN: {
    en: (i) => ({ problem: `Payment for statement ${v(i)}, which is not on the Statements sheet; it is ignored.`, fix: "Check the statement number, or add the statement to the Statements sheet." }),
    zh: (i) => ({ problem: `付款所对应的结算单${vz(i)}不在结算单表中，已忽略。`, fix: "请核对结算单号，或在结算单表中补充该结算单。" }),
  },
  NO_CLAUSES: {
    en: () => ({ problem: "The SLA sheet has no usable clause, so nothing can be late.", fix: "Add clause rows (see docs/WORKBOOK.md), or fix the errors reported on them." }),
    zh: () => ({ problem: "服务标准表中没有可用条款，无法判断任何超时。", fix: "请添加条款行，或修正其上报告的错误。" }),
  },
};

registerMessages(catalog);
export const SHEET_CODES = Object.keys(catalog);
