/**
 * Exactly once without trusting an undocumented answer: Microsoft documents no status for a value
 * already held in a unique column, and SharePoint's own `SPDuplicateValuesFoundException` has been
 * seen to come through Graph as a 500 rather than a 409. With the Graph double answering that way,
 * the stores still keep every contract — each append, audit entry, outbox item, service event and
 * idempotency record written once however many writers race.
 */
import type { Graph } from '../../../server/graph/graph-client';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { SharePointServiceLog } from '../../../server/store/sharepoint/service-log';
import { SharePointIdempotencyRecords } from '../../../server/store/sharepoint/idempotency-records';
import { storeContracts } from '../../contract/store-contracts';
import { serviceLogContract } from '../../contract/service-log.contract';
import { idempotencyRecordsContract } from '../../contract/idempotency-records.contract';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

let double: GraphDouble;
let graph: Graph;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

async function freshSite(): Promise<void> {
  double.reset();
  double.sharepoint.duplicateValueStatus = 500;
  graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
}

afterEach(() => {
  // The duplicates really were answered, and as 500s.
  expect(double.sharepoint.duplicateValueStatus).toBe(500);
});

storeContracts('Store, duplicates as 500', async (at) => {
  await freshSite();
  let now = Date.parse(at);
  const clock = { now: () => now };
  const store = await connectSharePointStore(graph, double.siteId, clock);
  return {
    store,
    reopen: () => connectSharePointStore(graphClientFor(double), double.siteId, clock),
    setNow: (at: string) => {
      now = Date.parse(at);
    },
  };
});

serviceLogContract('SharePointServiceLog, duplicates as 500', async () => {
  await freshSite();
  const clock = { now: () => Date.parse('2026-12-03T12:00:00.000Z') };
  const instance = () => new SharePointServiceLog(graphClientFor(double), double.siteId, clock);
  return {
    log: instance(),
    reopen: () => Promise.resolve(instance()),
    now: '2026-12-03T12:00:00.000Z',
  };
});

idempotencyRecordsContract('SharePointIdempotencyRecords, duplicates as 500', async () => {
  await freshSite();
  const instance = () => new SharePointIdempotencyRecords(graphClientFor(double), double.siteId);
  return { records: instance(), reopen: () => Promise.resolve(instance()) };
});

test('the double does answer a duplicate as a 500', async () => {
  await freshSite();
  const store = await connectSharePointStore(graph, double.siteId, {
    now: () => Date.parse('2023-05-05T15:00:00Z'),
  });
  const actor = { personId: 'lawyer.jones', surface: 'api' as const };
  const { newCase } = await import('../../contract/store-fixtures');
  await store.createCase(newCase('C-1'), actor);
  const before = double.stats().uniqueViolations;
  expect(await store.createCase(newCase('C-1'), actor)).toBe(false);
  expect(double.stats().uniqueViolations).toBeGreaterThan(before);
});
