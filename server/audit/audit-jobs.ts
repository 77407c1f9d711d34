/**
 * The sealed record's two background jobs:
 *
 * - **Anchoring**, every 15 seconds: reads the trail's head (its last entry alone: every read of a
 *   case adds an entry, and reading them all again would grow with the load) and, when the
 *   trail has grown (a batch of writes) or an hour has passed, anchors the new head
 *   (../../core/ports/audit-anchor.ts). Several instances may anchor the same head; that is
 *   harmless.
 * - **The daily check**, on the instance holding the `audit-check` lease: seals any events
 *   recorded before events were sealed (one `events.sealed` entry a case), verifies the whole
 *   record against the key and the anchors (verify-trail.ts), records that it did, and when it
 *   fails, logs every problem and tells the Heads of Service.
 */
import {
  SERVICE_NOTICE,
  auditCheckNotices,
  formatInstant,
  type AuditAnchor,
  type Clock,
  type Directory,
  type CaseLog,
  type Outbox,
  type AuditTrail,
  type Leases,
} from '../../core';
import { BackgroundJob } from '../background';
import type { Logger } from '../logging';
import type { SealKey } from '../store/audit-chain';
import { verifyTrail, type TrailReport } from './verify-trail';

const ANCHOR_EVERY_MS = 15_000;
const ANCHOR_AT_LEAST_MS = 60 * 60_000;
const CHECK_EVERY_MS = 24 * 60 * 60_000;
/** A failed check is tried again sooner: it may have been the store being unreachable. */
const CHECK_RETRY_MS = 60 * 60_000;
const CHECK_LEASE_MS = 60 * 60_000;
const SYSTEM = { personId: 'system', surface: 'api' as const };

export class AuditAnchoring {
  /** On every instance, without a lease: each anchors the head it has seen written. */
  private readonly job: BackgroundJob<{ seq: number; seal: string } | undefined>;
  private started = false;
  private head: { seq: number; seal: string } | undefined;
  private anchoredAt = 0;

  constructor(
    private readonly deps: {
      store: Pick<AuditTrail, 'auditHead'>;
      anchor: AuditAnchor;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.job = new BackgroundJob({
      name: 'audit-anchoring',
      work: () => this.round(),
      every: ANCHOR_EVERY_MS,
      logger: deps.logger,
    });
  }

  start(everyMs = ANCHOR_EVERY_MS): void {
    this.started = true;
    this.job.start({ everyMs });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.job.stop();
    // What was written last is anchored before the process ends.
    await this.round().catch((err: unknown) =>
      this.deps.logger.warn({ err }, 'could not anchor the audit trail at shutdown'),
    );
  }

  /** Anchors the head if it moved or an hour has passed; returns the head anchored, if any. */
  async round(): Promise<{ seq: number; seal: string } | undefined> {
    const { store, anchor, clock } = this.deps;
    if (this.head === undefined) {
      const heads = await anchor.heads();
      const last = heads?.reduce<(typeof heads)[number] | undefined>(
        (a, b) => (a === undefined || b.seq > a.seq ? b : a),
        undefined,
      );
      this.head = last ? { seq: last.seq, seal: last.seal } : { seq: 0, seal: '' };
    }
    const trailHead = await store.auditHead();
    const head = trailHead ? { seq: trailHead.seq, seal: trailHead.hash } : this.head;
    const now = clock.now();
    const moved = head.seq !== this.head.seq;
    if (head.seq === 0 || (!moved && now - this.anchoredAt < ANCHOR_AT_LEAST_MS)) return undefined;
    await anchor.anchor({ ...head, at: new Date(now).toISOString() });
    this.head = head;
    this.anchoredAt = now;
    return head;
  }
}

export class AuditCheckJob {
  private readonly job: BackgroundJob<TrailReport>;

  constructor(
    private readonly deps: {
      store: AuditTrail &
        Pick<CaseLog, 'readEvents' | 'listCases'> &
        Pick<Outbox, 'enqueue'> &
        Leases &
        Pick<Directory, 'people'>;
      key: SealKey;
      anchor: AuditAnchor;
      clock: Clock;
      logger: Logger;
      owner: string;
    },
  ) {
    this.job = new BackgroundJob({
      name: 'audit-check',
      work: () => this.check(),
      // A failed check (or another instance's turn) is looked at again within the hour.
      every: (report) => (report === undefined || !report.ok ? CHECK_RETRY_MS : CHECK_EVERY_MS),
      firstIn: 60_000,
      lease: { ms: CHECK_LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  start(firstInMs?: number): void {
    this.job.start({ firstInMs });
  }

  async stop(): Promise<void> {
    await this.job.stop();
  }

  /** One check, if this instance holds the lease; the report, or undefined when another does. */
  round(): Promise<TrailReport | undefined> {
    return this.job.runOnce();
  }

  private async check(): Promise<TrailReport> {
    const { store, anchor, clock, logger } = this.deps;
    let report = await this.verify();
    if (report.unsealed.length) {
      // Events of before sealing are sealed as they stand now, one entry a case.
      const byCase = new Map<string, Record<string, string>>();
      for (const u of report.unsealed)
        (byCase.get(u.caseId) ?? byCase.set(u.caseId, {}).get(u.caseId)!)[u.seq] = u.digest;
      for (const [caseId, digests] of byCase)
        await store.audit({ actor: SYSTEM, action: 'events.sealed', caseId, detail: { digests } });
      logger.info({ events: report.unsealed.length }, 'sealed the events recorded before sealing');
      report = await this.verify();
    }
    const at = formatInstant(clock.now());
    await store.audit({
      actor: SYSTEM,
      action: 'audit.checked',
      detail: {
        ok: report.ok,
        entries: report.entries,
        events: report.events,
        problems: report.problems.length,
      },
    });
    if (report.ok) {
      logger.info(
        { entries: report.entries, events: report.events, anchors: report.anchors },
        'the sealed record passed its check',
      );
      return report;
    }
    logger.error(
      { problems: report.problems, anchors: anchor.where },
      'the sealed record FAILED its check',
    );
    const notices = auditCheckNotices(
      {
        ok: false,
        entries: report.entries,
        events: report.events,
        problems: report.problems,
        at,
        anchors:
          typeof report.anchors === 'number'
            ? `${report.anchors} in ${anchor.where}`
            : report.anchors,
      },
      await store.people(),
      at.slice(0, 10),
    );
    await store.enqueue(
      notices.map((n) => ({
        key: n.key,
        // About the service as a whole: no case.
        caseId: '',
        recipient: n.recipient,
        kind: SERVICE_NOTICE,
        payload: n.notice,
        availableAt: at,
      })),
    );
    return report;
  }

  private async verify(): Promise<TrailReport> {
    const { anchor } = this.deps;
    const anchors = await anchor.heads();
    return verifyTrail({
      store: this.deps.store,
      key: this.deps.key,
      ...(anchors
        ? { anchors }
        : {
            anchorsUnreadable: `not readable here (${anchor.where}); check them with audit:verify`,
          }),
    });
  }
}
