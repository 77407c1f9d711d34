/**
 * Schema 5's change to the data: one IRO and one Guardian on a case at a time. Before it, naming
 * a new IRO or Guardian added them beside the one before, who kept the case; now the latest
 * allocation (or appointment) of a directory person is the only holder. Reads every case item,
 * and the log of those with more than one; writes only those it corrects, with If-Match (a case
 * that changed meanwhile is read again). Safe to run again: a corrected case is left alone.
 */
import type { CaseEvent, CaseMember } from '../../../core';
import { jsonOf, MAX_ROUNDS, textOf, type SiteLists } from './lists';
import { CASE_EVENTS, CASES } from './schema';

const NAMING = { iro: 'iro.allocated', guardian: 'guardian.appointed' } as const;

export async function endSupersededParties(lists: SiteLists): Promise<string[]> {
  const corrected: string[] = [];
  const items = await lists.query(CASES.displayName, { select: ['CaseId', 'Members'] });
  for (const item of items) {
    const members = jsonOf<CaseMember[]>(item.fields.Members) ?? [];
    const crowded = (['iro', 'guardian'] as const).filter(
      (role) => members.filter((m) => m.role === role).length > 1,
    );
    if (!crowded.length) continue;
    const caseId = textOf(item.fields.CaseId)!;
    const log = (await lists.where(CASE_EVENTS.displayName, 'CaseId', caseId))
      .sort((a, b) => Number(a.fields.Seq) - Number(b.fields.Seq))
      .map((e) => jsonOf<CaseEvent>(e.fields.Body))
      .filter((e): e is CaseEvent => e !== undefined);
    // The person each crowded role's latest naming event names (none named: leave it be).
    const holder = new Map<string, string>();
    for (const role of crowded)
      for (const e of log) {
        const id =
          e.type === NAMING[role]
            ? ((e as unknown as Record<string, { id?: string }>)[role]?.id ?? undefined)
            : undefined;
        if (id) holder.set(role, id);
      }
    const keep = (m: CaseMember) => !holder.has(m.role) || holder.get(m.role) === m.personId;
    let current = item;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = jsonOf<CaseMember[]>(current.fields.Members) ?? [];
      if (now.every(keep)) break;
      const written = await lists.update(CASES.displayName, current.id, current.eTag, {
        Members: JSON.stringify(now.filter(keep)),
      });
      if (written === 'gone') break;
      if (written !== 'stale') {
        corrected.push(caseId);
        break;
      }
      const again = await lists.get(CASES.displayName, current.id);
      if (!again) break;
      current = again;
    }
  }
  return corrected;
}
