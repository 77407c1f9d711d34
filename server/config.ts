/**
 * The one typed configuration of the process, read from the environment once at start-up.
 *
 * Every variable is checked and every problem is reported together, naming the variable, so an
 * operator fixes a deployment in one pass. Contradictions that would weaken the protection of
 * children's data (dev sign-in or demo data in production, dev sign-in reachable from the network)
 * are errors, never silently corrected.
 *
 * `loadConfig` is pure: the environment comes in as an argument and nothing is read from disk.
 *
 * One file because every variable is read and checked together, and all problems are reported at
 * once.
 */
import { z } from 'zod';
import { ACKNOWLEDGEMENT_LINK_DAYS } from '../core';
import { isLoopbackHost } from './auth/loopback';

export type Mode = 'local' | 'production';
export type StoreKind = 'sqlite' | 'sharepoint';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface EntraConfig {
  tenantId: string;
  clientId: string;
  /** Accepted `aud` values: the Application ID URI and the client id (v2 tokens carry the latter). */
  audience: readonly string[];
  requiredScope: string;
}

/** How the Bot Framework authenticates this bot (Azure Bot: single tenant or managed identity). */
export type BotAppType = 'SingleTenant' | 'UserAssignedMSI';

export interface BotConfig {
  /** Empty only in local mode bound to loopback (the Agents Playground sends no tokens). */
  appId?: string;
  appType: BotAppType;
  /** Client secret for `SingleTenant`; a managed identity has none. */
  appPassword?: string;
  tenantId?: string;
}

/** The app registration the server uses to call Microsoft Graph (app-only and on-behalf-of). */
export interface GraphConfig {
  tenantId: string;
  clientId: string;
  /** Exactly one of a client secret and a certificate (a PEM file with the private key). */
  clientSecret?: string;
  certificate?: { path: string; thumbprintSha256: string };
  /** Graph's root, e.g. https://graph.microsoft.com (a national cloud has its own). */
  graphUrl: string;
  /** Entra ID's, e.g. https://login.microsoftonline.com. */
  loginUrl: string;
}

interface CommonConfig {
  http: {
    host: string;
    /** 0 (any free port) is allowed only in local mode, for tests. */
    port: number;
    /** Origin (and optional path) the outside world uses; no trailing slash. */
    publicUrl: string;
    /** Reverse-proxy hops whose X-Forwarded-* headers are believed; 0 locally. */
    trustProxyHops: number;
  };
  store: { kind: StoreKind; dataDir: string };
  log: { level: LogLevel };
  councilConfigPath?: string;
  /** The Teams app's id (its manifest's `id`): links then open the tab inside Teams. */
  teamsAppId?: string;
  bot: BotConfig;
  /**
   * Background delivery: the scheduler (reminder points, due times and escalations into the
   * outbox) and the dispatcher (outbox to Teams and email).
   */
  delivery: boolean;
  graph?: GraphConfig;
  /** Email goes through Graph from this (service) mailbox; without it, to .eml files locally. */
  mail?: { from: string };
  /** The SharePoint site whose lists hold the store (`host:/sites/name`). */
  sharePointSite?: string;
  /** Read lawyers' and IROs' mailboxes for protocol steps (needs Graph; on with it by default). */
  mailSignals: boolean;
  /** Open deadlines in the responsible people's Outlook calendars (needs Graph; on with it). */
  deadlineCalendars: boolean;
  /**
   * Graph change notifications (webhooks) to this public address, trusted by the secret they
   * carry (`clientState`); only with mail signals. The 5-minute delta rounds stay the backstop.
   */
  graphNotifications?: { url: string; secret: string };
  /** What seals the audit trail and where its head is anchored (server/audit/). */
  audit: AuditConfig;
  /** What emails let people do from Outlook (server/outlook-links/, server/mail/). */
  outlook: OutlookConfig;
}

/**
 * Inside the council's tenant an email carries its card as an Outlook actionable message, once
 * the council has registered its provider (the Actionable Email Developer Dashboard gives the
 * originator id); without one, emails carry no card. Outside the tenant an email carries a
 * signed link that acknowledges its deadline once, without signing in.
 */
export interface OutlookConfig {
  /** The actionable-message provider's id (a GUID), put in every card's `originator`. */
  actionableMessageOriginator?: string;
  acknowledgementLinks: {
    /**
     * The key links are signed with (base64, at least 32 bytes); without it, one derived from
     * the audit trail's seal key, which every instance already shares.
     */
    key?: { base64: string };
    /** How many days a link works for. */
    days: number;
  };
}

/**
 * The key sealing the audit trail never lives in the store: in Azure it comes from Key Vault
 * (`LIAISON_SEAL_KEY`); locally it is generated once into a file beside the data folder. The
 * chain's head is anchored where the store's credentials cannot rewrite it: Application Insights
 * (read back through its Log Analytics workspace), and/or an append-only file.
 */
