/** What tests of the SharePoint store do to a provisioned site behind the store's back. */
import type { Graph } from '../../server/graph/graph-client';

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
