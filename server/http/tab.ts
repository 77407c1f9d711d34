/**
 * Serves the built tab (dist/tab) under /tab: hashed assets cached for good, the page itself
 * never cached, any other path under /tab answered with the page so deep links open the right
 * view. Only Teams, Outlook and the Microsoft 365 app may frame it, and it loads nothing but its
 * own files and API (TAB_CSP).
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

/**
 * What the tab's page may load: only its own scripts, styles, images and fonts, and only its own
 * API; no plug-ins, no `<base>`, no forms posting elsewhere. Styles may be inline because Fluent
 * UI writes its styles into `<style>` elements at run time (Griffel); scripts may not. `blob:`
 * images and `data:` fonts and images are what the bundle itself makes; the one address beyond our
 * own is the CDN the Teams library reads its valid origins from.
 */
export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // The Teams JavaScript library fetches its list of valid host origins from Microsoft's CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${FRAME_ANCESTORS}`,
].join('; ');

/** The router for a built tab in `dir`, or undefined if `dir` holds no build (no assets). */
export function tabRouter(dir: string): Router | undefined {
  const page = join(dir, 'index.html');
  if (!existsSync(page) || !existsSync(join(dir, 'assets'))) return undefined;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', TAB_CSP);
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
