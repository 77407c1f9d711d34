/**
 * The SharePoint adapters against every store port's contract, through the production Graph
 * connection, on a freshly provisioned site of the Graph double for every test.
 */
import type {
  Actor,
  AppendRequest,
  AuditEntry,
  CaseEvent,
  CaseStore,
  Clock,
  NewOutboxItem,
  NewSuggestion,
  OutboxItem,
  RecordedEvent,
} from '../../../core';
import type { Graph } from '../../../server/graph/graph-client';
import { GENESIS_HASH, auditHash, verifyChain } from '../../../server/store/audit-chain';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import {
  AUDIT_BLOCK_SIZE,
  cursorKey,
  eventKey,
  suggestionKey,
} from '../../../server/store/sharepoint/schema';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { storeContracts } from '../../contract/store-contracts';
import { newCase } from '../../contract/store-fixtures';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

let double: GraphDouble;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});

afterAll(() => double.close());

function clockAt(iso: string) {
  let now = Date.parse(iso);
  return {
    clock: { now: () => now },
    setNow: (at: string) => {
      now = Date.parse(at);
    },
  };
}

async function freshSite(): Promise<Graph> {
  double.reset();
  const graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  return graph;
}

/** An instance of the store on the double's site (the site as it is now). */
function instance(clock: Clock): Promise<Store> {
  return connectSharePointStore(graphClientFor(double), double.siteId, clock);
}

/** A store on a freshly provisioned site, and how to open another instance of it. */
async function storeOnFreshSite(at: string) {
  await freshSite();
  const { clock, setNow } = clockAt(at);
  return { store: await instance(clock), reopen: () => instance(clock), setNow };
}

storeContracts('The SharePoint store', storeOnFreshSite);

afterEach(() => {
  // Whatever a test did, the store never asked SharePoint for something it refuses on big lists.
  expect(double.refused('not-indexed')).toEqual([]);
  expect(double.refused('threshold')).toEqual([]);
});

const LAWYER: Actor = { personId: 'lawyer.jones', surface: 'api' };
const IRO: Actor = { personId: 'iro.patel', surface: 'bot' };
const NOW = '2023-05-05T15:00:00Z';

const event = (n: string): CaseEvent =>
  ({ type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: n }) as unknown as CaseEvent;

const orderOf = (e: RecordedEvent) => (e.event as unknown as { order: string }).order;

/** A suggestion on C-1 from the lawyer's mail. */
const signal = (messageId: string): NewSuggestion => ({
  caseId: 'C-1',
  event: 'draft.sent-to-iro',
  at: '2023-05-05T14:30:00Z',
  messageId,
  reason: 'Sent by the case’s lawyer to its IRO while the draft was due.',
  from: 'l.jones@council.example.gov.uk',
  to: ['s.patel@council.example.gov.uk'],
  hasAttachments: true,
});

function outboxItem(key: string, caseId = 'C-1', availableAt = NOW): NewOutboxItem {
  return { key, caseId, recipient: 'iro.patel', kind: 'card', payload: { key }, availableAt };
}

/** A Graph connection of an instance that stops (every request fails) once `budget` runs out. */
function stoppingGraph(): { graph: Graph; allow: (requests: number) => void } {
  let budget = Infinity;
  const graph = graphClientFor(double, {
    token: (appToken) =>
      budget-- > 0 ? appToken() : Promise.reject(new Error('the instance stopped')),
  });
  return { graph, allow: (requests) => (budget = requests) };
}

async function twoInstances(): Promise<[Store, Store]> {
  await freshSite();
  const { clock } = clockAt(NOW);
  return [await instance(clock), await instance(clock)];
}

/**
 * C-1, made by an instance that then stops `after` Graph requests into this append (the request
 * fails). Returns the clock, for the instances that find the append as it was left.
 */
async function stoppedMidAppend(
  after: number,
  request: Omit<AppendRequest, 'caseId' | 'expectedVersion' | 'actor'>,
): Promise<Clock> {
  await freshSite();
  const { clock } = clockAt(NOW);
  const stopping = stoppingGraph();
  const a = await connectSharePointStore(stopping.graph, double.siteId, clock);
  await a.createCase(newCase('C-1'), LAWYER);
  stopping.allow(after);
  await expect(
    a.append({ caseId: 'C-1', expectedVersion: 0, actor: LAWYER, ...request }),
  ).rejects.toThrow(/stopped/);
  return clock;
}

async function allAudit(store: CaseStore): Promise<AuditEntry[]> {
  return store.readAudit(0, 100_000);
}

