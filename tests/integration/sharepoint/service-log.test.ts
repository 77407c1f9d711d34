/**
 * The SharePoint adapter against the ServiceLog contract, through the production Graph
 * connection, on a freshly provisioned site of the Graph double for every test; and a site of
 * schema version 5 brought up to date (the service log's list of version 6, and the lists after
 * it) with what it holds kept.
 */
import type { Graph } from '../../../server/graph/graph-client';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import {
  DIGEST_PREFERENCES,
  IDEMPOTENCY_RECORDS,
  LISTS,
  SCHEMA_VERSION,
  SERVICE_LOG,
} from '../../../server/store/sharepoint/schema';
import { SharePointServiceLog } from '../../../server/store/sharepoint/service-log';
import {
  connectSharePointStore,
  SharePointSchemaVersionError,
} from '../../../server/store/sharepoint/sharepoint-store';
import { serviceLogContract } from '../../contract/service-log.contract';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import {
  VERSION_9,
  recordSchemaVersion,
  withVersionColumnsBefore9,
  writesSince,
} from '../../support/sharepoint-site';

/** A whole second: SharePoint keeps date-times to the second. */
const NOW = '2026-12-03T12:00:00.000Z';
const clock = { now: () => Date.parse(NOW) };

let double: GraphDouble;
let graph: Graph;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
  graph = graphClientFor(double);
});

afterAll(() => double.close());

beforeEach(() => double.reset());

afterEach(() => {
  // The log is read whole, by item id: never a query SharePoint refuses on a big list.
  expect(double.refused('not-indexed')).toEqual([]);
  expect(double.refused('threshold')).toEqual([]);
});

const instance = (at: { now: () => number } = clock) =>
  new SharePointServiceLog(graphClientFor(double), double.siteId, at);

serviceLogContract('SharePointServiceLog', async () => {
  await provisionSite(graph, double.siteId);
  return { log: instance(), reopen: () => Promise.resolve(instance()), now: NOW };
});

const published = {
  key: 'register.published:2026-12',
  event: {
    type: 'register.published' as const,
    at: '2026-12-05T07:00:00Z',
    month: '2026-12',
    file: 'case-register-2026-12.xlsx',
    url: 'https://contoso.sharepoint.com/sites/liaison/Shared%20Documents/IRO%20Liaison%20registers/case-register-2026-12.xlsx',
    cases: 12,
  },
  recordedBy: 'system',
  surface: 'api' as const,
};

describe('SharePointServiceLog on SharePoint', () => {
  test('records the time to the second, as SharePoint keeps it, in toISOString form', async () => {
    await provisionSite(graph, double.siteId);
    const log = instance({ now: () => Date.parse('2026-12-03T12:00:07.750Z') });

    const { recorded } = await log.appendServiceEvent(published);

    expect(recorded.recordedAt).toBe('2026-12-03T12:00:07.000Z');
    expect((await log.readServiceLog())[0]!.recordedAt).toBe('2026-12-03T12:00:07.000Z');
  });

  test('one item an event, keyed and titled by its key, the event as JSON', async () => {
    await provisionSite(graph, double.siteId);
    await instance().appendServiceEvent(published);

    const items = (await graph.client
      .api(`/sites/${double.siteId}/lists/${SERVICE_LOG.displayName}/items?$expand=fields`)
      .get()) as { value: { fields: Record<string, unknown> }[] };
    expect(items.value).toHaveLength(1);
    expect(items.value[0]!.fields).toMatchObject({
      Title: published.key,
      EventKey: published.key,
      EventType: 'register.published',
      RecordedAt: '2026-12-03T12:00:00Z',
      RecordedBy: 'system',
      Surface: 'api',
    });
    expect(JSON.parse(items.value[0]!.fields.Body as string)).toEqual(published.event);
  });

  test('an append is two round trips, a read one, however many events there are', async () => {
    await provisionSite(graph, double.siteId);
    const log = instance();
    for (let month = 1; month <= 12; month++) {
      const m = `2027-${String(month).padStart(2, '0')}`;
      await log.appendServiceEvent({ ...published, key: `register.published:${m}` });
    }
    let trips = double.stats().roundTrips;
    await log.appendServiceEvent({ ...published, key: 'register.published:2028-01' });
    expect(double.stats().roundTrips - trips).toBe(2);
    trips = double.stats().roundTrips;
    await log.appendServiceEvent({ ...published, key: 'register.published:2028-01' });
    expect(double.stats().roundTrips - trips).toBe(2);
    trips = double.stats().roundTrips;
    expect(await log.readServiceLog()).toHaveLength(13);
    expect(double.stats().roundTrips - trips).toBe(1);
  });

  test('a log longer than a page reads whole, in recording order', async () => {
    await provisionSite(graph, double.siteId);
    double.seedItems(
      SERVICE_LOG.displayName,
      Array.from({ length: 1005 }, (_, i) => ({
        Title: `link-meeting.held:${i}`,
        EventKey: `link-meeting.held:${i}`,
        EventType: 'link-meeting.held',
        Body: JSON.stringify({
          type: 'link-meeting.held',
          at: '2027-03-16T14:00:00Z',
          meeting: '2027-03-16',
          protocolReviewed: false,
        }),
        RecordedAt: '2027-03-16T15:00:00Z',
        RecordedBy: 'irotm.brown',
        Surface: 'tab',
      })),
    );

    const read = await instance().readServiceLog();

    expect(read).toHaveLength(1005);
    expect(read.map((e) => e.seq)).toEqual(read.map((_, i) => i));
    expect(read.map((e) => e.key)).toEqual(read.map((_, i) => `link-meeting.held:${i}`));
  });

  test('a key differing only in case is refused, not taken for the recorded one', async () => {
    await provisionSite(graph, double.siteId);
    const log = instance();
    await log.appendServiceEvent(published);

    await expect(
      log.appendServiceEvent({ ...published, key: 'Register.Published:2026-12' }),
    ).rejects.toThrow(/differing only in case/);
    expect(await log.readServiceLog()).toHaveLength(1);
  });

  test('gets through Graph throttling, recording each event once', async () => {
    await provisionSite(graph, double.siteId);
    double.setFaults({ throttleRate: 0.3, serviceUnavailableRate: 0.1, retryAfterSeconds: 0 });
    const log = instance();

    for (const month of ['2026-12', '2027-01', '2027-02']) {
      await log.appendServiceEvent({ ...published, key: `register.published:${month}` });
      await log.appendServiceEvent({ ...published, key: `register.published:${month}` });
    }

    const stats = double.stats();
    expect(stats.injected429 + stats.injected503).toBeGreaterThan(0);
    double.setFaults({ throttleRate: 0, serviceUnavailableRate: 0 });
    expect((await log.readServiceLog()).map((e) => [e.seq, e.key])).toEqual([
      [0, 'register.published:2026-12'],
      [1, 'register.published:2027-01'],
      [2, 'register.published:2027-02'],
    ]);
  });
});

