/**
 * Change notifications in the double: Graph's `/subscriptions` for Outlook messages and events,
 * delivered to webhooks (test code).
 *
 * Confirmed from Microsoft's documentation (learn.microsoft.com/graph/change-notifications-delivery-webhooks,
 * /graph/api/resources/subscription, /graph/change-notifications-lifecycle-events):
 * - `POST /subscriptions` with `changeType` (a comma-separated list of `created`, `updated`,
 *   `deleted`), `notificationUrl` (https), `resource`, `expirationDateTime` and `clientState` (at
 *   most 128 characters); `201 Created` with the subscription.
 * - Before creating it, Graph POSTs `{notificationUrl}?validationToken={opaque}` with
 *   `Content-Type: text/plain; charset=utf-8`; the endpoint must answer within 10 seconds with
 *   200, `text/plain` and the URL-decoded token as the body, or no subscription is made (400
 *   `ValidationError`, "Subscription validation request failed…"). A `lifecycleNotificationUrl`
 *   is validated the same way. Query parameters of the notification URL are kept.
 * - `PATCH /subscriptions/{id}` with `expirationDateTime` renews (200 with the subscription),
 *   `DELETE` answers 204, `GET /subscriptions` lists the calling app's subscriptions.
 * - A notification is `{ value: [{ subscriptionId, subscriptionExpirationDateTime, changeType,
 *   resource, resourceData: { '@odata.type', '@odata.id', '@odata.etag', id }, clientState,
 *   tenantId }] }`, with `resource` in Graph's own form (`Users/{user-guid}/Messages/{id}`, not
 *   the address the subscription was made with); Graph waits 3 seconds for a 2xx.
 * - Lifecycle notifications go to `lifecycleNotificationUrl`: `{ value: [{ subscriptionId,
 *   subscriptionExpirationDateTime, tenantId, clientState, lifecycleEvent }] }` with
 *   `lifecycleEvent` one of `reauthorizationRequired`, `subscriptionRemoved`, `missed`.
 * - Outlook message and event subscriptions without resource data last at most 10,080 minutes
 *   (under 7 days) in the current table; earlier versions of the page said 4,230 minutes, which
 *   is why the product asks for less than both.
 *
 * The double's guesses: the error codes and messages other than `ValidationError` (Graph's own
 * vary, often `ExtensionError`), a page size of 100 for the list, `resource` echoed exactly as it
 * was sent, the fake user GUIDs, one notification per POST and no redelivery (Graph retries for
 * up to 4 hours; tests must not depend on it). It also allows `http` notification URLs on
 * 127.0.0.1 and localhost, which Graph never would, so tests can reach a server on loopback.
 * Creating a subscription is asynchronous (the handshake), so the HTTP server hands it here
 * before its synchronous dispatch; inside a `$batch` it is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { graphError, type ChangeListener, type GraphRequest, type GraphResponse } from './http';

type Source = { mailbox: string; kind: 'messages' | 'events'; folder?: string };

interface Subscription {
  id: string;
  applicationId: string;
  resource: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: number;
  source: Source;
}

/** What the double sent to a webhook, for tests to read. */
export interface Delivery {
  subscriptionId: string;
  url: string;
  kind: 'change' | 'lifecycle';
  /** The change type, or the lifecycle event. */
  event: string;
  /** The endpoint's status, or undefined when it did not answer in time. */
  status?: number;
}

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);
/** Outlook messages and events without resource data (the current table). */
const MAX_MINUTES = 10_080;
const VALIDATION_TIMEOUT_MS = 10_000;
const DELIVERY_TIMEOUT_MS = 3_000;
const PAGE_SIZE = 100;

