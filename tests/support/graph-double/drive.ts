/**
 * A SharePoint site's default document library (`/sites/{site-id}/drive`) as Microsoft Graph v1.0
 * serves it, as far as publishing a file there goes, kept in memory:
 *
 * - `PUT /sites/{site-id}/drive/root:/{path}:/content`, the simple upload (driveitem-put-content:
 *   "Provide the contents of a new file or update the contents of an existing file in a single
 *   API call"): the request body is the file's bytes. A new file is 201 Created; an existing one
 *   is replaced, keeping its id, and answered 200 OK; either way the body is the driveItem. The
 *   folders on the path are made if they are missing.
 * - `@microsoft.graph.conflictBehavior` in the query string (the driveItem resource: "fail,
 *   replace, or rename. The default for PUT is replace"): `fail` answers 409 `nameAlreadyExists`
 *   for a name taken, `rename` makes `{name} 1.{ext}` (then 2, 3…).
 * - Names compare without regard to case, as in SharePoint, and a replaced file keeps the name
 *   it was first given. A name with one of OneDrive for Business's reserved characters
 *   (`" * : < > ? / \ |`, onedrive-addressing-driveitems) is refused with 400 `invalidRequest`
 *   (the double's wording). `#` and `%` are accepted: SharePoint Online has taken them since 2017.
 * - `GET /sites/{site-id}/drive`, `GET …/drive/root` and `GET …/drive/root:/{path}` answer the
 *   drive and the driveItem of the root, a folder or a file.
 * - The driveItem has what Graph gives: `id` (`01` and 32 base-32 characters, as SharePoint's
 *   are), `name`, `size`, `webUrl` (under the library's address, `Shared Documents`, each segment
 *   percent-encoded), `eTag` and `cTag` that change with each version, `file.mimeType` taken from
 *   the name's extension (SharePoint does not keep the request's Content-Type), `parentReference`
 *   and the dates. Not served: downloading (`GET …/content`, a 302 to a pre-authenticated URL),
 *   upload sessions, ids in paths (`/items/{id}`), `/drives/{drive-id}`, content hashes.
 *
 * Fault injection (429/503) applies as to every Graph request (server.ts). Tests read what was
 * stored with `file()` and `files()`, without a request.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  graphError,
  invalidRequest,
  notFound,
  type GraphRequest,
  type GraphResponse,
} from './http';
import { APP } from './sharepoint';

interface SiteRef {
  id: string;
  hostname: string;
  path: string;
}

interface Entry {
  id: string;
  guid: string;
  name: string;
  /** The names of the folders above it, below the root. */
  parents: string[];
  folder: boolean;
  /** The library's root folder. */
  root?: true;
  content: Buffer;
  /** The Content-Type the last upload was sent with. */
  sentContentType: string | undefined;
  version: number;
  created: string;
  modified: string;
}

interface Drive {
  id: string;
  root: Entry;
  /** By lower-case path below the root (`iro liaison registers/case-register-2026-12.xlsx`). */
  entries: Map<string, Entry>;
}

/** A stored file, for tests. */
export interface DriveFile {
  id: string;
  name: string;
  /** Its path below the library's root, as first named. */
  path: string;
  content: Buffer;
  mimeType: string;
  webUrl: string;
  /** Uploads of it so far: 1 when made, one more for each replacement. */
  version: number;
  sentContentType: string | undefined;
}

const CONFLICT_BEHAVIOR = '@microsoft.graph.conflictBehavior';
/** OneDrive for Business's reserved characters, less `#` and `%` which SharePoint Online takes. */
const RESERVED = /["*:<>?/\\|]/;
/** A team site's default library: display name Documents, address Shared Documents. */
const LIBRARY_URL = 'Shared%20Documents';

const MIME_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
};

/** Whether a request is an upload, whose body is the file's bytes rather than JSON. */
export function isUpload(method: string, path: string): boolean {
  return method === 'PUT' && /^\/sites\/[^/:]+\/drive\/root:\/.+:\/content$/.test(path);
}

export class DriveState {
  private readonly drives = new Map<string, Drive>();

  /** `sites` gives the SharePoint sites as they are now (their ids change on reset). */
  constructor(
    private readonly sites: () => SiteRef[],
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.drives.clear();
  }

  // ---- for tests: direct access, no HTTP ---------------------------------------------------

  /** The file at a path below the library's root (without regard to case), if there is one. */
  file(path: string, siteId = this.sites()[0]!.id): DriveFile | undefined {
    const site = this.site(siteId);
    const entry = site && this.drives.get(site.id)?.entries.get(keyOf(path.split('/')));
    return site && entry && !entry.folder ? this.fileOf(site, entry) : undefined;
  }

