/**
 * "If it is not possible to contact the IRO, the IRO Team Manager should be contacted." A card
 * that reaches an IRO whose automatic replies are on (read from their mailbox settings through
 * Graph, here the Graph double) goes to the case team's IRO Team Manager as well, saying why;
 * with replies off, or when the mailbox cannot be asked, only the IRO gets it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '../../../core';
import { GraphMailboxStatus } from '../../../server/graph/graph-mailbox-status';
import { createLogger } from '../../../server/logging';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { seedAlertedCase } from '../../support/case-mail';
import { systemClock, teamsDelivery } from '../../support/delivery-world';
import { GraphDouble, graphClientFor } from '../../support/graph-double';
import { LoopbackConnector, loopbackReference } from '../../support/loopback-connector';
import type { Store } from '../../../server/store/open-store';

jest.setTimeout(30_000);

const person = (id: string, roles: Person['roles'], n: number): Person => ({
  id,
  displayName: id,
  email: `${id}@council.example.gov.uk`,
  entraObjectId: `00000000-0000-4000-8000-00000000000${n}`,
  roles,
  teams: ['north'],
});
const IRO = person('iro.patel', ['iro'], 1);
const MANAGER = person('mgr.ahmed', ['iro-team-manager'], 2);
const LAWYER = person('lawyer.jones', ['lawyer'], 3);
const ADMIN = person('admin.wood', ['iro-admin'], 4);
const OTHER_MANAGER = person('mgr.okafor', ['iro-team-manager'], 5);

let dir: string;
let double: GraphDouble;
let connector: LoopbackConnector;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-ooo-'));
  double = await GraphDouble.start();
  double.mail.addMailbox(IRO.email!);
  connector = await LoopbackConnector.start();
  store = openSqliteStore(join(dir, 'liaison.db'), systemClock);
  for (const [i, p] of [IRO, MANAGER, LAWYER, ADMIN].entries()) {
    await store.upsertPerson(p);
    await store.saveConversation({
      entraObjectId: p.entraObjectId!,
      personId: p.id,
      reference: loopbackReference(connector.url, `a:conv-${i}`, {
        id: `29:user-${i}`,
        aadObjectId: p.entraObjectId!,
      }),
    });
  }
  await seedAlertedCase(store, {
    id: 'C-1',
    lawyer: LAWYER.id,
    iro: IRO.id,
    alertedAt: new Date().toISOString(),
    filingDue: new Date(Date.now() + 20 * 86_400_000).toISOString(),
  });
  // The IRO hears of the draft that is coming (the alert's card).
  await store.enqueue([
    {
      key: 'C-1:draft-final-evidence-to-iro:new:iro.patel',
      caseId: 'C-1',
      recipient: IRO.id,
      kind: 'obligation.new',
      payload: { obligation: 'C-1:draft-final-evidence-to-iro', as: 'recipient' },
      availableAt: new Date().toISOString(),
    },
  ]);
});

afterEach(async () => {
  await store.close();
  await connector.close();
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

function dispatcherWith(maxRetries = 3) {
  const mailboxStatus = new GraphMailboxStatus(
    graphClientFor(double, { maxRetries }),
    createLogger({ level: 'silent' }),
  );
  return teamsDelivery(store, { owner: 'ooo', mailboxStatus }).dispatcher;
}

test('the IRO is away: the IRO Team Manager gets the card too, saying why', async () => {
  double.mail.setAutomaticReplies(IRO.email!, { status: 'alwaysEnabled' });
  const dispatcher = dispatcherWith();
  expect(await dispatcher.runOnce()).toBe(1);
  expect(await dispatcher.runOnce()).toBe(1);
  expect(connector.accepted.map((a) => a.key)).toEqual([
    'C-1:draft-final-evidence-to-iro:new:iro.patel',
    'C-1:draft-final-evidence-to-iro:new:cover:mgr.ahmed',
  ]);
  expect(connector.accepted[1]!.conversationId).toBe('a:conv-1');
  expect(JSON.stringify(connector.accepted[1]!.card)).toContain(
    'Sent to you as well: iro.patel is away (automatic replies on, or a deputy named)',
  );
  expect(JSON.stringify(connector.accepted[0]!.card)).not.toContain('automatic replies');
  const outbox = await store.outboxForCase('C-1');
  expect(outbox.map((i) => [i.recipient, i.channel])).toEqual([
    [IRO.id, 'teams'],
    [MANAGER.id, 'teams'],
  ]);
  // Nothing more to send: the manager is told once.
  expect(await dispatcher.runOnce()).toBe(0);
});

/** Another card for the IRO about the same obligation, due now. */
function reminderForIro() {
  return store.enqueue([
    {
      key: 'C-1:draft-final-evidence-to-iro:reminder-1:iro.patel',
      caseId: 'C-1',
      recipient: IRO.id,
      kind: 'obligation.reminder',
      payload: { obligation: 'C-1:draft-final-evidence-to-iro', stage: 'reminder-1' },
      availableAt: new Date().toISOString(),
    },
  ]);
}

