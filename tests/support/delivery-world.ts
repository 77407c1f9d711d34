/**
 * A world for delivery tests and benches: people who each have a Teams personal chat with the
 * bot (its conversation reference points at the loopback connector), a case per person with open
 * obligations, and reminder outbox items for them; and the production delivery path over it:
 * the real `Dispatcher`, `TeamsNotifier` (the Agents SDK's `CloudAdapter` without an app id, as with
 * the local emulator), `RateLimiter`, SQLite store, case service and card renderer.
 */
import { createAdapter } from '../../bot/adapter';
import {
  handoverMessage,
  notificationMessage,
  serviceNoticeMessage,
  weeklyDigestMessage,
} from '../../bot/notifications';
import { RateLimiter } from '../../bot/rate-limits';
import { TeamsNotifier } from '../../bot/teams-notifier';
import {
  resolveCouncilConfig,
  type Clock,
  type MailboxStatus,
  type NewOutboxItem,
  type Person,
} from '../../core';
import { composeCases, type Cases } from '../../server/cases/cases';
import { Dispatcher } from '../../server/delivery/dispatcher';
import { Scheduler } from '../../server/delivery/scheduler';
import { createLogger, type Logger } from '../../server/logging';
import type { Store } from '../../server/store/open-store';

import { loopbackReference } from './loopback-connector';

export const systemClock: Clock = { now: () => Date.now() };

export function engineSettings(councilConfig: unknown = {}) {
  const settings = resolveCouncilConfig(councilConfig);
  if (!settings.ok) throw new Error('the council configuration does not resolve');
  return settings.value;
}

export interface WorldOptions {
  /** People, each with a conversation of their own and a case. */
  conversations: number;
  /** The loopback connector's URL, put in every conversation reference. */
  serviceUrl: string;
  /** What each case has been through (default: an application and an ICO, in January 2026). */
  events?: (i: number) => { type: string; at: string }[];
  /** Reminder outbox items to make now (otherwise the scheduler makes what is due). */
  reminders?: ReminderOptions;
}

export interface ReminderOptions {
  /** Per person, at most 8 (the lawyer's obligations in an early case, at each stage). */
  perConversation: number;
  /** The items' reminder point (`availableAt`). */
  availableAt: string;
}

export interface World {
  people: Person[];
  caseIds: string[];
  /** The outbox items made, by key. */
  items: Map<string, NewOutboxItem>;
  conversationOf: Map<string, string>;
}

const ACTOR = { personId: 'system', surface: 'import' as const };

const EARLY_CASE = () => [
  { type: 'application.issued', at: '2026-01-05T11:00:00Z' },
  { type: 'order.made', at: '2026-01-06T11:00:00Z', order: 'ICO' },
];

/** Fills the store; people are `lawyer.n<i>`, their cases `C-<10000+i>`, conversations `a:conv-<i>`. */
export async function seedWorld(
  store: Store,
  service: Cases,
  options: WorldOptions,
): Promise<World> {
  const world: World = { people: [], caseIds: [], items: new Map(), conversationOf: new Map() };
  const indexes = Array.from({ length: options.conversations }, (_, i) => i);
  // In parallel: the store commits writes that arrive together in one transaction.
  await Promise.all(
    indexes.map(async (i) => {
      const person: Person = {
        id: `lawyer.n${i}`,
        displayName: `Lawyer ${i}`,
        email: `lawyer.n${i}@council.example`,
        entraObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        roles: ['lawyer'],
        teams: ['north'],
      };
      const caseId = `C-${10000 + i}`;
      const conversationId = `a:conv-${i}`;
      world.people[i] = person;
      world.caseIds[i] = caseId;
      world.conversationOf.set(person.id, conversationId);
      await store.upsertPerson(person);
      await store.saveConversation({
        entraObjectId: person.entraObjectId!,
        personId: person.id,
        reference: loopbackReference(options.serviceUrl, conversationId, {
          id: `29:user-${i}`,
          aadObjectId: person.entraObjectId!,
        }),
      });
      const created = await store.createCase(
        {
          header: {
            id: caseId,
            childRef: `LCS-${200000 + i}`,
            childInitials: 'A.B.',
            lookedAfterBeforeProceedings: false,
            packs: ['iro-legal', 'iro-guardian'],
          },
          team: 'north',
          members: [{ personId: person.id, role: 'lawyer' }],
        },
        ACTOR,
      );
      if (!created) throw new Error(`case ${caseId} exists`);
      const appended = await store.append({
        caseId,
        expectedVersion: 0,
        events: (options.events ?? EARLY_CASE)(i) as never,
        actor: ACTOR,
      });
      if (appended.status !== 'appended') throw new Error(`${caseId}: ${appended.status}`);
    }),
  );
  if (options.reminders) await enqueueReminders(store, service, world, options.reminders);
  return world;
}

