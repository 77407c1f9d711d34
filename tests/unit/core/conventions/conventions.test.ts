import { vendoredSnapshot } from '../../../../core/calendar/bank-holidays';
import { BusinessCalendar } from '../../../../core/calendar/business-calendar';
import {
  AFTER_CONVENTIONS,
  BEFORE_CONVENTIONS,
  UNIT,
  addBusinessDays,
  addCalendarMonths,
  countDeadline,
  deadlineAfter,
  deadlineBefore,
  describeConvention,
  isBeforeConvention,
  subtractBusinessDays,
  type AfterConvention,
  type BeforeConvention,
  type Convention,
  type DayCounting,
} from '../../../../core/conventions/conventions';
import {
  MS_PER_HOUR,
  dayFromIsoDate,
  formatInstant,
  isoDateOf,
  parseInstant,
} from '../../../../core/time/london';

const END_OF_DAY = 86_399_000; // 23:59:59
const calendar = new BusinessCalendar();
const internal: DayCounting = { calendar, scope: 'internal', endOfDay: END_OF_DAY };

function at(text: string): number {
  const p = parseInstant(text);
  if (!p.ok) throw new Error(`bad test instant ${text}: ${p.reason}`);
  return p.instant;
}

function after(
  convention: AfterConvention,
  trigger: string,
  amount: number,
  c: DayCounting = internal,
): string {
  return formatInstant(deadlineAfter(convention, at(trigger), amount, c).due);
}

function before(
  convention: BeforeConvention,
  anchor: string,
  amount: number,
  c: DayCounting = internal,
): string {
  return formatInstant(deadlineBefore(convention, at(anchor), amount, c).due);
}

describe('worked examples from the architecture brief', () => {
  it('an ICO made Fri 2023-05-05 16:00 + 48 business hours is Wed 2023-05-10 16:00 (coronation Monday)', () => {
    const d = deadlineAfter('business-hours', at('2023-05-05T16:00:00+01:00'), 48, internal);
    expect(formatInstant(d.due)).toBe('2023-05-10T16:00:00+01:00');
    expect(d.warnings).toEqual([]);
  });

  it('filing due Tue 2023-01-03 16:00 → draft to the IRO by Thu 2022-12-22 16:00 (5 business days before)', () => {
    const d = deadlineBefore('business-days-before', at('2023-01-03T16:00:00Z'), 5, internal);
    expect(formatInstant(d.due)).toBe('2022-12-22T16:00:00+00:00');
    expect(d.warnings).toEqual([]);
  });

  it('a draft received Fri 2022-12-23 15:00 → comments due Wed 2022-12-28 15:00 (24 business hours)', () => {
    expect(after('business-hours', '2022-12-23T15:00:00Z', 24)).toBe('2022-12-28T15:00:00+00:00');
  });
});

describe('business-hours', () => {
  it('Fri 16:00 + 48h over a normal weekend is Tue 16:00', () => {
    expect(after('business-hours', '2023-06-09T16:00:00+01:00', 48)).toBe(
      '2023-06-13T16:00:00+01:00',
    );
    expect(after('business-hours', '2023-01-13T16:00:00Z', 48)).toBe('2023-01-17T16:00:00+00:00');
  });

  it('within a business day it is plain addition', () => {
    expect(after('business-hours', '2023-06-06T09:15:00+01:00', 5)).toBe(
      '2023-06-06T14:15:00+01:00',
    );
    expect(after('business-hours', '2023-06-06T09:15:00+01:00', 24)).toBe(
      '2023-06-07T09:15:00+01:00',
    );
    expect(after('business-hours', '2023-06-06T09:15:00+01:00', 0)).toBe(
      '2023-06-06T09:15:00+01:00',
    );
  });

  it('a trigger on a non-business day counts from the start of the next business day', () => {
    expect(after('business-hours', '2023-06-10T11:00:00+01:00', 10)).toBe(
      '2023-06-12T10:00:00+01:00',
    );
    // Triggered on the coronation bank holiday itself.
    expect(after('business-hours', '2023-05-08T09:00:00+01:00', 8)).toBe(
      '2023-05-09T08:00:00+01:00',
    );
    // Triggered on Christmas Eve 2022 (Saturday): the next business day is Wed 28 December.
    expect(after('business-hours', '2022-12-24T12:00:00Z', 1)).toBe('2022-12-28T01:00:00+00:00');
  });

  it('counts London wall-clock hours across the spring clock change weekend', () => {
    // Fri 16:00 GMT + 48 business hours is Tue 16:00 BST: the Sunday with the change is skipped.
    expect(after('business-hours', '2023-03-24T16:00:00Z', 48)).toBe('2023-03-28T16:00:00+01:00');
    expect(after('business-hours', '2023-10-27T16:00:00+01:00', 48)).toBe(
      '2023-10-31T16:00:00+00:00',
    );
  });

  it('counts the trigger day in London, not UTC', () => {
    // 23:30Z on Sunday 7 May 2023 is 00:30 on the bank holiday Monday; not a business day.
    expect(after('business-hours', '2023-05-07T23:30:00Z', 1)).toBe('2023-05-09T01:00:00+01:00');
  });
});

