/**
 * API figures as JSON: with 10,000 cases in a real SQLite store, a manager's `GET /api/cases`
 * (paged) and `GET /api/cases/:id` as fast as 50 connections go (autocannon), as a share of
 * `/healthz`'s throughput in the same run (the load generator shares this machine's cores, so
 * only ratios compare across machines), each case at random among all 10,000 and, for reference,
 * among 1,000 whose pages were read before; the same reads at a steady 500 requests a second over 50
 * connections (`atSteadyRate`: the latency people feel, a council's load being far below
 * saturation; one request every 2 ms, not autocannon's burst at the start of each second, see
 * steady-rate.ts; the median of three runs); and durable event appends per second. Reads are
 * measured once the server has worked through what its start found (the first sweep and its
 * notices). Targets: each read at least 0.5 of `/healthz`; p99 under 20 ms at the steady rate;
 * at least 500 appends/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { formatInstant } from '../core';
import { CASES, loadCases, startServerProcess } from './bench-server';
import { atSteadyRate } from './steady-rate';
import { prng } from './synthetic-cases';
const CONNECTIONS = 50;
const DURATION_S = 10;
/** Each measurement follows a short unmeasured run, so it reports the server warmed up (JIT, caches). */
const WARM_UP_S = 3;
/** Cases whose pages are read again, for `getCaseReadAgain`. */
const READ_AGAIN_CASES = 1_000;
/** Requests a second, over all connections, for the steady-rate figures. */
const STEADY_RATE = 500;
/**
 * Measured runs of each steady-rate figure. On this machine one run's p99 varied more between
 * runs than between builds (14.7 to 22 ms for the same build within the hour, and an occasional
 * run in the hundreds when something else took the cores), so the figure is the median run's,
 * and each run's p99 is given beside it.
 */
const STEADY_RUNS = 3;

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
  const catchUpSeconds = await running.caughtUp();
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
    // A case's page read again (by its people, through the day): 1,000 cases, each read once
    // first. Each read renders the page again (server/http/routes/case-page.ts says why).
    let first = 0;
    await autocannon({
      url: running.url,
      connections: CONNECTIONS,
      amount: READ_AGAIN_CASES,
      headers: manager,
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/cases/C-${first++}` }) },
      ],
    });
    const again = await measure({
      url: running.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: manager,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/cases/C-${Math.floor(random() * READ_AGAIN_CASES)}`,
          }),
        },
      ],
    });
    // The same reads at a steady rate: the latency a person waits, below saturation.
    const steady = async (path: () => string) => {
      const options = {
        url: running.url,
        path,
        headers: manager,
        rate: STEADY_RATE,
        connections: CONNECTIONS,
      };
      await atSteadyRate({ ...options, durationSeconds: WARM_UP_S });
      const runs = [];
      for (let i = 0; i < STEADY_RUNS; i++)
        runs.push(await atSteadyRate({ ...options, durationSeconds: DURATION_S }));
      const median = [...runs].sort((a, b) => a.latencyP99Ms - b.latencyP99Ms)[STEADY_RUNS >> 1]!;
      return { ...median, latencyP99OfEachRunMs: runs.map((r) => r.latencyP99Ms) };
    };
    const steadyList = await steady(() => '/api/cases?limit=50');
    const steadyOne = await steady(() => `/api/cases/${caseId()}`);
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
    const ratio = (r: autocannon.Result) =>
      +(r.requests.average / health.requests.average).toFixed(2);
    const result = {
      api: {
        cases: CASES,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        loadSeconds: +(loadMs / 1000).toFixed(1),
        /** How long the server took to sweep the cases and deliver what that queued, before measuring. */
        catchUpSeconds,
        warmUpSeconds: WARM_UP_S,
        healthzForReference: figures(health),
        listCasesPaged: figures(list),
        getCase: figures(one),
        /** Pages read before (1,000 cases), as people come back to their cases: not a target. */
        getCaseReadAgain: figures(again),
        appendEvent: {
          ...figures(appends),
          durableAppendsPerSecond: Math.round(appends['2xx'] / DURATION_S),
        },
        ratioToHealthz: {
          listCasesPaged: ratio(list),
          getCase: ratio(one),
          getCaseReadAgain: ratio(again),
        },
        /**
         * Each request at its time in an even schedule, its latency counted from that time
         * (steady-rate.ts); the median of STEADY_RUNS runs by p99, with each run's p99.
         */
        atSteadyRate: {
          requestsPerSecond: STEADY_RATE,
          connections: CONNECTIONS,
          runs: STEADY_RUNS,
          listCasesPaged: steadyList,
          getCase: steadyOne,
        },
        targets: { readRatioToHealthz: 0.5, steadyRateP99Ms: 20, durableAppendsPerSecond: 500 },
        met: {
          listCasesRatio: ratio(list) >= 0.5,
          getCaseRatio: ratio(one) >= 0.5,
          listCasesSteadyP99: steadyList.latencyP99Ms < 20,
          getCaseSteadyP99: steadyOne.latencyP99Ms < 20,
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
