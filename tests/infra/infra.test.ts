/**
 * The deployment as files: infra/azure.bicep, its parameters, the Microsoft 365 Agents Toolkit
 * projects (m365agents.yml, m365agents.local.yml, m365agents.playground.yml, env/) and the App
 * Service start-up script.
 *
 * No Bicep compiler can be installed from the npm registry here, so the template is checked by
 * structure (tests/infra/bicep.ts): every name it uses is declared, brackets balance, params are
 * typed and described, the resources carry the settings the issue asks for. Its app settings are
 * then fed, as App Service would pass them, to the server's own `loadConfig`, so a setting the
 * server would refuse fails here. Where the Azure CLI exists, `az bicep build` and
 * `az deployment group what-if` remain the real check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../server/config';
import {
  declarations,
  objectEntries,
  renderString,
  scan,
  type Declarations,
  type Scan,
} from './bicep';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(ROOT, file));

const BICEP_FILE = 'infra/azure.bicep';
const PARAMETERS_FILE = 'infra/azure.parameters.json';
const AAD_MANIFEST_FILE = 'infra/aad.manifest.json';
const PROJECTS = {
  dev: 'm365agents.yml',
  local: 'm365agents.local.yml',
  playground: 'm365agents.playground.yml',
} as const;
const ENV_FILES = {
  dev: 'env/.env.dev',
  local: 'env/.env.local',
  playground: 'env/.env.playground',
} as const;
/** The newest project schema the released toolkit reads (CLI 1.1.17 reads up to v1.13). */
const SCHEMA_VERSION = 'v1.13';
const APP_PACKAGE = './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip';
const TEAMS_MANIFEST = './appPackage/manifest.json';
/** The placeholders agreed with appPackage/ (its own files are read too once they exist). */
const TEAMS_MANIFEST_PLACEHOLDERS = [
  'TEAMS_APP_ID',
  'APP_VERSION',
  'BOT_ID',
  'BOT_DOMAIN',
  'AAD_APP_CLIENT_ID',
  'TAB_ENDPOINT',
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAMPLE = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '3b1c6a8e-2f4d-4c55-9a1e-6d0f2b7c8e91',
  objectId: 'b6f0e2d4-9c3a-4e1f-8d2b-5a7c9e1f3b60',
  identityClientId: 'e4a1c9d2-7b3f-4a86-b1c5-0d9e8f7a6b54',
  identityTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  thumbprint: 'ab'.repeat(32),
  host: 'iroliaison0039d3.azurewebsites.net',
  vaultUri: 'https://kvexample.vault.azure.net/',
};

// ---------------------------------------------------------------- small readers

function placeholders(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);
}

function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  text.split('\n').forEach((line, n) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(trimmed);
    if (!m) throw new Error(`env line ${n + 1} is not NAME=value: ${line}`);
    values.set(m[1] as string, m[2] as string);
  });
  return values;
}

function substitute(text: string, values: Map<string, string>): string {
  return text.replace(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`no value for \${{${name}}}`);
    return value;
  });
}

