/** The SQLite adapter against the ServiceLog contract, on a real database file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../server/store/sqlite/sqlite-store';
import { SqliteServiceLog } from '../../../server/store/sqlite/sqlite-service-log';
import { MIGRATIONS } from '../../../server/store/sqlite/migrations';
import { serviceLogContract } from '../../contract/service-log.contract';

const NOW = '2026-12-03T12:00:00.000Z';
const clock = { now: () => Date.parse(NOW) };

serviceLogContract('SqliteServiceLog', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-service-')), 'liaison.db');
  return Promise.resolve({
    log: new SqliteServiceLog(openDatabase(path), clock),
    reopen: () => Promise.resolve(new SqliteServiceLog(openDatabase(path), clock)),
    now: NOW,
  });
});

test('migration 8 adds the service log to a database of the version before, keeping its cases', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-service-')), 'liaison.db');
  const old = new Database(path);
  old.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  for (const m of MIGRATIONS.filter((m) => m.version < 8)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, NOW);
  }
  old
    .prepare(
      "INSERT INTO cases (id, header, team, version, created_at, updated_at) VALUES ('C-1', '{}', 'north', 0, ?, ?)",
    )
    .run(NOW, NOW);
  old.close();
  const db = openDatabase(path);
  expect(db.prepare('SELECT id FROM cases').all()).toEqual([{ id: 'C-1' }]);
  expect(db.prepare('SELECT count(*) n FROM service_events').get()).toEqual({ n: 0 });
  db.close();
});
