/**
 * The SharePoint lists that hold the case service's data on one site (the store of record in
 * Microsoft 365 mode): what the `CaseStore`, `Directory`, `SignalStore`, `DeadlineCalendarStore`,
 * `ServiceLog`, `DigestPreferences` and `IdempotencyRecords` ports need, the same data as the
 * SQLite migrations, in SharePoint's terms.
 *
 * SharePoint's limits shape it:
 * - A list query that cannot be answered through an index reading at most 5,000 rows fails once
 *   the list has more than 5,000 items (the list view threshold), and an index cannot be added
 *   afterwards without the same failure. So every column the store filters or orders on is
 *   indexed from the start, and each query leads with its most selective indexed condition:
 *   SharePoint reads through the first indexed condition of an `and`.
 * - Filtering on a column that is not indexed is refused outright unless the client sends
 *   `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`; the store never does.
 * - At most 20 indexed columns a list; multiple-lines-of-text columns cannot be indexed or
 *   filtered; unique values need an index and work on one column, so composite keys are one text
 *   column (`EventKey` = `{caseId}:{seq, 10 digits}`) and compare without regard to case.
 * - Single-line text holds at most 255 characters; JSON goes into multiple-lines columns.
 * - Item ids are integers SharePoint assigns in order; the outbox uses them as `OutboxItem.id`.
 *
 * Each list's `Title` (SharePoint's required built-in column) carries the item's key again, so
 * that the list reads sensibly in the browser; it is never a child's name.
 *
 * Acknowledgements are not a list: they are `obligation.acknowledged` events in the case's log,
 * as in SQLite, so they share its version and optimistic concurrency.
 *
 * The services' own duties (schema version 6) are one small list, `LiaisonServiceLog`: about 14
 * items a year, always read whole in item-id order (no filter, so no index is needed for it), its
 * unique `EventKey` being what records each event once however many instances try.
 *
 * Each person's weekly-digest preference (schema version 7) is another small list,
 * `LiaisonDigestPreferences`: one item a person who chose (its unique, indexed `PersonId`, through
 * which a save finds the item to replace), listed whole without a filter.
 *
 * What the server answered to each request that carried an `Idempotency-Key` (schema version 8)
 * is `LiaisonIdempotencyRecords`: one item a person and key, under the unique, indexed
 * `RecordKey` (a SHA-256 of the two, which may together be longer than a line of text holds),
 * through which a claim, an answer and a release find it; creating the item is the claim, so of
 * two instances exactly one gets the key. Records older than the replay window are forgotten
 * through the index on `StartedAt` (`StartedAt lt …`, the only condition), so the list holds
 * about a replay window's requests and the query reads only what it deletes.
 *
 * Schema version 9 renamed the column holding a case version, `Version` until then, to
 * `CaseVersion` on the three lists that had it: "Version" is what SharePoint shows its own
 * version column as (`_UIVersionString`), so the two could not be told apart in the browser or
 * relied on in a query. Provisioning copies each item's value across and removes the old column
 * (`RENAMED_COLUMNS`); no column may take a built-in column's name again (`schemaProblems`).
 *
 * Change this file only by adding: a new list or column, or an index on a list known to be small,
 * with `SCHEMA_VERSION` raised; or, where a column must not stay as it is, a rename in
 * `RENAMED_COLUMNS`. `provisionSite` (provision.ts) brings a site up to it.
 *
 * One file so that provisioning, the upgrade and the store read every list and column from the same place.
 */
import { createHash } from 'node:crypto';

/** Raised with every change to the lists below; recorded on the site in `LiaisonMeta`. */
export const SCHEMA_VERSION = 9;

/** SharePoint's column types the store uses (`note` is text with multiple lines). */
export type ColumnType = 'text' | 'note' | 'number' | 'dateTime' | 'boolean';

export interface ColumnSpec {
  /** The API name: what `fields/{name}` and `$filter` use. */
  name: string;
  type: ColumnType;
  /** Filtered or ordered on by the store. */
  indexed?: boolean;
  /** No two items share a value (SharePoint's `enforceUniqueValues`; needs `indexed`). */
  unique?: boolean;
  description: string;
}

export interface ListSpec {
  /** Display name, which is also how Graph finds the list (`/lists/{list-title}`). */
  displayName: string;
  description: string;
  columns: ColumnSpec[];
}

const text = (name: string, description: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type: 'text',
  description,
  ...extra,
});
const key = (name: string, description: string): ColumnSpec =>
  text(name, description, { indexed: true, unique: true });
