/**
 * What the API and tab benchmarks share: a real SQLite store filled with synthetic cases, and the
 * server started from it in its own process, as it runs in production.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PEOPLE } from '../server/demo/demo-data';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store';
import { prng, syntheticCase } from './synthetic-cases';

export const CASES = 10_000;

/** Fills a new store in `dataDir` with the demo people and CASES synthetic cases; returns ms taken. */
export async function loadCases(dataDir: string): Promise<number> {
  const store = openSqliteStore(join(dataDir, 'liaison.db'), { now: () => Date.now() });
  for (const p of DEMO_PEOPLE) await store.upsertPerson(p);
  const actor = { personId: 'lawyer.jones', surface: 'import' as const };
  const random = prng(7);
  const started = Date.now();
  for (let i = 0; i < CASES; i++) {
    const file = syntheticCase(i, random);
    await store.createCase(
      {
        header: file.case,
        team: 'north',
        members: [
          { personId: 'lawyer.jones', role: 'lawyer' },
          { personId: 'iro.patel', role: 'iro' },
        ],
      },
      actor,
    );
    await store.append({ caseId: file.case.id, expectedVersion: 0, events: file.events, actor });
  }
  await store.close();
  return Date.now() - started;
}

/** The server in its own process, as in production, so the load generator does not share its thread. */
export async function startServerProcess(dataDir: string): Promise<{
  url: string;
  /** Waits until the server has worked through what its start found; the seconds it took. */
  caughtUp(): Promise<number>;
  close(): Promise<void>;
}> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'server', 'main.js')], {
    env: {
      ...process.env,
      LIAISON_PORT: '0',
      LIAISON_DATA_DIR: dataDir,
      LIAISON_LOG_LEVEL: 'silent',
      LIAISON_DEMO_SEED: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return {
    url,
    caughtUp: () => caughtUp(child.pid!),
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds a process has used so far (Linux: /proc), or undefined where that cannot be read. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * A server started on a store of 10,000 cases first sweeps them all and delivers the notices the
 * sweep queues (about a minute and a half of one core here). A council's server does that once
 * and then runs for weeks, so reads are measured after it: once the process has used under a
 * tenth of a core for three seconds running (at most five minutes).
 */
async function caughtUp(pid: number): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  let last = cpuSeconds(pid);
  if (last === undefined) return 0;
  while (quiet < 3 && Date.now() - started < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds(pid);
    if (now === undefined) return 0;
    quiet = now - last < 0.1 ? quiet + 1 : 0;
    last = now;
  }
  return Math.round((Date.now() - started) / 1000);
}
