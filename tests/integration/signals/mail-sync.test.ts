/**
 * Mailbox signals end to end below the HTTP layer: the Graph double's mailboxes, the production
 * Graph connection and `GraphMailSignals`, a real SQLite file and the case service. The lawyer's
 * draft to the IRO is recorded once (it is in both mailboxes), at its sent time, with the message
 * as the audit trail's origin; the IRO's reply in its thread is the comments; a message from the
 * IRO outside the thread is left as a suggestion; a quiet round reads each folder once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '../../../core';
import { composeCases } from '../../../server/cases/cases';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { createLogger } from '../../../server/logging';
import { MailSync } from '../../../server/signals/mail-sync';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { IRO_PERSON, LAWYER_PERSON, seedAlertedCase } from '../../support/case-mail';
import { engineSettings } from '../../support/delivery-world';
import { GraphDouble, graphClientFor, graphMessage } from '../../support/graph-double';
import type { Store } from '../../../server/store/open-store';

const LAWYER = LAWYER_PERSON;
const IRO = IRO_PERSON;
const NOW = Date.parse('2026-12-14T09:00:00Z');

let dir: string;
let double: GraphDouble;
let store: Store;
let sync: MailSync;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-mail-sync-'));
  const clock = { now: () => NOW };
  store = openSqliteStore(join(dir, 'liaison.db'), clock);
  for (const p of [LAWYER, IRO]) await store.upsertPerson(p);
  await seedAlertedCase(store, {
    id: 'C-1042',
    lawyer: LAWYER.id,
    iro: IRO.id,
    alertedAt: '2026-11-20T10:00:00Z',
    filingDue: '2026-12-18T16:00:00+00:00',
  });
  double = await GraphDouble.start();
  double.mail.addMailbox(LAWYER.email!, IRO.email!);
  const service = composeCases(store, store, engineSettings(), clock);
  sync = new MailSync({
    signals: new GraphMailSignals(graphClientFor(double)),
    store,
    service,
    clock,
    logger: createLogger({ level: 'silent' }),
    owner: 'test',
  });
});

afterEach(async () => {
  await store.close();
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A message as both mailboxes hold it: in the sender's Sent Items and the recipient's Inbox. */
function exchange(n: number, from: Person, to: Person, over: Parameters<typeof graphMessage>[1]) {
  const message = graphMessage(n, { from: from.email, to: [to.email!], ...over });
  double.mail.addMessages(from.email!, 'sentitems', [message]);
  double.mail.addMessages(to.email!, 'inbox', [message]);
  return message;
}

const events = async () => (await store.readEvents('C-1042')).map((e) => e.event);

test('the draft is recorded once, at its sent time, with the message in the audit trail', async () => {
  const draft = exchange(1, LAWYER, IRO, {
    subject: '[C-1042] Draft final evidence for A.B.',
    hasAttachments: true,
    sentDateTime: '2026-12-11T15:30:00Z',
  });
  const report = await sync.runOnce();
  expect(report).toMatchObject({ folders: 4, messages: 2, recorded: 1, suggested: 0 });
  const recorded = (await events()).filter((e) => e.type === 'draft.sent-to-iro');
  expect(recorded).toEqual([
    { type: 'draft.sent-to-iro', at: '2026-12-11T15:30:00Z', by: LAWYER.id, surface: 'mail' },
  ]);
  const audit = await store.readAudit(0, 100);
  expect(audit.some((a) => a.actor.origin === `message ${draft.internetMessageId}`)).toBe(true);
  expect(JSON.stringify(audit)).not.toContain('Draft final evidence');
  expect(await store.draftConversationOf('C-1042')).toBe(draft.conversationId);
});

test('the IRO’s reply in the draft’s thread is the comments; a message outside it is a suggestion', async () => {
  const draft = exchange(1, LAWYER, IRO, {
    subject: '[C-1042] Draft final evidence',
    hasAttachments: true,
    sentDateTime: '2026-12-11T15:30:00Z',
  });
  await sync.runOnce();
  exchange(2, IRO, LAWYER, {
    subject: '[C-1042] A question',
    conversationId: 'another-thread',
    sentDateTime: '2026-12-12T09:00:00Z',
  });
  exchange(3, IRO, LAWYER, {
    subject: 'RE: [C-1042] Draft final evidence',
    conversationId: draft.conversationId,
    sentDateTime: '2026-12-12T14:00:00Z',
  });
  const report = await sync.runOnce();
  expect(report).toMatchObject({ recorded: 1, suggested: 1 });
  expect((await events()).at(-1)).toEqual({
    type: 'iro.comments-returned',
    at: '2026-12-12T14:00:00Z',
    by: IRO.id,
    surface: 'mail',
  });
  const [suggestion] = await store.suggestionsFor('C-1042');
  expect(suggestion).toMatchObject({
    event: 'iro.comments-returned',
    at: '2026-12-12T09:00:00Z',
    from: IRO.email,
    to: [LAWYER.email],
    hasAttachments: false,
  });
  expect(JSON.stringify(suggestion)).not.toContain('A question');
});

test('a quiet round reads each folder once and records nothing', async () => {
  exchange(1, LAWYER, IRO, { subject: 'No case here' });
  await sync.runOnce();
  const before = double.log.length;
  const report = await sync.runOnce();
  expect(report).toMatchObject({ folders: 4, messages: 0, recorded: 0, suggested: 0 });
  expect(double.log.length - before).toBe(4);
  expect((await events()).length).toBe(3);
});

test('a folder Graph cannot read this round is read again next round; the others go on', async () => {
  exchange(1, LAWYER, IRO, {
    subject: '[C-1042] Draft final evidence',
    hasAttachments: true,
    sentDateTime: '2026-12-11T15:30:00Z',
  });
  await double.accessToken();
  double.failNext(1, 404);
  const first = await sync.runOnce();
  expect(first!.failedFolders).toBe(1);
  const second = await sync.runOnce();
  expect(second!.failedFolders).toBe(0);
  expect((await events()).filter((e) => e.type === 'draft.sent-to-iro')).toHaveLength(1);
});
