/**
 * A loopback stand-in for Microsoft Graph and the Microsoft identity platform's token endpoint,
 * as far as a store of record on SharePoint lists goes (test code, never shipped). One HTTP server
 * on 127.0.0.1 with an ephemeral port (or HTTPS, given a key and certificate) serves:
 *
 * - `POST /{tenant}/oauth2/v2.0/token` (client credentials; token.ts) and the tenant's OpenID
 *   configuration, which MSAL reads before asking for a token;
 * - Graph v1.0 under `/v1.0`: SharePoint sites, lists, columns and items (sharepoint.ts), files
 *   uploaded to a site's document library (drive.ts; the request body is the file's bytes),
 *   `/subscriptions` and change notifications to webhooks (subscriptions.ts), a group's members
 *   in Entra (directory.ts) and
 *   `POST /v1.0/$batch` (batch.ts). Every Graph request needs a Bearer token this double issued:
 *   otherwise 401 `InvalidAuthenticationToken`, as Graph answers.
 *
 * A seeded fault injector (faults.ts) answers Graph requests 429 or 503 with `Retry-After`, at
 * random or for the next N requests (inside a batch, each request on its own; the batch envelope
 * and the token endpoint are never faulted). Every request is logged (method, path, status, arrival,
 * duration, why it was refused) and counted, so tests and benches can count round trips and
 * check that nothing was refused for a reason a client should have avoided (`threshold`,
 * `not-indexed`). State is in memory: `reset()` empties it, `close()` stops the server.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { prng } from '../../../bench/synthetic-cases';
import { handleBatch, type BatchStep } from './batch';
import { DirectoryState } from './directory';
import { DriveState, isUpload } from './drive';
import { FaultInjector, type FaultOptions } from './faults';
import { JSON_CONTENT_TYPE, graphError, type GraphRequest, type GraphResponse } from './http';
import { SharePointState, type SharePointCounters } from './sharepoint';
import { GRAPH_RESOURCE, TokenIssuer, type AppRegistration } from './token';
import { CalendarState } from './calendar';
import { MAILBOX_CONCURRENCY_LIMIT, MailState, mailboxOfPath } from './mail';
import { SubscriptionState } from './subscriptions';

export interface GraphDoubleOptions extends FaultOptions {
  tenantId?: string;
  tenantDomain?: string;
  /** App registrations that may get tokens (default: one, `clientId` / `clientSecret` below). */
  apps?: AppRegistration[];
  tokenLifetimeSeconds?: number;
  /** SharePoint sites (default: contoso.sharepoint.com/sites/liaison). */
  sites?: { hostname: string; path: string; displayName?: string }[];
  listViewThreshold?: number;
  defaultPageSize?: number;
  maxPageSize?: number;
  maxIndexedColumns?: number;
  /** Retry-After on a list view threshold refusal (default: none). */
  thresholdRetryAfterSeconds?: number;
  /** Answer this long after the request was read: a network's round trip. */
  responseDelayMs?: number;
  /** The double's clock for item dates and token expiry (epoch ms). */
  now?: () => number;
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string; cert: string };
}

export interface LoggedRequest {
  method: string;
  /** Path and query below the host (`/v1.0/sites/…?…`; inside a batch, `/v1.0/$batch#{id} {url}`). */
  path: string;
  status: number;
  /** Arrival (epoch ms, sub-millisecond). */
  at: number;
  durationMs: number;
  /** Set on requests that came inside a `$batch`: the batch's request id. */
  batch?: string;
  /** Why the double refused: `injected`, `threshold`, `not-indexed`, `stale-etag`, `duplicate`, `unauthorized`… */
  reason?: string;
}

export interface GraphDoubleStats extends SharePointCounters {
  /** Graph requests: each one outside a batch and each one inside (a batch envelope is in `batches`). */
  graphRequests: number;
  /** HTTP round trips to Graph (a batch is one). */
  roundTrips: number;
  batches: number;
  batchedRequests: number;
  tokenRequests: number;
  tokensIssued: number;
  unauthorized: number;
  injected429: number;
  injected503: number;
  injectedOther: number;
  byStatus: Record<number, number>;
  /** Requests refused because 4 were already in flight for their mailbox. */
  mailboxConcurrencyRejections: number;
  /** The most requests in flight for one mailbox at once. */
  peakMailboxConcurrency: number;
  /** Most Graph requests in flight at once. */
  peakConcurrency: number;
}

export const DEFAULT_TENANT_ID = '4d0c8f4e-1b52-4c7a-9a5e-0d7a1c3b2e61';
export const DEFAULT_CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const DEFAULT_CLIENT_SECRET = 'graph-double-secret~not-a-real-one';

const clock = () => performance.timeOrigin + performance.now();

