/**
 * Who is contacted when the person a notice is for cannot be, as the IRO and Legal Services
 * Protocol asks:
 * - "If it is not possible to contact the IRO, the IRO Team Manager should be contacted": an IRO
 *   who is away (automatic replies on, or a deputy named for now), and an IRO who has not
 *   acknowledged what is addressed to them by its first reminder. (With no IRO allocated at all,
 *   the IRO service stands in from the start: `audienceOf`.)
 * - "In the absence of the Team Manager for the IRO team the Principal Lawyer will liaise with
 *   the IRO administrator": an IRO Team Manager who is away; their notices go to the case team's
 *   IRO administrators as well.
 * Pure: the caller says who is away; this says who else is told and why.
 */
import { holdersOf, rolesOnCase } from '../access/access-matrix';
import { formatInstant } from '../time/london';
import { instantOf } from '../case-file';
import { LIVE_STATUSES, type CaseEvaluation } from '../engine/obligation';
import type { CaseRecord, NewOutboxItem } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { Role } from '../vocabulary';

/** Why a notice went to someone besides the person it was for. */
export type CoverReason = 'iro-away' | 'iro-not-acknowledged' | 'team-manager-away';

const COVER: Partial<Record<Role, { by: Role; reason: CoverReason }>> = {
  iro: { by: 'iro-team-manager', reason: 'iro-away' },
  'iro-team-manager': { by: 'iro-admin', reason: 'team-manager-away' },
};

/**
 * Who else gets a notice for someone who is away, in the roles they hold on the case: the IRO's
 * go to the IRO Team Managers, the IRO Team Manager's to the IRO administrators.
 */
export function coverWhenAway(
  away: Person,
  record: Pick<CaseRecord, 'team' | 'members'>,
  people: readonly Person[],
): { to: string[]; reason: CoverReason }[] {
  const roles = rolesOnCase(away, record);
  const out: { to: string[]; reason: CoverReason }[] = [];
  for (const [role, cover] of Object.entries(COVER) as [
    Role,
    { by: Role; reason: CoverReason },
  ][]) {
    if (!roles.has(role)) continue;
    const to = holdersOf(record, [cover.by], people).filter((id) => id !== away.id);
    if (to.length) out.push({ to, reason: cover.reason });
  }
  return out;
}

/**
 * What is addressed to the IRO and not acknowledged by any of the case's IROs by its first
 * reminder: the case team's IRO Team Managers are contacted, once per obligation and deadline.
 */
export function iroNotReachedNotices(
  view: { record: Pick<CaseRecord, 'header' | 'team' | 'members'>; evaluation: CaseEvaluation },
  people: readonly Person[],
  now: number,
): NewOutboxItem[] {
  const iros = view.record.members.filter((m) => m.role === 'iro').map((m) => m.personId);
  if (!iros.length) return [];
  const managers = holdersOf(view.record, ['iro-team-manager'], people).filter(
    (id) => !iros.includes(id),
  );
  const items: NewOutboxItem[] = [];
  for (const o of view.evaluation.obligations) {
    if (!LIVE_STATUSES.has(o.status) || !o.recipients.includes('iro') || o.due === undefined)
      continue;
    const first = o.reminders[0];
    if (!first || instantOf(first.at) > now) continue;
    if (o.acknowledgements.some((a) => a.by !== undefined && iros.includes(a.by))) continue;
    for (const manager of managers)
      items.push({
        key: `${o.id}:iro-not-reached:${o.due}:${manager}`,
        caseId: view.record.header.id,
        recipient: manager,
        kind: 'obligation.reminder',
        payload: {
          obligation: o.id,
          rule: o.rule,
          stage: 'iro-not-reached',
          cover: iros[0],
          reason: 'iro-not-acknowledged' satisfies CoverReason,
        },
        availableAt: formatInstant(now),
      });
  }
  return items;
}

/** Why a cover notice came, in words for the person it reached. */
export function coverText(reason: CoverReason | undefined, whoseName: string): string {
  switch (reason) {
    case 'iro-not-acknowledged':
      return `Sent to you as well: ${whoseName} has not acknowledged this by its first reminder, and the protocol asks for the IRO Team Manager to be contacted when the IRO cannot be.`;
    case 'team-manager-away':
      return `Sent to you as well: ${whoseName}, the IRO Team Manager, is away; in the Team Manager's absence the protocol has the Principal Lawyer liaise with the IRO administrator.`;
    default:
      return `Sent to you as well: ${whoseName} is away (automatic replies on, or a deputy named), and the protocol asks for the IRO Team Manager to be contacted when the IRO cannot be.`;
  }
}
