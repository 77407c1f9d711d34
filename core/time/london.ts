/**
 * Europe/London wall-clock time, computed from the rule rather than the host's time-zone database,
 * so every deadline is the same whatever TZ the process runs under.
 *
 * Since 1996 UK summer time (BST, UTC+01:00) runs from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October (the Summer Time Order 2002 follows the EU directive);
 * the rest of the year is GMT (UTC+00:00). Deadlines before 1996 are out of scope.
 *
 * Three representations are used throughout core/:
 * - an instant: milliseconds since the Unix epoch (UTC), the only thing that is compared;
 * - a local time: the same count, but of London wall-clock time as if it were UTC, so that
 *   calendar arithmetic (days, months, time of day) is plain integer arithmetic;
 * - a day number: whole days since 1970-01-01 of the London calendar date.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const transitionCache = new Map<number, readonly [number, number]>();

/** UTC instants at which summer time starts and ends in `year`. */
function summerTime(year: number): readonly [number, number] {
  let t = transitionCache.get(year);
  if (!t) {
    t = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
    transitionCache.set(year, t);
  }
  return t;
}

function lastSundayAt0100Utc(year: number, month0: number): number {
  const lastDay = Date.UTC(year, month0 + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * MS_PER_DAY + MS_PER_HOUR;
}

/** London's offset from UTC at an instant, in milliseconds (0 or 3,600,000). */
export function offsetAt(instant: number): number {
  const [start, end] = summerTime(new Date(instant).getUTCFullYear());
  return instant >= start && instant < end ? MS_PER_HOUR : 0;
}

export function toLocal(instant: number): number {
  return instant + offsetAt(instant);
}

/**
 * The instant of a London wall-clock time. A time skipped when the clocks go forward (01:00–02:00
 * on the last Sunday of March) is read as the same number of minutes after the change; a time that
 * happens twice when they go back is read as its first occurrence (still in summer time).
 */
export function fromLocal(local: number): number {
  const asBst = local - MS_PER_HOUR;
  if (offsetAt(asBst) === MS_PER_HOUR) return asBst;
  const asGmt = local;
  if (offsetAt(asGmt) === 0) return asGmt;
  // In the spring gap neither reading round-trips: 01:30 GMT-as-written is 02:30 BST.
  return asGmt;
}

export function dayOf(local: number): number {
  return Math.floor(local / MS_PER_DAY);
}

export function timeOfDay(local: number): number {
  return local - dayOf(local) * MS_PER_DAY;
}

/** The London calendar day of an instant. */
export function londonDay(instant: number): number {
  return dayOf(toLocal(instant));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function dayFromIsoDate(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function isoDateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** The instant at which a London day starts (00:00 local). */
export function startOfDay(day: number): number {
  return fromLocal(day * MS_PER_DAY);
}

/** The instant at a London day and a wall-clock time of day (ms after midnight). */
export function atTimeOfDay(day: number, msAfterMidnight: number): number {
  return fromLocal(day * MS_PER_DAY + msAfterMidnight);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** ISO 8601 with London's offset, to the second (and milliseconds only when present). */
export function formatInstant(instant: number): string {
  const offset = offsetAt(instant);
  const d = new Date(instant + offset);
  const ms = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    (offset ? '+01:00' : '+00:00')
  );
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export type ParsedInstant =
  { ok: true; instant: number; dateOnly: boolean } | { ok: false; reason: string };

/**
 * Reads an ISO 8601 instant with an explicit offset, or a bare date meaning the start of that day
 * in Europe/London. A date-time without an offset is refused: it would mean different instants on
 * different machines.
 */
export function parseInstant(text: string): ParsedInstant {
  const m = INSTANT.exec(text);
  if (!m) return { ok: false, reason: 'is not an ISO 8601 date or date-time' };
  const [, ys, mos, ds, hs, mis, ss, fs, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const day = Date.UTC(y, mo - 1, d);
  const check = new Date(day);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return { ok: false, reason: 'is not a real calendar date' };
  }
  if (hs === undefined) {
    return { ok: true, instant: startOfDay(day / MS_PER_DAY), dateOnly: true };
  }
  if (zone === undefined) {
    return { ok: false, reason: 'has a time but no UTC offset (add Z or e.g. +01:00)' };
  }
  const h = Number(hs);
  const mi = Number(mis);
  const s = ss === undefined ? 0 : Number(ss);
  if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: 'has an out-of-range time' };
  const ms = fs === undefined ? 0 : Math.floor(Number(`0.${fs}`) * 1000);
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 14 || om > 59) return { ok: false, reason: 'has an out-of-range UTC offset' };
    offsetMin = sign * (oh * 60 + om);
  }
  const instant =
    day + h * MS_PER_HOUR + mi * MS_PER_MINUTE + s * 1000 + ms - offsetMin * MS_PER_MINUTE;
  return { ok: true, instant, dateOnly: false };
}

/** A time of day "HH:MM" or "HH:MM:SS" as milliseconds after midnight. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return h * MS_PER_HOUR + mi * MS_PER_MINUTE + s * 1000;
}
