/**
 * SharePoint sites, lists, columns and list items as Microsoft Graph v1.0 serves them, kept in
 * memory, with the behaviours a store of record on SharePoint lists has to live with:
 *
 * - Sites by path (`GET /sites/{hostname}:/{server-relative-path}`) and by id
 *   (`{hostname},{site-collection id},{web id}`).
 * - Lists (`genericList` only) created with their columns; columns of type text (single line, or
 *   multiple lines, which SharePoint cannot index), number, dateTime and boolean, with `indexed`,
 *   `enforceUniqueValues` and `required`. Unique values need an index (the `Field.EnforceUniqueValues`
 *   docs: "you should also set the Indexed property"), at most 20 indexed columns a list, and an
 *   index cannot be added to a list already over the threshold (creating an index there is itself a
 *   throttled operation — "Query Throttling and Indexing", msdn ff798465).
 * - Items with an eTag (`"{guid},{version}"`) that changes on every update; `PATCH …/fields` and
 *   `DELETE` with a stale `If-Match` get 412 and change nothing (listitem-update: "a 412
 *   Precondition Failed response is returned and the item will not be updated").
 * - A value already held by another item in a unique column: 409 `nameAlreadyExists` with
 *   SharePoint's message for SPDuplicateValuesFoundException (-2130575169).
 * - Paging: 200 items a page unless `$top` says otherwise, at most 5,000 (larger `$top` is
 *   clamped), continued with `@odata.nextLink` carrying `$skiptoken` = base64 of
 *   `Paged=TRUE&p_ID={last id}` as SharePoint's are.
 * - `$filter` and `$orderby` on a column that is not indexed are refused with 400
 *   `invalidRequest` "Field 'X' cannot be referenced in filter or orderby as it is not indexed.
 *   Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header…" unless that header
 *   is sent (the message quoted in microsoftgraph/microsoft-graph-docs#2279), whatever the list's size.
 * - The list view threshold (5,000): on a list with more items, a query that cannot be answered
 *   through an index reading at most 5,000 rows fails — a non-indexed filter even with the Prefer
 *   header, an indexed one that matches too much, an `$orderby` on a non-indexed column, and any
 *   descending `$orderby` (Graph throttled `orderby=id desc` on a 15,000-item list:
 *   microsoft-graph-docs#8450). SharePoint's own REST API says 500 SPQueryThrottledException "The
 *   attempted operation is prohibited because it exceeds the list view threshold."; through Graph
 *   it surfaces as 429 "The request has been throttled", inner code `throttledRequest`
 *   (msgraph-sdk-dotnet#703 and #827, microsoft-graph-docs#8450), which a retrying client will
 *   retry in vain. The double answers that way, without Retry-After unless told otherwise, and
 *   logs it with reason `threshold` so a test can insist there were none.
 */
import { randomUUID } from 'node:crypto';
import {
  FilterError,
  bindFilter,
  compareValues,
  fieldsOf,
  indexUse,
  matches,
  normaliseDateTime,
  parseFilter,
  valueOf,
  type BoundExpr,
  type ColumnKind,
  type FieldValue,
  type Row,
} from './filter';
import {
  graphError,
  invalidRequest,
  notFound,
  type GraphRequest,
  type GraphResponse,
} from './http';

export const PREFER_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';

export interface SharePointOptions {
  /** SharePoint Online's list view threshold. */
  listViewThreshold: number;
  /** Items a page when `$top` is not given. */
  defaultPageSize: number;
  /** The largest page; a larger `$top` is clamped to it. */
  maxPageSize: number;
  maxIndexedColumns: number;
  /** Retry-After on a threshold refusal; undefined sends none. */
  thresholdRetryAfterSeconds?: number;
  sites: { hostname: string; path: string; displayName?: string }[];
  now: () => number;
}

interface Column {
  id: string;
  name: string;
  displayName: string;
  description: string;
  kind: ColumnKind;
  maxLength: number;
  indexed: boolean;
  enforceUniqueValues: boolean;
  required: boolean;
  hidden: boolean;
  readOnly: boolean;
  builtIn: boolean;
  facet: Record<string, unknown>;
}

interface Item extends Row {
  guid: string;
  version: number;
  created: string;
  modified: string;
}

interface List {
  id: string;
  name: string;
  displayName: string;
  description: string;
  template: string;
  created: string;
  modified: string;
  columns: Column[];
  items: Map<number, Item>;
  nextId: number;
  /** Per unique column, who holds each value: SharePoint checks uniqueness through the index. */
  unique: Map<string, Map<string, number>>;
}

interface Site {
  id: string;
  hostname: string;
  path: string;
  name: string;
  displayName: string;
  created: string;
  lists: List[];
}

export interface SharePointCounters {
  thresholdRejections: number;
  nonIndexedRejections: number;
  preconditionFailed: number;
  uniqueViolations: number;
}

/** The app that writes, as `createdBy` names it (drive.ts's files too). */
export const APP = { id: '00000000-0000-0000-0000-00000000a11a', displayName: 'IRO Liaison' };
const ITEM_CONTENT_TYPE = { id: '0x0100A1B2C3D4E5F60718293A4B5C6D7E8F90', name: 'Item' };
const LOOKUP_APP = '1073741822';

