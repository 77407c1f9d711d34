/**
 * The notification outbox on `LiaisonOutbox`, shared by several instances.
 *
 * - Enqueued once per key: `ItemKey` is unique, so a second POST of the same key gets 409 and
 *   counts as not added.
 * - `ClaimableAt` (indexed) is when an item can next be claimed: its `AvailableAt` while it waits,
 *   its `LeaseUntil` while leased, empty once sent or parked. A claim reads `ClaimableAt le now`
 *   and nothing else, so however many items have been sent over the years it reads only what is
 *   due now.
 * - A claim is a PATCH of `LeaseOwner`, `LeaseUntil` and `ClaimableAt` with `If-Match` the eTag the
 *   claimer read. Of two instances that read the same item, one changes it first; the other's
 *   eTag is stale, it gets 412 and goes without that item (and reads again to fill its batch).
 *   So an item is never leased to two owners at once.
 * - `markSent` / `markFailed` change the item only while the caller holds its lease: with the eTag
 *   of the claim (kept in memory), or after reading the item and finding the caller still its
 *   owner, always with `If-Match`. An owner whose lease was taken over gets `false`.
 */
import {
  deliveriesFrom,
  type Delivery,
  type DeliveryChannel,
  type NewOutboxItem,
  type Outbox,
  type OutboxItem,
} from '../../../core';
import {
  batchError,
  ceilSecond,
  createdOf,
  eq,
  etagOfFields,
  floorSecond,
  instantOf,
  jsonOf,
  le,
  numberOf,
  textOf,
  title,
  type Fields,
  type ListItem,
  type SiteLists,
} from './lists';
import { OUTBOX } from './schema';

const LIST = OUTBOX.displayName;
/** Rounds of a claim that lost items to other instances before it settles for what it has. */
const CLAIM_ROUNDS = 50;
/** Claims remembered for settling them in one request. */
const MAX_HELD = 10_000;
/** Times settling an item reads it again after it changed before giving up. */
const SETTLE_ROUNDS = 10;
/** What a claimer remembers of an item it leased, to settle it without reading it again. */
interface Held {
  eTag: string;
  owner: string;
  attempts: number;
}

export class SharePointOutbox implements Outbox {
  private readonly held = new Map<number, Held>();

  constructor(
    private readonly lists: SiteLists,
    private readonly now: () => number,
  ) {}

  /** Fields of a new item, or of the items an append writes. */
  static fields(item: NewOutboxItem, createdAt: string): Fields {
    if (item.key.length > 255) {
      throw new RangeError(`An outbox key holds at most 255 characters: ${item.key.slice(0, 40)}…`);
    }
    const availableAt = ceilSecond(item.availableAt);
    return {
      Title: title(item.key),
      ItemKey: item.key,
      CaseId: item.caseId,
      State: 'pending',
      Recipient: item.recipient,
      Kind: item.kind,
      Payload: JSON.stringify(item.payload ?? null),
      AvailableAt: availableAt,
      ClaimableAt: availableAt,
      CreatedAt: floorSecond(createdAt),
      Attempts: 0,
    };
  }

  async enqueue(items: NewOutboxItem[]): Promise<number> {
    const createdAt = new Date(this.now()).toISOString();
    const answers = await this.lists.batch(
      items.map((item, i) =>
        this.lists.createRequest(String(i), LIST, SharePointOutbox.fields(item, createdAt)),
      ),
    );
    let added = 0;
    items.forEach((item, i) => {
      if (createdOf(answers.get(String(i)), `enqueue ${item.key}`) !== 'exists') added++;
    });
    return added;
  }

