/**
 * The suggestion use cases: listing a case's suggestions, confirming one (its event recorded on
 * the case, dated when the message was sent) and dismissing one. Each loads the case once,
 * through the case service's view of who may see it, and audits what it did; the routes
 * (routes.ts) only read the request and write the answer.
 */
import {
  formatInstant,
  mayRecord,
  onCaseReference,
  refuse,
  type Actor,
  type Clock,
  type Person,
  type RecordedEvent,
  type SignalStore,
  type Suggestion,
  type AuditTrail,
} from '../../core';
import type { Cases } from '../cases/cases';

export interface SuggestionDeps {
  service: Pick<Cases, 'recordEvent' | 'visibleCase'>;
  store: Pick<AuditTrail, 'audit'> &
    Pick<SignalStore, 'suggestionsFor' | 'suggestion' | 'resolveSuggestion'>;
  clock: Clock;
}

/** Suggestion ids are the store's positive integers; anything else names no suggestion. */
const SUGGESTION_ID = /^[1-9][0-9]{0,14}$/;

/** A case's suggestions, for anyone who may see the case. */
export async function listSuggestions(
  deps: SuggestionDeps,
  person: Person,
  caseRef: string,
  actor: Actor,
): Promise<Suggestion[]> {
  const { service, store } = deps;
  const caseId = (await onCaseReference(caseRef, (id) => service.visibleCase(person, id))).header
    .id;
  const suggestions = await store.suggestionsFor(caseId);
  await store.audit({
    actor,
    action: 'suggestions.listed',
    caseId,
    detail: { count: suggestions.length },
  });
  return suggestions;
}

/**
 * Records the suggested step as the person's event. The case service authorises (may this person
 * record this event on this case?), validates (time order, not in the future) and records; if it
 * refuses, the suggestion stays open. Its key makes a repeat (a retry, or two people confirming at
 * once) record it once.
 */
export async function confirmSuggestion(
  deps: SuggestionDeps,
  person: Person,
  caseRef: string,
  sid: string,
  actor: Actor,
): Promise<{
  suggestion: Suggestion;
  version: number;
  replayed: boolean;
  events: RecordedEvent[];
}> {
  const { service, store, clock } = deps;
  const caseId = (await onCaseReference(caseRef, (id) => service.visibleCase(person, id))).header
    .id;
  const s = await openSuggestion(store, caseId, sid);
  const recorded = await service.recordEvent(
    person,
    caseId,
    {
      event: { type: s.event, at: s.at, surface: 'mail', by: person.id },
      idempotencyKey: `suggestion:${s.id}`,
    },
    actor,
  );
  const at = formatInstant(clock.now());
  const resolved = await store.resolveSuggestion(s.id, { outcome: 'confirmed', by: person.id, at });
  const now = (await store.suggestion(s.id)) ?? s;
  // Someone else got there first: their confirmation recorded the event (ours replayed it).
  if (!resolved && recorded.replayed) throw resolvedAlready(now);
  await store.audit({
    actor,
    action: 'suggestion.confirmed',
    caseId,
    detail: {
      suggestion: s.id,
      event: s.event,
      version: recorded.version,
      ...(resolved ? {} : { resolvedMeanwhile: now.resolution?.outcome }),
    },
  });
  return {
    suggestion: now,
    version: recorded.version,
    replayed: recorded.replayed,
    events: recorded.events,
  };
}

/** Says a suggestion is not that step: whoever could confirm it may. */
export async function dismissSuggestion(
  deps: SuggestionDeps,
  person: Person,
  caseRef: string,
  sid: string,
  actor: Actor,
): Promise<Suggestion> {
  const { service, store, clock } = deps;
  const record = await onCaseReference(caseRef, (id) => service.visibleCase(person, id));
  const caseId = record.header.id;
  const s = await openSuggestion(store, caseId, sid);
  if (!mayRecord(person, record, s.event))
    throw refuse(
      'event-forbidden',
      `Your role on this case does not record "${s.event}", so it is not yours to dismiss.`,
    );
  const at = formatInstant(clock.now());
  if (!(await store.resolveSuggestion(s.id, { outcome: 'dismissed', by: person.id, at })))
    throw resolvedAlready((await store.suggestion(s.id)) ?? s);
  await store.audit({
    actor,
    action: 'suggestion.dismissed',
    caseId,
    detail: { suggestion: s.id, event: s.event },
  });
  return (await store.suggestion(s.id)) ?? s;
}

/** An open suggestion of this case (not found if it is not one of the case's; resolved: a conflict). */
async function openSuggestion(
  store: SuggestionDeps['store'],
  caseId: string,
  sid: string,
): Promise<Suggestion> {
  const found = SUGGESTION_ID.test(sid) ? await store.suggestion(Number(sid)) : undefined;
  if (!found || found.caseId !== caseId)
    throw refuse('suggestion-not-found', `Case ${caseId} has no suggestion ${sid}.`);
  if (found.resolution) throw resolvedAlready(found);
  return found;
}

function resolvedAlready(s: Suggestion) {
  const outcome = s.resolution?.outcome ?? 'resolved';
  return refuse(
    'suggestion-resolved',
    `This suggestion was already ${outcome}${s.resolution ? ` by ${s.resolution.by}` : ''}.`,
  );
}
