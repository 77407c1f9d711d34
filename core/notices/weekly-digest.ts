/**
 * The weekly digest: once a week, at the council's time (default Monday 08:00, London), each
 * person gets one notice listing, case by case, what is on them that is late or due by the end
 * of the week, and what they are told of that falls due this week; managers (those with a team
 * role who manage) also get their teams' late list. A person may turn it off or move it to
 * another day. Someone with nothing to hear of gets nothing: the digest is never noise.
 *
 * Pure: the job evaluates the cases and reads the directory and preferences; this decides.
 */
import { holdersOf } from '../access/access-matrix';
import type { Obligation } from '../engine/obligation';
import type { CaseRecord } from '../ports/case-store';
import type { DigestPreference, Weekday } from '../ports/digest-preferences';
import { WEEKDAYS } from '../ports/digest-preferences';
import type { Person } from '../ports/directory';
import { holderText, type LateItem } from '../reports/late-now';
import { humanDay, humanInstant, lateText } from '../time/human';
import {
  MS_PER_DAY,
  atTimeOfDay,
  isoDateOf,
  londonDay,
  parseInstant,
  weekday,
} from '../time/london';
import type { Role } from '../vocabulary';

/** The outbox kind of a weekly digest (it belongs to no one case). */
export const DIGEST = 'digest.weekly';

/** A team's late list in a digest: the latest this many, then how many more. */
const TEAM_LINES = 20;

/** Managers get their teams' late list as well as their own. */
const MANAGERS: readonly Role[] = [
  'principal-lawyer',
  'permanency-progression-manager',
  'head-of-service',
  'iro-team-manager',
];

export interface DigestSchedule {
  day: Weekday;
  /** Milliseconds after midnight, London. */
  time: number;
}

/** Monday of the London week an instant falls in. */
function weekStart(now: number): number {
  const day = londonDay(now);
  return day - ((weekday(day) + 6) % 7);
}

/**
 * When the person's digest is due this week, and its key; undefined if they turned it off, or if
 * this week's time has not come, or went by more than a day ago (a server down over the digest's
 * time does not send a stale digest days later).
 */
export function digestDue(
  person: Pick<Person, 'id' | 'leftAt'>,
  preference: DigestPreference | undefined,
  schedule: DigestSchedule,
  now: number,
): { key: string; at: number; week: string } | undefined {
  if (person.leftAt !== undefined || preference?.off) return undefined;
  const monday = weekStart(now);
  const day = monday + WEEKDAYS.indexOf(preference?.day ?? schedule.day);
  const at = atTimeOfDay(day, schedule.time);
  if (now < at || now - at > MS_PER_DAY) return undefined;
  const week = isoDateOf(monday);
  return { key: `digest:${week}:${person.id}`, at, week };
}

/** One obligation as a person's digest lists it. */
export interface DigestEntry {
  record: CaseRecord;
  obligation: Obligation;
  as: 'responsible' | 'recipient';
}

/** Who each obligation of a case is on, and who is told of it, by person id. */
export function digestEntriesByPerson(
  record: CaseRecord,
  obligations: readonly Obligation[],
  people: readonly Person[],
): Map<string, DigestEntry[]> {
  const out = new Map<string, DigestEntry[]>();
  const add = (id: string, entry: DigestEntry) => {
    const list = out.get(id);
    if (list) list.push(entry);
    else out.set(id, [entry]);
  };
  for (const o of obligations) {
    if (o.status !== 'open' && o.status !== 'due-soon' && o.status !== 'overdue') continue;
    const on = new Set(holdersOf(record, o.responsible, people));
    for (const id of on) add(id, { record, obligation: o, as: 'responsible' });
    for (const id of holdersOf(record, o.recipients, people))
      if (!on.has(id)) add(id, { record, obligation: o, as: 'recipient' });
  }
  return out;
}

export interface WeeklyDigest {
  week: string;
  subject: string;
  heading: string;
  intro: string;
  /** The person's own cases, each with its lines. */
  cases: { title: string; lines: string[] }[];
  /** For managers: their teams' late items, each line naming who it is on. */
  teamLate: { team: string; lines: string[] }[];
}

