/**
 * The `CaseLog` contract, which every adapter passes (SQLite, SharePoint, in memory): every case is
 * an append-only log: ids unique in any letter case, appends at the version read or a conflict,
 * idempotency keys, members joining and leaving with an event, the scheduler's checks, pages by
 * team or membership, and all of it still there after reopening.
 */
import type { AuditTrail, CaseLog, Outbox } from '../../core';
import { verifyChain } from '../../server/store/audit-chain';
import {
  LAWYER,
  ICO,
  NOTIFIED,
  newCase,
  type StoreUnderTest,
  describeContract,
} from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = CaseLog & Outbox & AuditTrail & { close(): Promise<void> };

export function caseLogContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describeContract(`${name} honours the CaseLog contract`, make, (the) => {
    test('an id differing only in letter case from a stored one is refused as existing', async () => {
      expect(await the.store.createCase(newCase('c-1011'), LAWYER)).toBeTruthy(); // a legacy id
      expect(await the.store.createCase(newCase('C-1011', 'south'), LAWYER)).toBe(false);
      expect((await the.store.getCase('c-1011'))?.team).toBe('north');
    });

    test('a case is created once; a second case with the same id is refused', async () => {
      const created = await the.store.createCase(newCase('C-1'), LAWYER);
      expect(created).toMatchObject({ header: { id: 'C-1' }, team: 'north', version: 0 });
      expect(await the.store.createCase(newCase('C-1', 'south'), LAWYER)).toBe(false);
      expect((await the.store.getCase('C-1'))?.team).toBe('north');
      expect(await the.store.getCase('C-404')).toBeUndefined();
    });

    test('events append at the version the writer read, in order', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      const first = await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
      });
      expect(first).toMatchObject({ status: 'appended', version: 1 });
      const second = await the.store.append({
        caseId: 'C-1',
        expectedVersion: 1,
        events: [NOTIFIED],
        actor: LAWYER,
      });
      expect(second).toMatchObject({
        status: 'appended',
        version: 2,
        events: [{ seq: 1, event: NOTIFIED }],
      });
      const log = await the.store.readEvents('C-1');
      expect(log.map((e) => [e.seq, e.event.type, e.recordedBy, e.surface])).toEqual([
        [0, 'order.made', 'lawyer.jones', 'api'],
        [1, 'iro-service.notified', 'lawyer.jones', 'api'],
      ]);
      expect(log[0]?.event).toEqual(ICO);
      expect((await the.store.getCase('C-1'))?.version).toBe(2);
    });

    test('people who become parties by an event join the case with it', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [
          {
            type: 'iro.allocated',
            at: '2023-05-12T14:00:00+01:00',
            iro: { name: 'Sam Patel', id: 'iro.patel' },
          },
        ],
        actor: LAWYER,
        addMembers: [{ personId: 'iro.patel', role: 'iro' }],
      });
      expect((await the.store.getCase('C-1'))?.members).toContainEqual({
        personId: 'iro.patel',
        role: 'iro',
      });
    });

    test("a re-allocation ends the previous holder's part with the event: off the case and its member list", async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.createCase(newCase('C-2'), LAWYER);
      const allocate = (caseId: string, version: number, id: string, ended?: string) =>
        the.store.append({
          caseId,
          expectedVersion: version,
          events: [
            {
              type: 'iro.allocated',
              at: '2023-05-12T14:00:00+01:00',
              iro: { name: id, id },
            },
          ],
          actor: LAWYER,
          addMembers: [{ personId: id, role: 'iro' }],
          ...(ended ? { endMembers: [{ personId: ended, role: 'iro' }] } : {}),
        });
      await allocate('C-1', 0, 'iro.patel');
      await allocate('C-2', 0, 'iro.patel');
      expect(await allocate('C-1', 1, 'iro.smith', 'iro.patel')).toMatchObject({
        status: 'appended',
        version: 2,
      });
      const members = (await the.store.getCase('C-1'))?.members ?? [];
      expect(members).toContainEqual({ personId: 'iro.smith', role: 'iro' });
      expect(members).not.toContainEqual({ personId: 'iro.patel', role: 'iro' });
      expect(members).toContainEqual({ personId: 'lawyer.jones', role: 'lawyer' });
      const listed = async (memberId: string) =>
        (await the.store.listCases({ memberId, limit: 10 })).map((c) => c.header.id);
      expect(await listed('iro.patel')).toEqual(['C-2']);
      expect(await listed('iro.smith')).toEqual(['C-1']);
      // Still so when the store is opened again.
      the.store = await the.t.reopen();
      expect(await listed('iro.patel')).toEqual(['C-2']);
    });

    test('a stale version is a conflict and writes nothing', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.append({ caseId: 'C-1', expectedVersion: 0, events: [ICO], actor: LAWYER });
      const stale = await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [NOTIFIED],
        actor: LAWYER,
        outbox: [
          {
            key: 'k1',
            caseId: 'C-1',
            recipient: 'iro-admin',
            kind: 'card',
            payload: {},
            availableAt: '2023-05-05T15:00:00Z',
          },
        ],
      });
      expect(stale).toEqual({ status: 'conflict', currentVersion: 1 });
      expect(await the.store.readEvents('C-1')).toHaveLength(1);
      expect(await the.store.outboxForCase('C-1')).toEqual([]);
    });

    test('of two writers racing from the same version exactly one wins', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      const results = await Promise.all(
        [ICO, NOTIFIED].map((e) =>
          the.store.append({ caseId: 'C-1', expectedVersion: 0, events: [e], actor: LAWYER }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['appended', 'conflict']);
      expect(await the.store.readEvents('C-1')).toHaveLength(1);
    });

    test('appending to an unknown case says so', async () => {
      expect(
        await the.store.append({ caseId: 'C-9', expectedVersion: 0, events: [ICO], actor: LAWYER }),
      ).toEqual({
        status: 'not-found',
      });
    });

    test('a request repeated with its idempotency key returns the first result and adds nothing', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      const req = {
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        idempotencyKey: 'k-1',
      };
      const first = await the.store.append(req);
      const again = await the.store.append(req);
      expect(first.status).toBe('appended');
      expect(again).toMatchObject({
        status: 'replayed',
        version: 1,
        events: [{ seq: 0, event: ICO }],
      });
      expect(await the.store.readEvents('C-1')).toHaveLength(1);
      expect(await the.store.append({ ...req, events: [NOTIFIED] })).toEqual({
        status: 'key-reused',
      });
    });

    test('the scheduler is asked to check a case after every write, and then when it says', async () => {
      the.t.setNow('2023-05-05T15:00:00.000Z');
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.createCase(newCase('C-2'), LAWYER);
      expect(await the.store.casesToCheck('2023-05-05T14:59:59Z', 10)).toEqual([]);
      expect(await the.store.casesToCheck('2023-05-05T15:00:00Z', 10)).toEqual([
        { caseId: 'C-1', version: 0 },
        { caseId: 'C-2', version: 0 },
      ]);
      await the.store.setNextCheck('C-1', 0, '2023-05-08T09:00:00+01:00');
      await the.store.setNextCheck('C-2', 0, undefined);
      expect(await the.store.casesToCheck('2023-05-08T07:59:59Z', 10)).toEqual([]);
      expect(await the.store.casesToCheck('2023-05-08T08:00:00Z', 10)).toEqual([
        { caseId: 'C-1', version: 0 },
      ]);
      // A write asks for a check at once; a check judged on an older version does not undo that.
      the.t.setNow('2023-05-05T16:00:00.000Z');
      await the.store.append({ caseId: 'C-2', expectedVersion: 0, events: [ICO], actor: LAWYER });
      await the.store.setNextCheck('C-2', 0, undefined);
      expect(await the.store.casesToCheck('2023-05-05T16:00:00Z', 10)).toEqual([
        { caseId: 'C-2', version: 1 },
      ]);
    });

    test('cases are listed by team or membership, a page at a time', async () => {
      for (const [id, team] of [
        ['C-1', 'north'],
        ['C-2', 'south'],
        ['C-3', 'north'],
        ['C-4', 'east'],
      ] as const) {
        await the.store.createCase(newCase(id, team), LAWYER);
      }
      await the.store.setMembers('C-4', [{ personId: 'iro.patel', role: 'iro' }], LAWYER);
      const ids = async (q: Parameters<CaseLog['listCases']>[0]) =>
        (await the.store.listCases(q)).map((c) => c.header.id);
      expect(await ids({ teams: ['north'], limit: 10 })).toEqual(['C-1', 'C-3']);
      expect(await ids({ memberId: 'iro.patel', limit: 10 })).toEqual(['C-4']);
      expect(await ids({ teams: ['south'], memberId: 'iro.patel', limit: 10 })).toEqual([
        'C-2',
        'C-4',
      ]);
      expect(await ids({ teams: ['north', 'south', 'east'], limit: 2 })).toEqual(['C-1', 'C-2']);
      expect(await ids({ teams: ['north', 'south', 'east'], limit: 2, after: 'C-2' })).toEqual([
        'C-3',
        'C-4',
      ]);
      expect(await ids({ limit: 10 })).toEqual([]);
      expect((await the.store.getCase('C-4'))?.members).toEqual([
        { personId: 'iro.patel', role: 'iro' },
      ]);
    });

    test("a case's members are given by role, then person, however they were set", async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.setMembers(
        'C-1',
        [
          { personId: 'sw.okafor', role: 'social-worker' },
          { personId: 'lawyer.jones', role: 'lawyer' },
          { personId: 'iro.patel', role: 'iro' },
          { personId: 'lawyer.adams', role: 'lawyer' },
        ],
        LAWYER,
      );
      const inOrder = [
        { personId: 'iro.patel', role: 'iro' },
        { personId: 'lawyer.adams', role: 'lawyer' },
        { personId: 'lawyer.jones', role: 'lawyer' },
        { personId: 'sw.okafor', role: 'social-worker' },
      ];
      expect((await the.store.getCase('C-1'))?.members).toEqual(inOrder);
      expect((await the.store.listCases({ teams: ['north'], limit: 10 }))[0]?.members).toEqual(
        inOrder,
      );
    });

    test('what was written is still there after the store is reopened', async () => {
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        idempotencyKey: 'k',
      });
      await the.store.close();
      the.store = await the.t.reopen();
      expect((await the.store.getCase('C-1'))?.version).toBe(1);
      expect(await the.store.readEvents('C-1')).toHaveLength(1);
      expect(
        (
          await the.store.append({
            caseId: 'C-1',
            expectedVersion: 0,
            events: [ICO],
            actor: LAWYER,
            idempotencyKey: 'k',
          })
        ).status,
      ).toBe('replayed');
      expect(verifyChain(await the.store.readAudit(0, 100)).ok).toBe(true);
    });
  });
}