describe('Store on SharePoint', () => {
  test('a site not provisioned at the store’s schema version is refused, saying what to run', async () => {
    double.reset();
    const graph = graphClientFor(double);
    await expect(connectSharePointStore(graph, double.siteId, clockAt(NOW).clock)).rejects.toThrow(
      /schema version none.*sharepoint:provision/,
    );
  });

  test('two instances appending to one case: exactly one wins each version, and nothing is lost', async () => {
    const [a, b] = await twoInstances();
    await a.createCase(newCase('C-1'), LAWYER);
    const winners: string[] = [];
    for (let round = 0; round < 8; round++) {
      const version = (await a.getCase('C-1'))!.version;
      expect((await b.getCase('C-1'))!.version).toBe(version);
      const results = await Promise.all(
        [a, b].map((store, i) =>
          store.append({
            caseId: 'C-1',
            expectedVersion: version,
            events: [event(`${round}-${i}`)],
            actor: i ? IRO : LAWYER,
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['appended', 'conflict']);
      const won = results.findIndex((r) => r.status === 'appended');
      expect(results[won]).toMatchObject({ version: version + 1 });
      expect(results[1 - won]).toEqual({ status: 'conflict', currentVersion: version + 1 });
      winners.push(`${round}-${won}`);
    }
    // Then both keep appending, each retrying at the version a conflict reports.
    const keepAppending = async (store: CaseStore, who: string) => {
      const versions: number[] = [];
      for (let i = 0; i < 6; i++) {
        let expected = (await store.getCase('C-1'))!.version;
        for (;;) {
          const r = await store.append({
            caseId: 'C-1',
            expectedVersion: expected,
            events: [event(`${who}${i}`), event(`${who}${i}+`)],
            actor: LAWYER,
          });
          if (r.status === 'appended') {
            versions.push(r.version);
            break;
          }
          if (r.status !== 'conflict') throw new Error(r.status);
          expected = r.currentVersion;
        }
      }
      return versions;
    };
    const [va, vb] = await Promise.all([keepAppending(a, 'a'), keepAppending(b, 'b')]);
    expect(new Set([...va, ...vb]).size).toBe(12);

    const log = await b.readEvents('C-1');
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 8 + 24 }, (_, i) => i));
    expect(log.slice(0, 8).map(orderOf)).toEqual(winners);
    const appended = log.slice(8).map(orderOf);
    expect(new Set(appended).size).toBe(24);
    // An append's events stay together, in order.
    for (let i = 0; i < 24; i += 2) expect(appended[i + 1]).toBe(`${appended[i]}+`);
    expect((await a.getCase('C-1'))!.version).toBe(32);

    const audit = await allAudit(a);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 33 });
    expect(
      audit
        .filter((e) => e.action === 'event.appended')
        .map((e) => (e.detail as { seq: number }).seq)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 32 }, (_, i) => i));
    await Promise.all([a.close(), b.close()]);
  });

  test('two instances claiming the outbox at once never get the same item', async () => {
    const [a, b] = await twoInstances();
    await a.createCase(newCase('C-1'), LAWYER);
    expect(await a.enqueue(Array.from({ length: 45 }, (_, i) => outboxItem(`k${i}`)))).toBe(45);
    const claimAll = async (store: CaseStore, owner: string) => {
      const got: OutboxItem[] = [];
      for (;;) {
        const batch = await store.claim(owner, NOW, 60_000, 4);
        if (!batch.length) return got;
        got.push(...batch);
      }
    };
    const [ga, gb] = await Promise.all([claimAll(a, 'a'), claimAll(b, 'b')]);
    const ids = [...ga, ...gb].map((i) => i.id);
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect(ga.length).toBeGreaterThan(0);
    expect(gb.length).toBeGreaterThan(0);
    // Only the owner settles an item: the other instance is told no, with its own or the owner's name.
    expect(await b.markSent(ga[0]!.id, 'b', NOW, 'teams')).toBe(false);
    expect(await b.markSent(ga[0]!.id, 'a', NOW, 'teams')).toBe(true);
    const results = await Promise.all([
      ...ga.slice(1).map((i) => a.markSent(i.id, 'a', NOW, 'teams')),
      ...gb.map((i) => b.markFailed(i.id, 'b', 'HTTP 503', { retryAt: '2023-05-05T16:00:00Z' })),
    ]);
    expect(results.every(Boolean)).toBe(true);
    const items = await a.outboxForCase('C-1');
    expect(items.filter((i) => i.sentAt).map((i) => i.id)).toEqual(
      ga.map((i) => i.id).sort((x, y) => x - y),
    );
    expect(await a.claim('c', '2023-05-05T16:00:00Z', 60_000, 100)).toHaveLength(gb.length);
  });

  test('two instances auditing at once keep one chain', async () => {
    const [a, b] = await twoInstances();
    await Promise.all(
      [a, b].flatMap((store, s) =>
        Array.from({ length: 25 }, (_, i) =>
          store.audit({ actor: LAWYER, action: 'case.read', caseId: `C-${s}-${i}` }),
        ),
      ),
    );
    const audit = await allAudit(b);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 50 });
    expect(new Set(audit.map((e) => e.caseId)).size).toBe(50);
  });

  test('an instance that stops after the commit loses nothing: the next reader finishes the append, once', async () => {
    // The case read, then the marker and the commit (one batch); then the instance stops.
    const clock = await stoppedMidAppend(2, {
      events: [event('one'), event('two')],
      idempotencyKey: 'req-1',
      outbox: [outboxItem('reminder')],
      addMembers: [{ personId: 'iro.patel', role: 'iro' }],
    });
    const b = await instance(clock);
    // The log says two events were committed, even before anyone finished the append.
    expect((await b.readEvents('C-1')).map(orderOf)).toEqual(['one', 'two']);
    const record = await b.getCase('C-1');
    expect(record?.version).toBe(2);
    expect(record?.members).toContainEqual({ personId: 'iro.patel', role: 'iro' });
    expect(
      (await b.listCases({ memberId: 'iro.patel', limit: 10 })).map((c) => c.header.id),
    ).toEqual(['C-1']);
    expect((await b.outboxForCase('C-1')).map((i) => i.key)).toEqual(['reminder']);
    expect(await b.casesToCheck(NOW, 10)).toEqual([{ caseId: 'C-1', version: 2 }]);
    // The caller retries with its key: the first result, nothing added.
    expect(
      await b.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [event('one'), event('two')],
        actor: LAWYER,
        idempotencyKey: 'req-1',
      }),
    ).toMatchObject({ status: 'replayed', version: 2, events: [{ seq: 0 }, { seq: 1 }] });
    expect(
      await b.append({ caseId: 'C-1', expectedVersion: 0, events: [event('x')], actor: LAWYER }),
    ).toEqual({ status: 'conflict', currentVersion: 2 });
    const audit = await allAudit(b);
    expect(verifyChain(audit)).toMatchObject({ ok: true });
    expect(audit.map((e) => e.action)).toEqual([
      'case.created',
      'event.appended',
      'event.appended',
    ]);
    // Finished: reading the case is one request again.
    const trips = double.stats().roundTrips;
    await b.getCase('C-1');
    expect(double.stats().roundTrips - trips).toBe(1);
  });

  test('an instance that stops half-way through finishing an append: finishing it again adds nothing twice', async () => {
    // Read; marker and commit; derived writes; audit entries; then it stops before the case item.
    const clock = await stoppedMidAppend(4, {
      events: [event('one'), event('two'), event('three')],
      outbox: [outboxItem('reminder')],
    });
    const [b, c] = [await instance(clock), await instance(clock)];
    // Two readers find it unfinished at once.
    const [rb, rc] = await Promise.all([b.getCase('C-1'), c.getCase('C-1')]);
    expect([rb?.version, rc?.version]).toEqual([3, 3]);
    expect(await b.readEvents('C-1')).toHaveLength(3);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonCaseEvents')!.itemCount).toBe(3);
    expect(await b.outboxForCase('C-1')).toHaveLength(1);
    const audit = await allAudit(c);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 4 });
  });

  test('a marker with no commit behind it (the writer stopped before committing) changes nothing', async () => {
    const [a] = await twoInstances();
    await a.createCase(newCase('C-1'), LAWYER);
    const graph = graphClientFor(double);
    const items = (await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonCases/items?$expand=fields`)
      .get()) as { value: { id: string; eTag: string }[] };
    const item = items.value[0]!;
    await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonCases/items/${item.id}/fields`)
      .header('If-Match', item.eTag)
      .patch({ Pending: JSON.stringify({ append: { seq: 0 } }) });
    expect((await a.getCase('C-1'))?.version).toBe(0);
    expect(await a.readEvents('C-1')).toEqual([]);
    expect(
      await a.append({ caseId: 'C-1', expectedVersion: 0, events: [event('one')], actor: LAWYER }),
    ).toMatchObject({ status: 'appended', version: 1 });
    const trips = double.stats().roundTrips;
    expect((await a.getCase('C-1'))?.version).toBe(1);
    expect(double.stats().roundTrips - trips).toBe(1);
  });

  test('values with quotes, #, &, + and % go into $filter literals safely', async () => {
    const [a] = await twoInstances();
    const odd = "O'Neil #1 & A+B %20";
    const c = newCase(odd);
    expect(await a.createCase({ ...c, team: "team 'x' & #y" }, LAWYER)).toMatchObject({
      header: { id: odd },
    });
    expect(await a.createCase(newCase("O'Neil #1 & A B %20"), LAWYER)).toMatchObject({
      version: 0,
    });
    expect((await a.getCase(odd))?.team).toBe("team 'x' & #y");
    expect(
      await a.append({
        caseId: odd,
        expectedVersion: 0,
        events: [event('one')],
        actor: { personId: "d'arcy+1", surface: 'tab' },
        idempotencyKey: "key ' # & +",
        outbox: [outboxItem("out ' # & +", odd)],
        addMembers: [{ personId: "d'arcy+1", role: 'iro' }],
      }),
    ).toMatchObject({ status: 'appended', version: 1 });
    expect(
      (
        await a.append({
          caseId: odd,
          expectedVersion: 0,
          events: [event('one')],
          actor: LAWYER,
          idempotencyKey: "key ' # & +",
        })
      ).status,
    ).toBe('replayed');
    expect((await a.readEvents(odd)).map(orderOf)).toEqual(['one']);
    expect((await a.outboxForCase(odd)).map((i) => i.key)).toEqual(["out ' # & +"]);
    expect(
      (await a.listCases({ teams: ["team 'x' & #y"], limit: 5 })).map((r) => r.header.id),
    ).toEqual([odd]);
    expect((await a.listCases({ memberId: "d'arcy+1", limit: 5 })).map((r) => r.header.id)).toEqual(
      [odd],
    );
    await a.upsertPerson({ id: "d'arcy+1", displayName: 'D', roles: ['iro'], teams: [] });
    expect((await a.person("d'arcy+1"))?.id).toBe("d'arcy+1");
    expect(await a.acquireLease("lease ' # & +", 'a', NOW, 1000)).toBe(true);
    await a.saveConversation({ entraObjectId: "oid'#&+", personId: "d'arcy+1", reference: {} });
    expect((await a.conversationOf("d'arcy+1"))?.entraObjectId).toBe("oid'#&+");
    expect(await a.forgetConversation("oid'#&+")).toBe(true);
    expect(verifyChain(await allAudit(a)).ok).toBe(true);
  });

  test('Graph round trips: an append is four (five with derived writes), a claim two, settling one', async () => {
    const [a] = await twoInstances();
    const trips = async (f: () => Promise<unknown>) => {
      const before = double.stats().roundTrips;
      await f();
      return double.stats().roundTrips - before;
    };
    expect(await trips(() => a.createCase(newCase('C-1'), LAWYER))).toBe(5); // + a cold head search
    expect(await trips(() => a.getCase('C-1'))).toBe(1);
    expect(
      await trips(() =>
        a.append({ caseId: 'C-1', expectedVersion: 0, events: [event('1')], actor: LAWYER }),
      ),
    ).toBe(4);
    const withEverything = {
      caseId: 'C-1',
      expectedVersion: 1,
      events: [event('2'), event('3')],
      actor: LAWYER,
      idempotencyKey: 'k',
      outbox: [outboxItem('o1'), outboxItem('o2')],
    };
    expect(await trips(() => a.append(withEverything))).toBe(5);
    expect(await trips(() => a.append(withEverything))).toBe(2); // replayed
    expect(await trips(() => a.readEvents('C-1'))).toBe(1);
    let claimed: OutboxItem[] = [];
    expect(await trips(async () => (claimed = await a.claim('a', NOW, 30_000, 10)))).toBe(2);
    expect(await trips(() => a.markSent(claimed[0]!.id, 'a', NOW, 'teams'))).toBe(1);
    expect(await trips(() => a.audit({ actor: LAWYER, action: 'case.read' }))).toBe(1);
    expect(await trips(() => a.casesToCheck(NOW, 10))).toBe(1);
  });
});

