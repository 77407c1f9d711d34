/** Configuration of Graph change notifications: an https address, a long secret, never logged. */
import { problemsOf } from '../../../support/config-problems';
import { describeConfig, loadConfig } from '../../../../server/config';

const TENANT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const CLIENT = '8a0c2d0e-1111-2222-3333-444455556666';
const SECRET = 'Zq3vN8pX1rT6yB0mK4sW9dF2hJ7lC5gA';
const GRAPH = {
  LIAISON_GRAPH_TENANT_ID: TENANT,
  LIAISON_GRAPH_CLIENT_ID: CLIENT,
  LIAISON_GRAPH_CLIENT_SECRET: 'graph-secret',
};
const NOTIFICATIONS = {
  ...GRAPH,
  LIAISON_GRAPH_NOTIFICATION_URL: 'https://liaison.council.example.gov.uk/api/graph/notifications',
  LIAISON_GRAPH_NOTIFICATION_SECRET: SECRET,
};
const PRODUCTION = {
  ...NOTIFICATIONS,
  LIAISON_MODE: 'production',
  LIAISON_HOST: '0.0.0.0',
  LIAISON_PORT: '8080',
  LIAISON_PUBLIC_URL: 'https://liaison.council.example.gov.uk',
  LIAISON_ENTRA_TENANT_ID: TENANT,
  LIAISON_ENTRA_CLIENT_ID: CLIENT,
  LIAISON_TEAMS_APP_ID: '5d7e0f0a-1111-2222-3333-444455556666',
  LIAISON_BOT_APP_ID: '0b0b0b0b-1111-2222-3333-444455556666',
  LIAISON_BOT_APP_PASSWORD: 'bot-secret',
  LIAISON_MAIL_FROM: 'iro-liaison@council.example.gov.uk',
  LIAISON_SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
  LIAISON_ANCHOR_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
};

test('off unless configured; on with the address and the secret, which is never described', () => {
  expect(loadConfig(GRAPH).graphNotifications).toBeUndefined();
  expect(describeConfig(loadConfig(GRAPH))).toMatchObject({ graphNotifications: 'off' });
  const config = loadConfig(PRODUCTION);
  expect(config.graphNotifications).toEqual({
    url: 'https://liaison.council.example.gov.uk/api/graph/notifications',
    secret: SECRET,
  });
  expect(describeConfig(config)).toMatchObject({
    graphNotifications: {
      url: 'https://liaison.council.example.gov.uk/api/graph/notifications',
      secret: 'set',
    },
  });
  expect(JSON.stringify(describeConfig(config))).not.toContain(SECRET);
});

test('the address needs the secret, and the secret the address', () => {
  expect(problemsOf({ ...NOTIFICATIONS, LIAISON_GRAPH_NOTIFICATION_SECRET: undefined })).toEqual([
    'LIAISON_GRAPH_NOTIFICATION_SECRET: required when LIAISON_GRAPH_NOTIFICATION_URL is set (the clientState Graph sends back)',
  ]);
  expect(problemsOf({ ...NOTIFICATIONS, LIAISON_GRAPH_NOTIFICATION_URL: '' })).toEqual([
    'LIAISON_GRAPH_NOTIFICATION_SECRET: has no effect without LIAISON_GRAPH_NOTIFICATION_URL',
  ]);
});

test('the secret is long, printable, and fits in Graph’s clientState', () => {
  for (const secret of ['short-secret', `${'x'.repeat(20)} ${'y'.repeat(20)}`, 'z'.repeat(129)])
    expect(problemsOf({ ...NOTIFICATIONS, LIAISON_GRAPH_NOTIFICATION_SECRET: secret })).toEqual([
      'LIAISON_GRAPH_NOTIFICATION_SECRET: must be 32–128 printable characters without spaces (e.g. openssl rand -base64 48)',
    ]);
});

test('https, except a loopback address locally; and the endpoint’s own path', () => {
  const local = loadConfig({
    ...NOTIFICATIONS,
    LIAISON_GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:3978/api/graph/notifications',
  });
  expect(local.graphNotifications?.url).toBe('http://127.0.0.1:3978/api/graph/notifications');
  const https =
    'LIAISON_GRAPH_NOTIFICATION_URL: must use https (Graph posts only to https; http only for a loopback test service, locally)';
  expect(
    problemsOf({
      ...NOTIFICATIONS,
      LIAISON_GRAPH_NOTIFICATION_URL: 'http://liaison.example/api/graph/notifications',
    }),
  ).toEqual([https]);
  expect(
    problemsOf({
      ...PRODUCTION,
      LIAISON_GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:3978/api/graph/notifications',
    }),
  ).toEqual([https]);
  expect(
    problemsOf({
      ...NOTIFICATIONS,
      LIAISON_GRAPH_NOTIFICATION_URL: 'https://liaison.council.example.gov.uk',
    }),
  ).toEqual([
    'LIAISON_GRAPH_NOTIFICATION_URL: must be the public address of /api/graph/notifications (e.g. https://liaison.council.gov.uk/api/graph/notifications)',
  ]);
});

test('only with Graph and mailbox signals', () => {
  expect(
    problemsOf({
      LIAISON_GRAPH_NOTIFICATION_URL: NOTIFICATIONS.LIAISON_GRAPH_NOTIFICATION_URL,
      LIAISON_GRAPH_NOTIFICATION_SECRET: SECRET,
    }),
  ).toEqual([
    'LIAISON_GRAPH_NOTIFICATION_URL: has no effect without LIAISON_GRAPH_CLIENT_ID',
    'LIAISON_GRAPH_NOTIFICATION_SECRET: has no effect without LIAISON_GRAPH_CLIENT_ID',
  ]);
  expect(problemsOf({ ...NOTIFICATIONS, LIAISON_MAIL_SIGNALS: 'off' })).toEqual([
    "LIAISON_GRAPH_NOTIFICATION_URL: has no effect while LIAISON_MAIL_SIGNALS is 'off'",
  ]);
});