/** Enough of .gitignore's rules for the patterns we write: `*`, leading `/`, trailing `/`, `!`. */
function ignoredBy(patternFile: string, file: string): boolean {
  let ignored = false;
  for (const raw of patternFile.split('\n')) {
    let p = raw.trim();
    if (p === '' || p.startsWith('#')) continue;
    const negate = p.startsWith('!');
    if (negate) p = p.slice(1);
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.slice(0, -1);
    const anchored = p.includes('/');
    if (p.startsWith('/')) p = p.slice(1);
    const re = new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}$`,
    );
    const parts = file.split('/');
    const hit = parts.some((_, i) => {
      const isDir = i < parts.length - 1;
      const candidate = anchored ? parts.slice(0, i + 1).join('/') : (parts[i] as string);
      return re.test(candidate) && (!dirOnly || isDir);
    });
    if (hit) ignored = !negate;
  }
  return ignored;
}

type Yaml = Record<string, unknown>;
interface Action {
  uses: string;
  name?: string;
  with?: Yaml;
  writeToEnvironmentFile?: Record<string, string>;
}
const STAGES = ['provision', 'deploy', 'publish'] as const;

function isRecord(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function project(file: string): { doc: Yaml; stages: Record<string, Action[]> } {
  const doc = load(read(file));
  if (!isRecord(doc)) throw new Error(`${file} is not a mapping`);
  const stages: Record<string, Action[]> = {};
  for (const stage of STAGES) {
    const list = doc[stage];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`${file}: ${stage} is not a list`);
    stages[stage] = list.map((item, n) => {
      if (!isRecord(item) || typeof item.uses !== 'string')
        throw new Error(`${file}: ${stage}[${n}] has no 'uses'`);
      return item as unknown as Action;
    });
  }
  return { doc, stages };
}

// ---------------------------------------------------------------- the template

// A syntax error outside the subset stops the whole file here, naming the line.
const bicepSource = read(BICEP_FILE);
const scanned: Scan = scan(bicepSource);
const bicep: Declarations = declarations(bicepSource, scanned);

describe('infra/azure.bicep, by structure (no Bicep compiler installs from npm)', () => {
  test('scans: strings, comments and interpolations end; every bracket closes', () => {
    expect(scanned.closing.size).toBeGreaterThan(0);
    expect(bicep.params.size).toBeGreaterThan(0);
    expect(bicep.resources.size).toBeGreaterThan(0);
  });

  test('every param is typed and described; constraints fit the type and the default', () => {
    const problems: string[] = [];
    for (const p of bicep.params.values()) {
      if (!['string', 'int', 'bool', 'object', 'array'].includes(p.type))
        problems.push(`${p.name}: type '${p.type}'`);
      const description = p.decorators.get('description');
      if (!description || !/^'.{10,}'$/.test(description))
        problems.push(`${p.name}: no @description`);
      for (const d of p.decorators.keys())
        if (
          ![
            'description',
            'allowed',
            'minLength',
            'maxLength',
            'minValue',
            'maxValue',
            'secure',
          ].includes(d)
        )
          problems.push(`${p.name}: unknown decorator @${d}`);
      if ((p.decorators.has('minLength') || p.decorators.has('maxLength')) && p.type !== 'string')
        problems.push(`${p.name}: length limits on a ${p.type}`);
      if ((p.decorators.has('minValue') || p.decorators.has('maxValue')) && p.type !== 'int')
        problems.push(`${p.name}: value limits on a ${p.type}`);
      const allowed = p.decorators.get('allowed');
      if (allowed !== undefined) {
        const values = [...allowed.matchAll(/'([^']*)'/g)].map((m) => `'${m[1]}'`);
        if (values.length === 0) problems.push(`${p.name}: empty @allowed`);
        if (p.defaultText !== undefined && !values.includes(p.defaultText))
          problems.push(`${p.name}: default ${p.defaultText} is not allowed`);
      }
      // A value that is itself a secret must be @secure(); names of secrets (…Name) are not.
      if (/(secret|password|pem)$/i.test(p.name) && !p.decorators.has('secure'))
        problems.push(`${p.name}: a secret without @secure()`);
      if (p.decorators.has('secure') && p.defaultText !== undefined && p.defaultText !== "''")
        problems.push(`${p.name}: @secure() with a default`);
    }
    expect(problems).toEqual([]);
  });

  test('every name used is declared (params, vars, resources), and every param and var is used', () => {
    const declared = new Set([
      ...bicep.params.keys(),
      ...bicep.vars.keys(),
      ...bicep.resources.keys(),
    ]);
    const functions = new Set([
      'resourceGroup',
      'subscription',
      'tenant',
      'uniqueString',
      'guid',
      'subscriptionResourceId',
      'resourceId',
      'union',
      'empty',
      'string',
      'int',
      'bool',
      'concat',
      'format',
      'toLower',
      'toUpper',
      'contains',
      'replace',
      'split',
      'length',
      'first',
      'last',
      'take',
      'skip',
      'uri',
      'environment',
      'coalesce',
      'substring',
      'startsWith',
      'endsWith',
      'trim',
      'json',
    ]);
    const keywords = new Set(['if', 'existing', 'true', 'false', 'null', 'targetScope']);
    const decorators = new Set([
      'description',
      'allowed',
      'minLength',
      'maxLength',
      'minValue',
      'maxValue',
      'secure',
    ]);
    const used = new Set<string>();
    const problems: string[] = [];
    const tokens = scanned.tokens;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (t?.kind !== 'ident') continue;
      const prev = tokens[k - 1];
      const next = tokens[k + 1];
      const lineStart = prev === undefined || prev.kind === 'nl';
      const where = `line ${bicepSource.slice(0, t.at).split('\n').length}`;
      if (lineStart && ['param', 'output'].includes(t.value)) {
        k += 2; // the name, then its type
        continue;
      }
      if (lineStart && ['var', 'resource'].includes(t.value)) {
        k += 1;
        continue;
      }
      if (keywords.has(t.value)) continue;
      if (prev?.kind === 'punct' && (prev.value === '.' || prev.value === '?.')) continue;
      if (prev?.kind === 'punct' && prev.value === '@') {
        if (!decorators.has(t.value)) problems.push(`${where}: unknown decorator @${t.value}`);
        continue;
      }
      if (next?.kind === 'punct' && next.value === '(') {
        if (!functions.has(t.value)) problems.push(`${where}: unknown function ${t.value}()`);
        continue;
      }
      const keyPosition =
        prev === undefined ||
        prev.kind === 'nl' ||
        (prev.kind === 'punct' && ['{', ','].includes(prev.value));
      if (next?.kind === 'punct' && next.value === ':' && keyPosition) continue;
      if (!declared.has(t.value)) problems.push(`${where}: '${t.value}' is not declared`);
      used.add(t.value);
    }
    for (const name of [...bicep.params.keys(), ...bicep.vars.keys()])
      if (!used.has(name)) problems.push(`'${name}' is declared but never used`);
    expect(problems).toEqual([]);
  });

  const resource = (name: string, type: string) => {
    const r = bicep.resources.get(name);
    expect(r?.type).toBe(type);
    return (r as { body: string }).body;
  };

  test('App Service: Linux plan, Node 24 LTS, HTTPS only, TLS 1.2, no FTP, always on, /healthz', () => {
    const plan = resource('plan', 'Microsoft.Web/serverfarms');
    expect(plan).toMatch(/^\s+kind: 'linux'$/m);
    expect(plan).toMatch(/^\s+reserved: true$/m);
    expect(plan).toMatch(/^\s+name: appServiceSku$/m);
    const web = resource('webApp', 'Microsoft.Web/sites');
    for (const line of [
      "kind: 'app,linux'",
      'serverFarmId: plan.id',
      'httpsOnly: true',
      "linuxFxVersion: 'NODE|24-lts'",
      "minTlsVersion: '1.2'",
      "scmMinTlsVersion: '1.2'",
      "ftpsState: 'Disabled'",
      'alwaysOn: true',
      "healthCheckPath: '/healthz'",
      "type: 'UserAssigned'",
      "'${identity.id}': {}",
      'keyVaultReferenceIdentity: identity.id',
      "appCommandLine: 'sh infra/start.sh'",
    ])
      expect(web.split('\n').map((l) => l.trim())).toContain(line);
    // The health check must be a path the server answers (server/http/app.ts).
    expect(read('server/http/app.ts')).toContain("app.get('/healthz'");
  });

  test('the Node the web app runs is one package.json allows and CI tests on', () => {
    const web = resource('webApp', 'Microsoft.Web/sites');
    const major = /linuxFxVersion: 'NODE\|(\d+)-lts'/.exec(web)?.[1];
    expect(major).toBe('24');
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines;
    expect(engines.node.split('||').map((range) => range.trim())).toContain(`^${major}.0.0`);
    // .ci/run runs the whole suite again under a pinned release of that major.
    expect(read('.ci/run')).toMatch(new RegExp(`^NODE_LTS_VERSION=${major}\\.\\d+\\.\\d+$`, 'm'));
  });

  test('a user-assigned identity reads Key Vault; the vault is RBAC-only with purge protection', () => {
    resource('identity', 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const vault = resource('keyVault', 'Microsoft.KeyVault/vaults');
    for (const line of [
      'enableRbacAuthorization: true',
      'enableSoftDelete: true',
      'enablePurgeProtection: true',
    ])
      expect(vault.split('\n').map((l) => l.trim())).toContain(line);
    expect(vault).not.toMatch(/accessPolicies/);
    const grant = resource('identitySecretsUser', 'Microsoft.Authorization/roleAssignments');
    expect(grant).toMatch(/^\s+scope: keyVault$/m);
    expect(grant).toMatch(/^\s+principalId: identity\.properties\.principalId$/m);
    expect(grant).toMatch(/keyVaultSecretsUserRoleId\)$/m);
    expect(bicep.vars.get('keyVaultSecretsUserRoleId')).toBe(
      "'4633458b-17de-408a-b874-0445c86b69e6'",
    );
  });

  test('Application Insights on a Log Analytics workspace', () => {
    resource('logs', 'Microsoft.OperationalInsights/workspaces');
    expect(resource('appInsights', 'Microsoft.Insights/components')).toMatch(
      /^\s+WorkspaceResourceId: logs\.id$/m,
    );
  });

  test('Azure Bot: single tenant by the managed identity, global, Teams and Outlook channels', () => {
    const bot = resource('bot', 'Microsoft.BotService/botServices');
    for (const line of [
      "location: 'global'",
      "msaAppType: 'UserAssignedMSI'",
      'msaAppId: identity.properties.clientId',
      'msaAppMSIResourceId: identity.id',
      'msaAppTenantId: identity.properties.tenantId',
      "endpoint: '${publicUrl}/api/messages'",
    ])
      expect(bot.split('\n').map((l) => l.trim())).toContain(line);
    expect(bicep.vars.get('publicUrl')).toBe("'https://${webApp.properties.defaultHostName}'");
    const channels = [...bicep.resources.values()]
      .filter((r) => r.type === 'Microsoft.BotService/botServices/channels')
      .map((r) => {
        expect(r.body).toMatch(/^\s+parent: bot$/m);
        expect(r.body).toMatch(/^\s+location: 'global'$/m);
        return /channelName: '(\w+)'/.exec(r.body)?.[1];
      });
    expect(channels).toEqual(expect.arrayContaining(['MsTeamsChannel', 'OutlookChannel']));
  });

  test('outputs are strings named after the environment variables they fill', () => {
    const consumers = [
      ...Object.values(PROJECTS).map(read),
      read(PARAMETERS_FILE),
      read(AAD_MANIFEST_FILE),
      TEAMS_MANIFEST_PLACEHOLDERS.map((n) => `\${{${n}}}`).join(' '),
    ];
    const consumed = new Set(consumers.flatMap(placeholders));
    const readme = read('README.md');
    const envDev = parseEnvFile(read(ENV_FILES.dev));
    const problems: string[] = [];
    for (const [name, out] of bicep.outputs) {
      if (out.type !== 'string') problems.push(`${name}: ${out.type}`);
      if (!/^[A-Z][A-Z0-9_]*$/.test(name))
        problems.push(`${name}: not an environment variable name`);
      if (!consumed.has(name) && !name.startsWith('LIAISON_') && !readme.includes(name))
        problems.push(`${name}: nothing reads it`);
      if (!envDev.has(name)) problems.push(`${name}: not listed in ${ENV_FILES.dev}`);
    }
    expect(problems).toEqual([]);
    expect([...bicep.outputs.keys()]).toEqual(
      expect.arrayContaining([
        'BOT_ID',
        'BOT_DOMAIN',
        'TAB_ENDPOINT',
        'AZURE_APP_SERVICE_RESOURCE_ID',
      ]),
    );
  });
});

// ---------------------------------------------------------------- app settings → the server

describe('the web app settings start the server in production', () => {
  const envDev = parseEnvFile(read(ENV_FILES.dev));
  /** .env.dev after provision's earlier actions wrote their values, and a person the thumbprint. */
  const provisioned = new Map([
    ...envDev,
    ['ENTRA_APP_CLIENT_ID', SAMPLE.clientId],
    ['AAD_APP_OBJECT_ID', SAMPLE.objectId],
    ['AAD_APP_TENANT_ID', SAMPLE.tenantId],
    ['LIAISON_GRAPH_CERTIFICATE_THUMBPRINT', SAMPLE.thumbprint],
  ]);
  const parameterFile = JSON.parse(substitute(read(PARAMETERS_FILE), provisioned)) as {
    parameters: Record<string, { value: unknown }>;
  };

  test('the parameters file names real params, gives every required one, and fits their limits', () => {
    const problems: string[] = [];
    for (const [name, { value }] of Object.entries(parameterFile.parameters)) {
      const p = bicep.params.get(name);
      if (!p) {
        problems.push(`${name}: no such param`);
        continue;
      }
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (p.type === 'string' && typeof value !== 'string') problems.push(`${name}: not a string`);
      const allowed = p.decorators.get('allowed');
      if (allowed && !allowed.includes(`'${text}'`))
        problems.push(`${name}: '${text}' not allowed`);
      const min = Number(p.decorators.get('minLength') ?? 0);
      const max = Number(p.decorators.get('maxLength') ?? Infinity);
      if (text.length < min || text.length > max) problems.push(`${name}: length ${text.length}`);
    }
    for (const p of bicep.params.values())
      if (p.defaultText === undefined && !(p.name in parameterFile.parameters))
        problems.push(`${p.name}: required but not in ${PARAMETERS_FILE}`);
    expect(problems).toEqual([]);
    expect(parameterFile.parameters.resourceBaseName?.value).toMatch(/^[a-z][a-z0-9]{3,19}$/);
  });

  /** Evaluates a settings expression the way ARM and then App Service would, with samples. */
  function settingsFor(overrides: Record<string, string>): Record<string, string> {
    const paramValue = (name: string): string | undefined => {
      if (name in overrides) return overrides[name];
      const given = parameterFile.parameters[name]?.value;
      if (typeof given === 'string') return given;
      const d = bicep.params.get(name)?.defaultText;
      return d !== undefined && /^'.*'$/.test(d) ? resolve(d) : undefined;
    };
    const runtime: Record<string, string> = {
      'webApp.properties.defaultHostName': SAMPLE.host,
      'identity.properties.clientId': SAMPLE.identityClientId,
      'identity.properties.tenantId': SAMPLE.identityTenantId,
      'keyVault.properties.vaultUri': SAMPLE.vaultUri,
      'appInsights.properties.ConnectionString':
        'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/',
      'logs.properties.customerId': '6b7f3c1e-2222-4333-8444-555566667777',
    };
    function resolve(expression: string): string {
      const e = expression.trim();
      if (/^'.*'$/.test(e)) return renderString(e, resolve);
      const asVar = bicep.vars.get(e);
      if (asVar !== undefined) return resolve(asVar);
      const asParam = bicep.params.has(e) ? paramValue(e) : undefined;
      if (asParam !== undefined) return asParam;
      const value = runtime[e];
      if (value === undefined) throw new Error(`no sample value for ${e}`);
      return value;
    }
    const webAppSettings = bicep.resources.get('webAppSettings');
    expect(webAppSettings?.type).toBe('Microsoft.Web/sites/config');
    // The union the template applies, mirrored below.
    expect(webAppSettings?.body).toContain(
      "properties: union(commonSettings, graphCredential == 'certificate' ? graphCertificateSettings : graphSecretSettings, graphNotifications && mailSignals == 'on' ? graphNotificationSettings : {}, empty(actionableMessageOriginator) ? {} : outlookSettings)",
    );
    const parts = ['commonSettings'];
    parts.push(
      paramValue('graphCredential') === 'certificate'
        ? 'graphCertificateSettings'
        : 'graphSecretSettings',
    );
    if (paramValue('graphNotifications') === 'true' && paramValue('mailSignals') === 'on')
      parts.push('graphNotificationSettings');
    if (paramValue('actionableMessageOriginator')) parts.push('outlookSettings');
    const settings: Record<string, string> = {};
    for (const part of parts)
      for (const [key, expression] of objectEntries(bicep.vars.get(part) as string))
        settings[key] = resolve(expression);
    return settings;
  }

  /** App Service resolves Key Vault references; start.sh turns the certificate into a file. */
  function asAppServiceStarts(settings: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = { PORT: '8080' };
    for (const [key, value] of Object.entries(settings)) {
      if (key === 'GRAPH_CERTIFICATE_PEM') continue; // start.sh turns it into the file and unsets it
      const reference = value.startsWith('@Microsoft.KeyVault(');
      // The seal key's secret is 32 random bytes in base64, as the README has it made.
      const secret =
        key === 'LIAISON_SEAL_KEY'
          ? Buffer.alloc(32, 9).toString('base64')
          : 'resolved-from-key-vault-0123456789abcdefghijklmnopqrstuv';
      env[key] = reference ? secret : value;
    }
    return env;
  }

  const secretKeys = [
    'LIAISON_SEAL_KEY',
    'LIAISON_GRAPH_CLIENT_SECRET',
    'LIAISON_GRAPH_NOTIFICATION_SECRET',
    'GRAPH_CERTIFICATE_PEM',
  ];

  test.each([
    ['a certificate', { graphCredential: 'certificate' }],
    ['a client secret', { graphCredential: 'secret' }],
    ['change notifications', { graphCredential: 'certificate', graphNotifications: 'true' }],
    [
      'the actionable-message provider registered',
      {
        graphCredential: 'certificate',
        actionableMessageOriginator: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      },
    ],
  ])('with %s', (_, overrides: Record<string, string>) => {
    const settings = settingsFor(overrides);
    const problems: string[] = [];
    for (const [key, value] of Object.entries(settings)) {
      if (key.startsWith('LIAISON_') && !(CONFIG_VARIABLES as readonly string[]).includes(key))
        problems.push(`${key}: the server does not know it (it refuses unknown LIAISON_ names)`);
      if (secretKeys.includes(key)) {
        const ref =
          /^@Microsoft\.KeyVault\(SecretUri=https:\/\/kvexample\.vault\.azure\.net\/secrets\/([A-Za-z0-9-]+)\)$/.exec(
            value,
          );
        if (!ref) problems.push(`${key}: a secret that is not a Key Vault reference`);
      }
    }
    expect(problems).toEqual([]);
    expect(settings).not.toHaveProperty('LIAISON_BOT_APP_PASSWORD');

    const config = loadConfig(asAppServiceStarts(settings));
    expect(config.mode).toBe('production');
    expect(config.http).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      publicUrl: `https://${SAMPLE.host}`,
    });
    expect(config.bot).toEqual({
      appId: SAMPLE.identityClientId,
      appType: 'UserAssignedMSI',
      tenantId: SAMPLE.identityTenantId,
    });
    expect(config.entra).toMatchObject({ tenantId: SAMPLE.tenantId, clientId: SAMPLE.clientId });
    expect(config.graph?.clientId).toBe(SAMPLE.clientId);
    expect(config.store.kind).toBe('sharepoint');
    expect(config.sharePointSite).toBe(envDev.get('LIAISON_SHAREPOINT_SITE'));
    expect(config.mail?.from).toBe(envDev.get('LIAISON_MAIL_FROM'));
    // The audit trail sealed with Key Vault's key, anchored in Application Insights, read back.
    expect(settings.LIAISON_SEAL_KEY).toContain('/secrets/audit-seal-key)');
    expect(config.audit).toEqual({
      sealKey: { base64: Buffer.alloc(32, 9).toString('base64') },
      appInsights: {
        connectionString: settings.APPLICATIONINSIGHTS_CONNECTION_STRING,
        workspaceId: '6b7f3c1e-2222-4333-8444-555566667777',
      },
    });
    if (overrides.graphCredential === 'certificate') {
      expect(settings.GRAPH_CERTIFICATE_PEM).toContain('/secrets/graph-certificate)');
      expect(config.graph?.certificate).toEqual({
        path: settings.LIAISON_GRAPH_CERTIFICATE_PATH,
        thumbprintSha256: SAMPLE.thumbprint,
      });
    } else {
      expect(config.graph?.clientSecret).toBeDefined();
    }
    if ('graphNotifications' in overrides)
      expect(config.graphNotifications?.url).toBe(`https://${SAMPLE.host}/api/graph/notifications`);
    // Emails carry the card only once the provider is registered.
    expect(config.outlook.actionableMessageOriginator).toBe(overrides.actionableMessageOriginator);
  });

  test('without the thumbprint (before the certificate exists) the server refuses to start', () => {
    const settings = settingsFor({ graphCertificateThumbprintSha256: '' });
    expect(() => loadConfig(asAppServiceStarts(settings))).toThrow(
      /LIAISON_GRAPH_CERTIFICATE_THUMBPRINT/,
    );
  });

  test('infra/start.sh writes the Key Vault certificate to the path, privately, and hides it', () => {
    const settings = settingsFor({ graphCredential: 'certificate' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-start-'));
    try {
      // A stand-in `node` that reports what the server would have been given.
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, 'node'),
        '#!/bin/sh\necho "args=$*"\necho "pem=${GRAPH_CERTIFICATE_PEM:-unset}"\n',
        { mode: 0o755 },
      );
      const certificate = path.join(dir, 'run', 'graph-certificate.pem');
      const pem =
        '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----';
      const run = (value: string) =>
        spawnSync('sh', [path.join(ROOT, 'infra', 'start.sh')], {
          cwd: ROOT,
          encoding: 'utf8',
          env: {
            PATH: `${bin}:${process.env.PATH ?? ''}`,
            LIAISON_GRAPH_CERTIFICATE_PATH: certificate,
            GRAPH_CERTIFICATE_PEM: value,
          },
        });
      expect(settings.LIAISON_GRAPH_CERTIFICATE_PATH).toMatch(/^\/tmp\//);
      const ok = run(pem);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('args=dist/server/main.js');
      expect(ok.stdout).toContain('pem=unset');
      expect(fs.readFileSync(certificate, 'utf8')).toBe(`${pem}\n`);
      expect(fs.statSync(certificate).mode & 0o077).toBe(0);
      // An unresolved reference arrives as its own text: stop, naming the cause.
      const unresolved = run(settings.GRAPH_CERTIFICATE_PEM as string);
      expect(unresolved.status).toBe(1);
      expect(unresolved.stderr).toMatch(/did not resolve from Key Vault/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------- the toolkit projects

/**
 * Actions and arguments as the toolkit's YAML schema documents them
 * (https://aka.ms/m365-agents-toolkits/v1.13/yaml.schema.json): `with` keys allowed and required,
 * `writeToEnvironmentFile` keys allowed and required.
 */
const DOCUMENTED: Record<string, { with: [string[], string[]]; write?: [string[], string[]] }> = {
  'teamsApp/create': {
    with: [['name'], ['name']],
    write: [['teamsAppId', 'teamsAppTenantId'], ['teamsAppId']],
  },
  'aadApp/create': {
    with: [
      [
        'name',
        'generateClientSecret',
        'generateServicePrincipal',
        'signInAudience',
        'serviceManagementReference',
        'clientSecretExpireDays',
        'clientSecretDescription',
      ],
      ['name', 'generateClientSecret', 'signInAudience'],
    ],
    write: [
      ['clientId', 'objectId', 'clientSecret', 'tenantId', 'authority', 'authorityHost'],
      ['clientId', 'objectId'],
    ],
  },
  'aadApp/update': {
    with: [
      ['manifestPath', 'outputFilePath'],
      ['manifestPath', 'outputFilePath'],
    ],
  },
  'arm/deploy': {
    with: [
      ['subscriptionId', 'resourceGroupName', 'templates', 'bicepCliVersion'],
      ['subscriptionId', 'resourceGroupName', 'templates'],
    ],
  },
  'botFramework/create': {
    with: [
      ['botId', 'name', 'messagingEndpoint', 'description', 'iconUrl', 'channels'],
      ['botId', 'name', 'messagingEndpoint'],
    ],
  },
  'teamsApp/validateManifest': { with: [['manifestPath'], ['manifestPath']] },
  'teamsApp/zipAppPackage': {
    with: [
      ['manifestPath', 'outputZipPath', 'outputFolder'],
      ['manifestPath', 'outputZipPath', 'outputFolder'],
    ],
  },
  'teamsApp/validateAppPackage': { with: [['appPackagePath'], ['appPackagePath']] },
  'teamsApp/update': { with: [['appPackagePath'], ['appPackagePath']] },
  'teamsApp/publishAppPackage': {
    with: [['appPackagePath'], ['appPackagePath']],
    write: [['publishedAppId'], ['publishedAppId']],
  },
  'cli/runNpmCommand': { with: [['args', 'workingDirectory'], ['args']] },
  'azureAppService/zipDeploy': {
    with: [
      ['artifactFolder', 'resourceId', 'workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'],
      ['artifactFolder', 'resourceId'],
    ],
  },
  'file/createOrUpdateEnvironmentFile': {
    with: [
      ['envs', 'target'],
      ['envs', 'target'],
    ],
  },
};

function teamsManifestPlaceholders(): string[] {
  const dir = path.join(ROOT, 'appPackage');
  const own = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        // Its source, not what the toolkit or the packaging script built into build/.
        .filter((f) => f.endsWith('.json') && !f.startsWith(`build${path.sep}`))
        .flatMap((f) => placeholders(fs.readFileSync(path.join(dir, f), 'utf8')))
    : [];
  return [...new Set([...TEAMS_MANIFEST_PLACEHOLDERS, ...own])];
}

describe.each(Object.entries(PROJECTS))('%s project (%s)', (environment, file) => {
  const { doc, stages } = project(file);
  const envFile = ENV_FILES[environment as keyof typeof ENV_FILES];
  const env = parseEnvFile(read(envFile));
  const all = STAGES.flatMap((s) => stages[s] ?? []);

  test('declares a schema version and the env/ folder', () => {
    const header =
      /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v1\.\d+)\/yaml\.schema\.json$/m.exec(
        read(file),
      );
    expect(header?.[1]).toBe(SCHEMA_VERSION);
    expect(doc.version).toBe(SCHEMA_VERSION);
    expect(doc.environmentFolderPath).toBe('./env');
    expect(env.get('TEAMSFX_ENV')).toBe(environment);
  });

  test('uses only documented actions and arguments', () => {
    const problems: string[] = [];
    for (const a of all) {
      const spec = DOCUMENTED[a.uses];
      if (!spec) {
        problems.push(`${a.uses}: not an action this project knows to be documented`);
        continue;
      }
      for (const key of Object.keys(a))
        if (!['uses', 'name', 'env', 'with', 'writeToEnvironmentFile'].includes(key))
          problems.push(`${a.uses}: '${key}'`);
      const given = Object.keys(a.with ?? {});
      const [allowed, required] = spec.with;
      for (const k of given) if (!allowed.includes(k)) problems.push(`${a.uses}: with.${k}`);
      for (const k of required)
        if (!given.includes(k)) problems.push(`${a.uses}: missing with.${k}`);
      const written = Object.keys(a.writeToEnvironmentFile ?? {});
      const [wAllowed, wRequired] = spec.write ?? [[], []];
      for (const k of written) if (!wAllowed.includes(k)) problems.push(`${a.uses}: writes ${k}`);
      for (const k of wRequired)
        if (!written.includes(k)) problems.push(`${a.uses}: must write ${k}`);
      for (const [k, v] of Object.entries(a.writeToEnvironmentFile ?? {})) {
        if (!/^[A-Z][A-Z0-9_]*$/.test(v)) problems.push(`${a.uses}: ${k} → '${v}'`);
        // The toolkit keeps SECRET_ names in the git-ignored .user file, and only those.
        if (['clientSecret', 'botPassword'].includes(k) !== v.startsWith('SECRET_'))
          problems.push(
            `${a.uses}: ${k} → ${v} (secrets need the SECRET_ prefix, others must not have it)`,
          );
      }
      if (a.uses === 'aadApp/create') {
        const secret = a.with?.generateClientSecret;
        if (typeof secret !== 'boolean') problems.push('aadApp/create: generateClientSecret');
        if (secret !== written.includes('clientSecret'))
          problems.push('aadApp/create: clientSecret is written exactly when one is generated');
        if (a.with?.signInAudience !== 'AzureADMyOrg')
          problems.push('aadApp/create: not single tenant');
        // A single-tenant bot gets its tokens through a service principal in the tenant.
        if (
          a.writeToEnvironmentFile?.clientId === 'BOT_ID' &&
          a.with?.generateServicePrincipal !== true
        )
          problems.push('aadApp/create: the bot app has no service principal');
      }
      if (a.uses === 'arm/deploy')
        for (const t of (a.with?.templates ?? []) as Yaml[])
          for (const k of Object.keys(t))
            if (!['path', 'parameters', 'deploymentName'].includes(k))
              problems.push(`arm/deploy: templates.${k}`);
      if (a.uses === 'botFramework/create')
        for (const c of (a.with?.channels ?? []) as Yaml[])
          if (!['msteams', 'm365extensions'].includes(c.name as string))
            problems.push(`channel ${String(c.name)}`);
    }
    expect(problems).toEqual([]);
  });

  test('points at appPackage/, infra/ and the app package the packaging script writes', () => {
    const problems: string[] = [];
    for (const a of all) {
      const w = a.with ?? {};
      if (
        'manifestPath' in w &&
        a.uses.startsWith('teamsApp/') &&
        w.manifestPath !== TEAMS_MANIFEST
      )
        problems.push(`${a.uses}: ${String(w.manifestPath)}`);
      for (const k of ['appPackagePath', 'outputZipPath'])
        if (k in w && w[k] !== APP_PACKAGE) problems.push(`${a.uses}: ${k} ${String(w[k])}`);
      if ('outputFolder' in w && w.outputFolder !== './appPackage/build')
        problems.push(`${a.uses}: outputFolder`);
      if (a.uses === 'aadApp/update' && !exists(w.manifestPath as string))
        problems.push('aad manifest missing');
      if (a.uses === 'arm/deploy')
        for (const t of w.templates as Yaml[]) {
          if (t.path !== `./${BICEP_FILE}`) problems.push(`template ${String(t.path)}`);
          if (t.parameters !== `./${PARAMETERS_FILE}`)
            problems.push(`parameters ${String(t.parameters)}`);
        }
      if (a.uses === 'azureAppService/zipDeploy' && !exists(w.ignoreFile as string))
        problems.push('ignore file missing');
    }
    expect(problems).toEqual([]);
  });

  test(`every \${{VAR}} is in ${envFile} or written by an earlier action`, () => {
    const available = new Set(env.keys());
    const problems: string[] = [];
    const need = (names: string[], where: string) => {
      for (const n of names) if (!available.has(n)) problems.push(`${where}: \${{${n}}}`);
    };
    for (const stage of STAGES)
      (stages[stage] ?? []).forEach((a, n) => {
        const where = `${stage}[${n}] ${a.uses}`;
        need(placeholders(JSON.stringify(a.with ?? {})), where);
        if (a.uses === 'arm/deploy') {
          for (const t of a.with?.templates as Yaml[])
            need(placeholders(read(t.parameters as string)), `${where} ${String(t.parameters)}`);
          for (const name of bicep.outputs.keys()) available.add(name);
        }
        if (a.uses === 'aadApp/update') {
          need(placeholders(read(a.with?.manifestPath as string)), `${where} Entra manifest`);
          // Generated when the manifest uses it and it is empty (the action's documentation).
          available.add('AAD_APP_ACCESS_AS_USER_PERMISSION_ID');
        }
        if (a.uses === 'teamsApp/validateManifest' || a.uses === 'teamsApp/zipAppPackage')
          need(teamsManifestPlaceholders(), `${where} Teams manifest`);
        for (const name of Object.values(a.writeToEnvironmentFile ?? {})) available.add(name);
      });
    expect(problems).toEqual([]);
  });

  test('a variable aadApp/create fills is empty in the committed file (it creates only then)', () => {
    for (const a of stages.provision ?? [])
      if (a.uses === 'aadApp/create')
        expect(env.get(a.writeToEnvironmentFile?.clientId as string)).toBe('');
  });

  test('the stages run in an order that works', () => {
    const order = (stage: string) => (stages[stage] ?? []).map((a) => a.uses);
    if (environment === 'playground') {
      // Nothing to provision or publish: install and build, then the server's settings.
      expect(order('provision')).toEqual([]);
      expect(order('publish')).toEqual([]);
      expect(order('deploy')).toEqual(['cli/runNpmCommand', 'file/createOrUpdateEnvironmentFile']);
      return;
    }
    const provision = order('provision');
    const before = (a: string, b: string) =>
      expect(provision.indexOf(a)).toBeLessThan(provision.lastIndexOf(b));
    before('teamsApp/create', 'teamsApp/update');
    before('aadApp/create', 'aadApp/update');
    before('teamsApp/zipAppPackage', 'teamsApp/validateAppPackage');
    before('teamsApp/validateAppPackage', 'teamsApp/update');
    if (environment === 'dev') {
      before('aadApp/create', 'arm/deploy');
      // The Entra app's identifier URI needs the web app's host name.
      before('arm/deploy', 'aadApp/update');
      expect(order('deploy')).toEqual([
        'cli/runNpmCommand',
        'cli/runNpmCommand',
        'azureAppService/zipDeploy',
      ]);
      expect((stages.deploy ?? []).map((a) => a.with?.args)).toEqual([
        'ci --no-audit --no-fund',
        'run build',
        undefined,
      ]);
      expect(order('publish')).toContain('teamsApp/publishAppPackage');
    }
  });
});

describe('local debugging settings', () => {
  test('.localConfigs.playground starts the server as npm start does: local, on loopback, with the Playground', () => {
    const { stages } = project(PROJECTS.playground);
    const [install, write] = stages.deploy ?? [];
    // npm's prepare step builds dist/, which the server runs from.
    expect(String(install?.with?.args)).toMatch(/^(install|ci) /);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.prepare).toBe('npm run build');
    expect(write?.with?.target).toBe('./.localConfigs.playground');
    const env = parseEnvFile(read(ENV_FILES.playground));
    const { TEAMSAPPTESTER_PORT: playgroundPort, ...settings } = Object.fromEntries(
      Object.entries(write?.with?.envs as Record<string, unknown>).map(([k, v]) => [
        k,
        substitute(String(v), env),
      ]),
    );
    // The Playground's own setting, passed on to the Playground the server opens.
    expect(playgroundPort).toBe(env.get('TEAMSAPPTESTER_PORT'));
    expect(playgroundPort).toMatch(/^[1-9]\d{0,4}$/);
    for (const key of Object.keys(settings))
      expect(CONFIG_VARIABLES as readonly string[]).toContain(key);
    const config = loadConfig(settings);
    expect(config.mode).toBe('local');
    expect(config.http).toMatchObject({
      host: '127.0.0.1',
      port: 3978,
      publicUrl: 'http://127.0.0.1:3978',
    });
    expect(config).toMatchObject({ playground: true, devSignIn: true, demoSeed: true });
    // No app id: the bot takes the Playground's unsigned activities, on loopback only.
    expect(config.bot.appId).toBeUndefined();
  });

  test('.localConfigs holds only LIAISON_ settings the server accepts in local mode', () => {
    const { stages } = project(PROJECTS.local);
    const write = (stages.deploy ?? []).find(
      (a) => a.uses === 'file/createOrUpdateEnvironmentFile',
    );
    expect(write?.with?.target).toBe('./.localConfigs');
    const envs = write?.with?.envs as Record<string, string>;
    const samples = new Map([
      ['TAB_ENDPOINT', 'https://abc123-3978.uks1.devtunnels.ms'],
      ['AAD_APP_TENANT_ID', SAMPLE.tenantId],
      ['AAD_APP_CLIENT_ID', SAMPLE.clientId],
      ['BOT_ID', SAMPLE.identityClientId],
      ['SECRET_BOT_PASSWORD', 'a-client-secret'],
    ]);
    const settings = Object.fromEntries(
      Object.entries(envs).map(([k, v]) => [k, substitute(String(v), samples)]),
    );
    for (const key of Object.keys(settings))
      expect(CONFIG_VARIABLES as readonly string[]).toContain(key);
    const config = loadConfig(settings);
    expect(config.mode).toBe('local');
    expect(config.devSignIn).toBe(false); // reachable through the tunnel
    expect(config.bot).toMatchObject({ appType: 'SingleTenant', appId: SAMPLE.identityClientId });
  });
});

// ---------------------------------------------------------------- secrets stay out of git

describe('environment files', () => {
  const gitignore = read('.gitignore');

  test('.user files, .localConfigs and built packages are git-ignored; the env files are not', () => {
    for (const f of [
      'env/.env.dev.user',
      'env/.env.local.user',
      'env/.env.playground.user',
      'env/.env.production.user',
      '.localConfigs',
      '.localConfigs.playground',
      'appPackage/build/appPackage.dev.zip',
      'infra/build/aad.manifest.dev.json',
      '.deployment/deployment.zip',
    ])
      expect([f, ignoredBy(gitignore, f)]).toEqual([f, true]);
    for (const f of Object.values(ENV_FILES))
      expect([f, ignoredBy(gitignore, f)]).toEqual([f, false]);
  });

  test.each(Object.values(ENV_FILES))('%s holds nothing secret-looking', (file) => {
    const problems: string[] = [];
    for (const [name, value] of parseEnvFile(read(file))) {
      if (/(^|_)(SECRET|PASSWORD|PASSWD|KEY|TOKEN|PEM|CONNECTION_STRING)(_|$)/.test(name))
        problems.push(`${name}: secrets belong in ${file}.user`);
      if (/-----BEGIN|^[A-Za-z0-9~._+/=-]{32,}$/.test(value) && !GUID.test(value))
        problems.push(`${name}: looks like a secret`);
    }
    expect(problems).toEqual([]);
  });

  test('env/.env.dev has a version and placeholder ids until provision writes the real ones', () => {
    const env = parseEnvFile(read(ENV_FILES.dev));
    expect(env.get('APP_VERSION')).toBe('1.0.0');
    for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID'])
      expect(env.get(name)).toMatch(GUID);
    expect(env.get('BOT_DOMAIN')).toMatch(/^[a-z0-9.-]+$/);
    expect(env.get('TAB_ENDPOINT')).toBe(`https://${env.get('BOT_DOMAIN')}`);
  });

  test('the web app package leaves out env files, secrets and tests, and keeps what runs', () => {
    const ignore = read('.webappignore');
    for (const f of [
      'env/.env.dev',
      'env/.env.dev.user',
      '.localConfigs',
      '.localConfigs.playground',
      '.git/config',
      'data/liaison.db',
      'tests/infra/infra.test.ts',
    ])
      expect([f, ignoredBy(ignore, f)]).toEqual([f, true]);
    for (const f of [
      'dist/server/main.js',
      'node_modules/express/package.json',
      'package.json',
      'infra/start.sh',
    ])
      expect([f, ignoredBy(ignore, f)]).toEqual([f, false]);
  });
});
