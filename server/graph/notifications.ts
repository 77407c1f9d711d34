/**
 * The endpoint Microsoft Graph posts change notifications to, `POST /api/graph/notifications`.
 * Graph sends no bearer token, so it is mounted before the API's authentication and trusts a
 * notification only when it carries the configured `clientState` secret (compared in constant
 * time); one that does not is logged and dropped, never acted on.
 *
 * - A validation request (`?validationToken=…`, when a subscription is made) is answered 200
 *   `text/plain` with exactly the token, URL-decoded, as Graph requires within 10 seconds. Only
 *   a plausible token is echoed, so the endpoint cannot be used to reflect arbitrary content.
 * - Notifications are answered 202 at once (Graph wants a 2xx within 3 seconds and throttles a
 *   slow endpoint), then each distinct mailbox source they name is read now. A notification
 *   that is lost or dropped costs only time: the 5-minute delta rounds read every source anyway.
 * - Lifecycle notifications arrive at the same address: `missed` reads the source,
 *   `subscriptionRemoved` makes a new subscription and reads it, `reauthorizationRequired`
 *   renews (which reauthorizes).
 *
 * Learn: https://learn.microsoft.com/graph/change-notifications-delivery-webhooks,
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { sendProblem } from '../http/problem';
import type { Logger } from '../logging';
import type { GraphSubscriptions, MailboxChanged, Target } from './subscriptions';
import { refuse } from '../../core';

export const NOTIFICATIONS_PATH = '/api/graph/notifications';

/**
 * Graph's tokens are opaque text of about a hundred characters ("Validation: Testing client
 * application reachability for subscription Request-Id: …") and never hold markup.
 */
const MAX_TOKEN_LENGTH = 1024;
const PLAUSIBLE_TOKEN = /^[\x20-\x7e]+$/;

/** Graph may add properties; only what is used is checked. */
const collection = z.looseObject({ value: z.array(z.unknown()).min(1).max(1000) });
const notification = z.looseObject({
  subscriptionId: z.string().min(1).max(256),
  clientState: z.string().nullish(),
  lifecycleEvent: z.string().optional(),
});
type Notification = z.infer<typeof notification>;

export interface NotificationDeps {
  /** The `clientState` every subscription was made with. */
  clientState: string;
  subscriptions: Pick<GraphSubscriptions, 'targetOf' | 'reauthorize' | 'recreate'>;
  changed: MailboxChanged;
  logger: Logger;
}

export interface NotificationEndpoint {
  router: Router;
  /** Waits for the work notifications already accepted have started (for a clean stop). */
  drain(): Promise<void>;
}

export function graphNotifications(deps: NotificationDeps): NotificationEndpoint {
  const { logger } = deps;
  const secret = digest(deps.clientState);
  const inFlight = new Set<Promise<void>>();
  const router = Router();

  router.post(NOTIFICATIONS_PATH, (req, res) => {
    const token: unknown = req.query.validationToken;
    if (token !== undefined) {
      if (!isPlausibleToken(token)) {
        sendProblem(res, refuse('invalid-validation-token', 'Not a Graph validation token.'));
        return;
      }
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.status(200).type('text/plain').send(token);
      return;
    }
    const body = collection.safeParse(req.body);
    if (!body.success) {
      sendProblem(
        res,
        refuse('invalid-notification', 'The body is not a collection of change notifications.'),
      );
      return;
    }
    const trusted: Notification[] = [];
    let unreadable = 0;
    let untrusted = 0;
    for (const item of body.data.value) {
      const n = notification.safeParse(item);
      if (!n.success) unreadable++;
      else if (!sameSecret(n.data.clientState, secret)) untrusted++;
      else trusted.push(n.data);
    }
    // Nothing about the sender is echoed or logged beyond counts: it may not be Graph.
    if (untrusted)
      logger.warn({ untrusted }, 'graph notifications with a wrong clientState dropped');
    if (unreadable) logger.warn({ unreadable }, 'graph notifications not understood');
    res.status(202).end();
    if (trusted.length === 0) return;
    const work = handle(trusted).catch((err: unknown) =>
      logger.error({ err }, 'graph notifications not handled'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });

  router.all(NOTIFICATIONS_PATH, (_req, res) => {
    sendProblem(
      res,
      refuse('method-not-allowed', 'Microsoft Graph posts change notifications here.'),
    );
  });

  /** Reads each source once however many notices named it; lifecycle notices on their own. */
  async function handle(notifications: Notification[]): Promise<void> {
    const reads = new Map<string, Target>();
    const lifecycle: Promise<void>[] = [];
    let unknown = 0;
    for (const n of notifications) {
      if (n.lifecycleEvent) {
        lifecycle.push(onLifecycle(n.subscriptionId, n.lifecycleEvent));
        continue;
      }
      const target = await deps.subscriptions.targetOf(n.subscriptionId);
      if (target) reads.set(`${target.mailbox}/${target.source}`, target);
      else unknown++;
    }
    // A subscription we no longer have (deleted, or made by an older deployment): the
    // rounds read every source anyway.
    if (unknown) logger.info({ unknown }, 'graph notifications for unknown subscriptions');
    await Promise.all([...[...reads.values()].map(read), ...lifecycle]);
  }

  async function read(target: Target): Promise<void> {
    try {
      await deps.changed(target.mailbox, target.source);
    } catch (err) {
      logger.error({ err, source: target.source }, 'a read on a graph notification failed');
    }
  }

  async function onLifecycle(subscriptionId: string, event: string): Promise<void> {
    try {
      if (event === 'reauthorizationRequired') {
        await deps.subscriptions.reauthorize(subscriptionId);
        return;
      }
      if (event !== 'missed' && event !== 'subscriptionRemoved') {
        logger.info({ event }, 'graph lifecycle notification not known; ignored');
        return;
      }
      const target = await deps.subscriptions.targetOf(subscriptionId);
      if (!target) {
        logger.warn({ event }, 'graph lifecycle notification for an unknown subscription');
        return;
      }
      logger.info({ event, source: target.source }, 'graph lifecycle notification');
      if (event === 'subscriptionRemoved') await deps.subscriptions.recreate(target);
      // Changes may have gone unannounced: read the source now.
      await read(target);
    } catch (err) {
      logger.warn({ err, event }, 'graph lifecycle notification not handled; next round will');
    }
  }

  return {
    router,
    async drain() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

function isPlausibleToken(token: unknown): token is string {
  return (
    typeof token === 'string' &&
    token.length <= MAX_TOKEN_LENGTH &&
    PLAUSIBLE_TOKEN.test(token) &&
    !/[<>]/.test(token)
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Equal digests, compared in constant time (the lengths of the secrets stay hidden too). */
function sameSecret(given: string | null | undefined, secret: Buffer): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), secret);
}
