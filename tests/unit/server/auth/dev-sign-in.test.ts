/** Local dev sign-in: tokens, their lifetime, their secret, and the rule for when it may be on. */
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { createDevSignIn, devSignInAllowed, DEV_ISSUER } from '../../../../server/auth/dev-sign-in';
import { isLoopbackAddress } from '../../../../server/auth/loopback';

/** A clock the test moves by hand. */
function fakeClock(start = Date.parse('2025-03-03T09:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (seconds: number) => void (t += seconds * 1000) };
}

describe('createDevSignIn', () => {
  test('issue then verify returns the person id', async () => {
    const dev = createDevSignIn({ enabled: true });
    const token = await dev.issue('iro.smith');
    await expect(dev.verify(token)).resolves.toEqual({ personId: 'iro.smith' });
  });

  test('tokens are HS256 with the dev issuer and audience and a short life', async () => {
    const clock = fakeClock();
    const dev = createDevSignIn({ enabled: true, ttlSeconds: 900, now: clock.now });
    const token = await dev.issue('lawyer.jones');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: DEV_ISSUER, aud: DEV_ISSUER, sub: 'lawyer.jones' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(900);
  });

  test('a token expires after its ttl (no clock tolerance)', async () => {
    const clock = fakeClock();
    const dev = createDevSignIn({ enabled: true, ttlSeconds: 1, now: clock.now });
    const token = await dev.issue('iro.smith');
    await expect(dev.verify(token)).resolves.toEqual({ personId: 'iro.smith' });
    clock.advance(1);
    await expect(dev.verify(token)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'token-expired',
    });
  });

  test('a token from another process (another instance, another secret) is refused', async () => {
    const other = createDevSignIn({ enabled: true });
    const dev = createDevSignIn({ enabled: true });
    await expect(dev.verify(await other.issue('iro.smith'))).rejects.toMatchObject({
      code: 'token-signature',
    });
  });

  test('a token forged with a guessed secret is refused', async () => {
    const dev = createDevSignIn({ enabled: true });
    const good = decodeJwt(await dev.issue('iro.smith'));
    // Forge with a guessed secret: even a well-formed dev token fails without the process secret.
    const forged = await new SignJWT({ ...good, sub: 'head.of.service' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32));
    await expect(dev.verify(forged)).rejects.toMatchObject({ code: 'token-signature' });
  });

  test('unsigned (alg: none) dev tokens are refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const payload = { iss: DEV_ISSUER, aud: DEV_ISSUER, sub: 'iro.smith', iat: now, exp: now + 60 };
    const token = `${b64({ alg: 'none' })}.${b64(payload)}.`;
    await expect(createDevSignIn({ enabled: true }).verify(token)).rejects.toMatchObject({
      code: 'token-signature',
    });
  });

  test('garbage is token-malformed', async () => {
    await expect(createDevSignIn({ enabled: true }).verify('nope')).rejects.toMatchObject({
      code: 'token-malformed',
    });
  });

  test('when disabled, issue and verify both throw dev-sign-in-disabled', async () => {
    const token = await createDevSignIn({ enabled: true }).issue('iro.smith');
    const dev = createDevSignIn({ enabled: false });
    expect(dev.enabled).toBe(false);
    await expect(dev.issue('iro.smith')).rejects.toMatchObject({ code: 'dev-sign-in-disabled' });
    await expect(dev.verify(token)).rejects.toMatchObject({ code: 'dev-sign-in-disabled' });
  });

  test.each([0, -5, 1.5, Number.NaN])('ttlSeconds %p is a configuration error', (ttlSeconds) => {
    expect(() => createDevSignIn({ enabled: true, ttlSeconds })).toThrow(TypeError);
  });
});

describe('devSignInAllowed', () => {
  test.each([
    ['local', '127.0.0.1', true],
    ['local', '127.0.0.2', true],
    ['local', '127.255.255.254', true],
    ['local', 'localhost', true],
    ['local', 'LOCALHOST', true],
    ['local', '::1', true],
    ['local', '[::1]', true],
    ['local', '0.0.0.0', false],
    ['local', '::', false],
    ['local', '', false],
    ['local', '192.168.1.10', false],
    ['local', '10.0.0.1', false],
    ['local', '128.0.0.1', false],
    ['local', '127.0.0.1.example.com', false],
    ['local', 'localhost.example.com', false],
    ['local', 'example.com', false],
    ['local', '::ffff:10.0.0.1', false],
    ['production', '127.0.0.1', false],
    ['production', 'localhost', false],
    ['production', '::1', false],
    ['production', '0.0.0.0', false],
  ] as const)('%s on %j → %p', (mode, host, expected) => {
    expect(devSignInAllowed(mode, host)).toBe(expected);
  });
});

describe('isLoopbackAddress (the peer check the dev routes also apply)', () => {
  test.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:192.168.0.1', false],
    ['192.168.0.1', false],
    ['localhost', false],
    [undefined, false],
  ] as const)('%p → %p', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
