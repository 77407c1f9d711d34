/**
 * Dates and times as people in England type them to the bot: "12/02/2027" (day first, never the
 * American order), "12 Feb 2027", "12 February", "Friday 12 Feb 2027", "today", "tomorrow", with a
 * time such as "4pm", "4.30pm", "16:00", "noon", or none. The answer says how it was read, so the
 * person can see it was understood ("Fri 12 Feb 2027, 16:00"), or why it was not.
 */
import { humanDay, humanInstantAt } from './human';
import {
  MS_PER_DAY,
  civilFromDay,
  dayFromCivil,
  daysInMonth,
  fromLocal,
  londonDay,
} from './london';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday)?,?$/;

export type BritishDateTime =
  | {
      ok: true;
      /** London day (days since 1970-01-01). */
      day: number;
      /** Minutes after midnight, if a time was given. */
      minutes?: number;
      /** The instant, when a time was given. */
      instant?: number;
      /** How it was read, for the person to check. */
      understood: string;
    }
  | { ok: false; reason: string };

/** "Feb", "feb.", "February", "Sept" → 2, 2, 2, 9: at least three letters of the month's name. */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w));
  return i < 0 ? undefined : i + 1;
}

/** "4pm", "4.30pm", "4:30 pm", "16:00", "1600", "noon", "midday", "midnight" → minutes. */
export function parseBritishTime(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'noon' || t === 'midday') return 12 * 60;
  if (t === 'midnight') return 0;
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$/.exec(t);
  if (twelve) {
    const h = Number(twelve[1]);
    const m = Number(twelve[2] ?? 0);
    if (h < 1 || h > 12 || m > 59) return undefined;
    return ((h % 12) + (twelve[3] === 'pm' ? 12 : 0)) * 60 + m;
  }
  const day = /^([01]?\d|2[0-3])[:.]?([0-5]\d)$/.exec(t);
  if (day) return Number(day[1]) * 60 + Number(day[2]);
  return undefined;
}

/**
 * Reads a date, with a time or not. A year left out is the next such date from today; a two-digit
 * year is this century. Words it cannot place are named in the reason.
 */
export function parseBritishDateTime(text: string, now: number): BritishDateTime {
  const words = text
    .trim()
    .replace(/,/g, ' ')
    .replace(/\bat\b/gi, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return { ok: false, reason: 'No date was given.' };
  const today = londonDay(now);
  let day: number | undefined;
  let minutes: number | undefined;
  const rest: string[] = [];
  // A time may come first or last, and may be split ("4 pm").
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1]?.toLowerCase();
    if (
      minutes === undefined &&
      (next === 'am' || next === 'pm') &&
      /^\d{1,2}([:.]\d{2})?$/.test(w)
    ) {
      minutes = parseBritishTime(w + next);
      i++;
      continue;
    }
    const asTime =
      /[:.]|am$|pm$|^noon$|^midday$|^midnight$/i.test(w) &&
      !/^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(w)
        ? parseBritishTime(w)
        : undefined;
    if (asTime !== undefined && minutes === undefined) {
      minutes = asTime;
      continue;
    }
    rest.push(w);
  }
  const lower = rest.map((w) => w.toLowerCase());
  // A weekday named beside a date is only a check on it; alone it is not enough.
  const weekday = lower.length > 1 && WEEKDAYS.test(lower[0]!) ? lower.shift() : undefined;
  if (lower.length === 1 && lower[0] === 'today') day = today;
  else if (lower.length === 1 && lower[0] === 'tomorrow') day = today + 1;
  else if (lower.length === 1 && /^\d{4}-\d{2}-\d{2}$/.test(lower[0]!)) {
    const [y, m, d] = lower[0]!.split('-').map(Number) as [number, number, number];
    day = real(y, m, d);
  } else if (lower.length === 1 && /^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$/.test(lower[0]!)) {
    const [d, m, y] = lower[0]!.split(/[/.-]/).map(Number) as [number, number, number?];
    day = withYear(d, m, y, today);
  } else if (lower.length >= 2 && lower.length <= 3 && /^\d{1,2}(st|nd|rd|th)?$/.test(lower[0]!)) {
    const m = monthOf(lower[1]!);
    const y =
      lower[2] === undefined ? undefined : /^\d{2,4}$/.test(lower[2]) ? Number(lower[2]) : NaN;
    if (m !== undefined && !Number.isNaN(y)) day = withYear(parseInt(lower[0]!, 10), m, y, today);
  } else if (lower.length >= 2 && lower.length <= 3 && monthOf(lower[0]!) !== undefined) {
    // "Feb 12 2027" is read the same way, the month being a word.
    const y =
      lower[2] === undefined ? undefined : /^\d{2,4}$/.test(lower[2]) ? Number(lower[2]) : NaN;
    if (/^\d{1,2}(st|nd|rd|th)?$/.test(lower[1]!) && !Number.isNaN(y))
      day = withYear(parseInt(lower[1]!, 10), monthOf(lower[0]!)!, y, today);
  }
  if (day === undefined)
    return {
      ok: false,
      reason: `"${text.trim()}" is not a date I can read. Write it day first, e.g. 12/02/2027 4pm or 12 Feb 2027 16:00.`,
    };
  if (weekday && humanDay(day).slice(0, 3).toLowerCase() !== weekday.slice(0, 3))
    return {
      ok: false,
      reason: `${humanDay(day)} is not a ${capitalised(weekday.replace(/,$/, ''))}: check the date.`,
    };
  if (minutes === undefined) return { ok: true, day, understood: humanDay(day) };
  const instant = fromLocal(day * MS_PER_DAY + minutes * 60_000);
  return { ok: true, day, minutes, instant, understood: humanInstantAt(instant) };
}

function real(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayFromCivil(y, m, d);
}

function withYear(d: number, m: number, y: number | undefined, today: number): number | undefined {
  if (y !== undefined) return real(y < 100 ? 2000 + y : y, m, d);
  // No year: the next such date, today included.
  const [thisYear] = civilFromDay(today);
  const sameYear = real(thisYear, m, d);
  if (sameYear !== undefined && sameYear >= today) return sameYear;
  return real(thisYear + 1, m, d);
}

const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
