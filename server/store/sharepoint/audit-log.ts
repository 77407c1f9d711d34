/**
 * The audit trail on `LiaisonAudit`: append-only and hash-chained (../audit-chain.ts), written by
 * several instances at once without forking the chain.
 *
 * - Position: an entry takes `Seq` = head + 1 with `PrevHash` = the head's hash. `Seq` is unique,
 *   so of two writers that saw the same head exactly one gets the position; the other gets 409,
 *   finds the new head and computes its entries again. The chain never forks.
 * - The head is kept in memory and trusted until a write says otherwise, so a writer that is alone
 *   pays nothing to find it. Found afresh (start-up, or after a 409), it is searched for with
 *   `Seq eq a or Seq eq b …` lookups on the unique index (sequences have no gaps, so which exist
 *   tells where the head is): first at head + 1, 2, 4 … 2^30, then 31 points within the remaining
 *   interval, each round one request, until at most 3,000 entries are left, which are read
 *   through their blocks; one round when nobody else wrote, three from nothing over 5,000 entries,
 *   four over a million. No query ever reads more than a few thousand rows of an index, however
 *   long the trail.
 * - Group commit: entries asked for while a write is in flight go together in the next one, up to
 *   20 in one sequential JSON batch (each runs only if the one before it was written).
 * - Every entry carries an `EntryKey`, unique in the list: those that record a step of a change
 *   someone else may finish (an appended event, the audit entry a case change left pending) a key
 *   of that step, the rest a random one. Writing one again (another instance finishing the
 *   change, or a write resent after its answer was lost) is refused as a duplicate, and the
 *   writer then finds it is there and drops it. So an entry is written once.
 * - Reading a run of entries goes through the `Block` index (Seq / 1,000), four blocks a request:
 *   a `Seq gt …` condition alone would read every later entry through the index and fail once
 *   there are 5,000 of them.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, AuditEntry, AuditHead, AuditTrail, Surface } from '../../../core';
import { GENESIS_HASH, auditHash, canonicalJson, type SealKey } from '../audit-chain';
import { AUDIT, AUDIT_BLOCK_SIZE } from './schema';
import {
  anyOf,
  batchError,
  isDuplicateAnswer,
  floorSecond,
  instantOf,
  numberOf,
  textOf,
  title,
  type SiteLists,
} from './lists';

/** An entry to write: the store assigns its position and hashes. */
export interface AuditDraft {
  /** Makes writing it again harmless (EntryKey). */
  key?: string;
  at: string;
  actor: Actor;
  action: string;
  caseId?: string;
  detail?: unknown;
}

interface Queued {
  draft: AuditDraft;
  done: (error?: unknown) => void;
}

const LIST = AUDIT.displayName;
/** Blocks one read asks for: at most 4,000 rows through the index. */
const BLOCKS_A_READ = 4;
/** Lookups in one head-search round. */
const PROBES = 31;
/** A head search reads the last stretch whole once it is this short (at most 4 blocks). */
const RANGE_READ = 3 * AUDIT_BLOCK_SIZE;
/** Rounds of losing the head to other writers before a write gives up. */
const MAX_CONTENTION = 100;

/** The `AuditTrail` port on the site's audit list: reads and exports, stamped with the time now. */
export class SharePointAuditTrail implements AuditTrail {
  constructor(
    private readonly log: AuditLog,
    private readonly now: () => number,
  ) {}

  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void> {
    return this.log.write([{ ...entry, at: new Date(this.now()).toISOString() }]);
  }

  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.log.read(afterSeq, limit);
  }

  auditHead(): Promise<AuditHead | undefined> {
    return this.log.currentHead();
  }
}

export class AuditLog {
  private head: AuditHead | undefined;
  private readonly queue: Queued[] = [];
  private pumping: Promise<void> | undefined;

  constructor(
    private readonly lists: SiteLists,
    /** Seals the entries (absent only in tests of the chain's plain form). */
    private readonly seal?: SealKey,
  ) {}

  /** Writes the entries in order (with whatever else is waiting); resolves once they are stored. */
  write(drafts: AuditDraft[]): Promise<void> {
    if (!drafts.length) return Promise.resolve();
    const settled = drafts.map(
      (draft) =>
        new Promise<void>((resolve, reject) => {
          this.queue.push({
            // Every entry has a key: one whose answer was lost and was sent again is found
            // there, not written twice.
            draft: draft.key === undefined ? { ...draft, key: `entry:${randomUUID()}` } : draft,
            done: (error) =>
              error === undefined
                ? resolve()
                : reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          });
        }),
    );
    this.kick();
    return Promise.all(settled).then(() => undefined);
  }

