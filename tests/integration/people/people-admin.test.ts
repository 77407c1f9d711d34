/**
 * The people admin API over real HTTP: the app, dev sign-in and authentication as in production
 * wiring, a real SQLite file with the demo people, and the audit trail read back afterwards.
 */
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticate, createDevSignIn, devSignInRouter } from '../../../server/auth';
import { loadConfig } from '../../../server/config';
import { DEMO_PEOPLE, seedDemo } from '../../../server/demo/demo-data';
import { createApp, listen } from '../../../server/http/app';
import { createLogger } from '../../../server/logging';
import { peopleRoutes } from '../../../server/http/routes/people';
import { composeCases } from '../../../server/cases/cases';
import { engineSettings } from '../../support/delivery-world';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import type { Store } from '../../../server/store/open-store';

const NOW = Date.parse('2025-03-03T10:00:00Z');
const OID = '6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F';

let store: Store;
let server: Server;
let url: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-people-admin-'));
  const config = loadConfig({
    LIAISON_PORT: '0',
    LIAISON_DATA_DIR: dataDir,
    LIAISON_LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ level: 'silent' });
  const clock = { now: () => NOW };
  store = openSqliteStore(join(dataDir, 'liaison.db'), clock);
  await seedDemo(store, store, NOW);
  const dev = createDevSignIn({ enabled: config.devSignIn });
  const app = createApp({
    config,
    logger,
    ready: () => Promise.resolve(true),
    mount: (a) => {
      a.use(devSignInRouter(dev, store));
      a.use('/api', authenticate({ dev, directory: store, logger }));
      a.use(
        peopleRoutes({
          picker: { cases: composeCases(store, store, engineSettings(), clock), store },
          directory: store,
          absence: { store, clock: clock },
        }),
      );
    },
  });
  ({ server, url } = await listen(app, config));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
});

async function call(token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    type: res.headers.get('content-type'),
  };
}

async function signIn(personId: string): Promise<string> {
  const res = await call(undefined, 'POST', '/api/dev/sign-in', { personId });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

async function auditSince(seq: number) {
  return (await store.readAudit(seq, 1000)).filter((e) => e.action.startsWith('person'));
}

const lastSeq = async () => (await store.readAudit(0, 100_000)).at(-1)?.seq ?? 0;

test('the Head of Service lists everyone', async () => {
  const token = await signIn('hos.evans');
  const res = await call(token, 'GET', '/api/admin/people');
  expect(res.status).toBe(200);
  const ids = res.body.people.map((p: { id: string }) => p.id);
  expect(ids).toEqual(
    expect.arrayContaining(['hos.evans', 'ppm.lee', 'iro.patel', 'solicitor.ng']),
  );
  expect(res.body.people.find((p: { id: string }) => p.id === 'iro.patel')).toMatchObject({
    displayName: expect.any(String),
    roles: ['iro'],
    teams: ['north'],
  });
  const listed = (await store.readAudit(0, 100_000)).filter((e) => e.action === 'people.listed');
  expect(listed.at(-1)).toMatchObject({ actor: { personId: 'hos.evans', surface: 'api' } });
});

test('the Head of Service changes a person, and the audit trail has before and after', async () => {
  const token = await signIn('hos.evans');
  const since = await lastSeq();
  const res = await call(token, 'PUT', '/api/admin/people/iro.patel', {
    displayName: 'Sam Patel',
    email: 'sam.patel@council.example',
    entraObjectId: OID,
    roles: ['iro', 'iro-team-manager'],
    teams: ['north', 'south'],
  });
  expect(res.status).toBe(200);
  const expected = {
    id: 'iro.patel',
    displayName: 'Sam Patel',
    email: 'sam.patel@council.example',
    entraObjectId: OID.toLowerCase(),
    roles: ['iro', 'iro-team-manager'],
    teams: ['north', 'south'],
  };
  expect(res.body).toEqual(expected);
  expect(await store.person('iro.patel')).toEqual(expected);
  expect(await store.personByEntraObjectId(OID)).toMatchObject({ id: 'iro.patel' });

  const entries = await auditSince(since);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    action: 'person.updated',
    actor: { personId: 'hos.evans', surface: 'api' },
    detail: {
      id: 'iro.patel',
      created: false,
      before: { roles: ['iro'], teams: ['north'] },
      after: { roles: ['iro', 'iro-team-manager'], teams: ['north', 'south'] },
    },
  });
  expect((entries[0]!.detail as { fields: string[] }).fields).toEqual(
    expect.arrayContaining(['displayName', 'entraObjectId', 'roles', 'teams']),
  );
});

