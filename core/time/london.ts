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

/** Days since 1970-01-01 of a Gregorian date (month 1–12), by integer arithmetic: no Date objects on hot paths. */
export function dayFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The Gregorian date of a day number: [year, month 1–12, day of month]. */
export function civilFromDay(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return (
    dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    dayFromCivil(year, month, 1)
  );
}

/** Summer time's start and end by year from 1900 (index 0) to 2299: each worked out once. */
const SUMMER_TIMES_FROM = 1900;
const summerTimes = new Array<readonly [number, number] | undefined>(400).fill(undefined);

/** UTC instants at which summer time starts and ends in `year`. */
function summerTime(year: number): readonly [number, number] {
  const i = year - SUMMER_TIMES_FROM;
  if (!(i >= 0 && i < summerTimes.length))
    return [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
  return (summerTimes[i] ??= [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)]);
}

function lastSundayAt0100Utc(year: number, month0: number): number {
  const lastDay = dayFromCivil(year, month0 + 1, daysInMonth(year, month0 + 1));
  return (lastDay - weekday(lastDay)) * MS_PER_DAY + MS_PER_HOUR;
}

/** The mean Gregorian year (365.2425 days) in milliseconds. */
const MS_PER_MEAN_YEAR = 31_556_952_000;

/** London's offset from UTC at an instant, in milliseconds (0 or 3,600,000). */
export function offsetAt(instant: number): number {
  // The year by the mean year's length is off by at most a day or two around New Year, when
  // London is on GMT whichever year's summer it is compared with: no calendar is worked out,
  // and nothing is allocated, on this hot path.
  const summer = summerTime(Math.floor(instant / MS_PER_MEAN_YEAR) + 1970);
  return instant >= summer[0] && instant < summer[1] ? MS_PER_HOUR : 0;
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
  return dayFromCivil(
    Number(isoDate.slice(0, 4)),
    Number(isoDate.slice(5, 7)),
    Number(isoDate.slice(8, 10)),
  );
}

/** Whether text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function isoDateOf(day: number): string {
  const [y, m, d] = civilFromDay(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The Gregorian year of a day number: civilFromDay's first part, without making an array. */
export function yearOf(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  // March-based months: 10 and 11 are January and February, of the next year.
  return yoe + era * 400 + (Math.floor((5 * doy + 2) / 153) >= 10 ? 1 : 0);
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

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));
const DATE_TEXT_FIRST_DAY = 9496; // 1996-01-01
const dateText: string[] = [];

/** "YYYY-MM-DD" of a day, remembered: deadlines fall on the same days over and over. */
function dateTextOf(day: number): string {
  const i = day - DATE_TEXT_FIRST_DAY;
  if (i < 0 || i > 40_000) return isoDateOf(day);
  return (dateText[i] ??= isoDateOf(day));
}

/**
 * The event's own text when it already is what `formatInstant` would write (London's offset at
 * that instant, to the second), so that echoing events back costs nothing.
 */
export function canonicalText(text: string, instant: number): string {
  if (
    text.length === 25 &&
    text[19] === '+' &&
    text.endsWith(offsetAt(instant) ? '01:00' : '00:00')
  )
    return text;
  return formatInstant(instant);
}

/** ISO 8601 with London's offset, to the second (and milliseconds only when present). */
export function formatInstant(instant: number): string {
  // Milliseconds are whole in this product; a fraction (from arithmetic) would print badly.
  instant = Math.round(instant);
  // Deadlines and reminders fall on the same few tens of thousands of instants (end of day at
  // 23:59:59, 09:00) across cases: the same text is handed out again rather than built anew for
  // every obligation. Whole seconds only, kept in a table of 65,536 slots, one text per slot: an
  // instant's slot is found by arithmetic and its second compared in a typed array, so a lookup
  // reads two places in memory. (A Map keyed by the second boxed each key as a heap number and
  // followed it on every lookup; with the table, evaluating 10,000 cases takes 0.92 of the time.)
  const second = instant / 1000;
  if (!Number.isInteger(second)) return buildInstantText(instant);
  // Fibonacci hashing of the second's low 32 bits: seconds of the same time of day on different
  // days differ by multiples of 86,400, which a plain remainder would crowd into few slots.
  const slot = Math.imul(second | 0, 0x9e3779b1) >>> (32 - FORMATTED_BITS);
  if (FORMATTED_SECONDS[slot] === second) return FORMATTED_TEXTS[slot]!;
  const text = buildInstantText(instant);
  FORMATTED_SECONDS[slot] = second;
  FORMATTED_TEXTS[slot] = text;
  return text;
}

