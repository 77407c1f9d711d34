/**
 * API figures as JSON: with 10,000 cases in a real SQLite store, a manager's `GET /api/cases`
 * (paged) and `GET /api/cases/:id` at 50 concurrent connections (autocannon), and durable event
 * appends per second. Targets: p99 under 50 ms for both reads; at least 500 appends/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { formatInstant } from '../core';
import { CASES, loadCases, startServerProcess } from './bench-server';
import { prng } from './synthetic-cases';
const CONNECTIONS = 50;
const DURATION_S = 10;
/** Each measurement follows a short unmeasured run, so it reports the server warmed up (JIT, caches). */
const WARM_UP_S = 3;

function figures(r: autocannon.Result) {
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-'));
  const loadMs = await loadCases(dataDir);
  const running = await startServerProcess(dataDir);
  const token = async (personId: string) =>
    (
      (await (
        await fetch(`${running.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ personId }),
        })
      ).json()) as { token: string }
    ).token;
  const manager = { Authorization: `Bearer ${await token('ppm.lee')}` };
  const lawyer = {
    Authorization: `Bearer ${await token('lawyer.jones')}`,
    'Content-Type': 'application/json',
  };
  const random = prng(11);
  const caseId = () => `C-${Math.floor(random() * CASES)}`;
  const measure = async (options: autocannon.Options) => {
    await autocannon({ ...options, duration: WARM_UP_S });
    return autocannon(options);
  };
  try {
    // What this machine can do at all: the cheapest route, through the same HTTP stack.
    const health = await measure({
      url: `${running.url}/healthz`,
      connections: CONNECTIONS,
      duration: DURATION_S,
    });
    const list = await measure({
      url: `${running.url}/api/cases?limit=50`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: manager,
    });
    const one = await measure({
      url: running.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: manager,
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/cases/${caseId()}` }) },
      ],
    });
    let ref = 0;
    const appends = await measure({
      url: running.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: lawyer,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            path: `/api/cases/C-${ref % CASES}/events`,
            body: JSON.stringify({
              event: {
                type: 'court-document.received',
                at: formatInstant(Date.now()),
                document: 'order',
                ref: `B${ref++}`,
              },
            }),
          }),
        },
      ],
    });
    const result = {
      api: {
        cases: CASES,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        loadSeconds: +(loadMs / 1000).toFixed(1),
        warmUpSeconds: WARM_UP_S,
        healthzForReference: figures(health),
        listCasesPaged: figures(list),
        getCase: figures(one),
        appendEvent: {
          ...figures(appends),
          durableAppendsPerSecond: Math.round(appends['2xx'] / DURATION_S),
        },
        targets: { readP99Ms: 50, durableAppendsPerSecond: 500 },
        met: {
          listCasesP99: list.latency.p99 < 50,
          getCaseP99: one.latency.p99 < 50,
          appendsPerSecond: appends['2xx'] / DURATION_S >= 500,
        },
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
