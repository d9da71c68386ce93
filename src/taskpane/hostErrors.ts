/**
 * What the pane tells the user when Excel refuses a request, and whether Retry can help. Excel's errors carry a
 * code (Excel.ErrorCodes / OfficeExtension.ErrorCodes, learn.microsoft.com "Excel JavaScript API error codes").
 * An error that says itself whether Retry can succeed with no action first (`retryable`) and what to tell the user
 * (`text(lang)`, naming the output sheets a failed write left incomplete) is believed - the Excel adapter's
 * ExcelHostError does both; otherwise the code decides here. Retry is offered for every host error: when the user
 * must act first (unprotect a sheet), the advice says so and Retry follows that action.
 */
import type { PaneLang } from "./words";

export interface HostProblem {
  code: string;
  /** Retry can succeed with no action first (a passing failure); false: the user must do what `advice` says first. */
  retryable: boolean;
  /** What to do before retrying, in the pane's language. */
  advice: string;
}

/** Codes that describe a passing state of Excel or of the user's session: the same request can succeed later. */
const ADVICE: Record<string, [retryable: boolean, en: string, zh: string]> = {
  InvalidOperationInCellEditMode: [true, "Excel is waiting for you to finish editing a cell. Press Enter or Esc in the sheet, then Retry.", "Excel 正在等待您完成单元格编辑。请在工作表中按 Enter 或 Esc，然后点“重试”。"],
  AccessDenied: [false, "The workbook or a sheet is protected. Unprotect it (Review > Unprotect Sheet / Protect Workbook), then Retry.", "工作簿或工作表受保护。请先取消保护（审阅 > 撤消工作表保护 / 保护工作簿），然后点“重试”。"],
  GeneralException: [true, "Excel did not complete the request (often a lost connection or a busy workbook). Your input sheets are unchanged; Retry writes the output sheets again.", "Excel 未完成该请求（通常是连接中断或工作簿忙）。输入工作表未被改动；点“重试”将重新写入输出工作表。"],
  ConnectionFailure: [true, "The connection to Excel was lost. Retry.", "与 Excel 的连接已中断。请点“重试”。"],
  ActivityLimitReached: [true, "Excel is busy with many requests. Wait a moment, then Retry.", "Excel 当前请求过多。请稍候再点“重试”。"],
  ServiceNotAvailable: [true, "Excel's service is not available right now. Wait a moment, then Retry.", "Excel 服务暂不可用。请稍候再点“重试”。"],
  Conflict: [true, "Someone else changed the workbook at the same time. Retry.", "其他人同时修改了工作簿。请点“重试”。"],
  ItemAlreadyExists: [true, "A sheet or table with the same name already exists. Rename or delete yours, then Retry.", "已存在同名的工作表或表格。请重命名或删除后点“重试”。"],
  RequestPayloadSizeLimitExceeded: [true, "The request was too large for Excel. Retry; the pane sends smaller blocks.", "请求超出 Excel 的大小限制。请点“重试”，加载项会改用更小的分块。"],
  ResponsePayloadSizeLimitExceeded: [true, "Excel's answer was too large. Retry; the pane reads smaller blocks.", "Excel 的应答超出大小限制。请点“重试”，加载项会改用更小的分块。"],
  InsertDeleteConflict: [true, "Rows or columns were being inserted or deleted at the same time. Retry.", "同时有行或列被插入或删除。请点“重试”。"],
};

const FALLBACK: [string, string] = ["Excel refused the request. Retry; if it fails again, save the workbook, reopen it and try once more.", "Excel 拒绝了该请求。请点“重试”；如再次失败，请保存并重新打开工作簿后再试。"];

/** The host error's code, when `e` carries one (an OfficeExtension.Error or the adapter's errors); else null. */
export function hostErrorCode(e: unknown): string | null {
  if (typeof e !== "object" || e === null || !("code" in e)) return null;
  const code = (e as { code: unknown }).code;
  return typeof code === "string" && code !== "" ? code : null;
}

export function hostProblem(e: unknown, lang: PaneLang): HostProblem | null {
  const code = hostErrorCode(e);
  if (!code) return null;
  const known = ADVICE[code];
  const flagged = (e as { retryable?: unknown }).retryable;
  const retryable = typeof flagged === "boolean" ? flagged : known ? known[0] : true;
  const ownText = (e as { text?: unknown }).text;
  const advice = typeof ownText === "function" ? String(ownText.call(e, lang)) : known ? known[lang === "zh" ? 2 : 1] : FALLBACK[lang === "zh" ? 1 : 0];
  return { code, retryable, advice };
}
