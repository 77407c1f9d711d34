/**
 * The composition root: the only place that reads the environment, opens the store and wires
 * the adapters. `npm start` runs it in local mode (embedded SQLite, demo data, dev sign-in).
 *
 * The one composition root: everything is wired here, so it is long by design.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  createBot,
  handoverMessage,
  notificationMessage,
  serviceNoticeMessage,
  weeklyDigestMessage,
} from '../bot';
import { resolveCouncilConfig, type Clock, type EngineSettings, refuse } from '../core';
import openApiDocument from './http/openapi.json';
import { apiRoutes } from './http/routes';
import { Dispatcher } from './delivery/dispatcher';
import { Scheduler } from './delivery/scheduler';
import { WeeklyDigestJob } from './delivery/weekly-digest-job';
import type { EmailOptions } from './mail/email-content';
import { EmlNotifier } from './mail/eml-notifier';
import { GraphMailNotifier } from './mail/graph-mail-notifier';
import { AcknowledgementLinks } from './outlook-links/acknowledgement-links';
import { acknowledgementLinkKey, LinkTokens } from './outlook-links/link-tokens';
import { graphFromConfig } from './graph/from-config';
import type { Graph } from './graph/graph-client';
import { GraphMailSignals } from './graph/graph-mail-signals';
import { GraphCalendarSignals } from './graph/graph-calendar-signals';
import { GraphMailboxStatus } from './graph/graph-mailbox-status';
import { GraphDeadlineCalendar } from './graph/graph-deadline-calendar';
import { DeadlineCalendars } from './outlook-calendar/deadline-calendars';
import { MailSync, mailboxSources } from './signals/mail-sync';
import { graphNotifications } from './graph/notifications';
import { GraphSubscriptions } from './graph/subscriptions';
import { authenticate, createDevSignIn, createEntraVerifier, devSignInRouter } from './auth';
import { composeCases } from './cases/cases';
import type { CaseEvaluations } from './cases/evaluations';
import { IroAlertEmail } from './cases/iro-alert-email';
import { CaseRegister } from './reports/case-register';
import { ComplianceReports } from './reports/compliance-report';
import { LateNow } from './reports/late-now';
import { ServiceDuties } from './service/service-duties';
import { ServiceDutiesJob } from './service/service-duties-job';
import { ConfigError, describeConfig, loadConfig, type Config } from './config';
import { DEMO_PEOPLE, seedDemo } from './demo/demo-data';
import { sendProblem } from './http/problem';
import { tabRouter } from './http/tab';
import { idempotency } from './http/idempotency';
import { securePrivateFolder } from './data-folder';
import { botEndpoint } from './http/bot-endpoint';
import { AuditAnchoring, AuditCheckJob } from './audit/audit-jobs';
import { auditAnchorOf } from './audit/anchors';
import { loadSealKey } from './audit/seal-key';
import { startPlayground } from './playground';
import { createApp, listen } from './http/app';
import { createLogger, type Logger } from './logging';
import { openStore, type Store } from './store/open-store';

const systemClock: Clock = { now: () => Date.now() };

export function councilSettings(config: Config): EngineSettings {
  let raw: unknown = {};
  if (config.councilConfigPath) {
    try {
      raw = JSON.parse(readFileSync(config.councilConfigPath, 'utf8'));
    } catch (e) {
      throw new ConfigError([
        {
          variable: 'LIAISON_COUNCIL_CONFIG',
          reason: `cannot read ${config.councilConfigPath}: ${(e as Error).message}`,
        },
      ]);
    }
  }
  const settings = resolveCouncilConfig(raw);
  if (!settings.ok) {
    throw new ConfigError(
      settings.issues.map((i) => ({
        variable: 'LIAISON_COUNCIL_CONFIG',
        reason: `${i.path}: ${i.message}`,
      })),
    );
  }
  return settings.value;
}

/**
 * Where the tab shows a case, and the services' duties: cards' and emails' "Open in tab" links.
 * With the Teams app's id (Microsoft 365 mode) they are Teams deep links to the personal tab,
 * which open inside Teams (desktop, web and mobile) at that page; `webUrl` is where a client
 * that cannot show the tab goes instead. Locally, plain addresses of the local tab.
 */
