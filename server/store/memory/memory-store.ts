/**
 * A whole store in memory: every port a store of record offers, for the bot's and the use cases'
 * tests and for trying things out. Nothing survives the process.
 */
import {
  AUDIT_TRAIL_METHODS,
  CASE_LOG_METHODS,
  CONVERSATIONS_METHODS,
  DEADLINE_CALENDAR_STORE_METHODS,
  DIRECTORY_METHODS,
  LEASES_METHODS,
  OUTBOX_METHODS,
  SIGNAL_STORE_METHODS,
  type Clock,
  type Person,
} from '../../../core';
import type { SealKey } from '../audit-chain';
import { combinePorts } from '../combine-ports';
import type { Store } from '../open-store';
import { InMemoryAuditTrail } from './memory-audit-trail';
import { InMemoryCaseLog } from './memory-case-log';
import { InMemoryConversations } from './memory-conversations';
import { InMemoryDeadlineCalendars } from './memory-deadline-calendars';
import { InMemoryDirectory } from './memory-directory';
import { InMemoryLeases } from './memory-leases';
import { InMemoryOutbox } from './memory-outbox';
import { InMemorySignals } from './memory-signals';

export function inMemoryStore(
  clock: Clock,
  options: { people?: Person[]; seal?: SealKey } = {},
): Store {
  const audit = new InMemoryAuditTrail(clock, options.seal);
  const outbox = new InMemoryOutbox(clock);
  return {
    ...combinePorts(
      [new InMemoryCaseLog(clock, audit, outbox), CASE_LOG_METHODS],
      [outbox, OUTBOX_METHODS],
      [audit, AUDIT_TRAIL_METHODS],
      [new InMemoryLeases(), LEASES_METHODS],
      [new InMemoryConversations(clock), CONVERSATIONS_METHODS],
      [new InMemoryDirectory(options.people), DIRECTORY_METHODS],
      [new InMemorySignals(clock), SIGNAL_STORE_METHODS],
      [new InMemoryDeadlineCalendars(), DEADLINE_CALENDAR_STORE_METHODS],
    ),
    close: () => Promise.resolve(),
  };
}
