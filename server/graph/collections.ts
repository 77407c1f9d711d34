/**
 * Reading Graph collections and sending many requests: every page of a collection (following
 * `@odata.nextLink`), a delta round (pages until `@odata.deltaLink`), and JSON batching (at most
 * 20 requests a batch, and no more than the mailbox limit for one mailbox in a batch, with the
 * requests Graph throttled inside a batch sent again after their own Retry-After).
 *
 * What Graph sends back is checked before it is used: a page without a `value` array, or a batch
 * answer that does not account for every request, is an error, not an empty result.
 *
 * Learn: https://learn.microsoft.com/graph/paging, https://learn.microsoft.com/graph/delta-query-overview,
 * https://learn.microsoft.com/graph/json-batching.
 */
import { z } from 'zod';
import { MAILBOX_CONCURRENCY, graphPath, mailboxesOf, type Graph } from './graph-client';

/** Graph's limit on requests in one JSON batch. */
export const BATCH_LIMIT = 20;
/** Rounds of resending throttled requests of a batch before giving up on them. */
const BATCH_ROUNDS = 8;
/** The longest wait between rounds when Graph gives no Retry-After. */
const MAX_BACKOFF_MS = 30_000;

const page = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export class GraphResponseError extends Error {
  constructor(what: string) {
    super(`Graph answered unexpectedly: ${what}`);
    this.name = 'GraphResponseError';
  }
}

function parsePage(body: unknown, path: string) {
  const parsed = page.safeParse(body);
  if (!parsed.success) throw new GraphResponseError(`${path} gave no collection`);
  return parsed.data;
}

/** Every item of a collection. */
export async function all(graph: Graph, path: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const page of pages(graph, path)) items.push(...page);
  return items;
}

/** Each page of a collection in turn. */
export async function* pages(
  graph: Graph,
  path: string,
  headers: Record<string, string> = {},
): AsyncGenerator<unknown[]> {
  let next: string | undefined = path;
  while (next !== undefined) {
    const body = parsePage(await graph.client.api(next).headers(headers).get(), next);
    yield body.value;
    next = body['@odata.nextLink'] ? graphPath(body['@odata.nextLink'], graph.url) : undefined;
  }
}

/**
 * One delta round from `from` (the first request, or the last round's delta link): every change
 * since, and the link for the next round. An unchanged folder costs exactly one request.
 */
export async function deltaRound(
  graph: Graph,
  from: string,
  headers: Record<string, string> = {},
): Promise<{ items: unknown[]; deltaLink: string }> {
  const items: unknown[] = [];
  let next = from.startsWith('http') ? graphPath(from, graph.url) : from;
  for (;;) {
    const body = parsePage(await graph.client.api(next).headers(headers).get(), next);
    items.push(...body.value);
    if (body['@odata.nextLink']) next = graphPath(body['@odata.nextLink'], graph.url);
    else if (body['@odata.deltaLink']) return { items, deltaLink: body['@odata.deltaLink'] };
    else throw new GraphResponseError(`${next} ended without a delta link`);
  }
}

const removedItem = z.object({ id: z.string(), '@removed': z.object({}).passthrough() });

/**
 * A delta round's items sorted out: the changed ones as `schema` reads them, the ids of removed
 * ones (`@removed`), and how many were neither (left out and counted, never guessed at).
 */
export function deltaItems<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
): { changed: T[]; removed: string[]; unreadable: number } {
  const out = { changed: [] as T[], removed: [] as string[], unreadable: 0 };
  for (const item of items) {
    const gone = removedItem.safeParse(item);
    if (gone.success) {
      out.removed.push(gone.data.id);
      continue;
    }
    const read = schema.safeParse(item);
    if (read.success) out.changed.push(read.data);
    else out.unreadable++;
  }
  return out;
}

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version, e.g. `/users/{id}/mailboxSettings`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Run only after these (sequential batches). */
  dependsOn?: string[];
}

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const batchAnswer = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

/** A request Graph throttled (429) or could not take (503): not done, safe to send again. */
export const isThrottled = (status: number) => status === 429 || status === 503;

/** How long to wait before resending a throttled answer: its Retry-After, or a capped backoff. */
export function retryDelayMs(answer: BatchResponse, round: number): number {
  const key = Object.keys(answer.headers).find((k) => k.toLowerCase() === 'retry-after');
  const seconds = key === undefined ? NaN : Number(answer.headers[key]);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.min(2 ** round * 1000, MAX_BACKOFF_MS);
}

/** One JSON batch (at most 20 requests), answered in the requests' order; checked. */
export async function postBatch(graph: Graph, requests: BatchRequest[]): Promise<BatchResponse[]> {
  const body = batchAnswer.safeParse(await graph.client.api('/$batch').post({ requests }));
  if (!body.success) throw new GraphResponseError('a batch without responses');
  const byId = new Map(body.data.responses.map((r) => [r.id, r]));
  return requests.map((request) => {
    const r = byId.get(request.id);
    if (!r) throw new GraphResponseError(`the batch did not answer request ${request.id}`);
    return { id: r.id, status: r.status, headers: r.headers ?? {}, body: r.body };
  });
}

/**
 * Sends the requests in as few batches as the limits allow and returns every answer by id. A
 * request throttled inside its batch (429, 503) is sent again in a later batch once its
 * Retry-After has passed; after a few rounds its last answer is returned as it is.
 */
export async function sendBatched(
  graph: Graph,
  requests: BatchRequest[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<Map<string, BatchResponse>> {
  const answers = new Map<string, BatchResponse>();
  let pending = requests;
  for (let round = 0; pending.length > 0; round++) {
    const again: BatchRequest[] = [];
    let waitMs = 0;
    for (const chunk of chunks(pending)) {
      for (const [i, answer] of (await postBatch(graph, chunk)).entries()) {
        answers.set(answer.id, answer);
        if (isThrottled(answer.status) && round < BATCH_ROUNDS) {
          again.push(chunk[i]!);
          waitMs = Math.max(waitMs, retryDelayMs(answer, round));
        }
      }
    }
    if (again.length) await sleep(waitMs);
    pending = again;
  }
  return answers;
}

/** Batches of at most 20, with no more requests for one mailbox than the mailbox limit. */
export function chunks(requests: BatchRequest[]): BatchRequest[][] {
  const out: { requests: BatchRequest[]; perMailbox: Map<string, number> }[] = [];
  for (const request of requests) {
    const mailboxes = mailboxesOf({ request: `https://graph.invalid/v1.0${request.url}` });
    const fits = (c: (typeof out)[number]) =>
      c.requests.length < BATCH_LIMIT &&
      [...mailboxes].every(([m, n]) => (c.perMailbox.get(m) ?? 0) + n <= MAILBOX_CONCURRENCY);
    let chunk = out.find(fits);
    if (!chunk) out.push((chunk = { requests: [], perMailbox: new Map() }));
    chunk.requests.push(request);
    for (const [m, n] of mailboxes) chunk.perMailbox.set(m, (chunk.perMailbox.get(m) ?? 0) + n);
  }
  return out.map((c) => c.requests);
}
