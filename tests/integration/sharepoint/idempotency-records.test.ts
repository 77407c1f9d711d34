/**
 * The SharePoint adapter against the IdempotencyRecords contract, through the production Graph
 * connection, on a freshly provisioned site of the Graph double for every test; writes whose
 * answer is lost or that SharePoint refuses its own way; forgetting on a list over the list view
 * threshold; and a site of schema version 7 brought to 8 (the idempotency records' list) with what
 * it holds kept.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import type { IdempotencyRecords, StoredAnswer } from '../../../core';
import type { Graph } from '../../../server/graph/graph-client';
import {
  MAX_BODY_LENGTH,
  SharePointIdempotencyRecords,
} from '../../../server/store/sharepoint/idempotency-records';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import {
  IDEMPOTENCY_RECORDS,
  LISTS,
  SCHEMA_VERSION,
  idempotencyRecordKey,
} from '../../../server/store/sharepoint/schema';
import { SharePointDigestPreferences } from '../../../server/store/sharepoint/digest-preferences';
import {
  connectSharePointStore,
  SharePointSchemaVersionError,
} from '../../../server/store/sharepoint/sharepoint-store';
import { idempotencyRecordsContract } from '../../contract/idempotency-records.contract';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import {
  VERSION_9,
  recordSchemaVersion,
  withVersionColumnsBefore9,
  writesSince,
} from '../../support/sharepoint-site';

/** A whole second: SharePoint keeps date-times to the second. */
const T0 = '2026-12-03T12:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const DAY = 24 * 60 * 60;
const clock = { now: () => Date.parse(T0) };

let double: GraphDouble;
let graph: Graph;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
  graph = graphClientFor(double);
});

afterAll(() => double.close());

beforeEach(() => double.reset());

afterEach(() => {
  // Found by the indexed RecordKey, forgotten through the indexed StartedAt: never a query
  // SharePoint refuses.
  expect(double.refused('not-indexed')).toEqual([]);
  expect(double.refused('threshold')).toEqual([]);
});

const instance = (through: Graph = graphClientFor(double)) =>
  new SharePointIdempotencyRecords(through, double.siteId);

idempotencyRecordsContract('SharePointIdempotencyRecords', async () => {
  await provisionSite(graph, double.siteId);
  return { records: instance(), reopen: () => Promise.resolve(instance()) };
});

const request = (over: Partial<Parameters<IdempotencyRecords['claim']>[0]> = {}) => ({
  scope: 'lawyer.jones',
  key: 'tab-0c8f1d2e-4e7a',
  fingerprint: 'f1',
  now: T0,
  leaseUntil: at(60),
  freshFrom: at(-DAY),
  ...over,
});

const answer: StoredAnswer = {
  status: 201,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ obligation: { id: 'C-1042:iro-alert' } }),
};

const itemsOf = async () =>
  (
    (await graph.client
      .api(`/sites/${double.siteId}/lists/${IDEMPOTENCY_RECORDS.displayName}/items?$expand=fields`)
      .get()) as { value: { fields: Record<string, unknown> }[] }
  ).value;

/**
 * The Graph connection with its next writes of a method going wrong: `lost`, the write is done
 * and its answer lost (a gateway timeout after SharePoint did it); `refused`, the error is
 * thrown instead of sending it.
 */
function faulty(
  base: Graph,
  faults: { method: 'post' | 'patch' | 'delete'; lost?: boolean; error: () => Error }[],
): Graph {
  const client = new Proxy(base.client, {
    get(target, property, receiver) {
      if (property !== 'api') return Reflect.get(target, property, receiver) as unknown;
      return (path: string) => {
        const built = target.api(path);
        for (const method of ['post', 'patch', 'delete'] as const) {
          const real = built[method].bind(built) as (...args: unknown[]) => Promise<unknown>;
          (built as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
            const i = faults.findIndex((f) => f.method === method);
            if (i < 0) return real(...args);
            const [fault] = faults.splice(i, 1);
            if (fault!.lost) await real(...args);
            throw fault!.error();
          };
        }
        return built;
      };
    },
  });
  return { client, url: base.url };
}

const gatewayTimeout = () => new GraphError(504, 'Gateway Timeout');

