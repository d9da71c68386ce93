/**
 * Excel's two date systems. A workbook in the 1904 system (old Mac workbooks) counts its serials from 1904-01-01,
 * 1,462 days after the 1900 system's origin; every other conversion of the engine speaks 1900 serials, so a 1904
 * serial is moved by that constant on the way in and on the way out.
 * https://learn.microsoft.com/office/troubleshoot/excel/1900-and-1904-date-system
 */
import { excelSerialFromLocal, localFromExcelSerial, type LocalSeconds } from "./time";

export type DateSystem = "1900" | "1904";

/** 1904-01-01 is serial 1462 in the 1900 system and serial 0 in the 1904 system. */
export const DAYS_1904_AFTER_1900 = 1462;

/** A serial of the given date system → wall-clock seconds (rounded to the second, as every date cell). */
export function localFromSerial(serial: number, system: DateSystem): LocalSeconds {
  return localFromExcelSerial(system === "1904" ? serial + DAYS_1904_AFTER_1900 : serial);
}

/** Wall-clock seconds → a serial of the given date system. */
export function serialFromLocal(t: LocalSeconds, system: DateSystem): number {
  const serial = excelSerialFromLocal(t);
  return system === "1904" ? serial - DAYS_1904_AFTER_1900 : serial;
}
