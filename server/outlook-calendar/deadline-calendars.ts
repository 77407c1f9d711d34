/**
 * Deadlines in Outlook calendars: every few minutes the instance holding the `deadline-calendars`
 * lease makes each open obligation with a due instant (open, due-soon, overdue) an event in the
 * calendar of each person who holds a role responsible for it, moves the event when the deadline
 * is recomputed, and removes it when the obligation is met, waived or no longer theirs (the case
 * was reallocated to another IRO, say).
 *
 * Which cases: those where someone with a council mailbox holds a role (their team's cases for
 * team roles, the cases they are a party to), found through the directory as the tab and the bot
 * list a person's cases, and any case the calendars still show events for. A case is looked at
 * when it has changed since it was last reconciled (its version, or its parties: a reallocation
 * changes the members without an event), and once a day whatever happened,
 * since the clock and the holiday calendar change deadlines without a new event in the log. An
 * unchanged case costs no Graph request.
 *
 * For each case the events wanted are compared with those remembered (`DeadlineCalendarStore`):
 * made, moved or removed, each remembered only after Graph said it was done. So a crash repeats
 * work rather than losing it: a create repeated after a crash sends the same `transactionId` and
 * gets the first event back; a removal repeated finds it gone. An event the person deleted by
 * hand answers 404 to a move and is made again, as a new event (the next generation's
 * transactionId). A case is marked reconciled only when all of it went through, so one that met
 * throttling or an outage is tried again next round; a refusal that waiting will not change
 * (a mailbox that does not exist, or that the app may not write to) is logged and counted and
 * left until the case changes or the day's look.
 *
 * Logs carry case references and counts, never names.
 */
import { createHash } from 'node:crypto';
import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  LIVE_STATUSES,
  TEAM_ROLES,
  formatInstant,
  holdersOf,
  type CaseMember,
  type Clock,
  type Directory,
  type Obligation,
  type Person,
  type Role,
  type CaseLog,
  type Leases,
} from '../../core';
import type { CalendarDeadline, DeadlineCalendar } from '../../core/ports/deadline-calendar';
import type {
  DeadlineCalendarStore,
  DeadlineEntry,
  ReconciledCase,
} from '../../core/ports/deadline-calendar-store';
import type { Cases } from '../cases/cases';
import { BackgroundJob, Rounds } from '../background';
import { isGraphTimeout } from '../graph/graph-client';
import type { Logger } from '../logging';

export const LEASE_NAME = 'deadline-calendars';
const INTERVAL_MS = 5 * 60_000;
const LEASE_MS = 10 * 60_000;
/** The lease is renewed this often during a long round, so no other instance starts one. */
const RENEW_MS = 60_000;
/** Every case is looked at at least this often, changed or not. */
export const FULL_LOOK_MS = 24 * 3_600_000;
/** Roles held outside the council's tenant: no calendar of theirs the app may write to. */
const OUTSIDE_COUNCIL: readonly Role[] = ['guardian', 'childs-solicitor', 'court'];
/** Cases reconciled at once (each person's mailbox has its own limit of 4 requests). */
const PARALLEL = 4;
const PAGE = 200;

export interface DeadlineCalendarsDeps {
  calendar: DeadlineCalendar;
  store: DeadlineCalendarStore & Leases & Pick<CaseLog, 'listCases'> & Pick<Directory, 'people'>;
  service: Pick<Cases, 'systemView'>;
  clock: Clock;
  logger: Logger;
  owner: string;
  intervalMs?: number;
}

export interface CalendarRoundReport {
  /** Cases looked at (changed, due their daily look, or never reconciled). */
  cases: number;
  created: number;
  moved: number;
  removed: number;
  /** Events made again because the person had deleted them. */
  remade: number;
  /** Changes Graph refused for good (no such mailbox, no access). */
  refused: number;
  /** Cases left for the next round (throttling, an outage, a store failure). */
  failedCases: number;
}

/** An event a case should have: a deadline in one person's calendar. */
interface Wanted {
  personId: string;
  mailbox: string;
  deadline: CalendarDeadline;
}

export class DeadlineCalendars extends Rounds<CalendarRoundReport> {
  protected readonly job: BackgroundJob<CalendarRoundReport>;

