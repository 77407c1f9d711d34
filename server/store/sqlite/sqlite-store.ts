/**
 * The store on an embedded SQLite file: one adapter per port over one connection
 * (sqlite-database.ts), wired by combinePorts. Local mode, and small deployments.
 */
import type Database from 'better-sqlite3';
import {
  AUDIT_TRAIL_METHODS,
  CASE_LOG_METHODS,
  CONVERSATIONS_METHODS,
  DEADLINE_CALENDAR_STORE_METHODS,
  DIRECTORY_METHODS,
  LEASES_METHODS,
  OUTBOX_METHODS,
  SIGNAL_STORE_METHODS,
  type Clock,
} from '../../../core';
import type { SealKey } from '../audit-chain';
import { combinePorts } from '../combine-ports';
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
  return {
    ...combinePorts(
      [new SqliteCaseLog(connection, clock, seal), CASE_LOG_METHODS],
      [new SqliteOutbox(connection, clock), OUTBOX_METHODS],
      [new SqliteAuditTrail(connection, clock, seal), AUDIT_TRAIL_METHODS],
      [new SqliteLeases(connection), LEASES_METHODS],
      [new SqliteConversations(connection, clock), CONVERSATIONS_METHODS],
      [new SqliteDirectory(connection), DIRECTORY_METHODS],
      [new SqliteSignals(connection, clock), SIGNAL_STORE_METHODS],
      [new SqliteDeadlineCalendars(connection, clock), DEADLINE_CALENDAR_STORE_METHODS],
    ),
    close: () => {
      connection.close();
      return Promise.resolve();
    },
  };
}

/** Opens (creating if need be) the database file at `path`, brought up to date, as a store. */
export function openSqliteStore(path: string, clock: Clock, seal?: SealKey): Store {
  return sqliteStore(openDatabase(path), clock, seal);
}
