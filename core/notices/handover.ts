/**
 * A new holder of a party role (a re-allocated IRO, a replacement Guardian, a new lawyer) takes
 * over what the role still owes and is still owed on the case: they are told once, with the list.
 */
import type { CaseEvaluation, Obligation } from '../engine/obligation';
import type { CaseMember, NewOutboxItem } from '../ports/case-store';
import type { Role } from '../vocabulary';

export const HANDOVER = 'parties.handover';

const LIVE = new Set(['open', 'due-soon', 'overdue']);

/** What the new holder of a role inherits: open work on the role, and what is addressed to it. */
export function inherited(
  evaluation: Pick<CaseEvaluation, 'obligations'>,
  role: Role,
): { obligation: Obligation; as: 'responsible' | 'recipient' }[] {
  const out: { obligation: Obligation; as: 'responsible' | 'recipient' }[] = [];
  for (const o of evaluation.obligations) {
    if (!LIVE.has(o.status)) continue;
    if (o.responsible.includes(role)) out.push({ obligation: o, as: 'responsible' });
    else if (o.recipients.includes(role)) out.push({ obligation: o, as: 'recipient' });
  }
  return out;
}

/**
 * One notice to each person who became a party with these events and has something to inherit,
 * naming whom they took over from. The list itself is read when it is delivered, as it is then.
 */
export function handoverNotices(input: {
  caseId: string;
  /** The case's version after the append: one notice per person per change. */
  version: number;
  started: readonly CaseMember[];
  ended: readonly CaseMember[];
  after: Pick<CaseEvaluation, 'obligations'>;
  at: string;
}): NewOutboxItem[] {
  return input.started
    .filter((m) => inherited(input.after, m.role).length > 0)
    .map((m) => {
      const from = input.ended.find((e) => e.role === m.role)?.personId;
      return {
        key: `${input.caseId}:handover:v${input.version}:${m.role}:${m.personId}`,
        caseId: input.caseId,
        recipient: m.personId,
        kind: HANDOVER,
        payload: { role: m.role, ...(from ? { from } : {}) },
        availableAt: input.at,
      };
    });
}
