/**
 * Managing the people in the directory: who may sign in, as whom, in which roles and teams.
 *
 * Two ways in, one set of rules (the schemas below): `npm run people:import -- FILE.csv`
 * (scripts/people-import.ts) for loading a whole staff list, and the admin API (server/http/
 * routes/people.ts) for changing one person through the use cases here. Both are audited: `people.imported` for an import run, `person.updated` for each
 * change through the API, with the roles and teams before and after.
 *
 * People are never deleted here: the `Directory` port has no delete. Someone who leaves is
 * deactivated (leave.ts): their events keep naming them while
 * they can no longer sign in.
 */
import { z } from 'zod';
import {
  ROLES,
  type Actor,
  type Directory,
  type Person,
  type Role,
  refuse,
  type AuditTrail,
} from '../../core';

/** What managing people needs: the directory, and the audit trail to record who changed whom. */
export type PeopleStore = Directory & Pick<AuditTrail, 'audit'>;

// ---- the rules for a person ------------------------------------------------------------------

/** A person's id in this product, e.g. `iro.patel`: what events and the audit trail record. */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const personId = z
  .string()
  .regex(
    PERSON_ID_PATTERN,
    'must be 1–100 letters, digits or . _ - (starting with a letter or digit)',
  );

/** Roles a person can hold. `court` is only ever an addressee of a notice, never a user. */
export const ASSIGNABLE_ROLES = ROLES.filter(
  (r): r is Exclude<Role, 'court'> => r !== 'court',
) as readonly Exclude<Role, 'court'>[];

/** Roles of people outside the council: they belong to no council team. */
export const OUTSIDE_ROLES: readonly Role[] = ['guardian', 'childs-solicitor'];

const TEAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

const role = z.enum(ASSIGNABLE_ROLES, {
  error: (issue) =>
    issue.input === 'court'
      ? "'court' is an addressee, not a role a person holds"
      : `must be one of ${ASSIGNABLE_ROLES.join(', ')}`,
});
const team = z
  .string()
  .trim()
  .regex(TEAM_PATTERN, 'must be 1–100 letters, digits, spaces or . _ - (one team per entry)');
const unique = <T>(list: T[]): T[] => [...new Set(list)];

