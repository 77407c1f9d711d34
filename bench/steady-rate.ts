/**
 * Requests at a steady rate, one every 1/rate seconds, over a pool of kept-alive connections: the
 * latency a person feels when the server is not saturated.
 *
 * autocannon's rate option cannot show that: each connection sends its share of a second's
 * requests back to back as the second starts, then waits for the next, so every second begins
 * with a burst of as many requests at once as there are connections, and the latency it reports
 * is that of the burst's queue (it also adds corrected values at a 1 ms interval, whatever the
 * rate). Here each request has its time in the schedule, and its latency counts from that time,
 * not from when it was sent: a request held back because the client or the connections were
 * busy counts its wait too.
 */
import { Agent, request } from 'node:http';

export interface SteadyRateResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  non2xx: number;
  errors: number;
}

export async function atSteadyRate(options: {
  url: string;
  /** The path of each request in turn. */
  path: () => string;
  headers: Record<string, string>;
  rate: number;
  connections: number;
  durationSeconds: number;
}): Promise<SteadyRateResult> {
  const { rate, durationSeconds } = options;
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(rate * durationSeconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const send = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: options.path(),
          headers: options.headers,
          agent,
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300)
              non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const done: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    // Timers fire a millisecond or so apart; each firing sends every request whose time has come.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      for (; next < due; next++) {
        done.push(send(started + (next * 1000) / rate));
      }
      if (next >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(done);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    +(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  return {
    requestsPerSecond: Math.round((latencies.length + errors) / elapsed),
    latencyP50Ms: at(0.5),
    latencyP99Ms: at(0.99),
    latencyMaxMs: at(1),
    non2xx,
    errors,
  };
}
