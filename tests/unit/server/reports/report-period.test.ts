/** The compliance report's period: London days, `to` not included, sensible defaults. */
import { stageOf } from '../../../../server/reports/case-register';
import { resolvePeriod } from '../../../../server/reports/compliance-report';

const at = (iso: string) => Date.parse(iso);

describe('resolvePeriod', () => {
  test('dates are London days: midnight BST in summer, GMT in winter', () => {
    const p = resolvePeriod({ from: '2024-03-01', to: '2024-04-01' }, at('2024-05-01T12:00:00Z'));
    expect(p).toEqual({
      from: '2024-03-01',
      to: '2024-04-01',
      start: at('2024-03-01T00:00:00Z'),
      end: at('2024-03-31T23:00:00Z'),
    });
  });

  test('the default is three calendar months up to and including today (London)', () => {
    // 23:30 UTC on 31 July is already 1 August in London.
    expect(resolvePeriod({}, at('2024-07-31T23:30:00Z'))).toMatchObject({
      from: '2024-05-02',
      to: '2024-08-02',
    });
  });

  test('a month without the day takes its last day', () => {
    expect(resolvePeriod({ to: '2024-05-31' }, at('2024-06-01T12:00:00Z')).from).toBe('2024-02-29');
  });

  test.each([
    [{ from: '2024-02-28', to: '2025-03-01' }, /^to: .*366 days/],
    [{ from: '1995-12-31', to: '1996-01-02' }, /^from: /],
    [{ from: '2024-04-31', to: '2024-05-02' }, /^from: /],
    [{ from: '2024-05-02', to: '2024-05-02' }, /^to: /],
  ])('%j is refused', (query, detail) => {
    expect(() => resolvePeriod(query, at('2024-06-01T12:00:00Z'))).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'invalid-request',
        detail: expect.stringMatching(detail),
      }),
    );
  });
});

test('stageOf', () => {
  const t = '2024-01-01T10:00:00+00:00';
  expect(stageOf([])).toBe('pre-proceedings');
  expect(stageOf([{ type: 'looked-after.started', at: t }])).toBe('pre-proceedings');
  expect(stageOf([{ type: 'order.made', at: t, order: 'EPO' }])).toBe('proceedings');
  expect(
    stageOf([
      { type: 'application.issued', at: t },
      { type: 'proceedings.concluded', at: t, remainsLookedAfter: false },
    ]),
  ).toBe('concluded');
});
