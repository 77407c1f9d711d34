/** A retracted event is read as never having happened; the retraction itself is no fact. */
import { checkSequence, type CaseEvent } from '../../../../core';
import { evaluate, ids, obligation } from '../../../support/cases';

const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const NOW = '2023-05-06T09:00:00+01:00';

test('an order recorded by mistake and retracted starts nothing', () => {
  expect(ids(evaluate([ICO], NOW))).toContain('order-notice-to-iro-service');
  const retracted = evaluate(
    [ICO, { type: 'event.retracted', at: NOW, retracts: 0, reason: 'Wrong case' }],
    NOW,
  );
  expect(ids(retracted)).not.toContain('order-notice-to-iro-service');
});

test('a completion retracted reopens the obligation; ids of the rest do not change', () => {
  const done = { type: 'iro-service.notified', at: '2023-05-06T08:00:00+01:00' };
  expect(obligation(evaluate([ICO, done], NOW), 'order-notice-to-iro-service').status).toBe('met');
  const undone = evaluate(
    [ICO, done, { type: 'event.retracted', at: NOW, retracts: 1, reason: 'Not sent yet' }],
    NOW,
  );
  expect(obligation(undone, 'order-notice-to-iro-service')).toMatchObject({
    status: 'open',
    trigger: { event: 0 },
  });
});

describe('what may be retracted', () => {
  const log: CaseEvent[] = [
    { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
    { type: 'iro.allocated', at: '2023-05-06T10:00:00+01:00', iro: { name: 'S', id: 'iro.patel' } },
    { type: 'event.retracted', at: NOW, retracts: 0, reason: 'x' },
  ];
  const retracting = (retracts: number) =>
    checkSequence(log, { type: 'event.retracted', at: NOW, retracts, reason: 'y' }, 'event');
  test.each([
    [0, 'event 0 is already retracted'],
    [
      1,
      'who holds a role is corrected by naming the right person (a new allocation or appointment), not by retracting',
    ],
    [2, 'a retraction cannot itself be retracted'],
    [3, 'there is no event 3 to retract'],
  ])('event %s: %s', (retracts, message) => {
    expect(retracting(retracts)).toEqual([{ path: 'event.retracts', message }]);
  });
});
