/**
 * The `CaseLog` port in memory (tests): the same rules as the stores of record — ids unique in
 * any letter case, appends at the version read or a conflict, idempotency keys, and an append's
 * outbox items, members and audit entries written with it or not at all.
 */
import type {
  Actor,
  AppendRequest,
  AppendResult,
  CaseLog,
  CaseMember,
  CaseQuery,
  CaseRecord,
  Clock,
  NewCase,
  RecordedEvent,
} from '../../../core';
import { contentHash, eventDigest } from '../audit-chain';
import type { InMemoryAuditTrail } from './memory-audit-trail';
import type { InMemoryOutbox } from './memory-outbox';

interface StoredCase {
  record: CaseRecord;
  events: RecordedEvent[];
  nextCheckAt?: string;
  keys: Map<string, { requestHash: string; firstSeq: number; count: number; version: number }>;
}

const utc = (iso: string | number) => new Date(iso).toISOString();

export class InMemoryCaseLog implements CaseLog {
  private readonly cases = new Map<string, StoredCase>();

  constructor(
    private readonly clock: Clock,
    private readonly audit: InMemoryAuditTrail,
    private readonly outbox: InMemoryOutbox,
  ) {}

  createCase(c: NewCase, actor: Actor): Promise<CaseRecord | false> {
    const id = c.header.id.toUpperCase();
    if ([...this.cases.keys()].some((k) => k.toUpperCase() === id)) return Promise.resolve(false);
    const now = utc(this.clock.now());
    const record: CaseRecord = {
      ...structuredClone(c),
      members: sortedMembers(c.members),
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.cases.set(c.header.id, { record, events: [], nextCheckAt: now, keys: new Map() });
    this.audit.record(actor, 'case.created', c.header.id, { team: c.team, members: c.members });
    return Promise.resolve(structuredClone(record));
  }

  getCase(id: string): Promise<CaseRecord | undefined> {
    const c = this.cases.get(id);
    return Promise.resolve(c && structuredClone(c.record));
  }

  listCases(q: CaseQuery): Promise<CaseRecord[]> {
    const teams = q.teams ?? [];
    if (!teams.length && q.memberId === undefined) return Promise.resolve([]);
    const found = [...this.cases.values()]
      .map((c) => c.record)
      .filter(
        (r) =>
          (teams.includes(r.team) || r.members.some((m) => m.personId === q.memberId)) &&
          (q.after === undefined || r.header.id > q.after),
      )
      .sort((a, b) => byText(a.header.id, b.header.id))
      .slice(0, q.limit);
    return Promise.resolve(structuredClone(found));
  }

  setMembers(caseId: string, members: CaseMember[], actor: Actor): Promise<boolean> {
    const c = this.cases.get(caseId);
    if (!c) return Promise.resolve(false);
    c.record.members = sortedMembers(members);
    c.record.updatedAt = utc(this.clock.now());
    this.audit.record(actor, 'case.members-set', caseId, { members });
    return Promise.resolve(true);
  }

  readEvents(caseId: string): Promise<RecordedEvent[]> {
    return Promise.resolve(structuredClone(this.cases.get(caseId)?.events ?? []));
  }

  append(req: AppendRequest): Promise<AppendResult> {
    const c = this.cases.get(req.caseId);
    if (!c) return Promise.resolve({ status: 'not-found' });
    const requestHash = req.requestHash ?? contentHash(req.events);
    const seen = req.idempotencyKey === undefined ? undefined : c.keys.get(req.idempotencyKey);
    if (seen) {
      if (seen.requestHash !== requestHash) return Promise.resolve({ status: 'key-reused' });
      return Promise.resolve({
        status: 'replayed',
        version: seen.version,
        events: structuredClone(c.events.slice(seen.firstSeq, seen.firstSeq + seen.count)),
      });
    }
    const from = c.record.version;
    if (from !== req.expectedVersion)
      return Promise.resolve({ status: 'conflict', currentVersion: from });
    const now = utc(this.clock.now());
    const events = req.events.map((event, i): RecordedEvent => {
      const recorded: RecordedEvent = {
        seq: from + i,
        event: structuredClone(event),
        recordedAt: now,
        recordedBy: req.actor.personId,
        surface: req.actor.surface,
      };
      this.audit.record(req.actor, 'event.appended', req.caseId, {
        seq: recorded.seq,
        type: event.type,
        digest: eventDigest(req.caseId, recorded),
      });
      return recorded;
    });
    c.events.push(...events);
    const version = from + events.length;
    Object.assign(c.record, { version, updatedAt: now });
    c.nextCheckAt = now;
    if (req.idempotencyKey !== undefined)
      c.keys.set(req.idempotencyKey, {
        requestHash,
        firstSeq: from,
        count: events.length,
        version,
      });
    if (req.outbox?.length) this.outbox.add(req.outbox);
    const ended = (m: CaseMember) =>
      req.endMembers?.some((e) => e.personId === m.personId && e.role === m.role);
    c.record.members = sortedMembers([
      ...c.record.members.filter((m) => !ended(m)),
      ...(req.addMembers ?? []),
    ]);
    return Promise.resolve({ status: 'appended', version, events: structuredClone(events) });
  }

  casesToCheck(now: string, limit: number): Promise<{ caseId: string; version: number }[]> {
    const at = utc(now);
    return Promise.resolve(
      [...this.cases.values()]
        .filter((c) => c.nextCheckAt !== undefined && c.nextCheckAt <= at)
        // Soonest first, then by id, as the stores of record order them.
        .sort(
          (a, b) =>
            byText(a.nextCheckAt!, b.nextCheckAt!) ||
            byText(a.record.header.id, b.record.header.id),
        )
        .slice(0, limit)
        .map((c) => ({ caseId: c.record.header.id, version: c.record.version })),
    );
  }

  setNextCheck(caseId: string, version: number, at: string | undefined): Promise<void> {
    const c = this.cases.get(caseId);
    if (c?.record.version === version) c.nextCheckAt = at === undefined ? undefined : utc(at);
    return Promise.resolve();
  }
}

/** Members once each, in the order the stores of record give them: by role, then person. */
function sortedMembers(members: readonly CaseMember[]): CaseMember[] {
  const unique = new Map(members.map((m) => [`${m.role}\n${m.personId}`, { ...m }]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, m]) => m);
}

/** Text compared by code unit, as SQLite compares it. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
