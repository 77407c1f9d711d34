/**
 * Every port a store of record offers, each against its own contract suite: what the SQLite,
 * SharePoint and in-memory stores each must pass.
 */
import type { Store } from '../../server/store/open-store';
import { auditTrailContract } from './audit-trail.contract';
import { caseLogContract } from './case-log.contract';
import { conversationsContract } from './conversations.contract';
import { deadlineCalendarStoreContract } from './deadline-calendar-store.contract';
import { directoryContract } from './directory.contract';
import { leasesContract } from './leases.contract';
import { outboxContract } from './outbox.contract';
import { signalStoreContract } from './signal-store.contract';
import type { StoreUnderTest } from './store-fixtures';

export function storeContracts(
  name: string,
  make: (at: string) => Promise<StoreUnderTest<Store>>,
): void {
  const fresh = () => make('2023-05-05T15:00:00Z');
  caseLogContract(name, fresh);
  outboxContract(name, fresh);
  auditTrailContract(name, fresh);
  leasesContract(name, fresh);
  conversationsContract(name, fresh);
  directoryContract(name, fresh);
  signalStoreContract(name, fresh);
  deadlineCalendarStoreContract(name, () => make('2026-12-14T09:00:00Z'));
}
