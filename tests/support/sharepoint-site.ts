/** What tests of the SharePoint store do to a provisioned site behind the store's back. */
import type { Graph } from '../../server/graph/graph-client';
import type { GraphDouble, LoggedRequest } from './graph-double';

/** Says the site is at this schema version, as an older release would have left it. */
export async function recordSchemaVersion(
  graph: Graph,
  siteId: string,
  version: number,
): Promise<void> {
  const meta = (await graph.client
    .api(`/sites/${siteId}/lists/LiaisonMeta/items`)
    .expand('fields')
    .get()) as { value: { id: string; eTag: string; fields: { MetaKey?: string } }[] };
  // The schema version's item (the list ids provisioning recorded are beside it).
  const item = meta.value.find((i) => i.fields.MetaKey === 'schemaVersion')!;
  await graph.client
    .api(`/sites/${siteId}/lists/LiaisonMeta/items/${item.id}/fields`)
    .header('If-Match', item.eTag)
    .patch({ MetaValue: String(version) });
}

/** The lists whose `Version` column schema version 9 renamed to `CaseVersion`. */
export const VERSION_9 = ['LiaisonCases', 'LiaisonIdempotencyKeys', 'LiaisonDeadlineCalendarCases'];

/**
 * Gives the lists the column a site before schema version 9 kept the case version in, `Version`,
 * in place of `CaseVersion` (values are not carried: call it before seeding items).
 */
export async function withVersionColumnsBefore9(graph: Graph, siteId: string): Promise<void> {
  for (const list of VERSION_9) {
    const columns = `/sites/${siteId}/lists/${list}/columns`;
    // A list the site did not have yet at its version has nothing to change.
    const found = (await graph.client
      .api(columns)
      .get()
      .catch(() => ({ value: [] }))) as { value: { id: string; name: string }[] };
    const current = found.value.find((c) => c.name === 'CaseVersion');
    if (!current) continue;
    await graph.client.api(`${columns}/${current.id}`).delete();
    await graph.client.api(columns).post({
      name: 'Version',
      displayName: 'Version',
      indexed: false,
      enforceUniqueValues: false,
      required: false,
      number: { decimalPlaces: 'none' },
    });
  }
}

/**
 * The requests since log position `from` that changed something: every write, those inside a
 * `$batch` included (the batch's envelope, a POST that only carries them, left out).
 */
export function writesSince(double: GraphDouble, from: number): LoggedRequest[] {
  return double.log.slice(from).filter((e) => e.method !== 'GET' && e.path !== '/v1.0/$batch');
}