export class SharePointState {
  readonly counters: SharePointCounters = {
    thresholdRejections: 0,
    nonIndexedRejections: 0,
    preconditionFailed: 0,
    uniqueViolations: 0,
  };
  private sites: Site[] = [];

  /** How a value already held in a unique column is answered (see `checkUnique`). */
  duplicateValueStatus: 409 | 500 = 409;
  /**
   * Only what the list items documentation promises: a filter on one indexed field at a time,
   * and no `$orderby` (it lists neither as supported). Either can be switched off to see what a
   * store would get away with.
   */
  oneIndexedFieldPerFilter = true;
  orderByOnItems = false;

  constructor(private readonly options: SharePointOptions) {
    this.reset();
  }

  reset(): void {
    this.duplicateValueStatus = 409;
    this.oneIndexedFieldPerFilter = true;
    this.orderByOnItems = false;
    const now = this.iso();
    this.sites = this.options.sites.map((s) => {
      const site: Site = {
        id: `${s.hostname},${randomUUID()},${randomUUID()}`,
        hostname: s.hostname.toLowerCase(),
        path: s.path.replace(/\/+$/, ''),
        name: s.path.split('/').filter(Boolean).pop() ?? 'root',
        displayName: s.displayName ?? s.path.split('/').filter(Boolean).pop() ?? 'Team Site',
        created: now,
        lists: [],
      };
      // Every team site comes with its document library; a provisioner must not assume a bare site.
      site.lists.push(this.newList('Documents', 'Documents', 'documentLibrary', ''));
      return site;
    });
    for (const key of Object.keys(this.counters) as (keyof SharePointCounters)[]) {
      this.counters[key] = 0;
    }
  }

  // ---- for tests and benches: direct access, no HTTP --------------------------------------

  siteIds(): { id: string; hostname: string; path: string }[] {
    return this.sites.map((s) => ({ id: s.id, hostname: s.hostname, path: s.path }));
  }

  /** Adds items straight into a list (as if created over months), checking them as a POST would. */
  seedItems(siteId: string, list: string, rows: Record<string, unknown>[]): number[] {
    const target = this.findList(this.findSite(siteId), list);
    if (!target) throw new Error(`no list '${list}' on ${siteId}`);
    return rows.map((fields) => {
      const created = this.createItem(target, fields, randomUUID());
      if ('status' in created) throw new Error(JSON.stringify(created.body));
      return created.id;
    });
  }

  /** The list's columns as the double holds them (name, kind, indexed, unique). */
  describeList(
    siteId: string,
    list: string,
  ):
    | {
        id: string;
        itemCount: number;
        columns: { name: string; kind: ColumnKind; indexed: boolean; unique: boolean }[];
      }
    | undefined {
    const target = this.findList(this.findSite(siteId), list);
    return (
      target && {
        id: target.id,
        itemCount: target.items.size,
        columns: target.columns
          .filter((c) => !c.builtIn || c.name === 'Title')
          .map((c) => ({
            name: c.name,
            kind: c.kind,
            indexed: c.indexed,
            unique: c.enforceUniqueValues,
          })),
      }
    );
  }

  // ---- routing ----------------------------------------------------------------------------

  /** Answers a request under `/sites`; undefined if the path is not one the double serves. */
  handle(req: GraphRequest): GraphResponse | undefined {
    if (!req.path.startsWith('/sites/') && req.path !== '/sites') return undefined;
    let site: Site | undefined;
    let rest: string;
    const byPath = /^\/sites\/([^/:]+):(\/[^:]*?)?(?::(\/.*)?)?$/.exec(req.path);
    if (byPath) {
      const hostname = byPath[1]!.toLowerCase();
      const path = (byPath[2] ?? '').replace(/\/+$/, '');
      site = this.sites.find((s) => s.hostname === hostname && s.path === path);
      if (!site) return notFound('Requested site could not be found', req.requestId);
      rest = byPath[3] ?? '';
    } else {
      const byId = /^\/sites\/([^/]+)(\/.*)?$/.exec(req.path);
      if (!byId) return undefined;
      site = this.findSite(byId[1]!);
      if (!site) return notFound('Requested site could not be found', req.requestId);
      rest = byId[2] ?? '';
    }
    const segments = rest.split('/').filter(Boolean);
    const [lists, listKey, sub, subId, leaf] = segments;
    const method = req.method;
    const notAllowed = () =>
      graphError(405, 'BadRequest', `The HTTP method '${method}' is not supported here.`, {
        requestId: req.requestId,
      });

    if (!lists) return method === 'GET' ? ok(this.siteJson(site, req)) : notAllowed();
    if (lists !== 'lists') return undefined;
    if (!listKey) {
      if (method === 'GET') return this.getLists(site, req);
      if (method === 'POST') return this.createList(site, req);
      return notAllowed();
    }
    const list = this.findList(site, listKey);
    if (!list)
      return notFound(`List '${listKey}' does not exist at site ${site.id}.`, req.requestId);
    if (!sub) {
      if (method === 'GET') return ok(this.listJson(site, list, req));
      // Renaming a list (its title) as a site owner might in SharePoint; its address stays.
      if (method === 'PATCH') {
        const displayName = asObject(req.body)?.displayName;
        if (typeof displayName !== 'string' || !displayName.trim())
          return invalidRequest('displayName is required.', req.requestId);
        list.displayName = displayName.trim();
        return ok(this.listJson(site, list, req));
      }
      return notAllowed();
    }

    if (sub === 'columns') {
      if (!subId) {
        if (method === 'GET') return ok({ value: list.columns.map(columnJson) });
        if (method === 'POST') return this.createColumn(list, req);
        return notAllowed();
      }
      const column = list.columns.find((c) => c.id === subId || c.name === subId);
      if (!column || leaf) return notFound(`Column '${subId}' does not exist.`, req.requestId);
      if (method === 'GET') return ok(columnJson(column));
      if (method === 'PATCH') return this.updateColumn(list, column, req);
      if (method === 'DELETE') return this.deleteColumn(list, column, req);
      return notAllowed();
    }

    if (sub === 'items') {
      if (list.template !== 'genericList') {
        return invalidRequest(
          'The Graph double serves items of generic lists only.',
          req.requestId,
        );
      }
      if (!subId) {
        if (method === 'GET') return this.getItems(site, list, req);
        if (method === 'POST') return this.postItem(site, list, req);
        return notAllowed();
      }
      const id = /^\d+$/.test(subId) ? Number(subId) : NaN;
      const item = list.items.get(id);
      if (!item) return notFound('The specified list item was not found.', req.requestId);
      if (!leaf) {
        if (method === 'GET') return ok(this.itemJson(site, list, item, expandFields(req.query)));
        if (method === 'DELETE') return this.deleteItem(list, item, req);
        return notAllowed();
      }
      if (leaf === 'fields' && segments.length === 5) {
        if (method === 'GET') return ok(this.fieldsJson(list, item, undefined));
        if (method === 'PATCH') return this.patchFields(list, item, req);
        return notAllowed();
      }
    }
    return undefined;
  }