  /** Starts writing what is queued, unless a write is already running (it will take it). */
  private kick(): void {
    if (this.pumping || !this.queue.length) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      // Entries queued while the last write was finishing.
      this.kick();
    });
  }

  /** Resolves when nothing is waiting to be written. */
  async drain(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    while (this.queue.length) {
      const taken = this.queue.splice(0, 20);
      // The same key twice in one write: the second waits for the first.
      const byKey = new Map<string, Queued[]>();
      const unique: Queued[] = [];
      for (const q of taken) {
        const key = q.draft.key?.toLowerCase();
        if (key === undefined) unique.push(q);
        else if (byKey.has(key)) byKey.get(key)!.push(q);
        else {
          byKey.set(key, [q]);
          unique.push(q);
        }
      }
      const finish = (q: Queued, error?: unknown) => {
        const key = q.draft.key?.toLowerCase();
        for (const each of key === undefined ? [q] : (byKey.get(key) ?? [q])) each.done(error);
      };
      try {
        await this.writeRun(unique, finish);
      } catch (error) {
        for (const q of unique) finish(q, error);
      }
    }
  }

  private async writeRun(
    entries: Queued[],
    finish: (q: Queued, error?: unknown) => void,
  ): Promise<void> {
    let pending = entries;
    for (let contention = 0; pending.length;) {
      const head = (this.head ??= await this.findHead());
      let prev = head;
      const rows = pending.map((q, i) => {
        const seq = head.seq + 1 + i;
        const entry = {
          seq,
          at: floorSecond(q.draft.at),
          actor: cleanActor(q.draft.actor),
          action: q.draft.action,
          caseId: q.draft.caseId,
          detail: q.draft.detail,
        };
        const hash = auditHash(prev.hash, entry, this.seal);
        const fields = {
          Title: title(`${seq}`),
          Seq: seq,
          Block: Math.floor(seq / AUDIT_BLOCK_SIZE),
          At: entry.at,
          PersonId: entry.actor.personId,
          Surface: entry.actor.surface,
          Origin: entry.actor.origin ?? null,
          Action: entry.action,
          CaseId: entry.caseId ?? null,
          Detail: entry.detail === undefined ? null : canonicalJson(entry.detail),
          PrevHash: prev.hash,
          Hash: hash,
          EntryKey: q.draft.key ?? null,
        };
        prev = { seq, hash };
        return { seq, hash, fields };
      });
      const answers = await this.lists.sequence(
        rows.map((row, i) => this.lists.createRequest(String(i + 1), LIST, row.fields)),
      );
      let written = 0;
      for (const answer of answers) {
        if (answer.status !== 201 && answer.status !== 200) break;
        const row = rows[written]!;
        this.head = { seq: row.seq, hash: row.hash };
        finish(pending[written]!);
        written++;
      }
      pending = pending.slice(written);
      if (!pending.length) return;
      const failed = answers[written];
      if (!failed || !isDuplicateAnswer(failed)) {
        throw batchError(failed ?? { id: '?', status: 0, headers: {}, body: undefined }, 'audit');
      }
      // Someone else took the position, or this entry is already there.
      if (++contention > MAX_CONTENTION) throw batchError(failed, 'audit: the head kept moving');
      this.head = await this.findHead(this.head);
      const keys = pending.map((q) => q.draft.key).filter((k): k is string => k !== undefined);
      const there = await this.existingKeys(keys);
      pending = pending.filter((q) => {
        if (q.draft.key === undefined || !there.has(q.draft.key.toLowerCase())) return true;
        finish(q);
        return false;
      });
    }
  }

  /** Which of these entry keys are already in the trail (lower case). */
  private async existingKeys(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 20) {
      const chunk = keys.slice(i, i + 20);
      const items = await this.lists.query(LIST, {
        filter: anyOf('EntryKey', chunk),
        select: ['EntryKey'],
      });
      for (const item of items) {
        const key = textOf(item.fields.EntryKey);
        if (key !== undefined) found.add(key.toLowerCase());
      }
    }
    return found;
  }

  /** The last entry: searched for from `from` (known to exist) upwards. */
  private async findHead(from?: AuditHead): Promise<AuditHead> {
    let lo: AuditHead = from ?? { seq: 0, hash: GENESIS_HASH };
    let hi: number | undefined;
    for (;;) {
      if (hi !== undefined && hi - lo.seq - 1 <= RANGE_READ) {
        // Few enough left to read them all, through the blocks that hold them.
        if (hi - lo.seq - 1 > 0) {
          for (const [seq, hash] of await this.hashes(lo.seq, hi)) {
            if (seq > lo.seq) lo = { seq, hash };
          }
        }
        return lo;
      }
      let candidates: number[];
      if (hi === undefined) {
        candidates = Array.from({ length: PROBES }, (_, i) => lo.seq + 2 ** i);
      } else {
        const step = (hi - lo.seq) / (PROBES + 1);
        candidates = [
          ...new Set(Array.from({ length: PROBES }, (_, i) => lo.seq + Math.ceil(step * (i + 1)))),
        ].filter((c) => c > lo.seq && c < hi!);
      }
      const items = await this.lists.query(LIST, {
        filter: anyOf('Seq', candidates),
        select: ['Seq', 'Hash'],
      });
      const found = new Map<number, string>();
      for (const item of items) {
        const seq = numberOf(item.fields.Seq);
        const hash = textOf(item.fields.Hash);
        if (seq !== undefined && hash !== undefined) found.set(seq, hash);
      }
      for (const c of candidates) {
        const hash = found.get(c);
        if (hash !== undefined && c > lo.seq) lo = { seq: c, hash };
      }
      const missing = candidates.filter((c) => c > lo.seq && !found.has(c));
      if (missing.length) hi = Math.min(hi ?? Infinity, ...missing);
      if (hi !== undefined && hi <= lo.seq + 1) return lo;
    }
  }

  /** Seq and hash of the entries strictly between `after` and `before`. */
  private async hashes(after: number, before: number): Promise<Map<number, string>> {
    const items = await this.lists.query(LIST, {
      // One indexed field a filter, as Microsoft documents: the blocks; the range is kept here.
      filter: anyOf('Block', blocksOf(after + 1, before - 1)),
      select: ['Seq', 'Hash'],
      top: 5000,
    });
    const out = new Map<number, string>();
    for (const item of items) {
      const seq = numberOf(item.fields.Seq);
      const hash = textOf(item.fields.Hash);
      if (seq !== undefined && hash !== undefined && seq > after && seq < before)
        out.set(seq, hash);
    }
    return out;
  }

  /** The head as it is now: what this instance wrote, then searched for from there upwards. */
  async currentHead(): Promise<AuditHead | undefined> {
    await this.drain();
    this.head = await this.findHead(this.head);
    return this.head.seq === 0 ? undefined : { ...this.head };
  }

  async read(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const last = Math.min(afterSeq + limit, (await this.currentHead())?.seq ?? 0);
    const entries: AuditEntry[] = [];
    let from = Math.max(afterSeq, 0);
    while (from < last) {
      const firstBlock = Math.floor((from + 1) / AUDIT_BLOCK_SIZE);
      const to = Math.min(last, (firstBlock + BLOCKS_A_READ) * AUDIT_BLOCK_SIZE - 1);
      const items = await this.lists.query(LIST, {
        filter: anyOf('Block', blocksOf(from + 1, to)),
        top: 5000,
      });
      for (const item of items) {
        const entry = toEntry(item.fields);
        if (entry.seq > from && entry.seq <= to) entries.push(entry);
      }
      from = to;
    }
    return entries.sort((a, b) => a.seq - b.seq).slice(0, limit);
  }
}

