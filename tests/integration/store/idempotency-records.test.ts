/** The SQLite and in-memory adapters against the IdempotencyRecords contract. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryIdempotencyRecords } from '../../../server/store/memory/memory-idempotency-records';
import { openDatabase } from '../../../server/store/sqlite/sqlite-store';
import { SqliteIdempotencyRecords } from '../../../server/store/sqlite/sqlite-idempotency-records';
import { idempotencyRecordsContract } from '../../contract/idempotency-records.contract';

idempotencyRecordsContract('SqliteIdempotencyRecords', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'liaison-replays-')), 'liaison.db');
  return Promise.resolve({
    records: new SqliteIdempotencyRecords(openDatabase(path)),
    reopen: () => Promise.resolve(new SqliteIdempotencyRecords(openDatabase(path))),
  });
});

idempotencyRecordsContract('InMemoryIdempotencyRecords', () => {
  const records = new InMemoryIdempotencyRecords();
  return Promise.resolve({ records, reopen: () => Promise.resolve(records) });
});