const note = (name: string, description: string): ColumnSpec => ({
  name,
  type: 'note',
  description,
});
const number = (
  name: string,
  description: string,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({
  name,
  type: 'number',
  description,
  ...extra,
});
const instant = (
  name: string,
  description: string,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec => ({
  name,
  type: 'dateTime',
  description,
  ...extra,
});

export const CASES: ListSpec = {
  displayName: 'LiaisonCases',
  description: 'IRO Liaison: one item per care-proceedings case (reference and initials only).',
  columns: [
    key('CaseId', 'The case id, e.g. C-1042.'),
    text('Team', 'The service area or team the case belongs to.', { indexed: true }),
    note('Header', 'The case header as JSON: reference, initials, packs. Never a name.'),
    number('CaseVersion', 'Events in the log; the next append must expect it.'),
    instant('CreatedAt', 'When the case was created (UTC).'),
    instant('UpdatedAt', 'Last change (UTC).'),
    instant('NextCheckAt', 'When the scheduler should next evaluate the case; empty: never.', {
      indexed: true,
    }),
    // Schema version 2 (the store itself):
    note(
      'Members',
      'Who is a party to the case, as JSON: the truth that LiaisonCaseMembers indexes (an index entry without a member here is ignored).',
    ),
    note(
      'Pending',
      'Work a change has started and not finished, as JSON (an append committing at a position, audit entries to write); whoever reads it finishes it.',
    ),
  ],
};

export const CASE_MEMBERS: ListSpec = {
  displayName: 'LiaisonCaseMembers',
  description: 'IRO Liaison: who is a party to each case, and in what role.',
  columns: [
    key('MemberKey', '{caseId}:{personId}:{role}.'),
    text('CaseId', 'The case.', { indexed: true }),
    text('PersonId', 'The person (product id, e.g. iro.patel).', { indexed: true }),
    text('Role', 'Their role on the case.'),
  ],
};

export const CASE_EVENTS: ListSpec = {
  displayName: 'LiaisonCaseEvents',
  description:
    'IRO Liaison: each case’s append-only event log, acknowledgements included. Items are never changed or deleted.',
  columns: [
    key(
      'EventKey',
      '{caseId}:{seq as 10 digits}. Unique, so two writers cannot both append the same position.',
    ),
    text('CaseId', 'The case.', { indexed: true }),
    number('Seq', 'Position in the case’s log, from 0.'),
    text('EventType', 'The event type, e.g. obligation.acknowledged.'),
    note('Body', 'The event as JSON.'),
    instant('RecordedAt', 'When it was recorded (UTC).'),
    text('RecordedBy', 'Who recorded it (person id).'),
    text('Surface', 'Where from: api, bot, tab…'),
    // Schema version 2 (the store itself):
    note(
      'Commit',
      'On the first event of each append only: the whole append as JSON (its events, who, when, idempotency key, outbox items, new members). Writing it is the append’s commit.',
    ),
  ],
};

export const IDEMPOTENCY_KEYS: ListSpec = {
  displayName: 'LiaisonIdempotencyKeys',
  description: 'IRO Liaison: appends already made under an Idempotency-Key, to replay them.',
  columns: [
    key('KeyId', '{caseId}:{key}, or a SHA-256 of it when longer than fits (idempotencyKeyId).'),
    text('CaseId', 'The case.'),
    text('RequestHash', 'SHA-256 of the events of the first request.'),
    number('FirstSeq', 'Position of its first event.'),
    number('EventCount', 'How many events it appended.'),
    number('CaseVersion', 'The case version after it.'),
  ],
};

export const AUDIT: ListSpec = {
  displayName: 'LiaisonAudit',
  description:
    'IRO Liaison: the append-only, hash-chained audit trail of every read and change. Items are never changed or deleted.',
  columns: [
    number('Seq', 'Position in the chain, from 1. Unique, so two writers cannot both take it.', {
      indexed: true,
      unique: true,
    }),
    instant('At', 'When (UTC).'),
    text('PersonId', 'Who.'),
    text('Surface', 'Where from.'),
    text('Origin', 'Client address or other origin.'),
    text('Action', 'e.g. case.read, event.appended.'),
    text('CaseId', 'The case, if any.', { indexed: true }),
    note('Detail', 'Canonical JSON of the detail, as hashed.'),
    text('PrevHash', 'Hash of the previous entry.'),
    text('Hash', 'SHA-256 over the previous hash and this entry.'),
    // Schema version 2 (the store itself):
    text(
      'EntryKey',
      'For an entry that records a step of a change finished by whoever reads it (e.g. event:{caseId}:{seq}): unique, so writing it twice adds nothing.',
      { indexed: true, unique: true },
    ),
    number(
      'Block',
      'Seq divided by 1,000, rounded down: reading a run of entries goes through this index, which yields at most a few thousand rows.',
      { indexed: true },
    ),
  ],
};

export const OUTBOX: ListSpec = {
  displayName: 'LiaisonOutbox',
  description:
    'IRO Liaison: notifications to send, claimed under a lease (with the item’s eTag) so that several instances never send one twice.',
  columns: [
    key('ItemKey', 'Idempotency key, e.g. {obligation}:{stage}:{recipient}: enqueued once.'),
    text('CaseId', 'The case.', { indexed: true }),
    text('State', 'pending, sent or parked: claims read pending items through this index.', {
      indexed: true,
    }),
    text('Recipient', 'Person id, or * for a card update.'),
    text('Kind', 'What to send.'),
    note('Payload', 'What to send, as JSON.'),
    instant('AvailableAt', 'Not before (UTC).', { indexed: true }),
    instant('CreatedAt', 'When enqueued (UTC).'),
    number('Attempts', 'Attempts made.'),
    text('LeaseOwner', 'Instance holding the claim.'),
    instant('LeaseUntil', 'Claim expiry (UTC).', { indexed: true }),
    instant('SentAt', 'When it went out (UTC).'),
    text('Channel', 'teams, email or not-needed.'),
    text('SentRef', 'The channel’s id for what was posted (a Teams activity id).'),
    instant('ParkedAt', 'When it was given up on (UTC).'),
    note('LastError', 'Why the last attempt failed.'),
    // Schema version 2 (the store itself):
    instant(
      'ClaimableAt',
      'When the item can next be claimed: AvailableAt while waiting, LeaseUntil while leased, empty once sent or parked. Claims read through this index only, so they touch only items due now.',
      { indexed: true },
    ),
  ],
};

export const PEOPLE: ListSpec = {
  displayName: 'LiaisonPeople',
  description: 'IRO Liaison: the people the service knows, their roles and teams.',
  columns: [
    key('PersonId', 'Product id, e.g. lawyer.jones.'),
    text('DisplayName', 'Name as shown to colleagues.'),
    text('Email', 'Mail address.'),
    text('EntraObjectId', 'Entra object id (oid), lower case.', { indexed: true }),
    note('Roles', 'JSON array of roles.'),
    note('Teams', 'JSON array of teams whose cases they see.'),
    instant('LeftAt', 'When they left (deactivated; never deleted); empty: still here.'),
    text('DeputyId', 'Who stands in for them while they are away.', { indexed: true }),
    instant('DeputyFrom', 'Their absence starts (UTC).'),
    instant('DeputyUntil', 'Their absence ends (UTC).'),
  ],
};

export const CONVERSATIONS: ListSpec = {
  displayName: 'LiaisonConversations',
  description: 'IRO Liaison: where the bot can reach a person proactively.',
  columns: [
    key('EntraObjectId', 'Entra object id: one conversation each.'),
    text('PersonId', 'The person.', { indexed: true }),
    note('Reference', 'Conversation reference as JSON (ids and service URL, no content).'),
    instant('UpdatedAt', 'Last saved (UTC).'),
  ],
};

export const LEASES: ListSpec = {
  displayName: 'LiaisonLeases',
  description: 'IRO Liaison: named leases, e.g. the scheduler’s, taken and renewed with eTags.',
  columns: [
    key('LeaseName', 'The lease.'),
    text('Owner', 'Instance holding it.'),
    instant('Until', 'Expiry (UTC).'),
  ],
};

export const META: ListSpec = {
  displayName: 'LiaisonMeta',
  description: 'IRO Liaison: facts about the store itself, such as its schema version.',
  columns: [key('MetaKey', 'The fact, e.g. schemaVersion.'), text('MetaValue', 'Its value.')],
};

// Schema version 3: the mailbox signals (the `SignalStore` port).

export const MAIL_CURSORS: ListSpec = {
  displayName: 'LiaisonMailCursors',
  description:
    'IRO Liaison: where each mailbox folder’s next delta round starts (Graph’s delta link).',
  columns: [
    key(
      'CursorKey',
      '{mailbox}|{folder}, lower case, or a SHA-256 of it when longer than fits (cursorKey): one cursor a folder.',
    ),
    text('Mailbox', 'The mailbox (address, lower case), for people browsing the list.'),
    text('Folder', 'The folder, e.g. inbox or sentitems, or its id.'),
    note('Cursor', 'The delta link the next round starts from.'),
    instant('UpdatedAt', 'Last saved (UTC).'),
  ],
};

export const DRAFT_CONVERSATIONS: ListSpec = {
  displayName: 'LiaisonDraftConversations',
  description:
    'IRO Liaison: the conversation each case’s draft final evidence went out in (a reply in it is the IRO’s comments).',
  columns: [
    key('CaseId', 'The case: one conversation each.'),
    note('ConversationId', 'The mail conversation id.'),
  ],
};

export const SUGGESTIONS: ListSpec = {
  displayName: 'LiaisonSuggestions',
  description:
    'IRO Liaison: messages that may be a protocol step, for a person to confirm or dismiss. Metadata only: never a subject or a body.',
  columns: [
    key(
      'SuggestionKey',
      'SHA-256 of {messageId}|{event} (suggestionKey): one suggestion a message and event. A hash, as message ids can be long and compare with regard to case.',
    ),
    text('CaseId', 'The case.', { indexed: true }),
    text('Event', 'The protocol step it may be, e.g. draft.sent-to-iro.'),
    text('At', 'When the message was sent, ISO 8601 as the signal gave it.'),
    note('MessageId', 'The message’s Internet Message-ID.'),
    note('Reason', 'Why it may be that step, in words (no subject).'),
    text('Sender', 'Who wrote it (address).'),
    note('Recipients', 'To whom, as a JSON array of addresses.'),
    { name: 'HasAttachments', type: 'boolean', description: 'Whether it had attachments.' },
    instant('CreatedAt', 'When it was suggested (UTC).'),
    text('Outcome', 'confirmed or dismissed once resolved; empty while open.'),
    text('ResolvedBy', 'Who resolved it (person id).'),
    text('ResolvedAt', 'When it was resolved, ISO 8601 as given.'),
  ],
};

// Schema version 4: deadlines in Outlook calendars (the `DeadlineCalendarStore` port).

export const DEADLINE_EVENTS: ListSpec = {
  displayName: 'LiaisonDeadlineEvents',
  description:
    'IRO Liaison: the Outlook event showing each obligation’s deadline in a person’s calendar (ids and times only). A removed event leaves its item, without an event id.',
  columns: [
    key(
      'EntryKey',
      '{obligationId}|{personId}, or a SHA-256 of it when longer than fits (deadlineEntryKey): one item an obligation and person.',
    ),
    text('CaseId', 'The case: a round reads a case’s items through this index.', {
      indexed: true,
    }),
    text('ObligationId', 'The obligation, e.g. C-1042:draft-final-evidence-to-iro.'),
    text('PersonId', 'The person whose calendar shows it.'),
    text('Mailbox', 'Their mailbox (address, lower case).'),
    note('EventId', 'Outlook’s id for the event; empty once it was removed.'),
    text('Due', 'The due instant the event shows, ISO 8601 as the engine gave it.'),
    number(
      'Made',
      'Events made for this obligation and person: the next one’s transactionId comes from it.',
    ),
    instant('UpdatedAt', 'Last saved (UTC).'),
  ],
};

export const DEADLINE_CALENDAR_CASES: ListSpec = {
  displayName: 'LiaisonDeadlineCalendarCases',
  description:
    'IRO Liaison: the case version whose deadlines the calendars last showed, so that unchanged cases are skipped.',
  columns: [
    key('CaseId', 'The case: one item each.'),
    number('CaseVersion', 'The case version reconciled.'),
    text('Members', 'A digest of the case’s members then (they change without a new event).'),
    instant('ReconciledAt', 'When (UTC).'),
    number('Events', 'Deadline events in calendars for the case after it.'),
  ],
};

// Schema version 6: the services' own duties (the `ServiceLog` port).

export const SERVICE_LOG: ListSpec = {
  displayName: 'LiaisonServiceLog',
  description:
    'IRO Liaison: the append-only log of the services’ own duties (registers produced and received, link meetings held). Items are never changed or deleted.',
  columns: [
    key(
      'EventKey',
      'What makes the event unique, e.g. register.published:2026-12: a second append with it records nothing.',
    ),
    text('EventType', 'The event type, e.g. register.published.'),
    note('Body', 'The event as JSON.'),
    instant('RecordedAt', 'When it was recorded (UTC).'),
    text('RecordedBy', 'Who recorded it (person id, or system).'),
    text('Surface', 'Where from: api, bot, tab…'),
  ],
};

// Schema version 7: each person's weekly digest (the `DigestPreferences` port).

export const DIGEST_PREFERENCES: ListSpec = {
  displayName: 'LiaisonDigestPreferences',
  description:
    'IRO Liaison: each person’s choice about the weekly digest (off, or another day than the council’s), and who last changed it. A person without an item gets the council’s day.',
  columns: [
    key('PersonId', 'The person (product id, e.g. iro.patel): one preference each.'),
    { name: 'Off', type: 'boolean', description: 'Yes: no digest at all.' },
    text('Day', 'Their own day, monday to sunday; empty: the council’s.'),
    text('UpdatedBy', 'Who last changed it (person id).'),
    instant('UpdatedAt', 'When it was last changed (UTC).'),
  ],
};

// Schema version 8: requests with an Idempotency-Key and their answers (the `IdempotencyRecords`
// port).

export const IDEMPOTENCY_RECORDS: ListSpec = {
  displayName: 'LiaisonIdempotencyRecords',
  description:
    'IRO Liaison: what the server answered to each request that carried an Idempotency-Key, per person, so that a retry gets the first answer again and nothing happens twice. Forgotten after the replay window.',
  columns: [
    key(
      'RecordKey',
      'SHA-256 (hex) of {scope}\\n{key} (idempotencyRecordKey): one item a person and key. A hash, as the two may be longer than a line of text holds and differ only in case.',
    ),
    text('Scope', 'Whose request it was (person id), for people browsing the list.'),
    text('RequestKey', 'The Idempotency-Key the client sent, for people browsing the list.'),
    text('Fingerprint', 'A hash of the method, address and body of the request holding the key.'),
    instant(
      'StartedAt',
      'When that request arrived (UTC): old records are forgotten through this index.',
      { indexed: true },
    ),
    instant('LeaseUntil', 'While it has no answer, until when the request may hold the key (UTC).'),
    number('AnswerStatus', 'The HTTP status of its answer; empty while there is none.'),
    text('AnswerType', 'The Content-Type of its answer.'),
    note('AnswerBody', 'The body of its answer, as it was sent.'),
  ],
};

/** Every list, in the order provisioning creates them. */
export const LISTS: readonly ListSpec[] = [
  CASES,
  CASE_MEMBERS,
  CASE_EVENTS,
  IDEMPOTENCY_KEYS,
  AUDIT,
  OUTBOX,
  PEOPLE,
  CONVERSATIONS,
  LEASES,
  META,
  MAIL_CURSORS,
  DRAFT_CONVERSATIONS,
  SUGGESTIONS,
  DEADLINE_EVENTS,
  DEADLINE_CALENDAR_CASES,
  SERVICE_LOG,
  DIGEST_PREFERENCES,
  IDEMPOTENCY_RECORDS,
];

/** A column given a new name: provisioning copies the values across and removes the old one. */
export interface ColumnRename {
  list: ListSpec;
  from: string;
  to: string;
}

/** Schema version 9: the case version out from under SharePoint's own "Version". */
export const RENAMED_COLUMNS: readonly ColumnRename[] = [
  CASES,
  IDEMPOTENCY_KEYS,
  DEADLINE_CALENDAR_CASES,
].map((list) => ({ list, from: 'Version', to: 'CaseVersion' }));

/**
 * Names and display names of the columns SharePoint gives every list (the ones Graph shows for a
 * generic list, and those its forms and views refer to): a column of the store's must not take
 * one, or the two are confused in the browser, in views and in queries.
 */
export const BUILT_IN_COLUMNS: readonly string[] = [
  'ID',
  'Title',
  'Created',
  'Modified',
  'Author',
  'Editor',
  'Version',
  '_UIVersionString',
  'owshiddenversion',
  'Attachments',
  'ContentType',
  'Edit',
  'LinkTitle',
  'LinkTitleNoMenu',
  'DocIcon',
  'ItemChildCount',
  'FolderChildCount',
  'AppAuthor',
  'AppEditor',
  'GUID',
  'FileRef',
  'FileLeafRef',
];

export const SCHEMA_VERSION_KEY = 'schemaVersion';
/** `listId:<list name>` in LiaisonMeta: each list's id, recorded by provisioning. */
export const LIST_ID_KEY = 'listId:';

/**
 * The address a list is made with (`Lists/<name>`): its name without spaces or punctuation, as
 * SharePoint derives it. Unlike the title it stays when someone renames the list.
 */
export function addressOf(spec: ListSpec): string {
  return spec.displayName.replace(/[^A-Za-z0-9_]/g, '');
}

/** The most indexed columns SharePoint allows on one list. */
export const MAX_INDEXED_COLUMNS = 20;

/** Audit entries a `Block` holds: `Block` = floor(Seq / AUDIT_BLOCK_SIZE). */
export const AUDIT_BLOCK_SIZE = 1000;

/** Digits of the sequence in `EventKey`: text order is log order. */
export const EVENT_SEQ_DIGITS = 10;

/**
 * The unique key of a case's event at `seq`. `:` rather than `#`: keys go into `$filter`
 * literals, and an unescaped `#` would end the URL there.
 */
export function eventKey(caseId: string, seq: number): string {
  return `${caseId}:${String(seq).padStart(EVENT_SEQ_DIGITS, '0')}`;
}

export function memberKey(caseId: string, personId: string, role: string): string {
  return `${caseId}:${personId}:${role}`;
}

/** Single-line text holds 255 characters; a longer key is kept as its SHA-256. */
export function idempotencyKeyId(caseId: string, idempotencyKey: string): string {
  const id = `${caseId}:${idempotencyKey}`;
  return id.length <= 255 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** A mailbox folder's cursor key: lower case, as mailboxes and folder names ignore case. */
export function cursorKey(mailbox: string, folder: string): string {
  const id = `${mailbox}|${folder}`.toLowerCase();
  return id.length <= 255 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * A suggestion's unique key: always a SHA-256, as a message id may be longer than a single line
 * of text holds, and SharePoint's unique values ignore case where message ids do not.
 */
export function suggestionKey(messageId: string, event: string): string {
  return `sha256:${createHash('sha256').update(`${messageId}|${event}`).digest('hex')}`;
}

/** A deadline entry's unique key: obligation and person, hashed when longer than fits. */
export function deadlineEntryKey(obligationId: string, personId: string): string {
  const id = `${obligationId}|${personId}`;
  return id.length <= 255 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * An idempotency record's unique key: always a SHA-256 (hex) of the person and the key, as the two
 * may be longer than a line of text holds, and SharePoint's unique values ignore case where
 * Idempotency-Keys do not.
 */
export function idempotencyRecordKey(scope: string, key: string): string {
  return createHash('sha256').update(`${scope}\n${key}`).digest('hex');
}

/** The Graph column definition (`POST /sites/{site}/lists/{list}/columns`) for a column. */
export function columnDefinition(column: ColumnSpec): Record<string, unknown> {
  const definition: Record<string, unknown> = {
    name: column.name,
    displayName: column.name,
    description: column.description,
    indexed: column.indexed === true,
    enforceUniqueValues: column.unique === true,
    required: false,
  };
  switch (column.type) {
    case 'text':
      definition.text = { allowMultipleLines: false, maxLength: 255 };
      break;
    case 'note':
      definition.text = { allowMultipleLines: true, linesForEditing: 6 };
      break;
    case 'number':
      definition.number = { decimalPlaces: 'none' };
      break;
    case 'dateTime':
      definition.dateTime = { format: 'dateTime' };
      break;
    case 'boolean':
      definition.boolean = {};
      break;
  }
  return definition;
}

/** The schema's own rules, which SharePoint would otherwise enforce halfway through provisioning. */
export function schemaProblems(lists: readonly ListSpec[] = LISTS): string[] {
  const problems: string[] = [];
  for (const list of lists) {
    const names = new Set<string>();
    for (const c of list.columns) {
      const where = `${list.displayName}.${c.name}`;
      if (names.has(c.name.toLowerCase())) problems.push(`${where} is defined twice`);
      if (BUILT_IN_COLUMNS.some((b) => b.toLowerCase() === c.name.toLowerCase())) {
        problems.push(`${where} has the name of a column SharePoint gives every list`);
      }
      names.add(c.name.toLowerCase());
      if (c.unique && !c.indexed) problems.push(`${where} is unique but not indexed`);
      if (c.type === 'note' && (c.indexed || c.unique)) {
        problems.push(`${where} has multiple lines and cannot be indexed`);
      }
    }
    const indexed = list.columns.filter((c) => c.indexed).length;
    if (indexed > MAX_INDEXED_COLUMNS) {
      problems.push(
        `${list.displayName} has ${indexed} indexed columns (at most ${MAX_INDEXED_COLUMNS})`,
      );
    }
  }
  return problems;
}
