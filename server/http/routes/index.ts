/**
 * The JSON API (documented in ../openapi.json), one module per resource: `me`, `cases` (and their
 * `suggestions`), `obligations`, `people`, `reports`, `service`. Every route runs after
 * `authenticate`, so `currentPerson(res)` is the verified caller; the use cases authorise and
 * audit, and the routes only read the request and write the answer. Beside them, `/ack`: the page
 * an acknowledgement link opens, outside `/api` and its sign-in (the signed link is the credential).
 */
import { Router } from 'express';
import type { Clock, DigestPreferences, DigestSchedule } from '../../../core';
import type { Cases } from '../../cases/cases';
import type { IroAlertEmail } from '../../cases/iro-alert-email';
import type { CaseRegister } from '../../reports/case-register';
import type { ComplianceReports } from '../../reports/compliance-report';
import type { LateNow } from '../../reports/late-now';
import type { ServiceDuties } from '../../service/service-duties';
import type { Store } from '../../store/open-store';
import type { AcknowledgementLinks } from '../../outlook-links/acknowledgement-links';
import { acknowledgementLinkRoutes } from './acknowledgement-links';
import { casesRoutes } from './cases';
import { meRoutes } from './me';
import { obligationsRoutes } from './obligations';
import { peopleRoutes } from './people';
import { reportsRoutes } from './reports';
import { serviceRoutes } from './service';
import { suggestionsRoutes } from './suggestions';

export interface ApiDeps {
  service: Cases;
  store: Store;
  clock: Clock;
  reports: { compliance: ComplianceReports; register: CaseRegister; lateNow: LateNow };
  serviceDuties: ServiceDuties;
  digest: { preferences: DigestPreferences; schedule: DigestSchedule };
  /** Emailing the IRO alert as the lawyer: only with Graph configured. */
  iroAlertEmail?: IroAlertEmail;
  /** Acknowledging a deadline from the signed link in an email (people outside the tenant). */
  acknowledgementLinks: AcknowledgementLinks;
}

export function apiRoutes(d: ApiDeps): Router {
  const { service, store, clock } = d;
  return Router().use(
    meRoutes({
      service,
      clock,
      emailAsMe: d.iroAlertEmail !== undefined,
      digest: { ...d.digest, store, clock },
      absence: { store, clock },
    }),
    casesRoutes(service, d.iroAlertEmail),
    suggestionsRoutes({ service, store, clock }),
    obligationsRoutes(service),
    peopleRoutes({
      picker: { cases: service, store },
      directory: store,
      absence: { store, clock },
      leaving: { service, store, clock },
    }),
    reportsRoutes(d.reports),
    serviceRoutes(d.serviceDuties),
    acknowledgementLinkRoutes(d.acknowledgementLinks),
  );
}
