/**
 * `npm run sharepoint:provision` as an operator runs it: configuration from the environment (the
 * Graph app registration and the site), the site found by its path, the lists provisioned, and a
 * second run reporting nothing to change.
 */
import { LISTS } from '../../../server/store/sharepoint/schema';
import { UsageError, provision } from '../../../scripts/sharepoint-provision';
import { GraphDouble } from '../../support/graph-double';

let double: GraphDouble;
beforeAll(async () => {
  double = await GraphDouble.start();
});
afterAll(() => double.close());

const env = () => ({
  LIAISON_LOG_LEVEL: 'silent',
  LIAISON_GRAPH_TENANT_ID: double.tenantId,
  LIAISON_GRAPH_CLIENT_ID: double.clientId,
  LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
  LIAISON_GRAPH_URL: double.url,
  LIAISON_GRAPH_LOGIN_URL: double.url,
  LIAISON_SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/liaison',
});

test('provisions the configured site, then finds nothing to change', async () => {
  const first = await provision(env());
  expect(first.siteId).toBe(double.siteId);
  expect(first.created).toEqual(LISTS.map((l) => l.displayName));
  const second = await provision(env());
  expect(second.created).toEqual([]);
  expect(second.columnsAdded).toEqual([]);
  expect(second.unchanged).toEqual(LISTS.map((l) => l.displayName));
});

test('without the site or Graph it says what to set, and a wrong secret fails at Entra', async () => {
  const { LIAISON_SHAREPOINT_SITE: _site, ...noSite } = env();
  void _site;
  await expect(provision(noSite)).rejects.toBeInstanceOf(UsageError);
  await expect(provision({ ...env(), LIAISON_GRAPH_CLIENT_SECRET: 'wrong' })).rejects.toThrow(
    /AADSTS7000215|invalid_client/,
  );
});
