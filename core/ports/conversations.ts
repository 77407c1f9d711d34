/**
 * The `Conversations` port: where the bot can reach a person proactively, one conversation
 * reference per Entra object id, kept when they first talk to the bot and forgotten when they
 * uninstall it.
 */
export interface NewConversation {
  entraObjectId: string;
  personId: string;
  /** The channel's conversation reference (ids and service URL; no message content), as JSON. */
  reference: Record<string, unknown>;
}

export interface Conversation extends NewConversation {
  updatedAt: string;
}

export interface Conversations {
  /** Keeps where the bot can reach a person proactively (one conversation per Entra object id). */
  saveConversation(conversation: NewConversation): Promise<void>;
  /** The person's most recent conversation reference, if the bot has one. */
  conversationOf(personId: string): Promise<Conversation | undefined>;
  /** Forgets a conversation (the app was uninstalled); false if there was none. */
  forgetConversation(entraObjectId: string): Promise<boolean>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const CONVERSATIONS_METHODS: Record<keyof Conversations, true> = {
  saveConversation: true,
  conversationOf: true,
  forgetConversation: true,
};
