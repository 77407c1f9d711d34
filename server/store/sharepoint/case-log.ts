/**
 * Cases and their event logs on `LiaisonCases`, `LiaisonCaseEvents`, `LiaisonIdempotencyKeys` and
 * `LiaisonCaseMembers`. The design (commit record, pending marker, roll-forward) is described in
 * sharepoint-store.ts; this module carries it out.
 *
 * One file because the commit, the marker and the roll-forward depend on each other step by step;
 * apart, the crash-safety argument could not be read whole.
 */
import { randomUUID } from 'node:crypto';
import type {
  Actor,
  AppendRequest,
  AppendResult,
  CaseEvent,
  CaseHeader,
  CaseLog,
  CaseMember,
  CaseQuery,
  CaseRecord,
  NewCase,
  NewOutboxItem,
  RecordedEvent,
  Surface,
} from '../../../core';
import { contentHash, eventDigest } from '../audit-chain';
import type { AuditDraft, AuditLog } from './audit-log';
import {
  anyOf,
  isDuplicateAnswer,
  isRefusal,
  batchError,
  createdOf,
  eq,
  etagOfFields,
  floorSecond,
  instantOf,
  jsonOf,
  le,
  MAX_ROUNDS,
  numberOf,
  textOf,
  title,
  type Fields,
  type ListItem,
  type SiteLists,
} from './lists';
import { SharePointOutbox } from './outbox';
import {
  CASES,
  CASE_EVENTS,
  CASE_MEMBERS,
  IDEMPOTENCY_KEYS,
  OUTBOX,
  eventKey,
  idempotencyKeyId,
  memberKey,
} from './schema';

/** Work a change started on a case and left for whoever reads the case next to finish. */
interface Pending {
  /** An append is committing (or committed) its first event at this position. */
  append?: { seq: number };
  /** Audit entries to write (each with a key, so writing one twice adds nothing). */
  audit?: AuditDraft[];
}

/**
 * The first event item of an append carries the whole append: writing it (its `EventKey` is
 * unique) is the commit, and everything else the append does is derived from it.
 */
interface Commit {
  /**
   * This writer's own mark on its commit: when the answer to writing it is lost (a 503, a
   * timeout, a reset connection) or the write is resent, the commit found at the position is
   * recognised as this one, not someone else's.
   */
  nonce?: string;
  events: CaseEvent[];
  /** To the second, as SharePoint keeps it. */
  at: string;
  actor: Actor;
  idempotency?: { key: string; hash: string };
  outbox?: NewOutboxItem[];
  addMembers?: CaseMember[];
  endMembers?: CaseMember[];
}

interface CaseItem {
  id: number;
  eTag: string;
  fields: Fields;
  caseId: string;
  team: string;
  header: CaseHeader;
  version: number;
  createdAt: string;
  updatedAt: string;
  nextCheckAt?: string;
  members: CaseMember[];
  pending: Pending;
}

interface KeyRecord {
  requestHash: string;
  firstSeq: number;
  count: number;
  version: number;
}

/** Values in one `(c eq a or c eq b …)` lookup. */
const LOOKUP = 20;

export class SharePointCaseLog implements CaseLog {
  /** Roll-forwards and settles in flight in this instance, so it does each once at a time. */
  private readonly rolling = new Map<string, Promise<CaseItem>>();
  private readonly settling = new Map<string, Promise<CaseItem>>();