  // ---- sites and lists --------------------------------------------------------------------

  private findSite(id: string): Site | undefined {
    return this.sites.find((s) => s.id.toLowerCase() === id.toLowerCase());
  }

  /** Graph takes a list's id or its title (`GET /sites/{site}/lists/{list-title}`). */
  /**
   * A list by its id or by its current title (`/lists/{list-id}`; Graph takes the title there
   * too). Not by its address: a list renamed in SharePoint answers to its new title only.
   */
  private findList(site: Site | undefined, key: string): List | undefined {
    const k = key.toLowerCase();
    return site?.lists.find((l) => l.id === k || l.displayName.toLowerCase() === k);
  }

  private siteJson(site: Site, req: GraphRequest): Record<string, unknown> {
    return {
      '@odata.context': `${req.serviceRoot}/$metadata#sites/$entity`,
      createdDateTime: site.created,
      description: '',
      id: site.id,
      lastModifiedDateTime: site.created,
      name: site.name,
      webUrl: `https://${site.hostname}${site.path}`,
      displayName: site.displayName,
      root: {},
      siteCollection: { hostname: site.hostname },
    };
  }

  private listJson(site: Site, list: List, req: GraphRequest): Record<string, unknown> {
    const json: Record<string, unknown> = {
      '@odata.etag': `"${list.id},${list.columns.length}"`,
      createdDateTime: list.created,
      description: list.description,
      eTag: `"${list.id},${list.columns.length}"`,
      id: list.id,
      lastModifiedDateTime: list.modified,
      name: list.name,
      webUrl: `https://${site.hostname}${site.path}/Lists/${list.name}`,
      displayName: list.displayName,
      createdBy: { application: APP },
      parentReference: { siteId: site.id },
      list: { contentTypesEnabled: false, hidden: false, template: list.template },
    };
    if (/\bcolumns\b/.test(req.query.get('$expand') ?? req.query.get('expand') ?? '')) {
      json.columns = list.columns.map(columnJson);
    }
    return json;
  }

  private getLists(site: Site, req: GraphRequest): GraphResponse {
    return ok({
      '@odata.context': `${req.serviceRoot}/$metadata#sites('${site.id}')/lists`,
      value: site.lists.map((l) => {
        const json = this.listJson(site, l, req);
        delete json['@odata.etag'];
        return json;
      }),
    });
  }

  private newList(displayName: string, name: string, template: string, description: string): List {
    const now = this.iso();
    const list: List = {
      id: randomUUID(),
      name,
      displayName,
      description,
      template,
      created: now,
      modified: now,
      columns: [],
      items: new Map(),
      nextId: 1,
      unique: new Map(),
    };
    const builtIn = (name: string, kind: ColumnKind, extra: Partial<Column> = {}): Column => ({
      id: randomUUID(),
      name,
      displayName: name,
      description: '',
      kind,
      maxLength: 255,
      indexed: false,
      enforceUniqueValues: false,
      required: false,
      hidden: false,
      readOnly: true,
      builtIn: true,
      facet: facetFor(kind, 255),
      ...extra,
    });
    list.columns.push(
      builtIn('Title', 'text', { readOnly: false, required: true }),
      // ID is always indexed: paging and filtering by it never meet the threshold.
      builtIn('ID', 'id', { indexed: true }),
      builtIn('ContentType', 'text'),
      builtIn('Modified', 'dateTime'),
      builtIn('Created', 'dateTime'),
      builtIn('Attachments', 'boolean'),
      // SharePoint's own version column, shown in the browser as "Version".
      builtIn('_UIVersionString', 'text', { displayName: 'Version' }),
    );
    return list;
  }

