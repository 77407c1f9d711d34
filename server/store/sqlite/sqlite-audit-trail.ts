/** The `AuditTrail` port on SQLite: each entry sealed over the one before it (../audit-chain.ts). */
import type { Actor, AuditEntry, AuditHead, AuditTrail, Clock, Surface } from '../../../core';
import { GENESIS_HASH, auditHash, canonicalJson, type SealKey } from '../audit-chain';
import { utc, type SqliteConnection } from './sqlite-database';

interface AuditRow {
  seq: number;
  at: string;
  person_id: string;
  surface: string;
  origin: string | null;
  action: string;
  case_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export class SqliteAuditTrail implements AuditTrail {
  constructor(
    private readonly db: SqliteConnection,
    private readonly clock: Clock,
    private readonly seal?: SealKey,
  ) {}

  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void> {
    const now = utc(this.clock.now());
    return this.db.write(() =>
      appendAudit(this.db, this.seal, now, entry.actor, entry.action, entry.caseId, entry.detail),
    );
  }

  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = this.db
      .sql<[number, number], AuditRow>('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit);
    return Promise.resolve(rows.map(toAuditEntry));
  }

  auditHead(): Promise<AuditHead | undefined> {
    return Promise.resolve(headOf(this.db));
  }
}

/** The last entry's position and seal: through the primary key, one row. */
function headOf(db: SqliteConnection): AuditHead | undefined {
  return db.sql<[], AuditHead>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get();
}

/** Adds an entry within the write transaction that makes the change it records. */
export function appendAudit(
  db: SqliteConnection,
  seal: SealKey | undefined,
  at: string,
  actor: Actor,
  action: string,
  caseId: string | undefined,
  detail: unknown,
): void {
  const last = headOf(db);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const entry = { seq, at, actor: cleanActor(actor), action, caseId, detail };
  const hash = auditHash(prevHash, entry, seal);
  db.sql(
    'INSERT INTO audit (seq, at, person_id, surface, origin, action, case_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    seq,
    at,
    actor.personId,
    actor.surface,
    actor.origin ?? null,
    action,
    caseId ?? null,
    detail === undefined ? null : canonicalJson(detail),
    prevHash,
    hash,
  );
}

/** The actor as stored and hashed: no undefined fields, so reading it back hashes the same. */
function cleanActor(actor: Actor): Actor {
  return actor.origin === undefined
    ? { personId: actor.personId, surface: actor.surface }
    : { personId: actor.personId, surface: actor.surface, origin: actor.origin };
}

function toAuditEntry(r: AuditRow): AuditEntry {
  const actor: Actor = { personId: r.person_id, surface: r.surface as Surface };
  if (r.origin !== null) actor.origin = r.origin;
  const entry: AuditEntry = {
    seq: r.seq,
    at: r.at,
    actor,
    action: r.action,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.case_id !== null) entry.caseId = r.case_id;
  if (r.detail !== null) entry.detail = JSON.parse(r.detail) as unknown;
  return entry;
}
