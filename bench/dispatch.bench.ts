/**
 * Delivery figures as JSON: the real dispatcher (in its own process, as in production: Teams
 * notifier on the Agents SDK's CloudAdapter, rate limiter, SQLite store) sending reminder cards to a
 * loopback Teams connector that enforces Teams' limits.
 *
 * - `burst`: 2,400 reminders to 300 people (8 each) all falling due at one instant, without
 *   faults and again with 5% 429s and 5% 5xx. Throughput in messages a second and as a share of
 *   Teams' 50 a second per app (target at least 0.9); duplicates and losses (target 0 and 0);
 *   latency from each reminder point (`availableAt`) to its arrival at the connector (target p99
 *   under 60 s; a burst of N cannot beat N/50 s, given as the floor).
 * - `scheduler`: 1,000 cases whose reminder points fall at one instant a few seconds ahead, with
 *   the scheduler (ticking every 30 s, as in production) and the dispatcher running on real
 *   clocks: reminder point → outbox → arrival.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInstant } from '../core';
import { TICK_MS } from '../server/delivery/scheduler';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store';
import {
  enqueueReminders,
  outboxOf,
  seedWorld,
  systemClock,
  teamsDelivery,
  type World,
} from '../tests/support/delivery-world';
import { spawnDispatcher, type RunnerProcess } from '../tests/support/dispatch-runner';
import { LoopbackConnector, type ConnectorOptions } from '../tests/support/loopback-connector';
import type { Store } from '../server/store/open-store';

const APP_LIMIT_PER_S = 50;
const CONVERSATIONS = Number(process.env.DISPATCH_BENCH_CONVERSATIONS ?? 300);
const PER_CONVERSATION = Number(process.env.DISPATCH_BENCH_PER_CONVERSATION ?? 8);
const SCHEDULER_CASES = Number(process.env.DISPATCH_BENCH_SCHEDULER_CASES ?? 1000);
/** The dispatcher starts and settles into its idle poll before the reminder point. */
const LEAD_MS = 3_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function latencies(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? NaN),
  };
}