  constructor(
    private readonly lists: SiteLists,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  // ---- reading ---------------------------------------------------------------------------

  private async readCase(caseId: string): Promise<CaseItem | undefined> {
    const items = await this.lists.query(CASES.displayName, { filter: eq('CaseId', caseId) });
    const item = items.find((i) => i.fields.CaseId === caseId);
    return item && toCaseItem(item);
  }

  /** The case with any unfinished change finished first. */
  async current(caseId: string): Promise<CaseItem | undefined> {
    const item = await this.readCase(caseId);
    return item && this.settle(item);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const item = await this.current(caseId);
    return item && toRecord(item);
  }

  async readEvents(caseId: string): Promise<RecordedEvent[]> {
    const items = await this.lists.query(CASE_EVENTS.displayName, {
      filter: eq('CaseId', caseId),
      top: 1000,
    });
    const bySeq = new Map<number, RecordedEvent>();
    const commits: [number, Commit][] = [];
    for (const item of items) {
      const f = item.fields;
      if (f.CaseId !== caseId) continue;
      const seq = numberOf(f.Seq);
      if (seq === undefined) continue;
      bySeq.set(seq, {
        seq,
        event: jsonOf<CaseEvent>(f.Body)!,
        recordedAt: instantOf(f.RecordedAt) ?? '',
        recordedBy: textOf(f.RecordedBy) ?? '',
        surface: (textOf(f.Surface) ?? '') as Surface,
      });
      const commit = jsonOf<Commit>(f.Commit);
      if (commit) commits.push([seq, commit]);
    }
    // A committed append whose later events are not all written yet: they are in its commit.
    for (const [seq, commit] of commits) {
      for (const e of recorded(seq, commit)) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
    }
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  async listCases(q: CaseQuery): Promise<CaseRecord[]> {
    const teams = q.teams ?? [];
    if ((!teams.length && q.memberId === undefined) || q.limit <= 0) return [];
    const after = q.after;
    const found = new Map<string, CaseItem>();
    const later = (id: string) => after === undefined || id > after;

    if (teams.length) {
      // One query a team, on the one indexed field: every case of the team, in pages. The order
      // and the page are made here — the list items documentation promises neither `$orderby`
      // nor a second indexed field in a filter.
      const unique = [...new Set(teams)];
      const byTeam = await Promise.all(
        unique.map((team) => this.lists.where(CASES.displayName, 'Team', team)),
      );
      const items = byTeam
        .flat()
        .filter((x) => later(x.fields.CaseId as string))
        .sort((a, b) => byText(a.fields.CaseId as string, b.fields.CaseId as string))
        .slice(0, q.limit);
      for (const item of items) found.set(item.fields.CaseId as string, toCaseItem(item));
    }

    if (q.memberId !== undefined) {
      const person = q.memberId;
      const index = await this.lists.where(CASE_MEMBERS.displayName, 'PersonId', person, 1000);
      const candidates = [
        ...new Set(
          index
            .map((i) => i.fields.CaseId as string)
            .filter((id) => typeof id === 'string' && later(id) && !found.has(id)),
        ),
      ].sort(byText);
      // The index may name a case the person has left (it is never pruned): the case decides.
      let verified = 0;
      for (let i = 0; i < candidates.length && verified < q.limit; i += LOOKUP) {
        for (const item of await this.readCases(candidates.slice(i, i + LOOKUP))) {
          if (item.members.some((m) => m.personId === person)) {
            found.set(item.caseId, item);
            verified++;
          }
        }
      }
    }

    const page = [...found.values()].sort((a, b) => byText(a.caseId, b.caseId)).slice(0, q.limit);
    const settled = await Promise.all(page.map((item) => this.settle(item)));
    return settled.map(toRecord);
  }

  private async readCases(ids: string[]): Promise<CaseItem[]> {
    if (!ids.length) return [];
    const wanted = new Set(ids);
    const items = await this.lists.query(CASES.displayName, { filter: anyOf('CaseId', ids) });
    return items.filter((i) => wanted.has(i.fields.CaseId as string)).map(toCaseItem);
  }

  async casesToCheck(now: string, limit: number): Promise<{ caseId: string; version: number }[]> {
    if (limit <= 0) return [];
    // The cases due, a page at a time until there are enough (ordered below, not by SharePoint):
    // each round checks all that are due, so which come first matters little.
    const items = await this.lists.scan(
      CASES.displayName,
      { filter: le('NextCheckAt', floorSecond(now)), top: Math.min(5000, Math.max(limit, 100)) },
      (so) => so.length >= limit,
    );
    const due = await Promise.all(items.map((i) => this.settle(toCaseItem(i))));
    const at = Date.parse(now);
    return due
      .filter((c) => c.nextCheckAt !== undefined && Date.parse(c.nextCheckAt) <= at)
      .sort(
        (a, b) =>
          Date.parse(a.nextCheckAt!) - Date.parse(b.nextCheckAt!) || byText(a.caseId, b.caseId),
      )
      .map((c) => ({ caseId: c.caseId, version: c.version }));
  }

  // ---- changing a case -------------------------------------------------------------------

  async createCase(c: NewCase, actor: Actor): Promise<CaseRecord | false> {
    const caseId = c.header.id;
    const now = floorSecond(this.now());
    const members = normalise(c.members);
    // The membership index first: an entry for a case that never came to be is ignored.
    const indexed = await this.indexMembers(caseId, members);
    const draft: AuditDraft = {
      key: `case.created:${caseId}`,
      at: now,
      actor,
      action: 'case.created',
      caseId,
      detail: { team: c.team, members: c.members },
    };
    const created = await this.lists.create(CASES.displayName, {
      Title: title(caseId),
      CaseId: caseId,
      Team: c.team,
      Header: JSON.stringify(c.header),
      CaseVersion: 0,
      CreatedAt: now,
      UpdatedAt: now,
      NextCheckAt: now,
      Members: JSON.stringify(members),
      Pending: pendingJson({ audit: [draft] }),
    });
    if (created === 'exists') {
      // The id is taken: the index entries this call made are wrong unless that case has the
      // same member (its creator, racing this call, relied on the entry being there).
      const existing = await this.readCase(caseId);
      const holds = new Set(existing?.members.map((m) => `${m.role}\u0000${m.personId}`));
      await this.lists.batch(
        indexed
          .filter(
            (item) =>
              !holds.has(`${String(item.fields.Role)}\u0000${String(item.fields.PersonId)}`),
          )
          .map((item) =>
            this.lists.deleteRequest(String(item.id), CASE_MEMBERS.displayName, item.id, item.eTag),
          ),
      );
      return false;
    }
    return toRecord(await this.settle(toCaseItem(created)));
  }

  async setMembers(caseId: string, members: CaseMember[], actor: Actor): Promise<boolean> {
    const now = floorSecond(this.now());
    const wanted = normalise(members);
    let item = await this.current(caseId);
    if (!item) return false;
    await this.indexMembers(caseId, wanted);
    const draft: AuditDraft = {
      key: `case.members-set:${caseId}:${randomUUID()}`,
      at: now,
      actor,
      action: 'case.members-set',
      caseId,
      detail: { members },
    };
    item = await this.change(item, (c) => ({
      Members: JSON.stringify(wanted),
      UpdatedAt: now,
      Pending: pendingJson({ ...c.pending, audit: [...(c.pending.audit ?? []), draft] }),
    }));
    await this.settle(item);
    return true;
  }

  async setNextCheck(caseId: string, version: number, at: string | undefined): Promise<void> {
    const item = await this.current(caseId);
    if (!item) return;
    await this.change(item, (c) =>
      c.version === version
        ? { NextCheckAt: at === undefined ? null : floorSecond(at) }
        : undefined,
    );
  }

  async append(req: AppendRequest): Promise<AppendResult> {
    const requestHash = req.requestHash ?? contentHash(req.events);
    const keyId =
      req.idempotencyKey === undefined
        ? undefined
        : idempotencyKeyId(req.caseId, req.idempotencyKey);
    /** The commit this call sent whose outcome it has not seen: looked for before anything else. */
    let sent: { seq: number; nonce: string } | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // The case and what its idempotency key already did, in one round trip.
      let [item, seen] = await this.readCaseAndKey(req.caseId, keyId);
      if (!item) return { status: 'not-found' };
      if (isPending(item.pending)) {
        const settled = await this.settle(item);
        if (settled.eTag !== item.eTag && keyId !== undefined) seen = await this.readKey(keyId);
        item = settled;
      }
      if (sent) {
        // Our commit went in although we never heard so (settling just rolled it forward).
        const found = await this.findCommit(req.caseId, sent.seq);
        if (found?.nonce === sent.nonce && item.version > sent.seq)
          return {
            status: 'appended',
            version: sent.seq + found.events.length,
            events: recorded(sent.seq, found),
          };
      }
      if (seen) {
        if (seen.requestHash !== requestHash) return { status: 'key-reused' };
        return {
          status: 'replayed',
          version: seen.version,
          events: (await this.readCommit(req.caseId, seen.firstSeq)).events,
        };
      }
      if (item.version !== req.expectedVersion) {
        return { status: 'conflict', currentVersion: item.version };
      }
      if (!req.events.length) return this.appendNothing(item, req);

      const seq = item.version;
      const commit: Commit = {
        nonce: randomUUID(),
        events: req.events,
        at: floorSecond(this.now()),
        actor: cleanActor(req.actor),
      };
      if (req.idempotencyKey !== undefined) {
        commit.idempotency = { key: req.idempotencyKey, hash: requestHash };
      }
      if (req.outbox?.length) commit.outbox = req.outbox;
      if (req.addMembers?.length) commit.addMembers = req.addMembers;
      if (req.endMembers?.length) commit.endMembers = req.endMembers;
      // Checked before the commit: a bad outbox key must not leave a commit nobody can finish.
      for (const o of req.outbox ?? []) SharePointOutbox.fields(o, commit.at);

      // The marker, then the commit, in one round trip: the service writes the commit only if
      // the marker went in on the eTag just read (the case has not moved).
      const pending = pendingJson({ ...item.pending, append: { seq } });
      sent = { seq, nonce: commit.nonce! };
      let answers;
      try {
        answers = await this.lists.sequence([
          this.lists.updateRequest('marker', CASES.displayName, item.id, item.eTag, {
            Pending: pending,
          }),
          this.lists.createRequest(
            'commit',
            CASE_EVENTS.displayName,
            eventFields(req.caseId, seq, commit, 0),
          ),
        ]);
      } catch (error) {
        // No answer, or Graph's own failure: whether it was written is unknown, so the next
        // round reads the position back before anything is sent again.
        if (isRefusal(error)) throw error;
        continue;
      }
      const [marker, committed] = answers;
      if (marker?.status === 412) continue; // the case changed since it was read (or we did)
      if (marker?.status !== 200) throw batchError(marker!, `marking ${req.caseId}`);
      if (committed && isDuplicateAnswer(committed)) {
        // A commit is at this position already: ours resent (the next round recognises it), or
        // another writer's — finish theirs (as any reader would), then read again, which
        // answers conflict (or replayed).
        const theirs = await this.findCommit(req.caseId, seq);
        const marked = withFields(item, { Pending: pending }, etagOfFields(marker.body as Fields));
        if (theirs) await this.rollForward(marked, seq, theirs);
        continue;
      }
      if (committed?.status !== 201) throw batchError(committed!, `appending to ${req.caseId}`);

      const marked = withFields(item, { Pending: pending }, etagOfFields(marker.body as Fields));
      await this.rollForward(marked, seq, commit);
      return {
        status: 'appended',
        version: seq + req.events.length,
        events: recorded(seq, commit),
      };
    }
    throw new Error(`${req.caseId} kept changing while appending to it`);
  }

  /** An append without events: its outbox items and members, at the same version. */
  private async appendNothing(item: CaseItem, req: AppendRequest): Promise<AppendResult> {
    const now = floorSecond(this.now());
    if (req.outbox?.length) {
      await this.lists.batch(
        req.outbox.map((o, i) =>
          this.lists.createRequest(String(i), OUTBOX.displayName, SharePointOutbox.fields(o, now)),
        ),
      );
    }
    if (req.addMembers?.length || req.endMembers?.length) {
      const members = membersAfter(item.members, req);
      await this.indexMembers(item.caseId, members);
      await this.change(item, () => ({ Members: JSON.stringify(members), UpdatedAt: now }));
    }
    return { status: 'appended', version: item.version, events: [] };
  }

  private async readCaseAndKey(
    caseId: string,
    keyId: string | undefined,
  ): Promise<[CaseItem | undefined, KeyRecord | undefined]> {
    if (keyId === undefined) return [await this.readCase(caseId), undefined];
    const answers = await this.lists.batch([
      this.lists.queryRequest('case', CASES.displayName, { filter: eq('CaseId', caseId) }),
      this.lists.queryRequest('key', IDEMPOTENCY_KEYS.displayName, { filter: eq('KeyId', keyId) }),
    ]);
    const cases = await this.lists.itemsOf(answers.get('case'), `reading ${caseId}`);
    const keys = await this.lists.itemsOf(answers.get('key'), `reading a key of ${caseId}`);
    const item = cases.find((i) => i.fields.CaseId === caseId);
    return [item && toCaseItem(item), toKeyRecord(keys, keyId)];
  }

  private async readKey(keyId: string): Promise<KeyRecord | undefined> {
    const items = await this.lists.query(IDEMPOTENCY_KEYS.displayName, {
      filter: eq('KeyId', keyId),
    });
    return toKeyRecord(items, keyId);
  }

  /** The commit at a position; an error if there is none (the log says there must be). */
  private async readCommit(
    caseId: string,
    seq: number,
  ): Promise<{ commit: Commit; events: RecordedEvent[] }> {
    const commit = await this.findCommit(caseId, seq);
    if (!commit) throw new Error(`${caseId} has no append starting at ${seq}`);
    return { commit, events: recorded(seq, commit) };
  }

  private async findCommit(caseId: string, seq: number): Promise<Commit | undefined> {
    const key = eventKey(caseId, seq);
    const items = await this.lists.query(CASE_EVENTS.displayName, { filter: eq('EventKey', key) });
    const item = items.find((i) => i.fields.EventKey === key);
    if (!item) return undefined;
    const commit = jsonOf<Commit>(item.fields.Commit);
    if (!commit) throw new Error(`${key} is in the log but begins no append`);
    return commit;
  }

  // ---- finishing what was started --------------------------------------------------------

  /**
   * Finishes whatever the case's `Pending` says was started: an append whose commit is in the
   * log is rolled forward; audit entries left to write are written and taken off. An append
   * marker with no commit behind it (the writer stopped before committing, or is committing now)
   * is left as it is: the case is at its version.
   */
  private settle(item: CaseItem): Promise<CaseItem> {
    if (!isPending(item.pending)) return Promise.resolve(item);
    const key = item.caseId.toLowerCase();
    const running = this.settling.get(key);
    if (running) return running;
    const run = this.settleNow(item).finally(() => this.settling.delete(key));
    this.settling.set(key, run);
    return run;
  }

  private async settleNow(item: CaseItem): Promise<CaseItem> {
    let c = item;
    const seq = c.pending.append?.seq;
    if (seq !== undefined && seq === c.version) {
      const commit = await this.findCommit(c.caseId, seq);
      if (commit) c = await this.rollForward(c, seq, commit);
    }
    const drafts = c.pending.audit ?? [];
    if (drafts.length) {
      await this.audit.write(drafts);
      const written = new Set(drafts.map((d) => d.key));
      c = await this.change(c, (now) => {
        const left = (now.pending.audit ?? []).filter((d) => !written.has(d.key));
        if (left.length === (now.pending.audit ?? []).length) return undefined;
        return { Pending: pendingJson({ ...now.pending, audit: left }) };
      });
    }
    return c;
  }

  /**
   * Everything a committed append does besides its commit, each step harmless to repeat: its
   * other events, its idempotency record, its outbox items and its new members' index entries
   * (unique keys: a second write gets 409), its audit entries (unique EntryKey), and last the case
   * item (version, times, members, marker off) with If-Match. Whoever finds the commit does this:
   * the appender at once, anyone else if the appender stopped on the way.
   */
  private rollForward(item: CaseItem, seq: number, commit: Commit): Promise<CaseItem> {
    const key = `${item.caseId.toLowerCase()}:${seq}`;
    const running = this.rolling.get(key);
    if (running) return running;
    const run = this.rollForwardNow(item, seq, commit).finally(() => this.rolling.delete(key));
    this.rolling.set(key, run);
    return run;
  }

  private async rollForwardNow(item: CaseItem, seq: number, commit: Commit): Promise<CaseItem> {
    const caseId = item.caseId;
    const n = commit.events.length;
    const requests = [];
    for (let i = 1; i < n; i++) {
      requests.push(
        this.lists.createRequest(
          `e${i}`,
          CASE_EVENTS.displayName,
          eventFields(caseId, seq, commit, i),
        ),
      );
    }
    if (commit.idempotency) {
      const keyId = idempotencyKeyId(caseId, commit.idempotency.key);
      requests.push(
        this.lists.createRequest('key', IDEMPOTENCY_KEYS.displayName, {
          Title: title(keyId),
          KeyId: keyId,
          CaseId: caseId,
          RequestHash: commit.idempotency.hash,
          FirstSeq: seq,
          EventCount: n,
          CaseVersion: seq + n,
        }),
      );
    }
    (commit.outbox ?? []).forEach((o, i) =>
      requests.push(
        this.lists.createRequest(
          `o${i}`,
          OUTBOX.displayName,
          SharePointOutbox.fields(o, commit.at),
        ),
      ),
    );
    normalise(commit.addMembers ?? []).forEach((m, i) =>
      requests.push(
        this.lists.createRequest(`m${i}`, CASE_MEMBERS.displayName, memberFields(caseId, m)),
      ),
    );
    const answers = await this.lists.batch(requests);
    for (const r of requests) createdOf(answers.get(r.id), `finishing ${caseId}@${seq} (${r.id})`);

    // Each event sealed into the audit chain by its digest, as it reads back.
    await this.audit.write(
      recorded(seq, commit).map((r) => ({
        key: `event:${eventKey(caseId, r.seq)}`,
        at: commit.at,
        actor: commit.actor,
        action: 'event.appended',
        caseId,
        detail: { seq: r.seq, type: r.event.type, digest: eventDigest(caseId, r) },
      })),
    );

    return this.change(item, (c) => {
      if (c.version >= seq + n) return undefined;
      if (c.version !== seq) throw new Error(`${caseId} is at ${c.version}, not ${seq}`);
      const pending = { ...c.pending };
      delete pending.append;
      return {
        CaseVersion: seq + n,
        UpdatedAt: commit.at,
        NextCheckAt: commit.at,
        Members: JSON.stringify(membersAfter(c.members, commit)),
        Pending: pendingJson(pending),
      };
    });
  }

  /**
   * Changes the case item with If-Match on the eTag it was read at; on 412, reads it again and
   * asks `change` again (undefined: nothing to change any more).
   */
  private async change(
    item: CaseItem,
    change: (c: CaseItem) => Fields | undefined,
  ): Promise<CaseItem> {
    let c = item;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const fields = change(c);
      if (!fields) return c;
      const result = await this.lists.update(CASES.displayName, c.id, c.eTag, fields);
      if (result === 'gone') throw new Error(`${c.caseId} disappeared`);
      if (result !== 'stale') return withFields(c, fields, result.eTag);
      const again = await this.readCase(c.caseId);
      if (!again) throw new Error(`${c.caseId} disappeared`);
      c = again;
    }
    throw new Error(`${item.caseId} kept changing`);
  }

