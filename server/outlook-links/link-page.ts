/**
 * The page an acknowledgement link opens: the case reference and the deadline, nothing else
 * about the case (the link may be forwarded, and the page is read by whoever holds it), and one
 * button. Plain HTML that works without scripts, in en-GB, with the weekday in every date; its
 * only style is inline, allowed by its hash and nothing else.
 */
import { createHash } from 'node:crypto';
import { humanInstant, type ErrorCode } from '../../core';
import { escapeHtml } from '../html';
import { LINK_PATH, type LinkPage } from './acknowledgement-links';

const STYLE =
  'body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;padding:2rem 1rem;line-height:1.5;color:#1b1b1b;background:#fff}' +
  'main{max-width:36rem;margin:0 auto}h1{font-size:1.5rem;margin:0 0 1rem}' +
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}dt{font-weight:600}dd{margin:0}' +
  'button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border:2px solid #0f5132;border-radius:4px;background:#0f5132;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}.small{font-size:.9rem;color:#444}';

/** The page's Content-Security-Policy: no scripts at all, only its own style, forms only to itself. */
export const LINK_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page for what a link may do or did; `token` goes into the form only while it may be used. */
export function linkPageHtml(page: LinkPage, token: string): string {
  const { title, paragraphs } = wordsOf(page);
  const facts =
    page.caseRef !== undefined && page.due !== undefined
      ? `<dl><dt>Case</dt><dd>${escapeHtml(page.caseRef)}</dd>` +
        `<dt>Deadline</dt><dd>${escapeHtml(humanInstant(page.due))} (UK time)</dd></dl>`
      : '';
  const form =
    page.kind === 'ready'
      ? `<form method="post" action="${LINK_PATH}">` +
        `<input type="hidden" name="t" value="${escapeHtml(token)}">` +
        '<button type="submit">Acknowledge</button></form>' +
        `<p class="small">This link is for you alone. It works once, until ${escapeHtml(humanInstant(page.expires))}.</p>`
      : '';
  return (
    '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex, nofollow">' +
    `<title>${escapeHtml(title)} – IRO Liaison</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${facts}` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `${form}</main></body></html>\n`
  );
}

/** What the page says, in words; never a code or an id. */
function wordsOf(page: LinkPage): { title: string; paragraphs: string[] } {
  switch (page.kind) {
    case 'ready':
      return {
        title: 'Acknowledge a deadline',
        paragraphs: [
          'Press Acknowledge to record that you have seen this deadline. Nothing is recorded until you do.',
        ],
      };
    case 'acknowledged':
      return {
        title: 'Acknowledged',
        paragraphs: [
          `Thank you. Your acknowledgement of this deadline was recorded on ${humanInstant(page.at)}.`,
          'You can close this page.',
        ],
      };
    case 'already-acknowledged':
      return {
        title: 'Already acknowledged',
        paragraphs: [
          `You acknowledged this deadline on ${humanInstant(page.at)}. There is nothing more to do.`,
        ],
      };
    case 'refused':
      return refusalWords(page.error.code, page);
  }
}

function refusalWords(
  code: ErrorCode,
  page: Extract<LinkPage, { kind: 'refused' }>,
): { title: string; paragraphs: string[] } {
  switch (code) {
    case 'acknowledgement-link-used':
      return {
        title: 'This link has been used',
        paragraphs: [
          `It acknowledged this deadline on ${humanInstant(page.at)}. A link works once, so nothing more was recorded.`,
        ],
      };
    case 'acknowledgement-link-expired':
      return {
        title: 'This link has expired',
        paragraphs: [
          `It stopped working on ${humanInstant(page.at)}. The next reminder about this deadline brings a new link.`,
        ],
      };
    case 'acknowledgement-link-moved':
      return {
        title: 'The deadline has changed',
        paragraphs: [
          page.movedTo
            ? `This link was for the deadline above; it is now ${humanInstant(page.movedTo)}. The email telling you of the change has a new link.`
            : 'This link was for the deadline above, which no longer applies.',
        ],
      };
    case 'obligation-closed':
      return {
        title: 'Nothing to acknowledge',
        paragraphs: ['This deadline no longer needs acknowledging: it has been met or closed.'],
      };
    case 'acknowledgement-link-invalid':
      return {
        title: 'This link is not valid',
        paragraphs: [
          'It may have been cut short or changed on its way. Open the link from the email as it is, or copy all of it into the address bar.',
        ],
      };
    case 'too-many-attempts':
      return {
        title: 'Please wait',
        paragraphs: ['Too many requests came from your address. Try again in a minute.'],
      };
    default:
      // The person left, is no longer on the case, or no longer acknowledges this there.
      return {
        title: 'This link no longer applies',
        paragraphs: ['It is no longer yours to acknowledge this deadline. Nothing was recorded.'],
      };
  }
}
