/** What the engine says a case owes: obligations with their deadlines and status. */
import type { CalendarScope, CalendarVersion } from '../calendar/business-calendar';
import type { CaseHeader, EventType } from '../case-file';
import type { Convention, DeadlineWarning } from '../conventions/conventions';
import type { ProtocolSource } from '../rules/rule';
import type { PackId, Role } from '../vocabulary';

export const OBLIGATION_STATUSES = [
  'open',
  'due-soon',
  'overdue',
  'met',
  'met-late',
  /** Not done by its deadline, and its occasion has ended: a breach that stays one. */
  'missed',
  'waived',
  'not-applicable',
] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** The statuses of an obligation still to be done (the rest are closed, one way or another). */
export const LIVE_STATUSES: ReadonlySet<ObligationStatus> = new Set([
  'open',
  'due-soon',
  'overdue',
]);

/**
 * Not done by now: the live ones and the missed, whose time passed without them. Dashboards,
 * registers and compliance reports count these (a missed duty with the overdue).
 */
export const UNDONE_STATUSES: ReadonlySet<ObligationStatus> = new Set([...LIVE_STATUSES, 'missed']);

export interface DeadlineInfo {
  /** after a trigger, before an anchor, a council target, or a day fixed by a schedule. */
  kind: 'after' | 'before' | 'target' | 'scheduled';
  convention?: Convention;
  amount?: number;
  /**
   * Who set the number: the protocol, the council (config), the parties (an agreed frequency),
   * the court (a date in its directions), or the default reading of a phrase with no number.
   */
  setBy: 'protocol' | 'council' | 'parties' | 'court' | 'default';
  description: string;
  scope: CalendarScope;
  calendarVersion: string;
}

export interface EventRef {
  /** Position of the event in the case's log (recording order, the store's `seq`). */
  event: number;
  at: string;
  by?: string;
}

export interface Obligation {
  /** `<case id>:<rule id>[:<occurrence>]`: the same on every evaluation of the same log. */
  id: string;
  rule: string;
  pack: PackId;
  title: string;
  responsible: Role[];
  recipients: Role[];
  trigger: EventRef & { type: EventType };
  /** ISO 8601 with the Europe/London offset; absent when there is no limit. */
  due?: string;
  deadline: DeadlineInfo;
  status: ObligationStatus;
  /**
   * How late: overdue (until now), missed (until its occasion ended) or met late (until it was
   * done), in working days of its calendar after the due day, and in calendar days.
   */
  late?: { workingDays: number; days: number };
  /** Why it is not applicable, or why it is missed. */
  reason?: string;
  completed?: EventRef & { late: boolean };
  waived?: EventRef & { reason: string };
  /** Acknowledgements of the deadline as it is now (or of an obligation with none). */
  acknowledgements: EventRef[];
  /** Acknowledgements of an earlier deadline, since moved: kept, marked with the date they were of. */
  earlierAcknowledgements?: (EventRef & { due: string })[];
  /** The latest report by the person responsible that they cannot meet it, and why. */
  cannotMeet?: EventRef & { reason: string };
  /** Reminder points before the deadline (the first one starts `due-soon`). */
  reminders: { stage: string; at: string }[];
  /** Who is told when it is overdue, and from when. */
  escalation: { to: Role[]; at?: string };
  checklist?: {
    item: string;
    label: string;
    required: boolean;
    condition?: string;
    done?: EventRef;
  }[];
  warnings: DeadlineWarning[];
  source: ProtocolSource;
}

export interface CaseEvaluation {
  case: CaseHeader;
  evaluatedAt: string;
  calendar: CalendarVersion;
  obligations: Obligation[];
  /** Things in the log the engine could not use, e.g. an acknowledgement of an unknown obligation. */
  warnings: { event: number; message: string }[];
}
