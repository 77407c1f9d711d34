/**
 * Cards already in people's Teams chats follow the obligation: when it is met (or acknowledged,
 * waived, reported as not possible) on any surface, the dispatcher updates each posted card in
 * place (`updateActivity`), through the real Teams notifier, store and renderer, against the
 * loopback connector. A card Teams no longer has is left alone, and the chat is not forgotten.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARD_UPDATE } from '../../../core';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { seedWorld, systemClock, teamsDelivery } from '../../support/delivery-world';
import { LoopbackConnector } from '../../support/loopback-connector';
import type { Store } from '../../../server/store/open-store';

jest.setTimeout(60_000);

let dir: string;
let connector: LoopbackConnector;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-card-updates-'));
  connector = await LoopbackConnector.start();
  store = openSqliteStore(join(dir, 'liaison.db'), systemClock);
});
afterEach(async () => {
  await store.close();
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
});

const ACTOR = { personId: 'lawyer.n0', surface: 'tab' as const };

async function postedReminder() {
  const delivery = teamsDelivery(store, { owner: 'card-updates' });
  const world = await seedWorld(store, delivery.service, {
    conversations: 1,
    serviceUrl: connector.url,
    reminders: { perConversation: 1, availableAt: new Date().toISOString() },
  });
  expect(await delivery.dispatcher.runOnce()).toBe(1);
  const [sent] = await store.outboxForCase(world.caseIds[0]!);
  expect(sent).toMatchObject({ channel: 'teams', sentRef: connector.accepted[0]!.id });
  return { ...delivery, world, sent: sent!, lawyer: world.people[0]! };
}

function textOf(card: unknown): string {
  return JSON.stringify(card);
}

test('an obligation met from the tab updates the reminder card already in the chat', async () => {
  const { dispatcher, service, world, sent, lawyer } = await postedReminder();
  const obligation = (sent.payload as { obligation: string }).obligation;

  const done = await service.actOnObligation(lawyer, obligation, 'complete', {}, ACTOR);
  expect(done.obligation.status).toMatch(/^met/);

  // One update item for the obligation; it is not a delivery the case lists (meeting it
  // brought a new obligation, whose notice is).
  const outbox = await store.outboxForCase(world.caseIds[0]!);
  const updates = outbox.filter((i) => i.kind === CARD_UPDATE);
  expect(updates.map((i) => i.payload)).toEqual([{ obligation }]);
  const view = await service.getCase(lawyer, world.caseIds[0]!, ACTOR);
  expect(view.deliveries.map((d) => d.stage)).toEqual(['reminder-1', 'new']);

  expect(await dispatcher.runOnce()).toBe(2);
  expect(connector.updates).toHaveLength(1);
  const update = connector.updates[0]!;
  expect(update.id).toBe(sent.sentRef);
  expect(update.conversationId).toBe(world.conversationOf.get(lawyer.id));
  // The card now shows the obligation as it is, with nothing left to press.
  expect(textOf(update.card)).not.toMatch(/Reminder: due/);
  expect(textOf(update.card)).not.toMatch(/"verb":"complete"/);
  // No second message about it: the person is not notified again (the other is the new notice).
  expect(connector.accepted.map((a) => a.key)).toEqual([sent.key, expect.stringMatching(/:new:/)]);
  const settled = (await store.outboxForCase(world.caseIds[0]!)).find(
    (i) => i.kind === CARD_UPDATE,
  );
  expect(settled).toMatchObject({ channel: 'teams' });
  const audit = await store.readAudit(0, 1000);
  expect(audit.map((a) => a.action)).toContain('notification.updated');
});

test('a card Teams no longer has is left alone, and the chat stays known', async () => {
  const { dispatcher, service, world, sent, lawyer } = await postedReminder();
  const obligation = (sent.payload as { obligation: string }).obligation;
  // The connector forgets the posted activity (e.g. the person deleted the chat's history).
  connector.accepted.splice(0);

  await service.actOnObligation(lawyer, obligation, 'complete', {}, ACTOR);
  expect(await dispatcher.runOnce()).toBe(2);

  expect(connector.updates).toEqual([]);
  expect(connector.requests.filter((r) => r.status === 404)).toHaveLength(1);
  const settled = (await store.outboxForCase(world.caseIds[0]!)).find(
    (i) => i.kind === CARD_UPDATE,
  );
  expect(settled).toMatchObject({ channel: 'not-needed' });
  expect(await store.conversationOf(lawyer.id)).toBeDefined();
});

test('an obligation with no card posted about it costs no request to Teams', async () => {
  const { dispatcher, service, world, lawyer } = await postedReminder();
  const requests = connector.requests.length;
  // The case's looked-after start changes obligations none of whose cards went out.
  await service.recordEvent(
    lawyer,
    world.caseIds[0]!,
    { event: { type: 'looked-after.started', at: '2026-01-07T10:00:00Z' } },
    ACTOR,
  );
  const updates = (await store.outboxForCase(world.caseIds[0]!)).filter(
    (i) => i.kind === CARD_UPDATE,
  );
  expect(updates.length).toBeGreaterThan(0);
  await dispatcher.runOnce();
  const settled = (await store.outboxForCase(world.caseIds[0]!)).filter(
    (i) => i.kind === CARD_UPDATE,
  );
  expect(settled.every((i) => i.channel === 'not-needed')).toBe(true);
  expect(connector.requests.slice(requests).filter((r) => r.status === 200)).toEqual([]);
});
