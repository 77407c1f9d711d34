/**
 * An email made from a message (its card, subject and text): the same subject (a case reference,
 * never a child's name), the text for clients that show only text, and an HTML body with the
 * same text in paragraphs. What it offers to press is core's decision (`emailActionFor`):
 *
 * - inside the council's tenant, the card itself as an Outlook actionable message: the card's
 *   JSON in a `<script type="application/adaptivecard+json">` in the HTML head, with the
 *   `originator` the council's provider registration gave (the Actionable Email Developer
 *   Dashboard). Its `Action.Execute` buttons (Universal Actions, card version 1.4 or later) reach
 *   the bot through the Azure Bot's Outlook channel, as in Teams. `hideOriginalBody` spares the
 *   reader the same words twice; a client that cannot show the card shows the body. Without an
 *   originator no card is sent: Outlook removes a card without one, or from an unknown one;
 * - outside it, a signed link that acknowledges the deadline once (server/outlook-links/).
 *
 * Only the app's own addresses become links in the HTML; what people typed (a reason quoted in a
 * notice) stays text, escaped.
 */
import { createHash } from 'node:crypto';
import {
  emailActionFor,
  humanInstant,
  type Message,
  type MessageObligation,
  type Person,
} from '../../core';
import { escapeHtml } from '../html';

export interface EmailContent {
  subject: string;
  /** The whole message as plain text. */
  text: string;
  /** The same as an HTML document, with the card in its head when it is an actionable message. */
  html: string;
}

export interface EmailOptions {
  /** The actionable-message provider's id; without it, emails carry no card. */
  originator?: string;
  /** The acknowledgement link for someone outside the tenant, and when it stops working. */
  acknowledgementLink?: (
    recipient: Person,
    about: MessageObligation,
  ) => { url: string; expires: string } | undefined;
  /**
   * Where the app's own pages start, each ending in `/` (its public URL, Teams deep links): only
   * addresses that start so become links.
   */
  ownAddresses?: readonly string[];
}

export function emailContent(
  recipient: Person,
  message: Message,
  options: EmailOptions = {},
): EmailContent {
  const action = emailActionFor(recipient, message.obligation, {
    actionableMessages: options.originator !== undefined && fitsOutlook(message.card),
    acknowledgeLinks: options.acknowledgementLink !== undefined,
  });
  const link =
    action === 'acknowledge-link' && message.obligation
      ? options.acknowledgementLink?.(recipient, message.obligation)
      : undefined;
  const paragraphs = message.text.split(/\n{2,}/);
  const linkWords = link && {
    lead: 'Acknowledge this deadline without signing in',
    terms: `The link is for you alone and works once, until ${humanInstant(link.expires)}.`,
  };
  const text = linkWords
    ? `${message.text}\n\n${linkWords.lead}: ${link.url}\n${linkWords.terms}`
    : message.text;
  const own = options.ownAddresses ?? [];
  const body = [
    ...paragraphs.map(
      (p) =>
        `<p>${p
          .split('\n')
          .map((line) => withLinks(line, own))
          .join('<br>')}</p>`,
    ),
    ...(linkWords
      ? [
          `<p><a href="${escapeHtml(link.url)}">${escapeHtml(linkWords.lead)}</a>.<br>` +
            `${escapeHtml(linkWords.terms)}</p>`,
        ]
      : []),
  ];
  const card =
    action === 'actionable-message' && options.originator
      ? actionableCard(message, options.originator)
      : undefined;
  const html =
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    (card ? `<script type="application/adaptivecard+json">${scriptJson(card)}</script>` : '') +
    `</head><body>${body.join('\n')}</body></html>`;
  return { subject: message.subject, text, html };
}

/** Outlook runs `Action.Execute` and `refresh` only on cards of version 1.4 or later. */
function fitsOutlook(card: Record<string, unknown>): boolean {
  if (card.type !== 'AdaptiveCard' || typeof card.version !== 'string') return false;
  const [major = 0, minor = 0] = card.version.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 4);
}

/**
 * The message's card as Outlook takes it: the originator; the HTML body hidden under the card,
 * which says the same; and a correlation id (from the outbox key, so a resend has the same one)
 * that Outlook quotes back when something about the card goes wrong.
 */
function actionableCard(message: Message, originator: string): Record<string, unknown> {
  return {
    ...message.card,
    originator,
    hideOriginalBody: true,
    correlationId: uuidOf(message.key),
  };
}

/** JSON that cannot end the script element it is in, nor be read as markup. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A line escaped, with the app's own addresses in it made links. */
function withLinks(line: string, own: readonly string[]): string {
  const parts = line.split(/(https?:\/\/\S+)/);
  return parts
    .map((part, i) => {
      const escaped = escapeHtml(part);
      return i % 2 === 1 && own.some((prefix) => part.startsWith(prefix))
        ? `<a href="${escaped}">${escaped}</a>`
        : escaped;
    })
    .join('');
}

function uuidOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