/** Every field of a person but the id. Messages state the expectation, never echo the value. */
const personFields = {
  displayName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters'),
  email: z.email({ error: 'must be an e-mail address' }).max(254).optional(),
  entraObjectId: z
    .guid({ error: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' })
    .transform((s) => s.toLowerCase())
    .optional(),
  roles: z
    .array(role, { error: 'must be a list of roles' })
    .min(1, 'must list at least one role')
    .max(ASSIGNABLE_ROLES.length, 'lists too many roles')
    .transform(unique),
  teams: z
    .array(team, { error: 'must be a list of teams' })
    .max(50, 'must list at most 50 teams')
    .transform(unique),
};

/** Council staff work in at least one team; only people outside the council may have none. */
function teamsRule(p: { roles: Role[]; teams: string[] }, ctx: z.RefinementCtx): void {
  if (p.teams.length === 0 && p.roles.some((r) => !OUTSIDE_ROLES.includes(r))) {
    ctx.addIssue({
      code: 'custom',
      path: ['teams'],
      message: `must name at least one team (only ${OUTSIDE_ROLES.join(' and ')} may have none)`,
    });
  }
}

/** The body of `PUT /api/admin/people/:id`: the whole person, without the id (it is in the path). */
export const personBody = z.strictObject(personFields).superRefine(teamsRule);
/** One person with their id, as a row of the import file. */
export const personRecord = z
  .strictObject({ id: personId, ...personFields })
  .superRefine(teamsRule);

/** The Person the directory stores: absent optional fields are left out, not `undefined`. */
export function toPerson(id: string, fields: z.output<typeof personBody>): Person {
  const p: Person = {
    id,
    displayName: fields.displayName,
    roles: fields.roles,
    teams: fields.teams,
  };
  if (fields.email !== undefined) p.email = fields.email;
  if (fields.entraObjectId !== undefined) p.entraObjectId = fields.entraObjectId;
  return p;
}

// ---- comparing and importing ---------------------------------------------------------------

export type PersonField = 'displayName' | 'email' | 'entraObjectId' | 'roles' | 'teams';

const sameSet = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join('\n') === [...b].sort().join('\n');

/** The fields that differ; the order of roles and teams does not count as a change. */
export function changedFields(before: Person, after: Person): PersonField[] {
  const fields: PersonField[] = [];
  if (before.displayName !== after.displayName) fields.push('displayName');
  if ((before.email ?? '') !== (after.email ?? '')) fields.push('email');
  if ((before.entraObjectId ?? '') !== (after.entraObjectId ?? '')) fields.push('entraObjectId');
  if (!sameSet(before.roles, after.roles)) fields.push('roles');
  if (!sameSet(before.teams, after.teams)) fields.push('teams');
  return fields;
}

export interface PersonChange {
  before: Person;
  after: Person;
  fields: PersonField[];
}

export interface ImportPlan {
  added: Person[];
  changed: PersonChange[];
  unchanged: Person[];
  /** In the store but not in the import: left as they are. */
  notInImport: Person[];
}

/** What importing `incoming` over `existing` would do; pure, for dry runs and for the import. */
export function planImport(existing: readonly Person[], incoming: readonly Person[]): ImportPlan {
  const byId = new Map(existing.map((p) => [p.id, p]));
  const plan: ImportPlan = { added: [], changed: [], unchanged: [], notInImport: [] };
  for (const after of incoming) {
    const before = byId.get(after.id);
    if (before === undefined) {
      plan.added.push(after);
      continue;
    }
    const fields = changedFields(before, after);
    if (fields.length === 0) plan.unchanged.push(after);
    else plan.changed.push({ before, after, fields });
  }
  const ids = new Set(incoming.map((p) => p.id));
  plan.notInImport = existing.filter((p) => !ids.has(p.id));
  return plan;
}

export interface EntraConflict {
  /** The imported person who would get the object id. */
  person: Person;
  /** Who holds it in the store and is not in the import, so would keep it. */
  holder: Person;
}

/**
 * Entra object ids the import gives to someone while a person outside the import holds them.
 * (Ids moving between people who are both in the import are fine: the import releases them first.)
 */
export function entraConflicts(
  existing: readonly Person[],
  incoming: readonly Person[],
): EntraConflict[] {
  const importing = new Set(incoming.map((p) => p.id));
  const holders = new Map(
    existing
      .filter((p) => p.entraObjectId !== undefined && !importing.has(p.id))
      .map((p) => [p.entraObjectId!, p]),
  );
  return incoming.flatMap((person) => {
    const holder = person.entraObjectId && holders.get(person.entraObjectId);
    return holder ? [{ person, holder }] : [];
  });
}

/**
 * Upserts the people who are new or changed and records one `people.imported` audit entry, even
 * when nothing changed (the run itself is worth knowing about). People in the store but not in
 * `people` are left alone. Writes run one after another; a caller that needs all-or-nothing runs
 * this inside a transaction (the import script does, on the SQLite file).
 */
export async function importPeople(
  store: PeopleStore,
  people: readonly Person[],
  actor: Actor,
): Promise<ImportPlan> {
  assertDistinct(people);
  const existing = await store.people();
  const conflicts = entraConflicts(existing, people);
  if (conflicts.length > 0) {
    const c = conflicts[0]!;
    throw new Error(
      `entraObjectId of ${c.person.id} already belongs to ${c.holder.id}, who is not in the import`,
    );
  }
  const plan = planImport(existing, people);
  // An object id moving from one person to another: release it first, so that the store never
  // sees two people holding it (it is unique) whatever order the rows come in.
  for (const c of plan.changed) {
    if (c.fields.includes('entraObjectId') && c.before.entraObjectId !== undefined) {
      const released: Person = { ...c.before };
      delete released.entraObjectId;
      await store.upsertPerson(released);
    }
  }
  for (const p of [...plan.added, ...plan.changed.map((c) => c.after)]) await store.upsertPerson(p);
  await store.audit({
    actor,
    action: 'people.imported',
    detail: {
      added: plan.added.map((p) => p.id),
      changed: plan.changed.map((c) => ({
        id: c.after.id,
        fields: c.fields,
        before: { roles: c.before.roles, teams: c.before.teams },
        after: { roles: c.after.roles, teams: c.after.teams },
      })),
      unchanged: plan.unchanged.length,
      notInImport: plan.notInImport.length,
    },
  });
  return plan;
}

function assertDistinct(people: readonly Person[]): void {
  const ids = new Set<string>();
  const oids = new Set<string>();
  for (const p of people) {
    if (ids.has(p.id)) throw new Error(`person ${p.id} appears twice in the import`);
    ids.add(p.id);
    if (p.entraObjectId === undefined) continue;
    if (oids.has(p.entraObjectId))
      throw new Error(`entraObjectId of ${p.id} is given to another person in the import`);
    oids.add(p.entraObjectId);
  }
}

// ---- the admin API ---------------------------------------------------------------------------

/**
 * Who may administer people. The product has no separate admin role: its roles are the ones the
 * protocols name, and a role that only exists in this product would need its own place in the
 * access matrix. Head of Service is the most senior council role, accountable for the service
 * and already able to see every team's cases, so managing who uses the product sits with them.
 * Bulk changes go through `people:import`, which needs access to the server rather than a role.
 */
export const ADMIN_ROLE: Role = 'head-of-service';

/** The Head of Service, or a refusal: only they manage the people who use IRO Liaison. */
export function requireAdmin(person: Person): Person {
  if (!person.roles.includes(ADMIN_ROLE))
    throw refuse(
      'admin-forbidden',
      'Only the Head of Service manages the people who use IRO Liaison.',
    );
  return person;
}

/** Everyone in the directory, for the Head of Service; audited. */
export async function listPeople(
  directory: PeopleStore,
  admin: Person,
  actor: Actor,
): Promise<Person[]> {
  requireAdmin(admin);
  const people = await directory.people();
  await directory.audit({ actor, action: 'people.listed', detail: { count: people.length } });
  return people;
}

/**
 * Adds or replaces one person, for the Head of Service; audited with the roles and teams before
 * and after. Refused: an Entra object id that is someone else's, and taking the role from the
 * only Head of Service (nobody could use this again; only a CSV import on the server could).
 */
export async function updatePerson(
  directory: PeopleStore,
  admin: Person,
  after: Person,
  actor: Actor,
): Promise<Person> {
  requireAdmin(admin);
  const before = await directory.person(after.id);
  if (after.entraObjectId !== undefined) {
    const holder = await directory.personByEntraObjectId(after.entraObjectId);
    if (holder && holder.id !== after.id)
      throw refuse(
        'entra-object-id-taken',
        `entraObjectId: already belongs to ${holder.id}; change theirs first.`,
      );
  }
  if (before?.roles.includes(ADMIN_ROLE) && !after.roles.includes(ADMIN_ROLE)) {
    const others = (await directory.people()).filter(
      (p) => p.id !== after.id && p.roles.includes(ADMIN_ROLE),
    );
    if (others.length === 0)
      throw refuse(
        'last-head-of-service',
        `roles: ${after.id} is the only ${ADMIN_ROLE}; give the role to someone else first.`,
      );
  }
  await directory.upsertPerson(after);
  await directory.audit({
    actor,
    action: 'person.updated',
    detail: {
      id: after.id,
      created: before === undefined,
      fields: changedFields(
        before ?? { id: after.id, displayName: '', roles: [], teams: [] },
        after,
      ),
      before: before ? { roles: before.roles, teams: before.teams } : null,
      after: { roles: after.roles, teams: after.teams },
    },
  });
  return (await directory.person(after.id)) ?? after;
}