export class GraphDouble {
  readonly log: LoggedRequest[] = [];
  readonly sharepoint: SharePointState;
  /** The sites' document libraries (drive.ts). */
  readonly drive: DriveState;
  /** Entra users and groups, for reading a group's members. */
  readonly directory = new DirectoryState();
  readonly tokens: TokenIssuer;
  readonly mail: MailState;
  readonly calendar: CalendarState;
  /** Change notifications to webhooks (subscriptions.ts). */
  readonly subscriptions: SubscriptionState;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly faults: FaultInjector;
  private readonly shuffle: () => number;
  private counters = GraphDouble.zero();
  private inFlight = 0;
  private readonly inFlightByMailbox = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: GraphDoubleOptions,
  ) {
    const now = options.now ?? Date.now;
    this.tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
    const apps = options.apps ?? [
      { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
    ];
    this.clientId = apps[0]!.clientId;
    this.clientSecret = apps[0]!.clientSecret;
    this.tokens = new TokenIssuer({
      tenantId: this.tenantId,
      tenantDomain: options.tenantDomain,
      apps,
      lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      now,
      resources: [GRAPH_RESOURCE, url],
    });
    this.sharepoint = new SharePointState({
      listViewThreshold: options.listViewThreshold ?? 5000,
      defaultPageSize: options.defaultPageSize ?? 200,
      maxPageSize: options.maxPageSize ?? 5000,
      maxIndexedColumns: options.maxIndexedColumns ?? 20,
      thresholdRetryAfterSeconds: options.thresholdRetryAfterSeconds,
      sites: options.sites ?? [{ hostname: 'contoso.sharepoint.com', path: '/sites/liaison' }],
      now,
    });
    this.drive = new DriveState(() => this.sharepoint.siteIds(), now);
    this.mail = new MailState(now);
    this.calendar = new CalendarState((m) => this.mail.knows(m), now);
    this.subscriptions = new SubscriptionState({
      tenantId: this.tenantId,
      now,
      knows: (m) => this.mail.knows(m),
    });
    this.mail.onChange(this.subscriptions.changed);
    this.calendar.onChange(this.subscriptions.changed);
    this.faults = new FaultInjector(options);
    this.shuffle = prng((options.seed ?? 1) + 7);
  }

  static async start(options: GraphDoubleOptions = {}): Promise<GraphDouble> {
    const server = options.tls ? createHttpsServer(options.tls) : createServer();
    // Many short requests from one client: keep sockets alive as the real service does.
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const scheme = options.tls ? 'https' : 'http';
    const double = new GraphDouble(server, `${scheme}://127.0.0.1:${port}`, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => double.receive(req, res));
    return double;
  }

  /** Graph's service root as clients use it: `{url}/v1.0`. */
  get graphUrl(): string {
    return `${this.url}/v1.0`;
  }

  /** The token endpoint of the double's tenant. */
  get tokenUrl(): string {
    return `${this.url}/${this.tenantId}/oauth2/v2.0/token`;
  }

  /** The first site's id (`{hostname},{guid},{guid}`). */
  get siteId(): string {
    return this.sharepoint.siteIds()[0]!.id;
  }

  /** Gets a token from the token endpoint, over HTTP as a client would. */
  async accessToken(clientId = this.clientId, clientSecret = this.clientSecret): Promise<string> {
    const response = await fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const body = (await response.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token)
      throw new Error(`no token: ${body.error_description ?? response.status}`);
    return body.access_token;
  }

  /** Changes the random faults from now on. */
  setFaults(faults: FaultOptions): void {
    this.faults.set(faults);
  }

  /** The next `count` Graph requests fail with `status` (429/503 with Retry-After). */
  failNext(count: number, status = 429, retryAfterSeconds?: number): void {
    this.faults.failNext(count, status, retryAfterSeconds);
  }
  /**
   * The next `count` writes (any method but GET) whose path matches are carried out, but their
   * answer is lost: the client gets `status` (503 by default) as if nothing had happened — as
   * when a gateway times out after SharePoint applied the write.
   */
  loseAnswerOfNext(count: number, path: RegExp = /./, status = 503): void {
    for (let i = 0; i < count; i++) this.lostAnswers.push({ path, status });
  }

  private readonly lostAnswers: { path: RegExp; status: number }[] = [];
  /** Writes whose answer was lost so far. */
  lostAnswerCount = 0;

  /** Adds items straight into a list, as if made over months (no requests, not logged). */
  seedItems(list: string, rows: Record<string, unknown>[], siteId = this.siteId): number[] {
    return this.sharepoint.seedItems(siteId, list, rows);
  }

  stats(): GraphDoubleStats {
    return {
      ...this.counters,
      byStatus: { ...this.counters.byStatus },
      ...this.sharepoint.counters,
      injected429: this.faults.injected429,
      injected503: this.faults.injected503,
      injectedOther: this.faults.injectedOther,
      tokensIssued: this.tokens.issuedCount,
    };
  }

  /** Logged requests refused for a reason (`threshold`, `not-indexed`, …). */
  refused(reason: string): LoggedRequest[] {
    return this.log.filter((entry) => entry.reason === reason);
  }

  /** Empties the lists, the log and the counters and restores the configured faults; tokens stay valid. */
  reset(): void {
    this.lostAnswers.length = 0;
    this.lostAnswerCount = 0;
    this.sharepoint.reset();
    this.drive.reset();
    this.mail.reset();
    this.calendar.reset();
    this.subscriptions.reset();
    this.directory.reset();
    this.faults.reset();
    this.log.length = 0;
    this.counters = GraphDouble.zero();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private static zero() {
    return {
      graphRequests: 0,
      roundTrips: 0,
      batches: 0,
      batchedRequests: 0,
      tokenRequests: 0,
      unauthorized: 0,
      byStatus: {} as Record<number, number>,
      peakConcurrency: 0,
      mailboxConcurrencyRejections: 0,
      peakMailboxConcurrency: 0,
    };
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const at = clock();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', this.url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      const method = (req.method ?? 'GET').toUpperCase();

      const identity =
        /^\/([^/]+)\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration)$/.exec(
          url.pathname,
        );
      if (identity) {
        this.identity(identity[1]!, identity[2]!, method, raw, res);
        return;
      }
      if (!url.pathname.startsWith('/v1.0/')) {
        this.send(res, {
          status: 404,
          body: { error: { code: 'NotFound', message: 'Not found' } },
        });
        return;
      }

      this.counters.roundTrips++;
      this.inFlight++;
      this.counters.peakConcurrency = Math.max(this.counters.peakConcurrency, this.inFlight);
      const requestId = randomUUID();
      let finish = (response: GraphResponse, sent?: () => void) => {
        this.record(method, `${url.pathname}${url.search}`, response, at);
        this.send(res, response, headers['client-request-id'] ?? requestId, () => {
          this.inFlight--;
          sent?.();
        });
      };

      const unauthorized = this.tokens.verify(headers.authorization, requestId);
      if (unauthorized) {
        this.counters.unauthorized++;
        finish(unauthorized);
        return;
      }
      const path = decodeURIComponent(url.pathname.slice('/v1.0'.length));
      let body: unknown;
      // A file's content is its bytes, not JSON.
      if (isUpload(method, path)) body = bytes;
      else if (raw.length) {
        try {
          body = JSON.parse(raw);
        } catch {
          finish(
            graphError(400, 'BadRequest', 'Unable to read JSON request payload.', { requestId }),
          );
          return;
        }
      }
      // Outlook counts requests in flight per mailbox, a batch's requests included.
      const mailboxes =
        path === '/$batch'
          ? ((body as { requests?: { url?: string }[] })?.requests ?? [])
              .map((r) => mailboxOfPath(`/${(r.url ?? '').replace(/^\//, '')}`))
              .filter((m): m is string => m !== undefined)
          : [mailboxOfPath(path)].filter((m): m is string => m !== undefined);
      if (
        mailboxes.some((m) => (this.inFlightByMailbox.get(m) ?? 0) >= MAILBOX_CONCURRENCY_LIMIT)
      ) {
        this.counters.mailboxConcurrencyRejections++;
        finish(
          graphError(
            429,
            'ApplicationThrottled',
            'Application is over its MailboxConcurrency limit.',
            {
              requestId,
              headers: { 'Retry-After': '1' },
              reason: 'mailbox-concurrency',
            },
          ),
        );
        return;
      }
      for (const m of mailboxes) {
        const n = (this.inFlightByMailbox.get(m) ?? 0) + 1;
        this.inFlightByMailbox.set(m, n);
        this.counters.peakMailboxConcurrency = Math.max(this.counters.peakMailboxConcurrency, n);
      }
      const lost = method !== 'GET' ? this.lostAnswers.findIndex((l) => l.path.test(path)) : -1;
      const lostStatus = lost >= 0 ? this.lostAnswers.splice(lost, 1)[0]!.status : undefined;
      const respond = finish;
      finish = (response: GraphResponse) =>
        respond(
          lostStatus === undefined
            ? response
            : (this.lostAnswerCount++,
              graphError(
                lostStatus,
                'serviceNotAvailable',
                'The service is temporarily unavailable.',
                {
                  requestId,
                  headers: { 'Retry-After': '0' },
                  reason: 'answer-lost',
                },
              )),
          () => {
            for (const m of mailboxes)
              this.inFlightByMailbox.set(m, this.inFlightByMailbox.get(m)! - 1);
          },
        );
      if (path === '/$batch') {
        if (method !== 'POST') {
          finish(graphError(405, 'BadRequest', 'Use POST for $batch.', { requestId }));
          return;
        }
        this.counters.batches++;
        const batchId = requestId;
        finish(
          handleBatch(
            body,
            requestId,
            (step) => this.runStep(step, headers.authorization, batchId),
            this.shuffle,
          ),
        );
        return;
      }
      const request = {
        method,
        path,
        query: url.searchParams,
        headers,
        body,
        requestId,
        serviceRoot: this.graphUrl,
      };
      // Creating a subscription waits for the notification URL's handshake (not faulted).
      const creation = this.subscriptions.creation(request);
      if (creation) {
        this.counters.graphRequests++;
        void creation.then(finish);
        return;
      }
      finish(this.dispatch(request));
    });
  }

  /** One Graph request, on its own or inside a batch: the fault injector, then the handlers. */
  private dispatch(req: GraphRequest): GraphResponse {
    this.counters.graphRequests++;
    const fault = this.faults.decide(req.requestId);
    if (fault) return fault;
    // `/me` is the signed-in person's own: only a delegated token has one.
    if (/^\/me(\/|$)/i.test(req.path)) {
      const user = this.tokens.userOf(req.headers.authorization);
      if (!user)
        return graphError(
          400,
          'BadRequest',
          '/me request is only valid with delegated authentication flow.',
          { requestId: req.requestId, reason: 'app-only-me' },
        );
      req = { ...req, path: req.path.replace(/^\/me/i, `/users/${user}`) };
    }
    const handled =
      this.drive.handle(req) ??
      this.sharepoint.handle(req) ??
      this.mail.handle(req) ??
      this.calendar.handle(req) ??
      this.subscriptions.handle(req) ??
      this.directory.handle(req, this.tokens.rolesOf(req.headers.authorization));
    if (handled) return handled;
    const segment = req.path.split('/').filter(Boolean)[0] ?? '';
    return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`, {
      requestId: req.requestId,
      reason: 'unknown-path',
    });
  }

  private runStep(
    step: BatchStep,
    authorization: string | undefined,
    batchId: string,
  ): GraphResponse {
    const at = clock();
    this.counters.batchedRequests++;
    const url = new URL(step.url.startsWith('/') ? step.url : `/${step.url}`, 'http://batch');
    const requestId = randomUUID();
    const response = this.dispatch({
      method: step.method,
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: { ...step.headers, authorization: authorization ?? '' },
      body: step.body,
      requestId,
      serviceRoot: this.graphUrl,
    });
    this.record(step.method, `/v1.0/$batch#${step.id} ${step.url}`, response, at, batchId);
    return response;
  }

  private identity(tenant: string, what: string, method: string, raw: string, res: ServerResponse) {
    if (what.startsWith('v2.0')) {
      const base = `${this.url}/${tenant}`;
      this.send(res, {
        status: 200,
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          issuer: `${this.url}/${this.tenantId}/v2.0`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
          tenant_region_scope: 'EU',
        },
      });
      return;
    }
    this.counters.tokenRequests++;
    if (method !== 'POST') {
      this.send(res, { status: 405, body: { error: 'invalid_request' } });
      return;
    }
    const result = this.tokens.token(tenant, new URLSearchParams(raw));
    this.send(res, {
      status: result.status,
      body: result.body,
      headers: { 'Cache-Control': 'no-store' },
    });
  }

  private record(
    method: string,
    path: string,
    response: GraphResponse,
    at: number,
    batch?: string,
  ): void {
    this.counters.byStatus[response.status] = (this.counters.byStatus[response.status] ?? 0) + 1;
    const entry: LoggedRequest = {
      method,
      path,
      status: response.status,
      at,
      durationMs: clock() - at,
    };
    if (batch) entry.batch = batch;
    if (response.reason) entry.reason = response.reason;
    this.log.push(entry);
  }

  private send(
    res: ServerResponse,
    response: GraphResponse,
    clientRequestId?: string,
    done?: () => void,
  ): void {
    const write = () => {
      done?.();
      if (res.destroyed) return;
      const headers: Record<string, string> = { ...response.headers };
      if (clientRequestId) {
        headers['request-id'] = clientRequestId;
        headers['client-request-id'] = clientRequestId;
      }
      if (response.body === undefined) {
        res.writeHead(response.status, headers);
        res.end();
        return;
      }
      res.writeHead(response.status, { 'Content-Type': JSON_CONTENT_TYPE, ...headers });
      res.end(JSON.stringify(response.body));
    };
    const delay = this.options.responseDelayMs ?? 0;
    if (delay > 0) setTimeout(write, delay);
    else write();
  }
}
