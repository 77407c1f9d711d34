/** The IRO and Legal Services Protocol, rule by rule: given these events, this is owed by then. */
import { evaluate, obligation, ids } from '../../../support/cases';

const ICO_FRIDAY_BEFORE_CORONATION = {
  type: 'order.made',
  at: '2023-05-05T16:00:00+01:00',
  order: 'ICO',
};
const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };

describe('order-notice-to-iro-service: notify the IRO service within 48 hours of an ICO or EPO', () => {
  test('an ICO made on the Friday afternoon before a bank-holiday Monday is due on Wednesday at the same time', () => {
    // Mon 8 May 2023 was the coronation bank holiday: Fri 8h + Tue 24h + Wed 16h = 48 business hours.
    const o = obligation(
      evaluate([ICO_FRIDAY_BEFORE_CORONATION], '2023-05-06T09:00:00+01:00'),
      'order-notice-to-iro-service',
    );
    expect(o.due).toBe('2023-05-10T16:00:00+01:00');
    expect(o.status).toBe('open');
    expect(o.responsible).toEqual(['lawyer', 'social-worker']);
    expect(o.recipients).toEqual(['iro-admin', 'iro-team-manager']);
    expect(o.deadline).toMatchObject({
      convention: 'business-hours',
      amount: 48,
      setBy: 'protocol',
    });
    expect(o.escalation).toEqual({ to: ['principal-lawyer'], at: '2023-05-10T16:00:00+01:00' });
  });

  test('an EPO starts it too', () => {
    const o = obligation(
      evaluate(
        [{ type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'EPO' }],
        '2023-05-06T09:00:00+01:00',
      ),
      'order-notice-to-iro-service',
    );
    expect(o.due).toBe('2023-05-10T16:00:00+01:00');
  });

  test('it becomes due soon at the first reminder, 24 hours before, and overdue after the limit', () => {
    const at = (now: string) =>
      obligation(evaluate([ICO_FRIDAY_BEFORE_CORONATION], now), 'order-notice-to-iro-service');
    expect(at('2023-05-09T15:59:00+01:00').status).toBe('open');
    expect(at('2023-05-09T16:00:00+01:00').status).toBe('due-soon');
    expect(at('2023-05-10T16:00:00+01:00').status).toBe('due-soon');
    expect(at('2023-05-10T16:00:01+01:00').status).toBe('overdue');
    expect(at('2023-05-06T09:00:00+01:00').reminders).toEqual([
      { stage: 'reminder-1', at: '2023-05-09T16:00:00+01:00' },
      { stage: 'reminder-2', at: '2023-05-10T12:00:00+01:00' },
    ]);
  });

  test('notifying the IRO service in time meets it; afterwards meets it late', () => {
    const notified = (at: string) =>
      obligation(
        evaluate(
          [ICO_FRIDAY_BEFORE_CORONATION, { type: 'iro-service.notified', at, by: 'lawyer.jones' }],
          '2023-05-12T09:00:00+01:00',
        ),
        'order-notice-to-iro-service',
      );
    expect(notified('2023-05-10T15:59:00+01:00')).toMatchObject({
      status: 'met',
      completed: { event: 1, at: '2023-05-10T15:59:00+01:00', by: 'lawyer.jones', late: false },
    });
    expect(notified('2023-05-10T16:30:00+01:00')).toMatchObject({
      status: 'met-late',
      completed: { late: true },
    });
  });

  test('a child already looked after needs no 48-hour notice', () => {
    const result = evaluate([ICO_FRIDAY_BEFORE_CORONATION], '2023-05-12T09:00:00+01:00', {
      header: { lookedAfterBeforeProceedings: true },
    });
    const o = obligation(result, 'order-notice-to-iro-service');
    expect(o.status).toBe('not-applicable');
    expect(o.due).toBeUndefined();
    expect(o.reason).toMatch(/already looked after/);
    expect(o.reminders).toEqual([]);
  });

  test('a child who became looked after before the order (recorded in the log) needs no notice either', () => {
    const o = obligation(
      evaluate(
        [
          { type: 'looked-after.started', at: '2023-04-01T09:00:00+01:00' },
          ICO_FRIDAY_BEFORE_CORONATION,
        ],
        '2023-05-12T09:00:00+01:00',
      ),
      'order-notice-to-iro-service',
    );
    expect(o.status).toBe('not-applicable');
  });

  test('only the order by which the child becomes looked after counts, not a later renewal', () => {
    const result = evaluate(
      [
        ICO_FRIDAY_BEFORE_CORONATION,
        { type: 'order.made', at: '2023-06-05T10:00:00+01:00', order: 'ICO' },
      ],
      '2023-06-06T09:00:00+01:00',
    );
    expect(ids(result).filter((id) => id.startsWith('order-notice-to-iro-service'))).toHaveLength(
      1,
    );
  });
});

