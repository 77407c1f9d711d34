/**
 * What a card about an obligation, or a handover, is given to say: the values the bot renders
 * and the dispatcher delivers. Why a card comes (its stage) and the notice at its top are
 * decided here, from the outbox item that asked for it; how it looks is the bot's.
 */
import type { Obligation } from '../engine/obligation';
import { eligiblePeople } from '../parties/parties';
import type { CaseRecord } from '../ports/case-store';
import type { IroAlertDates } from '../ports/case-operations';
import type { Person } from '../ports/directory';
import { humanInstant } from '../time/human';
import type { Role } from '../vocabulary';
import { coverText, type CoverReason } from './iro-contact';

/** Why a card about an obligation is being sent or shown. */
export type Stage = 'new' | 'moved' | 'reminder' | 'overdue' | 'escalation' | 'current';

export type Tone = 'good' | 'warning' | 'attention';
export interface Notice {
  text: string;
  tone: Tone;
}

/** People by id, for names on cards. */
export type People = ReadonlyMap<string, Person>;

export interface ObligationCardInput {
  record: CaseRecord;
  obligation: Obligation;
  stage: Stage;
  /** The person the card is for: it decides which buttons they get. */
  viewer: Person;
  people: People;
  now: number;
  tabUrl: string;
  /** The IRO alert's dates, on the card that tells the IRO about the alert. */
  alert?: IroAlertDates;
  /** What just happened (after an action), or why nothing did. */
  notice?: Notice;
  /** IROs the IRO administrator can allocate. */
  iros?: Person[];
  /** Teams users whose card refreshes itself when they see it (small audiences only). */
  refreshUserIds?: string[];
  /** What makes this rendering's request keys its own (default: a random UUID). */
  nonce?: string;
}

export interface HandoverCardInput {
  record: CaseRecord;
  role: Role;
  /** Who held the role before, if anyone. */
  from?: Person;
  /** Who made the change (the recorder of the allocation or appointment). */
  by?: Person;
  /** Told to name a new holder: whoever held the role has left. */
  vacatedBy?: Person;
  items: { obligation: Obligation; as: 'responsible' | 'recipient' }[];
  now: number;
  tabUrl: string;
}

/**
 * An obligation's card as it stands, for one person: the case's parties named from the
 * directory, the IRO alert's dates beside the draft-to-IRO duty, and the IROs the IRO
 * administrator can choose from beside an allocation request. The bot (a card shown or acted
 * on) and the dispatcher (a card sent) both make theirs here.
 */
export function obligationCardInput(input: {
  record: CaseRecord;
  obligation: Obligation;
  stage: Stage;
  viewer: Person;
  /** Everyone in the directory. */
  directory: readonly Person[];
  now: number;
  tabUrl: string;
  /** The IRO alert's dates, where `showsIroAlert` (loaded by the caller only then). */
  alert?: IroAlertDates;
  notice?: Notice;
  refreshUserIds: string[];
}): ObligationCardInput {
  const { record, obligation, directory } = input;
  const parties = new Set(record.members.map((m) => m.personId));
  return {
    record,
    obligation,
    stage: input.stage,
    viewer: input.viewer,
    people: new Map(directory.filter((p) => parties.has(p.id)).map((p) => [p.id, p])),
    now: input.now,
    tabUrl: input.tabUrl,
    alert: showsIroAlert(obligation) ? input.alert : undefined,
    iros:
      obligation.rule === 'iro-allocation-reply'
        ? eligiblePeople(directory, 'iro', record.team)
        : undefined,
    notice: input.notice,
    refreshUserIds: input.refreshUserIds,
  };
}

/** Whether an obligation's card shows the IRO alert's dates: the draft-to-IRO duty's does. */
export function showsIroAlert(obligation: Pick<Obligation, 'rule'>): boolean {
  return obligation.rule === 'draft-final-evidence-to-iro';
}

/** The stage of the card an outbox item of this kind sends. */
export const STAGE_OF_KIND: Readonly<Record<string, Stage>> = {
  'obligation.new': 'new',
  'obligation.moved': 'moved',
  'obligation.reminder': 'reminder',
  'obligation.overdue': 'overdue',
  'obligation.escalation': 'escalation',
};

/** What an obligation's outbox item says about why it was sent, beyond its stage. */
export interface CardReason {
  stage?: string;
  /** Sent in the place of someone who could not be reached (their id). */
  cover?: string;
  reason?: CoverReason;
  /** `no-iro`: sent to the IRO Team Manager because no IRO is allocated. */
  standIn?: string;
  /** For a moved deadline: where it was before. */
  from?: string;
}

/**
 * Why the card comes, where that is more than its stage says; and, on a card sent to a deputy,
 * for whom and until when, before anything else.
 */
export function cardNotice(
  why: CardReason,
  obligation: Obligation,
  people: People,
  /** Who could not be reached, for a card sent in their place (a manager is not a party). */
  coverName: string | undefined,
  /** The person the card was meant for, when a deputy gets it. */
  forWhom: Person | undefined,
): Notice | undefined {
  return withDeputy(reasonNotice(why, obligation, people, coverName), forWhom);
}

function reasonNotice(
  why: CardReason,
  obligation: Obligation,
  people: People,
  coverName: string | undefined,
): Notice | undefined {
  const reported = obligation.cannotMeet;
  if (why.stage === 'cannot-meet' && reported)
    return {
      text: `${people.get(reported.by ?? '')?.displayName ?? reported.by} says this can't be met: ${reported.reason}`,
      tone: 'attention',
    };
  if (why.cover) return { text: coverText(why.reason, coverName ?? 'the IRO'), tone: 'attention' };
  const standIn =
    why.standIn === 'no-iro'
      ? ' Sent to you because no IRO is allocated to this case: the protocol asks for the IRO Team Manager to be contacted when the IRO cannot be.'
      : '';
  if (why.stage === 'moved' && why.from)
    return {
      text: `The deadline moved from ${humanInstant(why.from)} to ${humanInstant(obligation.due)}. Please acknowledge the new date.${standIn}`,
      tone: 'warning',
    };
  if (standIn) return { text: standIn.trim(), tone: 'attention' };
  return undefined;
}

function withDeputy(notice: Notice | undefined, forWhom: Person | undefined): Notice | undefined {
  if (!forWhom?.deputy) return notice;
  const text = `Sent to you as deputy for ${forWhom.displayName}, away until ${humanInstant(forWhom.deputy.until)}.`;
  return notice ? { text: `${text} ${notice.text}`, tone: notice.tone } : { text, tone: 'warning' };
}
