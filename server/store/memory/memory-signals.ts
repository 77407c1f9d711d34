/** The `SignalStore` port in memory (tests): cursors, the draft's conversation, suggestions. */
import type { Clock, NewSuggestion, SignalStore, Suggestion } from '../../../core';

export class InMemorySignals implements SignalStore {
  private readonly cursors = new Map<string, string>();
  private readonly drafts = new Map<string, string>();
  private readonly suggestions: Suggestion[] = [];

  constructor(private readonly clock: Clock) {}

  cursorOf(mailbox: string, folder: string): Promise<string | undefined> {
    return Promise.resolve(this.cursors.get(folderKey(mailbox, folder)));
  }

  saveCursor(mailbox: string, folder: string, cursor: string): Promise<void> {
    this.cursors.set(folderKey(mailbox, folder), cursor);
    return Promise.resolve();
  }

  forgetCursor(mailbox: string, folder: string): Promise<void> {
    this.cursors.delete(folderKey(mailbox, folder));
    return Promise.resolve();
  }

  draftConversationOf(caseId: string): Promise<string | undefined> {
    return Promise.resolve(this.drafts.get(caseId));
  }

  saveDraftConversation(caseId: string, conversationId: string): Promise<void> {
    this.drafts.set(caseId, conversationId);
    return Promise.resolve();
  }

  suggest(s: NewSuggestion): Promise<boolean> {
    if (this.suggestions.some((x) => x.messageId === s.messageId && x.event === s.event))
      return Promise.resolve(false);
    this.suggestions.push({
      ...structuredClone(s),
      id: this.suggestions.length + 1,
      createdAt: new Date(this.clock.now()).toISOString(),
    });
    return Promise.resolve(true);
  }

  suggestionsFor(caseId: string): Promise<Suggestion[]> {
    const open = (s: Suggestion) => (s.resolution ? 1 : 0);
    return Promise.resolve(
      structuredClone(
        this.suggestions
          .filter((s) => s.caseId === caseId)
          .sort((a, b) => open(a) - open(b) || b.id - a.id),
      ),
    );
  }

  suggestion(id: number): Promise<Suggestion | undefined> {
    const s = this.suggestions.find((x) => x.id === id);
    return Promise.resolve(s && structuredClone(s));
  }

  resolveSuggestion(
    id: number,
    resolution: { outcome: 'confirmed' | 'dismissed'; by: string; at: string },
  ): Promise<boolean> {
    const s = this.suggestions.find((x) => x.id === id);
    if (!s || s.resolution) return Promise.resolve(false);
    s.resolution = { ...resolution };
    return Promise.resolve(true);
  }
}

/** Mailboxes are addresses: one folder whatever the letter case they were given in. */
function folderKey(mailbox: string, folder: string): string {
  return `${mailbox.toLowerCase()}\n${folder}`;
}