  constructor(private readonly deps: DeadlineCalendarsDeps) {
    super();
    this.job = new BackgroundJob({
      name: LEASE_NAME,
      work: () => this.round(),
      every: deps.intervalMs ?? INTERVAL_MS,
      lease: { ms: LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  private async round(): Promise<CalendarRoundReport> {
    const report: CalendarRoundReport = {
      cases: 0,
      created: 0,
      moved: 0,
      removed: 0,
      remade: 0,
      refused: 0,
      failedCases: 0,
    };
    const people = await this.deps.store.people();
    const due = await this.casesDue(people);
    report.cases = due.length;
    const byId = new Map(people.map((p) => [p.id, p]));
    let next = 0;
    let renewedAt = this.deps.clock.now();
    let lost = false;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, due.length) }, async () => {
        while (next < due.length && !lost) {
          if (this.deps.clock.now() - renewedAt >= RENEW_MS) {
            renewedAt = this.deps.clock.now();
            lost = !(await this.job.holdLease());
            if (lost) break;
          }
          const caseId = due[next++]!;
          try {
            await this.reconcile(caseId, people, byId, report);
          } catch (err) {
            report.failedCases++;
            // Graph's own message can name a mailbox: its status and code say enough.
            this.deps.logger.warn(
              err instanceof GraphError
                ? { caseId, status: err.statusCode, code: err.code }
                : { caseId, err },
              'deadline calendars: a case is left for the next round',
            );
          }
        }
      }),
    );
    if (lost) this.deps.logger.warn('deadline calendars: the lease passed on during a round');
    this.deps.logger.info({ ...report }, 'deadline calendars round');
    return report;
  }

  /** Case ids to reconcile this round: changed, due their daily look, or still showing events. */
  private async casesDue(people: Person[]): Promise<string[]> {
    const now = this.deps.clock.now();
    const marks = new Map(
      (await this.deps.store.reconciledCases()).map((m) => [m.caseId, m] as const),
    );
    const versions = await this.caseVersions(people);
    const due = new Set<string>();
    for (const [caseId, c] of versions) {
      const mark = marks.get(caseId);
      const unchanged =
        mark &&
        mark.version === c.version &&
        mark.members === membersDigest(c.members) &&
        now - Date.parse(mark.at) < FULL_LOOK_MS;
      if (!unchanged) due.add(caseId);
    }
    // No one with a calendar holds a role on it any more, but it still has events to take away.
    for (const mark of marks.values())
      if (!versions.has(mark.caseId) && mark.events > 0) due.add(mark.caseId);
    return [...due].sort();
  }

  /** Every case someone with a calendar holds a role on, with its version and members. */
  private async caseVersions(
    people: Person[],
  ): Promise<Map<string, { version: number; members: CaseMember[] }>> {
    const versions = new Map<string, { version: number; members: CaseMember[] }>();
    const eligible = people.filter(hasCalendar);
    const teams = new Set(
      eligible.filter((p) => p.roles.some((r) => TEAM_ROLES.includes(r))).flatMap((p) => p.teams),
    );
    const queries = [
      ...(teams.size ? [{ teams: [...teams] }] : []),
      ...eligible.map((p) => ({ memberId: p.id })),
    ];
    for (const query of queries) {
      let after: string | undefined;
      for (;;) {
        const page = await this.deps.store.listCases({ ...query, limit: PAGE, after });
        for (const c of page) versions.set(c.header.id, { version: c.version, members: c.members });
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.header.id;
      }
    }
    return versions;
  }

