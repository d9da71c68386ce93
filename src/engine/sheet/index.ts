/** Reading the workbook (docs/CONTRACT.md, Input sheets): see README.md in this folder. */
export { readWorkbook, type HeaderMappings, type ReadOptions } from "./readWorkbook";
export { buildTemplateSheets } from "./templates";
export { fieldsFor } from "./headers";
export { normalizeText, normalizeHeader } from "./normalize";
