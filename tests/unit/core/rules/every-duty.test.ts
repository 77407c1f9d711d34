/**
 * Every duty of both protocols, as the protocols read: the duties added so that each sentence
 * that asks something of someone is tracked, the default targets for phrases with no number,
 * `missed` for a duty whose occasion has gone by, and the court's timetable. Dates are worked by
 * hand (June 2023 has no bank holidays; Mon 29 May and Mon 28 Aug 2023 were bank holidays).
 */
import { RULES, remindedRoles } from '../../../../core';
import { evaluate, obligation, ids } from '../../../support/cases';

const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };
const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const IRO = {
  type: 'iro.allocated',
  at: '2023-05-12T14:00:00+01:00',
  iro: { name: 'Sam Patel', id: 'iro.patel' },
};
const GUARDIAN = {
  type: 'guardian.appointed',
  at: '2023-05-15T12:00:00+01:00',
  guardian: { name: 'Kim Rivers', id: 'guardian.rivers' },
};
const THU_1_JUNE = '2023-06-01T10:00:00+01:00';
const at = (type: string, when: string, extra: Record<string, unknown> = {}) => ({
  type,
  at: when,
  ...extra,
});

describe('every duty has a deadline by default', () => {
  test('each rule with no number in the protocol reads its phrase as a default target', () => {
    for (const rule of RULES) {
      if (rule.deadline.kind !== 'target') continue;
      expect([rule.id, rule.deadline.default.reading.length > 0]).toEqual([rule.id, true]);
    }
  });

  test('"immediately", "automatically": by the end of the next business day, saying so', () => {
    const o = obligation(
      evaluate([ISSUED, at('standard-directions.received', THU_1_JUNE)], THU_1_JUNE),
      'standard-directions-to-iro',
    );
    expect(o).toMatchObject({ due: '2023-06-02T23:59:59+01:00', status: 'open' });
    expect(o.deadline).toMatchObject({ setBy: 'default', convention: 'working-days', amount: 1 });
    expect(o.deadline.description).toBe(
      'default target — the protocol says "automatically": within 1 working day (the day it starts is not counted; due at the end of the last business day)',
    );
  });

  test('"they will immediately inform the Permanency Progression Manager": a concern raised on a Friday is taken up by the end of Monday', () => {
    const o = obligation(
      evaluate(
        [ISSUED, at('concern.raised', '2023-06-02T15:00:00+01:00')],
        '2023-06-02T16:00:00+01:00',
      ),
      'iro-concern-escalation:e1',
    );
    expect(o).toMatchObject({ due: '2023-06-05T23:59:59+01:00', deadline: { setBy: 'default' } });
  });

  test('"in a timely manner": 5 working days; the council may set its own target instead', () => {
    const events = [ISSUED, at('dispute.raised', THU_1_JUNE)];
    expect(obligation(evaluate(events, THU_1_JUNE), 'disagreement-escalation:e1').due).toBe(
      '2023-06-08T23:59:59+01:00',
    );
    const council = obligation(
      evaluate(events, THU_1_JUNE, {
        config: {
          rules: {
            'disagreement-escalation': { deadline: { convention: 'working-days', amount: 10 } },
          },
        },
      }),
      'disagreement-escalation:e1',
    );
    expect(council).toMatchObject({
      due: '2023-06-15T23:59:59+01:00',
      deadline: { setBy: 'council' },
    });
  });

  test('a target with a date to count back from may be set by the council as so many days before it', () => {
    const REC = at('lpm.recommended', THU_1_JUNE, { source: 'cpcc' });
    const events = [
      REC,
      at('lpm.scheduled', '2023-06-05T10:00:00+01:00', { on: '2023-06-20T14:00:00+01:00' }),
    ];
    const o = obligation(
      evaluate(events, '2023-06-06T09:00:00+01:00', {
        config: {
          rules: {
            'lpm-iro-views': { deadline: { convention: 'business-days-before', amount: 3 } },
          },
        },
      }),
      'lpm-iro-views:e1',
    );
    expect(o).toMatchObject({ due: '2023-06-15T14:00:00+01:00', deadline: { setBy: 'council' } });
    expect(() =>
      evaluate(events, '2023-06-06T09:00:00+01:00', {
        config: {
          rules: {
            'lpm-progression': { deadline: { convention: 'business-days-before', amount: 3 } },
          },
        },
      }),
    ).toThrow(/counts back/);
  });

  test("a review's minutes: 20 working days after it", () => {
    const o = obligation(
      evaluate([ISSUED, ICO, at('review.held', THU_1_JUNE, { review: 'R1' })], THU_1_JUNE),
      'review-minutes-to-lawyer:R1',
    );
    // Thu 1 Jun + 20 working days = Thu 29 Jun.
    expect(o.due).toBe('2023-06-29T23:59:59+01:00');
  });

  test('an invitation to a review: 5 working days after it is scheduled, and never later than the review', () => {
    const scheduled = (on: string) =>
      obligation(
        evaluate(
          [ISSUED, ICO, IRO, GUARDIAN, at('review.scheduled', THU_1_JUNE, { review: 'R1', on })],
          THU_1_JUNE,
        ),
        'guardian-invited-to-review:R1',
      );
    expect(scheduled('2023-06-20T10:00:00+01:00').due).toBe('2023-06-08T23:59:59+01:00');
    const soon = scheduled('2023-06-05T10:00:00+01:00');
    expect(soon.due).toBe('2023-06-05T10:00:00+01:00');
    expect(soon.warnings.map((w) => w.code)).toEqual(['compressed-window']);
  });
});

