/**
 * The `DeadlineCalendarStore` port: what the deadline-calendar job remembers between rounds.
 *
 * - For each (obligation, person): the Outlook event that shows the deadline in that person's
 *   calendar, the mailbox it is in and the due instant it shows. An entry whose event was removed
 *   stays, without an event id, so that the count of events made for it survives: the next
 *   event's `transactionId` comes from that count, which makes a create retried after a crash
 *   return the event already made, and a deliberate new one (the person deleted the old one, or
 *   the obligation opened again) a new event.
 * - For each case: the version last reconciled and who its parties were (a reallocation changes
 *   them without a new event), and when, so that a round skips unchanged cases.
 *
 * Adapters: SQLite (`deadline_events`, `deadline_calendar_cases`) and SharePoint lists
 * (`LiaisonDeadlineEvents`, `LiaisonDeadlineCalendarCases`); in memory (tests).
 */

export interface DeadlineEntry {
  caseId: string;
  /** The obligation's id (`<case>:<rule>[:<occurrence>]`). */
  obligationId: string;
  personId: string;
  /** The mailbox whose calendar holds the event (the person's address when it was made). */
  mailbox: string;
  /** Outlook's id for the event; absent once the event has been removed. */
  eventId?: string;
  /** The due instant the event shows (ISO 8601, as the engine gave it). */
  due: string;
  /** Events made for this obligation and person so far. */
  made: number;
}

export interface ReconciledCase {
  caseId: string;
  /** The case's version when its calendars were last brought up to date. */
  version: number;
  /** A digest of the case's members then (`membersDigest`): they change without a new event. */
  members: string;
  /** When (ISO 8601). */
  at: string;
  /** Deadline events in calendars for the case after it. */
  events: number;
}

export interface DeadlineCalendarStore {
  /** A case's entries, removed ones included. */
  deadlineEntriesOf(caseId: string): Promise<DeadlineEntry[]>;
  /** Creates or replaces the entry for its (obligation, person). */
  saveDeadlineEntry(entry: DeadlineEntry): Promise<void>;
  /** Every case reconciled so far. */
  reconciledCases(): Promise<ReconciledCase[]>;
  /** Creates or replaces the case's mark. */
  markReconciled(mark: ReconciledCase): Promise<void>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const DEADLINE_CALENDAR_STORE_METHODS: Record<keyof DeadlineCalendarStore, true> = {
  deadlineEntriesOf: true,
  saveDeadlineEntry: true,
  reconciledCases: true,
  markReconciled: true,
};
