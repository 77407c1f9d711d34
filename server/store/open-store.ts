/**
 * The store of record the configuration names: the embedded SQLite file (local, and small
 * deployments), or SharePoint lists on the council's site through Microsoft Graph.
 */
import { join } from 'node:path';
import type { CaseStore, Clock, Directory, SignalStore } from '../../core';
import type { DeadlineCalendarStore } from '../../core/ports/deadline-calendar-store';
import type { Config } from '../config';
import type { Graph } from '../graph/graph-client';
import { SharePointCaseStore } from './sharepoint/sharepoint-case-store';
import { SqliteCaseStore } from './sqlite/sqlite-case-store';

/** Everything the server keeps, whichever store keeps it. */
export type Store = CaseStore & Directory & SignalStore & DeadlineCalendarStore;

export async function openStore(
  config: Config,
  graph: Graph | undefined,
  clock: Clock,
): Promise<Store> {
  if (config.store.kind === 'sqlite')
    return SqliteCaseStore.open(join(config.store.dataDir, 'liaison.db'), clock);
  // The configuration checks make these present; say so plainly if they are not.
  if (!graph || !config.sharePointSite)
    throw new Error('the SharePoint store needs Graph and LIAISON_SHAREPOINT_SITE');
  return SharePointCaseStore.connect(graph, await siteIdOf(graph, config.sharePointSite), clock);
}

/** Graph's id for a site given as `host:/sites/name`. */
export async function siteIdOf(graph: Graph, site: string): Promise<string> {
  const [host, path] = site.split(':');
  const found = (await graph.client.api(`/sites/${host}:${path}`).get()) as { id?: unknown };
  if (typeof found.id !== 'string') throw new Error(`Graph gave no id for the site ${site}`);
  return found.id;
}
