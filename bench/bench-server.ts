/**
 * What the API and tab benchmarks share: a real SQLite store filled with synthetic cases, and the
 * server started from it in its own process, as it runs in production.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_PEOPLE } from '../server/demo/demo-data';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store';
import { prng, syntheticCase } from './synthetic-cases';

export const CASES = 10_000;

/** Fills a new store in `dataDir` with the demo people and CASES synthetic cases; returns ms taken. */ export async function loadCases(
  dataDir: string,
): Promise<number> {
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
export async function startServerProcess(
  dataDir: string,
): Promise<{ url: string; close(): Promise<void> }> {
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
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
