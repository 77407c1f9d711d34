/** Dates and times as people in England type them, read the way they mean them. */
import { parseBritishDateTime, parseBritishTime } from '../../../../core/time/british';
import { instant } from '../../../support/cases';

// Thu 3 Dec 2026, mid-morning.
const NOW = instant('2026-12-03T10:00:00Z');
const read = (text: string) => {
  const r = parseBritishDateTime(text, NOW);
  return r.ok ? r.understood : `refused: ${r.reason}`;
};

test.each([
  ['12/02/2027 4pm', 'Fri 12 Feb 2027, 16:00'],
  ['12/02/2027 16:00', 'Fri 12 Feb 2027, 16:00'],
  ['12/2/27 4.30pm', 'Fri 12 Feb 2027, 16:30'],
  ['12 Feb 2027 4 pm', 'Fri 12 Feb 2027, 16:00'],
  ['12 February 2027 at 10am', 'Fri 12 Feb 2027, 10:00'],
  ['Friday 12 Feb 2027, 4pm', 'Fri 12 Feb 2027, 16:00'],
  ['12th Feb 2027 noon', 'Fri 12 Feb 2027, 12:00'],
  ['Feb 12 2027 16:00', 'Fri 12 Feb 2027, 16:00'],
  ['2027-02-12 16:00', 'Fri 12 Feb 2027, 16:00'],
  ['tomorrow 4pm', 'Fri 4 Dec 2026, 16:00'],
  ['today', 'Thu 3 Dec 2026'],
  // No year: the next such date.
  ['12 Feb', 'Fri 12 Feb 2027'],
  ['25/12', 'Fri 25 Dec 2026'],
  // In summer time the hour is London's.
  ['1/7/2027 9am', 'Thu 1 Jul 2027, 09:00'],
])('%s → %s', (typed, understood) => {
  expect(read(typed)).toBe(understood);
});

test('day first, never the American order; impossible dates and wrong weekdays are refused, saying why', () => {
  expect(read('02/13/2027')).toMatch(/^refused: "02\/13\/2027" is not a date I can read/);
  expect(read('31/02/2027')).toMatch(/^refused: /);
  expect(read('Monday 12 Feb 2027')).toBe(
    'refused: Fri 12 Feb 2027 is not a Monday: check the date.',
  );
  expect(read('next week')).toMatch(/^refused: .*Write it day first, e\.g\. 12\/02\/2027 4pm/);
  expect(read('')).toBe('refused: No date was given.');
});

test('the instant is London time, with its offset', () => {
  const r = parseBritishDateTime('12/02/2027 4pm', NOW);
  expect(r.ok && new Date(r.instant!).toISOString()).toBe('2027-02-12T16:00:00.000Z');
  const summer = parseBritishDateTime('1/7/2027 9am', NOW);
  expect(summer.ok && new Date(summer.instant!).toISOString()).toBe('2027-07-01T08:00:00.000Z');
});

test.each([
  ['4pm', 960],
  ['4:30 PM', 990],
  ['12am', 0],
  ['12pm', 720],
  ['16:00', 960],
  ['1600', 960],
  ['9.15', 555],
  ['noon', 720],
])('time %s', (typed, minutes) => {
  expect(parseBritishTime(typed)).toBe(minutes);
});

test.each(['13pm', '24:00', '4', 'teatime'])('not a time: %s', (typed) => {
  expect(parseBritishTime(typed)).toBeUndefined();
});
