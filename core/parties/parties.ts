/**
 * A case's parties over time. The protocols speak of *the* allocated lawyer, social worker and
 * IRO, *the* Children's Guardian and *the* child's solicitor: one person in each of these roles
 * at a time. Each is a person from the directory who holds the role; naming a new one (a
 * re-allocation, a replacement) ends the previous holder's part at that instant.
 */
import type { CaseEvent, EventType } from '../case-file';
import type { CaseMember } from '../ports/case-store';
import type { Person } from '../ports/directory';
import { A_ROLE, type Role } from '../vocabulary';

/** The roles a case names one person for. */
export const PARTY_ROLES = [
  'lawyer',
  'social-worker',
  'iro',
  'guardian',
  'childs-solicitor',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export function isPartyRole(role: Role): role is PartyRole {
  return (PARTY_ROLES as readonly Role[]).includes(role);
}

/**
 * CAFCASS Guardians and children's solicitors work outside the council: they belong to none of
 * its teams, and any of them may be named on any case.
 */
export const EXTERNAL_ROLES: readonly Role[] = ['guardian', 'childs-solicitor'];

/** The events that name a party, the role each names and the field that holds the person. */
export const PARTY_EVENTS = {
  'lawyer.allocated': { role: 'lawyer', field: 'lawyer' },
  'social-worker.allocated': { role: 'social-worker', field: 'socialWorker' },
  'iro.allocated': { role: 'iro', field: 'iro' },
  'guardian.appointed': { role: 'guardian', field: 'guardian' },
  'childs-solicitor.appointed': { role: 'childs-solicitor', field: 'solicitor' },
} as const satisfies Partial<Record<EventType, { role: PartyRole; field: string }>>;
export type PartyEventType = keyof typeof PARTY_EVENTS;

export function isPartyEvent(type: EventType): type is PartyEventType {
  return Object.hasOwn(PARTY_EVENTS, type);
}

/** The event that names someone in a party role. */
export function namingEventOf(role: PartyRole): PartyEventType {
  return (Object.keys(PARTY_EVENTS) as PartyEventType[]).find(
    (type) => PARTY_EVENTS[type].role === role,
  )!;
}

/** The person an event names as a party, and in which role (none for other events). */
export function partyNamedBy(
  e: CaseEvent,
): { role: PartyRole; field: string; id?: string; name: string } | undefined {
  if (!isPartyEvent(e.type)) return undefined;
  const { role, field } = PARTY_EVENTS[e.type];
  const party = (e as unknown as Record<string, { id?: string; name: string }>)[field]!;
  return { role, field, id: party.id, name: party.name };
}

/** Why a person cannot be named in a role on a case; undefined when they can. */
export interface PartyProblem {
  code: 'person-not-in-directory' | 'person-not-eligible';
  /** The request field that names them ("event.iro.id", "members[1].personId"). */
  field: string;
  message: string;
}

/**
 * Whether a directory entry may be a party in a role on a case of a team: a known person who
 * holds the role and, for the council's own staff, works in the case's team.
 */
export function eligibility(
  id: string,
  person: Person | undefined,
  role: Role,
  team: string,
  field: string,
): PartyProblem | undefined {
  if (!person)
    return {
      code: 'person-not-in-directory',
      field,
      message: `there is no person "${id}" in the directory`,
    };
  if (person.leftAt !== undefined)
    return { code: 'person-not-eligible', field, message: `${person.displayName} has left` };
  if (!isPartyRole(role))
    return {
      code: 'person-not-eligible',
      field,
      message: `${A_ROLE[role]} is not named on a case (the role works for the whole team)`,
    };
  if (!person.roles.includes(role))
    return {
      code: 'person-not-eligible',
      field,
      message: `${person.displayName} is not ${A_ROLE[role]}`,
    };
  if (!EXTERNAL_ROLES.includes(role) && !person.teams.includes(team))
    return {
      code: 'person-not-eligible',
      field,
      message: `${person.displayName} does not work in this case's team (${team})`,
    };
  return undefined;
}

/**
 * Who is told when a role on a case is left empty (its holder left the council), to name a new
 * holder: those who allocate it.
 */
export const ALLOCATORS: Readonly<Record<PartyRole, readonly Role[]>> = {
  iro: ['iro-team-manager', 'iro-admin'],
  lawyer: ['principal-lawyer'],
  'social-worker': ['head-of-service'],
  guardian: ['lawyer', 'principal-lawyer'],
  'childs-solicitor': ['lawyer', 'principal-lawyer'],
};

/** The people of the directory who may be named in a role on a case of a team (a picker's list). */
export function eligiblePeople(people: readonly Person[], role: Role, team: string): Person[] {
  return people.filter((p) => !eligibility(p.id, p, role, team, 'person'));
}

/**
 * The parties after these events: each event that names a party ends the part of whoever held
 * that role until then, and `party.left` ends a leaver's. `ended` are those whose part ended
 * (and who are not named again).
 */
export function partiesAfter(
  members: readonly CaseMember[],
  events: readonly CaseEvent[],
): { members: CaseMember[]; started: CaseMember[]; ended: CaseMember[] } {
  let current = [...members];
  const started: CaseMember[] = [];
  for (const e of events) {
    if (e.type === 'party.left') {
      current = current.filter((m) => !(m.role === e.role && m.personId === e.personId));
      continue;
    }
    const named = partyNamedBy(e);
    if (!named?.id) continue;
    const member = { personId: named.id, role: named.role };
    if (current.some((m) => m.role === member.role && m.personId === member.personId)) continue;
    current = [...current.filter((m) => m.role !== member.role), member];
    started.push(member);
  }
  const holds = (list: readonly CaseMember[], m: CaseMember) =>
    list.some((x) => x.role === m.role && x.personId === m.personId);
  return {
    members: current,
    started: started.filter((m) => holds(current, m)),
    ended: members.filter((m) => !holds(current, m)),
  };
}

/** Who holds a role an obligation is on or addressed to: by name where the case names someone. */
export interface Holder {
  role: Role;
  personId?: string;
  displayName?: string;
}

/**
 * The people in these roles on a case, by name; a role nobody on the case holds (a team role, the
 * court, a party not yet named) by its role alone.
 */
export function holdersByName(
  roles: readonly Role[],
  parties: readonly { personId: string; role: Role; displayName: string }[],
): Holder[] {
  return roles.flatMap((role) => {
    const named = parties.filter((p) => p.role === role);
    return named.length
      ? named.map((p) => ({ role, personId: p.personId, displayName: p.displayName }))
      : [{ role }];
  });
}

/**
 * The parties a case file's events name (its allocations and appointments, in the order they
 * happened, less those who left and anything retracted), for tools that have no directory: the
 * CLI names who is on the hook from these.
 */
export function partiesNamedInLog(
  events: readonly CaseEvent[],
): { personId: string; role: Role; displayName: string }[] {
  const retracted = new Set(
    events.flatMap((e) => (e.type === 'event.retracted' ? [e.retracts] : [])),
  );
  const byRole = new Map<Role, { personId: string; role: Role; displayName: string }>();
  const live = events
    .map((event, seq) => ({ event, seq }))
    .filter(({ seq }) => !retracted.has(seq))
    .sort((a, b) => Date.parse(a.event.at) - Date.parse(b.event.at) || a.seq - b.seq);
  for (const { event } of live) {
    if (event.type === 'party.left') {
      if (byRole.get(event.role)?.personId === event.personId) byRole.delete(event.role);
      continue;
    }
    const named = partyNamedBy(event);
    if (named)
      byRole.set(named.role, {
        personId: named.id ?? named.name,
        role: named.role,
        displayName: named.name,
      });
  }
  return [...byRole.values()];
}
