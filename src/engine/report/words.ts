/**
 * The report's words in both languages, in one place: the print-ready sheet and the PDF use exactly these, so a
 * Chinese reader of the PDF and of the sheet sees the same terms (结算单, 应付净额, 异议截止, …).
 */
import type { Lang } from "../core/issues";
import type { FindingStatus } from "../core/finding";

export interface ReportWords {
  title: string;
  subtitle: string;
  contractNo: string;
  customer: string;
  provider: string;
  period: string;
  statementNo: string;
  statementDate: string;
  paymentDue: string;
  receivedOn: string;
  generatedAt: string;
  inputSha256: string;
  /** The digest of the evidence file the PDF carries, and how a recipient checks it. */
  evidenceSha256: string;
  evidenceCheck: (file: string) => string;
  toolVersion: string;
  currency: string;
  timeZone: string;
  calendar: string;
  sectionSummary: string;
  sectionPenalties: string;
  sectionOverdue: string;
  sectionEvidence: string;
  sectionKpis: string;
  sectionTerms: string;
  sectionClauses: string;
  sectionDispute: string;
  sectionSignOff: string;
  sectionNotices: string;
  line: string;
  amount: string;
  count: string;
  fees: string;
  feesDetail: (tickets: number) => string;
  penaltyClause: (ref: string, name: string) => string;
  unperformed: string;
  penaltiesBeforeCap: string;
  capAdjustment: string;
  penaltiesAfterCap: string;
  overdueFees: string;
  overdueCap: string;
  netPayable: string;
  disputed: string;
  undisputed: string;
  invoiceBilled: string;
  invoiceComputed: string;
  invoiceDifference: string;
  noPenalties: string;
  noOverdue: string;
  noEvidence: string;
  colClause: string;
  colName: string;
  colTicket: string;
  colStart: string;
  colEnd: string;
  colDue: string;
  colTarget: string;
  colLateBy: string;
  colStatus: string;
  colPenalty: string;
  colExemption: string;
  colTrace: string;
  colSource: string;
  colStatement: string;
  colFrom: string;
  colTo: string;
  colDays: string;
  colBalance: string;
  colRate: string;
  colTickets: string;
  colMet: string;
  colLate: string;
  colExempt: string;
  colCompliance: string;
  colMean: string;
  colMedian: string;
  colP90: string;
  colAppliesTo: string;
  colEvents: string;
  colPenaltyRule: string;
  colCap: string;
  colPausable: string;
  colKey: string;
  colValue: string;
  all: string;
  yes: string;
  no: string;
  disputeText: (days: number, received: string, by: string) => string;
  disputeBy: string;
  signature: string;
  date: string;
  seal: string;
  page: (n: number, of: number) => string;
  status: Record<FindingStatus | "unperformed", string>;
}

const EN: ReportWords = {
  title: "Settlement Statement — Dispute Report",
  subtitle: "After-sales service agreement: SLA findings, penalties and amounts payable",
  contractNo: "Contract No",
  customer: "Customer",
  provider: "Provider",
  period: "Period",
  statementNo: "Statement No",
  statementDate: "Statement date",
  paymentDue: "Payment due",
  receivedOn: "Received on",
  generatedAt: "Generated at",
  inputSha256: "SHA-256 of the issuer's input workbook",
  evidenceSha256: "Evidence SHA-256",
  evidenceCheck: (file) =>
    `The evidence file ${file} (the statement's figures and every evidence line below, as CSV) is attached to the PDF of this report. ` +
    "To check it, save the attachment and compute its SHA-256 (sha256sum, shasum -a 256, or certutil -hashfile <file> SHA256): it equals the digest above.",
  toolVersion: "Tool version",
  currency: "Currency",
  timeZone: "Time zone",
  calendar: "Calendar",
  sectionSummary: "Summary",
  sectionPenalties: "Penalties by clause",
  sectionOverdue: "Overdue-payment fee schedule",
  sectionEvidence: "Per-ticket evidence",
  sectionKpis: "Performance by clause",
  sectionTerms: "Terms in force",
  sectionClauses: "SLA clauses in force",
  sectionDispute: "Dispute deadline",
  sectionSignOff: "Sign-off",
  sectionNotices: "Before relying on these figures",
  line: "Line",
  amount: "Amount",
  count: "Count",
  fees: "Service fees",
  feesDetail: (n) => `Service fees (${n} tickets)`,
  penaltyClause: (ref, name) => `Penalty ${ref} ${name}`,
  unperformed: "Penalty for unperformed service",
  penaltiesBeforeCap: "Penalties before cap",
  capAdjustment: "Penalty cap adjustment",
  penaltiesAfterCap: "Penalties after cap",
  overdueFees: "Overdue-payment fees",
  overdueCap: "Late fee cap adjustment",
  netPayable: "Net payable to provider",
  disputed: "Disputed",
  undisputed: "Undisputed",
  invoiceBilled: "Invoice: billed",
  invoiceComputed: "Invoice: computed",
  invoiceDifference: "Invoice: difference (billed − computed)",
  noPenalties: "No penalties this month.",
  noOverdue: "No overdue-payment fees this month.",
  noEvidence: "No late, overdue, missing or exempt findings this month.",
  colClause: "Clause",
  colName: "Name",
  colTicket: "Ticket",
  colStart: "Start",
  colEnd: "End",
  colDue: "Due",
  colTarget: "Target",
  colLateBy: "Late by",
  colStatus: "Status",
  colPenalty: "Penalty",
  colExemption: "Exemption",
  colTrace: "Trace",
  colSource: "Cell",
  colStatement: "Statement",
  colFrom: "From (excl.)",
  colTo: "To (incl.)",
  colDays: "Days",
  colBalance: "Balance",
  colRate: "Rate",
  colTickets: "Tickets",
  colMet: "Met",
  colLate: "Late",
  colExempt: "Exempt",
  colCompliance: "Compliance",
  colMean: "Mean",
  colMedian: "Median",
  colP90: "P90",
  colAppliesTo: "Applies to",
  colEvents: "Start → End",
  colPenaltyRule: "Penalty",
  colCap: "Cap per ticket",
  colPausable: "Pausable",
  colKey: "Term",
  colValue: "Value",
  all: "all tickets",
  yes: "yes",
  no: "no",
  disputeText: (days, received, by) =>
    `Objections to this statement must be raised within ${days} working days of receipt (received ${received}): ` +
    `no later than ${by}.`,
  disputeBy: "Dispute by",
  signature: "Signature",
  date: "Date",
  seal: "Company seal",
  page: (n, of) => `Page ${n} of ${of}`,
  status: {
    met: "met", late: "late", open: "open", overdue: "overdue", missing: "missing", exempt: "exempt",
    error: "error", unperformed: "unperformed",
  },
};