test('a cap is the latest date recorded for it: the initial review moved later moves the contact’s limit', () => {
  const events = [
    ISSUED,
    ICO,
    IRO,
    GUARDIAN,
    at('review.scheduled', '2023-05-16T10:00:00+01:00', {
      review: 'R1',
      on: '2023-05-19T10:00:00+01:00',
    }),
    at('review.scheduled', '2023-05-17T10:00:00+01:00', {
      review: 'R1',
      on: '2023-06-01T10:00:00+01:00',
    }),
  ];
  const o = obligation(evaluate(events, '2023-05-18T09:00:00+01:00'), 'initial-review-contact');
  // Known Tue 16 May: 5 working days is Tue 23 May, before the review's latest date.
  expect(o).toMatchObject({ due: '2023-05-23T23:59:59+01:00', warnings: [] });
  expect(
    obligation(evaluate(events, '2023-05-20T09:00:00+01:00'), 'initial-review-contact').status,
  ).toBe('open');
});

describe('outcomes are never rewritten: missed', () => {
  const REVIEW = at('review.scheduled', THU_1_JUNE, {
    review: 'R1',
    on: '2023-06-20T10:00:00+01:00',
  });
  const events = [ISSUED, ICO, IRO, GUARDIAN, REVIEW];

  test('an invitation never sent: overdue after its target, missed once the review has taken place', () => {
    expect(
      obligation(evaluate(events, '2023-06-12T09:00:00+01:00'), 'guardian-invited-to-review:R1')
        .status,
    ).toBe('overdue');
    const after = obligation(
      evaluate(events, '2023-06-21T09:00:00+01:00'),
      'guardian-invited-to-review:R1',
    );
    expect(after).toMatchObject({
      status: 'missed',
      due: '2023-06-08T23:59:59+01:00',
      reason: 'Not done by Thu 8 Jun 2023, 23:59, and then review R1 took place.',
      reminders: [],
    });
  });

  test('sent late but before the review: met late', () => {
    const late = [
      ...events,
      at('guardian.invited-to-review', '2023-06-12T09:00:00+01:00', { review: 'R1' }),
    ];
    expect(
      obligation(evaluate(late, '2023-06-21T09:00:00+01:00'), 'guardian-invited-to-review:R1')
        .status,
    ).toBe('met-late');
  });
});

