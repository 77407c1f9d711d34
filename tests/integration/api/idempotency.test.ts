/**
 * Safe retries over real HTTP on a real SQLite file: the same Idempotency-Key with the same request
 * replays the first answer (status and body) and changes nothing, however late within 24 hours;
 * the same key with another request is refused; and pressing Acknowledge, Complete, Waive or
 * "Can't meet this" twice — with or without a key — records one event and sends one notice.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
let lawyer: string;
let principal: string;

const at = '2023-05-04T10:00:00+01:00';

beforeAll(async () => {
  server = await startTestServer(at);
  lawyer = await server.signIn('lawyer.jones');
  principal = await server.signIn('pl.ahmed');
});
afterAll(async () => server.close());

let n = 0;
/** A case with an application issued, an ICO and a notice to the IRO service owed. */
async function openCase(): Promise<string> {
  const id = `C-31${String(++n).padStart(2, '0')}`;
  server.setNow(at);
  const opened = await server.call(lawyer, 'POST', '/api/cases', {
    case: {
      id,
      childRef: `LCS-31${n}`,
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal', 'iro-guardian'],
    },
    team: 'north',
  });
  expect(opened.status).toBe(201);
  for (const event of [
    { type: 'application.issued', at: '2023-05-04T09:00:00+01:00' },
    { type: 'order.made', at: '2023-05-04T09:30:00+01:00', order: 'ICO' },
  ])
    expect((await server.call(lawyer, 'POST', `/api/cases/${id}/events`, { event })).status).toBe(
      201,
    );
  return id;
}

async function eventsOf(id: string): Promise<{ type: string }[]> {
  return (await server.call(lawyer, 'GET', `/api/cases/${id}`)).body.events;
}

function outboxOf(id: string) {
  return server.store.outboxForCase(id);
}

const notice = (id: string) => encodeURIComponent(`${id}:order-notice-to-iro-service`);

test('Send IRO alert retried with its key a second later replays the first answer', async () => {
  const id = await openCase();
  const send = () =>
    server.call(
      lawyer,
      'POST',
      `/api/cases/${id}/iro-alert`,
      { filingDue: '2023-06-13T16:00:00+01:00' },
      { 'Idempotency-Key': `send-${id}-0001` },
    );
  const first = await send();
  expect(first.status).toBe(201);
  const events = (await eventsOf(id)).length;
  const outbox = (await outboxOf(id)).length;

  server.setNow('2023-05-04T10:00:01.100+01:00');
  const retry = await send();
  expect(retry.status).toBe(201);
  expect(retry.body).toStrictEqual(first.body);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect((await eventsOf(id)).length).toBe(events);
  expect((await outboxOf(id)).length).toBe(outbox);

  // Still within 24 hours, still the first answer.
  server.setNow('2023-05-05T09:59:00+01:00');
  expect(await send()).toMatchObject({ status: 201, body: first.body });

  // The same key for another request says so, and records nothing.
  const other = await server.call(
    lawyer,
    'POST',
    `/api/cases/${id}/iro-alert`,
    { filingDue: '2023-06-14T16:00:00+01:00' },
    { 'Idempotency-Key': `send-${id}-0001` },
  );
  expect(other).toMatchObject({ status: 409, body: { code: 'idempotency-key-reused' } });
  expect((await eventsOf(id)).length).toBe(events);
});

test('a retried waive replays its first answer rather than "already waived"', async () => {
  const id = await openCase();
  const waive = () =>
    server.call(
      principal,
      'POST',
      `/api/obligations/${notice(id)}/waive`,
      { reason: 'Notified by phone at the hearing.' },
      { 'Idempotency-Key': `waive-${id}-0001` },
    );
  const first = await waive();
  expect(first).toMatchObject({ status: 201, body: { obligation: { status: 'waived' } } });
  server.setNow('2023-05-04T10:00:02+01:00');
  const retry = await waive();
  expect(retry.status).toBe(first.status);
  expect(retry.body).toStrictEqual(first.body);
  expect((await eventsOf(id)).filter((e) => e.type === 'obligation.waived')).toHaveLength(1);
});

describe('pressed twice without a key: one event, one notice', () => {
  test("Can't meet this", async () => {
    const id = await openCase();
    const press = () =>
      server.call(lawyer, 'POST', `/api/obligations/${notice(id)}/cannot-meet`, {
        reason: 'The IRO service inbox is bouncing.',
      });
    const first = await press();
    expect(first.status).toBe(201);
    expect(first.body.told.length).toBeGreaterThan(0);
    const escalations = (await outboxOf(id)).filter((i) => i.kind === 'obligation.escalation');
    const second = await press();
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ changed: false, told: first.body.told });
    expect((await eventsOf(id)).filter((e) => e.type === 'obligation.cannot-meet')).toHaveLength(1);
    expect((await outboxOf(id)).filter((i) => i.kind === 'obligation.escalation')).toHaveLength(
      escalations.length,
    );
  });

  test('Waive', async () => {
    const id = await openCase();
    const press = () =>
      server.call(principal, 'POST', `/api/obligations/${notice(id)}/waive`, {
        reason: 'Notified by phone at the hearing.',
      });
    expect((await press()).status).toBe(201);
    expect(await press()).toMatchObject({ status: 200, body: { changed: false } });
    expect((await eventsOf(id)).filter((e) => e.type === 'obligation.waived')).toHaveLength(1);
  });

  test('Complete and Acknowledge', async () => {
    const id = await openCase();
    const complete = () =>
      server.call(lawyer, 'POST', `/api/obligations/${notice(id)}/complete`, {});
    expect((await complete()).status).toBe(201);
    expect(await complete()).toMatchObject({ status: 200, body: { changed: false } });
    const ack = () => server.call(lawyer, 'POST', `/api/obligations/${notice(id)}/acknowledge`, {});
    const acks = () =>
      eventsOf(id).then((es) => es.filter((e) => e.type === 'obligation.acknowledged'));
    await ack();
    await ack();
    expect((await acks()).length).toBeLessThanOrEqual(1);
    expect((await eventsOf(id)).filter((e) => e.type === 'iro-service.notified')).toHaveLength(1);
  });
});
