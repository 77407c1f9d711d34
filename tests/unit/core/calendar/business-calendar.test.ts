import * as fs from 'fs';
import * as path from 'path';
import Holidays from 'date-holidays';
import {
  DATE_HOLIDAYS_VERSION,
  dateHolidaysFallback,
  vendoredSnapshot,
  type FallbackHolidays,
  type HolidaySnapshot,
} from '../../../../core/calendar/bank-holidays';
import { BusinessCalendar } from '../../../../core/calendar/business-calendar';
import { dayFromIsoDate, weekday } from '../../../../core/time/london';

const ROOT = path.resolve(__dirname, '../../../..');
const day = dayFromIsoDate;

describe('BusinessCalendar (vendored snapshot)', () => {
  const cal = new BusinessCalendar();
  const business = (iso: string) => cal.isBusinessDay(day(iso));

  it('ordinary weekdays are business days in both scopes', () => {
    for (const iso of ['2023-05-09', '2023-05-10', '2023-05-11', '2023-05-12', '2023-06-05']) {
      expect(cal.isBusinessDay(day(iso), 'internal')).toBe(true);
      expect(cal.isBusinessDay(day(iso), 'court')).toBe(true);
      expect(cal.isBankHoliday(day(iso))).toBe(false);
    }
    expect(cal.describeDay(day('2023-05-09'))).toBe('a business day');
  });

  it('weekends are not business days', () => {
    expect(business('2023-05-06')).toBe(false);
    expect(business('2023-05-07')).toBe(false);
    expect(cal.isBusinessDay(day('2023-05-06'), 'court')).toBe(false);
    expect(cal.describeDay(day('2023-05-06'))).toBe('a Saturday');
    expect(cal.describeDay(day('2023-05-07'))).toBe('a Sunday');
    // Default scope is internal; a plain weekend day is not a bank holiday.
    expect(cal.isBankHoliday(day('2023-05-06'))).toBe(false);
  });

  it.each([
    ['2023-12-25', 'Christmas Day'],
    ['2024-12-25', 'Christmas Day'],
    ['2023-12-26', 'Boxing Day'],
    ['2023-04-07', 'Good Friday'],
    ['2024-03-29', 'Good Friday'],
    ['2027-03-26', 'Good Friday'],
    ['2023-04-10', 'Easter Monday'],
    ['2022-12-27', 'Christmas Day'],
    ['2023-01-02', 'New Year’s Day'],
    ['2021-12-27', 'Christmas Day'],
    ['2021-12-28', 'Boxing Day'],
    ['2020-12-28', 'Boxing Day'],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2023-05-29', 'Spring bank holiday'],
  ])('%s (%s) is a bank holiday and not a business day in either scope', (iso, title) => {
    expect(cal.isBankHoliday(day(iso))).toBe(true);
    expect(cal.isBusinessDay(day(iso), 'internal')).toBe(false);
    expect(cal.isBusinessDay(day(iso), 'court')).toBe(false);
    expect(cal.describeDay(day(iso))).toBe(`a bank holiday (${title})`);
    expect(cal.describeDay(day(iso), 'court')).toBe(`a bank holiday (${title})`);
  });

  it('moved holidays leave their usual days as business days', () => {
    // 2020: Early May bank holiday moved from Mon 4 May to Fri 8 May (VE day).
    expect(business('2020-05-04')).toBe(true);
    // 2022: Spring bank holiday moved from the last Monday of May to Thu 2 June.
    expect(business('2022-05-30')).toBe(true);
    expect(business('2022-06-02')).toBe(false);
    // 2023-01-03 is the first business day of 2023.
    expect(business('2023-01-03')).toBe(true);
    expect(business('2022-12-28')).toBe(true);
  });

  it('bankHolidaysBetween lists the observed days with their titles', () => {
    expect(cal.bankHolidaysBetween('2022-12-24', '2023-01-03')).toEqual([
      { date: '2022-12-26', title: 'Boxing Day' },
      { date: '2022-12-27', title: 'Christmas Day' },
      { date: '2023-01-02', title: 'New Year’s Day' },
    ]);
    expect(cal.bankHolidaysBetween('2023-05-01', '2023-05-31').map((h) => h.date)).toEqual([
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
    ]);
    expect(cal.bankHolidaysBetween('2023-06-01', '2023-07-31')).toEqual([]);
    // Inclusive at both ends.
    expect(cal.bankHolidaysBetween('2023-05-08', '2023-05-08')).toHaveLength(1);
  });

  it('has 8 bank holidays in an ordinary year and 10 in 2022', () => {
    const count = (y: number) => cal.bankHolidaysBetween(`${y}-01-01`, `${y}-12-31`).length;
    expect(count(2019)).toBe(8);
    expect(count(2024)).toBe(8);
    expect(count(2022)).toBe(10);
    expect(count(2023)).toBe(9);
  });

  it('describes its version', () => {
    const v = cal.version;
    expect(v.id).toMatch(/^ew-2026-11-22-[0-9a-f]{8}$/);
    expect(v.snapshot).toEqual({
      source: 'https://www.gov.uk/bank-holidays.json',
      retrieved: '2026-11-22',
      firstYear: 2018,
      lastYear: 2027,
    });
    expect(v.fallback).toBe(`date-holidays ${DATE_HOLIDAYS_VERSION} (GB, ENG, public)`);
    expect(v.description).toContain('2018–2027');
    expect(v.description).toContain('date-holidays');
    expect(v.description).not.toContain('added by the council');
    expect(v.additionalBankHolidays).toEqual([]);
    expect(v.localClosureDays).toEqual([]);
  });
});

