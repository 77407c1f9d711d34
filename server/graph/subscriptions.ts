/**
 * Graph change notifications, kept subscribed: one subscription per mailbox and source (Inbox,
 * Sent Items, calendar) of the people whose mail is read, pointing at this service's notification
 * endpoint. Every hour the instance holding the `graph-subscriptions` lease lists the app's
 * subscriptions (`GET /subscriptions`, so instances agree without a store of their own), creates
 * the missing ones, renews those with less than a day left, and deletes those for mailboxes no
 * longer read (or made with an old clientState). A subscription that cannot be made (its
 * validation handshake failed, the mailbox is unknown) is logged and tried again next round: the
 * delta rounds every 5 minutes still read that mailbox, so nothing is lost, only later.
 *
 * Instances that receive notifications map a subscription id to its mailbox and source from the
 * same listing, read again when an id is not known yet.
 *
 * Learn: https://learn.microsoft.com/graph/change-notifications-delivery-webhooks,
 * https://learn.microsoft.com/graph/api/resources/subscription.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Clock, Leases } from '../../core';
import { BackgroundJob, Rounds } from '../background';
import type { Logger } from '../logging';
import { all, GraphResponseError } from './collections';
import type { Graph } from './graph-client';

/** What a notification says changed: a mail folder, or the calendar. */
export type NotifiedSource = 'inbox' | 'sentitems' | 'calendar';
export interface Target {
  /** The mailbox's address, lower case. */
  mailbox: string;
  source: NotifiedSource;
}
/** Told when Graph says a mailbox source changed: reads it now (e.g. `MailSync.syncFolder`). */
export type MailboxChanged = (mailbox: string, source: NotifiedSource) => Promise<void>;

/**
 * Under three days: inside both the 4,230 minutes older documentation gives for Outlook
 * resources and the 10,080 minutes of the current table, so neither refuses it.
 */
const LIFETIME_MS = 4_200 * 60_000;
/** Renewed when less than this is left: a day of failed rounds still leaves it alive. */
const RENEW_WITHIN_MS = 24 * 60 * 60_000;
const INTERVAL_MS = 60 * 60_000;
const LEASE_MS = 10 * 60_000;
/** Subscriptions made or renewed at once (each creation waits for a handshake). */
const PARALLEL = 4;

const subscription = z.object({
  id: z.string().min(1),
  resource: z.string(),
  notificationUrl: z.string(),
  expirationDateTime: z.string(),
  clientState: z.string().nullish(),
});

interface Known {
  id: string;
  target: Target;
  expiresAt: number;
  clientState: string | null | undefined;
}

export interface SubscriptionDeps {
  graph: Graph;
  store: Leases;
  /** Whose mailboxes, and which sources: the same ones the delta rounds read. */
  targets: () => Promise<Target[]>;
  /** The public https address of the notification endpoint (`LIAISON_GRAPH_NOTIFICATION_URL`). */
  notificationUrl: string;
  /** The secret every notification must carry (`LIAISON_GRAPH_NOTIFICATION_SECRET`). */
  clientState: string;
  clock: Clock;
  logger: Logger;
  owner: string;
  intervalMs?: number;
}

export interface SubscriptionReport {
  created: number;
  renewed: number;
  deleted: number;
  failed: number;
}