  /** Index entries for the members (an entry already there is left as it is). */
  private async indexMembers(caseId: string, members: CaseMember[]): Promise<ListItem[]> {
    const answers = await this.lists.batch(
      members.map((m, i) =>
        this.lists.createRequest(String(i), CASE_MEMBERS.displayName, memberFields(caseId, m)),
      ),
    );
    const made: ListItem[] = [];
    members.forEach((m, i) => {
      const created = createdOf(answers.get(String(i)), `indexing ${caseId} ${m.personId}`);
      if (created !== 'exists') made.push(created);
    });
    return made;
  }
}

// ---- items and records ---------------------------------------------------------------------

function toCaseItem(item: ListItem): CaseItem {
  const f = item.fields;
  const out: CaseItem = {
    id: item.id,
    eTag: item.eTag,
    fields: f,
    caseId: textOf(f.CaseId) ?? '',
    team: textOf(f.Team) ?? '',
    header: jsonOf<CaseHeader>(f.Header)!,
    version: numberOf(f.CaseVersion) ?? 0,
    createdAt: instantOf(f.CreatedAt) ?? '',
    updatedAt: instantOf(f.UpdatedAt) ?? '',
    members: jsonOf<CaseMember[]>(f.Members) ?? [],
    pending: jsonOf<Pending>(f.Pending) ?? {},
  };
  const next = instantOf(f.NextCheckAt);
  if (next !== undefined) out.nextCheckAt = next;
  return out;
}

