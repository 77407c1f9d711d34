/**
 * `RegisterPublisher` over Microsoft Graph: the month's register goes into a folder of the store's
 * SharePoint site's default document library (Documents), where both services open it with
 * their own Microsoft 365 sign-in (application permission `Sites.ReadWrite.All`, or
 * `Sites.Selected` granted write on the site).
 *
 * - One request, the simple upload: `PUT /sites/{site-id}/drive/root:/{folder}/{name}:/content`
 *   with the file's bytes as the body, for files up to 250 MB (a register is a few kilobytes).
 *   The folder is made if it is missing. Graph answers with the driveItem (201 for a new file,
 *   200 for a replaced one), whose `webUrl` is what people open.
 * - `@microsoft.graph.conflictBehavior=replace` (in the URL, where Graph reads it; also PUT's
 *   default): publishing a month again, after a crash between publishing and recording it,
 *   replaces the file, as a new version of the same document, never a second copy.
 * - Each path segment is percent-encoded (Graph wants RFC 3986 paths); a name with one of
 *   OneDrive for Business's reserved characters (`" * : < > ? / \ | # %`), or a folder name
 *   ending in a period, is refused before anything is sent.
 * - Throttling (429, 503 with Retry-After) is retried by the client's RetryHandler (graph-client.ts):
 *   an upload is done whole or not at all, so sending it again is safe. SharePoint takes the
 *   file's type from its extension, not from the request's Content-Type; the file's own type is
 *   sent, except that `application/octet-stream` goes as the documented `text/plain`, because
 *   the SDK's RetryHandler takes a body of that exact type for a stream it cannot send twice, and
 *   would not retry it.
 *
 * Learn: https://learn.microsoft.com/graph/api/driveitem-put-content,
 * https://learn.microsoft.com/graph/api/resources/driveitem (conflictBehavior, webUrl),
 * https://learn.microsoft.com/graph/onedrive-addressing-driveitems (path encoding, reserved characters).
 */
import { z } from 'zod';
import type { PublishedRegister, RegisterPublisher } from '../../core';
import { GraphResponseError } from './collections';
import type { Graph } from './graph-client';

/** The simple upload's limit; larger files need an upload session. */
export const SIMPLE_UPLOAD_MAX_BYTES = 250 * 1024 * 1024;
/** OneDrive for Business's reserved characters in file and folder names. */
const RESERVED = /["*:<>?/\\|#%]/;
const OCTET_STREAM = 'application/octet-stream';

const uploaded = z.object({ id: z.string().min(1), webUrl: z.string().url() });

export class GraphRegisterPublisher implements RegisterPublisher {
  constructor(
    private readonly graph: Graph,
    private readonly siteId: string,
    private readonly folder = 'IRO Liaison registers',
  ) {}

  async publish(file: {
    name: string;
    content: Uint8Array;
    contentType: string;
  }): Promise<PublishedRegister> {
    if (file.content.byteLength > SIMPLE_UPLOAD_MAX_BYTES) {
      throw new RangeError(`${file.name} is larger than a simple upload takes (250 MB)`);
    }
    const folders = this.folder.split('/').filter((s) => s !== '');
    for (const name of folders) checkName(name, 'folder');
    checkName(file.name, 'file');
    const path = [...folders, file.name].map(encodeURIComponent).join('/');
    const answer: unknown = await this.graph.client
      .api(
        `/sites/${this.siteId}/drive/root:/${path}:/content?@microsoft.graph.conflictBehavior=replace`,
      )
      .header('Content-Type', file.contentType === OCTET_STREAM ? 'text/plain' : file.contentType)
      // A Buffer over exactly these bytes: the SDK sends a Uint8Array's whole underlying buffer.
      .put(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
    const item = uploaded.safeParse(answer);
    if (!item.success) throw new GraphResponseError('an uploaded file without its webUrl');
    return { url: item.data.webUrl };
  }
}

function checkName(name: string, what: 'file' | 'folder'): void {
  if (
    name.trim() === '' ||
    name !== name.trim() ||
    RESERVED.test(name) ||
    name.startsWith('~') ||
    (what === 'folder' && name.endsWith('.'))
  ) {
    throw new RangeError(`not a ${what} name SharePoint takes: ${JSON.stringify(name)}`);
  }
}
