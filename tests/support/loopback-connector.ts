/**
 * A loopback stand-in for the Bot Framework / Teams connector, as far as proactive messages go:
 * the Agents SDK's `continueConversation` + `sendActivity` posts to
 * `POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}` (a reply to the
 * continuation activity's fresh id; `…/activities` without one for `sendToConversation`), and
 * the connector answers 201 `{ id }`.
 *
 * Like Teams, it enforces Teams' published limits on what it accepts (per conversation 7 a second
 * and 60 in 30 seconds, 50 a second for the whole app): a request that would break one is
 * answered 429 with a Retry-After and counted as a limit rejection, the client's fault. On top of
 * that it can inject faults at random, seeded so a run can be repeated: 429 with a Retry-After
 * (seconds) and 500/502/503. It records every accepted activity (conversation, arrival time,
 * `channelData.liaisonKey`) and counts a key accepted twice as a duplicate: Teams would show the
 * person the card twice, so the double reports the repeat rather than hiding it. It also takes
 * updates (`PUT …/activities/{id}`, as `updateActivity` sends them) of activities it accepted,
 * counted against the same limits, and answers 404 for an activity it does not have.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { prng } from '../../bench/synthetic-cases';

export interface LimitWindow {
  ms: number;
  max: number;
}

/** Teams' limits, stated here independently of the rate limiter under test. */
export const TEAMS_CONNECTOR_LIMITS = {
  perConversation: [
    { ms: 1_000, max: 7 },
    { ms: 30_000, max: 60 },
  ] as LimitWindow[],
  perApp: [{ ms: 1_000, max: 50 }] as LimitWindow[],
};

export interface ConnectorOptions {
  /** Seed of the fault injector. */
  seed?: number;
  /** Share of requests answered 429 at random (0–1). */
  throttleRate?: number;
  /** Retry-After sent with an injected 429, in seconds. */
  retryAfterSeconds?: number;
  /** Share of requests answered 500, 502 or 503 at random (0–1). */
  serverErrorRate?: number;
  /** Answer 429 to a request that would break a limit, as Teams does (default on). */
  enforceLimits?: boolean;
  limits?: typeof TEAMS_CONNECTOR_LIMITS;
  /** Answer this long after the request has been read (and, if accepted, recorded): a network's round trip. */
  responseDelayMs?: number;
}

export interface AcceptedActivity {
  conversationId: string;
  /** `channelData.liaisonKey`, if the activity had one. */
  key: string | undefined;
  /** Arrival of the request (epoch ms, sub-millisecond). */
  at: number;
  id: string;
  /** `summary` (the notification's subject), `text` when it is a plain message. */
  summary: string | undefined;
  text: string | undefined;
  attachments: number;
  /** The first attachment's content (the Adaptive Card). */
  card: unknown;
}

/** An accepted update of an earlier activity, with the card it now shows. */
export interface UpdatedActivity {
  conversationId: string;
  id: string;
  at: number;
  key: string | undefined;
  card: unknown;
}

/** Every request to the activities endpoint, whatever the answer. */
export interface ConnectorRequest {
  conversationId: string;
  key: string | undefined;
  at: number;
  status: number;
  /** Why it was refused: `limit: app 50/1s` etc. (the client sent too fast), or `injected`. */
  reason?: string;
}

export interface ConnectorStats {
  requests: number;
  accepted: number;
  /** Distinct liaison keys accepted. */
  distinctKeys: number;
  /** Acceptances of a key already accepted before. */
  duplicates: number;
  injected429: number;
  injected5xx: number;
  /** Requests that would have broken a limit (answered 429): the client sent too fast. */
  limitRejections: number;
  /** Accepted activities that break a limit, counted over the record (0 while limits are enforced). */
  acceptedViolations: number;
  /** Activities accepted without a liaison key (e.g. a plain text message). */
  withoutKey: number;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

const clock = () => performance.timeOrigin + performance.now();

export class LoopbackConnector {
  readonly accepted: AcceptedActivity[] = [];
  readonly updates: UpdatedActivity[] = [];
  readonly requests: ConnectorRequest[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly lanes = new Map<string, number[]>();
  private readonly app: number[] = [];
  private readonly random: () => number;
  private readonly counters = {
    requests: 0,
    duplicates: 0,
    injected429: 0,
    injected5xx: 0,
    limitRejections: 0,
    withoutKey: 0,
  };
  private nextId = 1;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: Required<ConnectorOptions>,
  ) {
    this.random = prng(options.seed);
  }

