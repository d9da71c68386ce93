/**
 * Host-neutral output sheets (DESIGN.md): values + formats + which cells are formulas. The Excel adapter and the
 * xlsx adapter only place them, so the add-in and the CLI write the same sheets.
 */
import type { Cell } from "./cells";

export type OutputRole = "findings" | "settlement" | "kpis" | "issues" | "report" | "template";

export type RowStyle = "title" | "header" | "late" | "total" | "subtotal" | "section" | "note";

export interface OutputColumn {
  widthChars: number;
  /** Excel number format for the whole column ("yyyy-mm-dd hh:mm", "#,##0.00", "@" for text). */
  numberFormat?: string;
}

export interface OutputFormula {
  row: number; // zero-based
  col: number;
  /** With the leading "=", in A1 style: "=SUM(D5:D9)". The cell's value in `rows` is the engine's own figure. */
  formula: string;
}

export interface OutputSheet {
  name: string;
  role: OutputRole;
  /**
   * Values. Dates are Excel serial numbers (with a date number format); text that could be read as a formula is
   * still plain text here — adapters must write text cells as text (numberFormat "@"), never as formulas.
   */
  rows: Cell[][];
  formulas: OutputFormula[];
  columns: OutputColumn[];
  /** Per-cell number formats that differ from the column's (mixed blocks such as the settlement sheet). */
  cellFormats: { row: number; col: number; numberFormat: string }[];
  rowStyles: { row: number; style: RowStyle }[];
  freezeRows: number;
  /** Filterable tables (Excel tables in the add-in, autofilter in .xlsx). Rows inclusive, zero-based. */
  tables: { name: string; headerRow: number; lastRow: number; firstCol: number; lastCol: number }[];
}

/** Marker the tool writes (as a workbook-level note / custom property) to know it created a sheet. */
export const OUTPUT_MARKER = "SLA Ledger output";
