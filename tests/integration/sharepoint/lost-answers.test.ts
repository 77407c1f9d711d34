/**
 * A write whose outcome is unknown is read back before it is sent again. The Graph double carries
 * out a write but answers 503 (a gateway timing out after SharePoint applied it); Graph's client
 * then resends it. The append still records its events once and answers `appended` — not a
 * conflict with itself — and the audit trail holds each entry once.
 */
import type { Actor } from '../../../core';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { newCase } from '../../contract/store-fixtures';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

let double: GraphDouble;
beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

const actor: Actor = { personId: 'lawyer.jones', surface: 'api' };
const ico = { type: 'order.made' as const, at: '2023-05-05T16:00:00+01:00', order: 'ICO' as const };

async function store() {
  double.reset();
  const graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  const s = await connectSharePointStore(graph, double.siteId, {
    now: () => Date.parse('2023-05-05T15:00:00Z'),
  });
  await s.createCase(newCase('C-1'), actor);
  return s;
}

test('an append whose answer was lost is recognised as done, once', async () => {
  const s = await store();
  double.loseAnswerOfNext(1, /^\/\$batch$/);
  const result = await s.append({ caseId: 'C-1', expectedVersion: 0, events: [ico], actor });
  expect(double.lostAnswerCount).toBe(1);
  expect(result).toMatchObject({ status: 'appended', version: 1 });
  expect((await s.readEvents('C-1')).map((e) => e.event)).toEqual([ico]);
  expect((await s.getCase('C-1'))?.version).toBe(1);
});

test.each([
  ['the batch that marks and commits', /^\/\$batch$/],
  ['a single item write', /\/items/],
])('an append still records once when %s loses its answer', async (_what, path) => {
  const s = await store();
  double.loseAnswerOfNext(1, path);
  const result = await s.append({ caseId: 'C-1', expectedVersion: 0, events: [ico], actor });
  expect(double.lostAnswerCount).toBe(1);
  expect(result.status).toBe('appended');
  expect(await s.readEvents('C-1')).toHaveLength(1);
  const appended = (await s.readAudit(0, 100)).filter((e) => e.action === 'event.appended');
  expect(appended).toHaveLength(1);
});

test('an audit entry whose answer was lost is in the trail once', async () => {
  const s = await store();
  double.loseAnswerOfNext(1, /^\/\$batch$/);
  await s.audit({ actor, action: 'case.read', caseId: 'C-1' });
  expect(double.lostAnswerCount).toBe(1);
  const reads = (await s.readAudit(0, 100)).filter((e) => e.action === 'case.read');
  expect(reads).toHaveLength(1);
});
