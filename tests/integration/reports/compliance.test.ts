/**
 * GET /api/reports/compliance over real HTTP and a real SQLite file seeded with the demo cases.
 * The expected counts are worked out independently from each case's obligations as the API's
 * GET /api/cases/:id shows them, so a wrong count or a wrong period boundary fails the test.
 */
import { startReportServer, type ReportServer } from './report-server';

const NOW = '2024-03-15T10:00:00Z';

let server: ReportServer;
let manager: string; // ppm.lee: Permanency Progression Manager, team north only
let lawyer: string; // lawyer.jones: allocated lawyer on the north cases, no team role

beforeAll(async () => {
  server = await startReportServer(NOW);
  manager = await server.signIn('ppm.lee');
  lawyer = await server.signIn('lawyer.jones');

  // Make the period hold every outcome: one overdue obligation met late, another waived.
  const overdue: { id: string; responsible: string[] }[] = [];
  for (const id of ['C-1002', 'C-1003', 'C-1004', 'C-1005', 'C-1006', 'C-1009', 'C-1010']) {
    const view = await server.call(lawyer, 'GET', `/api/cases/${id}`);
    overdue.push(...view.body.obligations.filter((o: any) => o.status === 'overdue'));
  }
  const byLawyer = overdue.find((o) => o.responsible.includes('lawyer'))!;
  const done = await server.call(
    lawyer,
    'POST',
    `/api/obligations/${encodeURIComponent(byLawyer.id)}/complete`,
    {},
  );
  expect(done).toMatchObject({ status: 201, body: { obligation: { status: 'met-late' } } });
  const toWaive = overdue.find((o) => o.id !== byLawyer.id)!;
  const waived = await server.call(
    manager,
    'POST',
    `/api/obligations/${encodeURIComponent(toWaive.id)}/waive`,
    { reason: 'Agreed at the legal planning meeting.' },
  );
  expect(waived).toMatchObject({ status: 201, body: { obligation: { status: 'waived' } } });
});
afterAll(async () => server.close());

type Counts = { met: number; metLate: number; overdue: number; waived: number; open: number };
const zero = (): Counts => ({ met: 0, metLate: 0, overdue: 0, waived: 0, open: 0 });
const withRate = (c: Counts) => {
  const decided = c.met + c.metLate + c.overdue;
  return { ...c, onTimeRate: decided ? c.met / decided : null };
};

/** The counts worked out by hand from the obligations of every north case the manager sees. */
async function expected(start: string, end: string) {
  const list = await server.call(manager, 'GET', '/api/cases?limit=200');
  expect(list.status).toBe(200);
  const ids: string[] = list.body.cases
    .filter((c: any) => c.team === 'north')
    .map((c: any) => c.id);
  const total = zero();
  const byRule = new Map<string, Counts>();
  for (const id of ids) {
    const view = await server.call(manager, 'GET', `/api/cases/${id}`);
    for (const o of view.body.obligations) {
      if (!o.due) continue;
      const due = Date.parse(o.due);
      if (due < Date.parse(start) || due >= Date.parse(end)) continue;
      const key = (
        {
          met: 'met',
          'met-late': 'metLate',
          overdue: 'overdue',
          missed: 'overdue',
          waived: 'waived',
          open: 'open',
          'due-soon': 'open',
        } as Record<string, keyof Counts | undefined>
      )[o.status];
      if (!key) continue;
      if (!byRule.has(o.rule)) byRule.set(o.rule, zero());
      byRule.get(o.rule)![key]++;
      total[key]++;
    }
  }
  return { ids, total, byRule };
}