describe('working-days', () => {
  it('5 working days from Fri 2023-05-05 is the end of Mon 2023-05-15 (coronation Monday skipped)', () => {
    // 9, 10, 11, 12, 15 May: Mon 8 May 2023 is not counted, so the 5th business day is the Monday.
    const d = deadlineAfter('working-days', at('2023-05-05T16:00:00+01:00'), 5, internal);
    expect(formatInstant(d.due)).toBe('2023-05-15T23:59:59+01:00');
    expect(d.warnings).toEqual([]);
  });

  it('5 working days from a Friday without a holiday is the end of the next Friday', () => {
    expect(after('working-days', '2023-06-09T16:00:00+01:00', 5)).toBe('2023-06-16T23:59:59+01:00');
  });

  it('does not count the trigger day, whatever the time of day', () => {
    expect(after('working-days', '2023-06-06T00:00:00+01:00', 1)).toBe('2023-06-07T23:59:59+01:00');
    expect(after('working-days', '2023-06-06T23:59:59+01:00', 1)).toBe('2023-06-07T23:59:59+01:00');
  });

  it('across Christmas and New Year', () => {
    // Fri 22 Dec 2023: 27, 28, 29 Dec, 2, 3 Jan (25, 26 Dec and 1 Jan are bank holidays).
    expect(after('working-days', '2023-12-22T10:00:00Z', 5)).toBe('2024-01-03T23:59:59+00:00');
    // Fri 23 Dec 2022: 28, 29, 30 Dec, 3, 4 Jan (26, 27 Dec and 2 Jan are substitute days).
    expect(after('working-days', '2022-12-23T15:00:00Z', 5)).toBe('2023-01-04T23:59:59+00:00');
  });

  it('a Saturday or Sunday trigger gives the same result as the preceding Friday', () => {
    const friday = after('working-days', '2023-05-05T16:00:00+01:00', 5);
    expect(after('working-days', '2023-05-06T10:00:00+01:00', 5)).toBe(friday);
    expect(after('working-days', '2023-05-07T22:00:00+01:00', 5)).toBe(friday);
    expect(after('working-days', '2023-03-25T10:00:00Z', 1)).toBe('2023-03-27T23:59:59+01:00');
  });

  it('uses the London date of the trigger (00:30 BST Friday is still Friday)', () => {
    // 23:30Z on Thu 4 May is 00:30 on Fri 5 May; counting from Friday skips the coronation Monday.
    expect(after('working-days', '2023-05-04T23:30:00Z', 1)).toBe('2023-05-09T23:59:59+01:00');
    expect(after('working-days', '2023-05-04T22:30:00Z', 1)).toBe('2023-05-05T23:59:59+01:00');
  });

  it('20 working days (first looked-after review)', () => {
    expect(after('working-days', '2023-05-02T12:00:00+01:00', 20)).toBe(
      '2023-06-01T23:59:59+01:00',
    );
  });

  it('a council close of business at 17:00 moves the due time', () => {
    const c: DayCounting = { ...internal, endOfDay: 17 * MS_PER_HOUR };
    expect(after('working-days', '2023-05-05T16:00:00+01:00', 5, c)).toBe(
      '2023-05-15T17:00:00+01:00',
    );
    expect(after('working-days', '2023-01-05T09:00:00Z', 1, c)).toBe('2023-01-06T17:00:00+00:00');
  });
});

