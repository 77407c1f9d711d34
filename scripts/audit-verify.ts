/**
 * `npm run audit:verify [-- --db FILE] [--anchors FILE] [--key-file FILE]`: checks the sealed
 * record on the configured store (LIAISON_STORE: the SQLite file, or the SharePoint site) — the
 * audit chain entry by entry, every recorded case event against its seal, and the chain against
 * its anchors — and names each problem. Exit 0 when intact, 1 when anything was edited, removed,
 * inserted, reordered or re-sealed, 2 when it cannot be checked (no store, bad options).
 *
 * The key is the server's own (LIAISON_SEAL_KEY, or the key file beside the data folder); the
 * anchors are the server's (the file beside the data folder), or `--anchors` with a file of them:
 * JSON lines as the server writes them, or Application Insights' export of
 * `AppEvents | where Name == 'AuditChainHead' | project TimeGenerated, Seq = tostring(Properties.seq), Seal = tostring(Properties.seal)`
 * as CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { ChainHead } from '../core';
import { auditAnchorOf } from '../server/audit/anchors';
import { parseHead } from '../server/audit/file-anchor';
import { existingSealKey } from '../server/audit/seal-key';
import { verifyTrail, type TrailStore } from '../server/audit/verify-trail';
import { loadConfig, type Config } from '../server/config';
import { graphFromConfig } from '../server/graph/from-config';
import { openStore } from '../server/store/open-store';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store';

interface Output {
  write(text: string): unknown;
}

const USAGE = 'usage: npm run audit:verify -- [--db FILE] [--anchors FILE] [--key-file FILE]\n';

export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let values: { db?: string; anchors?: string; 'key-file'?: string };
  let config: Config;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        anchors: { type: 'string' },
        'key-file': { type: 'string' },
      },
      strict: true,
    }));
    // A database named on the command line brings its own key and anchors: those beside its folder.
    config = loadConfig(values.db ? { ...env, LIAISON_DATA_DIR: dirname(values.db) } : env);
  } catch (e) {
    err.write(`audit:verify: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const key = existingSealKey(
    values['key-file'] ? { file: values['key-file'] } : config.audit.sealKey,
  );
  let store: TrailStore & { close(): Promise<void> };
  let where: string;
  if (values.db || config.store.kind === 'sqlite') {
    const db = values.db ?? join(config.store.dataDir, 'liaison.db');
    if (!existsSync(db)) {
      err.write(`audit:verify: no database at ${db}\n`);
      return 2;
    }
    store = openSqliteStore(db, { now: () => Date.now() });
    where = `the SQLite file ${db}`;
  } else {
    const connection = graphFromConfig(config);
    store = (await openStore(config, connection?.app, { now: () => Date.now() })).store;
    where = `the SharePoint site ${config.sharePointSite ?? ''}`;
  }
  try {
    let anchors: ChainHead[] | undefined;
    let anchorsWhere: string;
    if (values.anchors) {
      anchors = readAnchors(values.anchors);
      anchorsWhere = `the file ${values.anchors}`;
    } else {
      const anchor = auditAnchorOf(config);
      anchors = await anchor.heads();
      anchorsWhere = anchor.where;
    }
    const report = await verifyTrail({
      store,
      ...(key ? { key } : {}),
      ...(anchors
        ? { anchors }
        : { anchorsUnreadable: `not readable here (${anchorsWhere}); pass --anchors FILE` }),
    });
    const summary =
      `Checked ${where}: ${report.entries} audit entries; ${report.events} events in ` +
      `${report.cases} cases; anchors: ${typeof report.anchors === 'number' ? `${report.anchors} in ${anchorsWhere}` : report.anchors}; ` +
      `key: ${key ? key.id : 'none (keyed seals cannot be checked)'}.\n`;
    if (report.ok) {
      out.write(
        `${summary}audit trail intact: ${report.entries} entries, ${report.events} events` +
          (report.unsealed.length
            ? ` (${report.unsealed.length} events of before sealing; the server seals them on its next check)`
            : '') +
          '\n',
      );
      return 0;
    }
    err.write(
      `${summary}${report.problems.map((p) => `- ${p}`).join('\n')}\n` +
        `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found.\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

/** Anchors from a file: JSON lines (the server's own), or a CSV export from Log Analytics. */
function readAnchors(path: string): ChainHead[] {
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('{'))
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map(parseHead);
  const rows = parse<Record<string, string>>(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  });
  return rows.map((r) => {
    const pick = (...names: string[]) => {
      const k = Object.keys(r).find((c) => names.includes(c.replace(/ \[UTC\]$/, '')));
      return k === undefined ? '' : (r[k] ?? '');
    };
    const head = {
      seq: Number(pick('Seq', 'seq')),
      seal: pick('Seal', 'seal'),
      at: pick('TimeGenerated', 'at'),
    };
    if (!Number.isInteger(head.seq) || !head.seal)
      throw new Error(`${path}: a row lacks Seq or Seal (export the query in the usage)`);
    return head;
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`audit:verify: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
