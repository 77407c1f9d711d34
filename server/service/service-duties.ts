/**
 * The services' duties as use cases: see them, confirm a service has the month's register, record
 * a link meeting held. Each loads the service log once, asks `core/service/` what stands, appends
 * once and audits. Who may: those who act for a service (the Principal Lawyer for Legal Services;
 * IRO administrators and Team Managers for the IRO service) and the Head of Service; meetings are
 * recorded by an IRO Team Manager or the Head of Service. The server says who and when.
 */
import {
  SERVICE_NAMES,
  evaluateServiceDuties,
  formatInstant,
  parseInstant,
  servicesOf,
  type Actor,
  type Clock,
  type Directory,
  type EngineSettings,
  type Person,
  type RegisterPublisher,
  type Service,
  type ServiceDuty,
  type ServiceLog,
  refuse,
  type AuditTrail,
} from '../../core';
import type { ServiceDutiesJson, ServiceDutyJson, ServiceDutyResult } from '../../core/api/service';
import { humanDay, humanInstant, humanMonth } from '../../core/time/human';
import { dayFromIsoDate, isoDateOf } from '../../core/time/london';

const MEETING_ROLES = ['iro-team-manager', 'head-of-service'] as const;

export interface ServiceDutiesDeps {
  log: ServiceLog;
  store: Pick<AuditTrail, 'audit'> & Pick<Directory, 'people'>;
  publisher: RegisterPublisher;
  settings: EngineSettings;
  clock: Clock;
}

export class ServiceDuties {
  constructor(private readonly deps: ServiceDutiesDeps) {}

  async list(person: Person, actor: Actor): Promise<ServiceDutiesJson> {
    this.authorise(person);
    const { duties, names } = await this.load();
    await this.deps.store.audit({ actor, action: 'service-duties.read' });
    const { settings } = this.deps;
    return {
      // Newest first: this month's register and the next meeting lead.
      duties: duties.map((d) => toJson(d, names)).sort((a, b) => (a.from < b.from ? 1 : -1)),
      you: {
        services: servicesOf(person),
        mayRecordMeetings: person.roles.some((r) => MEETING_ROLES.includes(r as never)),
      },
      settings: {
        caseRegisterDay: settings.caseRegisterDay,
        ...(settings.linkMeetingsFrom !== undefined
          ? { linkMeetingsFrom: isoDateOf(settings.linkMeetingsFrom) }
          : {}),
      },
    };
  }

  /** The caller confirms their service has the month's register (now, in the server's time). */
  async confirmRegister(
    person: Person,
    month: string,
    asked: Service | undefined,
    actor: Actor,
  ): Promise<ServiceDutyResult> {
    const mine = servicesOf(person);
    if (!mine.length)
      throw refuse(
        'service-forbidden',
        'Only the Principal Lawyer (for Legal Services) or an IRO administrator or IRO Team Manager (for the IRO service) can confirm a service has the register.',
      );
    if (asked && !mine.includes(asked))
      throw refuse('service-forbidden', `You do not act for ${SERVICE_NAMES[asked]}.`);
    if (!asked && mine.length > 1)
      throw refuse('validation-failed', 'Say which service has it.', {
        errors: [{ path: 'service', message: `is required: you act for ${mine.join(' and ')}` }],
      });
    const service = asked ?? mine[0]!;
    const { duties } = await this.load();
    const duty = duties.find((d) => d.register?.month === month);
    if (!duty) throw refuse('not-found', `There is no register for ${month}.`);
    if (!duty.register!.produced)
      throw refuse(
        'register-not-produced',
        `The register for ${humanMonth(month)} has not been produced yet.`,
      );
    const now = this.deps.clock.now();
    const { appended } = await this.deps.log.appendServiceEvent({
      key: `register.received:${month}:${service}`,
      event: { type: 'register.received', at: formatInstant(now), month, service },
      recordedBy: person.id,
      surface: actor.surface,
    });
    if (appended)
      await this.deps.store.audit({
        actor,
        action: 'service-event.appended',
        detail: { type: 'register.received', month, service },
      });
    const after = await this.load();
    const updated = after.duties.find((d) => d.id === duty.id)!;
    const json = toJson(updated, after.names);
    const had = json.register!.services.find((s) => s.service === service)!.has!;
    const waiting = json
      .register!.services.filter((s) => !s.has)
      .map((s) => SERVICE_NAMES[s.service]);
    const said = appended
      ? `Recorded that ${SERVICE_NAMES[service]} has the register for ${humanMonth(month)}.`
      : `${had.by} had already recorded that ${SERVICE_NAMES[service]} has the register for ${humanMonth(month)}, on ${humanInstant(had.at)}.`;
    const then = waiting.length
      ? ` Still waiting for ${waiting.join(' and ')}: they were told when it was produced and are reminded until they confirm.`
      : ` Both services have it${updated.status === 'missed' ? ', but after the next register was produced, so the month stays missed' : ''}.`;
    return { message: said + then, duty: json };
  }

