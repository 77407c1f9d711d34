/** Start-up configuration: safe local defaults, and production refuses anything missing or contradictory. */
import { problemsOf } from '../../support/config-problems';
import { ConfigError, describeConfig, loadConfig, type Config } from '../../../server/config';

const TENANT = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const CLIENT = '8a0c2d0e-1111-2222-3333-444455556666';
const BOT = '0b0b0b0b-1111-2222-3333-444455556666';

/** A bot registration: what any instance reachable beyond loopback needs. */
const BOT_APP = {
  LIAISON_BOT_APP_ID: BOT,
  LIAISON_BOT_APP_PASSWORD: 'bot-secret',
  LIAISON_BOT_TENANT_ID: TENANT,
};

const PRODUCTION = {
  ...BOT_APP,
  LIAISON_MODE: 'production',
  LIAISON_HOST: '0.0.0.0',
  LIAISON_PORT: '8080',
  LIAISON_PUBLIC_URL: 'https://liaison.council.example.gov.uk',
  LIAISON_ENTRA_TENANT_ID: TENANT,
  LIAISON_ENTRA_CLIENT_ID: CLIENT,
  LIAISON_TEAMS_APP_ID: '5d7e0f0a-1111-2222-3333-444455556666',
  LIAISON_GRAPH_TENANT_ID: TENANT,
  LIAISON_GRAPH_CLIENT_ID: CLIENT,
  LIAISON_GRAPH_CERTIFICATE_PATH: '/home/site/graph.pem',
  LIAISON_GRAPH_CERTIFICATE_THUMBPRINT: 'ab'.repeat(32),
  LIAISON_MAIL_FROM: 'iro-liaison@council.example.gov.uk',
  LIAISON_SEAL_KEY: Buffer.alloc(32, 7).toString('base64'),
  LIAISON_ANCHOR_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
};

function variablesOf(env: Record<string, string | undefined>): string[] {
  return problemsOf(env).map((p) => p.split(':')[0]!);
}

describe('local mode (no configuration)', () => {
  const config = loadConfig({});

  test('binds loopback on the Bot Framework port with dev sign-in, demo data and SQLite in ./data', () => {
    expect(config).toMatchObject({
      mode: 'local',
      http: {
        host: '127.0.0.1',
        port: 3978,
        publicUrl: 'http://127.0.0.1:3978',
        trustProxyHops: 0,
      },
      store: { kind: 'sqlite', dataDir: './data' },
      log: { level: 'info' },
      devSignIn: true,
      demoSeed: true,
    });
    expect(config.entra).toBeUndefined();
    expect(config.councilConfigPath).toBeUndefined();
  });

  test('is frozen all the way down', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config as { devSignIn: boolean }).devSignIn = false;
    }).toThrow(TypeError);
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ LIAISON_HOST: '', LIAISON_PORT: ' ' }).http).toMatchObject({
      host: '127.0.0.1',
      port: 3978,
    });
  });

  test('dev sign-in defaults to off when bound beyond loopback, and may be switched off on loopback', () => {
    expect(loadConfig({ ...BOT_APP, LIAISON_HOST: '0.0.0.0' }).devSignIn).toBe(false);
    expect(loadConfig({ LIAISON_HOST: '::1' }).devSignIn).toBe(true);
    expect(loadConfig({ LIAISON_HOST: 'localhost' }).devSignIn).toBe(true);
    expect(loadConfig({ LIAISON_HOST: '127.0.0.2' }).devSignIn).toBe(true);
    expect(loadConfig({ LIAISON_DEV_SIGN_IN: 'off' }).devSignIn).toBe(false);
  });

  test('an IPv6 host gets a bracketed default public URL', () => {
    expect(loadConfig({ LIAISON_HOST: '::1' }).http.publicUrl).toBe('http://[::1]:3978');
  });

  test('port 0 (any free port) is allowed locally for tests; PORT from App Service is a fallback', () => {
    expect(loadConfig({ LIAISON_PORT: '0' }).http.port).toBe(0);
    expect(loadConfig({ PORT: '8181' }).http.port).toBe(8181);
    expect(loadConfig({ PORT: '8181', LIAISON_PORT: '4000' }).http.port).toBe(4000);
  });

  test('Entra is optional locally but both ids are needed together', () => {
    expect(variablesOf({ LIAISON_ENTRA_TENANT_ID: TENANT })).toEqual(['LIAISON_ENTRA_CLIENT_ID']);
    expect(
      loadConfig({ LIAISON_ENTRA_TENANT_ID: TENANT, LIAISON_ENTRA_CLIENT_ID: CLIENT }).entra,
    ).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      audience: [`api://127.0.0.1:3978/${CLIENT}`, CLIENT],
      requiredScope: 'access_as_user',
    });
  });
});

