/**
 * `npm run audit:verify [-- --db FILE]`: checks the audit trail's hash chain from the first entry
 * to the last. Exit 0 when intact, 1 when an entry was removed, reordered or edited (naming it),
 * 2 when the database cannot be read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseStore } from '../core';
import { GENESIS_HASH, verifyChain } from '../server/store/audit-chain';
import { SqliteCaseStore } from '../server/store/sqlite/sqlite-case-store';

const PAGE = 5_000;

export async function verifyAuditTrail(
  store: CaseStore,
): Promise<{ ok: boolean; entries: number; message: string }> {
  let start = { prevHash: GENESIS_HASH, prevSeq: 0 };
  let total = 0;
  for (;;) {
    const page = await store.readAudit(start.prevSeq, PAGE);
    if (!page.length) break;
    // Read from the last verified entry: a gap right after it still shows as a wrong sequence.
    const check = verifyChain(page, start);
    if (!check.ok) {
      return {
        ok: false,
        entries: total + check.entries,
        message: `audit entry ${check.seq} ${check.problem}`,
      };
    }
    total += check.entries;
    start = { prevHash: check.lastHash, prevSeq: check.lastSeq };
  }
  return { ok: true, entries: total, message: `audit trail intact: ${total} entries` };
}

interface Output {
  write(text: string): unknown;
}

export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  let db: string;
  try {
    const { values } = parseArgs({ args: argv, options: { db: { type: 'string' } }, strict: true });
    db = values.db ?? join(process.env.LIAISON_DATA_DIR ?? 'data', 'liaison.db');
  } catch (e) {
    err.write(
      `audit:verify: ${(e as Error).message}\nusage: npm run audit:verify -- [--db FILE]\n`,
    );
    return 2;
  }
  if (!existsSync(db)) {
    err.write(`audit:verify: no database at ${db}\n`);
    return 2;
  }
  const store = SqliteCaseStore.open(db, { now: () => Date.now() });
  try {
    const result = await verifyAuditTrail(store);
    (result.ok ? out : err).write(`${result.message}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
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
