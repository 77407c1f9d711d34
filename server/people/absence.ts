/**
 * Absence with a named deputy: a person (or the Head of Service for them) says who stands in for
 * them, from when until when. Meanwhile their cards, reminders and escalations go to the deputy,
 * saying for whom, and the deputy acts on their cases in their roles.
 *
 * Set and cleared by the person (`/api/me/absence`) or by the Head of Service for them
 * (`/api/admin/people/{id}/absence`); the routes are in server/http/routes/.
 */
import {
  humanInstant,
  parseInstant,
  type Actor,
  type Clock,
  type Directory,
  type Person,
  refuse,
  type AuditTrail,
} from '../../core';
import { ADMIN_ROLE } from './people-admin';

/** The longest absence a deputy is named for at once. */
const LONGEST_MS = 366 * 24 * 3_600_000;

export interface AbsenceDeps {
  store: Directory & Pick<AuditTrail, 'audit'>;
  clock: Clock;
}

export interface AbsenceInput {
  deputy: string;
  from: string;
  until: string;
}

/** Whose absence this is: the caller's own, or (for the Head of Service) someone else's. */
async function whose(store: Directory, by: Person, id: string | undefined): Promise<Person> {
  if (id === undefined) return by;
  if (!by.roles.includes(ADMIN_ROLE))
    throw refuse('admin-forbidden', "Only the Head of Service sets someone else's absence.");
  const absent = await store.person(id);
  if (!absent) throw refuse('person-not-found', `There is no person ${id}.`);
  return absent;
}

/** Names a deputy for a period; says in words what follows. */
export async function setAbsence(
  { store, clock }: AbsenceDeps,
  by: Person,
  /** Someone else's id (the Head of Service), or none for the caller's own. */
  id: string | undefined,
  body: AbsenceInput,
  actor: Actor,
) {
  const absent = await whose(store, by, id);
  const deputy = await store.person(body.deputy);
  const from = instant('from', body.from);
  const until = instant('until', body.until);
  if (!deputy || deputy.leftAt !== undefined)
    throw refuse('invalid-request', `deputy: there is no person "${body.deputy}" here now`);
  if (deputy.id === absent.id)
    throw refuse('invalid-request', 'deputy: name someone else to stand in');
  if (!absent.roles.some((role) => deputy.roles.includes(role)))
    throw refuse(
      'invalid-request',
      `deputy: ${deputy.displayName} holds none of ${absent.displayName}'s roles, so could not act for them`,
    );
  if (until.ms <= from.ms) throw refuse('invalid-request', 'until: must be after from');
  if (until.ms <= clock.now())
    throw refuse('invalid-request', 'until: the absence is already over');
  if (until.ms - from.ms > LONGEST_MS)
    throw refuse('invalid-request', 'until: an absence is at most a year');
  await store.upsertPerson({
    ...absent,
    deputy: { personId: deputy.id, from: from.text, until: until.text },
  });
  await store.audit({
    actor,
    action: 'absence.set',
    detail: { person: absent.id, deputy: deputy.id, from: from.text, until: until.text },
  });
  return {
    person: absent.id,
    deputy: { id: deputy.id, displayName: deputy.displayName },
    from: from.text,
    until: until.text,
    said: `From ${humanInstant(from.text)} until ${humanInstant(until.text)}, ${deputy.displayName} gets ${absent.displayName}'s cards, reminders and escalations and acts on their cases.`,
  };
}

/** Back: the deputy no longer stands in. */
export async function clearAbsence(
  { store }: AbsenceDeps,
  by: Person,
  id: string | undefined,
  actor: Actor,
): Promise<void> {
  const absent = await whose(store, by, id);
  const copy = { ...absent };
  delete copy.deputy;
  await store.upsertPerson(copy);
  await store.audit({ actor, action: 'absence.cleared', detail: { person: absent.id } });
}

function instant(field: string, text: string): { text: string; ms: number } {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw refuse('invalid-request', `${field}: "${text}" ${parsed.reason}`);
  return { text, ms: parsed.instant };
}
