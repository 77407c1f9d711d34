/**
 * The case service: the case operations the API and the bot use (the `CaseOperations` port). Every
 * read is authorised against the caller's roles on the case and audited; every change is
 * validated against the event vocabulary and the access matrix, and appended, once, through
 * `append` with optimistic concurrency. Use cases that have their own module are handed on:
 * sending the IRO alert (iro-alert.ts), retracting an event (retract-event.ts), the suggestions
 * (../signals/suggestions.ts); the rest are still here, to be moved the same way.
 */
import {
  canSeeCase,
  caseHeaderSchema,
  checkSequence,
  checkTiming,
  completionEvents,
  deliveryOf,
  EVENT_TYPES,
  holdersOf,
  formatInstant,
  appendNotices,
  needsDirectory,
  instantOf,
  mayActOn,
  mayRecord,
  repeatedAction,
  caseIdOfObligation,
  parseInstant,
  rolesOnCase,
  retractableBy,
  TEAM_ROLES,
  validateEvent,
  type Actor,
  type CaseEvaluation,
  type CaseEvent,
  type CaseListQuery,
  type CaseOperations,
  type CaseSummary,
  type CaseView,
  type RecordResult,
  type CaseMember,
  type CaseRecord,
  type CaseStore,
  type Clock,
  type Directory,
  type EngineSettings,
  type NewOutboxItem,
  type Obligation,
  CARD_UPDATE,
  type ObligationAction,
  type Party,
  type Person,
  type RecordedEvent,
  UNDONE_STATUSES,
  isLiaisonError,
  refuse,
} from '../../core';
import { contentHash } from '../store/audit-chain';
import { openingParties, partiesNamedBy } from './case-parties';
import { CaseEvaluations } from './evaluations';
import { IroAlert } from './iro-alert';

const OPEN_STATUSES = new Set(['open', 'due-soon', 'overdue']);

/**
 * When each still-open obligation of a case falls due (and becomes due soon), as of one version
 * of its log. Which obligations exist, and which are closed, depends only on the log; open ones
 * move from open to due-soon to overdue with the clock alone. So the dashboard's counts for any
 * later instant follow from this without evaluating the case again, until the log changes.
 */
interface OpenTimeline {
  version: number;
  open: { due?: number; dueSoonFrom?: number }[];
}

/** Cases whose timelines are kept in memory (the oldest is dropped beyond this). */
const TIMELINES_KEPT = 50_000;

export class CaseService implements CaseOperations {
  private readonly timelines = new Map<string, OpenTimeline>();

  /** Each case's evaluation while it holds, shared by every caller of this service. */
  readonly evaluations: CaseEvaluations;
  private readonly iroAlert: IroAlert;

  constructor(
    private readonly store: CaseStore,
    private readonly directory: Directory,
    private readonly settings: EngineSettings,
    private readonly clock: Clock,
  ) {
    this.evaluations = new CaseEvaluations(settings, clock);
    this.iroAlert = new IroAlert({
      cases: this,
      store,
      directory,
      evaluations: this.evaluations,
      settings,
      clock,
    });
  }

  async openCase(
    person: Person,
    input: { case: unknown; team: string; members?: CaseMember[] },
    actor: Actor,
  ): Promise<CaseRecord> {
    const header = caseHeaderSchema.safeParse(input.case);
    if (!header.success) {
      const issue = header.error.issues[0]!;
      throw refuse('invalid-request', `case.${issue.path.join('.')}: ${issue.message}`);
    }
    const members = await openingParties(this.directory, person, input.team, input.members ?? []);
    const created = await this.store.createCase(
      { header: header.data, team: input.team, members },
      actor,
    );
    if (!created) throw refuse('case-exists', `A case ${header.data.id} already exists.`);
    return created;
  }

  /**
   * A case as the system sees it, for the scheduler and the notification dispatcher: no person,
   * so no authorisation and no read audit here; they audit what they deliver, to whom.
   */
  async systemView(caseId: string): Promise<
    | {
        record: CaseRecord;
        log: RecordedEvent[];
        evaluation: CaseEvaluation;
      }
    | undefined
  > {
    const record = await this.store.getCase(caseId);
    if (!record) return undefined;
    const log = await this.store.readEvents(caseId);
    return { record, log, evaluation: this.evaluate(record, log) };
  }

