import { execFileSync } from 'child_process';
import * as path from 'path';
import fc from 'fast-check';
import { vendoredSnapshot } from '../../../../core/calendar/bank-holidays';
import { BusinessCalendar, type CalendarScope } from '../../../../core/calendar/business-calendar';
import {
  AFTER_CONVENTIONS,
  BEFORE_CONVENTIONS,
  addBusinessDays,
  countDeadline,
  deadlineAfter,
  deadlineBefore,
  subtractBusinessDays,
  type Convention,
  type DayCounting,
} from '../../../../core/conventions/conventions';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  atTimeOfDay,
  dayFromIsoDate,
  dayOf,
  formatInstant,
  isoDateOf,
  londonDay,
  startOfDay,
  timeOfDay,
  toLocal,
  weekday,
} from '../../../../core/time/london';

const ROOT = path.resolve(__dirname, '../../../..');
const END_OF_DAY = 86_399_000;
const RUNS = { numRuns: 500 };

const plain = new BusinessCalendar();
const closureDays: string[] = [];
for (let y = 2017; y <= 2032; y++) {
  closureDays.push(`${y}-08-02`, `${y}-12-24`);
  for (let d = 27; d <= 31; d++) closureDays.push(`${y}-12-${d}`);
}
const closed = new BusinessCalendar(vendoredSnapshot, { localClosureDays: closureDays });

/** Plain data, so fast-check prints counterexamples readably; turned into a DayCounting by `counting`. */
interface CountingSpec {
  calendar: 'plain' | 'closures';
  scope: CalendarScope;
  endOfDay: number;
}

const countingArb: fc.Arbitrary<CountingSpec> = fc.record({
  calendar: fc.constantFrom('plain' as const, 'closures' as const),
  scope: fc.constantFrom('internal' as const, 'court' as const),
  endOfDay: fc.oneof(
    fc.constant(END_OF_DAY),
    fc.constant(17 * MS_PER_HOUR),
    fc.integer({ min: 0, max: MS_PER_DAY - 1 }),
  ),
});

function counting(s: CountingSpec): DayCounting {
  return {
    calendar: s.calendar === 'plain' ? plain : closed,
    scope: s.scope,
    endOfDay: s.endOfDay,
  };
}

const triggerArb = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2031, 0, 1) - 1 });
const smallDays = fc.integer({ min: 0, max: 40 });
const smallHours = fc.integer({ min: 0, max: 200 });

const isBusiness = (c: DayCounting, day: number) => c.calendar.isBusinessDay(day, c.scope);

/** Business days d with from < d <= to. */
function businessDaysIn(c: DayCounting, fromExclusive: number, toInclusive: number): number {
  let n = 0;
  for (let d = fromExclusive + 1; d <= toInclusive; d++) if (isBusiness(c, d)) n++;
  return n;
}

function latestBusinessDayAtOrBefore(c: DayCounting, day: number): number {
  let d = day;
  while (!isBusiness(c, d)) d--;
  return d;
}

function earliestBusinessDayAfter(c: DayCounting, day: number): number {
  let d = day + 1;
  while (!isBusiness(c, d)) d++;
  return d;
}

/** Wall-clock milliseconds between two local times that fall on business days. */
function businessTimeBetween(c: DayCounting, fromLocal: number, toLocalTime: number): number {
  let total = 0;
  for (let d = dayOf(fromLocal); d <= dayOf(toLocalTime); d++) {
    if (!isBusiness(c, d)) continue;
    const start = Math.max(fromLocal, d * MS_PER_DAY);
    const end = Math.min(toLocalTime, (d + 1) * MS_PER_DAY);
    if (end > start) total += end - start;
  }
  return total;
}

