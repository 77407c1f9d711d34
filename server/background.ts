/**
 * A background job's loop: runs the work, waits what `nextIn` says after each run ends (so runs
 * never overlap), and logs a failed run and carries on. Stopping waits for a run in progress.
 */
import type { Logger } from './logging';

export interface Running {
  stop(): Promise<void>;
}

export function repeat<T>(
  what: string,
  work: () => Promise<T>,
  /** Milliseconds until the next run, given this run's result (undefined when it failed). */
  nextIn: (result: T | undefined) => number,
  logger: Logger,
  firstIn = 0,
): Running {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const loop = () => {
    running = work().then(
      (result) => {
        if (!stopped) timer = setTimeout(loop, nextIn(result));
      },
      (err: unknown) => {
        logger.error({ err }, `${what} failed`);
        if (!stopped) timer = setTimeout(loop, nextIn(undefined));
      },
    );
  };
  timer = setTimeout(loop, firstIn);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
