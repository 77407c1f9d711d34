/**
 * Calendar signals end to end below the HTTP layer: the Graph double's calendars, the production
 * Graph connection and `GraphCalendarSignals`, a real SQLite file and the case service, driven by
 * the same mailbox rounds as mail. A looked-after review the IRO puts in the calendar is
 * scheduled on the case, once, with the guardian's invitation when the guardian is invited; a moved
 * meeting moves the review; a hearing in the lawyer's calendar is scheduled by the lawyer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeCases, type Cases } from '../../../server/cases/cases';
import { GraphCalendarSignals } from '../../../server/graph/graph-calendar-signals';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { createLogger } from '../../../server/logging';
import { MailSync } from '../../../server/signals/mail-sync';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { IRO_PERSON, LAWYER_PERSON, seedCase } from '../../support/case-mail';
import { engineSettings } from '../../support/delivery-world';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

const LAWYER = LAWYER_PERSON;
const IRO = IRO_PERSON;
const GUARDIAN = 'jo.rivers@cafcass.example';
const NOW = Date.parse('2026-11-23T09:00:00Z');

let dir: string;
let double: GraphDouble;
let store: Store;
let service: Cases;
let sync: MailSync;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-calendar-sync-'));
  const clock = { now: () => NOW };
  store = openSqliteStore(join(dir, 'liaison.db'), clock);
  for (const p of [LAWYER, IRO]) await store.upsertPerson(p);
  await seedCase(store, {
    id: 'C-1042',
    lawyer: LAWYER.id,
    iro: IRO.id,
    packs: ['iro-legal', 'iro-guardian'],
    events: [
      { type: 'looked-after.started', at: '2026-10-01T10:00:00Z' },
      { type: 'application.issued', at: '2026-10-02T10:00:00Z' },
      {
        type: 'guardian.appointed',
        at: '2026-10-05T10:00:00Z',
        guardian: { name: 'Jo Rivers', email: GUARDIAN },
      },
    ],
  });
  double = await GraphDouble.start({ now: () => NOW });
  double.mail.addMailbox(LAWYER.email!, IRO.email!);
  service = composeCases(store, store, engineSettings(), clock);
  const graph = graphClientFor(double);
  sync = new MailSync({
    signals: new GraphMailSignals(graph),
    calendars: new GraphCalendarSignals(graph, clock),
    store,
    service,
    clock,
    logger: createLogger({ level: 'silent' }),
    owner: 'test',
  });
});

afterEach(async () => {
  await store.close();
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

const events = async () => (await store.readEvents('C-1042')).map((e) => e.event);
const invitation = async (review: string) =>
  (await service.systemView('C-1042'))!.evaluation.obligations.find(
    (o) => o.rule === 'guardian-invited-to-review' && o.title.endsWith(`(review ${review})`),
  );

function review(attendees: string[], start = '2026-12-14T10:00:00Z') {
  return double.calendar.addMeeting({
    organizer: IRO.email!,
    attendees,
    subject: '[C-1042] LAC review for A.B.',
    start,
    end: '2026-12-14T11:30:00Z',
  });
}

test('a review with the guardian invited is scheduled and the invitation met, once, from the calendar', async () => {
  const uid = review([LAWYER.email!, GUARDIAN]);
  const report = await sync.runOnce();
  // Inbox and Sent Items of both, and both calendars (the lawyer is invited too).
  expect(report).toMatchObject({ folders: 6, meetings: 2, recorded: 2 });
  const recorded = (await events()).filter((e) => e.surface === 'calendar');
  expect(recorded).toEqual([
    {
      type: 'review.scheduled',
      at: expect.any(String),
      by: IRO.id,
      surface: 'calendar',
      review: 'R1',
      on: '2026-12-14T10:00:00.000Z',
      meeting: uid,
    },
    {
      type: 'guardian.invited-to-review',
      at: expect.any(String),
      by: IRO.id,
      surface: 'calendar',
      review: 'R1',
    },
  ]);
  expect((await invitation('R1'))?.status).toBe('met');
  const audit = await store.readAudit(0, 100);
  expect(audit.filter((a) => a.actor.origin === `meeting ${uid}`)).toHaveLength(2);
  expect(JSON.stringify(audit)).not.toContain('LAC review for');

  const quiet = await sync.runOnce();
  expect(quiet).toMatchObject({ meetings: 0, recorded: 0 });
});

test('without the guardian the invitation stays open, until the IRO adds them', async () => {
  const uid = review([LAWYER.email!]);
  await sync.runOnce();
  expect((await events()).map((e) => e.type)).toContain('review.scheduled');
  expect((await invitation('R1'))?.status).toMatch(/open|due-soon/);

  double.calendar.setAttendees(uid, [LAWYER.email!, GUARDIAN]);
  const report = await sync.runOnce();
  expect(report?.recorded).toBe(1);
  expect((await invitation('R1'))?.status).toBe('met');
});

test('a moved meeting moves the same review; the case keeps one review, not two', async () => {
  const uid = review([GUARDIAN]);
  await sync.runOnce();
  double.calendar.moveMeeting(uid, '2026-12-16T14:00:00Z', '2026-12-16T15:30:00Z');
  await sync.runOnce();
  const scheduled = (await events()).filter((e) => e.type === 'review.scheduled');
  expect(scheduled.map((e) => [e.review, e.on])).toEqual([
    ['R1', '2026-12-14T10:00:00.000Z'],
    ['R1', '2026-12-16T14:00:00.000Z'],
  ]);
  const obligations = (await service.systemView('C-1042'))!.evaluation.obligations.filter(
    (o) => o.rule === 'guardian-invited-to-review',
  );
  expect(obligations).toHaveLength(1);
});

test('a hearing in the lawyer’s calendar is scheduled by the lawyer, once though the IRO has it too', async () => {
  const uid = double.calendar.addMeeting({
    organizer: LAWYER.email!,
    attendees: [IRO.email!],
    subject: '[C-1042] IRH',
    start: '2027-01-20T10:00:00Z',
    end: '2027-01-20T13:00:00Z',
  });
  await sync.runOnce();
  const hearings = (await events()).filter((e) => e.type === 'hearing.scheduled');
  expect(hearings).toEqual([
    {
      type: 'hearing.scheduled',
      at: expect.any(String),
      by: LAWYER.id,
      surface: 'calendar',
      hearing: 'IRH',
      on: '2027-01-20T10:00:00.000Z',
      meeting: uid,
    },
  ]);
});

test('a calendar read on notice records without waiting for the round', async () => {
  review([GUARDIAN]);
  await sync.syncFolder(IRO.email!, 'calendar');
  expect((await events()).filter((e) => e.surface === 'calendar')).toHaveLength(2);
});