  /**
   * The directory's entry for each member of these cases, each person read once however many of
   * the cases they are on. (Not the whole directory: it is far larger than the people on a page.)
   */
  private async peopleOn(records: CaseRecord[]): Promise<Map<string, Person | undefined>> {
    const people = new Map<string, Person | undefined>();
    for (const r of records)
      for (const m of r.members)
        if (!people.has(m.personId))
          people.set(m.personId, await this.directory.person(m.personId));
    return people;
  }

  private async parties(record: CaseRecord): Promise<Party[]> {
    return partiesOf(record, await this.peopleOn([record]), { email: true });
  }

  /** Loads a case the caller may see (404 for cases that do not exist, 403 for the rest). */
  async visibleCase(person: Person, caseId: string): Promise<CaseRecord> {
    const record = await this.store.getCase(caseId);
    if (!record) throw refuse('case-not-found', `There is no case ${caseId}.`);
    if (!canSeeCase(person, record))
      throw refuse('case-forbidden', 'You are not a party to this case or a manager of its team.');
    return record;
  }

  /** The case as its log stands (with `extra` appended, if given), now. */
  private evaluate(
    record: CaseRecord,
    events: RecordedEvent[],
    extra: CaseEvent[] = [],
  ): CaseEvaluation {
    return extra.length
      ? this.evaluations.after(record, events, extra)
      : this.evaluations.of(record, events);
  }

  async getCase(person: Person, caseId: string, actor: Actor): Promise<CaseView> {
    const record = await this.visibleCase(person, caseId);
    const events = await this.store.readEvents(caseId);
    const outbox = await this.store.outboxForCase(caseId);
    await this.store.audit({ actor, action: 'case.read', caseId });
    return {
      case: record,
      events,
      evaluation: this.evaluate(record, events),
      myRoles: [...rolesOnCase(person, record)],
      myEvents: EVENT_TYPES.filter((t) => mayRecord(person, record, t)),
      myRetractable: retractableBy(person, record, events),
      parties: await this.parties(record),
      deliveries: outbox.filter((i) => i.kind !== CARD_UPDATE).map(deliveryOf),
    };
  }

  /** The cases a person may see: those they are party to and their teams' cases (for team roles). */
  async listCases(
    person: Person,
    query: CaseListQuery,
    actor: Actor,
  ): Promise<{ cases: CaseSummary[]; next?: string }> {
    const teamRoles = person.roles.some((r) => TEAM_ROLES.includes(r));
    const teams = teamRoles
      ? person.teams.filter((t) => query.team === undefined || t === query.team)
      : [];
    const out: Omit<CaseSummary, 'parties'>[] = [];
    let after = query.after;
    // Filters apply after evaluation, so read pages until this one is full or the cases run out.
    for (;;) {
      const page = await this.store.listCases({
        teams,
        memberId: person.id,
        limit: query.limit,
        after,
      });
      for (const record of page) {
        if (query.team !== undefined && record.team !== query.team) continue;
        // Before the evaluation below, so a search evaluates only the cases it finds.
        if (
          query.reference !== undefined &&
          !record.header.id.toUpperCase().includes(query.reference)
        )
          continue;
        if (query.role !== undefined && !rolesOnCase(person, record).has(query.role)) continue;
        const counts = await this.countsNow(record);
        if (query.status === 'open' && counts.open + counts.dueSoon + counts.overdue === 0)
          continue;
        if (query.status === 'due-soon' && counts.dueSoon === 0) continue;
        if (query.status === 'overdue' && counts.overdue === 0) continue;
        out.push({ case: record, counts });
        if (out.length === query.limit) return this.listed(out, actor, record.header.id);
      }
      if (page.length < query.limit) break;
      after = page[page.length - 1]!.header.id;
    }
    return this.listed(out, actor);
  }

  /**
   * A page of the list as it goes out, audited: the parties named with one directory lookup per
   * person on the page, not per case (the same few people are on most of a team's cases), and
   * without their e-mail addresses, which the case view gives and a list has no use for.
   */
  private async listed(
    page: Omit<CaseSummary, 'parties'>[],
    actor: Actor,
    next?: string,
  ): Promise<{ cases: CaseSummary[]; next?: string }> {
    const people = await this.peopleOn(page.map((c) => c.case));
    const cases = page.map(({ case: record, counts }) => ({
      case: record,
      counts,
      parties: partiesOf(record, people, { email: false }),
    }));
    await this.store.audit({
      actor,
      action: 'cases.listed',
      detail: { cases: cases.map((c) => c.case.header.id) },
    });
    return next === undefined ? { cases } : { cases, next };
  }

