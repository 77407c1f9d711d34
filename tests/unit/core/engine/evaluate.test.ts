/** The engine as a whole: stable ids, acknowledgements, waivers, purity, calendar changes. */
import { BusinessCalendar, evaluateCase, vendoredSnapshot } from '../../../../core';
import { caseFile, evaluate, instant, obligation, settings, ids } from '../../../support/cases';

const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };
const ICO = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const NOTIFIED = { type: 'iro-service.notified', at: '2023-05-09T10:30:00+01:00' };

test('obligation ids are stable as the log grows', () => {
  const before = evaluate([ISSUED, ICO], '2023-05-06T09:00:00+01:00');
  const after = evaluate(
    [
      ISSUED,
      ICO,
      NOTIFIED,
      {
        type: 'court-document.received',
        at: '2023-05-10T09:00:00+01:00',
        document: 'order',
        ref: 'O-1',
      },
    ],
    '2023-05-11T09:00:00+01:00',
  );
  for (const o of before.obligations) {
    expect(after.obligations.find((a) => a.id === o.id)?.due).toBe(o.due);
  }
  expect(ids(after)).toEqual(
    expect.arrayContaining(['iro-allocation-reply', 'court-documents-upload:O-1']),
  );
});

test('the same inputs give the same output', () => {
  const events = [ISSUED, ICO, NOTIFIED];
  expect(evaluate(events, '2023-05-11T09:00:00+01:00')).toEqual(
    evaluate(events, '2023-05-11T09:00:00+01:00'),
  );
});

test('events after "now" are not yet known', () => {
  const result = evaluate([ISSUED, ICO, NOTIFIED], '2023-05-08T09:00:00+01:00');
  expect(obligation(result, 'order-notice-to-iro-service').status).toBe('open');
  expect(ids(result)).not.toContain('iro-allocation-reply');
});

describe('acknowledgements, completions and waivers', () => {
  const id = 'C-1042:order-notice-to-iro-service';
  test('acknowledgements are listed with who and when', () => {
    const result = evaluate(
      [
        ISSUED,
        ICO,
        {
          type: 'obligation.acknowledged',
          at: '2023-05-06T09:00:00+01:00',
          obligation: id,
          by: 'sw.khan',
          surface: 'bot',
        },
      ],
      '2023-05-06T10:00:00+01:00',
    );
    expect(obligation(result, 'order-notice-to-iro-service').acknowledgements).toEqual([
      { event: 2, at: '2023-05-06T09:00:00+01:00', by: 'sw.khan' },
    ]);
  });
  test('a waiver with a reason closes it; a completion before the waiver wins', () => {
    const waive = {
      type: 'obligation.waived',
      at: '2023-05-06T09:00:00+01:00',
      obligation: id,
      by: 'pl.ahmed',
      reason: 'Notified by phone on the day; recorded late.',
    };
    const waived = obligation(
      evaluate([ISSUED, ICO, waive], '2023-05-12T09:00:00+01:00'),
      'order-notice-to-iro-service',
    );
    expect(waived).toMatchObject({
      status: 'waived',
      waived: { by: 'pl.ahmed', reason: waive.reason },
    });
    const done = obligation(
      evaluate(
        [ISSUED, ICO, { ...NOTIFIED, at: '2023-05-06T08:00:00+01:00' }, waive],
        '2023-05-12T09:00:00+01:00',
      ),
      'order-notice-to-iro-service',
    );
    expect(done.status).toBe('met');
    expect(done.waived).toBeUndefined();
  });
  test('a rule with no completing event is met by marking it complete', () => {
    const result = evaluate(
      [
        ISSUED,
        {
          type: 'dispute.raised',
          at: '2023-05-20T09:00:00+01:00',
        },
        {
          type: 'obligation.completed',
          at: '2023-06-01T09:00:00+01:00',
          obligation: 'C-1042:link-meeting-review:e1',
          by: 'irotm.brown',
        },
      ],
      '2023-06-02T09:00:00+01:00',
    );
    expect(obligation(result, 'link-meeting-review:e1')).toMatchObject({
      status: 'met',
      completed: { by: 'irotm.brown' },
    });
  });
  test('a mark on the register as a duty of the case, from before it was the service’s, is history', () => {
    const result = evaluate(
      [
        ISSUED,
        {
          type: 'obligation.completed',
          at: '2023-06-01T09:00:00+01:00',
          obligation: 'C-1042:case-register-update:m1',
          by: 'lawyer.jones',
        },
      ],
      '2023-06-02T09:00:00+01:00',
    );
    expect(result.warnings).toEqual([]);
  });
  test('naming an obligation the case does not have is reported, not fatal', () => {
    const result = evaluate(
      [
        ISSUED,
        {
          type: 'obligation.acknowledged',
          at: '2023-05-05T09:00:00+01:00',
          obligation: 'C-9999:first-review',
          by: 'x',
        },
      ],
      '2023-05-06T09:00:00+01:00',
    );
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.event).toBe(1);
    expect(result.warnings[0]?.message).toContain('C-9999:first-review');
  });
  test('marks naming a rule of the case but no occurrence of it are reported in log order', () => {
    const mark = (obligation: string) => ({
      type: 'obligation.acknowledged' as const,
      at: '2023-05-05T09:00:00+01:00',
      obligation,
      by: 'x',
    });
    const result = evaluate(
      [ISSUED, mark('C-1042:first-review:e9'), mark('C-1042:first-review-x'), mark('C-1042')],
      '2023-05-06T09:00:00+01:00',
    );
    expect(result.warnings.map((w) => w.event)).toEqual([1, 2, 3]);
  });
});

