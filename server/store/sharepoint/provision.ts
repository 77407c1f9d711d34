/**
 * Creates or upgrades the store's lists on a SharePoint site (schema.ts) through Microsoft Graph,
 * idempotently: missing lists are created with their columns, missing columns added, missing
 * indexes and unique constraints turned on, and the site's schema version recorded. Nothing is
 * retyped, and nothing removed but a column the schema renamed, once its values are copied into
 * the new one: a column of the wrong type is reported and provisioning fails, after making every
 * change that was safe, so that a person decides.
 *
 * It takes the production Graph connection (server/graph/; tests point it at the Graph double)
 * and keeps to a few round trips: one to list the lists, one `$batch` of
 * up to 20 column reads, one for the version, and writes only where something is missing.
 */
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { all, sendBatched } from '../../graph/collections';
import type { Graph } from '../../graph/graph-client';
import { SiteLists, useListIds } from './lists';
import { endSupersededParties } from './migrate-parties';
import { copyRenamedColumn } from './rename-columns';
import {
  LISTS,
  META,
  RENAMED_COLUMNS,
  SCHEMA_VERSION,
  SCHEMA_VERSION_KEY,
  LIST_ID_KEY,
  addressOf,
  columnDefinition,
  schemaProblems,
  type ColumnRename,
  type ColumnSpec,
  type ColumnType,
  type ListSpec,
} from './schema';

export interface ProvisionReport {
  siteId: string;
  schemaVersion: { before: number | undefined; after: number };
  /** Lists created (display names). */
  created: string[];
  /** Columns added to lists that existed (`List.Column`). */
  columnsAdded: string[];
  /** Indexes turned on (`List.Column`). */
  indexed: string[];
  /** Unique-value constraints turned on (`List.Column`). */
  uniqueEnforced: string[];
  /** Columns renamed, each item's value copied into the new one (`List.Old → New`). */
  renamed: string[];
  /** Lists that already matched the schema. */
  unchanged: string[];
}

/** Provisioning stopped: the site has something it must not change on its own. */
export class SharePointSchemaError extends Error {
  constructor(
    readonly problems: string[],
    readonly report: ProvisionReport,
  ) {
    super(`The SharePoint site does not fit the store's schema: ${problems.join('; ')}`);
    this.name = 'SharePointSchemaError';
  }
}

/** What provisioning logs through; a pino logger fits. */
export interface ProvisionLogger {
  info(details: Record<string, unknown>, message: string): void;
}

interface GraphList {
  id: string;
  displayName: string;
  /** The list's address on the site (Lists/<name>): set when it is made, kept when renamed. */
  name?: string;
  list?: { template?: string };
}

interface GraphColumn {
  id: string;
  name: string;
  indexed?: boolean;
  enforceUniqueValues?: boolean;
  readOnly?: boolean;
  text?: { allowMultipleLines?: boolean };
  number?: object;
  dateTime?: object;
  boolean?: object;
}

