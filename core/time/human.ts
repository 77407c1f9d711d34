/**
 * Instants as people read them in the product: Europe/London, en-GB, with the weekday
 * ("Wed 10 May 2023, 16:00"). Worked out from the same BST rules as the deadlines, so a card
 * never shows a different hour from the one the engine computed.
 */
import {
  civilFromDay,
  dayFromIsoDate,
  dayOf,
  formatInstant,
  fromLocal,
  isIsoDate,
  MS_PER_DAY,
  parseInstant,
  timeOfDay,
  toLocal,
  weekday,
} from './london';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "Wed 10 May 2023, 16:00"; "—" for none; text that is not an instant comes back unchanged. */
export function humanInstant(iso: string | undefined): string {
  if (!iso) return '—';
  const parsed = parseInstant(iso);
  return parsed.ok ? humanInstantAt(parsed.instant) : iso;
}

/** "Wed 10 May 2023, 16:00" from an instant (the engine's words need no parsing back). */
export function humanInstantAt(instant: number): string {
  const local = toLocal(instant);
  const minutes = Math.floor(timeOfDay(local) / 60_000);
  return `${humanDay(dayOf(local))}, ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** "Wed 10 May 2023": a London day (days since 1970-01-01), for people. */
export function humanDay(day: number): string {
  const [year, month, date] = civilFromDay(day);
  return `${WEEKDAYS[weekday(day)]} ${date} ${MONTHS[month - 1]} ${year}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "December 2026" for `2026-12`. */
export function humanMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${year}`;
}

/** "Wed 10 May 2023": the London day of an instant, for people. */
export function humanDate(iso: string): string {
  const parsed = parseInstant(iso);
  return parsed.ok ? humanDay(dayOf(toLocal(parsed.instant))) : iso;
}

/** "2 days 3 hours", "45 minutes": how far apart two instants are, to the minute, for people. */
export function humanDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0)
    return hours > 0 ? `${part(days, 'day')} ${part(hours, 'hour')}` : part(days, 'day');
  if (hours > 0)
    return mins > 0 ? `${part(hours, 'hour')} ${part(mins, 'minute')}` : part(hours, 'hour');
  return part(mins, 'minute');
}

/** "3 working days late (5 days)", "late today": how late, as people count it. */
export function lateText(late: { workingDays: number; days: number }): string {
  if (late.days === 0) return 'late today';
  const working = `${late.workingDays} working day${late.workingDays === 1 ? '' : 's'} late`;
  return late.days === late.workingDays
    ? working
    : `${working} (${late.days} day${late.days === 1 ? '' : 's'})`;
}

/**
 * A date and a time of day as a person in England enters them ("2023-06-13", "16:00"), as an
 * instant with London's offset; undefined if either is not a real date or time. In the autumn
 * hour that happens twice, the first (BST) reading is taken.
 */
export function instantFromLondon(date: string, time: string): string | undefined {
  const hm = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!isIsoDate(date) || !hm) return undefined;
  const local = dayFromIsoDate(date) * MS_PER_DAY + (Number(hm[1]) * 60 + Number(hm[2])) * 60_000;
  return formatInstant(fromLocal(local));
}