export interface AuditConfig {
  /** The key itself (base64, at least 32 bytes), or the file holding it (made when missing). */
  sealKey: { base64: string } | { file: string };
  anchorFile?: string;
  appInsights?: { connectionString: string; workspaceId?: string };
}

/** Production can never carry dev sign-in or demo data: the type says so as well as the checks. */
export type Config = Readonly<
  | (CommonConfig & {
      mode: 'local';
      devSignIn: boolean;
      demoSeed: boolean;
      /** Start the Microsoft 365 Agents Playground beside the bot (`npm start`). */
      playground: boolean;
      entra?: EntraConfig;
    })
  | (CommonConfig & {
      mode: 'production';
      devSignIn: false;
      demoSeed: false;
      playground: false;
      entra: EntraConfig;
    })
>;

export interface ConfigProblem {
  variable: string;
  reason: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * Every LIAISON_ variable this build understands. An unknown one is an error: a misspelt
 * `LIAISON_DEV_SIGNIN=off` must not leave dev sign-in at its default.
 */
export const CONFIG_VARIABLES = [
  'LIAISON_MODE',
  'LIAISON_HOST',
  'LIAISON_PORT',
  'LIAISON_PUBLIC_URL',
  'LIAISON_TRUST_PROXY_HOPS',
  'LIAISON_DATA_DIR',
  'LIAISON_STORE',
  'LIAISON_LOG_LEVEL',
  'LIAISON_DEV_SIGN_IN',
  'LIAISON_DEMO_SEED',
  'LIAISON_ENTRA_TENANT_ID',
  'LIAISON_ENTRA_CLIENT_ID',
  'LIAISON_ENTRA_AUDIENCE',
  'LIAISON_ENTRA_REQUIRED_SCOPE',
  'LIAISON_COUNCIL_CONFIG',
  'LIAISON_BOT_APP_ID',
  'LIAISON_TEAMS_APP_ID',
  'LIAISON_BOT_APP_TYPE',
  'LIAISON_BOT_APP_PASSWORD',
  'LIAISON_BOT_TENANT_ID',
  'LIAISON_PLAYGROUND',
  'LIAISON_DELIVERY',
  'LIAISON_SEAL_KEY',
  'LIAISON_SEAL_KEY_FILE',
  'LIAISON_ANCHOR_FILE',
  'LIAISON_ANCHOR_CONNECTION_STRING',
  'LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR',
  'LIAISON_ACK_LINK_KEY',
  'LIAISON_ACK_LINK_DAYS',
  'LIAISON_GRAPH_TENANT_ID',
  'LIAISON_GRAPH_CLIENT_ID',
  'LIAISON_GRAPH_CLIENT_SECRET',
  'LIAISON_GRAPH_CERTIFICATE_PATH',
  'LIAISON_GRAPH_CERTIFICATE_THUMBPRINT',
  'LIAISON_GRAPH_URL',
  'LIAISON_GRAPH_LOGIN_URL',
  'LIAISON_MAIL_FROM',
  'LIAISON_SHAREPOINT_SITE',
  'LIAISON_MAIL_SIGNALS',
  'LIAISON_DEADLINE_CALENDARS',
  'LIAISON_GRAPH_NOTIFICATION_URL',
  'LIAISON_GRAPH_NOTIFICATION_SECRET',
  // Read back through Log Analytics with the Graph app registration's credential.
  'LIAISON_ANCHOR_WORKSPACE_ID',
] as const;

const DEFAULT_HOST = '127.0.0.1';
/** The Bot Framework's customary local port, so bot tooling finds us without settings. */
const DEFAULT_PORT = 3978;
const DEFAULT_PRODUCTION_PROXY_HOPS = 1;

const onOff = z.enum(['on', 'off'], { error: "must be 'on' or 'off'" });
const guid = z.guid({ error: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' });
const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, { error: `must be an integer ${min}–${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be an integer ${min}–${max}` });
const base64Key = z
  .string()
  .refine((k) => /^[A-Za-z0-9+/]+={0,2}$/.test(k) && Buffer.from(k, 'base64').length >= 32, {
    error: 'must be at least 32 random bytes in base64 (e.g. openssl rand -base64 32)',
  });
const host = z.string().refine(isHostOrAddress, {
  error: 'must be a host name or IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)',
});

/** Schemas for single variables; cross-variable rules are checked afterwards. */
const VARIABLES = {
  LIAISON_MODE: z.enum(['local', 'production'], { error: "must be 'local' or 'production'" }),
  LIAISON_HOST: host,
  LIAISON_PORT: integer(0, 65535),
  LIAISON_PUBLIC_URL: z.string().transform(parsePublicUrl),
  LIAISON_TRUST_PROXY_HOPS: integer(0, 10),
  LIAISON_DATA_DIR: z.string(),
  LIAISON_STORE: z.enum(['sqlite', 'sharepoint'], { error: "must be 'sqlite' or 'sharepoint'" }),
  LIAISON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  LIAISON_DEV_SIGN_IN: onOff,
  LIAISON_DEMO_SEED: onOff,
  LIAISON_ENTRA_TENANT_ID: guid,
  LIAISON_ENTRA_CLIENT_ID: guid,
  LIAISON_ENTRA_AUDIENCE: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .refine((list) => list.length > 0, { error: 'must list at least one audience' }),
  LIAISON_ENTRA_REQUIRED_SCOPE: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a single scope name, e.g. access_as_user' }),
  LIAISON_COUNCIL_CONFIG: z.string(),
  LIAISON_BOT_APP_ID: guid,
  LIAISON_TEAMS_APP_ID: guid,
  LIAISON_BOT_APP_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI'], {
    error: "must be 'SingleTenant' or 'UserAssignedMSI' (new multi-tenant bots cannot be created)",
  }),
  LIAISON_BOT_APP_PASSWORD: z.string().min(1),
  LIAISON_BOT_TENANT_ID: guid,
  LIAISON_PLAYGROUND: onOff,
  LIAISON_DELIVERY: onOff,
  LIAISON_GRAPH_TENANT_ID: guid,
  LIAISON_GRAPH_CLIENT_ID: guid,
  LIAISON_GRAPH_CLIENT_SECRET: z.string().min(1),
  LIAISON_GRAPH_CERTIFICATE_PATH: z.string().min(1),
  LIAISON_GRAPH_CERTIFICATE_THUMBPRINT: z.string().regex(/^[0-9a-f]{64}$/i, {
    error: 'must be the certificate’s SHA-256 thumbprint (64 hex digits)',
  }),
  LIAISON_GRAPH_URL: z.string().transform(parsePublicUrl),
  LIAISON_GRAPH_LOGIN_URL: z.string().transform(parsePublicUrl),
  LIAISON_MAIL_FROM: z.email({ error: 'must be the service mailbox’s address' }),
  LIAISON_MAIL_SIGNALS: onOff,
  LIAISON_DEADLINE_CALENDARS: onOff,
  LIAISON_GRAPH_NOTIFICATION_URL: z.string().transform(parsePublicUrl),
  // Graph's clientState holds at most 128 characters; fewer than 32 would be guessable.
  LIAISON_GRAPH_NOTIFICATION_SECRET: z.string().regex(/^[\x21-\x7e]{32,128}$/, {
    error: 'must be 32–128 printable characters without spaces (e.g. openssl rand -base64 48)',
  }),
  LIAISON_SEAL_KEY: base64Key,
  LIAISON_SEAL_KEY_FILE: z.string().min(1),
  LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: z.guid({
    error:
      'must be the provider id (originator) the Actionable Email Developer Dashboard gave, a GUID',
  }),
  LIAISON_ACK_LINK_KEY: base64Key,
  LIAISON_ACK_LINK_DAYS: integer(ACKNOWLEDGEMENT_LINK_DAYS.min, ACKNOWLEDGEMENT_LINK_DAYS.max),
  LIAISON_ANCHOR_FILE: z.string().min(1),
  LIAISON_ANCHOR_CONNECTION_STRING: z.string().regex(/(^|;)\s*IngestionEndpoint=https:\/\//i, {
    error: 'must be the Application Insights connection string (with IngestionEndpoint=https://…)',
  }),
  LIAISON_ANCHOR_WORKSPACE_ID: guid,
  LIAISON_SHAREPOINT_SITE: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}:\/sites\/[A-Za-z0-9._-]+$/i, {
    error: 'must be the site as host:/sites/name, e.g. council.sharepoint.com:/sites/iro-liaison',
  }),
} satisfies Record<(typeof CONFIG_VARIABLES)[number], z.ZodType>;

