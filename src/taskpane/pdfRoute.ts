/**
 * How the user gets a provider's dispute report as a PDF, chosen per platform so the data never leaves the computer.
 *  - Excel on the web runs the pane in the user's own browser: the PDF is drawn in the pane and downloaded from a
 *    Blob URL (in memory, nothing uploaded).
 *  - Excel on Windows (WebView2, or the older Trident/EdgeHTML webviews) and on Mac (WKWebView) do not download
 *    files from an add-in (Microsoft's "Browsers and webview controls used by Office Add-ins"; OfficeDev/office-js
 *    #2700, closed by design, #3385, #4681). `Office.context.ui.openBrowserWindow` only opens http(s) addresses,
 *    so the PDF would have to be served from somewhere: not local. There the pane opens the print-ready Report sheet
 *    it already wrote and gives Excel's own steps to save that sheet as a PDF.
 * A browser without the anchor `download` attribute takes the Excel route too.
 */
export type PdfRoute =
  | { kind: "download" }
  | { kind: "excel"; steps: "windows" | "mac" | "other" };

/** `platform` is Office.context.platform as text ("PC", "Mac", "OfficeOnline", "iOS", "Universal", ...), "" outside Office. */
export function pdfRouteFor(platform: string, anchorDownload: boolean): PdfRoute {
  const web = platform === "" || platform === "OfficeOnline";
  if (web && anchorDownload) return { kind: "download" };
  if (platform === "PC" || platform === "Universal") return { kind: "excel", steps: "windows" };
  if (platform === "Mac") return { kind: "excel", steps: "mac" };
  return { kind: "excel", steps: "other" };
}

export function anchorDownloadSupported(): boolean {
  return typeof document !== "undefined" && "download" in document.createElement("a");
}

/** Excel's own steps to save the active sheet as a PDF, numbered, in the pane's language. */
export function saveAsPdfSteps(steps: "windows" | "mac" | "other", sheet: string, lang: "en" | "zh"): string[] {
  const zh = lang === "zh";
  const first = zh ? `加载项已打开工作表“${sheet}”（打印设置已就绪）。` : `The pane has opened the sheet "${sheet}" (print setup ready).`;
  if (steps === "windows") {
    return zh
      ? [first, "在 Excel 中点 文件 > 导出 > 创建 PDF/XPS 文档 > 创建 PDF/XPS。", "点“选项…”，在“发布内容”下选“活动工作表”，确定。", "选择保存位置，保存类型为 PDF，点“发布”。"]
      : [first, "In Excel choose File > Export > Create PDF/XPS Document > Create PDF/XPS.", "Click Options…, under Publish what choose Active sheet(s), then OK.", "Pick a folder, keep Save as type PDF, and click Publish."];
  }
  if (steps === "mac") {
    return zh
      ? [first, "在 Excel 菜单栏点 文件 > 另存为…。", "“文件格式”选 PDF，并选“工作表”（而不是“工作簿”）。", "选择保存位置，点“导出”或“存储”。"]
      : [first, "In Excel's menu bar choose File > Save As….", "Set File Format to PDF and choose Sheet (not Workbook).", "Pick a folder and click Export (or Save)."];
  }
  return zh
    ? [first, "在 Excel 中点 文件 > 打印，打印机选“另存为 PDF”（或“Microsoft Print to PDF”），范围选当前工作表。", "保存 PDF 文件。"]
    : [first, "In Excel choose File > Print, pick Save as PDF (or Microsoft Print to PDF) as the printer, print the active sheet.", "Save the PDF file."];
}
