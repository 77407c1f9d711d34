/**
 * `/api/obligations/{id}/{action}`: acknowledge, complete, waive, or say an obligation cannot be
 * met (server/cases/act-on-obligation.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { refuse } from '../../../core';
import { currentPerson } from '../../auth';
import type { Cases } from '../../cases/cases';
import { actorOf } from '../actor';
import { parseBody } from '../problem';
import { keyOf, obligationJson } from './json';

const obligationId = z.string().regex(/^[A-Za-z0-9:._-]{3,200}$/, 'must be an obligation id');

const actionBody = z.strictObject({
  reason: z.string().max(2000).optional(),
  /** When it happened, if not now (ISO 8601 with an offset): a late record. */
  at: z.string().max(40).optional(),
  /** A completion's form, e.g. `{ "iro": "iro.patel", "phone": "…" }` or `{ "item:care-plan": true }`. */
  inputs: z
    .record(z.string().max(100), z.union([z.string().max(2000), z.boolean()]))
    .refine((r) => Object.keys(r).length <= 20, 'at most 20 inputs')
    .optional(),
});

export function obligationsRoutes(service: Cases): Router {
  const r = Router();
  const person = currentPerson;

  r.post('/api/obligations/:id/:action', async (req, res) => {
    const p = person(res);
    const action = z
      .enum(['acknowledge', 'complete', 'waive', 'cannot-meet'])
      .safeParse(req.params.action);
    if (!action.success)
      throw refuse(
        'invalid-request',
        'action: must be acknowledge, complete, waive or cannot-meet',
      );
    const id = obligationId.safeParse(req.params.id);
    if (!id.success) throw refuse('invalid-request', `id: ${id.error.issues[0]!.message}`);
    const body = parseBody(actionBody, req.body ?? {});
    const result = await service.actOnObligation(
      p,
      id.data,
      action.data,
      { ...body, idempotencyKey: keyOf(req) },
      actorOf(req, p),
    );
    res
      .status(result.changed ? 201 : 200)
      .json({ ...result, obligation: obligationJson(result.obligation) });
  });

  return r;
}
