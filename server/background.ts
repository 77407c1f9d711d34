/**
 * The one way the server works in the background. A job runs its work, waits what `every` says
 * after each run ends (so runs never overlap), logs a failed run and carries on; stopping waits
 * for a run in progress. A job with a lease runs only on the instance holding it, taken or renewed
 * at the start of each run (and, in a long run, whenever the work renews it): however many
 * instances are started, one does the work, and another takes over within the lease if it dies.
 * The scheduler, the dispatcher, mail signals, the deadline calendars, Graph subscriptions, the
 * weekly digest, the services' duties and the audit jobs all run on it.
 */
import { formatInstant, type Clock, type Leases } from '../core';
import type { Logger } from './logging';

export interface Running {
  stop(): Promise<void>;
}

/** This instance, as a lease names it: its store's named leases, its name in them, its clock. */
export interface LeaseHolder {
  store: Leases;
  owner: string;
  clock: Clock;
}

export interface JobSpec<T> {
  /** What the logs call it, e.g. `scheduler`; also the lease's name. */
  name: string;
  work: () => Promise<T>;
  /** Milliseconds until the next run, given this run's result (undefined: failed, or not ours). */
  every: number | ((result: T | undefined) => number);
  /** Before the first run (default: at once). */
  firstIn?: number;
  /** Only the instance holding this lease (for `ms` at a time) runs the work. */
  lease?: { ms: number; holder: LeaseHolder };
  logger: Logger;
}

export class BackgroundJob<T> {
  private loop: Running | undefined;

  constructor(private readonly spec: JobSpec<T>) {}

  /** One run, if this instance holds the lease (or the job has none): its result, else undefined. */
  async runOnce(): Promise<T | undefined> {
    if (!(await this.holdLease())) return undefined;
    return this.spec.work();
  }

  /** Takes or renews the lease; false when another instance holds it. A job without one: true. */
  holdLease(): Promise<boolean> {
    const { name, lease } = this.spec;
    if (!lease) return Promise.resolve(true);
    const { store, owner, clock } = lease.holder;
    return store.acquireLease(name, owner, formatInstant(clock.now()), lease.ms);
  }

  /** Starts the loop; the spec's timing unless given here (tests and benches run faster). */
  start(timing: { everyMs?: number; firstInMs?: number } = {}): void {
    const every = timing.everyMs ?? this.spec.every;
    this.loop = repeat<T | undefined>(
      this.spec.name,
      () => this.runOnce(),
      typeof every === 'number' ? () => every : every,
      this.spec.logger,
      timing.firstInMs ?? this.spec.firstIn,
    );
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }
}

/**
 * A service whose work is the rounds of one background job: started and stopped with the app,
 * and run a round at a time by hand (tests, tools).
 */
export abstract class Rounds<T> {
  protected abstract readonly job: BackgroundJob<T>;

  start(): void {
    this.job.start();
  }

  async stop(): Promise<void> {
    await this.job.stop();
  }

  /** One round, if this instance holds the lease: its report, else undefined. */
  runOnce(): Promise<T | undefined> {
    return this.job.runOnce();
  }
}

/**
 * Lets requests in. A store that answers at once (SQLite) resolves its promises without a turn of
 * the event loop, so a job working through thousands of cases holds every request back until it
 * is done unless it yields between pages: here, and in the long loops of every job.
 */
export function letRequestsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The loop under a job (exported for its own test). */
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
