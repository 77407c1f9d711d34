/**
 * The `Notifier` port: how a notification reaches a person. Adapters: Teams proactive messages
 * (`TeamsNotifier`) for people the bot can reach, email for everyone else (a local `.eml` writer
 * until the Graph sender; people outside the council's tenant, such as Guardians, only ever get
 * email).
 */
import type { Person } from './directory';

export interface Message {
  /** Idempotency key of the outbox item it comes from (obligation, stage, recipient). */
  key: string;
  /** An Adaptive Card (Teams, Outlook). */
  card: Record<string, unknown>;
  /** Email subject: the case reference and what it is about, never a child's name. */
  subject: string;
  /** Plain-text body for email. */
  text: string;
  /**
   * The obligation the message is about, as it stood when the message was made: what an email to
   * someone outside the council's tenant lets them acknowledge by a link
   * (core/notices/email-actions.ts). Absent for messages about no one obligation.
   */
  obligation?: MessageObligation;
}

/** What an email needs to know of the obligation a message is about. */
export interface MessageObligation {
  id: string;
  /** The deadline a link in the email acknowledges (ISO 8601 with its offset). */
  due?: string;
  /** Whether the recipient may acknowledge this deadline now and has not yet. */
  acknowledgeable: boolean;
}

export type DeliveryResult =
  /** `ref`: the channel's id for what was posted (a Teams activity id), to update it later. */
  | { outcome: 'delivered'; ref?: string }
  /** A passing failure (throttled, 5xx, network): try again, not before `retryAfterMs` if given. */
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  /** It will not work however often it is tried (e.g. the app was removed from the chat). */
  | { outcome: 'failed'; error: string }
  /** This notifier has no way to reach the person. */
  | { outcome: 'no-route' };

export interface Notifier {
  readonly channel: 'teams' | 'email';
  deliver(recipient: Person, message: Message): Promise<DeliveryResult>;
  /**
   * Replaces what `deliver` posted (its `ref`) with `message`, where the channel can: a card
   * already in a person's chat then shows what happened since (acknowledged in the tab, met).
   */
  update?(recipient: Person, ref: string, message: Message): Promise<DeliveryResult>;
}
