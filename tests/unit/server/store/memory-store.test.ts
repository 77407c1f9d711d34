/** The in-memory store against every store port's contract: what the bot and use-case tests run on. */
import { inMemoryStore } from '../../../../server/store/memory/memory-store';
import { combinePorts } from '../../../../server/store/combine-ports';
import { LEASES_METHODS, OUTBOX_METHODS } from '../../../../core';
import { InMemoryLeases } from '../../../../server/store/memory/memory-leases';
import { storeContracts } from '../../../contract/store-contracts';
import { digestPreferencesContract } from '../../../contract/digest-preferences.contract';
import { InMemoryDigestPreferences } from '../../../../server/store/memory/memory-digest-preferences';
import { InMemoryServiceLog } from '../../../../server/store/memory/memory-service-log';
import { serviceLogContract } from '../../../contract/service-log.contract';

storeContracts('The in-memory store', (at) => {
  let now = Date.parse(at);
  const store = inMemoryStore({ now: () => now });
  return Promise.resolve({
    store,
    // Nothing is closed in memory: the same store, as long as it is held.
    reopen: () => Promise.resolve(store),
    setNow: (iso: string) => {
      now = Date.parse(iso);
    },
  });
});

describe('combinePorts', () => {
  test('offers each port method bound to its adapter, and nothing else of the adapter', async () => {
    const leases = new InMemoryLeases();
    const whole = combinePorts([leases, LEASES_METHODS]);
    expect(Object.keys(whole)).toEqual(['acquireLease']);
    const { acquireLease } = whole;
    expect(await acquireLease('job', 'a', '2026-12-03T10:00:00Z', 1000)).toBe(true);
    expect(await leases.acquireLease('job', 'b', '2026-12-03T10:00:00Z', 1000)).toBe(false);
  });

  test('refuses two adapters offering one method, and an adapter lacking one', () => {
    const leases = new InMemoryLeases();
    expect(() => combinePorts([leases, LEASES_METHODS], [leases, LEASES_METHODS])).toThrow(
      'two adapters offer acquireLease',
    );
    expect(() => combinePorts([leases as never, OUTBOX_METHODS])).toThrow(
      'the adapter has no method enqueue',
    );
  });
});

digestPreferencesContract('InMemoryDigestPreferences', () => {
  const preferences = new InMemoryDigestPreferences();
  return Promise.resolve({ preferences, reopen: () => Promise.resolve(preferences) });
});

serviceLogContract('InMemoryServiceLog', () => {
  const now = '2026-12-03T12:00:00.000Z';
  const log = new InMemoryServiceLog({ now: () => Date.parse(now) });
  return Promise.resolve({ log, reopen: () => Promise.resolve(log), now });
});