describe('a duty of the proceedings ends with them', () => {
  const RECEIVED = at('court-document.received', THU_1_JUNE, {
    document: 'expert-report',
    ref: 'X1',
  });
  const concluded = (when: string) =>
    at('proceedings.concluded', when, { remainsLookedAfter: true });
  test('an upload overdue when proceedings concluded is missed, and stays missed', () => {
    const o = obligation(
      evaluate(
        [ISSUED, ICO, RECEIVED, concluded('2023-06-20T10:00:00+01:00')],
        '2023-09-01T09:00:00+01:00',
      ),
      'court-documents-upload:X1',
    );
    expect(o).toMatchObject({
      status: 'missed',
      due: '2023-06-08T23:59:59+01:00',
      reason: 'Not done by Thu 8 Jun 2023, 23:59, and then proceedings concluded.',
    });
  });
  test('one not yet due when they concluded is no longer asked for, and says why', () => {
    const o = obligation(
      evaluate(
        [ISSUED, ICO, RECEIVED, concluded('2023-06-05T10:00:00+01:00')],
        '2023-09-01T09:00:00+01:00',
      ),
      'court-documents-upload:X1',
    );
    expect(o).toMatchObject({
      status: 'not-applicable',
      reason: 'It was not yet due when proceedings concluded.',
    });
    expect(o.due).toBeUndefined();
  });
  test('done late after they concluded: met late, not rewritten', () => {
    const o = obligation(
      evaluate(
        [
          ISSUED,
          ICO,
          RECEIVED,
          concluded('2023-06-20T10:00:00+01:00'),
          at('court-document.uploaded', '2023-06-21T10:00:00+01:00', { ref: 'X1' }),
        ],
        '2023-09-01T09:00:00+01:00',
      ),
      'court-documents-upload:X1',
    );
    expect(o.status).toBe('met-late');
  });
  test("the IRO's comments not returned by the filing date are missed then", () => {
    const o = obligation(
      evaluate(
        [
          ISSUED,
          at('filing.scheduled', THU_1_JUNE, {
            filing: 'final-evidence',
            due: '2023-06-23T16:00:00+01:00',
          }),
          at('draft.sent-to-iro', '2023-06-12T10:00:00+01:00'),
        ],
        '2023-06-26T09:00:00+01:00',
      ),
      'iro-comments-on-draft',
    );
    expect(o).toMatchObject({ status: 'missed', due: '2023-06-13T10:00:00+01:00' });
  });
});

