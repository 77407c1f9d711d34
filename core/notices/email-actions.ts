/**
 * How an email lets the person it is for act on what it is about. People inside the council's
 * Microsoft 365 tenant read their mail in the council's Exchange Online, where the card itself can
 * travel in the email as an Outlook actionable message and its buttons reach the bot as they do
 * in Teams. People outside it (Guardians, children's solicitors: their mail is CAFCASS's or their
 * firm's) cannot act on such a card; they get a signed link that acknowledges the deadline once,
 * without signing in (core/notices/acknowledgement-link.ts). Anyone else gets the email to read.
 */
import { mayActOn } from '../access/access-matrix';
import type { Obligation } from '../engine/obligation';
import { LIVE_STATUSES } from '../engine/obligation';
import { repeatedAction } from '../engine/repeated-action';
import { EXTERNAL_ROLES } from '../parties/parties';
import type { CaseRecord } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { MessageObligation } from '../ports/notifier';

export type EmailAction =
  /** The card in the email, acted on in Outlook through the bot (Universal Actions). */
  | 'actionable-message'
  /** A signed, single-use, expiring link that acknowledges the deadline. */
  | 'acknowledge-link'
  /** Nothing to press: the email is read, and the tab (which needs signing in) linked. */
  | 'read-only';

/**
 * Whether a person reads their mail inside the council's tenant: they sign in through its Entra
 * ID, and hold no role of someone who works outside the council. A Guardian invited as a guest
 * has an Entra object id here, but their mailbox is still their own organisation's.
 */
export function insideTenant(person: Pick<Person, 'entraObjectId' | 'roles'>): boolean {
  return (
    person.entraObjectId !== undefined && !person.roles.some((r) => EXTERNAL_ROLES.includes(r))
  );
}

/** What the obligation a message is about offers its recipient by email. */
export function messageObligation(
  recipient: Person,
  record: Pick<CaseRecord, 'team' | 'members'>,
  obligation: Obligation,
): MessageObligation {
  return {
    id: obligation.id,
    ...(obligation.due !== undefined ? { due: obligation.due } : {}),
    acknowledgeable: acknowledgeableBy(recipient, record, obligation),
  };
}

/**
 * Whether a person may acknowledge an obligation's deadline now, and has not already: it is
 * still to be done, has a deadline, and their part on the case is one that acknowledges it.
 */
export function acknowledgeableBy(
  person: Person,
  record: Pick<CaseRecord, 'team' | 'members'>,
  obligation: Obligation,
): boolean {
  return (
    LIVE_STATUSES.has(obligation.status) &&
    obligation.due !== undefined &&
    mayActOn(person, record, obligation, 'acknowledge') &&
    repeatedAction(obligation, 'acknowledge', person.id) === undefined
  );
}

/**
 * What an email to this person offers: inside the tenant, the card (when the council has
 * registered its actionable-message provider); outside it, a link to acknowledge the deadline
 * the message is about (when there is one they may acknowledge); otherwise nothing to press.
 */
export function emailActionFor(
  recipient: Pick<Person, 'entraObjectId' | 'roles'>,
  about: MessageObligation | undefined,
  available: { actionableMessages: boolean; acknowledgeLinks: boolean },
): EmailAction {
  if (insideTenant(recipient))
    return available.actionableMessages ? 'actionable-message' : 'read-only';
  return available.acknowledgeLinks && about?.acknowledgeable && about.due !== undefined
    ? 'acknowledge-link'
    : 'read-only';
}
