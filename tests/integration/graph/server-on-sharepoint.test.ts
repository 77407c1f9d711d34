/**
 * The server with `LIAISON_STORE=sharepoint`: the composition root connects to the configured
 * site through Graph (here the Graph double), seeds the demo data there in local mode, and the
 * API reads and writes the SharePoint lists.
 */
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(120_000);

let double: GraphDouble;
let server: TestServer | undefined;
beforeAll(async () => {
  double = await GraphDouble.start();
  await provisionSite(graphClientFor(double), double.siteId);
});
afterAll(async () => {
  await server?.close();
  await double.close();
});

test('the API on SharePoint lists: the demo cases are there, and an event recorded is on the site', async () => {
  server = await startTestServer('2023-05-18T09:00:00+01:00', {
    LIAISON_STORE: 'sharepoint',
    LIAISON_SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/liaison',
    LIAISON_GRAPH_TENANT_ID: double.tenantId,
    LIAISON_GRAPH_CLIENT_ID: double.clientId,
    LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_MAIL_SIGNALS: 'off',
  });
  const lawyer = await server.signIn('lawyer.jones');
  const list = await server.call(lawyer, 'GET', '/api/cases');
  expect(list.status).toBe(200);
  expect(list.body.cases.length).toBeGreaterThan(0);
  const caseId = list.body.cases[0].id as string;
  const before = await server.call(lawyer, 'GET', `/api/cases/${caseId}`);
  const recorded = await server.call(lawyer, 'POST', `/api/cases/${caseId}/events`, {
    event: {
      type: 'hearing.scheduled',
      at: '2023-05-18T08:00:00+01:00',
      hearing: 'IRH',
      on: '2023-07-03',
    },
    expectedVersion: before.body.case.version,
  });
  expect(recorded.status).toBe(201);
  // Read back through a store of its own: the event is on the site, not in this process.
  const other = await connectSharePointStore(graphClientFor(double), double.siteId, {
    now: () => Date.now(),
  });
  expect((await other.readEvents(caseId)).at(-1)!.event).toMatchObject({
    type: 'hearing.scheduled',
  });
  expect(double.stats()).toMatchObject({ thresholdRejections: 0, nonIndexedRejections: 0 });
});
