import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { main } from '../../../scripts/audit-verify';
import { newCase } from '../../contract/store-fixtures';

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

async function seeded(entries: number) {
  const db = join(mkdtempSync(join(tmpdir(), 'liaison-audit-')), 'liaison.db');
  const store = openSqliteStore(db, { now: () => Date.parse('2023-05-05T15:00:00Z') });
  const actor = { personId: 'lawyer.jones', surface: 'api' as const };
  await store.createCase(newCase('C-1'), actor);
  for (let i = 1; i < entries; i++)
    await store.audit({ actor, action: 'case.read', caseId: 'C-1' });
  await store.close();
  return db;
}

test('an intact trail verifies, across pages', async () => {
  const db = await seeded(5_200);
  const out = capture();
  expect(await main(['--db', db], out.stream, capture().stream)).toBe(0);
  expect(out.text()).toContain('intact: 5200 entries');
});

test('a removed entry is found and named', async () => {
  const db = await seeded(10);
  const raw = new Database(db);
  raw.exec('DROP TRIGGER audit_append_only_d');
  raw.prepare('DELETE FROM audit WHERE seq = 7').run();
  raw.close();
  const err = capture();
  expect(await main(['--db', db], capture().stream, err.stream)).toBe(1);
  expect(err.text()).toMatch(/Audit entry 8 .*removed/);
});

test('a missing database is a usage error', async () => {
  const err = capture();
  expect(await main(['--db', '/nonexistent/liaison.db'], capture().stream, err.stream)).toBe(2);
  expect(err.text()).toContain('no database');
});
