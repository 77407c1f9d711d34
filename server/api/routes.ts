/**
 * The JSON API (documented in openapi.json). Every route runs after `authenticate`, so
 * `currentPerson(res)` is the verified caller; the case service authorises and audits.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf } from './actor';
import {
  EVENT_RECORDERS,
  PARTY_ROLES,
  ROLES,
  A_ROLE,
  eligiblePeople,
  holdersByName,
  mayRecord,
  namingEventOf,
  completionOf,
  formatInstant,
  type CaseRecord,
  type Directory,
  type CaseSummary,
  type CaseView,
  type Obligation,
  onCaseReference,
  refuse,
  type CaseLog,
  type AuditTrail,
} from '../../core';
import { currentEntraToken, currentPerson } from '../auth';
import type { IroAlertEmail } from '../cases/iro-alert-email';
import type { Cases } from '../cases/cases';
import { idempotencyKeySchema } from '../http/idempotency';
import { parseBody } from '../http/problem';

const obligationId = z.string().regex(/^[A-Za-z0-9:._-]{3,200}$/, 'must be an obligation id');

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

/**
 * A picker's people: those who may be named in a party role on a case (`case`), or without a
 * case, the IROs (the IRO service's own list).
 */
const peopleQuery = z.strictObject({
  role: z.enum(PARTY_ROLES, {
    error: `must be one of ${PARTY_ROLES.join(', ')}`,
  }),
  case: z.string().min(1).max(40).optional(),
});

/**
 * What the routes read besides the case service: the directory and the audit trail (for listing
 * people), and a case's log (for retracting one of its events).
 */
export type PeopleDeps = Pick<Directory, 'people'> &
  Pick<AuditTrail, 'audit'> &
  Pick<CaseLog, 'readEvents' | 'getCase'>;

function keyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success)
    throw refuse('invalid-request', `Idempotency-Key: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function caseJson(record: CaseRecord, counts?: CaseSummary['counts']) {
  const h = record.header;
  // Field by field rather than by spread: the dashboard builds hundreds of these a second.
  return {
    id: h.id,
    childRef: h.childRef,
    childInitials: h.childInitials,
    lookedAfterBeforeProceedings: h.lookedAfterBeforeProceedings,
    packs: h.packs,
    team: record.team,
    members: record.members,
    version: record.version,
    updatedAt: record.updatedAt,
    counts,
  };
}

function caseViewJson(view: CaseView) {
  return {
    case: caseJson(view.case),
    myRoles: view.myRoles,
    myEvents: view.myEvents,
    myRetractable: view.myRetractable,
    parties: view.parties,
    calendar: view.evaluation.calendar,
    evaluatedAt: view.evaluation.evaluatedAt,
    events: view.events.map((e) => ({
      seq: e.seq,
      ...e.event,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy,
      via: e.surface,
    })),
    // Who is on the hook for each, and who it is for, by name.
    obligations: view.evaluation.obligations.map((o) =>
      Object.assign(obligationJson(o), {
        assignees: holdersByName(o.responsible, view.parties),
        addressees: holdersByName(o.recipients, view.parties),
      }),
    ),
    warnings: view.evaluation.warnings,
    deliveries: view.deliveries,
  };
}

/** An obligation, with how a person completes it (the button's words and the form it needs). */
function obligationJson(o: Obligation) {
  const c = completionOf(o);
  return c ? { ...o, completion: { title: c.title, form: c.form, event: c.event } } : o;
}

export function apiRouter(
  service: Cases,
  now: () => number,
  people: PeopleDeps,
  /** Emailing the IRO alert as the lawyer: only with Graph configured. */
  iroAlertEmail?: IroAlertEmail,
): Router {
  const r = Router();
  const person = (res: Response) => currentPerson(res);
  /** The caller's token for on-behalf-of, when the server can act in Microsoft 365 for them. */
  const delegation = (res: Response) => (iroAlertEmail ? currentEntraToken(res) : undefined);

  r.get('/api/me', (_req, res) => {
    const p = person(res);
    res.json({
      id: p.id,
      displayName: p.displayName,
      email: p.email,
      roles: p.roles,
      teams: p.teams,
      serverTime: formatInstant(now()),
      emailAsMe: delegation(res) !== undefined,
    });
  });

  r.get('/api/me/obligations', async (req, res) => {
    const p = person(res);
    const items = await service.myObligations(p, actorOf(req, p));
    res.json({
      obligations: items.map((i) => ({
        case: caseJson(i.case),
        obligation: obligationJson(i.obligation),
        as: i.as,
      })),
    });
  });

  // The pickers' people. Only those who record the event that names a person in the role may
  // list: the others have no use for a staff directory, and it is still a list of people.
  r.get('/api/people', async (req, res) => {
    const p = person(res);
    const q = parseBody(peopleQuery, { ...req.query });
    const naming = namingEventOf(q.role);
    let found;
    const record =
      q.case === undefined
        ? undefined
        : await onCaseReference(q.case, (id) => service.visibleCase(p, id));
    if (record !== undefined) {
      if (!mayRecord(p, record, naming))
        throw refuse(
          'people-forbidden',
          `Your role on this case does not name ${A_ROLE[q.role]}, so it does not list them.`,
        );
      found = eligiblePeople(await people.people(), q.role, record.team).filter(
        (x) => !record.members.some((m) => m.role === q.role && m.personId === x.id),
      );
    } else {
      if (q.role !== 'iro')
        throw refuse('invalid-request', 'case: is required to list people in that role');
      if (!p.roles.some((role) => EVENT_RECORDERS[naming].includes(role)))
        throw refuse(
          'people-forbidden',
          'Only the IRO service allocates IROs, so only it lists them.',
        );
      found = (await people.people()).filter((x) => x.roles.includes(q.role));
    }
    const listed = found
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'))
      // Name and e-mail only: the form shows whom it names.
      .map((x) => ({
        id: x.id,
        displayName: x.displayName,
        ...(x.email ? { email: x.email } : {}),
      }));
    await people.audit({
      actor: actorOf(req, p),
      action: 'people.listed',
      ...(record !== undefined ? { caseId: record.header.id } : {}),
      detail: { role: q.role, count: listed.length },
    });
    res.json({ people: listed });
  });

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
    res.json(caseViewJson(view));
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
