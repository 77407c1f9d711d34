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

test('requests arrive spread over the second, not together at its start', async () => {
  const result = await atSteadyRate({
    url,
    path: () => '/',
    headers: {},
    rate: 100,
    connections: 50,
    durationSeconds: 1,
  });
  expect(result).toMatchObject({ non2xx: 0, errors: 0 });
  expect(arrivals).toHaveLength(100);
  // At 100 a second, a tenth of a second sees about 10; a burst would bring all 100 at once.
  const start = arrivals[0]!;
  const firstTenth = arrivals.filter((t) => t - start < 100).length;
  expect(firstTenth).toBeLessThan(30);
  expect(arrivals[99]! - start).toBeGreaterThan(800);
});

test('time spent waiting on a held-up server counts in the latency, and failures are counted', async () => {
  // Held up for the first 300 ms: requests due early wait, and their wait counts.
  heldUntil = performance.now() + 300;
  const result = await atSteadyRate({
    url,
    path: () => '/missing',
    headers: {},
    rate: 50,
    connections: 5,
    durationSeconds: 1,
  });
  expect(result.non2xx).toBe(50);
  expect(result.latencyMaxMs).toBeGreaterThanOrEqual(250);
  expect(result.latencyP50Ms).toBeLessThan(result.latencyMaxMs);
});
