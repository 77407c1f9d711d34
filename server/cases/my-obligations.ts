/**
 * The use case "my deadlines": what is on this person, soonest first — obligations they hold a
 * responsible role for, and those addressed to them that they have not yet acknowledged, on their
 * own cases and on the cases of whoever they stand in for as a deputy.
 */
import {
  instantOf,
  LIVE_STATUSES,
  rolesOnCase,
  type Actor,
  type CaseRecord,
  type Obligation,
  type Person,
} from '../../core';
import type { CaseContext } from './case-context';

export interface MyObligation {
  case: CaseRecord;
  obligation: Obligation;
  as: 'responsible' | 'recipient';
}

const PAGE = 200;

export async function myObligations(
  { store, evaluations }: CaseContext,
  person: Person,
  actor: Actor,
): Promise<MyObligation[]> {
  const teams = person.teams;
  const out: MyObligation[] = [];
  const seen = new Set<string>();
  for (const memberId of [person.id, ...(person.coversFor ?? [])]) {
    let after: string | undefined;
    for (;;) {
      const page = await store.listCases({ teams, memberId, limit: PAGE, after });
      for (const record of page) {
        if (seen.has(record.header.id)) continue;
        seen.add(record.header.id);
        const roles = rolesOnCase(person, record);
        if (!roles.size) continue;
        // A kept evaluation needs no read of the log: most of a caseload is unchanged.
        const evaluation = await evaluations.current(record, () =>
          store.readEvents(record.header.id),
        );
        for (const o of evaluation.obligations) {
          if (!LIVE_STATUSES.has(o.status)) continue;
          // On me to do, or addressed to me and not yet acknowledged (the IRO and the IRO alert).
          if (o.responsible.some((r) => roles.has(r)))
            out.push({ case: record, obligation: o, as: 'responsible' });
          else if (
            o.recipients.some((r) => roles.has(r)) &&
            !o.acknowledgements.some((a) => a.by === person.id)
          )
            out.push({ case: record, obligation: o, as: 'recipient' });
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.header.id;
    }
  }
  await store.audit({ actor, action: 'obligations.listed', detail: { count: out.length } });
  // By instant, not text: in the hour the clocks go back, +01:00 and +00:00 times interleave.
  const at = (o: Obligation) => (o.due === undefined ? Number.POSITIVE_INFINITY : instantOf(o.due));
  return out.sort((a, b) => at(a.obligation) - at(b.obligation));
}
