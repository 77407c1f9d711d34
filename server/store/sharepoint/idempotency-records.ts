/**
 * The `IdempotencyRecords` port on a SharePoint list (`LiaisonIdempotencyRecords`, schema version
 * 8): what the server answered to each request that carried an `Idempotency-Key`, one item a
 * person and key, on the store's site beside the case lists.
 *
 * - An item is found only through the list's unique, indexed `RecordKey`, the hex SHA-256 of the
 *   person and the key (`idempotencyRecordKey`): a person id (up to 200 characters) and a key (up
 *   to 100) may not fit a line of text together, and SharePoint's unique values ignore case where
 *   keys do not. `Scope` and `RequestKey` are kept beside it for people browsing the list.
 * - A claim is a POST: the unique `RecordKey` lets exactly one of several instances create the
 *   item. When the key is already held (409 through Graph; SharePoint itself may answer 500 with
 *   `SPDuplicateValuesFoundException`: both mean "exists"), the item is read and `mayTakeOver`
 *   decides: a record it may take over is PATCHed with `If-Match` of the eTag read (412 or 404:
 *   someone else changed or removed it, so read again and decide again); any other is `seen`.
 * - An answer is kept (read, then PATCH with `If-Match`) only while the record is the same
 *   request's (its fingerprint); a release deletes (with `If-Match`) only the same request's record
 *   while it has no answer.
 * - A write whose outcome is unknown (Graph's 5xx after the client's retries, a timeout, a lost
 *   connection) may have happened: the item is read again by its key and the decision made again
 *   from what is there. A claim therefore never says `claimed` for an item it cannot tell it made:
 *   finding a fresh record (perhaps its own), it says `seen`, so the request is not worked on, and
 *   the record's lease lapses for a retry to take over. Nothing is done twice.
 * - `forget` reads the old items through the index on `StartedAt` (`StartedAt lt …`, the only
 *   condition), page after page, and deletes each with `If-Match` in JSON batches: an item taken
 *   over meanwhile (a new `StartedAt`, a new eTag) is left. SharePoint refuses a query whose
 *   indexed condition matches more than 5,000 items on a list over 5,000, so whatever calls it must
 *   do so before 5,000 records have grown old (the list then only ever holds a replay window's).
 * - Instants go to SharePoint to the second (it keeps no milliseconds) and come back in
 *   `Date.toISOString()` form: `StartedAt` rounded down, `LeaseUntil` up (a lease never ends
 *   earlier than asked).
 * - An answer's body goes into a multiple-lines column, which holds 63,999 characters when written
 *   through the API. The answers to the requests that carry a key (a state-changing request: one
 *   obligation, one case version) are far smaller; a body longer than `MAX_BODY_LENGTH` is not kept
 *   at all, leaving the record unanswered for its lease to lapse, rather than cut or failed.
 *
 * Round trips (no contention): claim 1 for a new key, 2 for a key seen before (the refused create;
 * the item), 3 to take a record over; answer 2; release 2; forget 1 per 1,000 old items to find,
 * and 1 per 20 to delete.
 */
import {
  mayTakeOver,
  type Claim,
  type IdempotencyRecord,
  type IdempotencyRecords,
  type StoredAnswer,
} from '../../../core';
import type { Graph } from '../../graph/graph-client';
import { findOne } from './directory';
import {
  MAX_ROUNDS,
  SiteLists,
  batchError,
  ceilSecond,
  floorSecond,
  instantOf,
  isDuplicateValue,
  isRefusal,
  literal,
  numberOf,
  textOf,
  title,
  type Fields,
  type ListItem,
} from './lists';
import { IDEMPOTENCY_RECORDS, idempotencyRecordKey } from './schema';

const LIST = IDEMPOTENCY_RECORDS.displayName;
const KEY = 'RecordKey';
/** Old items a page when forgetting. */
const PAGE = 1000;
/**
 * The longest answer body kept: below the 63,999 characters a multiple-lines column holds when
 * written through the API, with room to spare.
 */
export const MAX_BODY_LENGTH = 60_000;
/** Writes with an unknown outcome in one call before its error is passed on. */
const MAX_UNKNOWN = 3;

type ClaimRequest = Parameters<IdempotencyRecords['claim']>[0];

export class SharePointIdempotencyRecords implements IdempotencyRecords {
  private readonly lists: SiteLists;

  constructor(graph: Graph, siteId: string) {
    this.lists = new SiteLists(graph, siteId);
  }

