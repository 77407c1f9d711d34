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
 * Every read and resolution is audited. The use cases are in suggestions.ts; these routes read
 * the request and write the answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Suggestion } from '../../../core';
import { actorOf } from '../actor';
import { currentPerson } from '../../auth';
import { parseBody } from '../problem';
import {
  confirmSuggestion,
  dismissSuggestion,
  listSuggestions,
  type SuggestionDeps,
} from '../../signals/suggestions';

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

export function suggestionsRoutes(deps: SuggestionDeps): Router {
  const r = Router();

  r.get('/api/cases/:id/suggestions', async (req, res) => {
    const p = currentPerson(res);
    const suggestions = await listSuggestions(deps, p, req.params.id, actorOf(req, p));
    res.json({ suggestions: suggestions.map(suggestionJson) });
  });

  r.post('/api/cases/:id/suggestions/:sid/confirm', async (req, res) => {
    const p = currentPerson(res);
    parseBody(noBody, req.body ?? {});
    const confirmed = await confirmSuggestion(
      deps,
      p,
      req.params.id,
      req.params.sid,
      actorOf(req, p),
    );
    res.status(confirmed.replayed ? 200 : 201).json({
      ...confirmed,
      suggestion: suggestionJson(confirmed.suggestion),
    });
  });

  r.post('/api/cases/:id/suggestions/:sid/dismiss', async (req, res) => {
    const p = currentPerson(res);
    parseBody(noBody, req.body ?? {});
    const dismissed = await dismissSuggestion(
      deps,
      p,
      req.params.id,
      req.params.sid,
      actorOf(req, p),
    );
    res.json({ suggestion: suggestionJson(dismissed) });
  });

  return r;
}
