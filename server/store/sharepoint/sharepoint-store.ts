/**
 * The store ports (case log, outbox, audit trail, leases, conversations, directory, signals,
 * deadline calendars) on SharePoint lists (schema.ts, created by `provisionSite`), through the
 * production Microsoft Graph connection, for several instances of the service at once.
 *
 * SharePoint has no transactions across items: each item is written on its own, with a unique
 * column to stop two writers creating the same thing (409) and an eTag to stop one overwriting
 * another's change (412). The store is built so that any write can stop half-way (a crash, a
 * timeout, throttling that outlasts the retries) and lose nothing, and so that finishing it twice
 * changes nothing.
 *
 * Appending to a case (case-log.ts)
 * ---------------------------------
 * The truth is the event log. The first event item of an append carries the whole append in
 * `Commit` (its events, who and when, the idempotency key and request hash, the outbox items, the
 * new members); its `EventKey` `{caseId}:{seq}` is unique, so writing it is the append's commit:
 * of two writers at the same version exactly one can. Everything else the append does is derived
 * from the commit and done afterwards, by the appender or by whoever finds it unfinished.
 *
 * 1. Read the case item (and the idempotency key's record, in the same JSON batch). A repeated key
 *    is answered from its record (`replayed`, or `key-reused` for a different request); a version
 *    other than the expected one is a `conflict` with the current version, and nothing is written.
 * 2. In one sequential JSON batch: PATCH the case item with `If-Match` the eTag just read, setting
 *    `Pending.append = {seq}` (the marker), and only if that succeeded, POST the commit at `seq`.
 *    412 on the marker: the case changed, read it again. 409 on the commit: someone else committed
 *    at `seq`; finish their append (step 3) and read again, which answers `conflict` (or
 *    `replayed`, if it was the same request under the same key).
 * 3. Roll forward: POST the append's other events, its idempotency record, its outbox items and
 *    its members' index entries (one parallel batch; 409 on any of them means it is already
 *    there); write its `event.appended` audit entries, keyed `event:{eventKey}` so each is written
 *    once; then PATCH the case item (`CaseVersion`, `UpdatedAt`, `NextCheckAt`, `Members`, marker off)
 *    with `If-Match`, re-reading and re-deciding on 412 (nothing to do if the version is there).
 *
 * Every read of a case (getCase, listCases, casesToCheck, setNextCheck, append, setMembers) looks at
 * `Pending`. An append marker at the case's version sends one lookup for the commit at that
 * position: found, the reader rolls the append forward (step 3) before answering; not found, the
 * writer has not committed (or never will), and the case is at its version. So a crash after the
 * commit loses nothing (the next reader finishes it, outbox items and audit entries included), a
 * crash before it leaves no trace but a marker, and no step can be done twice: events, keys,
 * outbox items and index entries have unique columns, audit entries unique `EntryKey`s, and the
 * case item moves only by `If-Match`. A commit at the case's version always has the marker
 * beside it (written before it in the same batch, taken off only in the write that moves the
 * version past it), so a case whose item is behind its log is never offered to a writer at the old
 * version: every reader finishes the append first. A writer that stopped between its marker and
 * its commit leaves a marker with nothing behind it: readers pay one lookup for it until the next
 * append takes it over. `readEvents` reads the log itself, filling in any events of a committed
 * append not yet written from its commit. (An append without events, which the service never
 * makes, just writes its outbox items and members.)
 *
 * Creating a case and setting its members leave their audit entry in `Pending.audit` in the same
 * write as the change; it is written (keyed) and taken off, by the writer or the next reader.
 * Members are kept on the case item (`Members`); `LiaisonCaseMembers` is an index to find a
 * person's cases, written before the case item changes and never pruned: `listCases` checks each
 * case it names against the case's own `Members`.
 *
 * The outbox (outbox.ts) and the audit trail (audit-log.ts) describe their own concurrency:
 * claims are PATCHes with `If-Match` (412: another instance got the item first), and the audit
 * chain takes its next position through the unique `Seq` (409: find the head again and recompute).
 *
 * Queries (lists.ts): only what the list items documentation promises — a `$filter` on one
 * indexed column (several conditions on it are fine), never `$orderby`; order is made in code over
 * bounded pages. Each query names a column that reads few rows through its index (a case id, a person, a key, what is due now, a
 * block of audit entries), so every query still answers when a list holds far more than 5,000
 * items. Known limits: listing one team's cases reads the team's index entries, so a team may have
 * up to 5,000 cases; a person's index entries likewise; `casesToCheck` reads the cases due now,
 * which stays small while the scheduler keeps up. Text keys compare without regard to case in
 * SharePoint's unique columns (two ids differing only in case collide). Instants are kept to the
 * second: "not before" times and lease expiries are rounded up, check times down. A commit (the
 * append's events and outbox payloads as JSON) must fit one multiple-lines-of-text value.
 *
 * Graph round trips (no contention, no throttling; a JSON batch counts once):
 * - append: 4 (read; marker + commit; the derived writes if any: other events, key, outbox,
 *   members; audit entries) + 1 (case item) = 5, or 4 for a single event with nothing else.
 *   With an idempotency key the read is a batch of two, still one round trip.
 * - createCase 4 (members index, case item, audit entry, marker off); setMembers 5; getCase 1;
 *   readEvents 1 (a page holds 1,000 events); listCases 1 for its teams (a query a team, in one
 *   batch) plus, for a member, 1 for the index and 1 per 20 candidate cases; casesToCheck 1;
 *   setNextCheck 2. Finding an unfinished append adds 1, finishing it 3 or 4.
 * - claim 2 (due items; one batch of leases), markSent / markFailed 1 by the instance that
 *   claimed the item (2 otherwise); enqueue 1 per 20 items; outboxForCase and deliveriesOf 1.
 * - audit 1 (finding the head again adds 1 when another instance wrote since; from a cold start
 *   3 over 5,000 entries, 4 over a million); readAudit 1 (the head) plus 1 per 4,000 entries;
 *   auditHead 1 (finding it as for audit).
 * - person, personByEntraObjectId, deputisedBy, conversationOf, people 1; upsertPerson, saveConversation,
 *   acquireLease, forgetConversation 2.
 * - cursorOf, draftConversationOf, suggestionsFor, suggestion, suggest 1; saveCursor,
 *   forgetCursor, saveDraftConversation, resolveSuggestion 2 (signals.ts).
 * - deadlineEntriesOf 1; saveDeadlineEntry, markReconciled 2; reconciledCases 1 per 1,000 cases
 *   (deadline-calendars.ts).
 */
