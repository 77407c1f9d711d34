/** The SQLite adapter against the DigestPreferences contract, on a real database file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../server/store/sqlite/sqlite-store';
import { SqliteDigestPreferences } from '../../../server/store/sqlite/sqlite-digest-preferences';
import { MIGRATIONS } from '../../../server/store/sqlite/migrations';
import { digestPreferencesContract } from '../../contract/digest-preferences.contract';

const NOW = '2026-12-03T12:00:00.000Z';

digestPreferencesContract('SqliteDigestPreferences', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-digest-')), 'liaison.db');
  return Promise.resolve({
    preferences: new SqliteDigestPreferences(openDatabase(path)),
    reopen: () => Promise.resolve(new SqliteDigestPreferences(openDatabase(path))),
  });
});

test('migration 9 adds the table to a database of the version before, keeping its data', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-digest-')), 'liaison.db');
  const old = new Database(path);
  old.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  for (const m of MIGRATIONS.filter((m) => m.version < 9)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, NOW);
  }
  old
    .prepare(
      "INSERT INTO cases (id, header, team, version, created_at, updated_at) VALUES ('C-1', '{}', 'north', 0, ?, ?)",
    )
    .run(NOW, NOW);
  old
    .prepare(
      "INSERT INTO service_events (key, type, body, recorded_at, recorded_by, surface) VALUES ('service-duties.started', 'service-duties.started', '{}', ?, 'system', 'api')",
    )
    .run(NOW);
  old.close();

  const db = openDatabase(path);
  expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'C-1' }]);
  expect(db.prepare('SELECT key FROM service_events').all()).toEqual([
    { key: 'service-duties.started' },
  ]);
  expect(db.prepare('SELECT name FROM schema_migrations WHERE version = 9').get()).toEqual({
    name: MIGRATIONS.find((m) => m.version === 9)!.name,
  });
  expect(db.prepare('SELECT count(*) n FROM digest_preferences').get()).toEqual({ n: 0 });
  const preferences = new SqliteDigestPreferences(db);
  const p = { personId: 'iro.patel', off: true, updatedBy: 'iro.patel', updatedAt: NOW };
  await preferences.saveDigestPreference(p);
  expect(await preferences.digestPreferences()).toStrictEqual([p]);
  db.close();
});
