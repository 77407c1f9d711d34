/**
 * People: a form's picker (`GET /api/people`), and the Head of Service's management of the
 * directory (`/api/admin/people`: everyone, adding or changing one person, someone's absence,
 * someone leaving). The use cases are in server/people/; these read the request and write the
 * answer.
 */
import { Router } from 'express';
import { z } from 'zod';
import { PARTY_ROLES, refuse } from '../../../core';
import { currentPerson } from '../../auth';
import { clearAbsence, setAbsence, type AbsenceDeps } from '../../people/absence';
import { personLeaves, type LeaveDeps } from '../../people/leave';
import {
  listPeople,
  personBody,
  personId,
  requireAdmin,
  toPerson,
  updatePerson,
  type PeopleStore,
} from '../../people/people-admin';
import { peopleToName, type PeopleToNameDeps } from '../../people/people-to-name';
import { actorOf } from '../actor';
import { parseBody } from '../problem';
import { absenceBody } from './me';

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

/** The person named in the address, or a refusal naming the field. */
function idOf(raw: string): string {
  const id = personId.safeParse(raw);
  if (!id.success) throw refuse('invalid-request', `id: ${id.error.issues[0]!.message}`);
  return id.data;
}

export function peopleRoutes(deps: {
  picker: PeopleToNameDeps;
  directory: PeopleStore;
  absence: AbsenceDeps;
  /** Someone leaving ends their part on every case (absent in tests of the directory alone). */
  leaving?: LeaveDeps;
}): Router {
  const r = Router();

  r.get('/api/people', async (req, res) => {
    const p = currentPerson(res);
    const q = parseBody(peopleQuery, { ...req.query });
    res.json({ people: await peopleToName(deps.picker, p, q, actorOf(req, p)) });
  });

  // Before anything else, so a caller without the role learns nothing, not even what is valid.
  r.use('/api/admin/people', (_req, res, next) => {
    requireAdmin(currentPerson(res));
    next();
  });

  r.get('/api/admin/people', async (req, res) => {
    const admin = currentPerson(res);
    res.json({ people: await listPeople(deps.directory, admin, actorOf(req, admin)) });
  });

  r.put('/api/admin/people/:id', async (req, res) => {
    const admin = currentPerson(res);
    const person = toPerson(idOf(req.params.id), parseBody(personBody, req.body));
    res.json(await updatePerson(deps.directory, admin, person, actorOf(req, admin)));
  });

  r.put('/api/admin/people/:id/absence', async (req, res) => {
    const admin = currentPerson(res);
    const body = parseBody(absenceBody, req.body);
    res.json(await setAbsence(deps.absence, admin, req.params.id, body, actorOf(req, admin)));
  });

  r.delete('/api/admin/people/:id/absence', async (req, res) => {
    const admin = currentPerson(res);
    await clearAbsence(deps.absence, admin, req.params.id, actorOf(req, admin));
    res.status(204).end();
  });

  // Someone leaves the council: their parts on every case end now, and they cannot sign in.
  const { leaving } = deps;
  if (leaving)
    r.post('/api/admin/people/:id/leave', async (req, res) => {
      const admin = currentPerson(res);
      const id = idOf(req.params.id);
      parseBody(z.strictObject({}), req.body ?? {});
      res.json(await personLeaves(leaving, admin, id, actorOf(req, admin)));
    });

  return r;
}