describe('SharePointIdempotencyRecords on SharePoint', () => {
  test('one item a person and key, under a hash of both, answered and taken over in place', async () => {
    await provisionSite(graph, double.siteId);
    const records = instance();
    await records.claim(request({ now: '2026-12-03T12:00:00.750Z', leaseUntil: at(59.25) }));

    let items = await itemsOf();
    expect(items).toHaveLength(1);
    const id = idempotencyRecordKey('lawyer.jones', 'tab-0c8f1d2e-4e7a');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(items[0]!.fields).toMatchObject({
      Title: id,
      RecordKey: id,
      Scope: 'lawyer.jones',
      RequestKey: 'tab-0c8f1d2e-4e7a',
      Fingerprint: 'f1',
      // To the second: started rounded down, the lease rounded up.
      StartedAt: '2026-12-03T12:00:00Z',
      LeaseUntil: '2026-12-03T12:01:00Z',
    });
    expect(items[0]!.fields.AnswerStatus).toBeUndefined();

    await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer);
    items = await itemsOf();
    expect(items[0]!.fields).toMatchObject({
      AnswerStatus: 201,
      AnswerType: 'application/json; charset=utf-8',
      AnswerBody: answer.body,
    });

    // After the replay window: the same item, its answer cleared.
    await records.claim(
      request({ fingerprint: 'f9', now: at(DAY + 1), leaseUntil: at(DAY + 61), freshFrom: at(1) }),
    );
    items = await itemsOf();
    expect(items).toHaveLength(1);
    expect(items[0]!.fields).toMatchObject({ Fingerprint: 'f9', RecordKey: id });
    for (const column of ['AnswerStatus', 'AnswerType', 'AnswerBody']) {
      expect(items[0]!.fields[column]).toBeUndefined();
    }
  });

  test('keys that differ only in case, and the longest people and keys, are records of their own', async () => {
    await provisionSite(graph, double.siteId);
    const records = instance();
    const person = `p.${'x'.repeat(198)}`;
    const key = 'K'.repeat(100);

    expect(await records.claim(request({ key: 'tab-ABC' }))).toEqual({ outcome: 'claimed' });
    expect(await records.claim(request({ key: 'tab-abc' }))).toEqual({ outcome: 'claimed' });
    expect(await records.claim(request({ scope: person, key }))).toEqual({ outcome: 'claimed' });
    await records.answer(person, key, 'f1', answer);

    const seen = await instance().claim(request({ scope: person, key, now: at(5) }));
    expect(seen).toEqual({
      outcome: 'seen',
      record: { scope: person, key, fingerprint: 'f1', startedAt: T0, leaseUntil: at(60), answer },
    });
    expect(await itemsOf()).toHaveLength(3);
  });

  test('a new key is one round trip, a key seen before two; answering and releasing two each', async () => {
    await provisionSite(graph, double.siteId);
    const records = instance();
    for (let i = 0; i < 12; i++) await records.claim(request({ key: `key-${i}` }));

    const trips = async (work: () => Promise<unknown>) => {
      const before = double.stats().roundTrips;
      await work();
      return double.stats().roundTrips - before;
    };
    expect(await trips(() => records.claim(request()))).toBe(1);
    expect(await trips(() => records.claim(request({ now: at(1) })))).toBe(2);
    expect(await trips(() => records.release('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1'))).toBe(2);
    await records.claim(request());
    expect(
      await trips(() => records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer)),
    ).toBe(2);
    // A lapsed record taken over: the refused create, the item, the change.
    expect(
      await trips(() =>
        records.claim(request({ now: at(DAY), leaseUntil: at(DAY + 60), freshFrom: at(1) })),
      ),
    ).toBe(3);
  });

  test('an answer released or over the size kept changes nothing, and a release of an answered claim neither', async () => {
    await provisionSite(graph, double.siteId);
    const records = instance();
    await records.claim(request());

    const large = { ...answer, body: 'x'.repeat(MAX_BODY_LENGTH + 1) };
    await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', large);
    // Not kept: unanswered, so the lease lapses and a retry takes the key over.
    const seen = await records.claim(request({ now: at(30) }));
    expect(seen.outcome === 'seen' && seen.record.answer).toBeUndefined();
    expect(await records.claim(request({ now: at(60), leaseUntil: at(120) }))).toEqual({
      outcome: 'claimed',
    });

    const whole = { ...answer, body: 'é'.repeat(MAX_BODY_LENGTH) };
    await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', whole);
    await records.release('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1');
    const again = await instance().claim(request({ now: at(600) }));
    expect(again.outcome === 'seen' && again.record.answer).toEqual(whole);
  });

  test('SharePoint’s own duplicate-values error is "the key is held": the record is read and seen', async () => {
    await provisionSite(graph, double.siteId);
    await instance().claim(request());
    const duplicate = () => {
      const error = new GraphError(
        500,
        'Microsoft.SharePoint.SPDuplicateValuesFoundException: The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [RecordKey].',
      );
      error.code = 'generalException';
      return error;
    };
    const other = instance(faulty(graph, [{ method: 'post', error: duplicate }]));

    const seen = await other.claim(request({ fingerprint: 'f2', now: at(1) }));

    expect(seen).toEqual({
      outcome: 'seen',
      record: {
        scope: 'lawyer.jones',
        key: 'tab-0c8f1d2e-4e7a',
        fingerprint: 'f1',
        startedAt: T0,
        leaseUntil: at(60),
      },
    });
    expect(await itemsOf()).toHaveLength(1);
  });

  test('a claim whose create may have happened reads it back: not done, it creates; done, it is not worked on twice', async () => {
    await provisionSite(graph, double.siteId);

    // Refused before anything was done (a 504 from a gateway): nothing there, so created.
    const first = instance(faulty(graph, [{ method: 'post', error: gatewayTimeout }]));
    expect(await first.claim(request({ key: 'not-done' }))).toEqual({ outcome: 'claimed' });

    // Done, its answer lost: the record is there and fresh, so the request is not worked on…
    const second = instance(faulty(graph, [{ method: 'post', lost: true, error: gatewayTimeout }]));
    const seen = await second.claim(request({ key: 'done' }));
    expect(seen).toMatchObject({ outcome: 'seen', record: { fingerprint: 'f1', startedAt: T0 } });
    // …nor by anyone else until its lease lapses.
    expect((await instance().claim(request({ key: 'done', now: at(59) }))).outcome).toBe('seen');
    expect(
      await instance().claim(request({ key: 'done', now: at(60), leaseUntil: at(120) })),
    ).toEqual({ outcome: 'claimed' });
    expect(await itemsOf()).toHaveLength(2);
  });

  test('a take-over, an answer and a release whose answer was lost are read back and not done twice', async () => {
    await provisionSite(graph, double.siteId);
    await instance().claim(request());

    const takeOver = instance(
      faulty(graph, [{ method: 'patch', lost: true, error: gatewayTimeout }]),
    );
    const lapsed = request({ fingerprint: 'f2', now: at(61), leaseUntil: at(121) });
    // The change was made; read back, it is a fresh record (this request's), so seen.
    expect(await takeOver.claim(lapsed)).toMatchObject({
      outcome: 'seen',
      record: { fingerprint: 'f2', startedAt: at(61) },
    });

    const answering = instance(
      faulty(graph, [{ method: 'patch', lost: true, error: gatewayTimeout }]),
    );
    await answering.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f2', answer);
    const seen = await instance().claim(request({ now: at(600) }));
    expect(seen.outcome === 'seen' && seen.record.answer).toEqual(answer);

    await instance().claim(request({ key: 'other-key' }));
    const releasing = instance(
      faulty(graph, [{ method: 'delete', lost: true, error: gatewayTimeout }]),
    );
    await releasing.release('lawyer.jones', 'other-key', 'f1');
    expect(await instance().claim(request({ key: 'other-key', fingerprint: 'f3' }))).toEqual({
      outcome: 'claimed',
    });
  });

  test('a write Graph refuses outright is passed on, not retried', async () => {
    await provisionSite(graph, double.siteId);
    const forbidden = () => new GraphError(403, 'Access denied');
    const records = instance(faulty(graph, [{ method: 'post', error: forbidden }]));
    const trips = double.stats().roundTrips;

    await expect(records.claim(request())).rejects.toMatchObject({ statusCode: 403 });

    expect(double.stats().roundTrips - trips).toBe(0);
    expect(await itemsOf()).toEqual([]);
  });

  test('forgets through the index on StartedAt on a list over the list view threshold, page after page', async () => {
    await provisionSite(graph, double.siteId);
    const row = (i: number, startedAt: string) => {
      const key = `key-${String(i).padStart(5, '0')}`;
      const id = idempotencyRecordKey('iro.patel', key);
      return {
        Title: id,
        RecordKey: id,
        Scope: 'iro.patel',
        RequestKey: key,
        Fingerprint: 'f',
        StartedAt: startedAt,
        LeaseUntil: startedAt,
        AnswerStatus: 200,
        AnswerType: 'application/json',
        AnswerBody: '{}',
      };
    };
    // 1,234 records started before the cut, then 4,000 after it: 5,234 items in all.
    double.seedItems(
      IDEMPOTENCY_RECORDS.displayName,
      Array.from({ length: 1234 }, (_, i) => row(i, '2026-12-01T09:00:00Z')),
    );
    double.seedItems(
      IDEMPOTENCY_RECORDS.displayName,
      Array.from({ length: 4000 }, (_, i) => row(1234 + i, '2026-12-03T11:00:00Z')),
    );
    const records = instance();
    const trips = double.stats().roundTrips;

    expect(await records.forget('2026-12-03T11:00:00.000Z')).toBe(1234);

    // Two pages of old items (1,000 a page), then 62 batches of 20 deletes.
    expect(double.stats().roundTrips - trips).toBe(2 + 62);

    expect(
      double.sharepoint.describeList(double.siteId, 'LiaisonIdempotencyRecords')!.itemCount,
    ).toBe(4000);
    expect(await records.forget('2026-12-03T11:00:00.000Z')).toBe(0);
    // The kept ones are still seen; the forgotten ones' keys are free.
    const seen = await records.claim(
      request({ scope: 'iro.patel', key: 'key-01234', now: '2026-12-03T11:30:00.000Z' }),
    );
    expect(seen.outcome).toBe('seen');
    expect(
      await records.claim(
        request({ scope: 'iro.patel', key: 'key-00000', now: '2026-12-03T11:30:00.000Z' }),
      ),
    ).toEqual({ outcome: 'claimed' });
  });

  test('gets through Graph throttling', async () => {
    await provisionSite(graph, double.siteId);
    double.setFaults({ throttleRate: 0.3, serviceUnavailableRate: 0.1, retryAfterSeconds: 0 });
    const records = instance();

    for (const key of ['key-a', 'key-b', 'key-c', 'key-d']) {
      expect(await records.claim(request({ key }))).toEqual({ outcome: 'claimed' });
      await records.answer('lawyer.jones', key, 'f1', answer);
    }
    expect(await records.claim(request({ key: 'key-e' }))).toEqual({ outcome: 'claimed' });
    await records.release('lawyer.jones', 'key-e', 'f1');

    const stats = double.stats();
    expect(stats.injected429 + stats.injected503).toBeGreaterThan(0);
    double.setFaults({ throttleRate: 0, serviceUnavailableRate: 0 });
    for (const key of ['key-a', 'key-b', 'key-c', 'key-d']) {
      const seen = await records.claim(request({ key, now: at(1) }));
      expect(seen.outcome === 'seen' && seen.record.answer).toEqual(answer);
    }
    expect(await records.claim(request({ key: 'key-e', fingerprint: 'f2' }))).toEqual({
      outcome: 'claimed',
    });
  });
});