/**
 * The digest for one person, or undefined if there is nothing to tell them. Never a child's name:
 * cases by reference and initials, as everywhere.
 */
export function weeklyDigest(
  person: Pick<Person, 'id' | 'roles' | 'teams'>,
  entries: readonly DigestEntry[],
  teamLate: readonly LateItem[],
  week: string,
): WeeklyDigest | undefined {
  const monday = londonDay((parseInstant(`${week}T12:00:00Z`) as { instant: number }).instant);
  const endOfWeek = atTimeOfDay(monday + 7, 0);
  const byCase = new Map<string, { title: string; lines: string[] }>();
  let late = 0;
  let due = 0;
  const sorted = [...entries].sort(
    (a, b) =>
      dueOf(a.obligation) - dueOf(b.obligation) || a.obligation.id.localeCompare(b.obligation.id),
  );
  for (const { record, obligation: o, as } of sorted) {
    const overdue = o.status === 'overdue';
    const dueThisWeek = o.due !== undefined && dueOf(o) < endOfWeek;
    // What they are told of matters only when it falls due this week.
    if (as === 'recipient' ? !dueThisWeek || overdue : !overdue && !dueThisWeek) continue;
    const line = overdue
      ? `${o.title}: overdue, ${o.late ? lateText(o.late) : 'late'}`
      : `${o.title}: due ${humanInstant(o.due)}${as === 'recipient' ? ' (you are told of it)' : ''}`;
    if (overdue) late++;
    else due++;
    const id = record.header.id;
    let c = byCase.get(id);
    if (!c) byCase.set(id, (c = { title: `${id} (${record.header.childInitials})`, lines: [] }));
    c.lines.push(line);
  }
  const manager = person.roles.some((r) => MANAGERS.includes(r));
  const teams = new Map<string, string[]>();
  const teamTotals = new Map<string, number>();
  if (manager)
    for (const item of [...teamLate].sort(
      (a, b) => b.late.workingDays - a.late.workingDays || a.caseId.localeCompare(b.caseId),
    )) {
      if (!person.teams.includes(item.team)) continue;
      teamTotals.set(item.team, (teamTotals.get(item.team) ?? 0) + 1);
      const lines = teams.get(item.team) ?? [];
      // The latest few; the rest are in Late now, where they can be acted on.
      if (lines.length < TEAM_LINES) {
        const on = item.responsible.map(holderText).join('; ');
        lines.push(
          `${item.caseId} (${item.initials}): ${item.title} — ${on}, ${lateText(item.late)}`,
        );
      }
      teams.set(item.team, lines);
    }
  for (const [team, lines] of teams) {
    const more = teamTotals.get(team)! - lines.length;
    if (more > 0) lines.push(`…and ${more} more late: see Late now in IRO Liaison.`);
  }
  if (!byCase.size && !teams.size) return undefined;
  const teamCount = [...teamTotals.values()].reduce((n, c) => n + c, 0);
  const parts = [
    late ? `${late} late` : '',
    due ? `${due} due this week` : '',
    teamCount ? `${teamCount} late on your teams` : '',
  ].filter(Boolean);
  return {
    week,
    subject: `Your week from ${humanDay(monday)}: ${parts.join(', ')}`,
    heading: `Your week from ${humanDay(monday)}`,
    intro: `${parts.join(', ')}. Case by case below; open IRO Liaison to act on them.`.replace(
      /^./,
      (c) => c.toUpperCase(),
    ),
    cases: [...byCase.values()],
    teamLate: [...teams.entries()].map(([team, lines]) => ({ team, lines })),
  };
}

function dueOf(o: Obligation): number {
  if (o.due === undefined) return Number.POSITIVE_INFINITY;
  const p = parseInstant(o.due);
  return p.ok ? p.instant : Number.POSITIVE_INFINITY;
}

/** "Mondays at 08:00": for people setting their own. */
export function digestWhen(day: Weekday, time: number): string {
  const minutes = Math.round(time / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${day.charAt(0).toUpperCase()}${day.slice(1)}s at ${hh}:${mm}`;
}