describe('elapsed and elapsed-then-next-business-day', () => {
  it('elapsed 48 counts real clock hours across the spring clock change', () => {
    const trigger = at('2023-03-24T12:00:00Z');
    const d = deadlineAfter('elapsed', trigger, 48, internal);
    expect(d.due - trigger).toBe(48 * MS_PER_HOUR);
    // 12:00 GMT Friday + 48 real hours is 13:00 BST Sunday on the wall clock.
    expect(formatInstant(d.due)).toBe('2023-03-26T13:00:00+01:00');
    expect(d.warnings).toEqual([]);
  });

  it('elapsed 48 across the autumn clock change', () => {
    expect(after('elapsed', '2023-10-27T12:00:00+01:00', 48)).toBe('2023-10-29T11:00:00+00:00');
  });

  it('elapsed ignores weekends and bank holidays', () => {
    expect(after('elapsed', '2023-05-05T16:00:00+01:00', 48)).toBe('2023-05-07T16:00:00+01:00');
  });

  it('elapsed-then-next-business-day landing on a Saturday is the end of Monday', () => {
    expect(after('elapsed-then-next-business-day', '2023-06-08T10:00:00+01:00', 48)).toBe(
      '2023-06-12T23:59:59+01:00',
    );
  });

  it('elapsed-then-next-business-day landing on a bank holiday is the end of the next business day', () => {
    expect(after('elapsed-then-next-business-day', '2023-05-06T09:00:00+01:00', 48)).toBe(
      '2023-05-09T23:59:59+01:00',
    );
  });

  it('elapsed-then-next-business-day landing on a business day is the exact instant', () => {
    const trigger = at('2023-06-12T10:17:00+01:00');
    const d = deadlineAfter('elapsed-then-next-business-day', trigger, 48, internal);
    expect(d.due).toBe(trigger + 48 * MS_PER_HOUR);
    expect(formatInstant(d.due)).toBe('2023-06-14T10:17:00+01:00');
  });

  it('elapsed-then-next-business-day uses the London date of the landing instant', () => {
    // Lands at 23:30Z on Sunday = 00:30 BST Monday (a business day): exact.
    expect(after('elapsed-then-next-business-day', '2023-06-09T23:30:00Z', 48)).toBe(
      '2023-06-12T00:30:00+01:00',
    );
  });
});

describe('deadlines before an anchor', () => {
  it('clear-business-days-before 5 from Tue 2023-01-03 16:00 is the end of Wed 2022-12-21', () => {
    const d = deadlineBefore('clear-business-days-before', at('2023-01-03T16:00:00Z'), 5, internal);
    expect(formatInstant(d.due)).toBe('2022-12-21T23:59:59+00:00');
    expect(d.warnings).toEqual([]);
  });

  it('clear-business-days-before uses the close of business', () => {
    const c: DayCounting = { ...internal, endOfDay: 17 * MS_PER_HOUR };
    expect(before('clear-business-days-before', '2023-01-03T16:00:00Z', 5, c)).toBe(
      '2022-12-21T17:00:00+00:00',
    );
  });

  it('business-days-before keeps the time of day, in London time', () => {
    expect(before('business-days-before', '2023-06-16T10:30:00+01:00', 1)).toBe(
      '2023-06-15T10:30:00+01:00',
    );
    // Across the spring change: 10:30 BST Tuesday → 10:30 GMT the Friday before.
    expect(before('business-days-before', '2023-03-28T10:30:00+01:00', 2)).toBe(
      '2023-03-24T10:30:00+00:00',
    );
    // Across the coronation weekend.
    expect(before('business-days-before', '2023-05-09T09:00:00+01:00', 1)).toBe(
      '2023-05-05T09:00:00+01:00',
    );
  });

  it('calendar-days-before landing on a Sunday moves to the Friday before with a warning', () => {
    const d = deadlineBefore('calendar-days-before', at('2023-06-16T10:00:00+01:00'), 5, internal);
    expect(formatInstant(d.due)).toBe('2023-06-09T10:00:00+01:00');
    expect(d.warnings).toHaveLength(1);
    const w = d.warnings[0]!;
    expect(w.code).toBe('moved-to-earlier-business-day');
    expect(w.message).toContain('Sun 11 Jun 2023');
    expect(w.message).toContain('a Sunday');
    expect(w.message).toContain('Fri 9 Jun 2023');
  });

  it('calendar-days-before landing on a business day is not moved', () => {
    const d = deadlineBefore('calendar-days-before', at('2023-06-20T10:00:00+01:00'), 5, internal);
    expect(formatInstant(d.due)).toBe('2023-06-15T10:00:00+01:00');
    expect(d.warnings).toEqual([]);
  });

  it('calendar-days-before landing on a bank holiday says so', () => {
    const d = deadlineBefore('calendar-days-before', at('2023-05-15T10:00:00+01:00'), 7, internal);
    expect(formatInstant(d.due)).toBe('2023-05-05T10:00:00+01:00');
    expect(d.warnings[0]?.message).toContain('a bank holiday (Bank holiday for the coronation');
  });
});

