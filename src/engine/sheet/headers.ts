/**
 * The words the readers recognise (docs/CONTRACT.md, Input sheets): sheet names, headers and Agreement keys in English and Chinese,
 * plus the spellings ticketing-system exports commonly use. Matching goes through normalizeHeader, so case,
 * width, spaces and _-.() do not matter.
 */
import type { RecognisedSheet } from "../core/model";
import { normalizeHeader } from "./normalize";

export type Role = RecognisedSheet["role"];

export interface FieldSpec {
  field: string;
  en: string;
  zh: string;
  required: boolean;
  aliases: string[];
}

export const SHEET_NAMES: Record<Role, string[]> = {
  tickets: ["Tickets", "Ticket", "工单", "工单列表", "服务工单"],
  events: ["Events", "Event Log", "事件", "事件日志"],
  agreement: ["Agreement", "Terms", "协议", "合同"],
  sla: ["SLA", "SLAs", "Clauses", "服务标准", "服务水平", "条款"],
  calendar: ["Calendar", "日历", "工作日历"],
  invoice: ["Invoice", "Bill", "账单", "发票"],
  statements: ["Statements", "Statement", "结算单"],
  payments: ["Payments", "Payment", "付款", "付款记录"],
};

const f = (field: string, en: string, zh: string, required: boolean, ...aliases: string[]): FieldSpec => ({
  field, en, zh, required, aliases: [en, zh, ...aliases],
});

