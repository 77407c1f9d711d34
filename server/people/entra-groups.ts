/**
 * People from Microsoft Entra groups. A council already keeps who is an IRO, a lawyer, a manager…
 * as membership of groups in Entra; `people:import --groups FILE` names, for each group, the roles
 * and teams its members have here, and this works out the directory those groups describe. Pure:
 * the groups are read (server/graph/graph-group-members.ts) and the result written elsewhere.
 *
 * - A person in several groups has every role and team those groups give.
 * - Someone already in the directory with the same Entra object id keeps their id (events and the
 *   audit trail name people by it); a newcomer's id is their mail address's local part (their
 *   user principal name's if they have no mailbox), lower case, with `-2`, `-3`… when the
 *   directory already has that id.
 * - An account disabled in Entra is left out, and said so.
 */
import type { Person, Role } from '../../core';
import type { EntraGroup, EntraUser } from '../graph/graph-group-members';
import { PERSON_ID_PATTERN, personRecord, toPerson } from './people-admin';

/** One row of the groups file: the group's members get these roles and teams. */
export interface GroupMapping {
  /** The line of the file it is on. */
  line: number;
  /** The group's Entra object id (lower case). */
  groupId: string;
  roles: Role[];
  teams: string[];
}

export interface GroupPeople {
  /** The people the groups describe, ready to import. */
  people: Person[];
  /** Members left out, and why, in words. */
  skipped: string[];
  /** Members who cannot be imported as they are (e.g. too long a name), in words. */
  problems: string[];
}

interface Gathered {
  user: EntraUser;
  roles: Role[];
  teams: string[];
  groups: string[];
}

export function peopleFromGroups(
  groups: readonly { mapping: GroupMapping; group: EntraGroup }[],
  existing: readonly Person[],
): GroupPeople {
  const gathered = new Map<string, Gathered>();
  const skipped = new Map<string, string>();
  for (const { mapping, group } of groups) {
    for (const user of group.users) {
      if (!user.enabled) {
        skipped.set(user.objectId, `${user.displayName}: their account is disabled in Entra`);
        continue;
      }
      const g = gathered.get(user.objectId) ?? { user, roles: [], teams: [], groups: [] };
      g.roles.push(...mapping.roles.filter((r) => !g.roles.includes(r)));
      g.teams.push(...mapping.teams.filter((t) => !g.teams.includes(t)));
      g.groups.push(group.displayName);
      gathered.set(user.objectId, g);
    }
  }

  const byObjectId = new Map(
    existing.filter((p) => p.entraObjectId).map((p) => [p.entraObjectId!, p]),
  );
  const taken = new Set(existing.map((p) => p.id.toLowerCase()));
  // Newcomers in a fixed order, so that two runs give two namesakes the same ids.
  const everyone = [...gathered.values()].sort((a, b) =>
    a.user.userPrincipalName.localeCompare(b.user.userPrincipalName, 'en'),
  );
  const people: Person[] = [];
  const problems: string[] = [];
  for (const { user, roles, teams, groups: from } of everyone) {
    const id = byObjectId.get(user.objectId)?.id ?? freeId(idFor(user), taken);
    taken.add(id.toLowerCase());
    const parsed = personRecord.safeParse({
      id,
      displayName: user.displayName,
      email: user.mail,
      entraObjectId: user.objectId,
      roles,
      teams,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(
          `${user.displayName} (${user.userPrincipalName}, in ${from.join(', ')}): ` +
            `${String(issue.path[0] ?? 'id')} ${issue.message}`,
        );
      }
      continue;
    }
    people.push(toPerson(parsed.data.id, parsed.data));
  }
  return { people, skipped: [...skipped.values()], problems };
}

/** A newcomer's id: their address's local part, as the directory's ids are written. */
export function idFor(user: EntraUser): string {
  const address = user.mail ?? user.userPrincipalName.replace(/#EXT#.*$/i, '');
  const local = address.split('@')[0]!.toLowerCase();
  const id = local
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+/, '')
    .slice(0, 90);
  return PERSON_ID_PATTERN.test(id) ? id : 'person';
}

/** The id, or the id with the first of `-2`, `-3`… nobody has. */
function freeId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}