/** The blocks holding entries `first` to `last`. */
function blocksOf(first: number, last: number): number[] {
  const from = Math.floor(first / AUDIT_BLOCK_SIZE);
  const to = Math.floor(last / AUDIT_BLOCK_SIZE);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The actor as stored and hashed: no undefined fields, so reading it back hashes the same. */
function cleanActor(actor: Actor): Actor {
  return actor.origin === undefined
    ? { personId: actor.personId, surface: actor.surface }
    : { personId: actor.personId, surface: actor.surface, origin: actor.origin };
}

function toEntry(f: Record<string, unknown>): AuditEntry {
  const actor: Actor = {
    personId: textOf(f.PersonId) ?? '',
    surface: (textOf(f.Surface) ?? '') as Surface,
  };
  const origin = textOf(f.Origin);
  if (origin !== undefined) actor.origin = origin;
  const entry: AuditEntry = {
    seq: numberOf(f.Seq) ?? 0,
    at: instantOf(f.At) ?? '',
    actor,
    action: textOf(f.Action) ?? '',
    prevHash: textOf(f.PrevHash) ?? '',
    hash: textOf(f.Hash) ?? '',
  };
  const caseId = textOf(f.CaseId);
  if (caseId !== undefined) entry.caseId = caseId;
  const detail = textOf(f.Detail);
  if (detail !== undefined) entry.detail = JSON.parse(detail) as unknown;
  return entry;
}
