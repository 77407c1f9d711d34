/**
 * Everything one append tells people, decided at once from the case before and after it: cards
 * for obligations that came into being, re-acknowledgement where a deadline moved, updates of
 * cards already posted whose obligation changed, and the handover to each new holder of a role.
 * Pure: the caller loads the case and evaluates it before and after, and appends what this
 * returns to the outbox with the events, in the same write.
 */
import type { CaseEvaluation, Obligation } from '../engine/obligation';
import {
  CARD_UPDATE,
  CARD_UPDATE_RECIPIENT,
  type CaseMember,
  type CaseRecord,
  type NewOutboxItem,
} from '../ports/case-store';
import type { Person } from '../ports/directory';
import { handoverNotices, leavesRoleEmpty } from './handover';
import { movedDeadlineNotices, needsStandIns, newObligationNotices } from './obligation-notices';

export interface AppendChange {
  record: CaseRecord;
  /** The case's parties after the append, and who became or stopped being one with it. */
  members: CaseMember[];
  started: CaseMember[];
  ended: CaseMember[];
  /** The directory, where `needsDirectory` says so; otherwise empty. */
  people: readonly Person[];
  before: CaseEvaluation;
  after: CaseEvaluation;
  /** When the append is made, and by whom (not told of what they did themselves). */
  at: string;
  by: string;
  /** The case's version after the append. */
  version: number;
  /** A retraction corrects the record: every deadline it moves is told, acknowledged or not. */
  correction: boolean;
}

/**
 * Whether working out the notices needs the directory: when the IRO service may have to stand in
 * for an IRO, or when a role is left empty and those who allocate it are told.
 */
export function needsDirectory(change: {
  members: CaseMember[];
  started: readonly CaseMember[];
  ended: readonly CaseMember[];
}): boolean {
  return needsStandIns(change) || leavesRoleEmpty(change);
}

export function appendNotices(change: AppendChange): NewOutboxItem[] {
  return [
    ...newObligationNotices(change),
    ...movedDeadlineNotices({ ...change, unacknowledgedToo: change.correction }),
    ...cardUpdates(change),
    ...handoverNotices({
      caseId: change.record.header.id,
      team: change.record.team,
      members: change.members,
      version: change.version,
      started: change.started,
      ended: change.ended,
      after: change.after,
      people: change.people,
      at: change.at,
    }),
  ];
}

/**
 * Cards already posted about an obligation that the append changed (acknowledged from the tab,
 * met, waived, reported as not possible) are brought up to date in people's chats. One item per
 * obligation and version: the dispatcher finds which cards went out, and where.
 */
function cardUpdates(change: AppendChange): NewOutboxItem[] {
  const was = new Map(change.before.obligations.map((o) => [o.id, cardState(o)]));
  return change.after.obligations
    .filter((o) => was.has(o.id) && was.get(o.id) !== cardState(o))
    .map((o) => ({
      key: `${o.id}:card-update:v${change.version}`,
      caseId: change.record.header.id,
      recipient: CARD_UPDATE_RECIPIENT,
      kind: CARD_UPDATE,
      payload: { obligation: o.id },
      availableAt: change.at,
    }));
}

/** What a posted card shows of an obligation: when this changes, the card is out of date. */
function cardState(o: Obligation): string {
  return JSON.stringify([
    o.status,
    o.due,
    o.acknowledgements.map((a) => a.by),
    o.cannotMeet?.event,
    o.checklist?.filter((c) => c.done).length,
  ]);
}
