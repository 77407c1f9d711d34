/**
 * The endpoint Graph posts change notifications to, in the app as the server builds it (body
 * limits, JSON-only API, problem responses), with a hand-written subscriptions manager: the
 * validation handshake, the clientState check, a malformed body, and an answer that does not
 * wait for the reads.
 */
import type { Server } from 'node:http';
import { loadConfig } from '../../../../server/config';
import { NOTIFICATIONS_PATH, graphNotifications } from '../../../../server/graph/notifications';
import type { NotifiedSource, Target } from '../../../../server/graph/subscriptions';
import { createApp, listen } from '../../../../server/http/app';
import { createLogger } from '../../../../server/logging';

const SECRET = 'a-long-random-client-state-0123456789abcdef';
const INBOX: Target = { mailbox: 's.patel@council.example.gov.uk', source: 'inbox' };
const SENT: Target = { mailbox: 'l.jones@council.example.gov.uk', source: 'sentitems' };

/** The subscriptions manager as the endpoint uses it, recording what it was asked. */
class FakeSubscriptions {
  readonly byId = new Map<string, Target>([
    ['sub-inbox', INBOX],
    ['sub-sent', SENT],
  ]);
  readonly asked: string[] = [];
  readonly reauthorized: string[] = [];
  readonly recreated: Target[] = [];
  targetOf(id: string): Promise<Target | undefined> {
    this.asked.push(id);
    return Promise.resolve(this.byId.get(id));
  }
  reauthorize(id: string): Promise<void> {
    this.reauthorized.push(id);
    return Promise.resolve();
  }
  recreate(target: Target): Promise<void> {
    this.recreated.push(target);
    return Promise.resolve();
  }
}

let server: Server;
let url: string;
let subscriptions: FakeSubscriptions;
let reads: string[];
/** What a read waits for before it finishes (a test can hold every read). */
let readGate: Promise<void>;
let endpoint: ReturnType<typeof graphNotifications>;

beforeEach(async () => {
  subscriptions = new FakeSubscriptions();
  reads = [];
  readGate = Promise.resolve();
  const logger = createLogger({ level: 'silent' });
  endpoint = graphNotifications({
    clientState: SECRET,
    subscriptions,
    changed: async (mailbox: string, source: NotifiedSource) => {
      reads.push(`${mailbox}/${source}`);
      await readGate;
    },
    logger,
  });
  const config = loadConfig({ LIAISON_PORT: '0', LIAISON_LOG_LEVEL: 'silent' });
  const app = createApp({
    config,
    logger,
    ready: () => Promise.resolve(true),
    mount: (a) => a.use(endpoint.router),
  });
  ({ server, url } = await listen(app, config));
});

afterEach(async () => {
  await endpoint.drain();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: unknown, query = '') =>
  fetch(`${url}${NOTIFICATIONS_PATH}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const change = (subscriptionId: string, clientState: string | null = SECRET) => ({
  subscriptionId,
  subscriptionExpirationDateTime: '2026-12-16T09:00:00Z',
  changeType: 'created',
  resource: 'Users/0b7e7d0a-7c59-4a4e-a1f5-0d2c9e1f7a11/Messages/AAMkAD1',
  resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: 'AAMkAD1' },
  clientState,
  tenantId: '4d0c8f4e-1b52-4c7a-9a5e-0d7a1c3b2e61',
});

test('the validation request is answered with the token, decoded, as plain text', async () => {
  const token =
    'Validation: Testing client application reachability for subscription Request-Id: 5d0e6a0c-1f7e-4d6c-9c54-2b7f1a0e3d11';
  // As Graph sends it: text/plain, no body.
  const res = await fetch(
    `${url}${NOTIFICATIONS_PATH}?validationToken=${encodeURIComponent(token)}`,
    { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await res.text()).toBe(token);
});

test('a token Graph would never send is not echoed', async () => {
  for (const token of ['<script>alert(1)</script>', 'x'.repeat(1025), 'line\nbreak']) {
    const res = await post('', `?validationToken=${encodeURIComponent(token)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.text()).not.toContain('script');
  }
  const twice = await post('', '?validationToken=a&validationToken=b');
  expect(twice.status).toBe(400);
});

test('notifications are accepted at once and each source they name is read once', async () => {
  let release!: () => void;
  readGate = new Promise((resolve) => (release = resolve));
  const res = await post({ value: [change('sub-inbox'), change('sub-sent'), change('sub-inbox')] });
  // The reads are still held here (the gate is shut): the answer did not wait for them.
  expect(res.status).toBe(202);
  release();
  await endpoint.drain();
  expect(reads.sort()).toEqual([`${SENT.mailbox}/sentitems`, `${INBOX.mailbox}/inbox`].sort());
});

test('a notification with the wrong clientState, or none, is dropped and never acted on', async () => {
  const res = await post({
    value: [
      change('sub-inbox', 'a-long-random-client-state-0123456789abcdeX'),
      change('sub-sent', null),
    ],
  });
  expect(res.status).toBe(202);
  await endpoint.drain();
  expect(reads).toEqual([]);
  // Not even looked up: a forged notice cannot make the server list Graph's subscriptions.
  expect(subscriptions.asked).toEqual([]);
});

test('in a mixed batch only the trusted notifications are acted on', async () => {
  await post({ value: [change('sub-inbox', 'wrong'), change('sub-sent')] });
  await endpoint.drain();
  expect(reads).toEqual([`${SENT.mailbox}/sentitems`]);
});

test('a body that is not a notification collection is a 400 problem', async () => {
  for (const body of [
    { value: [] },
    { notifications: [change('sub-inbox')] },
    [change('sub-inbox')],
  ]) {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-notification' });
  }
  const notJson = await post('{"value": [');
  expect(notJson.status).toBe(400);
  expect(reads).toEqual([]);
});

test('a notification for a subscription nobody knows reads nothing', async () => {
  expect((await post({ value: [change('sub-unknown')] })).status).toBe(202);
  await endpoint.drain();
  expect(subscriptions.asked).toEqual(['sub-unknown']);
  expect(reads).toEqual([]);
});

test('lifecycle notifications: missed reads, removed recreates and reads, reauthorization renews', async () => {
  const lifecycle = (subscriptionId: string, lifecycleEvent: string) => ({
    subscriptionId,
    subscriptionExpirationDateTime: '2026-12-16T09:00:00Z',
    tenantId: '4d0c8f4e-1b52-4c7a-9a5e-0d7a1c3b2e61',
    clientState: SECRET,
    lifecycleEvent,
  });
  const res = await post({
    value: [
      lifecycle('sub-inbox', 'missed'),
      lifecycle('sub-sent', 'subscriptionRemoved'),
      lifecycle('sub-inbox', 'reauthorizationRequired'),
    ],
  });
  expect(res.status).toBe(202);
  await endpoint.drain();
  expect(reads.sort()).toEqual([`${SENT.mailbox}/sentitems`, `${INBOX.mailbox}/inbox`].sort());
  expect(subscriptions.recreated).toEqual([SENT]);
  expect(subscriptions.reauthorized).toEqual(['sub-inbox']);
});

test('only POST is served, and without a bearer token', async () => {
  const res = await fetch(`${url}${NOTIFICATIONS_PATH}`);
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('POST');
});
