/**
 * Who a case names as its parties, checked against the directory: the people a case is opened
 * with, and the people events name (an allocated IRO, an appointed Guardian, a new lawyer). The
 * decisions are core's (`eligibility`, `partiesAfter`); this loads the people and says no.
 */
import {
  eligibility,
  isPartyRole,
  partiesAfter,
  partyNamedBy,
  A_ROLE,
  type CaseEvent,
  type CaseMember,
  type CaseRecord,
  type Directory,
  type Party,
  type PartyProblem,
  type Person,
  type Role,
  refuse,
} from '../../core';

/** Roles that open a case, and the part each opener takes on it (none: they act for the team). */
const OPENERS: ReadonlyMap<Role, Role | undefined> = new Map([
  ['lawyer', 'lawyer'],
  ['social-worker', 'social-worker'],
  ['principal-lawyer', undefined],
]);

function refused(problem: PartyProblem) {
  return refuse(problem.code, `${problem.field}: ${problem.message}`, {
    errors: [{ path: problem.field, message: problem.message }],
  });
}

/**
 * The parties a case is opened with: the opener in their own role, and the others named, each
 * holding the role named, in the case's team (which must be the opener's), one per role.
 */
export async function openingParties(
  directory: Pick<Directory, 'person'>,
  opener: Person,
  team: string,
  named: readonly CaseMember[],
): Promise<CaseMember[]> {
  const role = opener.roles.find((r) => OPENERS.has(r));
  if (!role)
    throw refuse('role-forbidden', 'Only Legal Services or the social work team open a case.');
  if (!opener.teams.includes(team))
    throw refuse(
      'team-forbidden',
      'team: you do not work in that team, so you cannot open a case for it.',
    );
  const own = OPENERS.get(role);
  const members: CaseMember[] = own ? [{ personId: opener.id, role: own }] : [];
  for (const [i, m] of named.entries()) {
    const field = `members[${i}]`;
    if (m.personId === opener.id && m.role === own) continue;
    if (!isPartyRole(m.role))
      throw refused({
        code: 'person-not-eligible',
        field: `${field}.role`,
        message: `${A_ROLE[m.role]} is not named on a case (the role works for the whole team)`,
      });
    const holder = members.find((x) => x.role === m.role);
    if (holder)
      throw refuse(
        'invalid-request',
        `${field}.role: a case has one ${A_ROLE[m.role].replace(/^an? /, '')} at a time, and ${holder.personId === opener.id ? 'you are' : 'someone is'} named already`,
      );
    const problem = eligibility(
      m.personId,
      await directory.person(m.personId),
      m.role,
      team,
      `${field}.personId`,
    );
    if (problem) throw refused(problem);
    members.push({ personId: m.personId, role: m.role });
  }
  return members;
}

/**
 * The events as they will be recorded, with the parties they start and end. A person named by
 * an event must be in the directory and eligible; their name and e-mail address are the
 * directory's, whatever the request said.
 */
export async function partiesNamedBy(
  directory: Pick<Directory, 'person'>,
  record: Pick<CaseRecord, 'team' | 'members'>,
  events: readonly CaseEvent[],
): Promise<{
  events: CaseEvent[];
  members: CaseMember[];
  started: CaseMember[];
  ended: CaseMember[];
}> {
  const out: CaseEvent[] = [];
  for (const e of events) {
    const named = partyNamedBy(e);
    if (!named) {
      out.push(e);
      continue;
    }
    const field = `event.${named.field}.id`;
    if (!named.id)
      throw refuse(
        'invalid-event',
        `${field}: is required: name ${A_ROLE[named.role].replace(/^an? /, 'the ')} as a person from the directory`,
      );
    const person = await directory.person(named.id);
    const problem = eligibility(named.id, person, named.role, record.team, field);
    if (problem) throw refused(problem);
    const { phone } = (e as unknown as Record<string, { phone?: string }>)[named.field]!;
    out.push({
      ...e,
      [named.field]: {
        id: named.id,
        name: person!.displayName,
        ...(person!.email ? { email: person!.email } : {}),
        ...(phone ? { phone } : {}),
      },
    });
  }
  return { events: out, ...partiesAfter(record.members, out) };
}

/**
 * The directory's entry for each member of these cases, each person read once however many of
 * the cases they are on. (Not the whole directory: it is far larger than the people on a page.)
 */
export async function peopleOn(
  directory: Pick<Directory, 'person'>,
  records: readonly CaseRecord[],
): Promise<Map<string, Person | undefined>> {
  const people = new Map<string, Person | undefined>();
  for (const r of records)
    for (const m of r.members)
      if (!people.has(m.personId)) people.set(m.personId, await directory.person(m.personId));
  return people;
}

/** A case's members with their names (the id where the directory has no such person). */
export function partiesOf(
  record: CaseRecord,
  people: ReadonlyMap<string, Person | undefined>,
  include: { email: boolean },
): Party[] {
  return record.members.map((m) => {
    const p = people.get(m.personId);
    return {
      personId: m.personId,
      role: m.role,
      displayName: p?.displayName ?? m.personId,
      ...(include.email && p?.email ? { email: p.email } : {}),
    };
  });
}
