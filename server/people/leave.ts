/**
 * Someone leaves the council: deactivated, never deleted. At that instant their part on every
 * case ends (`party.left`, recorded on each case's log), those who allocate each role they held
 * are told to name someone and what waits for them, their own absences' deputies stand down, and
 * they can no longer sign in. The events they recorded keep naming them.
 */
import {
  formatInstant,
  isPartyRole,
  type Actor,
  type Clock,
  type Directory,
  type Person,
  type Role,
  refuse,
  type CaseLog,
  type Outbox,
  type AuditTrail,
} from '../../core';
import type { Cases } from '../cases/cases';

export interface LeaveDeps {
  service: Pick<Cases, 'append'>;
  store: Pick<CaseLog, 'listCases' | 'readEvents'> &
    Pick<Outbox, 'outboxForCase'> &
    Pick<AuditTrail, 'audit'> &
    Directory;
  clock: Clock;
}

export interface Left {
  person: Person;
  /** The parts that ended, case by case. */
  cases: { caseId: string; role: Role }[];
  /** Who was told to name someone in their place, by case. */
  told: { caseId: string; personId: string; displayName: string }[];
}

/** Who may never leave while they are the only one: someone must still manage the people. */
const LAST_ONE: Role = 'head-of-service';

export async function personLeaves(
  deps: LeaveDeps,
  by: Person,
  id: string,
  actor: Actor,
): Promise<Left> {
  const { store, service } = deps;
  const leaver = await store.person(id);
  if (!leaver) throw refuse('person-not-found', `There is no person ${id}.`);
  if (leaver.leftAt !== undefined)
    throw refuse('person-left', `${leaver.displayName} has already left.`);
  const everyone = await store.people();
  if (
    leaver.roles.includes(LAST_ONE) &&
    !everyone.some((p) => p.id !== id && p.leftAt === undefined && p.roles.includes(LAST_ONE))
  )
    throw refuse(
      'last-head-of-service',
      `${leaver.displayName} is the only Head of Service; give the role to someone else first.`,
    );
  const at = formatInstant(deps.clock.now());
  const left: Left = { person: leaver, cases: [], told: [] };

  // Their cases first: if this stops part-way, they can still be asked to leave again, and the
  // cases already done are not done twice (each append has its own key).
  let after: string | undefined;
  for (;;) {
    const page = await store.listCases({ memberId: id, limit: 200, after });
    for (const record of page) {
      // Their parts on the case (a legacy membership in a team role needs no ending: without
      // sign-in it gives nothing).
      const roles = record.members
        .filter((m) => m.personId === id)
        .map((m) => m.role)
        .filter(isPartyRole);
      if (!roles.length) continue;
      const caseId = record.header.id;
      const result = await service.append(
        by,
        caseId,
        roles.map((role) => ({ type: 'party.left' as const, at, role, personId: id })),
        { idempotencyKey: `leave:${id}:${at}`, request: { leave: id, at, roles } },
        actor,
        () => undefined,
        { record, log: await store.readEvents(caseId) },
      );
      left.cases.push(...roles.map((role) => ({ caseId, role })));
      const told = (await store.outboxForCase(caseId)).filter((i) =>
        i.key.startsWith(`${caseId}:handover:v${result.version}:`),
      );
      for (const i of told)
        left.told.push({
          caseId,
          personId: i.recipient,
          displayName: everyone.find((p) => p.id === i.recipient)?.displayName ?? i.recipient,
        });
    }
    if (page.length < 200) break;
    after = page[page.length - 1]!.header.id;
  }

  // Those whose deputy they were: the deputy is gone, so the absence has none.
  for (const absent of await store.deputisedBy(id)) await store.upsertPerson(withoutDeputy(absent));
  left.person = { ...withoutDeputy(leaver), leftAt: at };
  await store.upsertPerson(left.person);
  await store.audit({
    actor,
    action: 'person.left',
    detail: { id, at, cases: left.cases.length, by: by.id },
  });
  return left;
}

function withoutDeputy(p: Person): Person {
  const copy = { ...p };
  delete copy.deputy;
  return copy;
}
