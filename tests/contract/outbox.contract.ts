/**
 * The `Outbox` contract, which every adapter passes (SQLite, SharePoint, in memory): notifications
 * enqueued once per key (with the event that causes them, or alone), leased to one sender at a
 * time, sent, retried later or parked.
 */
import { CARD_UPDATE, CARD_UPDATE_RECIPIENT, type CaseLog, type Outbox } from '../../core';
import { describeContract, LAWYER, ICO, newCase, type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = CaseLog & Outbox & { close(): Promise<void> };

export function outboxContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describeContract(`${name} honours the Outbox contract`, make, (the) => {
    test('outbox items are written with the event that causes them, once per key', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      const item = {
        key: 'C-1:order-notice:reminder-1:iro-admin',
        caseId: 'C-1',
        recipient: 'iro-admin',
        kind: 'reminder',
        payload: { n: 1 },
        availableAt: '2023-05-09T16:00:00+01:00',
      };
      await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        outbox: [item],
      });
      expect(await the.store.enqueue([item])).toBe(0);
      const items = await the.store.outboxForCase('C-1');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        key: item.key,
        payload: { n: 1 },
        attempts: 0,
        availableAt: '2023-05-09T15:00:00.000Z',
      });
    });

    test('outbox leases: an item goes to one owner at a time, and back when the lease lapses', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.enqueue(
        [1, 2, 3].map((n) => ({
          key: `k${n}`,
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: { n },
          availableAt: '2023-05-05T15:00:00Z',
        })),
      );
      await the.store.enqueue([
        {
          key: 'later',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-06T15:00:00Z',
        },
      ]);
      const now = '2023-05-05T15:00:00Z';
      const [a, b] = await Promise.all([
        the.store.claim('a', now, 30_000, 2),
        the.store.claim('b', now, 30_000, 2),
      ]);
      const ids = [...a, ...b].map((i) => i.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      expect(await the.store.claim('c', now, 30_000, 10)).toEqual([]);
      // A lapsed lease lets another instance take the item over; the first owner can no longer settle it.
      const lapsed = await the.store.claim('c', '2023-05-05T15:00:31Z', 30_000, 10);
      expect(lapsed.map((i) => i.id).sort()).toEqual(ids.sort());
      expect(await the.store.markSent(lapsed[0]!.id, 'a', '2023-05-05T15:00:32Z', 'teams')).toBe(
        false,
      );
      expect(
        await the.store.markSent(lapsed[0]!.id, 'c', '2023-05-05T15:00:32Z', 'teams', 'activity-1'),
      ).toBe(true);
      expect(await the.store.markSent(lapsed[0]!.id, 'c', '2023-05-05T15:00:33Z', 'email')).toBe(
        false,
      );
      expect(
        (await the.store.outboxForCase('C-1')).find((i) => i.id === lapsed[0]!.id),
      ).toMatchObject({
        sentAt: '2023-05-05T15:00:32.000Z',
        channel: 'teams',
        sentRef: 'activity-1',
        attempts: 1,
      });
    });

    test('a failed delivery is retried later or parked for people to see', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.enqueue([
        {
          key: 'retry',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-05T15:00:00Z',
        },
        {
          key: 'park',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-05T15:00:00Z',
        },
      ]);
      const claimed = await the.store.claim('a', '2023-05-05T15:00:00Z', 30_000, 10);
      const retry = claimed.find((i) => i.key === 'retry')!;
      const park = claimed.find((i) => i.key === 'park')!;
      expect(
        await the.store.markFailed(retry.id, 'a', 'HTTP 503', { retryAt: '2023-05-05T15:05:00Z' }),
      ).toBe(true);
      expect(await the.store.markFailed(park.id, 'a', 'HTTP 403', 'park')).toBe(true);
      expect(await the.store.claim('b', '2023-05-05T15:04:59Z', 30_000, 10)).toEqual([]);
      expect(
        (await the.store.claim('b', '2023-05-05T15:05:00Z', 30_000, 10)).map((i) => [
          i.key,
          i.attempts,
          i.lastError,
        ]),
      ).toEqual([['retry', 1, 'HTTP 503']]);
      const parked = (await the.store.outboxForCase('C-1')).find((i) => i.key === 'park');
      expect(parked).toMatchObject({ attempts: 1, lastError: 'HTTP 403' });
      expect(parked?.parkedAt).toBeDefined();
    });

    test("a case's deliveries: each notification sent, waiting or parked, oldest first, named by its obligation and stage; card updates are not among them", async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.createCase(newCase('C-2'), LAWYER);
      const item = (key: string, caseId: string, kind: string, payload: unknown) => ({
        key,
        caseId,
        recipient: kind === CARD_UPDATE ? CARD_UPDATE_RECIPIENT : 'iro.patel',
        kind,
        payload,
        availableAt: '2023-05-05T15:00:00Z',
      });
      await the.store.enqueue([
        item('sent', 'C-1', 'obligation.reminder', {
          obligation: 'C-1:order-notice',
          stage: 'reminder-1',
        }),
        item('update', 'C-1', CARD_UPDATE, { obligation: 'C-1:order-notice' }),
        item('parked', 'C-1', 'obligation.overdue', { obligation: 'C-1:order-notice' }),
        item('waiting', 'C-1', 'iro-alert', {}),
        item('other case', 'C-2', 'obligation.reminder', {
          obligation: 'C-2:order-notice',
          stage: 'reminder-1',
        }),
      ]);
      const claimed = await the.store.claim('a', '2023-05-05T15:00:00Z', 30_000, 10);
      const id = (key: string) => claimed.find((i) => i.key === key)!.id;
      expect(
        await the.store.markSent(id('sent'), 'a', '2023-05-05T15:00:05Z', 'teams', 'act-1'),
      ).toBe(true);
      expect(await the.store.markFailed(id('parked'), 'a', 'HTTP 403', 'park')).toBe(true);
      expect(
        await the.store.markFailed(id('waiting'), 'a', 'HTTP 503', {
          retryAt: '2023-05-05T15:05:00Z',
        }),
      ).toBe(true);

      const deliveries = await the.store.deliveriesOf('C-1');
      expect(deliveries).toEqual([
        {
          obligation: 'C-1:order-notice',
          stage: 'reminder-1',
          recipient: 'iro.patel',
          availableAt: '2023-05-05T15:00:00.000Z',
          attempts: 1,
          sentAt: '2023-05-05T15:00:05.000Z',
          channel: 'teams',
        },
        {
          obligation: 'C-1:order-notice',
          stage: 'overdue',
          recipient: 'iro.patel',
          availableAt: '2023-05-05T15:00:00.000Z',
          attempts: 1,
          parkedAt: expect.any(String),
          lastError: 'HTTP 403',
        },
        {
          stage: 'iro-alert',
          recipient: 'iro.patel',
          availableAt: '2023-05-05T15:05:00.000Z',
          attempts: 1,
          lastError: 'HTTP 503',
        },
      ]);
      expect(await the.store.deliveriesOf('C-3')).toEqual([]);
    });
  });
}
