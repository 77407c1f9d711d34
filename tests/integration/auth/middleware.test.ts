/**
 * The authentication middleware and the dev sign-in routes in a real Express app on loopback,
 * called over HTTP, with Entra tokens from a real OIDC issuer (oauth2-mock-server) and pino's
 * output captured to prove that tokens never reach the logs.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { OAuth2Server } from 'oauth2-mock-server';
import pino from 'pino';
import type { Person } from '../../../core/ports/directory';
import { createDevSignIn, type DevSignIn } from '../../../server/auth/dev-sign-in';
import { createEntraVerifier, type EntraVerifier } from '../../../server/auth/entra-token';
import { authenticate, currentPerson, devSignInRouter } from '../../../server/auth/middleware';
import { FakeDirectory } from '../../support/fake-directory';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const CLIENT_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const KNOWN_OID = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const UNKNOWN_OID = 'c0ffee00-0000-4000-8000-000000000000';

const PEOPLE: Person[] = [
  {
    id: 'iro.smith',
    displayName: 'Ivy Smith',
    email: 'ivy.smith@council.example',
    entraObjectId: KNOWN_OID,
    roles: ['iro'],
    teams: ['north'],
  },
  {
    id: 'lawyer.jones',
    displayName: 'Lee Jones',
    email: 'lee.jones@council.example',
    roles: ['lawyer'],
    teams: [],
  },
];

let oidc: OAuth2Server;
let entra: EntraVerifier;
let jwksUri: string;
const logLines: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
/** Every token any test used and every response text seen, to check for leaks at the end. */
const tokensUsed: string[] = [];
const responsesSeen: string[] = [];
const openServers: Server[] = [];

beforeAll(async () => {
  oidc = new OAuth2Server();
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
  jwksUri = `http://127.0.0.1:${oidc.address().port}/jwks`;
  entra = createEntraVerifier({
    tenantId: TENANT,
    audience: [CLIENT_ID],
    issuer: oidc.issuer.url ?? '',
    jwksUri,
  });
});

