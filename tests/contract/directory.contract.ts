/**
 * The `Directory` contract, which every adapter passes (SQLite, SharePoint, in memory): people
 * found by id and by Entra object id, who has left, and whose deputy someone is.
 */
import type { Directory } from '../../core';
import { describeContract, type StoreUnderTest } from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = Directory & { close(): Promise<void> };

export function directoryContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describeContract(`${name} honours the Directory contract`, make, (the) => {
    test('people: found by id and by Entra object id', async () => {
      await the.store.upsertPerson({
        id: 'iro.patel',
        displayName: 'Sam Patel',
        email: 'sam@council.example',
        entraObjectId: 'AAAA-1',
        roles: ['iro'],
        teams: ['north'],
      });
      await the.store.upsertPerson({
        id: 'iro.patel',
        displayName: 'Sam Patel',
        entraObjectId: 'aaaa-1',
        roles: ['iro', 'iro-team-manager'],
        teams: ['north'],
      });
      expect(await the.store.person('iro.patel')).toMatchObject({
        roles: ['iro', 'iro-team-manager'],
      });
      expect((await the.store.personByEntraObjectId('AAAA-1'))?.id).toBe('iro.patel');
      expect(await the.store.person('nobody')).toBeUndefined();
      expect((await the.store.people()).map((p) => p.id)).toEqual(['iro.patel']);
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
      await the.store.upsertPerson(away);
      await the.store.upsertPerson({
        id: 'lawyer.gone',
        displayName: 'Former Lawyer',
        roles: ['lawyer'],
        teams: ['north'],
        leftAt: '2023-05-31T17:00:00.000Z',
      });
      await the.store.upsertPerson({
        id: 'iro.smith',
        displayName: 'Ivy',
        roles: ['iro'],
        teams: [],
      });
      expect(await the.store.person('iro.patel')).toEqual(away);
      expect((await the.store.person('lawyer.gone'))?.leftAt).toBe('2023-05-31T17:00:00.000Z');
      expect((await the.store.deputisedBy('iro.smith')).map((p) => p.id)).toEqual(['iro.patel']);
      expect(await the.store.deputisedBy('iro.patel')).toEqual([]);
      // Back from leave: the absence cleared.
      await the.store.upsertPerson({ ...away, deputy: undefined });
      expect((await the.store.person('iro.patel'))?.deputy).toBeUndefined();
      expect(await the.store.deputisedBy('iro.smith')).toEqual([]);
    });
  });
}
