/**
 * Suggestions from mailboxes: messages that may be a protocol step (the draft final evidence sent
 * to the IRO, the IRO's comments returned, the IRO alert) but were not certain enough to record.
 * A person confirms one (its event is recorded on the case, dated when the message was sent) or
 * dismisses it. Like the rest of the API these run after `authenticate`, so `currentPerson(res)`
 * is the verified caller.
 *
 *   GET  /api/cases/:id/suggestions                 anyone who may see the case
 *   POST /api/cases/:id/suggestions/:sid/confirm    the case service decides (may record the event)
 *   POST /api/cases/:id/suggestions/:sid/dismiss    those who may record the event on the case
 *
 * Every read and resolution is audited.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  formatInstant,
  mayRecord,
  type CaseStore,
  type Clock,
  type Person,
  type SignalStore,
  type Suggestion,
  refuse,
  onCaseReference,
} from '../../core';
import { actorOf } from '../api/actor';
import { currentPerson } from '../auth';
import type { CaseService } from '../cases/case-service';
import { parseBody } from '../http/problem';

export interface SignalsDeps {
  service: Pick<CaseService, 'recordEvent' | 'visibleCase'>;
  store: Pick<CaseStore, 'getCase' | 'audit'> &
    Pick<SignalStore, 'suggestionsFor' | 'suggestion' | 'resolveSuggestion'>;
  clock: Clock;
}

/** A suggestion as the API gives it: field by field, so nothing the store adds leaks out. */
function suggestionJson(s: Suggestion) {
  return {
    id: s.id,
    caseId: s.caseId,
    event: s.event,
    at: s.at,
    messageId: s.messageId,
    reason: s.reason,
    from: s.from,
    to: s.to,
    hasAttachments: s.hasAttachments,
    createdAt: s.createdAt,
    ...(s.resolution
      ? { resolution: { outcome: s.resolution.outcome, by: s.resolution.by, at: s.resolution.at } }
      : {}),
  };
}

/** Confirming or dismissing takes nothing but the path: the suggestion says what happened. */
const noBody = z.strictObject({});

/** Suggestion ids are the store's positive integers; anything else names no suggestion. */
const SUGGESTION_ID = /^[1-9][0-9]{0,14}$/;

export function signalsRouter(deps: SignalsDeps): Router {
  const { service, store, clock } = deps;
  const r = Router();

  const visibleCase = (person: Person, caseId: string) => service.visibleCase(person, caseId);

  /** An open suggestion of this case (404 if it is not one of the case's; 409 once resolved). */
  async function openSuggestion(caseId: string, sid: string): Promise<Suggestion> {
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

  r.get('/api/cases/:id/suggestions', async (req, res) => {
    const p = currentPerson(res);
    const caseId = (await onCaseReference(req.params.id, (id) => visibleCase(p, id))).header.id;
    const suggestions = await store.suggestionsFor(caseId);
    await store.audit({
      actor: actorOf(req, p),
      action: 'suggestions.listed',
      caseId,
      detail: { count: suggestions.length },
    });
    res.json({ suggestions: suggestions.map(suggestionJson) });
  });

  r.post('/api/cases/:id/suggestions/:sid/confirm', async (req, res) => {
    const p = currentPerson(res);
    parseBody(noBody, req.body ?? {});
    const actor = actorOf(req, p);
    const caseId = (await onCaseReference(req.params.id, (id) => visibleCase(p, id))).header.id;
    const s = await openSuggestion(caseId, req.params.sid);
    // The case service authorises (may this person record this event on this case?), validates
    // (time order, not in the future) and records; if it refuses, the suggestion stays open.
    // The key makes a repeat (a retry, or two people confirming at once) record it once.
    const recorded = await service.recordEvent(
      p,
      caseId,
      {
        event: { type: s.event, at: s.at, surface: 'mail', by: p.id },
        idempotencyKey: `suggestion:${s.id}`,
      },
      actor,
    );
    const at = formatInstant(clock.now());
    const resolved = await store.resolveSuggestion(s.id, { outcome: 'confirmed', by: p.id, at });
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
    res.status(recorded.replayed ? 200 : 201).json({
      suggestion: suggestionJson(now),
      version: recorded.version,
      replayed: recorded.replayed,
      events: recorded.events,
    });
  });

  r.post('/api/cases/:id/suggestions/:sid/dismiss', async (req, res) => {
    const p = currentPerson(res);
    parseBody(noBody, req.body ?? {});
    const actor = actorOf(req, p);
    const record = await onCaseReference(req.params.id, (id) => visibleCase(p, id));
    const caseId = record.header.id;
    const s = await openSuggestion(caseId, req.params.sid);
    // Whoever could confirm it may say it is not that step.
    if (!mayRecord(p, record, s.event))
      throw refuse(
        'event-forbidden',
        `Your role on this case does not record "${s.event}", so it is not yours to dismiss.`,
      );
    const at = formatInstant(clock.now());
    if (!(await store.resolveSuggestion(s.id, { outcome: 'dismissed', by: p.id, at }))) {
      throw resolvedAlready((await store.suggestion(s.id)) ?? s);
    }
    await store.audit({
      actor,
      action: 'suggestion.dismissed',
      caseId,
      detail: { suggestion: s.id, event: s.event },
    });
    res.json({ suggestion: suggestionJson((await store.suggestion(s.id)) ?? s) });
  });

  return r;
}
