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
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const OUTBOX_METHODS: Record<keyof Outbox, true> = {
  enqueue: true,
  claim: true,
  markSent: true,
  markFailed: true,
  outboxForCase: true,
};
