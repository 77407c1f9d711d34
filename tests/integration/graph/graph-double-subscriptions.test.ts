/**
 * The Graph double's change notifications, as a client sees them over HTTP: the validation
 * handshake and the refusals Graph documents, renewal and expiry, the app's paged list, and the
 * notifications themselves (Graph's resource form, never an address).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphDouble, graphMessage } from '../../support/graph-double';
import { userGuid } from '../../support/graph-double/subscriptions';

const MAILBOX = 's.patel@council.example.gov.uk';
const INBOX = `/users/${MAILBOX}/mailFolders('inbox')/messages`;
const NOW = Date.parse('2026-12-14T09:00:00Z');
const MINUTE = 60_000;

interface Received {
  url: URL;
  contentType: string | undefined;
  body: string;
}

let double: GraphDouble;
let token: string;
let receiver: Server;
let hook: string;
let received: Received[];
/** How the webhook answers; by default as the product does. */
let answer: (req: Received, res: ServerResponse) => void;
const asTheProductDoes = (req: Received, res: ServerResponse) => {
  const validation = req.url.searchParams.get('validationToken');
  if (validation !== null) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(validation);
  } else {
    res.writeHead(202);
    res.end();
  }
};

beforeEach(async () => {
  double = await GraphDouble.start();
  double.mail.addMailbox(MAILBOX);
  double.subscriptions.now = () => NOW;
  token = await double.accessToken();
  received = [];
  answer = asTheProductDoes;
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      };
      received.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterEach(async () => {
  await double.subscriptions.settled();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await double.close();
});

async function graph(method: string, path: string, body?: unknown) {
  const res = await fetch(`${double.graphUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const subscribe = (over: Record<string, unknown> = {}) =>
  graph('POST', '/subscriptions', {
    changeType: 'created',
    notificationUrl: hook,
    resource: INBOX,
    expirationDateTime: new Date(NOW + 3 * 24 * 60 * MINUTE).toISOString(),
    clientState: 'secret-client-state',
    ...over,
  });

test('a subscription is made only after the endpoint echoed the validation token', async () => {
  const made = await subscribe({ lifecycleNotificationUrl: `${hook}?lifecycle=1` });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({
    resource: INBOX,
    changeType: 'created',
    notificationUrl: hook,
  });
  expect(received).toHaveLength(2);
  for (const r of received) {
    expect(r.contentType).toBe('text/plain; charset=utf-8');
    expect(r.url.searchParams.get('validationToken')).toMatch(/^Validation: /);
    expect(r.body).toBe('');
  }
  // The notification URL's own query is kept.
  expect(received[1]!.url.searchParams.get('lifecycle')).toBe('1');
});

test('a wrong, encoded, non-text or slow answer to the handshake fails the subscription', async () => {
  const failures: ((r: Received, res: ServerResponse) => void)[] = [
    (_r, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('something else'),
    (r, res) =>
      res
        .writeHead(200, { 'Content-Type': 'text/plain' })
        .end(encodeURIComponent(r.url.searchParams.get('validationToken')!)),
    (r, res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(r.url.searchParams.get('validationToken')!),
    (_r, res) => res.writeHead(503).end(),
    (r, res) => setTimeout(() => asTheProductDoes(r, res), 300),
  ];
  double.subscriptions.validationTimeoutMs = 100;
  for (const failure of failures) {
    answer = failure;
    const refused = await subscribe();
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ValidationError');
  }
  expect(double.subscriptions.all()).toEqual([]);
});

test('what Graph refuses before any handshake', async () => {
  const cases: [Record<string, unknown>, number][] = [
    [{ changeType: 'created,moved' }, 400],
    [{ resource: '/me/messages' }, 400],
    [{ resource: '/users/nobody@council.example.gov.uk/messages' }, 404],
    [{ expirationDateTime: new Date(NOW + 10_081 * MINUTE).toISOString() }, 400],
    [{ expirationDateTime: new Date(NOW - MINUTE).toISOString() }, 400],
    [{ clientState: 'x'.repeat(129) }, 400],
    [{ notificationUrl: 'http://webhook.example/hook' }, 400],
  ];
  for (const [over, status] of cases) expect((await subscribe(over)).status).toBe(status);
  expect(received).toEqual([]);
  expect(
    (await subscribe({ expirationDateTime: new Date(NOW + 10_080 * MINUTE).toISOString() })).status,
  ).toBe(201);
});

test('a message arriving is notified in Graph’s form; an expired subscription stops', async () => {
  const made = await subscribe();
  received.length = 0;
  double.mail.addMessages(MAILBOX, 'inbox', [graphMessage(1, { to: [MAILBOX] })]);
  double.mail.addMessages(MAILBOX, 'sentitems', [graphMessage(2, { from: MAILBOX })]);
  await double.subscriptions.settled();
  expect(received).toHaveLength(1);
  expect(received[0]!.contentType).toMatch(/^application\/json/);
  const { value } = JSON.parse(received[0]!.body);
  expect(value).toEqual([
    {
      subscriptionId: made.body.id,
      subscriptionExpirationDateTime: made.body.expirationDateTime,
      changeType: 'created',
      resource: `Users/${userGuid(MAILBOX)}/Messages/AAMk-1`,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Message',
        '@odata.id': `Users/${userGuid(MAILBOX)}/Messages/AAMk-1`,
        '@odata.etag': expect.stringMatching(/^W\//),
        id: 'AAMk-1',
      },
      clientState: 'secret-client-state',
      tenantId: double.tenantId,
    },
  ]);
  expect(received[0]!.body).not.toContain(MAILBOX);
  expect(double.subscriptions.deliveries).toEqual([
    { subscriptionId: made.body.id, url: hook, kind: 'change', event: 'created', status: 202 },
  ]);
  double.subscriptions.now = () => NOW + 3 * 24 * 60 * MINUTE;
  double.mail.addMessages(MAILBOX, 'inbox', [graphMessage(3, { to: [MAILBOX] })]);
  await double.subscriptions.settled();
  expect(received).toHaveLength(1);
  expect((await graph('GET', `/subscriptions/${made.body.id}`)).status).toBe(404);
  expect(
    (
      await graph('PATCH', `/subscriptions/${made.body.id}`, {
        expirationDateTime: new Date(NOW + 4 * 24 * 60 * MINUTE).toISOString(),
      })
    ).status,
  ).toBe(404);
});

test('calendar events are notified to a subscription on the user’s events', async () => {
  await subscribe({ resource: `/users/${MAILBOX}/events`, changeType: 'created,updated,deleted' });
  received.length = 0;
  const made = await graph('POST', `/users/${MAILBOX}/events`, {
    subject: '[C-1042] Review',
    start: { dateTime: '2026-12-20T10:00:00', timeZone: 'UTC' },
    end: { dateTime: '2026-12-20T11:00:00', timeZone: 'UTC' },
  });
  await graph('DELETE', `/users/${MAILBOX}/events/${made.body.id}`);
  await double.subscriptions.settled();
  const notes = received.map((r) => JSON.parse(r.body).value[0]);
  expect(notes.map((n) => [n.changeType, n.resourceData['@odata.type']])).toEqual([
    ['created', '#Microsoft.Graph.Event'],
    ['deleted', '#Microsoft.Graph.Event'],
  ]);
  expect(notes[1].resource).toBe(`Users/${userGuid(MAILBOX)}/Events/${made.body.id}`);
});

test('renewal within the limit, the paged list, deletion, and no creation inside a batch', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await subscribe()).body.id);
  const renewed = await graph('PATCH', `/subscriptions/${ids[0]}`, {
    expirationDateTime: new Date(NOW + 10_080 * MINUTE).toISOString(),
  });
  expect(renewed.status).toBe(200);
  expect(renewed.body.expirationDateTime).toBe(new Date(NOW + 10_080 * MINUTE).toISOString());
  const tooLong = await graph('PATCH', `/subscriptions/${ids[0]}`, {
    expirationDateTime: new Date(NOW + 10_081 * MINUTE).toISOString(),
  });
  expect(tooLong.status).toBe(400);
  double.subscriptions.pageSize = 2;
  const first = await graph('GET', '/subscriptions');
  expect(first.body.value).toHaveLength(2);
  const next = new URL(first.body['@odata.nextLink']);
  const second = await graph('GET', `${next.pathname.replace(/^\/v1\.0/, '')}${next.search}`);
  expect([...first.body.value, ...second.body.value].map((s: any) => s.id)).toEqual(ids);
  expect(second.body['@odata.nextLink']).toBeUndefined();
  expect((await graph('DELETE', `/subscriptions/${ids[1]}`)).status).toBe(204);
  expect((await graph('DELETE', `/subscriptions/${ids[1]}`)).status).toBe(404);
  const batch = await graph('POST', '/$batch', {
    requests: [
      {
        id: '1',
        method: 'POST',
        url: '/subscriptions',
        body: {},
        headers: { 'Content-Type': 'application/json' },
      },
    ],
  });
  expect(batch.body.responses[0].status).toBe(400);
});