  /** The paths of every file in the library, in the order they were made. */
  files(siteId = this.sites()[0]!.id): string[] {
    const drive = this.drives.get(this.site(siteId)?.id ?? '');
    return [...(drive?.entries.values() ?? [])]
      .filter((e) => !e.folder)
      .map((e) => [...e.parents, e.name].join('/'));
  }

  // ---- routing ----------------------------------------------------------------------------

  /** Answers a request under `/sites/{site-id}/drive`; undefined for any other path. */
  handle(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/sites\/([^/:]+)\/drive(\/.*)?$/.exec(req.path);
    if (!m) return undefined;
    const site = this.site(m[1]!);
    if (!site) return notFound('Requested site could not be found', req.requestId);
    const drive = this.driveOf(site);
    const rest = m[2] ?? '';
    const notAllowed = () =>
      graphError(405, 'BadRequest', `The HTTP method '${req.method}' is not supported here.`, {
        requestId: req.requestId,
      });

    if (rest === '' || rest === '/') {
      return req.method === 'GET' ? ok(this.driveJson(site, drive, req)) : notAllowed();
    }
    if (rest === '/root' || rest === '/root:' || rest === '/root:/') {
      return req.method === 'GET' ? ok(this.itemJson(site, drive, drive.root, req)) : notAllowed();
    }
    const byPath = /^\/root:\/(.+?)(?::(\/content)?)?$/.exec(rest);
    if (!byPath) return undefined;
    const segments = byPath[1]!.split('/');
    const bad = segments.find(
      (s) => s.trim() === '' || s === '.' || s === '..' || RESERVED.test(s),
    );
    if (bad !== undefined) {
      return invalidRequest(`The name '${bad}' is not a valid file or folder name.`, req.requestId);
    }
    if (byPath[2]) {
      return req.method === 'PUT' ? this.upload(site, drive, segments, req) : notAllowed();
    }
    if (req.method !== 'GET') return notAllowed();
    const entry = drive.entries.get(keyOf(segments));
    return entry
      ? ok(this.itemJson(site, drive, entry, req))
      : notFound('The resource could not be found.', req.requestId);
  }

  // ---- uploading --------------------------------------------------------------------------

  private upload(
    site: SiteRef,
    drive: Drive,
    segments: string[],
    req: GraphRequest,
  ): GraphResponse {
    if (!(req.body instanceof Uint8Array)) {
      return invalidRequest('The request body must be the file’s content.', req.requestId);
    }
    const behavior = (req.query.get(CONFLICT_BEHAVIOR) ?? 'replace').toLowerCase();
    if (!['replace', 'fail', 'rename'].includes(behavior)) {
      return invalidRequest(`Invalid ${CONFLICT_BEHAVIOR} '${behavior}'.`, req.requestId);
    }
    const nameTaken = () =>
      graphError(409, 'nameAlreadyExists', 'The specified item name already exists.', {
        requestId: req.requestId,
        reason: 'conflict',
      });
    const now = this.iso();

    // The folders on the path, made where missing.
    const parents: string[] = [];
    for (const name of segments.slice(0, -1)) {
      const existing = drive.entries.get(keyOf([...parents, name]));
      if (existing && !existing.folder) return nameTaken();
      const folder = existing ?? this.newEntry(parents, name, true, now);
      drive.entries.set(keyOf([...parents, name]), folder);
      parents.push(folder.name);
    }

    let name = segments[segments.length - 1]!;
    let existing = drive.entries.get(keyOf([...parents, name]));
    if (existing && (existing.folder || behavior === 'fail')) return nameTaken();
    if (existing && behavior === 'rename') {
      const dot = name.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      let n = 1;
      while (drive.entries.has(keyOf([...parents, `${stem} ${n}${ext}`]))) n++;
      name = `${stem} ${n}${ext}`;
      existing = undefined;
    }
    const sentContentType = req.headers['content-type'];
    if (existing) {
      existing.content = Buffer.from(req.body);
      existing.sentContentType = sentContentType;
      existing.version++;
      existing.modified = now;
      return ok(this.itemJson(site, drive, existing, req));
    }
    const entry = this.newEntry(parents, name, false, now);
    entry.content = Buffer.from(req.body);
    entry.sentContentType = sentContentType;
    drive.entries.set(keyOf([...parents, name]), entry);
    return { status: 201, body: this.itemJson(site, drive, entry, req) };
  }

  // ---- state and JSON ---------------------------------------------------------------------

  private site(id: string): SiteRef | undefined {
    return this.sites().find((s) => s.id.toLowerCase() === id.toLowerCase());
  }