afterAll(async () => {
  for (const s of openServers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await oidc.stop();
});

function entraToken(claims: Record<string, unknown> = {}): Promise<string> {
  return oidc.issuer.buildToken({
    scopesOrTransform: (_h, p) => {
      Object.assign(p, { aud: CLIENT_ID, tid: TENANT, oid: KNOWN_OID, scp: 'access_as_user' });
      Object.assign(p, claims);
    },
  });
}

interface AppOptions {
  entra?: EntraVerifier;
  dev?: DevSignIn;
  /** Mount the dev router even when dev is disabled (to test the defence in depth). */
  mountDevRouter?: boolean;
  directory?: FakeDirectory;
}

/** A small app: the dev routes (if asked) and one authenticated route that echoes the person. */
async function startApp(options: AppOptions): Promise<string> {
  const directory = options.directory ?? new FakeDirectory(PEOPLE);
  const app = express();
  if (options.dev && (options.dev.enabled || options.mountDevRouter)) {
    app.use(devSignInRouter(options.dev, directory));
  }
  app.get(
    '/api/me',
    authenticate({ entra: options.entra, dev: options.dev, directory, logger }),
    (_req, res) => {
      res.json({ person: currentPerson(res), authMethod: res.locals.authMethod as unknown });
    },
  );
  const server = app.listen(0, '127.0.0.1');
  openServers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  responsesSeen.push(JSON.stringify([...res.headers.entries()]) + text);
  return {
    status: res.status,
    headers: res.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

function me(base: string, token?: string, scheme = 'Bearer'): Promise<Reply> {
  if (token !== undefined) tokensUsed.push(token);
  const headers: Record<string, string> =
    token === undefined ? {} : { Authorization: `${scheme} ${token}` };
  return call(`${base}/api/me`, { headers });
}

function expectProblem(reply: Reply, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.body).toEqual({
    type: `https://iro-liaison.example/problems/${code}`,
    title: expect.any(String) as unknown,
    status,
    code,
    detail: expect.any(String) as unknown,
  });
}

async function devSignIn(base: string, personId: string): Promise<string> {
  const reply = await call(`${base}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  expect(reply.status).toBe(200);
  return reply.body.token as string;
}

describe('authenticate', () => {
  let base: string;
  beforeAll(async () => {
    base = await startApp({ entra, dev: createDevSignIn({ enabled: true }) });
  });

  test('no Authorization header: 401 token-missing with a bare Bearer challenge', async () => {
    const reply = await me(base);
    expectProblem(reply, 401, 'token-missing');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('another scheme counts as no bearer token', async () => {
    const reply = await me(base, 'dXNlcjpwYXNz', 'Basic');
    expectProblem(reply, 401, 'token-missing');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('Entra token of a known person: 200 with that person', async () => {
    const reply = await me(base, await entraToken());
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ person: { id: 'iro.smith' }, authMethod: 'entra' });
  });

  test('the scheme name is case-insensitive', async () => {
    const reply = await me(base, await entraToken(), 'bearer');
    expect(reply.status).toBe(200);
  });

  test('Entra token of someone not in the directory: 403 person-unknown', async () => {
    const reply = await me(base, await entraToken({ oid: UNKNOWN_OID }));
    expectProblem(reply, 403, 'person-unknown');
  });

  test('expired Entra token: 401 token-expired with error="invalid_token"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const reply = await me(
      base,
      await entraToken({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
    );
    expectProblem(reply, 401, 'token-expired');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  test('garbage token: 401 token-malformed', async () => {
    const reply = await me(base, 'not-a-jwt');
    expectProblem(reply, 401, 'token-malformed');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  test('dev token when dev sign-in is enabled: 200 via dev', async () => {
    const reply = await me(base, await devSignIn(base, 'lawyer.jones'));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ person: { id: 'lawyer.jones' }, authMethod: 'dev' });
  });

  test('a forged token claiming the dev issuer but signed elsewhere: 401', async () => {
    const otherProcess = createDevSignIn({ enabled: true });
    const reply = await me(base, await otherProcess.issue('iro.smith'));
    expectProblem(reply, 401, 'token-signature');
  });

  test('a directory failure is a server error, not a token error', async () => {
    const failing = new FakeDirectory(PEOPLE);
    failing.personByEntraObjectId = () => Promise.reject(new Error('store down'));
    const failingBase = await startApp({ entra, directory: failing });
    const res = await fetch(`${failingBase}/api/me`, {
      headers: { Authorization: `Bearer ${await entraToken()}` },
    });
    expect(res.status).toBe(500);
    responsesSeen.push(await res.text());
  });
});

describe('authenticate with dev sign-in disabled (production-like)', () => {
  test('a dev token is refused with 401 when Entra is configured', async () => {
    const devApp = await startApp({ dev: createDevSignIn({ enabled: true }) });
    const token = await devSignIn(devApp, 'iro.smith');

    const prod = await startApp({ entra, dev: createDevSignIn({ enabled: false }) });
    const reply = await me(prod, token);
    expectProblem(reply, 401, 'token-signature');
  });

  test('a dev token is refused with 401 when nothing can verify it', async () => {
    const devApp = await startApp({ dev: createDevSignIn({ enabled: true }) });
    const token = await devSignIn(devApp, 'iro.smith');

    const noVerifiers = await startApp({ dev: createDevSignIn({ enabled: false }) });
    expectProblem(await me(noVerifiers, token), 401, 'token-issuer');
  });
});

describe('authenticate: scope and key availability', () => {
  test('missing required scope: 403 insufficient_scope', async () => {
    const scoped = createEntraVerifier({
      tenantId: TENANT,
      audience: [CLIENT_ID],
      issuer: oidc.issuer.url ?? '',
      jwksUri,
      requiredScope: 'access_as_user',
    });
    const base = await startApp({ entra: scoped });
    const reply = await me(base, await entraToken({ scp: 'User.Read' }));
    expectProblem(reply, 403, 'token-scope');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
  });

  test('signing keys unavailable: 503 jwks-unavailable, retryable, no challenge', async () => {
    const unreachable = createEntraVerifier({
      tenantId: TENANT,
      audience: [CLIENT_ID],
      issuer: oidc.issuer.url ?? '',
      jwksUri: jwksUri.replace(/\/jwks$/, '/missing'),
    });
    const base = await startApp({ entra: unreachable });
    const reply = await me(base, await entraToken());
    expectProblem(reply, 503, 'jwks-unavailable');
    expect(reply.headers.get('retry-after')).toBe('30');
    expect(reply.headers.get('www-authenticate')).toBeNull();
  });
});

describe('devSignInRouter', () => {
  let base: string;
  beforeAll(async () => {
    base = await startApp({ dev: createDevSignIn({ enabled: true }) });
  });

  const post = (body: string, contentType = 'application/json') =>
    call(`${base}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });

  test('GET /api/dev/people lists the demo people without e-mail or Entra ids', async () => {
    const res = await fetch(`${base}/api/dev/people`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { id: 'iro.smith', displayName: 'Ivy Smith', roles: ['iro'] },
      { id: 'lawyer.jones', displayName: 'Lee Jones', roles: ['lawyer'] },
    ]);
  });

  test('POST /api/dev/sign-in returns a token and the person, not cacheable', async () => {
    const res = await fetch(`${base}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId: 'iro.smith' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; person: unknown };
    expect(body.person).toEqual({ id: 'iro.smith', displayName: 'Ivy Smith', roles: ['iro'] });
    expect(body.token.split('.')).toHaveLength(3);
  });

  test('unknown person: 404 person-not-found', async () => {
    expectProblem(await post(JSON.stringify({ personId: 'nobody' })), 404, 'person-not-found');
  });

  test.each([
    ['missing personId', '{}', /personId/],
    ['personId not a string', '{"personId":42}', /personId/],
    ['empty personId', '{"personId":"  "}', /personId/],
    ['an extra field', '{"personId":"iro.smith","role":"iro-admin"}', /role/],
    ['not an object', '["iro.smith"]', /JSON object/],
  ])('%s: 400 invalid-request naming the problem', async (_label, body, detail) => {
    const reply = await post(body);
    expectProblem(reply, 400, 'invalid-request');
    expect(reply.body.detail).toMatch(detail);
  });

  test('a form post is refused: 400 invalid-request', async () => {
    const reply = await post('personId=iro.smith', 'application/x-www-form-urlencoded');
    expectProblem(reply, 400, 'invalid-request');
    expect(reply.body.detail).toMatch(/application\/json/);
  });

  test('an oversized body: 413', async () => {
    const reply = await post(JSON.stringify({ personId: 'x'.repeat(5000) }));
    expectProblem(reply, 413, 'body-too-large');
  });

  test('invalid JSON: 400 malformed-json', async () => {
    const reply = await post('{"personId":');
    expectProblem(reply, 400, 'malformed-json');
    expect(reply.body.detail).toMatch(/not valid JSON/);
  });

  test('mounted by mistake while disabled: both routes answer 404 not-found', async () => {
    const disabled = await startApp({
      dev: createDevSignIn({ enabled: false }),
      mountDevRouter: true,
    });
    expectProblem(await call(`${disabled}/api/dev/people`), 404, 'not-found');
    const reply = await call(`${disabled}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId: 'iro.smith' }),
    });
    expectProblem(reply, 404, 'not-found');
    expect(JSON.stringify(reply.body)).not.toMatch(/token/i);
  });
});

describe('no token leaks', () => {
  test('failures are logged with their code', () => {
    const entries = logLines.map((l) => JSON.parse(l) as { auth?: { code: string } });
    const codes = entries.map((e) => e.auth?.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'token-missing',
        'token-expired',
        'token-malformed',
        'person-unknown',
        'token-signature',
        'jwks-unavailable',
      ]),
    );
  });

  test('neither the logs nor the authentication responses contain any token', () => {
    expect(tokensUsed.length).toBeGreaterThan(8);
    const logs = logLines.join('\n');
    const responses = responsesSeen
      // The sign-in response is where a dev token is meant to be handed out.
      .filter((r) => !r.includes('"token":'))
      .join('\n');
    for (const token of tokensUsed) {
      for (const part of token.split('.').filter((p) => p.length > 8)) {
        expect(logs).not.toContain(part);
        expect(responses).not.toContain(part);
      }
    }
    expect(logs).not.toMatch(/authorization|bearer /i);
  });
});