  private createList(site: Site, req: GraphRequest): GraphResponse {
    const body = asObject(req.body);
    const displayName = typeof body?.displayName === 'string' ? body.displayName.trim() : '';
    if (!displayName) return invalidRequest('displayName is required.', req.requestId);
    const template = asObject(body?.list)?.template ?? 'genericList';
    if (template !== 'genericList') {
      return invalidRequest(
        `The Graph double creates genericList lists only, not '${JSON.stringify(template)}'.`,
        req.requestId,
      );
    }
    if (this.findList(site, displayName)) {
      return graphError(
        409,
        'nameAlreadyExists',
        `A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.`,
        { requestId: req.requestId, reason: 'conflict' },
      );
    }
    const list = this.newList(
      displayName,
      displayName.replace(/[^A-Za-z0-9_]/g, ''),
      'genericList',
      typeof body?.description === 'string' ? body.description : '',
    );
    const columns = body?.columns ?? [];
    if (!Array.isArray(columns)) return invalidRequest('columns must be an array.', req.requestId);
    for (const definition of columns) {
      const made = this.defineColumn(list, definition, req.requestId);
      if ('status' in made) return made;
      list.columns.push(made);
    }
    this.rebuildUnique(list);
    site.lists.push(list);
    return { status: 201, body: this.listJson(site, list, req) };
  }

  // ---- columns ----------------------------------------------------------------------------

