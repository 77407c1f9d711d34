/**
 * The `CaseLog` port: each case is an append-only event log with optimistic concurrency. An append
 * writes, in the same transaction, the notices it causes (the `Outbox`), the people who join or
 * leave the case with it, and its entry in the `AuditTrail`: a store of record provides all three
 * over one transaction. It also keeps when the scheduler should look at each case next.
 * Adapters: SQLite (local, embedded), SharePoint lists (Microsoft 365), in memory (tests).
 */
import type { CaseEvent, CaseHeader } from '../case-file';
import type { Role } from '../vocabulary';
import type { Actor, Surface } from './actor';
import type { NewOutboxItem } from './outbox';

export interface CaseMember {
  personId: string;
  role: Role;
}

export interface NewCase {
  header: CaseHeader;
  /** The service area or team the case belongs to (managers see their teams' cases). */
  team: string;
  members: CaseMember[];
}

export interface CaseRecord extends NewCase {
  /** Number of events in the log; the next append must expect this. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RecordedEvent {
  /** Position in the log, from 0. */
  seq: number;
  event: CaseEvent;
  recordedAt: string;
  recordedBy: string;
  surface: Surface;
}

export interface AppendRequest {
  caseId: string;
  /** The version the caller read; a different current version is a conflict, never an overwrite. */
  expectedVersion: number;
  events: CaseEvent[];
  actor: Actor;
  /** A repeated request with the same key returns the first result and changes nothing. */
  idempotencyKey?: string;
  /**
   * What the key stands for: a hash of the request as the client sent it (never of the time or
   * anything else the server adds, so that a retry matches). Without it, the events' hash.
   */
  requestHash?: string;
  outbox?: NewOutboxItem[];
  /** People who become parties by these events (an allocated IRO, an appointed Guardian). */
  addMembers?: CaseMember[];
  /** Parties whose part ends with these events (the IRO before a re-allocation). */
  endMembers?: CaseMember[];
}

export type AppendResult =
  | { status: 'appended'; version: number; events: RecordedEvent[] }
  | { status: 'replayed'; version: number; events: RecordedEvent[] }
  | { status: 'conflict'; currentVersion: number }
  /** The idempotency key was used before for a different request. */
  | { status: 'key-reused' }
  | { status: 'not-found' };

export interface CaseQuery {
  /** Cases of these teams… */
  teams?: string[];
  /** …or cases this person is a member of (either matches). */
  memberId?: string;
  /** Page size and the id to continue after (ordered by case id). */
  limit: number;
  after?: string;
}

export interface CaseLog {
  /** Creates a case; `false` if the id is taken (in any letter case). Audited. */
  createCase(c: NewCase, actor: Actor): Promise<CaseRecord | false>;
  getCase(id: string): Promise<CaseRecord | undefined>;
  listCases(query: CaseQuery): Promise<CaseRecord[]>;
  /** Adds or changes a member (e.g. the allocated IRO); audited. */
  setMembers(caseId: string, members: CaseMember[], actor: Actor): Promise<boolean>;
  readEvents(caseId: string): Promise<RecordedEvent[]>;
  /** Appends events, their outbox items and their change of members at once, audited; or nothing. */
  append(request: AppendRequest): Promise<AppendResult>;
  /**
   * Cases the scheduler should evaluate by `now`, soonest first. Every write to a case asks for
   * a check at once; after a check the scheduler sets the next one.
   */
  casesToCheck(now: string, limit: number): Promise<{ caseId: string; version: number }[]>;
  /** When to check a case next (none: nothing left that time alone changes); ignored if the case has moved past `version`. */
  setNextCheck(caseId: string, version: number, at: string | undefined): Promise<void>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const CASE_LOG_METHODS: Record<keyof CaseLog, true> = {
  createCase: true,
  getCase: true,
  listCases: true,
  setMembers: true,
  readEvents: true,
  append: true,
  casesToCheck: true,
  setNextCheck: true,
};
