/**
 * List items on the store's SharePoint site through the production Graph connection: the few
 * shapes of request the store makes, and the rules every one of them keeps.
 *
 * - `$filter` names one indexed column (schema.ts), as the list items documentation promises, and
 *   no query sends `$orderby` (not among the documented options); the store never sends
 *   `Prefer: HonorNonIndexedQueriesWarningMayFailRandomly`. Every read follows `@odata.nextLink`.
 * - Text literals have their single quotes doubled (OData), and every query option value is
 *   percent-encoded here: the Graph SDK puts what `api()` is given into the URL as it is, so an
 *   unencoded `#` would end the URL, `&` would end the option and `+` would arrive as a space.
 * - Every update and delete carries the item's eTag in `If-Match`: a 412 is reported as `stale`
 *   for the caller to re-read, never retried blindly as an overwrite.
 * - Instants go to SharePoint as UTC and to the second (SharePoint keeps no milliseconds) and come
 *   back in `Date.toISOString()` form, as the SQLite store gives them.
 *
 * One file so that every request the store makes keeps the same rules, listed here.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  BATCH_LIMIT,
  GraphResponseError,
  isThrottled,
  pages,
  postBatch,
  retryDelayMs,
  sendBatched,
  type BatchRequest,
  type BatchResponse,
} from '../../graph/collections';
import { graphPath, type Graph } from '../../graph/graph-client';

export type Fields = Record<string, unknown>;

export interface ListItem {
  id: number;
  eTag: string;
  fields: Fields;
}

// ---- $filter -------------------------------------------------------------------------------

/** An OData string literal: single quotes doubled. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

type Value = string | number;
const lit = (value: Value) => (typeof value === 'number' ? String(value) : literal(value));

export const eq = (column: string, value: Value) => `fields/${column} eq ${lit(value)}`;
export const le = (column: string, value: Value) => `fields/${column} le ${lit(value)}`;
export const gt = (column: string, value: Value) => `fields/${column} gt ${lit(value)}`;

/** `(c eq a or c eq b …)`: one indexed lookup per value. */
export function anyOf(column: string, values: readonly Value[]): string {
  return `(${values.map((v) => eq(column, v)).join(' or ')})`;
}

export interface ItemQuery {
  /** Leads with its most selective indexed condition. */
  filter?: string;
  top?: number;
  /** Only these fields (the item's eTag comes anyway). */
  select?: readonly string[];
}