  async claim(r: ClaimRequest): Promise<Claim> {
    const id = idempotencyRecordKey(r.scope, r.key);
    const claimed: Fields = {
      Scope: title(r.scope),
      RequestKey: title(r.key),
      Fingerprint: r.fingerprint,
      StartedAt: floorSecond(r.now),
      LeaseUntil: ceilSecond(r.leaseUntil),
    };
    const unknown = unknownOutcomes();
    // Nothing read yet: try to create the item first, the one round trip a new key needs.
    let current: ListItem | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (!current) {
        try {
          const made = await this.lists.create(LIST, { Title: id, [KEY]: id, ...claimed });
          if (made !== 'exists') return { outcome: 'claimed' };
        } catch (error) {
          if (!isDuplicateValue(error)) unknown(error);
        }
        // The key is held (or the create may have happened): see by whom.
        current = await this.find(id);
        continue;
      }
      const record = toRecord(current, r.scope, r.key);
      if (!mayTakeOver(record, r)) return { outcome: 'seen', record };
      try {
        const changed = await this.lists.update(LIST, current.id, current.eTag, {
          ...claimed,
          // Null, not absent: a PATCH leaves out what it does not name.
          AnswerStatus: null,
          AnswerType: null,
          AnswerBody: null,
        });
        if (changed !== 'stale' && changed !== 'gone') return { outcome: 'claimed' };
      } catch (error) {
        unknown(error);
      }
      current = await this.find(id);
    }
    throw new Error(`${LIST} ${id} kept changing`);
  }

  async answer(
    scope: string,
    key: string,
    fingerprint: string,
    answer: StoredAnswer,
  ): Promise<void> {
    // The answers to requests with a key (a single obligation, a case version) are a few
    // kilobytes; one that would not fit is not kept rather than cut, so the record stays
    // unanswered, its lease lapses and a retry is worked on afresh.
    if (answer.body.length > MAX_BODY_LENGTH) return;
    const id = idempotencyRecordKey(scope, key);
    const unknown = unknownOutcomes();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.find(id);
      if (!current) return;
      const record = toRecord(current, scope, key);
      if (record.fingerprint !== fingerprint) return;
      if (record.answer && sameAnswer(record.answer, answer)) return;
      try {
        const changed = await this.lists.update(LIST, current.id, current.eTag, {
          AnswerStatus: answer.status,
          AnswerType: answer.contentType,
          AnswerBody: answer.body,
        });
        if (changed !== 'stale') return;
      } catch (error) {
        unknown(error);
      }
    }
    throw new Error(`${LIST} ${id} kept changing`);
  }

  async release(scope: string, key: string, fingerprint: string): Promise<void> {
    const id = idempotencyRecordKey(scope, key);
    const unknown = unknownOutcomes();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.find(id);
      if (!current) return;
      const record = toRecord(current, scope, key);
      if (record.fingerprint !== fingerprint || record.answer !== undefined) return;
      try {
        if ((await this.lists.remove(LIST, current.id, current.eTag)) !== 'stale') return;
      } catch (error) {
        unknown(error);
      }
    }
    throw new Error(`${LIST} ${id} kept changing`);
  }

  async forget(before: string): Promise<number> {
    // Through the index on StartedAt, and nothing else. To the second, rounded down, as the
    // items hold it: a record is forgotten only if it started before the instant.
    const old = await this.lists.query(LIST, {
      filter: `fields/StartedAt lt ${literal(floorSecond(before))}`,
      top: PAGE,
      select: ['StartedAt'],
    });
    if (!old.length) return 0;
    const answers = await this.lists.batch(
      old.map((item) => this.lists.deleteRequest(String(item.id), LIST, item.id, item.eTag)),
    );
    let forgotten = 0;
    for (const item of old) {
      const answer = answers.get(String(item.id));
      if (answer?.status === 204 || answer?.status === 200) forgotten++;
      // 412: taken over meanwhile, so no longer old; 404: released or forgotten by another.
      else if (answer?.status !== 412 && answer?.status !== 404) {
        throw batchError(
          answer ?? { id: String(item.id), status: 0, headers: {}, body: undefined },
          `deleting ${LIST} item ${item.id}`,
        );
      }
    }
    return forgotten;
  }

  private find(id: string): Promise<ListItem | undefined> {
    return findOne(this.lists, LIST, KEY, id);
  }
}

/**
 * Notes a failed write: a definite refusal is passed on at once; one whose outcome is unknown
 * lets the caller read the item again and decide, a few times, then is passed on.
 */
function unknownOutcomes(): (error: unknown) => void {
  let count = 0;
  return (error) => {
    if (isRefusal(error) || ++count >= MAX_UNKNOWN) throw error;
  };
}

function sameAnswer(a: StoredAnswer, b: StoredAnswer): boolean {
  return a.status === b.status && a.contentType === b.contentType && a.body === b.body;
}

/** The record under the caller's person and key (the item's own are for people browsing). */
function toRecord(item: ListItem, scope: string, key: string): IdempotencyRecord {
  const f = item.fields;
  const record: IdempotencyRecord = {
    scope,
    key,
    fingerprint: textOf(f.Fingerprint) ?? '',
    // An item edited by hand without its times reads as long ago, and lapsed: taken over.
    startedAt: instantOf(f.StartedAt) ?? new Date(0).toISOString(),
    leaseUntil: instantOf(f.LeaseUntil) ?? new Date(0).toISOString(),
  };
  const status = numberOf(f.AnswerStatus);
  // Absent, not undefined, while there is no answer.
  if (status !== undefined) {
    record.answer = {
      status,
      contentType: textOf(f.AnswerType) ?? '',
      body: typeof f.AnswerBody === 'string' ? f.AnswerBody : '',
    };
  }
  return record;
}
