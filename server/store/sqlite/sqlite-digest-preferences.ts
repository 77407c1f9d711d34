/**
 * The `DigestPreferences` port on the embedded SQLite file (`digest_preferences`, migration 9), on
 * the same connection as the case store. A save is one INSERT … ON CONFLICT DO UPDATE: of two
 * instances saving the same person's preference at once, the later write is what stays, and
 * there is never more than one row a person.
 */
import type Database from 'better-sqlite3';
import type { DigestPreference, DigestPreferences, Weekday } from '../../../core';

interface Row {
  person_id: string;
  off: number;
  day: string | null;
  updated_by: string;
  updated_at: string;
}

function toPreference(r: Row): DigestPreference {
  const p: DigestPreference = {
    personId: r.person_id,
    off: r.off !== 0,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
  // Absent, not undefined, when they keep the council's day.
  if (r.day !== null) p.day = r.day as Weekday;
  return p;
}

export class SqliteDigestPreferences implements DigestPreferences {
  constructor(private readonly db: Database.Database) {}

  digestPreferences(): Promise<DigestPreference[]> {
    const rows = this.db
      .prepare<[], Row>('SELECT * FROM digest_preferences ORDER BY person_id')
      .all();
    return Promise.resolve(rows.map(toPreference));
  }

  saveDigestPreference(p: DigestPreference): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO digest_preferences (person_id, off, day, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (person_id) DO UPDATE SET
           off = excluded.off, day = excluded.day,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(p.personId, p.off ? 1 : 0, p.day ?? null, p.updatedBy, p.updatedAt);
    return Promise.resolve();
  }
}
