/**
 * The people in an Microsoft Entra group, read through Graph for `people:import --groups`: every
 * user under the group, through nested groups too (`transitiveMembers`), with the properties the
 * directory keeps. Nested groups, devices and service principals are not people and are left out.
 *
 * Graph answers with `GroupMember.Read.All`; a member's name and address need `User.Read.All` as
 * well: without it Graph still lists the members, with their ids only and every other property
 * null ("limited information"), which is told apart here rather than imported as nameless people.
 * Pages of 999 (Graph's most), followed through `@odata.nextLink`; 429 and 503 are retried by the
 * client's middleware.
 */
import { pages } from './collections';
import type { Graph } from './graph-client';

export interface EntraUser {
  /** The Entra object id (lower case): what a Teams token's `oid` carries. */
  objectId: string;
  displayName: string;
  /** The mailbox address, if the user has one. */
  mail?: string;
  userPrincipalName: string;
  /** False for an account an administrator has blocked from signing in. */
  enabled: boolean;
}

export interface EntraGroup {
  objectId: string;
  displayName: string;
  users: EntraUser[];
}

/** The group, or a member's details, cannot be read with the permissions the app holds. */
export class DirectoryPermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryPermissionError';
  }
}

/** No group has this object id. */
export class GroupNotFoundError extends Error {
  constructor(readonly groupId: string) {
    super(`no Entra group has the object id ${groupId}`);
    this.name = 'GroupNotFoundError';
  }
}

interface Member {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
}

const SELECT = 'id,displayName,mail,userPrincipalName,accountEnabled';

export async function readGroup(graph: Graph, groupId: string): Promise<EntraGroup> {
  const at = `/groups/${encodeURIComponent(groupId)}`;
  let group: { id: string; displayName?: string | null };
  try {
    group = (await graph.client.api(`${at}?$select=id,displayName`).get()) as typeof group;
  } catch (e) {
    throw refusal(e, groupId, 'GroupMember.Read.All');
  }
  const users: EntraUser[] = [];
  try {
    for await (const page of pages(graph, `${at}/transitiveMembers?$select=${SELECT}&$top=999`)) {
      for (const m of page as Member[]) {
        if (m['@odata.type'] !== '#microsoft.graph.user') continue;
        if (!m.userPrincipalName || !m.displayName) {
          throw new DirectoryPermissionError(
            `Graph lists the members of ${group.displayName ?? groupId} without their names: ` +
              'the app registration needs the application permission User.Read.All (with admin consent) to read them',
          );
        }
        users.push({
          objectId: m.id.toLowerCase(),
          displayName: m.displayName,
          ...(m.mail ? { mail: m.mail } : {}),
          userPrincipalName: m.userPrincipalName,
          enabled: m.accountEnabled !== false,
        });
      }
    }
  } catch (e) {
    throw refusal(e, groupId, 'GroupMember.Read.All');
  }
  return { objectId: group.id.toLowerCase(), displayName: group.displayName ?? groupId, users };
}

/** Graph's 404 and 403 in the operator's terms; anything else as it came. */
function refusal(e: unknown, groupId: string, permission: string): unknown {
  const status = (e as { statusCode?: number }).statusCode;
  if (status === 404) return new GroupNotFoundError(groupId);
  if (status === 403) {
    return new DirectoryPermissionError(
      `Graph refused to read the group ${groupId}: the app registration needs the application permission ${permission} (with admin consent)`,
    );
  }
  return e;
}