type Variable = keyof typeof VARIABLES;
type Values = { [K in Variable]?: z.output<(typeof VARIABLES)[K]> };

export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, reason: string) => problems.push({ variable, reason });

  for (const name of Object.keys(env).sort()) {
    if (name.startsWith('LIAISON_') && !(name in VARIABLES)) {
      problem(name, 'unknown variable (check the spelling)');
    }
  }

  const v: Values = {};
  for (const name of Object.keys(VARIABLES) as Variable[]) {
    const raw = env[name]?.trim();
    // An empty value (`LIAISON_HOST=`) means unset, as in most shells' configuration files.
    if (raw === undefined || raw === '') continue;
    const parsed = VARIABLES[name].safeParse(raw);
    if (parsed.success) (v as Record<string, unknown>)[name] = parsed.data;
    else problem(name, parsed.error.issues[0]?.message ?? 'is invalid');
  }

  const mode: Mode = v.LIAISON_MODE ?? 'local';
  const production = mode === 'production';
  // App Service tells a Node app its port in PORT; ours wins when both are set.
  const port = v.LIAISON_PORT ?? portFromPlatform(env.PORT, problem) ?? DEFAULT_PORT;
  const hostName = v.LIAISON_HOST ?? DEFAULT_HOST;
  // A loopback bind published through a tunnel (dev tunnels, ngrok) is reachable from anywhere,
  // so dev sign-in needs the public URL, when one is given, to be loopback as well.
  const publicHost = v.LIAISON_PUBLIC_URL?.hostname;
  const loopbackOnly = isLoopbackHost(hostName) && (!publicHost || isLoopbackHost(publicHost));
  const set = (name: Variable) => !isUnset(env, name);

  if (production) checkProduction(v, set, port, problem);
  else checkLocal(v, set, { hostName, publicHost, loopbackOnly }, problem);
  checkBot(v, { production, loopbackOnly }, problem);
  checkGraph(v, { production }, problem);
  if (v.LIAISON_GRAPH_CLIENT_ID) checkNotifications(v, set, { production }, problem);

  if (problems.length > 0) throw new ConfigError(problems);

  const publicUrl = formatPublicUrl(v.LIAISON_PUBLIC_URL ?? localUrl(hostName, port));
  const entra =
    v.LIAISON_ENTRA_TENANT_ID && v.LIAISON_ENTRA_CLIENT_ID
      ? {
          tenantId: v.LIAISON_ENTRA_TENANT_ID.toLowerCase(),
          clientId: v.LIAISON_ENTRA_CLIENT_ID.toLowerCase(),
          audience: v.LIAISON_ENTRA_AUDIENCE ?? [
            // Teams SSO's Application ID URI shape, then the bare client id that v2 tokens carry.
            `api://${new URL(publicUrl).host}/${v.LIAISON_ENTRA_CLIENT_ID.toLowerCase()}`,
            v.LIAISON_ENTRA_CLIENT_ID.toLowerCase(),
          ],
          requiredScope: v.LIAISON_ENTRA_REQUIRED_SCOPE ?? 'access_as_user',
        }
      : undefined;

  const common: CommonConfig = {
    http: {
      host: hostName,
      port,
      publicUrl,
      trustProxyHops: production
        ? (v.LIAISON_TRUST_PROXY_HOPS ?? DEFAULT_PRODUCTION_PROXY_HOPS)
        : 0,
    },
    store: { kind: v.LIAISON_STORE ?? 'sqlite', dataDir: v.LIAISON_DATA_DIR ?? './data' },
    audit: auditConfig(v, v.LIAISON_DATA_DIR ?? './data'),
    log: { level: v.LIAISON_LOG_LEVEL ?? 'info' },
    outlook: {
      ...(v.LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR
        ? { actionableMessageOriginator: v.LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR.toLowerCase() }
        : {}),
      acknowledgementLinks: {
        ...(v.LIAISON_ACK_LINK_KEY ? { key: { base64: v.LIAISON_ACK_LINK_KEY } } : {}),
        days: v.LIAISON_ACK_LINK_DAYS ?? ACKNOWLEDGEMENT_LINK_DAYS.default,
      },
    },
    ...(v.LIAISON_COUNCIL_CONFIG ? { councilConfigPath: v.LIAISON_COUNCIL_CONFIG } : {}),
    ...(v.LIAISON_TEAMS_APP_ID ? { teamsAppId: v.LIAISON_TEAMS_APP_ID.toLowerCase() } : {}),
    bot: botConfig(v),
    delivery: (v.LIAISON_DELIVERY ?? 'on') === 'on',
    ...graphConfig(v),
    mailSignals: v.LIAISON_GRAPH_CLIENT_ID !== undefined && v.LIAISON_MAIL_SIGNALS !== 'off',
    deadlineCalendars:
      v.LIAISON_GRAPH_CLIENT_ID !== undefined && v.LIAISON_DEADLINE_CALENDARS !== 'off',
    // The checks above allow these only together, with Graph and mail signals on.
    ...(v.LIAISON_GRAPH_NOTIFICATION_URL && v.LIAISON_GRAPH_NOTIFICATION_SECRET
      ? {
          graphNotifications: {
            url: v.LIAISON_GRAPH_NOTIFICATION_URL.href,
            secret: v.LIAISON_GRAPH_NOTIFICATION_SECRET,
          },
        }
      : {}),
  };
  const config: Config = production
    ? {
        ...common,
        mode,
        devSignIn: false,
        demoSeed: false,
        playground: false,
        entra: required(entra),
      }
    : {
        ...common,
        mode,
        devSignIn: (v.LIAISON_DEV_SIGN_IN ?? (loopbackOnly ? 'on' : 'off')) === 'on',
        demoSeed: (v.LIAISON_DEMO_SEED ?? 'on') === 'on',
        playground: (v.LIAISON_PLAYGROUND ?? (v.LIAISON_BOT_APP_ID ? 'off' : 'on')) === 'on',
        ...(entra ? { entra } : {}),
      };
  return deepFreeze(config);
}

