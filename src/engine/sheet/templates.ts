/**
 * Starter sheets for an empty workbook (docs/CONTRACT.md, The standard agreement preset): the input sheets with headers, the standard agreement
 * as an Agreement + SLA preset, a Calendar sheet with its rules explained beside it, and a few example tickets
 * that exercise the clauses. The readers read them back with no errors (tested).
 */
import type { Cell } from "../core/cells";
import type { Lang } from "../core/issues";
import type { OutputColumn, OutputSheet } from "../core/output";
import { daysFromCivil, excelSerialFromDay, localFromCivil, excelSerialFromLocal } from "../core/time";
import { FIELDS, type Role } from "./headers";

const DATE_TIME = "yyyy-mm-dd hh:mm";
const at = (m: number, d: number, h: number, mi = 0) => excelSerialFromLocal(localFromCivil({ year: 2026, month: m, day: d, hour: h, minute: mi, second: 0 }));

function sheet(name: string, rows: Cell[][], columns: OutputColumn[], header = true): OutputSheet {
  return {
    name, role: "template", rows, formulas: [], columns, cellFormats: [],
    rowStyles: header ? [{ row: 0, style: "header" }] : [], freezeRows: header ? 1 : 0, tables: [],
  };
}
const text = (w: number): OutputColumn => ({ widthChars: w, numberFormat: "@" });
const headers = (role: Role, fields: string[], lang: Lang) =>
  fields.map((f) => {
    const spec = FIELDS[role].find((s) => s.field === f)!;
    return lang === "zh" ? spec.zh : spec.en;
  });

