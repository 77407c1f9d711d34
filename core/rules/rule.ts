/** What a protocol rule is: where it comes from, what starts it, who owes what to whom, by when. */
import type { CalendarScope } from '../calendar/business-calendar';
import type { AfterConvention, BeforeConvention, Convention } from '../conventions/conventions';
import type { CaseFacts, Fact } from '../engine/case-facts';
import type { PackId, Role } from '../vocabulary';

export type ProtocolDocument =
  | 'iro-legal-services-protocol'
  | 'iro-childrens-guardian-protocol'
  | 'care-planning-regulations-2010-reg-33';

export const DOCUMENT_TITLES: Record<ProtocolDocument, string> = {
  'iro-legal-services-protocol': 'IRO and Legal Services Protocol (v12, 31 July 2023)',
  'iro-childrens-guardian-protocol':
    "Protocol Between Independent Reviewing Officer and Children's Guardians (v9, 27 June 2023)",
  'care-planning-regulations-2010-reg-33':
    'Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33',
};

export interface ProtocolSource {
  document: ProtocolDocument;
  /** Verbatim from the document (a test checks each one). */
  quotes: string[];
}

/**
 * How a rule with no number in the protocol is timed until the council sets its own target: a
 * reading of the protocol's phrase ("immediately" → the end of the next business day).
 */
export interface DefaultTarget {
  convention: Convention;
  amount: number;
  /** What a "before" default counts back from ("the final-evidence filing deadline"). */
  anchor?: string;
  /** How the phrase is read, in words a manager can argue with. */
  reading: string;
}

export type DeadlineSpec =
  | { kind: 'after'; convention: AfterConvention; amount: number }
  | { kind: 'before'; convention: BeforeConvention; amount: number; anchor: string }
  /**
   * No number in the protocol ("immediately", "once", "in a timely manner"): the council's
   * target, or until it sets one the default reading of the phrase.
   */
  | { kind: 'target'; phrase: string; default: DefaultTarget };

/** When to remind the person responsible, before the deadline. */
export type ReminderPoint =
  /** 09:00 on the business day this many business days before the due day (0 = the due day). */
  | { businessDaysBefore: number }
  /** This many clock hours before the due instant. */
  | { hoursBefore: number };

export interface ChecklistItem {
  item: string;
  label: string;
  required: boolean;
  /** Why an item may not apply ("if one has been prepared"). */
  condition?: string;
  done?: Fact;
}

/** One time a rule applies to a case. */
export interface Occurrence {
  /** Distinguishes repeated occurrences (a review id, a document ref); stable across re-evaluation. */
  key?: string;
  /** Words for the occurrence, added to the rule's title ("review R2"). */
  label?: string;
  trigger: Fact;
  /** The instant a "before" deadline counts back from (the rule names it). */
  anchor?: number;
  /**
   * The deadline is never later than this (e.g. the comment window ends at filing); when it
   * cuts the window short, `escalation` names who is told (the side that caused it).
   */
  cap?: { at: number; label: string; escalation?: Role[] };
  /** The occurrence exists but the protocol does not ask for anything (with why). */
  notApplicable?: string;
  /**
   * When the occasion for the duty ended (proceedings concluded, the review held, a new holder
   * took over). Not done by then: `missed` if its deadline had passed, else not applicable
   * (`notApplicable` says why). A breach is never rewritten by what happens later.
   */
  ended?: { at: number; label: string };
  /** The event that did what the rule asks. */
  completion?: Fact;
  checklist?: ChecklistItem[];
  /** Replace the rule's responsible people and recipients for this occurrence. */
  responsible?: Role[];
  recipients?: Role[];
  /** The due instant is a date in the court's directions (`anchor`), in these words. */
  courtOrdered?: string;
  /** A deadline the parties set for this occurrence (an agreed discussion frequency). */
  deadline?: { convention: AfterConvention; amount: number };
  /** A due day fixed by a schedule rather than counted (the next link meeting). */
  scheduledDay?: { day: number; description: string };
}

export interface RuleContext {
  now: number;
  /** First day of the 6-monthly IRO/CAFCASS link-meeting cycle, if the council has set one. */
  linkMeetingsFrom?: number;
}

interface RuleTerms {
  id: string;
  pack: PackId;
  title: string;
  source: ProtocolSource;
  /** What starts it, in words. */
  trigger: string;
  responsible: Role[];
  recipients: Role[];
  deadline: DeadlineSpec;
  /** What meets it, in words. */
  completedBy: string;
  reminders: ReminderPoint[];
  /** Told when it is overdue. */
  escalation: Role[];
  /**
   * Reminders go to those it is for as well as those it is on (a date in the court's timetable
   * every party must be aware of).
   */
  remindEveryone?: boolean;
  /** Court deadlines ignore council closure days. */
  scope: CalendarScope;
  /**
   * A duty of the proceedings: when they conclude, an occurrence not done is missed if it was
   * already due, and no longer asked for if not (unless it says its own end).
   */
  endsWithProceedings?: boolean;
}

/** A duty owed on each case: the engine finds its occurrences in the case's log. */
export interface CaseRule extends RuleTerms {
  level?: 'case';
  occurrences(facts: CaseFacts, context: RuleContext): Occurrence[];
}

/**
 * A duty of the services rather than of a case (the monthly register shared between them, the
 * 6-monthly link meetings): evaluated from the service log by `core/service/`, never per case.
 */
export interface ServiceRule extends RuleTerms {
  level: 'service';
}

export type Rule = CaseRule | ServiceRule;