export const FIELDS: Record<Role, FieldSpec[]> = {
  tickets: [
    f("ticket", "Ticket ID", "工单号", true, "Ticket", "Ticket No", "Ticket Number", "ID", "工单编号", "单号", "工单"),
    f("provider", "Provider", "服务商", false, "Vendor", "Supplier", "服务提供商", "供应商"),
    f("category", "Category", "故障类型", false, "Severity", "Priority", "紧急程度", "优先级", "类别"),
    f("service", "Service Type", "服务方式", false, "Service", "服务类型"),
    f("warranty", "Warranty", "保修状态", false, "保修", "保内保外"),
    f("purchased", "Purchase Date", "购买日期", false, "Purchased", "Purchased On", "购机日期"),
    f("reported", "Reported At", "报修时间", true, "Reported", "Created", "Created At", "Opened", "Opened At", "创建时间", "报修"),
    f("responded", "Responded At", "响应时间", false, "Responded", "First Response", "First Response At", "首次响应时间", "响应"),
    f("confirmed", "Confirmed At", "确认时间", false, "Confirmed", "确认"),
    f("onsite", "On-site At", "上门时间", false, "Onsite", "Arrived At", "到场时间", "上门"),
    f("received", "Received At", "收货时间", false, "Received", "收货", "收件时间"),
    f("diagnosed", "Diagnosed At", "检测完成时间", false, "Diagnosed", "Inspected At", "检测时间", "检测完成"),
    f("repaired", "Repaired At", "维修完成时间", false, "Repaired", "Resolved", "Resolved At", "Fixed At", "修复时间", "维修完成"),
    f("returned", "Returned At", "返还时间", false, "Returned", "寄回时间", "返还"),
    f("closed", "Closed At", "结案时间", false, "Closed", "关闭时间", "结案"),
    f("labour", "Labour Fee", "人工费", false, "Labor Fee", "Labour", "Labor", "工时费"),
    f("parts", "Parts Fee", "配件费", false, "Parts", "Material Fee", "材料费"),
    f("shipping", "Shipping Fee", "运费", false, "Shipping", "Freight", "物流费"),
    f("loss", "Actual Loss", "实际损失", false, "Loss", "损失"),
    f("outcome", "Outcome", "处理结果", false, "Result", "结果"),
    f("exemption", "Exemption", "免责原因", false, "Exempt", "免责"),
  ],
  events: [
    f("ticket", "Ticket", "工单号", true, "Ticket ID", "工单编号", "工单"),
    f("event", "Event", "事件", true, "Action", "动作", "事件类型"),
    f("at", "At", "时间", true, "Time", "Timestamp", "Date", "发生时间"),
  ],
  agreement: [],
  sla: [
    f("clause", "Clause", "条款", true, "Ref", "Clause No", "条款号"),
    f("name", "Name", "名称", false, "Clause Name", "条款名称"),
    f("appliesTo", "Applies To", "适用范围", false, "Scope", "Filter", "适用"),
    f("start", "Start", "起算", true, "Start Event", "起算事件", "开始"),
    f("end", "End", "完成", true, "End Event", "完成事件", "结束"),
    f("target", "Target", "时限", true, "Limit", "期限"),
    f("unit", "Unit", "单位", true, "时限单位"),
    f("penalty", "Penalty", "违约金方式", false, "Penalty Kind", "违约金类型", "罚则"),
    f("amount", "Amount", "金额", false, "Penalty Amount", "违约金", "违约金金额"),
    f("cap", "Cap", "单笔上限", false, "Penalty Cap", "上限"),
    f("pausable", "Pausable", "可暂停", false, "Pause", "暂停"),
    f("effectiveFrom", "Effective From", "生效日期", false, "From", "Valid From"),
    f("effectiveTo", "Effective To", "失效日期", false, "To", "Valid To", "截止日期"),
  ],
  calendar: [
    f("date", "Date", "日期", true),
    f("type", "Type", "类型", true),
    f("hours", "Hours", "时段", false, "工作时间"),
    f("name", "Name", "名称", false, "Note", "备注"),
  ],
  invoice: [
    f("ticket", "Ticket", "工单号", true, "Ticket ID", "工单编号", "工单"),
    f("amount", "Amount", "金额", true, "Billed", "账单金额"),
    f("provider", "Provider", "服务商", false),
    f("month", "Month", "月份", false),
  ],
  statements: [
    f("statement", "Statement", "结算单号", true, "Statement No", "结算单"),
    f("provider", "Provider", "服务商", false),
    f("month", "Month", "月份", true),
    f("amount", "Amount", "金额", true),
    f("issued", "Issued", "出具日期", false, "Issued On", "开具日期"),
    f("received", "Received", "收到日期", false, "Received On", "签收日期"),
    f("due", "Due", "应付日期", false, "Due Date", "付款到期日"),
    f("disputed", "Disputed Amount", "异议金额", false, "Disputed"),
  ],
  payments: [
    f("statement", "Statement", "结算单号", true, "Statement No", "结算单"),
    f("paidOn", "Paid On", "付款日期", true, "Paid", "Date", "日期"),
    f("amount", "Amount", "金额", true, "付款金额"),
  ],
};

/** Agreement keys (column A) → canonical Agreement fields. */
export const AGREEMENT_KEYS: FieldSpec[] = [
  f("contractNo", "Contract No", "合同编号", false, "Contract", "Contract Number", "合同号"),
  f("provider", "Provider", "服务商", false, "乙方"),
  f("customer", "Customer", "甲方", false, "Client", "客户"),
  f("currency", "Currency", "币种", false, "货币"),
  f("timeZone", "Time Zone", "时区", false, "Timezone", "TZ"),
  f("calendar", "Calendar", "工作日历", false, "日历"),
  f("workingHours", "Working Hours", "工作时间", false, "Business Hours", "Hours"),
  f("dayEndsAt", "Day Ends At", "期限截止", false, "Day End"),
  f("warrantyMonths", "Warranty Months", "保修期(月)", false, "Warranty", "保修期", "保修月数"),
  f("settlementBasis", "Settlement Basis", "结算依据", false),
  f("statementDay", "Statement Day", "结算单日", false),
  f("paymentDays", "Payment Days", "付款期限(天)", false, "Payment Terms", "付款期限"),
  f("lateFeeRate", "Late Fee Rate", "滞纳金比例", false, "Overdue Rate", "滞纳金"),
  f("lateFeeGraceDays", "Late Fee Grace Days", "宽限期", false, "Grace Days"),
  f("lateFeeCap", "Late Fee Cap", "滞纳金上限", false),
  f("disputeDays", "Dispute Days", "异议期(工作日)", false, "Objection Days", "异议期"),
  f("penaltyCap", "Penalty Cap", "违约金上限", false, "Monthly Penalty Cap"),
  f("unperformedRate", "Unperformed Rate", "未履行违约金比例", false),
];

