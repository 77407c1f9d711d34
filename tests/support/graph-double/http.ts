/**
 * What the double's handlers take and give: one Graph request, already authenticated and parsed,
 * and its response. The HTTP server and `$batch` both call the same handlers with these, so a
 * request inside a batch behaves exactly as it would on its own.
 */
import { randomUUID } from 'node:crypto';

export interface GraphRequest {
  method: string;
  /** Path below the version segment, decoded, e.g. `/sites/{id}/lists`. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: unknown;
  /** The request id Graph would put in `request-id` and error bodies. */
  requestId: string;
  /** The service's address and version as callers see it, for `@odata.nextLink`. */
  serviceRoot: string;
}

export type ChangeType = 'created' | 'updated' | 'deleted';

/** A change to a mailbox's messages or events, as a subscription would hear of it. */
export type ChangeListener = (change: {
  mailbox: string;
  resource: 'messages' | 'events';
  /** For messages: `inbox` or `sentitems`. */
  folder?: string;
  changeType: ChangeType;
  id: string;
}) => void;

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Why the double refused, for its request log (`threshold`, `injected`, `stale-etag`…). */
  reason?: string;
}

/**
 * Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`
 * (learn.microsoft.com/graph/errors). The `innerError` carries the ids a support ticket asks for.
 */
export function graphError(
  status: number,
  code: string,
  message: string,
  extra: {
    requestId?: string;
    headers?: Record<string, string>;
    reason?: string;
    inner?: object;
  } = {},
): GraphResponse {
  const requestId = extra.requestId ?? randomUUID();
  return {
    status,
    headers: extra.headers,
    reason: extra.reason,
    body: {
      error: {
        code,
        message,
        innerError: {
          ...extra.inner,
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
  };
}

/** Graph's 400 for a request it does not understand. */
export function invalidRequest(message: string, requestId?: string): GraphResponse {
  return graphError(400, 'invalidRequest', message, { requestId, reason: 'invalid' });
}

/** Outlook's 404 for a mailbox it does not have (`/users/{id}/…`). */
export function invalidUser(user: string, requestId: string): GraphResponse {
  return graphError(404, 'ErrorInvalidUser', `The requested user '${user}' is invalid.`, {
    requestId,
    reason: 'not-found',
  });
}

/** Outlook's 404 for a message, event or folder it does not have. */
export function itemNotFound(requestId: string): GraphResponse {
  return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.', {
    requestId,
    reason: 'not-found',
  });
}

/** Outlook's answer to a method a resource does not take. */
export function methodNotAllowed(req: GraphRequest): GraphResponse {
  return graphError(405, 'ErrorInvalidRequest', 'The OData request is not supported.', {
    requestId: req.requestId,
  });
}

export function notFound(message: string, requestId?: string): GraphResponse {
  return graphError(404, 'itemNotFound', message, { requestId, reason: 'not-found' });
}

export const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
