/**
 * The Microsoft Graph client every adapter uses: `@microsoft/microsoft-graph-client` with this
 * middleware chain, in order:
 *
 * 1. `BearerToken` — the app-only or on-behalf-of token (the SDK's own handler only attaches
 *    tokens to https Graph hosts it knows, which rules out a national cloud set by URL and the
 *    loopback double the tests run against).
 * 2. The SDK's `RetryHandler` — 429, 503 and 504 are retried after `Retry-After` (or a backoff),
 *    up to 5 times; a write (POST, PATCH, PUT, DELETE) is retried only on 429 and 503, which
 *    Graph answers before doing anything, never on a 504 that may have done it.
 * 3. `Timeout` — each attempt is abandoned after `timeoutMs`.
 * 4. `MailboxLimit` — never more than 4 requests at once per mailbox, Exchange Online's limit
 *    for an app (a JSON batch counts once for each mailbox request inside it).
 * 5. The SDK's `HTTPMessageHandler` (fetch).
 *
 * Learn: https://learn.microsoft.com/graph/throttling,
 * https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits.
 */
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';

/** Exchange Online: at most 4 concurrent requests per app per mailbox. */
export const MAILBOX_CONCURRENCY = 4;
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RETRIES = 5;

export interface GraphClientOptions {
  /** Graph's root, e.g. https://graph.microsoft.com (the version is added). */
  graphUrl: string;
  /** The token for each request: app-only, or on behalf of the person the request is for. */
  token: () => Promise<string>;
  /** Shared by every client of the process, so the per-mailbox limit holds across them all. */
  mailboxes: MailboxLimiter;
  timeoutMs?: number;
  /** Seconds before the first retry when Graph gives no Retry-After (default 3). */
  retryDelaySeconds?: number;
  /** Retries of a throttled or unavailable request (default 5). */
  maxRetries?: number;
}

/** A Graph client and the root it talks to (links Graph returns are checked against it). */
export interface Graph {
  readonly client: Client;
  readonly url: string;
}

export function createGraphClient(options: GraphClientOptions): Graph {
  const chain: Middleware[] = [
    new BearerToken(options.token),
    new RetryHandler(
      new RetryHandlerOptions(
        options.retryDelaySeconds ?? 3,
        options.maxRetries ?? MAX_RETRIES,
        (_d, _a, req, opts, res) =>
          isWrite(req, opts) ? res.status === 429 || res.status === 503 : true,
      ),
    ),
    new Timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    new MailboxLimit(options.mailboxes),
    new HTTPMessageHandler(),
  ];
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext?.(chain[i + 1]!);
  const url = options.graphUrl.replace(/\/+$/, '');
  return {
    client: Client.initWithMiddleware({
      middleware: chain[0],
      baseUrl: url,
      defaultVersion: 'v1.0',
    }),
    url,
  };
}

/**
 * A path for `client.api()` from a link Graph returned (`@odata.nextLink`, `@odata.deltaLink`):
 * the SDK parses absolute https links only, and a link to another host is refused rather than
 * sent a token.
 */
