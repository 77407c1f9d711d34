/**
 * `CaseStore` and `Directory` on an embedded SQLite file (better-sqlite3): WAL with full
 * synchronous commits, so a write that returned is on disk; every write in one IMMEDIATE
 * transaction, so several processes sharing the file serialise instead of interleaving.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  Actor,
  AppendRequest,
  AppendResult,
  AuditEntry,
  CaseEvent,
  CaseHeader,
  CaseMember,
  CaseQuery,
  CaseRecord,
  CaseStore,
  Clock,
  Conversation,
  DeliveryChannel,
  Directory,
  NewCase,
  NewConversation,
  NewOutboxItem,
  OutboxItem,
  Person,
  RecordedEvent,
  Role,
  Surface,
  NewSuggestion,
  SignalStore,
  Suggestion,
} from '../../../core';
import type {
  DeadlineCalendarStore,
  DeadlineEntry,
  ReconciledCase,
} from '../../../core/ports/deadline-calendar-store';
import {
  GENESIS_HASH,
  auditHash,
  canonicalJson,
  contentHash,
  eventDigest,
  type SealKey,
} from '../audit-chain';
import { MIGRATIONS } from './migrations';

interface CaseRow {
  id: string;
  header: string;
  team: string;
  version: number;
  created_at: string;
  updated_at: string;
}
interface EventRow {
  seq: number;
  body: string;
  recorded_at: string;
  recorded_by: string;
  surface: string;
}
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
interface OutboxRow {
  id: number;
  key: string;
  case_id: string;
  recipient: string;
  kind: string;
  payload: string;
  available_at: string;
  created_at: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  sent_at: string | null;
  channel: string | null;
  sent_ref: string | null;
  parked_at: string | null;
  last_error: string | null;
}
interface PersonRow {
  id: string;
  display_name: string;
  email: string | null;
  entra_object_id: string | null;
  roles: string;
  teams: string;
  left_at: string | null;
  deputy_id: string | null;
  deputy_from: string | null;
  deputy_until: string | null;
}

const utc = (ms: number) => new Date(ms).toISOString();
/** Instants in the outbox are compared as text, so they are kept in one form: UTC. */
const utcOf = (iso: string) => new Date(iso).toISOString();

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

