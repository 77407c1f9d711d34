/**
 * A deputy covering a week of leave, over real HTTP: the IRO names another IRO for the week; the
 * IRO's cards go to the deputy, saying for whom; the deputy sees the case and acknowledges; when
 * the week is over, it all goes back to the IRO.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};
const CASE = 'C-8001';

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00');
  for (const id of ['lawyer.jones', 'iro.patel', 'iro.smith', 'hos.evans', 'sw.khan'])
    token[id] = await server.signIn(id);
  const opened = await openCase(server, token['lawyer.jones']!, CASE, [
    { personId: 'iro.patel', role: 'iro' },
  ]);
  expect(opened.status).toBe(201);
});
afterAll(async () => server.close());

const absence = (who: string, path: string, body: unknown) =>
  server.call(token[who], 'PUT', path, body);

describe('naming a deputy', () => {
  test.each([
    [
      { deputy: 'iro.patel', from: '2026-11-09T00:00:00Z', until: '2026-11-14T00:00:00Z' },
      'deputy: name someone else to stand in',
    ],
    [
      { deputy: 'sw.khan', from: '2026-11-09T00:00:00Z', until: '2026-11-14T00:00:00Z' },
      "deputy: Omar Khan (social worker) holds none of Sam Patel (IRO)'s roles, so could not act for them",
    ],
    [
      { deputy: 'nobody', from: '2026-11-09T00:00:00Z', until: '2026-11-14T00:00:00Z' },
      'deputy: there is no person "nobody" here now',
    ],
    [
      { deputy: 'iro.smith', from: '2026-11-14T00:00:00Z', until: '2026-11-09T00:00:00Z' },
      'until: must be after from',
    ],
    [
      { deputy: 'iro.smith', from: '2026-10-01T00:00:00Z', until: '2026-10-08T00:00:00Z' },
      'until: the absence is already over',
    ],
  ])('%j is refused: %s', async (body, detail) => {
    const res = await absence('iro.patel', '/api/me/absence', body);
    expect(res).toMatchObject({ status: 400, body: { detail } });
  });

  test("only the Head of Service sets someone else's", async () => {
    const body = {
      deputy: 'iro.smith',
      from: '2026-11-09T00:00:00Z',
      until: '2026-11-14T00:00:00Z',
    };
    expect(
      await absence('lawyer.jones', '/api/admin/people/iro.patel/absence', body),
    ).toMatchObject({
      status: 403,
    });
  });
});

test("a week of leave: the IRO's cards go to the deputy, who acts on the case; then back to the IRO", async () => {
  const set = await absence('iro.patel', '/api/me/absence', {
    deputy: 'iro.smith',
    from: '2026-11-09T00:00:00Z',
    until: '2026-11-14T00:00:00Z',
  });
  expect(set.status).toBe(200);
  expect(set.body.said).toBe(
    "From Mon 9 Nov 2026, 00:00 until Sat 14 Nov 2026, 00:00, Ivy Smith (IRO) gets Sam Patel (IRO)'s cards, reminders and escalations and acts on their cases.",
  );
  // Before the leave the deputy has no part in the case.
  expect((await server.call(token['iro.smith'], 'GET', `/api/cases/${CASE}`)).status).toBe(403);

  // During the leave the lawyer sends the IRO alert.
  server.setNow('2026-11-10T10:00:00+00:00');
  const alert = await server.call(token['lawyer.jones'], 'POST', `/api/cases/${CASE}/iro-alert`, {
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  expect(alert.status).toBe(201);
  await server.deliver();
  const mail = join(server.dataDir, 'mail');
  const texts = readdirSync(mail).map((f) => readFileSync(join(mail, f), 'utf8'));
  const toDeputy = texts.filter((t) => t.includes('To: Ivy Smith (IRO)'));
  expect(
    toDeputy.some((t) =>
      t.includes('Sent to you as deputy for Sam Patel (IRO), away until Sat 14 Nov 2026, 00:00.'),
    ),
  ).toBe(true);
  expect(texts.some((t) => t.includes('To: Sam Patel (IRO)'))).toBe(false);

  // The deputy sees the case, has it on their list, and acknowledges in the IRO's place.
  const smith = await server.signIn('iro.smith');
  expect((await server.call(smith, 'GET', `/api/cases/${CASE}`)).status).toBe(200);
  const mine = (await server.call(smith, 'GET', '/api/me/obligations')).body.obligations;
  expect(mine.map((o: { case: { id: string } }) => o.case.id)).toContain(CASE);
  const id = encodeURIComponent(`${CASE}:draft-final-evidence-to-iro`);
  const ack = await server.call(smith, 'POST', `/api/obligations/${id}/acknowledge`);
  expect(ack.status).toBe(201);
  expect(ack.body.obligation.acknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.smith' }),
  ]);

  // The week is over: the deputy's part ends with it.
  server.setNow('2026-11-16T09:00:00+00:00');
  const after = await server.signIn('iro.smith');
  expect((await server.call(after, 'GET', `/api/cases/${CASE}`)).status).toBe(403);
  expect((await server.call(token['iro.patel'], 'DELETE', '/api/me/absence')).status).toBe(204);
  expect((await server.store.person('iro.patel'))?.deputy).toBeUndefined();
});
