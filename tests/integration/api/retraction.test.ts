/**
 * Corrections over real HTTP: an event recorded by mistake is retracted by a new event with a
 * reason — by whoever recorded it, or a manager — and nothing is edited or deleted. Obligations
 * are worked out again, and whoever's deadline moved is told.
 */
import { openCase, startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};
const CASE = 'C-7001';

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00');
  for (const id of ['lawyer.jones', 'sw.khan', 'iro.patel', 'pl.ahmed', 'iroadmin.wood'])
    token[id] = await server.signIn(id);
  const opened = await openCase(server, token['lawyer.jones']!, CASE, [
    { personId: 'sw.khan', role: 'social-worker' },
    { personId: 'iro.patel', role: 'iro' },
  ]);
  expect(opened.status).toBe(201);
});
afterAll(async () => server.close());

const view = async (who = 'lawyer.jones') =>
  (await server.call(token[who], 'GET', `/api/cases/${CASE}`)).body;
const record = (who: string, event: Record<string, unknown>) =>
  server.call(token[who], 'POST', `/api/cases/${CASE}/events`, { event });
const retract = (who: string, seq: number, reason?: string) =>
  server.call(
    token[who],
    'POST',
    `/api/cases/${CASE}/events/${seq}/retract`,
    reason === undefined ? {} : { reason },
  );
const draft = async () =>
  (await view()).obligations.find(
    (o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro',
  );

test('a draft recorded as sent by mistake is retracted: the obligation is open again, and both show', async () => {
  await record('lawyer.jones', { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' });
  const alert = await server.call(token['lawyer.jones'], 'POST', `/api/cases/${CASE}/iro-alert`, {
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  expect(alert.status).toBe(201);
  const sent = await record('lawyer.jones', {
    type: 'draft.sent-to-iro',
    at: '2026-11-02T09:00:00+00:00',
  });
  expect(sent.status).toBe(201);
  const seq = sent.body.events[0].seq as number;
  expect((await draft()).status).toBe('met');
  expect((await view()).myRetractable).toContain(seq);

  const res = await retract('lawyer.jones', seq, 'Sent to the wrong IRO: not yet sent to this one');
  expect(res.status).toBe(201);
  expect(res.body.events[0].event).toMatchObject({
    type: 'event.retracted',
    retracts: seq,
    reason: 'Sent to the wrong IRO: not yet sent to this one',
    by: 'lawyer.jones',
  });
  expect((await draft()).status).not.toBe('met');
  const events = (await view()).events;
  expect(events.find((e: { seq: number }) => e.seq === seq)).toMatchObject({
    type: 'draft.sent-to-iro',
  });
  expect(events.at(-1)).toMatchObject({ type: 'event.retracted', retracts: seq });
  // Retracted already: nothing more to retract, and a retraction is never retracted.
  expect((await view()).myRetractable).not.toContain(seq);
  expect(await retract('lawyer.jones', seq, 'again')).toMatchObject({
    status: 400,
    body: { detail: `event.retracts: event ${seq} is already retracted` },
  });
  expect(await retract('lawyer.jones', events.at(-1).seq, 'undo')).toMatchObject({
    status: 400,
    body: { detail: 'event.retracts: a retraction cannot itself be retracted' },
  });
});

test('a filing date given by mistake is retracted: the deadline moves back and the IRO is told', async () => {
  const before = (await draft()).due;
  server.setNow('2026-11-02T10:00:00+00:00');
  await server.call(token['lawyer.jones'], 'POST', `/api/cases/${CASE}/iro-alert`, {
    filingDue: '2027-01-29T16:00:00+00:00',
  });
  const wrong = (await view()).events.find(
    (e: { type: string; due?: string }) =>
      e.type === 'filing.scheduled' && e.due === '2027-01-29T16:00:00+00:00',
  );
  expect((await draft()).due).not.toBe(before);
  server.setNow('2026-11-02T11:00:00+00:00');
  expect((await retract('lawyer.jones', wrong.seq, 'Typed the wrong month')).status).toBe(201);
  expect((await draft()).due).toBe(before);
  const told = (await server.store.outboxForCase(CASE)).filter(
    (i) =>
      i.kind === 'obligation.moved' &&
      i.recipient === 'iro.patel' &&
      (i.payload as { obligation?: string }).obligation === `${CASE}:draft-final-evidence-to-iro`,
  );
  expect(told.at(-1)).toMatchObject({
    payload: { due: before, from: expect.stringMatching(/^2027-01/) as string },
  });
});

describe('who may retract, and what', () => {
  test('someone else’s event: refused to a party, allowed to a manager of the team', async () => {
    const mine = await record('lawyer.jones', {
      type: 'standard-directions.received',
      at: '2026-11-02T10:30:00+00:00',
    });
    const seq = mine.body.events[0].seq as number;
    expect(await retract('sw.khan', seq, 'not mine')).toMatchObject({
      status: 403,
      body: { code: 'retract-forbidden' },
    });
    expect((await view('sw.khan')).myRetractable).not.toContain(seq);
    expect((await retract('pl.ahmed', seq, 'Recorded on the wrong case')).status).toBe(201);
  });

  test('a reason is required; an unknown event is not found; who holds a role is not retracted', async () => {
    const mine = await record('lawyer.jones', {
      type: 'standard-directions.received',
      at: '2026-11-02T10:40:00+00:00',
    });
    expect(await retract('lawyer.jones', mine.body.events[0].seq, '  ')).toMatchObject({
      status: 400,
      body: { detail: 'reason: say why it was recorded by mistake' },
    });
    expect(await retract('lawyer.jones', 9999, 'x')).toMatchObject({
      status: 404,
      body: { code: 'event-not-found' },
    });
    const allocated = await record('iroadmin.wood', {
      type: 'iro.allocated',
      at: '2026-11-02T10:45:00+00:00',
      iro: { name: 'Ivy Smith', id: 'iro.smith' },
    });
    expect(allocated.status).toBe(201);
    const res = await retract('iroadmin.wood', allocated.body.events[0].seq, 'wrong IRO');
    expect(res).toMatchObject({ status: 400 });
    expect(res.body.detail).toMatch(/corrected by naming the right person/);
  });

  test('a retraction is not recorded as an ordinary event', async () => {
    const res = await record('lawyer.jones', {
      type: 'event.retracted',
      at: '2026-11-02T10:50:00+00:00',
      retracts: 0,
      reason: 'x',
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid-event' } });
  });
});
