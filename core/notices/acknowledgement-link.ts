/**
 * A link that acknowledges one deadline for one person without signing in: what an email to
 * someone outside the council's tenant carries instead of the card (core/notices/email-actions.ts).
 * What a link names, how long it lasts and what a use of it may do are decided here; the server
 * signs it and checks the signature (server/outlook-links/), and records the acknowledgement
 * through the case operations like any other.
 *
 * A link works once. Whether it has been used is read from the case's log: the acknowledgement it
 * recorded (by its person, of its obligation at its deadline, from the `email-link` surface) is
 * the record, kept by every store like any event, so no other state needs keeping. Links for the
 * same person and deadline (a notice, then a reminder) are spent together: one acknowledgement
 * is all either could record.
 */
import { mayActOn } from '../access/access-matrix';
import { LIVE_STATUSES, type Obligation, type ObligationStatus } from '../engine/obligation';
import { repeatedAction } from '../engine/repeated-action';
import type { CaseRecord, RecordedEvent } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { MessageObligation } from '../ports/notifier';
import { formatInstant, MS_PER_DAY, parseInstant } from '../time/london';

export interface AcknowledgementLink {
  /** The obligation whose deadline it acknowledges. */
  obligation: string;
  /** Whom it acknowledges as: the person the email was sent to. */
  person: string;
  /** The deadline it acknowledges (ISO 8601 with its offset): once it moves, the link is spent. */
  due: string;
  /** When it stops working (ISO 8601). */
  expires: string;
}

/** How long a link lasts, in days: long enough to be read after a weekend away, no longer. */
export const ACKNOWLEDGEMENT_LINK_DAYS = { default: 7, min: 1, max: 30 } as const;

/** The link an email about `about` gives `recipient`, if it offers one (see `emailActionFor`). */
export function acknowledgementLink(
  recipient: Pick<Person, 'id'>,
  about: MessageObligation,
  now: number,
  lifetimeDays: number,
): AcknowledgementLink | undefined {
  if (!about.acknowledgeable || about.due === undefined) return undefined;
  return {
    obligation: about.id,
    person: recipient.id,
    due: about.due,
    expires: formatInstant(now + lifetimeDays * MS_PER_DAY),
  };
}

const ID = /^[A-Za-z0-9:._-]{1,200}$/;

/**
 * A link's claims as read back from a token whose signature held: exactly the four fields, each
 * of its form, or nothing (a token signed by an older or newer format is not this one).
 */
export function parseAcknowledgementLink(value: unknown): AcknowledgementLink | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'due,expires,obligation,person') return undefined;
  const { obligation, person, due, expires } = v;
  if (typeof obligation !== 'string' || !ID.test(obligation) || !obligation.includes(':'))
    return undefined;
  if (typeof person !== 'string' || !ID.test(person)) return undefined;
  if (!isInstant(due) || !isInstant(expires)) return undefined;
  return { obligation, person, due, expires };
}

function isInstant(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const parsed = parseInstant(text);
  return parsed.ok && !parsed.dateOnly;
}

/** What a use of a link may do now, and if nothing, why. */
export type LinkStanding =
  /** It may acknowledge this obligation's deadline for its person. */
  | { kind: 'ready'; obligation: Obligation }
  /** It was used: the deadline was acknowledged through it, `at`. */
  | { kind: 'used'; at: string }
  | { kind: 'expired'; at: string }
  /** The person acknowledged this deadline another way (Teams, the tab), `at`. */
  | { kind: 'already-acknowledged'; at: string }
  /** The deadline moved since the email: `due` is the new one (none: it has no deadline now). */
  | { kind: 'moved'; due?: string }
  /** Nothing left to acknowledge: the obligation is met, waived or missed. */
  | { kind: 'closed'; status: ObligationStatus }
  /** Not theirs any more: they left, or are no longer on the case in a part that acknowledges it. */
  | { kind: 'withdrawn' };

export function linkStanding(
  link: AcknowledgementLink,
  now: {
    at: number;
    /** The person the link names, as the directory has them now (with whom they deputise for). */
    person: Person | undefined;
    record: Pick<CaseRecord, 'team' | 'members'> | undefined;
    /** The obligation as the case's evaluation has it now. */
    obligation: Obligation | undefined;
    log: readonly RecordedEvent[];
  },
): LinkStanding {
  const used = usedAt(link, now.log);
  if (used) return { kind: 'used', at: used };
  if (now.at >= Date.parse(link.expires)) return { kind: 'expired', at: link.expires };
  const { person, record, obligation } = now;
  if (!person || person.leftAt !== undefined || !record || !obligation)
    return { kind: 'withdrawn' };
  if (!mayActOn(person, record, obligation, 'acknowledge')) return { kind: 'withdrawn' };
  if (!LIVE_STATUSES.has(obligation.status)) return { kind: 'closed', status: obligation.status };
  if (obligation.due === undefined || !sameInstant(obligation.due, link.due))
    return { kind: 'moved', ...(obligation.due !== undefined ? { due: obligation.due } : {}) };
  const acknowledged = repeatedAction(obligation, 'acknowledge', person.id);
  if (acknowledged) return { kind: 'already-acknowledged', at: acknowledged.at };
  return { kind: 'ready', obligation };
}

/** When the link acknowledged its deadline, if it did: the log is the record of its use. */
function usedAt(link: AcknowledgementLink, log: readonly RecordedEvent[]): string | undefined {
  for (const e of log) {
    const event = e.event;
    if (
      e.surface === 'email-link' &&
      event.type === 'obligation.acknowledged' &&
      event.obligation === link.obligation &&
      event.by === link.person &&
      event.due !== undefined &&
      sameInstant(event.due, link.due)
    )
      return event.at;
  }
  return undefined;
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}