  /** Validates and records one event; a repeat with the same idempotency key changes nothing. */
  async recordEvent(
    person: Person,
    caseId: string,
    input: { event: unknown; expectedVersion?: number; idempotencyKey?: string },
    actor: Actor,
  ): Promise<RecordResult> {
    const validated = validateEvent(input.event, 'event');
    if (!validated.ok) {
      const first = validated.issues[0]!;
      throw refuse('invalid-event', `${first.path}: ${first.message}`, {
        errors: validated.issues,
      });
    }
    const event = validated.value;
    if (event.type.startsWith('obligation.')) {
      throw refuse(
        'invalid-event',
        'event.type: acknowledge, complete, waive or say you cannot meet an obligation through /api/obligations/{id}.',
      );
    }
    if (event.type === 'event.retracted')
      throw refuse(
        'invalid-event',
        'event.type: retract an event through /api/cases/{id}/events/{seq}/retract.',
      );
    if (event.type === 'party.left')
      throw refuse(
        'invalid-event',
        'event.type: a person leaves every case when they are deactivated (/api/admin/people/{id}/leave).',
      );
    const request = { event: input.event, expectedVersion: input.expectedVersion };
    return this.append(person, caseId, [event], { ...input, request }, actor, (record) => {
      if (!mayRecord(person, record, event.type)) {
        throw refuse('event-forbidden', `Your role on this case does not record "${event.type}".`);
      }
    });
  }

  // Send IRO alert: the use case is in iro-alert.ts; these give it through the CaseOperations port.
  sendIroAlert(...args: Parameters<IroAlert['send']>) {
    return this.iroAlert.send(...args);
  }

  previewIroAlert(...args: Parameters<IroAlert['preview']>) {
    return this.iroAlert.preview(...args);
  }

  currentIroAlert(...args: Parameters<IroAlert['current']>) {
    return this.iroAlert.current(...args);
  }

  latestIroAlert(...args: Parameters<IroAlert['latest']>) {
    return this.iroAlert.latest(...args);
  }

  async actOnObligation(
    person: Person,
    obligationId: string,
    action: ObligationAction,
    input: {
      reason?: string;
      inputs?: Record<string, unknown>;
      at?: string;
      idempotencyKey?: string;
    },
    actor: Actor,
  ): Promise<{ obligation: Obligation; version: number; changed: boolean }> {
    const caseId = caseIdOfObligation(obligationId);
    const record = await this.visibleCase(person, caseId).catch((e: unknown) => {
      throw isLiaisonError(e) && e.kind === 'not-found'
        ? refuse('obligation-not-found', `There is no obligation ${obligationId}.`)
        : e;
    });
    const log = await this.store.readEvents(caseId);
    const current = this.evaluate(record, log).obligations.find((o) => o.id === obligationId);
    if (!current) throw refuse('obligation-not-found', `There is no obligation ${obligationId}.`);
    if (!mayActOn(person, record, current, action)) {
      throw refuse(
        'obligation-forbidden',
        `Your role on this case does not ${action} this obligation.`,
      );
    }
    const at = input.at === undefined ? formatInstant(this.clock.now()) : happenedAt(input.at);
    const closed = !OPEN_STATUSES.has(current.status);
    // Done twice (a double press, a retry without a key): the first answer, nothing recorded.
    if (repeatedAction(current, action, person.id, input.reason)) {
      return {
        obligation: current,
        version: record.version,
        changed: false,
        ...(action === 'cannot-meet'
          ? { told: (await this.cannotMeetAudience(record, current)).told }
          : {}),
      };
    }
    if (closed && action !== 'acknowledge') {
      throw refuse('obligation-closed', `The obligation is already ${current.status}.`, {
        status: current.status,
      });
    }
    let events: CaseEvent[];
    let outbox: NewOutboxItem[] = [];
    let told: { personId: string; displayName: string }[] | undefined;
    if (action === 'waive' || action === 'cannot-meet') {
      const reason = input.reason?.trim();
      if (!reason)
        throw refuse(
          'invalid-request',
          `reason: ${action === 'waive' ? 'a waiver' : 'saying it cannot be met'} needs a reason`,
        );
      events = [
        {
          type: action === 'waive' ? 'obligation.waived' : 'obligation.cannot-meet',
          at,
          obligation: obligationId,
          by: person.id,
          reason,
          surface: actor.surface,
        },
      ];
      // The managers the rule escalates to hear at once, not when it falls overdue.
      if (action === 'cannot-meet') {
        const audience = await this.cannotMeetAudience(record, current);
        told = audience.told;
        outbox = audience.ids.map((recipient) => ({
          key: `${obligationId}:cannot-meet:${at}:${recipient}`,
          caseId,
          recipient,
          kind: 'obligation.escalation',
          payload: { obligation: obligationId, rule: current.rule, stage: 'cannot-meet' },
          availableAt: at,
        }));
      }
    } else if (action === 'complete') {
      events = await this.completion(person, record, current, input.inputs ?? {}, at, actor);
    } else {
      events = [
        {
          type: 'obligation.acknowledged',
          at,
          obligation: obligationId,
          by: person.id,
          // Of the deadline as it is now: if it moves, the acknowledgement is asked for again.
          ...(current.due ? { due: current.due } : {}),
          surface: actor.surface,
        },
      ];
    }
    // Appended at the version just judged: if the case moved on meanwhile, that is a 409.
    const result = await this.append(
      person,
      caseId,
      events,
      {
        ...input,
        outbox,
        request: { obligationId, action, reason: input.reason, inputs: input.inputs, at: input.at },
      },
      actor,
      () => undefined,
      { record, log },
    );
    const after = this.evaluate(record, result.logAfter).obligations.find(
      (o) => o.id === obligationId,
    )!;
    return {
      obligation: after,
      version: result.version,
      changed: !result.replayed,
      ...(told ? { told } : {}),
    };
  }