/** The standard events (docs/CONTRACT.md, Input sheets: Tickets) by the names users write in the Events sheet and in SLA Start/End. */
export const EVENT_ALIASES: Record<string, string[]> = {
  reported: ["reported", "report", "created", "opened", "报修", "报修时间", "创建"],
  responded: ["responded", "response", "first response", "响应", "响应时间"],
  confirmed: ["confirmed", "confirm", "确认", "确认时间"],
  onsite: ["onsite", "on-site", "arrived", "上门", "上门时间", "到场"],
  received: ["received", "receipt", "收货", "收货时间", "收件"],
  diagnosed: ["diagnosed", "inspected", "检测完成", "检测完成时间", "检测"],
  repaired: ["repaired", "resolved", "fixed", "维修完成", "维修完成时间", "修复"],
  returned: ["returned", "返还", "返还时间", "寄回"],
  closed: ["closed", "结案", "结案时间", "关闭"],
  paused: ["paused", "pause", "暂停", "挂起"],
  resumed: ["resumed", "resume", "恢复", "继续"],
};

function buildIndex(specs: FieldSpec[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of specs) for (const a of s.aliases) if (!m.has(normalizeHeader(a))) m.set(normalizeHeader(a), s.field);
  return m;
}
export const FIELD_INDEX: Record<Role, Map<string, string>> = Object.fromEntries(
  (Object.keys(FIELDS) as Role[]).map((r) => [r, buildIndex(FIELDS[r])]),
) as Record<Role, Map<string, string>>;
export const AGREEMENT_INDEX = buildIndex(AGREEMENT_KEYS);

const EVENT_INDEX = new Map<string, string>();
for (const [name, aliases] of Object.entries(EVENT_ALIASES)) for (const a of aliases) EVENT_INDEX.set(normalizeHeader(a), name);
// Tickets headers name events too ("Repaired At" → repaired).
for (const s of FIELDS.tickets) if (EVENT_ALIASES[s.field]) for (const a of s.aliases) EVENT_INDEX.set(normalizeHeader(a), s.field);

/** Names already looked up: an Events sheet repeats a few names on every row. */
const STANDARD_EVENT_MEMO = new Map<string, string | null>();

/** A standard event (or paused/resumed) for a name, or null. */
export function standardEvent(name: string): string | null {
  let event = STANDARD_EVENT_MEMO.get(name);
  if (event === undefined) {
    if (STANDARD_EVENT_MEMO.size >= 4096) STANDARD_EVENT_MEMO.clear();
    event = EVENT_INDEX.get(normalizeHeader(name)) ?? null;
    STANDARD_EVENT_MEMO.set(name, event);
  }
  return event;
}

export function roleOfSheet(name: string): Role | null {
  const key = normalizeHeader(name);
  for (const role of Object.keys(SHEET_NAMES) as Role[]) if (SHEET_NAMES[role].some((n) => normalizeHeader(n) === key)) return role;
  return null;
}

/** For the add-in's mapping dropdown. */
export function fieldsFor(role: Role): { field: string; en: string; zh: string; required: boolean }[] {
  const specs = role === "agreement" ? AGREEMENT_KEYS : FIELDS[role];
  return specs.map(({ field, en, zh, required }) => ({ field, en, zh, required }));
}
