/**
 * What the store contracts share: the store under test, and the cases and events they write.
 * Each port has its own suite (`*.contract.ts`); `storeContracts` runs them all on one adapter.
 */
import type { Actor, CaseEvent, NewCase } from '../../core';

export interface StoreUnderTest<S> {
  store: S;
  /** Closes and opens the same store again: what was written must still be there. */
  reopen(): Promise<S>;
  /** Sets the time the store stamps on what it records. */
  setNow(iso: string): void;
}

export const LAWYER: Actor = { personId: 'lawyer.jones', surface: 'api', origin: '127.0.0.1' };

export function newCase(id: string, team = 'north'): NewCase {
  return {
    header: {
      id,
      childRef: `LCS-${id.replace(/\D/g, '') || '1'}`,
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal', 'iro-guardian'],
    },
    team,
    members: [
      { personId: 'lawyer.jones', role: 'lawyer' },
      { personId: 'sw.khan', role: 'social-worker' },
    ],
  };
}

export const ICO: CaseEvent = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
export const NOTIFIED: CaseEvent = {
  type: 'iro-service.notified',
  at: '2023-05-09T10:30:00+01:00',
};

/** The store under test as each test of a contract sees it: opened fresh before, closed after. */
export interface Fresh<S> {
  store: S;
  t: StoreUnderTest<S>;
}

/** One port's contract: each test on a fresh store, set to the contracts' starting time. */
export function describeContract<S extends { close(): Promise<void> }>(
  title: string,
  make: () => Promise<StoreUnderTest<S>>,
  tests: (the: Fresh<S>) => void,
): void {
  describe(title, () => {
    const the = {} as Fresh<S>;
    beforeEach(async () => {
      the.t = await make();
      the.store = the.t.store;
      the.t.setNow('2023-05-05T15:00:00.000Z');
    });
    afterEach(() => the.store.close());
    tests(the);
  });
}