describe('BusinessCalendar beyond the snapshot (date-holidays fallback)', () => {
  const cal = new BusinessCalendar();

  it.each([
    ['2028-01-03', "New Year's Day (substitute day)"],
    ['2028-04-14', 'Good Friday'],
    ['2028-04-17', 'Easter Monday'],
    ['2028-05-01', 'Early May bank holiday'],
    ['2028-05-29', 'Spring bank holiday'],
    ['2028-08-28', 'Summer bank holiday'],
    ['2028-12-25', 'Christmas Day'],
    ['2028-12-26', 'Boxing Day'],
    ['2029-03-30', 'Good Friday'],
    ['2030-04-19', 'Good Friday'],
  ])('%s (%s) is not a business day', (iso, title) => {
    expect(cal.isBusinessDay(day(iso), 'internal')).toBe(false);
    expect(cal.isBusinessDay(day(iso), 'court')).toBe(false);
    expect(cal.isBankHoliday(day(iso))).toBe(true);
    expect(cal.describeDay(day(iso))).toBe(`a bank holiday (${title})`);
  });

  it('ordinary days in 2028 are business days', () => {
    expect(cal.isBusinessDay(day('2028-01-04'))).toBe(true);
    expect(cal.isBusinessDay(day('2028-04-13'))).toBe(true);
    expect(cal.isBusinessDay(day('2028-04-18'))).toBe(true);
    expect(cal.isBusinessDay(day('2028-12-27'))).toBe(true);
  });

  it('bankHolidaysBetween includes the fallback years', () => {
    const dates = cal.bankHolidaysBetween('2027-12-20', '2028-01-10').map((h) => h.date);
    expect(dates).toContain('2027-12-27');
    expect(dates).toContain('2027-12-28');
    expect(dates).toContain('2028-01-03');
  });

  it('consults the fallback only outside the snapshot, once per year', () => {
    const asked: number[] = [];
    const fake: FallbackHolidays = {
      name: 'fake 1.0',
      holidaysIn(year) {
        asked.push(year);
        return [
          { date: `${year}-03-15`, title: 'Fake day' },
          // Must not override the snapshot's own entries.
          { date: `${year}-12-25`, title: 'Fake Christmas' },
        ];
      },
    };
    const c = new BusinessCalendar(vendoredSnapshot, {}, fake);
    // 2023-03-15 is a Wednesday inside the snapshot: the snapshot alone decides.
    expect(c.isBusinessDay(day('2023-03-15'))).toBe(true);
    expect(c.describeDay(day('2023-12-25'))).toBe('a bank holiday (Christmas Day)');
    expect(asked).toEqual([]);
    // 2028-03-15 is a Wednesday after the snapshot.
    expect(c.isBusinessDay(day('2028-03-15'))).toBe(false);
    expect(c.describeDay(day('2028-03-15'))).toBe('a bank holiday (Fake day)');
    expect(c.isBusinessDay(day('2028-03-16'))).toBe(true);
    expect(c.isBusinessDay(day('2028-07-03'))).toBe(true);
    expect(asked).toEqual([2028]);
    expect(c.version.fallback).toBe('fake 1.0');
    expect(c.version.id).not.toBe(new BusinessCalendar().version.id);
  });
});