describe('engine defects found by hand-computed cases', () => {
  test('looked-after.started at the same instant as the ICO that made the child looked after: the 48-hour notice applies', () => {
    const o = obligation(
      evaluate([at('looked-after.started', ICO.at), ICO], '2023-05-06T09:00:00+01:00'),
      'order-notice-to-iro-service',
    );
    expect(o).toMatchObject({ status: 'open', due: '2023-05-10T16:00:00+01:00' });
  });

  test('a draft sent before the filing date was first recorded is with the IRO: met', () => {
    const o = obligation(
      evaluate(
        [
          at('application.issued', '2022-09-01T10:00:00+01:00'),
          at('draft.sent-to-iro', '2022-12-20T10:00:00+00:00'),
          at('filing.scheduled', '2022-12-21T10:00:00+00:00', {
            filing: 'final-evidence',
            due: '2023-01-03T16:00:00+00:00',
          }),
        ],
        '2022-12-23T09:00:00+00:00',
      ),
      'draft-final-evidence-to-iro',
    );
    expect(o).toMatchObject({ status: 'met', due: '2022-12-22T16:00:00+00:00' });
  });

  test('each dispute open before the IRH is reported: one report does not cover a later dispute', () => {
    const events = [
      ISSUED,
      at('dispute.raised', '2023-06-01T10:00:00+01:00'),
      at('court.informed-of-dispute', '2023-06-05T10:00:00+01:00'),
      at('hearing.scheduled', '2023-06-10T10:00:00+01:00', {
        hearing: 'IRH',
        on: '2023-09-01T10:00:00+01:00',
      }),
      at('dispute.raised', '2023-07-03T10:00:00+01:00'),
    ];
    const now = evaluate(events, '2023-08-01T09:00:00+01:00');
    expect(obligation(now, 'dispute-notice-before-irh').status).toBe('met');
    expect(obligation(now, 'dispute-notice-before-irh:e4')).toMatchObject({
      status: 'open',
      due: '2023-09-01T10:00:00+01:00',
    });
    expect(
      obligation(evaluate(events, '2023-09-02T09:00:00+01:00'), 'dispute-notice-before-irh:e4')
        .status,
    ).toBe('missed');
  });

  test('a child already looked after: the court and CAFCASS are told of the IRO from the application, with no allocation in the log', () => {
    const o = obligation(
      evaluate([ISSUED], '2023-05-05T09:00:00+01:00', {
        header: { lookedAfterBeforeProceedings: true },
      }),
      'iro-details-to-court',
    );
    // Thu 4 May + 5 working days, over the coronation bank holiday (Mon 8 May) = Fri 12 May.
    expect(o).toMatchObject({
      status: 'open',
      due: '2023-05-12T23:59:59+01:00',
      trigger: { type: 'application.issued' },
    });
  });

  test('the same LPM recommendation recorded twice a few minutes apart is one recommendation', () => {
    const result = evaluate(
      [
        ISSUED,
        at('review.held', '2023-06-01T10:00:00+01:00', { review: 'R1', recommendsLpm: true }),
        at('lpm.recommended', '2023-06-01T10:07:00+01:00', { source: 'statutory-review' }),
      ],
      '2023-06-02T09:00:00+01:00',
    );
    expect(ids(result).filter((id) => id.startsWith('lpm-recommendation-notice'))).toEqual([
      'lpm-recommendation-notice:e1',
    ]);
  });

  test('an allocation recorded before the IRO service was notified completes the allocation reply', () => {
    const o = obligation(
      evaluate(
        [
          ICO,
          at('iro.allocated', '2023-05-06T10:00:00+01:00', { iro: { name: 'Sam Patel' } }),
          at('iro-service.notified', '2023-05-09T10:00:00+01:00'),
        ],
        '2023-05-20T09:00:00+01:00',
      ),
      'iro-allocation-reply',
    );
    expect(o.status).toBe('met');
  });
});

describe('the draft reaching the IRO late is Legal’s breach, not the IRO’s', () => {
  const FILING = at('filing.scheduled', '2023-06-01T10:00:00+01:00', {
    filing: 'final-evidence',
    due: '2023-06-23T16:00:00+01:00',
  });
  test("after filing was due: the IRO's window was lost (not applicable), the draft is met late", () => {
    const result = evaluate(
      [ISSUED, FILING, at('draft.sent-to-iro', '2023-06-26T10:00:00+01:00')],
      '2023-06-27T09:00:00+01:00',
    );
    expect(obligation(result, 'iro-comments-on-draft')).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringMatching(/window to comment was lost/) as string,
    });
    expect(obligation(result, 'draft-final-evidence-to-iro').status).toBe('met-late');
  });
  test('the day before filing: the window is compressed, and its escalation goes to the Principal Lawyer', () => {
    const o = obligation(
      evaluate(
        [ISSUED, FILING, at('draft.sent-to-iro', '2023-06-22T18:00:00+01:00')],
        '2023-06-22T19:00:00+01:00',
      ),
      'iro-comments-on-draft',
    );
    expect(o).toMatchObject({
      due: '2023-06-23T16:00:00+01:00',
      escalation: { to: ['principal-lawyer'] },
    });
    expect(o.warnings.map((w) => w.code)).toEqual(['compressed-window']);
  });
});

