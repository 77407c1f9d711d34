/**
 * A council from an empty SharePoint site to its first people signing in, as the README's
 * deployment guide walks an IT administrator through it: provision the lists, import the people
 * from the Entra groups the council already keeps (`people:import --groups`), and the Head of
 * Service's Teams token opens the people admin API. Graph and Entra are the Graph double (groups,
 * members, permissions) and a real OIDC issuer on loopback (oauth2-mock-server).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { OAuth2Server } from 'oauth2-mock-server';
import { main as peopleImport } from '../../../scripts/people-import';
import { authenticate, createEntraVerifier } from '../../../server/auth';
import { problemHandler } from '../../../server/http/problem';
import { createLogger } from '../../../server/logging';
import { peopleRoutes } from '../../../server/http/routes/people';
import { composeCases } from '../../../server/cases/cases';
import { engineSettings } from '../../support/delivery-world';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

jest.setTimeout(60_000);

const TENANT = '4d0c8f4e-1b52-4c7a-9a5e-0d7a1c3b2e61';
const CLIENT_ID = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const SECRET = 'the-app-secret~for-the-double';
const ALL = ['Sites.ReadWrite.All', 'GroupMember.Read.All', 'User.Read.All'];

let double: GraphDouble;
let oidc: OAuth2Server;
let dir: string;

beforeAll(async () => {
  double = await GraphDouble.start({
    tenantId: TENANT,
    retryAfterSeconds: 0,
    apps: [
      { clientId: CLIENT_ID, clientSecret: SECRET, roles: ALL },
      { clientId: `${CLIENT_ID.slice(0, -1)}0`, clientSecret: SECRET, roles: ALL.slice(0, 2) },
      {
        clientId: `${CLIENT_ID.slice(0, -1)}1`,
        clientSecret: SECRET,
        roles: ['Sites.ReadWrite.All'],
      },
    ],
  });
  oidc = new OAuth2Server();
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, '127.0.0.1');
});
afterAll(async () => {
  await double.close();
  await oidc.stop();
});

/** The council's directory: groups it already keeps, one nested, one account disabled. */
let ids: Record<
  | 'evans'
  | 'patel'
  | 'smith'
  | 'gray'
  | 'jones'
  | 'rivers'
  | 'hos'
  | 'iros'
  | 'managers'
  | 'legal'
  | 'guardians',
  string
>;
beforeEach(async () => {
  double.reset();
  dir = mkdtempSync(join(tmpdir(), 'liaison-bootstrap-'));
  const d = double.directory;
  const user = (displayName: string, mail: string | null, upn = mail!) =>
    d.addUser({ displayName, mail, userPrincipalName: upn });
  const evans = user('Pat Evans', 'Pat.Evans@council.example');
  const patel = user('Sam Patel', 'sam.patel@council.example');
  const smith = user('Ivy Smith', 'ivy.smith@council.example');
  const gray = d.addUser({
    displayName: 'Dana Gray',
    mail: 'dana.gray@council.example',
    userPrincipalName: 'dana.gray@council.example',
    accountEnabled: false,
  });
  const jones = user('Alex Jones', 'alex.jones@council.example');
  const rivers = user(
    'Jo Rivers',
    'jo.rivers@cafcass.example',
    'jo.rivers_cafcass.example#EXT#@council.onmicrosoft.com',
  );
  const managers = d.addGroup({ displayName: 'IRO Managers', members: [smith] });
  ids = {
    evans,
    patel,
    smith,
    gray,
    jones,
    rivers,
    hos: d.addGroup({ displayName: 'Head of Service', members: [evans] }),
    iros: d.addGroup({ displayName: 'IRO Service', members: [patel, gray, managers] }),
    managers,
    legal: d.addGroup({ displayName: 'Legal North', members: [jones] }),
    guardians: d.addGroup({ displayName: 'Cafcass guests', members: [rivers] }),
  };
  await provisionSite(graphClientFor(double), double.siteId);
});