/** A log-safe summary for the start-up line: no secrets (there are none yet) and no paths' contents. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    host: config.http.host,
    port: config.http.port,
    publicUrl: config.http.publicUrl,
    trustProxyHops: config.http.trustProxyHops,
    store: config.store.kind,
    dataDir: config.store.dataDir,
    logLevel: config.log.level,
    devSignIn: config.devSignIn,
    demoSeed: config.demoSeed,
    entra: config.entra
      ? {
          tenantId: config.entra.tenantId,
          clientId: config.entra.clientId,
          audience: config.entra.audience,
          requiredScope: config.entra.requiredScope,
        }
      : 'not configured',
    councilConfig: config.councilConfigPath ?? 'built-in defaults',
    bot: config.bot.appId
      ? {
          appId: config.bot.appId,
          appType: config.bot.appType,
          tenantId: config.bot.tenantId,
          appPassword: config.bot.appPassword ? 'set' : 'not set',
        }
      : 'no app id (local Agents Playground only)',
    delivery: config.delivery,
    playground: config.playground,
    graph: config.graph
      ? {
          tenantId: config.graph.tenantId,
          clientId: config.graph.clientId,
          credential: config.graph.certificate ? 'certificate' : 'client secret',
          graphUrl: config.graph.graphUrl,
          loginUrl: config.graph.loginUrl,
        }
      : 'not configured',
    mail: config.mail ? { from: config.mail.from } : 'local .eml files',
    sharePointSite: config.sharePointSite ?? 'not configured',
    mailSignals: config.mailSignals,
    deadlineCalendars: config.deadlineCalendars,
    graphNotifications: config.graphNotifications
      ? { url: config.graphNotifications.url, secret: 'set' }
      : 'off',
    outlook: {
      actionableMessages: config.outlook.actionableMessageOriginator
        ? { originator: config.outlook.actionableMessageOriginator }
        : 'off (no originator: emails carry no card)',
      acknowledgementLinks: {
        key: config.outlook.acknowledgementLinks.key ? 'set' : 'derived from the seal key',
        days: config.outlook.acknowledgementLinks.days,
      },
    },
    audit: {
      sealKey: 'base64' in config.audit.sealKey ? 'set' : config.audit.sealKey.file,
      anchorFile: config.audit.anchorFile ?? 'none',
      appInsights: config.audit.appInsights
        ? { workspaceId: config.audit.appInsights.workspaceId ?? 'not set (anchors not read back)' }
        : 'off',
    },
  };
}

type Report = (variable: string, reason: string) => void;

function checkProduction(
  v: Values,
  set: (name: Variable) => boolean,
  port: number,
  problem: Report,
): void {
  // The local default (loopback) would leave a production instance unreachable: ask explicitly.
  if (!set('LIAISON_HOST'))
    problem('LIAISON_HOST', 'required in production (e.g. 0.0.0.0 behind the load balancer)');
  if (port === 0) problem('LIAISON_PORT', 'must be an integer 1–65535 in production');
  if (!set('LIAISON_PUBLIC_URL'))
    problem('LIAISON_PUBLIC_URL', 'required in production (the https address users reach)');
  else if (v.LIAISON_PUBLIC_URL && v.LIAISON_PUBLIC_URL.protocol !== 'https:')
    problem('LIAISON_PUBLIC_URL', 'must use https in production');
  for (const name of ['LIAISON_ENTRA_TENANT_ID', 'LIAISON_ENTRA_CLIENT_ID'] as const)
    if (!set(name)) problem(name, 'required in production (the Entra app registration)');
  if (!set('LIAISON_TEAMS_APP_ID'))
    problem(
      'LIAISON_TEAMS_APP_ID',
      "required in production (the Teams app's id from its manifest: links in cards and emails open the tab inside Teams)",
    );
  if (v.LIAISON_DEV_SIGN_IN === 'on')
    problem('LIAISON_DEV_SIGN_IN', "cannot be 'on' in production (dev sign-in bypasses Entra)");
  if (v.LIAISON_DEMO_SEED === 'on')
    problem(
      'LIAISON_DEMO_SEED',
      "cannot be 'on' in production (demo cases would mix with real ones)",
    );
  if (!set('LIAISON_SEAL_KEY'))
    problem(
      'LIAISON_SEAL_KEY',
      'required in production (the audit trail’s sealing key, from Key Vault; never kept in the store)',
    );
  if (!set('LIAISON_ANCHOR_CONNECTION_STRING') && !set('LIAISON_ANCHOR_FILE'))
    problem(
      'LIAISON_ANCHOR_CONNECTION_STRING',
      'required in production (Application Insights, where the audit trail’s head is anchored), unless LIAISON_ANCHOR_FILE names an append-only file',
    );
}

function checkLocal(
  v: Values,
  set: (name: Variable) => boolean,
  where: { hostName: string; publicHost: string | undefined; loopbackOnly: boolean },
  problem: Report,
): void {
  if (v.LIAISON_DEV_SIGN_IN === 'on' && !where.loopbackOnly)
    problem(
      'LIAISON_DEV_SIGN_IN',
      isLoopbackHost(where.hostName)
        ? `cannot be 'on' when LIAISON_PUBLIC_URL (${where.publicHost}) is not a loopback address`
        : `cannot be 'on' when LIAISON_HOST (${where.hostName}) is not a loopback address`,
    );
  if (v.LIAISON_TRUST_PROXY_HOPS !== undefined && v.LIAISON_TRUST_PROXY_HOPS > 0)
    problem('LIAISON_TRUST_PROXY_HOPS', 'must be 0 in local mode (no proxy sits in front)');
  // Half an app registration is a mistake, not a request for "no Entra".
  const tenant = set('LIAISON_ENTRA_TENANT_ID');
  const client = set('LIAISON_ENTRA_CLIENT_ID');
  if (tenant !== client)
    problem(
      tenant ? 'LIAISON_ENTRA_CLIENT_ID' : 'LIAISON_ENTRA_TENANT_ID',
      'required when the other LIAISON_ENTRA_ id is set',
    );
  if (!tenant && !client)
    for (const name of ['LIAISON_ENTRA_AUDIENCE', 'LIAISON_ENTRA_REQUIRED_SCOPE'] as const)
      if (set(name))
        problem(name, 'has no effect without LIAISON_ENTRA_TENANT_ID and LIAISON_ENTRA_CLIENT_ID');
}

function checkBot(
  v: Values,
  where: { production: boolean; loopbackOnly: boolean },
  problem: Report,
): void {
  if (!v.LIAISON_BOT_APP_ID) {
    // Without an app id the bot cannot check the Bot Framework's tokens: anyone who can reach
    // /api/messages could act as anyone. Only a loopback-bound local instance may run so.
    if (where.production)
      problem('LIAISON_BOT_APP_ID', 'required in production (the Azure Bot registration)');
    else if (!where.loopbackOnly)
      problem(
        'LIAISON_BOT_APP_ID',
        'required unless the server is bound to loopback (an empty app id accepts unsigned messages)',
      );
    for (const name of [
      'LIAISON_BOT_APP_TYPE',
      'LIAISON_BOT_APP_PASSWORD',
      'LIAISON_BOT_TENANT_ID',
    ] as const)
      if (v[name] !== undefined) problem(name, 'has no effect without LIAISON_BOT_APP_ID');
    return;
  }
  const type = v.LIAISON_BOT_APP_TYPE ?? 'SingleTenant';
  if (type === 'SingleTenant' && !v.LIAISON_BOT_APP_PASSWORD)
    problem('LIAISON_BOT_APP_PASSWORD', 'required for a SingleTenant bot (its client secret)');
  if (type === 'UserAssignedMSI' && v.LIAISON_BOT_APP_PASSWORD)
    problem(
      'LIAISON_BOT_APP_PASSWORD',
      'must not be set for a managed identity (it has no secret)',
    );
  if (!v.LIAISON_BOT_TENANT_ID && !v.LIAISON_ENTRA_TENANT_ID)
    problem(
      'LIAISON_BOT_TENANT_ID',
      'required (or LIAISON_ENTRA_TENANT_ID) for a single-tenant bot',
    );
  if (where.production && v.LIAISON_PLAYGROUND === 'on')
    problem('LIAISON_PLAYGROUND', "cannot be 'on' in production (it is a development tool)");
}

function checkGraph(v: Values, where: { production: boolean }, problem: Report): void {
  if (!v.LIAISON_GRAPH_CLIENT_ID) {
    if (v.LIAISON_STORE === 'sharepoint')
      problem(
        'LIAISON_STORE',
        "'sharepoint' needs LIAISON_GRAPH_CLIENT_ID (the store is reached through Graph)",
      );
    // Everything Graph-related after the client id in CONFIG_VARIABLES needs it.
    const needsGraph = CONFIG_VARIABLES.slice(CONFIG_VARIABLES.indexOf('LIAISON_GRAPH_TENANT_ID'));
    // Switching a Graph job off is harmless without Graph; switching it on is a mistake.
    const offSwitches: readonly string[] = ['LIAISON_MAIL_SIGNALS', 'LIAISON_DEADLINE_CALENDARS'];
    for (const name of needsGraph)
      if (v[name] !== undefined && !(offSwitches.includes(name) && v[name] === 'off'))
        problem(name, 'has no effect without LIAISON_GRAPH_CLIENT_ID');
    // Guardians and the child's solicitor are outside the tenant: email is their only channel.
    if (where.production && (v.LIAISON_DELIVERY ?? 'on') === 'on')
      problem(
        'LIAISON_GRAPH_CLIENT_ID',
        'required in production while delivery is on (email to people outside Teams goes through Graph)',
      );
    return;
  }
  if (!v.LIAISON_GRAPH_TENANT_ID && !v.LIAISON_ENTRA_TENANT_ID)
    problem('LIAISON_GRAPH_TENANT_ID', 'required (or LIAISON_ENTRA_TENANT_ID)');
  const secret = v.LIAISON_GRAPH_CLIENT_SECRET !== undefined;
  const certificate = v.LIAISON_GRAPH_CERTIFICATE_PATH !== undefined;
  if (secret === certificate)
    problem(
      'LIAISON_GRAPH_CLIENT_SECRET',
      'set exactly one of LIAISON_GRAPH_CLIENT_SECRET and LIAISON_GRAPH_CERTIFICATE_PATH',
    );
  if (certificate !== (v.LIAISON_GRAPH_CERTIFICATE_THUMBPRINT !== undefined))
    problem(
      'LIAISON_GRAPH_CERTIFICATE_THUMBPRINT',
      'goes with LIAISON_GRAPH_CERTIFICATE_PATH (both or neither)',
    );
  if (v.LIAISON_STORE === 'sharepoint' && !v.LIAISON_SHAREPOINT_SITE)
    problem('LIAISON_SHAREPOINT_SITE', "required when LIAISON_STORE is 'sharepoint'");
  if (where.production && !v.LIAISON_MAIL_FROM && (v.LIAISON_DELIVERY ?? 'on') === 'on')
    problem(
      'LIAISON_MAIL_FROM',
      'required in production while delivery is on (the service mailbox)',
    );
  for (const name of ['LIAISON_GRAPH_URL', 'LIAISON_GRAPH_LOGIN_URL'] as const) {
    const url = v[name];
    if (url && url.protocol !== 'https:' && (where.production || !isLoopbackHost(url.hostname)))
      problem(name, 'must use https (http only for a loopback test service, locally)');
  }
}

/** Change notifications: an https address Microsoft 365 can reach, and the secret with it. */
function checkNotifications(
  v: Values,
  set: (name: Variable) => boolean,
  where: { production: boolean },
  problem: Report,
): void {
  const url = v.LIAISON_GRAPH_NOTIFICATION_URL;
  // Set but refused (too short) is reported once, by its own check.
  const secret = set('LIAISON_GRAPH_NOTIFICATION_SECRET');
  if (!set('LIAISON_GRAPH_NOTIFICATION_URL')) {
    if (secret)
      problem(
        'LIAISON_GRAPH_NOTIFICATION_SECRET',
        'has no effect without LIAISON_GRAPH_NOTIFICATION_URL',
      );
    return;
  }
  if (!url) return;
  if (url.protocol !== 'https:' && (where.production || !isLoopbackHost(url.hostname)))
    problem(
      'LIAISON_GRAPH_NOTIFICATION_URL',
      'must use https (Graph posts only to https; http only for a loopback test service, locally)',
    );
  // Graph would post to an address nothing answers, and every subscription would fail.
  if (!/\/api\/graph\/notifications$/.test(url.pathname))
    problem(
      'LIAISON_GRAPH_NOTIFICATION_URL',
      'must be the public address of /api/graph/notifications (e.g. https://liaison.council.gov.uk/api/graph/notifications)',
    );
  if (!secret)
    problem(
      'LIAISON_GRAPH_NOTIFICATION_SECRET',
      'required when LIAISON_GRAPH_NOTIFICATION_URL is set (the clientState Graph sends back)',
    );
  if (v.LIAISON_MAIL_SIGNALS === 'off')
    problem('LIAISON_GRAPH_NOTIFICATION_URL', "has no effect while LIAISON_MAIL_SIGNALS is 'off'");
}