describe('Store keeping the mailbox signals', () => {
  test('two instances resolving one suggestion at once: exactly one does', async () => {
    const [a, b] = await twoInstances();
    await a.createCase(newCase('C-1'), LAWYER);
    for (let round = 0; round < 5; round++) {
      expect(await a.suggest(signal(`<m${round}@x>`))).toBe(true);
      const [open] = await b.suggestionsFor('C-1');
      expect(open?.resolution).toBeUndefined();
      const results = await Promise.all([
        a.resolveSuggestion(open!.id, { outcome: 'confirmed', by: 'lawyer.jones', at: NOW }),
        b.resolveSuggestion(open!.id, { outcome: 'dismissed', by: 'iro.patel', at: NOW }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'confirmed' : 'dismissed';
      expect((await b.suggestion(open!.id))?.resolution?.outcome).toBe(winner);
    }
    // Open first, then newest first: all resolved now, so newest first.
    expect((await a.suggestionsFor('C-1')).map((x) => x.messageId)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `<m${i}@x>`),
    );
  });

  test('two instances suggesting one message at once add it once; another event is another suggestion', async () => {
    const [a, b] = await twoInstances();
    await a.createCase(newCase('C-1'), LAWYER);
    const results = await Promise.all([a.suggest(signal('<x@y>')), b.suggest(signal('<x@y>'))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    // Message ids differing only in case are different messages, as in SQLite.
    expect(await a.suggest(signal('<X@y>'))).toBe(true);
    expect(await a.suggest({ ...signal('<x@y>'), event: 'iro.comments-returned' })).toBe(true);
    expect(await b.suggestionsFor('C-1')).toHaveLength(3);
  });

  test('two instances saving one folder’s cursor at once keep one item, and long values fit', async () => {
    const [a, b] = await twoInstances();
    const long = `https://graph.microsoft.com/v1.0/users/x/mailFolders/inbox/messages/delta?$deltatoken=${'t'.repeat(900)}`;
    await Promise.all([
      a.saveCursor('L.Jones@x', 'inbox', `${long}-a`),
      b.saveCursor('l.jones@x', 'inbox', `${long}-b`),
    ]);
    expect([`${long}-a`, `${long}-b`]).toContain(await b.cursorOf('l.jones@x', 'inbox'));
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonMailCursors')!.itemCount).toBe(1);
    // A key longer than a line of text holds (a long address and a folder id) is kept as a hash.
    const mailbox = `${'m'.repeat(120)}@council.example.gov.uk`;
    const folder = `AAMkAD${'Q'.repeat(150)}=`;
    await a.saveCursor(mailbox, folder, 'link');
    expect(await b.cursorOf(mailbox, folder)).toBe('link');
    expect(await b.cursorOf(mailbox, 'inbox')).toBeUndefined();
    await Promise.all([a.forgetCursor(mailbox, folder), b.forgetCursor(mailbox, folder)]);
    expect(await a.cursorOf(mailbox, folder)).toBeUndefined();

    await a.createCase(newCase('C-1'), LAWYER);
    await Promise.all([
      a.saveDraftConversation('C-1', 'conv-a'),
      b.saveDraftConversation('C-1', 'conv-b'),
    ]);
    expect(['conv-a', 'conv-b']).toContain(await a.draftConversationOf('C-1'));
    const messageId = `<${'q'.repeat(400)}'#&+%@x>`;
    expect(await a.suggest(signal(messageId))).toBe(true);
    expect(await b.suggest(signal(messageId))).toBe(false);
    expect((await b.suggestionsFor('C-1'))[0]).toMatchObject({
      ...signal(messageId),
      createdAt: new Date(NOW).toISOString(),
    });
  });
});

describe('Store on lists past the list view threshold', () => {
  const N = 5_100;
  const AT = '2023-01-01T00:00:00Z';

  /** Every list as if used for years: 5,100 items each, none of them about what the test does. */
  function seedYears(): void {
    const ids = Array.from({ length: N }, (_, i) => i);
    const old = (i: number) => `S-${i}`;
    double.seedItems(
      'LiaisonCases',
      ids.map((i) => ({
        Title: old(i),
        CaseId: old(i),
        Team: i % 60 === 0 ? 'north' : `team-${i % 60}`,
        Header: JSON.stringify(newCase(old(i)).header),
        CaseVersion: 1,
        CreatedAt: AT,
        UpdatedAt: AT,
        NextCheckAt: '2030-01-01T00:00:00Z',
        Members: JSON.stringify([{ personId: `p-${i}`, role: 'lawyer' }]),
      })),
    );
    double.seedItems(
      'LiaisonCaseMembers',
      ids.map((i) => ({
        Title: `${old(i)}:p-${i}:lawyer`,
        MemberKey: `${old(i)}:p-${i}:lawyer`,
        CaseId: old(i),
        PersonId: `p-${i}`,
        Role: 'lawyer',
      })),
    );
    double.seedItems(
      'LiaisonCaseEvents',
      ids.map((i) => {
        const commit = { events: [event(old(i))], at: AT, actor: LAWYER };
        return {
          Title: eventKey(old(i), 0),
          EventKey: eventKey(old(i), 0),
          CaseId: old(i),
          Seq: 0,
          EventType: 'order.made',
          Body: JSON.stringify(commit.events[0]),
          RecordedAt: AT,
          RecordedBy: LAWYER.personId,
          Surface: LAWYER.surface,
          Commit: JSON.stringify(commit),
        };
      }),
    );
    double.seedItems(
      'LiaisonIdempotencyKeys',
      ids.map((i) => ({
        Title: `${old(i)}:k`,
        KeyId: `${old(i)}:k`,
        CaseId: old(i),
        RequestHash: 'x',
        FirstSeq: 0,
        EventCount: 1,
        CaseVersion: 1,
      })),
    );
    let prevHash = GENESIS_HASH;
    double.seedItems(
      'LiaisonAudit',
      ids.map((i) => {
        const entry = {
          seq: i + 1,
          at: new Date(AT).toISOString(),
          actor: { personId: LAWYER.personId, surface: LAWYER.surface },
          action: 'case.read',
          caseId: old(i),
        };
        const hash = auditHash(prevHash, entry);
        const fields = {
          Title: String(entry.seq),
          Seq: entry.seq,
          Block: Math.floor(entry.seq / AUDIT_BLOCK_SIZE),
          At: entry.at,
          PersonId: entry.actor.personId,
          Surface: entry.actor.surface,
          Action: entry.action,
          CaseId: entry.caseId,
          PrevHash: prevHash,
          Hash: hash,
        };
        prevHash = hash;
        return fields;
      }),
    );
    double.seedItems(
      'LiaisonOutbox',
      ids.map((i) => ({
        Title: `${old(i)}:sent`,
        ItemKey: `${old(i)}:sent`,
        CaseId: old(i),
        State: 'sent',
        Recipient: `p-${i}`,
        Kind: 'card',
        Payload: '{}',
        AvailableAt: AT,
        CreatedAt: AT,
        Attempts: 1,
        SentAt: AT,
        Channel: 'teams',
      })),
    );
    double.seedItems(
      'LiaisonPeople',
      ids.map((i) => ({
        Title: `p-${i}`,
        PersonId: `p-${i}`,
        DisplayName: `Person ${i}`,
        EntraObjectId: `oid-${i}`,
        Roles: '["lawyer"]',
        Teams: '[]',
      })),
    );
    double.seedItems(
      'LiaisonConversations',
      ids.map((i) => ({
        Title: `oid-${i}`,
        EntraObjectId: `oid-${i}`,
        PersonId: `p-${i}`,
        Reference: '{}',
        UpdatedAt: AT,
      })),
    );
    double.seedItems(
      'LiaisonLeases',
      ids.map((i) => ({ Title: `lease-${i}`, LeaseName: `lease-${i}`, Owner: 'x', Until: AT })),
    );
    double.seedItems(
      'LiaisonMailCursors',
      ids.map((i) => ({
        Title: cursorKey(`m-${i}@x`, 'inbox'),
        CursorKey: cursorKey(`m-${i}@x`, 'inbox'),
        Mailbox: `m-${i}@x`,
        Folder: 'inbox',
        Cursor: `link-${i}`,
        UpdatedAt: AT,
      })),
    );
    double.seedItems(
      'LiaisonDraftConversations',
      ids.map((i) => ({ Title: old(i), CaseId: old(i), ConversationId: `conv-${i}` })),
    );
    double.seedItems(
      'LiaisonSuggestions',
      ids.map((i) => ({
        Title: suggestionKey(`<${i}@x>`, 'draft.sent-to-iro'),
        SuggestionKey: suggestionKey(`<${i}@x>`, 'draft.sent-to-iro'),
        CaseId: old(i),
        Event: 'draft.sent-to-iro',
        At: AT,
        MessageId: `<${i}@x>`,
        Reason: 'seeded',
        Sender: 'a@x',
        Recipients: '["b@x"]',
        HasAttachments: false,
        CreatedAt: AT,
      })),
    );
  }

  test('every query the store makes still answers, through indexes only', async () => {
    const graph = await freshSite();
    seedYears();
    const { clock } = clockAt(NOW);
    const store = await connectSharePointStore(graph, double.siteId, clock);

    expect(await store.createCase(newCase('C-1'), LAWYER)).toMatchObject({ version: 0 });
    expect(
      await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [event('one'), event('two')],
        actor: LAWYER,
        idempotencyKey: 'k',
        outbox: [outboxItem('o1'), outboxItem('o2', 'C-1', '2023-05-06T15:00:00Z')],
        addMembers: [{ personId: 'iro.patel', role: 'iro' }],
      }),
    ).toMatchObject({ status: 'appended', version: 2 });
    expect(
      (
        await store.append({
          caseId: 'C-1',
          expectedVersion: 0,
          events: [event('one'), event('two')],
          actor: LAWYER,
          idempotencyKey: 'k',
        })
      ).status,
    ).toBe('replayed');
    expect((await store.getCase('C-1'))?.version).toBe(2);
    expect((await store.readEvents('C-1')).map(orderOf)).toEqual(['one', 'two']);
    expect((await store.readEvents('S-77')).map(orderOf)).toEqual(['S-77']);
    const north = await store.listCases({ teams: ['north'], limit: 3 });
    expect(north.map((c) => c.header.id)).toEqual(['C-1', 'S-0', 'S-1020']);
    expect(
      (await store.listCases({ teams: ['north'], limit: 2, after: 'S-1020' })).map(
        (c) => c.header.id,
      ),
    ).toEqual(['S-1080', 'S-1140']);
    expect(
      (await store.listCases({ memberId: 'iro.patel', limit: 5 })).map((c) => c.header.id),
    ).toEqual(['C-1']);
    expect((await store.listCases({ memberId: 'p-42', limit: 5 })).map((c) => c.header.id)).toEqual(
      ['S-42'],
    );
    expect(
      await store.setMembers('C-1', [{ personId: 'sw.khan', role: 'social-worker' }], LAWYER),
    ).toBe(true);
    expect(await store.casesToCheck(NOW, 10)).toEqual([{ caseId: 'C-1', version: 2 }]);
    await store.setNextCheck('C-1', 2, '2023-05-07T09:00:00Z');
    expect(await store.casesToCheck(NOW, 10)).toEqual([]);

    const claimed = await store.claim('a', NOW, 30_000, 10);
    expect(claimed.map((i) => i.key)).toEqual(['o1']);
    expect(await store.markSent(claimed[0]!.id, 'a', NOW, 'teams')).toBe(true);
    expect((await store.outboxForCase('C-1')).map((i) => [i.key, i.sentAt !== undefined])).toEqual([
      ['o1', true],
      ['o2', false],
    ]);

    await store.audit({ actor: LAWYER, action: 'case.read', caseId: 'C-1' });
    const audit = await store.readAudit(0, 100_000);
    expect(audit).toHaveLength(N + 5);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: N + 5 });
    expect((await store.readAudit(N, 10)).map((e) => e.action)).toEqual([
      'case.created',
      'event.appended',
      'event.appended',
      'case.members-set',
      'case.read',
    ]);
    expect((await store.readAudit(4_990, 20)).map((e) => e.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => 4_991 + i),
    );

    await store.upsertPerson({
      id: 'iro.patel',
      displayName: 'Sam Patel',
      entraObjectId: 'OID-X',
      roles: ['iro'],
      teams: ['north'],
    });
    expect((await store.person('iro.patel'))?.displayName).toBe('Sam Patel');
    expect((await store.personByEntraObjectId('oid-x'))?.id).toBe('iro.patel');
    expect((await store.personByEntraObjectId('oid-4321'))?.id).toBe('p-4321');
    expect(await store.people()).toHaveLength(N + 1);
    await store.saveConversation({
      entraObjectId: 'oid-x',
      personId: 'iro.patel',
      reference: { a: 1 },
    });
    expect((await store.conversationOf('iro.patel'))?.reference).toEqual({ a: 1 });
    expect((await store.conversationOf('p-9'))?.entraObjectId).toBe('oid-9');
    expect(await store.forgetConversation('oid-x')).toBe(true);
    expect(await store.acquireLease('scheduler', 'a', NOW, 60_000)).toBe(true);
    expect(await store.acquireLease('lease-5', 'a', NOW, 60_000)).toBe(true);

    // The mailbox signals, each read through its key or the case's index.
    expect(await store.cursorOf('M-77@x', 'Inbox')).toBe('link-77');
    await store.saveCursor('m-77@x', 'inbox', 'link-77b');
    await store.saveCursor('l.jones@x', 'inbox', 'link-new');
    expect(await store.cursorOf('m-77@x', 'inbox')).toBe('link-77b');
    expect(await store.cursorOf('l.jones@x', 'inbox')).toBe('link-new');
    await store.forgetCursor('m-78@x', 'inbox');
    expect(await store.cursorOf('m-78@x', 'inbox')).toBeUndefined();
    expect(await store.draftConversationOf('S-99')).toBe('conv-99');
    await store.saveDraftConversation('C-1', 'conv-c1');
    expect(await store.draftConversationOf('C-1')).toBe('conv-c1');
    expect(await store.suggest({ ...signal('<9@x>'), caseId: 'S-9' })).toBe(false);
    expect(await store.suggest(signal('<new@x>'))).toBe(true);
    const [made] = await store.suggestionsFor('C-1');
    expect(made?.messageId).toBe('<new@x>');
    expect((await store.suggestionsFor('S-12')).map((x) => x.messageId)).toEqual(['<12@x>']);
    expect(
      await store.resolveSuggestion(made!.id, { outcome: 'confirmed', by: 'a', at: NOW }),
    ).toBe(true);
    await store.close();

    // A second instance, starting cold, finds the audit head among 5,000 entries in a few requests.
    const cold = await instance(clock);
    const trips = double.stats().roundTrips;
    await cold.audit({ actor: LAWYER, action: 'case.read' });
    expect(double.stats().roundTrips - trips).toBeLessThanOrEqual(4);
    expect(verifyChain(await cold.readAudit(0, 100_000))).toMatchObject({
      ok: true,
      entries: N + 6,
    });
  }, 30_000);
});