describe('iro-allocation-reply: the IRO service gives Legal Services the allocated IRO within 5 working days', () => {
  const notified = { type: 'iro-service.notified', at: '2023-05-09T10:30:00+01:00' };
  test('due at the end of the fifth business day after notification', () => {
    const o = obligation(
      evaluate([ICO_FRIDAY_BEFORE_CORONATION, notified], '2023-05-09T11:00:00+01:00'),
      'iro-allocation-reply',
    );
    expect(o.due).toBe('2023-05-16T23:59:59+01:00');
    expect(o.responsible).toEqual(['iro-admin']);
    expect(o.reminders.map((r) => r.at)).toEqual([
      '2023-05-12T09:00:00+01:00',
      '2023-05-16T09:00:00+01:00',
    ]);
  });
  test('met when the IRO is allocated', () => {
    const o = obligation(
      evaluate(
        [
          ICO_FRIDAY_BEFORE_CORONATION,
          notified,
          { type: 'iro.allocated', at: '2023-05-12T14:00:00+01:00', iro: { name: 'Sam Patel' } },
        ],
        '2023-05-20T09:00:00+01:00',
      ),
      'iro-allocation-reply',
    );
    expect(o.status).toBe('met');
  });
  test('overdue the moment the fifth business day ends', () => {
    expect(
      obligation(
        evaluate([ICO_FRIDAY_BEFORE_CORONATION, notified], '2023-05-17T00:00:00+01:00'),
        'iro-allocation-reply',
      ).status,
    ).toBe('overdue');
  });
});

describe('initial-documents-to-iro: four documents within 5 working days of the ICO', () => {
  const sent = (document: string, at: string) => ({ type: 'document.sent-to-iro', at, document });
  test('due 5 business days after the ICO, skipping the coronation bank holiday, to the IRO administrator', () => {
    const o = obligation(
      evaluate([ICO_FRIDAY_BEFORE_CORONATION], '2023-05-06T09:00:00+01:00'),
      'initial-documents-to-iro',
    );
    expect(o.due).toBe('2023-05-15T23:59:59+01:00');
    expect(o.recipients).toEqual(['iro-admin']);
    expect(o.checklist?.map((c) => [c.item, c.required])).toEqual([
      ['application-form', true],
      ['initial-sw-statement', true],
      ['initial-care-plan', true],
      ['sw-chronology', true],
    ]);
  });
  test('"if one has been prepared" is asked, not assumed: the three others leave it open until the care plan is sent or recorded as not prepared', () => {
    const three = [
      ICO_FRIDAY_BEFORE_CORONATION,
      sent('application-form', '2023-05-09T09:00:00+01:00'),
      sent('sw-chronology', '2023-05-10T09:00:00+01:00'),
      sent('initial-sw-statement', '2023-05-11T09:00:00+01:00'),
    ];
    const waiting = obligation(
      evaluate(three, '2023-05-12T09:00:00+01:00'),
      'initial-documents-to-iro',
    );
    expect(waiting.status).toBe('due-soon');
    expect(waiting.checklist?.find((c) => c.item === 'initial-care-plan')).toMatchObject({
      condition: 'if one has been prepared',
      required: true,
    });
    const o = obligation(
      evaluate(
        [
          ...three,
          {
            type: 'document.not-needed',
            at: '2023-05-12T10:00:00+01:00',
            document: 'initial-care-plan',
          },
        ],
        '2023-05-20T09:00:00+01:00',
      ),
      'initial-documents-to-iro',
    );
    expect(o.status).toBe('met');
    expect(o.completed).toMatchObject({ event: 4, at: '2023-05-12T10:00:00+01:00' });
    expect(o.checklist?.find((c) => c.item === 'initial-care-plan')?.done).toMatchObject({
      event: 4,
    });
  });
  test('two of the three required documents leave it overdue after the limit', () => {
    const result = evaluate(
      [
        ICO_FRIDAY_BEFORE_CORONATION,
        sent('application-form', '2023-05-09T09:00:00+01:00'),
        sent('sw-chronology', '2023-05-10T09:00:00+01:00'),
      ],
      '2023-05-16T09:00:00+01:00',
    );
    expect(obligation(result, 'initial-documents-to-iro').status).toBe('overdue');
  });
  test('for a child already looked after the documents go to the IRO directly', () => {
    const o = obligation(
      evaluate([ICO_FRIDAY_BEFORE_CORONATION], '2023-05-06T09:00:00+01:00', {
        header: { lookedAfterBeforeProceedings: true },
      }),
      'initial-documents-to-iro',
    );
    expect(o.recipients).toEqual(['iro']);
  });
  test('an EPO alone does not start it', () => {
    const result = evaluate(
      [{ type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'EPO' }],
      '2023-05-06T09:00:00+01:00',
    );
    expect(ids(result)).not.toContain('initial-documents-to-iro');
  });
});

