/**
 * The HTTP shell over a real socket on loopback: health, body limits, problem+json errors that
 * never echo what the client sent, and the security headers.
 */
import type * as http from 'node:http';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { z } from 'zod';
import { loadConfig } from '../../../server/config';
import { createApp, listen } from '../../../server/http/app';
import { refuse } from '../../../core';
import { parseBody, PROBLEM_TYPE_BASE } from '../../../server/http/problem';
import { createLogger } from '../../../server/logging';

const CHILD_NAME = 'Jane Doe';

const NewNote = z.strictObject({
  caseId: z.string().min(1),
  text: z.string().max(200_000),
  meta: z.strictObject({ urgent: z.boolean() }).optional(),
});

/** Routes that exercise each kind of failure the shell must turn into a problem. */
function mount(app: Express): void {
  app.post('/api/notes', (req, res) => {
    const note = parseBody(NewNote, req.body);
    res.status(201).json({ caseId: note.caseId, length: note.text.length });
  });
  app.post('/api/acknowledge', (_req, res) => {
    res.status(204).end();
  });
  app.get('/api/cases/:id', () => {
    throw refuse('case-not-found', 'No such case.');
  });
  app.post('/api/cases/:id/events', () => {
    throw refuse('version-conflict', 'The case has changed since you read it.', {
      currentVersion: 7,
    });
  });
  app.post('/api/cases/:id/waive', () => {
    throw refuse('obligation-forbidden', 'Only the allocated IRO may do this.');
  });
  app.get('/api/me', () => {
    throw refuse('token-missing', 'No bearer token was presented.');
  });
  // A JSON answer well over the 1,000 characters at which res.send would make it a Buffer, with
  // characters of more than one byte; what reaches res.end is recorded.
  app.get('/api/long', (_req, res) => {
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    res.end = ((chunk: unknown, ...rest: unknown[]) => {
      endedWith.push(typeof chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.json({ items: Array.from({ length: 200 }, (_, i) => `item ${i} – due Monday`) });
  });
  app.get('/api/nothing', (_req, res) => {
    res.json(undefined);
  });
  app.get('/api/typed', (_req, res) => {
    res.type('application/geo+json').json({ type: 'Point', coordinates: [-0.1, 51.5] });
  });
  app.get('/api/boom', () => {
    throw new Error(`database at /var/lib/liaison failed for ${CHILD_NAME}`);
  });
  app.get('/api/async-boom', async () => {
    await Promise.resolve();
    throw new Error(`async failure for ${CHILD_NAME}`);
  });
}

let server: http.Server;
let base: string;
let readiness: () => Promise<boolean>;
/** What /api/long's answer was handed to res.end as: 'string', or 'object' for a Buffer. */
const endedWith: string[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig({ LIAISON_PORT: '0' });
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const app = createApp({ config, logger, ready: () => readiness(), mount });
  ({ server, url: base } = await listen(app, config));
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) =>
    server.close((err) => (err ? reject(err) : resolve())),
  );
});

beforeEach(() => {
  readiness = () => Promise.resolve(true);
  logLines.length = 0;
});

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

async function problemOf(response: Response, status: number, code: string): Promise<ProblemBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as ProblemBody;
  expect(body).toMatchObject({ type: PROBLEM_TYPE_BASE + code, status, code });
  expect(typeof body.title).toBe('string');
  return body;
}

