/**
 * The `SignalStore` port: what the mailbox signals keep between rounds — each mailbox folder's
 * delta cursor, the conversation a case's draft went out in (a reply in it is the IRO's comments),
 * and suggestions: messages that may be a protocol step, for a person to confirm or dismiss.
 * A suggestion holds metadata only (who wrote to whom, when, with an attachment or not), never a
 * subject or a body.
 */
import type { MailSignalEvent } from '../signals/case-mail';

export interface NewSuggestion {
  caseId: string;
  event: MailSignalEvent;
  /** When the message was sent (ISO 8601): the event's time if confirmed. */
  at: string;
  /** The message's Internet Message-ID. */
  messageId: string;
  /** Why it may be that step, in words (no subject). */
  reason: string;
  from: string;
  to: string[];
  hasAttachments: boolean;
}

export interface Suggestion extends NewSuggestion {
  id: number;
  createdAt: string;
  /** Set once someone confirmed (the event was recorded) or dismissed it. */
  resolution?: { outcome: 'confirmed' | 'dismissed'; by: string; at: string };
}

export interface SignalStore {
  cursorOf(mailbox: string, folder: string): Promise<string | undefined>;
  saveCursor(mailbox: string, folder: string, cursor: string): Promise<void>;
  /** Forgets a folder's cursor (the service refused it): the next round starts afresh. */
  forgetCursor(mailbox: string, folder: string): Promise<void>;

  draftConversationOf(caseId: string): Promise<string | undefined>;
  saveDraftConversation(caseId: string, conversationId: string): Promise<void>;

  /** Adds a suggestion once per (message, event); false if it was there already. */
  suggest(suggestion: NewSuggestion): Promise<boolean>;
  /** A case's suggestions, open ones first, newest first. */
  suggestionsFor(caseId: string): Promise<Suggestion[]>;
  suggestion(id: number): Promise<Suggestion | undefined>;
  /** Resolves an open suggestion; false if it was already resolved (or does not exist). */
  resolveSuggestion(
    id: number,
    resolution: { outcome: 'confirmed' | 'dismissed'; by: string; at: string },
  ): Promise<boolean>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const SIGNAL_STORE_METHODS: Record<keyof SignalStore, true> = {
  cursorOf: true,
  saveCursor: true,
  forgetCursor: true,
  draftConversationOf: true,
  saveDraftConversation: true,
  suggest: true,
  suggestionsFor: true,
  suggestion: true,
  resolveSuggestion: true,
};
