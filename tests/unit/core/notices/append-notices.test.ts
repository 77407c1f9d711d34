/**
 * What one append tells people, as a value: a card already posted is updated when what it shows
 * changed, once per obligation and version; a correction tells of a moved deadline even to people
 * who had not acknowledged it yet.
 */
import {
  appendNotices,
  needsDirectory,
  type AppendChange,
  type CaseEvaluation,
  type Obligation,
} from '../../../../core';

const obligation = (extra: Partial<Obligation> = {}): Obligation =>
  ({
    id: 'C-1:draft-final-evidence-to-iro',
    rule: 'draft-final-evidence-to-iro',
    status: 'open',
    due: '2026-12-18T16:00:00+00:00',
    responsible: ['lawyer'],
    recipients: ['iro'],
    acknowledgements: [],
    ...extra,
  }) as Obligation;
const evaluation = (...obligations: Obligation[]) => ({ obligations }) as CaseEvaluation;

const change = (
  before: CaseEvaluation,
  after: CaseEvaluation,
  correction = false,
): AppendChange => ({
  record: {
    header: { id: 'C-1' },
    team: 'north',
    members: [
      { personId: 'lawyer.jones', role: 'lawyer' },
      { personId: 'iro.patel', role: 'iro' },
    ],
  } as AppendChange['record'],
  members: [
    { personId: 'lawyer.jones', role: 'lawyer' },
    { personId: 'iro.patel', role: 'iro' },
  ],
  started: [],
  ended: [],
  people: [],
  before,
  after,
  at: '2026-12-03T10:00:00.000Z',
  by: 'lawyer.jones',
  version: 7,
  correction,
});

test('an acknowledgement updates the posted card, once for this version; nothing new, nothing sent', () => {
  const acknowledged = obligation({
    acknowledgements: [{ event: 6, at: '2026-12-03T10:00:00Z', by: 'iro.patel' }],
  });
  expect(appendNotices(change(evaluation(obligation()), evaluation(acknowledged)))).toEqual([
    {
      key: 'C-1:draft-final-evidence-to-iro:card-update:v7',
      caseId: 'C-1',
      recipient: '*',
      kind: 'obligation.card-update',
      payload: { obligation: 'C-1:draft-final-evidence-to-iro' },
      availableAt: '2026-12-03T10:00:00.000Z',
    },
  ]);
  expect(appendNotices(change(evaluation(obligation()), evaluation(obligation())))).toEqual([]);
});

test('a correction tells of a moved deadline that nobody had acknowledged; an ordinary event does not', () => {
  const moved = evaluation(obligation({ due: '2026-12-21T16:00:00+00:00' }));
  const kinds = (correction: boolean) =>
    appendNotices(change(evaluation(obligation()), moved, correction)).map((i) => [
      i.kind,
      i.recipient,
    ]);
  expect(kinds(true)).toContainEqual(['obligation.moved', 'iro.patel']);
  expect(kinds(false).filter(([k]) => k === 'obligation.moved')).toEqual([]);
});

test('the directory is needed only when no IRO is on the case or a role is left empty', () => {
  const lawyer = { personId: 'lawyer.jones', role: 'lawyer' as const };
  const iro = { personId: 'iro.patel', role: 'iro' as const };
  expect(needsDirectory({ members: [lawyer, iro], started: [], ended: [] })).toBe(false);
  expect(needsDirectory({ members: [lawyer], started: [], ended: [] })).toBe(true);
  expect(needsDirectory({ members: [lawyer, iro], started: [], ended: [lawyer] })).toBe(true);
});
