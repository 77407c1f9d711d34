/**
 * Who is told when the daily check of the sealed record fails, and what: every Head of Service,
 * once a day while it keeps failing, through the outbox as a service notice. The problems name
 * entries and events by case reference and position, never a child; the subject names nothing.
 */
import type { Person } from '../ports/directory';
import type { ServiceNoticeItem } from '../service/service-notices';
import { humanInstant } from '../time/human';

export interface AuditCheckOutcome {
  ok: boolean;
  entries: number;
  events: number;
  problems: readonly string[];
  /** When it was checked (ISO 8601). */
  at: string;
  /** Where the anchors were read from, or why none were. */
  anchors: string;
}

/** Shown in a notice: the rest are in the server's log and in `npm run audit:verify`. */
const SHOWN = 5;

export function auditCheckNotices(
  outcome: AuditCheckOutcome,
  people: readonly Person[],
  /** The day checked (YYYY-MM-DD): one notice a person a day. */
  day: string,
): ServiceNoticeItem[] {
  if (outcome.ok) return [];
  const n = outcome.problems.length;
  const shown = outcome.problems.slice(0, SHOWN);
  const text =
    `The daily check of the sealed record found ${n === 1 ? 'a problem' : `${n} problems`}: ` +
    `the audit trail or the recorded case events were changed outside the app, or could not be checked. ` +
    `${shown.join(' ')}${n > SHOWN ? ` (and ${n - SHOWN} more)` : ''} ` +
    'Ask your IT team to investigate now and to run `npm run audit:verify`; keep the anchors and the data as they are.';
  return people
    .filter((p) => p.leftAt === undefined && p.roles.includes('head-of-service'))
    .map((p) => ({
      key: `audit-check:${day}:${p.id}`,
      recipient: p.id,
      notice: {
        duty: 'audit-check',
        stage: 'escalation',
        subject: 'The sealed record failed its daily check',
        heading: 'The sealed record failed its daily check',
        text,
        facts: [
          ['Checked', humanInstant(outcome.at)],
          ['Audit entries', String(outcome.entries)],
          ['Case events', String(outcome.events)],
          ['Anchors', outcome.anchors],
          ['Problems', String(n)],
        ],
      },
    }));
}
