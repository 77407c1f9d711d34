/**
 * A new holder of a party role (a re-allocated IRO, a replacement Guardian, a new lawyer) takes
 * over what the role still owes and is still owed on the case: they are told once, with the list.
 */
import { LIVE_STATUSES, type CaseEvaluation, type Obligation } from '../engine/obligation';
import { holdersOf } from '../access/access-matrix';
import { ALLOCATORS, isPartyRole, type PartyRole } from '../parties/parties';
import type { CaseMember, NewOutboxItem } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { Role } from '../vocabulary';

export const HANDOVER = 'parties.handover';

/** What the new holder of a role inherits: open work on the role, and what is addressed to it. */
export function inherited(
  evaluation: Pick<CaseEvaluation, 'obligations'>,
  role: Role,
): { obligation: Obligation; as: 'responsible' | 'recipient' }[] {
  const out: { obligation: Obligation; as: 'responsible' | 'recipient' }[] = [];
  for (const o of evaluation.obligations) {
    if (!LIVE_STATUSES.has(o.status)) continue;
    if (o.responsible.includes(role)) out.push({ obligation: o, as: 'responsible' });
    else if (o.recipients.includes(role)) out.push({ obligation: o, as: 'recipient' });
  }
  return out;
}

/**
 * One notice to each person who became a party with these events and has something to inherit,
 * naming whom they took over from; and where a role is left empty (its holder left the council),
 * one to each of those who allocate it, to name someone. The list itself is read when it is
 * delivered, as it is then.
 */
export function handoverNotices(input: {
  caseId: string;
  team: string;
  /** The case's parties after the change. */
  members: readonly CaseMember[];
  /** The case's version after the append: one notice per person per change. */
  version: number;
  started: readonly CaseMember[];
  ended: readonly CaseMember[];
  after: Pick<CaseEvaluation, 'obligations'>;
  /** The directory, for the managers who allocate a role left empty. */
  people: readonly Person[];
  at: string;
}): NewOutboxItem[] {
  const notice = (recipient: string, role: Role, payload: Record<string, string>) => ({
    key: `${input.caseId}:handover:v${input.version}:${role}:${recipient}`,
    caseId: input.caseId,
    recipient,
    kind: HANDOVER,
    payload: { role, ...payload },
    availableAt: input.at,
  });
  const taken = input.started
    .filter((m) => inherited(input.after, m.role).length > 0)
    .map((m) => {
      const from = input.ended.find((e) => e.role === m.role)?.personId;
      return notice(m.personId, m.role, from ? { from } : {});
    });
  const vacated = input.ended
    .filter((e) => isPartyRole(e.role) && !input.started.some((m) => m.role === e.role))
    .flatMap((e) =>
      holdersOf(
        { team: input.team, members: [...input.members] },
        ALLOCATORS[e.role as PartyRole],
        input.people,
      ).map((allocator) => notice(allocator, e.role, { left: e.personId })),
    );
  return [...taken, ...vacated];
}

/** Whether a change leaves a role empty, so that those who allocate it must be found. */
export function leavesRoleEmpty(change: {
  started: readonly CaseMember[];
  ended: readonly CaseMember[];
}): boolean {
  return change.ended.some((e) => !change.started.some((m) => m.role === e.role));
}
