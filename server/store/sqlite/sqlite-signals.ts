/** The `SignalStore` port on SQLite: mail cursors, the draft's conversation, suggestions. */
import type { Clock, NewSuggestion, SignalStore, Suggestion } from '../../../core';
import { utc, type SqliteConnection } from './sqlite-database';

export class SqliteSignals implements SignalStore {
  constructor(
    private readonly db: SqliteConnection,
    private readonly clock: Clock,
  ) {}

  cursorOf(mailbox: string, folder: string): Promise<string | undefined> {
    const row = this.db
      .sql<[string, string], { cursor: string }>(
        'SELECT cursor FROM mail_cursors WHERE mailbox = ? AND folder = ?',
      )
      .get(mailbox.toLowerCase(), folder);
    return Promise.resolve(row?.cursor);
  }

  saveCursor(mailbox: string, folder: string, cursor: string): Promise<void> {
    const now = utc(this.clock.now());
    return this.db.write(() => {
      this.db
        .sql(
          `INSERT INTO mail_cursors (mailbox, folder, cursor, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (mailbox, folder) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
        )
        .run(mailbox.toLowerCase(), folder, cursor, now);
    });
  }

  forgetCursor(mailbox: string, folder: string): Promise<void> {
    return this.db.write(() => {
      this.db
        .sql('DELETE FROM mail_cursors WHERE mailbox = ? AND folder = ?')
        .run(mailbox.toLowerCase(), folder);
    });
  }

  draftConversationOf(caseId: string): Promise<string | undefined> {
    const row = this.db
      .sql<[string], { conversation_id: string }>(
        'SELECT conversation_id FROM draft_conversations WHERE case_id = ?',
      )
      .get(caseId);
    return Promise.resolve(row?.conversation_id);
  }

  saveDraftConversation(caseId: string, conversationId: string): Promise<void> {
    return this.db.write(() => {
      this.db
        .sql(
          `INSERT INTO draft_conversations (case_id, conversation_id) VALUES (?, ?)
           ON CONFLICT (case_id) DO UPDATE SET conversation_id = excluded.conversation_id`,
        )
        .run(caseId, conversationId);
    });
  }

  suggest(s: NewSuggestion): Promise<boolean> {
    const now = utc(this.clock.now());
    return this.db.write(
      () =>
        this.db
          .sql(
            `INSERT INTO suggestions (case_id, event, at, message_id, reason, sender, recipients, has_attachments, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, event) DO NOTHING`,
          )
          .run(
            s.caseId,
            s.event,
            s.at,
            s.messageId,
            s.reason,
            s.from,
            JSON.stringify(s.to),
            s.hasAttachments ? 1 : 0,
            now,
          ).changes === 1,
    );
  }

  suggestionsFor(caseId: string): Promise<Suggestion[]> {
    const rows = this.db
      .sql<[string], SuggestionRow>(
        'SELECT * FROM suggestions WHERE case_id = ? ORDER BY outcome IS NOT NULL, id DESC',
      )
      .all(caseId);
    return Promise.resolve(rows.map(toSuggestion));
  }

  suggestion(id: number): Promise<Suggestion | undefined> {
    const row = this.db
      .sql<[number], SuggestionRow>('SELECT * FROM suggestions WHERE id = ?')
      .get(id);
    return Promise.resolve(row && toSuggestion(row));
  }

  resolveSuggestion(
    id: number,
    resolution: { outcome: 'confirmed' | 'dismissed'; by: string; at: string },
  ): Promise<boolean> {
    return this.db.write(
      () =>
        this.db
          .sql(
            'UPDATE suggestions SET outcome = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND outcome IS NULL',
          )
          .run(resolution.outcome, resolution.by, resolution.at, id).changes === 1,
    );
  }
}

interface SuggestionRow {
  id: number;
  case_id: string;
  event: string;
  at: string;
  message_id: string;
  reason: string;
  sender: string;
  recipients: string;
  has_attachments: number;
  created_at: string;
  outcome: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

function toSuggestion(r: SuggestionRow): Suggestion {
  const s: Suggestion = {
    id: r.id,
    caseId: r.case_id,
    event: r.event as Suggestion['event'],
    at: r.at,
    messageId: r.message_id,
    reason: r.reason,
    from: r.sender,
    to: JSON.parse(r.recipients) as string[],
    hasAttachments: r.has_attachments === 1,
    createdAt: r.created_at,
  };
  if (r.outcome && r.resolved_by && r.resolved_at)
    s.resolution = {
      outcome: r.outcome as 'confirmed' | 'dismissed',
      by: r.resolved_by,
      at: r.resolved_at,
    };
  return s;
}