describe('dev sign-in can never be reachable from outside this machine', () => {
  test('on in production is refused, naming the variable', () => {
    expect(problemsOf({ ...PRODUCTION, LIAISON_DEV_SIGN_IN: 'on' })).toEqual([
      expect.stringMatching(/^LIAISON_DEV_SIGN_IN: cannot be 'on' in production/),
    ]);
  });

  test('production is off whatever else is set, and the type says false', () => {
    const config: Config = loadConfig(PRODUCTION);
    expect(config.devSignIn).toBe(false);
    expect(config.demoSeed).toBe(false);
  });

  test('on with a non-loopback host is refused', () => {
    expect(problemsOf({ ...BOT_APP, LIAISON_HOST: '0.0.0.0', LIAISON_DEV_SIGN_IN: 'on' })).toEqual([
      "LIAISON_DEV_SIGN_IN: cannot be 'on' when LIAISON_HOST (0.0.0.0) is not a loopback address",
    ]);
    expect(
      variablesOf({ ...BOT_APP, LIAISON_HOST: '192.168.1.10', LIAISON_DEV_SIGN_IN: 'on' }),
    ).toEqual(['LIAISON_DEV_SIGN_IN']);
  });

  test('on behind a tunnel (loopback bind, public URL elsewhere) is refused; off by default there', () => {
    const tunnel = { ...BOT_APP, LIAISON_PUBLIC_URL: 'https://abc123.uks1.devtunnels.ms' };
    expect(variablesOf({ ...tunnel, LIAISON_DEV_SIGN_IN: 'on' })).toEqual(['LIAISON_DEV_SIGN_IN']);
    expect(loadConfig(tunnel).devSignIn).toBe(false);
  });

  test('a misspelt variable is an error rather than ignored', () => {
    expect(problemsOf({ LIAISON_DEV_SIGNIN: 'off' })).toEqual([
      'LIAISON_DEV_SIGNIN: unknown variable (check the spelling)',
    ]);
  });

  test("anything but 'on' or 'off' is refused", () => {
    expect(problemsOf({ LIAISON_DEV_SIGN_IN: 'true' })).toEqual([
      "LIAISON_DEV_SIGN_IN: must be 'on' or 'off'",
    ]);
  });
});

