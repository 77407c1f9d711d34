/**
 * What a message in a lawyer's or an IRO's mailbox says about a case, from its metadata alone
 * (never its body): the IRO–Legal Services protocol runs on email — "The allocated lawyer will
 * email the IRO an alert …", the draft final evidence "needs to be with the IRO five days before
 * it is due to be filed", and "They will return it 24 hours later with any comments."
 *
 * A message names its case by reference in the subject (`[C-1042]`). Between the case's own
 * lawyer (or social worker) and its own IRO, while the matching obligation is open, it is a
 * confident signal and its event is recorded at the message's sent time; anything less certain is
 * a suggestion a person confirms in the tab. The subject is read for the reference and then
 * dropped: subjects can carry a child's name, so nothing here keeps or returns one.
 */
import { caseIdOf, type EventType } from '../case-file';
import type { CaseRecord } from '../ports/case-store';
import type { Person } from '../ports/directory';

/** The metadata of one message, as the mailbox gives it. */
export interface MailMessage {
  /** The mailbox's id for it, and the Internet Message-ID that is the same in every mailbox. */
  id: string;
  internetMessageId: string;
  conversationId?: string;
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  /** ISO 8601. */
  sentAt: string;
  hasAttachments: boolean;
}

export type MailSignalEvent = Extract<
  EventType,
  'draft.sent-to-iro' | 'iro.comments-returned' | 'iro-alert.sent'
>;

export interface MailSignal {
  caseId: string;
  event: MailSignalEvent;
  at: string;
  /** Confident: recorded at once. Uncertain: a person confirms it (or not) in the tab. */
  confidence: 'confident' | 'uncertain';
  /** Why, in words for the person confirming (no subject, no body). */
  reason: string;
  /** The Internet Message-ID: the evidence, and what makes recording it happen once. */
  messageId: string;
}

/** A subject that says it is the IRO alert (as the app's email for the lawyer does). */
const ALERT_SUBJECT = /\bIRO alert\b/i;

/** A case reference as the council writes it in subjects: `[C-1042]`. */
const CASE_REF = /\[(C-\d{1,9})\]/gi;

/** The case references a subject carries, without repeats, as cases are known (caseIdOf). */
export function caseRefsIn(subject: string): string[] {
  return [...new Set([...subject.matchAll(CASE_REF)].map((m) => caseIdOf(m[1]!)))];
}

export interface CaseMailContext {
  record: Pick<CaseRecord, 'header' | 'members'>;
  /** The case's parties, to know their addresses. */
  people: ReadonlyMap<string, Pick<Person, 'email'>>;
  /** Rules with an obligation open on the case now. */
  openRules: ReadonlySet<string>;
  /** The conversation the draft went in, if the case knows (a reply in it is the comments). */
  draftConversationId?: string;
}

/**
 * The signal a message gives about the case it names, if any. `lookUp` finds the case for a
 * reference (undefined when there is none, or the caller may not read it).
 */
export function signalOf(
  message: MailMessage,
  lookUp: (caseId: string) => CaseMailContext | undefined,
): MailSignal | undefined {
  const refs = caseRefsIn(message.subject);
  if (refs.length !== 1) return undefined;
  const context = lookUp(refs[0]!);
  if (!context) return undefined;
  const { record, people, openRules } = context;
  const addressesOf = (roles: string[]) =>
    new Set(
      record.members
        .filter((m) => roles.includes(m.role))
        .map((m) => people.get(m.personId)?.email?.toLowerCase())
        .filter((e): e is string => e !== undefined),
    );
  const legal = addressesOf(['lawyer', 'social-worker']);
  const iros = addressesOf(['iro']);
  const from = message.from.toLowerCase();
  const to = [...message.to, ...message.cc].map((a) => a.toLowerCase());
  const base = {
    caseId: record.header.id,
    at: message.sentAt,
    messageId: message.internetMessageId,
  };

  if (legal.has(from) && to.some((a) => iros.has(a))) {
    // The alert as the app emails it for the lawyer ("[C-1042] IRO alert: …") is recorded when
    // sent; without an attachment it is not the draft, which falls due at that very moment. (A
    // reply in its thread with the draft attached is the draft, below.)
    if (
      ALERT_SUBJECT.test(message.subject) &&
      !message.hasAttachments &&
      !openRules.has('final-evidence-alert')
    )
      return undefined;
    if (openRules.has('draft-final-evidence-to-iro') && message.hasAttachments)
      return {
        ...base,
        event: 'draft.sent-to-iro',
        confidence: 'confident',
        reason:
          'Sent by the case’s lawyer or social worker to its IRO, with an attachment, while the draft was due.',
      };
    if (openRules.has('final-evidence-alert'))
      // The alert has a filing date in it that only a person can read: confirm it in the tab.
      return {
        ...base,
        event: 'iro-alert.sent',
        confidence: 'uncertain',
        reason:
          'Sent by the case’s lawyer to its IRO while the IRO alert was due: was it the alert?',
      };
    if (openRules.has('draft-final-evidence-to-iro'))
      return {
        ...base,
        event: 'draft.sent-to-iro',
        confidence: 'uncertain',
        reason:
          'Sent by the case’s lawyer or social worker to its IRO while the draft was due, but without an attachment.',
      };
    return undefined;
  }

  if (iros.has(from) && to.some((a) => legal.has(a)) && openRules.has('iro-comments-on-draft')) {
    const inDraftThread =
      context.draftConversationId !== undefined &&
      message.conversationId === context.draftConversationId;
    return inDraftThread
      ? {
          ...base,
          event: 'iro.comments-returned',
          confidence: 'confident',
          reason: 'The IRO’s reply to the draft, while the comments were due.',
        }
      : {
          ...base,
          event: 'iro.comments-returned',
          confidence: 'uncertain',
          reason:
            'From the case’s IRO to its lawyer while the comments were due, but not a reply to the draft.',
        };
  }
  return undefined;
}
