/** The per-mailbox limit (Exchange Online: 4 concurrent requests per app per mailbox). */
import { MailboxLimiter, graphPath, mailboxesOf } from '../../../../server/graph/graph-client';

const one = (mailbox: string, n = 1) => new Map([[mailbox, n]]);
const tick = () => new Promise((r) => setImmediate(r));

test('at most four at once per mailbox; the fifth waits for one to finish', async () => {
  const limiter = new MailboxLimiter();
  const releases = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire(one('a@x'))));
  expect(limiter.current('a@x')).toBe(4);
  let fifth = false;
  const waiting = limiter.acquire(one('a@x')).then((r) => ((fifth = true), r));
  // Another mailbox is not held up by the first one's queue.
  const other = await limiter.acquire(one('b@x'));
  await tick();
  expect(fifth).toBe(false);
  releases[0]!();
  const release5 = await waiting;
  expect(fifth).toBe(true);
  expect(limiter.current('a@x')).toBe(4);
  for (const r of [...releases.slice(1), release5, other]) r();
  expect(limiter.current('a@x')).toBe(0);
  expect(limiter.current('b@x')).toBe(0);
});

test('a batch needing three slots is not overtaken for ever by single requests', async () => {
  const limiter = new MailboxLimiter();
  const held = await Promise.all([1, 2].map(() => limiter.acquire(one('a@x'))));
  let batch = false;
  const batchDone = limiter.acquire(one('a@x', 3)).then((r) => ((batch = true), r));
  let single = false;
  const singleDone = limiter.acquire(one('a@x')).then((r) => ((single = true), r));
  await tick();
  // Two in flight: the batch does not fit, and the single request queues behind it.
  expect([batch, single]).toEqual([false, false]);
  held[0]!();
  await tick();
  expect([batch, single]).toEqual([true, false]);
  expect(limiter.current('a@x')).toBe(4);
  held[1]!();
  (await batchDone)();
  (await singleDone)();
  expect(single).toBe(true);
  expect(limiter.current('a@x')).toBe(0);
});

test('releasing twice frees one slot, and more than four for one mailbox at once is refused', async () => {
  const limiter = new MailboxLimiter();
  const release = await limiter.acquire(one('a@x'));
  release();
  release();
  expect(limiter.current('a@x')).toBe(0);
  await expect(limiter.acquire(one('a@x', 5))).rejects.toThrow(/at most 4/);
});

test('the mailboxes of a request: the user in the path, or each request inside a batch', () => {
  expect(
    mailboxesOf({
      request:
        'https://graph.microsoft.com/v1.0/users/IRO%40x.gov.uk/mailFolders/inbox/messages/delta',
    }),
  ).toEqual(new Map([['iro@x.gov.uk', 1]]));
  expect(
    mailboxesOf({ request: 'https://graph.microsoft.com/v1.0/sites/s1/lists/l1/items' }),
  ).toEqual(new Map());
  const body = JSON.stringify({
    requests: [
      { id: '1', method: 'GET', url: '/users/a@x/events' },
      { id: '2', method: 'GET', url: 'users/a@x/mailboxSettings' },
      { id: '3', method: 'GET', url: '/users/b@x/messages?$top=1' },
      { id: '4', method: 'GET', url: '/sites/s1' },
    ],
  });
  expect(
    mailboxesOf({
      request: 'https://graph.microsoft.com/v1.0/$batch',
      options: { method: 'POST', body },
    }),
  ).toEqual(
    new Map([
      ['a@x', 2],
      ['b@x', 1],
    ]),
  );
});

test('links Graph returns become paths on the same service; a link elsewhere is refused', () => {
  expect(
    graphPath(
      'https://graph.microsoft.com/v1.0/sites/s1/lists/l1/items?$skiptoken=abc%3D&$top=200',
      'https://graph.microsoft.com',
    ),
  ).toBe('/sites/s1/lists/l1/items?$skiptoken=abc%3D&$top=200');
  expect(
    graphPath(
      'http://127.0.0.1:4010/v1.0/users/a/messages/delta?$deltatoken=x',
      'http://127.0.0.1:4010',
    ),
  ).toBe('/users/a/messages/delta?$deltatoken=x');
  expect(() => graphPath('https://evil.example/v1.0/x', 'https://graph.microsoft.com')).toThrow(
    /evil\.example/,
  );
});
