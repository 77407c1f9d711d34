/**
 * Whether the embedded store can take writes now, for `/readyz`: a load balancer should stop
 * sending requests to an instance whose every write would fail (a full disk, a database at its
 * size limit) rather than let people's actions end in 500s.
 *
 * Two checks, both cheap: the data folder's file system has room (`statfs`), and the database can
 * grow — 256 KB written in a transaction that is then rolled back, so nothing stays and nothing
 * reaches the disk, but SQLite must find the pages (more than a database's free list normally
 * holds) or fail with SQLITE_FULL.
 */
import { randomUUID } from 'node:crypto';
import { statfsSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** Below this the next batch of writes, or the next WAL checkpoint, may not fit. */
const MIN_FREE_BYTES = 64 * 1024 * 1024;
const PROBE = 'x'.repeat(256 * 1024);

class RolledBack extends Error {}

export function sqliteCanWrite(db: Database.Database, dataDir: string): () => Promise<boolean> {
  // Into the idempotency records because it has a free-form text column; the row never stays.
  const insert = db.prepare(
    "INSERT INTO idempotency_records (scope, key, fingerprint, started_at, lease_until, body) VALUES ('(readiness probe)', ?, '', '', '', ?)",
  );
  const probe = db.transaction(() => {
    insert.run(randomUUID(), PROBE);
    throw new RolledBack();
  });
  const check = (): boolean => {
    const fs = statfsSync(dataDir);
    if (fs.bavail * fs.bsize < MIN_FREE_BYTES) return false;
    try {
      probe.immediate();
    } catch (e) {
      if (!(e instanceof RolledBack)) throw e;
    }
    return true;
  };
  // A failure other than the probe's own rollback rejects: `/readyz` then answers not ready.
  return () => new Promise<boolean>((resolve) => resolve(check()));
}
