/**
 * Proactive Teams messages: continue the person's personal conversation with the bot and post
 * the card, within Teams' rate limits. What comes back is sorted into delivered, try again (429
 * with its Retry-After, 5xx, network) and gone for good (the app was removed: 403/404), so the
 * dispatcher can decide; the conversation reference of a chat that is gone is forgotten.
 */
import { Activity } from '@microsoft/agents-activity';
import { CardFactory, type CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import type { DeliveryResult, Message, Notifier, Person, Conversations } from '../core';
import { referenceToContinue } from './conversation-reference';
import { RateLimiter } from './rate-limits';

export class TeamsNotifier implements Notifier {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id (none for the local Agents Playground, which takes unsigned requests). */
    private readonly appId: string | undefined,
    private readonly conversations: Pick<Conversations, 'conversationOf' | 'forgetConversation'>,
    private readonly limiter = new RateLimiter(),
  ) {}

  deliver(recipient: Person, message: Message): Promise<DeliveryResult> {
    return this.inChat(
      recipient,
      async (context) => {
        const posted = await context.sendActivity(
          Activity.fromObject({
            type: 'message',
            attachments: [CardFactory.adaptiveCard(message.card)],
            // The feed shows the summary; the key lets our own tests (and logs) tell a resend
            // from a new card: Teams itself does not deduplicate on it.
            summary: message.subject,
            channelData: { notification: { alert: true }, liaisonKey: message.key },
          }),
        );
        return posted?.id;
      },
      'forget-chat-when-gone',
    );
  }

  /** Replaces the card posted as activity `ref` in the person's chat; no new notification. */
  update(recipient: Person, ref: string, message: Message): Promise<DeliveryResult> {
    return this.inChat(recipient, async (context) => {
      await context.updateActivity(
        Activity.fromObject({
          type: 'message',
          id: ref,
          attachments: [CardFactory.adaptiveCard(message.card)],
          summary: message.subject,
          channelData: { liaisonKey: message.key },
        }),
      );
      return ref;
    });
  }

  /** Runs `act` in the person's chat with the bot, within the limits, and sorts the outcome. */
  private async inChat(
    recipient: Person,
    act: (context: TurnContext) => Promise<string | undefined>,
    /** A 403/404 on posting means the chat is gone; on an update, only that message may be. */
    gone?: 'forget-chat-when-gone',
  ): Promise<DeliveryResult> {
    const conversation = await this.conversations.conversationOf(recipient.id);
    if (!conversation) return { outcome: 'no-route' };
    const reference = referenceToContinue(conversation.reference);
    const lane = reference.conversation?.id ?? conversation.entraObjectId;
    try {
      // A failed send is kept here rather than thrown through the turn: thrown, it would reach
      // the adapter's onTurnError, which posts "Sorry, something went wrong" to the person and,
      // when that post succeeds, swallows the error, so a card that never arrived looked delivered.
      let outcome: { ref: string | undefined } | { error: unknown } = { ref: undefined };
      // Counted against the limits until the request is over (it reaches Teams some time after
      // its slot is taken). The SDK's connector client sends each request once, with no retry
      // policy of its own: a 429 or 5xx comes straight back here, and the dispatcher retries
      // from the outbox, so no retry ever goes round the limiter.
      await this.limiter.send(lane, () =>
        // Without an app id, an identity with no audience: the SDK then sends without a token.
        this.adapter.continueConversation(this.appId || {}, reference, async (context) => {
          try {
            outcome = { ref: await act(context) };
          } catch (error) {
            outcome = { error };
          }
        }),
      );
      if ('error' in outcome) throw outcome.error;
      return outcome.ref === undefined
        ? { outcome: 'delivered' }
        : { outcome: 'delivered', ref: outcome.ref };
    } catch (e) {
      const status = statusOf(e);
      const error = status ? `HTTP ${status}` : `network: ${(e as Error).name}`;
      if (status === 429) {
        const retryAfterMs = retryAfterOf(e) ?? 5_000;
        this.limiter.holdBack(lane, retryAfterMs);
        return { outcome: 'retry', error, retryAfterMs };
      }
      if (status === 403 || status === 404) {
        // The person removed the app or the chat no longer exists: stop trying this way.
        if (gone) await this.conversations.forgetConversation(conversation.entraObjectId);
        return { outcome: 'failed', error };
      }
      if (status !== undefined && status >= 400 && status < 500)
        return { outcome: 'failed', error };
      return { outcome: 'retry', error };
    }
  }
}

interface HttpishError {
  statusCode?: number;
  status?: number;
  response?: { status?: number; headers?: { get?(name: string): string | null | undefined } };
}

function statusOf(e: unknown): number | undefined {
  const x = e as HttpishError;
  const status = x?.statusCode ?? x?.response?.status ?? x?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterOf(e: unknown): number | undefined {
  const raw = (e as HttpishError)?.response?.headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