test('a scheduled absence counts only inside its window', async () => {
  const hour = 3_600_000;
  double.mail.setAutomaticReplies(IRO.email!, {
    status: 'scheduled',
    start: new Date(Date.now() + hour).toISOString(),
    end: new Date(Date.now() + 2 * hour).toISOString(),
  });
  const dispatcher = dispatcherWith();
  await dispatcher.runOnce();
  expect(await dispatcher.runOnce()).toBe(0);
  expect(connector.accepted).toHaveLength(1);

  // Inside the window (a new instance, which has not kept the earlier answer): the manager too.
  double.mail.setAutomaticReplies(IRO.email!, {
    status: 'scheduled',
    start: new Date(Date.now() - hour).toISOString(),
    end: new Date(Date.now() + hour).toISOString(),
  });
  await reminderForIro();
  const later = dispatcherWith();
  await later.runOnce();
  await later.runOnce();
  expect(connector.accepted.map((a) => a.key).slice(1)).toEqual([
    'C-1:draft-final-evidence-to-iro:reminder-1:iro.patel',
    'C-1:draft-final-evidence-to-iro:reminder-1:cover:mgr.ahmed',
  ]);
});

test('replies off, or the mailbox cannot be asked: only the IRO gets the card', async () => {
  const dispatcher = dispatcherWith(0);
  await double.accessToken();
  double.failNext(1, 503);
  await dispatcher.runOnce();
  expect(await dispatcher.runOnce()).toBe(0);
  expect(connector.accepted.map((a) => a.key)).toEqual([
    'C-1:draft-final-evidence-to-iro:new:iro.patel',
  ]);
  // The mailbox answers now: replies are off.
  await reminderForIro();
  await dispatcher.runOnce();
  expect(await dispatcher.runOnce()).toBe(0);
  expect(connector.accepted.map((a) => a.key)).toEqual([
    'C-1:draft-final-evidence-to-iro:new:iro.patel',
    'C-1:draft-final-evidence-to-iro:reminder-1:iro.patel',
  ]);
  expect(double.log.filter((r) => r.path.includes('automaticRepliesSetting'))).toHaveLength(2);
});

describe('"In the absence of the Team Manager for the IRO team the Principal Lawyer will liaise with the IRO administrator"', () => {
  /** A card for the IRO Team Manager about the case, due now. */
  const forManager = () =>
    store.enqueue([
      {
        key: 'C-1:draft-final-evidence-to-iro:reminder-1:mgr.ahmed',
        caseId: 'C-1',
        recipient: MANAGER.id,
        kind: 'obligation.reminder',
        payload: { obligation: 'C-1:draft-final-evidence-to-iro', stage: 'reminder-1' },
        availableAt: new Date().toISOString(),
      },
    ]);
  const keys = () => connector.accepted.map((a) => a.key);

  test('automatic replies on: the IRO administrator gets the card too, saying why', async () => {
    double.mail.addMailbox(MANAGER.email!);
    double.mail.setAutomaticReplies(MANAGER.email!, { status: 'alwaysEnabled' });
    const dispatcher = dispatcherWith();
    while ((await dispatcher.runOnce()) > 0);
    await forManager();
    while ((await dispatcher.runOnce()) > 0);
    expect(keys()).toContain('C-1:draft-final-evidence-to-iro:reminder-1:cover:admin.wood');
    const card = connector.accepted.find((a) => a.key?.endsWith(':cover:admin.wood'))!;
    expect(JSON.stringify(card.card)).toContain(
      'Sent to you as well: mgr.ahmed, the IRO Team Manager, is away',
    );
  });

  test('on leave with a deputy: the deputy and the IRO administrator get it', async () => {
    const now = Date.now();
    await store.upsertPerson(OTHER_MANAGER);
    await store.saveConversation({
      entraObjectId: OTHER_MANAGER.entraObjectId!,
      personId: OTHER_MANAGER.id,
      reference: loopbackReference(connector.url, 'a:conv-4', {
        id: '29:user-4',
        aadObjectId: OTHER_MANAGER.entraObjectId!,
      }),
    });
    await store.upsertPerson({
      ...MANAGER,
      deputy: {
        personId: OTHER_MANAGER.id,
        from: new Date(now - 3_600_000).toISOString(),
        until: new Date(now + 86_400_000).toISOString(),
      },
    });
    const dispatcher = dispatcherWith();
    while ((await dispatcher.runOnce()) > 0);
    await forManager();
    while ((await dispatcher.runOnce()) > 0);
    const outbox = await store.outboxForCase('C-1');
    const reminder = outbox.find(
      (i) => i.key === 'C-1:draft-final-evidence-to-iro:reminder-1:mgr.ahmed',
    )!;
    expect(reminder.channel).toBe('teams');
    expect(connector.accepted.find((a) => a.key === reminder.key)!.conversationId).toBe('a:conv-4');
    expect(keys()).toContain('C-1:draft-final-evidence-to-iro:reminder-1:cover:admin.wood');
  });
});