/**
 * Reminder outbox items for every person in the world, as the scheduler makes them (kind,
 * payload, key `<obligation>:<stage>:<person>`): the lawyer's open obligations, each at its
 * reminder stages and then overdue, `perConversation` of them, available at `availableAt`.
 */
export async function enqueueReminders(
  store: Store,
  service: Cases,
  world: World,
  options: ReminderOptions,
): Promise<NewOutboxItem[]> {
  const items: NewOutboxItem[] = [];
  for (let i = 0; i < world.people.length; i++) {
    const view = await service.systemView(world.caseIds[i]!);
    const person = world.people[i]!;
    const candidates = view!.evaluation.obligations
      .filter((o) => o.responsible.includes('lawyer'))
      .flatMap((o) =>
        [...o.reminders.map((r) => r.stage), 'overdue'].map((stage) => ({ o, stage })),
      )
      .slice(0, options.perConversation);
    if (candidates.length < options.perConversation)
      throw new Error(`only ${candidates.length} reminders to make for ${world.caseIds[i]}`);
    for (const { o, stage } of candidates) {
      const item: NewOutboxItem = {
        key: `${o.id}:${stage}:${person.id}`,
        caseId: world.caseIds[i]!,
        recipient: person.id,
        kind: stage === 'overdue' ? 'obligation.overdue' : 'obligation.reminder',
        payload: { obligation: o.id, rule: o.rule, stage },
        availableAt: options.availableAt,
      };
      items.push(item);
      world.items.set(item.key, item);
    }
  }
  const made = await store.enqueue(items);
  if (made !== items.length) throw new Error(`enqueued ${made} of ${items.length}`);
  return items;
}

export interface DeliveryOptions {
  owner: string;
  leaseMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** The council's configuration (default: the protocols' own settings). */
  councilConfig?: unknown;
  mailboxStatus?: MailboxStatus;
}

/**
 * The production delivery path: Teams only (no email), so an item Teams cannot take is parked;
 * and the scheduler that fills the outbox, for those who run it.
 */
export function teamsDelivery(store: Store, options: DeliveryOptions) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const service = composeCases(store, store, engineSettings(options.councilConfig), clock);
  const adapter = createAdapter({ appType: 'SingleTenant' }, logger);
  const limiter = new RateLimiter();
  const notifier = new TeamsNotifier(adapter, undefined, store, limiter);
  const dispatcher = new Dispatcher({
    store,
    service,
    notifiers: [notifier],
    render: notificationMessage,
    renderHandover: handoverMessage,
    renderService: (key, notice) =>
      serviceNoticeMessage(key, notice, 'https://liaison.test/tab/service'),
    renderDigest: (key, digest) =>
      weeklyDigestMessage(key, digest, 'https://liaison.test/tab/deadlines'),
    tabUrl: (caseId) => `http://127.0.0.1/tab/cases/${encodeURIComponent(caseId)}`,
    clock,
    logger,
    owner: options.owner,
    leaseMs: options.leaseMs,
    mailboxStatus: options.mailboxStatus,
  });
  const scheduler = new Scheduler({ store, service, clock, logger, owner: options.owner });
  return { service, dispatcher, scheduler, notifier, limiter };
}

/** The outbox as it stands, for every case in the world. */
export async function outboxOf(store: Store, world: World) {
  return (await Promise.all(world.caseIds.map((id) => store.outboxForCase(id)))).flat();
}
