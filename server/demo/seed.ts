/**
 * `npm run seed`: adds the demo people and cases to the configured local store (cases that
 * already exist are left alone). Refused in production configuration.
 */
import { join } from 'node:path';
import { loadConfig } from '../config';
import { SqliteCaseStore, openDatabase } from '../store/sqlite/sqlite-case-store';
import { SqliteServiceLog } from '../store/sqlite/sqlite-service-log';
import { seedDemo } from './demo-data';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.mode !== 'local') throw new Error('npm run seed only runs in local mode');
  const clock = { now: () => Date.now() };
  const db = openDatabase(join(config.store.dataDir, 'liaison.db'));
  const store = new SqliteCaseStore(db, clock);
  try {
    const added = await seedDemo(store, store, Date.now(), new SqliteServiceLog(db, clock));
    process.stdout.write(
      `seeded ${added} demo case(s) and the demo people into ${config.store.dataDir}\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`seed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
