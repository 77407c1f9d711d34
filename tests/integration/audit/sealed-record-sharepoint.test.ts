/**
 * Tamper evidence on the SharePoint store, through the production Graph connection on the Graph
 * double: the same changes an attacker with write access to the site's lists (but not the key
 * or the anchors) might make, each found by the same check `npm run audit:verify` runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseEvent } from '../../../core';
import { AuditAnchoring } from '../../../server/audit/audit-jobs';
import { FileAuditAnchor } from '../../../server/audit/file-anchor';
import { loadSealKey } from '../../../server/audit/seal-key';
import { verifyTrail } from '../../../server/audit/verify-trail';
import type { Graph } from '../../../server/graph/graph-client';
import { createLogger } from '../../../server/logging';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { newCase } from '../../contract/store-fixtures';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

const clock = { now: () => Date.parse('2023-05-05T15:00:00Z') };
const actor = { personId: 'lawyer.jones', surface: 'api' as const };
const ico: CaseEvent = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const key = loadSealKey({ file: join(mkdtempSync(join(tmpdir(), 'liaison-key-')), 'seal.key') });

let double: GraphDouble;
let graph: Graph;
beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

/** A case of 3 events and 30 reads on a fresh site, sealed and anchored (34 entries). */
async function sealedRecord(): Promise<FileAuditAnchor> {
  double.reset();
  graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  const store = await connectSharePointStore(graph, double.siteId, clock, key);
  await store.createCase(newCase('C-1'), actor);
  const events: CaseEvent[] = [
    { type: 'application.issued', at: '2023-05-04T10:00:00+01:00' },
    ico,
    { type: 'iro-service.notified', at: '2023-05-05T16:30:00+01:00' },
  ];
  for (const [i, event] of events.entries())
    await store.append({ caseId: 'C-1', expectedVersion: i, events: [event], actor });
  for (let i = 0; i < 30; i++) await store.audit({ actor, action: 'case.read', caseId: 'C-1' });
  const anchor = new FileAuditAnchor(join(mkdtempSync(join(tmpdir(), 'liaison-anchor-')), 'a.log'));
  const anchoring = new AuditAnchoring({
    store,
    anchor,
    clock,
    logger: createLogger({ level: 'silent' }),
  });
  expect(await anchoring.round()).toMatchObject({ seq: 34 });
  await store.close();
  return anchor;
}

async function verify(anchor: FileAuditAnchor) {
  const store = await connectSharePointStore(graphClientFor(double), double.siteId, clock, key);
  return verifyTrail({ store, key, anchors: await anchor.heads() });
}

type Item = { id: string; fields: Record<string, unknown> };
async function items(list: string): Promise<Item[]> {
  const page = (await graph.client
    .api(`/sites/${double.siteId}/lists/${list}/items?$expand=fields&$top=999`)
    .get()) as { value: Item[] };
  return page.value;
}
const auditItem = async (seq: number) =>
  (await items('LiaisonAudit')).find((i) => i.fields.Seq === seq)!;
const eventItem = async (seq: number) =>
  (await items('LiaisonCaseEvents')).find(
    (i) => i.fields.CaseId === 'C-1' && i.fields.Seq === seq,
  )!;
const patch = (list: string, item: Item, fields: Record<string, unknown>) =>
  graph.client.api(`/sites/${double.siteId}/lists/${list}/items/${item.id}/fields`).patch(fields);
const remove = (list: string, item: Item) =>
  graph.client.api(`/sites/${double.siteId}/lists/${list}/items/${item.id}`).delete();

test('an untouched record is intact', async () => {
  const report = await verify(await sealedRecord());
  expect(report).toMatchObject({ ok: true, entries: 34, events: 3, anchors: 1, problems: [] });
});

const tamperings: [string, () => Promise<unknown>, RegExp][] = [
  [
    'the newest entry deleted',
    async () => remove('LiaisonAudit', await auditItem(34)),
    /ends at entry 33, but it reached entry 34 .*: entry 34 was deleted/,
  ],
  [
    'the newest 20 entries deleted',
    async () => {
      for (let seq = 15; seq <= 34; seq++) await remove('LiaisonAudit', await auditItem(seq));
    },
    /ends at entry 14, but it reached entry 34 .*: entries 15–34 were deleted/,
  ],
  [
    'an entry edited in place',
    async () => patch('LiaisonAudit', await auditItem(10), { PersonId: 'someone.else' }),
    /Audit entry 10 does not match its seal/,
  ],
  [
    'an entry re-hashed without the key',
    async () => {
      const item = await auditItem(10);
      await patch('LiaisonAudit', item, { Hash: '0'.repeat(64) });
    },
    /Audit entry 10 has a plain hash after keyed seals/,
  ],
  [
    'a recorded ICO turned into an EPO',
    async () => {
      const item = await eventItem(1);
      await patch('LiaisonCaseEvents', item, {
        Body: String(item.fields.Body).replace('"ICO"', '"EPO"'),
      });
    },
    /Case C-1 event 1 .* does not match its seal \(it was edited\)/,
  ],
  [
    'an event deleted',
    async () => remove('LiaisonCaseEvents', await eventItem(2)),
    /Case C-1 event 2 is sealed in the audit trail but missing \(deleted\)/,
  ],
];

test.each(tamperings)('%s is found and named', async (_what, tamper, problem) => {
  const anchor = await sealedRecord();
  await tamper();
  const report = await verify(anchor);
  expect(report.ok).toBe(false);
  expect(report.problems.join('\n')).toMatch(problem);
});
