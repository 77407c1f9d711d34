/**
 * Tamper evidence on the SQLite store: a trail sealed with the key and anchored to its file, then
 * changed behind the app's back in each way an attacker with the database (but not the key or
 * the anchors) might — each one found by `npm run audit:verify`, naming what was changed.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import type { CaseEvent } from '../../../core';
import { main } from '../../../scripts/audit-verify';
import { AuditAnchoring, AuditCheckJob } from '../../../server/audit/audit-jobs';
import { FileAuditAnchor } from '../../../server/audit/file-anchor';
import { loadSealKey } from '../../../server/audit/seal-key';
import { createLogger } from '../../../server/logging';
import { GENESIS_HASH, canonicalJson } from '../../../server/store/audit-chain';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { newCase } from '../../contract/store-fixtures';

const clock = { now: () => Date.parse('2023-05-05T15:00:00Z') };
const actor = { personId: 'lawyer.jones', surface: 'api' as const };
const ico: CaseEvent = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/** A data folder with a case of 3 events and 150 read entries, sealed and anchored. */
async function sealedRecord() {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'liaison-sealed-')), 'data');
  const db = join(dataDir, 'liaison.db');
  const key = loadSealKey({ file: `${dataDir}-seal.key` });
  const store = openSqliteStore(db, clock, key);
  await store.createCase(newCase('C-1'), actor);
  const events: CaseEvent[] = [
    { type: 'application.issued', at: '2023-05-04T10:00:00+01:00' },
    ico,
    { type: 'iro-service.notified', at: '2023-05-05T16:30:00+01:00' },
  ];
  for (const [i, event] of events.entries())
    expect(
      (await store.append({ caseId: 'C-1', expectedVersion: i, events: [event], actor })).status,
    ).toBe('appended');
  for (let i = 0; i < 150; i++) await store.audit({ actor, action: 'case.read', caseId: 'C-1' });
  const anchoring = new AuditAnchoring({
    store,
    anchor: new FileAuditAnchor(`${dataDir}-anchors.log`),
    clock,
    logger: createLogger({ level: 'silent' }),
  });
  expect(await anchoring.round()).toMatchObject({ seq: 154 });
  await store.close();
  const raw = new Database(db);
  raw.exec(
    'DROP TRIGGER audit_append_only_d; DROP TRIGGER audit_append_only_u; DROP TRIGGER case_events_append_only_d; DROP TRIGGER case_events_append_only_u;',
  );
  return { db, raw };
}

async function verify(db: string): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(['--db', db], out.stream, err.stream, {});
  return { code, out: out.text(), err: err.text() };
}

test('an untouched record is intact', async () => {
  const { db, raw } = await sealedRecord();
  raw.close();
  const result = await verify(db);
  expect(result).toMatchObject({ code: 0 });
  expect(result.out).toContain('audit trail intact: 154 entries, 3 events');
});

type Raw = InstanceType<typeof Database>;
const tamperings: [string, (raw: Raw) => void, RegExp][] = [
  [
    'the newest entry deleted',
    (raw) => raw.exec('DELETE FROM audit WHERE seq = 154'),
    /ends at entry 153, but it reached entry 154 when anchored .*: entry 154 was deleted/,
  ],
  [
    'the newest 100 entries deleted',
    (raw) => raw.exec('DELETE FROM audit WHERE seq > 55'),
    /ends at entry 55, but it reached entry 154 .* entries 56–154 were deleted/,
  ],
  [
    'an entry in the middle deleted',
    (raw) => raw.exec('DELETE FROM audit WHERE seq = 40'),
    /Audit entry 41 follows entry 39: entry 40 is missing/,
  ],
  [
    'entry 10 edited and every later hash recomputed without the key',
    (raw) => {
      raw.exec("UPDATE audit SET person_id = 'someone.else' WHERE seq = 10");
      rehashFrom(raw, 10);
    },
    /Audit entry 10 has a plain hash after keyed seals \(the chain was re-hashed without the key\)/,
  ],
  [
    'a forged entry appended with a correct plain hash',
    (raw) => {
      const last = raw.prepare('SELECT hash FROM audit WHERE seq = 154').get() as { hash: string };
      const entry = {
        seq: 155,
        at: '2023-05-05T15:00:00.000Z',
        actor: { personId: 'lawyer.jones', surface: 'api' },
        action: 'case.read',
        caseId: 'C-1',
      };
      raw
        .prepare(
          "INSERT INTO audit (seq, at, person_id, surface, origin, action, case_id, detail, prev_hash, hash) VALUES (155, ?, 'lawyer.jones', 'api', NULL, 'case.read', 'C-1', NULL, ?, ?)",
        )
        .run(entry.at, last.hash, sha(last.hash, entry));
    },
    /Audit entry 155 has a plain hash after keyed seals/,
  ],
  [
    'a forged entry appended with an HMAC under a guessed key',
    (raw) => {
      const last = raw.prepare('SELECT hash FROM audit WHERE seq = 154').get() as { hash: string };
      const keyId = last.hash.slice(5, 13);
      const mac = createHmac('sha256', 'guess').update(last.hash).digest('hex');
      raw
        .prepare(
          "INSERT INTO audit (seq, at, person_id, surface, origin, action, case_id, detail, prev_hash, hash) VALUES (155, '2023-05-05T15:00:00.000Z', 'lawyer.jones', 'api', NULL, 'case.read', 'C-1', NULL, ?, ?)",
        )
        .run(last.hash, `hmac-${keyId}:${mac}`);
    },
    /Audit entry 155 does not match its seal \(entry edited, or forged without the key\)/,
  ],
  [
    'an entry edited in place',
    (raw) => raw.exec("UPDATE audit SET action = 'case.created' WHERE seq = 20"),
    /Audit entry 20 does not match its seal/,
  ],
  [
    'entries reordered',
    (raw) => {
      raw.exec('UPDATE audit SET seq = -1 WHERE seq = 30');
      raw.exec('UPDATE audit SET seq = 30 WHERE seq = 31');
      raw.exec('UPDATE audit SET seq = 31 WHERE seq = -1');
    },
    /Audit entry 30 does not follow the previous entry|Audit entry 30 does not match/,
  ],
  [
    'a recorded ICO turned into an EPO',
    (raw) => {
      const row = raw
        .prepare("SELECT body FROM case_events WHERE case_id = 'C-1' AND seq = 1")
        .get() as {
        body: string;
      };
      raw
        .prepare("UPDATE case_events SET body = ? WHERE case_id = 'C-1' AND seq = 1")
        .run(row.body.replace('"ICO"', '"EPO"'));
    },
    /Case C-1 event 1 \(Emergency protection order made.*\) does not match its seal \(it was edited\)/,
  ],
  [
    'an event date moved to 2020',
    (raw) =>
      raw
        .prepare("UPDATE case_events SET body = ? WHERE case_id = 'C-1' AND seq = 0")
        .run(JSON.stringify({ type: 'application.issued', at: '2020-05-04T10:00:00+01:00' })),
    /Case C-1 event 0 .* does not match its seal \(it was edited\)/,
  ],
  [
    'an event deleted',
    (raw) => raw.exec("DELETE FROM case_events WHERE case_id = 'C-1' AND seq = 2"),
    /Case C-1 event 2 is sealed in the audit trail but missing \(deleted\)/,
  ],
  [
    'an event inserted',
    (raw) =>
      raw
        .prepare(
          "INSERT INTO case_events (case_id, seq, type, body, recorded_at, recorded_by, surface) VALUES ('C-1', 3, 'order.made', ?, '2023-05-05T15:00:00.000Z', 'lawyer.jones', 'api')",
        )
        .run(JSON.stringify({ ...ico, order: 'EPO' })),
    /Case C-1 event 3 .* has no seal \(it was added outside the app\)/,
  ],
];