describe('direction', () => {
  it('a deadline counted forward is after its trigger (amount >= 1)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AFTER_CONVENTIONS),
        triggerArb,
        fc.integer({ min: 1, max: 36 }),
        countingArb,
        (conv, trigger, amount, spec) => {
          const d = deadlineAfter(conv, trigger, amount, counting(spec));
          expect(d.due).toBeGreaterThan(trigger);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a deadline counted back is before its anchor (amount >= 1)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BEFORE_CONVENTIONS),
        triggerArb,
        fc.integer({ min: 1, max: 36 }),
        countingArb,
        (conv, anchor, amount, spec) => {
          const d = deadlineBefore(conv, anchor, amount, counting(spec));
          expect(d.due).toBeLessThan(anchor);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('amount 0 never moves a forward deadline before its trigger', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AFTER_CONVENTIONS),
        triggerArb,
        countingArb,
        (conv, trigger, spec) => {
          const c = counting(spec);
          const d = deadlineAfter(conv, trigger, 0, c);
          if (conv === 'elapsed') expect(d.due).toBe(trigger);
          // An end-of-day limit on the trigger day can already have passed if close of business
          // is earlier than the trigger's time of day; all others are not before the trigger.
          if (conv !== 'calendar-days' && conv !== 'calendar-months' && conv !== 'working-days') {
            expect(d.due).toBeGreaterThanOrEqual(trigger);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('business-day arithmetic', () => {
  it('addBusinessDays(d, n) then m is addBusinessDays(d, n + m)', () => {
    fc.assert(
      fc.property(triggerArb, smallDays, smallDays, countingArb, (t, n, m, spec) => {
        const c = counting(spec);
        const d = londonDay(t);
        expect(addBusinessDays(addBusinessDays(d, n, c), m, c)).toBe(addBusinessDays(d, n + m, c));
        expect(subtractBusinessDays(subtractBusinessDays(d, n, c), m, c)).toBe(
          subtractBusinessDays(d, n + m, c),
        );
      }),
      RUNS,
    );
  });

  it('addBusinessDays lands on a business day with exactly n business days after the start', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 40 }), countingArb, (t, n, spec) => {
        const c = counting(spec);
        const d = londonDay(t);
        const r = addBusinessDays(d, n, c);
        expect(isBusiness(c, r)).toBe(true);
        expect(businessDaysIn(c, d, r)).toBe(n);
        const back = subtractBusinessDays(d, n, c);
        expect(isBusiness(c, back)).toBe(true);
        expect(businessDaysIn(c, back - 1, d - 1)).toBe(n);
      }),
      RUNS,
    );
  });

  it('subtracting undoes adding from a business day', () => {
    fc.assert(
      fc.property(triggerArb, smallDays, countingArb, (t, n, spec) => {
        const c = counting(spec);
        const d = latestBusinessDayAtOrBefore(c, londonDay(t));
        expect(subtractBusinessDays(addBusinessDays(d, n, c), n, c)).toBe(d);
        expect(addBusinessDays(subtractBusinessDays(d, n, c), n, c)).toBe(d);
      }),
      RUNS,
    );
  });
});

describe('working-days', () => {
  it('N then M working days is N + M working days', () => {
    fc.assert(
      fc.property(triggerArb, smallDays, smallDays, countingArb, (t, n, m, spec) => {
        const c = counting(spec);
        const first = deadlineAfter('working-days', t, n, c).due;
        const chained = deadlineAfter('working-days', first, m, c).due;
        expect(formatInstant(chained)).toBe(
          formatInstant(deadlineAfter('working-days', t, n + m, c).due),
        );
      }),
      RUNS,
    );
  });

  it('is the end of the Nth business day after the trigger day', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 40 }), countingArb, (t, n, spec) => {
        const c = counting(spec);
        const d = deadlineAfter('working-days', t, n, c);
        const dueDay = londonDay(d.due);
        expect(isBusiness(c, dueDay)).toBe(true);
        expect(businessDaysIn(c, londonDay(t), dueDay)).toBe(n);
        expect(timeOfDay(toLocal(d.due))).toBe(c.endOfDay);
        expect(d.warnings).toEqual([]);
      }),
      RUNS,
    );
  });

  it('grows with N', () => {
    fc.assert(
      fc.property(triggerArb, smallDays, countingArb, (t, n, spec) => {
        const c = counting(spec);
        expect(deadlineAfter('working-days', t, n + 1, c).due).toBeGreaterThan(
          deadlineAfter('working-days', t, n, c).due,
        );
      }),
      RUNS,
    );
  });
});