function env(clientId = CLIENT_ID): Record<string, string> {
  return {
    LIAISON_STORE: 'sharepoint',
    LIAISON_SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/liaison',
    LIAISON_GRAPH_TENANT_ID: TENANT,
    LIAISON_GRAPH_CLIENT_ID: clientId,
    LIAISON_GRAPH_CLIENT_SECRET: SECRET,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_MAIL_SIGNALS: 'off',
    LIAISON_DATA_DIR: join(dir, 'data'),
    LIAISON_LOG_LEVEL: 'silent',
  };
}

function groupsFile(rows: string[]): string {
  const file = join(dir, 'groups.csv');
  writeFileSync(file, ['group,roles,teams', ...rows].join('\n'));
  return file;
}

const standardGroups = () =>
  groupsFile([
    `${ids.hos},head-of-service,north;south`,
    `${ids.iros},iro,north`,
    `${ids.managers},iro-team-manager,north;south`,
    `${ids.legal},lawyer,north`,
    `${ids.guardians},guardian,`,
  ]);

async function run(argv: string[], clientId?: string) {
  let out = '';
  let err = '';
  const code = await peopleImport(
    argv,
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
    env(clientId),
  );
  return { code, out, err };
}

const site = () =>
  connectSharePointStore(graphClientFor(double), double.siteId, { now: () => Date.now() });