  static async start(options: ConnectorOptions = {}): Promise<LoopbackConnector> {
    const full: Required<ConnectorOptions> = {
      seed: 1,
      throttleRate: 0,
      retryAfterSeconds: 1,
      serverErrorRate: 0,
      enforceLimits: true,
      limits: TEAMS_CONNECTOR_LIMITS,
      responseDelayMs: 0,
      ...options,
    };
    const server = createServer();
    // Many short requests from one client: keep sockets alive as the real service does.
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const connector = new LoopbackConnector(server, `http://127.0.0.1:${port}`, full);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => connector.handle(req, res));
    return connector;
  }

  /** Changes the injected faults from now on (e.g. stop them so that a run can finish). */
  setFaults(faults: Pick<ConnectorOptions, 'throttleRate' | 'serverErrorRate'>): void {
    Object.assign(this.options, faults);
  }

  /** Activities accepted with this key, in arrival order. */
  acceptedFor(key: string): AcceptedActivity[] {
    return this.accepted.filter((a) => a.key === key);
  }

  /** The keys accepted more than once. */
  duplicateKeys(): string[] {
    return [...this.byKey].filter(([, n]) => n > 1).map(([key]) => key);
  }

  /** Resolves once `count` activities have been accepted. */
  whenAccepted(count: number): Promise<void> {
    if (this.accepted.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  stats(): ConnectorStats {
    return {
      requests: this.counters.requests,
      accepted: this.accepted.length,
      distinctKeys: this.byKey.size,
      duplicates: this.counters.duplicates,
      injected429: this.counters.injected429,
      injected5xx: this.counters.injected5xx,
      limitRejections: this.counters.limitRejections,
      acceptedViolations: this.acceptedViolations(),
      withoutKey: this.counters.withoutKey,
    };
  }

  /**
   * Accepted activities that break a limit, counted afresh from the record: the n-th arrival
   * breaks a window of `ms` holding `max` if it comes less than `ms` after the (n-max)-th.
   */
  acceptedViolations(): number {
    const { perConversation, perApp } = this.options.limits;
    const byConversation = new Map<string, number[]>();
    for (const a of this.accepted) {
      const list = byConversation.get(a.conversationId) ?? [];
      list.push(a.at);
      byConversation.set(a.conversationId, list);
    }
    let violations = 0;
    for (const times of byConversation.values()) violations += breaches(times, perConversation);
    violations += breaches(
      this.accepted.map((a) => a.at),
      perApp,
    );
    return violations;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // The arrival is when the request reaches the service, before its body is read.
    const at = clock();
    this.counters.requests++;
    const update = req.method === 'PUT';
    const match = req.method === 'POST' || update ? ACTIVITIES.exec(req.url ?? '') : null;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    if (!match || (update && !match[2])) {
      req.on('end', () => this.reply(res, 404, { error: { code: 'NotFound' } }));
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    // Decided on arrival, in arrival order, as a service counting its traffic would.
    const wait = this.options.enforceLimits ? this.waitFor(conversationId, at) : { ms: 0 };
    let outcome: { status: number; retryAfter?: number; reason: string } | undefined;
    if (wait.ms > 0) {
      this.counters.limitRejections++;
      outcome = {
        status: 429,
        retryAfter: Math.max(1, Math.ceil(wait.ms / 1000)),
        reason: `limit: ${wait.limit}`,
      };
    } else {
      const r = this.random();
      if (r < this.options.throttleRate) {
        this.counters.injected429++;
        outcome = { status: 429, retryAfter: this.options.retryAfterSeconds, reason: 'injected' };
      } else if (r < this.options.throttleRate + this.options.serverErrorRate) {
        this.counters.injected5xx++;
        const status = [500, 502, 503][Math.floor(this.random() * 3)]!;
        outcome = { status, reason: 'injected' };
      } else {
        // Counted now, so requests arriving meanwhile see it.
        this.app.push(at);
        const lane = this.lanes.get(conversationId) ?? [];
        lane.push(at);
        this.lanes.set(conversationId, lane);
      }
    }
    req.on('end', () => {
      let activity: {
        channelData?: { liaisonKey?: unknown };
        summary?: unknown;
        text?: unknown;
        attachments?: { content?: unknown }[];
      };
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof activity;
      } catch {
        this.reply(res, 400, { error: { code: 'BadArgument' } });
        return;
      }
      const key =
        typeof activity.channelData?.liaisonKey === 'string'
          ? activity.channelData.liaisonKey
          : undefined;
      if (outcome) {
        this.requests.push({
          conversationId,
          key,
          at,
          status: outcome.status,
          reason: outcome.reason,
        });
        const headers: Record<string, string> = outcome.retryAfter
          ? { 'Retry-After': String(outcome.retryAfter) }
          : {};
        this.reply(res, outcome.status, { error: { code: 'ServiceError' } }, headers);
        return;
      }
      if (update) {
        const id = decodeURIComponent(match[2]!);
        const known = this.accepted.some((a) => a.id === id && a.conversationId === conversationId);
        this.requests.push({ conversationId, key, at, status: known ? 200 : 404 });
        if (!known) return this.reply(res, 404, { error: { code: 'ActivityNotFound' } });
        this.updates.push({
          conversationId,
          id,
          at,
          key,
          card: activity.attachments?.[0]?.content,
        });
        return this.reply(res, 200, { id });
      }
      this.requests.push({ conversationId, key, at, status: 201 });
      const id = `1:${this.nextId++}`;
      this.accepted.push({
        conversationId,
        key,
        at,
        id,
        summary: typeof activity.summary === 'string' ? activity.summary : undefined,
        text: typeof activity.text === 'string' ? activity.text : undefined,
        attachments: activity.attachments?.length ?? 0,
        card: activity.attachments?.[0]?.content,
      });
      if (key === undefined) this.counters.withoutKey++;
      else {
        const seen = this.byKey.get(key) ?? 0;
        if (seen > 0) this.counters.duplicates++;
        this.byKey.set(key, seen + 1);
      }
      this.reply(res, 201, { id });
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.accepted.length >= this.waiters[i]!.count) this.waiters.splice(i, 1)[0]!.resolve();
      }
    });
  }