  async claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const at = Date.parse(now);
    const until = ceilSecond(at + leaseMs);
    const claimed: OutboxItem[] = [];
    // Once another instance has taken items from under this one, both choose at random among
    // the due items rather than both going for the earliest.
    let contended = false;
    for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round++) {
      const want = limit - claimed.length;
      const top = Math.min(5000, want * 3 + 10);
      // A page of the due items in the list's own order (by item id: as they were queued), put
      // in order here: the documentation promises no `$orderby` on list items.
      const page = await this.lists.firstPage(LIST, {
        filter: le('ClaimableAt', floorSecond(at)),
        top,
      });
      const due = page.filter((item) => isDue(item, at)).sort(earliestFirst);
      if (!due.length) break;
      const chosen = contended ? sample(due, want) : due.slice(0, want);
      const answers = await this.lists.batch(
        chosen.map((item) =>
          this.lists.updateRequest(String(item.id), LIST, item.id, item.eTag, {
            LeaseOwner: owner,
            LeaseUntil: until,
            ClaimableAt: until,
          }),
        ),
      );
      let lost = 0;
      for (const item of chosen) {
        const answer = answers.get(String(item.id))!;
        if (answer.status === 200) {
          const eTag = etagOfFields(answer.body as Fields);
          // The changed fields as the service gives them back, over what was read.
          const fields = { ...item.fields, ...(answer.body as Fields) };
          const leased = toOutboxItem({ id: item.id, eTag, fields });
          this.held.set(item.id, { eTag, owner, attempts: leased.attempts });
          // Items claimed and never settled here (their lease lapsed) are forgotten in time.
          if (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value!);
          claimed.push(leased);
        } else if (answer.status === 412 || answer.status === 404) lost++;
        else throw batchError(answer, `claiming outbox item ${item.id}`);
      }
      if (lost) contended = true;
      // Took everything that was due: there is no more.
      else if (page.length < top && chosen.length === due.length) break;
    }
    return claimed.sort((a, b) => a.id - b.id);
  }

  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean> {
    return this.settle(id, owner, (attempts) => ({
      State: 'sent',
      SentAt: floorSecond(at),
      Channel: channel,
      SentRef: ref ?? null,
      Attempts: attempts + 1,
      LeaseOwner: null,
      LeaseUntil: null,
      ClaimableAt: null,
    }));
  }

  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean> {
    const now = floorSecond(this.now());
    return this.settle(id, owner, (attempts) => {
      const common = {
        Attempts: attempts + 1,
        LastError: error,
        LeaseOwner: null,
        LeaseUntil: null,
      };
      if (then === 'park') return { ...common, State: 'parked', ParkedAt: now, ClaimableAt: null };
      const retryAt = ceilSecond(then.retryAt);
      return { ...common, AvailableAt: retryAt, ClaimableAt: retryAt };
    });
  }

  /** Changes an item its owner holds: with the claim's eTag, or after reading it again. */
  private async settle(
    id: number,
    owner: string,
    change: (attempts: number) => Fields,
  ): Promise<boolean> {
    const held = this.held.get(id);
    let current: { eTag: string; attempts: number } | undefined =
      held?.owner === owner ? held : undefined;
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      if (!current) {
        const item = await this.lists.get(LIST, id);
        if (!item) return false;
        const fields = item.fields;
        if (textOf(fields.LeaseOwner) !== owner || textOf(fields.SentAt) !== undefined) {
          return false;
        }
        current = { eTag: item.eTag, attempts: numberOf(fields.Attempts) ?? 0 };
      }
      const result = await this.lists.update(LIST, id, current.eTag, change(current.attempts));
      if (result === 'gone') return false;
      if (result !== 'stale') {
        this.held.delete(id);
        return true;
      }
      current = undefined;
    }
    throw new Error(`outbox item ${id} kept changing while being settled`);
  }

  async outboxForCase(caseId: string): Promise<OutboxItem[]> {
    const items = await this.lists.query(LIST, { filter: eq('CaseId', caseId), top: 1000 });
    return items
      .filter((item) => item.fields.CaseId === caseId)
      .map(toOutboxItem)
      .sort((a, b) => a.id - b.id);
  }

  async deliveriesOf(caseId: string): Promise<Delivery[]> {
    return deliveriesFrom(await this.outboxForCase(caseId));
  }
}

function earliestFirst(a: ListItem, b: ListItem): number {
  const x = Date.parse(textOf(a.fields.AvailableAt) ?? '');
  const y = Date.parse(textOf(b.fields.AvailableAt) ?? '');
  return x - y || a.id - b.id;
}

/** `n` of the items, chosen at random (in their order). */
function sample(items: ListItem[], n: number): ListItem[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n).sort(earliestFirst);
}

function isDue(item: ListItem, at: number): boolean {
  const f = item.fields;
  if (textOf(f.State) !== 'pending') return false;
  if (textOf(f.SentAt) !== undefined || textOf(f.ParkedAt) !== undefined) return false;
  const available = Date.parse(textOf(f.AvailableAt) ?? '');
  if (!(available <= at)) return false;
  const leaseUntil = textOf(f.LeaseUntil);
  return leaseUntil === undefined || Date.parse(leaseUntil) <= at;
}

export function toOutboxItem(item: ListItem): OutboxItem {
  const f = item.fields;
  const out: OutboxItem = {
    id: item.id,
    key: textOf(f.ItemKey) ?? '',
    caseId: textOf(f.CaseId) ?? '',
    recipient: textOf(f.Recipient) ?? '',
    kind: textOf(f.Kind) ?? '',
    payload: jsonOf<unknown>(f.Payload) ?? null,
    availableAt: instantOf(f.AvailableAt) ?? '',
    createdAt: instantOf(f.CreatedAt) ?? '',
    attempts: numberOf(f.Attempts) ?? 0,
  };
  const leaseOwner = textOf(f.LeaseOwner);
  if (leaseOwner !== undefined) out.leaseOwner = leaseOwner;
  const leaseUntil = instantOf(f.LeaseUntil);
  if (leaseUntil !== undefined) out.leaseUntil = leaseUntil;
  const sentAt = instantOf(f.SentAt);
  if (sentAt !== undefined) out.sentAt = sentAt;
  const channel = textOf(f.Channel);
  if (channel !== undefined) out.channel = channel as DeliveryChannel;
  const sentRef = textOf(f.SentRef);
  if (sentRef !== undefined) out.sentRef = sentRef;
  const parkedAt = instantOf(f.ParkedAt);
  if (parkedAt !== undefined) out.parkedAt = parkedAt;
  const lastError = textOf(f.LastError);
  if (lastError !== undefined) out.lastError = lastError;
  return out;
}