  /** Who hears at once that an obligation cannot be met: the managers it escalates to. */
  private async cannotMeetAudience(record: CaseRecord, o: Obligation) {
    const people = await this.directory.people();
    const ids = holdersOf(record, o.escalation.to, people);
    return { ids, told: byName(ids, people) };
  }

  /**
   * The events that complete an obligation: what the protocol expects for its rule (with the
   * fields the person gave), each of which the person must be allowed to record.
   */
  private async completion(
    person: Person,
    record: CaseRecord,
    obligation: Obligation,
    inputs: Record<string, unknown>,
    at: string,
    actor: Actor,
  ): Promise<CaseEvent[]> {
    const names = new Map([[person.id, person.displayName]]);
    if (typeof inputs.iro === 'string') {
      const iro = await this.directory.person(inputs.iro);
      if (iro?.roles.includes('iro')) names.set(iro.id, iro.displayName);
    }
    const done = completionEvents(obligation, inputs, {
      at,
      by: person.id,
      nameOf: (id) => names.get(id),
    });
    if (!done.ok) throw refuse('invalid-request', `inputs: ${done.message}`);
    for (const e of done.events) {
      if (e.type !== 'obligation.completed' && !mayRecord(person, record, e.type))
        throw refuse('event-forbidden', `Your role on this case does not record "${e.type}".`);
    }
    return done.events.map((e) => ({ ...e, surface: actor.surface }));
  }

  /** A case's counts now, from its cached timeline while its log is unchanged. */
  private async countsNow(record: CaseRecord): Promise<CaseSummary['counts']> {
    const id = record.header.id;
    let timeline = this.timelines.get(id);
    if (timeline?.version !== record.version) {
      const events = await this.store.readEvents(id);
      const evaluation = this.evaluate(record, events);
      timeline = {
        version: record.version,
        // A missed duty stays a breach: the dashboard counts it with the overdue.
        open: evaluation.obligations
          .filter((o) => UNDONE_STATUSES.has(o.status))
          .map((o) => ({
            due: o.due === undefined ? undefined : instantOf(o.due),
            dueSoonFrom: o.reminders[0] === undefined ? undefined : instantOf(o.reminders[0].at),
          })),
      };
      // An event dated a little ahead of the clock is not yet counted: do not keep that view.
      const last = events[events.length - 1];
      if (!last || instantOf(last.event.at) <= this.clock.now()) {
        this.timelines.delete(id);
        this.timelines.set(id, timeline);
        if (this.timelines.size > TIMELINES_KEPT)
          this.timelines.delete(this.timelines.keys().next().value!);
      }
    }
    return countAt(timeline, this.clock.now());
  }

