/**
 * The store of record the configuration names: the embedded SQLite file (local, and small
 * deployments), or SharePoint lists on the council's site through Microsoft Graph.
 */
import { join } from 'node:path';
import type {
  CaseStore,
  Clock,
  DigestPreferences,
  Directory,
  IdempotencyRecords,
  RegisterPublisher,
  ServiceLog,
  SignalStore,
} from '../../core';
import type { DeadlineCalendarStore } from '../../core/ports/deadline-calendar-store';
import type { Config } from '../config';
import type { Graph } from '../graph/graph-client';
import type { SealKey } from './audit-chain';
import { connectSharePointStore } from './sharepoint/sharepoint-store';
import { SharePointServiceLog } from './sharepoint/service-log';
import { SharePointDigestPreferences } from './sharepoint/digest-preferences';
import { GraphRegisterPublisher } from '../graph/graph-register-publisher';
import { sqliteStore, openDatabase } from './sqlite/sqlite-store';
import { SqliteServiceLog } from './sqlite/sqlite-service-log';
import { SqliteDigestPreferences } from './sqlite/sqlite-digest-preferences';
import { SqliteIdempotencyRecords } from './sqlite/sqlite-idempotency-records';
import { sqliteCanWrite } from './sqlite/write-probe';
import { SharePointIdempotencyRecords } from './sharepoint/idempotency-records';
import { LocalRegisterPublisher } from '../service/local-register-publisher';

/** Everything the server keeps, whichever store keeps it. */
export type Store = CaseStore & Directory & SignalStore & DeadlineCalendarStore;

/**
 * The store, the services' log and everyone's digest preferences beside it, and where the monthly
 * register is published.
 */
export interface Stores {
  store: Store;
  serviceLog: ServiceLog;
  digestPreferences: DigestPreferences;
  registers: RegisterPublisher;
  /** The answers to requests sent with an Idempotency-Key, replayed to a retry. */
  idempotency: IdempotencyRecords;
  /** Whether the store can take writes now (`/readyz`). */
  canWrite: () => Promise<boolean>;
}

export async function openStore(
  config: Config,
  graph: Graph | undefined,
  clock: Clock,
  /** Seals the audit trail and the events in it; absent only for tools that only read. */
  seal?: SealKey,
): Promise<Stores> {
  if (config.store.kind === 'sqlite') {
    // One connection for all: the service log's and the preferences' single writes never land
    // inside a case's batch.
    const db = openDatabase(join(config.store.dataDir, 'liaison.db'));
    return {
      store: sqliteStore(db, clock, seal),
      serviceLog: new SqliteServiceLog(db, clock),
      digestPreferences: new SqliteDigestPreferences(db),
      idempotency: new SqliteIdempotencyRecords(db),
      canWrite: sqliteCanWrite(db, config.store.dataDir),
      registers: new LocalRegisterPublisher(
        join(config.store.dataDir, 'registers'),
        `${config.http.publicUrl}/tab/service`,
      ),
    };
  }
  // The configuration checks make these present; say so plainly if they are not.
  if (!graph || !config.sharePointSite)
    throw new Error('the SharePoint store needs Graph and LIAISON_SHAREPOINT_SITE');
  const siteId = await siteIdOf(graph, config.sharePointSite);
  const store = await connectSharePointStore(graph, siteId, clock, seal);
  return {
    store,
    // SharePoint is not ours to fill: the site answering is what readiness can tell.
    canWrite: () => store.getCase('readiness-probe').then(() => true),
    serviceLog: new SharePointServiceLog(graph, siteId, clock),
    digestPreferences: new SharePointDigestPreferences(graph, siteId),
    idempotency: new SharePointIdempotencyRecords(graph, siteId),
    registers: new GraphRegisterPublisher(graph, siteId),
  };
}

/** Graph's id for a site given as `host:/sites/name`. */
export async function siteIdOf(graph: Graph, site: string): Promise<string> {
  const [host, path] = site.split(':');
  const found = (await graph.client.api(`/sites/${host}:${path}`).get()) as { id?: unknown };
  if (typeof found.id !== 'string') throw new Error(`Graph gave no id for the site ${site}`);
  return found.id;
}
