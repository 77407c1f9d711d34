/**
 * The production Graph connection against the loopback Graph double: MSAL's token cache, the
 * retry middleware honouring Retry-After (and not repeating a write Graph may have done), the
 * per-attempt timeout, at most 4 requests in flight per mailbox, JSON batching with throttled
 * requests sent again, and email through `sendMail` from the service mailbox.
 */
import type { Person } from '../../../core';
import { sendBatched } from '../../../server/graph/collections';
import { MailboxLimiter, isGraphTimeout } from '../../../server/graph/graph-client';
import { GraphMailNotifier } from '../../../server/mail/graph-mail-notifier';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

jest.setTimeout(30_000);

const SERVICE = 'iro-liaison@council.example.gov.uk';
const GUARDIAN: Person = {
  id: 'guardian.rivers',
  displayName: 'Alex Rivers',
  email: 'a.rivers@cafcass.example.gov.uk',
  roles: ['guardian'],
  teams: [],
};
const MESSAGE = {
  key: 'C-1042:draft-final-evidence-to-iro:reminder-1:guardian.rivers',
  card: {},
  subject: '[C-1042] Reminder: due Fri 11 Dec 2026, 16:00',
  text: 'Reminder: due Fri 11 Dec 2026, 16:00\n\nOpen in IRO Liaison: https://liaison.example/tab/cases/C-1042',
};

let double: GraphDouble;
afterEach(async () => double?.close());

async function start(options: Parameters<typeof GraphDouble.start>[0] = {}) {
  double = await GraphDouble.start(options);
  double.mail.addMailbox(SERVICE);
  return double;
}

test('one token for many requests: MSAL keeps it until it is due for renewal', async () => {
  await start();
  const graph = graphClientFor(double);
  for (let i = 0; i < 5; i++) await graph.client.api(`/sites/${double.siteId}/lists`).get();
  expect(double.stats().tokenRequests).toBe(1);
});

test('a 429 is retried after its Retry-After, and the request then succeeds', async () => {
  await start();
  const graph = graphClientFor(double);
  await graph.client.api(`/sites/${double.siteId}`).get(); // token first, so only Graph is timed
  double.failNext(1, 429, 1);
  const started = Date.now();
  await graph.client.api(`/sites/${double.siteId}/lists`).get();
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(double.stats().byStatus[429]).toBe(1);
});

test('email goes from the service mailbox, with no copy in Sent Items and the outbox key as a header', async () => {
  await start();
  const notifier = new GraphMailNotifier(graphClientFor(double), SERVICE);
  expect(await notifier.deliver(GUARDIAN, MESSAGE)).toEqual({ outcome: 'delivered' });
  expect(double.mail.sent).toEqual([
    {
      mailbox: SERVICE,
      subject: MESSAGE.subject,
      // The text as HTML paragraphs (server/mail/email-content.ts has the card and the link).
      contentType: 'HTML',
      content:
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>' +
        '<body><p>Reminder: due Fri 11 Dec 2026, 16:00</p>\n' +
        '<p>Open in IRO Liaison: https://liaison.example/tab/cases/C-1042</p></body></html>',
      to: [GUARDIAN.email],
      headers: [{ name: 'X-Liaison-Key', value: MESSAGE.key }],
      saveToSentItems: false,
    },
  ]);
  // No address, no email; a mailbox the app may not send as is not worth retrying.
  expect(await notifier.deliver({ ...GUARDIAN, email: undefined }, MESSAGE)).toEqual({
    outcome: 'no-route',
  });
  const stranger = new GraphMailNotifier(graphClientFor(double), 'nobody@council.example.gov.uk');
  expect(await stranger.deliver(GUARDIAN, MESSAGE)).toMatchObject({
    outcome: 'failed',
    error: expect.stringContaining('404'),
  });
});

test('a send Graph answers 503 is retried; a 504, which may have sent it, is left to the outbox', async () => {
  await start();
  const notifier = new GraphMailNotifier(graphClientFor(double), SERVICE);
  await double.accessToken();
  double.failNext(1, 503, 0);
  expect(await notifier.deliver(GUARDIAN, MESSAGE)).toEqual({ outcome: 'delivered' });
  expect(double.mail.sent).toHaveLength(1);
  double.failNext(1, 504);
  expect(await notifier.deliver(GUARDIAN, MESSAGE)).toMatchObject({
    outcome: 'retry',
    error: expect.stringContaining('504'),
  });
  // Graph was asked once for that send, not again behind the outbox's back.
  expect(double.log.filter((r) => r.path.endsWith('/sendMail'))).toHaveLength(3);
});

test('never more than 4 requests in flight for one mailbox, however many are sent at once', async () => {
  await start({ responseDelayMs: 150 });
  const notifier = new GraphMailNotifier(graphClientFor(double), SERVICE);
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      notifier.deliver(GUARDIAN, { ...MESSAGE, key: `${MESSAGE.key}:${i}` }),
    ),
  );
  expect(results.every((r) => r.outcome === 'delivered')).toBe(true);
  expect(double.stats()).toMatchObject({
    peakMailboxConcurrency: 4,
    mailboxConcurrencyRejections: 0,
  });

  // The double enforces the limit: a client allowing more is refused.
  double.reset();
  const careless = new GraphMailNotifier(
    graphClientFor(double, { mailboxes: new MailboxLimiter(8), maxRetries: 0 }),
    SERVICE,
  );
  const refused = await Promise.all(
    Array.from({ length: 8 }, () => careless.deliver(GUARDIAN, MESSAGE)),
  );
  expect(refused.filter((r) => r.outcome === 'retry').length).toBeGreaterThan(0);
  expect(double.stats().mailboxConcurrencyRejections).toBeGreaterThan(0);
});

test('an attempt Graph does not answer in time is abandoned, and the outbox tries again later', async () => {
  await start({ responseDelayMs: 400 });
  const graph = graphClientFor(double, { timeoutMs: 100, maxRetries: 0 });
  await double.accessToken();
  const failure: unknown = await graph.client
    .api(`/sites/${double.siteId}/lists`)
    .get()
    .catch((e: unknown) => e);
  expect(isGraphTimeout(failure)).toBe(true);
  expect(await new GraphMailNotifier(graph, SERVICE).deliver(GUARDIAN, MESSAGE)).toEqual({
    outcome: 'retry',
    error: 'Graph timed out',
  });
});

test('batches of at most 20; requests throttled inside a batch are sent again until answered', async () => {
  await start({ seed: 7, throttleRate: 0.25, retryAfterSeconds: 0 });
  const graph = graphClientFor(double, { maxRetries: 5 });
  const requests = Array.from({ length: 45 }, (_, i) => ({
    id: String(i),
    method: 'GET' as const,
    url: `/sites/${double.siteId}/lists`,
  }));
  const answers = await sendBatched(graph, requests, () => Promise.resolve());
  expect([...answers.values()].every((a) => a.status === 200)).toBe(true);
  expect(answers.size).toBe(45);
  const stats = double.stats();
  expect(stats.injected429).toBeGreaterThan(0);
  expect(stats.batches).toBeGreaterThanOrEqual(3);
  const perBatch = new Map<string, number>();
  for (const r of double.log) if (r.batch) perBatch.set(r.batch, (perBatch.get(r.batch) ?? 0) + 1);
  expect(Math.max(...perBatch.values())).toBeLessThanOrEqual(20);
});
