/** The Protocol Between IROs and Children's Guardians, rule by rule. */
import { evaluate, obligation, ids } from '../../../support/cases';

const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };
const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const IRO = { type: 'iro.allocated', at: '2023-05-12T14:00:00+01:00', iro: { name: 'Sam Patel' } };
const GUARDIAN = {
  type: 'guardian.appointed',
  at: '2023-05-15T12:00:00+01:00',
  guardian: { name: 'Jo Rivers' },
};

describe('guardian rules apply only once a Guardian is appointed', () => {
  test('without a Guardian there is no contact, invitation, record or discussion to owe', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        {
          type: 'review.scheduled',
          at: '2023-05-16T09:00:00+01:00',
          review: 'R1',
          on: '2023-06-01T10:00:00+01:00',
        },
      ],
      '2023-05-20T09:00:00+01:00',
    );
    for (const rule of [
      'iro-guardian-contact',
      'initial-review-contact',
      'guardian-invited-to-review',
      'review-record-to-guardian',
      'iro-guardian-discussion',
    ]) {
      expect(ids(result).some((id) => id.startsWith(rule))).toBe(false);
    }
  });
});

describe('guardian-iro-introduction: CAFCASS contacts IRO admin on receipt of the application', () => {
  test('open from the application until CAFCASS has contacted IRO admin; a Guardian appointed is not that contact', () => {
    expect(
      obligation(evaluate([ISSUED], '2023-05-05T09:00:00+01:00'), 'guardian-iro-introduction'),
    ).toMatchObject({
      status: 'open',
      responsible: ['guardian'],
      recipients: ['iro-admin'],
      deadline: { setBy: 'default' },
    });
    expect(
      obligation(
        evaluate([ISSUED, GUARDIAN], '2023-05-16T09:00:00+01:00'),
        'guardian-iro-introduction',
      ).status,
    ).toBe('overdue');
    expect(
      obligation(
        evaluate(
          [
            ISSUED,
            GUARDIAN,
            { type: 'cafcass.contacted-iro-service', at: '2023-05-08T11:00:00+01:00' },
          ],
          '2023-05-16T09:00:00+01:00',
        ),
        'guardian-iro-introduction',
      ).status,
    ).toBe('met');
  });
});

describe('iro-guardian-contact: the IRO and Guardian establish contact', () => {
  test('starts when both are known and is met by contact', () => {
    const open = obligation(
      evaluate([ISSUED, ICO, IRO, GUARDIAN], '2023-05-16T09:00:00+01:00'),
      'iro-guardian-contact',
    );
    expect(open.trigger).toMatchObject({ type: 'guardian.appointed', event: 3 });
    const met = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        { type: 'iro-guardian.contact-made', at: '2023-05-17T09:00:00+01:00' },
      ],
      '2023-05-18T09:00:00+01:00',
    );
    expect(obligation(met, 'iro-guardian-contact').status).toBe('met');
  });
});

describe('initial-review-contact: a Guardian appointed before the first review is contacted when its date is known', () => {
  test('applies once the first review is scheduled, and must happen by the review', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        {
          type: 'review.scheduled',
          at: '2023-05-16T09:00:00+01:00',
          review: 'R1',
          on: '2023-06-01T10:00:00+01:00',
        },
      ],
      '2023-05-17T09:00:00+01:00',
      {
        config: {
          rules: {
            'initial-review-contact': { deadline: { convention: 'working-days', amount: 10 } },
          },
        },
      },
    );
    // The council's 10 working days would end 31 May... capped by the review on 1 June anyway.
    expect(obligation(result, 'initial-review-contact')).toMatchObject({
      status: 'open',
      due: '2023-05-31T23:59:59+01:00',
    });
  });
  test('does not apply when the Guardian is appointed after the first review', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        { type: 'review.held', at: '2023-06-01T10:00:00+01:00', review: 'R1' },
        { ...GUARDIAN, at: '2023-06-05T12:00:00+01:00' },
      ],
      '2023-06-06T09:00:00+01:00',
    );
    expect(obligation(result, 'initial-review-contact').status).toBe('not-applicable');
  });
});