describe('business-hours', () => {
  it('N + M hours (M >= 1) is M hours counted from the result of N hours', () => {
    // This holds generally, not only when the intermediate result is on a business day: a result
    // of exactly midnight after a business day (e.g. Sat 00:00) carries on from the start of the
    // next business day, just as the single count does. It needs M >= 1; see the next test.
    fc.assert(
      fc.property(
        triggerArb,
        smallHours,
        fc.integer({ min: 1, max: 200 }),
        countingArb,
        (t, n, m, spec) => {
          const c = counting(spec);
          const mid = deadlineAfter('business-hours', t, n, c).due;
          expect(formatInstant(deadlineAfter('business-hours', mid, m, c).due)).toBe(
            formatInstant(deadlineAfter('business-hours', t, n + m, c).due),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('0 hours from the result of N hours is that result, unless it is the midnight before a non-business day', () => {
    // Fri 00:00 + 24h is Sat 00:00 (the end of Friday); 0 hours from Sat 00:00 is Mon 00:00:
    // the same point in business time, but not the same instant.
    fc.assert(
      fc.property(triggerArb, smallHours, countingArb, (t, n, spec) => {
        const c = counting(spec);
        const mid = deadlineAfter('business-hours', t, n, c).due;
        const again = deadlineAfter('business-hours', mid, 0, c).due;
        const midDay = londonDay(mid);
        if (isBusiness(c, midDay)) {
          expect(again).toBe(mid);
        } else {
          expect(timeOfDay(toLocal(mid))).toBe(0);
          expect(again).toBe(startOfDay(earliestBusinessDayAfter(c, midDay)));
        }
      }),
      RUNS,
    );
    const c = counting({ calendar: 'plain', scope: 'internal', endOfDay: END_OF_DAY });
    const friday = startOfDay(dayFromIsoDate('2023-06-09'));
    const endOfFriday = deadlineAfter('business-hours', friday, 24, c).due;
    expect(formatInstant(endOfFriday)).toBe('2023-06-10T00:00:00+01:00');
    expect(formatInstant(deadlineAfter('business-hours', endOfFriday, 0, c).due)).toBe(
      '2023-06-12T00:00:00+01:00',
    );
  });

  it('the same holds for whole-day multiples of 24 hours that end at midnight', () => {
    fc.assert(
      fc.property(
        triggerArb,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 100 }),
        countingArb,
        (t, days, m, spec) => {
          const c = counting(spec);
          // Start at a business day's midnight, so n hours end exactly at a midnight.
          const start = startOfDay(latestBusinessDayAtOrBefore(c, londonDay(t)));
          const n = 24 * days;
          const mid = deadlineAfter('business-hours', start, n, c).due;
          expect(timeOfDay(toLocal(mid))).toBe(0);
          expect(deadlineAfter('business-hours', mid, m, c).due).toBe(
            deadlineAfter('business-hours', start, n + m, c).due,
          );
        },
      ),
      RUNS,
    );
  });

  it('counts exactly N wall-clock hours of business days, and ends on (or at the end of) one', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 200 }), countingArb, (t, n, spec) => {
        const c = counting(spec);
        const due = deadlineAfter('business-hours', t, n, c).due;
        const ld = toLocal(due);
        expect(businessTimeBetween(c, toLocal(t), ld)).toBe(n * MS_PER_HOUR);
        // The earliest such instant: inside a business day, or the midnight that ends one.
        const onBusinessDay = isBusiness(c, dayOf(ld)) && timeOfDay(ld) > 0;
        const endOfBusinessDay = timeOfDay(ld) === 0 && isBusiness(c, dayOf(ld) - 1);
        expect(onBusinessDay || endOfBusinessDay).toBe(true);
        // Never sooner than the same number of clock hours.
        expect(due).toBeGreaterThanOrEqual(t + n * MS_PER_HOUR);
      }),
      RUNS,
    );
  });

  it('a trigger on a non-business day counts from the start of the next business day', () => {
    fc.assert(
      fc.property(triggerArb, smallHours, countingArb, (t, n, spec) => {
        const c = counting(spec);
        const day = londonDay(t);
        fc.pre(!isBusiness(c, day));
        const fromNext = startOfDay(earliestBusinessDayAfter(c, day));
        expect(deadlineAfter('business-hours', t, n, c).due).toBe(
          deadlineAfter('business-hours', fromNext, n, c).due,
        );
      }),
      RUNS,
    );
  });
});