test('packs: a case under the guardian protocol only gets its rules and the review timing', () => {
  const result = evaluate([ISSUED, ICO], '2023-05-06T09:00:00+01:00', {
    header: { packs: ['iro-guardian'] },
  });
  expect(new Set(result.obligations.map((o) => o.pack))).toEqual(
    new Set(['iro-guardian', 'looked-after-reviews']),
  );
});

test('a council close of business moves day-counted deadlines to that time', () => {
  const o = obligation(
    evaluate([ISSUED, ICO], '2023-05-06T09:00:00+01:00', { config: { endOfDay: '17:00' } }),
    'initial-documents-to-iro',
  );
  expect(o.due).toBe('2023-05-15T17:00:00+01:00');
});

test('every obligation carries the calendar version it was computed with', () => {
  const result = evaluate([ISSUED, ICO], '2023-05-06T09:00:00+01:00');
  expect(result.calendar.id).toMatch(/^ew-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
  for (const o of result.obligations) expect(o.deadline.calendarVersion).toBe(result.calendar.id);
});

describe('recomputing after the holiday calendar changes', () => {
  // In 2022 the state funeral on Mon 19 September was announced with 9 days' notice.
  const before = {
    ...vendoredSnapshot,
    division: {
      ...vendoredSnapshot.division,
      events: vendoredSnapshot.division.events.filter((e) => e.date !== '2022-09-19'),
    },
  };
  const events = [
    { type: 'application.issued', at: '2022-09-01T10:00:00+01:00' },
    { type: 'order.made', at: '2022-09-01T15:00:00+01:00', order: 'ICO' },
    {
      type: 'court-document.received',
      at: '2022-09-02T10:00:00+01:00',
      document: 'order',
      ref: 'EARLY',
    },
    {
      type: 'court-document.received',
      at: '2022-09-15T10:00:00+01:00',
      document: 'order',
      ref: 'SPANS',
    },
    {
      type: 'court-document.received',
      at: '2022-09-20T10:00:00+01:00',
      document: 'order',
      ref: 'AFTER',
    },
  ];
  const now = '2022-09-21T09:00:00+01:00';

  test('only deadlines whose window spans the new holiday move, each by one business day', () => {
    const file = caseFile(events);
    const old = evaluateCase(file, settings({}, before), instant(now));
    const updated = evaluateCase(file, settings({}, vendoredSnapshot), instant(now));
    expect(old.calendar.id).not.toBe(updated.calendar.id);
    const moved = updated.obligations
      .filter((o) => o.due !== old.obligations.find((x) => x.id === o.id)?.due)
      .map((o) => [
        o.id.replace('C-1042:', ''),
        old.obligations.find((x) => x.id === o.id)?.due,
        o.due,
      ]);
    expect(moved).toEqual([
      ['court-documents-upload:SPANS', '2022-09-22T23:59:59+01:00', '2022-09-23T23:59:59+01:00'],
      ['first-review', '2022-09-29T23:59:59+01:00', '2022-09-30T23:59:59+01:00'],
    ]);
  });

  test('a council can add the holiday before the snapshot is refreshed, with the same effect', () => {
    const file = caseFile(events);
    const added = evaluateCase(
      file,
      settings(
        { additionalBankHolidays: [{ date: '2022-09-19', title: 'State Funeral' }] },
        before,
      ),
      instant(now),
    );
    const updated = evaluateCase(file, settings({}, vendoredSnapshot), instant(now));
    expect(added.obligations.map((o) => o.due)).toEqual(updated.obligations.map((o) => o.due));
  });
});

test('a calendar built twice from the same settings has the same version', () => {
  expect(new BusinessCalendar().version.id).toBe(new BusinessCalendar().version.id);
});
