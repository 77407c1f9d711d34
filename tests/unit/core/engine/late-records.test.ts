/**
 * Things are recorded late: the log keeps recording order, and the engine reads it in the order
 * things happened (ties by recording order), so a late record counts from when it happened.
 */
import { checkTiming, type CaseEvent } from '../../../../core';
import { evaluate, instant, obligation } from '../../../support/cases';

const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' } as const;
const NOTIFIED_ON_TIME = { type: 'iro-service.notified', at: '2023-05-09T10:00:00+01:00' } as const;

test('a notice recorded a week late but made on time turns an overdue obligation into met', () => {
  const now = '2023-05-17T09:00:00+01:00';
  const before = obligation(evaluate([ICO], now), 'order-notice-to-iro-service');
  expect(before.status).toBe('overdue');
  // Recorded after a later event (the IRO allocated on 15 May), dated when it happened.
  const allocated = {
    type: 'iro.allocated',
    at: '2023-05-15T12:00:00+01:00',
    iro: { name: 'Sam Patel', id: 'iro.patel' },
  } as const;
  const after = obligation(
    evaluate([ICO, allocated, NOTIFIED_ON_TIME], now),
    'order-notice-to-iro-service',
  );
  expect(after).toMatchObject({ status: 'met', completed: { event: 2, late: false } });
});

test('a late record of a notice made after the limit turns met into met-late', () => {
  const notifiedLate = { type: 'iro-service.notified', at: '2023-05-11T10:00:00+01:00' } as const;
  const lateBut = { type: 'iro-service.notified', at: '2023-05-12T10:00:00+01:00' } as const;
  const now = '2023-05-17T09:00:00+01:00';
  expect(obligation(evaluate([ICO, lateBut], now), 'order-notice-to-iro-service').status).toBe(
    'met-late',
  );
  // A first notice the day before, recorded after the second: still late, and now it is the one.
  expect(
    obligation(evaluate([ICO, lateBut, notifiedLate], now), 'order-notice-to-iro-service'),
  ).toMatchObject({ status: 'met-late', completed: { event: 2, at: '2023-05-11T10:00:00+01:00' } });
});

test('a repeated obligation keeps its id when an earlier one is recorded after it: the ids name events by recording order', () => {
  const now = '2023-06-01T09:00:00+01:00';
  const second = { type: 'concern.raised', at: '2023-05-20T10:00:00+01:00' } as const;
  const first = { type: 'concern.raised', at: '2023-05-10T10:00:00+01:00' } as const;
  const before = evaluate([ICO, second], now).obligations.filter(
    (o) => o.rule === 'iro-concern-escalation',
  );
  const after = evaluate([ICO, second, first], now).obligations.filter(
    (o) => o.rule === 'iro-concern-escalation',
  );
  expect(before.map((o) => o.id)).toEqual(['C-1042:iro-concern-escalation:e1']);
  expect(after.map((o) => o.id).sort()).toEqual([
    'C-1042:iro-concern-escalation:e1',
    'C-1042:iro-concern-escalation:e2',
  ]);
  expect(after.find((o) => o.id.endsWith(':e2'))!.trigger).toMatchObject({
    event: 2,
    at: '2023-05-10T10:00:00+01:00',
  });
});

test('events at the same instant are read in recording order', () => {
  const at = '2023-05-05T16:00:00+01:00';
  const notified = { type: 'iro-service.notified', at } as const;
  // The notice at the very instant of the order, recorded after it: it follows the order.
  expect(
    obligation(
      evaluate([ICO, notified], '2023-05-06T09:00:00+01:00'),
      'order-notice-to-iro-service',
    ).status,
  ).toBe('met');
  // Recorded the other way round, the notice came first and does not answer the order.
  expect(
    obligation(
      evaluate([notified, ICO], '2023-05-06T09:00:00+01:00'),
      'order-notice-to-iro-service',
    ).status,
  ).toBe('open');
});

describe('when a late record may say it happened', () => {
  const log: CaseEvent[] = [
    { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
    { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
  ];
  const now = instant('2023-05-17T09:00:00+01:00');
  const at = (text: string) =>
    checkTiming(log, { type: 'iro-service.notified', at: text }, 'event', now);

  test('earlier than events already recorded, after the case began: fine', () => {
    expect(at('2023-05-04T12:00:00+01:00')).toEqual([]);
  });
  test('before the case began: refused, naming when it began', () => {
    expect(at('2023-05-04T10:59:00+01:00')).toEqual([
      {
        path: 'event.at',
        message: 'is before the case began (its first event happened Thu 4 May 2023, 11:00)',
      },
    ]);
  });
  test('in the future (beyond a few minutes of clock skew): refused', () => {
    expect(at('2023-05-17T09:04:00+01:00')).toEqual([]);
    expect(at('2023-05-17T09:06:00+01:00')).toEqual([
      { path: 'event.at', message: 'is in the future; record what has happened' },
    ]);
  });
  test('the first event of a case may be any past instant', () => {
    expect(checkTiming([], { type: 'application.issued', at: '2001-01-01' }, 'event', now)).toEqual(
      [],
    );
  });
});