function graphConfig(v: Values): Pick<CommonConfig, 'graph' | 'mail' | 'sharePointSite'> {
  if (!v.LIAISON_GRAPH_CLIENT_ID) return {};
  const graph: GraphConfig = {
    tenantId: (v.LIAISON_GRAPH_TENANT_ID ?? v.LIAISON_ENTRA_TENANT_ID ?? '').toLowerCase(),
    clientId: v.LIAISON_GRAPH_CLIENT_ID.toLowerCase(),
    graphUrl: formatPublicUrl(v.LIAISON_GRAPH_URL ?? new URL('https://graph.microsoft.com')),
    loginUrl: formatPublicUrl(
      v.LIAISON_GRAPH_LOGIN_URL ?? new URL('https://login.microsoftonline.com'),
    ),
  };
  if (v.LIAISON_GRAPH_CLIENT_SECRET) graph.clientSecret = v.LIAISON_GRAPH_CLIENT_SECRET;
  if (v.LIAISON_GRAPH_CERTIFICATE_PATH && v.LIAISON_GRAPH_CERTIFICATE_THUMBPRINT)
    graph.certificate = {
      path: v.LIAISON_GRAPH_CERTIFICATE_PATH,
      thumbprintSha256: v.LIAISON_GRAPH_CERTIFICATE_THUMBPRINT.toLowerCase(),
    };
  return {
    graph,
    ...(v.LIAISON_MAIL_FROM ? { mail: { from: v.LIAISON_MAIL_FROM } } : {}),
    ...(v.LIAISON_SHAREPOINT_SITE ? { sharePointSite: v.LIAISON_SHAREPOINT_SITE } : {}),
  };
}