export function graphPath(link: string, graphUrl: string): string {
  const url = new URL(link);
  const root = new URL(graphUrl);
  if (url.origin !== root.origin) throw new Error(`Graph returned a link to ${url.origin}`);
  return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '')}${url.search}`;
}

/** The SDK types its request as the DOM's RequestInfo: a URL string or a fetch Request. */
type SdkRequest = string | { url: string; method: string; headers: Headers };

function isWrite(request: unknown, options: RequestInit | undefined): boolean {
  const r = request as SdkRequest;
  const method = (typeof r === 'string' ? options?.method : r.method)?.toUpperCase();
  return method !== undefined && method !== 'GET' && method !== 'HEAD';
}

function setHeader(context: Context, name: string, value: string): void {
  const request = context.request as SdkRequest;
  if (typeof request !== 'string') {
    request.headers.set(name, value);
    return;
  }
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else context.options.headers = { ...(headers as Record<string, string>), [name]: value };
}

abstract class Link implements Middleware {
  protected next!: Middleware;
  setNext(next: Middleware): void {
    this.next = next;
  }
  abstract execute(context: Context): Promise<void>;
}

class BearerToken extends Link {
  constructor(private readonly token: () => Promise<string>) {
    super();
  }
  async execute(context: Context): Promise<void> {
    setHeader(context, 'Authorization', `Bearer ${await this.token()}`);
    await this.next.execute(context);
  }
}

export class GraphTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`Graph did not answer within ${ms} ms`);
    this.name = 'GraphTimeoutError';
  }
}

/**
 * Whether a failure is an abandoned attempt. The SDK rewraps what middleware throws as a
 * `GraphError` whose code is the original error's name.
 */
export function isGraphTimeout(e: unknown): boolean {
  return (
    e instanceof GraphTimeoutError || (e instanceof GraphError && e.code === 'GraphTimeoutError')
  );
}

class Timeout extends Link {
  constructor(private readonly ms: number) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const timer = AbortSignal.timeout(this.ms);
    context.options ??= {};
    const own = context.options.signal as AbortSignal | undefined;
    context.options.signal = own ? AbortSignal.any([own, timer]) : timer;
    try {
      await this.next.execute(context);
    } catch (e) {
      if (timer.aborted && !own?.aborted) throw new GraphTimeoutError(this.ms);
      throw e;
    } finally {
      // The next attempt (a retry) gets a fresh timer.
      context.options.signal = own;
    }
  }
}

class MailboxLimit extends Link {
  constructor(private readonly limiter: MailboxLimiter) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const release = await this.limiter.acquire(mailboxesOf(context));
    try {
      await this.next.execute(context);
    } finally {
      release();
    }
  }
}

/** The mailboxes a request reads or writes, with how many requests each (a batch has several). */
export function mailboxesOf(context: Pick<Context, 'request' | 'options'>): Map<string, number> {
  const request = context.request as SdkRequest;
  const url = typeof request === 'string' ? request : request.url;
  const out = new Map<string, number>();
  const add = (path: string) => {
    const m =
      /\/users\/([^/?]+)\/(?:messages|mailFolders|events|calendar|calendarView|mailboxSettings|sendMail)/i.exec(
        path,
      );
    if (!m) return;
    const mailbox = decodeURIComponent(m[1]!).replace(/^'|'$/g, '').toLowerCase();
    out.set(mailbox, (out.get(mailbox) ?? 0) + 1);
  };
  if (/\/\$batch(\?|$)/.test(new URL(url).pathname)) {
    const body = context.options?.body;
    if (typeof body === 'string') {
      const parsed = JSON.parse(body) as { requests?: { url?: unknown }[] };
      for (const r of parsed.requests ?? []) if (typeof r.url === 'string') add(`/${r.url}`);
    }
  } else add(new URL(url).pathname);
  return out;
}

/**
 * Counts requests in flight per mailbox and holds back those that would pass the limit. Slots
 * for several mailboxes are taken together or not at all, so two batches cannot deadlock.
 */
export class MailboxLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting: { wants: Map<string, number>; go: () => void }[] = [];

  constructor(readonly limit = MAILBOX_CONCURRENCY) {}

  async acquire(wants: Map<string, number>): Promise<() => void> {
    for (const [mailbox, n] of wants)
      if (n > this.limit)
        throw new Error(
          `${n} requests for one mailbox at once (${mailbox}); at most ${this.limit}`,
        );
    // First come, first served per mailbox: a batch waiting for four slots is not overtaken
    // for ever by single requests to the same mailbox.
    const queuedBehind = this.waiting.some((w) => [...wants.keys()].some((m) => w.wants.has(m)));
    if (!queuedBehind && this.fits(wants)) this.take(wants, 1);
    else await new Promise<void>((go) => this.waiting.push({ wants, go })); // wake() takes for it
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.take(wants, -1);
      this.wake();
    };
  }

  /** Requests in flight for a mailbox now (for tests and benches). */
  current(mailbox: string): number {
    return this.inFlight.get(mailbox.toLowerCase()) ?? 0;
  }

  private fits(wants: Map<string, number>): boolean {
    for (const [mailbox, n] of wants)
      if ((this.inFlight.get(mailbox) ?? 0) + n > this.limit) return false;
    return true;
  }

  private take(wants: Map<string, number>, sign: 1 | -1): void {
    for (const [mailbox, n] of wants) {
      const now = (this.inFlight.get(mailbox) ?? 0) + sign * n;
      if (now === 0) this.inFlight.delete(mailbox);
      else this.inFlight.set(mailbox, now);
    }
  }

  private wake(): void {
    const passed = new Set<string>();
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i]!;
      const mailboxes = [...w.wants.keys()];
      // Not past an earlier waiter for the same mailbox that still does not fit.
      if (!mailboxes.some((m) => passed.has(m)) && this.fits(w.wants)) {
        this.waiting.splice(i, 1);
        this.take(w.wants, 1);
        w.go();
      } else {
        for (const m of mailboxes) passed.add(m);
        i++;
      }
    }
  }
}
