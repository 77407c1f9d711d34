/**
 * The audit trail's sealed chain, shared by every store: each entry's seal covers the previous
 * entry's seal and its own content, so removing, reordering or editing a row breaks the chain.
 *
 * Seals are keyed (HMAC-SHA-256, `hmac-<key id>:<hex>`) with a key the store never holds (Key
 * Vault in Azure, a file outside the data folder in local mode): whoever can write the store but
 * not read the key cannot recompute the chain after an edit, nor add an entry that fits. Entries
 * written before the key was configured keep their plain SHA-256 hash; once one entry is keyed,
 * every later one must be. Each recorded case event is sealed too: its `event.appended` entry
 * carries the event's digest, so an edited, deleted or inserted event shows against the chain.
 * The tail is covered by anchors (see server/audit/): the chain's head, kept where the store's
 * own credentials cannot rewrite it.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditEntry, RecordedEvent } from '../../core';

export const GENESIS_HASH = '0'.repeat(64);

/** The key that seals the chain; `id` (not secret) names it in every seal it made. */
export interface SealKey {
  id: string;
  secret: Buffer;
}

export function sealKeyOf(secret: Buffer): SealKey {
  const id = createHash('sha256')
    .update('iro-liaison seal key id\n')
    .update(secret)
    .digest('hex')
    .slice(0, 8);
  return { id, secret };
}

const KEYED = /^hmac-([0-9a-f]{8}):([0-9a-f]{64})$/;

/** Whether a seal was made with a key (and which), or is a plain SHA-256 hash. */
export function sealKind(hash: string): { keyId: string } | undefined {
  const m = KEYED.exec(hash);
  return m ? { keyId: m[1]! } : undefined;
}

/**
 * What sealing an event commits to: where it is (case and position), what it says, and who
 * recorded it when and from where — as the store gives it back.
 */
export function eventDigest(caseId: string, e: RecordedEvent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        caseId,
        seq: e.seq,
        event: e.event,
        recordedAt: e.recordedAt,
        recordedBy: e.recordedBy,
        surface: e.surface,
      }),
    )
    .digest('hex');
}

/** SHA-256 of a value's canonical JSON: the same content, however its keys were ordered. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** An entry's seal: keyed when there is a key, else (entries of before the key) plain SHA-256. */
export function auditHash(
  prevHash: string,
  entry: Omit<AuditEntry, 'prevHash' | 'hash'>,
  key?: SealKey,
): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
  });
  if (!key) return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
  const mac = createHmac('sha256', key.secret).update(prevHash).update('\n').update(content);
  return `hmac-${key.id}:${mac.digest('hex')}`;
}

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string; lastSeq: number; keyed: boolean }
  | { ok: false; entries: number; seq: number; problem: string };

/**
 * Checks a run of entries continuing from `prevHash` (and `prevSeq`). With the key, keyed seals
 * are checked and a plain hash after a keyed one is refused (a chain re-hashed without the key);
 * without it, only plain hashes can be checked and a keyed one is reported as such.
 */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  start: { prevHash: string; prevSeq: number; keyed?: boolean } = {
    prevHash: GENESIS_HASH,
    prevSeq: 0,
  },
  key?: SealKey,
): ChainCheck {
  let { prevHash, prevSeq } = start;
  let keyed = start.keyed ?? false;
  let count = 0;
  const broken = (seq: number, problem: string): ChainCheck => ({
    ok: false,
    entries: count,
    seq,
    problem,
  });
  for (const e of entries) {
    count++;
    if (e.seq !== prevSeq + 1) {
      return broken(
        e.seq,
        e.seq > prevSeq + 1
          ? `follows entry ${prevSeq}: ${e.seq - 1 === prevSeq + 1 ? `entry ${prevSeq + 1} is` : `entries ${prevSeq + 1}–${e.seq - 1} are`} missing (removed)`
          : `comes after entry ${prevSeq} (entries reordered or inserted)`,
      );
    }
    if (e.prevHash !== prevHash) {
      return broken(e.seq, 'does not follow the previous entry (entries removed or replaced)');
    }
    const kind = sealKind(e.hash);
    if (kind) {
      if (!key) return broken(e.seq, 'is sealed with a key; give the key to check it');
      if (kind.keyId !== key.id)
        return broken(e.seq, `is sealed with another key (${kind.keyId}, not ${key.id})`);
      keyed = true;
    } else if (keyed) {
      return broken(
        e.seq,
        'has a plain hash after keyed seals (the chain was re-hashed without the key)',
      );
    }
    if (auditHash(prevHash, e, kind ? key : undefined) !== e.hash) {
      return broken(
        e.seq,
        kind
          ? 'does not match its seal (entry edited, or forged without the key)'
          : 'content does not match its hash (entry edited)',
      );
    }
    prevHash = e.hash;
    prevSeq = e.seq;
  }
  return { ok: true, entries: count, lastHash: prevHash, lastSeq: prevSeq, keyed };
}
