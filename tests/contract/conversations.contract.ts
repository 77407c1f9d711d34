/**
 * The `Conversations` contract, which every adapter passes (SQLite, SharePoint, in memory): one
 * conversation reference per Entra object id, found by person, forgotten on uninstall.
 */
import type { Conversations } from '../../core';
import { describeContract, type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = Conversations & { close(): Promise<void> };

export function conversationsContract(
  name: string,
  make: () => Promise<StoreUnderTest<Store>>,
): void {
  describeContract(`${name} honours the Conversations contract`, make, (the) => {
    test('conversation references: kept per Entra object id, found by person, forgotten on uninstall', async () => {
      const reference = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/uk/' };
      expect(await the.store.conversationOf('iro.patel')).toBeUndefined();
      await the.store.saveConversation({
        entraObjectId: 'oid-1',
        personId: 'iro.patel',
        reference,
      });
      expect(await the.store.conversationOf('iro.patel')).toMatchObject({
        entraObjectId: 'oid-1',
        reference,
        updatedAt: '2023-05-05T15:00:00.000Z',
      });
      const moved = { ...reference, conversation: { id: 'a:2' } };
      the.t.setNow('2023-05-05T15:01:00.000Z');
      await the.store.saveConversation({
        entraObjectId: 'oid-1',
        personId: 'iro.patel',
        reference: moved,
      });
      expect((await the.store.conversationOf('iro.patel'))?.reference).toEqual(moved);
      expect(await the.store.forgetConversation('oid-1')).toBe(true);
      expect(await the.store.forgetConversation('oid-1')).toBe(false);
      expect(await the.store.conversationOf('iro.patel')).toBeUndefined();
    });
  });
}
