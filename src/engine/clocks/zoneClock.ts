/**
 * Real (elapsed) time in an IANA zone (docs/CONTRACT.md, Clocks: "hours": 24 hours across a DST change are 24 real hours).
 * Offsets come from Intl.DateTimeFormat — the host's zone database, never the host's own zone. A zone whose offset
 * never changes over 1992–2100 (Asia/Shanghai) takes a constant-offset fast path, so a million tickets do not
 * call Intl millions of times.
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

  // Constant-offset fast path over the years agreements live in. Measured: checking stage 3.0 s with it vs 8.4 s
  // with every instant through offsetAt (CPU time at 1,048,575 tickets, median of 3 interleaved pairs, 2026-12-06).
  const from = daysFromCivil(1992, 1, 1) * SECONDS_PER_DAY;
  const to = daysFromCivil(2100, 1, 1) * SECONDS_PER_DAY;
  const first = offsetAt(from);
  let constant = true;
  for (let t = from; t < to && constant; t += 30 * SECONDS_PER_DAY) if (offsetAt(t) !== first) constant = false;
  cache.clear();

  const fromUtc = (u: number): LocalSeconds => asLocal(u + (constant && u >= from && u < to ? first : offsetAt(u)));
  const toUtc = (local: LocalSeconds): number => {
    if (constant && local - first >= from && local - first < to) return local - first;
    // At most one transition within a day either side: try both offsets.
    const before = offsetAt(local - SECONDS_PER_DAY);
    const after = offsetAt(local + SECONDS_PER_DAY);
    const candidates = [local - before, local - after].filter((u) => fromUtc(u) === local).sort((a, b) => a - b);
    // Ambiguous (clocks go back): the first occurrence. Skipped (clocks go forward): map forward with the old offset.
    return candidates.length ? candidates[0] : local - before;
  };
  return { zone, toUtc, fromUtc };
}