  /**
   * What is on this person, soonest first: obligations they hold a responsible role for, and
   * those addressed to them that they have not yet acknowledged.
   */
  async myObligations(
    person: Person,
    actor: Actor,
  ): Promise<{ case: CaseRecord; obligation: Obligation; as: 'responsible' | 'recipient' }[]> {
    const teams = person.teams;
    const out: { case: CaseRecord; obligation: Obligation; as: 'responsible' | 'recipient' }[] = [];
    const seen = new Set<string>();
    // Their own cases, and those of whom they stand in for as a deputy.
    for (const memberId of [person.id, ...(person.coversFor ?? [])]) {
      let after: string | undefined;
      for (;;) {
        const page = await this.store.listCases({ teams, memberId, limit: 200, after });
        for (const record of page) {
          if (seen.has(record.header.id)) continue;
          seen.add(record.header.id);
          const roles = rolesOnCase(person, record);
          if (!roles.size) continue;
          const evaluation = this.evaluate(record, await this.store.readEvents(record.header.id));
          for (const o of evaluation.obligations) {
            if (!OPEN_STATUSES.has(o.status)) continue;
            // On me to do, or addressed to me and not yet acknowledged (the IRO and the IRO alert).
            if (o.responsible.some((r) => roles.has(r)))
              out.push({ case: record, obligation: o, as: 'responsible' });
            else if (
              o.recipients.some((r) => roles.has(r)) &&
              !o.acknowledgements.some((a) => a.by === person.id)
            )
              out.push({ case: record, obligation: o, as: 'recipient' });
          }
        }
        if (page.length < 200) break;
        after = page[page.length - 1]!.header.id;
      }
    }
    await this.store.audit({ actor, action: 'obligations.listed', detail: { count: out.length } });
    // By instant, not text: in the hour the clocks go back, +01:00 and +00:00 times interleave.
    const at = (o: Obligation) =>
      o.due === undefined ? Number.POSITIVE_INFINITY : instantOf(o.due);
    return out.sort((a, b) => at(a.obligation) - at(b.obligation));
  }