async function waitFor(what: string, done: () => boolean | Promise<boolean>, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function stop(runner: RunnerProcess): Promise<void> {
  runner.child.kill('SIGTERM');
  await runner.exited;
}

/** What the connector and the store say once every item is settled. */
async function outcome(connector: LoopbackConnector, store: Store, world: World) {
  const outbox = await outboxOf(store, world);
  const stats = connector.stats();
  const firstArrival = new Map<string, number>();
  for (const a of connector.accepted) if (!firstArrival.has(a.key!)) firstArrival.set(a.key!, a.at);
  const lost = outbox.filter((o) => !o.sentAt || !firstArrival.has(o.key)).length;
  const arrivals = [...firstArrival.values()].sort((a, b) => a - b);
  // Over the span from the first arrival to the last plus one second: the most that a limit of
  // 50 in any second lets through by this measure is 50 a second.
  const spanS = (arrivals[arrivals.length - 1]! - arrivals[0]!) / 1000 + 1;
  const perS = arrivals.length / spanS;
  return {
    outbox,
    firstArrival,
    figures: {
      throughputPerSecond: +perS.toFixed(1),
      ratioOfTeamsAppLimit: +(perS / APP_LIMIT_PER_S).toFixed(3),
      duplicates: stats.duplicates,
      losses: lost,
      parked: outbox.filter((o) => o.parkedAt).length,
      retriedItems: outbox.filter((o) => o.attempts > 1).length,
      connector: {
        requests: stats.requests,
        accepted: stats.accepted,
        injected429: stats.injected429,
        injected5xx: stats.injected5xx,
        limitRejections: stats.limitRejections,
        acceptedOverLimits: stats.acceptedViolations,
      },
    },
  };
}

async function burst(faults: Pick<ConnectorOptions, 'throttleRate' | 'serverErrorRate'>) {
  const connector = await LoopbackConnector.start({ seed: 99, retryAfterSeconds: 1, ...faults });
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-dispatch-bench-'));
  const store = openSqliteStore(join(dataDir, 'liaison.db'), systemClock);
  let runner: RunnerProcess | undefined;
  try {
    const { service } = teamsDelivery(store, { owner: 'bench' });
    const world = await seedWorld(store, service, {
      conversations: CONVERSATIONS,
      serviceUrl: connector.url,
    });
    runner = spawnDispatcher({ LIAISON_DATA_DIR: dataDir, DISPATCH_OWNER: 'bench-dispatcher' });
    await runner.ready;
    const reminderPoint = Date.now() + LEAD_MS;
    const items = await enqueueReminders(store, service, world, {
      perConversation: PER_CONVERSATION,
      availableAt: formatInstant(reminderPoint),
    });
    await waitFor(
      'every reminder to arrive',
      () => connector.stats().distinctKeys >= items.length,
      items.length * 200 + 60_000,
    );
    await waitFor(
      'the store to record them',
      async () => (await outboxOf(store, world)).every((o) => o.sentAt || o.parkedAt),
      30_000,
    );
    await stop(runner);
    runner = undefined;
    const { figures, firstArrival } = await outcome(connector, store, world);
    const latency = latencies([...firstArrival.values()].map((at) => at - reminderPoint));
    const last = Math.max(...firstArrival.values());
    const p99Rank = Math.ceil(0.99 * items.length);
    return {
      items: items.length,
      conversations: CONVERSATIONS,
      faults: {
        throttle429: faults.throttleRate ?? 0,
        serverError5xx: faults.serverErrorRate ?? 0,
      },
      drainSeconds: +((last - reminderPoint) / 1000).toFixed(1),
      ...figures,
      latencyFromReminderPointMs: latency,
      p99FloorAt50PerSecondMs: Math.floor((p99Rank - 1) / APP_LIMIT_PER_S) * 1000,
      met: {
        throughputRatio: figures.ratioOfTeamsAppLimit >= 0.9,
        noDuplicates: figures.duplicates === 0,
        noLosses: figures.losses === 0,
        p99Under60s: latency.p99 < 60_000,
      },
    };
  } finally {
    if (runner) await stop(runner);
    await store.close();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A council whose order-notice deadline runs in clock hours, so that a case's first reminder
 * (24 hours before the deadline) falls at a chosen instant on any day of the week.
 */
const CLOCK_HOURS_COUNCIL = {
  rules: { 'order-notice-to-iro-service': { deadline: { convention: 'elapsed', amount: 48 } } },
};

async function scheduled() {
  const connector = await LoopbackConnector.start({ seed: 5 });
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-dispatch-bench-'));
  const store = openSqliteStore(join(dataDir, 'liaison.db'), systemClock);
  let runner: RunnerProcess | undefined;
  try {
    const { service } = teamsDelivery(store, {
      owner: 'bench',
      councilConfig: CLOCK_HOURS_COUNCIL,
    });
    // Seeding takes a few seconds; the reminder point is after it and the dispatcher's start.
    const reminderPoint = Date.now() + 15_000 + SCHEDULER_CASES * 5;
    const order = reminderPoint - 24 * 3_600_000;
    const world = await seedWorld(store, service, {
      conversations: SCHEDULER_CASES,
      serviceUrl: connector.url,
      events: () => [
        { type: 'application.issued', at: formatInstant(order - 3_600_000) },
        { type: 'order.made', at: formatInstant(order), order: 'ICO' },
      ],
    });
    const first = await service.systemView(world.caseIds[0]!);
    const point = first!.evaluation.obligations
      .find((o) => o.rule === 'order-notice-to-iro-service')!
      .reminders.find((r) => r.stage === 'reminder-1')!.at;
    if (Date.parse(point) !== reminderPoint)
      throw new Error(`reminder point ${point} is not where it was put`);
    if (Date.now() > reminderPoint - 3_000) throw new Error('seeding took too long');
    runner = spawnDispatcher({
      LIAISON_DATA_DIR: dataDir,
      DISPATCH_OWNER: 'bench-scheduler',
      DISPATCH_SCHEDULER: 'on',
      DISPATCH_COUNCIL_CONFIG: JSON.stringify(CLOCK_HOURS_COUNCIL),
    });
    await runner.ready;
    const startedBeforePointMs = reminderPoint - Date.now();
    await waitFor(
      'the reminders to be made and sent',
      async () => {
        const outbox = await outboxOf(store, world);
        return outbox.length >= SCHEDULER_CASES && outbox.every((o) => o.sentAt || o.parkedAt);
      },
      Math.max(0, reminderPoint - Date.now()) + TICK_MS + SCHEDULER_CASES * 200 + 60_000,
    );
    await stop(runner);
    runner = undefined;
    const { figures, firstArrival, outbox } = await outcome(connector, store, world);
    const made = outbox.map((o) => Date.parse(o.createdAt));
    const latency = latencies(outbox.map((o) => firstArrival.get(o.key)! - reminderPoint));
    return {
      cases: SCHEDULER_CASES,
      remindersMade: outbox.length,
      schedulerTickMs: TICK_MS,
      dispatcherStartedBeforeReminderPointMs: startedBeforePointMs,
      // Waiting for the scheduler's next tick after the reminder point (0 to 30 s, by chance).
      reminderPointToOutboxMs: latencies(made.map((t) => t - reminderPoint)),
      outboxToArrivalMs: latencies(
        outbox.map((o) => firstArrival.get(o.key)! - Date.parse(o.createdAt)),
      ),
      latencyFromReminderPointMs: latency,
      ...figures,
      met: {
        noDuplicates: figures.duplicates === 0,
        noLosses: figures.losses === 0,
        p99Under60s: latency.p99 < 60_000,
      },
    };
  } finally {
    if (runner) await stop(runner);
    await store.close();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Which runs (all by default): `burst,burstWithFaults,scheduler`. */
const RUNS = new Set(
  (process.env.DISPATCH_BENCH_RUNS ?? 'burst,burstWithFaults,scheduler').split(','),
);

async function main(): Promise<void> {
  const result = {
    dispatch: {
      teamsAppLimitPerSecond: APP_LIMIT_PER_S,
      targets: { ratioOfTeamsAppLimit: 0.9, duplicates: 0, losses: 0, p99LatencyMs: 60_000 },
      burst: RUNS.has('burst') ? await burst({}) : undefined,
      burstWithFaults: RUNS.has('burstWithFaults')
        ? await burst({ throttleRate: 0.05, serverErrorRate: 0.05 })
        : undefined,
      scheduler: RUNS.has('scheduler') ? await scheduled() : undefined,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
