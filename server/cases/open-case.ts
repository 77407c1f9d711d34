/**
 * The use case "open a case": a lawyer, a social worker or a principal lawyer opens it for a team,
 * with its first parties from the directory; the store refuses an id already taken.
 */
import {
  caseHeaderSchema,
  refuse,
  type Actor,
  type CaseMember,
  type CaseRecord,
  type Person,
} from '../../core';
import type { CaseContext } from './case-context';
import { openingParties } from './case-parties';

export async function openCase(
  { store, directory }: Pick<CaseContext, 'store' | 'directory'>,
  person: Person,
  input: { case: unknown; team: string; members?: CaseMember[] },
  actor: Actor,
): Promise<CaseRecord> {
  const header = caseHeaderSchema.safeParse(input.case);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw refuse('invalid-request', `case.${issue.path.join('.')}: ${issue.message}`);
  }
  const members = await openingParties(directory, person, input.team, input.members ?? []);
  const created = await store.createCase({ header: header.data, team: input.team, members }, actor);
  if (!created) throw refuse('case-exists', `A case ${header.data.id} already exists.`);
  return created;
}