  /**
   * Validates, authorises and appends events, with the notices they cause, once: the one way a
   * use case records something (`retract-event.ts` and the methods here).
   */
  async append(
    person: Person,
    caseId: string,
    events: CaseEvent[],
    input: {
      expectedVersion?: number;
      idempotencyKey?: string;
      /** The request as the client sent it: what the idempotency key stands for. */
      request: unknown;
      outbox?: NewOutboxItem[];
    },
    actor: Actor,
    authorise: (record: CaseRecord) => void,
    /** The case and log the caller already read: appended at that version, or a 409. */
    loaded?: { record: CaseRecord; log: RecordedEvent[] },
  ): Promise<
    RecordResult & { record: CaseRecord; logAfter: RecordedEvent[]; members: CaseMember[] }
  > {
    const record = loaded?.record ?? (await this.visibleCase(person, caseId));
    authorise(record);
    // Who recorded it is the verified caller, whatever the event said; where from, the route's.
    const parties = await partiesNamedBy(
      this.directory,
      record,
      events.map((e) => ({ ...e, by: person.id, surface: e.surface ?? actor.surface })),
    );
    events = parties.events;
    const now = this.clock.now();
    const log = loaded?.log ?? (await this.store.readEvents(caseId));
    const prior = log.map((e) => e.event);
    for (const e of events) {
      const timing = checkTiming(prior, e, 'event', now);
      if (timing.length) throw refuse('invalid-event', `${timing[0]!.path}: ${timing[0]!.message}`);
      const sequence = checkSequence(prior, e, 'event');
      if (sequence.length) {
        // A request repeated with its key after the log has moved on is a replay, not a new
        // event out of order: the store answers with the first result (an impossible expected
        // version means it can never append here).
        if (input.idempotencyKey !== undefined) {
          const replay = await this.store.append({
            caseId,
            expectedVersion: -1,
            events,
            actor,
            idempotencyKey: input.idempotencyKey,
            requestHash: requestHashOf(input.request),
          });
          if (replay.status === 'replayed')
            return {
              version: replay.version,
              replayed: true,
              events: replay.events,
              record,
              logAfter: log,
              members: record.members,
            };
          if (replay.status === 'key-reused')
            throw refuse(
              'idempotency-key-reused',
              'This idempotency key was used for a different request.',
            );
        }
        throw refuse('invalid-event', `${sequence[0]!.path}: ${sequence[0]!.message}`);
      }
      prior.push(e);
    }
    const expectedVersion = input.expectedVersion ?? record.version;
    const before = this.evaluate(record, log);
    const after = this.evaluate(record, log, events);
    const version = expectedVersion + events.length;
    const result = await this.store.append({
      caseId,
      expectedVersion,
      events,
      actor,
      idempotencyKey: input.idempotencyKey,
      requestHash: requestHashOf(input.request),
      outbox: [
        ...appendNotices({
          record,
          members: parties.members,
          started: parties.started,
          ended: parties.ended,
          people: needsDirectory(parties) ? await this.directory.people() : [],
          before,
          after,
          at: formatInstant(now),
          by: person.id,
          version,
          correction: events.some((e) => e.type === 'event.retracted'),
        }),
        ...(input.outbox ?? []),
      ],
      addMembers: parties.started,
      endMembers: parties.ended,
    });
    switch (result.status) {
      case 'appended':
        // What was evaluated is what was stored: it is this version's evaluation.
        if (sameEvents(result.events, events))
          this.evaluations.appended(record, result.version, after);
        return {
          version: result.version,
          replayed: false,
          events: result.events,
          record,
          logAfter: [...log, ...result.events],
          members: parties.members,
        };
      case 'replayed':
        return {
          version: result.version,
          replayed: true,
          events: result.events,
          record,
          logAfter: log,
          members: record.members,
        };
      case 'conflict':
        throw refuse(
          'version-conflict',
          `The case changed (now at version ${result.currentVersion}); reload and try again.`,
          {
            currentVersion: result.currentVersion,
          },
        );
      case 'key-reused':
        throw refuse(
          'idempotency-key-reused',
          'This idempotency key was used for a different request.',
        );
      case 'not-found':
        throw refuse('case-not-found', `There is no case ${caseId}.`);
    }
  }
}

/** When something happened, as a person gave it (`at`): an instant with a time and an offset. */
function happenedAt(text: string): string {
  const parsed = parseInstant(text);
  if (!parsed.ok || parsed.dateOnly)
    throw refuse(
      'invalid-request',
      `at: ${parsed.ok ? 'needs a time of day and an offset' : parsed.reason}`,
    );
  return text;
}

/** A case's members with their names (the id where the directory has no such person). */
function partiesOf(
  record: CaseRecord,
  people: ReadonlyMap<string, Person | undefined>,
  include: { email: boolean },
): Party[] {
  return record.members.map((m) => {
    const p = people.get(m.personId);
    return {
      personId: m.personId,
      role: m.role,
      displayName: p?.displayName ?? m.personId,
      ...(include.email && p?.email ? { email: p.email } : {}),
    };
  });
}

/**
 * Counts as the dashboard shows them: obligations with a deadline that are open, due soon or
 * overdue (missed ones, past their deadline and never done, among the overdue).
 */
function countAt(timeline: OpenTimeline, now: number): CaseSummary['counts'] {
  const counts = { open: 0, dueSoon: 0, overdue: 0 };
  for (const o of timeline.open) {
    if (o.due === undefined) continue;
    if (now > o.due) counts.overdue++;
    else if (o.dueSoonFrom !== undefined && now >= o.dueSoonFrom) counts.dueSoon++;
    else counts.open++;
  }
  return counts;
}

function sameEvents(stored: RecordedEvent[], evaluated: CaseEvent[]): boolean {
  return JSON.stringify(stored.map((e) => e.event)) === JSON.stringify(evaluated);
}

/** A request as the client sent it, hashed: what an idempotency key stands for. */
function requestHashOf(request: unknown): string {
  return contentHash(request);
}

/** Who was told, by name (the id only for someone no longer in the directory). */
function byName(ids: string[], people: Person[]): { personId: string; displayName: string }[] {
  return ids.map((id) => ({
    personId: id,
    displayName: people.find((p) => p.id === id)?.displayName ?? id,
  }));
}