describe('elapsed', () => {
  it('elapsed is exactly trigger + hours', () => {
    fc.assert(
      fc.property(triggerArb, smallHours, countingArb, (t, n, spec) => {
        const d = deadlineAfter('elapsed', t, n, counting(spec));
        expect(d.due).toBe(t + n * MS_PER_HOUR);
        expect(d.warnings).toEqual([]);
      }),
      RUNS,
    );
  });

  it('elapsed-then-next-business-day is exact on a business day, else the end of the next one', () => {
    fc.assert(
      fc.property(triggerArb, smallHours, countingArb, (t, n, spec) => {
        const c = counting(spec);
        const exact = t + n * MS_PER_HOUR;
        const landing = londonDay(exact);
        const d = deadlineAfter('elapsed-then-next-business-day', t, n, c);
        if (isBusiness(c, landing)) {
          expect(d.due).toBe(exact);
        } else {
          expect(d.due).toBe(atTimeOfDay(earliestBusinessDayAfter(c, landing), c.endOfDay));
          expect(d.due).toBeGreaterThan(exact);
        }
      }),
      RUNS,
    );
  });
});

describe('deadlines before an anchor', () => {
  it('business-days-before: on a business day, N business days before, same time of day', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 40 }), countingArb, (a, n, spec) => {
        const c = counting(spec);
        const d = deadlineBefore('business-days-before', a, n, c);
        const dueDay = londonDay(d.due);
        expect(isBusiness(c, dueDay)).toBe(true);
        // Business days in [dueDay, anchorDay): exactly n.
        expect(businessDaysIn(c, dueDay - 1, londonDay(a) - 1)).toBe(n);
        expect(timeOfDay(toLocal(d.due))).toBe(timeOfDay(toLocal(a)));
      }),
      RUNS,
    );
  });

  it('clear-business-days-before: the latest business day with N business days strictly between', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 40 }), countingArb, (a, n, spec) => {
        const c = counting(spec);
        const d = deadlineBefore('clear-business-days-before', a, n, c);
        const dueDay = londonDay(d.due);
        const anchorDay = londonDay(a);
        expect(isBusiness(c, dueDay)).toBe(true);
        expect(businessDaysIn(c, dueDay, anchorDay - 1)).toBe(n);
        // Any later business day would leave fewer than n clear days.
        expect(businessDaysIn(c, earliestBusinessDayAfter(c, dueDay), anchorDay - 1)).toBe(n - 1);
        expect(timeOfDay(toLocal(d.due))).toBe(c.endOfDay);
      }),
      RUNS,
    );
  });

  it('calendar-days-before: the latest business day on or before anchor − N, warning iff moved', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 1, max: 40 }), countingArb, (a, n, spec) => {
        const c = counting(spec);
        const d = deadlineBefore('calendar-days-before', a, n, c);
        const target = londonDay(a) - n;
        const expectedDay = latestBusinessDayAtOrBefore(c, target);
        expect(isoDateOf(londonDay(d.due))).toBe(isoDateOf(expectedDay));
        expect(timeOfDay(toLocal(d.due))).toBe(timeOfDay(toLocal(a)));
        expect(d.warnings.map((w) => w.code)).toEqual(
          expectedDay === target ? [] : ['moved-to-earlier-business-day'],
        );
      }),
      RUNS,
    );
  });
});

