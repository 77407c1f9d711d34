/**
 * Entra token verification against a real OIDC issuer on loopback (oauth2-mock-server): the keys
 * come over HTTP from its /jwks endpoint exactly as they would from Entra's discovery keys URL.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import { createEntraVerifier, type EntraVerifierOptions } from '../../../server/auth/entra-token';
import type { AuthErrorCode } from '../../../server/auth/errors';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_TENANT = '00000000-1111-4222-8333-444444444444';
const CLIENT_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const APP_ID_URI = `api://localhost/${CLIENT_ID}`;
const OID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';

let server: OAuth2Server;
let issuer: string;
let jwksUri: string;
let kid: string;

const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = new OAuth2Server();
  kid = (await server.issuer.keys.generate('RS256')).kid;
  await server.start(0, '127.0.0.1');
  issuer = server.issuer.url ?? '';
  jwksUri = `http://127.0.0.1:${server.address().port}/jwks`;
});

afterAll(async () => {
  if (server.listening) await server.stop();
});

function verifier(extra: Partial<EntraVerifierOptions> = {}) {
  return createEntraVerifier({
    tenantId: TENANT,
    audience: [APP_ID_URI, CLIENT_ID],
    issuer,
    jwksUri,
    ...extra,
  });
}

/** A token like Entra's v2 access token for the tab, signed by the mock issuer's RS256 key. */
function entraToken(claims: Record<string, unknown> = {}, remove: string[] = []): Promise<string> {
  return server.issuer.buildToken({
    scopesOrTransform: (_header, payload) => {
      Object.assign(
        payload,
        {
          aud: CLIENT_ID,
          tid: TENANT,
          oid: OID,
          name: 'Ivy Reviewer',
          preferred_username: 'ivy.reviewer@council.example',
          scp: 'access_as_user',
          ver: '2.0',
        },
        claims,
      );
      for (const k of remove) delete payload[k];
    },
  });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expectRefused(
  verify: (token: string) => Promise<unknown>,
  token: string,
  code: AuthErrorCode,
) {
  const err: unknown = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ name: 'AuthError', code });
  // Neither the token nor any part of it (its signature, its payload) may surface in the message.
  const message = (err as Error).message;
  for (const part of token.split('.').filter((p) => p.length > 8)) {
    expect(message).not.toContain(part);
  }
}

