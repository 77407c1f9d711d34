/**
 * Graph change notifications end to end over real HTTP: the Graph double, the production Graph
 * connection, `GraphSubscriptions`, the notification endpoint in the server's own app (body
 * limits, JSON-only API), a real `MailSync` on a SQLite file and the case service.
 *
 * A round subscribes each mailbox folder through the double's validation handshake; a message
 * arriving is announced and its folder read at once (no 5-minute round runs); a forged
 * notification does nothing; renewal, recreation, removal and a failed handshake behave as the
 * subscriptions manager promises.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeCases } from '../../../server/cases/cases';
import { loadConfig } from '../../../server/config';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { NOTIFICATIONS_PATH, graphNotifications } from '../../../server/graph/notifications';
import { GraphSubscriptions, targetOfResource } from '../../../server/graph/subscriptions';
import { createApp, listen } from '../../../server/http/app';
import { createLogger } from '../../../server/logging';
import { MailSync, mailboxSources } from '../../../server/signals/mail-sync';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { IRO_PERSON, LAWYER_PERSON, seedAlertedCase } from '../../support/case-mail';
import { engineSettings } from '../../support/delivery-world';
import { GraphDouble, graphClientFor, graphMessage } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

jest.setTimeout(30_000);

const LAWYER = LAWYER_PERSON;
const IRO = IRO_PERSON;
const SECRET = 'k3Jx9QwZ2vLp8RtY5mNb7HcG4dFs1AeU0oIi';
const START = Date.parse('2026-12-14T09:00:00Z');
const DAY = 24 * 60 * 60_000;

let dir: string;
let double: GraphDouble;
let store: Store;
let subscriptions: GraphSubscriptions;
let endpoint: ReturnType<typeof graphNotifications>;
let server: Server;
let notificationUrl: string;
let now: number;
/** While true the endpoint answers 503, as when no instance is healthy behind the gateway. */
let down: boolean;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-notifications-'));
  now = START;
  down = false;
  const clock = { now: () => now };
  store = openSqliteStore(join(dir, 'liaison.db'), clock);
  for (const p of [LAWYER, IRO]) await store.upsertPerson(p);
  await seedAlertedCase(store, {
    id: 'C-1042',
    lawyer: LAWYER.id,
    iro: IRO.id,
    alertedAt: '2026-11-20T10:00:00Z',
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  double = await GraphDouble.start();
  double.mail.addMailbox(LAWYER.email!, IRO.email!);
  // Subscriptions expire by the test's clock; tokens keep the real one.
  double.subscriptions.now = () => now;
  const graph = graphClientFor(double);
  const logger = createLogger({ level: 'silent' });
  const sync = new MailSync({
    signals: new GraphMailSignals(graph),
    store,
    service: composeCases(store, store, engineSettings(), clock),
    clock,
    logger,
    owner: 'test',
  });
  const port = await freePort();
  notificationUrl = `http://127.0.0.1:${port}${NOTIFICATIONS_PATH}`;
  subscriptions = new GraphSubscriptions({
    graph,
    store,
    targets: async () => mailboxSources(await store.people(), false),
    notificationUrl,
    clientState: SECRET,
    clock,
    logger,
    owner: 'test',
  });
  endpoint = graphNotifications({
    clientState: SECRET,
    subscriptions,
    changed: (mailbox, source) => sync.syncFolder(mailbox, source),
    logger,
  });
  const config = loadConfig({ LIAISON_PORT: String(port), LIAISON_LOG_LEVEL: 'silent' });
  const app = createApp({
    config,
    logger,
    ready: () => Promise.resolve(true),
    mount: (a) => {
      a.use(NOTIFICATIONS_PATH, (_req, res, next) => {
        if (down) res.status(503).end();
        else next();
      });
      a.use(endpoint.router);
    },
  });
  ({ server } = await listen(app, config));
});

