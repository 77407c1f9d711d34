/**
 * Completing from a card or the tab: for every rule the button records what the protocol
 * expects, and the obligation it was pressed on is then met.
 */
import {
  RULES,
  completionEvents,
  completionOf,
  evaluateCase,
  formatInstant,
  type CaseEvent,
} from '../../../../core';
import { caseFile, instant, settings, type EventInput } from '../../../support/cases';

const HOUR = 3_600_000;
const people: Record<string, string> = {
  'iro.patel': 'Sam Patel',
  'guardian.rivers': 'Kim Rivers',
};
const nameOf = (id: string) => people[id];

/** What a person would fill in on each form. */
const INPUTS = {
  iro: 'iro.patel',
  phone: '01632 960 123',
  email: 'sam.patel@council.example',
  every: 'P2W',
  review: 'R9',
  decision: 'listed',
  lpmOn: '2023-07-03',
  lpmAt: '10:00',
};

/** A case's life, one event at a time, with the protocols' obligations arising along the way. */
function life(): EventInput[] {
  let t = instant('2023-05-02T09:00:00+01:00');
  const events: EventInput[] = [];
  const add = (type: string, hours: number, extra: Record<string, unknown> = {}) => {
    t += hours * HOUR;
    events.push({ type, at: formatInstant(t), ...extra });
  };
  add('application.issued', 1);
  add('order.made', 20, { order: 'ICO' });
  add('lpm.recommended', 2, { source: 'statutory-review' });
  add('lpm.scheduled', 2, { on: formatInstant(t + 200 * HOUR) });
  add('lpm.not-needed', 1);
  add('previous-reviews.asked-for', 1);
  add('iro-service.notified', 30);
  add('iro.allocated', 30, { iro: { name: 'Sam Patel', id: 'iro.patel' } });
  add('standard-directions.received', 24);
  add('guardian.appointed', 48, { guardian: { name: 'Kim Rivers', id: 'guardian.rivers' } });
  add('guardian.care-plan-concern', 2);
  add('iro-guardian.discussion-held', 2);
  add('review.scheduled', 12, { review: 'R1', on: formatInstant(t + 300 * HOUR) });
  add('concern.raised', 5);
  add('concern.remains', 5);
  add('review.held', 300, { review: 'R1', first: true });
  add('court-document.received', 10, { document: 'expert-report', ref: 'X1' });
  add('dispute.raised', 10);
  add('review.held', 200, { review: 'R2' });
  add('hearing.scheduled', 10, { hearing: 'IRH', on: formatInstant(t + 900 * HOUR) });
  add('filing.scheduled', 10, { filing: 'final-evidence', due: formatInstant(t + 600 * HOUR) });
  add('iro-alert.sent', 1);
  add('draft.sent-to-iro', 300);
  add('proceedings.concluded', 700, { remainsLookedAfter: true });
  add('outstanding-issue.identified', 2, { issue: 'contact' });
  return events;
}

test('every rule of a case has a way to complete it from a card', () => {
  for (const rule of RULES.filter((r) => r.level !== 'service'))
    expect(completionOf({ id: `C-1:${rule.id}`, rule: rule.id })).toBeDefined();
});

test('each completion records events the vocabulary accepts and meets the obligation', () => {
  const config = settings({ linkMeetingsFrom: '2023-01-02' });
  const events = life();
  const covered = new Set<string>();
  for (let k = 1; k <= events.length; k++) {
    const log = events.slice(0, k) as CaseEvent[];
    const now = instant(log[k - 1]!.at) + 60_000;
    const at = formatInstant(now);
    const file = caseFile(log);
    for (const o of evaluateCase(file, config, now).obligations) {
      if (!['open', 'due-soon', 'overdue'].includes(o.status)) continue;
      // Every box of a checklist ticked.
      const ticks = Object.fromEntries((o.checklist ?? []).map((c) => [`item:${c.item}`, 'true']));
      const done = completionEvents(
        o,
        { ...INPUTS, ...ticks },
        { at, by: 'guardian.rivers', nameOf },
      );
      if (!done.ok) throw new Error(`${o.id}: ${done.message}`);
      const after = evaluateCase(caseFile([...log, ...done.events]), config, now);
      expect([o.id, after.obligations.find((x) => x.id === o.id)?.status]).toEqual([
        o.id,
        expect.stringMatching(/^met/),
      ]);
      covered.add(o.rule);
    }
  }
  // The life above reaches every rule, so a new rule without a working completion is seen here.
  const notReached = RULES.filter((r) => r.level !== 'service')
    .map((r) => r.id)
    .filter((id) => !covered.has(id));
  expect(notReached).toEqual([]);
});

test('forms refuse what is missing, naming it', () => {
  const o = { id: 'C-1:iro-allocation-reply:e1', rule: 'iro-allocation-reply' };
  const context = { at: '2023-05-05T10:00:00+01:00', by: 'iroadmin.wood', nameOf };
  expect(completionEvents(o, {}, context)).toEqual({ ok: false, message: 'choose the IRO' });
  expect(completionEvents(o, { iro: 'nobody' }, context)).toEqual({
    ok: false,
    message: 'choose the IRO',
  });
  expect(completionEvents(o, { iro: 'iro.patel', phone: 'call me' }, context)).toEqual({
    ok: false,
    message: 'iro.phone: must be a phone number',
  });
  const docs = {
    id: 'C-1:initial-documents-to-iro:e1',
    rule: 'initial-documents-to-iro',
    checklist: [{ item: 'application-form', label: 'Application form', required: true }],
  };
  expect(completionEvents(docs, {}, context)).toEqual({
    ok: false,
    message: 'tick at least one item',
  });
  expect(
    completionEvents(
      { id: 'C-1:iro-guardian-discussion:agree-frequency', rule: 'iro-guardian-discussion' },
      { every: 'often' },
      context,
    ),
  ).toEqual({ ok: false, message: 'every: must be a period like P14D, P2W or P1M' });
  const lpm = { id: 'C-1:lpm-progression:e2', rule: 'lpm-progression' };
  expect(completionEvents(lpm, {}, context)).toEqual({
    ok: false,
    message: 'say whether the LPM is listed or not needed',
  });
  expect(completionEvents(lpm, { decision: 'listed', lpmOn: '2023-07-03' }, context)).toEqual({
    ok: false,
    message: "give the LPM's date and time",
  });
});

test('an LPM listed records its date (London time); one decided against records that', () => {
  const context = { at: '2023-06-05T10:00:00+01:00', by: 'ppm.lee', nameOf };
  const lpm = { id: 'C-1:lpm-progression:e2', rule: 'lpm-progression' };
  expect(
    completionEvents(lpm, { decision: 'listed', lpmOn: '2023-07-03', lpmAt: '14:30' }, context),
  ).toEqual({
    ok: true,
    events: [
      { type: 'lpm.scheduled', at: context.at, by: 'ppm.lee', on: '2023-07-03T14:30:00+01:00' },
    ],
  });
  expect(completionEvents(lpm, { decision: 'not-needed' }, context)).toEqual({
    ok: true,
    events: [{ type: 'lpm.not-needed', at: context.at, by: 'ppm.lee' }],
  });
});
