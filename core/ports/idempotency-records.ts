/**
 * The `IdempotencyRecords` port: what the server answered to each request that carried an
 * `Idempotency-Key`, so that a client retrying the same request (a double press, a lost answer)
 * gets the first answer again and nothing happens twice. Adapters: SQLite (`idempotency_records`),
 * a SharePoint list (`LiaisonIdempotencyRecords`) and one in memory (tests).
 *
 * A record belongs to the person who sent the request (`scope`): two people's keys never meet.
 * The request is known by its `fingerprint` — a hash of the method, the address and the body as
 * the client sent it, never of anything the server adds (such as the time) — so a retry matches.
 */
export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface IdempotencyRecord {
  scope: string;
  key: string;
  fingerprint: string;
  /** When the first request with this key arrived (ISO 8601, UTC). */
  startedAt: string;
  /** While the first request is being worked on, how long it may hold the key. */
  leaseUntil: string;
  /** The first answer, once there is one. */
  answer?: StoredAnswer;
}

export type Claim =
  /** The key is this request's to work on: nothing was recorded under it (or only long ago). */
  | { outcome: 'claimed' }
  /** A request came with this key before: its record (the fingerprint says whether it is this). */
  | { outcome: 'seen'; record: IdempotencyRecord };

export interface IdempotencyRecords {
  /**
   * Claims the key for a request, atomically across instances. A record started before
   * `freshFrom` (older than the replay window), or one still without an answer whose lease has
   * lapsed (its server stopped mid-request), is taken over; any other record is returned.
   */
  claim(request: {
    scope: string;
    key: string;
    fingerprint: string;
    now: string;
    leaseUntil: string;
    freshFrom: string;
  }): Promise<Claim>;
  /** Keeps the answer to the claimed request, to be replayed. */
  answer(scope: string, key: string, fingerprint: string, answer: StoredAnswer): Promise<void>;
  /** Lets go of a claim whose request ended without an answer worth replaying (a server error). */
  release(scope: string, key: string, fingerprint: string): Promise<void>;
  /** Forgets the records started before this instant; returns how many. */
  forget(before: string): Promise<number>;
}

/**
 * Whether a request may take over the record found under its key: none, one older than the
 * replay window, or one never answered whose lease has lapsed. The one rule every adapter applies.
 */
export function mayTakeOver(
  found: IdempotencyRecord | undefined,
  at: { now: string; freshFrom: string },
): boolean {
  if (!found) return true;
  if (Date.parse(found.startedAt) < Date.parse(at.freshFrom)) return true;
  return found.answer === undefined && Date.parse(found.leaseUntil) <= Date.parse(at.now);
}