import type { Clock } from '../../../core';
import type { Graph } from '../../graph/graph-client';
import type { SealKey } from '../audit-chain';
import { wholeStore } from '../combine-ports';
import type { Store } from '../open-store';
import { AuditLog, SharePointAuditTrail } from './audit-log';
import { SharePointCaseLog } from './case-log';
import { SharePointDeadlineCalendars } from './deadline-calendars';
import { SharePointConversations, SharePointDirectory, SharePointLeases } from './directory';
import { SiteLists, numberOf, textOf, useListIds } from './lists';
import { SharePointOutbox } from './outbox';
import { LIST_ID_KEY, META, SCHEMA_VERSION, SCHEMA_VERSION_KEY, addressOf } from './schema';
import { SharePointSignals } from './signals';

export class SharePointSchemaVersionError extends Error {
  constructor(readonly found: number | undefined) {
    super(
      `The SharePoint site is at schema version ${found ?? 'none'}; this store needs ${SCHEMA_VERSION}. ` +
        'Run `npm run sharepoint:provision` to create or upgrade its lists.',
    );
    this.name = 'SharePointSchemaVersionError';
  }
}

/**
 * The store on a site, one adapter per port over the site's lists, without checking the site's
 * schema version (`connectSharePointStore` does). Closing it waits for audit entries still being
 * written; nothing else is held in memory.
 */
export function sharePointStore(graph: Graph, siteId: string, clock: Clock, seal?: SealKey): Store {
  const now = () => clock.now();
  const lists = new SiteLists(graph, siteId);
  const auditLog = new AuditLog(lists, seal);
  return wholeStore(
    {
      caseLog: new SharePointCaseLog(lists, auditLog, now),
      outbox: new SharePointOutbox(lists, now),
      auditTrail: new SharePointAuditTrail(auditLog, now),
      leases: new SharePointLeases(lists),
      conversations: new SharePointConversations(lists, now),
      directory: new SharePointDirectory(lists),
      signals: new SharePointSignals(lists, now),
      deadlineCalendars: new SharePointDeadlineCalendars(lists, now),
    },
    () => auditLog.drain(),
  );
}

/** The store on a site provisioned at this code's schema version (one round trip to check). */
export async function connectSharePointStore(
  graph: Graph,
  siteId: string,
  clock: Clock,
  seal?: SealKey,
): Promise<Store> {
  const lists = new SiteLists(graph, siteId);
  let found: number | undefined;
  try {
    // The site's facts, whole (a few dozen): the schema version, and where each list is. The
    // facts' own list is found by its address, which renaming it in SharePoint keeps.
    const all = (await graph.client
      .api(`/sites/${siteId}/lists?$select=id,name,displayName`)
      .get()) as { value: { id: string; name?: string; displayName: string }[] };
    const meta =
      all.value.find((l) => l.name?.toLowerCase() === addressOf(META).toLowerCase()) ??
      all.value.find((l) => l.displayName.toLowerCase() === META.displayName.toLowerCase());
    if (meta) useListIds(siteId, new Map([[META.displayName, meta.id]]));
    const items = await lists.query(META.displayName, {});
    const fact = (key: string) =>
      textOf(items.find((i) => i.fields.MetaKey === key)?.fields.MetaValue);
    found = numberOf(fact(SCHEMA_VERSION_KEY));
    const ids = new Map<string, string>();
    if (meta) ids.set(META.displayName, meta.id);
    for (const i of items) {
      const key = textOf(i.fields.MetaKey);
      const id = textOf(i.fields.MetaValue);
      if (key?.startsWith(LIST_ID_KEY) && id) ids.set(key.slice(LIST_ID_KEY.length), id);
    }
    useListIds(siteId, ids);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  if (found !== SCHEMA_VERSION) throw new SharePointSchemaVersionError(found);
  return sharePointStore(graph, siteId, clock, seal);
}
