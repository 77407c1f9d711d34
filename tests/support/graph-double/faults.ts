/**
 * Faults the double injects into Graph requests (each request inside a `$batch` on its own, as
 * Graph evaluates throttling per request — learn.microsoft.com/graph/throttling, "Throttling and
 * batching"): at random, seeded so a run can be repeated, and on demand for the next N requests.
 *
 * - 429 with `Retry-After` in seconds and the body SharePoint's throttling answers with through
 *   Graph: `activityLimitReached`, "The request has been throttled", inner `throttledRequest`
 *   (as quoted in learn.microsoft.com/answers/questions/648796).
 * - 503 `serviceNotAvailable`, also with `Retry-After` (learn.microsoft.com/graph/errors: "You may
 *   repeat the request after a delay, the length of which may be specified in a Retry-After header").
 * - On demand, any other status (500, 502, 504…), without `Retry-After`.
 */
import { prng } from '../../../bench/synthetic-cases';
import { graphError, type GraphResponse } from './http';

export interface FaultOptions {
  seed?: number;
  /** Share of requests answered 429 at random (0–1). */
  throttleRate?: number;
  /** Share of requests answered 503 at random (0–1). */
  serviceUnavailableRate?: number;
  /** `Retry-After` sent with an injected 429 or 503, in whole seconds (0 keeps tests fast). */
  retryAfterSeconds?: number;
}

interface Forced {
  status: number;
  retryAfterSeconds?: number;
}

export class FaultInjector {
  private random: () => number;
  private options: Required<FaultOptions>;
  private readonly forced: Forced[] = [];
  injected429 = 0;
  injected503 = 0;
  injectedOther = 0;

  constructor(private readonly initial: FaultOptions) {
    this.options = FaultInjector.full(initial);
    this.random = prng(this.options.seed);
  }

  private static full(options: FaultOptions): Required<FaultOptions> {
    return {
      seed: 1,
      throttleRate: 0,
      serviceUnavailableRate: 0,
      retryAfterSeconds: 1,
      ...options,
    };
  }

  /** Changes the random faults from now on (e.g. stop them so that a run can finish). */
  set(faults: FaultOptions): void {
    this.options = { ...this.options, ...faults };
    if (faults.seed !== undefined) this.random = prng(faults.seed);
  }

  /** The next `count` Graph requests fail with `status` (429 and 503 carry Retry-After). */
  failNext(count: number, status = 429, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i++) this.forced.push({ status, retryAfterSeconds });
  }

  reset(): void {
    this.options = FaultInjector.full(this.initial);
    this.random = prng(this.options.seed);
    this.forced.length = 0;
    this.injected429 = this.injected503 = this.injectedOther = 0;
  }

  /** A fault for this request, or undefined to let it through. */
  decide(requestId: string): GraphResponse | undefined {
    const forced = this.forced.shift();
    if (forced) return this.fault(forced.status, forced.retryAfterSeconds, requestId);
    if (this.options.throttleRate <= 0 && this.options.serviceUnavailableRate <= 0)
      return undefined;
    const r = this.random();
    if (r < this.options.throttleRate) return this.fault(429, undefined, requestId);
    if (r < this.options.throttleRate + this.options.serviceUnavailableRate) {
      return this.fault(503, undefined, requestId);
    }
    return undefined;
  }

  private fault(status: number, retryAfter: number | undefined, requestId: string): GraphResponse {
    const headers = { 'Retry-After': String(retryAfter ?? this.options.retryAfterSeconds) };
    if (status === 429) {
      this.injected429++;
      return graphError(429, 'activityLimitReached', 'The request has been throttled', {
        requestId,
        headers,
        reason: 'injected',
        inner: { code: 'throttledRequest' },
      });
    }
    if (status === 503) {
      this.injected503++;
      return graphError(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, the length of which may be specified in a Retry-After header.',
        { requestId, headers, reason: 'injected' },
      );
    }
    this.injectedOther++;
    return graphError(status, 'generalException', 'An unspecified error has occurred.', {
      requestId,
      reason: 'injected',
    });
  }
}