describe('a manager’s compliance report', () => {
  test.each([
    // Summer time at both ends: the period starts and ends at 00:00 London (23:00 UTC).
    ['2023-08-01', '2024-04-01', '2023-08-01T00:00:00+01:00', '2024-04-01T00:00:00+01:00'],
    // A fortnight in winter, ending today at midnight: today's deadlines are outside it.
    ['2024-03-01', '2024-03-15', '2024-03-01T00:00:00Z', '2024-03-15T00:00:00Z'],
  ])('%s to %s counts what the cases show', async (from, to, start, end) => {
    const res = await server.call(manager, 'GET', `/api/reports/compliance?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const want = await expected(start, end);
    expect(res.body.period).toEqual({
      from,
      to,
      start: expect.any(String),
      end: expect.any(String),
    });
    expect(Date.parse(res.body.period.start)).toBe(Date.parse(start));
    expect(Date.parse(res.body.period.end)).toBe(Date.parse(end));
    expect(res.body.generatedAt).toBe('2024-03-15T10:00:00+00:00');
    expect(res.body.scope).toEqual({ teams: ['north'], cases: want.ids.length });
    expect(res.body.total).toEqual(withRate(want.total));
    expect(res.body.byTeam).toEqual([{ team: 'north', ...withRate(want.total) }]);
    const byRule = new Map<string, any>(res.body.byRule.map((r: any) => [r.rule, r]));
    expect([...byRule.keys()].sort()).toEqual([...want.byRule.keys()].sort());
    for (const [rule, counts] of want.byRule) {
      expect(byRule.get(rule)).toEqual({
        rule,
        pack: expect.any(String),
        title: expect.any(String),
        ...withRate(counts),
      });
    }
  });

  test('the long period holds every outcome, and the rate is met over decided', async () => {
    const res = await server.call(
      manager,
      'GET',
      '/api/reports/compliance?from=2023-08-01&to=2024-04-01',
    );
    const { met, metLate, overdue, waived } = res.body.total;
    expect(met).toBeGreaterThan(0);
    expect(metLate).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(0);
    expect(waived).toBeGreaterThan(0);
    expect(res.body.total.onTimeRate).toBeCloseTo(met / (met + metLate + overdue), 10);
    // A narrower period counts fewer obligations.
    const short = await server.call(
      manager,
      'GET',
      '/api/reports/compliance?from=2024-03-01&to=2024-03-15',
    );
    const sum = (c: any) => c.met + c.metLate + c.overdue + c.waived + c.open;
    expect(sum(short.body.total)).toBeLessThan(sum(res.body.total));
    // The trend: every month of the period, which together hold every outcome.
    expect(res.body.byMonth.map((m: any) => m.month)).toEqual([
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
      '2024-01',
      '2024-02',
      '2024-03',
    ]);
    for (const key of ['met', 'metLate', 'overdue', 'waived', 'open'])
      expect(res.body.byMonth.reduce((n: number, m: any) => n + m[key], 0)).toBe(
        res.body.total[key],
      );
  });

  test('by default, the three calendar months up to and including today', async () => {
    const res = await server.call(manager, 'GET', '/api/reports/compliance');
    expect(res.status).toBe(200);
    expect(res.body.period).toMatchObject({ from: '2023-12-16', to: '2024-03-16' });
    const onlyTo = await server.call(manager, 'GET', '/api/reports/compliance?to=2024-02-01');
    expect(onlyTo.body.period).toMatchObject({ from: '2023-11-01', to: '2024-02-01' });
  });

  test('as the clock moves on with nothing recorded, open obligations become overdue in the report as on the cases', async () => {
    const query = '/api/reports/compliance?from=2023-08-01&to=2024-06-01';
    const before = await server.call(manager, 'GET', query);
    server.setNow('2024-05-20T10:00:00Z');
    try {
      const after = await server.call(manager, 'GET', query);
      const want = await expected('2023-08-01T00:00:00+01:00', '2024-06-01T00:00:00+01:00');
      expect(after.body.total).toEqual(withRate(want.total));
      expect(after.body.total.overdue).toBeGreaterThan(before.body.total.overdue);
      expect(after.body.total.open).toBeLessThan(before.body.total.open);
    } finally {
      server.setNow(NOW);
    }
  });

  test('one of the manager’s own teams may be asked for; another team is refused', async () => {
    const north = await server.call(manager, 'GET', '/api/reports/compliance?team=north');
    expect(north.status).toBe(200);
    expect(north.body.byTeam.map((t: any) => t.team)).toEqual(['north']);
    const south = await server.call(manager, 'GET', '/api/reports/compliance?team=south');
    expect(south).toMatchObject({ status: 403, body: { code: 'report-forbidden' } });
  });

  test('someone managing two teams gets a line for each', async () => {
    const head = await server.signIn('hos.evans');
    const res = await server.call(
      head,
      'GET',
      '/api/reports/compliance?from=2023-08-01&to=2024-04-01',
    );
    expect(res.status).toBe(200);
    expect(res.body.byTeam.map((t: any) => t.team)).toEqual(['north', 'south']);
    expect(res.body.scope.cases).toBe(12);
    for (const k of ['met', 'metLate', 'overdue', 'waived', 'open']) {
      expect(res.body.total[k]).toBe(res.body.byTeam.reduce((n: number, t: any) => n + t[k], 0));
    }
  });
});

describe('who may see it', () => {
  test.each(['lawyer.jones', 'iro.patel', 'sw.khan', 'guardian.rivers'])(
    '%s, without a team role, is refused',
    async (personId) => {
      const token = await server.signIn(personId);
      const res = await server.call(token, 'GET', '/api/reports/compliance');
      expect(res).toMatchObject({ status: 403, body: { code: 'report-forbidden' } });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );
  test('no token is 401', async () => {
    expect((await server.call(undefined, 'GET', '/api/reports/compliance')).status).toBe(401);
  });
});

describe('a bad period is a 400 naming the field', () => {
  test.each([
    ['from=2024-13-01&to=2024-03-01', 'from'],
    ['from=2024-02-30&to=2024-03-01', 'from'],
    ['from=15%2F03%2F2024', 'from'],
    ['from=2024-01-01T00%3A00%3A00Z', 'from'],
    ['from=2024-01-01&to=2024-3-1', 'to'],
    ['from=2024-03-10&to=2024-03-01', 'to'],
    ['from=2024-03-10&to=2024-03-10', 'to'],
    ['from=2023-01-01&to=2024-03-01', 'to'],
    ['from=2024-06-01', 'from'],
    ['from=2024-01-01&from=2024-02-01', 'from'],
    ['team=', 'team'],
    ['period=month', 'period'],
  ])('%s', async (query, field) => {
    const res = await server.call(manager, 'GET', `/api/reports/compliance?${query}`);
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid-request' } });
    expect(res.body.detail).toMatch(new RegExp(`^${field}: `));
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
  test('366 days is allowed', async () => {
    const res = await server.call(
      manager,
      'GET',
      '/api/reports/compliance?from=2023-03-15&to=2024-03-15',
    );
    expect(res.status).toBe(200);
  });
});

test('every compliance report is in the audit trail with the cases it drew on', async () => {
  const audit = await server.store.readAudit(0, 100_000);
  const mine = audit.filter(
    (e) => e.action === 'report.compliance' && e.actor.personId === 'ppm.lee',
  );
  expect(mine.length).toBeGreaterThan(0);
  const north = (await server.call(manager, 'GET', '/api/cases?limit=200')).body.cases
    .filter((c: any) => c.team === 'north')
    .map((c: any) => c.id);
  expect(mine[0]!.detail).toEqual({
    from: '2023-08-01',
    to: '2024-04-01',
    teams: ['north'],
    cases: north,
  });
  // Refusals are not reports.
  expect(
    audit.some((e) => e.action === 'report.compliance' && e.actor.personId === 'lawyer.jones'),
  ).toBe(false);
});
