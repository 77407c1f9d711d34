/**
 * The use case "record what happened": one event from the vocabulary, validated, authorised
 * against the caller's role on the case, and appended once. Duties on obligations, retractions
 * and leaving have use cases of their own, which say how.
 */
import {
  mayRecord,
  refuse,
  validateEvent,
  type Actor,
  type Person,
  type RecordResult,
} from '../../core';
import { appendEvents } from './append-events';
import type { CaseContext } from './case-context';

export async function recordEvent(
  ctx: CaseContext,
  person: Person,
  caseId: string,
  input: { event: unknown; expectedVersion?: number; idempotencyKey?: string },
  actor: Actor,
): Promise<RecordResult> {
  const validated = validateEvent(input.event, 'event');
  if (!validated.ok) {
    const first = validated.issues[0]!;
    throw refuse('invalid-event', `${first.path}: ${first.message}`, { errors: validated.issues });
  }
  const event = validated.value;
  if (event.type.startsWith('obligation.'))
    throw refuse(
      'invalid-event',
      'event.type: acknowledge, complete, waive or say you cannot meet an obligation through /api/obligations/{id}.',
    );
  if (event.type === 'event.retracted')
    throw refuse(
      'invalid-event',
      'event.type: retract an event through /api/cases/{id}/events/{seq}/retract.',
    );
  if (event.type === 'party.left')
    throw refuse(
      'invalid-event',
      'event.type: a person leaves every case when they are deactivated (/api/admin/people/{id}/leave).',
    );
  const request = { event: input.event, expectedVersion: input.expectedVersion };
  const { version, replayed, events } = await appendEvents(
    ctx,
    person,
    caseId,
    [event],
    { ...input, request },
    actor,
    (record) => {
      if (!mayRecord(person, record, event.type))
        throw refuse('event-forbidden', `Your role on this case does not record "${event.type}".`);
    },
  );
  return { version, replayed, events };
}
