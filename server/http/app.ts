/**
 * The HTTP entry point: one Express app that hosts the API, later the bot (/api/messages) and the
 * tab. Everything a route may rely on is set up here, in this order: request id and log line,
 * security headers, body limits, health, the routes the composition root mounts, then the one
 * error handler.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../config';
import { requestLogger, type Logger } from '../logging';
import { writeJsonAsText } from './json-text';
import { notFoundHandler, problemHandler, sendProblem } from './problem';
import { refuse } from '../../core';

/** Cards, events and commands are small; anything bigger is a mistake or an attack. */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** A readiness check that hangs is a failed one; the load balancer should not wait on us. */
const READY_TIMEOUT_MS = 3000;

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** True when the store (and later the bot) can serve requests. */
  ready: () => Promise<boolean>;
  /** Adds the product's routes; runs after health and before the 404 and error handlers. */
  mount: (app: Express) => void;
}

export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  writeJsonAsText(app);
  // The case version is the concurrency token; automatic ETags would only confuse clients.
  app.disable('etag');
  // Only behind a known number of proxies may X-Forwarded-For name the client for the audit trail.
  app.set('trust proxy', config.mode === 'production' ? config.http.trustProxyHops : false);

  app.use(requestLogger(logger));
  app.use(securityHeaders(config.mode === 'production'));
  app.use('/api', requireJsonBody);
  app.use(
    express.json({
      limit: BODY_LIMIT_BYTES,
      type: 'application/json',
      strict: true,
      // Our clients never compress requests; refusing removes a decompression-bomb path.
      inflate: false,
    }),
  );

  // The product's front door is the tab; a browser opening the server's address lands there.
  app.get('/', (_req, res) => {
    res.redirect(302, '/tab/');
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (await isReady(deps.ready, logger)) {
      res.json({ status: 'ready' });
    } else {
      res.setHeader('Retry-After', '30');
      sendProblem(
        res,
        refuse('not-ready', 'The service is starting, or its store cannot take writes.'),
      );
    }
  });

  deps.mount(app);

  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}

/** A year, as HSTS preload lists expect; only in production, where the public URL is https. */
const HSTS = 'max-age=31536000; includeSubDomains';

function securityHeaders(production: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (production) res.setHeader('Strict-Transport-Security', HSTS);
    // API answers carry case data: no browser or proxy may keep a copy.
    if (/^\/api(\/|$)/i.test(req.path) || req.path === '/healthz' || req.path === '/readyz') {
      res.setHeader('Cache-Control', 'no-store');
    }
    next();
  };
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The API speaks JSON only. A body of another type would otherwise reach the routes as
 * `undefined` and fail later with a misleading message. Empty bodies (a bare POST) pass.
 */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (WITH_BODY.has(req.method) && hasBody && !req.is('application/json')) {
    sendProblem(res, refuse('unsupported-media-type', 'Send application/json.'));
    return;
  }
  next();
}

async function isReady(ready: () => Promise<boolean>, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ready(), timeout]);
  } catch (err) {
    logger.warn({ err }, 'readiness check failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long a client has to send its request, enforced by Node before anything else runs (before
 * authentication): a client that declares a body and stalls, or trickles headers, holds a
 * connection for seconds, not Node's default five minutes. Checked every second.
 */
export const REQUEST_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };

/**
 * Binds the configured host and port (0 picks a free port) and resolves once listening, with the
 * URL this process can actually be reached at.
 */
export function listen(
  app: Express,
  config: Config,
  timeouts = REQUEST_TIMEOUTS,
): Promise<{ server: http.Server; url: string }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(
      {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        connectionsCheckingInterval: timeouts.checkEveryMs,
      },
      app,
    );
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${hostPart}:${address.port}` });
    });
  });
}