describe('schema version 6', () => {
  const columnsOf = async (list: string) =>
    (
      (await graph.client.api(`/sites/${double.siteId}/lists/${list}/columns`).get()) as {
        value: {
          name: string;
          readOnly: boolean;
          indexed: boolean;
          enforceUniqueValues: boolean;
          text?: { allowMultipleLines: boolean };
          dateTime?: object;
        }[];
      }
    ).value.filter((c) => !c.readOnly && c.name !== 'Title');

  test('a site at schema version 5 gets the service log’s list, keyed, and keeps what it holds', async () => {
    // Version 7's and 8's lists are not there either.
    const v5 = LISTS.filter(
      (l) => l !== SERVICE_LOG && l !== DIGEST_PREFERENCES && l !== IDEMPOTENCY_RECORDS,
    );
    await provisionSite(graph, double.siteId, undefined, v5);
    await withVersionColumnsBefore9(graph, double.siteId);
    double.seedItems('LiaisonCases', [{ Title: 'C-1', CaseId: 'C-1', Version: 3 }]);
    double.seedItems('LiaisonPeople', [
      { Title: 'iro.patel', PersonId: 'iro.patel', Roles: '["iro"]', Teams: '["north"]' },
    ]);
    await recordSchemaVersion(graph, double.siteId, 5);
    // This code's store will not run on the site until it is upgraded.
    await expect(connectSharePointStore(graph, double.siteId, clock)).rejects.toBeInstanceOf(
      SharePointSchemaVersionError,
    );
    const from = double.log.length;

    const report = await provisionSite(graph, double.siteId);

    expect(SCHEMA_VERSION).toBe(9);
    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 5, after: 9 },
      created: ['LiaisonServiceLog', 'LiaisonDigestPreferences', 'LiaisonIdempotencyRecords'],
      columnsAdded: VERSION_9.map((l) => `${l}.CaseVersion`),
      indexed: [],
      uniqueEnforced: [],
      renamed: VERSION_9.map((l) => `${l}.Version → CaseVersion`),
      unchanged: v5
        .map((l) => l.displayName)
        .filter((n) => n !== 'LiaisonMeta' && !VERSION_9.includes(n)),
    });
    const writes = writesSince(double, from);
    // The new list(s) and version 9's columns, the case's version copied and the old columns
    // removed, the new lists' ids, the version: the items already there are left as they were.
    expect(writes.map((e) => e.method)).toEqual([
      ...Array(6).fill('POST'),
      'PATCH',
      ...Array(3).fill('DELETE'),
      ...Array(3).fill('POST'),
      'PATCH',
    ]);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonCases')!.itemCount).toBe(1);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonPeople')!.itemCount).toBe(1);

    const columns = await columnsOf(SERVICE_LOG.displayName);
    expect(columns.map((c) => c.name)).toEqual(SERVICE_LOG.columns.map((c) => c.name));
    expect(columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(['EventKey']);
    expect(columns.filter((c) => c.enforceUniqueValues).map((c) => c.name)).toEqual(['EventKey']);
    expect(columns.find((c) => c.name === 'Body')!.text).toMatchObject({
      allowMultipleLines: true,
    });
    expect(columns.find((c) => c.name === 'RecordedAt')!.dateTime).toBeDefined();

    const store = await connectSharePointStore(graph, double.siteId, clock);
    expect((await store.getCase('C-1'))?.version).toBe(3);
    expect((await store.person('iro.patel'))?.roles).toEqual(['iro']);
    const log = instance();
    expect(await log.readServiceLog()).toEqual([]);
    expect((await log.appendServiceEvent(published)).appended).toBe(true);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(
      LISTS.map((l) => l.displayName),
    );
  });
});
