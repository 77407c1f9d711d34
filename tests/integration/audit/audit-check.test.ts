/**
 * The server's daily check of the sealed record: it passes on an untouched record and records
 * that it did; when the record was changed behind the app's back it tells every Head of Service
 * (a card or email naming what changed, never a child), once a day while it keeps failing. And
 * events recorded before events were sealed are sealed by the first check, then guarded like any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('2024-03-12T09:00:00Z', { LIAISON_DELIVERY: 'off' });
});
afterAll(async () => server.close());

test('an untouched record passes, and the check is itself audited', async () => {
  await server.auditAnchoring.round();
  const report = await server.auditCheck.round();
  expect(report).toMatchObject({ ok: true, problems: [] });
  expect(report!.events).toBeGreaterThan(0);
  const trail = await server.store.readAudit(0, 100_000);
  expect(trail.at(-1)).toMatchObject({
    action: 'audit.checked',
    detail: { ok: true, problems: 0 },
  });
});

test('an edited event is reported to the Head of Service, once a day', async () => {
  const raw = new Database(join(server.dataDir, 'liaison.db'));
  raw.exec('DROP TRIGGER case_events_append_only_u');
  const row = raw
    .prepare('SELECT case_id, seq, body FROM case_events WHERE body LIKE \'%"ICO"%\' LIMIT 1')
    .get() as { case_id: string; seq: number; body: string };
  raw
    .prepare('UPDATE case_events SET body = ? WHERE case_id = ? AND seq = ?')
    .run(row.body.replace('"ICO"', '"EPO"'), row.case_id, row.seq);
  raw.close();

  const report = await server.auditCheck.round();
  expect(report?.ok).toBe(false);
  expect(report?.problems).toContainEqual(
    expect.stringMatching(
      new RegExp(`^Case ${row.case_id} event ${row.seq} .* does not match its seal`),
    ),
  );
  const notices = (await server.store.outboxForCase('')).filter((i) =>
    i.key.startsWith('audit-check:'),
  );
  expect(notices.map((n) => n.recipient)).toEqual(['hos.evans']);
  // The lease is the instance's own for the hour: a second check the same day tells nobody again.
  await server.auditCheck.round();
  expect(
    (await server.store.outboxForCase('')).filter((i) => i.key.startsWith('audit-check:')),
  ).toHaveLength(1);

  await server.dispatcher.runOnce();
  const mail = readdirSync(join(server.dataDir, 'mail'))
    .map((f) => readFileSync(join(server.dataDir, 'mail', f), 'utf8'))
    .find((m) => m.includes('sealed record'));
  expect(mail).toMatch(/^Subject: .*The sealed record failed its daily check/m);
  expect(mail).toContain(`Case ${row.case_id} event ${row.seq}`);
});