describe('calendar-days and calendar-months', () => {
  it('calendar-days is the end of the Nth day, not moved', () => {
    const d = deadlineAfter('calendar-days', at('2023-05-01T10:00:00+01:00'), 14, internal);
    expect(formatInstant(d.due)).toBe('2023-05-15T23:59:59+01:00');
    expect(d.warnings).toEqual([]);
  });

  it('calendar-days landing on a Saturday is flagged, not moved', () => {
    const d = deadlineAfter('calendar-days', at('2023-05-27T10:00:00+01:00'), 14, internal);
    expect(formatInstant(d.due)).toBe('2023-06-10T23:59:59+01:00');
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({
      code: 'limit-on-non-business-day',
      suggested: '2023-06-09T23:59:59+01:00',
    });
    expect(d.warnings[0]?.message).toBe(
      'The limit falls on Sat 10 Jun 2023, a Saturday; aim for Fri 9 Jun 2023.',
    );
  });

  it('an end of day in the hour skipped in spring falls an hour later, as London time does', () => {
    const c: DayCounting = { ...internal, endOfDay: 1 * MS_PER_HOUR };
    const d = deadlineAfter('calendar-days', at('2028-02-22T00:00:00Z'), 33, c);
    expect(formatInstant(d.due)).toBe('2028-03-26T02:00:00+01:00');
  });

  it('calendar-months 3 from 2023-11-30 is clamped to 2024-02-29', () => {
    const d = deadlineAfter('calendar-months', at('2023-11-30T10:00:00Z'), 3, internal);
    expect(formatInstant(d.due)).toBe('2024-02-29T23:59:59+00:00');
    expect(d.warnings).toEqual([]);
  });

  it('calendar-months landing on the Spring bank holiday is flagged with the previous business day, not moved', () => {
    for (const [trigger, months] of [
      ['2023-04-29T10:00:00+01:00', 1],
      ['2022-11-29T10:00:00Z', 6],
      ['2023-02-28T10:00:00Z', 3],
    ] as const) {
      const d = deadlineAfter('calendar-months', at(trigger), months, internal);
      if (months === 3) {
        // 28 May 2023 is a Sunday; 29 May the bank holiday; suggested is Fri 26 May either way.
        expect(formatInstant(d.due)).toBe('2023-05-28T23:59:59+01:00');
        expect(d.warnings[0]?.message).toContain('a Sunday');
      } else {
        expect(formatInstant(d.due)).toBe('2023-05-29T23:59:59+01:00');
        expect(d.warnings[0]?.message).toContain('a bank holiday (Spring bank holiday)');
      }
      expect(d.warnings).toHaveLength(1);
      expect(d.warnings[0]).toMatchObject({
        code: 'limit-on-non-business-day',
        suggested: '2023-05-26T23:59:59+01:00',
      });
      expect(d.warnings[0]?.message).toContain('Fri 26 May 2023');
    }
  });

  it('the suggested day uses the close of business', () => {
    const c: DayCounting = { ...internal, endOfDay: 17 * MS_PER_HOUR };
    const d = deadlineAfter('calendar-months', at('2023-04-29T10:00:00+01:00'), 1, c);
    expect(formatInstant(d.due)).toBe('2023-05-29T17:00:00+01:00');
    expect(d.warnings[0]).toMatchObject({ suggested: '2023-05-26T17:00:00+01:00' });
  });

  it('addCalendarMonths keeps the day of the month or clamps to the month end', () => {
    const add = (iso: string, n: number) => isoDateOf(addCalendarMonths(dayFromIsoDate(iso), n));
    expect(add('2023-11-30', 3)).toBe('2024-02-29');
    expect(add('2024-01-31', 1)).toBe('2024-02-29');
    expect(add('2023-01-31', 1)).toBe('2023-02-28');
    expect(add('2024-02-29', 12)).toBe('2025-02-28');
    expect(add('2023-03-31', 6)).toBe('2023-09-30');
    expect(add('2023-12-15', 2)).toBe('2024-02-15');
    expect(add('2023-05-05', 6)).toBe('2023-11-05');
    expect(add('2023-08-31', 24)).toBe('2025-08-31');
    expect(add('2023-05-05', 0)).toBe('2023-05-05');
  });
});