describe('the court timetable: "It is the individual responsibility of the IRO, Social Work Team and lawyer to make sure they are aware of the relevant Court timetable"', () => {
  const events = [
    ISSUED,
    at('filing.scheduled', THU_1_JUNE, { filing: 'assessments', due: '2023-07-14T12:00:00+01:00' }),
    at('hearing.scheduled', THU_1_JUNE, { hearing: 'IRH', on: '2023-09-01T10:00:00+01:00' }),
  ];
  test('each date the court directed is a dated item, on the person who keeps it, for every other party', () => {
    const result = evaluate(events, '2023-06-02T09:00:00+01:00');
    expect(obligation(result, 'court-timetable:assessments')).toMatchObject({
      due: '2023-07-14T12:00:00+01:00',
      status: 'open',
      responsible: ['social-worker'],
      recipients: ['lawyer', 'iro', 'guardian'],
      deadline: {
        setBy: 'court',
        description: 'the date the court directed: assessments available, Fri 14 Jul 2023',
      },
    });
    expect(obligation(result, 'court-timetable:IRH')).toMatchObject({
      due: '2023-09-01T10:00:00+01:00',
      responsible: ['lawyer'],
    });
  });
  test('every party is reminded of the date, not only the one who keeps it', () => {
    const o = obligation(
      evaluate(events, '2023-06-02T09:00:00+01:00'),
      'court-timetable:assessments',
    );
    expect(remindedRoles(o)).toEqual(['social-worker', 'lawyer', 'iro', 'guardian']);
    // Other duties remind those they are on.
    const draft = obligation(
      evaluate(
        [
          ISSUED,
          at('filing.scheduled', THU_1_JUNE, {
            filing: 'final-evidence',
            due: '2023-06-23T16:00:00+01:00',
          }),
        ],
        '2023-06-02T09:00:00+01:00',
      ),
      'draft-final-evidence-to-iro',
    );
    expect(remindedRoles(draft)).toEqual(['lawyer', 'social-worker']);
  });

  test('a later direction moves the date; filing meets it', () => {
    const moved = [
      ...events,
      at('filing.scheduled', '2023-06-20T10:00:00+01:00', {
        filing: 'assessments',
        due: '2023-07-28T12:00:00+01:00',
      }),
      at('filing.made', '2023-07-27T10:00:00+01:00', { filing: 'assessments' }),
    ];
    expect(
      obligation(evaluate(moved, '2023-07-28T09:00:00+01:00'), 'court-timetable:assessments'),
    ).toMatchObject({
      status: 'met',
      due: '2023-07-28T12:00:00+01:00',
    });
  });
  test('the IRO alert flow uses the same final-evidence date: the draft counts back from it', () => {
    const result = evaluate(
      [
        ISSUED,
        at('filing.scheduled', THU_1_JUNE, {
          filing: 'final-evidence',
          due: '2023-06-23T16:00:00+01:00',
        }),
      ],
      '2023-06-02T09:00:00+01:00',
    );
    expect(obligation(result, 'court-timetable:final-evidence').responsible).toEqual([
      'lawyer',
      'social-worker',
    ]);
    expect(obligation(result, 'draft-final-evidence-to-iro').due).toBe('2023-06-16T16:00:00+01:00');
  });
});

