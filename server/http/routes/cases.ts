/**
 * `/api/cases`: the case list, opening a case, a case's page, recording and retracting events,
 * and the IRO alert (sent, or previewed as the form is filled in). The use cases (server/cases/)
 * authorise and audit; these read the request and write the answer.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { ROLES, onCaseReference, refuse } from '../../../core';
import { currentEntraToken, currentPerson } from '../../auth';
import type { Cases } from '../../cases/cases';
import type { IroAlertEmail } from '../../cases/iro-alert-email';
import { actorOf } from '../actor';
import { endWithJsonText } from '../json-text';
import { parseBody } from '../problem';
import { casePageJson } from './case-page';
import { caseJson, keyOf } from './json';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(40).optional(),
  status: z.enum(['open', 'due-soon', 'overdue']).optional(),
  role: z.enum(ROLES).optional(),
  team: z.string().max(100).optional(),
});
const openCaseBody = z.strictObject({
  case: z.unknown(),
  team: z.string().min(1).max(100),
  members: z
    .array(z.strictObject({ personId: z.string().min(1).max(200), role: z.enum(ROLES) }))
    .max(50)
    .optional(),
});
const eventBody = z.strictObject({
  event: z.unknown(),
  expectedVersion: z.number().int().min(0).optional(),
});
const iroAlertBody = z.strictObject({ filingDue: z.string().max(40) });
const retractBody = z.strictObject({ reason: z.string().max(2000).optional() });
const sendIroAlertBody = iroAlertBody.extend({
  /** Also email the IRO from the caller's own mailbox (Microsoft 365 sign-in only). */
  emailIro: z.boolean().optional(),
});
export function casesRoutes(
  service: Cases,
  /** Emailing the IRO alert as the lawyer: only with Graph configured. */
  iroAlertEmail?: IroAlertEmail,
): Router {
  const r = Router();
  const person = (res: Response) => currentPerson(res);
  /** The caller's token for on-behalf-of, when the server can act in Microsoft 365 for them. */
  const delegation = (res: Response) => (iroAlertEmail ? currentEntraToken(res) : undefined);

  r.get('/api/cases', async (req, res) => {
    const p = person(res);
    const q = parseBody(listQuery, { ...req.query });
    const result = await service.listCases(p, q, actorOf(req, p));
    res.json({
      // Added to each case rather than spread into a copy: for a page of 50, spreading costs
      // more than naming the parties.
      cases: result.cases.map((c) =>
        Object.assign(caseJson(c.case, c.counts), { parties: c.parties }),
      ),
      next: result.next,
    });
  });

  r.post('/api/cases', async (req, res) => {
    const p = person(res);
    const body = parseBody(openCaseBody, req.body);
    const created = await service.openCase(p, body, actorOf(req, p));
    res
      .status(201)
      .location(`/api/cases/${encodeURIComponent(created.header.id)}`)
      .json(caseJson(created));
  });

  r.get('/api/cases/:id', async (req, res) => {
    const p = person(res);
    const view = await onCaseReference(req.params.id, (id) =>
      service.getCase(p, id, actorOf(req, p)),
    );
    endWithJsonText(res, casePageJson(view));
  });

  r.post('/api/cases/:id/events', async (req, res) => {
    const p = person(res);
    const body = parseBody(eventBody, req.body);
    // Who recorded it and from where are the server's to say: the signed-in caller, this route.
    for (const field of ['by', 'surface'])
      if (typeof body.event === 'object' && body.event !== null && field in body.event)
        throw refuse(
          'invalid-event',
          `event.${field}: is set by the server (${field === 'by' ? 'who is signed in' : 'where it was recorded from'}); leave it out`,
        );
    const result = await onCaseReference(req.params.id, (id) =>
      service.recordEvent(p, id, { ...body, idempotencyKey: keyOf(req) }, actorOf(req, p)),
    );
    res
      .status(result.replayed ? 200 : 201)
      .json({ version: result.version, replayed: result.replayed, events: result.events });
  });

  r.post('/api/cases/:id/events/:seq/retract', async (req, res) => {
    const p = person(res);
    const seq = z.coerce.number().int().min(0).max(1_000_000).safeParse(req.params.seq);
    if (!seq.success) throw refuse('invalid-request', 'seq: must be an event number');
    const body = parseBody(retractBody, req.body ?? {});
    const result = await onCaseReference(req.params.id, (id) =>
      service.retractEvent(
        p,
        id,
        seq.data,
        { ...body, idempotencyKey: keyOf(req) },
        actorOf(req, p),
      ),
    );
    res
      .status(result.replayed ? 200 : 201)
      .json({ version: result.version, replayed: result.replayed, events: result.events });
  });

  r.post('/api/cases/:id/iro-alert', async (req, res) => {
    const p = person(res);
    const { emailIro, ...body } = parseBody(sendIroAlertBody, req.body);
    const token = delegation(res);
    // Refused before anything is recorded, so the lawyer can choose again.
    if (emailIro && !token)
      throw refuse(
        'email-unavailable',
        'emailIro: email from your mailbox needs Microsoft 365 sign-in and Graph; nothing was recorded.',
      );
    const actor = actorOf(req, p);
    const { caseId, result } = await onCaseReference(req.params.id, async (caseId) => ({
      caseId,
      result: await service.sendIroAlert(p, caseId, { ...body, idempotencyKey: keyOf(req) }, actor),
    }));
    // A replay sends nothing again: the first request's email went, or was reported.
    const email =
      emailIro && token && !result.replayed && iroAlertEmail
        ? await iroAlertEmail.send(token, caseId, result, actor)
        : undefined;
    res.status(result.replayed ? 200 : 201).json(email ? { ...result, email } : result);
  });

  // The same dates as sending would give, recording nothing: the form's live preview.
  r.post('/api/cases/:id/iro-alert/preview', async (req, res) => {
    const p = person(res);
    const body = parseBody(iroAlertBody, req.body);
    res.json(
      await onCaseReference(req.params.id, (id) =>
        service.previewIroAlert(p, id, body.filingDue, actorOf(req, p)),
      ),
    );
  });

  return r;
}
