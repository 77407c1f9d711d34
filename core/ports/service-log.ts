/**
 * The `ServiceLog` port: the append-only log of the services' own duties (not a case's) — when
 * tracking started, each month's register produced and which service has it, each link meeting
 * held. Each event is appended once for its key (`register.published:2026-12`), so that several
 * instances, or a retried request, never record the same thing twice. Nothing is edited or
 * deleted. Adapters: SQLite (`service_events`), a SharePoint list (`LiaisonServiceLog`), in memory (tests).
 */
import type { Surface } from './case-store';

export type ServiceEvent =
  /** The app started tracking the services' duties (its first run): earlier months are not its. */
  | { type: 'service-duties.started'; at: string }
  /** The month's register was produced and published (`url`: where the services find it). */
  | {
      type: 'register.published';
      at: string;
      month: string;
      file: string;
      url: string;
      cases: number;
    }
  /** Someone acting for a service confirmed it has the month's register. */
  | {
      type: 'register.received';
      at: string;
      month: string;
      service: 'legal-services' | 'iro-service';
    }
  /** The link meeting of that day was held; whether the protocol was reviewed at it. */
  | { type: 'link-meeting.held'; at: string; meeting: string; protocolReviewed: boolean };

export type ServiceEventType = ServiceEvent['type'];

/** A recorded event; `RecordedServiceEvent<'link-meeting.held'>` narrows to one type. */
export type RecordedServiceEvent<T extends ServiceEventType = ServiceEventType> =
  T extends ServiceEventType ? Recorded<Extract<ServiceEvent, { type: T }>> : never;

interface Recorded<E extends ServiceEvent> {
  /** Position in the log, from 0. */
  seq: number;
  /** What makes it unique: a second append with the same key records nothing. */
  key: string;
  event: E;
  /** When, by whom and from where it was recorded: the server's word, never the request's. */
  recordedAt: string;
  recordedBy: string;
  surface: Surface;
}

export interface NewServiceEvent {
  key: string;
  event: ServiceEvent;
  recordedBy: string;
  surface: Surface;
}

export interface ServiceLog {
  /** Every event, in recording order. */
  readServiceLog(): Promise<RecordedServiceEvent[]>;
  /**
   * Appends the event unless one with its key is recorded already: then nothing changes and the
   * recorded one comes back with `appended: false`.
   */
  appendServiceEvent(
    entry: NewServiceEvent,
  ): Promise<{ appended: boolean; recorded: RecordedServiceEvent }>;
}
