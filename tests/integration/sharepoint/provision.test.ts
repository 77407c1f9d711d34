/**
 * Provisioning the store's SharePoint lists, through the Graph SDK's Client, against the Graph
 * double: from an empty site, again with nothing to do, onto a site where a list is missing a
 * column or an index, and with Graph throttling on the way.
 */
import { all } from '../../../server/graph/collections';
import type { Graph } from '../../../server/graph/graph-client';
import {
  SharePointSchemaError,
  provisionSite,
  type ProvisionLogger,
} from '../../../server/store/sharepoint/provision';
import {
  DEADLINE_CALENDAR_CASES,
  DEADLINE_EVENTS,
  DIGEST_PREFERENCES,
  DRAFT_CONVERSATIONS,
  IDEMPOTENCY_RECORDS,
  LISTS,
  MAIL_CURSORS,
  MAX_INDEXED_COLUMNS,
  OUTBOX,
  PEOPLE,
  RENAMED_COLUMNS,
  SCHEMA_VERSION,
  SERVICE_LOG,
  SUGGESTIONS,
  columnDefinition,
  cursorKey,
  deadlineEntryKey,
  eventKey,
  schemaProblems,
  suggestionKey,
  type ListSpec,
} from '../../../server/store/sharepoint/schema';
import { SharePointDirectory } from '../../../server/store/sharepoint/directory';
import { SiteLists } from '../../../server/store/sharepoint/lists';
import { copyRenamedColumn } from '../../../server/store/sharepoint/rename-columns';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import {
  recordSchemaVersion,
  withVersionColumnsBefore9,
  writesSince,
} from '../../support/sharepoint-site';

let double: GraphDouble;
let graph: Graph;

beforeAll(async () => {
  double = await GraphDouble.start();
  graph = graphClientFor(double);
});

afterAll(() => double.close());

beforeEach(() => double.reset());

const names = (lists: readonly ListSpec[]) => lists.map((l) => l.displayName);

/** The lists schema version 3 added: the mailbox signals. */
const V3_LISTS: readonly ListSpec[] = [MAIL_CURSORS, DRAFT_CONVERSATIONS, SUGGESTIONS];
/** The lists schema version 4 added: deadlines in Outlook calendars. */
const V4_LISTS: readonly ListSpec[] = [DEADLINE_EVENTS, DEADLINE_CALENDAR_CASES];
/** The list schema version 6 added: the services' own duties. */
const V6_LISTS: readonly ListSpec[] = [SERVICE_LOG];
/** The list schema version 7 added: each person's weekly digest. */
const V7_LISTS: readonly ListSpec[] = [DIGEST_PREFERENCES];
/** The list schema version 8 added: requests with an Idempotency-Key and their answers. */
const V8_LISTS: readonly ListSpec[] = [IDEMPOTENCY_RECORDS];
/** The lists a site had at a version. */
const listsAt = (version: 1 | 2 | 3 | 4 | 5 | 6 | 7) =>
  LISTS.filter(
    (l) =>
      !V8_LISTS.includes(l) &&
      (version >= 7 || !V7_LISTS.includes(l)) &&
      (version >= 6 || !V6_LISTS.includes(l)) &&
      (version >= 4 || !V4_LISTS.includes(l)) &&
      (version >= 3 || !V3_LISTS.includes(l)),
  );

interface Column {
  name: string;
  indexed: boolean;
  enforceUniqueValues: boolean;
  readOnly: boolean;
  text?: { allowMultipleLines: boolean };
  number?: object;
  dateTime?: object;
  boolean?: object;
}

/** The list's own columns as Graph reports them (built-in read-only ones and Title left out). */
async function columnsOf(list: string): Promise<Column[]> {
  const answer = (await graph.client
    .api(`/sites/${double.siteId}/lists/${list}/columns`)
    .get()) as {
    value: Column[];
  };
  return answer.value.filter((c) => !c.readOnly && c.name !== 'Title');
}