describe('end-of-day limits (calendar-days, calendar-months)', () => {
  it('are never moved; a non-business day is flagged with the previous business day', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('calendar-days' as const, 'calendar-months' as const),
        triggerArb,
        fc.integer({ min: 0, max: 36 }),
        countingArb,
        (conv, t, n, spec) => {
          const c = counting(spec);
          const d = deadlineAfter(conv, t, n, c);
          const day = londonDay(d.due);
          // The limit's wall-clock time on that day; on the spring-forward Sunday a time in the
          // skipped hour reads an hour later, as everywhere else (london.test.ts).
          expect(d.due).toBe(atTimeOfDay(day, c.endOfDay));
          if (conv === 'calendar-days') expect(day).toBe(londonDay(t) + n);
          if (isBusiness(c, day)) {
            expect(d.warnings).toEqual([]);
          } else {
            expect(d.warnings).toHaveLength(1);
            expect(d.warnings[0]).toMatchObject({
              code: 'limit-on-non-business-day',
              suggested: formatInstant(
                atTimeOfDay(latestBusinessDayAtOrBefore(c, day), c.endOfDay),
              ),
            });
          }
        },
      ),
      RUNS,
    );
  });

  it('calendar-months keeps the day of the month, or clamps to the last day', () => {
    fc.assert(
      fc.property(triggerArb, fc.integer({ min: 0, max: 36 }), countingArb, (t, n, spec) => {
        const c = counting(spec);
        const from = isoDateOf(londonDay(t));
        const to = isoDateOf(londonDay(deadlineAfter('calendar-months', t, n, c).due));
        const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
        const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
        expect(ty * 12 + tm - (fy * 12 + fm)).toBe(n);
        const daysInTarget = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
        expect(td).toBe(Math.min(fd, daysInTarget));
      }),
      RUNS,
    );
  });
});

