/**
 * Absence with a named deputy: a person (or the Head of Service for them) says who stands in for
 * them, from when until when. Meanwhile their cards, reminders and escalations go to the deputy,
 * saying for whom, and the deputy acts on their cases in their roles.
 *
 * `PUT /api/me/absence` and `DELETE /api/me/absence` for oneself; the same under
 * `/api/admin/people/{id}/absence` for the Head of Service. Mount after `authenticate`.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  humanInstant,
  parseInstant,
  type Clock,
  type Directory,
  type Person,
  refuse,
  type AuditTrail,
} from '../../core';
import { actorOf } from '../api/actor';
import { currentPerson } from '../auth';
import { parseBody } from '../http/problem';
import { ADMIN_ROLE } from './people-admin';

/** The longest absence a deputy is named for at once. */
const LONGEST_MS = 366 * 24 * 3_600_000;

const absenceBody = z.strictObject({
  deputy: z.string().min(1).max(100),
  from: z.string().max(40),
  until: z.string().max(40),
});

export function absenceRouter(deps: {
  store: Directory & Pick<AuditTrail, 'audit'>;
  clock: Clock;
}): Router {
  const r = Router();
  const { store, clock } = deps;

  async function whose(req: Request, res: Response): Promise<{ by: Person; absent: Person }> {
    const by = currentPerson(res);
    if (req.params.id === undefined) return { by, absent: by };
    if (!by.roles.includes(ADMIN_ROLE))
      throw refuse('admin-forbidden', "Only the Head of Service sets someone else's absence.");
    const id = String(req.params.id);
    const absent = await store.person(id);
    if (!absent) throw refuse('person-not-found', `There is no person ${id}.`);
    return { by, absent };
  }

  const set = async (req: Request, res: Response) => {
    const { by, absent } = await whose(req, res);
    const body = parseBody(absenceBody, req.body);
    const deputy = await store.person(body.deputy);
    const from = instant('from', body.from);
    const until = instant('until', body.until);
    if (!deputy || deputy.leftAt !== undefined)
      throw refuse('invalid-request', `deputy: there is no person "${body.deputy}" here now`);
    if (deputy.id === absent.id)
      throw refuse('invalid-request', 'deputy: name someone else to stand in');
    if (!absent.roles.some((role) => deputy.roles.includes(role)))
      throw refuse(
        'invalid-request',
        `deputy: ${deputy.displayName} holds none of ${absent.displayName}'s roles, so could not act for them`,
      );
    if (until.ms <= from.ms) throw refuse('invalid-request', 'until: must be after from');
    if (until.ms <= clock.now())
      throw refuse('invalid-request', 'until: the absence is already over');
    if (until.ms - from.ms > LONGEST_MS)
      throw refuse('invalid-request', 'until: an absence is at most a year');
    const absence = { personId: deputy.id, from: from.text, until: until.text };
    await store.upsertPerson({ ...absent, deputy: absence });
    await store.audit({
      actor: actorOf(req, by),
      action: 'absence.set',
      detail: { person: absent.id, deputy: deputy.id, from: from.text, until: until.text },
    });
    res.json({
      person: absent.id,
      deputy: { id: deputy.id, displayName: deputy.displayName },
      from: from.text,
      until: until.text,
      said: `From ${humanInstant(from.text)} until ${humanInstant(until.text)}, ${deputy.displayName} gets ${absent.displayName}'s cards, reminders and escalations and acts on their cases.`,
    });
  };

  const clear = async (req: Request, res: Response) => {
    const { by, absent } = await whose(req, res);
    const copy = { ...absent };
    delete copy.deputy;
    await store.upsertPerson(copy);
    await store.audit({
      actor: actorOf(req, by),
      action: 'absence.cleared',
      detail: { person: absent.id },
    });
    res.status(204).end();
  };

  r.put('/api/me/absence', set);
  r.delete('/api/me/absence', clear);
  r.put('/api/admin/people/:id/absence', set);
  r.delete('/api/admin/people/:id/absence', clear);
  return r;
}

function instant(field: string, text: string): { text: string; ms: number } {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw refuse('invalid-request', `${field}: "${text}" ${parsed.reason}`);
  return { text, ms: parsed.instant };
}