  private reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.options.responseDelayMs > 0) setTimeout(send, this.options.responseDelayMs);
    else send();
  }

  /** How long until a message to this conversation fits every limit (0: now), and which limit. */
  private waitFor(conversationId: string, now: number): { ms: number; limit?: string } {
    const { perConversation, perApp } = this.options.limits;
    const lane = waitIn(this.lanes.get(conversationId) ?? [], perConversation, now);
    const app = waitIn(this.app, perApp, now);
    if (lane.ms <= 0 && app.ms <= 0) return { ms: 0 };
    return lane.ms >= app.ms
      ? { ms: lane.ms, limit: `conversation ${lane.limit}` }
      : { ms: app.ms, limit: `app ${app.limit}` };
  }
}

function waitIn(
  times: number[],
  windows: LimitWindow[],
  now: number,
): { ms: number; limit?: string } {
  let wait: { ms: number; limit?: string } = { ms: 0 };
  for (const w of windows) {
    let inWindow = 0;
    let oldest = now;
    for (let i = times.length - 1; i >= 0 && times[i]! > now - w.ms; i--) {
      inWindow++;
      oldest = times[i]!;
      if (inWindow >= w.max) break;
    }
    const ms = oldest + w.ms - now;
    if (inWindow >= w.max && ms > wait.ms) wait = { ms, limit: `${w.max}/${w.ms / 1000}s` };
  }
  return wait;
}

function breaches(times: number[], windows: LimitWindow[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (windows.some((w) => i >= w.max && sorted[i]! - sorted[i - w.max]! < w.ms)) n++;
  }
  return n;
}

/** A Teams personal-chat conversation reference whose service URL is the loopback connector. */
export function loopbackReference(
  serviceUrl: string,
  conversationId: string,
  user: { id: string; aadObjectId: string },
): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    user,
    bot: { id: '28:liaison-bot', name: 'IRO Liaison' },
  };
}