describe('court-documents-upload: the social worker uploads each court document within 5 days of receipt', () => {
  const received = {
    type: 'court-document.received',
    at: '2023-12-21T10:00:00+00:00',
    document: 'expert-report',
    ref: 'EXP-1',
  };
  test('over Christmas and New Year the five working days end on 2 January', () => {
    const o = obligation(
      evaluate([ISSUED, received], '2023-12-21T11:00:00+00:00'),
      'court-documents-upload:EXP-1',
    );
    expect(o.due).toBe('2024-01-02T23:59:59+00:00');
    expect(o.responsible).toEqual(['social-worker']);
  });
  test('council closure days between Christmas and New Year extend this internal deadline', () => {
    const o = obligation(
      evaluate([ISSUED, received], '2023-12-21T11:00:00+00:00', {
        config: { localClosureDays: ['2023-12-27', '2023-12-28', '2023-12-29'] },
      }),
      'court-documents-upload:EXP-1',
    );
    expect(o.due).toBe('2024-01-05T23:59:59+00:00');
  });
  test('one obligation per document, met by the upload with the same reference', () => {
    const result = evaluate(
      [
        ISSUED,
        received,
        {
          type: 'court-document.received',
          at: '2023-12-21T11:00:00+00:00',
          document: 'order',
          ref: 'ORD-7',
        },
        { type: 'court-document.uploaded', at: '2023-12-22T09:00:00+00:00', ref: 'ORD-7' },
      ],
      '2024-01-03T09:00:00+00:00',
    );
    expect(obligation(result, 'court-documents-upload:ORD-7').status).toBe('met');
    expect(obligation(result, 'court-documents-upload:EXP-1').status).toBe('overdue');
  });
  test('a council may read "5 days" as calendar days', () => {
    const o = obligation(
      evaluate([ISSUED, received], '2023-12-21T11:00:00+00:00', {
        config: {
          rules: { 'court-documents-upload': { deadline: { convention: 'calendar-days' } } },
        },
      }),
      'court-documents-upload:EXP-1',
    );
    // 26 December is Boxing Day: the limit is not moved, but flagged with the day before suggested.
    expect(o.due).toBe('2023-12-26T23:59:59+00:00');
    expect(o.deadline.setBy).toBe('council');
    expect(o.warnings).toEqual([
      expect.objectContaining({
        code: 'limit-on-non-business-day',
        suggested: '2023-12-22T23:59:59+00:00',
      }),
    ]);
  });
});

