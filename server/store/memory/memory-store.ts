/**
 * A whole store in memory: every port a store of record offers, for the bot's and the use cases'
 * tests and for trying things out. Nothing survives the process.
 */
import type { Clock, Person } from '../../../core';
import type { SealKey } from '../audit-chain';
import { wholeStore } from '../combine-ports';
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
  return wholeStore(
    {
      caseLog: new InMemoryCaseLog(clock, audit, outbox),
      outbox,
      auditTrail: audit,
      leases: new InMemoryLeases(),
      conversations: new InMemoryConversations(clock),
      directory: new InMemoryDirectory(options.people),
      signals: new InMemorySignals(clock),
      deadlineCalendars: new InMemoryDeadlineCalendars(),
    },
    () => Promise.resolve(),
  );
}