export class SubscriptionState {
  readonly deliveries: Delivery[] = [];
  /** The subscriptions' clock, apart from the tokens' so a test can move it days on. */
  now: () => number;
  maxMinutes = MAX_MINUTES;
  validationTimeoutMs = VALIDATION_TIMEOUT_MS;
  pageSize = PAGE_SIZE;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      tenantId: string;
      now: () => number;
      /** Whether the double has this mailbox (mail and calendars share them). */
      knows: (mailbox: string) => boolean;
    },
  ) {
    this.now = options.now;
  }

  /** For `MailState.onChange` and `CalendarState.onChange`. */
  readonly changed: ChangeListener = (change) => {
    for (const s of this.live())
      if (matches(s, change) && s.changeType.split(',').includes(change.changeType))
        this.deliver(s, 'change', change.changeType, notificationOf(s, change, this.tenant()));
  };

  /** Live subscriptions, oldest first. */
  all(): Readonly<Subscription>[] {
    return [...this.live()];
  }

  /** Graph drops a subscription on its own (e.g. an administrator removed access). */
  remove(id: string): void {
    this.subscriptions.delete(id);
  }

  /** Sends a lifecycle notification, as Graph does; `subscriptionRemoved` removes it first. */
  lifecycle(id: string, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): void {
    const s = this.subscriptions.get(id);
    if (!s?.lifecycleNotificationUrl) return;
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    this.deliver(s, 'lifecycle', event, {
      value: [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: new Date(s.expirationDateTime).toISOString(),
          tenantId: this.tenant(),
          clientState: s.clientState,
          lifecycleEvent: event,
        },
      ],
    });
  }

  /** Waits until every notification sent so far has been answered (or timed out). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  reset(): void {
    this.subscriptions.clear();
    this.deliveries.length = 0;
  }

  /** `POST /subscriptions` outside a batch: the handshake first, so the answer is a promise. */
  creation(req: GraphRequest): Promise<GraphResponse> | undefined {
    if (req.method !== 'POST' || !/^\/subscriptions\/?$/i.test(req.path)) return undefined;
    return this.create(req);
  }

  /** The synchronous requests: list, get, renew, delete. */
  handle(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/subscriptions(?:\/([^/]+))?\/?$/i.exec(req.path);
    if (!m) return undefined;
    const app = appIdOf(req.headers.authorization);
    if (!m[1]) {
      if (req.method === 'GET') return this.list(req, app);
      if (req.method === 'POST')
        return invalid(req, 'The double does not create subscriptions inside a batch.');
      return methodNotAllowed(req);
    }
    const s = this.subscriptions.get(m[1]);
    if (!s || s.expirationDateTime <= this.now() || s.applicationId !== app)
      return graphError(404, 'ResourceNotFound', `The object was not found.`, {
        requestId: req.requestId,
        reason: 'not-found',
      });
    if (req.method === 'GET') return { status: 200, body: render(s, req.serviceRoot) };
    if (req.method === 'DELETE') {
      this.subscriptions.delete(s.id);
      return { status: 204 };
    }
    if (req.method === 'PATCH') {
      const body = (req.body ?? {}) as { expirationDateTime?: unknown };
      const expiry = this.expiry(body.expirationDateTime);
      if (typeof expiry === 'string') return invalid(req, expiry);
      s.expirationDateTime = expiry;
      return { status: 200, body: render(s, req.serviceRoot) };
    }
    return methodNotAllowed(req);
  }

  private async create(req: GraphRequest): Promise<GraphResponse> {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const changeType = typeof b.changeType === 'string' ? b.changeType : '';
    const types = changeType.split(',').map((t) => t.trim());
    if (!types.every((t) => CHANGE_TYPES.has(t)) || new Set(types).size !== types.length)
      return invalid(req, `'${changeType}' is not a valid changeType (created, updated, deleted).`);
    const resource = typeof b.resource === 'string' ? b.resource : '';
    const source = sourceOf(resource);
    if (!source) return invalid(req, `The resource '${resource}' is not supported.`);
    if (!this.options.knows(source.mailbox))
      return graphError(404, 'ExtensionError', `The user '${source.mailbox}' was not found.`, {
        requestId: req.requestId,
        reason: 'not-found',
      });
    const expiry = this.expiry(b.expirationDateTime);
    if (typeof expiry === 'string') return invalid(req, expiry);
    if (b.clientState !== undefined && b.clientState !== null)
      if (typeof b.clientState !== 'string' || b.clientState.length > 128)
        return invalid(req, 'clientState must be a string of at most 128 characters.');
    const urls = [b.notificationUrl, b.lifecycleNotificationUrl ?? undefined];
    if (urls[1] !== undefined && typeof urls[1] !== 'string')
      return invalid(req, 'lifecycleNotificationUrl must be a string.');
    for (const url of urls.filter((u) => u !== undefined)) {
      const refused = notificationUrlProblem(url);
      if (refused) return invalid(req, refused);
    }
    for (const url of urls.filter((u): u is string => typeof u === 'string'))
      if (!(await this.validates(url)))
        return graphError(
          400,
          'ValidationError',
          'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
          { requestId: req.requestId, reason: 'validation-failed' },
        );
    const s: Subscription = {
      id: randomUUID(),
      applicationId: appIdOf(req.headers.authorization),
      resource,
      changeType,
      clientState: typeof b.clientState === 'string' ? b.clientState : null,
      notificationUrl: b.notificationUrl as string,
      lifecycleNotificationUrl: typeof urls[1] === 'string' ? urls[1] : null,
      expirationDateTime: expiry,
      source,
    };
    this.subscriptions.set(s.id, s);
    return { status: 201, body: render(s, req.serviceRoot) };
  }

  private list(req: GraphRequest, app: string): GraphResponse {
    const mine = [...this.live()].filter((s) => s.applicationId === app);
    const skip = Number(req.query.get('$skiptoken') ?? 0) || 0;
    const page = mine.slice(skip, skip + this.pageSize);
    const next = skip + this.pageSize < mine.length;
    return {
      status: 200,
      body: {
        '@odata.context': `${req.serviceRoot}/$metadata#subscriptions`,
        value: page.map((s) => render(s, req.serviceRoot)),
        ...(next
          ? {
              '@odata.nextLink': `${req.serviceRoot}/subscriptions?$skiptoken=${skip + this.pageSize}`,
            }
          : {}),
      },
    };
  }

  private expiry(raw: unknown): number | string {
    const at = typeof raw === 'string' ? Date.parse(raw) : NaN;
    if (!Number.isFinite(at)) return 'expirationDateTime is required (an ISO 8601 date and time).';
    const now = this.now();
    if (at <= now) return 'Subscription expiration must be in the future.';
    if (at > now + this.maxMinutes * 60_000)
      return `Subscription expiration can only be ${this.maxMinutes} minutes in the future.`;
    return at;
  }

  /** The handshake: the token back, as plain text, within the time allowed. */
  private async validates(url: string): Promise<boolean> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(this.validationTimeoutMs),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return res.status === 200 && /^text\/plain\b/i.test(type) && text === token;
    } catch {
      return false;
    }
  }

  private deliver(s: Subscription, kind: Delivery['kind'], event: string, body: object): void {
    const url = kind === 'change' ? s.notificationUrl : s.lifecycleNotificationUrl!;
    const delivery: Delivery = { subscriptionId: s.id, url, kind, event };
    this.deliveries.push(delivery);
    const sent = fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    }).then(
      async (res) => {
        delivery.status = res.status;
        await res.arrayBuffer();
      },
      () => undefined,
    );
    const tracked = sent.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private *live(): Generator<Subscription> {
    const now = this.now();
    for (const s of this.subscriptions.values()) {
      // Graph deletes a subscription that was not renewed in time.
      if (s.expirationDateTime <= now) this.subscriptions.delete(s.id);
      else yield s;
    }
  }

  private tenant(): string {
    return this.options.tenantId;
  }
}

