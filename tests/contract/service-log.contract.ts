/**
 * What every `ServiceLog` must do (SQLite, SharePoint, in memory): events kept in recording order with
 * who recorded them and when (the store's clock), each once for its key, however many try at once.
 */
import type { NewServiceEvent, ServiceLog } from '../../core';

export interface ServiceLogUnderTest {
  log: ServiceLog;
  /** The same log through a new connection (what another instance, or a restart, sees). */
  reopen(): Promise<ServiceLog>;
  /** The instant the store's clock gives (ISO 8601). */
  now: string;
}

const published = (month: string): NewServiceEvent => ({
  key: `register.published:${month}`,
  event: {
    type: 'register.published',
    at: `${month}-05T07:00:00Z`,
    month,
    file: `case-register-${month}.xlsx`,
    url: `https://council.example/registers/case-register-${month}.xlsx`,
    cases: 12,
  },
  recordedBy: 'system',
  surface: 'api',
});

export function serviceLogContract(name: string, make: () => Promise<ServiceLogUnderTest>) {
  describe(`${name} honours the ServiceLog contract`, () => {
    test('an empty log reads empty', async () => {
      const t = await make();
      expect(await t.log.readServiceLog()).toEqual([]);
    });

    test('every kind of event is kept as given, in order, with who and when from the store', async () => {
      const t = await make();
      const entries: NewServiceEvent[] = [
        {
          key: 'service-duties.started',
          event: { type: 'service-duties.started', at: '2026-11-30T09:00:00Z' },
          recordedBy: 'system',
          surface: 'api',
        },
        published('2026-12'),
        {
          key: 'register.received:2026-12:iro-service',
          event: {
            type: 'register.received',
            at: '2026-12-07T10:00:00Z',
            month: '2026-12',
            service: 'iro-service',
          },
          recordedBy: 'iroadmin.wood',
          surface: 'tab',
        },
        {
          key: 'link-meeting.held:2027-03-16:1',
          event: {
            type: 'link-meeting.held',
            at: '2027-03-16T14:00:00Z',
            meeting: '2027-03-16',
            protocolReviewed: true,
          },
          recordedBy: 'irotm.brown',
          surface: 'tab',
        },
      ];
      for (const entry of entries) {
        const result = await t.log.appendServiceEvent(entry);
        expect(result.appended).toBe(true);
        expect(result.recorded.event).toEqual(entry.event);
      }
      const read = await (await t.reopen()).readServiceLog();
      expect(read).toEqual(
        entries.map((e, seq) => ({
          seq,
          key: e.key,
          event: e.event,
          recordedAt: t.now,
          recordedBy: e.recordedBy,
          surface: e.surface,
        })),
      );
    });

    test('a key already recorded records nothing and gives back the first', async () => {
      const t = await make();
      const first = await t.log.appendServiceEvent(published('2026-12'));
      const again = await t.log.appendServiceEvent({
        ...published('2026-12'),
        recordedBy: 'someone.else',
      });
      expect(again).toEqual({ appended: false, recorded: first.recorded });
      expect(await t.log.readServiceLog()).toHaveLength(1);
    });

    test('of several instances appending the same key at once, exactly one records it', async () => {
      const t = await make();
      const others = await Promise.all([t.reopen(), t.reopen(), t.reopen()]);
      const results = await Promise.all(
        [t.log, ...others].map((log) => log.appendServiceEvent(published('2027-01'))),
      );
      expect(results.filter((r) => r.appended)).toHaveLength(1);
      expect(new Set(results.map((r) => r.recorded.seq)).size).toBe(1);
      expect(await t.log.readServiceLog()).toHaveLength(1);
    });
  });
}