describe('local closure days and additional bank holidays', () => {
  const plain = new BusinessCalendar();
  const closures = ['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31'];
  const closed = new BusinessCalendar(vendoredSnapshot, { localClosureDays: closures });

  it('closure days count for internal deadlines only', () => {
    for (const iso of closures) {
      expect(closed.isBusinessDay(day(iso), 'internal')).toBe(false);
      expect(closed.isBusinessDay(day(iso), 'court')).toBe(true);
      expect(closed.isBankHoliday(day(iso))).toBe(false);
      expect(closed.describeDay(day(iso), 'internal')).toBe('a council closure day');
      expect(closed.describeDay(day(iso), 'court')).toBe('a business day');
      expect(plain.isBusinessDay(day(iso), 'internal')).toBe(true);
    }
    // Non-closure days are unaffected.
    expect(closed.isBusinessDay(day('2026-12-23'), 'internal')).toBe(true);
    expect(closed.isBusinessDay(day('2026-12-28'), 'court')).toBe(false);
    expect(closed.bankHolidaysBetween('2026-12-20', '2027-01-05')).toEqual(
      plain.bankHolidaysBetween('2026-12-20', '2027-01-05'),
    );
    expect(closed.version.localClosureDays).toEqual(closures);
  });

  it('additional bank holidays count in both scopes', () => {
    const extra = new BusinessCalendar(vendoredSnapshot, {
      additionalBankHolidays: [{ date: '2027-06-07', title: 'Extra bank holiday' }],
    });
    expect(plain.isBusinessDay(day('2027-06-07'))).toBe(true);
    expect(extra.isBusinessDay(day('2027-06-07'), 'internal')).toBe(false);
    expect(extra.isBusinessDay(day('2027-06-07'), 'court')).toBe(false);
    expect(extra.isBankHoliday(day('2027-06-07'))).toBe(true);
    expect(extra.describeDay(day('2027-06-07'), 'court')).toBe(
      'a bank holiday (Extra bank holiday)',
    );
    expect(extra.bankHolidaysBetween('2027-06-01', '2027-06-30')).toEqual([
      { date: '2027-06-07', title: 'Extra bank holiday' },
    ]);
    expect(extra.version.additionalBankHolidays).toEqual(['2027-06-07']);
    expect(extra.version.description).toContain('plus 1 added by the council');
    expect(extra.version.id).not.toBe(plain.version.id);
  });

  it('additional bank holidays also apply in fallback years', () => {
    const extra = new BusinessCalendar(vendoredSnapshot, {
      additionalBankHolidays: [{ date: '2029-06-04', title: 'Future one-off' }],
    });
    expect(extra.isBusinessDay(day('2029-06-04'), 'court')).toBe(false);
    expect(extra.describeDay(day('2029-06-04'))).toBe('a bank holiday (Future one-off)');
    // The fallback still supplies the rest of that year.
    expect(extra.isBusinessDay(day('2029-12-25'))).toBe(false);
  });

  it('the version id follows the settings', () => {
    const a = new BusinessCalendar(vendoredSnapshot, { localClosureDays: ['2026-12-24'] });
    const b = new BusinessCalendar(vendoredSnapshot, { localClosureDays: ['2026-12-24'] });
    const c = new BusinessCalendar(vendoredSnapshot, { localClosureDays: ['2026-12-31'] });
    expect(a.version.id).toBe(b.version.id);
    expect(a.version.id).not.toBe(c.version.id);
    expect(a.version.id).not.toBe(plain.version.id);
    expect(new BusinessCalendar().version.id).toBe(plain.version.id);
    expect(new BusinessCalendar(vendoredSnapshot, {}).version.id).toBe(plain.version.id);

    // Order and duplicates do not matter: the same days, the same id.
    const ordered = new BusinessCalendar(vendoredSnapshot, {
      localClosureDays: ['2026-12-24', '2026-12-31'],
    });
    const shuffled = new BusinessCalendar(vendoredSnapshot, {
      localClosureDays: ['2026-12-31', '2026-12-24', '2026-12-31'],
    });
    expect(shuffled.version.id).toBe(ordered.version.id);
    expect(shuffled.version.localClosureDays).toEqual(['2026-12-24', '2026-12-31']);

    // A closure day and an extra bank holiday on the same date are different calendars.
    const asHoliday = new BusinessCalendar(vendoredSnapshot, {
      additionalBankHolidays: [{ date: '2026-12-24', title: 'x' }],
    });
    expect(asHoliday.version.id).not.toBe(a.version.id);

    const h1 = new BusinessCalendar(vendoredSnapshot, {
      additionalBankHolidays: [
        { date: '2027-06-07', title: 'A' },
        { date: '2027-06-08', title: 'B' },
      ],
    });
    const h2 = new BusinessCalendar(vendoredSnapshot, {
      additionalBankHolidays: [
        { date: '2027-06-08', title: 'B' },
        { date: '2027-06-07', title: 'A' },
      ],
    });
    expect(h1.version.id).toBe(h2.version.id);
    expect(h1.version.additionalBankHolidays).toEqual(['2027-06-07', '2027-06-08']);
  });

  it('the version id changes when the snapshot changes', () => {
    const trimmed = {
      ...vendoredSnapshot,
      division: {
        ...vendoredSnapshot.division,
        events: vendoredSnapshot.division.events.filter((e) => e.date !== '2023-05-08'),
      },
    };
    const c = new BusinessCalendar(trimmed);
    expect(c.isBusinessDay(day('2023-05-08'))).toBe(true);
    expect(c.version.id).not.toBe(plain.version.id);
  });
});

