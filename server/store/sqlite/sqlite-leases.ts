/** The `Leases` port on SQLite: a named lease held by one owner until it lapses. */
import type { Leases } from '../../../core';
import { utc, utcOf, type SqliteConnection } from './sqlite-database';

export class SqliteLeases implements Leases {
  constructor(private readonly db: SqliteConnection) {}

  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean> {
    const at = utcOf(now);
    return this.db.write(
      () =>
        this.db
          .sql(
            `INSERT INTO leases (name, owner, until) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
             WHERE leases.owner = excluded.owner OR leases.until <= ?`,
          )
          .run(name, owner, utc(Date.parse(now) + ms), at).changes === 1,
    );
  }
}
