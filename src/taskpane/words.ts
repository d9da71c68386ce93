/** The pane's words in English and Chinese; the language follows Office's display language (SPEC §7). */
export type PaneLang = "en" | "zh";

export function paneLang(displayLanguage: string | undefined): PaneLang {
  return (displayLanguage ?? "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

const WORDS = {
  title: ["SLA Ledger", "SLA 结算台账"],
  loading: ["Reading the workbook…", "正在读取工作簿…"],
  setup: ["Setup", "设置"],
  sheetsFound: ["Sheets found", "识别到的工作表"],
  noInput: ["This workbook has no Tickets, Agreement or SLA sheet yet.", "此工作簿还没有工单、协议或服务标准工作表。"],
  createTemplates: ["Create template sheets", "创建模板工作表"],
  templatesDone: ["Template sheets created: fill in your tickets, then settle.", "已创建模板工作表：填入工单后即可结算。"],
  fieldsRecognised: ["fields recognised", "个字段已识别"],
  unrecognised: ["Columns not recognised — choose what they hold", "未识别的列——请选择其含义"],
  ignore: ["(ignore)", "（忽略）"],
  run: ["Settle a month", "月度结算"],
  month: ["Month (YYYY-MM)", "月份（YYYY-MM）"],
  monthInvalid: ["Write the month as 2026-10.", "请按 2026-10 的格式填写月份。"],
  provider: ["Provider", "服务商"],
  allProviders: ["All providers", "全部服务商"],
  settle: ["Settle", "结算"],
  cancel: ["Cancel", "取消"],
  cancelled: ["Cancelled. Nothing more was written.", "已取消，未再写入任何内容。"],
  reading: ["Reading rows", "正在读取行"],
  checking: ["Checking every ticket against the clauses", "正在按条款核对每张工单"],
  writing: ["Writing the output sheets", "正在写入输出工作表"],
  results: ["Results", "结果"],
  fees: ["Fees", "服务费"],
  penalties: ["Penalties", "违约金"],
  capAdjustment: ["Penalty cap adjustment", "违约金上限调整"],
  overdueFees: ["Overdue-payment fees", "逾期付款违约金"],
  netPayable: ["Net payable", "应付净额"],
  paymentDue: ["Payment due", "应付日期"],
  disputeBy: ["Dispute by", "异议截止"],
  written: ["Written:", "已写入："],
  compliance: ["Compliance by clause (%)", "各条款达标率（%）"],
  issues: ["Data issues", "数据问题"],
  noIssues: ["No data issues.", "没有数据问题。"],
  goTo: ["Go to cell", "转到单元格"],
  more: ["more in the Data Issues sheet", "条，详见“数据问题”工作表"],
  exportPdf: ["Export dispute report (PDF)", "导出异议报告（PDF）"],
  exporting: ["Preparing the PDF…", "正在生成 PDF…"],
  download: ["Download", "下载"],
  error: ["Something went wrong", "出现错误"],
} as const;

export type WordKey = keyof typeof WORDS;
export function word(lang: PaneLang, key: WordKey): string {
  return WORDS[key][lang === "zh" ? 1 : 0];
}