describe('production mode', () => {
  test('the Teams app id is required: links in cards and emails open the tab inside Teams', () => {
    expect(variablesOf({ ...PRODUCTION, LIAISON_TEAMS_APP_ID: undefined })).toEqual([
      'LIAISON_TEAMS_APP_ID',
    ]);
    expect(variablesOf({ ...PRODUCTION, LIAISON_TEAMS_APP_ID: 'teams' })).toEqual([
      'LIAISON_TEAMS_APP_ID',
    ]);
    expect(loadConfig(PRODUCTION).teamsAppId).toBe('5d7e0f0a-1111-2222-3333-444455556666');
  });

  test('a complete configuration loads', () => {
    const config = loadConfig(PRODUCTION);
    expect(config).toMatchObject({
      mode: 'production',
      http: {
        host: '0.0.0.0',
        port: 8080,
        publicUrl: 'https://liaison.council.example.gov.uk',
        trustProxyHops: 1,
      },
      entra: {
        tenantId: TENANT,
        clientId: CLIENT,
        audience: [`api://liaison.council.example.gov.uk/${CLIENT}`, CLIENT],
        requiredScope: 'access_as_user',
      },
    });
  });

  test('each missing required variable is named', () => {
    for (const name of [
      'LIAISON_HOST',
      'LIAISON_PUBLIC_URL',
      'LIAISON_ENTRA_TENANT_ID',
      'LIAISON_ENTRA_CLIENT_ID',
      'LIAISON_BOT_APP_ID',
    ] as const) {
      const env: Record<string, string | undefined> = { ...PRODUCTION };
      if (name === 'LIAISON_BOT_APP_ID') {
        delete env.LIAISON_BOT_APP_PASSWORD;
        delete env.LIAISON_BOT_TENANT_ID;
      }
      delete env[name];
      expect(variablesOf(env)).toEqual([name]);
      expect(problemsOf(env)[0]).toContain('required in production');
    }
  });

  test('with nothing else set, every missing variable is listed in one error', () => {
    let error: unknown;
    try {
      loadConfig({ LIAISON_MODE: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      'LIAISON_HOST',
      'LIAISON_PUBLIC_URL',
      'LIAISON_ENTRA_TENANT_ID',
      'LIAISON_ENTRA_CLIENT_ID',
      'LIAISON_SEAL_KEY',
      'LIAISON_ANCHOR_CONNECTION_STRING',
    ]) {
      expect(message).toContain(`${name}: required in production`);
    }
  });

  test('the seal key must be 32 random bytes or more, and never appears in the summary', () => {
    expect(problemsOf({ ...PRODUCTION, LIAISON_SEAL_KEY: 'c2hvcnQ=' })).toEqual([
      'LIAISON_SEAL_KEY: must be at least 32 random bytes in base64 (e.g. openssl rand -base64 32)',
    ]);
    const config = loadConfig(PRODUCTION);
    expect(config.audit.sealKey).toEqual({ base64: PRODUCTION.LIAISON_SEAL_KEY });
    expect(JSON.stringify(describeConfig(config))).not.toContain(PRODUCTION.LIAISON_SEAL_KEY);
    expect(config.audit.anchorFile).toBeUndefined();
    expect(config.audit.appInsights?.connectionString).toContain('IngestionEndpoint=https://');
  });

  test('locally the key and the anchors live beside the data folder, never in it', () => {
    expect(loadConfig({ LIAISON_DATA_DIR: '/srv/liaison/data/' }).audit).toEqual({
      sealKey: { file: '/srv/liaison/data-seal.key' },
      anchorFile: '/srv/liaison/data-anchors.log',
    });
  });

  test('an http public URL is refused', () => {
    expect(problemsOf({ ...PRODUCTION, LIAISON_PUBLIC_URL: 'http://liaison.example' })).toEqual([
      'LIAISON_PUBLIC_URL: must use https in production',
    ]);
  });

  test('demo data is refused', () => {
    expect(variablesOf({ ...PRODUCTION, LIAISON_DEMO_SEED: 'on' })).toEqual(['LIAISON_DEMO_SEED']);
  });

  test('port 0 is refused', () => {
    expect(problemsOf({ ...PRODUCTION, LIAISON_PORT: '0' })).toEqual([
      'LIAISON_PORT: must be an integer 1–65535 in production',
    ]);
  });

  test('a custom audience list and scope are honoured', () => {
    const config = loadConfig({
      ...PRODUCTION,
      LIAISON_ENTRA_AUDIENCE: `api://liaison.example/${CLIENT}, ${CLIENT}`,
      LIAISON_ENTRA_REQUIRED_SCOPE: 'Cases.ReadWrite',
      LIAISON_TRUST_PROXY_HOPS: '2',
    });
    expect(config.entra).toMatchObject({
      audience: [`api://liaison.example/${CLIENT}`, CLIENT],
      requiredScope: 'Cases.ReadWrite',
    });
    expect(config.http.trustProxyHops).toBe(2);
  });
});

describe('bad values', () => {
  test.each(['abc', '-1', '65536', '80.5', '99999999'])('LIAISON_PORT=%s is refused', (port) => {
    expect(problemsOf({ LIAISON_PORT: port })).toEqual([
      'LIAISON_PORT: must be an integer 0–65535',
    ]);
  });

  test('the SharePoint store needs Graph and the site; another store is refused', () => {
    expect(problemsOf({ LIAISON_STORE: 'sharepoint' })).toEqual([
      "LIAISON_STORE: 'sharepoint' needs LIAISON_GRAPH_CLIENT_ID (the store is reached through Graph)",
    ]);
    const graph = {
      LIAISON_GRAPH_TENANT_ID: TENANT,
      LIAISON_GRAPH_CLIENT_ID: CLIENT,
      LIAISON_GRAPH_CLIENT_SECRET: 's',
    };
    expect(variablesOf({ ...graph, LIAISON_STORE: 'sharepoint' })).toEqual([
      'LIAISON_SHAREPOINT_SITE',
    ]);
    expect(
      loadConfig({
        ...graph,
        LIAISON_STORE: 'sharepoint',
        LIAISON_SHAREPOINT_SITE: 'council.sharepoint.com:/sites/iro-liaison',
      }).store.kind,
    ).toBe('sharepoint');
    expect(problemsOf({ LIAISON_STORE: 'postgres' })).toEqual([
      "LIAISON_STORE: must be 'sqlite' or 'sharepoint'",
    ]);
  });

  test('multiple problems are all listed, each naming its variable', () => {
    expect(
      variablesOf({
        LIAISON_MODE: 'staging',
        LIAISON_PORT: 'eighty',
        LIAISON_LOG_LEVEL: 'loud',
        LIAISON_ENTRA_CLIENT_ID: 'not-a-guid',
        LIAISON_PUBLIC_URL: 'liaison.example',
        LIAISON_HOST: 'bad host!',
      }).sort(),
    ).toEqual([
      'LIAISON_ENTRA_CLIENT_ID',
      'LIAISON_ENTRA_TENANT_ID', // required with the client id, even though that one is bad
      'LIAISON_HOST',
      'LIAISON_LOG_LEVEL',
      'LIAISON_MODE',
      'LIAISON_PORT',
      'LIAISON_PUBLIC_URL',
    ]);
  });

  test('trusting a proxy is refused in local mode', () => {
    expect(variablesOf({ LIAISON_TRUST_PROXY_HOPS: '1' })).toEqual(['LIAISON_TRUST_PROXY_HOPS']);
  });
});

test('describeConfig is a plain summary fit for a log line', () => {
  const summary = describeConfig(
    loadConfig({ ...PRODUCTION, LIAISON_COUNCIL_CONFIG: '/etc/liaison/council.json' }),
  );
  expect(summary).toMatchObject({
    mode: 'production',
    devSignIn: false,
    store: 'sqlite',
    councilConfig: '/etc/liaison/council.json',
    entra: { tenantId: TENANT, clientId: CLIENT },
  });
  expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
});

describe('the bot registration', () => {
  test('locally on loopback no app id is needed, and the Agents Playground starts', () => {
    const config = loadConfig({});
    expect(config.bot).toEqual({ appType: 'SingleTenant' });
    expect(config.mode === 'local' && config.playground).toBe(true);
    expect(config.delivery).toBe(true);
  });

  test('an empty app id is refused anywhere the bot can be reached from another machine', () => {
    expect(problemsOf({ LIAISON_HOST: '0.0.0.0' })).toEqual([
      'LIAISON_BOT_APP_ID: required unless the server is bound to loopback (an empty app id accepts unsigned messages)',
    ]);
    expect(variablesOf({ LIAISON_PUBLIC_URL: 'https://abc123.uks1.devtunnels.ms' })).toEqual([
      'LIAISON_BOT_APP_ID',
    ]);
  });

  test('a single-tenant bot needs its secret and a tenant; a managed identity must not have a secret', () => {
    expect(problemsOf({ LIAISON_BOT_APP_ID: BOT })).toEqual([
      'LIAISON_BOT_APP_PASSWORD: required for a SingleTenant bot (its client secret)',
      'LIAISON_BOT_TENANT_ID: required (or LIAISON_ENTRA_TENANT_ID) for a single-tenant bot',
    ]);
    expect(
      variablesOf({
        LIAISON_BOT_APP_ID: BOT,
        LIAISON_BOT_APP_TYPE: 'UserAssignedMSI',
        LIAISON_BOT_APP_PASSWORD: 'x',
        LIAISON_BOT_TENANT_ID: TENANT,
      }),
    ).toEqual(['LIAISON_BOT_APP_PASSWORD']);
    expect(variablesOf({ LIAISON_BOT_APP_TYPE: 'MultiTenant' })).toEqual(['LIAISON_BOT_APP_TYPE']);
    expect(
      loadConfig({
        LIAISON_BOT_APP_ID: BOT,
        LIAISON_BOT_APP_TYPE: 'UserAssignedMSI',
        LIAISON_BOT_TENANT_ID: TENANT,
      }).bot,
    ).toEqual({ appId: BOT, appType: 'UserAssignedMSI', tenantId: TENANT });
  });

  test('production takes the tenant from the Entra registration, never runs the Playground, and logs no secret', () => {
    const config = loadConfig({ ...PRODUCTION, LIAISON_BOT_TENANT_ID: undefined });
    expect(config.bot).toEqual({
      appId: BOT,
      appType: 'SingleTenant',
      appPassword: 'bot-secret',
      tenantId: TENANT,
    });
    expect(config.playground).toBe(false);
    expect(JSON.stringify(describeConfig(config))).not.toContain('bot-secret');
    expect(variablesOf({ ...PRODUCTION, LIAISON_PLAYGROUND: 'on' })).toEqual([
      'LIAISON_PLAYGROUND',
    ]);
  });

  test('bot settings without an app id are a mistake, not ignored', () => {
    expect(variablesOf({ LIAISON_BOT_APP_PASSWORD: 'x' })).toEqual(['LIAISON_BOT_APP_PASSWORD']);
  });
});

describe('Microsoft Graph and mail', () => {
  const GRAPH = {
    LIAISON_GRAPH_TENANT_ID: TENANT,
    LIAISON_GRAPH_CLIENT_ID: CLIENT,
    LIAISON_GRAPH_CLIENT_SECRET: 'graph-secret',
  };

  test('locally, without Graph, email goes to files and nothing about Graph is set', () => {
    const config = loadConfig({});
    expect(config.graph).toBeUndefined();
    expect(config.mail).toBeUndefined();
    expect(describeConfig(config)).toMatchObject({
      graph: 'not configured',
      mail: 'local .eml files',
    });
  });

  test('a secret or a certificate, not both and not neither', () => {
    expect(loadConfig(GRAPH).graph).toEqual({
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: 'graph-secret',
      graphUrl: 'https://graph.microsoft.com',
      loginUrl: 'https://login.microsoftonline.com',
    });
    const neither: Record<string, string> = { ...GRAPH };
    delete neither.LIAISON_GRAPH_CLIENT_SECRET;
    expect(variablesOf(neither)).toEqual(['LIAISON_GRAPH_CLIENT_SECRET']);
    expect(
      variablesOf({
        ...GRAPH,
        LIAISON_GRAPH_CERTIFICATE_PATH: '/c.pem',
        LIAISON_GRAPH_CERTIFICATE_THUMBPRINT: 'ab'.repeat(32),
      }),
    ).toEqual(['LIAISON_GRAPH_CLIENT_SECRET']);
    expect(variablesOf({ ...neither, LIAISON_GRAPH_CERTIFICATE_PATH: '/c.pem' })).toEqual([
      'LIAISON_GRAPH_CERTIFICATE_THUMBPRINT',
    ]);
    expect(variablesOf({ ...GRAPH, LIAISON_GRAPH_CERTIFICATE_THUMBPRINT: 'abc' })).toEqual([
      'LIAISON_GRAPH_CERTIFICATE_THUMBPRINT',
    ]);
  });

  test('mailbox signals run with Graph unless switched off, and cannot run without it', () => {
    expect(loadConfig({}).mailSignals).toBe(false);
    expect(loadConfig(GRAPH).mailSignals).toBe(true);
    expect(loadConfig({ ...GRAPH, LIAISON_MAIL_SIGNALS: 'off' }).mailSignals).toBe(false);
    expect(variablesOf({ LIAISON_MAIL_SIGNALS: 'on' })).toEqual(['LIAISON_MAIL_SIGNALS']);
    expect(loadConfig({ LIAISON_MAIL_SIGNALS: 'off' }).mailSignals).toBe(false);
  });

  test('deadlines go into Outlook calendars with Graph unless switched off, and cannot without it', () => {
    expect(loadConfig({}).deadlineCalendars).toBe(false);
    expect(loadConfig(GRAPH).deadlineCalendars).toBe(true);
    expect(describeConfig(loadConfig(GRAPH))).toMatchObject({ deadlineCalendars: true });
    expect(loadConfig({ ...GRAPH, LIAISON_DEADLINE_CALENDARS: 'off' }).deadlineCalendars).toBe(
      false,
    );
    expect(variablesOf({ LIAISON_DEADLINE_CALENDARS: 'on' })).toEqual([
      'LIAISON_DEADLINE_CALENDARS',
    ]);
    expect(loadConfig({ LIAISON_DEADLINE_CALENDARS: 'off' }).deadlineCalendars).toBe(false);
    expect(() => loadConfig({ ...GRAPH, LIAISON_DEADLINE_CALENDARS: 'yes' })).toThrow(
      "LIAISON_DEADLINE_CALENDARS: must be 'on' or 'off'",
    );
  });

  test('Graph settings without the app registration are a mistake, not ignored', () => {
    expect(variablesOf({ LIAISON_MAIL_FROM: 'liaison@council.example.gov.uk' })).toEqual([
      'LIAISON_MAIL_FROM',
    ]);
  });

  test('production needs Graph and a service mailbox while it delivers, and https to both services', () => {
    const noMailbox: Record<string, string> = { ...PRODUCTION };
    delete noMailbox.LIAISON_MAIL_FROM;
    expect(variablesOf(noMailbox)).toEqual(['LIAISON_MAIL_FROM']);
    expect(loadConfig({ ...noMailbox, LIAISON_DELIVERY: 'off' }).mail).toBeUndefined();
    expect(
      variablesOf({ ...PRODUCTION, LIAISON_GRAPH_LOGIN_URL: 'http://127.0.0.1:9999' }),
    ).toEqual(['LIAISON_GRAPH_LOGIN_URL']);
    expect(loadConfig(PRODUCTION).mail).toEqual({ from: 'iro-liaison@council.example.gov.uk' });
    expect(JSON.stringify(describeConfig(loadConfig(PRODUCTION)))).not.toContain('graph.pem');
  });

  test('locally, a loopback test service may be reached over http, nothing else may', () => {
    const config = loadConfig({
      ...GRAPH,
      LIAISON_GRAPH_URL: 'http://127.0.0.1:4010',
      LIAISON_GRAPH_LOGIN_URL: 'http://127.0.0.1:4010/',
    });
    expect(config.graph).toMatchObject({
      graphUrl: 'http://127.0.0.1:4010',
      loginUrl: 'http://127.0.0.1:4010',
    });
    expect(variablesOf({ ...GRAPH, LIAISON_GRAPH_URL: 'http://graph.example' })).toEqual([
      'LIAISON_GRAPH_URL',
    ]);
    expect(JSON.stringify(describeConfig(config))).not.toContain('graph-secret');
  });
});