describe('draft-final-evidence-to-iro: the draft is with the IRO five days before it is due to be filed', () => {
  test('filing due Tue 3 January 2023 at 16:00: the draft is due Thu 22 December 2022 at 16:00', () => {
    const o = obligation(
      evaluate(
        [
          ISSUED_2022,
          {
            type: 'filing.scheduled',
            at: '2022-12-01T10:00:00+00:00',
            filing: 'final-evidence',
            due: '2023-01-03T16:00:00+00:00',
          },
        ],
        '2022-12-01T11:00:00+00:00',
      ),
      'draft-final-evidence-to-iro',
    );
    expect(o.due).toBe('2022-12-22T16:00:00+00:00');
    expect(o.deadline).toMatchObject({
      kind: 'before',
      convention: 'business-days-before',
      amount: 5,
    });
    expect(o.deadline.description).toMatch(
      /5 business days before the final-evidence filing deadline/,
    );
  });
  test('a council may choose clear business days instead', () => {
    const o = obligation(
      evaluate(
        [
          ISSUED_2022,
          {
            type: 'filing.scheduled',
            at: '2022-12-01T10:00:00+00:00',
            filing: 'final-evidence',
            due: '2023-01-03T16:00:00+00:00',
          },
        ],
        '2022-12-01T11:00:00+00:00',
        {
          config: {
            rules: {
              'draft-final-evidence-to-iro': {
                deadline: { convention: 'clear-business-days-before' },
              },
            },
          },
        },
      ),
      'draft-final-evidence-to-iro',
    );
    expect(o.due).toBe('2022-12-21T23:59:59+00:00');
  });
  test('when the filing date moves the draft date moves with it; a draft already sent stays sent', () => {
    const events = [
      ISSUED_2022,
      {
        type: 'filing.scheduled',
        at: '2022-12-01T10:00:00+00:00',
        filing: 'final-evidence',
        due: '2023-01-03T16:00:00+00:00',
      },
      {
        type: 'filing.scheduled',
        at: '2022-12-05T10:00:00+00:00',
        filing: 'final-evidence',
        due: '2023-01-10T16:00:00+00:00',
      },
    ];
    expect(
      obligation(evaluate(events, '2022-12-06T09:00:00+00:00'), 'draft-final-evidence-to-iro').due,
    ).toBe('2023-01-03T16:00:00+00:00');
  });
  test('short notice: a filing date set after the draft date has passed is flagged', () => {
    const o = obligation(
      evaluate(
        [
          ISSUED_2022,
          {
            type: 'filing.scheduled',
            at: '2022-12-30T10:00:00+00:00',
            filing: 'final-evidence',
            due: '2023-01-03T16:00:00+00:00',
          },
        ],
        '2022-12-30T11:00:00+00:00',
      ),
      'draft-final-evidence-to-iro',
    );
    expect(o.status).toBe('overdue');
    expect(o.warnings.map((w) => w.code)).toContain('anchor-passed');
  });
});

const ISSUED_2022 = { type: 'application.issued', at: '2022-09-01T10:00:00+01:00' };
const FILING_3_JAN = {
  type: 'filing.scheduled',
  at: '2022-12-01T10:00:00+00:00',
  filing: 'final-evidence',
  due: '2023-01-03T16:00:00+00:00',
};

describe('iro-comments-on-draft: the IRO returns comments 24 hours after receiving the draft', () => {
  test('a draft received Fri 23 December 2022 at 15:00 needs comments by Wed 28 December at 15:00', () => {
    const o = obligation(
      evaluate(
        [ISSUED_2022, FILING_3_JAN, { type: 'draft.sent-to-iro', at: '2022-12-23T15:00:00+00:00' }],
        '2022-12-23T16:00:00+00:00',
      ),
      'iro-comments-on-draft',
    );
    expect(o.due).toBe('2022-12-28T15:00:00+00:00');
    expect(o.responsible).toEqual(['iro']);
    expect(o.warnings).toEqual([]);
    expect(o.escalation.to).toEqual(['permanency-progression-manager']);
  });
  test('the window starts at actual receipt, and never runs past the filing deadline: a compressed window is flagged', () => {
    const o = obligation(
      evaluate(
        [ISSUED_2022, FILING_3_JAN, { type: 'draft.sent-to-iro', at: '2023-01-03T10:00:00+00:00' }],
        '2023-01-03T10:30:00+00:00',
      ),
      'iro-comments-on-draft',
    );
    expect(o.due).toBe('2023-01-03T16:00:00+00:00');
    expect(o.warnings).toEqual([
      expect.objectContaining({
        code: 'compressed-window',
        fullWindowDue: '2023-01-04T10:00:00+00:00',
      }),
    ]);
    expect(o.deadline.description).toMatch(/never later than the final-evidence filing deadline/);
  });
  test('comments returned in time meet it', () => {
    const o = obligation(
      evaluate(
        [
          ISSUED_2022,
          FILING_3_JAN,
          { type: 'draft.sent-to-iro', at: '2022-12-23T15:00:00+00:00' },
          { type: 'iro.comments-returned', at: '2022-12-28T11:00:00+00:00' },
        ],
        '2022-12-29T09:00:00+00:00',
      ),
      'iro-comments-on-draft',
    );
    expect(o.status).toBe('met');
  });
});

