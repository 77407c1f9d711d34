/**
 * A notification about an obligation, once for every channel: the Adaptive Card, and an email
 * subject and plain-text body read off that same card, so the two never say different things.
 * The subject carries the case reference, never a child's name, and never anything a person
 * typed (a reason is in the body only).
 *
 * The email is plain text (there is no HTML part to escape for). What a person typed stays as
 * typed, but on one line of its own: every line read off the card has its line breaks and other
 * control characters made spaces, so a reason cannot add lines that look like the app's own (a
 * second "Open in IRO Liaison: …"), and a subject is always one line.
 */
import {
  ROLE_TITLES,
  type HandoverCardInput,
  type Message,
  type ObligationCardInput,
  type ServiceNotice,
  type WeeklyDigest,
} from '../core';
import { oneLine, textOfBlock } from './cards/plain-text';
import { serviceNoticeCard } from './cards/service-notice';
import { weeklyDigestCard } from './cards/weekly-digest';
import { handoverCard, obligationCard } from './cards/views';

export function notificationMessage(key: string, input: ObligationCardInput): Message {
  // The card's headline: the app's own words about the deadline (its title, when it is due),
  // never the notice under it, which may quote someone.
  return message(
    key,
    obligationCard(input),
    (lines) => `[${input.record.header.id}] ${lines[0] ?? input.obligation.title}`,
    input.tabUrl,
  );
}

/** The one notice to a new holder of a role, listing what they take over. */
export function handoverMessage(key: string, input: HandoverCardInput): Message {
  const id = input.record.header.id;
  const role = ROLE_TITLES[input.role];
  // The card's title names the child's initials; the subject does not.
  const subject = input.vacatedBy
    ? `[${id}] A new ${role} is needed on this case`
    : `[${id}] You are now the ${role} on this case`;
  return message(key, handoverCard(input), () => subject, input.tabUrl);
}

/** A notice about a duty of the services; its subject names a month or a meeting, never a child. */
export function serviceNoticeMessage(
  key: string,
  notice: ServiceNotice,
  tabUrl: string,
  forWhom?: string,
): Message {
  const card = serviceNoticeCard(notice, tabUrl, forWhom);
  const text = [
    ...cardText(card),
    ...(notice.link ? ['', `${notice.link.title}: ${notice.link.url}`] : []),
    '',
    `Open Service duties in IRO Liaison: ${tabUrl}`,
  ];
  return { key, card, subject: oneLine(notice.subject), text: text.join('\n') };
}

/** The weekly digest; its subject names the week and the counts, never a child. */
export function weeklyDigestMessage(
  key: string,
  digest: WeeklyDigest,
  tabUrl: string,
  forWhom?: string,
): Message {
  const card = weeklyDigestCard(digest, tabUrl, forWhom);
  return {
    key,
    card,
    subject: oneLine(digest.subject),
    text: [...cardText(card), '', `Open My deadlines in IRO Liaison: ${tabUrl}`].join('\n'),
  };
}

/** A card, and an email read off it: its text blocks and facts, then the link to the tab. */
function message(
  key: string,
  card: Record<string, unknown>,
  subject: (lines: string[]) => string,
  tabUrl: string,
): Message {
  const lines = cardText(card);
  return {
    key,
    card,
    subject: oneLine(subject(lines)),
    text: [...lines, '', `Open in IRO Liaison: ${tabUrl}`].join('\n'),
  };
}

/**
 * The card's text (text blocks, rich text blocks and facts), in order, one line each (inputs and
 * buttons left out).
 */
function cardText(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items as Record<string, unknown>[]) {
      const text = textOfBlock(item);
      if (text !== undefined) out.push(oneLine(text));
      if (item.type === 'FactSet' && Array.isArray(item.facts))
        for (const f of item.facts as { title: string; value: string }[])
          out.push(oneLine(`${f.title}: ${f.value}`));
      if (item.type === 'Container') walk(item.items);
    }
  };
  walk(card.body);
  return out;
}
