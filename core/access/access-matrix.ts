/**
 * Who may see a case and who may record what on it. The protocols give each act to particular
 * people ("the allocated lawyer will…", "the IRO administrator will…"); this table is that,
 * written down once. docs/access-matrix.md is generated from it and a test covers every cell.
 */
import { checkSequence, type CaseEvent, type EventType } from '../case-file';
import type { CaseRecord } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { Role } from '../vocabulary';

/**
 * Roles that act for a whole team or service rather than as a named party to a case: they see
 * and act on every case of the teams they belong to.
 */
export const TEAM_ROLES: readonly Role[] = [
  'iro-admin',
  'iro-team-manager',
  'principal-lawyer',
  'permanency-progression-manager',
  'head-of-service',
];

/** Who may record each event type (as a party to the case, or for its team). */
export const EVENT_RECORDERS: Record<
  Exclude<EventType, `obligation.${string}` | 'event.retracted' | 'party.left'>,
  readonly Role[]
> = {
  'looked-after.started': ['social-worker', 'lawyer', 'iro-admin'],
  'lpm.recommended': ['iro', 'iro-team-manager'],
  'lpm.scheduled': ['permanency-progression-manager', 'social-worker', 'lawyer'],
  'lpm.not-needed': ['permanency-progression-manager', 'social-worker'],
  'lpm.reasons-sent-to-iro': ['permanency-progression-manager'],
  'lpm.referral-checked': ['lawyer', 'principal-lawyer'],
  'lpm.iro-views-obtained': ['social-worker'],
  'iro-sw-meeting.held': ['permanency-progression-manager'],
  'order.made': ['lawyer', 'principal-lawyer'],
  'iro-service.notified': ['lawyer', 'social-worker', 'iro-admin'],
  // The principal lawyer allocates lawyers; a lawyer may hand a case to a colleague.
  'lawyer.allocated': ['lawyer', 'principal-lawyer'],
  'social-worker.allocated': ['social-worker', 'head-of-service'],
  'iro.allocated': ['iro-admin', 'iro-team-manager'],
  'court.notified-of-iro': ['lawyer', 'principal-lawyer'],
  'application.issued': ['lawyer', 'principal-lawyer'],
  'standard-directions.received': ['lawyer', 'principal-lawyer'],
  'standard-directions.sent-to-iro': ['lawyer', 'principal-lawyer'],
  'guardian.appointed': ['lawyer', 'iro-admin', 'guardian'],
  // The court appoints the child's solicitor; Legal records who it is.
  'childs-solicitor.appointed': ['lawyer', 'principal-lawyer'],
  'guardian-details.sent-to-iro': ['lawyer', 'principal-lawyer'],
  'legal-details.sent-to-iro-admin': ['lawyer', 'principal-lawyer'],
  // Any party to the proceedings may ask; Legal records it.
  'previous-reviews.asked-for': ['lawyer', 'principal-lawyer', 'guardian', 'childs-solicitor'],
  'previous-reviews.requested': ['lawyer', 'principal-lawyer'],
  'cafcass.contacted-iro-service': ['guardian', 'iro-admin'],
  'guardian-name.passed-to-iro': ['iro-admin'],
  'guardian.care-plan-concern': ['guardian'],
  'review-record-requirement.recorded': ['lawyer', 'principal-lawyer', 'iro-admin'],
  'document.sent-to-iro': ['lawyer', 'principal-lawyer'],
  // "No initial care plan was prepared" (Legal); "contact is in the care plan" (the Guardian).
  'document.not-needed': ['lawyer', 'principal-lawyer', 'guardian'],
  'court-document.received': ['lawyer', 'social-worker'],
  'court-document.uploaded': ['social-worker'],
  'review.scheduled': ['iro', 'iro-admin'],
  'review.held': ['iro', 'iro-team-manager'],
  'review.minutes-sent-to-lawyer': ['iro-admin'],
  'guardian.invited-to-review': ['iro', 'iro-admin'],
  'review.record-sent-to-guardian': ['iro', 'iro-admin'],
  'filing.scheduled': ['lawyer', 'principal-lawyer'],
  'iro-alert.sent': ['lawyer', 'principal-lawyer'],
  'draft.sent-to-iro': ['lawyer', 'social-worker'],
  'iro.comments-returned': ['iro', 'iro-team-manager'],
  'iro-views.sent-to-social-worker': ['iro'],
  'concern.raised': ['iro'],
  'concern.resolved': ['permanency-progression-manager'],
  'concern.remains': ['iro'],
  'legal-advice.sought': ['iro', 'principal-lawyer'],
  'dispute.raised': ['iro', 'lawyer', 'permanency-progression-manager'],
  'dispute.resolved': ['permanency-progression-manager'],
  'dispute.managers-informed': ['permanency-progression-manager'],
  'court.informed-of-dispute': ['lawyer', 'principal-lawyer'],
  'hearing.scheduled': ['lawyer', 'principal-lawyer'],
  // Legal files the final evidence; the social worker's assessments and the Guardian's report are theirs.
  'filing.made': ['lawyer', 'principal-lawyer', 'social-worker', 'guardian'],
  'hearing.held': ['lawyer', 'principal-lawyer'],
  'proceedings.concluded': ['lawyer', 'principal-lawyer'],
  'final-documents.confirmed': ['guardian'],
  'iro-guardian.contact-made': ['iro', 'guardian'],
  'iro-guardian.discussion-held': ['iro', 'guardian'],
  'discussion-frequency.agreed': ['iro', 'guardian'],
  'discussion.recorded': ['iro'],
  'outstanding-issue.identified': ['iro', 'guardian'],
  'outstanding-issue.reviewed': ['iro'],
  'outstanding-issue.resolved': ['iro'],
};