function botConfig(v: Values): BotConfig {
  if (!v.LIAISON_BOT_APP_ID) return { appType: 'SingleTenant' };
  const tenantId = v.LIAISON_BOT_TENANT_ID ?? v.LIAISON_ENTRA_TENANT_ID;
  return {
    appId: v.LIAISON_BOT_APP_ID.toLowerCase(),
    appType: v.LIAISON_BOT_APP_TYPE ?? 'SingleTenant',
    ...(v.LIAISON_BOT_APP_PASSWORD ? { appPassword: v.LIAISON_BOT_APP_PASSWORD } : {}),
    ...(tenantId ? { tenantId: tenantId.toLowerCase() } : {}),
  };
}

/** Production's checks guarantee Entra; this keeps the type honest without a non-null assertion. */
function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('configuration invariant broken: Entra missing');
  return value;
}

function isUnset(env: Record<string, string | undefined>, name: string): boolean {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '';
}

function portFromPlatform(raw: string | undefined, problem: Report): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = integer(1, 65535).safeParse(raw.trim());
  if (parsed.success) return parsed.data;
  problem('PORT', parsed.error.issues[0]?.message ?? 'is invalid');
  return undefined;
}

function isHostOrAddress(h: string): boolean {
  const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  if (/^[0-9a-f:.]+$/i.test(bare) && bare.includes(':')) return true; // IPv6; listen() has the last word
  return /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
    bare,
  );
}

