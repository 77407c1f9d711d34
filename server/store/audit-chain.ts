/**
 * The audit trail's hash chain, shared by every store: each entry's hash covers the previous
 * entry's hash and its own content, so removing, reordering or editing a row is detectable.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../core';

export const GENESIS_HASH = '0'.repeat(64);

/** Keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, entry: Omit<AuditEntry, 'prevHash' | 'hash'>): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export type ChainCheck =
  | { ok: true; entries: number; lastHash: string; lastSeq: number }
  | { ok: false; entries: number; seq: number; problem: string };

/** Checks a run of entries continuing from `prevHash` (and `prevSeq`). */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  start: { prevHash: string; prevSeq: number } = { prevHash: GENESIS_HASH, prevSeq: 0 },
): ChainCheck {
  let { prevHash, prevSeq } = start;
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.seq !== prevSeq + 1) {
      return {
        ok: false,
        entries: count,
        seq: e.seq,
        problem: `expected entry ${prevSeq + 1}, found ${e.seq} (entries removed or reordered)`,
      };
    }
    if (e.prevHash !== prevHash) {
      return {
        ok: false,
        entries: count,
        seq: e.seq,
        problem: 'does not follow the previous entry (entries removed or replaced)',
      };
    }
    if (auditHash(prevHash, e) !== e.hash) {
      return {
        ok: false,
        entries: count,
        seq: e.seq,
        problem: 'content does not match its hash (entry edited)',
      };
    }
    prevHash = e.hash;
    prevSeq = e.seq;
  }
  return { ok: true, entries: count, lastHash: prevHash, lastSeq: prevSeq };
}
