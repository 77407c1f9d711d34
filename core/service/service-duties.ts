/**
 * The duties of the services rather than of a case:
 * - the register of cases with legal input, "shared between the services and updated on a
 *   monthly basis" (`case-register-update`): one register a month for the whole service, produced
 *   on the council's register day, and shared once Legal Services and the IRO service each say
 *   they have it; a month not shared with both before the next is produced is missed;
 * - the IRO/CAFCASS link meetings "scheduled on a 6 monthly basis" at which the protocol is
 *   reviewed (`link-meeting`): one every 6 calendar months from the council's first
 *   (`linkMeetingsFrom`), met when held with the protocol reviewed, missed if not held before the
 *   next falls due.
 *
 * Their log is the service log (what was produced, who has it, which meeting was held), not a
 * case's. Pure: the same log, settings and now give the same duties.
 */
import type { EngineSettings } from '../council-config';
import { reminderInstants, ruleTerms } from '../engine/evaluate';
import type { ObligationStatus } from '../engine/obligation';
import type { RecordedServiceEvent } from '../ports/service-log';
import { RULES_BY_ID } from '../rules/catalogue';
import type { Rule } from '../rules/rule';
import {
  atTimeOfDay,
  civilFromDay,
  dayFromCivil,
  formatInstant,
  isoDateOf,
  londonDay,
} from '../time/london';
import { humanDay, humanMonth } from '../time/human';
import { addCalendarMonths, countDeadline } from '../conventions/conventions';
import type { Role } from '../vocabulary';

export const SERVICES = ['legal-services', 'iro-service'] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_NAMES: Record<Service, string> = {
  'legal-services': 'Legal Services',
  'iro-service': 'the IRO service',
};

/** Who acts for each service: they are told of the register, and their word is the service's. */
export const SERVICE_ROLES: Record<Service, readonly Role[]> = {
  'legal-services': ['principal-lawyer'],
  'iro-service': ['iro-admin', 'iro-team-manager'],
};

/** The services a person acts for. */
export function servicesOf(person: { roles: readonly Role[] }): Service[] {
  return SERVICES.filter((s) => SERVICE_ROLES[s].some((r) => person.roles.includes(r)));
}

export type ServiceDutyStatus = Extract<
  ObligationStatus,
  'open' | 'due-soon' | 'overdue' | 'met' | 'met-late' | 'missed'
>;

export interface ServiceDuty {
  /** `service:case-register-update:2026-12`, `service:link-meeting:2027-03-16`. */
  id: string;
  rule: 'case-register-update' | 'link-meeting';
  title: string;
  /** When it arose: the register's production (start of its day) or the meeting's day. */
  from: string;
  due: string;
  /** How the due instant was reached, in words. */
  deadline: string;
  status: ServiceDutyStatus;
  /** When reminders go to those who have not done their part. */
  reminders: string[];
  completedAt?: string;
  /** Why it was missed, or what is still lacking. */
  note?: string;
  register?: {
    /** `YYYY-MM`. */
    month: string;
    produced?: { at: string; file: string; url: string; cases: number };
    /** Who confirmed each service has it, and when. */
    received: Record<Service, { at: string; by: string } | undefined>;
  };
  meeting?: {
    /** The meeting's day, `YYYY-MM-DD`. */
    day: string;
    held?: { at: string; by: string; protocolReviewed: boolean };
  };
}

const REGISTER = 'case-register-update';
const LINK_MEETING = 'link-meeting';

export const monthKey = (year: number, month: number) =>
  `${year}-${String(month).padStart(2, '0')}`;

