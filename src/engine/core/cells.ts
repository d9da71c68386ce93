/**
 * Host-neutral workbook data: what every host (Office.js, the .xlsx reader) hands the engine, and what the engine hands back.
 * A cell is what Excel's `values` gives: text, a number (dates are Excel serial numbers), a boolean, or empty.
 */
export type Cell = string | number | boolean | null;

/** One worksheet as a dense 2-D array of rows; row 0 is Excel row 1, column 0 is column A. */
export interface SheetData {
  name: string;
  rows: Cell[][];
}

/** The sheets of a workbook in tab order. */
export interface WorkbookData {
  sheets: SheetData[];
}

/** `0 → "A"`, `25 → "Z"`, `26 → "AA"`. */
export function columnLetter(columnIndex: number): string {
  let n = columnIndex + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Zero-based row/column to an A1 reference: `(6, 5) → "F7"`. */
export function cellAddress(rowIndex: number, columnIndex: number): string {
  return `${columnLetter(columnIndex)}${rowIndex + 1}`;
}

/** Quotes a sheet name for a reference the way Excel's Name Box accepts it: `'Tickets 2'!F7`. */
export function sheetCellRef(sheet: string, cell: string): string {
  const plain = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_.\u4e00-\u9fff]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cell}`;
}
