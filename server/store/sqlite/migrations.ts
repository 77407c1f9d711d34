/**
 * The SQLite schema, as numbered migrations applied in order and recorded in `schema_migrations`.
 * Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'case event logs, people, audit trail, outbox',
    sql: `
      CREATE TABLE cases (
        id          TEXT PRIMARY KEY,
        header      TEXT NOT NULL,            -- CaseHeader as JSON (reference and initials, never a name)
        team        TEXT NOT NULL,
        version     INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_by_team ON cases (team, id);

      CREATE TABLE case_members (
        case_id   TEXT NOT NULL REFERENCES cases (id),
        person_id TEXT NOT NULL,
        role      TEXT NOT NULL,
        PRIMARY KEY (case_id, person_id, role)
      ) STRICT;
      CREATE INDEX case_members_by_person ON case_members (person_id, case_id);

      CREATE TABLE case_events (
        case_id     TEXT NOT NULL REFERENCES cases (id),
        seq         INTEGER NOT NULL,
        type        TEXT NOT NULL,
        body        TEXT NOT NULL,            -- the event as JSON
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        surface     TEXT NOT NULL,
        PRIMARY KEY (case_id, seq)
      ) STRICT;

      CREATE TABLE idempotency_keys (
        key          TEXT NOT NULL,
        case_id      TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        first_seq    INTEGER NOT NULL,
        count        INTEGER NOT NULL,
        version      INTEGER NOT NULL,
        PRIMARY KEY (case_id, key)
      ) STRICT;

      CREATE TABLE people (
        id              TEXT PRIMARY KEY,
        display_name    TEXT NOT NULL,
        email           TEXT,
        entra_object_id TEXT UNIQUE,
        roles           TEXT NOT NULL,        -- JSON array
        teams           TEXT NOT NULL         -- JSON array
      ) STRICT;

      CREATE TABLE audit (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        person_id TEXT NOT NULL,
        surface   TEXT NOT NULL,
        origin    TEXT,
        action    TEXT NOT NULL,
        case_id   TEXT,
        detail    TEXT,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_by_case ON audit (case_id, seq);

      CREATE TABLE outbox (
        id           INTEGER PRIMARY KEY,
        key          TEXT NOT NULL UNIQUE,
        case_id      TEXT NOT NULL,
        recipient    TEXT NOT NULL,
        kind         TEXT NOT NULL,
        payload      TEXT NOT NULL,
        available_at TEXT NOT NULL,           -- UTC ISO 8601, so text order is time order
        created_at   TEXT NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        lease_owner  TEXT,
        lease_until  TEXT,
        sent_at      TEXT,
        parked_at    TEXT,
        last_error   TEXT
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (available_at, id) WHERE sent_at IS NULL AND parked_at IS NULL;
      CREATE INDEX outbox_by_case ON outbox (case_id, id);

      -- The log and the audit trail are append-only, whatever code runs against the file.
      CREATE TRIGGER case_events_append_only_u BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
      CREATE TRIGGER case_events_append_only_d BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
      CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    `,
  },
  {
    version: 2,
    name: 'conversation references, delivery channel, scheduler checks and leases',
    sql: `
      -- Where the bot can reach a person proactively (botbuilder ConversationReference as JSON).
      CREATE TABLE conversations (
        entra_object_id TEXT PRIMARY KEY,
        person_id       TEXT NOT NULL,
        reference       TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX conversations_by_person ON conversations (person_id, updated_at);

      -- How an item went out: 'teams', 'email', or 'not-needed' (the obligation closed first).
      ALTER TABLE outbox ADD COLUMN channel TEXT;

      -- When the scheduler should next evaluate a case (UTC ISO 8601); every write sets it to "now".
      ALTER TABLE cases ADD COLUMN next_check_at TEXT;
      UPDATE cases SET next_check_at = updated_at;
      CREATE INDEX cases_next_check ON cases (next_check_at) WHERE next_check_at IS NOT NULL;

      -- Named leases, e.g. the scheduler's leadership when several instances share the file.
      CREATE TABLE leases (
        name  TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        until TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'what a channel calls a posted notification',
    sql: `
      -- The Teams activity id of a posted card, so the card can be updated when the obligation
      -- changes (acknowledged in the tab, met, waived).
      ALTER TABLE outbox ADD COLUMN sent_ref TEXT;
    `,
  },
  {
    version: 4,
    name: 'mailbox signals: delta cursors, draft conversations, suggestions',
    sql: `
      -- Where each mailbox folder's next delta round starts (Graph's delta link).
      CREATE TABLE mail_cursors (
        mailbox    TEXT NOT NULL,
        folder     TEXT NOT NULL,
        cursor     TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (mailbox, folder)
      ) STRICT;

      -- The conversation a case's draft final evidence went out in (a reply in it is the IRO's comments).
      CREATE TABLE draft_conversations (
        case_id         TEXT PRIMARY KEY REFERENCES cases (id),
        conversation_id TEXT NOT NULL
      ) STRICT;

      -- Messages that may be a protocol step, for a person to confirm: metadata only.
      CREATE TABLE suggestions (
        id              INTEGER PRIMARY KEY,
        case_id         TEXT NOT NULL REFERENCES cases (id),
        event           TEXT NOT NULL,
        at              TEXT NOT NULL,
        message_id      TEXT NOT NULL,
        reason          TEXT NOT NULL,
        sender          TEXT NOT NULL,
        recipients      TEXT NOT NULL,
        has_attachments INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        outcome         TEXT,
        resolved_by     TEXT,
        resolved_at     TEXT,
        UNIQUE (message_id, event)
      ) STRICT;
      CREATE INDEX suggestions_by_case ON suggestions (case_id, id);
    `,
  },
  {
    version: 5,
    name: 'deadlines in Outlook calendars: events made, cases reconciled',
    sql: `
      -- The Outlook event showing an obligation's deadline in a person's calendar. A removed one
      -- keeps its row without an event id: "made" counts the events made, and the next one's
      -- transactionId comes from it.
      CREATE TABLE deadline_events (
        obligation_id TEXT NOT NULL,
        person_id     TEXT NOT NULL,
        case_id       TEXT NOT NULL REFERENCES cases (id),
        mailbox       TEXT NOT NULL,
        event_id      TEXT,
        due           TEXT NOT NULL,
        made          INTEGER NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (obligation_id, person_id)
      ) STRICT;
      CREATE INDEX deadline_events_by_case ON deadline_events (case_id);

      -- The case version and members (a digest) whose deadlines the calendars last showed:
      -- unchanged cases are skipped.
      CREATE TABLE deadline_calendar_cases (
        case_id         TEXT PRIMARY KEY REFERENCES cases (id),
        version         INTEGER NOT NULL,
        members         TEXT NOT NULL,
        reconciled_at   TEXT NOT NULL,
        events        INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'one IRO and one Guardian at a time: a re-allocation or replacement ends the earlier one',
    sql: `
      -- Before this, naming a new IRO or Guardian added them beside the one before, who kept the
      -- case. The person the latest allocation (or appointment) names is the only holder; where
      -- none names a directory person, the comparison is NULL and nobody is removed.
      DELETE FROM case_members
      WHERE role = 'iro' AND person_id <> (
        SELECT json_extract(e.body, '$.iro.id') FROM case_events e
        WHERE e.case_id = case_members.case_id AND e.type = 'iro.allocated'
          AND json_extract(e.body, '$.iro.id') IS NOT NULL
        ORDER BY e.seq DESC LIMIT 1);
      DELETE FROM case_members
      WHERE role = 'guardian' AND person_id <> (
        SELECT json_extract(e.body, '$.guardian.id') FROM case_events e
        WHERE e.case_id = case_members.case_id AND e.type = 'guardian.appointed'
          AND json_extract(e.body, '$.guardian.id') IS NOT NULL
        ORDER BY e.seq DESC LIMIT 1);
    `,
  },
  {
    version: 7,
    name: 'people over time: who has left, and who stands in for whom while they are away',
    sql: `
      ALTER TABLE people ADD COLUMN left_at TEXT;
      ALTER TABLE people ADD COLUMN deputy_id TEXT;
      ALTER TABLE people ADD COLUMN deputy_from TEXT;
      ALTER TABLE people ADD COLUMN deputy_until TEXT;
      CREATE INDEX people_by_deputy ON people (deputy_id);
    `,
  },
  {
    version: 8,
    name: "the service log: the services' own duties (the monthly register, the link meetings)",
    sql: `
      -- Append-only, like a case's log; each event once for its key (register.published:2026-12).
      CREATE TABLE service_events (
        seq         INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,
        type        TEXT NOT NULL,
        body        TEXT NOT NULL,            -- the event as JSON
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        surface     TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 9,
    name: "each person's weekly digest: off, or on a day of their own",
    sql: `
      -- One row a person who chose; a person without one gets the council's day.
      CREATE TABLE digest_preferences (
        person_id  TEXT PRIMARY KEY,
        off        INTEGER NOT NULL,          -- 1: no digest at all
        day        TEXT,                      -- monday…sunday; NULL: the council's day
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'what the server answered to each request sent with an Idempotency-Key, for retries',
    sql: `
      -- One row a person and key; kept 24 hours, then forgotten.
      CREATE TABLE idempotency_records (
        scope        TEXT NOT NULL,           -- the person who sent the request
        key          TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,           -- hash of method, address and body as sent
        started_at   TEXT NOT NULL,
        lease_until  TEXT NOT NULL,
        status       INTEGER,                 -- the answer, once there is one
        content_type TEXT,
        body         TEXT,
        PRIMARY KEY (scope, key)
      ) STRICT;
      CREATE INDEX idempotency_records_by_start ON idempotency_records (started_at);
    `,
  },
];