/**
 * Formatted instants kept: 65,536 slots (under 1 MB with their texts' references, the texts about
 * 40 bytes each). 10,000 cases have about 30,000 distinct deadlines and reminders; two that share
 * a slot take turns in it, and the text is built again when its turn comes.
 */
const FORMATTED_BITS = 16;
const FORMATTED_SECONDS = new Float64Array(1 << FORMATTED_BITS).fill(NaN);
const FORMATTED_TEXTS = new Array<string | undefined>(1 << FORMATTED_BITS).fill(undefined);

function buildInstantText(instant: number): string {
  const offset = offsetAt(instant);
  const local = instant + offset;
  const day = Math.floor(local / MS_PER_DAY);
  const t = local - day * MS_PER_DAY;
  const ms = t % 1000;
  return (
    `${dateTextOf(day)}T${TWO_DIGITS[Math.floor(t / MS_PER_HOUR)]}:${TWO_DIGITS[Math.floor(t / MS_PER_MINUTE) % 60]}:${TWO_DIGITS[Math.floor(t / 1000) % 60]}` +
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
  const instant = canonicalInstant(text);
  return Number.isNaN(instant) ? parseGeneral(text) : { ok: true, instant, dateOnly: false };
}

/**
 * The instant `text` names, or NaN if it names none: `parseInstant` without making a result
 * object for the form this product writes (the engine reads every event's instant).
 */
export function instantOrNaN(text: string): number {
  const instant = canonicalInstant(text);
  if (!Number.isNaN(instant)) return instant;
  const parsed = parseGeneral(text);
  return parsed.ok ? parsed.instant : NaN;
}

const ZERO = 48;

/** Two ASCII digits at a position, or NaN. */
function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * The form this product writes, "2023-05-05T16:00:00+01:00", read without a regular expression:
 * evaluating a case parses every event's instant, so this is a hot path, and it makes nothing but
 * the number. NaN for anything else (or any doubt), which the general parser then reads.
 */
function canonicalInstant(text: string): number {
  if (
    text.length !== 25 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':' ||
    text[22] !== ':'
  ) {
    return NaN;
  }
  const sign = text[19] === '+' ? 1 : text[19] === '-' ? -1 : 0;
  const y = digits2(text, 0) * 100 + digits2(text, 2);
  const mo = digits2(text, 5);
  const d = digits2(text, 8);
  const h = digits2(text, 11);
  const mi = digits2(text, 14);
  const s = digits2(text, 17);
  const oh = digits2(text, 20);
  const om = digits2(text, 23);
  if (
    !sign ||
    !(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 59 && oh <= 14 && om <= 59)
  ) {
    return NaN;
  }
  if (d > daysInMonth(y, mo)) return NaN;
  return (
    dayFromCivil(y, mo, d) * MS_PER_DAY +
    h * MS_PER_HOUR +
    mi * MS_PER_MINUTE +
    s * 1000 -
    sign * (oh * 60 + om) * MS_PER_MINUTE
  );
}

function parseGeneral(text: string): ParsedInstant {
  const m = INSTANT.exec(text);
  if (!m) return { ok: false, reason: 'is not an ISO 8601 date or date-time' };
  const [, ys, mos, ds, hs, mis, ss, fs, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return { ok: false, reason: 'is not a real calendar date' };
  }
  const day = dayFromCivil(y, mo, d) * MS_PER_DAY;
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
