/**
 * The use case behind a form's people picker: whom the caller may name in a party role on a case
 * (those eligible for the role in the case's team, not already in it), or, without a case, the
 * IROs (the IRO service's own list). Only those who record the event that names someone in the
 * role may list them: the others have no use for a staff directory, and it is still a list of
 * people. Name and e-mail only, audited.
 */
import {
  A_ROLE,
  EVENT_RECORDERS,
  eligiblePeople,
  mayRecord,
  namingEventOf,
  onCaseReference,
  refuse,
  type Actor,
  type AuditTrail,
  type Directory,
  type PartyRole,
  type Person,
} from '../../core';
import type { Cases } from '../cases/cases';

export interface PeopleToNameDeps {
  cases: Pick<Cases, 'visibleCase'>;
  store: Pick<Directory, 'people'> & Pick<AuditTrail, 'audit'>;
}

export async function peopleToName(
  { cases, store }: PeopleToNameDeps,
  person: Person,
  query: { role: PartyRole; case?: string },
  actor: Actor,
): Promise<{ id: string; displayName: string; email?: string }[]> {
  const naming = namingEventOf(query.role);
  const record =
    query.case === undefined
      ? undefined
      : await onCaseReference(query.case, (id) => cases.visibleCase(person, id));
  let found: Person[];
  if (record !== undefined) {
    if (!mayRecord(person, record, naming))
      throw refuse(
        'people-forbidden',
        `Your role on this case does not name ${A_ROLE[query.role]}, so it does not list them.`,
      );
    found = eligiblePeople(await store.people(), query.role, record.team).filter(
      (x) => !record.members.some((m) => m.role === query.role && m.personId === x.id),
    );
  } else {
    if (query.role !== 'iro')
      throw refuse('invalid-request', 'case: is required to list people in that role');
    if (!person.roles.some((role) => EVENT_RECORDERS[naming].includes(role)))
      throw refuse(
        'people-forbidden',
        'Only the IRO service allocates IROs, so only it lists them.',
      );
    found = (await store.people()).filter((x) => x.roles.includes(query.role));
  }
  const listed = found
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'))
    .map((x) => ({ id: x.id, displayName: x.displayName, ...(x.email ? { email: x.email } : {}) }));
  await store.audit({
    actor,
    action: 'people.listed',
    ...(record !== undefined ? { caseId: record.header.id } : {}),
    detail: { role: query.role, count: listed.length },
  });
  return listed;
}