describe('schema version 8', () => {
  const columnsOf = async (list: string) =>
    (
      (await graph.client.api(`/sites/${double.siteId}/lists/${list}/columns`).get()) as {
        value: {
          name: string;
          readOnly: boolean;
          indexed: boolean;
          enforceUniqueValues: boolean;
          text?: { allowMultipleLines: boolean };
          number?: object;
          dateTime?: object;
        }[];
      }
    ).value.filter((c) => !c.readOnly && c.name !== 'Title');

  test('a site at schema version 7 gets the idempotency records’ list, keyed and indexed, and keeps what it holds', async () => {
    const v7 = LISTS.filter((l) => l !== IDEMPOTENCY_RECORDS);
    await provisionSite(graph, double.siteId, undefined, v7);
    await withVersionColumnsBefore9(graph, double.siteId);
    double.seedItems('LiaisonCases', [{ Title: 'C-1', CaseId: 'C-1', Version: 3 }]);
    double.seedItems('LiaisonPeople', [
      { Title: 'iro.patel', PersonId: 'iro.patel', Roles: '["iro"]', Teams: '["north"]' },
    ]);
    double.seedItems('LiaisonDigestPreferences', [
      {
        Title: 'iro.patel',
        PersonId: 'iro.patel',
        Off: false,
        Day: 'tuesday',
        UpdatedBy: 'iro.patel',
        UpdatedAt: '2026-12-03T12:00:00Z',
      },
    ]);
    await recordSchemaVersion(graph, double.siteId, 7);
    // This code's store will not run on the site until it is upgraded.
    await expect(connectSharePointStore(graph, double.siteId, clock)).rejects.toBeInstanceOf(
      SharePointSchemaVersionError,
    );
    const from = double.log.length;

    const report = await provisionSite(graph, double.siteId);

    expect(SCHEMA_VERSION).toBe(9);
    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 7, after: 9 },
      created: ['LiaisonIdempotencyRecords'],
      columnsAdded: VERSION_9.map((l) => `${l}.CaseVersion`),
      indexed: [],
      uniqueEnforced: [],
      renamed: VERSION_9.map((l) => `${l}.Version → CaseVersion`),
      unchanged: v7
        .map((l) => l.displayName)
        .filter((n) => n !== 'LiaisonMeta' && !VERSION_9.includes(n)),
    });
    const writes = writesSince(double, from);
    // The new list(s) and version 9's columns, the case's version copied and the old columns
    // removed, the new lists' ids, the version: the items already there are left as they were.
    expect(writes.map((e) => e.method)).toEqual([
      ...Array(4).fill('POST'),
      'PATCH',
      ...Array(3).fill('DELETE'),
      ...Array(1).fill('POST'),
      'PATCH',
    ]);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonCases')!.itemCount).toBe(1);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonPeople')!.itemCount).toBe(1);
    expect(
      double.sharepoint.describeList(double.siteId, 'LiaisonDigestPreferences')!.itemCount,
    ).toBe(1);

    const columns = await columnsOf(IDEMPOTENCY_RECORDS.displayName);
    expect(columns.map((c) => c.name)).toEqual([
      'RecordKey',
      'Scope',
      'RequestKey',
      'Fingerprint',
      'StartedAt',
      'LeaseUntil',
      'AnswerStatus',
      'AnswerType',
      'AnswerBody',
    ]);
    expect(columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(['RecordKey', 'StartedAt']);
    expect(columns.filter((c) => c.enforceUniqueValues).map((c) => c.name)).toEqual(['RecordKey']);
    const column = (name: string) => columns.find((c) => c.name === name)!;
    for (const name of ['RecordKey', 'Scope', 'RequestKey', 'Fingerprint', 'AnswerType']) {
      expect(column(name).text).toMatchObject({ allowMultipleLines: false });
    }
    expect(column('StartedAt').dateTime).toBeDefined();
    expect(column('LeaseUntil').dateTime).toBeDefined();
    expect(column('AnswerStatus').number).toBeDefined();
    expect(column('AnswerBody').text).toMatchObject({ allowMultipleLines: true });

    const store = await connectSharePointStore(graph, double.siteId, clock);
    expect((await store.getCase('C-1'))?.version).toBe(3);
    expect((await store.person('iro.patel'))?.roles).toEqual(['iro']);
    const preferences = new SharePointDigestPreferences(graph, double.siteId);
    expect((await preferences.digestPreferences()).map((p) => p.day)).toEqual(['tuesday']);
    const records = instance();
    expect(await records.claim(request())).toEqual({ outcome: 'claimed' });
    await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer);
    const seen = await records.claim(request({ now: at(1) }));
    expect(seen.outcome === 'seen' && seen.record.answer).toEqual(answer);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(
      LISTS.map((l) => l.displayName),
    );
  });
});
