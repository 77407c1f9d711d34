/**
 * Acknowledgement links as tokens: URL-safe, signed with the server's link key, and not valid
 * once anything in them is changed, cut or signed with another key.
 */
import { randomBytes } from 'node:crypto';
import type { AcknowledgementLink } from '../../../../core';
import { sealKeyOf } from '../../../../server/store/audit-chain';
import {
  acknowledgementLinkKey,
  LinkTokens,
  MAX_TOKEN_LENGTH,
} from '../../../../server/outlook-links/link-tokens';

const LINK: AcknowledgementLink = {
  obligation: 'C-1042:guardian-iro-introduction',
  person: 'guardian.rivers',
  due: '2026-11-09T23:59:59+00:00',
  expires: '2026-11-10T09:00:00+00:00',
};
const tokens = new LinkTokens(randomBytes(32));

test('a token stands for its link, and is safe in a URL as it is', () => {
  const token = tokens.sign(LINK);
  expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  expect(encodeURIComponent(token)).toBe(token);
  expect(token.length).toBeLessThan(200);
  expect(tokens.verify(token)).toEqual(LINK);
});

test('instants come back in London’s offset, the same instants', () => {
  const token = tokens.sign({ ...LINK, due: '2026-07-01T15:00:00Z' });
  expect(tokens.verify(token)?.due).toBe('2026-07-01T16:00:00+01:00');
});

test('changing any one character makes it not valid', () => {
  const token = tokens.sign(LINK);
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '.') continue;
    // Every other letter in its place, including those that differ only in base64's spare bits.
    for (const other of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (other === token[i]) continue;
      const changed = `${token.slice(0, i)}${other}${token.slice(i + 1)}`;
      expect(tokens.verify(changed)).toBeUndefined();
    }
  }
});

test('a token cut short, run on, re-signed by another key, or not a token at all is not valid', () => {
  const token = tokens.sign(LINK);
  const [payload, signature] = token.split('.') as [string, string];
  const foreign = new LinkTokens(randomBytes(32)).sign(LINK);
  for (const bad of [
    '',
    token.slice(0, -1),
    `${token}A`,
    payload,
    `${payload}.`,
    `.${signature}`,
    `${payload}.${signature}.${signature}`,
    foreign,
    `${payload}.${foreign.split('.')[1]}`,
    `${payload}+.${signature}`,
    'x'.repeat(MAX_TOKEN_LENGTH + 1),
  ])
    expect(tokens.verify(bad)).toBeUndefined();
});

test('a well-signed payload that is not a link is not valid either', () => {
  // Made by the same class over claims no link would carry: its signature holds, its content not.
  const odd = tokens.sign({ ...LINK, person: 'not a person id' });
  expect(tokens.verify(odd)).toBeUndefined();
});

test('the key: the configured one, or one derived from the seal key that is not the seal key', () => {
  const seal = sealKeyOf(randomBytes(32));
  const derived = acknowledgementLinkKey({ days: 7 }, seal);
  expect(derived).toHaveLength(32);
  expect(derived.equals(seal.secret)).toBe(false);
  expect(acknowledgementLinkKey({ days: 7 }, seal).equals(derived)).toBe(true);
  const configured = randomBytes(32);
  expect(
    acknowledgementLinkKey({ days: 7, key: { base64: configured.toString('base64') } }, seal),
  ).toEqual(configured);
  expect(() => new LinkTokens(randomBytes(16))).toThrow(/shorter than 32 bytes/);
});
