/**
 * Every command on the store of record: with `LIAISON_STORE=sharepoint`, `people:import`, `seed`
 * and `audit:verify` read and write the SharePoint site (here the Graph double) — never a stray
 * local database — and what they audit is sealed with the server's key.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as auditVerify } from '../../../scripts/audit-verify';
import { main as peopleImport } from '../../../scripts/people-import';
import { main as seed } from '../../../server/demo/seed';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

jest.setTimeout(60_000);

let double: GraphDouble;
let env: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

beforeEach(async () => {
  double.reset();
  await provisionSite(graphClientFor(double), double.siteId);
  dataDir = join(mkdtempSync(join(tmpdir(), 'liaison-sp-commands-')), 'data');
  env = {
    LIAISON_STORE: 'sharepoint',
    LIAISON_SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/liaison',
    LIAISON_GRAPH_TENANT_ID: double.tenantId,
    LIAISON_GRAPH_CLIENT_ID: double.clientId,
    LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_MAIL_SIGNALS: 'off',
    LIAISON_DATA_DIR: dataDir,
    LIAISON_LOG_LEVEL: 'silent',
  };
});

const site = () =>
  connectSharePointStore(graphClientFor(double), double.siteId, { now: () => Date.now() });

function capture() {
  const out = {
    text: '',
    write(t: string) {
      out.text += t;
      return true;
    },
  };
  return out;
}

const CSV = [
  'id,displayName,email,entraObjectId,roles,teams',
  'hos.evans,Pat Evans,pat.evans@council.example,11111111-2222-4333-8444-555555555555,head-of-service,north',
  'iro.patel,Sam Patel,sam.patel@council.example,0f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b,iro,north',
].join('\n');

test('people:import loads people onto the SharePoint site, sealed, and writes no local database', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'liaison-csv-')), 'people.csv');
  writeFileSync(file, CSV);

  const dry = capture();
  expect(await peopleImport([file, '--dry-run'], dry, capture(), env)).toBe(0);
  expect(dry.text).toContain('would add 2');
  expect(await (await site()).people()).toEqual([]);

  const out = capture();
  expect(await peopleImport([file], out, capture(), env)).toBe(0);
  expect(out.text).toContain('on the SharePoint site contoso.sharepoint.com:/sites/liaison');
  const store = await site();
  expect((await store.people()).map((p) => p.id).sort()).toEqual(['hos.evans', 'iro.patel']);
  expect(await store.personByEntraObjectId('11111111-2222-4333-8444-555555555555')).toMatchObject({
    id: 'hos.evans',
    roles: ['head-of-service'],
  });
  const audit = await store.readAudit(0, 100);
  expect(audit.at(-1)).toMatchObject({ action: 'people.imported' });
  expect(audit.at(-1)!.hash).toMatch(/^hmac-[0-9a-f]{8}:/);
  expect(existsSync(join(dataDir, 'liaison.db'))).toBe(false);

  // Again: nothing changes, and it says so.
  const again = capture();
  expect(await peopleImport([file], again, capture(), env)).toBe(0);
  expect(again.text).toContain('added 0, changed 0');
});

test('seed and audit:verify work on the SharePoint site', async () => {
  const out = capture();
  await seed(env, out);
  expect(out.text).toContain('into the SharePoint site contoso.sharepoint.com:/sites/liaison');
  expect((await (await site()).people()).length).toBeGreaterThan(5);
  expect(existsSync(join(dataDir, 'liaison.db'))).toBe(false);

  const verified = capture();
  expect(await auditVerify([], verified, verified, env)).toBe(0);
  expect(verified.text).toMatch(
    /Checked the SharePoint site contoso\.sharepoint\.com:\/sites\/liaison: \d+ audit entries; [1-9]\d* events/,
  );
  expect(verified.text).toContain('audit trail intact');
});