function typeOf(c: Column): string {
  if (c.text) return c.text.allowMultipleLines ? 'note' : 'text';
  return c.number ? 'number' : c.dateTime ? 'dateTime' : 'boolean';
}

/** Each list's columns, with their types, as its specification gives them. */
async function expectColumnsAsSpecified(specs: readonly ListSpec[]): Promise<void> {
  for (const spec of specs) {
    const columns = await columnsOf(spec.displayName);
    expect(columns.map((c) => [c.name, typeOf(c)])).toEqual(
      spec.columns.map((c) => [c.name, c.type]),
    );
  }
}

const indexes = async (list: string) =>
  (await columnsOf(list)).filter((c) => c.indexed).map((c) => c.name);
const keys = async (list: string) =>
  (await columnsOf(list)).filter((c) => c.enforceUniqueValues).map((c) => c.name);

const writes = (from: number) => writesSince(double, from);

/** Version 9's rename on a site from before version 4 (which added the third list having it). */
const BEFORE_4_RENAMED = ['LiaisonCases', 'LiaisonIdempotencyKeys'].map(
  (l) => `${l}.Version → CaseVersion`,
);
const BEFORE_4_ADDED = ['LiaisonCases.CaseVersion', 'LiaisonIdempotencyKeys.CaseVersion'];
const BEFORE_4_CHANGED = ['LiaisonCases', 'LiaisonIdempotencyKeys', 'LiaisonMeta'];

/** A site as a release at `version` (before 9) left it. */
async function siteAt(version: number, lists: readonly ListSpec[]): Promise<void> {
  await provisionSite(graph, double.siteId, undefined, lists);
  await withVersionColumnsBefore9(graph, double.siteId);
  await recordSchemaVersion(graph, double.siteId, version);
}

