/**
 * The notice at the top of an obligation's card: why it comes where its stage does not say it,
 * decided in the core from the outbox item, in words that name people, never ids.
 */
import { STAGE_OF_KIND, cardNotice, type Obligation, type Person } from '../../../../core';

const obligation = {
  id: 'C-1042:draft-final-evidence-to-iro',
  due: '2026-12-18T16:00:00+00:00',
} as Obligation;
const patel: Person = {
  id: 'iro.patel',
  displayName: 'Sam Patel',
  roles: ['iro'],
  teams: ['north'],
};
const people = new Map([[patel.id, patel]]);

test('a moved deadline says from when to when, and asks for the new date to be acknowledged', () => {
  expect(
    cardNotice(
      { stage: 'moved', from: '2026-12-11T16:00:00+00:00' },
      obligation,
      people,
      undefined,
      undefined,
    ),
  ).toEqual({
    text: 'The deadline moved from Fri 11 Dec 2026, 16:00 to Fri 18 Dec 2026, 16:00. Please acknowledge the new date.',
    tone: 'warning',
  });
});

test('a report that it cannot be met names who made it and quotes why', () => {
  const reported = {
    ...obligation,
    cannotMeet: { event: 4, at: '2026-12-10T09:00:00Z', by: 'iro.patel', reason: 'on leave' },
  } as Obligation;
  expect(cardNotice({ stage: 'cannot-meet' }, reported, people, undefined, undefined)).toEqual({
    text: "Sam Patel says this can't be met: on leave",
    tone: 'attention',
  });
});

test('a card to a deputy says for whom and until when before anything else', () => {
  const away: Person = {
    ...patel,
    deputy: { personId: 'iro.smith', from: '2026-12-01T00:00:00Z', until: '2026-12-24T17:00:00Z' },
  };
  expect(cardNotice({}, obligation, people, undefined, away)).toEqual({
    text: 'Sent to you as deputy for Sam Patel, away until Thu 24 Dec 2026, 17:00.',
    tone: 'warning',
  });
  expect(cardNotice({ standIn: 'no-iro' }, obligation, people, undefined, away)?.text).toMatch(
    /^Sent to you as deputy for Sam Patel, away until .*\. Sent to you because no IRO is allocated/,
  );
});

test('an ordinary reminder needs no notice; each obligation kind has its stage', () => {
  expect(
    cardNotice({ stage: 'reminder' }, obligation, people, undefined, undefined),
  ).toBeUndefined();
  expect(STAGE_OF_KIND['obligation.escalation']).toBe('escalation');
  expect(STAGE_OF_KIND['parties.handover']).toBeUndefined();
});
