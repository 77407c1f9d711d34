/**
 * `/ack`: the page an acknowledgement link opens (server/outlook-links/), outside `/api` and
 * its sign-in: the link is the credential. `GET /ack?t=…` shows what the link is for and never
 * records anything (mail scanners fetch every link); the page's button posts the token back
 * (`POST /ack`, form field `t`) to acknowledge. The token is in the query, not the path, so the
 * request log (which writes paths without queries) never holds it. Answers are HTML pages, kept
 * by no cache; each client address has a limited number of tries a minute.
 */
import express, { Router, type Request, type Response } from 'express';
import { refuse } from '../../../core';
import {
  LINK_PATH,
  type AcknowledgementLinks,
  type LinkPage,
} from '../../outlook-links/acknowledgement-links';
import { LINK_PAGE_CSP, linkPageHtml } from '../../outlook-links/link-page';
import { MAX_TOKEN_LENGTH } from '../../outlook-links/link-tokens';
import { statusOf } from '../problem';

/** Tries a client address may make a minute: a person needs two, a mail scanner one more. */
export const LINK_TRIES_PER_MINUTE = 30;

export function acknowledgementLinkRoutes(
  links: AcknowledgementLinks,
  limiter: AttemptLimiter = new AttemptLimiter(LINK_TRIES_PER_MINUTE, 60_000),
): Router {
  const r = Router();
  const limited = (req: Request, res: Response): boolean => {
    const wait = limiter.waitMs(req.ip ?? 'unknown', Date.now());
    if (wait === 0) return false;
    res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
    send(res, { kind: 'refused', error: refuse('too-many-attempts') }, '');
    return true;
  };

  r.get(LINK_PATH, async (req, res) => {
    if (limited(req, res)) return;
    const token = tokenOf(req.query.t);
    send(res, await links.show(token, req.ip), token);
  });

  r.post(
    LINK_PATH,
    express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 5 }),
    async (req, res) => {
      if (limited(req, res)) return;
      const token = tokenOf((req.body as Record<string, unknown> | undefined)?.t);
      send(res, await links.acknowledge(token, req.ip), token);
    },
  );

  r.all(LINK_PATH, (_req, res) => {
    res.setHeader('Allow', 'GET, POST');
    res.status(405).type('text/plain').send('Open the link from the email.\n');
  });
  return r;
}

/** The token as sent: one string of a sensible length, or nothing (which no link verifies as). */
function tokenOf(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH ? value : '';
}

function send(res: Response, page: LinkPage, token: string): void {
  res.setHeader('Content-Security-Policy', LINK_PAGE_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res
    .status(page.kind === 'refused' ? statusOf(page.error.kind) : 200)
    .type('text/html; charset=utf-8')
    .send(linkPageHtml(page, token));
}

/**
 * Tries per client address in a fixed window, in this process (instances count apart): enough to
 * stop anyone walking through tokens or filling the audit trail with refusals, nothing a person
 * would meet. Signatures are checked in constant time whatever this allows.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** 0 if this try may go ahead (and counts it); otherwise how long until the next may. */
  waitMs(address: string, now: number): number {
    if (this.windows.size > 10_000) this.forgetBefore(now - this.windowMs);
    const window = this.windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(address, { start: now, count: 1 });
      return 0;
    }
    if (window.count >= this.limit) return window.start + this.windowMs - now;
    window.count++;
    return 0;
  }

  private forgetBefore(start: number): void {
    for (const [address, window] of this.windows)
      if (window.start < start) this.windows.delete(address);
  }
}