export class GraphSubscriptions extends Rounds<SubscriptionReport> {
  protected readonly job: BackgroundJob<SubscriptionReport>;
  /** Subscription id → what it watches; kept after a subscription goes, for a late notice. */
  private readonly known = new Map<string, Target>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly deps: SubscriptionDeps) {
    super();
    this.job = new BackgroundJob({
      name: 'graph-subscriptions',
      work: () => this.round(),
      every: deps.intervalMs ?? INTERVAL_MS,
      lease: { ms: LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  private async round(): Promise<SubscriptionReport> {
    const { clock, logger } = this.deps;
    const now = clock.now();
    const wanted = new Map((await this.deps.targets()).map((t) => [keyOf(t), t]));
    const report: SubscriptionReport = { created: 0, renewed: 0, deleted: 0, failed: 0 };
    const jobs: (() => Promise<void>)[] = [];
    const kept = new Set<string>();
    // Latest expiry first: of two for the same source (a creation that timed out but was
    // made), the one kept is the one that lasts.
    for (const s of (await this.list()).sort((a, b) => b.expiresAt - a.expiresAt)) {
      const key = keyOf(s.target);
      // A clientState that is not the current one (the secret was rotated) would be dropped.
      const oldSecret =
        typeof s.clientState === 'string' && s.clientState !== this.deps.clientState;
      if (!wanted.has(key) || kept.has(key) || oldSecret) {
        jobs.push(() => this.remove(s, report));
        continue;
      }
      kept.add(key);
      if (s.expiresAt - now < RENEW_WITHIN_MS) jobs.push(() => this.renewOrRecreate(s, report));
    }
    for (const [key, target] of wanted)
      if (!kept.has(key))
        jobs.push(() =>
          this.create(target).then(
            () => {
              report.created++;
            },
            (err: unknown) => this.failed(err, target.source, 'create', report),
          ),
        );
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, jobs.length) }, async () => {
        while (next < jobs.length) await jobs[next++]!();
      }),
    );
    logger.info({ ...report, subscriptions: wanted.size }, 'graph subscriptions round');
    return report;
  }

  /**
   * What a subscription watches. An id this instance has not seen (another made it) sends it
   * to list the subscriptions again; several such notices share one listing.
   */
  async targetOf(subscriptionId: string): Promise<Target | undefined> {
    const found = this.known.get(subscriptionId);
    if (found) return found;
    this.refreshing ??= this.list().then(
      () => {
        this.refreshing = undefined;
      },
      (err: unknown) => {
        this.refreshing = undefined;
        this.deps.logger.warn({ err }, 'graph subscriptions could not be listed');
      },
    );
    await this.refreshing;
    return this.known.get(subscriptionId);
  }

  /** Graph asked for reauthorization: a renewal is one (and extends it too). */
  async reauthorize(subscriptionId: string): Promise<void> {
    await this.renew(subscriptionId);
  }

  /** Graph removed a subscription: a new one for the same source, now rather than next round. */
  async recreate(target: Target): Promise<void> {
    await this.create(target);
  }

  /** The app's subscriptions to this endpoint that watch a source we know, remembered by id. */
  private async list(): Promise<Known[]> {
    const out: Known[] = [];
    let unreadable = 0;
    for (const item of await all(this.deps.graph, '/subscriptions')) {
      const s = subscription.safeParse(item);
      // Another deployment of the same app registration (or another endpoint) is not ours.
      if (!s.success || s.data.notificationUrl !== this.deps.notificationUrl) continue;
      const target = targetOfResource(s.data.resource);
      const expiresAt = Date.parse(s.data.expirationDateTime);
      if (!target || !Number.isFinite(expiresAt)) {
        unreadable++;
        continue;
      }
      this.known.set(s.data.id, target);
      out.push({ id: s.data.id, target, expiresAt, clientState: s.data.clientState });
    }
    // Left to expire (at most three days): deleting what we cannot read could remove a
    // subscription a newer version of this service made.
    if (unreadable) this.deps.logger.warn({ unreadable }, 'graph subscriptions not understood');
    return out;
  }

  private async create(target: Target): Promise<void> {
    const { graph, notificationUrl, clientState, clock } = this.deps;
    const body = {
      // A message read or flagged is `updated`: only new mail in the folder says anything.
      // Meetings matter when made, moved or cancelled.
      changeType: target.source === 'calendar' ? 'created,updated,deleted' : 'created',
      notificationUrl,
      // The same endpoint tells lifecycle notices from changes by their `lifecycleEvent`.
      lifecycleNotificationUrl: notificationUrl,
      resource: resourceOf(target),
      expirationDateTime: new Date(clock.now() + LIFETIME_MS).toISOString(),
      clientState,
    };
    const made = subscription.safeParse(await graph.client.api('/subscriptions').post(body));
    if (!made.success) throw new GraphResponseError('a subscription without an id');
    this.known.set(made.data.id, target);
  }

  private async renew(id: string): Promise<void> {
    const expirationDateTime = new Date(this.deps.clock.now() + LIFETIME_MS).toISOString();
    await this.deps.graph.client
      .api(`/subscriptions/${encodeURIComponent(id)}`)
      .patch({ expirationDateTime });
  }

  private async renewOrRecreate(s: Known, report: SubscriptionReport): Promise<void> {
    try {
      await this.renew(s.id);
      report.renewed++;
    } catch (err) {
      // Gone since the listing (expired, or removed by Graph): make a new one.
      if (!(err instanceof GraphError && err.statusCode === 404))
        return this.failed(err, s.target.source, 'renew', report);
      this.known.delete(s.id);
      try {
        await this.create(s.target);
        report.created++;
      } catch (again) {
        this.failed(again, s.target.source, 'create', report);
      }
    }
  }

  private async remove(s: Known, report: SubscriptionReport): Promise<void> {
    try {
      await this.deps.graph.client.api(`/subscriptions/${encodeURIComponent(s.id)}`).delete();
    } catch (err) {
      if (!(err instanceof GraphError && err.statusCode === 404))
        return this.failed(err, s.target.source, 'delete', report);
    }
    this.known.delete(s.id);
    report.deleted++;
  }

  private failed(
    err: unknown,
    source: NotifiedSource,
    action: 'create' | 'renew' | 'delete',
    report: SubscriptionReport,
  ): void {
    report.failed++;
    const graphError = err instanceof GraphError ? err : undefined;
    // Not the address: logs leave the council's control. The code says why (`ValidationError`:
    // the endpoint did not answer Graph's handshake).
    this.deps.logger.warn(
      {
        source,
        action,
        status: graphError?.statusCode,
        code: graphError?.code,
        ...(graphError ? {} : { err }),
      },
      'graph subscription not made or renewed; the 5-minute reads cover it, tried again next round',
    );
  }
}

function keyOf(t: Target): string {
  return `${t.mailbox}/${t.source}`;
}

/** The resource Graph watches (the address as the user's id, as the delta reads use it). */
export function resourceOf(t: Target): string {
  const user = `/users/${t.mailbox}`;
  return t.source === 'calendar' ? `${user}/events` : `${user}/mailFolders('${t.source}')/messages`;
}

/** The inverse of `resourceOf`, lenient about case, a leading slash and percent-encoding. */
export function targetOfResource(resource: string): Target | undefined {
  const m = /^\/?users\/([^/]+)\/(?:mailFolders\('(inbox|sentitems)'\)\/messages|(events))$/i.exec(
    resource,
  );
  if (!m) return undefined;
  let mailbox: string;
  try {
    mailbox = decodeURIComponent(m[1]!).toLowerCase();
  } catch {
    return undefined;
  }
  const source = m[3] ? 'calendar' : (m[2]!.toLowerCase() as 'inbox' | 'sentitems');
  return { mailbox, source };
}
