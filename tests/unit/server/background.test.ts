/** The background jobs' loop: runs never overlap, a failed run is logged and the loop goes on, stop waits. */
import { BackgroundJob, repeat } from '../../../server/background';
import { createLogger } from '../../../server/logging';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs one after another, goes on after a failure, and stop waits for the run in progress', async () => {
  const errors: unknown[] = [];
  const logger = createLogger({ level: 'silent' });
  logger.error = (o: { err: unknown }) => errors.push(o.err);
  let inFlight = 0;
  let most = 0;
  let runs = 0;
  let finished = 0;
  const loop = repeat(
    'test job',
    async () => {
      runs++;
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(5);
      inFlight--;
      finished++;
      if (runs === 2) throw new Error('second run fails');
      return runs;
    },
    (result) => (result === undefined ? 1 : 0),
    logger,
  );
  while (runs < 5) await sleep(1);
  await loop.stop();
  const stoppedAt = runs;
  expect(finished).toBe(runs); // stop waited for the run in progress
  await sleep(20);
  expect(runs).toBe(stoppedAt); // and none started after
  expect(most).toBe(1);
  expect(errors).toEqual([new Error('second run fails')]);
});

describe('a job with a lease', () => {
  /** Named leases as the stores keep them: the holder keeps it until it expires. */
  function leases() {
    const held = new Map<string, { owner: string; until: number }>();
    return {
      acquireLease(name: string, owner: string, at: string, ms: number): Promise<boolean> {
        const now = Date.parse(at);
        const h = held.get(name);
        if (h && h.owner !== owner && h.until > now) return Promise.resolve(false);
        held.set(name, { owner, until: now + ms });
        return Promise.resolve(true);
      },
    };
  }
  const logger = createLogger({ level: 'silent' });

  test('runs on the instance holding it; another takes over once it lapses', async () => {
    let now = Date.parse('2026-12-03T09:00:00Z');
    const clock = { now: () => now };
    const store = leases();
    const ran: string[] = [];
    const job = (owner: string) =>
      new BackgroundJob({
        name: 'scheduler',
        work: () => Promise.resolve(ran.push(owner)),
        every: 1_000,
        lease: { ms: 90_000, holder: { store, owner, clock } },
        logger,
      });
    const a = job('a');
    const b = job('b');

    expect(await a.runOnce()).toBe(1);
    expect(await b.runOnce()).toBeUndefined();
    now += 60_000;
    expect(await a.holdLease()).toBe(true); // renewed: b waits a further 90 s
    now += 60_000;
    expect(await b.runOnce()).toBeUndefined();
    now += 31_000;
    expect(await b.runOnce()).toBe(2);
    expect(ran).toEqual(['a', 'b']);
  });

  test('a job without one runs on every instance', async () => {
    const job = new BackgroundJob({
      name: 'dispatch',
      work: () => Promise.resolve(7),
      every: 0,
      logger,
    });
    expect(await job.holdLease()).toBe(true);
    expect(await job.runOnce()).toBe(7);
  });
});