describe('createEntraVerifier with a loopback OIDC issuer', () => {
  test('a valid token yields the principal', async () => {
    await expect(verifier()(await entraToken())).resolves.toEqual({
      objectId: OID,
      tenantId: TENANT,
      name: 'Ivy Reviewer',
      preferredUsername: 'ivy.reviewer@council.example',
    });
  });

  test('the app id URI is an accepted audience too (v1-style tokens)', async () => {
    const principal = await verifier()(await entraToken({ aud: APP_ID_URI }));
    expect(principal.objectId).toBe(OID);
  });

  test('expired beyond the clock tolerance: token-expired', async () => {
    const now = nowSeconds();
    const token = await entraToken({ iat: now - 3700, nbf: now - 3700, exp: now - 120 });
    await expectRefused(verifier(), token, 'token-expired');
  });

  test('expired but within the 60 s tolerance: accepted', async () => {
    const now = nowSeconds();
    const token = await entraToken({ iat: now - 3600, nbf: now - 3600, exp: now - 30 });
    await expect(verifier()(token)).resolves.toMatchObject({ objectId: OID });
  });

  test('a smaller configured tolerance applies', async () => {
    const now = nowSeconds();
    const token = await entraToken({ iat: now - 3600, nbf: now - 3600, exp: now - 30 });
    await expectRefused(verifier({ clockToleranceSeconds: 5 }), token, 'token-expired');
  });

  test('not yet valid (nbf in the future beyond tolerance): token-claims', async () => {
    const token = await entraToken({ nbf: nowSeconds() + 600 });
    await expectRefused(verifier(), token, 'token-claims');
  });

  test('wrong audience: token-audience', async () => {
    const token = await entraToken({
      aud: 'api://someone-else/00000000-0000-0000-0000-000000000000',
    });
    await expectRefused(verifier(), token, 'token-audience');
  });

  test('wrong issuer: token-issuer', async () => {
    const token = await entraToken({
      iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
    });
    await expectRefused(verifier(), token, 'token-issuer');
  });

  test('another tenant (tid differs): token-tenant', async () => {
    await expectRefused(verifier(), await entraToken({ tid: OTHER_TENANT }), 'token-tenant');
  });

  test.each(['oid', 'tid', 'exp', 'iat'])('missing %s: token-claims', async (claim) => {
    await expectRefused(verifier(), await entraToken({}, [claim]), 'token-claims');
  });

  test('oid of the wrong type: token-claims', async () => {
    await expectRefused(verifier(), await entraToken({ oid: 42 }), 'token-claims');
  });

  test('unsigned token (alg: none) is refused: token-signature', async () => {
    const now = nowSeconds();
    const payload = {
      iss: issuer,
      aud: CLIENT_ID,
      tid: TENANT,
      oid: OID,
      iat: now,
      exp: now + 600,
    };
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
    await expectRefused(verifier(), token, 'token-signature');
  });

  test('HS256 token signed with a shared secret is refused: token-signature', async () => {
    const now = nowSeconds();
    const token = await new SignJWT({ tid: TENANT, oid: OID })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(CLIENT_ID)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('a-secret-anyone-could-guess-0123456789'));
    await expectRefused(verifier(), token, 'token-signature');
  });

  test('tampered payload with the original signature: token-signature', async () => {
    const [header, payload, signature] = (await entraToken()).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const forged = { ...claims, oid: 'ffffffff-ffff-4fff-8fff-ffffffffffff' };
    await expectRefused(verifier(), `${header}.${b64url(forged)}.${signature}`, 'token-signature');
  });

  test('signed by an RS256 key that is not in the JWKS: token-signature', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const now = nowSeconds();
    const sign = (headerKid: string) =>
      new SignJWT({ tid: TENANT, oid: OID })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: headerKid })
        .setIssuer(issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
    // An unknown kid, and an attacker reusing the real kid with their own key.
    await expectRefused(verifier(), await sign('attacker-key'), 'token-signature');
    await expectRefused(verifier(), await sign(kid), 'token-signature');
  });

  test.each(['garbage', 'a.b.c', '', 'eyJhbGciOiJSUzI1NiJ9.e30'])(
    'not a JWT (%j): token-malformed or token-missing',
    async (token) => {
      await expectRefused(verifier(), token, token === '' ? 'token-missing' : 'token-malformed');
    },
  );

  describe('requiredScope', () => {
    const scoped = () => verifier({ requiredScope: 'access_as_user' });

    test('present among several scopes: accepted', async () => {
      const token = await entraToken({ scp: 'User.Read access_as_user' });
      await expect(scoped()(token)).resolves.toMatchObject({ objectId: OID });
    });

    test('absent: token-scope', async () => {
      await expectRefused(scoped(), await entraToken({ scp: 'User.Read' }), 'token-scope');
      await expectRefused(scoped(), await entraToken({}, ['scp']), 'token-scope');
    });

    test('a scope name that merely contains it does not count', async () => {
      const token = await entraToken({ scp: 'access_as_user_admin' });
      await expectRefused(scoped(), token, 'token-scope');
    });
  });

  describe('default issuers', () => {
    const v2 = `https://login.microsoftonline.com/${TENANT}/v2.0`;
    const v1 = `https://sts.windows.net/${TENANT}/`;
    const defaults = (acceptV1Issuer = false) =>
      createEntraVerifier({ tenantId: TENANT, audience: [CLIENT_ID], jwksUri, acceptV1Issuer });

    test('the v2 issuer of the tenant is accepted by default', async () => {
      await expect(defaults()(await entraToken({ iss: v2 }))).resolves.toMatchObject({
        objectId: OID,
      });
    });

    test('the v1 issuer is refused unless acceptV1Issuer', async () => {
      const token = await entraToken({ iss: v1 });
      await expectRefused(defaults(), token, 'token-issuer');
      await expect(defaults(true)(token)).resolves.toMatchObject({ objectId: OID });
    });
  });

  describe('JWKS availability', () => {
    test('JWKS endpoint answers 404: jwks-unavailable', async () => {
      const broken = verifier({ jwksUri: jwksUri.replace(/\/jwks$/, '/no-such-keys') });
      await expectRefused(broken, await entraToken(), 'jwks-unavailable');
    });

    test('issuer down: jwks-unavailable for a verifier without cached keys; cached keys still work', async () => {
      // A second issuer with its own key, so stopping it does not affect the other tests.
      const down = new OAuth2Server();
      await down.issuer.keys.generate('RS256');
      await down.start(0, '127.0.0.1');
      const downIssuer = down.issuer.url ?? '';
      const downJwks = `http://127.0.0.1:${down.address().port}/jwks`;
      const options = {
        tenantId: TENANT,
        audience: [CLIENT_ID],
        issuer: downIssuer,
        jwksUri: downJwks,
      };
      const token = await down.issuer.buildToken({
        scopesOrTransform: (_h, p) => Object.assign(p, { aud: CLIENT_ID, tid: TENANT, oid: OID }),
      });
      const warm = createEntraVerifier(options);
      await expect(warm(token)).resolves.toMatchObject({ objectId: OID });

      await down.stop();

      // Connection refused is reported as jwks-unavailable (a 503 for the client), not as a bad
      // token, so a client retries rather than discarding a valid token.
      await expectRefused(createEntraVerifier(options), token, 'jwks-unavailable');
      await expect(warm(token)).resolves.toMatchObject({ objectId: OID });
    });
  });

  describe('configuration mistakes fail at construction', () => {
    test.each([
      ['a tenant that is not a GUID', { tenantId: 'common' }],
      ['a domain as tenant', { tenantId: 'council.onmicrosoft.com' }],
      ['no audience', { audience: [] }],
      ['an empty audience', { audience: [''] }],
      ['plain-http keys off loopback', { jwksUri: 'http://keys.example/jwks' }],
      ['a negative tolerance', { clockToleranceSeconds: -1 }],
      ['an excessive tolerance', { clockToleranceSeconds: 3600 }],
    ])('%s', (_label, extra) => {
      expect(() => verifier(extra)).toThrow(TypeError);
    });

    test('the default JWKS URI is accepted (https)', () => {
      expect(() => createEntraVerifier({ tenantId: TENANT, audience: [CLIENT_ID] })).not.toThrow();
    });
  });

  test('the public key set really is served over HTTP (sanity check of the fixture)', async () => {
    const res = await fetch(jwksUri);
    const body = (await res.json()) as { keys: { kid: string; d?: string }[] };
    expect(body.keys.map((k) => k.kid)).toContain(kid);
    expect(body.keys.every((k) => k.d === undefined)).toBe(true);
  });
});