  /** An IRO Team Manager or the Head of Service records the link meeting of `meeting` held. */
  async recordMeeting(
    person: Person,
    meeting: string,
    body: { heldAt: string; protocolReviewed: boolean },
    actor: Actor,
  ): Promise<ServiceDutyResult> {
    if (!person.roles.some((r) => MEETING_ROLES.includes(r as never)))
      throw refuse(
        'service-forbidden',
        'Only an IRO Team Manager or the Head of Service can record a link meeting.',
      );
    const parsed = parseInstant(body.heldAt);
    const now = this.deps.clock.now();
    if (!parsed.ok || parsed.instant > now)
      throw refuse('validation-failed', 'When the meeting was held is not right.', {
        errors: [
          {
            path: 'heldAt',
            message: parsed.ok
              ? 'is in the future: record a meeting once it has been held'
              : 'must be a date and time, e.g. 2027-03-16T14:00:00Z',
          },
        ],
      });
    const { duties } = await this.load();
    const duty = duties.find((d) => d.meeting?.day === meeting);
    if (!duty)
      throw refuse(
        'not-found',
        `No link meeting falls on ${meeting}: they are every 6 months from the council's first (linkMeetingsFrom).`,
      );
    const { appended } = await this.deps.log.appendServiceEvent({
      key: `link-meeting.held:${meeting}:${body.protocolReviewed ? 'reviewed' : 'not-reviewed'}`,
      event: {
        type: 'link-meeting.held',
        at: formatInstant(parsed.instant),
        meeting,
        protocolReviewed: body.protocolReviewed,
      },
      recordedBy: person.id,
      surface: actor.surface,
    });
    if (appended)
      await this.deps.store.audit({
        actor,
        action: 'service-event.appended',
        detail: { type: 'link-meeting.held', meeting, protocolReviewed: body.protocolReviewed },
      });
    const after = await this.load();
    const json = toJson(
      after.duties.find((d) => d.id === duty.id)!,
      after.names,
    );
    const day = humanDay(dayFromIsoDate(meeting));
    const what = body.protocolReviewed
      ? 'held, with the protocol reviewed'
      : 'held, without a review of the protocol: it stays owed until a review is recorded';
    return {
      message: appended
        ? `Recorded the link meeting of ${day} as ${what}.`
        : `That was already recorded: the link meeting of ${day} was ${what}.`,
      duty: json,
    };
  }

  /** The month's register as published, for those who may see the services' duties. */
  async registerFile(
    person: Person,
    month: string,
    actor: Actor,
  ): Promise<{ name: string; content: Uint8Array } | { url: string }> {
    this.authorise(person);
    const { duties } = await this.load();
    const produced = duties.find((d) => d.register?.month === month)?.register?.produced;
    if (!produced) throw refuse('not-found', `There is no register for ${month} yet.`);
    await this.deps.store.audit({
      actor,
      action: 'report.case-register.opened',
      detail: { month },
    });
    const content = await this.deps.publisher.read?.(produced.file);
    if (!content) return { url: produced.url };
    return { name: produced.file, content };
  }

  private authorise(person: Person): void {
    if (!servicesOf(person).length && !person.roles.includes('head-of-service'))
      throw refuse(
        'service-forbidden',
        'The services’ duties are for the Principal Lawyer, the IRO service’s administrators and Team Managers, and the Head of Service.',
      );
  }

  private async load(): Promise<{ duties: ServiceDuty[]; names: Map<string, string> }> {
    const [log, people] = await Promise.all([
      this.deps.log.readServiceLog(),
      this.deps.store.people(),
    ]);
    return {
      duties: evaluateServiceDuties(log, this.deps.settings, this.deps.clock.now()),
      names: new Map(people.map((p) => [p.id, p.displayName])),
    };
  }
}

function toJson(d: ServiceDuty, names: ReadonlyMap<string, string>): ServiceDutyJson {
  const name = (id: string) =>
    id === 'system' ? 'IRO Liaison' : (names.get(id) ?? 'someone no longer in the directory');
  return {
    id: d.id,
    rule: d.rule,
    title: d.title,
    from: d.from,
    due: d.due,
    deadline: d.deadline,
    status: d.status,
    ...(d.completedAt ? { completedAt: d.completedAt } : {}),
    ...(d.note ? { note: d.note } : {}),
    ...(d.register
      ? {
          register: {
            month: d.register.month,
            ...(d.register.produced ? { produced: d.register.produced } : {}),
            services: (['legal-services', 'iro-service'] as const).map((service) => {
              const has = d.register!.received[service];
              return {
                service,
                name: SERVICE_NAMES[service].replace(/^the /, 'The '),
                ...(has ? { has: { at: has.at, by: name(has.by) } } : {}),
              };
            }),
          },
        }
      : {}),
    ...(d.meeting
      ? {
          meeting: {
            day: d.meeting.day,
            ...(d.meeting.held ? { held: { ...d.meeting.held, by: name(d.meeting.held.by) } } : {}),
          },
        }
      : {}),
  };
}
