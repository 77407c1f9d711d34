/** How requests are grouped into JSON batches: at most 20, and at most 4 per mailbox. */
import { chunks, type BatchRequest } from '../../../../server/graph/collections';

const get = (id: number, url: string): BatchRequest => ({ id: String(id), method: 'GET', url });

test('at most 20 requests a batch, in order', () => {
  const requests = Array.from({ length: 45 }, (_, i) => get(i, `/sites/s1/lists/l1/items/${i}`));
  const out = chunks(requests);
  expect(out.map((c) => c.length)).toEqual([20, 20, 5]);
  expect(out.flat().map((r) => r.id)).toEqual(requests.map((r) => r.id));
});

test('no more than 4 requests for one mailbox in a batch; other mailboxes fill the rest', () => {
  const requests = [
    ...Array.from({ length: 10 }, (_, i) => get(i, `/users/a@x/mailboxSettings`)),
    ...Array.from({ length: 6 }, (_, i) => get(100 + i, `/users/u${i}@x/mailboxSettings`)),
  ];
  const out = chunks(requests);
  for (const c of out) {
    expect(c.length).toBeLessThanOrEqual(20);
    expect(c.filter((r) => r.url.startsWith('/users/a@x/')).length).toBeLessThanOrEqual(4);
  }
  // Ten for one mailbox need three batches; the other six fit in the first.
  expect(out).toHaveLength(3);
  expect(out[0]!.length).toBe(10);
  expect(out.flat()).toHaveLength(16);
});