/** The people admin API behind Teams sign-in, on the site's directory. */
async function adminApi(store: Store): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(express.json());
  const entra = createEntraVerifier({
    tenantId: TENANT,
    audience: [CLIENT_ID],
    issuer: oidc.issuer.url ?? '',
    jwksUri: `http://127.0.0.1:${oidc.address().port}/jwks`,
  });
  app.use('/api', authenticate({ entra, directory: store }));
  app.use(
    peopleRoutes({
      picker: {
        cases: composeCases(store, store, engineSettings(), { now: () => Date.now() }),
        store,
      },
      directory: store,
      absence: { store, clock: { now: () => Date.now() } },
    }),
  );
  app.use(problemHandler(createLogger({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const tokenFor = (oid: string) =>
  oidc.issuer.buildToken({
    expiresIn: 3600,
    scopesOrTransform: (_h, p) =>
      Object.assign(p, { aud: CLIENT_ID, tid: TENANT, oid, scp: 'access_as_user', ver: '2.0' }),
  });

test('from an empty site to the Head of Service signing in, through the groups the council keeps', async () => {
  const file = standardGroups();

  const dry = await run(['--groups', file, '--dry-run']);
  expect(dry.err).toBe('');
  expect(dry.code).toBe(0);
  expect(dry.out).toContain('leave out Dana Gray: their account is disabled in Entra');
  expect(dry.out).toContain('dry run, nothing written: would add 5, change 0');
  expect(await (await site()).people()).toEqual([]);

  const done = await run(['--groups', file, '--by', 'it.admin']);
  expect(done.err).toBe('');
  expect(done.code).toBe(0);
  expect(done.out).toContain('add pat.evans: Pat Evans; roles head-of-service; teams north;south');
  expect(done.out).toContain('added 5, changed 0, unchanged 0 on the SharePoint site');
  const store = await site();
  const people = await store.people();
  expect(people.map((p) => [p.id, p.displayName, p.roles, p.teams, p.entraObjectId])).toEqual(
    expect.arrayContaining([
      ['pat.evans', 'Pat Evans', ['head-of-service'], ['north', 'south'], ids.evans],
      ['sam.patel', 'Sam Patel', ['iro'], ['north'], ids.patel],
      // In a group nested in IRO Service, and in IRO Managers itself: both roles, every team.
      ['ivy.smith', 'Ivy Smith', ['iro', 'iro-team-manager'], ['north', 'south'], ids.smith],
      ['alex.jones', 'Alex Jones', ['lawyer'], ['north'], ids.jones],
      ['jo.rivers', 'Jo Rivers', ['guardian'], [], ids.rivers],
    ]),
  );
  expect(people).toHaveLength(5);
  const audit = await store.readAudit(0, 100);
  expect(audit.at(-1)).toMatchObject({
    action: 'people.imported',
    actor: { personId: 'it.admin', surface: 'import', origin: `people:import --groups ${file}` },
  });
  expect(existsSync(join(dir, 'data', 'liaison.db'))).toBe(false);

  // The Head of Service signs in with their Teams token and manages people from here on.
  const api = await adminApi(store);
  try {
    const res = await fetch(`${api.url}/api/admin/people`, {
      headers: { Authorization: `Bearer ${await tokenFor(ids.evans)}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { people: unknown[] }).people).toHaveLength(5);
    // Dana Gray, left out, is not let in.
    const gray = await fetch(`${api.url}/api/admin/people`, {
      headers: { Authorization: `Bearer ${await tokenFor(ids.gray)}` },
    });
    expect(gray.status).toBe(403);
  } finally {
    api.server.close();
  }

  // Again: nothing changes. Then Sam Patel joins Legal North in Entra: the next run says so.
  expect((await run(['--groups', file])).out).toContain('added 0, changed 0, unchanged 5');
  double.directory.addMember(ids.legal, ids.patel);
  const moved = await run(['--groups', file]);
  expect(moved.out).toContain('change sam.patel: roles iro → iro;lawyer');
  expect(moved.out).toContain('added 0, changed 1, unchanged 4');
});

test('a newcomer whose id is taken gets the next free one; someone already known keeps theirs', async () => {
  const store = await site();
  // Loaded earlier from a people file, under ids of the council's choosing.
  await store.upsertPerson({
    id: 'iro.patel',
    displayName: 'Sam Patel',
    roles: ['iro'],
    teams: ['north'],
    entraObjectId: ids.patel,
  });
  await store.upsertPerson({
    id: 'alex.jones',
    displayName: 'Alex Jones (left)',
    roles: ['lawyer'],
    teams: ['north'],
  });

  const r = await run(['--groups', standardGroups()]);

  expect(r.code).toBe(0);
  const people = await (await site()).people();
  expect(people.find((p) => p.entraObjectId === ids.patel)!.id).toBe('iro.patel');
  expect(people.find((p) => p.entraObjectId === ids.jones)!.id).toBe('alex.jones-2');
  expect(r.out).toContain('1 person in the store is not in the groups and was left as they are');
});

test('says which permission the app lacks, and writes nothing', async () => {
  const file = standardGroups();
  const withoutUsers = await run(['--groups', file], `${CLIENT_ID.slice(0, -1)}0`);
  expect(withoutUsers.code).toBe(2);
  expect(withoutUsers.err).toContain('needs the application permission User.Read.All');

  const withoutGroups = await run(['--groups', file], `${CLIENT_ID.slice(0, -1)}1`);
  expect(withoutGroups.code).toBe(2);
  expect(withoutGroups.err).toContain('needs the application permission GroupMember.Read.All');
  expect(await (await site()).people()).toEqual([]);
});

test('names the line of a group Entra does not have, and of a row that is wrong, writing nothing', async () => {
  const unknown = await run([
    '--groups',
    groupsFile([
      `${ids.hos},head-of-service,north`,
      '6f1c2a9e-5d4b-4c3a-9e8f-7a6b5c4d3e2f,iro,north',
    ]),
  ]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain(
    'groups.csv:3 group: no Entra group has the object id 6f1c2a9e-5d4b-4c3a-9e8f-7a6b5c4d3e2f',
  );

  const wrong = await run([
    '--groups',
    groupsFile(['IRO Service,iro,north', `${ids.legal},judge,north`, `${ids.hos},lawyer,`]),
  ]);
  expect(wrong.code).toBe(2);
  expect(wrong.err).toContain(
    "groups.csv:2 group: 'IRO Service' is not a group's object id (a GUID)",
  );
  expect(wrong.err).toMatch(/groups\.csv:3 roles: .*must be one of/);
  expect(wrong.err).toContain('groups.csv:4 teams: must name at least one team');
  expect(await (await site()).people()).toEqual([]);
});

test('without Graph settings, --groups says what to set', async () => {
  const file = standardGroups();
  let err = '';
  const code = await peopleImport(
    ['--groups', file],
    { write: () => true },
    { write: (t: string) => (err += t) },
    { LIAISON_DATA_DIR: join(dir, 'data'), LIAISON_LOG_LEVEL: 'silent' },
  );
  expect(code).toBe(2);
  expect(err).toContain('--groups reads the groups through Microsoft Graph');
});