export function buildTemplateSheets(lang: Lang): OutputSheet[] {
  const zh = lang === "zh";
  const n = (en: string, z: string) => (zh ? z : en);

  const ticketFields = ["ticket", "provider", "category", "service", "warranty", "purchased", "reported", "responded", "confirmed",
    "onsite", "received", "diagnosed", "repaired", "returned", "closed", "labour", "parts", "shipping", "loss", "outcome", "exemption"];
  const tickets: Cell[][] = [
    headers("tickets", ticketFields, lang),
    ["T-0001", "", "general", "onsite", "in", excelSerialFromDay(daysFromCivil(2026, 3, 2)), at(9, 30, 16), at(9, 30, 17, 5), at(9, 30, 17, 30), at(10, 8, 10), null, null, at(10, 9, 15), null, at(10, 9, 17), 0, 0, 0, null, "", ""],
    ["T-0002", "", "complex", "factory", "out", null, at(10, 9, 10), at(10, 10, 11), at(10, 10, 14), null, at(10, 12, 10), at(10, 16, 16), at(10, 19, 11), at(10, 20, 9), at(10, 20, 18), 600, 450, 30, null, "", ""],
    ["T-0003", "", "general", "remote", "out", null, at(10, 14, 9), null, null, null, null, null, null, null, at(10, 14, 12), 300, 0, 0, 1000, n("unperformed", "未履行"), ""],
    ["T-0004", "", "general", "onsite", "in", null, at(10, 20, 9), at(10, 20, 9, 30), at(10, 20, 10), at(10, 27, 10), null, null, at(10, 28, 10), null, at(10, 28, 11), 0, 0, 0, null, "", n("customer-caused", "客户原因")],
  ];
  const ticketColumns = ticketFields.map((f, i): OutputColumn =>
    i >= 6 && i <= 14 ? { widthChars: 17, numberFormat: DATE_TIME } : f === "purchased" ? { widthChars: 12, numberFormat: "yyyy-mm-dd" } : ["labour", "parts", "shipping", "loss"].includes(f) ? { widthChars: 11, numberFormat: "#,##0.00" } : text(f === "exemption" ? 18 : 12));

  const events: Cell[][] = [
    headers("events", ["ticket", "event", "at"], lang),
    ["T-0002", n("paused", "暂停"), at(10, 13, 9)],
    ["T-0002", n("resumed", "恢复"), at(10, 14, 9)],
  ];

  // The clauses of the source agreements, as a ready preset (docs/CONTRACT.md, The standard agreement preset).
  const agreement: Cell[][] = [
    [n("Key", "项目"), n("Value", "值"), n("Meaning", "说明")],
    [n("Contract No", "合同编号"), "SLA-2026-001", n("shown on every output", "显示在所有输出上")],
    [n("Provider", "服务商"), n("Example Service Co.", "示例服务有限公司"), n("default provider of a ticket", "工单的默认服务商")],
    [n("Customer", "甲方"), n("Example Customer Ltd.", "示例客户有限公司"), ""],
    [n("Currency", "币种"), "CNY", "ISO 4217"],
    [n("Time Zone", "时区"), "Asia/Shanghai", n("IANA zone of every time in the workbook", "工作簿中所有时间所在的时区")],
    [n("Calendar", "工作日历"), "CN", n("CN (PRC holidays and make-up workdays), Mon-Fri or 24x7", "CN（法定节假日与调休）、Mon-Fri 或 24x7")],
    [n("Working Hours", "工作时间"), "09:00-12:00, 13:00-18:00", ""],
    [n("Day Ends At", "期限截止"), "24:00", n("24:00 or close of business (Civil Code art. 203)", "24:00 或 close of business（民法典第203条）")],
    [n("Warranty Months", "保修期(月)"), 12, n("in warranty: only shipping is charged", "保修期内只收运费")],
    [n("Settlement Basis", "结算依据"), "closed", n("a ticket belongs to the month it was closed", "工单按结案月份结算")],
    [n("Statement Day", "结算单日"), 1, n("statement for month M is dated this day of M+1", "M 月结算单日期为 M+1 月的这一天")],
    [n("Payment Days", "付款期限(天)"), 30, n("due = statement date + N days (next working day if not one)", "应付日 = 结算单日 + N 天（遇非工作日顺延）")],
    [n("Late Fee Rate", "滞纳金比例"), "0.05% per day", n("on the unpaid, undisputed balance", "按未付且无异议金额计")],
    [n("Late Fee Grace Days", "宽限期"), 0, ""],
    [n("Dispute Days", "异议期(工作日)"), 5, n("working days after receiving the statement", "收到结算单后的工作日数")],
    [n("Penalty Cap", "违约金上限"), "none", n("% of the month's fees, or none", "当月服务费的百分比，或 none")],
    [n("Unperformed Rate", "未履行违约金比例"), "20%", n("of the fee of an unperformed service, capped at the actual loss", "未履行服务费用的比例，以实际损失为限")],
  ];
  const sla: Cell[][] = [
    headers("sla", ["clause", "name", "appliesTo", "start", "end", "target", "unit", "penalty", "amount", "cap", "pausable"], lang),
    ["2.1", n("Response", "响应"), "", "reported", "responded", 24, n("hours", "小时"), n("fixed", "每次"), 100, null, n("no", "否")],
    ["2.2", n("On-site service", "上门服务"), "service=onsite|上门", "confirmed", "onsite", 48, n("hours", "小时"), n("per day", "每天"), 200, 1000, n("yes", "是")],
    ["2.3", n("Inspection and repair plan", "检测并出具维修方案"), "service=factory|返厂", "received", "diagnosed", 72, n("hours", "小时"), n("fixed", "每次"), 200, null, n("yes", "是")],
    ["2.4", n("Return after repair", "修复后返还"), "service=factory|返厂", "repaired", "returned", 24, n("hours", "小时"), n("per day", "每天"), 100, null, n("yes", "是")],
    ["2.5(1)", n("Repair, general fault", "一般故障修复"), "category=general|一般", "reported", "repaired", 3, n("working days", "工作日"), n("per day", "每天"), 300, null, n("yes", "是")],
    ["2.5(2)", n("Repair, complex fault", "复杂故障修复"), "category=complex|复杂", "reported", "repaired", 5, n("working days", "工作日"), n("per day", "每天"), 300, null, n("yes", "是")],
  ];
  const calendar: Cell[][] = [
    [...headers("calendar", ["date", "type", "hours", "name"], lang), n("How to use this sheet", "使用说明")],
    [null, null, null, null, n("One row per day that differs from the built-in calendar; these rows win over it.", "每行一个与内置日历不同的日期，以本表为准。")],
    [null, null, null, null, n("Type: holiday (休息), workday (调休上班, uses the Working Hours) or hours (a part day: write its intervals in Hours).", "类型：休息（holiday）、调休上班（workday，使用协议工作时间）或 时段（hours，部分工作日，在“时段”列填写）。")],
    [null, null, null, null, n("The CN calendar has data for 2004-2026; for a later year add all of its holidays and make-up workdays here.", "CN 日历内置 2004-2026 年数据；之后的年份请在此补充全部节假日和调休上班日。")],
  ];
  return [
    sheet(n("Tickets", "工单"), tickets, ticketColumns),
    sheet(n("Events", "事件"), events, [text(10), text(12), { widthChars: 17, numberFormat: DATE_TIME }]),
    sheet(n("Agreement", "协议"), agreement, [text(22), text(26), text(60)]),
    sheet("SLA", sla, [text(8), text(24), text(24), text(10), text(10), { widthChars: 7 }, text(12), text(10), { widthChars: 9, numberFormat: "#,##0.00" }, { widthChars: 9, numberFormat: "#,##0.00" }, text(9)]),
    sheet(n("Calendar", "日历"), calendar, [{ widthChars: 12, numberFormat: "yyyy-mm-dd" }, text(12), text(16), text(20), text(90)]),
  ];
}