  /** Checks a column definition as Graph and SharePoint would; the column, or the refusal. */
  private defineColumn(list: List, definition: unknown, requestId: string): Column | GraphResponse {
    const d = asObject(definition);
    const name = typeof d?.name === 'string' ? d.name : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(name)) {
      return invalidRequest(`'${name}' is not a valid column name.`, requestId);
    }
    if (list.columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      return graphError(409, 'nameAlreadyExists', `A duplicate field name "${name}" was found.`, {
        requestId,
        reason: 'conflict',
      });
    }
    const facets = ['text', 'number', 'dateTime', 'boolean'].filter((f) => d?.[f] !== undefined);
    const other = [
      'choice',
      'currency',
      'calculated',
      'lookup',
      'personOrGroup',
      'hyperlinkOrPicture',
      'geolocation',
      'term',
      'thumbnail',
      'contentApprovalStatus',
    ].filter((f) => d?.[f] !== undefined);
    if (other.length || facets.length !== 1) {
      return invalidRequest(
        `Column '${name}' must have exactly one of text, number, dateTime or boolean (the Graph double models no other column types).`,
        requestId,
      );
    }
    const facet = asObject(d![facets[0]!]) ?? {};
    const multiLine = facets[0] === 'text' && facet.allowMultipleLines === true;
    const kind: ColumnKind = multiLine ? 'note' : (facets[0] as ColumnKind);
    const maxLength =
      kind === 'text' && typeof facet.maxLength === 'number' ? Math.min(facet.maxLength, 255) : 255;
    const column: Column = {
      id: randomUUID(),
      name,
      displayName: typeof d?.displayName === 'string' ? d.displayName : name,
      description: typeof d?.description === 'string' ? d.description : '',
      kind,
      maxLength,
      indexed: d?.indexed === true,
      enforceUniqueValues: d?.enforceUniqueValues === true,
      required: d?.required === true,
      hidden: d?.hidden === true,
      readOnly: false,
      builtIn: false,
      facet: { ...facetFor(kind, maxLength), ...facet },
    };
    const refused = this.checkIndexing(list, column, [...list.columns, column], requestId);
    return refused ?? column;
  }

  private checkIndexing(
    list: List,
    column: Column,
    columns: Column[],
    requestId: string,
  ): GraphResponse | undefined {
    if (column.indexed && column.kind === 'note') {
      return invalidRequest(
        `Column '${column.name}' cannot be indexed: columns of multiple lines of text cannot be indexed.`,
        requestId,
      );
    }
    if (column.enforceUniqueValues && (column.kind === 'note' || column.kind === 'boolean')) {
      return invalidRequest(
        `Column '${column.name}' cannot enforce unique values: its type does not support it.`,
        requestId,
      );
    }
    if (column.enforceUniqueValues && !column.indexed) {
      return invalidRequest(
        `Column '${column.name}' must be indexed to enforce unique values.`,
        requestId,
      );
    }
    const indexedCount = columns.filter((c) => c.indexed && c.name !== 'ID').length;
    if (column.indexed && indexedCount > this.options.maxIndexedColumns) {
      return invalidRequest(
        `A list can have at most ${this.options.maxIndexedColumns} indexed columns.`,
        requestId,
      );
    }
    return undefined;
  }

  private createColumn(list: List, req: GraphRequest): GraphResponse {
    const made = this.defineColumn(list, req.body, req.requestId);
    if ('status' in made) return made;
    if (made.indexed && list.items.size > this.options.listViewThreshold) {
      return this.threshold(req.requestId);
    }
    list.columns.push(made);
    this.rebuildUnique(list);
    list.modified = this.iso();
    return { status: 201, body: columnJson(made) };
  }

  private updateColumn(list: List, column: Column, req: GraphRequest): GraphResponse {
    const body = asObject(req.body);
    if (!body) return invalidRequest('A column definition is required.', req.requestId);
    const changeable = [
      'indexed',
      'enforceUniqueValues',
      'required',
      'hidden',
      'displayName',
      'description',
    ];
    const unknown = Object.keys(body).filter((k) => !changeable.includes(k) && k !== 'name');
    if (unknown.length) {
      return invalidRequest(
        `The Graph double cannot change ${unknown.join(', ')} of an existing column.`,
        req.requestId,
      );
    }
    if (column.readOnly)
      return invalidRequest(`Column '${column.name}' is read-only.`, req.requestId);
    const next: Column = { ...column };
    for (const key of ['indexed', 'enforceUniqueValues', 'required', 'hidden'] as const) {
      if (typeof body[key] === 'boolean') next[key] = body[key];
    }
    if (typeof body.displayName === 'string') next.displayName = body.displayName;
    if (typeof body.description === 'string') next.description = body.description;
    const columns = list.columns.map((c) => (c === column ? next : c));
    const refused = this.checkIndexing(list, next, columns, req.requestId);
    if (refused) return refused;
    if (next.indexed && !column.indexed && list.items.size > this.options.listViewThreshold) {
      return this.threshold(req.requestId);
    }
    if (next.enforceUniqueValues && !column.enforceUniqueValues) {
      const seen = new Set<string>();
      for (const item of list.items.values()) {
        const key = uniqueKey(item.fields[column.name] ?? null, column);
        if (key === undefined) continue;
        if (seen.has(key)) {
          return invalidRequest(
            `Column '${column.name}' has duplicate values; it cannot enforce unique values.`,
            req.requestId,
          );
        }
        seen.add(key);
      }
    }
    Object.assign(column, next);
    this.rebuildUnique(list);
    list.modified = this.iso();
    return ok(columnJson(column));
  }

  // ---- items ------------------------------------------------------------------------------

  private getItems(site: Site, list: List, req: GraphRequest): GraphResponse {
    const q = req.query;
    const topText = q.get('$top') ?? q.get('top');
    let pageSize = this.options.defaultPageSize;
    if (topText !== null) {
      if (!/^\d+$/.test(topText) || Number(topText) < 1) {
        return invalidRequest(`Invalid $top value '${topText}'.`, req.requestId);
      }
      pageSize = Math.min(Number(topText), this.options.maxPageSize);
    }

    const column = (name: string) => list.columns.find((c) => c.name === name);
    const kindOf = (name: string): ColumnKind => {
      const c = column(name);
      if (!c) {
        throw new FilterError(
          `Column '${name}' does not exist. It may have been deleted by another user.`,
        );
      }
      if (c.kind === 'note') {
        throw new FilterError(
          `The field '${name}' of type 'Note' cannot be used in the query filter expression.`,
        );
      }
      return c.kind;
    };

    let filter: BoundExpr | undefined;
    const filterText = q.get('$filter') ?? q.get('filter');
    let orderBy: { field: string; kind: ColumnKind; desc: boolean }[] = [];
    try {
      if (filterText !== null) filter = bindFilter(parseFilter(filterText), kindOf);
      const orderText = q.get('$orderby') ?? q.get('orderby');
      if (orderText !== null) {
        orderBy = orderText.split(',').map((part) => {
          const m = /^\s*fields\/([A-Za-z_]\w*)(?:\s+(asc|desc))?\s*$/i.exec(part);
          if (!m) throw new FilterError(`only fields/Name [asc|desc] can be ordered by`);
          return { field: m[1]!, kind: kindOf(m[1]!), desc: m[2]?.toLowerCase() === 'desc' };
        });
      }
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      const message = /does not exist|cannot be used/.test(error.message)
        ? error.message
        : `Invalid filter clause: ${error.message}`;
      return invalidRequest(message, req.requestId);
    }

    const indexed = (name: string) => column(name)?.indexed === true;
    const referenced = [...(filter ? fieldsOf(filter) : []), ...orderBy.map((o) => o.field)];
    const notIndexed = referenced.find((f) => !indexed(f));
    const prefer = (req.headers.prefer ?? '')
      .toLowerCase()
      .includes(PREFER_NON_INDEXED.toLowerCase());
    if (notIndexed !== undefined && !prefer) {
      this.counters.nonIndexedRejections++;
      return {
        ...invalidRequest(
          `Field '${notIndexed}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: ${PREFER_NON_INDEXED}' header to allow this, but be warned that such queries may fail on large lists.`,
          req.requestId,
        ),
        reason: 'not-indexed',
      };
    }

    if (!this.orderByOnItems && orderBy.length) {
      this.counters.nonIndexedRejections++;
      return {
        ...invalidRequest(
          '$orderby on list items is not among the query options the list items documentation lists.',
          req.requestId,
        ),
        reason: 'orderby',
      };
    }
    const fields = filter ? fieldsOf(filter) : new Set<string>();
    if (this.oneIndexedFieldPerFilter && fields.size > 1) {
      this.counters.nonIndexedRejections++;
      return {
        ...invalidRequest(
          `The filter names ${[...fields].join(' and ')}: filter on one indexed field at a time.`,
          req.requestId,
        ),
        reason: 'two-indexed-fields',
      };
    }

    const rows = [...list.items.values()];
    if (rows.length > this.options.listViewThreshold) {
      const threshold = this.options.listViewThreshold;
      let within: boolean;
      if (filter) {
        const read = indexUse(filter, rows, indexed);
        within = read !== undefined && read.size <= threshold;
      } else {
        within = orderBy.every((o) => indexed(o.field) && !o.desc);
      }
      if (!within) return this.threshold(req.requestId);
    }

    const compare = (a: Item, b: Item): number => {
      for (const o of orderBy) {
        const c = compareValues(valueOf(a, o.field), valueOf(b, o.field), o.kind);
        if (c !== 0) return o.desc ? -c : c;
      }
      return a.id - b.id;
    };
    let selected = rows.filter((row) => !filter || matches(filter, row)).sort(compare);

    const skipToken = q.get('$skiptoken');
    if (skipToken !== null) {
      const after = decodeSkipToken(skipToken, orderBy);
      if (!after) return invalidRequest('The $skiptoken is not valid.', req.requestId);
      selected = selected.filter((row) => compare(row, after) > 0);
    }
    const page = selected.slice(0, pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${req.serviceRoot}/$metadata#sites('${site.id}')/lists('${list.id}')/items`,
      value: page.map((item) => this.itemJson(site, list, item, expandFields(q))),
    };
    if (selected.length > page.length) {
      // As Graph writes them: the query options kept, `$` left as it is, values encoded.
      const next = [...q]
        .filter(([key]) => key !== '$skiptoken')
        .concat([['$skiptoken', encodeSkipToken(page[page.length - 1]!, orderBy)]])
        .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
        .join('&');
      body['@odata.nextLink'] =
        `${req.serviceRoot}/sites/${site.id}/lists/${list.id}/items?${next}`;
    }
    return ok(body);
  }

  private postItem(site: Site, list: List, req: GraphRequest): GraphResponse {
    const fields = asObject(asObject(req.body)?.fields);
    if (!fields) return invalidRequest('The item must have fields.', req.requestId);
    const created = this.createItem(list, fields, req.requestId);
    if ('status' in created) return created;
    return { status: 201, body: this.itemJson(site, list, created, { select: undefined }) };
  }

  private createItem(
    list: List,
    input: Record<string, unknown>,
    requestId: string,
  ): Item | GraphResponse {
    const checked = this.checkFields(list, input, requestId);
    if ('refused' in checked) return checked.refused;
    const values = checked.values;
    const missing = list.columns.find(
      (c) => c.required && !c.readOnly && (values[c.name] ?? null) === null,
    );
    if (missing) {
      return invalidRequest(`Field '${missing.name}' is required.`, requestId);
    }
    const duplicate = this.checkUnique(list, values, undefined, requestId);
    if (duplicate) return duplicate;
    const now = this.iso();
    const item: Item = {
      id: list.nextId++,
      guid: randomUUID(),
      version: 1,
      created: now,
      modified: now,
      fields: {},
    };
    for (const [name, value] of Object.entries(values)) {
      if (value !== null) item.fields[name] = value;
    }
    // Kept as fields too, so that they can be filtered and ordered on like any column.
    item.fields.Created = now;
    item.fields.Modified = now;
    list.items.set(item.id, item);
    this.holdUnique(list, item);
    return item;
  }

  private patchFields(list: List, item: Item, req: GraphRequest): GraphResponse {
    const stale = this.checkIfMatch(item, req);
    if (stale) return stale;
    const input = asObject(req.body);
    if (!input) return invalidRequest('A fieldValueSet is required.', req.requestId);
    const checked = this.checkFields(list, input, req.requestId);
    if ('refused' in checked) return checked.refused;
    const values = checked.values;
    const cleared = list.columns.find(
      (c) => c.required && c.name in values && values[c.name] === null,
    );
    if (cleared) return invalidRequest(`Field '${cleared.name}' is required.`, req.requestId);
    const merged = { ...item.fields, ...values };
    const duplicate = this.checkUnique(list, merged, item.id, req.requestId);
    if (duplicate) return duplicate;
    this.releaseUnique(list, item);
    item.fields = {};
    for (const [name, value] of Object.entries(merged)) {
      if (value !== null) item.fields[name] = value;
    }
    this.holdUnique(list, item);
    item.version++;
    item.modified = this.iso();
    item.fields.Modified = item.modified;
    return ok(this.fieldsJson(list, item, undefined));
  }

  private deleteItem(list: List, item: Item, req: GraphRequest): GraphResponse {
    const stale = this.checkIfMatch(item, req);
    if (stale) return stale;
    list.items.delete(item.id);
    this.releaseUnique(list, item);
    return { status: 204 };
  }

  private checkIfMatch(item: Item, req: GraphRequest): GraphResponse | undefined {
    const ifMatch = req.headers['if-match'];
    if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
    if (bareEtag(ifMatch) === bareEtag(etagOf(item))) return undefined;
    this.counters.preconditionFailed++;
    return graphError(
      412,
      'preconditionFailed',
      'The provided eTag does not match the current eTag of the item.',
      { requestId: req.requestId, reason: 'stale-etag' },
    );
  }

  /** Converts written values to the column types; the typed values, or a 400. */
  private checkFields(
    list: List,
    input: Record<string, unknown>,
    requestId: string,
  ): { values: Record<string, FieldValue> } | { refused: GraphResponse } {
    const out: Record<string, FieldValue> = {};
    const refuse = (message: string, id: string) => ({ refused: invalidRequest(message, id) });
    for (const [name, raw] of Object.entries(input)) {
      if (name.startsWith('@odata')) continue;
      const column = list.columns.find((c) => c.name === name);
      if (!column) return refuse(`Field '${name}' is not recognized`, requestId);
      if (column.readOnly) return refuse(`Field '${name}' is read-only`, requestId);
      if (raw === null || raw === undefined) {
        out[name] = null;
        continue;
      }
      const refuse2 = (why: string) => ({
        refused: invalidRequest(`Invalid value for field '${name}': ${why}.`, requestId),
      });
      switch (column.kind) {
        case 'text':
          if (typeof raw !== 'string') return refuse2('a text value is expected');
          if (raw.length > column.maxLength) {
            return refuse2(`it is longer than ${column.maxLength} characters`);
          }
          out[name] = raw === '' ? null : raw;
          break;
        case 'note':
          if (typeof raw !== 'string') return refuse2('a text value is expected');
          out[name] = raw === '' ? null : raw;
          break;
        case 'number':
          if (typeof raw !== 'number' || !Number.isFinite(raw))
            return refuse2('a number is expected');
          out[name] = raw;
          break;
        case 'dateTime': {
          const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
          if (Number.isNaN(ms)) return refuse2('an ISO 8601 date and time is expected');
          out[name] = normaliseDateTime(ms);
          break;
        }
        case 'boolean':
          if (typeof raw !== 'boolean') return refuse2('true or false is expected');
          out[name] = raw;
          break;
        default:
          return refuse(`Field '${name}' is read-only`, requestId);
      }
    }
    return { values: out };
  }

  private checkUnique(
    list: List,
    values: Record<string, FieldValue>,
    self: number | undefined,
    requestId: string,
  ): GraphResponse | undefined {
    for (const column of list.columns.filter((c) => c.enforceUniqueValues)) {
      const key = uniqueKey(values[column.name] ?? null, column);
      if (key === undefined) continue;
      const holder = list.unique.get(column.name)?.get(key);
      if (holder !== undefined && holder !== self) {
        this.counters.uniqueViolations++;
        // Microsoft documents no status for this; Graph has been seen to pass SharePoint's own
        // exception through as a 500 (`duplicateValueStatus: 500`), as well as a 409.
        return this.duplicateValueStatus === 500
          ? graphError(
              500,
              'generalException',
              'Microsoft.SharePoint.SPDuplicateValuesFoundException: The list item could not be added or updated because duplicate values were found in one or more fields in the list.',
              { requestId, reason: 'duplicate' },
            )
          : graphError(
              409,
              'nameAlreadyExists',
              'The list item could not be added or updated because duplicate values were found in one or more fields in the list.',
              { requestId, reason: 'duplicate' },
            );
      }
    }
    return undefined;
  }

  private holdUnique(list: List, item: Item): void {
    for (const [name, held] of list.unique) {
      const column = list.columns.find((c) => c.name === name)!;
      const key = uniqueKey(item.fields[name] ?? null, column);
      if (key !== undefined) held.set(key, item.id);
    }
  }

  private releaseUnique(list: List, item: Item): void {
    for (const [name, held] of list.unique) {
      const column = list.columns.find((c) => c.name === name)!;
      const key = uniqueKey(item.fields[name] ?? null, column);
      if (key !== undefined && held.get(key) === item.id) held.delete(key);
    }
  }

  /** `DELETE …/columns/{id}`: the column and its values go; SharePoint's own columns stay. */
  private deleteColumn(list: List, column: Column, req: GraphRequest): GraphResponse {
    if (column.builtIn)
      return invalidRequest(`Column '${column.name}' cannot be deleted.`, req.requestId);
    list.columns = list.columns.filter((c) => c !== column);
    for (const item of list.items.values()) delete item.fields[column.name];
    this.rebuildUnique(list);
    list.modified = this.iso();
    return { status: 204 };
  }

  private rebuildUnique(list: List): void {
    list.unique = new Map(
      list.columns.filter((c) => c.enforceUniqueValues).map((c) => [c.name, new Map()]),
    );
    for (const item of list.items.values()) this.holdUnique(list, item);
  }

  private itemJson(
    site: Site,
    list: List,
    item: Item,
    expand: { select: string[] | undefined } | undefined,
  ): Record<string, unknown> {
    const etag = etagOf(item);
    const json: Record<string, unknown> = {
      '@odata.etag': etag,
      createdDateTime: item.created,
      eTag: etag,
      id: String(item.id),
      lastModifiedDateTime: item.modified,
      webUrl: `https://${site.hostname}${site.path}/Lists/${list.name}/${item.id}_.000`,
      createdBy: { application: APP },
      lastModifiedBy: { application: APP },
      parentReference: { id: list.id, siteId: site.id },
      contentType: ITEM_CONTENT_TYPE,
    };
    if (expand) json.fields = this.fieldsJson(list, item, expand.select);
    return json;
  }

  /** A fieldValueSet: the item's values (empty ones left out, as Graph does) and its eTag. */
  private fieldsJson(
    list: List,
    item: Item,
    select: string[] | undefined,
  ): Record<string, unknown> {
    const all: Record<string, unknown> = {
      '@odata.etag': etagOf(item),
      id: String(item.id),
      ContentType: ITEM_CONTENT_TYPE.name,
      AuthorLookupId: LOOKUP_APP,
      EditorLookupId: LOOKUP_APP,
      _UIVersionString: `${item.version}.0`,
      Attachments: false,
    };
    for (const column of list.columns) {
      const value = item.fields[column.name];
      if (value !== undefined && value !== null) all[column.name] = value;
    }
    if (!select) return all;
    const chosen: Record<string, unknown> = { '@odata.etag': all['@odata.etag'] };
    for (const name of select) if (name in all) chosen[name] = all[name];
    return chosen;
  }

  private threshold(requestId: string): GraphResponse {
    this.counters.thresholdRejections++;
    const retryAfter = this.options.thresholdRetryAfterSeconds;
    return graphError(429, 'activityLimitReached', 'The request has been throttled', {
      requestId,
      reason: 'threshold',
      inner: { code: 'throttledRequest' },
      headers: retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) },
    });
  }

  private iso(): string {
    return normaliseDateTime(this.options.now());
  }
}

