/**
 * The `ServiceLog` port on the embedded SQLite file (`service_events`, migration 8), on the same
 * connection as the case store. An append is one INSERT that does nothing if its key is taken:
 * of two instances producing the same month's register, one records it and the other is told
 * it was already there.
 */
import type Database from 'better-sqlite3';
import type {
  Clock,
  NewServiceEvent,
  RecordedServiceEvent,
  ServiceEvent,
  ServiceLog,
  Surface,
} from '../../../core';

interface Row {
  seq: number;
  key: string;
  body: string;
  recorded_at: string;
  recorded_by: string;
  surface: string;
}

const toRecorded = (r: Row): RecordedServiceEvent =>
  ({
    // Positions from 0, as in a case's log (SQLite's rowids start at 1).
    seq: r.seq - 1,
    key: r.key,
    event: JSON.parse(r.body) as ServiceEvent,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    surface: r.surface as Surface,
  }) as RecordedServiceEvent;

export class SqliteServiceLog implements ServiceLog {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  readServiceLog(): Promise<RecordedServiceEvent[]> {
    const rows = this.db.prepare<[], Row>('SELECT * FROM service_events ORDER BY seq').all();
    return Promise.resolve(rows.map(toRecorded));
  }

  appendServiceEvent(
    entry: NewServiceEvent,
  ): Promise<{ appended: boolean; recorded: RecordedServiceEvent }> {
    const inserted = this.db
      .prepare(
        'INSERT INTO service_events (key, type, body, recorded_at, recorded_by, surface) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
      )
      .run(
        entry.key,
        entry.event.type,
        JSON.stringify(entry.event),
        new Date(this.clock.now()).toISOString(),
        entry.recordedBy,
        entry.surface,
      );
    const row = this.db
      .prepare<[string], Row>('SELECT * FROM service_events WHERE key = ?')
      .get(entry.key)!;
    return Promise.resolve({ appended: inserted.changes === 1, recorded: toRecorded(row) });
  }
}
