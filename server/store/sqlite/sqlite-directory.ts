/** The `Directory` port on SQLite: the people, their roles and teams, leavers and deputies. */
import type { Directory, Person, Role } from '../../../core';
import type { SqliteConnection } from './sqlite-database';

interface PersonRow {
  id: string;
  display_name: string;
  email: string | null;
  entra_object_id: string | null;
  roles: string;
  teams: string;
  left_at: string | null;
  deputy_id: string | null;
  deputy_from: string | null;
  deputy_until: string | null;
}

export class SqliteDirectory implements Directory {
  constructor(private readonly db: SqliteConnection) {}

  person(id: string): Promise<Person | undefined> {
    const row = this.db.sql<[string], PersonRow>('SELECT * FROM people WHERE id = ?').get(id);
    return Promise.resolve(row && toPerson(row));
  }

  personByEntraObjectId(objectId: string): Promise<Person | undefined> {
    const row = this.db
      .sql<[string], PersonRow>('SELECT * FROM people WHERE entra_object_id = ?')
      .get(objectId.toLowerCase());
    return Promise.resolve(row && toPerson(row));
  }

  people(): Promise<Person[]> {
    const rows = this.db.sql<[], PersonRow>('SELECT * FROM people ORDER BY id').all();
    return Promise.resolve(rows.map(toPerson));
  }

  upsertPerson(p: Person): Promise<void> {
    return this.db.write(() => {
      this.db
        .sql(
          `INSERT INTO people (id, display_name, email, entra_object_id, roles, teams, left_at,
                             deputy_id, deputy_from, deputy_until)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
           entra_object_id = excluded.entra_object_id, roles = excluded.roles, teams = excluded.teams,
           left_at = excluded.left_at, deputy_id = excluded.deputy_id,
           deputy_from = excluded.deputy_from, deputy_until = excluded.deputy_until`,
        )
        .run(
          p.id,
          p.displayName,
          p.email ?? null,
          p.entraObjectId?.toLowerCase() ?? null,
          JSON.stringify(p.roles),
          JSON.stringify(p.teams),
          p.leftAt ?? null,
          p.deputy?.personId ?? null,
          p.deputy?.from ?? null,
          p.deputy?.until ?? null,
        );
    });
  }

  deputisedBy(personId: string): Promise<Person[]> {
    const rows = this.db
      .sql<[string], PersonRow>('SELECT * FROM people WHERE deputy_id = ? ORDER BY id')
      .all(personId);
    return Promise.resolve(rows.map(toPerson));
  }
}

function toPerson(r: PersonRow): Person {
  const p: Person = {
    id: r.id,
    displayName: r.display_name,
    roles: JSON.parse(r.roles) as Role[],
    teams: JSON.parse(r.teams) as string[],
  };
  if (r.email !== null) p.email = r.email;
  if (r.entra_object_id !== null) p.entraObjectId = r.entra_object_id;
  if (r.left_at !== null) p.leftAt = r.left_at;
  if (r.deputy_id !== null && r.deputy_from !== null && r.deputy_until !== null)
    p.deputy = { personId: r.deputy_id, from: r.deputy_from, until: r.deputy_until };
  return p;
}