function postJson(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

test('listen binds loopback on a free port and reports the URL', () => {
  expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(base).not.toMatch(/:0$/);
});

describe('health', () => {
  test('/healthz is 200 while the process runs', async () => {
    readiness = () => Promise.resolve(false);
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  test('/readyz is 200 when ready', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  test('/readyz is a 503 not-ready problem when not ready, or when the check fails', async () => {
    readiness = () => Promise.resolve(false);
    await problemOf(await fetch(`${base}/readyz`), 503, 'not-ready');
    readiness = () => Promise.reject(new Error('store closed'));
    await problemOf(await fetch(`${base}/readyz`), 503, 'not-ready');
  });
});

describe('JSON answers', () => {
  test('are written as text (never a Buffer), as UTF-8 JSON of their stated length; HEAD gives the headers alone', async () => {
    endedWith.length = 0;
    const response = await fetch(`${base}/api/long`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(endedWith).toEqual(['string']);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    const text = bytes.toString('utf8');
    // The dashes are three bytes each: a length counted in characters would cut the answer short.
    expect(bytes.length).toBeGreaterThan(text.length);
    expect((JSON.parse(text) as { items: string[] }).items[199]).toBe('item 199 – due Monday');

    const head = await fetch(`${base}/api/long`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(response.headers.get('content-length'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  test('an answer of nothing is an empty body', async () => {
    const response = await fetch(`${base}/api/nothing`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('0');
    expect(await response.text()).toBe('');
  });

  test('a type the route set stands, with UTF-8 named', async () => {
    const response = await fetch(`${base}/api/typed`);
    expect(response.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    expect(await response.json()).toEqual({ type: 'Point', coordinates: [-0.1, 51.5] });
  });

  test('a problem is UTF-8 problem+json of its stated length', async () => {
    const response = await fetch(`${base}/api/cases/C-1`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ code: 'case-not-found' });
  });
});

describe('request bodies', () => {
  test('a valid strict body reaches the route', async () => {
    const response = await postJson('/api/notes', JSON.stringify({ caseId: 'C-1042', text: 'hi' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ caseId: 'C-1042', length: 2 });
  });

  test('malformed JSON is a 400 malformed-json problem that echoes nothing, in the response or the log', async () => {
    const sent = `{"caseId":"C-1042","childName":"${CHILD_NAME}",`;
    const response = await postJson('/api/notes', sent);
    const text = await response.clone().text();
    const body = await problemOf(response, 400, 'malformed-json');
    expect(body.detail).toBe('The request body is not valid JSON.');
    expect(text).not.toContain('Jane');
    expect(text).not.toContain('childName');
    expect(logLines.join('\n')).not.toContain('Jane');
  });

  test('a JSON scalar (not an object or array) is malformed for this API', async () => {
    await problemOf(await postJson('/api/notes', `"${CHILD_NAME}"`), 400, 'malformed-json');
  });

  test('a body just under 100 KB is accepted', async () => {
    const text = 'x'.repeat(100 * 1024 - 40);
    const response = await postJson('/api/notes', JSON.stringify({ caseId: 'C-1', text }));
    expect(response.status).toBe(201);
  });

  test('a 101 KB body is a 413 body-too-large problem', async () => {
    const text = 'x'.repeat(101 * 1024);
    const body = await problemOf(
      await postJson('/api/notes', JSON.stringify({ caseId: 'C-1', text })),
      413,
      'body-too-large',
    );
    expect(body.detail).toBe('The request body is larger than 102400 bytes.');
  });

  test('text/plain on an /api POST is a 415 problem', async () => {
    const response = await fetch(`${base}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'caseId=C-1042',
    });
    await problemOf(response, 415, 'unsupported-media-type');
  });

  test('a form body on PUT and PATCH is refused the same way', async () => {
    for (const method of ['PUT', 'PATCH']) {
      const response = await fetch(`${base}/api/notes`, {
        method,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'caseId=C-1042',
      });
      await problemOf(response, 415, 'unsupported-media-type');
    }
  });

  test('a POST with no body at all is not a media-type error', async () => {
    const response = await fetch(`${base}/api/acknowledge`, { method: 'POST' });
    expect(response.status).toBe(204);
  });

  test('a charset other than UTF-8 is a 415 problem', async () => {
    const response = await postJson('/api/notes', '{}', {
      'content-type': 'application/json; charset=latin1',
    });
    await problemOf(response, 415, 'unsupported-charset');
  });

  test('a compressed body is a 415 problem', async () => {
    const response = await postJson('/api/notes', '{}', { 'content-encoding': 'gzip' });
    await problemOf(response, 415, 'unsupported-content-encoding');
  });
});

describe('parseBody', () => {
  test('an unknown field is refused with a 400 naming it', async () => {
    const response = await postJson(
      '/api/notes',
      JSON.stringify({ caseId: 'C-1042', text: 'hi', childName: CHILD_NAME }),
    );
    const text = await response.clone().text();
    const body = await problemOf(response, 400, 'invalid-request');
    expect(body.detail).toBe('childName: unknown field');
    expect(body.errors).toEqual([{ path: 'childName', message: 'unknown field' }]);
    expect(text).not.toContain('Jane');
  });

  test('an unknown nested field is named by its full path', async () => {
    const response = await postJson(
      '/api/notes',
      JSON.stringify({ caseId: 'C-1', text: 'hi', meta: { urgent: true, colour: 'red' } }),
    );
    const body = await problemOf(response, 400, 'invalid-request');
    expect(body.errors).toEqual([{ path: 'meta.colour', message: 'unknown field' }]);
  });

  test('a wrong type is a 400 naming the path; every failure is listed', async () => {
    const response = await postJson(
      '/api/notes',
      JSON.stringify({ caseId: 42, text: 'hi', meta: { urgent: 'yes' } }),
    );
    const body = await problemOf(response, 400, 'invalid-request');
    expect(body.detail).toMatch(/^caseId: .*expected string/);
    expect(body.errors!.map((e) => e.path)).toEqual(['caseId', 'meta.urgent']);
  });

  test('an empty JSON body lists every missing field', async () => {
    const body = await problemOf(await postJson('/api/notes', ''), 400, 'invalid-request');
    expect(body.errors!.map((e) => e.path)).toEqual(['caseId', 'text']);
  });

  test('no body at all is reported against the body itself', async () => {
    const response = await fetch(`${base}/api/notes`, { method: 'POST' });
    const body = await problemOf(response, 400, 'invalid-request');
    expect(body.detail).toMatch(/^\(body\): .*expected object/);
  });
});

describe('errors routes raise', () => {
  test('an unknown route is a 404 not-found problem', async () => {
    await problemOf(await fetch(`${base}/api/nowhere`), 404, 'not-found');
    await problemOf(await fetch(`${base}/nowhere`), 404, 'not-found');
  });

  test('an unknown case is a 404 with the route’s code', async () => {
    await problemOf(await fetch(`${base}/api/cases/C-9999`), 404, 'case-not-found');
  });

  test('a forbidden action is a 403', async () => {
    const response = await postJson('/api/cases/C-1042/waive', '{}');
    const body = await problemOf(response, 403, 'obligation-forbidden');
    expect(body.detail).toBe('Only the allocated IRO may do this.');
  });

  test('a version conflict is a 409 carrying its extension members', async () => {
    const body = await problemOf(
      await postJson('/api/cases/C-1042/events', '{}'),
      409,
      'version-conflict',
    );
    expect(body.currentVersion).toBe(7);
  });

  test('a 401 asks for a bearer token', async () => {
    const response = await fetch(`${base}/api/me`);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    await problemOf(response, 401, 'token-missing');
  });

  test.each(['/api/boom', '/api/async-boom'])(
    '%s is a 500 internal-error that reveals nothing, logged with the request id',
    async (path) => {
      const response = await fetch(base + path, { headers: { 'x-request-id': 'req-500-test' } });
      const text = await response.clone().text();
      const body = await problemOf(response, 500, 'internal-error');
      expect(body.requestId).toBe('req-500-test');
      expect(text).not.toMatch(/Jane|database|failure|\/var\/lib|at /);
      const logged = logLines
        .map((l) => JSON.parse(l) as { msg?: string; reqId?: string; err?: { message: string } })
        .find((l) => l.msg === 'unhandled error');
      expect(logged).toMatchObject({ reqId: 'req-500-test' });
      expect(logged?.err?.message).toBeDefined();
    },
  );
});

describe('headers', () => {
  test('security headers are set and Express is not advertised', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('API responses, including problems, are never cached', async () => {
    expect((await fetch(`${base}/api/nowhere`)).headers.get('cache-control')).toBe('no-store');
    const ok = await postJson('/api/notes', JSON.stringify({ caseId: 'C-1', text: 'hi' }));
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });

  test('a well-formed x-request-id is echoed; anything else is replaced', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const odd = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'a b {c}' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

test('each request is logged once with method, path without query, status and duration', async () => {
  await fetch(`${base}/api/cases/C-1042?search=${encodeURIComponent(CHILD_NAME)}`);
  const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestLines = lines.filter((l) => l.msg === 'request');
  expect(requestLines).toHaveLength(1);
  expect(requestLines[0]).toMatchObject({ method: 'GET', path: '/api/cases/C-1042', status: 404 });
  expect(typeof requestLines[0]!.durationMs).toBe('number');
  expect(typeof requestLines[0]!.reqId).toBe('string');
  expect(logLines.join('\n')).not.toMatch(/Jane|search/);
});

test('only production trusts a proxy, and only the configured number of hops', () => {
  const mountNothing = () => undefined;
  const logger = createLogger({ level: 'silent' });
  const ready = () => Promise.resolve(true);
  const local = createApp({ config: loadConfig({}), logger, ready, mount: mountNothing });
  expect(local.get('trust proxy')).toBe(false);
  const production = createApp({
    config: loadConfig({
      LIAISON_MODE: 'production',
      LIAISON_HOST: '0.0.0.0',
      LIAISON_PUBLIC_URL: 'https://liaison.example.gov.uk',
      LIAISON_ENTRA_TENANT_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      LIAISON_ENTRA_CLIENT_ID: '8a0c2d0e-1111-2222-3333-444455556666',
      LIAISON_TEAMS_APP_ID: '5d7e0f0a-1111-2222-3333-444455556666',
      LIAISON_BOT_APP_ID: '0b0b0b0b-1111-2222-3333-444455556666',
      LIAISON_BOT_APP_PASSWORD: 'bot-secret',
      LIAISON_DELIVERY: 'off',
      LIAISON_SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
      LIAISON_ANCHOR_FILE: '/var/liaison/anchors.log',
    }),
    logger,
    ready,
    mount: mountNothing,
  });
  expect(production.get('trust proxy')).toBe(1);
});
