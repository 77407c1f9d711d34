/**
 * The SharePoint adapter against the DigestPreferences contract, through the production Graph
 * connection, on a freshly provisioned site of the Graph double for every test; and a site of
 * schema version 6 brought up to date (the digest preferences' list of version 7, and the lists
 * after it) with what it holds kept.
 */
import type { DigestPreference } from '../../../core';
import type { Graph } from '../../../server/graph/graph-client';
import { SharePointDigestPreferences } from '../../../server/store/sharepoint/digest-preferences';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import {
  DIGEST_PREFERENCES,
  IDEMPOTENCY_RECORDS,
  LISTS,
  SCHEMA_VERSION,
} from '../../../server/store/sharepoint/schema';
import { SharePointServiceLog } from '../../../server/store/sharepoint/service-log';
import {
  connectSharePointStore,
  SharePointSchemaVersionError,
} from '../../../server/store/sharepoint/sharepoint-store';
import { digestPreferencesContract } from '../../contract/digest-preferences.contract';
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
  // Read whole by item id, found by the indexed PersonId: never a query SharePoint refuses.
  expect(double.refused('not-indexed')).toEqual([]);
  expect(double.refused('threshold')).toEqual([]);
});

const instance = () => new SharePointDigestPreferences(graphClientFor(double), double.siteId);

digestPreferencesContract('SharePointDigestPreferences', async () => {
  await provisionSite(graph, double.siteId);
  return { preferences: instance(), reopen: () => Promise.resolve(instance()) };
});

const tuesdays: DigestPreference = {
  personId: 'iro.patel',
  off: false,
  day: 'tuesday',
  updatedBy: 'iro.patel',
  updatedAt: NOW,
};

const itemsOf = async () =>
  (
    (await graph.client
      .api(`/sites/${double.siteId}/lists/${DIGEST_PREFERENCES.displayName}/items?$expand=fields`)
      .get()) as { value: { fields: Record<string, unknown> }[] }
  ).value;

describe('SharePointDigestPreferences on SharePoint', () => {
  test('one item a person, keyed and titled by their id, changed in place', async () => {
    await provisionSite(graph, double.siteId);
    const preferences = instance();
    await preferences.saveDigestPreference(tuesdays);

    let items = await itemsOf();
    expect(items).toHaveLength(1);
    expect(items[0]!.fields).toMatchObject({
      Title: 'iro.patel',
      PersonId: 'iro.patel',
      Off: false,
      Day: 'tuesday',
      UpdatedBy: 'iro.patel',
      UpdatedAt: '2026-12-03T12:00:00Z',
    });

    // Off, and back to the council's day: the day chosen before is cleared, not left behind.
    await preferences.saveDigestPreference({
      personId: 'iro.patel',
      off: true,
      updatedBy: 'iroadmin.wood',
      updatedAt: '2026-12-04T09:00:00.000Z',
    });
    items = await itemsOf();
    expect(items).toHaveLength(1);
    expect(items[0]!.fields).toMatchObject({ Off: true, UpdatedBy: 'iroadmin.wood' });
    expect(items[0]!.fields.Day).toBeUndefined();
  });

  test('keeps the time to the second, rounded down, in toISOString form', async () => {
    await provisionSite(graph, double.siteId);
    const preferences = instance();
    await preferences.saveDigestPreference({ ...tuesdays, updatedAt: '2026-12-03T12:00:07.750Z' });

    expect((await preferences.digestPreferences())[0]!.updatedAt).toBe('2026-12-03T12:00:07.000Z');
  });

  test('a save is two round trips, a read one, however many people there are', async () => {
    await provisionSite(graph, double.siteId);
    const preferences = instance();
    for (let i = 0; i < 12; i++) {
      await preferences.saveDigestPreference({ ...tuesdays, personId: `iro.${i}` });
    }
    let trips = double.stats().roundTrips;
    await preferences.saveDigestPreference({ ...tuesdays, personId: 'lawyer.jones' });
    expect(double.stats().roundTrips - trips).toBe(2);
    trips = double.stats().roundTrips;
    await preferences.saveDigestPreference({ ...tuesdays, personId: 'lawyer.jones', off: true });
    expect(double.stats().roundTrips - trips).toBe(2);
    trips = double.stats().roundTrips;
    expect(await preferences.digestPreferences()).toHaveLength(13);
    expect(double.stats().roundTrips - trips).toBe(1);
  });

  test('more people than a page read whole', async () => {
    await provisionSite(graph, double.siteId);
    const ids = Array.from({ length: 1005 }, (_, i) => `person.${String(i).padStart(4, '0')}`);
    double.seedItems(
      DIGEST_PREFERENCES.displayName,
      ids.map((id) => ({
        Title: id,
        PersonId: id,
        Off: false,
        Day: 'friday',
        UpdatedBy: id,
        UpdatedAt: '2026-12-03T12:00:00Z',
      })),
    );

    const read = await instance().digestPreferences();

    expect(read.map((p) => p.personId)).toEqual(ids);
    expect(read[1004]).toStrictEqual({
      personId: 'person.1004',
      off: false,
      day: 'friday',
      updatedBy: 'person.1004',
      updatedAt: NOW,
    });
  });

  test('an item edited by hand: a day that is no weekday is the council’s, one without a person is left out', async () => {
    await provisionSite(graph, double.siteId);
    double.seedItems(DIGEST_PREFERENCES.displayName, [
      {
        Title: 'iro.patel',
        PersonId: 'iro.patel',
        Off: false,
        Day: 'Someday',
        UpdatedBy: 'iro.patel',
        UpdatedAt: '2026-12-03T12:00:00Z',
      },
      { Title: 'nobody', Off: true, UpdatedAt: '2026-12-03T12:00:00Z' },
    ]);

    expect(await instance().digestPreferences()).toStrictEqual([
      { personId: 'iro.patel', off: false, updatedBy: 'iro.patel', updatedAt: NOW },
    ]);
  });

  test('gets through Graph throttling, one item a person', async () => {
    await provisionSite(graph, double.siteId);
    double.setFaults({ throttleRate: 0.3, serviceUnavailableRate: 0.1, retryAfterSeconds: 0 });
    const preferences = instance();

    for (const personId of ['iro.patel', 'lawyer.jones', 'sw.khan']) {
      await preferences.saveDigestPreference({ ...tuesdays, personId });
      await preferences.saveDigestPreference({ ...tuesdays, personId, day: 'wednesday' });
    }

    const stats = double.stats();
    expect(stats.injected429 + stats.injected503).toBeGreaterThan(0);
    double.setFaults({ throttleRate: 0, serviceUnavailableRate: 0 });
    expect((await preferences.digestPreferences()).map((p) => [p.personId, p.day])).toEqual([
      ['iro.patel', 'wednesday'],
      ['lawyer.jones', 'wednesday'],
      ['sw.khan', 'wednesday'],
    ]);
  });
});