const ZH: ReportWords = {
  title: "服务结算单（异议依据）",
  subtitle: "售后服务协议：服务时限考核、违约金及应付金额",
  contractNo: "合同编号",
  customer: "甲方",
  provider: "服务商",
  period: "结算期间",
  statementNo: "结算单编号",
  statementDate: "结算单日期",
  paymentDue: "付款截止日",
  receivedOn: "收到日期",
  generatedAt: "生成时间",
  inputSha256: "出具方输入工作簿 SHA-256",
  evidenceSha256: "证据文件 SHA-256",
  evidenceCheck: (file) =>
    `证据文件 ${file}（本结算单金额及下列全部证据行的 CSV）作为附件附于本报告 PDF。` +
    "核验方法：保存该附件并计算其 SHA-256（sha256sum、shasum -a 256 或 certutil -hashfile <文件> SHA256），结果应与上方摘要一致。",
  toolVersion: "工具版本",
  currency: "币种",
  timeZone: "时区",
  calendar: "工作日历",
  sectionSummary: "结算汇总",
  sectionPenalties: "按条款违约金",
  sectionOverdue: "逾期付款滞纳金明细",
  sectionEvidence: "逐单证据",
  sectionKpis: "按条款履约情况",
  sectionTerms: "适用条款",
  sectionClauses: "有效服务标准条款",
  sectionDispute: "异议截止",
  sectionSignOff: "签署",
  sectionNotices: "使用本结算单前请注意",
  line: "项目",
  amount: "金额",
  count: "笔数",
  fees: "服务费",
  feesDetail: (n) => `服务费（${n}张工单）`,
  penaltyClause: (ref, name) => `违约金 ${ref} ${name}`,
  unperformed: "未履行服务违约金",
  penaltiesBeforeCap: "违约金合计（封顶前）",
  capAdjustment: "违约金封顶调整",
  penaltiesAfterCap: "违约金合计（封顶后）",
  overdueFees: "逾期付款滞纳金",
  overdueCap: "滞纳金封顶调整",
  netPayable: "应付服务商净额",
  disputed: "有异议金额",
  undisputed: "无异议金额",
  invoiceBilled: "账单：开票金额",
  invoiceComputed: "账单：核算金额",
  invoiceDifference: "账单：差额（开票 − 核算）",
  noPenalties: "本月无违约金。",
  noOverdue: "本月无逾期付款滞纳金。",
  noEvidence: "本月无超时、逾期未完成、缺失或免责的记录。",
  colClause: "条款",
  colName: "名称",
  colTicket: "工单号",
  colStart: "起算",
  colEnd: "完成",
  colDue: "截止",
  colTarget: "时限",
  colLateBy: "超时",
  colStatus: "状态",
  colPenalty: "违约金",
  colExemption: "免责原因",
  colTrace: "计算依据",
  colSource: "单元格",
  colStatement: "结算单",
  colFrom: "起（不含）",
  colTo: "止（含）",
  colDays: "天数",
  colBalance: "未付余额",
  colRate: "费率",
  colTickets: "工单数",
  colMet: "达标",
  colLate: "超时",
  colExempt: "免责",
  colCompliance: "达标率",
  colMean: "平均",
  colMedian: "中位数",
  colP90: "P90",
  colAppliesTo: "适用范围",
  colEvents: "起算 → 完成",
  colPenaltyRule: "违约金方式",
  colCap: "单笔上限",
  colPausable: "可暂停",
  colKey: "条款",
  colValue: "约定",
  all: "全部工单",
  yes: "是",
  no: "否",
  disputeText: (days, received, by) =>
    `对本结算单如有异议，应在收到之日（${received}）起${days}个工作日内提出，截止时间为 ${by}。`,
  disputeBy: "异议截止时间",
  signature: "签字",
  date: "日期",
  seal: "公司盖章",
  page: (n, of) => `第 ${n} 页，共 ${of} 页`,
  status: {
    met: "达标", late: "超时", open: "进行中", overdue: "逾期未完成", missing: "缺失", exempt: "免责",
    error: "数据错误", unperformed: "未履行",
  },
};

export const REPORT_WORDS: Record<Lang, ReportWords> = { en: EN, zh: ZH };

export const SIGN_OFF_ROLES = [
  { en: "Prepared by", zh: "编制" },
  { en: "Reviewed by", zh: "审核" },
  { en: "Approved by", zh: "批准" },
];
