/**
 * `GET /api/people?role=iro`, the allocation form's IRO picker, over real HTTP: only the IRO
 * service (who record `iro.allocated`) may list, only IROs are listed, with name and e-mail only,
 * and every listing is in the audit trail.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('2026-11-22T10:00:00+00:00');
});
afterAll(async () => server.close());

const audited = async () =>
  (await server.store.readAudit(0, 100_000)).filter((e) => e.action === 'people.listed');

test('the IRO administrator lists the IROs by name, with e-mail and nothing more, and it is audited', async () => {
  const token = await server.signIn('iroadmin.wood');
  const before = (await audited()).length;
  const res = await server.call(token, 'GET', '/api/people?role=iro', undefined, {
    'X-Client-Surface': 'tab',
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    people: [
      { id: 'iro.smith', displayName: 'Ivy Smith (IRO)', email: 'ivy.smith@council.example' },
      { id: 'iro.patel', displayName: 'Sam Patel (IRO)', email: 'sam.patel@council.example' },
    ],
  });
  const entries = await audited();
  expect(entries).toHaveLength(before + 1);
  expect(entries.at(-1)).toMatchObject({
    actor: { personId: 'iroadmin.wood', surface: 'tab' },
    detail: { role: 'iro', count: 2 },
  });
});

test('the IRO team manager, who also allocates, may list', async () => {
  const res = await server.call(await server.signIn('irotm.brown'), 'GET', '/api/people?role=iro');
  expect(res.status).toBe(200);
  expect(res.body.people.map((p: { id: string }) => p.id)).toEqual(['iro.smith', 'iro.patel']);
});

test.each(['lawyer.jones', 'iro.patel', 'hos.evans', 'guardian.rivers'])(
  '%s, who does not allocate IROs, is refused and nothing is audited',
  async (personId) => {
    const before = (await audited()).length;
    const res = await server.call(await server.signIn(personId), 'GET', '/api/people?role=iro');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('people-forbidden');
    expect(await audited()).toHaveLength(before);
  },
);

test.each([
  ['/api/people', 'role: must be one of lawyer, social-worker, iro, guardian, childs-solicitor'],
  ['/api/people?role=lawyer', 'case: is required to list people in that role'],
  [
    '/api/people?role=head-of-service&case=C-1001',
    'role: must be one of lawyer, social-worker, iro, guardian, childs-solicitor',
  ],
  ['/api/people?role=iro&team=north', 'team: unknown field'],
])('%s is a 400 naming the problem', async (path, detail) => {
  const res = await server.call(await server.signIn('iroadmin.wood'), 'GET', path);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'invalid-request', detail });
});

test('without a token it is a 401', async () => {
  const res = await server.call(undefined, 'GET', '/api/people?role=iro');
  expect(res.status).toBe(401);
});

test('an IRO from the list completes the allocation, as the tab’s form sends it', async () => {
  const admin = await server.signIn('iroadmin.wood');
  const notified = await server.call(admin, 'POST', '/api/cases/C-1001/events', {
    event: { type: 'iro-service.notified', at: '2026-11-22T09:00:00+00:00' },
  });
  expect(notified.status).toBe(201);
  const listed = await server.call(admin, 'GET', '/api/people?role=iro');
  const iro = listed.body.people.find((p: { id: string }) => p.id === 'iro.patel');
  const done = await server.call(
    admin,
    'POST',
    '/api/obligations/C-1001:iro-allocation-reply/complete',
    { inputs: { iro: iro.id, email: iro.email, phone: '01632 960000' } },
    { 'Idempotency-Key': 'tab-allocation-c-1001' },
  );
  expect(done.status).toBe(201);
  expect(done.body.obligation.status).toBe('met');
  const view = await server.call(admin, 'GET', '/api/cases/C-1001');
  expect(view.body.events.at(-1)).toMatchObject({
    type: 'iro.allocated',
    iro: {
      id: 'iro.patel',
      name: 'Sam Patel (IRO)',
      email: 'sam.patel@council.example',
      phone: '01632 960000',
    },
  });
});

describe("a case's picker: the people who may be named in a role on it", () => {
  const names = (res: { body: { people: { id: string }[] } }) => res.body.people.map((p) => p.id);

  test('the lawyer of a north case is offered the Guardians, and the north social workers but the one on it', async () => {
    const lawyer = await server.signIn('lawyer.jones');
    const guardians = await server.call(lawyer, 'GET', '/api/people?role=guardian&case=C-1001');
    expect(guardians.status).toBe(200);
    expect(names(guardians)).toEqual(['guardian.rivers']);
    const workers = await server.call(
      await server.signIn('sw.khan'),
      'GET',
      '/api/people?role=social-worker&case=C-1001',
    );
    expect(names(workers)).toEqual(['sw.osei']);
    expect(
      (await server.store.readAudit(0, 100_000)).filter((e) => e.action === 'people.listed').at(-1),
    ).toMatchObject({ caseId: 'C-1001', detail: { role: 'social-worker', count: 1 } });
  });

  test('the IRO service is offered the IROs who work in the case’s team', async () => {
    const res = await server.call(
      await server.signIn('iroadmin.wood'),
      'GET',
      '/api/people?role=iro&case=C-1001',
    );
    expect(names(res).sort()).toEqual(['iro.smith']);
  });

  test('someone whose role does not name that party, or who is not on the case, is refused', async () => {
    const iro = await server.call(
      await server.signIn('iro.patel'),
      'GET',
      '/api/people?role=guardian&case=C-1001',
    );
    expect(iro).toMatchObject({ status: 403, body: { code: 'people-forbidden' } });
    const outsider = await server.call(
      await server.signIn('lawyer.obi'),
      'GET',
      '/api/people?role=guardian&case=C-1001',
    );
    expect(outsider).toMatchObject({ status: 403, body: { code: 'case-forbidden' } });
  });
});
