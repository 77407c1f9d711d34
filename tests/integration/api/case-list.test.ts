/** The dashboard list: counts agree with each case's obligations, and move with the clock alone. */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
let manager: string;

beforeAll(async () => {
  server = await startTestServer('2026-11-22T10:00:00+00:00');
  manager = await server.signIn('ppm.lee');
});
afterAll(async () => server.close());

async function countsFromCases(ids: string[]) {
  const out: Record<string, { open: number; dueSoon: number; overdue: number }> = {};
  for (const id of ids) {
    const view = await server.call(manager, 'GET', `/api/cases/${id}`);
    const timed = (view.body.obligations as { status: string; due?: string }[]).filter(
      (o) => o.due !== undefined,
    );
    out[id] = {
      open: timed.filter((o) => o.status === 'open').length,
      dueSoon: timed.filter((o) => o.status === 'due-soon').length,
      overdue: timed.filter((o) => o.status === 'overdue' || o.status === 'missed').length,
    };
  }
  return out;
}

type Counts = { open: number; dueSoon: number; overdue: number };

async function listCounts(): Promise<Record<string, Counts>> {
  const list = await server.call(manager, 'GET', '/api/cases?limit=200');
  expect(list.status).toBe(200);
  return Object.fromEntries(
    (list.body.cases as { id: string; counts: Counts }[]).map((c) => [c.id, c.counts]),
  );
}

test('a manager sees their team’s cases, with counts matching each case’s obligations, now and later', async () => {
  const now = await listCounts();
  expect(Object.keys(now)).not.toContain('C-1011'); // the south team's case
  expect(Object.keys(now).length).toBe(11);
  expect(now).toEqual(await countsFromCases(Object.keys(now)));

  // Two weeks on, with no new events, deadlines have passed: the list says so too.
  server.setNow('2026-12-06T10:00:00+00:00');
  const later = await listCounts();
  expect(later).toEqual(await countsFromCases(Object.keys(later)));
  const overdue = (c: Record<string, { overdue: number }>) =>
    Object.values(c).reduce((n, x) => n + x.overdue, 0);
  expect(overdue(later)).toBeGreaterThan(overdue(now));
});

test('filters: overdue only, and paging with `next`', async () => {
  const overdue = await server.call(manager, 'GET', '/api/cases?status=overdue&limit=200');
  expect(overdue.body.cases.length).toBeGreaterThan(0);
  for (const c of overdue.body.cases) expect(c.counts.overdue).toBeGreaterThan(0);
  const first = await server.call(manager, 'GET', '/api/cases?limit=5');
  expect(first.body.cases).toHaveLength(5);
  const second = await server.call(manager, 'GET', `/api/cases?limit=5&after=${first.body.next}`);
  expect(second.body.cases[0].id > first.body.cases[4].id).toBe(true);
});

test('each listed case names its parties as the case view does, from the directory', async () => {
  const list = await server.call(manager, 'GET', '/api/cases?limit=200');
  type Party = { personId: string; role: string; displayName: string };
  const cases = list.body.cases as { id: string; parties: Party[] }[];
  for (const c of cases) {
    const view = await server.call(manager, 'GET', `/api/cases/${c.id}`);
    // The same people, roles and names; the e-mail addresses only in the case view.
    expect(c.parties).toEqual(
      (view.body.parties as (Party & { email?: string })[]).map(({ email: _, ...p }) => p),
    );
  }
  // The IRO and the guardian joined C-1003 by events; C-1001 has neither yet.
  const named = (id: string) =>
    cases
      .find((c) => c.id === id)!
      .parties.map((p) => `${p.role}: ${p.displayName}`)
      .sort();
  expect(named('C-1003')).toEqual([
    'guardian: Jo Rivers (Children’s Guardian, CAFCASS)',
    'iro: Sam Patel (IRO)',
    'lawyer: Lee Jones (lawyer)',
    'social-worker: Omar Khan (social worker)',
  ]);
  expect(named('C-1001')).toEqual([
    'lawyer: Lee Jones (lawyer)',
    'social-worker: Omar Khan (social worker)',
  ]);
});
