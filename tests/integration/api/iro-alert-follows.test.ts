/**
 * Over real HTTP: an acknowledgement is of a particular deadline, and follows it. A new filing
 * date asks the IRO to acknowledge again, saying what changed, and keeps the old acknowledgement
 * marked with its date. With no IRO allocated the alert goes where the protocol says it should
 * ("If it is not possible to contact the IRO, the IRO Team Manager should be contacted"), and the
 * lawyer is told who got it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00');
  for (const id of ['lawyer.jones', 'iro.patel', 'irotm.brown', 'iroadmin.wood'])
    token[id] = await server.signIn(id);
  expect(
    (
      await openCase(server, token['lawyer.jones']!, 'C-6001', [
        { personId: 'iro.patel', role: 'iro' },
      ])
    ).status,
  ).toBe(201);
  expect((await openCase(server, token['lawyer.jones']!, 'C-6002', [])).status).toBe(201);
});
afterAll(async () => server.close());

const alert = (caseId: string, filingDue: string) =>
  server.call(token['lawyer.jones'], 'POST', `/api/cases/${caseId}/iro-alert`, { filingDue });

async function draft(caseId: string) {
  const view = await server.call(token['lawyer.jones'], 'GET', `/api/cases/${caseId}`);
  return view.body.obligations.find(
    (o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro',
  );
}

const acknowledge = (who: string, obligationId: string) =>
  server.call(
    token[who],
    'POST',
    `/api/obligations/${encodeURIComponent(obligationId)}/acknowledge`,
  );

const mails = () => {
  const dir = join(server.dataDir, 'mail');
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
};

test('a moved filing date: the IRO hears what changed and acknowledges again; the old acknowledgement stays, of its date', async () => {
  const first = await alert('C-6001', '2026-12-18T16:00:00+00:00');
  expect(first.status).toBe(201);
  expect(first.body.told).toEqual([
    { personId: 'iro.patel', displayName: 'Sam Patel (IRO)', role: 'iro' },
  ]);
  const before = await draft('C-6001');
  const ack = await acknowledge('iro.patel', before.id);
  expect(ack.status).toBe(201);
  expect((await draft('C-6001')).acknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.patel' }),
  ]);
  await server.deliver();

  server.setNow('2026-11-03T09:00:00+00:00');
  const moved = await alert('C-6001', '2027-01-08T16:00:00+00:00');
  expect(moved.status).toBe(201);
  const after = await draft('C-6001');
  expect(after.due).not.toBe(before.due);
  expect(after.acknowledgements).toEqual([]);
  expect(after.earlierAcknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.patel', due: before.due }),
  ]);

  // The IRO, who has no Teams chat here, is emailed what changed.
  await server.deliver();
  const told = (await server.store.outboxForCase('C-6001')).filter(
    (i) => i.kind === 'obligation.moved',
  );
  expect(told).toEqual([
    expect.objectContaining({
      recipient: 'iro.patel',
      payload: expect.objectContaining({ from: before.due, due: after.due }) as unknown,
      channel: 'email',
    }),
  ]);
  const mail = mails().find((m) => m.includes('IRO alert: final evidence now due'));
  expect(mail).toContain('IRO alert: final evidence now due Fri 8 Jan 2027, 16:00');
  expect(mail).toContain('Please acknowledge the new date.');

  // Acknowledged again: of the new date.
  const again = await acknowledge('iro.patel', after.id);
  expect(again.status).toBe(201);
  expect((await draft('C-6001')).acknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.patel' }),
  ]);
});

test('no IRO allocated: the IRO Team Manager and the IRO administrator get the alert, and the lawyer is told so', async () => {
  const preview = await server.call(
    token['lawyer.jones'],
    'POST',
    '/api/cases/C-6002/iro-alert/preview',
    { filingDue: '2026-12-18T16:00:00+00:00' },
  );
  const standIns = [
    {
      personId: 'iroadmin.wood',
      displayName: 'Kim Wood (IRO administrator)',
      role: 'iro-admin',
      standIn: 'no-iro',
    },
    {
      personId: 'irotm.brown',
      displayName: 'Alex Brown (IRO team manager)',
      role: 'iro-team-manager',
      standIn: 'no-iro',
    },
  ];
  expect(preview.body.told).toEqual(expect.arrayContaining(standIns));
  const sent = await alert('C-6002', '2026-12-18T16:00:00+00:00');
  expect(sent.body.told).toHaveLength(2);
  expect(sent.body.told).toEqual(expect.arrayContaining(standIns));

  await server.deliver();
  const cards = (await server.store.outboxForCase('C-6002')).filter(
    (i) =>
      i.kind === 'obligation.new' &&
      (i.payload as { rule: string }).rule === 'draft-final-evidence-to-iro' &&
      (i.payload as { as: string }).as === 'recipient',
  );
  expect(cards.map((c) => c.recipient).sort()).toEqual(['iroadmin.wood', 'irotm.brown']);
  expect(cards.every((c) => c.channel === 'email')).toBe(true);
  const mail = mails().find(
    (m) => m.includes('To: Alex Brown') && m.includes('no IRO is allocated to this case'),
  );
  expect(mail).toBeDefined();

  // Standing in for the IRO, the IRO Team Manager acknowledges it.
  const ack = await acknowledge('irotm.brown', (await draft('C-6002')).id);
  expect(ack.status).toBe(201);
  expect(ack.body.obligation.acknowledgements).toEqual([
    expect.objectContaining({ by: 'irotm.brown' }),
  ]);
});
