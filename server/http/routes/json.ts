/**
 * What the API gives for a case and an obligation, field by field (nothing the store adds leaks
 * out; a case's page is case-page.ts), and the request's idempotency key: shared by the route modules.
 */
import type { Request } from 'express';
import {
  completionOf,
  refuse,
  type CaseRecord,
  type CaseSummary,
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

/** An obligation, with how a person completes it (the button's words and the form it needs). */
export function obligationJson(o: Obligation) {
  const completion = completionJson(o);
  return completion ? { ...o, completion } : o;
}

/** How a person completes an obligation, if they can: the button's words and the form it needs. */
export function completionJson(o: Obligation) {
  const c = completionOf(o);
  return c && { title: c.title, form: c.form, event: c.event };
}