/** Managers who may waive an obligation (with a reason) on their teams' cases. */
export const WAIVERS: readonly Role[] = [
  'iro-team-manager',
  'principal-lawyer',
  'permanency-progression-manager',
  'head-of-service',
];

/**
 * The roles a person holds on a case: as a named party, as the deputy of a party who is away, or
 * through a team role for the case's team.
 */
export function rolesOnCase(person: Person, c: Pick<CaseRecord, 'team' | 'members'>): Set<Role> {
  const roles = new Set<Role>();
  for (const m of c.members)
    if (m.personId === person.id || person.coversFor?.includes(m.personId)) roles.add(m.role);
  if (person.teams.includes(c.team)) {
    for (const r of person.roles) if (TEAM_ROLES.includes(r)) roles.add(r);
  }
  return roles;
}

/**
 * The people who hold any of these roles for a case: its parties, and for team roles (managers,
 * the IRO service) the people of the case's team. Pure: the caller reads the directory once.
 */
export function holdersOf(
  c: Pick<CaseRecord, 'team' | 'members'>,
  roles: readonly Role[],
  people: readonly Person[],
): string[] {
  const out = new Set(c.members.filter((m) => roles.includes(m.role)).map((m) => m.personId));
  const teamRoles = roles.filter((r) => TEAM_ROLES.includes(r));
  if (teamRoles.length)
    for (const p of people)
      if (p.teams.includes(c.team) && p.roles.some((r) => teamRoles.includes(r))) out.add(p.id);
  return [...out];
}

export function canSeeCase(person: Person, c: Pick<CaseRecord, 'team' | 'members'>): boolean {
  return rolesOnCase(person, c).size > 0;
}

function holdsAny(roles: Set<Role>, allowed: readonly Role[]): boolean {
  return allowed.some((r) => roles.has(r));
}

export function mayRecord(
  person: Person,
  c: Pick<CaseRecord, 'team' | 'members'>,
  type: EventType,
): boolean {
  // Acknowledgements etc. go through mayActOn, retractions through mayRetract.
  // A leaver's part is ended by deactivating them (people admin), never recorded by hand.
  if (type.startsWith('obligation.') || type === 'event.retracted' || type === 'party.left')
    return false;
  return holdsAny(rolesOnCase(person, c), EVENT_RECORDERS[type as keyof typeof EVENT_RECORDERS]);
}

/**
 * A mistake is retracted by whoever recorded it, while still on the case, or by a manager of
 * the case's team (a retraction says the event never happened; nothing is edited or deleted).
 */
export function mayRetract(
  person: Person,
  c: Pick<CaseRecord, 'team' | 'members'>,
  recordedBy: string,
): boolean {
  const roles = rolesOnCase(person, c);
  return (recordedBy === person.id && roles.size > 0) || holdsAny(roles, WAIVERS);
}

/** The events of a log this person may retract now (positions in the log). */
export function retractableBy(
  person: Person,
  c: Pick<CaseRecord, 'team' | 'members'>,
  log: readonly { seq: number; event: CaseEvent; recordedBy: string }[],
): number[] {
  const events = log.map((e) => e.event);
  return log
    .filter(
      (e) =>
        mayRetract(person, c, e.recordedBy) &&
        checkSequence(
          events,
          { type: 'event.retracted', at: e.event.at, retracts: e.seq, reason: '-' },
          'event',
        ).length === 0,
    )
    .map((e) => e.seq);
}

export type ObligationAction = 'acknowledge' | 'complete' | 'waive' | 'cannot-meet';

/**
 * "If it is not possible to contact the IRO, the IRO Team Manager should be contacted." With no
 * IRO on a case, what is addressed to the IRO goes to these roles of the case's team instead,
 * who may acknowledge it.
 */
export const NO_IRO_STAND_INS: readonly Role[] = ['iro-team-manager', 'iro-admin'];

/** Whether the IRO service stands in for the IRO on this obligation (the case has no IRO). */
export function standsInForIro(
  c: Pick<CaseRecord, 'members'>,
  obligation: { responsible: readonly Role[]; recipients: readonly Role[] },
): boolean {
  return (
    (obligation.recipients.includes('iro') || obligation.responsible.includes('iro')) &&
    !c.members.some((m) => m.role === 'iro')
  );
}

/**
 * Acknowledge: anyone the obligation is on or addressed to. Complete: those it is on, and the
 * managers it escalates to. Waive: managers only. Say it cannot be met: those it is on.
 */
export function mayActOn(
  person: Person,
  c: Pick<CaseRecord, 'team' | 'members'>,
  obligation: {
    responsible: readonly Role[];
    recipients: readonly Role[];
    escalation: { to: readonly Role[] };
  },
  action: ObligationAction,
): boolean {
  const roles = rolesOnCase(person, c);
  switch (action) {
    case 'acknowledge':
      return (
        holdsAny(roles, [...obligation.responsible, ...obligation.recipients]) ||
        (standsInForIro(c, obligation) && holdsAny(roles, NO_IRO_STAND_INS))
      );
    case 'complete':
      return holdsAny(roles, [...obligation.responsible, ...obligation.escalation.to]);
    case 'waive':
      return holdsAny(roles, WAIVERS);
    case 'cannot-meet':
      return holdsAny(roles, obligation.responsible);
  }
}