test('the Head of Service adds a person from outside the council, with no team', async () => {
  const token = await signIn('hos.evans');
  const res = await call(token, 'PUT', '/api/admin/people/guardian.new', {
    displayName: 'Ngozi New',
    roles: ['guardian'],
    teams: [],
  });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    id: 'guardian.new',
    displayName: 'Ngozi New',
    roles: ['guardian'],
    teams: [],
  });
  const [entry] = (await store.readAudit(0, 100_000)).filter(
    (e) => e.action === 'person.updated' && (e.detail as { id: string }).id === 'guardian.new',
  );
  expect(entry!.detail).toMatchObject({ created: true, before: null });
});

test('anyone else is refused, before the body is even looked at', async () => {
  const token = await signIn('ppm.lee');
  const since = await lastSeq();
  const list = await call(token, 'GET', '/api/admin/people');
  expect(list.status).toBe(403);
  expect(list.type).toContain('application/problem+json');
  expect(list.body.code).toBe('admin-forbidden');
  const put = await call(token, 'PUT', '/api/admin/people/ppm.lee', { nonsense: true });
  expect(put.status).toBe(403);
  expect(put.body.code).toBe('admin-forbidden');
  expect((await store.person('ppm.lee'))!.roles).toEqual(['permanency-progression-manager']);
  expect(await auditSince(since)).toEqual([]);
});

test('without a token the API asks for one', async () => {
  expect((await call(undefined, 'GET', '/api/admin/people')).status).toBe(401);
});

describe('a bad body is refused, naming the field, and changes nothing', () => {
  const valid = { displayName: 'Lee Jones', roles: ['lawyer'], teams: ['north'] };
  const cases: [string, string, unknown, string][] = [
    ['an unknown field', 'lawyer.jones', { ...valid, id: 'lawyer.jones' }, 'id: unknown field'],
    [
      'an unknown role',
      'lawyer.jones',
      { ...valid, roles: ['lawyer', 'admin'] },
      'roles[1]: must be one of iro,',
    ],
    [
      'the court',
      'lawyer.jones',
      { ...valid, roles: ['court'] },
      "roles[0]: 'court' is an addressee",
    ],
    ['no role', 'lawyer.jones', { ...valid, roles: [] }, 'roles: must list at least one role'],
    [
      'no team for staff',
      'lawyer.jones',
      { ...valid, teams: [] },
      'teams: must name at least one team',
    ],
    [
      'a bad e-mail',
      'lawyer.jones',
      { ...valid, email: 'lee@' },
      'email: must be an e-mail address',
    ],
    [
      'a bad object id',
      'lawyer.jones',
      { ...valid, entraObjectId: 'x' },
      'entraObjectId: must be a GUID',
    ],
    ['a bad id in the path', 'lawyer jones!', valid, 'id: must be 1–100 letters'],
    ['no body', 'lawyer.jones', undefined, '(body): '],
  ];
  test.each(cases)('%s', async (_name, id, body, detail) => {
    const token = await signIn('hos.evans');
    const before = await store.person('lawyer.jones');
    const since = await lastSeq();
    const res = await call(token, 'PUT', `/api/admin/people/${encodeURIComponent(id)}`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-request');
    expect(res.body.detail).toContain(detail);
    expect(await store.person('lawyer.jones')).toEqual(before);
    expect(await auditSince(since)).toEqual([]);
  });
});

test('an Entra object id that belongs to someone else is a conflict', async () => {
  const token = await signIn('hos.evans');
  await store.upsertPerson({
    id: 'sw.khan',
    displayName: 'Sal Khan',
    entraObjectId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    roles: ['social-worker'],
    teams: ['north'],
  });
  const res = await call(token, 'PUT', '/api/admin/people/lawyer.obi', {
    displayName: 'Ade Obi',
    entraObjectId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
    roles: ['lawyer'],
    teams: ['south'],
  });
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('entra-object-id-taken');
  // Unchanged: still the demo id it had.
  expect((await store.person('lawyer.obi'))!.entraObjectId).toBe(
    DEMO_PEOPLE.find((p) => p.id === 'lawyer.obi')!.entraObjectId,
  );
});

test('the last Head of Service cannot give up the role', async () => {
  const token = await signIn('hos.evans');
  const res = await call(token, 'PUT', '/api/admin/people/hos.evans', {
    displayName: 'Evans',
    roles: ['principal-lawyer'],
    teams: ['north'],
  });
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('last-head-of-service');
  expect((await store.person('hos.evans'))!.roles).toEqual(['head-of-service']);
});
