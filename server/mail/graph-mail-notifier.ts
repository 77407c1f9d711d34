/**
 * Email through Microsoft Graph (`POST /users/{service mailbox}/sendMail`), for people the bot
 * cannot reach: Guardians and the child's solicitor, outside the council's tenant, and anyone
 * without a chat with the bot. The subject carries the case reference and what it is about, never
 * a child's name; the body is HTML with the card's text and a link to the tab, which needs signing
 * in, and what the person can press from the email (email-content.ts): inside the council's
 * tenant the card itself (an Outlook actionable message), outside it a link that acknowledges the
 * deadline. The sender must be the mailbox the actionable-message provider was registered with.
 *
 * Graph's own throttling (429, 503 with Retry-After) is retried by the client; what is still
 * failing after that goes back to the outbox with its Retry-After, which tries again later.
 * The mail is not kept in the service mailbox's Sent Items (the outbox and audit are the record).
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import type { DeliveryResult, Message, Notifier, Person } from '../../core';
import { isGraphTimeout, type Graph } from '../graph/graph-client';
import { emailContent, type EmailOptions } from './email-content';

export class GraphMailNotifier implements Notifier {
  readonly channel = 'email' as const;

  constructor(
    private readonly graph: Graph,
    /** The service mailbox's address (the app may send only as it: see the README). */
    private readonly from: string,
    private readonly options: EmailOptions = {},
  ) {}

  async deliver(recipient: Person, message: Message): Promise<DeliveryResult> {
    if (!recipient.email) return { outcome: 'no-route' };
    try {
      const email = emailContent(recipient, message, this.options);
      await this.graph.client.api(`/users/${encodeURIComponent(this.from)}/sendMail`).post({
        message: {
          subject: email.subject,
          body: { contentType: 'HTML', content: email.html },
          toRecipients: [{ emailAddress: { address: recipient.email } }],
          // Lets a resend after a crash be recognised in the recipient's mail (Graph does not
          // deduplicate on it).
          internetMessageHeaders: [{ name: 'X-Liaison-Key', value: message.key }],
        },
        saveToSentItems: false,
      });
      return { outcome: 'delivered' };
    } catch (e) {
      return outcomeOf(e);
    }
  }
}

/** A Graph failure, sorted for the dispatcher: try again later, or give up on this channel. */
export function outcomeOf(e: unknown): DeliveryResult {
  if (isGraphTimeout(e)) return { outcome: 'retry', error: 'Graph timed out' };
  if (e instanceof GraphError) {
    const status = e.statusCode;
    const error = `Graph ${status}${e.code ? ` ${e.code}` : ''}`;
    if (status === 429 || status >= 500 || status <= 0) {
      const seconds = Number(e.headers?.get('Retry-After'));
      return Number.isFinite(seconds) && seconds > 0
        ? { outcome: 'retry', error, retryAfterMs: seconds * 1000 }
        : { outcome: 'retry', error };
    }
    // 400 (a malformed address), 403 (the app may not send as this mailbox), 404: no retry helps.
    return { outcome: 'failed', error };
  }
  return { outcome: 'retry', error: `network: ${(e as Error).name}` };
}
