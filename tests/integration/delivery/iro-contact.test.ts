/**
 * "If it is not possible to contact the IRO, the IRO Team Manager should be contacted" and "In
 * the absence of the Team Manager for the IRO team the Principal Lawyer will liaise with the IRO
 * administrator" (IRO and Legal Services Protocol), over real HTTP with the scheduler and the
 * dispatcher: an IRO who has not acknowledged by the first reminder. (An IRO or IRO Team Manager
 * who is away: out-of-office.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00');
  for (const id of ['lawyer.jones', 'iro.patel']) token[id] = await server.signIn(id);
});
afterAll(async () => server.close());

const mails = () => {
  const dir = join(server.dataDir, 'mail');
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
};

test('an IRO alert the IRO has not acknowledged by its first reminder goes to the IRO Team Manager, saying why; once', async () => {
  const CASE = 'C-8101';
  expect(
    (await openCase(server, token['lawyer.jones']!, CASE, [{ personId: 'iro.patel', role: 'iro' }]))
      .status,
  ).toBe(201);
  const sent = await server.call(token['lawyer.jones'], 'POST', `/api/cases/${CASE}/iro-alert`, {
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  expect(sent.status).toBe(201);
  await server.deliver();
  const draft = (
    await server.call(token['lawyer.jones'], 'GET', `/api/cases/${CASE}`)
  ).body.obligations.find((o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro');
  const manager = () =>
    server.store
      .outboxForCase(CASE)
      .then((items) =>
        items.filter(
          (i) =>
            i.recipient === 'irotm.brown' &&
            (i.payload as { stage?: string }).stage === 'iro-not-reached',
        ),
      );
  expect(await manager()).toEqual([]);

  // The first reminder of the draft the IRO is to receive comes, still unacknowledged.
  server.setNow(draft.reminders[0].at);
  await server.deliver();
  const told = await manager();
  expect(told.map((i) => (i.payload as { obligation: string }).obligation)).toContain(
    `${CASE}:draft-final-evidence-to-iro`,
  );
  expect(
    mails().some(
      (t) =>
        t.includes('To: Alex Brown (IRO team manager)') &&
        t.includes(
          'Sent to you as well: Sam Patel (IRO) has not acknowledged this by its first reminder',
        ),
    ),
  ).toBe(true);
  // Another tick tells nobody again.
  const before = (await server.store.outboxForCase(CASE)).length;
  await server.deliver();
  expect((await server.store.outboxForCase(CASE)).length).toBe(before);
});

test('an alert the IRO acknowledged in time is not sent to the IRO Team Manager', async () => {
  const CASE = 'C-8102';
  server.setNow('2026-11-03T09:00:00+00:00');
  await openCase(server, token['lawyer.jones']!, CASE, [{ personId: 'iro.patel', role: 'iro' }]);
  await server.call(token['lawyer.jones'], 'POST', `/api/cases/${CASE}/iro-alert`, {
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  const id = encodeURIComponent(`${CASE}:draft-final-evidence-to-iro`);
  expect(
    (await server.call(token['iro.patel'], 'POST', `/api/obligations/${id}/acknowledge`)).status,
  ).toBe(201);
  const draft = (
    await server.call(token['lawyer.jones'], 'GET', `/api/cases/${CASE}`)
  ).body.obligations.find((o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro');
  server.setNow(draft.reminders[0].at);
  await server.deliver();
  const items = await server.store.outboxForCase(CASE);
  expect(
    items.filter(
      (i) =>
        (i.payload as { obligation?: string; stage?: string }).obligation ===
          `${CASE}:draft-final-evidence-to-iro` &&
        (i.payload as { stage?: string }).stage === 'iro-not-reached',
    ),
  ).toEqual([]);
});
