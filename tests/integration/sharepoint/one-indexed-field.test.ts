/**
 * Only documented behaviour: the list items documentation says the service filters on one indexed
 * field at a time. With the Graph double refusing any filter on two fields, the audit trail —
 * written across several blocks, read back in pages, its head found afresh by another instance,
 * and verified end to end — needs no other kind of query.
 */
import type { Actor } from '../../../core';
import { verifyTrail } from '../../../server/audit/verify-trail';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { AUDIT_BLOCK_SIZE } from '../../../server/store/sharepoint/schema';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { newCase } from '../../contract/store-fixtures';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

jest.setTimeout(60_000);

let double: GraphDouble;
beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

const actor: Actor = { personId: 'lawyer.jones', surface: 'api' };
const clock = { now: () => Date.parse('2023-05-05T15:00:00Z') };

test('the audit trail across blocks, read and verified with one indexed field a filter', async () => {
  double.reset();
  const graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  double.sharepoint.oneIndexedFieldPerFilter = true;
  const store = await connectSharePointStore(graph, double.siteId, clock);
  await store.createCase(newCase('C-1'), actor);
  const total = 2 * AUDIT_BLOCK_SIZE + 150;
  for (let i = 1; i < total; i++) await store.audit({ actor, action: 'case.read', caseId: 'C-1' });

  // Another instance finds the head afresh and reads a stretch spanning two blocks.
  const other = await connectSharePointStore(graphClientFor(double), double.siteId, clock);
  const stretch = await other.readAudit(AUDIT_BLOCK_SIZE - 10, 30);
  expect(stretch.map((e) => e.seq)).toEqual(
    Array.from({ length: 30 }, (_, i) => AUDIT_BLOCK_SIZE - 9 + i),
  );
  const report = await verifyTrail({ store: other });
  expect(report).toMatchObject({ ok: true, entries: total });
  expect(double.refused('two-indexed-fields')).toEqual([]);
});
