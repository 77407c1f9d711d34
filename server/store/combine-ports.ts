/**
 * A store of record is one adapter per port over one connection (one database, one site). The
 * code that wires it (the composition root, tests) takes the whole as one object; this makes it
 * from each adapter's port methods (named by the port's method table in core/ports), bound to the
 * adapter, instead of a facade that hands every call on by hand. Nothing but the ports' methods
 * is offered, and a method two adapters both offer is a wiring mistake and throws.
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
  type AuditTrail,
  type CaseLog,
  type Conversations,
  type DeadlineCalendarStore,
  type Directory,
  type Leases,
  type Outbox,
  type SignalStore,
} from '../../core';
import type { Store } from './open-store';

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** An adapter and the port it is wired as. */
export type Wired<P> = readonly [adapter: P, methods: Record<keyof P, true>];

/** What a wired adapter offers: its port's methods, nothing else of it. */
type PortOf<W> = W extends readonly [infer A, Record<infer K, true>] ? Pick<A, K & keyof A> : never;

export function combinePorts<T extends Wired<object>[]>(
  ...wired: T
): Intersection<PortOf<T[number]>> {
  const whole: Record<string, unknown> = {};
  for (const [adapter, methods] of wired) {
    for (const name of Object.keys(methods)) {
      if (name in whole) throw new Error(`two adapters offer ${name}`);
      const method = (adapter as Record<string, unknown>)[name];
      if (typeof method !== 'function') throw new Error(`the adapter has no method ${name}`);
      whole[name] = (method as (...a: unknown[]) => unknown).bind(adapter);
    }
  }
  return whole as Intersection<PortOf<T[number]>>;
}

/** The adapters of a whole store of record, one per port. */
export interface StoreAdapters {
  caseLog: CaseLog;
  outbox: Outbox;
  auditTrail: AuditTrail;
  leases: Leases;
  conversations: Conversations;
  directory: Directory;
  signals: SignalStore;
  deadlineCalendars: DeadlineCalendarStore;
}

/** A whole store from its adapters, closed by `close` (what the connection needs at the end). */
export function wholeStore(adapters: StoreAdapters, close: () => Promise<void>): Store {
  return {
    ...combinePorts(
      [adapters.caseLog, CASE_LOG_METHODS],
      [adapters.outbox, OUTBOX_METHODS],
      [adapters.auditTrail, AUDIT_TRAIL_METHODS],
      [adapters.leases, LEASES_METHODS],
      [adapters.conversations, CONVERSATIONS_METHODS],
      [adapters.directory, DIRECTORY_METHODS],
      [adapters.signals, SIGNAL_STORE_METHODS],
      [adapters.deadlineCalendars, DEADLINE_CALENDAR_STORE_METHODS],
    ),
    close,
  };
}
