/**
 * `npm run playground -- <person id> [bot URL]`: another Agents Playground beside the one that
 * `npm start` opens, signed in as another demo person (e.g. the IRO, to receive the card the
 * lawyer's IRO alert sends). Local mode only: it reads the people from the local store.
 */
import { join } from 'node:path';
import { loadConfig } from '../server/config';
import { startPlayground } from '../server/playground';
import { SqliteCaseStore } from '../server/store/sqlite/sqlite-case-store';

async function main(): Promise<void> {
  // The same settings as the server (LIAISON_PORT or PORT, LIAISON_DATA_DIR): the bot it talks
  // to is the one `npm start` runs with them.
  const config = loadConfig(process.env);
  const [personId, botUrl = `http://127.0.0.1:${config.http.port}`] = process.argv.slice(2);
  const dataDir = config.store.dataDir;
  const store = SqliteCaseStore.open(join(dataDir, 'liaison.db'), { now: () => Date.now() });
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
