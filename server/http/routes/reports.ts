/**
 * The report routes. Like the rest of the API they run after `authenticate`, so
 * `currentPerson(res)` is the verified caller; the report service authorises and audits.
 *
 *   GET /api/reports/compliance?from=YYYY-MM-DD&to=YYYY-MM-DD&team=north   (JSON)
 *   GET /api/reports/case-register.xlsx                                    (Excel workbook)
 *   GET /api/reports/late-now?team=north                                   (JSON)
 *   GET /api/reports/compliance.xlsx?from=…&to=…&team=north                (the figures and the late list)
 */
import { Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../actor';
import { currentPerson } from '../../auth';
import { parseBody } from '../problem';
import { complianceWorkbook } from '../../reports/compliance-workbook';
import type { LateNow } from '../../reports/late-now';
import { XLSX_CONTENT_TYPE, type CaseRegister } from '../../reports/case-register';
import type { ComplianceReports } from '../../reports/compliance-report';

/** Shapes only; the service checks that the dates are real and the period makes sense. */
const complianceQuery = z.strictObject({
  from: z.string().max(10, 'must be a date YYYY-MM-DD').optional(),
  to: z.string().max(10, 'must be a date YYYY-MM-DD').optional(),
  team: z.string().min(1).max(100).optional(),
});
const noQuery = z.strictObject({});
const lateNowQuery = z.strictObject({
  team: z.string().min(1).max(100).optional(),
  /** The latest this many (default 100): a screen shows a few; the export has them all. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function reportsRoutes(reports: {
  compliance: ComplianceReports;
  register: CaseRegister;
  lateNow: LateNow;
}): Router {
  const { compliance, register, lateNow } = reports;
  const r = Router();

  r.get('/api/reports/compliance.xlsx', async (req, res) => {
    const p = currentPerson(res);
    const q = parseBody(complianceQuery, { ...req.query });
    const actor = actorOf(req, p);
    const report = await compliance.compliance(p, q, actor);
    const late = await lateNow.list(p, q.team === undefined ? {} : { team: q.team }, actor);
    res
      .status(200)
      .set({
        'Content-Type': XLSX_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="compliance-${report.period.from}-to-${report.period.to}.xlsx"`,
        'Cache-Control': 'no-store',
      })
      .send(await complianceWorkbook(report, late));
  });

  r.get('/api/reports/late-now', async (req, res) => {
    const p = currentPerson(res);
    const q = parseBody(lateNowQuery, { ...req.query });
    res.json(await lateNow.list(p, q, actorOf(req, p)));
  });

  r.get('/api/reports/compliance', async (req, res) => {
    const p = currentPerson(res);
    const q = parseBody(complianceQuery, { ...req.query });
    res.json(await compliance.compliance(p, q, actorOf(req, p)));
  });

  r.get('/api/reports/case-register.xlsx', async (req, res) => {
    const p = currentPerson(res);
    parseBody(noQuery, { ...req.query });
    const filename = register.filename();
    const workbook = await register.forPerson(p, actorOf(req, p));
    res
      .status(200)
      .set({
        'Content-Type': XLSX_CONTENT_TYPE,
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      })
      .send(workbook);
  });

  return r;
}
