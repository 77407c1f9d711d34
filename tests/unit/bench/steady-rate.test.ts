/**
 * The steady-rate load of the API bench: requests spread evenly over each second (not a burst
 * at its start), and the time a held-up server makes them wait in their latency.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { atSteadyRate } from '../../../bench/steady-rate';

let server: Server;
let url: string;
const arrivals: number[] = [];
/** While set, answers wait until this instant (a server held up). */
let heldUntil = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    arrivals.push(performance.now());
    setTimeout(
      () => {
        res.statusCode = req.url === '/missing' ? 404 : 200;
        res.end('{}');
      },
      Math.max(0, heldUntil - performance.now()),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  arrivals.length = 0;
  heldUntil = 0;
});

/** A one-second load on the test server, at 100 a second over 50 connections unless told. */
const load = (options: { path?: string; rate?: number; connections?: number } = {}) =>
  atSteadyRate({
    url,
    path: () => options.path ?? '/',
    headers: {},
    rate: options.rate ?? 100,
    connections: options.connections ?? 50,
    durationSeconds: 1,
  });

test('requests arrive spread over the second, not together at its start', async () => {
  const result = await load();
  expect(result).toMatchObject({ non2xx: 0, errors: 0 });
  expect(result.requestsPerSecond).toBeGreaterThan(50);
  expect(result.requestsPerSecond).toBeLessThanOrEqual(102);
  expect(arrivals).toHaveLength(100);
  // At 100 a second, a tenth of a second sees about 10; a burst would bring all 100 at once.
  const start = arrivals[0]!;
  const firstTenth = arrivals.filter((t) => t - start < 100).length;
  expect(firstTenth).toBeLessThan(30);
  expect(arrivals[99]! - start).toBeGreaterThan(800);
});

test('time spent waiting on a held-up server counts in the latency, and failures are counted', async () => {
  // One connection, held up for the first 600 ms: the requests due meanwhile (every 20 ms) wait
  // in the client for it, then are answered at once. Counted from when each was sent, half the
  // latencies would be about a millisecond; counted from its time in the schedule, the wait is
  // in them.
  heldUntil = performance.now() + 600;
  const result = await load({ path: '/missing', rate: 50, connections: 1 });
  expect(result.non2xx).toBe(50);
  expect(result.latencyMaxMs).toBeGreaterThanOrEqual(250);
  expect(result.latencyP50Ms).toBeGreaterThanOrEqual(50);
  expect(result.latencyP50Ms).toBeLessThan(result.latencyMaxMs);
});
