/** The SQLite adapters against every store port's contract, on a real database file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, openDatabase } from '../../../server/store/sqlite/sqlite-store';
import { verifyChain } from '../../../server/store/audit-chain';
import { MIGRATIONS } from '../../../server/store/sqlite/migrations';
import { storeContracts } from '../../contract/store-contracts';
import { newCase } from '../../contract/store-fixtures';

function fileStore(at = '2023-05-05T15:00:00Z') {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-store-')), 'liaison.db');
  let now = Date.parse(at);
  const clock = { now: () => now };
  return {
    path,
    store: openSqliteStore(path, clock),
    reopen: () => Promise.resolve(openSqliteStore(path, clock)),
    setNow: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

storeContracts('The SQLite store', (at) => Promise.resolve(fileStore(at)));

describe('The SQLite store: specifics', () => {
  const actor = { personId: 'lawyer.jones', surface: 'api' as const };

  test('the database runs in WAL mode with full synchronous commits, at the latest schema', async () => {
    const t = fileStore();
    await t.store.close();
    const db = new Database(t.path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT max(version) v FROM schema_migrations').get()).toEqual({
      v: MIGRATIONS[MIGRATIONS.length - 1]!.version,
    });
    db.close();
    const reopened = openDatabase(t.path);
    expect(reopened.pragma('synchronous', { simple: true })).toBe(2); // FULL
    reopened.close();
  });

  test('migration 6: a store where re-allocated IROs and replaced Guardians stayed on keeps only the latest', async () => {
    const t = fileStore();
    await t.store.createCase(newCase('C-1'), actor);
    await t.store.createCase(newCase('C-2'), actor);
    const name = (type: 'iro.allocated' | 'guardian.appointed', id: string, at: string) =>
      type === 'iro.allocated'
        ? { type, at, iro: { name: id, id } }
        : { type, at, guardian: { name: id, id } };
    // As the app stored them before: each named party added, nobody ended.
    await t.store.append({
      caseId: 'C-1',
      expectedVersion: 0,
      events: [
        name('iro.allocated', 'iro.patel', '2023-05-01T10:00:00+01:00'),
        name('guardian.appointed', 'guardian.rivers', '2023-05-02T10:00:00+01:00'),
        name('iro.allocated', 'iro.smith', '2023-05-03T10:00:00+01:00'),
        name('guardian.appointed', 'guardian.hale', '2023-05-04T10:00:00+01:00'),
      ],
      actor,
      addMembers: [
        { personId: 'iro.patel', role: 'iro' },
        { personId: 'guardian.rivers', role: 'guardian' },
        { personId: 'iro.smith', role: 'iro' },
        { personId: 'guardian.hale', role: 'guardian' },
      ],
    });
    await t.store.append({
      caseId: 'C-2',
      expectedVersion: 0,
      events: [name('iro.allocated', 'iro.patel', '2023-05-01T10:00:00+01:00')],
      actor,
      addMembers: [{ personId: 'iro.patel', role: 'iro' }],
    });
    // An IRO named when the case was opened, with no allocation recorded: stays.
    const opened = newCase('C-3');
    await t.store.createCase(
      { ...opened, members: [...opened.members, { personId: 'iro.patel', role: 'iro' }] },
      actor,
    );
    await t.store.close();
    const db = new Database(t.path);
    db.prepare('DELETE FROM schema_migrations WHERE version = 6').run();
    db.close();

    const store = openSqliteStore(t.path, { now: () => 0 });
    const members = async (id: string) =>
      ((await store.getCase(id))?.members ?? []).map((m) => `${m.role}:${m.personId}`).sort();
    expect(await members('C-1')).toEqual([
      'guardian:guardian.hale',
      'iro:iro.smith',
      'lawyer:lawyer.jones',
      'social-worker:sw.khan',
    ]);
    expect(await members('C-2')).toEqual([
      'iro:iro.patel',
      'lawyer:lawyer.jones',
      'social-worker:sw.khan',
    ]);
    expect(await members('C-3')).toEqual(await members('C-2'));
    await store.close();
  });

  test('the event log and the audit trail refuse updates and deletes', async () => {
    const t = fileStore();
    await t.store.createCase(newCase('C-1'), actor);
    await t.store.append({
      caseId: 'C-1',
      expectedVersion: 0,
      events: [{ type: 'application.issued', at: '2023-05-04T11:00:00+01:00' }],
      actor,
    });
    await t.store.close();
    const db = new Database(t.path);
    expect(() => db.prepare("UPDATE case_events SET body = '{}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM case_events').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    db.close();
  });

  test('someone who edits or removes an audit row behind the triggers is caught by the chain', async () => {
    const t = fileStore();
    await t.store.createCase(newCase('C-1'), actor);
    await t.store.audit({ actor, action: 'case.read', caseId: 'C-1' });
    await t.store.audit({ actor, action: 'case.read', caseId: 'C-1' });
    await t.store.close();

    const db = new Database(t.path);
    db.exec('DROP TRIGGER audit_append_only_u; DROP TRIGGER audit_append_only_d;');
    db.prepare("UPDATE audit SET person_id = 'someone.else' WHERE seq = 2").run();
    db.close();
    let store = openSqliteStore(t.path, { now: () => 0 });
    expect(verifyChain(await store.readAudit(0, 100))).toMatchObject({ ok: false, seq: 2 });
    await store.close();

    const db2 = new Database(t.path);
    db2.prepare("UPDATE audit SET person_id = 'lawyer.jones' WHERE seq = 2").run();
    db2.prepare('DELETE FROM audit WHERE seq = 2').run();
    db2.close();
    store = openSqliteStore(t.path, { now: () => 0 });
    expect(verifyChain(await store.readAudit(0, 100))).toMatchObject({ ok: false, seq: 3 });
    await store.close();
  });
});