  private driveOf(site: SiteRef): Drive {
    let drive = this.drives.get(site.id);
    if (!drive) {
      drive = {
        id: `b!${randomBytes(48).toString('base64url')}`,
        root: { ...this.newEntry([], 'root', true, this.iso()), root: true },
        entries: new Map(),
      };
      this.drives.set(site.id, drive);
    }
    return drive;
  }

  private newEntry(parents: string[], name: string, folder: boolean, now: string): Entry {
    return {
      id: itemId(),
      guid: randomUUID().toUpperCase(),
      name,
      parents: [...parents],
      folder,
      content: Buffer.alloc(0),
      sentContentType: undefined,
      version: 1,
      created: now,
      modified: now,
    };
  }

  /** The library's address, then the item's path, each segment percent-encoded. */
  private webUrl(site: SiteRef, entry: Entry): string {
    const below = entry.root ? [] : [...entry.parents, entry.name];
    return [
      `https://${site.hostname}${site.path}`,
      LIBRARY_URL,
      ...below.map(encodeURIComponent),
    ].join('/');
  }

  private fileOf(site: SiteRef, entry: Entry): DriveFile {
    return {
      id: entry.id,
      name: entry.name,
      path: [...entry.parents, entry.name].join('/'),
      content: Buffer.from(entry.content),
      mimeType: mimeTypeOf(entry.name),
      webUrl: this.webUrl(site, entry),
      version: entry.version,
      sentContentType: entry.sentContentType,
    };
  }

  private driveJson(site: SiteRef, drive: Drive, req: GraphRequest): Record<string, unknown> {
    return {
      '@odata.context': `${req.serviceRoot}/$metadata#drives/$entity`,
      createdDateTime: drive.root.created,
      description: '',
      id: drive.id,
      lastModifiedDateTime: drive.root.modified,
      name: 'Documents',
      webUrl: `https://${site.hostname}${site.path}/${LIBRARY_URL}`,
      driveType: 'documentLibrary',
      createdBy: { user: { displayName: 'System Account' } },
    };
  }

  private itemJson(
    site: SiteRef,
    drive: Drive,
    entry: Entry,
    req: GraphRequest,
  ): Record<string, unknown> {
    const isRoot = entry.root === true;
    const json: Record<string, unknown> = {
      '@odata.context': `${req.serviceRoot}/$metadata#sites('${site.id}')/drive/items/$entity`,
      createdDateTime: entry.created,
      eTag: `"{${entry.guid}},${entry.version}"`,
      id: entry.id,
      lastModifiedDateTime: entry.modified,
      name: entry.name,
      webUrl: this.webUrl(site, entry),
      cTag: `"c:{${entry.guid}},${entry.version}"`,
      size: entry.folder ? this.sizeBelow(drive, entry) : entry.content.length,
      createdBy: { application: APP },
      lastModifiedBy: { application: APP },
      fileSystemInfo: { createdDateTime: entry.created, lastModifiedDateTime: entry.modified },
    };
    if (!isRoot) {
      const parent = entry.parents.length ? drive.entries.get(keyOf(entry.parents))! : drive.root;
      json.parentReference = {
        driveType: 'documentLibrary',
        driveId: drive.id,
        id: parent.id,
        name: parent.root ? 'Shared Documents' : parent.name,
        path: `/drive/root:${entry.parents.map((p) => `/${encodeURIComponent(p)}`).join('')}`,
        siteId: site.id,
      };
    } else {
      json.root = {};
      json.parentReference = { driveType: 'documentLibrary', driveId: drive.id };
    }
    if (entry.folder) json.folder = { childCount: this.childrenOf(drive, entry).length };
    else {
      json['@microsoft.graph.downloadUrl'] =
        `https://${site.hostname}${site.path}/_layouts/15/download.aspx?UniqueId=${entry.guid.toLowerCase()}`;
      json.file = { mimeType: mimeTypeOf(entry.name) };
    }
    return json;
  }

  private childrenOf(drive: Drive, folder: Entry): Entry[] {
    const path = folder.root ? [] : [...folder.parents, folder.name];
    return [...drive.entries.values()].filter((e) => keyOf(e.parents) === keyOf(path));
  }

  private sizeBelow(drive: Drive, folder: Entry): number {
    return this.childrenOf(drive, folder).reduce(
      (sum, e) => sum + (e.folder ? this.sizeBelow(drive, e) : e.content.length),
      0,
    );
  }

  private iso(): string {
    return new Date(Math.floor(this.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }
}

function ok(body: unknown): GraphResponse {
  return { status: 200, body };
}

const keyOf = (segments: string[]) => segments.join('/').toLowerCase();

function mimeTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && MIME_TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/** An item id as SharePoint's drives give them: `01` and 32 characters of base 32. */
function itemId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `01${[...randomBytes(32)].map((b) => alphabet[b % 32]).join('')}`;
}
