/**
 * Excel's errors as the user should meet them: a kind the pane can act on, words in the user's language, whether
 * pressing Retry can help, and which output sheets a failed run left incomplete.
 *
 * Office.js rejects a sync with an OfficeExtension.Error whose `code` is one of Excel.ErrorCodes
 * ("Error handling with the application-specific JavaScript APIs"): the message is in Excel's UI language and
 * varies by platform, so only the code is read here.
 */
import type { Lang } from "../engine/core/issues";

export type HostErrorKind =
  /** The workbook's structure or a sheet is protected (AccessDenied). */
  | "protected"
  /** The user was editing a cell and Excel would not wait (InvalidOperationInCellEditMode). */
  | "cellEdit"
  /** A sheet or table of that name appeared meanwhile (ItemAlreadyExists). */
  | "nameTaken"
  /** Excel refused even the smallest request for its size. */
  | "tooBig"
  /** Excel's own failure, a lost connection or a busy host (GeneralException, ServiceNotAvailable, Timeout...). */
  | "hostFault"
  /** Anything else Excel reported. */
  | "other";

const KIND_OF_CODE: Record<string, HostErrorKind> = {
  AccessDenied: "protected",
  InvalidOperationInCellEditMode: "cellEdit",
  ItemAlreadyExists: "nameTaken",
  RequestPayloadSizeLimitExceeded: "tooBig",
  ResponsePayloadSizeLimitExceeded: "tooBig",
  PayloadTooLarge: "tooBig",
  RangeExceedsLimit: "tooBig",
  GeneralException: "hostFault",
  ServiceNotAvailable: "hostFault",
  Timeout: "hostFault",
  ActivityLimitReached: "hostFault",
  RequestAborted: "hostFault",
  Conflict: "hostFault",
};

/** Pressing Retry can succeed without the user changing anything first. */
const RETRYABLE: ReadonlySet<HostErrorKind> = new Set(["cellEdit", "nameTaken", "hostFault"]);

const WORDS: Record<HostErrorKind, Record<Lang, string>> = {
  protected: {
    en: "The workbook or a sheet is protected, so SLA Ledger cannot add or change its output sheets. Your data is unchanged. Unprotect it (Review > Unprotect Workbook / Unprotect Sheet), then run again.",
    zh: "工作簿或工作表受保护，SLA Ledger 无法添加或修改输出工作表。您的数据未被改动。请先取消保护（审阅 > 撤消工作簿保护 / 撤消工作表保护），再重新运行。",
  },
  cellEdit: {
    en: "Excel was busy while a cell was being edited. Your data is unchanged. Press Enter or Esc to leave the cell, then Retry.",
    zh: "正在编辑单元格时 Excel 无法执行操作。您的数据未被改动。请按 Enter 或 Esc 结束编辑，然后重试。",
  },
  nameTaken: {
    en: "A sheet or table with the same name appeared while SLA Ledger was writing. Your data is unchanged. Retry to write beside it.",
    zh: "写入期间出现了同名的工作表或表格。您的数据未被改动。请重试，输出将写在其旁边。",
  },
  tooBig: {
    en: "Excel refused a request even in its smallest size. Your data is unchanged. Close other workbooks or use Excel on the desktop, then Retry.",
    zh: "即使拆分到最小，Excel 仍拒绝了请求。您的数据未被改动。请关闭其他工作簿或改用桌面版 Excel，然后重试。",
  },
  hostFault: {
    en: "Excel did not complete the request (it may have lost its connection or been busy). Your data is unchanged. Retry.",
    zh: "Excel 未能完成请求（可能连接中断或正忙）。您的数据未被改动。请重试。",
  },
  other: {
    en: "Excel reported an error. Your data is unchanged.",
    zh: "Excel 报告了错误。您的数据未被改动。",
  },
};

const INCOMPLETE: Record<Lang, (sheets: string) => string> = {
  en: (sheets) => `Incomplete: ${sheets}. Retry writes them again.`,
  zh: (sheets) => `未完成：${sheets}。重试将重新写入。`,
};

/** An error from Excel, as the pane shows it. */
export class ExcelHostError extends Error {
  constructor(
    readonly kind: HostErrorKind,
    /** Excel's own error code (OfficeExtension.Error.code), kept for support. */
    readonly code: string,
    readonly stage: "reading" | "writing",
    /**
     * Output sheets the run did not finish: created or cleared but not fully written, or not reached. Their
     * previous contents (if any) are gone; Retry rewrites them. Input sheets are never among them.
     */
    readonly incompleteSheets: readonly string[],
    readonly original?: unknown,
  ) {
    super("");
    this.name = "ExcelHostError";
    // In English by default, so a pane that shows only `message` still says what happened and what to do.
    this.message = this.text("en");
  }
  /** Pressing Retry can succeed without the user changing anything first. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
  /** What to tell the user, in their language; the incomplete sheets named. */
  text(lang: Lang): string {
    const sheets = this.incompleteSheets.length ? ` ${INCOMPLETE[lang](this.incompleteSheets.join(lang === "zh" ? "、" : ", "))}` : "";
    const code = this.kind === "other" ? ` (${this.code})` : "";
    return `${WORDS[this.kind][lang]}${code}${sheets}`;
  }
}

/** Excel's error code of a rejection, or "" for an error that is not Excel's. */
export function errorCodeOf(e: unknown): string {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : "";
}

/**
 * An Excel rejection as an ExcelHostError (anything else, like a cancel or a bug, is returned as it is, so it is
 * never dressed up as Excel's).
 */
export function toHostError(e: unknown, stage: "reading" | "writing", incompleteSheets: readonly string[] = []): unknown {
  if (e instanceof ExcelHostError) return e;
  const code = errorCodeOf(e);
  if (!code) return e;
  return new ExcelHostError(KIND_OF_CODE[code] ?? "other", code, stage, incompleteSheets, e);
}
