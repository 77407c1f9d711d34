/**
 * The `DeadlineCalendar` port: a deadline as an event in a person's own Outlook calendar, made,
 * moved and removed by the deadline-calendar job. The adapter is `GraphDeadlineCalendar`.
 */
import type { ProtocolSource } from '../rules/rule';

/** What an event says about a deadline: the case by its reference only, never a child's name. */
export interface CalendarDeadline {
  caseId: string;
  /** The obligation's id (`<case>:<rule>[:<occurrence>]`). */
  obligationId: string;
  /** The obligation's title, e.g. "Get the draft final statement and care plan to the IRO". */
  title: string;
  /** ISO 8601 with the Europe/London offset. */
  due: string;
  /** The protocol's own words the deadline comes from. */
  source: ProtocolSource;
  /** The engine's warnings in words (a limit on a bank holiday, a window cut short). */
  notes?: string[];
}

export interface DeadlineCalendar {
  /**
   * Makes the event in the mailbox's calendar and returns its id. The same (obligation, person,
   * generation) always sends the same `transactionId`, so a create retried after a crash gets
   * the event made the first time instead of a second one.
   */
  create(
    mailbox: string,
    deadline: CalendarDeadline,
    key: { personId: string; generation: number },
  ): Promise<string>;
  /** Moves the event to the deadline's (new) due instant; `gone` if it is no longer there. */
  move(mailbox: string, eventId: string, deadline: CalendarDeadline): Promise<'moved' | 'gone'>;
  /** Removes the event; `gone` if it was already gone. */
  remove(mailbox: string, eventId: string): Promise<'removed' | 'gone'>;
}
