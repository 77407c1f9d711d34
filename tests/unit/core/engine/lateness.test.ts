/** How late a duty is, as people count it: working days after the due day, and calendar days. */
import { lateText } from '../../../../core';
import { dayFromIsoDate } from '../../../../core/time/london';
import { evaluate, obligation, settings } from '../../../support/cases';

const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };
// The IRO service is to be told within 48 business hours: by Wed 10 May 2023, 16:00 (Mon 8 May
// was the coronation bank holiday).
const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };

test('overdue: the working days after the due day up to today, and the days', () => {
  const o = obligation(
    evaluate([ISSUED, ICO], '2023-05-15T10:00:00+01:00'),
    'order-notice-to-iro-service',
  );
  expect(o).toMatchObject({ status: 'overdue', due: '2023-05-10T16:00:00+01:00' });
  expect(o.late).toEqual({ workingDays: 3, days: 5 });
  expect(lateText(o.late!)).toBe('3 working days late (5 days)');
});

test('met late: counted to the day it was done; on time there is no lateness', () => {
  const told = (at: string) => ({ type: 'iro-service.notified', at });
  const late = obligation(
    evaluate([ISSUED, ICO, told('2023-05-11T09:00:00+01:00')], '2023-05-15T10:00:00+01:00'),
    'order-notice-to-iro-service',
  );
  expect(late.status).toBe('met-late');
  expect(lateText(late.late!)).toBe('1 working day late');
  const onTime = obligation(
    evaluate([ISSUED, ICO, told('2023-05-09T09:00:00+01:00')], '2023-05-15T10:00:00+01:00'),
    'order-notice-to-iro-service',
  );
  expect(onTime.late).toBeUndefined();
});

test('late the same day it was due', () => {
  const o = obligation(
    evaluate([ISSUED, ICO], '2023-05-10T17:00:00+01:00'),
    'order-notice-to-iro-service',
  );
  expect(lateText(o.late!)).toBe('late today');
});

test('working days over years count the same as day by day', () => {
  const { calendar } = settings();
  const from = dayFromIsoDate('2023-05-10');
  for (const to of ['2023-05-15', '2023-12-31', '2024-01-01', '2025-06-30', '2026-12-03']) {
    let expected = 0;
    for (let d = from + 1; d <= dayFromIsoDate(to); d++) if (calendar.isBusinessDay(d)) expected++;
    expect([to, calendar.businessDaysAfter(from, dayFromIsoDate(to))]).toEqual([to, expected]);
  }
  expect(calendar.businessDaysAfter(from, from)).toBe(0);
});
