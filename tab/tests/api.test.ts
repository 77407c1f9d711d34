/**
 * The tab's one way to the server: every request that changes something carries an
 * Idempotency-Key the server takes (8–100 letters, digits and `._:-`), the caller's own where a
 * form keeps one, a new one otherwise; a request that changes nothing carries none.
 */
import { ApiError, createApi } from '../src/api';
import { requestKeys } from '../src/request-keys';

/** What the server accepts as an Idempotency-Key. */
const SERVER_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

interface Seen {
  method: string;
  path: string;
  headers: Headers;
}

function fakeFetch(seen: Seen[]) {
  return ((path: string, init?: RequestInit) => {
    seen.push({ method: init?.method ?? 'GET', path, headers: new Headers(init?.headers) });
    return Promise.resolve({
      ok: true,
      status: 200,
      statusText: 'OK',
      text: () => Promise.resolve('{}'),
    });
  }) as unknown as typeof fetch;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

test('every request that changes something carries a new key; a read carries none', async () => {
  const seen: Seen[] = [];
  globalThis.fetch = fakeFetch(seen);
  const api = createApi(() => Promise.resolve('token'));
  await api('GET', '/api/me');
  await api('HEAD', '/api/me');
  await api('POST', '/api/obligations/C-1001%3Ax/acknowledge', {});
  await api('POST', '/api/obligations/C-1001%3Ax/acknowledge', {});
  await api('PUT', '/api/me/digest', { off: true, day: null });
  await api('PATCH', '/api/something', {});
  await api('DELETE', '/api/something');
  const key = (s: Seen) => s.headers.get('Idempotency-Key');
  expect(seen.slice(0, 2).map(key)).toEqual([null, null]);
  const keys = seen.slice(2).map(key);
  for (const k of keys) {
    expect(k).toMatch(/^tab-[0-9a-f-]{36}$/);
    expect(k).toMatch(SERVER_KEY);
  }
  // Two presses that are two requests are two keys.
  expect(new Set(keys).size).toBe(keys.length);
  // What else is sent is as before.
  expect(seen[2]!.headers.get('Authorization')).toBe('Bearer token');
  expect(seen[2]!.headers.get('X-Client-Surface')).toBe('tab');
});

test("a form's own key is sent as it is, however the caller spells the header", async () => {
  const seen: Seen[] = [];
  globalThis.fetch = fakeFetch(seen);
  const api = createApi(() => Promise.resolve('token'));
  await api('POST', '/api/cases/C-1001/events', { event: {} }, { 'Idempotency-Key': 'tab-form-1' });
  await api('post', '/api/cases/C-1001/events', { event: {} }, { 'idempotency-key': 'tab-form-2' });
  expect(seen.map((s) => s.headers.get('Idempotency-Key'))).toEqual(['tab-form-1', 'tab-form-2']);
});

test("a button's key lasts until the server answers, and only a dropped connection keeps it", () => {
  const keys = requestKeys();
  const first = keys.keyFor('C-1001:x');
  expect(first).toMatch(SERVER_KEY);
  // Pressed again before an answer: the same request.
  expect(keys.keyFor('C-1001:x')).toBe(first);
  expect(keys.keyFor('C-1001:y')).not.toBe(first);
  // No answer (the network): asking again is the same request.
  keys.settled('C-1001:x', new TypeError('Failed to fetch'));
  expect(keys.keyFor('C-1001:x')).toBe(first);
  // Refused with a reason: asking again is asking again.
  keys.settled('C-1001:x', new ApiError(409, 'version-conflict', 'The case changed.'));
  const second = keys.keyFor('C-1001:x');
  expect(second).not.toBe(first);
  // Done: the next is another request.
  keys.settled('C-1001:x');
  expect(keys.keyFor('C-1001:x')).not.toBe(second);
});
