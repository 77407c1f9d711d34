/**
 * The `IdempotencyRecords` port on the embedded SQLite file (`idempotency_records`, migration 10),
 * on the same connection as the case store. A claim reads and writes in one transaction, so of two
 * requests with the same key at once exactly one is worked on.
 */
import type Database from 'better-sqlite3';
import {
  mayTakeOver,
  type Claim,
  type IdempotencyRecord,
  type IdempotencyRecords,
  type StoredAnswer,
} from '../../../core';

interface Row {
  scope: string;
  key: string;
  fingerprint: string;
  started_at: string;
  lease_until: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

function toRecord(r: Row): IdempotencyRecord {
  const record: IdempotencyRecord = {
    scope: r.scope,
    key: r.key,
    fingerprint: r.fingerprint,
    startedAt: r.started_at,
    leaseUntil: r.lease_until,
  };
  if (r.status !== null)
    record.answer = { status: r.status, contentType: r.content_type ?? '', body: r.body ?? '' };
  return record;
}

export class SqliteIdempotencyRecords implements IdempotencyRecords {
  private readonly claimTx: (r: Parameters<IdempotencyRecords['claim']>[0]) => Claim;

  constructor(private readonly db: Database.Database) {
    const find = db.prepare<[string, string], Row>(
      'SELECT * FROM idempotency_records WHERE scope = ? AND key = ?',
    );
    const put = db.prepare(
      `INSERT INTO idempotency_records (scope, key, fingerprint, started_at, lease_until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET
         fingerprint = excluded.fingerprint, started_at = excluded.started_at,
         lease_until = excluded.lease_until, status = NULL, content_type = NULL, body = NULL`,
    );
    const claim = db.transaction((r: Parameters<IdempotencyRecords['claim']>[0]): Claim => {
      const row = find.get(r.scope, r.key);
      const found = row && toRecord(row);
      if (!mayTakeOver(found, r)) return { outcome: 'seen', record: found! };
      put.run(r.scope, r.key, r.fingerprint, r.now, r.leaseUntil);
      return { outcome: 'claimed' };
    });
    this.claimTx = (r) => claim.immediate(r);
  }

  claim(r: Parameters<IdempotencyRecords['claim']>[0]): Promise<Claim> {
    return Promise.resolve(this.claimTx(r));
  }

  answer(scope: string, key: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    this.db
      .prepare(
        'UPDATE idempotency_records SET status = ?, content_type = ?, body = ? WHERE scope = ? AND key = ? AND fingerprint = ?',
      )
      .run(answer.status, answer.contentType, answer.body, scope, key, fingerprint);
    return Promise.resolve();
  }

  release(scope: string, key: string, fingerprint: string): Promise<void> {
    this.db
      .prepare(
        'DELETE FROM idempotency_records WHERE scope = ? AND key = ? AND fingerprint = ? AND status IS NULL',
      )
      .run(scope, key, fingerprint);
    return Promise.resolve();
  }

  forget(before: string): Promise<number> {
    return Promise.resolve(
      this.db.prepare('DELETE FROM idempotency_records WHERE started_at < ?').run(before).changes,
    );
  }
}
