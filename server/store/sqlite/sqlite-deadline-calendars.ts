/** The `DeadlineCalendarStore` port on SQLite (`deadline_events`, `deadline_calendar_cases`). */
import type { Clock, DeadlineCalendarStore, DeadlineEntry, ReconciledCase } from '../../../core';
import { utc, utcOf, type SqliteConnection } from './sqlite-database';

export class SqliteDeadlineCalendars implements DeadlineCalendarStore {
  constructor(
    private readonly db: SqliteConnection,
    private readonly clock: Clock,
  ) {}

  deadlineEntriesOf(caseId: string): Promise<DeadlineEntry[]> {
    const rows = this.db
      .sql<[string], DeadlineEventRow>(
        'SELECT * FROM deadline_events WHERE case_id = ? ORDER BY obligation_id, person_id',
      )
      .all(caseId);
    return Promise.resolve(rows.map(toDeadlineEntry));
  }

  saveDeadlineEntry(e: DeadlineEntry): Promise<void> {
    const now = utc(this.clock.now());
    return this.db.write(() => {
      this.db
        .sql(
          `INSERT INTO deadline_events (obligation_id, person_id, case_id, mailbox, event_id, due, made, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (obligation_id, person_id) DO UPDATE SET case_id = excluded.case_id,
             mailbox = excluded.mailbox, event_id = excluded.event_id, due = excluded.due,
             made = excluded.made, updated_at = excluded.updated_at`,
        )
        .run(
          e.obligationId,
          e.personId,
          e.caseId,
          e.mailbox,
          e.eventId ?? null,
          e.due,
          e.made,
          now,
        );
    });
  }

  reconciledCases(): Promise<ReconciledCase[]> {
    const rows = this.db
      .sql<
        [],
        {
          case_id: string;
          version: number;
          members: string;
          reconciled_at: string;
          events: number;
        }
      >('SELECT * FROM deadline_calendar_cases ORDER BY case_id')
      .all();
    return Promise.resolve(
      rows.map((r) => ({
        caseId: r.case_id,
        version: r.version,
        members: r.members,
        at: r.reconciled_at,
        events: r.events,
      })),
    );
  }

  markReconciled(m: ReconciledCase): Promise<void> {
    return this.db.write(() => {
      this.db
        .sql(
          `INSERT INTO deadline_calendar_cases (case_id, version, members, reconciled_at, events)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (case_id) DO UPDATE SET version = excluded.version,
             members = excluded.members, reconciled_at = excluded.reconciled_at,
             events = excluded.events`,
        )
        .run(m.caseId, m.version, m.members, utcOf(m.at), m.events);
    });
  }
}

interface DeadlineEventRow {
  obligation_id: string;
  person_id: string;
  case_id: string;
  mailbox: string;
  event_id: string | null;
  due: string;
  made: number;
}

function toDeadlineEntry(r: DeadlineEventRow): DeadlineEntry {
  const e: DeadlineEntry = {
    caseId: r.case_id,
    obligationId: r.obligation_id,
    personId: r.person_id,
    mailbox: r.mailbox,
    due: r.due,
    made: r.made,
  };
  if (r.event_id !== null) e.eventId = r.event_id;
  return e;
}
