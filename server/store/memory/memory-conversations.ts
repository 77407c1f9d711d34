/** The `Conversations` port in memory (tests). */
import type { Clock, Conversation, Conversations, NewConversation } from '../../../core';

export class InMemoryConversations implements Conversations {
  private readonly byObjectId = new Map<string, Conversation>();

  constructor(private readonly clock: Clock) {}

  saveConversation(c: NewConversation): Promise<void> {
    this.byObjectId.set(c.entraObjectId, {
      ...structuredClone(c),
      updatedAt: new Date(this.clock.now()).toISOString(),
    });
    return Promise.resolve();
  }

  conversationOf(personId: string): Promise<Conversation | undefined> {
    const latest = [...this.byObjectId.values()]
      .filter((c) => c.personId === personId)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
    return Promise.resolve(latest && structuredClone(latest));
  }

  forgetConversation(entraObjectId: string): Promise<boolean> {
    return Promise.resolve(this.byObjectId.delete(entraObjectId));
  }
}