describe('scope: court deadlines ignore local closure days', () => {
  const closed = new BusinessCalendar(vendoredSnapshot, {
    localClosureDays: ['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31'],
  });
  const inner: DayCounting = { calendar: closed, scope: 'internal', endOfDay: END_OF_DAY };
  const court: DayCounting = { calendar: closed, scope: 'court', endOfDay: END_OF_DAY };

  it('working-days', () => {
    // Internal: 24, 29–31 Dec closed; 25, 28 Dec and 1 Jan bank holidays → 4, 5, 6 Jan.
    expect(after('working-days', '2026-12-23T10:00:00Z', 3, inner)).toBe(
      '2027-01-06T23:59:59+00:00',
    );
    // Court: 24, 29, 30 Dec.
    expect(after('working-days', '2026-12-23T10:00:00Z', 3, court)).toBe(
      '2026-12-30T23:59:59+00:00',
    );
    // Without closure days the internal count is the court count.
    expect(after('working-days', '2026-12-23T10:00:00Z', 3)).toBe('2026-12-30T23:59:59+00:00');
  });

  it('business-days-before', () => {
    expect(before('business-days-before', '2027-01-04T12:00:00Z', 2, inner)).toBe(
      '2026-12-22T12:00:00+00:00',
    );
    expect(before('business-days-before', '2027-01-04T12:00:00Z', 2, court)).toBe(
      '2026-12-30T12:00:00+00:00',
    );
  });

  it('business-hours', () => {
    expect(after('business-hours', '2026-12-23T12:00:00Z', 24, inner)).toBe(
      '2027-01-04T12:00:00+00:00',
    );
    expect(after('business-hours', '2026-12-23T12:00:00Z', 24, court)).toBe(
      '2026-12-24T12:00:00+00:00',
    );
  });

  it('a limit on a closure day is flagged internally but not for the court', () => {
    const i = deadlineAfter('calendar-days', at('2026-12-22T12:00:00Z'), 8, inner);
    expect(formatInstant(i.due)).toBe('2026-12-30T23:59:59+00:00');
    expect(i.warnings[0]).toMatchObject({
      code: 'limit-on-non-business-day',
      suggested: '2026-12-23T23:59:59+00:00',
    });
    expect(i.warnings[0]?.message).toContain('a council closure day');
    const c = deadlineAfter('calendar-days', at('2026-12-22T12:00:00Z'), 8, court);
    expect(formatInstant(c.due)).toBe('2026-12-30T23:59:59+00:00');
    expect(c.warnings).toEqual([]);
  });
});