afterEach(async () => {
  await double.subscriptions.settled();
  await endpoint.drain();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

const resources = () =>
  double.subscriptions
    .all()
    .map((s) => s.resource)
    .sort();
const requests = (method: string, pattern: RegExp) =>
  double.log.filter((e) => e.method === method && pattern.test(e.path));
/** The folders read by delta queries, in order, as `address/folder`. */
const folderReads = () =>
  requests('GET', /\/messages\/delta/).map((e) =>
    decodeURIComponent(e.path.split('?')[0]!).replace(
      /^\/v1\.0\/users\/([^/]+)\/mailFolders\/([^/]+)\/messages\/delta$/,
      '$1/$2',
    ),
  );
const events = async () => (await store.readEvents('C-1042')).map((e) => e.event);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a round subscribes the Inbox and Sent Items of each person, through the handshake', async () => {
  expect(await subscriptions.runOnce()).toEqual({ created: 4, renewed: 0, deleted: 0, failed: 0 });
  expect(resources()).toEqual([
    "/users/l.jones@council.example.gov.uk/mailFolders('inbox')/messages",
    "/users/l.jones@council.example.gov.uk/mailFolders('sentitems')/messages",
    "/users/s.patel@council.example.gov.uk/mailFolders('inbox')/messages",
    "/users/s.patel@council.example.gov.uk/mailFolders('sentitems')/messages",
  ]);
  for (const s of double.subscriptions.all()) {
    expect(s).toMatchObject({
      notificationUrl,
      lifecycleNotificationUrl: notificationUrl,
      clientState: SECRET,
      changeType: 'created',
    });
    // Under three days, whichever limit Graph applies.
    expect(s.expirationDateTime - START).toBeLessThan(3 * DAY);
    expect(s.expirationDateTime - START).toBeGreaterThan(2.9 * DAY);
  }
  // A second round has nothing to do but list them.
  const before = double.log.length;
  expect(await subscriptions.runOnce()).toEqual({ created: 0, renewed: 0, deleted: 0, failed: 0 });
  expect(double.log.slice(before).map((e) => `${e.method} ${e.path}`)).toEqual([
    'GET /v1.0/subscriptions',
  ]);
});

test('a message arriving is announced and its folders read at once: the draft is recorded', async () => {
  await subscriptions.runOnce();
  const draft = graphMessage(1, {
    from: LAWYER.email,
    to: [IRO.email!],
    subject: '[C-1042] Draft final evidence for A.B.',
    hasAttachments: true,
    sentDateTime: '2026-12-11T15:30:00Z',
  });
  double.mail.addMessages(LAWYER.email!, 'sentitems', [draft]);
  double.mail.addMessages(IRO.email!, 'inbox', [draft]);
  await double.subscriptions.settled();
  expect(double.subscriptions.deliveries.map((d) => [d.kind, d.event, d.status])).toEqual([
    ['change', 'created', 202],
    ['change', 'created', 202],
  ]);
  const recorded = await eventually(events, (e) => e.some((x) => x.type === 'draft.sent-to-iro'));
  expect(recorded.filter((e) => e.type === 'draft.sent-to-iro')).toEqual([
    { type: 'draft.sent-to-iro', at: '2026-12-11T15:30:00Z', by: LAWYER.id, surface: 'mail' },
  ]);
  await endpoint.drain();
  // Only the two folders that changed were read, not the whole round's four.
  expect(folderReads().sort()).toEqual([`${LAWYER.email}/sentitems`, `${IRO.email}/inbox`]);
});

test('a notification with the wrong clientState does nothing', async () => {
  await subscriptions.runOnce();
  double.mail.addMessages(IRO.email!, 'inbox', [
    graphMessage(1, { from: LAWYER.email, to: [IRO.email!], subject: '[C-1042] Draft' }),
  ]);
  await double.subscriptions.settled();
  await endpoint.drain();
  const reads = folderReads().length;
  const inbox = double.subscriptions.all().find((s) => s.resource.includes(IRO.email!))!;
  const forged = await fetch(notificationUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      value: [
        {
          subscriptionId: inbox.id,
          subscriptionExpirationDateTime: new Date(inbox.expirationDateTime).toISOString(),
          changeType: 'created',
          resource: 'Users/x/Messages/y',
          clientState: `${SECRET.slice(0, -1)}x`,
          tenantId: double.tenantId,
        },
      ],
    }),
  });
  expect(forged.status).toBe(202);
  await endpoint.drain();
  expect(folderReads()).toHaveLength(reads);
});

