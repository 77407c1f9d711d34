/**
 * Retract an event recorded by mistake: a new event says it never happened, with a reason.
 * Nothing is edited or deleted; the timeline shows both, obligations are worked out again, and
 * everyone whose deadline moved because of it is told.
 */
import {
  formatInstant,
  mayRetract,
  type Actor,
  type Person,
  type RecordResult,
  refuse,
} from '../../core';
import { appendEvents } from './append-events';
import type { CaseContext } from './case-context';
import { visibleCase } from './case-view';

export async function retractEvent(
  ctx: CaseContext,
  person: Person,
  caseId: string,
  seq: number,
  input: { reason?: string; idempotencyKey?: string },
  actor: Actor,
): Promise<RecordResult> {
  const record = await visibleCase(ctx, person, caseId);
  const log = await ctx.store.readEvents(caseId);
  const target = log[seq];
  if (!target) throw refuse('event-not-found', `Case ${caseId} has no event ${seq}.`);
  if (!mayRetract(person, record, target.recordedBy))
    throw refuse(
      'retract-forbidden',
      "Only whoever recorded an event, or a manager of the case's team, may retract it.",
    );
  const reason = input.reason?.trim();
  if (!reason) throw refuse('invalid-request', 'reason: say why it was recorded by mistake');
  const { version, replayed, events } = await appendEvents(
    ctx,
    person,
    caseId,
    [{ type: 'event.retracted', at: formatInstant(ctx.clock.now()), retracts: seq, reason }],
    { ...input, request: { seq, reason: input.reason } },
    actor,
    () => undefined,
    { record, log },
  );
  return { version, replayed, events };
}
