/**
 * The weekly digest over real HTTP on the demo cases: on the council's day (Monday 08:00) each
 * person with something late or due hears of it once, by email here; a person may move theirs to
 * another day or turn it off.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('2026-12-06T12:00:00Z');
});
afterAll(() => server.close());

const digests = (to: string) => {
  const dir = join(server.dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((m) => /^Subject: Your week from /m.test(m) && m.includes(`To: ${to}`));
};

test('Monday 08:00: one digest each, case by case; managers get their teams’ late list', async () => {
  await server.deliver();
  expect(digests('Lee Jones (lawyer)')).toEqual([]);

  server.setNow('2026-12-07T08:00:30Z');
  await server.deliver();
  const [jones, ...more] = digests('Lee Jones (lawyer)');
  expect(more).toEqual([]);
  expect(jones).toMatch(/^Subject: Your week from Mon 7 Dec 2026: \d+ late/m);
  expect(jones).toMatch(/^C-10\d\d \([A-Z]\.[A-Z]\.\)$/m);
  expect(jones).toContain('Open My deadlines in IRO Liaison: ');
  const [manager] = digests('Jo Lee (Permanency Progression Manager)');
  expect(manager).toContain('Late on team north');

  // A second round the same week sends nothing more.
  server.setNow('2026-12-07T09:00:00Z');
  await server.deliver();
  expect(digests('Lee Jones (lawyer)')).toHaveLength(1);
});

test('a person moves theirs to Wednesday, or turns it off', async () => {
  const jones = await server.signIn('lawyer.jones');
  expect((await server.call(jones, 'GET', '/api/me/digest')).body).toEqual({
    off: false,
    councilDay: 'monday',
    when: "Mondays at 08:00 (the council's day).",
  });
  const moved = await server.call(jones, 'PUT', '/api/me/digest', { off: false, day: 'wednesday' });
  expect(moved.status).toBe(200);
  expect(moved.body.message).toBe('Your weekly digest: Wednesdays at 08:00.');
  const bad = await server.call(jones, 'PUT', '/api/me/digest', { off: false, day: 'someday' });
  expect(bad.status).toBe(400);

  server.setNow('2026-12-14T08:00:30Z');
  await server.deliver();
  expect(digests('Lee Jones (lawyer)')).toHaveLength(1);
  server.setNow('2026-12-16T08:00:30Z');
  await server.deliver();
  expect(digests('Lee Jones (lawyer)')).toHaveLength(2);

  await server.call(jones, 'PUT', '/api/me/digest', { off: true });
  server.setNow('2026-12-23T08:00:30Z');
  await server.deliver();
  expect(digests('Lee Jones (lawyer)')).toHaveLength(2);
});
