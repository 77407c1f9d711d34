/** The background jobs' loop: runs never overlap, a failed run is logged and the loop goes on, stop waits. */
import { repeat } from '../../../server/background';
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
