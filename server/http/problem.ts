/**
 * RFC 9457 problem details. Every error a client can see has a stable `code` (also the last
 * segment of `type`) that clients and tests rely on; `detail` is for people.
 *
 * Nothing a client sent is echoed back and no internal message leaves the process: a malformed
 * body may hold a child's name, and an internal error may hold a file path or a query.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { LiaisonError, refuse, type ErrorCode, type ErrorKind } from '../../core';
import { requestIdOf, type Logger } from '../logging';
import { endWithJsonText } from './json-text';

export const PROBLEM_TYPE_BASE = 'https://iro-liaison.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemInit {
  status: number;
  code: ErrorCode;
  title: string;
  detail?: string;
  /** Extension members, e.g. `errors` or `currentVersion`; they cannot replace the standard ones. */
  extra?: Record<string, unknown>;
  /** Response headers the problem needs, e.g. `WWW-Authenticate` on a 401. */
  headers?: Record<string, string>;
}

export class Problem extends Error {
  override readonly name = 'Problem';
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail?: string;
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.extra !== undefined) this.extra = init.extra;
    if (init.headers !== undefined) this.headers = init.headers;
  }
}

/**
 * How each kind of refusal is answered over HTTP: the one place a kind becomes a status (and the
 * headers that status needs).
 */
const HTTP: Record<ErrorKind, { status: number; title: string; headers?: Record<string, string> }> =
  {
    invalid: { status: 400, title: 'Bad request' },
    unauthenticated: {
      status: 401,
      title: 'Sign-in required',
      headers: { 'WWW-Authenticate': 'Bearer' },
    },
    forbidden: { status: 403, title: 'Forbidden' },
    'not-found': { status: 404, title: 'Not found' },
    'method-not-allowed': { status: 405, title: 'Method not allowed', headers: { Allow: 'POST' } },
    conflict: { status: 409, title: 'Conflict' },
    'too-large': { status: 413, title: 'Request body too large' },
    'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
    internal: { status: 500, title: 'Internal error' },
    unavailable: { status: 503, title: 'Service unavailable' },
  };

/** The HTTP status a kind of refusal is answered with. */
export const statusOf = (kind: ErrorKind): number => HTTP[kind].status;

/** A refusal from the catalogue as problem details. */
export function problemOf(
  error: LiaisonError,
  init: { title?: string; headers?: Record<string, string> } = {},
): Problem {
  const http = HTTP[error.kind];
  const headers = { ...http.headers, ...init.headers };
  return new Problem({
    status: http.status,
    code: error.code,
    title: init.title ?? http.title,
    detail: error.detail,
    ...(error.extra !== undefined ? { extra: { ...error.extra } } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
  });
}

/** Writes the problem as `application/problem+json`, with the request id to quote in a report. */
export function sendProblem(res: Response, error: Problem | LiaisonError): void {
  const problem = error instanceof Problem ? error : problemOf(error);
  const requestId = requestIdOf(res);
  const body = {
    ...problem.extra,
    type: PROBLEM_TYPE_BASE + problem.code,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  endWithJsonText(
    res.status(problem.status),
    JSON.stringify(body),
    `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
  );
}

/** For anything no route matched. The path is not echoed: the client knows what it asked for. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, refuse('not-found', 'There is nothing at this address.'));
};

/** The one error handler of the HTTP entry point; mount it last. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    const problem = toProblem(err);
    if (problem.status >= 500) {
      logger.error(
        { err, reqId: requestIdOf(res), method: req.method, path: req.path },
        'unhandled error',
      );
    }
    if (res.headersSent) {
      // Too late for a problem body; Express's default handler ends the connection.
      next(err);
      return;
    }
    sendProblem(res, problem);
  };
}

/**
 * body-parser's failures carry a `type`; their messages can quote the body, so only the type is
 * used. Other errors with a 4xx status (e.g. a malformed percent-encoding in the path) become a
 * generic 400-range problem; everything else is ours and becomes a 500.
 */
function toProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof LiaisonError) return problemOf(err);
  const e = (err ?? {}) as {
    type?: unknown;
    status?: unknown;
    statusCode?: unknown;
    limit?: unknown;
  };
  switch (e.type) {
    case 'entity.parse.failed':
      return problemOf(refuse('malformed-json', 'The request body is not valid JSON.'));
    case 'entity.too.large':
      return problemOf(
        refuse(
          'body-too-large',
          typeof e.limit === 'number'
            ? `The request body is larger than ${e.limit} bytes.`
            : 'The request body is too large.',
        ),
      );
    case 'charset.unsupported':
      return problemOf(refuse('unsupported-charset', 'Send the body as UTF-8.'));
    case 'encoding.unsupported':
      return problemOf(
        refuse('unsupported-content-encoding', 'Send the body uncompressed (no Content-Encoding).'),
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return problemOf(refuse('incomplete-body', 'The request body did not arrive complete.'));
  }
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new Problem({ status, code: 'bad-request', title: 'Bad request' });
  }
  return problemOf(
    refuse(
      'internal-error',
      'Something went wrong on our side. Quote the request id if you report it.',
    ),
  );
}

export interface FieldError {
  /** Dotted path into the body, e.g. `events[0].at`; `(body)` for the body itself. */
  path: string;
  message: string;
}

/**
 * Validates a parsed JSON body. Callers pass strict object schemas (`z.strictObject`), so an
 * unknown field is refused rather than silently dropped; each unknown field is reported by name.
 * Zod's messages describe the expectation, never the value received.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
  const first = errors[0]!;
  throw refuse('invalid-request', `${first.path}: ${first.message}`, { errors });
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`))
    .join('');
}