describe('the schema', () => {
  it('keeps SharePoint’s rules: unique columns indexed, no index on multiple lines, at most 20 indexes a list', () => {
    expect(schemaProblems()).toEqual([]);
    for (const list of LISTS) {
      expect(list.columns.filter((c) => c.indexed).length).toBeLessThanOrEqual(MAX_INDEXED_COLUMNS);
    }
    expect(
      schemaProblems([
        {
          displayName: 'Bad',
          description: '',
          columns: [
            { name: 'A', type: 'text', unique: true, description: '' },
            { name: 'B', type: 'note', indexed: true, description: '' },
          ],
        },
      ]),
    ).toEqual([
      'Bad.A is unique but not indexed',
      'Bad.B has multiple lines and cannot be indexed',
    ]);
  });

  it('gives no column the name of one SharePoint gives every list, such as its "Version"', () => {
    const named = (name: string): ListSpec => ({
      displayName: 'Bad',
      description: '',
      columns: [{ name, type: 'number', description: '' }],
    });
    expect(schemaProblems([named('Version')])).toEqual([
      'Bad.Version has the name of a column SharePoint gives every list',
    ]);
    expect(schemaProblems([named('modified')])).toHaveLength(1);
    expect(schemaProblems([named('CaseVersion')])).toEqual([]);
  });

  it('keys an event by case and zero-padded sequence, so text order is log order', () => {
    expect(eventKey('C-1042', 7)).toBe('C-1042:0000000007');
    expect(eventKey('C-1042', 10) > eventKey('C-1042', 9)).toBe(true);
  });

  it('keys a cursor by mailbox and folder in lower case, and a suggestion by a hash of message and event', () => {
    expect(cursorKey('L.Jones@X', 'Inbox')).toBe('l.jones@x|inbox');
    expect(cursorKey('a'.repeat(200), 'b'.repeat(100))).toMatch(/^sha256:[0-9a-f]{64}$/);
    const key = suggestionKey('<a@x>', 'draft.sent-to-iro');
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(suggestionKey('<A@x>', 'draft.sent-to-iro')).not.toBe(key);
    expect(suggestionKey('<a@x>', 'iro.comments-returned')).not.toBe(key);
    expect(suggestionKey('x'.repeat(2000), 'draft.sent-to-iro').length).toBeLessThanOrEqual(255);
  });

  it('keys a deadline entry by obligation and person, hashed when longer than a line of text holds', () => {
    expect(deadlineEntryKey('C-1042:draft-final-evidence-to-iro', 'lawyer.jones')).toBe(
      'C-1042:draft-final-evidence-to-iro|lawyer.jones',
    );
    expect(deadlineEntryKey('C-1:x'.repeat(50), 'p'.repeat(100))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('provisionSite', () => {
  it('creates every list on an empty site, with exactly the schema’s columns, indexes and unique keys', async () => {
    const logged: string[] = [];
    const logger: ProvisionLogger = { info: (_details, message) => logged.push(message) };
    const report = await provisionSite(graph, double.siteId, logger);

    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: undefined, after: SCHEMA_VERSION },
      created: names(LISTS),
      columnsAdded: [],
      indexed: [],
      uniqueEnforced: [],
      renamed: [],
      unchanged: [],
    });
    for (const spec of LISTS) {
      const columns = await columnsOf(spec.displayName);
      expect(columns.map((c) => [c.name, typeOf(c)])).toEqual(
        spec.columns.map((c) => [c.name, c.type]),
      );
      expect(columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(
        spec.columns.filter((c) => c.indexed).map((c) => c.name),
      );
      expect(columns.filter((c) => c.enforceUniqueValues).map((c) => c.name)).toEqual(
        spec.columns.filter((c) => c.unique).map((c) => c.name),
      );
    }
    const meta = (await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonMeta/items`)
      .expand('fields')
      .get()) as { value: { fields: Record<string, unknown> }[] };
    // The schema version, and where each list is: by id, which renaming a list keeps.
    const lists = (
      (await graph.client.api(`/sites/${double.siteId}/lists`).get()) as {
        value: { id: string; displayName: string }[];
      }
    ).value;
    expect(meta.value.map((i) => [i.fields.MetaKey, i.fields.MetaValue]).sort()).toEqual(
      [
        ['schemaVersion', String(SCHEMA_VERSION)],
        ...LISTS.map((l) => [
          `listId:${l.displayName}`,
          lists.find((x) => x.displayName === l.displayName)!.id,
        ]),
      ].sort(),
    );
    expect(logged.filter((m) => m === 'sharepoint list created')).toHaveLength(LISTS.length);
    expect(double.refused('not-indexed')).toEqual([]);
    expect(double.refused('threshold')).toEqual([]);
  });

  it('changes nothing the second time, in three round trips of reads', async () => {
    await provisionSite(graph, double.siteId);
    const from = double.log.length;
    const trips = double.stats().roundTrips;

    const again = await provisionSite(graph, double.siteId);

    expect(again).toMatchObject({
      schemaVersion: { before: SCHEMA_VERSION, after: SCHEMA_VERSION },
      created: [],
      columnsAdded: [],
      indexed: [],
      uniqueEnforced: [],
      unchanged: names(LISTS),
    });
    expect(writes(from)).toEqual([]);
    // The lists, one $batch for every list's columns, the schema version.
    expect(double.stats().roundTrips - trips).toBe(3);
  });

  it('adds the columns, indexes and unique constraint an existing list lacks, and leaves its items alone', async () => {
    const keep = ['ItemKey', 'CaseId', 'Recipient', 'Kind', 'Payload', 'AvailableAt'];
    await graph.client.api(`/sites/${double.siteId}/lists`).post({
      displayName: OUTBOX.displayName,
      list: { template: 'genericList' },
      columns: OUTBOX.columns
        .filter((c) => keep.includes(c.name))
        .map((c) =>
          columnDefinition(
            c.name === 'ItemKey' || c.name === 'CaseId'
              ? { ...c, indexed: false, unique: false }
              : c,
          ),
        ),
    });
    double.seedItems(OUTBOX.displayName, [{ Title: 'k1', ItemKey: 'k1', CaseId: 'C-1' }]);

    const report = await provisionSite(graph, double.siteId);

    expect(report.created).toEqual(names(LISTS.filter((l) => l !== OUTBOX)));
    const missing = OUTBOX.columns.filter((c) => !keep.includes(c.name));
    expect(report.columnsAdded).toEqual(missing.map((c) => `LiaisonOutbox.${c.name}`));
    expect(report.indexed).toEqual([
      'LiaisonOutbox.ItemKey',
      'LiaisonOutbox.CaseId',
      'LiaisonOutbox.State',
      'LiaisonOutbox.LeaseUntil',
      'LiaisonOutbox.ClaimableAt',
    ]);
    expect(report.uniqueEnforced).toEqual(['LiaisonOutbox.ItemKey']);
    const columns = await columnsOf(OUTBOX.displayName);
    expect(
      columns
        .filter((c) => c.indexed)
        .map((c) => c.name)
        .sort(),
    ).toEqual(
      OUTBOX.columns
        .filter((c) => c.indexed)
        .map((c) => c.name)
        .sort(),
    );
    expect(double.sharepoint.describeList(double.siteId, OUTBOX.displayName)!.itemCount).toBe(1);

    const again = await provisionSite(graph, double.siteId);
    expect(again.unchanged).toEqual(names(LISTS));
  });

  it('upgrades a site at schema version 1 with the columns the store added in version 2 and the lists of version 3', async () => {
    const v2 = [
      'LiaisonCases.Members',
      'LiaisonCases.Pending',
      'LiaisonCaseEvents.Commit',
      'LiaisonAudit.EntryKey',
      'LiaisonAudit.Block',
      'LiaisonOutbox.ClaimableAt',
    ];
    const v1 = listsAt(1).map((l) => ({
      ...l,
      columns: l.columns.filter((c) => !v2.includes(`${l.displayName}.${c.name}`)),
    }));
    await siteAt(1, v1);

    const report = await provisionSite(graph, double.siteId);

    expect(report).toMatchObject({
      schemaVersion: { before: 1, after: SCHEMA_VERSION },
      created: names([...V3_LISTS, ...V4_LISTS, ...V6_LISTS, ...V7_LISTS, ...V8_LISTS]),
      columnsAdded: [
        'LiaisonCases.CaseVersion',
        ...v2.slice(0, 3),
        'LiaisonIdempotencyKeys.CaseVersion',
        ...v2.slice(3),
      ],
      indexed: ['LiaisonAudit.EntryKey', 'LiaisonAudit.Block', 'LiaisonOutbox.ClaimableAt'],
      uniqueEnforced: ['LiaisonAudit.EntryKey'],
      renamed: BEFORE_4_RENAMED,
      // LiaisonMeta changed too: it records the new version.
      unchanged: names(LISTS).filter(
        (n) =>
          ![
            'LiaisonCases',
            'LiaisonCaseEvents',
            'LiaisonIdempotencyKeys',
            'LiaisonAudit',
            'LiaisonOutbox',
            'LiaisonMeta',
            ...names(V3_LISTS),
            ...names(V4_LISTS),
            ...names(V6_LISTS),
            ...names(V7_LISTS),
            ...names(V8_LISTS),
          ].includes(n),
      ),
    });
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(names(LISTS));
  });

  it('upgrades a site at schema version 2 with the mailbox signals’ lists of version 3, indexed and keyed', async () => {
    const v2 = listsAt(2);
    await siteAt(2, v2);
    double.seedItems('LiaisonCases', [{ Title: 'C-1', CaseId: 'C-1', Version: 0 }]);
    const from = double.log.length;

    const report = await provisionSite(graph, double.siteId);

    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 2, after: SCHEMA_VERSION },
      created: [
        'LiaisonMailCursors',
        'LiaisonDraftConversations',
        'LiaisonSuggestions',
        ...names(V4_LISTS),
        ...names(V6_LISTS),
        ...names(V7_LISTS),
        ...names(V8_LISTS),
      ],
      columnsAdded: BEFORE_4_ADDED,
      indexed: [],
      uniqueEnforced: [],
      renamed: BEFORE_4_RENAMED,
      unchanged: names(v2).filter((n) => !BEFORE_4_CHANGED.includes(n)),
    });
    // The new lists, version 9's columns (the case's version copied, the old columns removed),
    // each new list's id, the version; the existing items were left alone.
    expect(writes(from).map((e) => e.method)).toEqual([
      ...Array(10).fill('POST'),
      'PATCH',
      'DELETE',
      'DELETE',
      ...Array(8).fill('POST'),
      'PATCH',
    ]);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonCases')!.itemCount).toBe(1);
    await expectColumnsAsSpecified(V3_LISTS);
    expect(await indexes('LiaisonMailCursors')).toEqual(['CursorKey']);
    expect(await keys('LiaisonMailCursors')).toEqual(['CursorKey']);
    expect(await indexes('LiaisonDraftConversations')).toEqual(['CaseId']);
    expect(await keys('LiaisonDraftConversations')).toEqual(['CaseId']);
    expect(await indexes('LiaisonSuggestions')).toEqual(['SuggestionKey', 'CaseId']);
    expect(await keys('LiaisonSuggestions')).toEqual(['SuggestionKey']);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(names(LISTS));
  });

  it('upgrades a site at schema version 3 with the deadline calendars’ lists of version 4, indexed and keyed, and says so', async () => {
    await siteAt(3, listsAt(3));
    double.seedItems('LiaisonSuggestions', [{ Title: 'k', SuggestionKey: 'k', CaseId: 'C-1' }]);
    const from = double.log.length;
    const logged: [Record<string, unknown>, string][] = [];

    const report = await provisionSite(graph, double.siteId, {
      info: (details, message) => logged.push([details, message]),
    });

    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 3, after: SCHEMA_VERSION },
      created: [
        'LiaisonDeadlineEvents',
        'LiaisonDeadlineCalendarCases',
        ...names(V6_LISTS),
        ...names(V7_LISTS),
        ...names(V8_LISTS),
      ],
      columnsAdded: BEFORE_4_ADDED,
      indexed: [],
      uniqueEnforced: [],
      renamed: BEFORE_4_RENAMED,
      unchanged: names(listsAt(3)).filter((n) => !BEFORE_4_CHANGED.includes(n)),
    });
    expect(logged).toContainEqual([
      { siteId: double.siteId, from: 3, to: SCHEMA_VERSION },
      'sharepoint schema version recorded',
    ]);
    // The new lists, version 9's columns (no items to copy), each new list's id, the version.
    expect(writes(from).map((e) => e.method)).toEqual([
      ...Array(7).fill('POST'),
      'DELETE',
      'DELETE',
      ...Array(5).fill('POST'),
      'PATCH',
    ]);
    expect(double.sharepoint.describeList(double.siteId, 'LiaisonSuggestions')!.itemCount).toBe(1);
    await expectColumnsAsSpecified(V4_LISTS);
    // Every column the store filters on is indexed: a case's entries by CaseId, each by its key.
    expect(await indexes('LiaisonDeadlineEvents')).toEqual(['EntryKey', 'CaseId']);
    expect(await keys('LiaisonDeadlineEvents')).toEqual(['EntryKey']);
    expect(await indexes('LiaisonDeadlineCalendarCases')).toEqual(['CaseId']);
    expect(await keys('LiaisonDeadlineCalendarCases')).toEqual(['CaseId']);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(names(LISTS));
  });

  it('upgrades a site at schema version 4 with who has left and who deputises, keeping the people it has, and ends superseded IROs', async () => {
    const v5 = ['LeftAt', 'DeputyId', 'DeputyFrom', 'DeputyUntil'];
    const v4 = listsAt(4).map((l) =>
      l.displayName === 'LiaisonPeople'
        ? { ...l, columns: l.columns.filter((c) => !v5.includes(c.name)) }
        : l,
    );
    await siteAt(4, v4);
    double.seedItems('LiaisonPeople', [
      {
        Title: 'iro.patel',
        PersonId: 'iro.patel',
        DisplayName: 'Sam Patel',
        Roles: '["iro"]',
        Teams: '["north"]',
      },
    ]);
    // A case whose IRO was re-allocated before version 5: both IROs stayed on it.
    const iro = (id: string, at: string) =>
      JSON.stringify({ type: 'iro.allocated', at, iro: { name: id, id } });
    double.seedItems('LiaisonCases', [
      {
        Title: 'C-1',
        CaseId: 'C-1',
        Version: 2,
        Members: JSON.stringify([
          { personId: 'iro.patel', role: 'iro' },
          { personId: 'iro.smith', role: 'iro' },
          { personId: 'lawyer.jones', role: 'lawyer' },
        ]),
      },
    ]);
    double.seedItems('LiaisonCaseEvents', [
      {
        Title: 'a',
        EventKey: 'c-1:0000000000',
        CaseId: 'C-1',
        Seq: 0,
        Body: iro('iro.patel', '2023-05-01T10:00:00+01:00'),
      },
      {
        Title: 'b',
        EventKey: 'c-1:0000000001',
        CaseId: 'C-1',
        Seq: 1,
        Body: iro('iro.smith', '2023-06-01T10:00:00+01:00'),
      },
    ]);
    const from = double.log.length;

    const report = await provisionSite(graph, double.siteId);

    expect(report).toMatchObject({
      schemaVersion: { before: 4, after: SCHEMA_VERSION },
      created: names([...V6_LISTS, ...V7_LISTS, ...V8_LISTS]),
      columnsAdded: [
        ...BEFORE_4_ADDED,
        ...v5.map((c) => `LiaisonPeople.${c}`),
        'LiaisonDeadlineCalendarCases.CaseVersion',
      ],
      indexed: ['LiaisonPeople.DeputyId'],
      renamed: [...BEFORE_4_RENAMED, 'LiaisonDeadlineCalendarCases.Version → CaseVersion'],
    });
    // Versions 6's, 7's and 8's lists, seven columns, the case's version copied and the three
    // old columns removed, the corrected case, the new lists' ids, the version.
    expect(writes(from).map((e) => e.method)).toEqual([
      ...Array(10).fill('POST'),
      'PATCH',
      ...Array(3).fill('DELETE'),
      'PATCH',
      ...Array(3).fill('POST'),
      'PATCH',
    ]);
    const cases = (await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonCases/items?$expand=fields`)
      .get()) as { value: { fields: { Members: string } }[] };
    expect(JSON.parse(cases.value[0]!.fields.Members)).toEqual([
      { personId: 'iro.smith', role: 'iro' },
      { personId: 'lawyer.jones', role: 'lawyer' },
    ]);
    await expectColumnsAsSpecified([PEOPLE]);
    // The people already there are still there, neither gone nor away.
    const store = new SharePointDirectory(new SiteLists(graph, double.siteId));
    expect(await store.person('iro.patel')).toEqual({
      id: 'iro.patel',
      displayName: 'Sam Patel',
      roles: ['iro'],
      teams: ['north'],
    });
  });

  it('upgrades a site at schema version 8 by moving the case version out from under SharePoint’s own "Version", value for value', async () => {
    await siteAt(8, LISTS);
    // 25 cases: more copies than one JSON batch carries.
    double.seedItems(
      'LiaisonCases',
      Array.from({ length: 25 }, (_, i) => ({ Title: `C-${i}`, CaseId: `C-${i}`, Version: i })),
    );
    double.seedItems('LiaisonIdempotencyKeys', [
      { Title: 'C-3:k', KeyId: 'C-3:k', CaseId: 'C-3', FirstSeq: 2, EventCount: 1, Version: 3 },
    ]);
    double.seedItems('LiaisonDeadlineCalendarCases', [
      { Title: 'C-3', CaseId: 'C-3', Version: 3, ReconciledAt: '2026-12-01T09:00:00Z' },
    ]);
    const from = double.log.length;
    const logged: [Record<string, unknown>, string][] = [];

    const report = await provisionSite(graph, double.siteId, {
      info: (details, message) => logged.push([details, message]),
    });

    const moved = ['LiaisonCases', 'LiaisonIdempotencyKeys', 'LiaisonDeadlineCalendarCases'];
    expect(report).toEqual({
      siteId: double.siteId,
      schemaVersion: { before: 8, after: SCHEMA_VERSION },
      created: [],
      columnsAdded: moved.map((l) => `${l}.CaseVersion`),
      indexed: [],
      uniqueEnforced: [],
      renamed: moved.map((l) => `${l}.Version → CaseVersion`),
      unchanged: names(LISTS).filter((n) => ![...moved, 'LiaisonMeta'].includes(n)),
    });
    expect(logged).toContainEqual([
      { siteId: double.siteId, column: 'LiaisonCases.Version → CaseVersion', copied: 25 },
      'sharepoint column renamed',
    ]);
    // Every item keeps its value, now in CaseVersion; the old column is gone from each list.
    const values = async (list: string) =>
      (
        (await all(graph, `/sites/${double.siteId}/lists/${list}/items?$expand=fields`)) as {
          fields: Record<string, unknown>;
        }[]
      ).map((i) => [i.fields.Title, i.fields.CaseVersion, i.fields.Version]);
    expect(await values('LiaisonCases')).toEqual(
      Array.from({ length: 25 }, (_, i) => [`C-${i}`, i, undefined]),
    );
    expect(await values('LiaisonIdempotencyKeys')).toEqual([['C-3:k', 3, undefined]]);
    expect(await values('LiaisonDeadlineCalendarCases')).toEqual([['C-3', 3, undefined]]);
    await expectColumnsAsSpecified(
      LISTS.filter((l) => moved.includes(l.displayName)).map((l) => ({
        ...l,
        // An added column comes last.
        columns: [
          ...l.columns.filter((c) => c.name !== 'CaseVersion'),
          l.columns.find((c) => c.name === 'CaseVersion')!,
        ],
      })),
    );
    // The three columns, 27 copies, the three old columns removed, the version.
    expect(writes(from).map((e) => e.method)).toEqual([
      ...Array(3).fill('POST'),
      ...Array(25).fill('PATCH'),
      'DELETE',
      'PATCH',
      'DELETE',
      'PATCH',
      'DELETE',
      'PATCH',
    ]);
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(names(LISTS));
  });

  it('copies a renamed column again where an item changed meanwhile, and only where the copy is not already made', async () => {
    await siteAt(8, LISTS);
    await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonCases/columns`)
      .post(columnDefinition({ name: 'CaseVersion', type: 'number', description: '' }));
    // A run that stopped part-way had copied C-1 already.
    const [c1, c2] = double.seedItems('LiaisonCases', [
      { Title: 'C-1', CaseId: 'C-1', Version: 4, CaseVersion: 4 },
      { Title: 'C-2', CaseId: 'C-2', Version: 6 },
    ]);
    // Someone changes C-2 between the read and the copy: its copy is refused (412), read again
    // and made with the new value.
    class Meddled extends SiteLists {
      private once = true;
      override async batch(requests: Parameters<SiteLists['batch']>[0]) {
        if (this.once) {
          this.once = false;
          await graph.client
            .api(`/sites/${double.siteId}/lists/LiaisonCases/items/${c2}/fields`)
            .patch({ Version: 7 });
        }
        return super.batch(requests);
      }
    }
    const rename = RENAMED_COLUMNS.find((r) => r.list.displayName === 'LiaisonCases')!;
    const from = double.log.length;

    expect(await copyRenamedColumn(new Meddled(graph, double.siteId), rename)).toBe(1);

    const items = (await all(
      graph,
      `/sites/${double.siteId}/lists/LiaisonCases/items?$expand=fields`,
    )) as { id: string; fields: Record<string, unknown> }[];
    expect(items.map((i) => [Number(i.id), i.fields.CaseVersion])).toEqual([
      [c1, 4],
      [c2, 7],
    ]);
    // The meddling PATCH, the refused copy, the copy made again: C-1 was not written.
    expect(writes(from).map((e) => [e.method, e.status])).toEqual([
      ['PATCH', 200],
      ['PATCH', 412],
      ['PATCH', 200],
    ]);
  });

  it('stops on a column of the wrong type, after the safe changes, without recording the version', async () => {
    await graph.client.api(`/sites/${double.siteId}/lists`).post({
      displayName: 'LiaisonLeases',
      list: { template: 'genericList' },
      columns: [{ name: 'Until', text: {} }],
    });
    const failure = await provisionSite(graph, double.siteId).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SharePointSchemaError);
    const error = failure as SharePointSchemaError;
    expect(error.problems).toEqual(['LiaisonLeases.Until is text, the schema has dateTime']);
    expect(error.report.columnsAdded).toEqual(['LiaisonLeases.LeaseName', 'LiaisonLeases.Owner']);
    const meta = (await graph.client
      .api(`/sites/${double.siteId}/lists/LiaisonMeta/items`)
      .get()) as {
      value: unknown[];
    };
    expect(meta.value).toEqual([]);
  });

  it('leaves alone a site provisioned by newer code', async () => {
    await graph.client.api(`/sites/${double.siteId}/lists`).post({
      displayName: 'LiaisonMeta',
      list: { template: 'genericList' },
      columns: [
        { name: 'MetaKey', text: {}, indexed: true, enforceUniqueValues: true },
        { name: 'MetaValue', text: {} },
      ],
    });
    double.seedItems('LiaisonMeta', [
      { Title: 'schemaVersion', MetaKey: 'schemaVersion', MetaValue: String(SCHEMA_VERSION + 1) },
    ]);
    const from = double.log.length;
    await expect(provisionSite(graph, double.siteId)).rejects.toThrow(/newer than this code/);
    expect(writes(from)).toEqual([]);
  });

  it('gets through Graph throttling, retrying on Retry-After', async () => {
    double.setFaults({ throttleRate: 0.2, serviceUnavailableRate: 0.05, retryAfterSeconds: 0 });
    double.failNext(2, 429, 0);

    const report = await provisionSite(graph, double.siteId);

    expect(report.created).toEqual(names(LISTS));
    const stats = double.stats();
    expect(stats.injected429 + stats.injected503).toBeGreaterThan(2);
    double.setFaults({ throttleRate: 0, serviceUnavailableRate: 0 });
    expect((await provisionSite(graph, double.siteId)).unchanged).toEqual(names(LISTS));
  });
});

describe('reading a collection', () => {
  it('follows @odata.nextLink through the production client over the double', async () => {
    await provisionSite(graph, double.siteId);
    double.seedItems(
      'LiaisonAudit',
      Array.from({ length: 450 }, (_, i) => ({ Title: String(i + 1), Seq: i + 1 })),
    );
    const items = (await all(
      graph,
      `/sites/${double.siteId}/lists/LiaisonAudit/items?$expand=fields&$filter=fields/Seq gt 10`,
    )) as { fields: { Seq: number } }[];
    expect(items.map((i) => i.fields.Seq)).toEqual(Array.from({ length: 440 }, (_, i) => i + 11));
  });
});
