/**
 * Anchors in Application Insights, against a loopback double of its ingestion endpoint (the
 * `/v2.1/track` envelope Microsoft's SDKs send) and of the Log Analytics query API the anchors
 * are read back through (`AppEvents`, with the app's bearer token).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppInsightsAuditAnchor } from '../../../server/audit/anchors';

let server: Server;
let base: string;
const tracked: unknown[] = [];
const queries: { auth?: string; body: { query: string; timespan?: string } }[] = [];
let accept = true;

const body = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text) as unknown;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'POST' && req.url === '/v2.1/track') {
        const items = (await body(req)) as unknown[];
        if (accept) tracked.push(...items);
        res.writeHead(accept ? 200 : 400, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            itemsReceived: items.length,
            itemsAccepted: accept ? items.length : 0,
            errors: [],
          }),
        );
      } else if (req.method === 'POST' && req.url === '/v1/workspaces/ws-1/query') {
        queries.push({
          auth: req.headers.authorization,
          body: (await body(req)) as { query: string },
        });
        const rows = tracked.map((t) => {
          const e = t as {
            time: string;
            data: { baseData: { name: string; properties: Record<string, string> } };
          };
          return [e.time, e.data.baseData.properties.seq, e.data.baseData.properties.seal];
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            tables: [
              {
                name: 'PrimaryResult',
                columns: [
                  { name: 'TimeGenerated', type: 'datetime' },
                  { name: 'Seq', type: 'string' },
                  { name: 'Seal', type: 'string' },
                ],
                rows,
              },
            ],
          }),
        );
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const anchor = () =>
  new AppInsightsAuditAnchor({
    connectionString: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${base}/;LiveEndpoint=${base}/`,
    read: { workspaceId: 'ws-1', token: () => Promise.resolve('reader-token'), queryUrl: base },
  });

test('a head is sent as a custom event and read back in order', async () => {
  const a = anchor();
  await a.anchor({
    seq: 12,
    seal: `hmac-0a1b2c3d:${'a'.repeat(64)}`,
    at: '2026-12-03T10:00:00.000Z',
  });
  await a.anchor({
    seq: 40,
    seal: `hmac-0a1b2c3d:${'b'.repeat(64)}`,
    at: '2026-12-03T11:00:00.000Z',
  });
  expect(tracked[0]).toMatchObject({
    name: 'Microsoft.ApplicationInsights.Event',
    iKey: '00000000-0000-0000-0000-000000000001',
    time: '2026-12-03T10:00:00.000Z',
    data: { baseType: 'EventData', baseData: { ver: 2, name: 'AuditChainHead' } },
  });
  expect(await a.heads()).toEqual([
    { seq: 12, seal: `hmac-0a1b2c3d:${'a'.repeat(64)}`, at: '2026-12-03T10:00:00.000Z' },
    { seq: 40, seal: `hmac-0a1b2c3d:${'b'.repeat(64)}`, at: '2026-12-03T11:00:00.000Z' },
  ]);
  expect(queries[0]).toMatchObject({
    auth: 'Bearer reader-token',
    body: { query: expect.stringContaining("AppEvents | where Name == 'AuditChainHead'") },
  });
});

test('an anchor the service does not accept is an error, not a silent loss', async () => {
  accept = false;
  await expect(
    anchor().anchor({ seq: 41, seal: 'x', at: '2026-12-03T12:00:00.000Z' }),
  ).rejects.toThrow('Application Insights did not accept the anchor (HTTP 400)');
  accept = true;
});

test('without a workspace the anchors are written but not read back here', async () => {
  const writeOnly = new AppInsightsAuditAnchor({
    connectionString: `InstrumentationKey=k;IngestionEndpoint=${base}`,
  });
  expect(await writeOnly.heads()).toBeUndefined();
  expect(writeOnly.where).toBe('Application Insights');
});
