/**
 * Delivery in a process of its own, for crash tests and the dispatch bench: opens the SQLite
 * store in a data directory and runs the real dispatcher (Teams notifier, rate limiter) over its
 * outbox, and the scheduler if asked; the conversation references in the store say where the
 * connector is. SIGTERM stops it the way the server stops (the batch in hand is finished and
 * recorded); SIGKILL is the crash.
 *
 * Environment: LIAISON_DATA_DIR; DISPATCH_OWNER (the lease owner); DISPATCH_LEASE_MS;
 * DISPATCH_SCHEDULER=on to run the scheduler as well; DISPATCH_COUNCIL_CONFIG (JSON).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createLogger } from '../../server/logging';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import { systemClock, teamsDelivery } from './delivery-world';

export function main(): void {
  const env = process.env;
  const dataDir = env.LIAISON_DATA_DIR;
  if (!dataDir) throw new Error('LIAISON_DATA_DIR is required');
  const store = openSqliteStore(join(dataDir, 'liaison.db'), systemClock);
  const { dispatcher, scheduler } = teamsDelivery(store, {
    owner: env.DISPATCH_OWNER ?? `runner:${process.pid}`,
    leaseMs: env.DISPATCH_LEASE_MS ? Number(env.DISPATCH_LEASE_MS) : undefined,
    councilConfig: env.DISPATCH_COUNCIL_CONFIG ? JSON.parse(env.DISPATCH_COUNCIL_CONFIG) : {},
    logger: createLogger({ level: 'warn' }),
  });
  const withScheduler = env.DISPATCH_SCHEDULER === 'on';
  if (withScheduler) scheduler.start();
  dispatcher.start();
  process.stdout.write('dispatching\n');
  process.once('SIGTERM', () => {
    Promise.all([dispatcher.stop(), withScheduler ? scheduler.stop() : undefined])
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
          process.exit(1);
        },
      );
  });
}

/**
 * TypeScript for a child Node: compiled on load by swc, as jest does. (Built, under dist/, the
 * runner is JavaScript already and needs none of this.)
 */
const TS_HOOK = `
const swc = require('@swc/core');
const fs = require('node:fs');
const Module = require('node:module');
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
`;

export interface RunnerProcess {
  child: ChildProcess;
  /** Resolves when the dispatcher has started. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

export function spawnDispatcher(env: Record<string, string>): RunnerProcess {
  const self = __filename;
  const code = `${self.endsWith('.ts') ? TS_HOOK : ''}require(${JSON.stringify(self)}).main();`;
  const child = spawn(process.execPath, ['-e', code], {
    cwd: resolve(__dirname, self.endsWith('.ts') ? '../..' : '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((done) =>
    child.once('exit', (code, signal) => done(signal ?? code)),
  );
  const ready = new Promise<void>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('dispatching\n')) done();
    });
    void exited.then((how) =>
      fail(new Error(`the dispatcher exited (${String(how)}) before it started: ${stderr}`)),
    );
  });
  return { child, ready, exited };
}
