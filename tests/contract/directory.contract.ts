/** The `Directory` contract, which every adapter passes (SQLite, SharePoint, in memory): people found by id and by Entra object id, who has left, and whose deputy someone is. */
import type { Directory } from '../../core';
import { type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = Directory & { close(): Promise<void> };

export function directoryContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describe(`${name} honours the Directory contract`, () => {
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

    test('people: found by id and by Entra object id', async () => {
      await store.upsertPerson({
        id: 'iro.patel',
        displayName: 'Sam Patel',
        email: 'sam@council.example',
        entraObjectId: 'AAAA-1',
        roles: ['iro'],
        teams: ['north'],
      });
      await store.upsertPerson({
        id: 'iro.patel',
        displayName: 'Sam Patel',
        entraObjectId: 'aaaa-1',
        roles: ['iro', 'iro-team-manager'],
        teams: ['north'],
      });
      expect(await store.person('iro.patel')).toMatchObject({ roles: ['iro', 'iro-team-manager'] });
      expect((await store.personByEntraObjectId('AAAA-1'))?.id).toBe('iro.patel');
      expect(await store.person('nobody')).toBeUndefined();
      expect((await store.people()).map((p) => p.id)).toEqual(['iro.patel']);
    });

    test('people over time: who has left, and whose deputy someone is, kept and found', async () => {
      const away = {
        id: 'iro.patel',
        displayName: 'Sam Patel',
        roles: ['iro' as const],
        teams: ['north'],
        deputy: {
          personId: 'iro.smith',
          from: '2023-06-05T00:00:00.000Z',
          until: '2023-06-10T00:00:00.000Z',
        },
      };
      await store.upsertPerson(away);
      await store.upsertPerson({
        id: 'lawyer.gone',
        displayName: 'Former Lawyer',
        roles: ['lawyer'],
        teams: ['north'],
        leftAt: '2023-05-31T17:00:00.000Z',
      });
      await store.upsertPerson({ id: 'iro.smith', displayName: 'Ivy', roles: ['iro'], teams: [] });
      expect(await store.person('iro.patel')).toEqual(away);
      expect((await store.person('lawyer.gone'))?.leftAt).toBe('2023-05-31T17:00:00.000Z');
      expect((await store.deputisedBy('iro.smith')).map((p) => p.id)).toEqual(['iro.patel']);
      expect(await store.deputisedBy('iro.patel')).toEqual([]);
      // Back from leave: the absence cleared.
      await store.upsertPerson({ ...away, deputy: undefined });
      expect((await store.person('iro.patel'))?.deputy).toBeUndefined();
      expect(await store.deputisedBy('iro.smith')).toEqual([]);
    });
  });
}
