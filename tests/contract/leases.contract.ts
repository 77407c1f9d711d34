/**
 * The `Leases` contract, which every adapter passes (SQLite, SharePoint, in memory): a named lease
 * held by one owner at a time until it lapses.
 */
import type { Leases } from '../../core';
import { describeContract, type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = Leases & { close(): Promise<void> };

export function leasesContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describeContract(`${name} honours the Leases contract`, make, (the) => {
    test('a lease is held by one owner at a time until it lapses', async () => {
      const now = '2023-05-05T15:00:00Z';
      expect(await the.store.acquireLease('scheduler', 'a', now, 60_000)).toBe(true);
      expect(await the.store.acquireLease('scheduler', 'b', now, 60_000)).toBe(false);
      expect(await the.store.acquireLease('scheduler', 'a', '2023-05-05T15:00:30Z', 60_000)).toBe(
        true,
      );
      expect(await the.store.acquireLease('scheduler', 'b', '2023-05-05T15:01:29Z', 60_000)).toBe(
        false,
      );
      expect(await the.store.acquireLease('scheduler', 'b', '2023-05-05T15:01:30Z', 60_000)).toBe(
        true,
      );
      expect(await the.store.acquireLease('other', 'a', now, 60_000)).toBe(true);
    });
  });
}
