/**
 * A person's weekly digest: `GET /api/me/digest` says when theirs comes (the council's day or
 * their own, or off); `PUT /api/me/digest` `{ off, day? }` changes it, for themselves only. The
 * server records who and when; every change is audited. Mount after `authenticate`.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  WEEKDAYS,
  digestWhen,
  formatInstant,
  type Clock,
  type DigestPreference,
  type DigestPreferences,
  type DigestSchedule,
  type AuditTrail,
} from '../../core';
import { actorOf } from '../api/actor';
import { currentPerson } from '../auth';
import { parseBody } from '../http/problem';

const body = z.strictObject({
  off: z.boolean(),
  /** Their own day; null or absent: the council's. */
  day: z.enum(WEEKDAYS).nullable().optional(),
});

function view(pref: DigestPreference | undefined, schedule: DigestSchedule) {
  const day = pref?.day ?? schedule.day;
  return {
    off: pref?.off ?? false,
    ...(pref?.day ? { day: pref.day } : {}),
    councilDay: schedule.day,
    when: pref?.off
      ? 'Off: no weekly digest.'
      : `${digestWhen(day, schedule.time)}${pref?.day ? '' : " (the council's day)"}.`,
  };
}

export function digestPreferenceRouter(deps: {
  preferences: DigestPreferences;
  store: Pick<AuditTrail, 'audit'>;
  schedule: DigestSchedule;
  clock: Clock;
}): Router {
  const r = Router();
  const mine = async (personId: string) =>
    (await deps.preferences.digestPreferences()).find((p) => p.personId === personId);

  r.get('/api/me/digest', async (_req, res) => {
    const p = currentPerson(res);
    res.json(view(await mine(p.id), deps.schedule));
  });

  r.put('/api/me/digest', async (req, res) => {
    const p = currentPerson(res);
    const asked = parseBody(body, req.body);
    const preference: DigestPreference = {
      personId: p.id,
      off: asked.off,
      ...(asked.day ? { day: asked.day } : {}),
      updatedBy: p.id,
      // Whole seconds: every store keeps the same instant.
      updatedAt: formatInstant(Math.floor(deps.clock.now() / 1000) * 1000),
    };
    await deps.preferences.saveDigestPreference(preference);
    await deps.store.audit({
      actor: actorOf(req, p),
      action: 'digest.preference-set',
      detail: { off: preference.off, day: preference.day ?? null },
    });
    const shown = view(preference, deps.schedule);
    res.json({ ...shown, message: `Your weekly digest: ${shown.when}` });
  });

  return r;
}