export async function provisionSite(
  graph: Graph,
  siteId: string,
  logger?: ProvisionLogger,
  lists: readonly ListSpec[] = LISTS,
): Promise<ProvisionReport> {
  const own = schemaProblems(lists);
  if (own.length) throw new Error(`The store's schema is inconsistent: ${own.join('; ')}`);
  const site = `/sites/${siteId}`;
  const report: ProvisionReport = {
    siteId,
    schemaVersion: { before: undefined, after: SCHEMA_VERSION },
    created: [],
    columnsAdded: [],
    indexed: [],
    uniqueEnforced: [],
    renamed: [],
    unchanged: [],
  };
  const problems: string[] = [];

  const { client } = graph;
  const existing = (await all(graph, `${site}/lists`)) as GraphList[];
  // Each list is known by the id recorded when it was made (or found), else by its address,
  // else by its title: a list someone renamed in SharePoint is still the store's, never made
  // again empty beside it.
  const lower = (x: string | undefined) => x?.toLowerCase();
  const find = (spec: ListSpec, recordedId?: string) =>
    existing.find((l) => recordedId !== undefined && l.id === recordedId) ??
    existing.find((l) => lower(l.name) === lower(addressOf(spec))) ??
    existing.find((l) => lower(l.displayName) === lower(spec.displayName));
  const metaList = find(META);
  const facts = metaList ? await readMeta(client, site, metaList.id) : undefined;
  const recorded = facts?.listIds ?? new Map<string, string>();
  const byName = new Map<string, GraphList>();
  for (const spec of lists) {
    const found = find(spec, recorded.get(spec.displayName));
    if (found) byName.set(spec.displayName.toLowerCase(), found);
  }

  // A site already provisioned by newer code is left alone: this code would not understand it.
  const version = facts?.version;
  report.schemaVersion.before = version?.value;
  if (version?.value !== undefined && version.value > SCHEMA_VERSION) {
    throw new SharePointSchemaError(
      [`the site has schema version ${version.value}, newer than this code's ${SCHEMA_VERSION}`],
      report,
    );
  }

  const toCreate = lists.filter((spec) => !byName.has(spec.displayName.toLowerCase()));
  for (const spec of toCreate) {
    const made = (await client.api(`${site}/lists`).post({
      displayName: spec.displayName,
      description: spec.description,
      list: { template: 'genericList' },
      columns: spec.columns.map(columnDefinition),
    })) as GraphList;
    byName.set(spec.displayName.toLowerCase(), made);
    report.created.push(spec.displayName);
    logger?.info({ siteId, list: spec.displayName }, 'sharepoint list created');
  }

  // Items are addressed through the lists' ids from here on, renamed lists included.
  useListIds(
    siteId,
    new Map(
      lists.map((spec) => [spec.displayName, byName.get(spec.displayName.toLowerCase())!.id]),
    ),
  );

  // Every list's columns, read back even for new lists: an index or unique constraint asked for
  // at creation is checked, not assumed.
  const targets = lists.map((spec) => {
    const found = byName.get(spec.displayName.toLowerCase())!;
    return { spec, list: found };
  });
  for (const { spec, list } of targets) {
    if (list.list?.template !== undefined && list.list.template !== 'genericList') {
      problems.push(`${spec.displayName} exists but is a ${list.list.template}, not a list`);
    }
  }
  const columns = await readColumns(
    graph,
    targets.map((t) => `${site}/lists/${t.list.id}/columns`),
  );

  const renames: { rename: ColumnRename; column: GraphColumn; listPath: string }[] = [];
  for (const [i, { spec, list }] of targets.entries()) {
    const listPath = `${site}/lists/${list.id}`;
    const have = new Map(columns[i]!.map((c) => [c.name.toLowerCase(), c]));
    let changed = report.created.includes(spec.displayName);
    for (const rename of RENAMED_COLUMNS.filter((r) => r.list.displayName === spec.displayName)) {
      const column = have.get(rename.from.toLowerCase());
      if (column && !column.readOnly) {
        renames.push({ rename, column, listPath });
        changed = true;
      }
    }
    for (const column of spec.columns) {
      const where = `${spec.displayName}.${column.name}`;
      const current = have.get(column.name.toLowerCase());
      if (!current) {
        await client.api(`${listPath}/columns`).post(columnDefinition(column));
        report.columnsAdded.push(where);
        if (column.indexed) report.indexed.push(where);
        if (column.unique) report.uniqueEnforced.push(where);
        logger?.info({ siteId, column: where }, 'sharepoint column added');
        changed = true;
        continue;
      }
      const type = typeOf(current);
      if (type !== column.type) {
        problems.push(`${where} is ${type}, the schema has ${column.type}`);
        continue;
      }
      const patch = upgrade(column, current);
      if (!patch) continue;
      await client.api(`${listPath}/columns/${current.id}`).patch(patch);
      if (patch.indexed) report.indexed.push(where);
      if (patch.enforceUniqueValues) report.uniqueEnforced.push(where);
      logger?.info({ siteId, column: where, ...patch }, 'sharepoint column upgraded');
      changed = true;
    }
    if (!changed) report.unchanged.push(spec.displayName);
  }

  if (problems.length) throw new SharePointSchemaError(problems, report);

  // Renamed columns: values copied, then the old column removed (the new one was added above).
  for (const { rename, column, listPath } of renames) {
    const copied = await copyRenamedColumn(new SiteLists(graph, siteId), rename);
    await client.api(`${listPath}/columns/${column.id}`).delete();
    const where = `${rename.list.displayName}.${rename.from} → ${rename.to}`;
    report.renamed.push(where);
    logger?.info({ siteId, column: where, copied }, 'sharepoint column renamed');
  }

  // Data a new version reads differently is corrected in place, before the version says so.
  if (version?.value !== undefined && version.value < 5) {
    const corrected = await endSupersededParties(new SiteLists(graph, siteId));
    logger?.info(
      { siteId, cases: corrected },
      'sharepoint cases corrected: one IRO and one Guardian at a time',
    );
  }

  // Where each list is, by id: what the store addresses items through.
  const meta = byName.get(META.displayName.toLowerCase())!;
  for (const spec of lists) {
    const id = byName.get(spec.displayName.toLowerCase())!.id;
    if (recorded.get(spec.displayName) === id) continue;
    await upsertMeta(client, `${site}/lists/${meta.id}`, `${LIST_ID_KEY}${spec.displayName}`, id);
    logger?.info({ siteId, list: spec.displayName, id }, 'sharepoint list id recorded');
  }

  if (version?.value !== SCHEMA_VERSION) {
    await writeSchemaVersion(client, `${site}/lists/${meta.id}`, version);
    logger?.info(
      { siteId, from: version?.value ?? null, to: SCHEMA_VERSION },
      'sharepoint schema version recorded',
    );
    const metaName = META.displayName;
    report.unchanged = report.unchanged.filter((name) => name !== metaName);
  }
  return report;
}

