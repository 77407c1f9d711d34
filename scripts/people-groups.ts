/**
 * `people:import --groups FILE.csv`: the people to import are the members of Microsoft Entra
 * groups, read through Graph with the app's credentials. The file says what each group's members
 * are here: a UTF-8 CSV (the same rules as the people file: see csv-file.ts) with the columns
 *
 *   group,roles,teams
 *   6f1c2a9e-5d4b-4c3a-9e8f-7a6b5c4d3e2f,iro,north;south
 *   2b7e4d1c-9a8f-4e6d-8c5b-3a2f1e0d9c8b,lawyer,north
 *   8d3f6a2b-1c9e-4b7a-9d6c-5e4f3a2b1c0d,head-of-service,north;south
 *
 * - group: the group's object id in Entra (`az ad group show --group "IRO Service" --query id`).
 *   Members of groups nested in it are its members too. Each group once.
 * - roles, teams: as in the people file, `;`-separated; each row must be a valid person's on its
 *   own (teams may be empty only for guardian and childs-solicitor).
 *
 * Graph needs the application permissions GroupMember.Read.All (to list members) and
 * User.Read.All (to read their names and addresses), granted with admin consent.
 */
import { personRecord } from '../server/people/people-admin';
import type { GroupMapping } from '../server/people/entra-groups';
import { cellList, readCsv } from './csv-file';

export const GROUP_COLUMNS = ['group', 'roles', 'teams'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks the whole file; never stops at the first problem. */
export function parseGroupsCsv(
  content: Buffer | string,
  file: string,
): { mappings: GroupMapping[]; problems: string[] } {
  const csv = readCsv(content, file, GROUP_COLUMNS, 'groups');
  const { problem, problems } = csv;
  const mappings: GroupMapping[] = [];
  const seen = new Map<string, number>();
  for (const { line, record, refused } of csv.rows) {
    const groupId = (record.group ?? '').toLowerCase();
    if (!refused.has('group')) {
      const first = seen.get(groupId);
      if (!GUID.test(groupId))
        problem(line, 'group', `'${record.group}' is not a group's object id (a GUID)`);
      else if (first !== undefined) problem(line, 'group', `is already on line ${first}`);
      else seen.set(groupId, line);
    }
    const roles = cellList(record.roles);
    const teams = cellList(record.teams);
    // The row's roles and teams are checked as a person's would be.
    const parsed = personRecord.safeParse({ id: 'group', displayName: 'group', roles, teams });
    if (!parsed.success) {
      const reported = new Set(refused);
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0]);
        if (reported.has(column)) continue;
        reported.add(column);
        problem(line, column, issue.message);
      }
      continue;
    }
    if (refused.size === 0)
      mappings.push({ line, groupId, roles: parsed.data.roles, teams: parsed.data.teams });
  }
  return { mappings: problems.length > 0 ? [] : mappings, problems };
}
