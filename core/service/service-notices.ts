/**
 * Who is told what about the services' duties, and when: decided here, delivered through the
 * outbox. The set of notices due by `now` is recomputed each round; the outbox keeps one item per
 * key, so a notice already queued is not queued again.
 *
 * - A month's register, once produced: each person acting for a service that has not yet said it
 *   has it (Legal Services: the Principal Lawyer; the IRO service: its administrators and Team
 *   Managers) is told it is ready and where; reminded at the rule's reminder points; told when it
 *   is overdue, when the Head of Service is told too.
 * - A link meeting: the IRO Team Managers are reminded before it; if it is not recorded as held
 *   with the protocol reviewed by the end of its day, they and the Head of Service are told.
 *
 * Nothing about a child is in a notice: the register is named by its month, the meeting by its day.
 */
import type { Person } from '../ports/directory';
import { LIVE_STATUSES } from '../engine/obligation';
import { humanDay, humanInstant, humanMonth } from '../time/human';
import { dayFromIsoDate, parseInstant } from '../time/london';
import {
  SERVICES,
  SERVICE_NAMES,
  SERVICE_ROLES,
  type Service,
  type ServiceDuty,
} from './service-duties';

/** The outbox kind of a notice about a service duty (it belongs to no case). */
export const SERVICE_NOTICE = 'service.notice';

export type ServiceNoticeStage = 'new' | 'reminder' | 'overdue' | 'escalation';

/** What a notice says: the card and the email are rendered from it as it is. */
export interface ServiceNotice {
  duty: string;
  stage: ServiceNoticeStage;
  /** Email subject. */
  subject: string;
  heading: string;
  /** What it is, what is asked of this person, by when. */
  text: string;
  facts: [string, string][];
  /** The register itself, where it was published. */
  link?: { title: string; url: string };
}

export interface ServiceNoticeItem {
  key: string;
  recipient: string;
  notice: ServiceNotice;
}

const at = (iso: string) => (parseInstant(iso) as { instant: number }).instant;

function holders(people: readonly Person[], roles: readonly string[]): Person[] {
  return people.filter((p) => p.leftAt === undefined && p.roles.some((r) => roles.includes(r)));
}

/** Every notice about the services' duties that should have gone by `now`. */
export function serviceNoticesDue(
  duties: readonly ServiceDuty[],
  people: readonly Person[],
  now: number,
): ServiceNoticeItem[] {
  const out: ServiceNoticeItem[] = [];
  for (const duty of duties) {
    if (!LIVE_STATUSES.has(duty.status)) continue;
    const due = at(duty.due);
    // Only the latest reminder point passed, and none once it is overdue: a round that runs
    // late sends one notice, not a burst.
    const passed = duty.reminders.filter((r) => at(r) <= now).length;
    const stage: ServiceNoticeStage | undefined =
      now > due ? 'overdue' : passed ? 'reminder' : undefined;
    const stageKey = stage === 'reminder' ? `reminder-${passed}` : stage;
    const push = (person: Person, key: string, notice: ServiceNotice) =>
      out.push({ key: `${duty.id}:${key}:${person.id}`, recipient: person.id, notice });

    if (duty.register) {
      const register = duty.register;
      if (!register.produced) continue;
      const lacking = SERVICES.filter((s) => !register.received[s]);
      for (const service of lacking)
        for (const person of holders(people, SERVICE_ROLES[service]))
          // A reminder or overdue notice carries the link too: one notice a round, not two.
          push(person, stageKey ?? 'new', registerNotice(duty, stage ?? 'new', service));
      if (stage === 'overdue')
        for (const person of holders(people, ['head-of-service']))
          push(person, 'escalation', registerNotice(duty, 'escalation'));
    } else if (duty.meeting && stage && stageKey) {
      for (const person of holders(people, ['iro-team-manager']))
        push(person, stageKey, meetingNotice(duty, stage));
      if (stage === 'overdue')
        for (const person of holders(people, ['head-of-service']))
          push(person, 'escalation', meetingNotice(duty, 'escalation'));
    }
  }
  return out;
}

function registerNotice(
  duty: ServiceDuty,
  stage: ServiceNoticeStage,
  service?: Service,
): ServiceNotice {
  const register = duty.register!;
  const month = humanMonth(register.month);
  const produced = register.produced!;
  const has = (s: Service) => {
    const r = register.received[s];
    return r ? `Yes, since ${humanInstant(r.at)}` : 'Not confirmed yet';
  };
  const lacking = SERVICES.filter((s) => !register.received[s]).map((s) => SERVICE_NAMES[s]);
  const ask = service
    ? `Please open it and confirm that ${SERVICE_NAMES[service]} has it`
    : `Waiting for ${lacking.join(' and ')} to confirm they have it`;
  const text = {
    new: `The register of cases with legal input for ${month} is ready (${produced.cases} cases). The protocol asks for it to be shared between the services every month. ${ask} by ${humanInstant(duty.due)}.`,
    reminder: `Reminder: the register for ${month} is due to be shared by ${humanInstant(duty.due)}. ${ask}.`,
    overdue: `The register for ${month} was due to be shared by ${humanInstant(duty.due)}. ${ask}.`,
    escalation: `The register for ${month} was due to be shared between the services by ${humanInstant(duty.due)}. ${ask}. You are told as Head of Service.`,
  }[stage];
  const subject = {
    new: `Register of cases with legal input for ${month} is ready`,
    reminder: `Reminder: confirm you have the register for ${month}`,
    overdue: `Overdue: the register for ${month} is not yet shared`,
    escalation: `Escalation: the register for ${month} is not yet shared`,
  }[stage];
  return {
    duty: duty.id,
    stage,
    subject,
    heading: `Register of cases with legal input: ${month}`,
    text,
    facts: [
      ['Produced', humanInstant(produced.at)],
      ['Cases', String(produced.cases)],
      ['Due', humanInstant(duty.due)],
      ['Legal Services has it', has('legal-services')],
      ['IRO service has it', has('iro-service')],
    ],
    link: { title: 'Open the register', url: produced.url },
  };
}

function meetingNotice(duty: ServiceDuty, stage: ServiceNoticeStage): ServiceNotice {
  const day = humanDay(dayFromIsoDate(duty.meeting!.day));
  const text = {
    new: '',
    reminder: `The IRO/CAFCASS link meeting is due on ${day}. The protocol is to be reviewed at it, alongside any issues from the dispute-resolution process. Please record it as held, with the review, once it has taken place.`,
    overdue:
      `The IRO/CAFCASS link meeting due on ${day} is not recorded as held with the protocol reviewed. ${duty.note ?? ''}`.trim(),
    escalation: `The IRO/CAFCASS link meeting due on ${day} is not recorded as held with the protocol reviewed. You are told as Head of Service.`,
  }[stage];
  const subject = {
    new: '',
    reminder: `Reminder: IRO/CAFCASS link meeting on ${day}`,
    overdue: `Overdue: IRO/CAFCASS link meeting of ${day} not recorded`,
    escalation: `Escalation: IRO/CAFCASS link meeting of ${day} not recorded`,
  }[stage];
  return {
    duty: duty.id,
    stage,
    subject,
    heading: `IRO/CAFCASS link meeting: ${day}`,
    text,
    facts: [
      ['Meeting', day],
      ['Held', duty.meeting!.held ? humanInstant(duty.meeting!.held.at) : 'Not recorded yet'],
    ],
  };
}
