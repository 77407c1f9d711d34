/** The `Conversations` port on SQLite: one conversation reference per Entra object id. */
import type { Clock, Conversation, Conversations, NewConversation } from '../../../core';
import { utc, type SqliteConnection } from './sqlite-database';

export class SqliteConversations implements Conversations {
  constructor(
    private readonly db: SqliteConnection,
    private readonly clock: Clock,
  ) {}

  async saveConversation(c: NewConversation): Promise<void> {
    const now = utc(this.clock.now());
    await this.db.write(() =>
      this.db
        .sql(
          `INSERT INTO conversations (entra_object_id, person_id, reference, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (entra_object_id) DO UPDATE SET person_id = excluded.person_id,
             reference = excluded.reference, updated_at = excluded.updated_at`,
        )
        .run(c.entraObjectId, c.personId, JSON.stringify(c.reference), now),
    );
  }

  conversationOf(personId: string): Promise<Conversation | undefined> {
    const row = this.db
      .sql<
        [string],
        { entra_object_id: string; person_id: string; reference: string; updated_at: string }
      >('SELECT * FROM conversations WHERE person_id = ? ORDER BY updated_at DESC LIMIT 1')
      .get(personId);
    return Promise.resolve(
      row && {
        entraObjectId: row.entra_object_id,
        personId: row.person_id,
        reference: JSON.parse(row.reference) as Record<string, unknown>,
        updatedAt: row.updated_at,
      },
    );
  }

  forgetConversation(entraObjectId: string): Promise<boolean> {
    return this.db.write(
      () =>
        this.db.sql('DELETE FROM conversations WHERE entra_object_id = ?').run(entraObjectId)
          .changes === 1,
    );
  }
}