/** The month so many after (or before) a month, `YYYY-MM`. */
export function monthAfter(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + n;
  return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** The register's production day for a month (`YYYY-MM`). */
export function registerDay(month: string, settings: Pick<EngineSettings, 'caseRegisterDay'>) {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return dayFromCivil(year, m, settings.caseRegisterDay);
}

/** The month whose register is due to exist by `now`: this month's once its day has come. */
export function currentRegisterMonth(
  now: number,
  settings: Pick<EngineSettings, 'caseRegisterDay'>,
): string {
  const [year, month] = civilFromDay(londonDay(now));
  const here = monthKey(year, month);
  return londonDay(now) >= registerDay(here, settings) ? here : monthAfter(here, -1);
}

/** Where tracking starts: when the service log was started (the first run), else now. */
function trackedFrom(log: readonly RecordedServiceEvent[], now: number): number {
  const started = log.find((e) => e.event.type === 'service-duties.started');
  return started ? Date.parse(started.event.at) : now;
}

export function evaluateServiceDuties(
  log: readonly RecordedServiceEvent[],
  settings: EngineSettings,
  now: number,
): ServiceDuty[] {
  return [...registerDuties(log, settings, now), ...linkMeetingDuties(log, settings, now)];
}

function statusOf(
  due: number,
  reminders: readonly number[],
  done: number | undefined,
  endsAt: number | undefined,
  now: number,
): ServiceDutyStatus {
  // Done after its occasion ended (the next register produced) is still a breach: missed.
  if (done !== undefined && (endsAt === undefined || done < endsAt))
    return done > due ? 'met-late' : 'met';
  if (endsAt !== undefined && now >= endsAt) return 'missed';
  if (now > due) return 'overdue';
  return reminders.length && now >= reminders[0]! ? 'due-soon' : 'open';
}

function counting(rule: Rule, settings: EngineSettings) {
  return { calendar: settings.calendar, scope: rule.scope, endOfDay: settings.endOfDay };
}

function registerDuties(
  log: readonly RecordedServiceEvent[],
  settings: EngineSettings,
  now: number,
): ServiceDuty[] {
  const rule = RULES_BY_ID.get(REGISTER)!;
  const terms = ruleTerms(rule, settings);
  const points = settings.rules.get(REGISTER)?.reminders ?? rule.reminders;
  const start = trackedFrom(log, now);
  const [y0, m0] = civilFromDay(londonDay(start));
  const last = currentRegisterMonth(now, settings);
  const duties: ServiceDuty[] = [];
  for (let month = monthKey(y0, m0); month <= last; month = monthAfter(month, 1)) {
    const day = registerDay(month, settings);
    const from = atTimeOfDay(day, 0);
    // A month whose register day came before tracking started was never the app's to produce.
    if (day < londonDay(start)) continue;
    const { due } = countDeadline(terms.convention!, from, terms.amount!, counting(rule, settings));
    const reminders = reminderInstants(points, from, due, counting(rule, settings));
    const produced = log.find(
      (e): e is RecordedServiceEvent<'register.published'> =>
        e.event.type === 'register.published' && e.event.month === month,
    );
    const received = Object.fromEntries(
      SERVICES.map((s) => {
        const r = log.find(
          (e) =>
            e.event.type === 'register.received' &&
            e.event.month === month &&
            e.event.service === s,
        );
        return [s, r ? { at: r.event.at, by: r.recordedBy } : undefined];
      }),
    ) as Record<Service, { at: string; by: string } | undefined>;
    const both = SERVICES.every((s) => received[s]);
    const done = both ? Math.max(...SERVICES.map((s) => Date.parse(received[s]!.at))) : undefined;
    // The next month's register replaces this one: not shared with both by then, it was missed.
    const next = atTimeOfDay(registerDay(monthAfter(month, 1), settings), 0);
    const status = statusOf(due, reminders, done, next, now);
    const lacking = SERVICES.filter((s) => !received[s]).map((s) => SERVICE_NAMES[s]);
    duties.push({
      id: `service:${REGISTER}:${month}`,
      rule: REGISTER,
      title: `Register of cases with legal input for ${humanMonth(month)}`,
      from: formatInstant(from),
      due: formatInstant(due),
      deadline: terms.description,
      status,
      reminders: reminders.map(formatInstant),
      completedAt: done === undefined ? undefined : formatInstant(done),
      note:
        status === 'missed'
          ? `Not shared with ${lacking.join(' or ')} before the register for ${humanMonth(monthAfter(month, 1))} was produced.`
          : !produced
            ? 'Not produced yet: the app produces it on its day.'
            : lacking.length && done === undefined
              ? `Waiting for ${lacking.join(' and ')} to confirm they have it.`
              : undefined,
      register: {
        month,
        produced: produced && {
          at: produced.event.at,
          file: produced.event.file,
          url: produced.event.url,
          cases: produced.event.cases,
        },
        received,
      },
    });
  }
  return duties;
}

function linkMeetingDuties(
  log: readonly RecordedServiceEvent[],
  settings: EngineSettings,
  now: number,
): ServiceDuty[] {
  const first = settings.linkMeetingsFrom;
  if (first === undefined) return [];
  const rule = RULES_BY_ID.get(LINK_MEETING)!;
  const points = settings.rules.get(LINK_MEETING)?.reminders ?? rule.reminders;
  const start = londonDay(trackedFrom(log, now));
  const today = londonDay(now);
  const duties: ServiceDuty[] = [];
  for (let n = 0, day = first; ; n++) {
    const nextDay = addCalendarMonths(first, 6 * (n + 1));
    // Meetings before tracking started were not the app's to follow.
    if (day < start) {
      day = nextDay;
      continue;
    }
    const meeting = isoDateOf(day);
    const due = atTimeOfDay(day, settings.endOfDay);
    const from = atTimeOfDay(day, 0);
    const previous = n === 0 ? -Infinity : atTimeOfDay(addCalendarMonths(first, 6 * (n - 1)), 0);
    const reminders = reminderInstants(points, previous, due, counting(rule, settings));
    const records = log.filter(
      (e): e is RecordedServiceEvent<'link-meeting.held'> =>
        e.event.type === 'link-meeting.held' && e.event.meeting === meeting,
    );
    const reviewed = records.find((e) => e.event.protocolReviewed);
    const held = reviewed ?? records[records.length - 1];
    const status = statusOf(
      due,
      reminders,
      reviewed && Date.parse(reviewed.event.at),
      atTimeOfDay(nextDay, 0),
      now,
    );
    duties.push({
      id: `service:${LINK_MEETING}:${meeting}`,
      rule: LINK_MEETING,
      title: `IRO/CAFCASS link meeting of ${humanDay(day)}, with the review of the protocol`,
      from: formatInstant(from),
      due: formatInstant(due),
      deadline: `on the meeting's day: every 6 calendar months from ${humanDay(first)} (the council's \`linkMeetingsFrom\`)`,
      status,
      reminders: reminders.map(formatInstant),
      completedAt: reviewed?.event.at,
      note:
        status === 'missed'
          ? `Not held with the protocol reviewed before the meeting of ${humanDay(nextDay)} fell due.`
          : held && !reviewed
            ? 'Held, but the protocol was not reviewed at it.'
            : undefined,
      meeting: {
        day: meeting,
        held: held && {
          at: held.event.at,
          by: held.recordedBy,
          protocolReviewed: held.event.protocolReviewed,
        },
      },
    });
    if (day > today) return duties;
    day = nextDay;
  }
}
