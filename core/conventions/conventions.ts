/**
 * The deadline conventions: each names one reading of an ambiguous protocol phrase ("within 5
 * working days", "within 48 hours", "five days before it is due to be filed", "every 6 months").
 * All arithmetic is on Europe/London wall-clock time; results are instants.
 */
import type { BusinessCalendar, CalendarScope } from '../calendar/business-calendar';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  atTimeOfDay,
  civilFromDay,
  dayFromCivil,
  dayOf,
  daysInMonth,
  formatInstant,
  fromLocal,
  timeOfDay,
  toLocal,
} from '../time/london';
import { humanDay } from '../time/human';

export const AFTER_CONVENTIONS = [
  'working-days',
  'calendar-days',
  'business-hours',
  'elapsed',
  'elapsed-then-next-business-day',
  'calendar-months',
] as const;
export const BEFORE_CONVENTIONS = [
  'business-days-before',
  'clear-business-days-before',
  'calendar-days-before',
] as const;

export type AfterConvention = (typeof AFTER_CONVENTIONS)[number];
export type BeforeConvention = (typeof BEFORE_CONVENTIONS)[number];
export type Convention = AfterConvention | BeforeConvention;

/** What a convention's amount counts; an override to another unit must give its own amount. */
export type Unit = 'days' | 'hours' | 'months';

export const UNIT: Record<Convention, Unit> = {
  'working-days': 'days',
  'calendar-days': 'days',
  'business-hours': 'hours',
  elapsed: 'hours',
  'elapsed-then-next-business-day': 'hours',
  'calendar-months': 'months',
  'business-days-before': 'days',
  'clear-business-days-before': 'days',
  'calendar-days-before': 'days',
};

export interface DayCounting {
  calendar: BusinessCalendar;
  scope: CalendarScope;
  /** Where "end of day" falls, as ms after local midnight (23:59:59 unless the council sets close of business). */
  endOfDay: number;
}

export type DeadlineWarning =
  | { code: 'limit-on-non-business-day'; message: string; suggested: string }
  | { code: 'moved-to-earlier-business-day'; message: string }
  | { code: 'compressed-window'; message: string; fullWindowDue: string }
  | { code: 'anchor-passed'; message: string };

export interface Deadline {
  due: number;
  warnings: DeadlineWarning[];
}

function nextBusinessDay(day: number, c: DayCounting): number {
  let d = day + 1;
  while (!c.calendar.isBusinessDay(d, c.scope)) d++;
  return d;
}

function previousBusinessDay(day: number, c: DayCounting): number {
  let d = day - 1;
  while (!c.calendar.isBusinessDay(d, c.scope)) d--;
  return d;
}

/** The day `n` business days after `day`, not counting `day` itself. */
export function addBusinessDays(day: number, n: number, c: DayCounting): number {
  let d = day;
  for (let i = 0; i < n; i++) d = nextBusinessDay(d, c);
  return d;
}

/** The day `n` business days before `day`, not counting `day` itself. */
export function subtractBusinessDays(day: number, n: number, c: DayCounting): number {
  let d = day;
  for (let i = 0; i < n; i++) d = previousBusinessDay(d, c);
  return d;
}

/** A limit is never moved later; if it lands on a non-business day, say so and suggest the day before. */
function endOfDayLimit(day: number, c: DayCounting): Deadline {
  const due = atTimeOfDay(day, c.endOfDay);
  if (c.calendar.isBusinessDay(day, c.scope)) return { due, warnings: [] };
  const earlier = previousBusinessDay(day, c);
  return {
    due,
    warnings: [
      {
        code: 'limit-on-non-business-day',
        message: `The limit falls on ${humanDay(day)}, ${c.calendar.describeDay(day, c.scope)}; aim for ${humanDay(earlier)}.`,
        suggested: formatInstant(atTimeOfDay(earlier, c.endOfDay)),
      },
    ],
  };
}

