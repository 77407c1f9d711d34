/**
 * What the API gives for a case, a case's page and an obligation, field by field (nothing the
 * store adds leaks out), and the request's idempotency key: shared by the route modules.
 */
import type { Request } from 'express';
import {
  completionOf,
  holdersByName,
  refuse,
  type CaseRecord,
  type CaseSummary,
  type CaseView,
  type Obligation,
} from '../../../core';
import { idempotencyKeySchema } from '../idempotency';

/** The request's Idempotency-Key, if it sent one: a retry with it gets the first answer. */
export function keyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(key);
  if (!parsed.success)
    throw refuse('invalid-request', `Idempotency-Key: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export function caseJson(record: CaseRecord, counts?: CaseSummary['counts']) {
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

export function caseViewJson(view: CaseView) {
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
export function obligationJson(o: Obligation) {
  const c = completionOf(o);
  return c ? { ...o, completion: { title: c.title, form: c.form, event: c.event } } : o;
}
