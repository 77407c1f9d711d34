/**
 * Microsoft Entra users and groups in the double, as far as reading a group's members (test code):
 * `GET /groups/{id}` and `GET /groups/{id}/transitiveMembers`.
 *
 * Confirmed from Microsoft's documentation (learn.microsoft.com/graph/api/group-get,
 * /graph/api/group-list-transitivemembers, /graph/permissions-overview "Limited information
 * returned for inaccessible member objects"):
 * - `transitiveMembers` is a flat list of every member, nested ones included: users, and the
 *   nested groups themselves, each with its `@odata.type` (`#microsoft.graph.user`,
 *   `#microsoft.graph.group`). `$select` picks the properties; `$top` up to 999, 100 by default;
 *   further pages through `@odata.nextLink`.
 * - Listing members needs `GroupMember.Read.All` (or `Group.Read.All`, `Directory.Read.All`…);
 *   without one, 403 `Authorization_RequestDenied` "Insufficient privileges to complete the
 *   operation.". An unknown group is 404 `Request_ResourceNotFound`.
 * - Members of a type the app may not read come back with their `@odata.type` and `id` only,
 *   every other property null: users need `User.Read.All` (or `Directory.Read.All`).
 *
 * The double's guesses: the `$skiptoken` (an offset here), members in the order they were added.
 */
import { randomUUID } from 'node:crypto';
import { graphError, type GraphRequest, type GraphResponse } from './http';

export interface DirectoryUser {
  id: string;
  displayName: string;
  mail?: string | null;
  userPrincipalName: string;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
}

interface Group {
  id: string;
  displayName: string;
  /** User and group ids, direct members only. */
  members: string[];
}

const TO_LIST_MEMBERS = [
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const TO_READ_USERS = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

export class DirectoryState {
  private users = new Map<string, DirectoryUser>();
  private groups = new Map<string, Group>();

  reset(): void {
    this.users.clear();
    this.groups.clear();
  }

  /** Adds a user (accountEnabled and userType as Entra defaults them); their object id. */
  addUser(user: Omit<DirectoryUser, 'id'> & { id?: string }): string {
    const id = user.id ?? randomUUID();
    this.users.set(id, { accountEnabled: true, userType: 'Member', mail: null, ...user, id });
    return id;
  }

  /** Adds a group with its direct members (user or group ids); its object id. */
  addGroup(group: { id?: string; displayName: string; members: string[] }): string {
    const id = group.id ?? randomUUID();
    this.groups.set(id, { id, displayName: group.displayName, members: [...group.members] });
    return id;
  }

  /** Adds a direct member to a group. */
  addMember(groupId: string, memberId: string): void {
    this.groups.get(groupId)!.members.push(memberId);
  }

  handle(req: GraphRequest, roles: readonly string[]): GraphResponse | undefined {
    const match = /^\/groups\/([^/]+)(\/transitiveMembers)?\/?$/i.exec(req.path);
    if (!match) return undefined;
    if (req.method !== 'GET') {
      return graphError(405, 'Request_BadRequest', 'The double only reads groups.', {
        requestId: req.requestId,
      });
    }
    if (!roles.some((r) => TO_LIST_MEMBERS.includes(r))) {
      return graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
        {
          requestId: req.requestId,
          reason: 'forbidden',
        },
      );
    }
    const group = this.groups.get(match[1]!.toLowerCase()) ?? this.groups.get(match[1]!);
    if (!group) {
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${match[1]}' does not exist or one of its queried reference-property objects are not present.`,
        { requestId: req.requestId, reason: 'not-found' },
      );
    }
    if (!match[2]) {
      return {
        status: 200,
        body: {
          '@odata.context': `${req.serviceRoot}/$metadata#groups/$entity`,
          id: group.id,
          displayName: group.displayName,
        },
      };
    }

    const select = (req.query.get('$select') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const top = Math.min(Number(req.query.get('$top') ?? DEFAULT_PAGE) || DEFAULT_PAGE, MAX_PAGE);
    const from = Number(req.query.get('$skiptoken') ?? 0) || 0;
    const readUsers = roles.some((r) => TO_READ_USERS.includes(r));
    const all = this.transitive(group);
    const page = all.slice(from, from + top).map((id) => this.memberJson(id, select, readUsers));
    const body: Record<string, unknown> = {
      '@odata.context': `${req.serviceRoot}/$metadata#directoryObjects`,
      value: page,
    };
    if (from + top < all.length) {
      const next = new URLSearchParams(req.query);
      next.set('$skiptoken', String(from + top));
      body['@odata.nextLink'] =
        `${req.serviceRoot}/groups/${group.id}/transitiveMembers?${next.toString()}`;
    }
    return { status: 200, body };
  }

  /** Every member under the group, nested groups and their members included, each once. */
  private transitive(group: Group, seen = new Set<string>([group.id])): string[] {
    const out: string[] = [];
    for (const id of group.members) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      const nested = this.groups.get(id);
      if (nested) out.push(...this.transitive(nested, seen));
    }
    return out;
  }

  private memberJson(id: string, select: string[], readUsers: boolean): Record<string, unknown> {
    const group = this.groups.get(id);
    if (group) {
      return { '@odata.type': '#microsoft.graph.group', id, displayName: group.displayName };
    }
    const user = this.users.get(id)!;
    const properties = select.length
      ? select
      : ['displayName', 'mail', 'userPrincipalName', 'accountEnabled', 'userType'];
    const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user', id };
    for (const p of properties) {
      if (p === 'id') continue;
      out[p] = readUsers ? ((user as unknown as Record<string, unknown>)[p] ?? null) : null;
    }
    return out;
  }
}
