/**
 * The `CaseStore` port: each case is an append-only event log with optimistic concurrency, plus
 * the audit trail and the notification outbox, which change in the same transaction as the log.
 * Adapters: SQLite (local, embedded) and SharePoint lists (Microsoft 365).
 */
import type { CaseEvent, CaseHeader } from '../case-file';
import type { Role, SURFACES } from '../vocabulary';

export type Surface = (typeof SURFACES)[number];

/** Who did something, and from where: every change and every read of a case records one. */
export interface Actor {
  personId: string;
  surface: Surface;
  /** Client address or other origin, for the audit trail. */
  origin?: string;
}

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

export interface NewOutboxItem {
  /** Idempotency key, e.g. `<obligation id>:<stage>:<recipient>`: an item is enqueued once. */
  key: string;
  caseId: string;
  recipient: string;
  kind: string;
  payload: unknown;
  /** Not before this instant (ISO 8601). */
  availableAt: string;
}

/**
 * The outbox kind that brings cards already posted about an obligation up to date. It has no
 * single recipient (it is about every card on the obligation) and is not itself a delivery.
 */
export const CARD_UPDATE = 'obligation.card-update';
export const CARD_UPDATE_RECIPIENT = '*';

/** How an outbox item went out; `not-needed` when the obligation closed before it was due to go. */
export type DeliveryChannel = 'teams' | 'email' | 'not-needed';

export interface OutboxItem extends NewOutboxItem {
  id: number;
  createdAt: string;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  sentAt?: string;
  channel?: DeliveryChannel;
  /** The channel's id for what was posted (a Teams activity id), where it gives one. */
  sentRef?: string;
  parkedAt?: string;
  lastError?: string;
}

export interface NewConversation {
  entraObjectId: string;
  personId: string;
  /** The channel's conversation reference (ids and service URL; no message content), as JSON. */
  reference: Record<string, unknown>;
}

export interface Conversation extends NewConversation {
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  /** e.g. `case.read`, `case.created`, `event.appended`, `report.exported`. */
  action: string;
  caseId?: string;
  detail?: unknown;
  /**
   * The entry's seal over the previous entry's and its own content — keyed HMAC-SHA-256
   * (`hmac-<key id>:<hex>`), or plain SHA-256 for entries of before the key: removing, editing or
   * re-sealing a row breaks the chain (server/store/audit-chain.ts).
   */
  prevHash: string;
  hash: string;
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

export interface CaseStore {
  /** Creates a case; `false` if the id is taken. */
  createCase(c: NewCase, actor: Actor): Promise<CaseRecord | false>;
  getCase(id: string): Promise<CaseRecord | undefined>;
  listCases(query: CaseQuery): Promise<CaseRecord[]>;
  /** Adds or changes a member (e.g. the allocated IRO); audited. */
  setMembers(caseId: string, members: CaseMember[], actor: Actor): Promise<boolean>;
  readEvents(caseId: string): Promise<RecordedEvent[]>;
  append(request: AppendRequest): Promise<AppendResult>;

  /** Records a read or an export; changes are audited by the methods that make them. */
  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void>;
  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;

  enqueue(items: NewOutboxItem[]): Promise<number>;
  /** Leases up to `limit` due items to `owner` until `now + leaseMs`; others cannot claim them meanwhile. */
  claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]>;
  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean>;
  /** Records a failed attempt: retry after `retryAt`, or park it for people to see. */
  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean>;
  outboxForCase(caseId: string): Promise<OutboxItem[]>;

  /**
   * Cases the scheduler should evaluate by `now`, soonest first. Every write to a case asks for
   * a check at once; after a check the scheduler sets the next one.
   */
  casesToCheck(now: string, limit: number): Promise<{ caseId: string; version: number }[]>;
  /** When to check a case next (none: nothing left that time alone changes); ignored if the case has moved past `version`. */
  setNextCheck(caseId: string, version: number, at: string | undefined): Promise<void>;
  /** Takes or renews the named lease for `owner` until `now + ms`; false while another owner holds it. */
  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean>;

  /** Keeps where the bot can reach a person proactively (one conversation per Entra object id). */
  saveConversation(conversation: NewConversation): Promise<void>;
  /** The person's most recent conversation reference, if the bot has one. */
  conversationOf(personId: string): Promise<Conversation | undefined>;
  /** Forgets a conversation (the app was uninstalled); false if there was none. */
  forgetConversation(entraObjectId: string): Promise<boolean>;

  close(): Promise<void>;
}
