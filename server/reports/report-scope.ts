/**
 * What the reports share: who may have them (the people who act for a whole team or service,
 * TEAM_ROLES), and every case of some teams, page by page, letting requests in between pages.
 */
import { TEAM_ROLES, rolesOnCase, type CaseLog, type CaseRecord, type Person } from '../../core';
import { letRequestsIn } from '../background';

/** Cases read per page from the store. */
const PAGE = 500;

/** True when the person holds a team role (on the case's team, when a case is given). */
export function holdsTeamRole(
  person: Person,
  record?: Pick<CaseRecord, 'team' | 'members'>,
): boolean {
  if (!record) return person.roles.some((r) => TEAM_ROLES.includes(r));
  const roles = rolesOnCase(person, record);
  return TEAM_ROLES.some((r) => roles.has(r));
}

/** Every case matching the query, page by page. */
export async function* casesOf(
  store: Pick<CaseLog, 'listCases'>,
  query: { teams: string[]; memberId?: string },
): AsyncGenerator<CaseRecord> {
  let after: string | undefined;
  for (;;) {
    const page = await store.listCases({ ...query, limit: PAGE, after });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.header.id;
    // The store answers at once (SQLite), so a report over thousands of cases would hold the
    // event loop for seconds: between pages, everyone else's requests go first.
    await letRequestsIn();
  }
}