describe('schema version 7', () => {
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
          boolean?: object;
        }[];
      }
    ).value.filter((c) => !c.readOnly && c.name !== 'Title');

  test('a site at schema version 6 gets the digest preferences’ list, keyed, and keeps what it holds', async () => {
    // Version 8's list is not there either.
    const v6 = LISTS.filter((l) => l !== DIGEST_PREFERENCES && l !== IDEMPOTENCY_RECORDS);
    await provisionSite(graph, double.siteId, undefined, v6);
    await withVersionColumnsBefore9(graph, double.siteId);
    double.seedItems('LiaisonCases', [{ Title: 'C-1', CaseId: 'C-1', Version: 3 }]);
    double.seedItems('LiaisonPeople', [
      { Title: 'iro.patel', PersonId: 'iro.patel', Roles: '["iro"]', Teams: '["north"]' },
    ]);
    double.seedItems('LiaisonServiceLog', [
      {
        Title: 'service-duties.started',
        EventKey: 'service-duties.started',
        EventType: 'service-duties.started',
        Body: JSON.stringify({ type: 'service-duties.started', at: '2026-11-30T09:00:00Z' }),
        RecordedAt: '2026-11-30T09:00:00Z',
        RecordedBy: 'system',
        Surface: 'api',
      },
    ]);
    await recordSchemaVersion(graph, double.siteId, 6);
    // This code's store will not run on the site until it is upgraded.
    await expect(connectSharePointStore(graph, double.siteId, clock)).rejects.toBeInstanceOf(
      SharePointSchemaVersionError,
    );
    const from = double.log.length;

    const report = await provisionSite(graph, double.siteId);

    expect(SCHEMA_VERSION).toBe(9);
    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 6, after: 9 },
      created: ['LiaisonDigestPreferences', 'LiaisonIdempotencyRecords'],
      columnsAdded: VERSION_9.map((l) => `${l}.CaseVersion`),
      indexed: [],
      uniqueEnforced: [],
      renamed: VERSION_9.map((l) => `${l}.Version → CaseVersion`),
      unchanged: v6
        .map((l) => l.displayName)
        .filter((n) => n !== 'LiaisonMeta' && !VERSION_9.includes(n)),
    });
    const writes = writesSince(double, from);
    // The new list(s) and version 9's columns, the case's version copied and the old columns
    // removed, the new lists' ids, the version: the items already there are left as they were.
    expect(writes.map((e) => e.method)).toEqual([
      ...Array(5).fill('POST'),
      'PATCH',
      ...Array(3).fill('DELETE'),
      ...Array(2).fill('POST'),
      'PATCH',
    ]);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonCases')!.itemCount).toBe(1);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonPeople')!.itemCount).toBe(1);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonServiceLog')!.itemCount).toBe(1);

    const columns = await columnsOf(DIGEST_PREFERENCES.displayName);
    expect(columns.map((c) => c.name)).toEqual(DIGEST_PREFERENCES.columns.map((c) => c.name));
    expect(columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(['PersonId']);
    expect(columns.filter((c) => c.enforceUniqueValues).map((c) => c.name)).toEqual(['PersonId']);
    expect(columns.find((c) => c.name === 'Off')!.boolean).toBeDefined();
    expect(columns.find((c) => c.name === 'Day')!.text).toMatchObject({
      allowMultipleLines: false,
    });
    expect(columns.find((c) => c.name === 'UpdatedAt')!.dateTime).toBeDefined();

    const store = await connectSharePointStore(graph, double.siteId, clock);
    expect((await store.getCase('C-1'))?.version).toBe(3);
    expect((await store.person('iro.patel'))?.roles).toEqual(['iro']);
    const log = new SharePointServiceLog(graph, double.siteId, clock);
    expect((await log.readServiceLog()).map((e) => e.key)).toEqual(['service-duties.started']);
    const preferences = instance();
    expect(await preferences.digestPreferences()).toEqual([]);
    await preferences.saveDigestPreference(tuesdays);
    expect(await preferences.digestPreferences()).toStrictEqual([tuesdays]);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(
      LISTS.map((l) => l.displayName),
    );
  });
});
