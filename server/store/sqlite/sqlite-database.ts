/**
 * The embedded SQLite database (better-sqlite3): WAL with full synchronous commits, so a write that
 * returned is on disk; every write in one IMMEDIATE transaction, so several processes sharing the
 * file serialise instead of interleaving. Each store port has its adapter over one connection.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

/** Opens (creating if need be) the database file and brings its schema up to date. */
export function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Made private before SQLite opens it: its -wal and -shm files take the database's mode.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  migrate(db);
  return db;
}

export function migrate(db: Database.Database): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  );
  const applied = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version),
  );
  const ran: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }).immediate();
    ran.push(m.version);
  }
  return ran;
}

/** Instants are kept in one form, UTC, because SQLite compares them as text. */
export const utc = (ms: number) => new Date(ms).toISOString();
export const utcOf = (iso: string) => new Date(iso).toISOString();

/** Writes committed together at most; a bigger burst is split over several commits. */
const MAX_BATCH = 500;

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One connection shared by the port adapters: prepared statements, and writes committed in groups. */
export class SqliteConnection {
  private readonly pending: PendingWrite[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rowStatements = new Map<string, Database.Statement>();
  private flushScheduled = false;

  constructor(readonly db: Database.Database) {}

  /** A prepared statement, prepared once: preparing is most of the cost of a small query. */
  sql<P extends unknown[] = unknown[], R = unknown>(text: string): Database.Statement<P, R> {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement as unknown as Database.Statement<P, R>;
  }

  /**
   * `sql` with each row as an array of its columns in the SELECT's order, not an object made
   * with their names: a third less time for the rows read on every view of a case's page and of
   * the case list. Statements of its own, as raw mode is a setting of the statement.
   */
  rows<P extends unknown[] = unknown[], R extends unknown[] = unknown[]>(
    text: string,
  ): Database.Statement<P, R> {
    let statement = this.rowStatements.get(text);
    if (!statement) this.rowStatements.set(text, (statement = this.db.prepare(text).raw(true)));
    return statement as unknown as Database.Statement<P, R>;
  }

  /**
   * Group commit: writes that arrive together share one transaction, so one disk sync, each in
   * its own savepoint so that a failing write undoes only itself. A write's promise settles
   * after the commit: a resolved write is on disk.
   */
  write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending.splice(0, MAX_BATCH);
    if (this.pending.length) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (!batch.length) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db
        .transaction(() => {
          for (const op of batch) {
            try {
              outcomes.push({ ok: true, value: this.db.transaction(op.run)() });
            } catch (error) {
              outcomes.push({ ok: false, value: error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) op.resolve(outcome.value);
      else op.reject(outcome.value);
    });
  }

  /** Commits the writes already accepted, then closes the file. */
  close(): void {
    while (this.pending.length) this.flush();
    this.db.close();
  }
}
