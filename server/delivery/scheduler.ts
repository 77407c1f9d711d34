/**
 * The scheduler: every 30 seconds the instance holding the `scheduler` lease turns reminder
 * points that have come, obligations that have fallen overdue and their escalations into outbox
 * items. Each item's key is (obligation, stage, recipient), so a restart, a second instance or a
 * repeated tick never makes a second one. Only cases whose next check has come are evaluated:
 * every write asks for a check, and each check says when the next is needed.
 */
import {
  LIVE_STATUSES,
  formatInstant,
  holdersOf,
  type Directory,
  type Person,
  instantOf,
  iroNotReachedNotices,
  remindedRoles,
  type Clock,
  type NewOutboxItem,
  type Obligation,
  type CaseLog,
  type Outbox,
  type Leases,
} from '../../core';
import type { Cases } from '../cases/cases';
import { BackgroundJob, letRequestsIn } from '../background';
import type { Logger } from '../logging';

export const TICK_MS = 30_000;
/** Long enough to outlive a slow tick; another instance takes over within this if we die. */
const LEASE_MS = 90_000;
const BATCH = 200;

export interface SchedulerDeps {
  store: Pick<CaseLog, 'casesToCheck' | 'setNextCheck'> &
    Leases &
    Pick<Outbox, 'enqueue'> &
    Pick<Directory, 'people'>;
  service: Pick<Cases, 'systemView'>;
  clock: Clock;
  logger: Logger;
  /** This instance's name in the lease. */
  owner: string;
}

export class Scheduler {
  private readonly job: BackgroundJob<number>;

  constructor(private readonly deps: SchedulerDeps) {
    this.job = new BackgroundJob({
      name: 'scheduler',
      work: () => this.sweep(),
      every: TICK_MS,
      lease: { ms: LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  start(tickMs = TICK_MS): void {
    this.job.start({ everyMs: tickMs });
  }

  async stop(): Promise<void> {
    await this.job.stop();
  }

  /**
   * One pass, if this instance holds the lease; returns how many outbox items it made (most
   * already existed and were skipped).
   */
  async tick(): Promise<number> {
    return (await this.job.runOnce()) ?? 0;
  }

  private async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const at = formatInstant(now);
    let made = 0;
    // Who holds which role changes rarely: the directory is read once a tick, not per obligation.
    const people = await this.deps.store.people();
    for (;;) {
      const due = await this.deps.store.casesToCheck(at, BATCH);
      for (const [i, { caseId }] of due.entries()) {
        made += await this.check(caseId, now, people);
        if (i % 25 === 24) await letRequestsIn();
      }
      if (due.length < BATCH) return made;
      // Let requests in between batches: a sweep over many cases must not stall the API.
      await letRequestsIn();
    }
  }

  private async check(caseId: string, now: number, people: Person[]): Promise<number> {
    const view = await this.deps.service.systemView(caseId);
    if (!view) return 0;
    const items: NewOutboxItem[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const o of view.evaluation.obligations) {
      if (!LIVE_STATUSES.has(o.status) || o.due === undefined) continue;
      const due = instantOf(o.due);
      const item = (stage: string, kind: string, recipient: string): NewOutboxItem => ({
        key: `${o.id}:${stage}:${recipient}`,
        caseId,
        recipient,
        kind,
        payload: { obligation: o.id, rule: o.rule, stage },
        availableAt: formatInstant(now),
      });
      if (now > due) {
        for (const p of holdersOf(view.record, o.responsible, people))
          items.push(item('overdue', 'obligation.overdue', p));
        for (const p of holdersOf(view.record, o.escalation.to, people))
          items.push(item('escalation', 'obligation.escalation', p));
        continue;
      }
      // Only the latest reminder reached: after a gap (a new case, downtime) one card, not several.
      const reached = lastReached(o, now);
      if (reached)
        for (const p of holdersOf(view.record, remindedRoles(o), people))
          items.push(item(reached, 'obligation.reminder', p));
      const upcoming = o.reminders.map((r) => instantOf(r.at)).find((t) => t > now);
      // Overdue begins the moment after the due instant.
      next = Math.min(next, upcoming ?? Number.POSITIVE_INFINITY, due + 1);
    }
    // What is addressed to the IRO and not acknowledged by its first reminder: the IRO Team
    // Manager is contacted (the reminder instants above already bring the case back then).
    items.push(...iroNotReachedNotices(view, people, now));
    const made = items.length ? await this.deps.store.enqueue(items) : 0;
    await this.deps.store.setNextCheck(
      caseId,
      view.record.version,
      Number.isFinite(next) ? formatInstant(next) : undefined,
    );
    return made;
  }
}

function lastReached(o: Obligation, now: number): string | undefined {
  let stage: string | undefined;
  for (const r of o.reminders) if (instantOf(r.at) <= now) stage = r.stage;
  return stage;
}
