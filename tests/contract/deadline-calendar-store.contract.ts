/**
 * What every `DeadlineCalendarStore` must do (SQLite, SharePoint, in memory): one entry per (obligation,
 * person), replaced in place, read per case, a removed event keeping its entry and its count of
 * events made; one mark per case, replaced, all read back; all of it still there after reopening.
 */
import type { CaseLog, DeadlineCalendarStore, DeadlineEntry } from '../../core';
import { newCase, type StoreUnderTest } from './store-fixtures';

type Store = DeadlineCalendarStore & CaseLog & { close(): Promise<void> };
type DeadlineCalendarStoreUnderTest = StoreUnderTest<Store>;

const ACTOR = { personId: 'lawyer.jones', surface: 'api' as const };

const entry = (over: Partial<DeadlineEntry> = {}): DeadlineEntry => ({
  caseId: 'C-1',
  obligationId: 'C-1:draft-final-evidence-to-iro',
  personId: 'lawyer.jones',
  mailbox: 'l.jones@council.example.gov.uk',
  eventId: 'AAMkEv-1',
  due: '2026-12-11T16:00:00+00:00',
  made: 1,
  ...over,
});

export function deadlineCalendarStoreContract(
  name: string,
  make: () => Promise<DeadlineCalendarStoreUnderTest>,
) {
  describe(`${name} honours the DeadlineCalendarStore contract`, () => {
    test('an entry per obligation and person: kept, replaced in place, read per case', async () => {
      const t = await make();
      await t.store.createCase(newCase('C-1'), ACTOR);
      await t.store.createCase(newCase('C-2'), ACTOR);
      expect(await t.store.deadlineEntriesOf('C-1')).toEqual([]);

      await t.store.saveDeadlineEntry(entry());
      await t.store.saveDeadlineEntry(entry({ personId: 'sw.khan', mailbox: 'o.khan@x' }));
      await t.store.saveDeadlineEntry(
        entry({ caseId: 'C-2', obligationId: 'C-2:draft-final-evidence-to-iro' }),
      );
      // Moved: the same entry, a new due.
      await t.store.saveDeadlineEntry(entry({ due: '2026-12-10T16:00:00+00:00' }));

      const again = await t.reopen();
      expect(await again.deadlineEntriesOf('C-1')).toEqual([
        entry({ due: '2026-12-10T16:00:00+00:00' }),
        entry({ personId: 'sw.khan', mailbox: 'o.khan@x' }),
      ]);
      expect(await again.deadlineEntriesOf('C-2')).toEqual([
        entry({ caseId: 'C-2', obligationId: 'C-2:draft-final-evidence-to-iro' }),
      ]);
    });

    test('a removed event keeps its entry, without an event id, and the count of events made', async () => {
      const t = await make();
      await t.store.createCase(newCase('C-1'), ACTOR);
      await t.store.saveDeadlineEntry(entry({ made: 2, eventId: 'AAMkEv-2' }));
      const removed = entry({ made: 2 });
      delete removed.eventId;
      await t.store.saveDeadlineEntry(removed);

      const again = await t.reopen();
      const [kept] = await again.deadlineEntriesOf('C-1');
      expect(kept).toEqual(removed);
      expect(kept).not.toHaveProperty('eventId');

      // Made again: the third event.
      await again.saveDeadlineEntry(entry({ made: 3, eventId: 'AAMkEv-3' }));
      expect(await again.deadlineEntriesOf('C-1')).toEqual([
        entry({ made: 3, eventId: 'AAMkEv-3' }),
      ]);
    });

    test('a mark per case: its version and members, when and how many events, replaced and all read back', async () => {
      const t = await make();
      await t.store.createCase(newCase('C-1'), ACTOR);
      await t.store.createCase(newCase('C-2'), ACTOR);
      expect(await t.store.reconciledCases()).toEqual([]);

      await t.store.markReconciled({
        caseId: 'C-1',
        version: 3,
        members: 'digest-a',
        at: '2026-12-14T09:00:00Z',
        events: 2,
      });
      await t.store.markReconciled({
        caseId: 'C-2',
        version: 1,
        members: 'digest-c',
        at: '2026-12-14T09:00:00Z',
        events: 0,
      });
      await t.store.markReconciled({
        caseId: 'C-1',
        version: 4,
        members: 'digest-b',
        at: '2026-12-14T09:05:00+00:00',
        events: 1,
      });

      const again = await t.reopen();
      expect(await again.reconciledCases()).toEqual([
        {
          caseId: 'C-1',
          version: 4,
          members: 'digest-b',
          at: '2026-12-14T09:05:00.000Z',
          events: 1,
        },
        {
          caseId: 'C-2',
          version: 1,
          members: 'digest-c',
          at: '2026-12-14T09:00:00.000Z',
          events: 0,
        },
      ]);
    });
  });
}
