/** Dates as people read them: Europe/London with the weekday, across the clock changes. */
import { humanDuration, humanInstant, instantFromLondon } from '../../../../core';

describe('humanInstant', () => {
  test.each([
    ['2023-05-10T16:00:00+01:00', 'Wed 10 May 2023, 16:00'],
    ['2023-05-10T15:00:00Z', 'Wed 10 May 2023, 16:00'],
    ['2023-01-02T09:05:00Z', 'Mon 2 Jan 2023, 09:05'],
    // The last Sunday of March: 01:00 GMT becomes 02:00 BST.
    ['2024-03-31T00:59:00Z', 'Sun 31 Mar 2024, 00:59'],
    ['2024-03-31T01:00:00Z', 'Sun 31 Mar 2024, 02:00'],
    // The last Sunday of October: 01:00 UTC is 01:00 GMT again.
    ['2024-10-27T00:30:00Z', 'Sun 27 Oct 2024, 01:30'],
    ['2024-10-27T01:30:00Z', 'Sun 27 Oct 2024, 01:30'],
    ['2024-12-31T23:59:00Z', 'Tue 31 Dec 2024, 23:59'],
  ])('%s reads as %s', (iso, text) => {
    expect(humanInstant(iso)).toBe(text);
  });

  test('nothing is a dash and what is not an instant comes back as it was', () => {
    expect(humanInstant(undefined)).toBe('—');
    expect(humanInstant('soon')).toBe('soon');
  });
});

describe('humanDuration', () => {
  test.each([
    [45 * 60_000, '45 minutes'],
    [60 * 60_000, '1 hour'],
    [(24 + 3) * 3_600_000, '1 day 3 hours'],
    [-2 * 86_400_000, '2 days'],
    [90 * 60_000, '1 hour 30 minutes'],
    [20_000, '0 minutes'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('instantFromLondon', () => {
  test.each([
    ['2023-06-13', '16:00', '2023-06-13T16:00:00+01:00'],
    ['2023-01-13', '09:30', '2023-01-13T09:30:00+00:00'],
    ['2024-02-29', '23:59', '2024-02-29T23:59:00+00:00'],
  ])('%s %s in England is %s', (date, time, iso) => {
    expect(instantFromLondon(date, time)).toBe(iso);
  });

  test.each([
    ['2023-02-29', '10:00'],
    ['2023-06-13', '24:00'],
    ['2023-06-13', '9:00'],
    ['13/06/2023', '10:00'],
  ])('%s %s is not a date and time', (date, time) => {
    expect(instantFromLondon(date, time)).toBeUndefined();
  });
});
