/**
 * `npm run playground -- <person id> [bot URL]`: another Agents Playground beside the one that
 * `npm start` opens, signed in as another demo person (e.g. the IRO, to receive the card the
 * lawyer's IRO alert sends). Local mode only: it reads the people from the store the server uses.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/config';
import { startPlayground } from '../server/playground';
import { graphFromConfig } from '../server/graph/from-config';
import { openStore } from '../server/store/open-store';

async function main(): Promise<void> {
  // The same settings as the server (LIAISON_PORT or PORT, LIAISON_DATA_DIR): the bot it talks
  // to is the one `npm start` runs with them.
  const config = loadConfig(process.env);
  const [personId, botUrl = `http://127.0.0.1:${config.http.port}`] = process.argv.slice(2);
  const dataDir = config.store.dataDir;
  // The people of the store the server uses (LIAISON_STORE): never a new, empty local file.
  if (config.store.kind === 'sqlite' && !existsSync(join(dataDir, 'liaison.db'))) {
    process.stderr.write(`no store at ${join(dataDir, 'liaison.db')}: run npm start first\n`);
    process.exit(2);
  }
  const { store } = await openStore(config, graphFromConfig(config)?.app, {
    now: () => Date.now(),
  });
  const people = await store.people();
  await store.close();
  const as = people.find((p) => p.id === personId);
  if (!as?.entraObjectId) {
    const playable = people.filter((p) => p.entraObjectId).map((p) => p.id);
    process.stderr.write(
      `usage: npm run playground -- <person id> [bot URL]\n  person ids: ${playable.join(', ')}\n`,
    );
    process.exit(2);
  }
  const playground = await startPlayground({ botUrl, as, people, dataDir, port: 0 });
  process.stdout.write(`Agents Playground as ${as.displayName}: ${playground.url}\n`);
  const stop = () => void playground.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
