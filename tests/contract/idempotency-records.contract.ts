/**
 * What every `IdempotencyRecords` must do (memory, SQLite, SharePoint): a key is claimed by one
 * request at a time, per person; its answer is kept and given back whole; a record older than the
 * replay window, or one abandoned mid-request, is taken over; another instance sees the same.
 */
import type { IdempotencyRecords, StoredAnswer } from '../../core';

export interface IdempotencyRecordsUnderTest {
  records: IdempotencyRecords;
  /** The same records through a new connection (what another instance, or a restart, sees). */
  reopen(): Promise<IdempotencyRecords>;
}

const T0 = '2026-12-03T12:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const DAY = 24 * 60 * 60;

const request = (over: Partial<Parameters<IdempotencyRecords['claim']>[0]> = {}) => ({
  scope: 'lawyer.jones',
  key: 'tab-0c8f1d2e-4e7a',
  fingerprint: 'f1',
  now: T0,
  leaseUntil: at(60),
  freshFrom: at(-DAY),
  ...over,
});

const answer: StoredAnswer = {
  status: 201,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ obligation: { id: 'C-1042:iro-alert', note: 'café – “quoted”' } }),
};

export function idempotencyRecordsContract(
  name: string,
  make: () => Promise<IdempotencyRecordsUnderTest>,
) {
  describe(`${name} honours the IdempotencyRecords contract`, () => {
    test('the first request claims its key; a second with it sees the first, unanswered', async () => {
      const { records } = await make();
      expect(await records.claim(request())).toEqual({ outcome: 'claimed' });
      const seen = await records.claim(request({ now: at(1) }));
      expect(seen).toEqual({
        outcome: 'seen',
        record: {
          scope: 'lawyer.jones',
          key: 'tab-0c8f1d2e-4e7a',
          fingerprint: 'f1',
          startedAt: T0,
          leaseUntil: at(60),
        },
      });
    });

    test('the answer is kept whole and seen by another instance', async () => {
      const t = await make();
      await t.records.claim(request());
      await t.records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer);
      const other = await t.reopen();
      const seen = await other.claim(request({ fingerprint: 'f2', now: at(3600) }));
      expect(seen.outcome).toBe('seen');
      if (seen.outcome === 'seen') {
        expect(seen.record.fingerprint).toBe('f1');
        expect(seen.record.answer).toEqual(answer);
      }
    });

    test('keys are per person: the same key from someone else is theirs', async () => {
      const { records } = await make();
      await records.claim(request());
      expect(await records.claim(request({ scope: 'iro.patel' }))).toEqual({ outcome: 'claimed' });
    });

    test('of many claims at once, exactly one wins', async () => {
      const t = await make();
      const other = await t.reopen();
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? other : t.records).claim(request({ fingerprint: `f${i}` })),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
    });

    test('an unanswered claim whose lease lapsed is taken over; an answered one is not', async () => {
      const { records } = await make();
      await records.claim(request());
      expect(await records.claim(request({ now: at(61), leaseUntil: at(121) }))).toEqual({
        outcome: 'claimed',
      });
      await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer);
      expect((await records.claim(request({ now: at(600) }))).outcome).toBe('seen');
    });

    test('after the replay window the key is free again', async () => {
      const { records } = await make();
      await records.claim(request());
      await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1', answer);
      const later = at(DAY + 1);
      expect(
        await records.claim(
          request({ fingerprint: 'f9', now: later, leaseUntil: at(DAY + 61), freshFrom: at(1) }),
        ),
      ).toEqual({ outcome: 'claimed' });
      const seen = await records.claim(request({ now: at(DAY + 2), freshFrom: at(2) }));
      expect(seen.outcome === 'seen' && seen.record).toMatchObject({ fingerprint: 'f9' });
      expect(seen.outcome === 'seen' && seen.record.answer).toBeUndefined();
    });

    test('a released claim frees the key; an answer for another fingerprint is ignored', async () => {
      const { records } = await make();
      await records.claim(request());
      await records.answer('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'other', answer);
      await records.release('lawyer.jones', 'tab-0c8f1d2e-4e7a', 'f1');
      expect(await records.claim(request({ fingerprint: 'f2' }))).toEqual({ outcome: 'claimed' });
    });

    test('forget removes the records started before an instant, and says how many', async () => {
      const { records } = await make();
      await records.claim(request({ key: 'old-key-0001' }));
      await records.claim(request({ key: 'new-key-0002', now: at(DAY), leaseUntil: at(DAY + 60) }));
      expect(await records.forget(at(10))).toBe(1);
      expect(
        (await records.claim(request({ key: 'new-key-0002', now: at(DAY + 1) }))).outcome,
      ).toBe('seen');
      expect(await records.claim(request({ key: 'old-key-0001', now: at(DAY + 1) }))).toEqual({
        outcome: 'claimed',
      });
    });
  });
}