/** The same day of the month `months` later, or that month's last day if it is shorter. */
export function addCalendarMonths(day: number, months: number): number {
  const [y, m, d] = civilFromDay(day);
  const month0 = m - 1 + months;
  const year = y + Math.floor(month0 / 12);
  const month = (((month0 % 12) + 12) % 12) + 1;
  return dayFromCivil(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Business hours: only hours that fall on business days count (Fri 16:00 + 48h = Tue 16:00). */
function addBusinessHours(trigger: number, hours: number, c: DayCounting): number {
  let local = toLocal(trigger);
  if (!c.calendar.isBusinessDay(dayOf(local), c.scope)) {
    local = nextBusinessDay(dayOf(local), c) * MS_PER_DAY;
  }
  let remaining = hours * MS_PER_HOUR;
  for (;;) {
    const endOfThisDay = (dayOf(local) + 1) * MS_PER_DAY;
    if (remaining <= endOfThisDay - local) return fromLocal(local + remaining);
    remaining -= endOfThisDay - local;
    local = nextBusinessDay(dayOf(local), c) * MS_PER_DAY;
  }
}

/** A deadline counted forward from a trigger instant. */
export function deadlineAfter(
  convention: AfterConvention,
  trigger: number,
  amount: number,
  c: DayCounting,
): Deadline {
  switch (convention) {
    case 'working-days':
      return {
        due: atTimeOfDay(addBusinessDays(dayOf(toLocal(trigger)), amount, c), c.endOfDay),
        warnings: [],
      };
    case 'calendar-days':
      return endOfDayLimit(dayOf(toLocal(trigger)) + amount, c);
    case 'business-hours':
      return { due: addBusinessHours(trigger, amount, c), warnings: [] };
    case 'elapsed':
      return { due: trigger + amount * MS_PER_HOUR, warnings: [] };
    case 'elapsed-then-next-business-day': {
      const due = trigger + amount * MS_PER_HOUR;
      const day = dayOf(toLocal(due));
      if (c.calendar.isBusinessDay(day, c.scope)) return { due, warnings: [] };
      return { due: atTimeOfDay(nextBusinessDay(day, c), c.endOfDay), warnings: [] };
    }
    case 'calendar-months':
      return endOfDayLimit(addCalendarMonths(dayOf(toLocal(trigger)), amount), c);
  }
}

/** A deadline counted back from an anchor instant (e.g. a filing deadline). */
export function deadlineBefore(
  convention: BeforeConvention,
  anchor: number,
  amount: number,
  c: DayCounting,
): Deadline {
  const local = toLocal(anchor);
  const day = dayOf(local);
  switch (convention) {
    case 'business-days-before':
      return {
        due: atTimeOfDay(subtractBusinessDays(day, amount, c), timeOfDay(local)),
        warnings: [],
      };
    case 'clear-business-days-before': {
      // `amount` whole business days must lie strictly between the deadline's day and the anchor's.
      const earliestClearDay = subtractBusinessDays(day, amount, c);
      return {
        due: atTimeOfDay(previousBusinessDay(earliestClearDay, c), c.endOfDay),
        warnings: [],
      };
    }
    case 'calendar-days-before': {
      const target = day - amount;
      if (c.calendar.isBusinessDay(target, c.scope)) {
        return { due: atTimeOfDay(target, timeOfDay(local)), warnings: [] };
      }
      const moved = previousBusinessDay(target, c);
      return {
        due: atTimeOfDay(moved, timeOfDay(local)),
        warnings: [
          {
            code: 'moved-to-earlier-business-day',
            message: `${amount} calendar days before is ${humanDay(target)}, ${c.calendar.describeDay(target, c.scope)}; moved to ${humanDay(moved)}.`,
          },
        ],
      };
    }
  }
}

export function isBeforeConvention(c: Convention): c is BeforeConvention {
  return (BEFORE_CONVENTIONS as readonly string[]).includes(c);
}

/** How a deadline was counted, in words a manager can check against the protocol. */
export function describeConvention(
  convention: Convention,
  amount: number,
  anchor?: string,
): string {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  switch (convention) {
    case 'working-days':
      return `within ${plural(amount, 'working day')} (the day it starts is not counted; due at the end of the last business day)`;
    case 'calendar-days':
      return `within ${plural(amount, 'calendar day')} (never moved later; a limit on a non-business day is flagged)`;
    case 'business-hours':
      return `within ${plural(amount, 'hour')}, counting only hours on business days`;
    case 'elapsed':
      return `within ${plural(amount, 'clock hour')}`;
    case 'elapsed-then-next-business-day':
      return `within ${plural(amount, 'clock hour')}, or by the end of the next business day if that falls on a non-business day`;
    case 'calendar-months':
      return `within ${plural(amount, 'calendar month')} (same day of the month, or the month's last day; a limit on a non-business day is flagged)`;
    case 'business-days-before':
      return `${plural(amount, 'business day')} before ${anchor ?? 'the anchor'}, at the same time of day`;
    case 'clear-business-days-before':
      return `${plural(amount, 'clear business day')} before ${anchor ?? 'the anchor'}`;
    case 'calendar-days-before':
      return `${plural(amount, 'calendar day')} before ${anchor ?? 'the anchor'}, moved earlier onto a business day`;
  }
}

/** A deadline by any convention: forward from a trigger, or back from an anchor. */
export function countDeadline(
  convention: Convention,
  from: number,
  amount: number,
  c: DayCounting,
): Deadline {
  return isBeforeConvention(convention)
    ? deadlineBefore(convention, from, amount, c)
    : deadlineAfter(convention, from, amount, c);
}
