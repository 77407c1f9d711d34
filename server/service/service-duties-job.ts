/**
 * The services' duties job: every minute the instance holding the `service-duties` lease
 * - starts the service log on its first run (months before it are not the app's to produce);
 * - on the council's register day, produces the month's register of cases with legal input,
 *   publishes it (the site's document library, or `data/registers/`) and records it once;
 * - queues what `core/service/` says is due to be told: the register ready, reminders, overdue
 *   and the Head of Service's escalation; the link meetings' reminders and overdue notices.
 *
 * The file is published before the event is recorded, under the month's own name: a crash in
 * between publishes the same file again on the next run, never a second register.
 */
import {
  SERVICE_NOTICE,
  currentRegisterMonth,
  evaluateServiceDuties,
  formatInstant,
  serviceNoticesDue,
  type Clock,
  type Directory,
  type EngineSettings,
  type RegisterPublisher,
  type ServiceLog,
  type Outbox,
  type AuditTrail,
  type Leases,
} from '../../core';
import { BackgroundJob } from '../background';
import type { Logger } from '../logging';
import { XLSX_CONTENT_TYPE, type CaseRegister } from '../reports/case-register';

const ROUND_MS = 60_000;
const LEASE_MS = 180_000;
const SYSTEM = { recordedBy: 'system', surface: 'api' as const };

export interface ServiceDutiesJobDeps {
  log: ServiceLog;
  store: Leases & Pick<Outbox, 'enqueue'> & Pick<AuditTrail, 'audit'> & Pick<Directory, 'people'>;
  register: Pick<CaseRegister, 'forServices'>;
  publisher: RegisterPublisher;
  settings: EngineSettings;
  clock: Clock;
  logger: Logger;
  owner: string;
}

export const registerFileName = (month: string) => `case-register-${month}.xlsx`;

export class ServiceDutiesJob {
  private readonly job: BackgroundJob<number>;

  constructor(private readonly deps: ServiceDutiesJobDeps) {
    this.job = new BackgroundJob({
      name: 'service-duties',
      work: () => this.duties(),
      every: ROUND_MS,
      lease: { ms: LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  start(roundMs = ROUND_MS): void {
    this.job.start({ everyMs: roundMs });
  }

  async stop(): Promise<void> {
    await this.job.stop();
  }

  /**
   * One round, if this instance holds the lease; returns how many notices it queued (most
   * already existed and were skipped).
   */
  async round(): Promise<number> {
    return (await this.job.runOnce()) ?? 0;
  }

  private async duties(): Promise<number> {
    const { log, store, clock, settings } = this.deps;
    const now = clock.now();
    let events = await log.readServiceLog();
    if (!events.some((e) => e.event.type === 'service-duties.started')) {
      await log.appendServiceEvent({
        key: 'service-duties.started',
        event: { type: 'service-duties.started', at: formatInstant(now) },
        ...SYSTEM,
      });
      events = await log.readServiceLog();
    }
    let duties = evaluateServiceDuties(events, settings, now);
    const month = currentRegisterMonth(now, settings);
    const owed = duties.find((d) => d.register?.month === month);
    if (owed && !owed.register!.produced) {
      await this.produce(month);
      duties = evaluateServiceDuties(await log.readServiceLog(), settings, now);
    }
    const notices = serviceNoticesDue(duties, await store.people(), now);
    if (!notices.length) return 0;
    return store.enqueue(
      notices.map((n) => ({
        key: n.key,
        caseId: '',
        recipient: n.recipient,
        kind: SERVICE_NOTICE,
        payload: n.notice,
        availableAt: formatInstant(now),
      })),
    );
  }

  private async produce(month: string): Promise<void> {
    const { register, publisher, log, clock, logger } = this.deps;
    const { content, cases } = await register.forServices(month);
    const file = registerFileName(month);
    const { url } = await publisher.publish({
      name: file,
      content,
      contentType: XLSX_CONTENT_TYPE,
    });
    await log.appendServiceEvent({
      key: `register.published:${month}`,
      event: {
        type: 'register.published',
        at: formatInstant(clock.now()),
        month,
        file,
        url,
        cases,
      },
      ...SYSTEM,
    });
    logger.info({ month, cases }, 'register of cases with legal input published');
  }
}
