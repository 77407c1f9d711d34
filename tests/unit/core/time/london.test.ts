import fc from 'fast-check';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  atTimeOfDay,
  dayFromIsoDate,
  dayOf,
  formatInstant,
  fromLocal,
  isoDateOf,
  londonDay,
  offsetAt,
  parseInstant,
  parseTimeOfDay,
  startOfDay,
  timeOfDay,
  toLocal,
  weekday,
  yearOf,
} from '../../../../core/time/london';

const utc = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${iso}`);
  return t;
};

/** A London wall-clock time written as if it were UTC (the module's "local" representation). */
const local = (isoWithoutZone: string): number => utc(`${isoWithoutZone}Z`);

/** Last Sundays of March and October, checked against a printed calendar. */
const TRANSITIONS: [year: number, spring: string, autumn: string][] = [
  [2018, '2018-03-25', '2018-10-28'],
  [2019, '2019-03-31', '2019-10-27'],
  [2020, '2020-03-29', '2020-10-25'],
  [2021, '2021-03-28', '2021-10-31'],
  [2022, '2022-03-27', '2022-10-30'],
  [2023, '2023-03-26', '2023-10-29'],
  [2024, '2024-03-31', '2024-10-27'],
  [2025, '2025-03-30', '2025-10-26'],
  [2026, '2026-03-29', '2026-10-25'],
  [2027, '2027-03-28', '2027-10-31'],
  [2028, '2028-03-26', '2028-10-29'],
  [2029, '2029-03-25', '2029-10-28'],
  [2030, '2030-03-31', '2030-10-27'],
];

const londonWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** London's offset according to the host's ICU time-zone database. */
function intlOffset(instant: number): number {
  const parts = new Map<string, number>();
  for (const p of londonWallClock.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts.set(p.type, Number(p.value));
  }
  const get = (k: string): number => {
    const v = parts.get(k);
    if (v === undefined) throw new Error(`ICU gave no ${k}`);
    return v;
  };
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  // The wall clock is to the second; compare with the instant truncated to the second.
  return wall - (instant - (instant % 1000));
}

describe('offsetAt', () => {
  it.each(TRANSITIONS)(
    '%i: summer time starts at 01:00Z on %s and ends at 01:00Z on %s',
    (_year, spring, autumn) => {
      expect(weekday(dayFromIsoDate(spring))).toBe(0);
      expect(weekday(dayFromIsoDate(autumn))).toBe(0);
      // The last Sunday: a week later is in the next month.
      expect(isoDateOf(dayFromIsoDate(spring) + 7).slice(5, 7)).toBe('04');
      expect(isoDateOf(dayFromIsoDate(autumn) + 7).slice(5, 7)).toBe('11');

      expect(offsetAt(utc(`${spring}T00:59:59.999Z`))).toBe(0);
      expect(offsetAt(utc(`${spring}T01:00:00Z`))).toBe(MS_PER_HOUR);
      expect(offsetAt(utc(`${spring}T12:00:00Z`))).toBe(MS_PER_HOUR);
      expect(offsetAt(utc(`${autumn}T00:59:59.999Z`))).toBe(MS_PER_HOUR);
      expect(offsetAt(utc(`${autumn}T01:00:00Z`))).toBe(0);
      expect(offsetAt(utc(`${autumn}T12:00:00Z`))).toBe(0);
    },
  );

  it('is GMT in winter and BST in summer', () => {
    expect(offsetAt(utc('2023-01-15T12:00:00Z'))).toBe(0);
    expect(offsetAt(utc('2023-07-15T12:00:00Z'))).toBe(MS_PER_HOUR);
    expect(offsetAt(utc('2023-12-31T23:59:59.999Z'))).toBe(0);
    expect(offsetAt(utc('2024-01-01T00:00:00Z'))).toBe(0);
    // A week before the change is still GMT, a week before the autumn change still BST.
    expect(offsetAt(utc('2023-03-19T12:00:00Z'))).toBe(0);
    expect(offsetAt(utc('2023-10-22T12:00:00Z'))).toBe(MS_PER_HOUR);
  });

  it('agrees with the ICU Europe/London zone every 6 hours from 1996 to 2100', () => {
    const mismatches: string[] = [];
    const from = utc('1996-01-01T00:00:00Z');
    const to = utc('2101-01-01T00:00:00Z');
    let samples = 0;
    // 6 hours and 7 minutes, so the samples walk through every time of day.
    for (let t = from; t < to; t += 6 * MS_PER_HOUR + 7 * 60_000) {
      samples++;
      if (offsetAt(t) !== intlOffset(t)) mismatches.push(new Date(t).toISOString());
    }
    expect(samples).toBeGreaterThan(150_000);
    expect(mismatches).toEqual([]);
  });

  it('agrees with the ICU Europe/London zone every 15 minutes on every transition day', () => {
    const mismatches: string[] = [];
    let bst = 0;
    for (const [, spring, autumn] of TRANSITIONS) {
      for (const date of [spring, autumn]) {
        const start = utc(`${date}T00:00:00Z`) - 2 * MS_PER_HOUR;
        for (let t = start; t < start + 28 * MS_PER_HOUR; t += 15 * 60_000) {
          if (offsetAt(t) !== intlOffset(t)) mismatches.push(new Date(t).toISOString());
          if (offsetAt(t) === MS_PER_HOUR) bst++;
        }
      }
    }
    expect(bst).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });

  it('formatInstant shows the same wall clock as ICU', () => {
    const fmt = (t: number) => {
      const p: Record<string, string> = {};
      for (const part of londonWallClock.formatToParts(new Date(t))) p[part.type] = part.value;
      return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2019-01-01T00:00:00Z'), max: utc('2030-12-31T23:59:59Z') }),
        (s) => {
          const t = s - (s % 1000);
          expect(formatInstant(t).slice(0, 19)).toBe(fmt(t));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('toLocal and fromLocal', () => {
  it('toLocal adds the offset', () => {
    expect(toLocal(utc('2023-05-05T15:00:00Z'))).toBe(local('2023-05-05T16:00:00'));
    expect(toLocal(utc('2023-01-03T16:00:00Z'))).toBe(local('2023-01-03T16:00:00'));
  });

  it.each(TRANSITIONS)(
    '%i: a time skipped in spring (%s 01:30) reads as 02:30 BST, i.e. 01:30Z',
    (_y, spring) => {
      expect(fromLocal(local(`${spring}T01:30:00`))).toBe(utc(`${spring}T01:30:00Z`));
      expect(formatInstant(fromLocal(local(`${spring}T01:30:00`)))).toBe(
        `${spring}T02:30:00+01:00`,
      );
      expect(fromLocal(local(`${spring}T01:00:00`))).toBe(utc(`${spring}T01:00:00Z`));
      // Either side of the gap is unambiguous.
      expect(fromLocal(local(`${spring}T00:59:59`))).toBe(utc(`${spring}T00:59:59Z`));
      expect(fromLocal(local(`${spring}T02:00:00`))).toBe(utc(`${spring}T01:00:00Z`));
      expect(fromLocal(local(`${spring}T03:00:00`))).toBe(utc(`${spring}T02:00:00Z`));
    },
  );

  it.each(TRANSITIONS)(
    '%i: a time repeated in autumn (%s 01:30) reads as its first occurrence, 00:30Z',
    (_y, _spring, autumn) => {
      expect(fromLocal(local(`${autumn}T01:30:00`))).toBe(utc(`${autumn}T00:30:00Z`));
      expect(formatInstant(fromLocal(local(`${autumn}T01:30:00`)))).toBe(
        `${autumn}T01:30:00+01:00`,
      );
      expect(fromLocal(local(`${autumn}T01:00:00`))).toBe(utc(`${autumn}T00:00:00Z`));
      expect(fromLocal(local(`${autumn}T00:59:59`))).toBe(utc(`${autumn}T23:59:59Z`) - MS_PER_DAY);
      expect(fromLocal(local(`${autumn}T02:00:00`))).toBe(utc(`${autumn}T02:00:00Z`));
    },
  );

  it('toLocal(fromLocal(x)) is x except in the spring gap, where it is an hour later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: local('2018-01-01T00:00:00'), max: local('2030-12-31T23:59:59') }),
        (l) => {
          const year = new Date(l).getUTCFullYear();
          const spring = TRANSITIONS.find(([y]) => y === year)?.[1];
          const inGap =
            spring !== undefined &&
            l >= local(`${spring}T01:00:00`) &&
            l < local(`${spring}T02:00:00`);
          expect(toLocal(fromLocal(l))).toBe(inGap ? l + MS_PER_HOUR : l);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('toLocal(x) round-trips for times in and around the transitions', () => {
    for (const [, spring, autumn] of TRANSITIONS) {
      for (let m = -120; m <= 240; m += 5) {
        const s = utc(`${spring}T00:00:00Z`) + m * 60_000;
        expect(fromLocal(toLocal(s))).toBe(s);
        const a = utc(`${autumn}T00:00:00Z`) + m * 60_000;
        // The second 01:xx in autumn (01:00Z–02:00Z) cannot be written as a wall-clock time.
        const secondOccurrence = a >= utc(`${autumn}T01:00:00Z`) && a < utc(`${autumn}T02:00:00Z`);
        expect(fromLocal(toLocal(a))).toBe(secondOccurrence ? a - MS_PER_HOUR : a);
      }
    }
  });
});

describe('days', () => {
  it('dayFromIsoDate and isoDateOf are inverse', () => {
    expect(dayFromIsoDate('1970-01-01')).toBe(0);
    expect(dayFromIsoDate('1970-01-02')).toBe(1);
    expect(isoDateOf(dayFromIsoDate('2024-02-29'))).toBe('2024-02-29');
    fc.assert(
      fc.property(fc.integer({ min: 9000, max: 25000 }), (d) => {
        expect(dayFromIsoDate(isoDateOf(d))).toBe(d);
      }),
      { numRuns: 300 },
    );
  });

  it('weekday: 0 is Sunday, 6 is Saturday, also before 1970', () => {
    expect(weekday(dayFromIsoDate('2023-05-05'))).toBe(5);
    expect(weekday(dayFromIsoDate('2023-05-06'))).toBe(6);
    expect(weekday(dayFromIsoDate('2023-05-07'))).toBe(0);
    expect(weekday(dayFromIsoDate('2023-05-08'))).toBe(1);
    expect(weekday(dayFromIsoDate('1969-12-31'))).toBe(3);
    for (let d = -400; d < 20000; d += 37) {
      expect(weekday(d)).toBe(new Date(d * MS_PER_DAY).getUTCDay());
    }
  });

  it('yearOf', () => {
    expect(yearOf(dayFromIsoDate('2023-12-31'))).toBe(2023);
    expect(yearOf(dayFromIsoDate('2024-01-01'))).toBe(2024);
  });

  it('londonDay is the London date, not the UTC date', () => {
    // 23:30Z on 4 May 2023 is 00:30 BST on 5 May.
    expect(isoDateOf(londonDay(utc('2023-05-04T23:30:00Z')))).toBe('2023-05-05');
    expect(isoDateOf(londonDay(utc('2023-05-04T22:59:59Z')))).toBe('2023-05-04');
    expect(isoDateOf(londonDay(utc('2023-01-04T23:30:00Z')))).toBe('2023-01-04');
  });

  it('dayOf and timeOfDay split a local time', () => {
    const l = local('2023-05-05T16:00:00');
    expect(isoDateOf(dayOf(l))).toBe('2023-05-05');
    expect(timeOfDay(l)).toBe(16 * MS_PER_HOUR);
    expect(timeOfDay(local('1969-12-31T06:00:00'))).toBe(6 * MS_PER_HOUR);
    expect(isoDateOf(dayOf(local('1969-12-31T06:00:00')))).toBe('1969-12-31');
  });

  it('startOfDay is local midnight, including on clock-change days', () => {
    expect(formatInstant(startOfDay(dayFromIsoDate('2023-05-05')))).toBe(
      '2023-05-05T00:00:00+01:00',
    );
    expect(startOfDay(dayFromIsoDate('2023-05-05'))).toBe(utc('2023-05-04T23:00:00Z'));
    expect(startOfDay(dayFromIsoDate('2023-01-05'))).toBe(utc('2023-01-05T00:00:00Z'));
    expect(startOfDay(dayFromIsoDate('2023-03-26'))).toBe(utc('2023-03-26T00:00:00Z'));
    expect(startOfDay(dayFromIsoDate('2023-03-27'))).toBe(utc('2023-03-26T23:00:00Z'));
    expect(startOfDay(dayFromIsoDate('2023-10-29'))).toBe(utc('2023-10-28T23:00:00Z'));
    expect(startOfDay(dayFromIsoDate('2023-10-30'))).toBe(utc('2023-10-30T00:00:00Z'));
    // The spring day is 23 hours long, the autumn day 25.
    const len = (iso: string) =>
      startOfDay(dayFromIsoDate(iso) + 1) - startOfDay(dayFromIsoDate(iso));
    expect(len('2023-03-26')).toBe(23 * MS_PER_HOUR);
    expect(len('2023-10-29')).toBe(25 * MS_PER_HOUR);
    expect(len('2023-06-01')).toBe(24 * MS_PER_HOUR);
  });

  it('atTimeOfDay', () => {
    expect(formatInstant(atTimeOfDay(dayFromIsoDate('2023-05-12'), 86_399_000))).toBe(
      '2023-05-12T23:59:59+01:00',
    );
    expect(formatInstant(atTimeOfDay(dayFromIsoDate('2022-12-21'), 17 * MS_PER_HOUR))).toBe(
      '2022-12-21T17:00:00+00:00',
    );
    // End of the long autumn day is still 23:59:59 GMT.
    expect(atTimeOfDay(dayFromIsoDate('2023-10-29'), 86_399_000)).toBe(utc('2023-10-29T23:59:59Z'));
  });
});

describe('formatInstant', () => {
  it('gives +01:00 in summer time and +00:00 in winter', () => {
    expect(formatInstant(utc('2023-05-05T15:00:00Z'))).toBe('2023-05-05T16:00:00+01:00');
    expect(formatInstant(utc('2023-01-03T16:00:00Z'))).toBe('2023-01-03T16:00:00+00:00');
    expect(formatInstant(utc('2023-03-26T00:59:59Z'))).toBe('2023-03-26T00:59:59+00:00');
    expect(formatInstant(utc('2023-03-26T01:00:00Z'))).toBe('2023-03-26T02:00:00+01:00');
    expect(formatInstant(utc('2023-10-29T00:59:59Z'))).toBe('2023-10-29T01:59:59+01:00');
    expect(formatInstant(utc('2023-10-29T01:00:00Z'))).toBe('2023-10-29T01:00:00+00:00');
  });

  it('shows milliseconds only when present, and crosses the date line correctly', () => {
    expect(formatInstant(utc('2023-05-05T15:00:00.007Z'))).toBe('2023-05-05T16:00:00.007+01:00');
    expect(formatInstant(utc('2023-05-05T15:00:00.250Z'))).toBe('2023-05-05T16:00:00.250+01:00');
    expect(formatInstant(utc('2023-06-30T23:30:00Z'))).toBe('2023-07-01T00:30:00+01:00');
    expect(formatInstant(utc('2023-12-31T23:30:00Z'))).toBe('2023-12-31T23:30:00+00:00');
  });

  it('gives each instant its own text when more instants are formatted than it keeps', () => {
    // 200,000 whole seconds (every end of day and 09:00 over 270 years): more than the texts
    // kept, so the kept ones are let go and made again on the way.
    const seconds: number[] = [];
    for (let day = 0; day < 100_000; day++)
      seconds.push(day * 86_400_000 + 86_399_000, day * 86_400_000 + 9 * 3_600_000);
    const first = seconds.map((t) => formatInstant(t));
    for (let i = seconds.length - 1; i >= 0; i -= 7) {
      expect(formatInstant(seconds[i]!)).toBe(first[i]);
      expect(parseInstant(first[i]!)).toEqual({ ok: true, instant: seconds[i], dateOnly: false });
    }
  });

  it('round-trips through parseInstant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2018-01-01T00:00:00Z'), max: utc('2030-12-31T23:59:59Z') }),
        (t) => {
          const parsed = parseInstant(formatInstant(t));
          expect(parsed).toEqual({ ok: true, instant: t, dateOnly: false });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseInstant', () => {
  const ok = (text: string) => {
    const p = parseInstant(text);
    if (!p.ok) throw new Error(`${text} was refused: ${p.reason}`);
    return p;
  };

  it('reads an explicit offset', () => {
    expect(ok('2023-05-05T16:00:00+01:00')).toEqual({
      ok: true,
      instant: utc('2023-05-05T15:00:00Z'),
      dateOnly: false,
    });
    expect(ok('2023-05-05T16:00:00Z').instant).toBe(utc('2023-05-05T16:00:00Z'));
    expect(ok('2023-05-05T16:00:00+00:00').instant).toBe(utc('2023-05-05T16:00:00Z'));
    expect(ok('2023-05-05T11:00:00-05:00').instant).toBe(utc('2023-05-05T16:00:00Z'));
    expect(ok('2023-05-05T21:30:00+05:30').instant).toBe(utc('2023-05-05T16:00:00Z'));
    expect(ok('2023-05-06T01:00:00+14:00').instant).toBe(utc('2023-05-05T11:00:00Z'));
  });

  it('reads minutes-only times and fractional seconds', () => {
    expect(ok('2023-05-05T16:00Z').instant).toBe(utc('2023-05-05T16:00:00Z'));
    expect(ok('2023-05-05T16:00:00.5Z').instant).toBe(utc('2023-05-05T16:00:00.500Z'));
    expect(ok('2023-05-05T16:00:00.123Z').instant).toBe(utc('2023-05-05T16:00:00.123Z'));
    expect(ok('2023-05-05T16:00:00.123456789Z').instant).toBe(utc('2023-05-05T16:00:00.123Z'));
    for (let i = 0; i < 1000; i++) {
      const frac = String(i).padStart(3, '0');
      expect(ok(`2023-05-05T16:00:00.${frac}Z`).instant).toBe(utc('2023-05-05T16:00:00.000Z') + i);
    }
  });

  it('reads a bare date as the start of that London day', () => {
    expect(ok('2023-05-05')).toEqual({
      ok: true,
      instant: utc('2023-05-04T23:00:00Z'),
      dateOnly: true,
    });
    expect(ok('2023-01-05')).toEqual({
      ok: true,
      instant: utc('2023-01-05T00:00:00Z'),
      dateOnly: true,
    });
    expect(ok('2024-02-29').instant).toBe(utc('2024-02-29T00:00:00Z'));
    expect(ok('2023-03-26').instant).toBe(utc('2023-03-26T00:00:00Z'));
    expect(ok('2023-10-29').instant).toBe(utc('2023-10-28T23:00:00Z'));
  });

  it.each([
    ['2023-05-05T16:00:00', 'no UTC offset'],
    ['2023-05-05T16:00', 'no UTC offset'],
    ['2023-02-30', 'real calendar date'],
    ['2023-02-29', 'real calendar date'],
    ['2023-02-30T10:00:00Z', 'real calendar date'],
    ['2023-13-01', 'real calendar date'],
    ['2023-00-10', 'real calendar date'],
    ['2023-04-31', 'real calendar date'],
    ['2023-05-00', 'real calendar date'],
    ['2023-05-05T24:00:00Z', 'out-of-range time'],
    ['2023-05-05T23:60:00Z', 'out-of-range time'],
    ['2023-05-05T23:59:60Z', 'out-of-range time'],
    ['2023-05-05T16:00:00+15:00', 'out-of-range UTC offset'],
    ['2023-05-05T16:00:00+01:60', 'out-of-range UTC offset'],
    ['2023-05-05 16:00:00Z', 'ISO 8601'],
    ['05/05/2023', 'ISO 8601'],
    ['2023-5-5', 'ISO 8601'],
    ['2023-05-05T16Z', 'ISO 8601'],
    ['2023-05-05T16:00:00+0100', 'ISO 8601'],
    ['', 'ISO 8601'],
    [' 2023-05-05', 'ISO 8601'],
    ['2023-05-05T16:00:00Zjunk', 'ISO 8601'],
  ])('refuses %j (%s)', (text, reason) => {
    const p = parseInstant(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.reason).toContain(reason);
  });
});

describe('parseTimeOfDay', () => {
  it('reads HH:MM and HH:MM:SS', () => {
    expect(parseTimeOfDay('17:00')).toBe(17 * MS_PER_HOUR);
    expect(parseTimeOfDay('23:59:59')).toBe(86_399_000);
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('09:30:15')).toBe(9 * MS_PER_HOUR + 30 * 60_000 + 15_000);
  });

  it.each(['24:00', '12:60', '12:00:60', '9:00', '17', '17:00:00.5', '', 'noon'])(
    'refuses %j',
    (text) => {
      expect(parseTimeOfDay(text)).toBeUndefined();
    },
  );
});
