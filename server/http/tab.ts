/**
 * Serves the built tab (dist/tab) under /tab: hashed assets cached for good, the page itself
 * never cached, any other path under /tab answered with the page so deep links open the right
 * view. Only Teams, Outlook and the Microsoft 365 app may frame it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.cloud.microsoft',
].join(' ');

/** The router for a built tab in `dir`, or undefined if `dir` holds no build (no assets). */
export function tabRouter(dir: string): Router | undefined {
  const page = join(dir, 'index.html');
  if (!existsSync(page) || !existsSync(join(dir, 'assets'))) return undefined;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', `frame-ancestors ${FRAME_ANCESTORS}`);
    next();
  });
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.get(/.*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
  return router;
}