test('renewal: one about to expire is renewed, one Graph dropped is made again', async () => {
  await subscriptions.runOnce();
  const [gone, ...others] = double.subscriptions.all();
  // Two and a half days on: less than a day left on each.
  now = START + 2.5 * DAY;
  double.subscriptions.remove(gone!.id);
  expect(await subscriptions.runOnce()).toEqual({ created: 1, renewed: 3, deleted: 0, failed: 0 });
  expect(requests('PATCH', /^\/v1\.0\/subscriptions\//).map((e) => e.path)).toEqual(
    expect.arrayContaining(others.map((s) => `/v1.0/subscriptions/${s.id}`)),
  );
  expect(resources()).toHaveLength(4);
  expect(resources()).toContain(gone!.resource);
  for (const s of double.subscriptions.all())
    expect(s.expirationDateTime).toBeGreaterThan(now + 2.9 * DAY);
  // Renewed in time, they are still alive when the first ones would have expired.
  now = START + 3.5 * DAY;
  expect(await subscriptions.runOnce()).toEqual({ created: 0, renewed: 0, deleted: 0, failed: 0 });
});

test('a subscription that lapsed is made again; a person no longer read is unsubscribed', async () => {
  await subscriptions.runOnce();
  now = START + 4 * DAY;
  await store.upsertPerson({ ...IRO, roles: ['iro-team-manager'] });
  expect(await subscriptions.runOnce()).toEqual({ created: 2, renewed: 0, deleted: 0, failed: 0 });
  expect(resources()).toEqual([
    "/users/l.jones@council.example.gov.uk/mailFolders('inbox')/messages",
    "/users/l.jones@council.example.gov.uk/mailFolders('sentitems')/messages",
  ]);
  await store.upsertPerson({ ...LAWYER, roles: ['principal-lawyer'] });
  expect(await subscriptions.runOnce()).toEqual({ created: 0, renewed: 0, deleted: 2, failed: 0 });
  expect(resources()).toEqual([]);
});

test('a handshake that fails leaves no subscription, and the next round makes them', async () => {
  down = true;
  expect(await subscriptions.runOnce()).toEqual({ created: 0, renewed: 0, deleted: 0, failed: 4 });
  expect(double.subscriptions.all()).toEqual([]);
  expect(requests('POST', /^\/v1\.0\/subscriptions$/).map((e) => e.status)).toEqual([
    400, 400, 400, 400,
  ]);
  down = false;
  expect(await subscriptions.runOnce()).toEqual({ created: 4, renewed: 0, deleted: 0, failed: 0 });
});

test('lifecycle: a removed subscription is made again at once, a missed notice reads the folder', async () => {
  await subscriptions.runOnce();
  const inbox = double.subscriptions
    .all()
    .find((s) => s.resource.includes(`${IRO.email}/mailFolders('inbox')`))!;
  double.subscriptions.lifecycle(inbox.id, 'subscriptionRemoved');
  await double.subscriptions.settled();
  await endpoint.drain();
  const again = double.subscriptions.all().filter((s) => s.resource === inbox.resource);
  expect(again).toHaveLength(1);
  expect(again[0]!.id).not.toBe(inbox.id);
  expect(folderReads()).toEqual([`${IRO.email}/inbox`]);
  double.subscriptions.lifecycle(again[0]!.id, 'missed');
  await double.subscriptions.settled();
  await endpoint.drain();
  expect(folderReads()).toEqual([`${IRO.email}/inbox`, `${IRO.email}/inbox`]);
});

test('an instance that did not make a subscription learns it from Graph’s list', async () => {
  await subscriptions.runOnce();
  const other = new GraphSubscriptions({
    graph: graphClientFor(double),
    store,
    targets: () => Promise.resolve([]),
    notificationUrl,
    clientState: SECRET,
    clock: { now: () => now },
    logger: createLogger({ level: 'silent' }),
    owner: 'other',
  });
  const [first, second] = double.subscriptions.all();
  const before = requests('GET', /^\/v1\.0\/subscriptions$/).length;
  // Two unknown ids at once share one listing.
  const found = await Promise.all([other.targetOf(first!.id), other.targetOf(second!.id)]);
  expect(found).toEqual([targetOfResource(first!.resource), targetOfResource(second!.resource)]);
  expect(found.every((t) => t && [LAWYER.email, IRO.email].includes(t.mailbox))).toBe(true);
  expect(requests('GET', /^\/v1\.0\/subscriptions$/).length - before).toBe(1);
  expect(await other.targetOf('not-a-subscription')).toBeUndefined();
});