function parsePublicUrl(raw: string, ctx: z.RefinementCtx<string>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an absolute URL, e.g. https://liaison.example.gov.uk',
    });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    ctx.addIssue({ code: 'custom', message: 'must be an http or https URL' });
  else if (url.search || url.hash || url.username || url.password)
    ctx.addIssue({ code: 'custom', message: 'must not carry a query, fragment or credentials' });
  return url;
}

function localUrl(h: string, port: number): URL {
  const bare = h.startsWith('[') ? h : h.includes(':') ? `[${h}]` : h;
  return new URL(`http://${bare}:${port}`);
}

function formatPublicUrl(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The seal key and the anchors: beside the data folder locally, never inside it. */
function auditConfig(v: Values, dataDir: string): AuditConfig {
  const beside = (suffix: string) => `${dataDir.replace(/[\\/]+$/, '')}${suffix}`;
  return {
    sealKey: v.LIAISON_SEAL_KEY
      ? { base64: v.LIAISON_SEAL_KEY }
      : { file: v.LIAISON_SEAL_KEY_FILE ?? beside('-seal.key') },
    ...(v.LIAISON_ANCHOR_FILE || !v.LIAISON_ANCHOR_CONNECTION_STRING
      ? { anchorFile: v.LIAISON_ANCHOR_FILE ?? beside('-anchors.log') }
      : {}),
    ...(v.LIAISON_ANCHOR_CONNECTION_STRING
      ? {
          appInsights: {
            connectionString: v.LIAISON_ANCHOR_CONNECTION_STRING,
            ...(v.LIAISON_ANCHOR_WORKSPACE_ID
              ? { workspaceId: v.LIAISON_ANCHOR_WORKSPACE_ID.toLowerCase() }
              : {}),
          },
        }
      : {}),
  };
}
