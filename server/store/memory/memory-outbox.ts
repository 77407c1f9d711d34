/** The `Outbox` port in memory (tests). Instants are kept in UTC, as the stores of record keep them. */
import {
  deliveriesFrom,
  type Delivery,
  type Clock,
  type DeliveryChannel,
  type NewOutboxItem,
  type Outbox,
  type OutboxItem,
} from '../../../core';

const utc = (iso: string | number) => new Date(iso).toISOString();

export class InMemoryOutbox implements Outbox {
  private readonly items: OutboxItem[] = [];

  constructor(private readonly clock: Clock) {}

  enqueue(items: NewOutboxItem[]): Promise<number> {
    return Promise.resolve(this.add(items));
  }

  /** Adds the items not already there (by key) at once: the case log calls this within an append. */
  add(items: NewOutboxItem[]): number {
    let added = 0;
    for (const i of items) {
      if (this.items.some((x) => x.key === i.key)) continue;
      this.items.push({
        ...structuredClone(i),
        id: this.items.length + 1,
        availableAt: utc(i.availableAt),
        createdAt: utc(this.clock.now()),
        attempts: 0,
      });
      added++;
    }
    return added;
  }

  claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const at = utc(now);
    const until = utc(Date.parse(now) + leaseMs);
    const due = this.items
      .filter(
        (i) =>
          i.sentAt === undefined &&
          i.parkedAt === undefined &&
          i.availableAt <= at &&
          (i.leaseUntil === undefined || i.leaseUntil <= at),
      )
      .sort((a, b) =>
        a.availableAt < b.availableAt ? -1 : a.availableAt > b.availableAt ? 1 : a.id - b.id,
      )
      .slice(0, limit);
    for (const i of due) Object.assign(i, { leaseOwner: owner, leaseUntil: until });
    return Promise.resolve(structuredClone(due.sort((a, b) => a.id - b.id)));
  }

  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean> {
    return Promise.resolve(
      this.settle(id, owner, (i) => {
        i.sentAt = utc(at);
        i.channel = channel;
        if (ref !== undefined) i.sentRef = ref;
      }),
    );
  }

  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean> {
    return Promise.resolve(
      this.settle(id, owner, (i) => {
        i.lastError = error;
        if (then === 'park') i.parkedAt = utc(this.clock.now());
        else i.availableAt = utc(then.retryAt);
      }),
    );
  }

  outboxForCase(caseId: string): Promise<OutboxItem[]> {
    return Promise.resolve(structuredClone(this.items.filter((i) => i.caseId === caseId)));
  }

  async deliveriesOf(caseId: string): Promise<Delivery[]> {
    return deliveriesFrom(await this.outboxForCase(caseId));
  }

  /** An attempt ends: only by the lease's owner, only while the item is unsent. */
  private settle(id: number, owner: string, change: (item: OutboxItem) => void): boolean {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.leaseOwner !== owner || item.sentAt !== undefined) return false;
    change(item);
    item.attempts++;
    delete item.leaseOwner;
    delete item.leaseUntil;
    return true;
  }
}