describe('the Barnet duties that had no rule', () => {
  const REC = at('lpm.recommended', THU_1_JUNE, { source: 'cpcc' });
  test('"The Permanency Progression Manager will ensure this is progressed in a timely manner": listing the LPM progresses it', () => {
    const events = [
      REC,
      at('lpm.scheduled', '2023-06-05T10:00:00+01:00', { on: '2023-06-20T14:00:00+01:00' }),
    ];
    expect(obligation(evaluate([REC], THU_1_JUNE), 'lpm-progression:e0')).toMatchObject({
      due: '2023-06-08T23:59:59+01:00',
      responsible: ['permanency-progression-manager'],
    });
    expect(
      obligation(evaluate(events, '2023-06-06T09:00:00+01:00'), 'lpm-progression:e0').status,
    ).toBe('met');
  });

  test("before an LPM the lawyer checks the referral form and the social worker has the IRO's views, by the business day before; missed once it is held", () => {
    const events = [
      REC,
      at('lpm.scheduled', '2023-06-05T10:00:00+01:00', { on: '2023-06-20T14:00:00+01:00' }),
    ];
    const result = evaluate(events, '2023-06-06T09:00:00+01:00');
    expect(obligation(result, 'lpm-referral-iro-details:e1')).toMatchObject({
      responsible: ['lawyer'],
      due: '2023-06-19T14:00:00+01:00',
    });
    expect(obligation(result, 'lpm-iro-views:e1')).toMatchObject({
      responsible: ['social-worker'],
      due: '2023-06-19T14:00:00+01:00',
    });
    expect(
      obligation(evaluate(events, '2023-06-21T09:00:00+01:00'), 'lpm-iro-views:e1').status,
    ).toBe('missed');
  });

  test('an LPM decided against: the reasons reach the IRO, and the PPM convenes the IRO and the social work team', () => {
    const events = [REC, at('lpm.not-needed', '2023-06-05T10:00:00+01:00')];
    const result = evaluate(events, '2023-06-06T09:00:00+01:00');
    expect(obligation(result, 'lpm-progression:e0').status).toBe('met');
    expect(obligation(result, 'lpm-reasons-to-iro:e1')).toMatchObject({
      recipients: ['iro'],
      due: '2023-06-12T23:59:59+01:00',
    });
    expect(obligation(result, 'iro-social-work-meeting:e1').status).toBe('open');
  });

  test('"If they remain dissatisfied then they must seek legal advice via the principal lawyer"', () => {
    const events = [
      ISSUED,
      at('concern.raised', THU_1_JUNE),
      at('concern.remains', '2023-06-12T10:00:00+01:00'),
    ];
    const o = obligation(evaluate(events, '2023-06-13T09:00:00+01:00'), 'concern-legal-advice:e2');
    expect(o).toMatchObject({
      responsible: ['iro'],
      recipients: ['principal-lawyer'],
      due: '2023-06-19T23:59:59+01:00',
    });
    const sought = evaluate(
      [...events, at('legal-advice.sought', '2023-06-13T10:00:00+01:00')],
      '2023-06-14T09:00:00+01:00',
    );
    expect(obligation(sought, 'concern-legal-advice:e2').status).toBe('met');
  });

  test("Legal gives the IRO administrator the lawyer's and Guardian's details, again when they change", () => {
    const result = evaluate(
      [ISSUED, at('legal-details.sent-to-iro-admin', '2023-05-05T10:00:00+01:00'), GUARDIAN],
      '2023-05-16T09:00:00+01:00',
    );
    expect(obligation(result, 'legal-details-to-iro-admin').status).toBe('met');
    expect(obligation(result, 'legal-details-to-iro-admin:e2')).toMatchObject({
      status: 'open',
      recipients: ['iro-admin'],
    });
  });

  test('a party asks for previous reviews: the lawyer requests them from the IRO service', () => {
    const o = obligation(
      evaluate([ISSUED, at('previous-reviews.asked-for', THU_1_JUNE)], '2023-06-09T09:00:00+01:00'),
      'previous-reviews-request:e1',
    );
    expect(o).toMatchObject({
      status: 'overdue',
      responsible: ['lawyer'],
      recipients: ['iro-admin'],
    });
  });

  test("the IRO's views reach the social worker, copied to the PPM, by the time the draft is due", () => {
    const filing = at('filing.scheduled', THU_1_JUNE, {
      filing: 'final-evidence',
      due: '2023-06-23T16:00:00+01:00',
    });
    const result = evaluate(
      [
        ISSUED,
        filing,
        at('iro-views.sent-to-social-worker', '2023-06-12T10:00:00+01:00', { copiedToPpm: false }),
      ],
      '2023-06-13T09:00:00+01:00',
    );
    const o = obligation(result, 'iro-views-for-final-care-plan');
    expect(o).toMatchObject({ due: '2023-06-16T16:00:00+01:00', status: 'open' });
    expect(o.checklist?.map((c) => [c.item, !!c.done])).toEqual([
      ['social-worker', true],
      ['ppm-copy', false],
    ]);
  });

  test('the Head of Service and Principal Lawyer informed of the IRO alert and the responses, apart from resolving the dispute', () => {
    const events = [
      ISSUED,
      at('dispute.raised', THU_1_JUNE),
      at('dispute.managers-informed', '2023-06-02T10:00:00+01:00'),
    ];
    expect(
      obligation(
        evaluate(events, '2023-06-05T09:00:00+01:00'),
        'disagreement-reported-to-managers:e1',
      ).status,
    ).toBe('met');
    expect(
      obligation(evaluate(events, '2023-06-05T09:00:00+01:00'), 'disagreement-escalation:e1')
        .status,
    ).toBe('open');
  });
});

