/** The `Outbox` port on SQLite: items once per key, leased to one sender at a time. */
import {
  CARD_UPDATE,
  deliveryOf,
  type Clock,
  type Delivery,
  type DeliveryChannel,
  type NewOutboxItem,
  type Outbox,
  type OutboxItem,
} from '../../../core';
import { utc, utcOf, type SqliteConnection } from './sqlite-database';

interface OutboxRow {
  id: number;
  key: string;
  case_id: string;
  recipient: string;
  kind: string;
  payload: string;
  available_at: string;
  created_at: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  sent_at: string | null;
  channel: string | null;
  sent_ref: string | null;
  parked_at: string | null;
  last_error: string | null;
}

export class SqliteOutbox implements Outbox {
  constructor(
    private readonly db: SqliteConnection,
    private readonly clock: Clock,
  ) {}

  enqueue(items: NewOutboxItem[]): Promise<number> {
    const now = utc(this.clock.now());
    return this.db.write(() => insertOutbox(this.db, items, now));
  }

  async claim(owner: string, now: string, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const at = utcOf(now);
    const until = utc(Date.parse(now) + leaseMs);
    const rows = await this.db.write(() =>
      this.db
        .sql<[string, string, string, string, number], OutboxRow>(
          `UPDATE outbox SET lease_owner = ?, lease_until = ?
             WHERE id IN (SELECT id FROM outbox
                          WHERE sent_at IS NULL AND parked_at IS NULL AND available_at <= ?
                            AND (lease_until IS NULL OR lease_until <= ?)
                          ORDER BY available_at, id LIMIT ?)
             RETURNING *`,
        )
        .all(owner, until, at, at, limit),
    );
    return rows.sort((a, b) => a.id - b.id).map(toOutboxItem);
  }

  markSent(
    id: number,
    owner: string,
    at: string,
    channel: DeliveryChannel,
    ref?: string,
  ): Promise<boolean> {
    return this.db.write(
      () =>
        this.db
          .sql(
            'UPDATE outbox SET sent_at = ?, channel = ?, sent_ref = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
          )
          .run(utcOf(at), channel, ref ?? null, id, owner).changes === 1,
    );
  }

  markFailed(
    id: number,
    owner: string,
    error: string,
    then: { retryAt: string } | 'park',
  ): Promise<boolean> {
    const now = utc(this.clock.now());
    return this.db.write(() => {
      const changed =
        then === 'park'
          ? this.db
              .sql(
                'UPDATE outbox SET parked_at = ?, attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
              )
              .run(now, error, id, owner).changes
          : this.db
              .sql(
                'UPDATE outbox SET available_at = ?, attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND sent_at IS NULL',
              )
              .run(utcOf(then.retryAt), error, id, owner).changes;
      return changed === 1;
    });
  }

  outboxForCase(caseId: string): Promise<OutboxItem[]> {
    const rows = this.db
      .sql<[string], OutboxRow>('SELECT * FROM outbox WHERE case_id = ? ORDER BY id')
      .all(caseId);
    return Promise.resolve(rows.map(toOutboxItem));
  }

  deliveriesOf(caseId: string): Promise<Delivery[]> {
    // Only the fields a delivery shows, the payload's two read in SQLite, each row as an array:
    // whole items (sixteen columns, the payload parsed) cost twice as much, on every view of a
    // case's page.
    const rows = this.db
      .rows<[string, string], DeliveryRow>(
        `SELECT recipient, kind, available_at, attempts, sent_at, channel, parked_at, last_error,
                json_extract(payload, '$.obligation'), json_extract(payload, '$.stage')
           FROM outbox WHERE case_id = ? AND kind <> ? ORDER BY id`,
      )
      .all(caseId, CARD_UPDATE);
    return Promise.resolve(
      rows.map((r) =>
        deliveryOf({
          recipient: r[0],
          kind: r[1],
          payload: { obligation: r[8], stage: r[9] },
          availableAt: r[2],
          attempts: r[3],
          sentAt: r[4] ?? undefined,
          channel: (r[5] ?? undefined) as DeliveryChannel | undefined,
          parkedAt: r[6] ?? undefined,
          lastError: r[7] ?? undefined,
        }),
      ),
    );
  }
}

/** The columns `deliveriesOf` reads, in its SELECT's order. */
type DeliveryRow = [
  recipient: string,
  kind: string,
  availableAt: string,
  attempts: number,
  sentAt: string | null,
  channel: string | null,
  parkedAt: string | null,
  lastError: string | null,
  obligation: unknown,
  stage: unknown,
];

/** Adds the items not already there (by key), within the caller's write transaction. */
export function insertOutbox(db: SqliteConnection, items: NewOutboxItem[], now: string): number {
  const insert = db.sql(
    'INSERT INTO outbox (key, case_id, recipient, kind, payload, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  let added = 0;
  for (const i of items) {
    added += insert.run(
      i.key,
      i.caseId,
      i.recipient,
      i.kind,
      JSON.stringify(i.payload),
      utcOf(i.availableAt),
      now,
    ).changes;
  }
  return added;
}

function toOutboxItem(r: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    id: r.id,
    key: r.key,
    caseId: r.case_id,
    recipient: r.recipient,
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    availableAt: r.available_at,
    createdAt: r.created_at,
    attempts: r.attempts,
  };
  if (r.lease_owner !== null) item.leaseOwner = r.lease_owner;
  if (r.lease_until !== null) item.leaseUntil = r.lease_until;
  if (r.sent_at !== null) item.sentAt = r.sent_at;
  if (r.channel !== null) item.channel = r.channel as DeliveryChannel;
  if (r.sent_ref !== null) item.sentRef = r.sent_ref;
  if (r.parked_at !== null) item.parkedAt = r.parked_at;
  if (r.last_error !== null) item.lastError = r.last_error;
  return item;
}