describe('guardian-invited-to-review: the Guardian is advised of and invited to each review', () => {
  const scheduled = (review: string, on: string, at = '2023-05-16T09:00:00+01:00') => ({
    type: 'review.scheduled',
    at,
    review,
    on,
  });
  test('one per review; a council target never runs past the review itself', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        scheduled('R1', '2023-05-19T10:00:00+01:00'),
        scheduled('R2', '2023-09-01T10:00:00+01:00', '2023-05-16T09:30:00+01:00'),
      ],
      '2023-05-17T09:00:00+01:00',
      {
        config: {
          rules: {
            'guardian-invited-to-review': { deadline: { convention: 'working-days', amount: 5 } },
          },
        },
      },
    );
    expect(obligation(result, 'guardian-invited-to-review:R1')).toMatchObject({
      due: '2023-05-19T10:00:00+01:00',
    });
    expect(obligation(result, 'guardian-invited-to-review:R1').warnings[0]).toMatchObject({
      code: 'compressed-window',
    });
    expect(obligation(result, 'guardian-invited-to-review:R2').due).toBe(
      '2023-05-23T23:59:59+01:00',
    );
  });
  test('a rescheduled review is one obligation at its new date; the invitation meets it', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        scheduled('R1', '2023-06-01T10:00:00+01:00'),
        scheduled('R1', '2023-06-08T10:00:00+01:00', '2023-05-20T09:00:00+01:00'),
        { type: 'guardian.invited-to-review', at: '2023-05-21T09:00:00+01:00', review: 'R1' },
      ],
      '2023-05-22T09:00:00+01:00',
    );
    expect(
      result.obligations
        .filter((o) => o.rule === 'guardian-invited-to-review')
        .map((o) => [o.id, o.status]),
    ).toEqual([['C-1042:guardian-invited-to-review:R1', 'met']]);
  });
});

describe('review-record-to-guardian: the Guardian receives a copy of each review record', () => {
  test('one per review held while the Guardian is appointed and proceedings continue', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        { type: 'review.held', at: '2023-06-01T10:00:00+01:00', review: 'R1' },
        { type: 'review.record-sent-to-guardian', at: '2023-06-05T10:00:00+01:00', review: 'R1' },
        { type: 'review.held', at: '2023-09-01T10:00:00+01:00', review: 'R2' },
      ],
      '2023-09-02T09:00:00+01:00',
    );
    expect(obligation(result, 'review-record-to-guardian:R1').status).toBe('met');
    expect(obligation(result, 'review-record-to-guardian:R2').status).toBe('open');
  });
});

describe('iro-guardian-discussion: discussions at the frequency the IRO and Guardian agree', () => {
  test('first agree how often; then each discussion is due one interval after the last', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        { type: 'discussion-frequency.agreed', at: '2023-06-05T10:00:00+01:00', every: 'P1M' },
        { type: 'iro-guardian.discussion-held', at: '2023-06-28T10:00:00+01:00' },
      ],
      '2023-07-01T09:00:00+01:00',
    );
    // Agreed a month after both were known: the default target is 5 working days.
    expect(obligation(result, 'iro-guardian-discussion:agree-frequency').status).toBe('met-late');
    expect(obligation(result, 'iro-guardian-discussion:d1')).toMatchObject({
      status: 'met',
      due: '2023-07-05T23:59:59+01:00',
    });
    expect(obligation(result, 'iro-guardian-discussion:d2')).toMatchObject({
      status: 'open',
      due: '2023-07-28T23:59:59+01:00',
      deadline: { convention: 'calendar-months', amount: 1, setBy: 'parties' },
    });
  });
  test('a fortnightly agreement counts 14 calendar days', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        { type: 'discussion-frequency.agreed', at: '2023-06-05T10:00:00+01:00', every: 'P2W' },
      ],
      '2023-06-06T09:00:00+01:00',
    );
    expect(obligation(result, 'iro-guardian-discussion:d1').due).toBe('2023-06-19T23:59:59+01:00');
  });
});

describe('dispute-notice-before-irh: before the IRH the court is told of any dispute with the IRO', () => {
  const IRH = {
    type: 'hearing.scheduled',
    at: '2023-07-01T10:00:00+01:00',
    hearing: 'IRH',
    on: '2023-09-12T10:00:00+01:00',
  };
  const DISPUTE = { type: 'dispute.raised', at: '2023-08-01T10:00:00+01:00' };
  test('an unresolved dispute must be notified before the hearing; court deadlines ignore council closure days', () => {
    const o = obligation(
      evaluate([ISSUED, IRH, DISPUTE], '2023-08-02T09:00:00+01:00'),
      'dispute-notice-before-irh',
    );
    expect(o).toMatchObject({
      status: 'open',
      due: '2023-09-12T10:00:00+01:00',
      responsible: ['lawyer'],
      recipients: ['court'],
    });
    expect(o.deadline).toMatchObject({
      scope: 'court',
      description: 'before the Issues Resolution Hearing',
    });
    expect(o.reminders.map((r) => r.at)).toEqual([
      '2023-09-05T09:00:00+01:00',
      '2023-09-11T09:00:00+01:00',
    ]);
  });
  test('met by informing the court; not applicable if the dispute was resolved before the IRH', () => {
    expect(
      obligation(
        evaluate(
          [
            ISSUED,
            IRH,
            DISPUTE,
            { type: 'court.informed-of-dispute', at: '2023-09-01T10:00:00+01:00' },
          ],
          '2023-09-13T09:00:00+01:00',
        ),
        'dispute-notice-before-irh',
      ).status,
    ).toBe('met');
    expect(
      obligation(
        evaluate(
          [ISSUED, IRH, DISPUTE, { type: 'dispute.resolved', at: '2023-08-20T10:00:00+01:00' }],
          '2023-09-13T09:00:00+01:00',
        ),
        'dispute-notice-before-irh',
      ).status,
    ).toBe('not-applicable');
  });
  test('no dispute, nothing to notify', () => {
    expect(ids(evaluate([ISSUED, IRH], '2023-09-13T09:00:00+01:00'))).not.toContain(
      'dispute-notice-before-irh',
    );
  });
});

