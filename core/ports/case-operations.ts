/**
 * What people do with cases, whatever the surface (HTTP API, Teams bot, Outlook): the use cases
 * the server's case service implements. Every call is authorised against the caller's roles on
 * the case and audited. Refusals reject with a `LiaisonError` (core/errors.ts): a stable code, its
 * kind, and a detail for people.
 */
import type { ObligationAction } from '../access/access-matrix';
import type { EventType } from '../case-file';
import type { CaseEvaluation, Obligation } from '../engine/obligation';
import type { Role } from '../vocabulary';
import type { Actor, CaseMember, CaseRecord, RecordedEvent } from './case-store';
import type { Person } from './directory';
import type { Delivery } from './outbox';

/** A party to a case, with their name and contact details as the directory has them. */
export interface Party {
  personId: string;
  role: Role;
  displayName: string;
  email?: string;
}

export interface CaseView {
  case: CaseRecord;
  events: RecordedEvent[];
  evaluation: CaseEvaluation;
  /** The caller's roles on this case. */
  myRoles: Role[];
  /** Event types the caller may record on this case (what a form should offer them). */
  myEvents: EventType[];
  /** Events (positions in the log) the caller may retract as recorded by mistake. */
  myRetractable: number[];
  /** The parties, with their names and contact details as the directory has them. */
  parties: Party[];
  /** Notifications about the case: sent (when, how), waiting, or parked as undeliverable. */
  deliveries: Delivery[];
}

export interface CaseSummary {
  case: CaseRecord;
  counts: { open: number; dueSoon: number; overdue: number };
  /** The members with their names (not their e-mail addresses), so a list shows who is allocated. */
  parties: Party[];
}

export interface RecordResult {
  version: number;
  replayed: boolean;
  events: RecordedEvent[];
}

/** The dates the IRO alert announces, computed by the engine. */
export interface IroAlertDates {
  filingDue: string;
  /** When the draft final evidence must reach the IRO. */
  draftToIroBy?: string;
  /** When the IRO's comments are due if the draft arrives on time. */
  commentsDueIfDraftOnTime?: string;
  commentWindowCompressed: boolean;
  deadline?: Obligation['deadline'];
  /** Who is (or would be) told of the alert: the IRO, or the IRO service standing in for none. */
  told?: TellsOfAlert[];
  /** What to check before sending, in words (a filing date the court does not sit, a draft already late). */
  warnings: string[];
}

/** A person told of the IRO alert, by name and role, and why if they stand in for the IRO. */
export interface TellsOfAlert {
  personId: string;
  displayName: string;
  role: Role;
  standIn?: 'no-iro';
}

export interface CaseListQuery {
  limit: number;
  after?: string;
  /** Only cases whose reference contains this (upper case, e.g. `C-10`): "Find case". */
  reference?: string;
  status?: 'open' | 'due-soon' | 'overdue';
  team?: string;
  role?: Role;
}

export interface CaseOperations {
  openCase(
    person: Person,
    input: { case: unknown; team: string; members?: CaseMember[] },
    actor: Actor,
  ): Promise<CaseRecord>;
  getCase(person: Person, caseId: string, actor: Actor): Promise<CaseView>;
  listCases(
    person: Person,
    query: CaseListQuery,
    actor: Actor,
  ): Promise<{ cases: CaseSummary[]; next?: string }>;
  /** What is on this person (to do, or to acknowledge), soonest first. */
  myObligations(
    person: Person,
    actor: Actor,
  ): Promise<{ case: CaseRecord; obligation: Obligation; as: 'responsible' | 'recipient' }[]>;
  recordEvent(
    person: Person,
    caseId: string,
    input: { event: unknown; expectedVersion?: number; idempotencyKey?: string },
    actor: Actor,
  ): Promise<RecordResult>;
  /** The dates of the IRO alert last sent on a case (none if no alert was sent). */
  currentIroAlert(person: Person, caseId: string, actor: Actor): Promise<IroAlertDates | undefined>;
  /** The IRO alert's dates for a filing deadline, without recording anything. */
  previewIroAlert(
    person: Person,
    caseId: string,
    filingDue: string,
    actor: Actor,
  ): Promise<IroAlertDates>;
  sendIroAlert(
    person: Person,
    caseId: string,
    input: { filingDue: string; idempotencyKey?: string },
    actor: Actor,
  ): Promise<IroAlertDates & { version: number; replayed: boolean }>;
  actOnObligation(
    person: Person,
    obligationId: string,
    action: ObligationAction,
    /**
     * `reason` for a waiver; `inputs` for a completion's form (see `completionOf`); `at`, when it
     * happened (ISO 8601, default now): something done earlier may be recorded late.
     */
    input: {
      reason?: string;
      inputs?: Record<string, unknown>;
      at?: string;
      idempotencyKey?: string;
    },
    actor: Actor,
  ): Promise<{
    obligation: Obligation;
    version: number;
    changed: boolean;
    /** Who was told at once (saying it cannot be met tells the managers the rule names). */
    told?: { personId: string; displayName: string }[];
  }>;
}