/** The query string of an items request, each option's value percent-encoded. */
export function itemsQuery(q: ItemQuery): string {
  const expand = q.select ? `fields($select=${q.select.join(',')})` : 'fields';
  const options: [string, string][] = [['$expand', expand]];
  if (q.filter !== undefined) options.push(['$filter', q.filter]);
  if (q.top !== undefined) options.push(['$top', String(q.top)]);
  return options.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

// ---- instants ------------------------------------------------------------------------------

/** An instant to the second, rounded down (a check "at once" must not move later). */
export function floorSecond(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(iso)}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** An instant to the second, rounded up ("not before" and lease expiries never move earlier). */
export function ceilSecond(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(iso)}`);
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString();
}

/** What SharePoint gave back for a date-time column, as `toISOString()` writes it. */
export function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

export function jsonOf<T>(value: unknown): T | undefined {
  return typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : undefined;
}

/** SharePoint's single-line text limit; `Title` repeats an item's key for people browsing it. */
/** Times a write reads the item again after someone else changed it, before giving up. */
export const MAX_ROUNDS = 25;

export const title = (key: string) => (key.length <= 255 ? key : `${key.slice(0, 254)}…`);

// ---- errors --------------------------------------------------------------------------------

export function statusOf(error: unknown): number | undefined {
  return error instanceof GraphError ? error.statusCode : undefined;
}

/** A failed request inside a batch, as the error it would have been on its own. */
export function batchError(response: BatchResponse, what: string): GraphError {
  const body = response.body as { error?: { code?: string; message?: string } } | undefined;
  const error = new GraphError(
    response.status,
    `${what}: ${response.status} ${body?.error?.message ?? ''}`.trim(),
  );
  error.code = body?.error?.code ?? null;
  error.body = JSON.stringify(response.body ?? null);
  return error;
}

const ok = (status: number) => status >= 200 && status < 300;
/** Rounds of resending a throttled step of a sequential batch before giving up. */
const SEQUENCE_ROUNDS = 8;

// ---- the site's lists ----------------------------------------------------------------------

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export class SiteLists {
  constructor(
    readonly graph: Graph,
    readonly siteId: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Graph finds a list by its title as well as by its id. */
  items(list: string): string {
    // By the id provisioning recorded, so that a list renamed in SharePoint is still found; by
    // its title only on a site provisioned before ids were recorded.
    const id = LIST_IDS.get(this.siteId)?.get(list);
    return `/sites/${this.siteId}/lists/${encodeURIComponent(id ?? list)}/items`;
  }

  /** Every item the query matches, page after page. */
  async query(list: string, q: ItemQuery): Promise<ListItem[]> {
    const out: ListItem[] = [];
    for await (const page of pages(this.graph, `${this.items(list)}?${itemsQuery(q)}`)) {
      for (const raw of page) out.push(toItem(raw));
    }
    return out;
  }

  /**
   * The items whose `column` is exactly `value`. SharePoint compares text without regard to
   * case, so its answer to `eq` is narrowed here to the exact value.
   */
  async where(list: string, column: string, value: string, top?: number): Promise<ListItem[]> {
    const items = await this.query(list, { filter: eq(column, value), ...(top ? { top } : {}) });
    return items.filter((i) => i.fields[column] === value);
  }

  /** One item by its id; undefined if there is none. */
  async get(list: string, id: number): Promise<ListItem | undefined> {
    try {
      return toItem(
        await this.graph.client.api(`${this.items(list)}/${id}?${itemsQuery({})}`).get(),
      );
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Items page after page until `enough` says so (it sees every item so far): for a query
   * ordered on an index whose first few matching items are all that is wanted.
   */
  async scan(
    list: string,
    q: ItemQuery,
    enough: (items: ListItem[]) => boolean,
  ): Promise<ListItem[]> {
    const out: ListItem[] = [];
    for await (const page of pages(this.graph, `${this.items(list)}?${itemsQuery(q)}`)) {
      out.push(...page.map(toItem));
      if (enough(out)) break;
    }
    return out;
  }

  /** The first page only: at most `top` items, in the list's own order (by item id). */
  async firstPage(list: string, q: ItemQuery): Promise<ListItem[]> {
    for await (const page of pages(this.graph, `${this.items(list)}?${itemsQuery(q)}`)) {
      return page.map(toItem);
    }
    return [];
  }

  /** Creates an item; `exists` when a unique column already holds one of its values. */
  async create(list: string, fields: Fields): Promise<ListItem | 'exists'> {
    try {
      return toItem(await this.graph.client.api(this.items(list)).post({ fields }));
    } catch (error) {
      if (isDuplicateValue(error)) return 'exists';
      throw error;
    }
  }

  /** Changes an item if it is still at `eTag`: its new eTag, `stale` (412) or `gone` (404). */
  async update(
    list: string,
    id: number,
    eTag: string,
    fields: Fields,
  ): Promise<{ eTag: string } | 'stale' | 'gone'> {
    try {
      const answer = (await this.graph.client
        .api(`${this.items(list)}/${id}/fields`)
        .header('If-Match', eTag)
        .patch(fields)) as Fields;
      return { eTag: etagOfFields(answer) };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return 'stale';
      if (status === 404) return 'gone';
      throw error;
    }
  }

  /** Deletes an item if it is still at `eTag`. */
  async remove(list: string, id: number, eTag: string): Promise<'deleted' | 'stale' | 'gone'> {
    try {
      await this.graph.client
        .api(`${this.items(list)}/${id}`)
        .header('If-Match', eTag)
        .delete();
      return 'deleted';
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return 'stale';
      if (status === 404) return 'gone';
      throw error;
    }
  }

  // ---- batch requests ----------------------------------------------------------------------

  createRequest(id: string, list: string, fields: Fields): BatchRequest {
    return { id, method: 'POST', url: this.items(list), headers: JSON_HEADERS, body: { fields } };
  }

  updateRequest(id: string, list: string, item: number, eTag: string, fields: Fields) {
    return {
      id,
      method: 'PATCH',
      url: `${this.items(list)}/${item}/fields`,
      headers: { ...JSON_HEADERS, 'If-Match': eTag },
      body: fields,
    } satisfies BatchRequest;
  }

  deleteRequest(id: string, list: string, item: number, eTag: string): BatchRequest {
    return {
      id,
      method: 'DELETE',
      url: `${this.items(list)}/${item}`,
      headers: { 'If-Match': eTag },
    };
  }

  queryRequest(id: string, list: string, q: ItemQuery): BatchRequest {
    return { id, method: 'GET', url: `${this.items(list)}?${itemsQuery(q)}`, headers: {} };
  }

  /**
   * Independent requests in as few JSON batches as possible (throttled ones sent again after
   * their Retry-After); every answer by id. A request still throttled at the end is an error.
   */
  async batch(requests: BatchRequest[]): Promise<Map<string, BatchResponse>> {
    const answers = await sendBatched(this.graph, requests, this.sleep);
    for (const [id, answer] of answers) {
      if (isThrottled(answer.status)) throw batchError(answer, `request ${id} stayed throttled`);
    }
    return answers;
  }

  /** The items of a query sent in a batch, and (with `follow`) of the pages after it. */
  async itemsOf(
    answer: BatchResponse | undefined,
    what: string,
    follow = true,
  ): Promise<ListItem[]> {
    if (!answer || !ok(answer.status)) {
      throw batchError(answer ?? { id: '?', status: 0, headers: {}, body: undefined }, what);
    }
    const body = answer.body as { value?: unknown[]; '@odata.nextLink'?: string };
    if (!Array.isArray(body?.value)) throw new GraphResponseError(`${what} gave no collection`);
    const out = body.value.map(toItem);
    const next = body['@odata.nextLink'];
    if (next !== undefined && follow) {
      for await (const page of pages(this.graph, graphPath(next, this.graph.url))) {
        out.push(...page.map(toItem));
      }
    }
    return out;
  }

  /**
   * Requests run one after the other in JSON batches (`dependsOn`): each runs only if the one
   * before it succeeded, so the service never does a later step without the earlier ones. A step
   * throttled by the service (429, 503: not done) is sent again, with those after it, once its
   * Retry-After has passed. Returns the answers in order, up to and including the first failure;
   * the steps after a failure were not run.
   */
  async sequence(steps: BatchRequest[]): Promise<BatchResponse[]> {
    const done: BatchResponse[] = [];
    let round = 0;
    while (done.length < steps.length) {
      const chunk = steps.slice(done.length, done.length + BATCH_LIMIT);
      const requests = chunk.map((step, i) =>
        i === 0 ? step : { ...step, dependsOn: [chunk[i - 1]!.id] },
      );
      const answers = await postBatch(this.graph, requests);
      for (const response of answers) {
        if (ok(response.status)) {
          done.push(response);
          continue;
        }
        if (isThrottled(response.status) && round < SEQUENCE_ROUNDS) {
          round++;
          await this.sleep(retryDelayMs(response, round));
          break;
        }
        done.push(response);
        return done;
      }
    }
    return done;
  }
}

export function toItem(raw: unknown): ListItem {
  const item = raw as { id?: unknown; eTag?: unknown; fields?: Fields };
  const id = Number(item?.id);
  if (!Number.isInteger(id) || typeof item.eTag !== 'string' || !item.fields) {
    throw new GraphResponseError('a list item without id, eTag or fields');
  }
  return { id, eTag: item.eTag, fields: item.fields };
}

/**
 * The eTag a changed item's fieldValueSet carries. Should the service leave it out, a value no
 * item ever has: the next `If-Match` with it gets 412, and the writer reads the item again.
 */
export function etagOfFields(fields: Fields | undefined): string {
  const etag = fields?.['@odata.etag'];
  return typeof etag === 'string' ? etag : UNKNOWN_ETAG;
}

export const UNKNOWN_ETAG = '"unknown,0"';

/** The item a `create` request in a batch made; `exists` on a duplicate value. */
export function createdOf(answer: BatchResponse | undefined, what: string): ListItem | 'exists' {
  if (answer?.status === 201 || answer?.status === 200) return toItem(answer.body);
  if (answer && isDuplicateAnswer(answer)) return 'exists';
  throw batchError(answer ?? { id: '?', status: 0, headers: {}, body: undefined }, what);
}

/**
 * A value already held in a unique column. Microsoft documents no status for it: Graph answers
 * 409, and SharePoint's own `SPDuplicateValuesFoundException` has been seen to come through as a
 * 500. Both mean the item is there, which is what every exactly-once write here relies on.
 */
export function isDuplicateValue(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 409) return true;
  if (status === undefined || status < 500) return false;
  const { message, body, code } = error as { message?: unknown; body?: unknown; code?: unknown };
  return DUPLICATE.test(
    [message, body, code].map((x) => (typeof x === 'string' ? x : '')).join(' '),
  );
}

/** The same for one answer of a JSON batch. */
export function isDuplicateAnswer(answer: BatchResponse): boolean {
  if (answer.status === 409) return true;
  return answer.status >= 500 && DUPLICATE.test(JSON.stringify(answer.body ?? ''));
}

const DUPLICATE = /SPDuplicateValuesFoundException|duplicate values were found/i;

/**
 * Graph refused the request and did nothing: a 4xx other than a timeout (408) or throttling
 * (429). Anything else — a 5xx, a timeout, a reset connection — leaves the outcome of a write
 * unknown, to be read back before it is sent again.
 */
export function isRefusal(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Each site's list ids by list name, as LiaisonMeta records them (read when the store connects). */
const LIST_IDS = new Map<string, ReadonlyMap<string, string>>();

export function useListIds(siteId: string, ids: ReadonlyMap<string, string>): void {
  LIST_IDS.set(siteId, ids);
}