  private async reconcile(
    caseId: string,
    people: Person[],
    byId: Map<string, Person>,
    report: CalendarRoundReport,
  ): Promise<void> {
    const { store, calendar, service } = this.deps;
    const view = await service.systemView(caseId);
    const wanted = new Map<string, Wanted>();
    for (const o of view?.evaluation.obligations ?? []) {
      if (!view || !LIVE_STATUSES.has(o.status) || o.due === undefined) continue;
      for (const personId of holdersOf(view.record, o.responsible, people)) {
        const person = byId.get(personId);
        if (!person || !hasCalendar(person)) continue;
        wanted.set(keyOf(o.id, personId), {
          personId,
          mailbox: person.email!.toLowerCase(),
          deadline: deadlineOf(caseId, o),
        });
      }
    }
    const entries = new Map(
      (await store.deadlineEntriesOf(caseId)).map((e) => [keyOf(e.obligationId, e.personId), e]),
    );
    const save = async (e: DeadlineEntry) => {
      await store.saveDeadlineEntry(e);
      entries.set(keyOf(e.obligationId, e.personId), e);
    };
    const refused = (err: unknown) => {
      if (!isRefusal(err)) throw err;
      report.refused++;
      this.deps.logger.warn(
        { caseId, status: (err as GraphError).statusCode, code: (err as GraphError).code },
        'deadline calendars: Graph refused a change',
      );
    };

    // Events no longer wanted, or wanted in another mailbox (the person's address changed).
    for (const [key, e] of entries) {
      if (e.eventId === undefined) continue;
      const want = wanted.get(key);
      if (want && want.mailbox === e.mailbox.toLowerCase()) continue;
      try {
        await calendar.remove(e.mailbox, e.eventId);
        await save(withoutEvent(e));
        report.removed++;
      } catch (err) {
        refused(err);
      }
    }

    for (const [key, want] of wanted) {
      const e = entries.get(key);
      try {
        // A remembered event whose move answers 404: the person deleted it; it is made again.
        let deleted = false;
        if (e?.eventId !== undefined) {
          // In another mailbox that refused its removal above: nothing more to do until it goes.
          if (e.mailbox.toLowerCase() !== want.mailbox) continue;
          if (Date.parse(e.due) === Date.parse(want.deadline.due)) continue;
          const moved = await calendar.move(e.mailbox, e.eventId, want.deadline);
          if (moved === 'moved') {
            await save({ ...e, due: want.deadline.due });
            report.moved++;
            continue;
          }
          deleted = true;
        }
        const generation = (e?.made ?? 0) + 1;
        const eventId = await calendar.create(want.mailbox, want.deadline, {
          personId: want.personId,
          generation,
        });
        await save({
          caseId,
          obligationId: want.deadline.obligationId,
          personId: want.personId,
          mailbox: want.mailbox,
          eventId,
          due: want.deadline.due,
          made: generation,
        });
        if (deleted) report.remade++;
        else report.created++;
      } catch (err) {
        refused(err);
      }
    }

    const at = formatInstant(this.deps.clock.now());
    const mark: ReconciledCase = {
      caseId,
      version: view?.record.version ?? -1,
      members: membersDigest(view?.record.members ?? []),
      at,
      events: [...entries.values()].filter((e) => e.eventId !== undefined).length,
    };
    await store.markReconciled(mark);
  }
}

/** Someone whose own Outlook calendar the app may write to: a council mailbox. */
function hasCalendar(p: Person): boolean {
  return p.email !== undefined && p.roles.some((r) => !OUTSIDE_COUNCIL.includes(r));
}

/** Who the case's parties are, in a few characters: the same members in any order, the same digest. */
export function membersDigest(members: readonly CaseMember[]): string {
  const text = members
    .map((m) => `${m.role}\u0000${m.personId}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function keyOf(obligationId: string, personId: string): string {
  return `${obligationId}\n${personId}`;
}

function withoutEvent(e: DeadlineEntry): DeadlineEntry {
  const rest = { ...e };
  delete rest.eventId;
  return rest;
}

function deadlineOf(caseId: string, o: Obligation): CalendarDeadline {
  return {
    caseId,
    obligationId: o.id,
    title: o.title,
    due: o.due!,
    source: o.source,
    notes: o.warnings.map((w) => w.message),
  };
}

/**
 * A refusal waiting will not change: a 4xx other than throttling or a timeout (a mailbox that
 * does not exist, or outside the app's scope). Anything else leaves the case for the next round.
 */
function isRefusal(err: unknown): boolean {
  if (!(err instanceof GraphError) || isGraphTimeout(err)) return false;
  const s = err.statusCode;
  return s >= 400 && s < 500 && s !== 408 && s !== 429;
}
