/**
 * Reading a case: for a person (authorised against their roles on the case, audited), and for the
 * system (the scheduler, the dispatcher, mail signals), which audits what it delivers instead.
 */
import {
  canSeeCase,
  EVENT_TYPES,
  mayRecord,
  refuse,
  retractableBy,
  rolesOnCase,
  type Actor,
  type CaseRecord,
  type CaseView,
  type Person,
} from '../../core';
import type { CaseContext, SystemView } from './case-context';
import { partiesOf, peopleOn } from './case-parties';

/** Loads a case the caller may see (not found for cases that do not exist, forbidden for the rest). */
export async function visibleCase(
  { store }: Pick<CaseContext, 'store'>,
  person: Person,
  caseId: string,
): Promise<CaseRecord> {
  const record = await store.getCase(caseId);
  if (!record) throw refuse('case-not-found', `There is no case ${caseId}.`);
  if (!canSeeCase(person, record))
    throw refuse('case-forbidden', 'You are not a party to this case or a manager of its team.');
  return record;
}

/** The use case "open a case's page": its log, what is due, the parties and what was sent. */
export async function getCase(
  ctx: CaseContext,
  person: Person,
  caseId: string,
  actor: Actor,
): Promise<CaseView> {
  const { store } = ctx;
  const record = await visibleCase(ctx, person, caseId);
  const events = await store.readEvents(caseId);
  const deliveries = await store.deliveriesOf(caseId);
  await store.audit({ actor, action: 'case.read', caseId });
  return {
    case: record,
    events,
    evaluation: ctx.evaluations.of(record, events),
    myRoles: [...rolesOnCase(person, record)],
    myEvents: EVENT_TYPES.filter((t) => mayRecord(person, record, t)),
    myRetractable: retractableBy(person, record, events),
    parties: partiesOf(record, await peopleOn(ctx.directory, [record]), { email: true }),
    deliveries,
  };
}

/**
 * A case as the system sees it, for the scheduler and the notification dispatcher: no person,
 * so no authorisation and no read audit here; they audit what they deliver, to whom.
 */
export async function systemView(
  ctx: CaseContext,
  caseId: string,
): Promise<SystemView | undefined> {
  const record = await ctx.store.getCase(caseId);
  if (!record) return undefined;
  const log = await ctx.store.readEvents(caseId);
  return { record, log, evaluation: ctx.evaluations.of(record, log) };
}