describe('bank-holiday sources', () => {
  it('DATE_HOLIDAYS_VERSION matches the installed and the pinned date-holidays', () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'node_modules/date-holidays/package.json'), 'utf8'),
    ) as { version: string };
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(DATE_HOLIDAYS_VERSION).toBe(installed.version);
    expect(pkg.dependencies['date-holidays']).toBe(DATE_HOLIDAYS_VERSION);
    expect(dateHolidaysFallback.name).toContain(DATE_HOLIDAYS_VERSION);
  });

  it('the snapshot covers 2018–2027 and lists only weekdays, in order, without duplicates', () => {
    const dates = vendoredSnapshot.division.events.map((e) => e.date);
    expect(vendoredSnapshot.division.division).toBe('england-and-wales');
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates[0]).toBe('2018-01-01');
    expect(dates[dates.length - 1]).toBe('2027-12-28');
    for (const d of dates) {
      expect([1, 2, 3, 4, 5]).toContain(weekday(day(d)));
      expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027])(
    '%i: the snapshot agrees with date-holidays (GB, ENG, public) on weekdays',
    (year) => {
      const fromSnapshot = vendoredSnapshot.division.events
        .map((e) => e.date)
        .filter((d) => d.startsWith(`${year}-`));
      const fromLibrary = new Holidays('GB', 'ENG')
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((d) => ![0, 6].includes(weekday(day(d))))
        .sort();
      expect(fromSnapshot).toEqual(fromLibrary);
      expect(fromSnapshot.length).toBeGreaterThanOrEqual(8);
    },
  );

  it('the fallback lists public holidays only (no observances such as Mother’s Day)', () => {
    const h2028 = dateHolidaysFallback.holidaysIn(2028);
    expect(h2028.map((h) => h.date)).toEqual([
      '2028-01-01',
      '2028-01-03',
      '2028-04-14',
      '2028-04-17',
      '2028-05-01',
      '2028-05-29',
      '2028-08-28',
      '2028-12-25',
      '2028-12-26',
    ]);
    for (const h of h2028) expect(h.title).not.toMatch(/mother/i);
  });
});

describe('a snapshot with a gap in its years (falls back per missing year)', () => {
  // What an unchecked `holidays:update` once let in: 2025 and 2026, then one event in 2099.
  const events = vendoredSnapshot.division.events.filter(
    (e) => e.date.startsWith('2025-') || e.date.startsWith('2026-'),
  );
  const gappy: HolidaySnapshot = {
    ...vendoredSnapshot,
    division: {
      ...vendoredSnapshot.division,
      events: [...events, { title: 'Christmas Day', date: '2099-12-25', notes: '', bunting: true }],
    },
  };
  const cal = new BusinessCalendar(gappy);

  it('Christmas Day 2030 (a Wednesday) is not a business day: date-holidays supplies 2030', () => {
    expect(weekday(day('2030-12-25'))).toBe(3);
    expect(cal.isBusinessDay(day('2030-12-25'), 'internal')).toBe(false);
    expect(cal.isBusinessDay(day('2030-12-25'), 'court')).toBe(false);
    expect(cal.describeDay(day('2030-12-25'))).toBe('a bank holiday (Christmas Day)');
    expect(cal.bankHolidaysBetween('2030-01-01', '2030-12-31').length).toBeGreaterThanOrEqual(8);
    // Every year of the gap, not only 2030.
    for (let year = 2027; year <= 2098; year++) {
      expect(cal.holidaySource(year)).toEqual({
        kind: 'fallback',
        name: dateHolidaysFallback.name,
      });
    }
    expect(cal.holidaySource(2030).name).toContain('date-holidays');
  });

  it('the years the snapshot lists still come from it', () => {
    expect(cal.holidaySource(2025)).toEqual({
      kind: 'snapshot',
      name: 'GOV.UK snapshot 2026-11-22',
    });
    expect(cal.holidaySource(2099).kind).toBe('snapshot');
    expect(cal.holidaySource(2024).kind).toBe('fallback');
    expect(cal.holidaySource(2100).kind).toBe('fallback');
    expect(cal.describeDay(day('2025-12-25'))).toBe('a bank holiday (Christmas Day)');
  });

  it('the version names the years it covers, gap included', () => {
    expect(cal.version.description).toContain('(2025–2026, 2099)');
    expect(cal.version.snapshot).toMatchObject({ firstYear: 2025, lastYear: 2099 });
  });
});

describe('holidaySource on the vendored snapshot', () => {
  const cal = new BusinessCalendar();
  it.each([
    [2017, 'fallback'],
    [2018, 'snapshot'],
    [2027, 'snapshot'],
    [2028, 'fallback'],
  ])('%i comes from the %s', (year, kind) => {
    expect(cal.holidaySource(year).kind).toBe(kind);
  });
});