/** The item as it is after a change the service accepted (null clears a field). */
function withFields(item: CaseItem, fields: Fields, eTag: string): CaseItem {
  const merged: Fields = { ...item.fields };
  for (const [k, v] of Object.entries(fields)) {
    if (v === null || v === undefined || v === '') delete merged[k];
    else merged[k] = v;
  }
  return toCaseItem({ id: item.id, eTag, fields: merged });
}

function toRecord(c: CaseItem): CaseRecord {
  return {
    header: c.header,
    team: c.team,
    members: c.members,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function toKeyRecord(items: ListItem[], keyId: string | undefined): KeyRecord | undefined {
  const item = items.find((i) => i.fields.KeyId === keyId);
  if (!item) return undefined;
  const f = item.fields;
  return {
    requestHash: textOf(f.RequestHash) ?? '',
    firstSeq: numberOf(f.FirstSeq) ?? 0,
    count: numberOf(f.EventCount) ?? 0,
    version: numberOf(f.CaseVersion) ?? 0,
  };
}

function eventFields(caseId: string, seq: number, commit: Commit, i: number): Fields {
  const event = commit.events[i]!;
  const key = eventKey(caseId, seq + i);
  return {
    Title: title(key),
    EventKey: key,
    CaseId: caseId,
    Seq: seq + i,
    EventType: event.type,
    Body: JSON.stringify(event),
    RecordedAt: commit.at,
    RecordedBy: commit.actor.personId,
    Surface: commit.actor.surface,
    ...(i === 0 ? { Commit: JSON.stringify(commit) } : {}),
  };
}

function memberFields(caseId: string, m: CaseMember): Fields {
  const key = memberKey(caseId, m.personId, m.role);
  return {
    Title: title(key),
    MemberKey: key,
    CaseId: caseId,
    PersonId: m.personId,
    Role: m.role,
  };
}

function recorded(seq: number, commit: Commit): RecordedEvent[] {
  return commit.events.map((event, i) => ({
    seq: seq + i,
    event,
    recordedAt: instantOf(commit.at) ?? commit.at,
    recordedBy: commit.actor.personId,
    surface: commit.actor.surface,
  }));
}

function isPending(p: Pending): boolean {
  return p.append !== undefined || (p.audit?.length ?? 0) > 0;
}

function pendingJson(p: Pending): string | null {
  const out: Pending = {};
  if (p.append !== undefined) out.append = p.append;
  if (p.audit?.length) out.audit = p.audit;
  return isPending(out) ? JSON.stringify(out) : null;
}

/** One entry per person and role, ordered by role then person (as SQLite lists them). */
/**
 * A case's members after an append: those it ends leave, those it adds join. (Their membership
 * index entries stay: the index is never pruned, and the case item decides.)
 */
function membersAfter(
  members: CaseMember[],
  change: { addMembers?: CaseMember[]; endMembers?: CaseMember[] },
): CaseMember[] {
  const ended = new Set((change.endMembers ?? []).map((m) => `${m.role}\u0000${m.personId}`));
  return normalise([
    ...members.filter((m) => !ended.has(`${m.role}\u0000${m.personId}`)),
    ...(change.addMembers ?? []),
  ]);
}

function normalise(members: CaseMember[]): CaseMember[] {
  const seen = new Map<string, CaseMember>();
  for (const m of members) {
    seen.set(`${m.role}\u0000${m.personId}`, { personId: m.personId, role: m.role });
  }
  return [...seen.values()].sort(
    (a, b) => byText(a.role, b.role) || byText(a.personId, b.personId),
  );
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cleanActor(actor: Actor): Actor {
  return actor.origin === undefined
    ? { personId: actor.personId, surface: actor.surface }
    : { personId: actor.personId, surface: actor.surface, origin: actor.origin };
}
