/**
 * The `Outbox` port: notifications waiting to go, each enqueued once per key (with the event that
 * causes it, through the `CaseLog`, or on its own), leased to one sender at a time, then marked
 * sent, retried later or parked for people to see. Several instances may send at once: a lease
 * keeps an item with one of them until it lapses.
 */
export interface NewOutboxItem {
  /** Idempotency key, e.g. `<obligation id>:<stage>:<recipient>`: an item is enqueued once. */
  key: string;
  caseId: string;
  recipient: string;
  kind: string;
  payload: unknown;
  /** Not before this instant (ISO 8601). */
  availableAt: string;
}

/**
 * The outbox kind that brings cards already posted about an obligation up to date. It has no
 * single recipient (it is about every card on the obligation) and is not itself a delivery.
 */
export const CARD_UPDATE = 'obligation.card-update';
export const CARD_UPDATE_RECIPIENT = '*';

/** How an outbox item went out; `not-needed` when the obligation closed before it was due to go. */
export type DeliveryChannel = 'teams' | 'email' | 'not-needed';

export interface OutboxItem extends NewOutboxItem {
  id: number;
  createdAt: string;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  sentAt?: string;
  channel?: DeliveryChannel;
  /** The channel's id for what was posted (a Teams activity id), where it gives one. */
  sentRef?: string;
  parkedAt?: string;
  lastError?: string;
}

export interface Outbox {
  /** Adds items not already there (by key); how many were added. */
  enqueue(items: NewOutboxItem[]): Promise<number>;
  /** Leases up to `limit` due items to `owner` until `now + leaseMs`; others cannot claim them meanwhile. */
  claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]>;
  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean>;
  /** Records a failed attempt: retry after `retryAt`, or park it for people to see. */
  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean>;
  outboxForCase(caseId: string): Promise<OutboxItem[]>;
  /**
   * What was sent about a case, is waiting, or was parked, oldest first: its page's list of
   * notifications (card updates are not deliveries). Read on every view of the page, so an
   * adapter may read just these fields instead of whole items.
   */
  deliveriesOf(caseId: string): Promise<Delivery[]>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const OUTBOX_METHODS: Record<keyof Outbox, true> = {
  enqueue: true,
  claim: true,
  markSent: true,
  markFailed: true,
  outboxForCase: true,
  deliveriesOf: true,
};

/** A notification about a case, as its page lists it. */
export interface Delivery {
  obligation?: string;
  /** new, reminder-1…, overdue, escalation, cannot-meet. */
  stage?: string;
  recipient: string;
  /** When it was due to go. */
  availableAt: string;
  attempts: number;
  sentAt?: string;
  channel?: DeliveryChannel;
  /** Given up after repeated failures: nobody was told. */
  parkedAt?: string;
  lastError?: string;
}

/** What a case's page says about an outbox item (its payload names the obligation and stage). */
export function deliveryOf(
  item: Pick<
    OutboxItem,
    | 'recipient'
    | 'kind'
    | 'payload'
    | 'availableAt'
    | 'attempts'
    | 'sentAt'
    | 'channel'
    | 'parkedAt'
    | 'lastError'
  >,
): Delivery {
  const payload = (item.payload ?? {}) as { obligation?: unknown; stage?: unknown };
  const d: Delivery = {
    recipient: item.recipient,
    availableAt: item.availableAt,
    attempts: item.attempts,
  };
  if (typeof payload.obligation === 'string') d.obligation = payload.obligation;
  d.stage =
    typeof payload.stage === 'string' ? payload.stage : item.kind.replace(/^obligation\./, '');
  if (item.sentAt) d.sentAt = item.sentAt;
  if (item.channel) d.channel = item.channel;
  if (item.parkedAt) d.parkedAt = item.parkedAt;
  if (item.lastError) d.lastError = item.lastError;
  return d;
}

/** A case's deliveries from its outbox items, for adapters that read whole items anyway. */
export function deliveriesFrom(items: readonly OutboxItem[]): Delivery[] {
  return items.filter((i) => i.kind !== CARD_UPDATE).map(deliveryOf);
}