// ---- helpers -------------------------------------------------------------------------------

function ok(body: unknown): GraphResponse {
  return { status: 200, body };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function facetFor(kind: ColumnKind, maxLength: number): Record<string, unknown> {
  switch (kind) {
    case 'text':
      return {
        text: {
          allowMultipleLines: false,
          appendChangesToExistingText: false,
          linesForEditing: 0,
          maxLength,
        },
      };
    case 'note':
      return {
        text: {
          allowMultipleLines: true,
          appendChangesToExistingText: false,
          linesForEditing: 6,
          maxLength: 63999,
        },
      };
    case 'number':
    case 'id':
      return { number: { decimalPlaces: 'automatic', displayAs: 'number' } };
    case 'dateTime':
      return { dateTime: { displayAs: 'default', format: 'dateTime' } };
    case 'boolean':
      return { boolean: {} };
  }
}

function columnJson(c: Column): Record<string, unknown> {
  const facetName = c.kind === 'note' ? 'text' : c.kind === 'id' ? 'number' : c.kind;
  const facet = (c.facet[facetName] as Record<string, unknown> | undefined) ?? c.facet;
  return {
    columnGroup: c.builtIn ? '_Hidden' : 'Custom Columns',
    description: c.description,
    displayName: c.displayName,
    enforceUniqueValues: c.enforceUniqueValues,
    hidden: c.hidden,
    id: c.id,
    indexed: c.indexed,
    name: c.name,
    readOnly: c.readOnly,
    required: c.required,
    [facetName]:
      c.kind === 'text' || c.kind === 'note'
        ? {
            ...facet,
            allowMultipleLines: c.kind === 'note',
            maxLength: c.kind === 'note' ? 63999 : c.maxLength,
          }
        : facet,
  };
}

/** The key two values of a unique column collide on: text without regard to case. */
function uniqueKey(value: FieldValue, column: Column): string | undefined {
  if (value === null || value === '') return undefined;
  return column.kind === 'text' ? String(value).toLowerCase() : String(value);
}

function etagOf(item: Item): string {
  return `"${item.guid},${item.version}"`;
}

function bareEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** `$expand=fields`, `fields(select=A,B)` or `fields($select=A,B)`; undefined when not expanded. */
function expandFields(query: URLSearchParams): { select: string[] | undefined } | undefined {
  const expand = query.get('$expand') ?? query.get('expand');
  if (!expand) return undefined;
  const m = /(?:^|,)\s*fields\s*(?:\(\s*\$?select\s*=\s*([^)]*)\))?/.exec(expand);
  if (!m) return undefined;
  return {
    select: m[1]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/**
 * SharePoint's paging token: base64 (unpadded) of `Paged=TRUE&p_ID={id}`, plus `p_{Field}={value}`
 * for each ordering column, so the next page starts after the last row of this one.
 */
function encodeSkipToken(last: Item, orderBy: { field: string }[]): string {
  const parts = ['Paged=TRUE', `p_ID=${last.id}`];
  for (const o of orderBy) {
    parts.push(`p_${o.field}=${encodeURIComponent(JSON.stringify(valueOf(last, o.field)))}`);
  }
  return Buffer.from(parts.join('&')).toString('base64').replace(/=+$/, '');
}

function decodeSkipToken(token: string, orderBy: { field: string }[]): Item | undefined {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const params = new URLSearchParams(text);
  const id = Number(params.get('p_ID'));
  if (params.get('Paged') !== 'TRUE' || !Number.isInteger(id)) return undefined;
  const fields: Record<string, FieldValue> = {};
  try {
    for (const o of orderBy) {
      const raw = params.get(`p_${o.field}`);
      if (raw === null) return undefined;
      fields[o.field] = JSON.parse(raw) as FieldValue;
    }
  } catch {
    return undefined;
  }
  return { id, fields, guid: '', version: 0, created: '', modified: '' };
}
