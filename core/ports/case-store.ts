/**
 * A store of record: every case port over one transaction (an append writes its events, outbox
 * items, members and audit entry at once), closed when the process stops. Code depends on the
 * narrow ports it uses; only the composition root and the adapters see the whole store.
 * Adapters: SQLite (local, embedded), SharePoint lists (Microsoft 365), in memory (tests).
 */
import type { AuditTrail } from './audit-trail';
import type { CaseLog } from './case-log';
import type { Conversations } from './conversations';
import type { Leases } from './leases';
import type { Outbox } from './outbox';

export type * from './actor';
export * from './audit-trail';
export * from './case-log';
export * from './conversations';
export * from './leases';
export * from './outbox';

export interface CaseStore extends CaseLog, Outbox, AuditTrail, Leases, Conversations {
  close(): Promise<void>;
}
