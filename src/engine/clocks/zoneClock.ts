/**
 * Real (elapsed) time in an IANA zone (docs/CONTRACT.md, Clocks: "hours": 24 hours across a DST change are 24 real hours).
 * Offsets come from Intl.DateTimeFormat — the host's zone database, never the host's own zone — remembered per
 * quarter hour.
 */
import type { ZoneClock } from "./api";
import { asLocal, daysFromCivil, SECONDS_PER_DAY, type LocalSeconds } from "../core/time";

export function makeZoneClock(zone: string): ZoneClock | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
  } catch {
    return null;
  }
  const cache = new Map<number, number>();
  /** Offset (local − UTC, seconds) in force at a UTC instant, cached per UTC hour (transitions fall on whole hours or half hours; a 15-minute cache keeps it exact). */
  const offsetAt = (utcSeconds: number): number => {
    const key = Math.floor(utcSeconds / 900);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const parts = format.formatToParts(new Date(key * 900 * 1000));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
    let year = get("year");
    if (parts.find((p) => p.type === "era")?.value === "BC") year = 1 - year;
    const local = daysFromCivil(year, get("month"), get("day")) * SECONDS_PER_DAY + get("hour") * 3600 + get("minute") * 60 + get("second");
    const offset = local - key * 900;
    if (cache.size > 100000) cache.clear();
    cache.set(key, offset);
    return offset;
  };

  const fromUtc = (u: number): LocalSeconds => asLocal(u + offsetAt(u));
  const toUtc = (local: LocalSeconds): number => {
    // At most one transition within a day either side: try both offsets.
    const before = offsetAt(local - SECONDS_PER_DAY);
    const after = offsetAt(local + SECONDS_PER_DAY);
    const candidates = [local - before, local - after].filter((u) => fromUtc(u) === local).sort((a, b) => a - b);
    // Ambiguous (clocks go back): the first occurrence. Skipped (clocks go forward): map forward with the old offset.
    return candidates.length ? candidates[0] : local - before;
  };
  return { zone, toUtc, fromUtc };
}
