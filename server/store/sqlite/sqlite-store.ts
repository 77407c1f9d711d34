/**
 * The store on an embedded SQLite file: one adapter per port over one connection
 * (sqlite-database.ts), wired by combinePorts. Local mode, and small deployments.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../../../core';
import type { SealKey } from '../audit-chain';
import { wholeStore } from '../combine-ports';
import type { Store } from '../open-store';
import { SqliteAuditTrail } from './sqlite-audit-trail';
import { SqliteCaseLog } from './sqlite-case-log';
import { SqliteConversations } from './sqlite-conversations';
import { openDatabase, SqliteConnection } from './sqlite-database';
import { SqliteDeadlineCalendars } from './sqlite-deadline-calendars';
import { SqliteDirectory } from './sqlite-directory';
import { SqliteLeases } from './sqlite-leases';
import { SqliteOutbox } from './sqlite-outbox';
import { SqliteSignals } from './sqlite-signals';

export { openDatabase } from './sqlite-database';

/** The store on an open database; closing it commits what was accepted and closes the file. */
export function sqliteStore(db: Database.Database, clock: Clock, seal?: SealKey): Store {
  const connection = new SqliteConnection(db);
  return wholeStore(
    {
      caseLog: new SqliteCaseLog(connection, clock, seal),
      outbox: new SqliteOutbox(connection, clock),
      auditTrail: new SqliteAuditTrail(connection, clock, seal),
      leases: new SqliteLeases(connection),
      conversations: new SqliteConversations(connection, clock),
      directory: new SqliteDirectory(connection),
      signals: new SqliteSignals(connection, clock),
      deadlineCalendars: new SqliteDeadlineCalendars(connection, clock),
    },
    () => {
      connection.close();
      return Promise.resolve();
    },
  );
}

/** Opens (creating if need be) the database file at `path`, brought up to date, as a store. */
export function openSqliteStore(path: string, clock: Clock, seal?: SealKey): Store {
  return sqliteStore(openDatabase(path), clock, seal);
}
