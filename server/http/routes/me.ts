/**
 * `/api/me`: who is signed in, what is on them (my deadlines), their weekly digest and their
 * absence with a deputy. Each answers for the caller alone.
 */
import { Router } from 'express';
import { z } from 'zod';
import { WEEKDAYS, formatInstant, type Clock } from '../../../core';
import { currentEntraToken, currentPerson } from '../../auth';
import type { Cases } from '../../cases/cases';
import { clearAbsence, setAbsence, type AbsenceDeps } from '../../people/absence';
import { myDigest, setMyDigest, type DigestDeps } from '../../people/digest-preference';
import { actorOf } from '../actor';
import { parseBody } from '../problem';
import { caseJson, obligationJson } from './json';

const digestBody = z.strictObject({
  off: z.boolean(),
  /** Their own day; null or absent: the council's. */
  day: z.enum(WEEKDAYS).nullable().optional(),
});

export const absenceBody = z.strictObject({
  deputy: z.string().min(1).max(100),
  from: z.string().max(40),
  until: z.string().max(40),
});

export function meRoutes(deps: {
  service: Cases;
  clock: Clock;
  /** Whether the server can email as the caller (Microsoft 365 sign-in and Graph). */
  emailAsMe: boolean;
  digest: DigestDeps;
  absence: AbsenceDeps;
}): Router {
  const r = Router();

  r.get('/api/me', (_req, res) => {
    const p = currentPerson(res);
    res.json({
      id: p.id,
      displayName: p.displayName,
      email: p.email,
      roles: p.roles,
      teams: p.teams,
      serverTime: formatInstant(deps.clock.now()),
      emailAsMe: deps.emailAsMe && currentEntraToken(res) !== undefined,
    });
  });

  r.get('/api/me/obligations', async (req, res) => {
    const p = currentPerson(res);
    const items = await deps.service.myObligations(p, actorOf(req, p));
    res.json({
      obligations: items.map((i) => ({
        case: caseJson(i.case),
        obligation: obligationJson(i.obligation),
        as: i.as,
      })),
    });
  });

  r.get('/api/me/digest', async (_req, res) => {
    res.json(await myDigest(deps.digest, currentPerson(res)));
  });

  r.put('/api/me/digest', async (req, res) => {
    const p = currentPerson(res);
    res.json(await setMyDigest(deps.digest, p, parseBody(digestBody, req.body), actorOf(req, p)));
  });

  r.put('/api/me/absence', async (req, res) => {
    const p = currentPerson(res);
    const body = parseBody(absenceBody, req.body);
    res.json(await setAbsence(deps.absence, p, undefined, body, actorOf(req, p)));
  });

  r.delete('/api/me/absence', async (req, res) => {
    const p = currentPerson(res);
    await clearAbsence(deps.absence, p, undefined, actorOf(req, p));
    res.status(204).end();
  });

  return r;
}
