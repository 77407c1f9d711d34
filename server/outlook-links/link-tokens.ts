/**
 * Acknowledgement links as tokens: the link's claims (core/notices/acknowledgement-link.ts) in a
 * compact form, and an HMAC-SHA-256 over them with the server's link key, both base64url, so a
 * token is safe in a URL as it is. Changing any character of a token, cutting it short or
 * signing it with another key makes it not valid; the signature is compared in constant time.
 *
 * The claims are readable by whoever holds the link (they are signed, not encrypted): a case
 * reference, an obligation's rule, a person's id and two instants. Nothing in them names a child.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import {
  formatInstant,
  parseAcknowledgementLink,
  parseInstant,
  type AcknowledgementLink,
} from '../../core';
import type { OutlookConfig } from '../config';
import type { SealKey } from '../store/audit-chain';

/** What the signature covers besides the claims: a token of another purpose or format never verifies. */
const PURPOSE = 'iro-liaison acknowledgement link v1\n';
const SIGNATURE_LENGTH = 43; // 32 bytes in base64url
/** Longer than any link this server makes; anything longer is not read at all. */
export const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The key links are signed with: the configured one, or one derived from the audit trail's seal
 * key (HKDF, with a label of its own, so the two keys are independent), which every instance
 * already shares and which is kept apart from the data.
 */
export function acknowledgementLinkKey(
  config: OutlookConfig['acknowledgementLinks'],
  seal: SealKey,
): Buffer {
  if (config.key) return Buffer.from(config.key.base64, 'base64');
  return Buffer.from(
    hkdfSync('sha256', seal.secret, Buffer.alloc(0), 'iro-liaison acknowledgement links', 32),
  );
}

export class LinkTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the acknowledgement link key is shorter than 32 bytes');
  }

  sign(link: AcknowledgementLink): string {
    const compact = [
      link.obligation,
      link.person,
      instantOf(link.due),
      instantOf(link.expires),
    ] as const;
    const payload = Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
    return `${payload}.${this.signature(payload).toString('base64url')}`;
  }

  /** The link a token stands for, if it is one of ours and unchanged; otherwise nothing. */
  verify(token: string): AcknowledgementLink | undefined {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [payload, signature] = parts as [string, string];
    if (!BASE64URL.test(payload) || signature.length !== SIGNATURE_LENGTH) return undefined;
    // Compared as written, not decoded: base64url's last character has spare bits, and a token
    // must have one spelling only.
    const given = Buffer.from(signature, 'latin1');
    const expected = Buffer.from(this.signature(payload).toString('base64url'), 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let compact: unknown;
    try {
      compact = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(compact) || compact.length !== 4) return undefined;
    const [obligation, person, due, expires] = compact as unknown[];
    if (!isInstantNumber(due) || !isInstantNumber(expires)) return undefined;
    return parseAcknowledgementLink({
      obligation,
      person,
      due: formatInstant(due),
      expires: formatInstant(expires),
    });
  }

  private signature(payload: string): Buffer {
    return createHmac('sha256', this.key).update(PURPOSE).update(payload).digest();
  }
}

function instantOf(iso: string): number {
  const parsed = parseInstant(iso);
  if (!parsed.ok) throw new Error(`not an instant: ${iso}`);
  return parsed.instant;
}

function isInstantNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}