/**
 * What a resource string subscribes to: `/users/{id}/mailFolders('inbox')/messages` (or
 * `mailFolders/inbox/messages`), `/users/{id}/messages` (every folder) and `/users/{id}/events`.
 * Graph takes `/me/…` only with a delegated token; the double's tokens are app-only.
 */
function sourceOf(resource: string): Source | undefined {
  const m =
    /^\/?users\/([^/]+)\/(?:mailFolders(?:\('([^']+)'\)|\/([^/]+))\/messages|(messages)|(events))$/i.exec(
      resource,
    );
  if (!m) return undefined;
  const mailbox = decodeURIComponent(m[1]!).replace(/^'|'$/g, '').toLowerCase();
  if (m[5]) return { mailbox, kind: 'events' };
  const folder = (m[2] ?? m[3])?.toLowerCase();
  return folder ? { mailbox, kind: 'messages', folder } : { mailbox, kind: 'messages' };
}

function matches(s: Subscription, change: Parameters<ChangeListener>[0]): boolean {
  if (s.source.mailbox !== change.mailbox.toLowerCase()) return false;
  if (s.source.kind !== change.resource) return false;
  return s.source.folder === undefined || s.source.folder === change.folder?.toLowerCase();
}

function notificationOf(
  s: Subscription,
  change: Parameters<ChangeListener>[0],
  tenantId: string,
): object {
  const kind = change.resource === 'messages' ? 'Messages' : 'Events';
  const resource = `Users/${userGuid(change.mailbox)}/${kind}/${change.id}`;
  return {
    value: [
      {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: new Date(s.expirationDateTime).toISOString(),
        changeType: change.changeType,
        resource,
        resourceData: {
          '@odata.type':
            change.resource === 'messages' ? '#Microsoft.Graph.Message' : '#Microsoft.Graph.Event',
          '@odata.id': resource,
          ...(change.changeType === 'deleted'
            ? {}
            : { '@odata.etag': `W/"${createHash('sha1').update(change.id).digest('base64')}"` }),
          id: change.id,
        },
        clientState: s.clientState,
        tenantId,
      },
    ],
  };
}

/** A stable fake user object id per mailbox, so nothing can read an address out of a notification. */
export function userGuid(mailbox: string): string {
  const h = createHash('sha256').update(mailbox.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** https, or http on loopback for the double only. */
function notificationUrlProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return 'notificationUrl is required.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `'${raw}' is not an absolute URL.`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))
    return undefined;
  return 'The notification URL must use https.';
}

/** The `appid` claim of the (already verified) token: whose subscriptions these are. */
function appIdOf(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      appid?: unknown;
    };
    return typeof claims.appid === 'string' ? claims.appid : '';
  } catch {
    return '';
  }
}

function render(s: Subscription, serviceRoot: string): Record<string, unknown> {
  return {
    '@odata.context': `${serviceRoot}/$metadata#subscriptions/$entity`,
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: new Date(s.expirationDateTime).toISOString(),
    creatorId: s.applicationId,
    includeResourceData: false,
    latestSupportedTlsVersion: 'v1_2',
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

function invalid(req: GraphRequest, message: string): GraphResponse {
  return graphError(400, 'InvalidRequest', message, {
    requestId: req.requestId,
    reason: 'invalid',
  });
}

function methodNotAllowed(req: GraphRequest): GraphResponse {
  return graphError(405, 'MethodNotAllowed', 'The method is not allowed here.', {
    requestId: req.requestId,
  });
}
