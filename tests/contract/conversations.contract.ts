/** The `Conversations` contract, which every adapter passes (SQLite, SharePoint, in memory): one conversation reference per Entra object id, found by person, forgotten on uninstall. */
import type { Conversations } from '../../core';
import { type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = Conversations & { close(): Promise<void> };

export function conversationsContract(
  name: string,
  make: () => Promise<StoreUnderTest<Store>>,
): void {
  describe(`${name} honours the Conversations contract`, () => {
    let t: StoreUnderTest<Store>;
    let store: Store;
    beforeEach(async () => {
      t = await make();
      store = t.store;
      t.setNow('2023-05-05T15:00:00.000Z');
    });
    afterEach(async () => {
      await store.close();
    });

    test('conversation references: kept per Entra object id, found by person, forgotten on uninstall', async () => {
      const reference = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/uk/' };
      expect(await store.conversationOf('iro.patel')).toBeUndefined();
      await store.saveConversation({ entraObjectId: 'oid-1', personId: 'iro.patel', reference });
      expect(await store.conversationOf('iro.patel')).toMatchObject({
        entraObjectId: 'oid-1',
        reference,
        updatedAt: '2023-05-05T15:00:00.000Z',
      });
      const moved = { ...reference, conversation: { id: 'a:2' } };
      t.setNow('2023-05-05T15:01:00.000Z');
      await store.saveConversation({
        entraObjectId: 'oid-1',
        personId: 'iro.patel',
        reference: moved,
      });
      expect((await store.conversationOf('iro.patel'))?.reference).toEqual(moved);
      expect(await store.forgetConversation('oid-1')).toBe(true);
      expect(await store.forgetConversation('oid-1')).toBe(false);
      expect(await store.conversationOf('iro.patel')).toBeUndefined();
    });
  });
}
