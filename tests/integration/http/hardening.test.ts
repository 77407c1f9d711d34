/**
 * The smaller holes, each closed: HSTS in production, a Content-Security-Policy for the tab, a
 * stalled request cut off before authentication, problem details that never quote the client,
 * `/api/messages` answering problem+json without internal addresses, dev sign-in only for a
 * loopback Host and Origin, `/readyz` 503 when the store cannot write, and a private data folder.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { generateKeyPair, SignJWT } from 'jose';
import { openDatabase } from '../../../server/store/sqlite/sqlite-store';
import { sqliteCanWrite } from '../../../server/store/sqlite/write-probe';
import { loadConfig } from '../../../server/config';
import { createApp, listen, REQUEST_TIMEOUTS } from '../../../server/http/app';
import { botEndpoint } from '../../../server/http/bot-endpoint';
import { createLogger } from '../../../server/logging';
import { startTestServer, type TestServer } from '../../support/running-server';

const logger = createLogger({ level: 'silent' });
const ready = () => Promise.resolve(true);

let server: TestServer;
let lawyer: string;
beforeAll(async () => {
  server = await startTestServer('2024-03-12T09:00:00Z');
  lawyer = await server.signIn('lawyer.jones');
});
afterAll(async () => server.close());

test('HSTS in production only', async () => {
  const production = loadConfig({
    LIAISON_MODE: 'production',
    LIAISON_HOST: '127.0.0.1',
    LIAISON_PORT: '1',
    LIAISON_PUBLIC_URL: 'https://liaison.example.gov.uk',
    LIAISON_ENTRA_TENANT_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    LIAISON_ENTRA_CLIENT_ID: '8a0c2d0e-1111-2222-3333-444455556666',
    LIAISON_TEAMS_APP_ID: '5d7e0f0a-1111-2222-3333-444455556666',
    LIAISON_BOT_APP_ID: '0b0b0b0b-1111-2222-3333-444455556666',
    LIAISON_BOT_APP_PASSWORD: 'bot-secret',
    LIAISON_DELIVERY: 'off',
    LIAISON_SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
    LIAISON_ANCHOR_FILE: '/var/liaison/anchors.log',
  });
  const app = createApp({ config: production, logger, ready, mount: () => undefined });
  const { server: http, url } = await listen(app, {
    ...production,
    http: { ...production.http, port: 0 },
  });
  try {
    const res = await fetch(`${url}/healthz`);
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  } finally {
    http.close();
  }
  expect(
    (await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security'),
  ).toBeNull();
});

test("the tab's page may load only its own files and API", async () => {
  const csp = (await fetch(`${server.url}/tab/`)).headers.get('content-security-policy') ?? '';
  expect(csp.split('; ')).toEqual(
    expect.arrayContaining([
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self' https://res.cdn.office.net",
      "object-src 'none'",
      "base-uri 'none'",
    ]),
  );
  expect(csp).toMatch(/frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
});

describe('a request that stalls is cut off before it reaches authentication', () => {
  test('the server allows 10 s for headers and 30 s for the whole request', async () => {
    expect(REQUEST_TIMEOUTS).toMatchObject({ headersMs: 10_000, requestMs: 30_000 });
    const config = loadConfig({ LIAISON_PORT: '0', LIAISON_LOG_LEVEL: 'silent' });
    const { server: http } = await listen(express(), config);
    expect(http.headersTimeout).toBe(10_000);
    expect(http.requestTimeout).toBe(30_000);
    http.close();
  });

  test('a body declared as 5 MB of which 12 bytes come is dropped within the time allowed', async () => {
    const config = loadConfig({ LIAISON_PORT: '0', LIAISON_LOG_LEVEL: 'silent' });
    const app = createApp({ config, logger, ready, mount: () => undefined });
    const { server: http, url } = await listen(app, config, {
      headersMs: 500,
      requestMs: 1_000,
      checkEveryMs: 100,
    });
    const { port } = new URL(url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{"case":1234',
        );
      });
      socket.on('data', (d) => (text += String(d)));
      socket.on('close', () => resolve(text));
    });
    const took = Date.now() - started;
    http.close();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(took).toBeLessThan(3_000);
  });
});

test('problem details never quote what the client sent', async () => {
  const name = 'Zebedee Quuxworth';
  const answers = [
    await server.call(lawyer, 'POST', '/api/cases/C-1001/iro-alert', { filingDue: name }),
    await server.call(lawyer, 'POST', '/api/cases/C-1001/iro-alert/preview', { filingDue: name }),
    await server.call(lawyer, 'POST', '/api/cases', {
      case: {
        id: 'C-4999',
        childRef: 'LCS-4999',
        childInitials: 'Z.Q.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal'],
      },
      team: name,
    }),
    await server.call(
      lawyer,
      'POST',
      `/api/obligations/${encodeURIComponent('C-1001:order-notice-to-iro-service')}/acknowledge`,
      { at: name },
    ),
  ];
  for (const a of answers) {
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(a.body)).not.toContain('Zebedee');
  }
});

describe('/api/messages answers as the API does', () => {
  test('a body that is not an activity is problem+json', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'invalid-activity' });
  });

  test('an activity the schema refuses is problem+json, not a failed turn', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'help', conversation: { id: '', name: '' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-activity' });
  });

  test("the adapter's own failure never shows its internal addresses", async () => {
    const app = express();
    app.use(express.json());
    app.post(
      '/api/messages',
      botEndpoint(async (_req, res) => {
        res.status(500);
        res.send(
          'getaddrinfo ENOTFOUND login.botframework.com at https://login.botframework.com/v1/.well-known/openidconfiguration',
        );
        res.end();
        return Promise.resolve();
      }, logger),
    );
    const config = loadConfig({ LIAISON_PORT: '0', LIAISON_LOG_LEVEL: 'silent' });
    const { server: http, url } = await listen(app, config);
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello' }),
    });
    const text = await res.text();
    http.close();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(text).not.toMatch(/botframework|ENOTFOUND|getaddrinfo/);
  });
});

describe('dev sign-in only for a loopback Host and Origin', () => {
  /** Over node:http, which sends the Host it is given (fetch sets its own). */
  const signIn = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/api/dev/sign-in`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ personId: 'lawyer.jones' }));
    });

  test('a page on another name (DNS rebinding) gets nothing', async () => {
    const port = new URL(server.url).port;
    expect(await signIn({ Host: `evil.example:${port}` })).toBe(404);
    expect(await signIn({ Origin: 'http://evil.example' })).toBe(404);
  });

  test('this machine signs in, by address or as localhost', async () => {
    const port = new URL(server.url).port;
    expect(await signIn({})).toBe(200);
    expect(await signIn({ Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).toBe(
      200,
    );
  });
});

test('the readiness probe fails while the database cannot grow, and passes once it can', async () => {
  // /readyz answers 503 with Retry-After when the probe fails or throws (tests/integration/http/
  // app.test.ts). Here the probe runs on a database of its own, with no other writer: at its size
  // limit, SQLite refuses to grow it (SQLITE_FULL), as on a full disk.
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'liaison-probe-'));
  const db = openDatabase(join(dir, 'liaison.db'));
  try {
    const canWrite = sqliteCanWrite(db, dir);
    expect(await canWrite()).toBe(true);
    // The file at its limit, with no room left inside it: filled until SQLite refuses another
    // row (whatever size it took the limit to be), so the probe's row cannot fit.
    db.exec('CREATE TABLE filler (x BLOB)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const fill = db.prepare('INSERT INTO filler VALUES (zeroblob(1000))');
    for (let rows = 0; ; rows++) {
      try {
        fill.run();
      } catch (e) {
        if (!/full/i.test(String(e))) throw e;
        break;
      }
      if (rows > 100_000) throw new Error('the database never filled');
    }
    // What it answered, if it did not refuse: said in the failure.
    const outcome = await canWrite().then(
      (ok) => `answered ${ok}`,
      (e: unknown) => String(e),
    );
    expect(outcome).toMatch(/full/i);
    db.pragma('max_page_count = 4294967294');
    expect(await canWrite()).toBe(true);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the data folder is the server’s alone', async () => {
  const mode = (path: string) => statSync(path).mode & 0o777;
  // Something left readable by an earlier version is made private at the next start.
  writeFileSync(join(server.dataDir, 'left-over.txt'), 'x', { mode: 0o644 });
  const again = await startTestServer('2024-03-12T09:00:00Z', {
    LIAISON_DATA_DIR: server.dataDir,
    LIAISON_DELIVERY: 'off',
  });
  await again.close();
  expect(mode(join(server.dataDir, 'left-over.txt'))).toBe(0o600);

  await server.deliver();
  expect(mode(server.dataDir)).toBe(0o700);
  for (const f of readdirSync(server.dataDir).filter((f) => f.startsWith('liaison.db')))
    expect([f, mode(join(server.dataDir, f))]).toEqual([f, 0o600]);
  const mail = join(server.dataDir, 'mail');
  expect(mode(mail)).toBe(0o700);
  const messages = readdirSync(mail).filter((f) => f.endsWith('.eml'));
  expect(messages.length).toBeGreaterThan(0);
  for (const f of messages) expect(mode(join(mail, f))).toBe(0o600);
});

describe('/api/messages takes only activities the Bot Service signed', () => {
  const BOT_APP_ID = '0b0b0b0b-1111-2222-3333-444455556666';
  let withBot: TestServer;
  beforeAll(async () => {
    withBot = await startTestServer('2024-03-12T09:00:00Z', {
      LIAISON_BOT_APP_ID: BOT_APP_ID,
      LIAISON_BOT_APP_PASSWORD: 'bot-secret',
      LIAISON_BOT_TENANT_ID: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    });
  });
  afterAll(async () => withBot.close());

  const activity = {
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    from: { id: '29:someone', aadObjectId: '00000000-0000-4000-8000-000000000001' },
    conversation: { id: 'a:conv', conversationType: 'personal' },
    recipient: { id: `28:${BOT_APP_ID}` },
  };
  const post = (headers: Record<string, string>) =>
    fetch(`${withBot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });

  test('without a token: 401, problem+json', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'bot-unauthorized' });
  });

  test('with a token the Bot Service did not sign: 401, naming nothing of ours or theirs', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ serviceurl: activity.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-a-bot-service-key' })
      .setIssuer('https://api.botframework.com')
      .setAudience(BOT_APP_ID)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await post({ Authorization: `Bearer ${forged}` });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ code: 'bot-unauthorized' });
    expect(text).not.toMatch(/botframework|jwks|ENOTFOUND|getaddrinfo/i);
  });

  test('a malformed Authorization header: 401', async () => {
    const res = await post({ Authorization: 'Basic Ym90OnNlY3JldA==' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'bot-unauthorized' });
  });
});
