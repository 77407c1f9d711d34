/**
 * A notification about an obligation, once for every channel: the Adaptive Card, and an email
 * subject and plain-text body read off that same card, so the two never say different things.
 * The subject carries the case reference, never a child's name.
 */
import { ROLE_TITLES, type Message } from '../core';
import {
  handoverCard,
  obligationCard,
  type HandoverCardInput,
  type ObligationCardInput,
} from './cards/views';

export function notificationMessage(key: string, input: ObligationCardInput): Message {
  const card = obligationCard(input);
  const lines = cardText(card);
  return {
    key,
    card,
    subject: `[${input.record.header.id}] ${lines[0] ?? input.obligation.title}`,
    text: [...lines, '', `Open in IRO Liaison: ${input.tabUrl}`].join('\n'),
  };
}

/** The one notice to a new holder of a role, listing what they take over. */
export function handoverMessage(key: string, input: HandoverCardInput): Message {
  const card = handoverCard(input);
  const lines = cardText(card);
  return {
    key,
    card,
    // The card's title names the child's initials; the subject does not.
    subject: input.vacatedBy
      ? `[${input.record.header.id}] A new ${ROLE_TITLES[input.role]} is needed on this case`
      : `[${input.record.header.id}] You are now the ${ROLE_TITLES[input.role]} on this case`,
    text: [...lines, '', `Open in IRO Liaison: ${input.tabUrl}`].join('\n'),
  };
}

/** The card's text blocks and facts, in order, as lines (inputs and buttons left out). */
function cardText(card: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items as Record<string, unknown>[]) {
      if (item.type === 'TextBlock' && typeof item.text === 'string') out.push(item.text);
      if (item.type === 'FactSet' && Array.isArray(item.facts))
        for (const f of item.facts as { title: string; value: string }[])
          out.push(`${f.title}: ${f.value}`);
      if (item.type === 'Container') walk(item.items);
    }
  };
  walk(card.body);
  return out;
}
