/**
 * `POST /v1.0/$batch`, JSON batching as learn.microsoft.com/graph/json-batching describes it:
 *
 * - `{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`, at most 20 requests
 *   ("up to 20"; more is refused with 400 before any runs);
 * - ids must be unique within the batch (case-insensitive) or the batch fails with 400;
 * - a body needs a `Content-Type` header, or that request fails with 400;
 * - `dependsOn` makes the batch sequential; a batch must be "either fully sequential or fully
 *   parallel" (the service's 400 when some requests have `dependsOn` and others do not), and a
 *   request whose dependency failed is answered 424 Failed Dependency without running;
 * - each request runs through the same handlers (and the same fault injector: throttling is
 *   evaluated per request, so one can get its own 429 with `Retry-After` in its headers while the
 *   batch itself answers 200);
 * - responses `{ id, status, headers, body }` may come back in any order (the double shuffles a
 *   parallel batch's, seeded), so a client must match them by id.
 */
import { graphError, type GraphResponse } from './http';

export const MAX_BATCH_REQUESTS = 20;

export interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Runs one request of the batch (path relative to the version, query included). */
export type RunStep = (step: BatchStep) => GraphResponse;

export function handleBatch(
  body: unknown,
  requestId: string,
  run: RunStep,
  random: () => number,
): GraphResponse {
  const bad = (message: string) =>
    graphError(400, 'BadRequest', message, { requestId, reason: 'invalid-batch' });
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return bad('Invalid batch payload format: a non-empty requests array is expected.');
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    return bad(
      `The batch has ${requests.length} requests; the limit is ${MAX_BATCH_REQUESTS} requests in a batch.`,
    );
  }
  const steps: (BatchStep & { dependsOn?: string[] })[] = [];
  const seen = new Set<string>();
  for (const raw of requests as Record<string, unknown>[]) {
    const id =
      typeof raw?.id === 'string' ? raw.id : typeof raw?.id === 'number' ? String(raw.id) : '';
    if (!id || typeof raw.method !== 'string' || typeof raw.url !== 'string') {
      return bad('Each request in a batch needs an id, a method and a url.');
    }
    if (seen.has(id.toLowerCase())) return bad(`Request id '${id}' is used twice in the batch.`);
    if (/^https?:/i.test(raw.url) || /^\/?\$batch/.test(raw.url)) {
      return bad(`Request '${id}': the url must be relative to the version, and not a batch.`);
    }
    const dependsOn = raw.dependsOn;
    if (dependsOn !== undefined) {
      if (!Array.isArray(dependsOn) || dependsOn.some((d) => !seen.has(String(d).toLowerCase()))) {
        return bad(`Request '${id}' depends on a request that does not come before it.`);
      }
    }
    seen.add(id.toLowerCase());
    const headers: Record<string, string> = {};
    const rawHeaders = (raw.headers ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(rawHeaders)) headers[k.toLowerCase()] = String(v);
    steps.push({
      id,
      method: raw.method.toUpperCase(),
      url: raw.url,
      headers,
      body: raw.body,
      dependsOn: dependsOn as string[] | undefined,
    });
  }
  const sequential = steps.some((s) => s.dependsOn !== undefined);
  if (sequential && steps.slice(1).some((s) => s.dependsOn === undefined)) {
    return bad('Batch should be either fully sequential or fully parallel');
  }

  const statuses = new Map<string, number>();
  const responses = steps.map((step) => {
    let response: GraphResponse;
    const failed = step.dependsOn?.find((d) => {
      const status = statuses.get(String(d).toLowerCase()) ?? 0;
      return status < 200 || status >= 300;
    });
    if (failed !== undefined) {
      response = graphError(
        424,
        'FailedDependency',
        `The request it depends on ('${failed}') failed.`,
        {
          requestId,
        },
      );
    } else if (step.body !== undefined && step.headers['content-type'] === undefined) {
      response = graphError(
        400,
        'BadRequest',
        'A Content-Type header is required for a request with a body.',
        { requestId },
      );
    } else {
      response = run(step);
    }
    statuses.set(step.id.toLowerCase(), response.status);
    const headers: Record<string, string> = { ...response.headers };
    if (response.body !== undefined) headers['Content-Type'] = 'application/json';
    const out: Record<string, unknown> = { id: step.id, status: response.status, headers };
    if (response.body !== undefined) out.body = response.body;
    return out;
  });
  if (!sequential) {
    for (let i = responses.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [responses[i], responses[j]] = [responses[j]!, responses[i]!];
    }
  }
  return { status: 200, body: { responses } };
}
