/**
 * The behaviour every `CaseStore` adapter must have (SQLite now, SharePoint lists later). An
 * adapter's test calls `caseStoreContract` with a factory for a fresh, empty store.
 */
import type { Actor, CaseEvent, CaseStore, Directory, NewCase } from '../../core';
import { verifyChain } from '../../server/store/audit-chain';

export interface StoreUnderTest {
  store: CaseStore & Directory;
  /** Closes and opens the same store again: what was written must still be there. */
  reopen(): Promise<CaseStore & Directory>;
  /** Sets the time the store stamps on what it records. */
  setNow(iso: string): void;
}

const LAWYER: Actor = { personId: 'lawyer.jones', surface: 'api', origin: '127.0.0.1' };

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

const ICO: CaseEvent = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
const NOTIFIED: CaseEvent = { type: 'iro-service.notified', at: '2023-05-09T10:30:00+01:00' };

export function caseStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} honours the CaseStore contract`, () => {
    let t: StoreUnderTest;
    let store: CaseStore & Directory;
    beforeEach(async () => {
      t = await make();
      store = t.store;
      t.setNow('2023-05-05T15:00:00.000Z');
    });
    afterEach(async () => {
      await store.close();
    });

    test('an id differing only in letter case from a stored one is refused as existing', async () => {
      expect(await store.createCase(newCase('c-1011'), LAWYER)).toBeTruthy(); // a legacy id
      expect(await store.createCase(newCase('C-1011', 'south'), LAWYER)).toBe(false);
      expect((await store.getCase('c-1011'))?.team).toBe('north');
    });

    test('a case is created once; a second case with the same id is refused', async () => {
      const created = await store.createCase(newCase('C-1'), LAWYER);
      expect(created).toMatchObject({ header: { id: 'C-1' }, team: 'north', version: 0 });
      expect(await store.createCase(newCase('C-1', 'south'), LAWYER)).toBe(false);
      expect((await store.getCase('C-1'))?.team).toBe('north');
      expect(await store.getCase('C-404')).toBeUndefined();
    });

    test('events append at the version the writer read, in order', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      const first = await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
      });
      expect(first).toMatchObject({ status: 'appended', version: 1 });
      const second = await store.append({
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
      const log = await store.readEvents('C-1');
      expect(log.map((e) => [e.seq, e.event.type, e.recordedBy, e.surface])).toEqual([
        [0, 'order.made', 'lawyer.jones', 'api'],
        [1, 'iro-service.notified', 'lawyer.jones', 'api'],
      ]);
      expect(log[0]?.event).toEqual(ICO);
      expect((await store.getCase('C-1'))?.version).toBe(2);
    });

    test('people who become parties by an event join the case with it', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.append({
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
      expect((await store.getCase('C-1'))?.members).toContainEqual({
        personId: 'iro.patel',
        role: 'iro',
      });
    });

    test("a re-allocation ends the previous holder's part with the event: off the case and its member list", async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.createCase(newCase('C-2'), LAWYER);
      const allocate = (caseId: string, version: number, id: string, ended?: string) =>
        store.append({
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
      const members = (await store.getCase('C-1'))?.members ?? [];
      expect(members).toContainEqual({ personId: 'iro.smith', role: 'iro' });
      expect(members).not.toContainEqual({ personId: 'iro.patel', role: 'iro' });
      expect(members).toContainEqual({ personId: 'lawyer.jones', role: 'lawyer' });
      const listed = async (memberId: string) =>
        (await store.listCases({ memberId, limit: 10 })).map((c) => c.header.id);
      expect(await listed('iro.patel')).toEqual(['C-2']);
      expect(await listed('iro.smith')).toEqual(['C-1']);
      // Still so when the store is opened again.
      store = await t.reopen();
      expect(await listed('iro.patel')).toEqual(['C-2']);
    });

    test('a stale version is a conflict and writes nothing', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.append({ caseId: 'C-1', expectedVersion: 0, events: [ICO], actor: LAWYER });
      const stale = await store.append({
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
      expect(await store.readEvents('C-1')).toHaveLength(1);
      expect(await store.outboxForCase('C-1')).toEqual([]);
    });

    test('of two writers racing from the same version exactly one wins', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      const results = await Promise.all(
        [ICO, NOTIFIED].map((e) =>
          store.append({ caseId: 'C-1', expectedVersion: 0, events: [e], actor: LAWYER }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['appended', 'conflict']);
      expect(await store.readEvents('C-1')).toHaveLength(1);
    });

    test('appending to an unknown case says so', async () => {
      expect(
        await store.append({ caseId: 'C-9', expectedVersion: 0, events: [ICO], actor: LAWYER }),
      ).toEqual({
        status: 'not-found',
      });
    });

    test('a request repeated with its idempotency key returns the first result and adds nothing', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      const req = {
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        idempotencyKey: 'k-1',
      };
      const first = await store.append(req);
      const again = await store.append(req);
      expect(first.status).toBe('appended');
      expect(again).toMatchObject({
        status: 'replayed',
        version: 1,
        events: [{ seq: 0, event: ICO }],
      });
      expect(await store.readEvents('C-1')).toHaveLength(1);
      expect(await store.append({ ...req, events: [NOTIFIED] })).toEqual({ status: 'key-reused' });
    });

    test('outbox items are written with the event that causes them, once per key', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      const item = {
        key: 'C-1:order-notice:reminder-1:iro-admin',
        caseId: 'C-1',
        recipient: 'iro-admin',
        kind: 'reminder',
        payload: { n: 1 },
        availableAt: '2023-05-09T16:00:00+01:00',
      };
      await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        outbox: [item],
      });
      expect(await store.enqueue([item])).toBe(0);
      const items = await store.outboxForCase('C-1');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        key: item.key,
        payload: { n: 1 },
        attempts: 0,
        availableAt: '2023-05-09T15:00:00.000Z',
      });
    });

    test('outbox leases: an item goes to one owner at a time, and back when the lease lapses', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.enqueue(
        [1, 2, 3].map((n) => ({
          key: `k${n}`,
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: { n },
          availableAt: '2023-05-05T15:00:00Z',
        })),
      );
      await store.enqueue([
        {
          key: 'later',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-06T15:00:00Z',
        },
      ]);
      const now = '2023-05-05T15:00:00Z';
      const [a, b] = await Promise.all([
        store.claim('a', now, 30_000, 2),
        store.claim('b', now, 30_000, 2),
      ]);
      const ids = [...a, ...b].map((i) => i.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      expect(await store.claim('c', now, 30_000, 10)).toEqual([]);
      // A lapsed lease lets another instance take the item over; the first owner can no longer settle it.
      const lapsed = await store.claim('c', '2023-05-05T15:00:31Z', 30_000, 10);
      expect(lapsed.map((i) => i.id).sort()).toEqual(ids.sort());
      expect(await store.markSent(lapsed[0]!.id, 'a', '2023-05-05T15:00:32Z', 'teams')).toBe(false);
      expect(
        await store.markSent(lapsed[0]!.id, 'c', '2023-05-05T15:00:32Z', 'teams', 'activity-1'),
      ).toBe(true);
      expect(await store.markSent(lapsed[0]!.id, 'c', '2023-05-05T15:00:33Z', 'email')).toBe(false);
      expect((await store.outboxForCase('C-1')).find((i) => i.id === lapsed[0]!.id)).toMatchObject({
        sentAt: '2023-05-05T15:00:32.000Z',
        channel: 'teams',
        sentRef: 'activity-1',
        attempts: 1,
      });
    });

    test('the scheduler is asked to check a case after every write, and then when it says', async () => {
      t.setNow('2023-05-05T15:00:00.000Z');
      await store.createCase(newCase('C-1'), LAWYER);
      await store.createCase(newCase('C-2'), LAWYER);
      expect(await store.casesToCheck('2023-05-05T14:59:59Z', 10)).toEqual([]);
      expect(await store.casesToCheck('2023-05-05T15:00:00Z', 10)).toEqual([
        { caseId: 'C-1', version: 0 },
        { caseId: 'C-2', version: 0 },
      ]);
      await store.setNextCheck('C-1', 0, '2023-05-08T09:00:00+01:00');
      await store.setNextCheck('C-2', 0, undefined);
      expect(await store.casesToCheck('2023-05-08T07:59:59Z', 10)).toEqual([]);
      expect(await store.casesToCheck('2023-05-08T08:00:00Z', 10)).toEqual([
        { caseId: 'C-1', version: 0 },
      ]);
      // A write asks for a check at once; a check judged on an older version does not undo that.
      t.setNow('2023-05-05T16:00:00.000Z');
      await store.append({ caseId: 'C-2', expectedVersion: 0, events: [ICO], actor: LAWYER });
      await store.setNextCheck('C-2', 0, undefined);
      expect(await store.casesToCheck('2023-05-05T16:00:00Z', 10)).toEqual([
        { caseId: 'C-2', version: 1 },
      ]);
    });

    test('a lease is held by one owner at a time until it lapses', async () => {
      const now = '2023-05-05T15:00:00Z';
      expect(await store.acquireLease('scheduler', 'a', now, 60_000)).toBe(true);
      expect(await store.acquireLease('scheduler', 'b', now, 60_000)).toBe(false);
      expect(await store.acquireLease('scheduler', 'a', '2023-05-05T15:00:30Z', 60_000)).toBe(true);
      expect(await store.acquireLease('scheduler', 'b', '2023-05-05T15:01:29Z', 60_000)).toBe(
        false,
      );
      expect(await store.acquireLease('scheduler', 'b', '2023-05-05T15:01:30Z', 60_000)).toBe(true);
      expect(await store.acquireLease('other', 'a', now, 60_000)).toBe(true);
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

    test('a failed delivery is retried later or parked for people to see', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.enqueue([
        {
          key: 'retry',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-05T15:00:00Z',
        },
        {
          key: 'park',
          caseId: 'C-1',
          recipient: 'iro',
          kind: 'card',
          payload: {},
          availableAt: '2023-05-05T15:00:00Z',
        },
      ]);
      const claimed = await store.claim('a', '2023-05-05T15:00:00Z', 30_000, 10);
      const retry = claimed.find((i) => i.key === 'retry')!;
      const park = claimed.find((i) => i.key === 'park')!;
      expect(
        await store.markFailed(retry.id, 'a', 'HTTP 503', { retryAt: '2023-05-05T15:05:00Z' }),
      ).toBe(true);
      expect(await store.markFailed(park.id, 'a', 'HTTP 403', 'park')).toBe(true);
      expect(await store.claim('b', '2023-05-05T15:04:59Z', 30_000, 10)).toEqual([]);
      expect(
        (await store.claim('b', '2023-05-05T15:05:00Z', 30_000, 10)).map((i) => [
          i.key,
          i.attempts,
          i.lastError,
        ]),
      ).toEqual([['retry', 1, 'HTTP 503']]);
      const parked = (await store.outboxForCase('C-1')).find((i) => i.key === 'park');
      expect(parked).toMatchObject({ attempts: 1, lastError: 'HTTP 403' });
      expect(parked?.parkedAt).toBeDefined();
    });

    test('every change and every recorded read is in an audit trail whose hash chain verifies', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO, NOTIFIED],
        actor: LAWYER,
      });
      await store.audit({
        actor: { personId: 'ppm.lee', surface: 'tab' },
        action: 'case.read',
        caseId: 'C-1',
      });
      await store.setMembers('C-1', [{ personId: 'iro.patel', role: 'iro' }], LAWYER);
      const entries = await store.readAudit(0, 100);
      expect(entries.map((e) => [e.seq, e.action, e.actor.personId])).toEqual([
        [1, 'case.created', 'lawyer.jones'],
        [2, 'event.appended', 'lawyer.jones'],
        [3, 'event.appended', 'lawyer.jones'],
        [4, 'case.read', 'ppm.lee'],
        [5, 'case.members-set', 'lawyer.jones'],
      ]);
      expect(entries[0]?.actor.origin).toBe('127.0.0.1');
      expect(verifyChain(entries)).toMatchObject({ ok: true, entries: 5 });
      const page2 = await store.readAudit(2, 2);
      expect(page2.map((e) => e.seq)).toEqual([3, 4]);
    });

    test('cases are listed by team or membership, a page at a time', async () => {
      for (const [id, team] of [
        ['C-1', 'north'],
        ['C-2', 'south'],
        ['C-3', 'north'],
        ['C-4', 'east'],
      ] as const) {
        await store.createCase(newCase(id, team), LAWYER);
      }
      await store.setMembers('C-4', [{ personId: 'iro.patel', role: 'iro' }], LAWYER);
      const ids = async (q: Parameters<CaseStore['listCases']>[0]) =>
        (await store.listCases(q)).map((c) => c.header.id);
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
      expect((await store.getCase('C-4'))?.members).toEqual([
        { personId: 'iro.patel', role: 'iro' },
      ]);
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

    test('what was written is still there after the store is reopened', async () => {
      await store.createCase(newCase('C-1'), LAWYER);
      await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO],
        actor: LAWYER,
        idempotencyKey: 'k',
      });
      await store.close();
      store = await t.reopen();
      expect((await store.getCase('C-1'))?.version).toBe(1);
      expect(await store.readEvents('C-1')).toHaveLength(1);
      expect(
        (
          await store.append({
            caseId: 'C-1',
            expectedVersion: 0,
            events: [ICO],
            actor: LAWYER,
            idempotencyKey: 'k',
          })
        ).status,
      ).toBe('replayed');
      expect(verifyChain(await store.readAudit(0, 100)).ok).toBe(true);
    });
  });
}