describe('Store under Graph throttling', () => {
  /** A day's work for one instance; what the store answered and holds, in comparable form. */
  async function day(store: Store): Promise<unknown> {
    const answers: unknown[] = [];
    const say = (x: unknown) => answers.push(x);
    say(await store.createCase(newCase('C-1'), LAWYER));
    say(await store.createCase(newCase('C-2', 'south'), LAWYER));
    say(await store.createCase(newCase('C-1'), LAWYER));
    let version = 0;
    for (let i = 0; i < 6; i++) {
      const r = await store.append({
        caseId: 'C-1',
        expectedVersion: version,
        events: i % 2 ? [event(`e${i}`)] : [event(`e${i}`), event(`e${i}b`)],
        actor: LAWYER,
        idempotencyKey: `req-${i}`,
        outbox: [outboxItem(`o${i}`)],
        addMembers: i === 3 ? [{ personId: 'iro.patel', role: 'iro' }] : undefined,
      });
      say(r);
      if (r.status === 'appended') version = r.version;
    }
    say(
      await store.append({
        caseId: 'C-1',
        expectedVersion: 1,
        events: [event('x')],
        actor: LAWYER,
      }),
    );
    say(
      await store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [event('e0'), event('e0b')],
        actor: LAWYER,
        idempotencyKey: 'req-0',
      }),
    );
    say(await store.setMembers('C-2', [{ personId: 'iro.patel', role: 'iro' }], IRO));
    say(
      await store.enqueue([outboxItem('later', 'C-2', '2023-05-06T09:00:00Z'), outboxItem('o1')]),
    );
    const claimed = await store.claim('a', NOW, 30_000, 4);
    say(claimed.map((i) => i.key));
    for (const [n, item] of claimed.entries()) {
      say(
        n % 2
          ? await store.markFailed(item.id, 'a', 'HTTP 503', { retryAt: '2023-05-05T15:10:00Z' })
          : await store.markSent(item.id, 'a', NOW, 'teams', `activity-${n}`),
      );
    }
    say(
      await store.claim('b', '2023-05-05T15:10:00Z', 30_000, 10).then((r) => r.map((i) => i.key)),
    );
    say(await store.casesToCheck(NOW, 10));
    await store.setNextCheck('C-1', version, '2023-05-08T09:00:00Z');
    say(await store.casesToCheck('2023-05-08T09:00:00Z', 10));
    for (let i = 0; i < 5; i++)
      await store.audit({ actor: IRO, action: 'case.read', caseId: 'C-1' });
    say(await store.acquireLease('scheduler', 'a', NOW, 60_000));
    say(await store.acquireLease('scheduler', 'b', NOW, 60_000));
    await store.upsertPerson({
      id: 'iro.patel',
      displayName: 'Sam',
      roles: ['iro'],
      teams: ['north'],
    });
    await store.saveConversation({
      entraObjectId: 'oid-1',
      personId: 'iro.patel',
      reference: { x: 1 },
    });
    await store.saveCursor('l.jones@x', 'inbox', 'link-1');
    await store.saveCursor('l.jones@x', 'inbox', 'link-2');
    await store.saveCursor('l.jones@x', 'sentitems', 'link-3');
    await store.forgetCursor('l.jones@x', 'sentitems');
    say([
      await store.cursorOf('l.jones@x', 'inbox'),
      await store.cursorOf('l.jones@x', 'sentitems'),
    ]);
    await store.saveDraftConversation('C-1', 'conv-1');
    say(await store.draftConversationOf('C-1'));
    say([await store.suggest(signal('<a@x>')), await store.suggest(signal('<a@x>'))]);
    say(await store.suggest(signal('<b@x>')));
    const [newest] = await store.suggestionsFor('C-1');
    const resolution = { outcome: 'dismissed' as const, by: 'lawyer.jones', at: NOW };
    say(await store.resolveSuggestion(newest!.id, resolution));
    say(await store.resolveSuggestion(newest!.id, resolution));
    say((await store.suggestionsFor('C-1')).map(({ id: _id, ...rest }) => rest));

    const outbox = async (caseId: string) =>
      (await store.outboxForCase(caseId))
        .map(({ id: _id, ...rest }) => rest)
        .sort((a, b) => (a.key < b.key ? -1 : 1));
    const audit = await store.readAudit(0, 1000);
    return {
      answers,
      cases: [await store.getCase('C-1'), await store.getCase('C-2')],
      lists: [
        await store.listCases({ teams: ['north', 'south'], limit: 10 }),
        await store.listCases({ memberId: 'iro.patel', limit: 10 }),
      ],
      events: [await store.readEvents('C-1'), await store.readEvents('C-2')],
      outbox: [await outbox('C-1'), await outbox('C-2')],
      chain: verifyChain(audit).ok,
      audit: audit.map(({ prevHash: _p, hash: _h, ...rest }) => rest),
      people: await store.people(),
      conversation: await store.conversationOf('iro.patel'),
    };
  }

  test('429 and 503 on a fifth of the requests change nothing in what the store answers or keeps', async () => {
    const calm = await day(
      await connectSharePointStore(await freshSite(), double.siteId, clockAt(NOW).clock),
    );

    const graph = await freshSite();
    double.setFaults({ throttleRate: 0.2, serviceUnavailableRate: 0.05, retryAfterSeconds: 0 });
    const stormy = await day(
      await connectSharePointStore(
        graphClientFor(double, { maxRetries: 10 }),
        double.siteId,
        clockAt(NOW).clock,
      ),
    );
    const stats = double.stats();
    double.setFaults({ throttleRate: 0, serviceUnavailableRate: 0 });
    expect(graph).toBeDefined();
    expect(stats.injected429 + stats.injected503).toBeGreaterThan(30);
    expect(stormy).toEqual(calm);
    expect((calm as { chain: boolean }).chain).toBe(true);
  });
});
