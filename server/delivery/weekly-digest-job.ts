/**
 * The weekly digest job: every minute the instance holding the `weekly-digest` lease looks for
 * people whose digest time has come this week (their day, or the council's, at the council's
 * time). When anyone's has, it evaluates every case once, and queues for each of them what
 * `core/notices/weekly-digest.ts` says — through the outbox, so the same Teams limits, retries
 * and email fallback apply, and the key (week, person) makes it once a week whatever happens.
 *
 * Who has been queued this week is remembered in memory only to spare the evaluation; after a
 * restart the outbox's keys are what stop a second digest.
 */
import {
  DIGEST,
  digestDue,
  digestEntriesByPerson,
  formatInstant,
  lateNowItems,
  weeklyDigest,
  type Clock,
  type DigestEntry,
  type DigestPreferences,
  type Directory,
  type EngineSettings,
  type LateItem,
  type NewOutboxItem,
  type CaseLog,
  type Outbox,
  type Leases,
} from '../../core';
import { BackgroundJob, letRequestsIn } from '../background';
import type { Cases } from '../cases/cases';
import type { Logger } from '../logging';

const ROUND_MS = 60_000;
const LEASE_MS = 180_000;
const PAGE = 500;

export interface WeeklyDigestDeps {
  store: Leases &
    Pick<Outbox, 'enqueue'> &
    Pick<CaseLog, 'listCases' | 'readEvents'> &
    Pick<Directory, 'people'>;
  preferences: DigestPreferences;
  /** The process's kept evaluations: the digest goes over every case, most unchanged. */
  service: Pick<Cases, 'evaluations'>;
  settings: EngineSettings;
  clock: Clock;
  logger: Logger;
  owner: string;
}

export class WeeklyDigestJob {
  private readonly job: BackgroundJob<number>;
  /** Keys queued by this instance (`digest:<week>:<person>`). */
  private readonly queued = new Set<string>();

  constructor(private readonly deps: WeeklyDigestDeps) {
    this.job = new BackgroundJob({
      name: 'weekly-digest',
      work: () => this.digests(),
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
   * One round, if this instance holds the lease; returns how many digests it queued (0 when
   * nobody's time has come).
   */
  async round(): Promise<number> {
    return (await this.job.runOnce()) ?? 0;
  }

  private async digests(): Promise<number> {
    const { store, clock, settings } = this.deps;
    const now = clock.now();
    const people = await store.people();
    const preferences = new Map(
      (await this.deps.preferences.digestPreferences()).map((p) => [p.personId, p]),
    );
    const due = people
      .map((person) => ({
        person,
        due: digestDue(person, preferences.get(person.id), settings.digest, now),
      }))
      .filter(
        (d): d is typeof d & { due: NonNullable<typeof d.due> } =>
          !!d.due && !this.queued.has(d.due.key),
      );
    if (!due.length) return 0;

    // Everyone's cases, each evaluated once.
    const entries = new Map<string, DigestEntry[]>();
    const late: LateItem[] = [];
    const teams = [...new Set(people.flatMap((p) => p.teams))];
    const byId = new Map(people.map((p) => [p.id, p]));
    let after: string | undefined;
    for (;;) {
      const page = await store.listCases({ teams, limit: PAGE, after });
      for (const [i, record] of page.entries()) {
        if (i % 25 === 24) await letRequestsIn();
        const { obligations } = await this.deps.service.evaluations.current(record, () =>
          store.readEvents(record.header.id),
        );
        for (const [id, list] of digestEntriesByPerson(record, obligations, people)) {
          const mine = entries.get(id);
          if (mine) mine.push(...list);
          else entries.set(id, list);
        }
        late.push(...lateNowItems(record, obligations, byId));
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.header.id;
      await letRequestsIn();
    }

    const items: NewOutboxItem[] = [];
    for (const { person, due: d } of due) {
      const digest = weeklyDigest(person, entries.get(person.id) ?? [], late, d.week);
      if (digest)
        items.push({
          key: d.key,
          caseId: '',
          recipient: person.id,
          kind: DIGEST,
          payload: digest,
          availableAt: formatInstant(now),
        });
    }
    const made = items.length ? await store.enqueue(items) : 0;
    for (const { due: d } of due) this.queued.add(d.key);
    if (made) this.deps.logger.info({ digests: made }, 'weekly digests queued');
    return made;
  }
}
