/** Statutory review timing (Care Planning Regulations 2010, reg. 33). */
import { evaluate, obligation, ids } from '../../../support/cases';

const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const held = (review: string, at: string, extra: Record<string, unknown> = {}) => ({
  type: 'review.held',
  at,
  review,
  ...extra,
});

describe('first-review: within 20 working days of becoming looked after', () => {
  test('from an ICO: 20 business days, skipping the coronation and Spring bank holidays', () => {
    const o = obligation(evaluate([ICO], '2023-05-06T09:00:00+01:00'), 'first-review');
    expect(o.due).toBe('2023-06-06T23:59:59+01:00');
    expect(o.source.document).toBe('care-planning-regulations-2010-reg-33');
  });
  test('from looked-after.started for a child looked after before proceedings', () => {
    const result = evaluate(
      [{ type: 'looked-after.started', at: '2023-03-01T09:00:00+00:00' }],
      '2023-03-02T09:00:00+00:00',
      {
        header: { lookedAfterBeforeProceedings: true },
      },
    );
    expect(obligation(result, 'first-review').due).toBe('2023-03-29T23:59:59+01:00');
  });
  test('met by the first review held', () => {
    const result = evaluate(
      [ICO, held('R1', '2023-06-01T10:00:00+01:00')],
      '2023-06-02T09:00:00+01:00',
    );
    expect(obligation(result, 'first-review').status).toBe('met');
  });
  test('a child looked after before this log began has no first review to hold', () => {
    expect(
      ids(
        evaluate([ICO], '2023-05-06T09:00:00+01:00', {
          header: { lookedAfterBeforeProceedings: true },
        }),
      ),
    ).not.toContain('first-review');
  });
});

describe('second-review and subsequent-review: the cycle runs from each review actually held', () => {
  test('a limit landing on the Spring bank holiday is flagged with the previous business day, not moved', () => {
    const result = evaluate(
      [{ ...ICO, at: '2024-02-01T10:00:00+00:00' }, held('R1', '2024-02-27T10:00:00+00:00')],
      '2024-02-28T09:00:00+00:00',
    );
    const o = obligation(result, 'second-review:after-R1');
    expect(o.due).toBe('2024-05-27T23:59:59+01:00');
    expect(o.warnings).toEqual([
      expect.objectContaining({
        code: 'limit-on-non-business-day',
        suggested: '2024-05-24T23:59:59+01:00',
      }),
    ]);
  });
  test('three months after the first, then six months after each one held', () => {
    const result = evaluate(
      [
        ICO,
        held('R1', '2023-06-01T10:00:00+01:00'),
        held('R2', '2023-08-20T10:00:00+01:00'),
        held('R3', '2024-01-31T10:00:00+00:00'),
      ],
      '2024-02-01T09:00:00+00:00',
    );
    expect(obligation(result, 'second-review:after-R1')).toMatchObject({
      due: '2023-09-01T23:59:59+01:00',
      status: 'met',
    });
    expect(obligation(result, 'subsequent-review:after-R2')).toMatchObject({
      due: '2024-02-20T23:59:59+00:00',
      status: 'met',
    });
    // 31 January + 6 months: there is no 31 July... there is; and 31 July 2024 is a Wednesday.
    expect(obligation(result, 'subsequent-review:after-R3')).toMatchObject({
      due: '2024-07-31T23:59:59+01:00',
      status: 'open',
    });
  });
  test('a month-end review clamps to the shorter month', () => {
    const result = evaluate(
      [ICO, held('R1', '2023-11-30T10:00:00+00:00')],
      '2023-12-01T09:00:00+00:00',
    );
    expect(obligation(result, 'second-review:after-R1').due).toBe('2024-02-29T23:59:59+00:00');
  });
  test('no further review is owed once the child stops being looked after', () => {
    const result = evaluate(
      [
        ICO,
        held('R1', '2023-06-01T10:00:00+01:00'),
        {
          type: 'proceedings.concluded',
          at: '2023-07-01T10:00:00+01:00',
          remainsLookedAfter: false,
        },
      ],
      '2023-12-01T09:00:00+00:00',
    );
    expect(obligation(result, 'second-review:after-R1').status).toBe('not-applicable');
  });
  test('a later review is no longer owed once the child leaves care, or missed if already late', () => {
    const reviews = [
      ICO,
      held('R1', '2023-06-01T10:00:00+01:00'),
      held('R2', '2023-08-01T10:00:00+01:00'),
    ];
    const leaves = (at: string) => ({
      type: 'proceedings.concluded',
      at,
      remainsLookedAfter: false,
    });
    // R3 is due six months after R2, by 1 February 2024.
    const early = evaluate(
      [...reviews, leaves('2023-10-02T10:00:00+01:00')],
      '2024-03-01T09:00:00+00:00',
    );
    expect(obligation(early, 'subsequent-review:after-R2')).toMatchObject({
      status: 'not-applicable',
      reason: 'The child stopped being looked after when proceedings concluded.',
    });
    const late = evaluate(
      [...reviews, leaves('2024-02-12T10:00:00+00:00')],
      '2024-03-01T09:00:00+00:00',
    );
    expect(obligation(late, 'subsequent-review:after-R2').status).toBe('missed');
    // Staying looked after, the review is still owed.
    const stays = evaluate(
      [...reviews, { ...leaves('2023-10-02T10:00:00+01:00'), remainsLookedAfter: true }],
      '2024-03-01T09:00:00+00:00',
    );
    expect(obligation(stays, 'subsequent-review:after-R2').status).toBe('overdue');
  });
  test('for a child looked after before the log, reviews are 6-monthly unless one is marked first', () => {
    const header = { lookedAfterBeforeProceedings: true };
    expect(
      ids(
        evaluate([held('R4', '2023-06-01T10:00:00+01:00')], '2023-06-02T09:00:00+01:00', {
          header,
        }),
      ),
    ).toContain('subsequent-review:after-R4');
    expect(
      ids(
        evaluate(
          [held('R1', '2023-06-01T10:00:00+01:00', { first: true })],
          '2023-06-02T09:00:00+01:00',
          { header },
        ),
      ),
    ).toContain('second-review:after-R1');
  });
});