describe('at the end of proceedings, where the child remains looked after', () => {
  const END = {
    type: 'proceedings.concluded',
    at: '2024-01-15T12:00:00+00:00',
    remainsLookedAfter: true,
  };
  test('a final discussion is held, and the Guardian confirms the final documents (contact arrangements only if not in the care plan)', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        END,
        {
          type: 'final-documents.confirmed',
          at: '2024-01-20T10:00:00+00:00',
          documents: ['s31a-care-plan', 'final-order'],
        },
        {
          type: 'final-documents.confirmed',
          at: '2024-01-22T10:00:00+00:00',
          documents: ['guardian-report'],
        },
      ],
      '2024-01-23T09:00:00+00:00',
    );
    // Concluded Mon 15 Jan: the default target is 5 working days, Mon 22 Jan.
    expect(obligation(result, 'final-discussion')).toMatchObject({
      status: 'overdue',
      due: '2024-01-22T23:59:59+00:00',
    });
    // "if not covered in the Care Plan" is asked: unanswered, the list is not complete.
    const docs = obligation(result, 'final-documents-to-iro');
    expect(docs.status).toBe('overdue');
    expect(docs.checklist?.map((c) => [c.item, c.required, !!c.done])).toEqual([
      ['s31a-care-plan', true, true],
      ['guardian-report', true, true],
      ['final-order', true, true],
      ['contact-arrangements', true, false],
    ]);
    const answered = evaluate(
      [
        ISSUED,
        ICO,
        IRO,
        GUARDIAN,
        END,
        {
          type: 'final-documents.confirmed',
          at: '2024-01-20T10:00:00+00:00',
          documents: ['s31a-care-plan', 'final-order', 'guardian-report'],
        },
        {
          type: 'document.not-needed',
          at: '2024-01-20T10:05:00+00:00',
          document: 'contact-arrangements',
        },
      ],
      '2024-01-23T09:00:00+00:00',
    );
    expect(obligation(answered, 'final-documents-to-iro')).toMatchObject({
      status: 'met',
      completed: { event: 6 },
    });
  });
  test('neither applies when the child does not remain looked after', () => {
    const result = evaluate(
      [ISSUED, ICO, IRO, GUARDIAN, { ...END, remainsLookedAfter: false }],
      '2024-01-23T09:00:00+00:00',
    );
    expect(obligation(result, 'final-discussion').status).toBe('not-applicable');
    expect(obligation(result, 'final-documents-to-iro').status).toBe('not-applicable');
  });
});

describe('link-meeting-review: dispute issues go to the 6-monthly IRO/CAFCASS link meeting', () => {
  const DISPUTE = { type: 'dispute.raised', at: '2023-08-01T10:00:00+01:00' };
  test('due at the next meeting of the council’s cycle', () => {
    const o = obligation(
      evaluate([ISSUED, DISPUTE], '2023-08-02T09:00:00+01:00', {
        config: { linkMeetingsFrom: '2023-03-15' },
      }),
      'link-meeting-review:e1',
    );
    expect(o).toMatchObject({
      due: '2023-09-15T23:59:59+01:00',
      deadline: { kind: 'scheduled', setBy: 'council' },
    });
  });
  test('without a meeting cycle set, the default target is 6 calendar months (the longest the next meeting can be away)', () => {
    expect(
      obligation(
        evaluate([ISSUED, DISPUTE], '2023-08-02T09:00:00+01:00'),
        'link-meeting-review:e1',
      ),
    ).toMatchObject({ due: '2024-02-01T23:59:59+00:00', deadline: { setBy: 'default' } });
  });
});