export function tabLinks(publicUrl: string, teamsAppId?: string) {
  const plain = (page: string) => `${publicUrl}/tab/${page}`;
  const link = (page: string, label: string) =>
    teamsAppId
      ? `https://teams.microsoft.com/l/entity/${teamsAppId}/${TAB_ENTITY}?` +
        new URLSearchParams({
          webUrl: plain(page),
          label,
          context: JSON.stringify({ subEntityId: page }),
        }).toString()
      : plain(page);
  return {
    tab: (caseId?: string) =>
      caseId
        ? link(`cases/${encodeURIComponent(caseId)}`, `Case ${caseId}`)
        : link('', 'IRO Liaison'),
    /** The tab's Service duties view: the monthly registers and the link meetings. */
    service: link('service', 'Service duties'),
    /** My deadlines, where the weekly digest leads. */
    deadlines: link('deadlines', 'My deadlines'),
  };
}

/** The personal tab's `entityId` in the app manifest (appPackage/manifest.json). */
const TAB_ENTITY = 'deadlines';

/**
 * Email through Graph from the service mailbox; locally, without one, `.eml` files. Either way
 * with the card for people in the tenant (given an originator) and a link for the rest.
 */
function emailNotifier(
  config: Config,
  clock: Clock,
  graph: Graph | undefined,
  links: AcknowledgementLinks,
) {
  const options: EmailOptions = {
    ...(config.outlook.actionableMessageOriginator
      ? { originator: config.outlook.actionableMessageOriginator }
      : {}),
    acknowledgementLink: (recipient, about) => links.linkFor(recipient, about),
    ownAddresses: [`${config.http.publicUrl}/`, 'https://teams.microsoft.com/l/'],
  };
  if (graph && config.mail) return new GraphMailNotifier(graph, config.mail.from, options);
  return new EmlNotifier(
    join(config.store.dataDir, 'mail'),
    `no-reply@${new URL(config.http.publicUrl).hostname}`,
    () => clock.now(),
    options,
  );
}

/** Whom the Playground that `npm start` opens is signed in as. */
const PLAYGROUND_PERSON = 'lawyer.jones';

export interface Running {
  url: string;
  /** The store the process opened (for tools and tests that inspect it, e.g. the audit trail). */
  store: Store;
  /** Each case's evaluation while it holds, shared by the API, the bot and the dispatcher. */
  evaluations: CaseEvaluations;
  /** Background delivery (started unless switched off); tests drive them by hand. */
  scheduler: Scheduler;
  /** The services' duties job (the monthly register); tests run rounds by hand. */
  serviceJob: ServiceDutiesJob;
  /** The weekly digest job; tests run rounds by hand. */
  digestJob: WeeklyDigestJob;
  dispatcher: Dispatcher;
  /** The audit trail's anchoring and its daily check; tests run rounds by hand. */
  auditAnchoring: AuditAnchoring;
  auditCheck: AuditCheckJob;
  /** Deadlines in Outlook calendars (with Graph, unless off); tests run rounds by hand. */
  deadlineCalendars?: DeadlineCalendars;
  /** Graph change notifications' subscriptions, when configured; tests run rounds by hand. */
  subscriptions?: GraphSubscriptions;
  close(): Promise<void>;
}

