/**
 * Acknowledging from a link, on the in-memory store (which passes every store port's contract as
 * SQLite and SharePoint do): a link used once stays used for a fresh process on the same store,
 * because its use is read from the case's log, not kept anywhere else.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, Person } from '../../../../core';
import { composeCases } from '../../../../server/cases/cases';
import { DEMO_PEOPLE } from '../../../../server/demo/demo-data';
import { AcknowledgementLinks } from '../../../../server/outlook-links/acknowledgement-links';
import { LinkTokens } from '../../../../server/outlook-links/link-tokens';
import { inMemoryStore } from '../../../../server/store/memory/memory-store';
import { instant, settings } from '../../../support/cases';

const KEY = randomBytes(32);
const CASE = 'C-3001';
const INTRODUCTION = `${CASE}:guardian-iro-introduction`;
const DUE = '2026-11-09T23:59:59+00:00';
const person = (id: string): Person => DEMO_PEOPLE.find((p) => p.id === id)!;

let now = instant('2026-11-02T09:00:00+00:00');
const clock: Clock = { now: () => now };
const store = inMemoryStore(clock, { people: DEMO_PEOPLE });

/** The server's parts as a process starting on this store would make them. */
function process() {
  const cases = composeCases(store, store, settings(), clock);
  const links = new AcknowledgementLinks({
    tokens: new LinkTokens(KEY),
    cases,
    directory: store,
    audit: store,
    clock,
    publicUrl: 'https://liaison.council.example',
    days: 7,
  });
  return { cases, links };
}

beforeAll(async () => {
  const { cases } = process();
  const lawyer = person('lawyer.jones');
  const actor = { personId: lawyer.id, surface: 'api' as const };
  await cases.openCase(
    lawyer,
    {
      case: {
        id: CASE,
        childRef: 'LCS-3001',
        childInitials: 'T.U.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal', 'iro-guardian'],
      },
      team: 'north',
      members: [{ personId: 'iro.patel', role: 'iro' }],
    },
    actor,
  );
  for (const event of [
    { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' },
    {
      type: 'guardian.appointed',
      at: '2026-11-02T08:30:00+00:00',
      guardian: { name: 'Jo Rivers', id: 'guardian.rivers' },
    },
  ])
    await cases.recordEvent(lawyer, CASE, { event }, actor);
});

test('a link is made only for a deadline its person may acknowledge', () => {
  const { links } = process();
  const about = { id: INTRODUCTION, due: DUE, acknowledgeable: true };
  const made = links.linkFor(person('guardian.rivers'), about);
  expect(made).toEqual({
    url: expect.stringMatching(
      /^https:\/\/liaison\.council\.example\/ack\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
    ),
    expires: '2026-11-09T09:00:00+00:00',
  });
  expect(links.linkFor(person('guardian.rivers'), { ...about, acknowledgeable: false })).toBe(
    undefined,
  );
});

test('used once, it stays used for the next process on the same store', async () => {
  const first = process();
  const token = new URL(
    first.links.linkFor(person('guardian.rivers'), {
      id: INTRODUCTION,
      due: DUE,
      acknowledgeable: true,
    })!.url,
  ).searchParams.get('t')!;

  expect(await first.links.show(token, '192.0.2.1')).toMatchObject({
    kind: 'ready',
    caseRef: CASE,
    due: DUE,
  });
  now = instant('2026-11-03T10:00:00+00:00');
  expect(await first.links.acknowledge(token, '192.0.2.1')).toEqual({
    kind: 'acknowledged',
    caseRef: CASE,
    due: DUE,
    at: '2026-11-03T10:00:00+00:00',
  });

  now = instant('2026-11-03T11:00:00+00:00');
  const restarted = process();
  const again = await restarted.links.acknowledge(token, '192.0.2.1');
  expect(again).toMatchObject({
    kind: 'refused',
    error: { code: 'acknowledgement-link-used' },
    at: '2026-11-03T10:00:00+00:00',
  });
  const acknowledged = (await store.readEvents(CASE)).filter(
    (e) => e.event.type === 'obligation.acknowledged',
  );
  expect(acknowledged).toEqual([
    expect.objectContaining({ recordedBy: 'guardian.rivers', surface: 'email-link' }),
  ]);
  const audited = (await store.readAudit(0, 10_000)).filter((e) =>
    e.action.startsWith('acknowledgement-link.'),
  );
  expect(audited.map((e) => [e.action, e.actor.personId, e.actor.origin, e.caseId])).toEqual([
    ['acknowledgement-link.viewed', 'guardian.rivers', '192.0.2.1', CASE],
    ['acknowledgement-link.used', 'guardian.rivers', '192.0.2.1', CASE],
    ['acknowledgement-link.refused', 'guardian.rivers', '192.0.2.1', CASE],
  ]);
});

test('someone who has left can no longer use theirs', async () => {
  const { links } = process();
  await store.upsertPerson({ ...person('solicitor.ng'), leftAt: '2026-11-03T00:00:00+00:00' });
  const token = new LinkTokens(KEY).sign({
    obligation: INTRODUCTION,
    person: 'solicitor.ng',
    due: DUE,
    expires: '2026-11-09T09:00:00+00:00',
  });
  expect(await links.acknowledge(token, undefined)).toMatchObject({
    kind: 'refused',
    error: { code: 'acknowledgement-link-withdrawn' },
  });
});
