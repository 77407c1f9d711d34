/**
 * The mailbox signals' state (the `SignalStore` port) on three small lists: each mailbox folder's
 * delta cursor (`LiaisonMailCursors`), the conversation a case's draft went out in
 * (`LiaisonDraftConversations`) and suggestions (`LiaisonSuggestions`).
 *
 * - Cursors and draft conversations are found by their unique key (`CursorKey`, `CaseId`) and
 *   saved as upserts: POST (409: someone else just created it, so read again and PATCH) or PATCH
 *   with `If-Match` the eTag read (412: read again).
 * - A suggestion is added once per (message, event) through its unique `SuggestionKey`: 409 means
 *   it is there already. Its id is the SharePoint item id. A case's suggestions are read through
 *   the `CaseId` index and ordered here (open first, then newest first: the highest id).
 * - Resolving is a PATCH with `If-Match` the eTag of the open item read: of two instances
 *   resolving at once exactly one succeeds; the other gets 412, reads the item again and finds it
 *   resolved.
 *
 * Round trips: cursorOf, draftConversationOf, suggestionsFor, suggestion 1; saveCursor,
 * saveDraftConversation, forgetCursor, resolveSuggestion 2; suggest 1.
 */
import type { NewSuggestion, SignalStore, Suggestion } from '../../../core';
import { findOne, upsert } from './directory';
import {
  floorSecond,
  instantOf,
  jsonOf,
  MAX_ROUNDS,
  textOf,
  title,
  type ListItem,
  type SiteLists,
} from './lists';
import { DRAFT_CONVERSATIONS, MAIL_CURSORS, SUGGESTIONS, cursorKey, suggestionKey } from './schema';

type Resolution = NonNullable<Suggestion['resolution']>;

export class SharePointSignals implements SignalStore {
  constructor(
    private readonly lists: SiteLists,
    private readonly now: () => number,
  ) {}

  // ---- cursors -----------------------------------------------------------------------------

  async cursorOf(mailbox: string, folder: string): Promise<string | undefined> {
    const item = await findOne(
      this.lists,
      MAIL_CURSORS.displayName,
      'CursorKey',
      cursorKey(mailbox, folder),
    );
    return item && textOf(item.fields.Cursor);
  }

  async saveCursor(mailbox: string, folder: string, cursor: string): Promise<void> {
    const updatedAt = floorSecond(this.now());
    await upsert(
      this.lists,
      MAIL_CURSORS.displayName,
      'CursorKey',
      cursorKey(mailbox, folder),
      () => ({
        Mailbox: title(mailbox.toLowerCase()),
        Folder: title(folder),
        Cursor: cursor,
        UpdatedAt: updatedAt,
      }),
    );
  }

  async forgetCursor(mailbox: string, folder: string): Promise<void> {
    const key = cursorKey(mailbox, folder);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const item = await findOne(this.lists, MAIL_CURSORS.displayName, 'CursorKey', key);
      if (!item) return;
      const removed = await this.lists.remove(MAIL_CURSORS.displayName, item.id, item.eTag);
      if (removed !== 'stale') return;
    }
    throw new Error(`cursor ${key} kept changing`);
  }

  // ---- draft conversations -----------------------------------------------------------------

  async draftConversationOf(caseId: string): Promise<string | undefined> {
    const item = await findOne(this.lists, DRAFT_CONVERSATIONS.displayName, 'CaseId', caseId);
    return item && textOf(item.fields.ConversationId);
  }

  async saveDraftConversation(caseId: string, conversationId: string): Promise<void> {
    await upsert(this.lists, DRAFT_CONVERSATIONS.displayName, 'CaseId', caseId, () => ({
      ConversationId: conversationId,
    }));
  }

  // ---- suggestions -------------------------------------------------------------------------

  async suggest(s: NewSuggestion): Promise<boolean> {
    const key = suggestionKey(s.messageId, s.event);
    const made = await this.lists.create(SUGGESTIONS.displayName, {
      Title: title(key),
      SuggestionKey: key,
      CaseId: s.caseId,
      Event: s.event,
      At: s.at,
      MessageId: s.messageId,
      Reason: s.reason,
      Sender: s.from,
      Recipients: JSON.stringify(s.to),
      HasAttachments: s.hasAttachments,
      CreatedAt: floorSecond(this.now()),
    });
    return made !== 'exists';
  }

  async suggestionsFor(caseId: string): Promise<Suggestion[]> {
    const items = await this.lists.where(SUGGESTIONS.displayName, 'CaseId', caseId);
    return items
      .map(toSuggestion)
      .sort((a, b) => Number(!!a.resolution) - Number(!!b.resolution) || b.id - a.id);
  }

  async suggestion(id: number): Promise<Suggestion | undefined> {
    if (!Number.isInteger(id) || id <= 0) return undefined;
    const item = await this.lists.get(SUGGESTIONS.displayName, id);
    return item && toSuggestion(item);
  }

  async resolveSuggestion(id: number, resolution: Resolution): Promise<boolean> {
    if (!Number.isInteger(id) || id <= 0) return false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const item = await this.lists.get(SUGGESTIONS.displayName, id);
      if (!item || textOf(item.fields.Outcome) !== undefined) return false;
      const changed = await this.lists.update(SUGGESTIONS.displayName, id, item.eTag, {
        Outcome: resolution.outcome,
        ResolvedBy: resolution.by,
        ResolvedAt: resolution.at,
      });
      if (changed === 'gone') return false;
      if (changed !== 'stale') return true;
    }
    throw new Error(`suggestion ${id} kept changing`);
  }
}

function toSuggestion(item: ListItem): Suggestion {
  const f = item.fields;
  const s: Suggestion = {
    id: item.id,
    caseId: textOf(f.CaseId) ?? '',
    event: textOf(f.Event) as Suggestion['event'],
    at: textOf(f.At) ?? '',
    messageId: textOf(f.MessageId) ?? '',
    reason: textOf(f.Reason) ?? '',
    from: textOf(f.Sender) ?? '',
    to: jsonOf<string[]>(f.Recipients) ?? [],
    hasAttachments: f.HasAttachments === true,
    createdAt: instantOf(f.CreatedAt) ?? '',
  };
  const outcome = textOf(f.Outcome);
  if (outcome === 'confirmed' || outcome === 'dismissed') {
    s.resolution = { outcome, by: textOf(f.ResolvedBy) ?? '', at: textOf(f.ResolvedAt) ?? '' };
  }
  return s;
}
