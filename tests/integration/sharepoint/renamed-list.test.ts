/**
 * A list renamed in SharePoint breaks nothing: provisioning records each list's id, the store
 * addresses items through those ids, and provisioning again finds the renamed list (by its id,
 * or on an older site by its address, which renaming keeps) rather than making an empty one.
 */
import type { Actor } from '../../../core';
import type { Graph } from '../../../server/graph/graph-client';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { CASES, META } from '../../../server/store/sharepoint/schema';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { newCase } from '../../contract/store-fixtures';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

let double: GraphDouble;
let graph: Graph;
beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

const actor: Actor = { personId: 'lawyer.jones', surface: 'api' };
const clock = { now: () => Date.parse('2023-05-05T15:00:00Z') };

async function listsOnSite(): Promise<{ id: string; displayName: string }[]> {
  return (
    (await graph.client.api(`/sites/${double.siteId}/lists`).get()) as {
      value: { id: string; displayName: string }[];
    }
  ).value;
}

async function rename(from: string, to: string): Promise<void> {
  const list = (await listsOnSite()).find((l) => l.displayName === from)!;
  await graph.client.api(`/sites/${double.siteId}/lists/${list.id}`).patch({ displayName: to });
}

test('the cases list and the facts list renamed: the store and provisioning carry on', async () => {
  double.reset();
  graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  const store = await connectSharePointStore(graph, double.siteId, clock);
  await store.createCase(newCase('C-1'), actor);
  const before = (await listsOnSite()).length;

  await rename(CASES.displayName, 'Cases (do not touch)');
  await rename(META.displayName, 'Settings');

  const again = await connectSharePointStore(graphClientFor(double), double.siteId, clock);
  expect((await again.getCase('C-1'))?.header.id).toBe('C-1');
  expect(await again.createCase(newCase('C-2'), actor)).toBeTruthy();

  const report = await provisionSite(graph, double.siteId);
  expect(report.created).toEqual([]);
  expect((await listsOnSite()).length).toBe(before);
  expect((await again.getCase('C-2'))?.header.id).toBe('C-2');
});