describe('the Nottinghamshire duties that had no rule', () => {
  test("IRO admin passes the Guardian's name to the allocated IRO", () => {
    const o = obligation(
      evaluate([ISSUED, ICO, IRO, GUARDIAN], '2023-05-16T09:00:00+01:00'),
      'guardian-name-to-iro',
    );
    expect(o).toMatchObject({
      responsible: ['iro-admin'],
      recipients: ['iro'],
      due: '2023-05-22T23:59:59+01:00',
    });
  });

  test("the Guardian's concern about the care plan is discussed with the IRO", () => {
    const events = [ISSUED, ICO, IRO, GUARDIAN, at('guardian.care-plan-concern', THU_1_JUNE)];
    expect(
      obligation(evaluate(events, '2023-06-02T09:00:00+01:00'), 'guardian-care-plan-concerns:e4'),
    ).toMatchObject({
      responsible: ['guardian'],
      due: '2023-06-08T23:59:59+01:00',
    });
    const discussed = [...events, at('iro-guardian.discussion-held', '2023-06-06T10:00:00+01:00')];
    expect(
      obligation(evaluate(discussed, '2023-06-07T09:00:00+01:00'), 'guardian-care-plan-concerns:e4')
        .status,
    ).toBe('met');
  });

  test('the IRO service has Legal put the review-record requirement on record', () => {
    expect(
      obligation(
        evaluate([ISSUED, ICO, IRO, GUARDIAN], '2023-05-16T09:00:00+01:00'),
        'review-record-requirement-on-record',
      ),
    ).toMatchObject({ responsible: ['iro-admin'], recipients: ['lawyer'], status: 'open' });
  });

  test("each discussion's content is recorded on the child's case record", () => {
    const events = [ISSUED, ICO, IRO, GUARDIAN, at('iro-guardian.discussion-held', THU_1_JUNE)];
    expect(
      obligation(evaluate(events, '2023-06-02T09:00:00+01:00'), 'discussion-recorded:e4').due,
    ).toBe('2023-06-08T23:59:59+01:00');
    const recorded = [...events, at('discussion.recorded', '2023-06-02T10:00:00+01:00')];
    expect(
      obligation(evaluate(recorded, '2023-06-03T09:00:00+01:00'), 'discussion-recorded:e4').status,
    ).toBe('met');
  });

  test('an outstanding issue is kept under review, month by month, until resolved', () => {
    const events = [
      at('outstanding-issue.identified', THU_1_JUNE, { issue: 'sibling-contact' }),
      at('outstanding-issue.reviewed', '2023-06-28T10:00:00+01:00', { issue: 'sibling-contact' }),
    ];
    const result = evaluate(events, '2023-07-03T09:00:00+01:00');
    expect(obligation(result, 'outstanding-issues-review:sibling-contact:r1').status).toBe('met');
    expect(obligation(result, 'outstanding-issues-review:sibling-contact:r2').due).toBe(
      '2023-07-28T23:59:59+01:00',
    );
    const resolved = evaluate(
      [
        ...events,
        at('outstanding-issue.resolved', '2023-07-10T10:00:00+01:00', { issue: 'sibling-contact' }),
      ],
      '2023-09-01T09:00:00+01:00',
    );
    expect(ids(resolved).filter((id) => id.startsWith('outstanding-issues-review'))).toEqual([
      'outstanding-issues-review:sibling-contact:r1',
      'outstanding-issues-review:sibling-contact:r2',
    ]);
    expect(obligation(resolved, 'outstanding-issues-review:sibling-contact:r2').status).toBe('met');
  });
});