describe('final-evidence-alert: the lawyer alerts the IRO to the date the draft final evidence is due', () => {
  test('met by the alert; a changed filing date needs a fresh alert', () => {
    const alert = { type: 'iro-alert.sent', at: '2022-12-01T10:05:00+00:00' };
    expect(
      obligation(
        evaluate([ISSUED_2022, FILING_3_JAN, alert], '2022-12-02T09:00:00+00:00'),
        'final-evidence-alert',
      ).status,
    ).toBe('met');
    const moved = {
      type: 'filing.scheduled',
      at: '2022-12-05T10:00:00+00:00',
      filing: 'final-evidence',
      due: '2023-01-10T16:00:00+00:00',
    };
    expect(
      obligation(
        evaluate([ISSUED_2022, FILING_3_JAN, alert, moved], '2022-12-06T09:00:00+00:00'),
        'final-evidence-alert',
      ).status,
    ).toBe('open');
  });
  test('no number in the protocol: a default target of 5 working days, which the council may replace', () => {
    const o = obligation(
      evaluate([ISSUED_2022, FILING_3_JAN], '2022-12-02T09:00:00+00:00'),
      'final-evidence-alert',
    );
    expect(o.status).toBe('open');
    // Filing set Thu 1 Dec 2022: 5 working days → Thu 8 Dec.
    expect(o.due).toBe('2022-12-08T23:59:59+00:00');
    expect(o.deadline).toMatchObject({ kind: 'target', setBy: 'default' });
    expect(o.deadline.description).toMatch(
      /^default target — the protocol says "no time given": within 5 working days/,
    );
    // Never alerted by the filing date: missed, and it stays missed.
    expect(
      obligation(
        evaluate([ISSUED_2022, FILING_3_JAN], '2023-06-01T09:00:00+01:00'),
        'final-evidence-alert',
      ).status,
    ).toBe('missed');
    const targeted = obligation(
      evaluate([ISSUED_2022, FILING_3_JAN], '2023-06-01T09:00:00+01:00', {
        config: {
          rules: {
            'final-evidence-alert': { deadline: { convention: 'working-days', amount: 1 } },
          },
        },
      }),
      'final-evidence-alert',
    );
    expect(targeted).toMatchObject({
      status: 'missed',
      due: '2022-12-02T23:59:59+00:00',
      deadline: { setBy: 'council' },
    });
  });
});

describe('lpm-recommendation-notice: the IRO notifies the PPM within 5 working days of a recommendation for an LPM', () => {
  test('a statutory review recommending an LPM starts it, and recording the recommendation as well does not double it', () => {
    const at = '2023-06-01T10:00:00+01:00';
    const result = evaluate(
      [
        { type: 'review.held', at, review: 'R1', recommendsLpm: true },
        { type: 'lpm.recommended', at, source: 'statutory-review' },
        { type: 'lpm.recommended', at: '2023-06-02T10:00:00+01:00', source: 'cpcc' },
      ],
      '2023-06-02T11:00:00+01:00',
      { header: { lookedAfterBeforeProceedings: true } },
    );
    const lpm = result.obligations.filter((o) => o.rule === 'lpm-recommendation-notice');
    expect(lpm.map((o) => [o.id, o.due])).toEqual([
      ['C-1042:lpm-recommendation-notice:e0', '2023-06-08T23:59:59+01:00'],
      ['C-1042:lpm-recommendation-notice:e2', '2023-06-09T23:59:59+01:00'],
    ]);
    expect(lpm[0]).toMatchObject({
      responsible: ['iro'],
      recipients: ['permanency-progression-manager'],
    });
  });
});

