/**
 * RFC 9457 problem details. Every error a client can see has a stable `code` (also the last
 * segment of `type`) that clients and tests rely on; `detail` is for people.
 *
 * Nothing a client sent is echoed back and no internal message leaves the process: a malformed
 * body may hold a child's name, and an internal error may hold a file path or a query.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { requestIdOf, type Logger } from '../logging';

export const PROBLEM_TYPE_BASE = 'https://iro-liaison.example/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemInit {
  status: number;
  code: string;
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
  readonly code: string;
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

type Extra = Record<string, unknown>;
const make =
  (status: number, title: string, headers?: Record<string, string>) =>
  (code: string, detail?: string, extra?: Extra): Problem =>
    new Problem({
      status,
      code,
      title,
      ...(detail !== undefined ? { detail } : {}),
      ...(extra !== undefined ? { extra } : {}),
      ...(headers !== undefined ? { headers } : {}),
    });

export const badRequest = make(400, 'Bad request');
export const unauthorized = make(401, 'Sign-in required', { 'WWW-Authenticate': 'Bearer' });
export const forbidden = make(403, 'Forbidden');
export const notFound = make(404, 'Not found');
export const conflict = make(409, 'Conflict');
/** For a path that takes only POST from another service (the Bot Framework, Microsoft Graph). */
export const postOnly = (detail: string): Problem =>
  make(405, 'Method not allowed', { Allow: 'POST' })('method-not-allowed', detail);
export const payloadTooLarge = make(413, 'Request body too large');
export const unsupportedMediaType = make(415, 'Unsupported media type');
export const internalError = make(500, 'Internal error');
export const serviceUnavailable = make(503, 'Service unavailable');

/** Writes the problem as `application/problem+json`, with the request id to quote in a report. */
export function sendProblem(res: Response, problem: Problem): void {
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
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** For anything no route matched. The path is not echoed: the client knows what it asked for. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendProblem(res, notFound('not-found', 'There is nothing at this address.'));
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
  const e = (err ?? {}) as {
    type?: unknown;
    status?: unknown;
    statusCode?: unknown;
    limit?: unknown;
  };
  switch (e.type) {
    case 'entity.parse.failed':
      return badRequest('malformed-json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return payloadTooLarge(
        'body-too-large',
        typeof e.limit === 'number'
          ? `The request body is larger than ${e.limit} bytes.`
          : 'The request body is too large.',
      );
    case 'charset.unsupported':
      return unsupportedMediaType('unsupported-charset', 'Send the body as UTF-8.');
    case 'encoding.unsupported':
      return unsupportedMediaType(
        'unsupported-content-encoding',
        'Send the body uncompressed (no Content-Encoding).',
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return badRequest('incomplete-body', 'The request body did not arrive complete.');
  }
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new Problem({ status, code: 'bad-request', title: 'Bad request' });
  }
  return internalError(
    'internal-error',
    'Something went wrong on our side. Quote the request id if you report it.',
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
  throw badRequest('invalid-request', `${first.path}: ${first.message}`, { errors });
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i === 0 ? '' : '.'}${String(seg)}`))
    .join('');
}
