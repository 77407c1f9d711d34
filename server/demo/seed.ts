/**
 * `npm run seed`: adds the demo people and cases to the configured store — the SQLite file, or
 * with `LIAISON_STORE=sharepoint` the SharePoint site — (cases that already exist are left alone),
 * with its audit entries sealed by the server's key. Refused in production configuration.
 */
import { loadSealKey } from '../audit/seal-key';
import { loadConfig } from '../config';
import { graphFromConfig } from '../graph/from-config';
import { openStore } from '../store/open-store';
import { seedDemo } from './demo-data';

export async function main(
  env: Record<string, string | undefined> = process.env,
  out: { write(text: string): unknown } = process.stdout,
): Promise<void> {
  const config = loadConfig(env);
  if (config.mode !== 'local') throw new Error('npm run seed only runs in local mode');
  const clock = { now: () => Date.now() };
  const { store, serviceLog } = await openStore(
    config,
    graphFromConfig(config)?.app,
    clock,
    loadSealKey(config.audit.sealKey),
  );
  try {
    const added = await seedDemo(store, store, Date.now(), serviceLog);
    out.write(
      `seeded ${added} demo case(s) and the demo people into ${
        config.store.kind === 'sharepoint'
          ? `the SharePoint site ${config.sharePointSite ?? ''}`
          : config.store.dataDir
      }\n`,
    );
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`seed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