describe('the rules with no number: council targets', () => {
  test('standard directions are copied to the IRO "automatically": by the end of the next business day, met when sent', () => {
    const events = [
      ISSUED,
      { type: 'standard-directions.received', at: '2023-05-10T12:00:00+01:00' },
    ];
    expect(
      obligation(evaluate(events, '2023-05-10T13:00:00+01:00'), 'standard-directions-to-iro'),
    ).toMatchObject({
      status: 'open',
      due: '2023-05-11T23:59:59+01:00',
      deadline: { setBy: 'default' },
    });
    expect(
      obligation(evaluate(events, '2023-09-01T09:00:00+01:00'), 'standard-directions-to-iro')
        .status,
    ).toBe('overdue');
    expect(
      obligation(
        evaluate(
          [...events, { type: 'standard-directions.sent-to-iro', at: '2023-05-10T12:30:00+01:00' }],
          '2023-09-01T09:00:00+01:00',
        ),
        'standard-directions-to-iro',
      ).status,
    ).toBe('met');
  });
  test('the IRO details go to the court and the Guardian, or the child’s solicitor when there is no Guardian', () => {
    const allocated = {
      type: 'iro.allocated',
      at: '2023-05-12T14:00:00+01:00',
      iro: { name: 'Sam Patel' },
    };
    expect(
      obligation(evaluate([ISSUED, allocated], '2023-05-13T09:00:00+01:00'), 'iro-details-to-court')
        .recipients,
    ).toEqual(['court', 'childs-solicitor']);
    const withGuardian = evaluate(
      [
        ISSUED,
        {
          type: 'guardian.appointed',
          at: '2023-05-10T09:00:00+01:00',
          guardian: { name: 'Jo Rivers' },
        },
        allocated,
      ],
      '2023-05-13T09:00:00+01:00',
    );
    expect(obligation(withGuardian, 'iro-details-to-court').recipients).toEqual([
      'court',
      'guardian',
    ]);
    expect(obligation(withGuardian, 'iro-details-to-court').deadline.scope).toBe('court');
  });
  test('a concern raised during proceedings is for the PPM to mediate until resolved; outside proceedings it does not apply', () => {
    const during = evaluate(
      [ISSUED, { type: 'concern.raised', at: '2023-06-01T09:00:00+01:00' }],
      '2023-06-02T09:00:00+01:00',
    );
    expect(obligation(during, 'iro-concern-escalation:e1')).toMatchObject({
      status: 'open',
      responsible: ['permanency-progression-manager'],
    });
    const outside = evaluate(
      [{ type: 'concern.raised', at: '2023-06-01T09:00:00+01:00' }],
      '2023-06-02T09:00:00+01:00',
    );
    expect(obligation(outside, 'iro-concern-escalation:e0').status).toBe('not-applicable');
  });
  test('a disagreement is led by the PPM until resolved; informing the Head of Service and Principal Lawyer is a duty of its own', () => {
    const events = [ISSUED, { type: 'dispute.raised', at: '2023-06-01T09:00:00+01:00' }];
    const now = evaluate(events, '2023-06-02T09:00:00+01:00');
    expect(obligation(now, 'disagreement-escalation:e1').due).toBe('2023-06-08T23:59:59+01:00');
    expect(obligation(now, 'disagreement-reported-to-managers:e1')).toMatchObject({
      responsible: ['permanency-progression-manager'],
      recipients: ['head-of-service', 'principal-lawyer'],
      status: 'open',
    });
    // Resolving the dispute does not tell the managers of the IRO alert.
    expect(
      obligation(
        evaluate(
          [...events, { type: 'dispute.resolved', at: '2023-06-02T10:00:00+01:00' }],
          '2023-06-21T09:00:00+01:00',
        ),
        'disagreement-reported-to-managers:e1',
      ).status,
    ).toBe('overdue');
    expect(
      obligation(
        evaluate(
          [...events, { type: 'dispute.resolved', at: '2023-06-07T09:00:00+01:00' }],
          '2023-06-21T09:00:00+01:00',
        ),
        'disagreement-escalation:e1',
      ).status,
    ).toBe('met');
  });
});

describe('case-register-update: one register for the service, not a duty of each case', () => {
  test('a case in proceedings owes no register update of its own (core/service/ tracks it)', () => {
    const result = evaluate([ISSUED], '2023-09-10T09:00:00+01:00');
    expect(result.obligations.filter((o) => o.rule === 'case-register-update')).toEqual([]);
  });
});
