/**
 * The services' duties over HTTP. Like the rest of the API they run after `authenticate`, so
 * `currentPerson(res)` is the verified caller; `ServiceDuties` authorises and audits.
 *
 *   GET  /api/service/duties                               the registers and link meetings
 *   GET  /api/service/registers/:month                     the month's register (.xlsx)
 *   POST /api/service/registers/:month/received            { service? }: we have it
 *   POST /api/service/link-meetings/:day/held              { heldAt, protocolReviewed }
 */
import { Router } from 'express';
import { z } from 'zod';
import { SERVICES, refuse } from '../../../core';
import { actorOf } from '../actor';
import { currentPerson } from '../../auth';
import { parseBody } from '../problem';
import { XLSX_CONTENT_TYPE } from '../../reports/case-register';
import type { ServiceDuties } from '../../service/service-duties';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const received = z.strictObject({ service: z.enum(SERVICES).optional() });
const held = z.strictObject({
  heldAt: z.string().min(1).max(40),
  protocolReviewed: z.boolean(),
});

function param(value: string | undefined, pattern: RegExp, field: string, form: string): string {
  if (value === undefined || !pattern.test(value))
    throw refuse('validation-failed', `The ${field} in the address is not right.`, {
      errors: [{ path: field, message: `must be ${form}` }],
    });
  return value;
}

export function serviceRoutes(duties: ServiceDuties): Router {
  const r = Router();

  r.get('/api/service/duties', async (req, res) => {
    const p = currentPerson(res);
    res.json(await duties.list(p, actorOf(req, p)));
  });

  r.get('/api/service/registers/:month', async (req, res) => {
    const p = currentPerson(res);
    const month = param(req.params.month, MONTH, 'month', 'a month YYYY-MM');
    const file = await duties.registerFile(p, month, actorOf(req, p));
    if ('url' in file) {
      res.redirect(303, file.url);
      return;
    }
    res
      .status(200)
      .set({
        'Content-Type': XLSX_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${file.name}"`,
        'Cache-Control': 'no-store',
      })
      .send(Buffer.from(file.content));
  });

  r.post('/api/service/registers/:month/received', async (req, res) => {
    const p = currentPerson(res);
    const month = param(req.params.month, MONTH, 'month', 'a month YYYY-MM');
    const body = parseBody(received, req.body ?? {});
    res.json(await duties.confirmRegister(p, month, body.service, actorOf(req, p)));
  });

  r.post('/api/service/link-meetings/:day/held', async (req, res) => {
    const p = currentPerson(res);
    const day = param(req.params.day, DAY, 'day', 'a date YYYY-MM-DD');
    const body = parseBody(held, req.body);
    res.json(await duties.recordMeeting(p, day, body, actorOf(req, p)));
  });

  return r;
}