describe('weekend triggers', () => {
  const firstSaturday = dayFromIsoDate('2018-01-06');
  const saturdayArb = fc.integer({ min: 0, max: 52 * 13 }).map((k) => firstSaturday + 7 * k);
  const timeArb = fc.integer({ min: 0, max: MS_PER_DAY - 1 });

  it('working-days from a Saturday or Sunday equals working-days from the preceding Friday', () => {
    expect(weekday(firstSaturday)).toBe(6);
    fc.assert(
      fc.property(
        saturdayArb,
        fc.constantFrom(0, 1),
        timeArb,
        timeArb,
        // n >= 1: 0 working days is the end of the trigger day itself.
        fc.integer({ min: 1, max: 30 }),
        countingArb,
        (sat, plus, tWeekend, tFriday, n, spec) => {
          const c = counting(spec);
          const weekendTrigger = atTimeOfDay(sat + plus, tWeekend);
          const fridayTrigger = atTimeOfDay(sat - 1, tFriday);
          expect(weekday(londonDay(weekendTrigger))).toBe(plus === 0 ? 6 : 0);
          expect(weekday(londonDay(fridayTrigger))).toBe(5);
          expect(formatInstant(deadlineAfter('working-days', weekendTrigger, n, c).due)).toBe(
            formatInstant(deadlineAfter('working-days', fridayTrigger, n, c).due),
          );
        },
      ),
      RUNS,
    );
  });

  it('business-hours from any time on a Saturday or Sunday equals business-hours from Monday 00:00', () => {
    fc.assert(
      fc.property(
        saturdayArb,
        fc.constantFrom(0, 1),
        timeArb,
        smallHours,
        countingArb,
        (sat, plus, tWeekend, n, spec) => {
          const c = counting(spec);
          const weekendTrigger = atTimeOfDay(sat + plus, tWeekend);
          const monday = startOfDay(sat + 2);
          expect(formatInstant(deadlineAfter('business-hours', weekendTrigger, n, c).due)).toBe(
            formatInstant(deadlineAfter('business-hours', monday, n, c).due),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('independence from the process time zone', () => {
  interface Case {
    convention: Convention;
    from: number;
    amount: number;
    spec: CountingSpec;
  }

  const cases: Case[] = fc.sample(
    fc.record({
      convention: fc.constantFrom<Convention>(...AFTER_CONVENTIONS, ...BEFORE_CONVENTIONS),
      from: triggerArb,
      amount: fc.integer({ min: 0, max: 60 }),
      spec: countingArb,
    }),
    { numRuns: 400, seed: 20230505 },
  );

  // Jest gives each test file a copy of process.env, so assigning TZ inside the test never
  // reaches V8 (new Date(0).getTimezoneOffset() stays the same). The same computation therefore
  // runs in child Node processes started with TZ set, loading the TypeScript sources through
  // @swc/core (already a devDependency), with fresh calendars in each.
  const CHILD = `
    const fs = require('fs');
    const swc = require('@swc/core');
    require.extensions['.ts'] = (m, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename,
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
      });
      m._compile(code, filename);
    };
    const { formatInstant, parseInstant } = require('./core/time/london.ts');
    const { BusinessCalendar } = require('./core/calendar/business-calendar.ts');
    const { vendoredSnapshot } = require('./core/calendar/bank-holidays.ts');
    const { countDeadline } = require('./core/conventions/conventions.ts');
    const { cases, closureDays } = JSON.parse(fs.readFileSync(0, 'utf8'));
    const plain = new BusinessCalendar();
    const closed = new BusinessCalendar(vendoredSnapshot, { localClosureDays: closureDays });
    const results = cases.map(({ convention, from, amount, spec }) => {
      const c = { calendar: spec.calendar === 'plain' ? plain : closed, scope: spec.scope, endOfDay: spec.endOfDay };
      const d = countDeadline(convention, from, amount, c);
      return { due: formatInstant(d.due), warnings: d.warnings };
    });
    const bareDates = cases.map(({ from }) => {
      const p = parseInstant(new Date(from).toISOString().slice(0, 10));
      return p.ok ? formatInstant(p.instant) : p.reason;
    });
    process.stdout.write(JSON.stringify({
      offset: new Date(0).getTimezoneOffset(),
      resolved: Intl.DateTimeFormat().resolvedOptions().timeZone,
      versionId: plain.version.id,
      results,
      bareDates,
    }));
  `;

  interface ChildOutput {
    offset: number;
    resolved: string;
    versionId: string;
    results: { due: string; warnings: unknown[] }[];
    bareDates: string[];
  }

  function runUnder(tz: string): ChildOutput {
    const out = execFileSync(process.execPath, ['-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, TZ: tz },
      input: JSON.stringify({ cases, closureDays }),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out) as ChildOutput;
  }

  it('gives the same deadlines under TZ=UTC, Pacific/Auckland and America/Los_Angeles', () => {
    const utc = runUnder('UTC');
    const auckland = runUnder('Pacific/Auckland');
    const losAngeles = runUnder('America/Los_Angeles');

    // The time zone really did change, so the comparison is not vacuous.
    expect(utc.offset).toBe(0);
    expect(auckland.offset).toBe(-720);
    expect(losAngeles.offset).toBe(480);
    expect(auckland.resolved).toBe('Pacific/Auckland');

    expect(utc.results).toHaveLength(cases.length);
    expect(auckland.results).toEqual(utc.results);
    expect(losAngeles.results).toEqual(utc.results);
    expect(auckland.bareDates).toEqual(utc.bareDates);
    expect(losAngeles.bareDates).toEqual(utc.bareDates);
    expect(auckland.versionId).toBe(utc.versionId);

    // And the same as this process computes.
    const here = cases.map(({ convention, from, amount, spec }) => {
      const d = countDeadline(convention, from, amount, counting(spec));
      return { due: formatInstant(d.due), warnings: d.warnings };
    });
    expect(utc.results).toEqual(here);
    expect(utc.versionId).toBe(plain.version.id);
  }, 60_000);
});
