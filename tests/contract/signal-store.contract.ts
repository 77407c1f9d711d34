/**
 * What every `SignalStore` must do (SQLite, SharePoint, in memory): cursors per mailbox folder,
 * the draft's conversation per case, and suggestions added once per (message, event), listed open
 * first, resolved once.
 */
import type { CaseLog, SignalStore } from '../../core';
import { newCase, type StoreUnderTest } from './store-fixtures';

type SignalStoreUnderTest = StoreUnderTest<SignalStore & CaseLog & { close(): Promise<void> }>;

const ACTOR = { personId: 'lawyer.jones', surface: 'api' as const };

const suggestion = (messageId: string, caseId = 'C-1') => ({
  caseId,
  event: 'draft.sent-to-iro' as const,
  at: '2026-12-11T15:30:00Z',
  messageId,
  reason:
    'Sent by the case’s lawyer to its IRO while the draft was due, but without an attachment.',
  from: 'l.jones@council.example.gov.uk',
  to: ['s.patel@council.example.gov.uk'],
  hasAttachments: false,
});

export function signalStoreContract(name: string, make: () => Promise<SignalStoreUnderTest>) {
  describe(`${name} honours the SignalStore contract`, () => {
    test('a folder’s cursor is kept, replaced and forgotten, per mailbox whatever its case', async () => {
      const t = await make();
      expect(await t.store.cursorOf('L.Jones@x', 'inbox')).toBeUndefined();
      await t.store.saveCursor('L.Jones@x', 'inbox', 'link-1');
      await t.store.saveCursor('l.jones@x', 'inbox', 'link-2');
      await t.store.saveCursor('l.jones@x', 'sentitems', 'link-3');
      const again = await t.reopen();
      expect(await again.cursorOf('l.jones@X', 'inbox')).toBe('link-2');
      expect(await again.cursorOf('l.jones@x', 'sentitems')).toBe('link-3');
      await again.forgetCursor('l.jones@x', 'inbox');
      expect(await again.cursorOf('l.jones@x', 'inbox')).toBeUndefined();
    });

    test('the conversation a case’s draft went in', async () => {
      const t = await make();
      await t.store.createCase(newCase('C-1'), ACTOR);
      expect(await t.store.draftConversationOf('C-1')).toBeUndefined();
      await t.store.saveDraftConversation('C-1', 'conv-1');
      await t.store.saveDraftConversation('C-1', 'conv-2');
      expect(await (await t.reopen()).draftConversationOf('C-1')).toBe('conv-2');
    });

    test('suggestions: once per message and event, open first, resolved once', async () => {
      const t = await make();
      await t.store.createCase(newCase('C-1'), ACTOR);
      await t.store.createCase(newCase('C-2'), ACTOR);
      expect(await t.store.suggest(suggestion('<a@x>'))).toBe(true);
      expect(await t.store.suggest(suggestion('<a@x>'))).toBe(false);
      expect(await t.store.suggest(suggestion('<b@x>'))).toBe(true);
      expect(await t.store.suggest(suggestion('<c@x>', 'C-2'))).toBe(true);
      const listed = await t.store.suggestionsFor('C-1');
      expect(listed.map((s) => s.messageId)).toEqual(['<b@x>', '<a@x>']);
      expect(listed[1]).toEqual({
        ...suggestion('<a@x>'),
        id: expect.any(Number),
        createdAt: expect.any(String),
      });
      const first = listed[1]!.id;
      const resolution = {
        outcome: 'dismissed' as const,
        by: 'lawyer.jones',
        at: '2026-12-12T09:00:00Z',
      };
      expect(await t.store.resolveSuggestion(first, resolution)).toBe(true);
      expect(await t.store.resolveSuggestion(first, { ...resolution, outcome: 'confirmed' })).toBe(
        false,
      );
      const again = await t.reopen();
      expect(await again.suggestion(first)).toMatchObject({ resolution });
      // Open ones first.
      expect((await again.suggestionsFor('C-1')).map((s) => s.messageId)).toEqual([
        '<b@x>',
        '<a@x>',
      ]);
      expect(await again.resolveSuggestion(999_999, resolution)).toBe(false);
      expect(await again.suggestion(999_999)).toBeUndefined();
    });
  });
}
