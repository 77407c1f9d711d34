/**
 * Send IRO alert emailed from the lawyer's own mailbox, over real HTTP: the lawyer's Entra token
 * from a real OIDC issuer on loopback (oauth2-mock-server) is verified by the API, exchanged
 * through MSAL's on-behalf-of flow at the Graph double's token endpoint, and the email goes by
 * `/me/sendMail` as the lawyer. The alert is recorded whatever happens to the email, a replay
 * sends nothing twice, and the email names the case by reference only.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { OAuth2Server } from 'oauth2-mock-server';
import type { Person } from '../../../core';
import { casesRoutes } from '../../../server/http/routes/cases';
import { meRoutes } from '../../../server/http/routes/me';
import { authenticate, createEntraVerifier } from '../../../server/auth';
import { composeCases, type Cases } from '../../../server/cases/cases';
import { IroAlertEmail } from '../../../server/cases/iro-alert-email';
import { InMemoryDigestPreferences } from '../../../server/store/memory/memory-digest-preferences';
import { graphConnection, type GraphConnection } from '../../../server/graph/from-config';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { MailSync } from '../../../server/signals/mail-sync';
import { GraphAuth } from '../../../server/graph/graph-auth';
import { problemHandler } from '../../../server/http/problem';
import { createLogger } from '../../../server/logging';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { IRO_PERSON, LAWYER_PERSON, seedCase } from '../../support/case-mail';
import { engineSettings } from '../../support/delivery-world';
import { GraphDouble } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

const TENANT = '4d0c8f4e-1b52-4c7a-9a5e-0d7a1c3b2e61';
const CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const SECRET = 'the-app-secret~for-the-double';
const LAWYER_OID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const NOW = Date.parse('2026-11-23T09:00:00Z');

const LAWYER: Person = { ...LAWYER_PERSON, entraObjectId: LAWYER_OID };
const IRO = IRO_PERSON;

let oidc: OAuth2Server;
let double: GraphDouble;
let dir: string;
let store: Store;
let server: Server;
let url: string;

/** The API with the email as the lawyer, or without it (no Graph). */
async function startApi(
  withEmail: { secret: string } | undefined,
): Promise<{ service: Cases; connection?: GraphConnection }> {
  const clock = { now: () => NOW };
  const settings = engineSettings();
  const service = composeCases(store, store, settings, clock);
  const entra = createEntraVerifier({
    tenantId: TENANT,
    audience: [CLIENT_ID],
    issuer: oidc.issuer.url ?? '',
    jwksUri: `http://127.0.0.1:${oidc.address().port}/jwks`,
  });
  const connection =
    withEmail &&
    graphConnection(
      new GraphAuth({
        tenantId: TENANT,
        clientId: CLIENT_ID,
        secret: withEmail.secret,
        loginUrl: double.url,
        graphResource: 'https://graph.microsoft.com',
      }),
      double.url,
      { retryDelaySeconds: 0 },
    );
  const app = express();
  app.use(express.json());
  app.use('/api', authenticate({ entra, directory: store }));
  const email =
    connection &&
    new IroAlertEmail({
      asPerson: (token) => connection.asPerson(token),
      store,
      caseLink: (id) => `https://liaison.example/tab/cases/${id}`,
    });
  app.use(
    meRoutes({
      service,
      clock,
      emailAsMe: email !== undefined,
      digest: {
        preferences: new InMemoryDigestPreferences(),
        schedule: settings.digest,
        store,
        clock,
      },
      absence: { store, clock },
    }),
    casesRoutes(service, email || undefined),
  );
  app.use(problemHandler(createLogger({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { service, ...(connection ? { connection } : {}) };
}

function lawyerToken(): Promise<string> {
  return oidc.issuer.buildToken({
    expiresIn: 3600,
    scopesOrTransform: (_h, p) =>
      Object.assign(p, {
        aud: CLIENT_ID,
        tid: TENANT,
        oid: LAWYER_OID,
        preferred_username: LAWYER.email,
        scp: 'access_as_user',
        ver: '2.0',
      }),
  });
}

async function call(method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await lawyerToken()}`,
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const alert = (key: string, emailIro = true) =>
  call(
    'POST',
    '/api/cases/C-1042/iro-alert',
    { filingDue: '2026-12-18T16:00:00+00:00', emailIro },
    key,
  );
const recorded = async () =>
  (await store.readEvents('C-1042')).map((e) => e.event.type).filter((t) => t === 'iro-alert.sent');

beforeAll(async () => {
  oidc = new OAuth2Server();
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
  double = await GraphDouble.start({
    tenantId: TENANT,
    apps: [{ clientId: CLIENT_ID, clientSecret: SECRET }],
  });
  double.mail.addMailbox(LAWYER.email!, IRO.email!);
});

afterAll(async () => {
  await oidc.stop();
  await double.close();
});

beforeEach(async () => {
  double.reset();
  dir = mkdtempSync(join(tmpdir(), 'liaison-alert-email-'));
  store = openSqliteStore(join(dir, 'liaison.db'), { now: () => NOW });
  for (const p of [LAWYER, IRO]) await store.upsertPerson(p);
  await seedCase(store, {
    id: 'C-1042',
    lawyer: LAWYER.id,
    iro: IRO.id,
    events: [{ type: 'application.issued', at: '2026-09-01T10:00:00Z' }],
  });
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the lawyer’s alert is emailed to the IRO from the lawyer’s own mailbox, once', async () => {
  const { service, connection } = await startApi({ secret: SECRET });
  expect((await call('GET', '/api/me')).body.emailAsMe).toBe(true);

  const first = await alert('alert-one');
  expect(first.status).toBe(201);
  expect(first.body.email).toEqual({ sent: true });
  expect(double.mail.sent).toHaveLength(1);
  const mail = double.mail.sent[0]!;
  // `/me` on a delegated token is the lawyer: the message is theirs, kept in their Sent Items.
  expect(mail).toMatchObject({
    mailbox: LAWYER.email,
    to: [IRO.email],
    subject: '[C-1042] IRO alert: final evidence due Fri 18 Dec 2026, 16:00',
    contentType: 'HTML',
    saveToSentItems: true,
  });
  expect(mail.content).toContain('should reach you by Fri 11 Dec 2026, 16:00');
  expect(mail.content).toContain('href="https://liaison.example/tab/cases/C-1042"');
  expect(`${mail.subject}${mail.content}`).not.toMatch(/A\.B\.|LCS-1042/);
  expect(double.log.some((r) => r.path === '/v1.0/me/sendMail' && r.status === 202)).toBe(true);
  const audit = await store.readAudit(0, 100);
  expect(audit.find((a) => a.action === 'iro-alert.emailed')).toMatchObject({
    caseId: 'C-1042',
    actor: { personId: LAWYER.id },
    detail: { to: IRO.id },
  });

  // The same request again: recorded once, emailed once.
  const again = await alert('alert-one');
  expect(again.status).toBe(200);
  expect(again.body.email).toBeUndefined();
  expect(double.mail.sent).toHaveLength(1);
  expect(await recorded()).toHaveLength(1);

  // The mailbox signals then read that email in both mailboxes: it is the alert, not the draft.
  const sync = new MailSync({
    signals: new GraphMailSignals(connection!.app),
    store,
    service,
    clock: { now: () => NOW },
    logger: createLogger({ level: 'silent' }),
    owner: 'test',
  });
  expect(await sync.runOnce()).toMatchObject({ messages: 2, recorded: 0, suggested: 0 });
  expect(await store.suggestionsFor('C-1042')).toEqual([]);
});

test('an email that cannot go leaves the alert recorded and says why', async () => {
  // The app's credential is wrong: the on-behalf-of exchange fails.
  await startApi({ secret: 'not-the-secret' });
  const res = await alert('alert-two');
  expect(res.status).toBe(201);
  expect(res.body.email).toEqual({
    sent: false,
    reason:
      'Your sign-in could not be used to send email for you, or Microsoft 365 could not be reached.',
  });
  expect(double.mail.sent).toEqual([]);
  expect(await recorded()).toHaveLength(1);
  const audit = await store.readAudit(0, 100);
  expect(audit.some((a) => a.action === 'iro-alert.email-failed')).toBe(true);
});

test('without Graph there is no email choice, and asking for one records nothing', async () => {
  await startApi(undefined);
  expect((await call('GET', '/api/me')).body.emailAsMe).toBe(false);
  const res = await alert('alert-three');
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('email-unavailable');
  expect(await recorded()).toEqual([]);
  expect((await alert('alert-four', false)).status).toBe(201);
});
