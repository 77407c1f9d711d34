/**
 * Structured JSON logs. Logs leave the council's control (log analytics, support tickets), so they
 * carry no tokens, no cookies and no request bodies, which is where children's names would be.
 * Callers log case references and person ids, never display names.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import pino from 'pino';
import type { LogLevel } from './config';

export type Logger = pino.Logger;

const CENSOR = '[redacted]';

/** Where credentials can sit in what we log. Wildcards cover one level, so both depths are listed. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-ms-token-aad-access-token"]',
  'req.headers["x-ms-token-aad-id-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  ...['token', 'accessToken', 'idToken', 'refreshToken', 'password', 'secret', 'clientSecret']
    .map((key) => [key, `*.${key}`, `*.*.${key}`])
    .flat(),
];

export interface LoggerOptions {
  level: LogLevel;
  /** Defaults to stdout; tests pass a stream to read what was written. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'iro-liaison' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { req: requestSummary, err: errorSummary },
    },
    options.destination,
  );
}

/** Only what identifies a request: never its body, query string or headers. */
function requestSummary(req: unknown): unknown {
  if (!req || typeof req !== 'object') return req;
  const r = req as { method?: unknown; originalUrl?: unknown; url?: unknown };
  const url = typeof r.originalUrl === 'string' ? r.originalUrl : r.url;
  return { method: r.method, path: typeof url === 'string' ? pathOnly(url) : undefined };
}

/**
 * The standard error shape minus `body`: body-parser attaches the raw request body to its errors,
 * and an error logged whole would write it out.
 */
function errorSummary(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  delete out.body;
  return out;
}

function pathOnly(url: string): string {
  const q = url.search(/[?#]/);
  return q === -1 ? url : url.slice(0, q);
}

/** A caller-supplied id is reused only if it cannot smuggle anything into a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id the request logger gave this request, for problem responses and error logs. */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * One line per request when the response is finished or the client gives up: method, path
 * without query, status, duration and a request id (echoed in `x-request-id`). Health probes
 * log at debug, or they would drown everything else.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const offered = req.get('x-request-id');
    const id = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);

    const path = pathOnly(req.originalUrl);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: id,
        method: req.method,
        path,
        status: res.writableFinished ? res.statusCode : undefined,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (!res.writableFinished) logger.warn(line, 'request aborted by client');
      else if (path === '/healthz' || path === '/readyz') logger.debug(line, 'request');
      else if (res.statusCode >= 500) logger.error(line, 'request');
      else if (res.statusCode >= 400) logger.warn(line, 'request');
      else logger.info(line, 'request');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