export async function start(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<Running> {
  const settings = councilSettings(config);
  securePrivateFolder(config.store.dataDir);
  // One Graph connection for the process, so the per-mailbox limit holds across all its uses.
  const connection = graphFromConfig(config);
  const graph = connection?.app;
  // The audit trail's key, never kept in the store; where its head is anchored, outside it.
  const seal = loadSealKey(config.audit.sealKey);
  const anchor = auditAnchorOf(config);
  const {
    store,
    serviceLog,
    registers,
    digestPreferences,
    idempotency: replays,
    canWrite,
  } = await openStore(config, graph, clock, seal);
  if (config.demoSeed && (await store.people()).length === 0) {
    const added = await seedDemo(store, store, clock.now(), serviceLog);
    logger.info({ cases: added }, 'seeded demo people and cases into the empty store');
  }
  const service = composeCases(store, store, settings, clock);
  // Acknowledging from an email without signing in, for people outside the tenant.
  const acknowledgementLinks = new AcknowledgementLinks({
    tokens: new LinkTokens(acknowledgementLinkKey(config.outlook.acknowledgementLinks, seal)),
    cases: service,
    directory: store,
    audit: store,
    clock,
    publicUrl: config.http.publicUrl,
    days: config.outlook.acknowledgementLinks.days,
  });
  // The reports share the use cases' kept evaluations: a case is evaluated once between changes.
  const { evaluations } = service;
  const register = new CaseRegister({ store, directory: store, evaluations, clock });
  const serviceDuties = new ServiceDuties({
    log: serviceLog,
    store,
    publisher: registers,
    settings,
    clock,
  });
  const dev = createDevSignIn({ enabled: config.devSignIn });
  const links = tabLinks(config.http.publicUrl, config.teamsAppId);
  const bot = createBot(config.bot, {
    operations: service,
    directory: store,
    store,
    clock,
    links,
    log: logger,
    ...(config.outlook.actionableMessageOriginator
      ? { outlookOriginator: config.outlook.actionableMessageOriginator }
      : {}),
  });
  const entra = config.entra
    ? createEntraVerifier({
        tenantId: config.entra.tenantId,
        audience: [...config.entra.audience],
        requiredScope: config.entra.requiredScope,
      })
    : undefined;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Graph change notifications: a mail folder or calendar is read as soon as Graph says it
  // changed (the 5-minute rounds below stay the backstop). `mailSync` is made further down; the
  // sink runs only when a notification arrives.
  const subscriptions =
    graph && config.graphNotifications
      ? new GraphSubscriptions({
          graph,
          store,
          targets: async () => mailboxSources(await store.people(), true),
          notificationUrl: config.graphNotifications.url,
          clientState: config.graphNotifications.secret,
          clock,
          logger,
          owner,
        })
      : undefined;
  const notifications =
    subscriptions &&
    config.graphNotifications &&
    graphNotifications({
      clientState: config.graphNotifications.secret,
      subscriptions,
      changed: async (mailbox, source) => mailSync?.syncFolder(mailbox, source),
      logger,
    });
  const app = createApp({
    config,
    logger,
    // Ready when the store can take writes (a full disk is not ready).
    ready: canWrite,
    mount: (a) => {
      a.get('/openapi.json', (_req, res) => {
        res.json(openApiDocument);
      });
      if (dev.enabled) a.use(devSignInRouter(dev, store));
      // The Bot Framework authenticates its own requests (before the API's bearer tokens).
      a.post(
        '/api/messages',
        botEndpoint((req, res) => bot.messages(req, res), logger),
      );
      a.all('/api/messages', (_req, res) => {
        sendProblem(res, refuse('method-not-allowed', 'The Bot Framework posts activities here.'));
      });
      // Microsoft Graph sends no token either: its notifications carry the clientState secret.
      if (notifications) a.use(notifications.router);
      a.use(
        '/api',
        authenticate({ entra, dev, directory: store, logger, clock: () => clock.now() }),
        // Every state-changing request sent with an Idempotency-Key: a retry gets the first answer.
        idempotency({ records: replays, now: () => clock.now(), logger }),
      );
      a.use(
        apiRoutes({
          service,
          store,
          clock,
          reports: {
            compliance: new ComplianceReports({ store, evaluations, clock }),
            register,
            lateNow: new LateNow(store, store, evaluations, settings, clock),
          },
          serviceDuties,
          digest: { preferences: digestPreferences, schedule: settings.digest },
          acknowledgementLinks,
          ...(connection && {
            iroAlertEmail: new IroAlertEmail({
              asPerson: (token) => connection.asPerson(token),
              store,
              caseLink: (caseId) => links.tab(caseId),
            }),
          }),
        }),
      );
      // dist/server/main.js finds dist/tab beside it; run from source (tests), the built one.
      const tab =
        tabRouter(join(__dirname, '..', 'tab')) ?? tabRouter(join(__dirname, '..', 'dist', 'tab'));
      if (tab) a.use('/tab', tab);
      else logger.warn('the tab is not built (npm run build); /tab is not served');
    },
  });
  // What every background job of this instance works with (each takes its own lease).
  const background = { store, service, clock, logger, owner };
  const auditAnchoring = new AuditAnchoring({ store, anchor, clock, logger });
  const auditCheck = new AuditCheckJob({ store, key: seal, anchor, clock, logger, owner });
  const mailSync =
    graph && config.mailSignals
      ? new MailSync({
          ...background,
          signals: new GraphMailSignals(graph),
          calendars: new GraphCalendarSignals(graph, clock),
        })
      : undefined;
  // Open deadlines as events in the responsible people's own Outlook calendars.
  const deadlineCalendars =
    graph && config.deadlineCalendars
      ? new DeadlineCalendars({
          ...background,
          calendar: new GraphDeadlineCalendar(graph, {
            endOfDay: settings.endOfDay,
            caseLink: (caseId) => links.tab(caseId),
          }),
        })
      : undefined;
  // Background delivery: the scheduler fills the outbox, the dispatcher empties it.
  const scheduler = new Scheduler(background);
  // Each person's weekly digest of what is late and due, on their day.
  const digestJob = new WeeklyDigestJob({
    ...background,
    preferences: digestPreferences,
    settings,
  });
  // The services' own duties: the monthly register produced and published, and their notices.
  const serviceJob = new ServiceDutiesJob({
    ...background,
    log: serviceLog,
    register,
    publisher: registers,
    settings,
  });
  const dispatcher = new Dispatcher({
    ...background,
    notifiers: [bot.notifier, emailNotifier(config, clock, graph, acknowledgementLinks)],
    render: notificationMessage,
    renderHandover: handoverMessage,
    renderService: (key, notice, forWhom) =>
      serviceNoticeMessage(key, notice, links.service, forWhom),
    renderDigest: (key, digest, forWhom) =>
      weeklyDigestMessage(key, digest, links.deadlines, forWhom),
    tabUrl: (caseId) => links.tab(caseId),
    mailboxStatus: graph && new GraphMailboxStatus(graph, logger),
  });
  const { server, url } = await listen(app, config);
  if (config.delivery) {
    scheduler.start();
    serviceJob.start();
    digestJob.start();
    dispatcher.start();
    mailSync?.start();
    deadlineCalendars?.start();
    subscriptions?.start();
    auditAnchoring.start();
    auditCheck.start();
  }
  logger.info({ url, calendar: settings.calendar.version.id }, 'listening');
  return {
    evaluations: service.evaluations,
    url,
    store,
    scheduler,
    serviceJob,
    digestJob,
    dispatcher,
    auditAnchoring,
    auditCheck,
    ...(deadlineCalendars ? { deadlineCalendars } : {}),
    ...(subscriptions ? { subscriptions } : {}),
    close: async () => {
      // Finish what is in hand (a send completes and is recorded), then stop taking requests.
      await Promise.all([
        scheduler.stop(),
        serviceJob.stop(),
        digestJob.stop(),
        dispatcher.stop(),
        mailSync?.stop(),
        deadlineCalendars?.stop(),
        subscriptions?.stop(),
        notifications?.drain(),
        auditCheck.stop(),
      ]);
      try {
        await new Promise<void>((resolve, reject) =>
          server.close((err) => (err ? reject(err) : resolve())),
        );
        // The last writes anchored before the store closes.
        await auditAnchoring.stop();
      } finally {
        await store.close();
      }
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.log.level });
  logger.info({ config: describeConfig(config) }, 'starting');
  const running = await start(config, logger);
  // Local mode: a Teams client emulator, signed in as a demo lawyer, to chat with the bot.
  const playground = config.playground
    ? await startPlayground({
        botUrl: running.url,
        as: (await running.store.person(PLAYGROUND_PERSON)) ?? DEMO_PEOPLE[0]!,
        people: await running.store.people(),
        dataDir: config.store.dataDir,
      }).catch((err: unknown) => {
        logger.warn({ err }, 'the Agents Playground did not start; the bot still runs');
        return undefined;
      })
    : undefined;
  process.stdout.write(
    `\nIRO Liaison is running (${config.mode} mode)\n` +
      `  Tab:        ${running.url}/tab/${config.devSignIn ? ' (sign in as any demo person)' : ''}\n` +
      `  API:        ${running.url}/openapi.json (the API's description; calls need a token)\n` +
      `  Health:     ${running.url}/healthz\n` +
      `  Bot:        ${running.url}/api/messages (for Teams and the Agents Playground)\n` +
      (playground
        ? `  Teams (Agents Playground, as ${PLAYGROUND_PERSON}): ${playground.url}\n` +
          `    another person: npm run playground -- iro.patel\n`
        : '') +
      (config.devSignIn
        ? `  Demo people: ${running.url}/api/dev/people (sign in with POST /api/dev/sign-in)\n`
        : '') +
      '\n',
  );
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    Promise.all([playground?.close(), running.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(
      `${e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e))}\n`,
    );
    process.exit(1);
  });
}