/** What an existing column lacks (an index before a unique constraint, which needs it). */
function upgrade(
  column: ColumnSpec,
  current: GraphColumn,
): { indexed?: true; enforceUniqueValues?: true } | undefined {
  const patch: { indexed?: true; enforceUniqueValues?: true } = {};
  if (column.indexed && !current.indexed) patch.indexed = true;
  if (column.unique && !current.enforceUniqueValues) patch.enforceUniqueValues = true;
  return Object.keys(patch).length ? patch : undefined;
}

function typeOf(column: GraphColumn): ColumnType | 'another type' {
  if (column.text) return column.text.allowMultipleLines ? 'note' : 'text';
  if (column.number) return 'number';
  if (column.dateTime) return 'dateTime';
  if (column.boolean) return 'boolean';
  return 'another type';
}

/**
 * The site's facts in LiaisonMeta, in one read: the schema version (with the item holding it, to
 * change it on its eTag) and each list's recorded id.
 */
async function readMeta(
  client: Client,
  site: string,
  metaListId: string,
): Promise<{
  version: { value: number | undefined; itemId?: string; etag?: string };
  listIds: Map<string, string>;
}> {
  const listIds = new Map<string, string>();
  let version: { value: number | undefined; itemId?: string; etag?: string } = {
    value: undefined,
  };
  let url: string | undefined = `${site}/lists/${metaListId}/items?$expand=fields&$top=500`;
  while (url) {
    const page = (await client.api(url).get()) as {
      value: { id: string; eTag: string; fields: { MetaKey?: string; MetaValue?: string } }[];
      '@odata.nextLink'?: string;
    };
    for (const item of page.value) {
      const { MetaKey: key, MetaValue: value } = item.fields;
      if (key === SCHEMA_VERSION_KEY) {
        const n = Number(value);
        version = { value: Number.isInteger(n) ? n : undefined, itemId: item.id, etag: item.eTag };
      } else if (key?.startsWith(LIST_ID_KEY) && value) {
        listIds.set(key.slice(LIST_ID_KEY.length), value);
      }
    }
    url = page['@odata.nextLink'];
  }
  return { version, listIds };
}

/** Creates or replaces one fact in LiaisonMeta, found by its unique key. */
async function upsertMeta(client: Client, metaPath: string, key: string, value: string) {
  const page = (await client
    .api(`${metaPath}/items`)
    .expand('fields')
    .filter(`fields/MetaKey eq '${key.replace(/'/g, "''")}'`)
    .get()) as { value: { id: string; eTag: string }[] };
  const item = page.value[0];
  if (item) {
    await client
      .api(`${metaPath}/items/${item.id}/fields`)
      .header('If-Match', item.eTag)
      .patch({ MetaValue: value });
    return;
  }
  await client
    .api(`${metaPath}/items`)
    .post({ fields: { Title: key.slice(0, 255), MetaKey: key, MetaValue: value } });
}

async function writeSchemaVersion(
  client: Client,
  metaPath: string,
  current: { itemId?: string; etag?: string } | undefined,
): Promise<void> {
  const value = String(SCHEMA_VERSION);
  if (current?.itemId) {
    // With the eTag read: a concurrent provisioning run gets 412 rather than a silent overwrite.
    await client
      .api(`${metaPath}/items/${current.itemId}/fields`)
      .header('If-Match', current.etag ?? '*')
      .patch({ MetaValue: value });
    return;
  }
  await client
    .api(`${metaPath}/items`)
    .post({ fields: { Title: SCHEMA_VERSION_KEY, MetaKey: SCHEMA_VERSION_KEY, MetaValue: value } });
}

/**
 * Column definitions of several lists, read in JSON batches (a request throttled inside its
 * batch is sent again after its Retry-After).
 */
async function readColumns(graph: Graph, paths: string[]): Promise<GraphColumn[][]> {
  const answers = await sendBatched(
    graph,
    paths.map((url, i) => ({ id: String(i), method: 'GET' as const, url })),
  );
  return paths.map((path, i) => {
    const response = answers.get(String(i))!;
    if (response.status !== 200) {
      const error = new GraphError(response.status, `Reading ${path} failed`);
      error.body = JSON.stringify(response.body);
      throw error;
    }
    return (response.body as { value: GraphColumn[] }).value;
  });
}