/** Writes committed together at most; a bigger burst is split over several commits. */
const MAX_BATCH = 500;

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteCaseStore implements CaseStore, Directory, SignalStore, DeadlineCalendarStore {
  private readonly pending: PendingWrite[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  private flushScheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    /** Seals the audit trail and the events in it (../audit-chain.ts). */
    private readonly seal?: SealKey,
  ) {}

  /** A prepared statement, prepared once: preparing is most of the cost of a small query. */
  private sql<P extends unknown[] = unknown[], R = unknown>(
    text: string,
  ): Database.Statement<P, R> {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement as unknown as Database.Statement<P, R>;
  }

  /**
   * Group commit: writes that arrive together share one transaction, so one disk sync, each in
   * its own savepoint so that a failing write undoes only itself. A write's promise settles
   * after the commit: a resolved write is on disk.
   */
  private write<T>(run: () => T): Promise<T> {
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

  static open(path: string, clock: Clock, seal?: SealKey): SqliteCaseStore {
    return new SqliteCaseStore(openDatabase(path), clock, seal);
  }

  // ---- cases -------------------------------------------------------------------------------

  async createCase(c: NewCase, actor: Actor): Promise<CaseRecord | false> {
    const now = utc(this.clock.now());
    const created = await this.write(() => {
      // References are unique whatever their letter case: a case opened before they were
      // upper-cased may be stored as `c-1011`, and `C-1011` is that case. Checked inside the
      // write transaction, so nothing can be written in between.
      if (this.sql('SELECT 1 FROM cases WHERE id = ? COLLATE NOCASE').get(c.header.id))
        return false;
      const inserted = this.sql(
        'INSERT INTO cases (id, header, team, version, created_at, updated_at, next_check_at) VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ).run(c.header.id, JSON.stringify(c.header), c.team, now, now, now);
      if (inserted.changes === 0) return false;
      this.insertMembers(c.header.id, c.members);
      this.appendAudit(now, actor, 'case.created', c.header.id, {
        team: c.team,
        members: c.members,
      });
      return true;
    });
    return created ? this.caseRecord(c.header.id)! : false;
  }

  getCase(id: string): Promise<CaseRecord | undefined> {
    return Promise.resolve(this.caseRecord(id));
  }

  listCases(q: CaseQuery): Promise<CaseRecord[]> {
    const teams = q.teams ?? [];
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (teams.length) {
      clauses.push(`c.team IN (${teams.map(() => '?').join(',')})`);
      params.push(...teams);
    }
    if (q.memberId !== undefined) {
      clauses.push(
        'EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.person_id = ?)',
      );
      params.push(q.memberId);
    }
    if (!clauses.length) return Promise.resolve([]);
    const after = q.after === undefined ? '' : 'AND c.id > ?';
    if (q.after !== undefined) params.push(q.after);
    params.push(q.limit);
    const rows = this.sql<unknown[], CaseRow>(
      `SELECT c.* FROM cases c WHERE (${clauses.join(' OR ')}) ${after} ORDER BY c.id LIMIT ?`,
    ).all(...params);
    return Promise.resolve(this.toRecords(rows));
  }

  async setMembers(caseId: string, members: CaseMember[], actor: Actor): Promise<boolean> {
    const now = utc(this.clock.now());
    const done = await this.write(() => {
      if (!this.sql('SELECT 1 FROM cases WHERE id = ?').get(caseId)) return false;
      this.sql('DELETE FROM case_members WHERE case_id = ?').run(caseId);
      this.insertMembers(caseId, members);
      this.sql('UPDATE cases SET updated_at = ? WHERE id = ?').run(now, caseId);
      this.appendAudit(now, actor, 'case.members-set', caseId, { members });
      return true;
    });
    return done;
  }

  readEvents(caseId: string): Promise<RecordedEvent[]> {
    const rows = this.sql<[string], EventRow>(
      'SELECT seq, body, recorded_at, recorded_by, surface FROM case_events WHERE case_id = ? ORDER BY seq',
    ).all(caseId);
    return Promise.resolve(rows.map(toRecordedEvent));
  }

  async append(req: AppendRequest): Promise<AppendResult> {
    const now = utc(this.clock.now());
    const requestHash = req.requestHash ?? contentHash(req.events);
    const result = await this.write((): AppendResult => {
      const row = this.sql<[string], { version: number }>(
        'SELECT version FROM cases WHERE id = ?',
      ).get(req.caseId);
      if (!row) return { status: 'not-found' };
      if (req.idempotencyKey !== undefined) {
        const seen = this.sql<
          [string, string],
          { request_hash: string; first_seq: number; count: number; version: number }
        >(
          'SELECT request_hash, first_seq, count, version FROM idempotency_keys WHERE case_id = ? AND key = ?',
        ).get(req.caseId, req.idempotencyKey);
        if (seen) {
          if (seen.request_hash !== requestHash) return { status: 'key-reused' };
          const events = this.sql<[string, number, number], EventRow>(
            'SELECT seq, body, recorded_at, recorded_by, surface FROM case_events WHERE case_id = ? AND seq >= ? AND seq < ? ORDER BY seq',
          )
            .all(req.caseId, seen.first_seq, seen.first_seq + seen.count)
            .map(toRecordedEvent);
          return { status: 'replayed', version: seen.version, events };
        }
      }
      if (row.version !== req.expectedVersion)
        return { status: 'conflict', currentVersion: row.version };

      const insert = this.sql(
        'INSERT INTO case_events (case_id, seq, type, body, recorded_at, recorded_by, surface) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const events: RecordedEvent[] = req.events.map((event, i) => {
        const seq = row.version + i;
        insert.run(
          req.caseId,
          seq,
          event.type,
          JSON.stringify(event),
          now,
          req.actor.personId,
          req.actor.surface,
        );
        const recorded: RecordedEvent = {
          seq,
          event,
          recordedAt: now,
          recordedBy: req.actor.personId,
          surface: req.actor.surface,
        };
        // Sealed into the audit chain by its digest.
        this.appendAudit(now, req.actor, 'event.appended', req.caseId, {
          seq,
          type: event.type,
          digest: eventDigest(req.caseId, recorded),
        });
        return recorded;
      });
      const version = row.version + req.events.length;
      this.sql('UPDATE cases SET version = ?, updated_at = ?, next_check_at = ? WHERE id = ?').run(
        version,
        now,
        now,
        req.caseId,
      );
      if (req.idempotencyKey !== undefined) {
        this.sql(
          'INSERT INTO idempotency_keys (key, case_id, request_hash, first_seq, count, version) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(req.idempotencyKey, req.caseId, requestHash, row.version, req.events.length, version);
      }
      if (req.outbox?.length) this.insertOutbox(req.outbox, now);
      if (req.endMembers?.length) {
        const end = this.sql(
          'DELETE FROM case_members WHERE case_id = ? AND person_id = ? AND role = ?',
        );
        for (const m of req.endMembers) end.run(req.caseId, m.personId, m.role);
      }
      if (req.addMembers?.length) this.insertMembers(req.caseId, req.addMembers);
      return { status: 'appended', version, events };
    });
    return result;
  }

  // ---- audit -------------------------------------------------------------------------------

  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void> {
    const now = utc(this.clock.now());
    return this.write(() =>
      this.appendAudit(now, entry.actor, entry.action, entry.caseId, entry.detail),
    );
  }

  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    const rows = this.sql<[number, number], AuditRow>(
      'SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?',
    ).all(afterSeq, limit);
    return Promise.resolve(rows.map(toAuditEntry));
  }

  // ---- outbox ------------------------------------------------------------------------------

  enqueue(items: NewOutboxItem[]): Promise<number> {
    const now = utc(this.clock.now());
    return this.write(() => this.insertOutbox(items, now));
  }

  async claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const at = utcOf(now);
    const until = utc(Date.parse(now) + leaseMs);
    const rows = await this.write(() =>
      this.sql<[string, string, string, string, number], OutboxRow>(
        `UPDATE outbox SET lease_owner = ?, lease_until = ?
             WHERE id IN (SELECT id FROM outbox
                          WHERE sent_at IS NULL AND parked_at IS NULL AND available_at <= ?
                            AND (lease_until IS NULL OR lease_until <= ?)
                          ORDER BY available_at, id LIMIT ?)
             RETURNING *`,
      ).all(owner, until, at, at, limit),
    );
    return rows.sort((a, b) => a.id - b.id).map(toOutboxItem);
  }

  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean> {
    return this.write(
      () =>
        this.sql(
          'UPDATE outbox SET sent_at = ?, channel = ?, sent_ref = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
        ).run(utcOf(at), channel, ref ?? null, id, owner).changes === 1,
    );
  }

  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean> {
    const now = utc(this.clock.now());
    return this.write(() => {
      const changed =
        then === 'park'
          ? this.sql(
              'UPDATE outbox SET parked_at = ?, attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
            ).run(now, error, id, owner).changes
          : this.sql(
              'UPDATE outbox SET available_at = ?, attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
            ).run(utcOf(then.retryAt), error, id, owner).changes;
      return changed === 1;
    });
  }

  outboxForCase(caseId: string): Promise<OutboxItem[]> {
    const rows = this.sql<[string], OutboxRow>(
      'SELECT * FROM outbox WHERE case_id = ? ORDER BY id',
    ).all(caseId);
    return Promise.resolve(rows.map(toOutboxItem));
  }

  // ---- mailbox signals ---------------------------------------------------------------------

  cursorOf(mailbox: string, folder: string): Promise<string | undefined> {
    const row = this.sql<[string, string], { cursor: string }>(
      'SELECT cursor FROM mail_cursors WHERE mailbox = ? AND folder = ?',
    ).get(mailbox.toLowerCase(), folder);
    return Promise.resolve(row?.cursor);
  }

  saveCursor(mailbox: string, folder: string, cursor: string): Promise<void> {
    const now = utc(this.clock.now());
    return this.write(() => {
      this.sql(
        `INSERT INTO mail_cursors (mailbox, folder, cursor, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (mailbox, folder) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      ).run(mailbox.toLowerCase(), folder, cursor, now);
    });
  }

  forgetCursor(mailbox: string, folder: string): Promise<void> {
    return this.write(() => {
      this.sql('DELETE FROM mail_cursors WHERE mailbox = ? AND folder = ?').run(
        mailbox.toLowerCase(),
        folder,
      );
    });
  }

  draftConversationOf(caseId: string): Promise<string | undefined> {
    const row = this.sql<[string], { conversation_id: string }>(
      'SELECT conversation_id FROM draft_conversations WHERE case_id = ?',
    ).get(caseId);
    return Promise.resolve(row?.conversation_id);
  }

  saveDraftConversation(caseId: string, conversationId: string): Promise<void> {
    return this.write(() => {
      this.sql(
        `INSERT INTO draft_conversations (case_id, conversation_id) VALUES (?, ?)
           ON CONFLICT (case_id) DO UPDATE SET conversation_id = excluded.conversation_id`,
      ).run(caseId, conversationId);
    });
  }

  suggest(s: NewSuggestion): Promise<boolean> {
    const now = utc(this.clock.now());
    return this.write(
      () =>
        this.sql(
          `INSERT INTO suggestions (case_id, event, at, message_id, reason, sender, recipients, has_attachments, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, event) DO NOTHING`,
        ).run(
          s.caseId,
          s.event,
          s.at,
          s.messageId,
          s.reason,
          s.from,
          JSON.stringify(s.to),
          s.hasAttachments ? 1 : 0,
          now,
        ).changes === 1,
    );
  }

  suggestionsFor(caseId: string): Promise<Suggestion[]> {
    const rows = this.sql<[string], SuggestionRow>(
      'SELECT * FROM suggestions WHERE case_id = ? ORDER BY outcome IS NOT NULL, id DESC',
    ).all(caseId);
    return Promise.resolve(rows.map(toSuggestion));
  }

  suggestion(id: number): Promise<Suggestion | undefined> {
    const row = this.sql<[number], SuggestionRow>('SELECT * FROM suggestions WHERE id = ?').get(id);
    return Promise.resolve(row && toSuggestion(row));
  }

  resolveSuggestion(
    id: number,
    resolution: { outcome: 'confirmed' | 'dismissed'; by: string; at: string },
  ): Promise<boolean> {
    return this.write(
      () =>
        this.sql(
          'UPDATE suggestions SET outcome = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND outcome IS NULL',
        ).run(resolution.outcome, resolution.by, resolution.at, id).changes === 1,
    );
  }

  // ---- deadlines in Outlook calendars ------------------------------------------------------

  deadlineEntriesOf(caseId: string): Promise<DeadlineEntry[]> {
    const rows = this.sql<[string], DeadlineEventRow>(
      'SELECT * FROM deadline_events WHERE case_id = ? ORDER BY obligation_id, person_id',
    ).all(caseId);
    return Promise.resolve(rows.map(toDeadlineEntry));
  }

  saveDeadlineEntry(e: DeadlineEntry): Promise<void> {
    const now = utc(this.clock.now());
    return this.write(() => {
      this.sql(
        `INSERT INTO deadline_events (obligation_id, person_id, case_id, mailbox, event_id, due, made, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (obligation_id, person_id) DO UPDATE SET case_id = excluded.case_id,
             mailbox = excluded.mailbox, event_id = excluded.event_id, due = excluded.due,
             made = excluded.made, updated_at = excluded.updated_at`,
      ).run(e.obligationId, e.personId, e.caseId, e.mailbox, e.eventId ?? null, e.due, e.made, now);
    });
  }

  reconciledCases(): Promise<ReconciledCase[]> {
    const rows = this.sql<
      [],
      {
        case_id: string;
        version: number;
        members: string;
        reconciled_at: string;
        events: number;
      }
    >('SELECT * FROM deadline_calendar_cases ORDER BY case_id').all();
    return Promise.resolve(
      rows.map((r) => ({
        caseId: r.case_id,
        version: r.version,
        members: r.members,
        at: r.reconciled_at,
        events: r.events,
      })),
    );
  }

  markReconciled(m: ReconciledCase): Promise<void> {
    return this.write(() => {
      this.sql(
        `INSERT INTO deadline_calendar_cases (case_id, version, members, reconciled_at, events)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (case_id) DO UPDATE SET version = excluded.version,
             members = excluded.members, reconciled_at = excluded.reconciled_at,
             events = excluded.events`,
      ).run(m.caseId, m.version, m.members, utcOf(m.at), m.events);
    });
  }

  // ---- people ------------------------------------------------------------------------------

  person(id: string): Promise<Person | undefined> {
    const row = this.sql<[string], PersonRow>('SELECT * FROM people WHERE id = ?').get(id);
    return Promise.resolve(row && toPerson(row));
  }

  personByEntraObjectId(objectId: string): Promise<Person | undefined> {
    const row = this.sql<[string], PersonRow>('SELECT * FROM people WHERE entra_object_id = ?').get(
      objectId.toLowerCase(),
    );
    return Promise.resolve(row && toPerson(row));
  }

  people(): Promise<Person[]> {
    const rows = this.sql<[], PersonRow>('SELECT * FROM people ORDER BY id').all();
    return Promise.resolve(rows.map(toPerson));
  }

  upsertPerson(p: Person): Promise<void> {
    return this.write(() => {
      this.sql(
        `INSERT INTO people (id, display_name, email, entra_object_id, roles, teams, left_at,
                             deputy_id, deputy_from, deputy_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
           entra_object_id = excluded.entra_object_id, roles = excluded.roles, teams = excluded.teams,
           left_at = excluded.left_at, deputy_id = excluded.deputy_id,
           deputy_from = excluded.deputy_from, deputy_until = excluded.deputy_until`,
      ).run(
        p.id,
        p.displayName,
        p.email ?? null,
        p.entraObjectId?.toLowerCase() ?? null,
        JSON.stringify(p.roles),
        JSON.stringify(p.teams),
        p.leftAt ?? null,
        p.deputy?.personId ?? null,
        p.deputy?.from ?? null,
        p.deputy?.until ?? null,
      );
    });
  }

  deputisedBy(personId: string): Promise<Person[]> {
    const rows = this.sql<[string], PersonRow>(
      'SELECT * FROM people WHERE deputy_id = ? ORDER BY id',
    ).all(personId);
    return Promise.resolve(rows.map(toPerson));
  }

  casesToCheck(now: string, limit: number): Promise<{ caseId: string; version: number }[]> {
    const rows = this.sql<[string, number], { id: string; version: number }>(
      'SELECT id, version FROM cases WHERE next_check_at <= ? ORDER BY next_check_at, id LIMIT ?',
    ).all(utcOf(now), limit);
    return Promise.resolve(rows.map((r) => ({ caseId: r.id, version: r.version })));
  }

  async setNextCheck(caseId: string, version: number, at: string | undefined): Promise<void> {
    await this.write(() =>
      this.sql('UPDATE cases SET next_check_at = ? WHERE id = ? AND version = ?').run(
        at === undefined ? null : utcOf(at),
        caseId,
        version,
      ),
    );
  }

  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean> {
    const at = utcOf(now);
    return this.write(
      () =>
        this.sql(
          `INSERT INTO leases (name, owner, until) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
             WHERE leases.owner = excluded.owner OR leases.until <= ?`,
        ).run(name, owner, utc(Date.parse(now) + ms), at).changes === 1,
    );
  }

  async saveConversation(c: NewConversation): Promise<void> {
    const now = utc(this.clock.now());
    await this.write(() =>
      this.sql(
        `INSERT INTO conversations (entra_object_id, person_id, reference, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (entra_object_id) DO UPDATE SET person_id = excluded.person_id,
             reference = excluded.reference, updated_at = excluded.updated_at`,
      ).run(c.entraObjectId, c.personId, JSON.stringify(c.reference), now),
    );
  }

  conversationOf(personId: string): Promise<Conversation | undefined> {
    const row = this.sql<
      [string],
      { entra_object_id: string; person_id: string; reference: string; updated_at: string }
    >('SELECT * FROM conversations WHERE person_id = ? ORDER BY updated_at DESC LIMIT 1').get(
      personId,
    );
    return Promise.resolve(
      row && {
        entraObjectId: row.entra_object_id,
        personId: row.person_id,
        reference: JSON.parse(row.reference) as Record<string, unknown>,
        updatedAt: row.updated_at,
      },
    );
  }

  forgetConversation(entraObjectId: string): Promise<boolean> {
    return this.write(
      () =>
        this.sql('DELETE FROM conversations WHERE entra_object_id = ?').run(entraObjectId)
          .changes === 1,
    );
  }

  close(): Promise<void> {
    // Writes already accepted are committed before the file is closed.
    while (this.pending.length) this.flush();
    this.db.close();
    return Promise.resolve();
  }

  // ---- inside transactions -----------------------------------------------------------------

  private caseRecord(id: string): CaseRecord | undefined {
    const row = this.sql<[string], CaseRow>('SELECT * FROM cases WHERE id = ?').get(id);
    return row && this.toRecords([row])[0];
  }

  /** Case rows with their members, read in one query for the whole page. */
  private toRecords(rows: CaseRow[]): CaseRecord[] {
    const members = new Map<string, CaseMember[]>();
    const memberRows = this.sql<[string], { case_id: string; person_id: string; role: string }>(
      'SELECT case_id, person_id, role FROM case_members WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY role, person_id',
    ).all(JSON.stringify(rows.map((r) => r.id)));
    for (const m of memberRows) {
      const list = members.get(m.case_id) ?? [];
      list.push({ personId: m.person_id, role: m.role as Role });
      members.set(m.case_id, list);
    }
    return rows.map((row) => ({
      header: JSON.parse(row.header) as CaseHeader,
      team: row.team,
      members: members.get(row.id) ?? [],
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  private insertMembers(caseId: string, members: CaseMember[]): void {
    const insert = this.sql(
      'INSERT INTO case_members (case_id, person_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    for (const m of members) insert.run(caseId, m.personId, m.role);
  }

  private insertOutbox(items: NewOutboxItem[], now: string): number {
    const insert = this.sql(
      'INSERT INTO outbox (key, case_id, recipient, kind, payload, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
    let added = 0;
    for (const i of items) {
      added += insert.run(
        i.key,
        i.caseId,
        i.recipient,
        i.kind,
        JSON.stringify(i.payload),
        utcOf(i.availableAt),
        now,
      ).changes;
    }
    return added;
  }

  private appendAudit(
    at: string,
    actor: Actor,
    action: string,
    caseId: string | undefined,
    detail: unknown,
  ): void {
    const last = this.sql<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
    ).get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = { seq, at, actor: cleanActor(actor), action, caseId, detail };
    const hash = auditHash(prevHash, entry, this.seal);
    this.sql(
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
}

/** The actor as stored and hashed: no undefined fields, so reading it back hashes the same. */
function cleanActor(actor: Actor): Actor {
  return actor.origin === undefined
    ? { personId: actor.personId, surface: actor.surface }
    : { personId: actor.personId, surface: actor.surface, origin: actor.origin };
}

function toRecordedEvent(r: EventRow): RecordedEvent {
  return {
    seq: r.seq,
    event: JSON.parse(r.body) as CaseEvent,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    surface: r.surface as Surface,
  };
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

function toOutboxItem(r: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    id: r.id,
    key: r.key,
    caseId: r.case_id,
    recipient: r.recipient,
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    availableAt: r.available_at,
    createdAt: r.created_at,
    attempts: r.attempts,
  };
  if (r.lease_owner !== null) item.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) item.leaseUntil = r.lease_until;
  if (r.sent_at !== null) item.sentAt = r.sent_at;
  if (r.channel !== null) item.channel = r.channel as DeliveryChannel;
  if (r.sent_ref !== null) item.sentRef = r.sent_ref;
  if (r.parked_at !== null) item.parkedAt = r.parked_at;
  if (r.last_error !== null) item.lastError = r.last_error;
  return item;
}

interface DeadlineEventRow {
  obligation_id: string;
  person_id: string;
  case_id: string;
  mailbox: string;
  event_id: string | null;
  due: string;
  made: number;
}

function toDeadlineEntry(r: DeadlineEventRow): DeadlineEntry {
  const e: DeadlineEntry = {
    caseId: r.case_id,
    obligationId: r.obligation_id,
    personId: r.person_id,
    mailbox: r.mailbox,
    due: r.due,
    made: r.made,
  };
  if (r.event_id !== null) e.eventId = r.event_id;
  return e;
}

interface SuggestionRow {
  id: number;
  case_id: string;
  event: string;
  at: string;
  message_id: string;
  reason: string;
  sender: string;
  recipients: string;
  has_attachments: number;
  created_at: string;
  outcome: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

function toSuggestion(r: SuggestionRow): Suggestion {
  const s: Suggestion = {
    id: r.id,
    caseId: r.case_id,
    event: r.event as Suggestion['event'],
    at: r.at,
    messageId: r.message_id,
    reason: r.reason,
    from: r.sender,
    to: JSON.parse(r.recipients) as string[],
    hasAttachments: r.has_attachments === 1,
    createdAt: r.created_at,
  };
  if (r.outcome && r.resolved_by && r.resolved_at)
    s.resolution = {
      outcome: r.outcome as 'confirmed' | 'dismissed',
      by: r.resolved_by,
      at: r.resolved_at,
    };
  return s;
}

function toPerson(r: PersonRow): Person {
  const p: Person = {
    id: r.id,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as Role[],
    teams: JSON.parse(r.teams) as string[],
  };
  if (r.email !== null) p.email = r.email;
  if (r.entra_object_id !== null) p.entraObjectId = r.entra_object_id;
  if (r.left_at !== null) p.leftAt = r.left_at;
  if (r.deputy_id !== null && r.deputy_from !== null && r.deputy_until !== null)
    p.deputy = { personId: r.deputy_id, from: r.deputy_from, until: r.deputy_until };
  return p;
}