test.each(tamperings)('%s is found and named', async (_what, tamper, problem) => {
  const { db, raw } = await sealedRecord();
  tamper(raw);
  raw.close();
  const result = await verify(db);
  expect(result.code).toBe(1);
  expect(result.err).toMatch(problem);
});

function sha(prevHash: string, entry: unknown): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(entry))
    .digest('hex');
}

/** What someone with the database but not the key can do: recompute the chain, unkeyed. */
function rehashFrom(raw: Raw, from: number): void {
  type Row = {
    seq: number;
    at: string;
    person_id: string;
    surface: string;
    origin: string | null;
    action: string;
    case_id: string | null;
    detail: string | null;
  };
  const rows = raw.prepare('SELECT * FROM audit WHERE seq >= ? ORDER BY seq').all(from) as Row[];
  let prev =
    (
      raw.prepare('SELECT hash FROM audit WHERE seq = ?').get(from - 1) as
        { hash: string } | undefined
    )?.hash ?? GENESIS_HASH;
  for (const r of rows) {
    const actor: Record<string, string> = { personId: r.person_id, surface: r.surface };
    if (r.origin !== null) actor.origin = r.origin;
    const hash = sha(prev, {
      seq: r.seq,
      at: r.at,
      actor,
      action: r.action,
      caseId: r.case_id ?? undefined,
      detail: r.detail === null ? undefined : (JSON.parse(r.detail) as unknown),
    });
    raw.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

test('events recorded before sealing are sealed by the first check, then guarded', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'liaison-legacy-')), 'data');
  const db = join(dataDir, 'liaison.db');
  // As the store wrote before keys and digests: plain hashes, events' entries without digests.
  const old = openSqliteStore(db, clock);
  await old.createCase(newCase('C-1'), actor);
  await old.append({ caseId: 'C-1', expectedVersion: 0, events: [ico], actor });
  await old.close();
  const raw = new Database(db);
  raw.exec('DROP TRIGGER audit_append_only_u');
  raw.exec(
    `UPDATE audit SET detail = '{"seq":0,"type":"order.made"}' WHERE action = 'event.appended'`,
  );
  rehashFrom(raw, 1);
  raw.close();

  const key = loadSealKey({ file: `${dataDir}-seal.key` });
  const store = openSqliteStore(db, clock, key);
  const anchor = new FileAuditAnchor(`${dataDir}-anchors.log`);
  const check = new AuditCheckJob({
    store,
    key,
    anchor,
    clock,
    logger: createLogger({ level: 'silent' }),
    owner: 'test',
  });
  const report = await check.round();
  expect(report).toMatchObject({ ok: true, events: 1, unsealed: [] });
  expect((await store.readAudit(0, 100)).map((e) => e.action)).toEqual([
    'case.created',
    'event.appended',
    'events.sealed',
    'audit.checked',
  ]);
  await store.close();

  const tampered = new Database(db);
  tampered.exec('DROP TRIGGER case_events_append_only_u');
  tampered.exec(`UPDATE case_events SET body = replace(body, '"ICO"', '"EPO"')`);
  tampered.close();
  const result = await verify(db);
  expect(result.code).toBe(1);
  expect(result.err).toMatch(/Case C-1 event 0 .* does not match its seal/);
});