describe('addBusinessDays and subtractBusinessDays', () => {
  const d = dayFromIsoDate;
  it('skip weekends and bank holidays and do not count the starting day', () => {
    expect(isoDateOf(addBusinessDays(d('2023-05-05'), 1, internal))).toBe('2023-05-09');
    expect(isoDateOf(addBusinessDays(d('2023-05-05'), 0, internal))).toBe('2023-05-05');
    expect(isoDateOf(addBusinessDays(d('2023-05-06'), 1, internal))).toBe('2023-05-09');
    expect(isoDateOf(subtractBusinessDays(d('2023-05-09'), 1, internal))).toBe('2023-05-05');
    expect(isoDateOf(subtractBusinessDays(d('2023-01-03'), 5, internal))).toBe('2022-12-22');
    expect(isoDateOf(subtractBusinessDays(d('2023-01-03'), 0, internal))).toBe('2023-01-03');
  });

  it('use the fallback years after the snapshot', () => {
    // 2028-04-14 Good Friday and 2028-04-17 Easter Monday.
    expect(isoDateOf(addBusinessDays(d('2028-04-13'), 1, internal))).toBe('2028-04-18');
    // 2028-01-03 substitute New Year's Day.
    expect(isoDateOf(addBusinessDays(d('2027-12-31'), 1, internal))).toBe('2028-01-04');
  });
});

describe('dispatch and descriptions', () => {
  const ALL: Convention[] = [...AFTER_CONVENTIONS, ...BEFORE_CONVENTIONS];

  it('isBeforeConvention and UNIT', () => {
    for (const c of AFTER_CONVENTIONS) expect(isBeforeConvention(c)).toBe(false);
    for (const c of BEFORE_CONVENTIONS) expect(isBeforeConvention(c)).toBe(true);
    for (const c of ['working-days', 'calendar-days', ...BEFORE_CONVENTIONS] as const) {
      expect(UNIT[c]).toMatch(/days$/);
    }
    for (const c of ['business-hours', 'elapsed', 'elapsed-then-next-business-day'] as const) {
      expect(UNIT[c]).toBe('hours');
    }
    expect(UNIT['calendar-months']).toBe('months');
    expect(Object.keys(UNIT).sort()).toEqual([...ALL].sort());
  });

  it('countDeadline dispatches to deadlineAfter or deadlineBefore', () => {
    const t = at('2023-01-03T16:00:00Z');
    for (const c of AFTER_CONVENTIONS) {
      expect(countDeadline(c, t, 5, internal)).toEqual(deadlineAfter(c, t, 5, internal));
    }
    for (const c of BEFORE_CONVENTIONS) {
      expect(countDeadline(c, t, 5, internal)).toEqual(deadlineBefore(c, t, 5, internal));
    }
    expect(formatInstant(countDeadline('business-days-before', t, 5, internal).due)).toBe(
      '2022-12-22T16:00:00+00:00',
    );
  });

  it.each(ALL)('describeConvention(%s) mentions the amount and its unit', (c) => {
    const many = describeConvention(c, 7, 'the filing deadline');
    expect(many).toMatch(/\b7 /);
    // 'days', 'hours', 'months' (or 'business days', 'calendar days'): the plural is in the text.
    expect(many).toContain(UNIT[c].split(' ').pop()!);
    const one = describeConvention(c, 1, 'the filing deadline');
    expect(one).toMatch(/\b1 /);
    expect(one).not.toMatch(/\b1 [a-z ]*(days|hours|months)\b/);
    if (isBeforeConvention(c)) {
      expect(many).toContain('before the filing deadline');
      expect(describeConvention(c, 7)).toContain('before the anchor');
    }
  });

  it('describeConvention wording', () => {
    expect(describeConvention('working-days', 5)).toMatch(/^within 5 working days/);
    expect(describeConvention('working-days', 1)).toMatch(/^within 1 working day /);
    expect(describeConvention('business-hours', 48)).toContain('48 hours');
    expect(describeConvention('business-hours', 48)).toContain('business days');
    expect(describeConvention('elapsed', 24)).toContain('24 clock hours');
    expect(describeConvention('calendar-months', 6)).toContain('6 calendar months');
    expect(describeConvention('clear-business-days-before', 5, 'filing')).toBe(
      '5 clear business days before filing',
    );
  });
});
