/**
 * Mailbox signals through the production Graph connection against the double's delta queries:
 * a first round reads the whole folder in pages, a round with nothing new costs one request, new
 * and deleted messages come in the next round, and only metadata is asked for (no body).
 */
import { signalOf } from '../../../core/signals/case-mail';
import { IRO_EMAIL as IRO, LAWYER_EMAIL as LAWYER, caseMailContext } from '../../support/case-mail';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { GraphDouble, graphClientFor, graphMessage } from '../../support/graph-double';

let double: GraphDouble;
let signals: GraphMailSignals;
beforeAll(async () => {
  double = await GraphDouble.start();
  double.mail.addMailbox(LAWYER);
  signals = new GraphMailSignals(graphClientFor(double));
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const deltaRequests = () => double.log.filter((r) => r.path.includes('/messages/delta')).length;

test('a first round pages through the folder; an unchanged folder then costs exactly one request', async () => {
  double.mail.addMessages(
    LAWYER,
    'sentitems',
    Array.from({ length: 450 }, (_, i) => graphMessage(i)),
  );
  const first = await signals.changes(LAWYER, 'sentitems');
  expect(first.messages).toHaveLength(450);
  expect(first.unreadable).toBe(0);
  expect(deltaRequests()).toBe(3); // pages of 200, 200 and 50
  expect(first.messages[0]).toEqual({
    id: 'AAMk-0',
    internetMessageId: '<m0@council.example.gov.uk>',
    conversationId: 'conv-0',
    subject: 'Message 0',
    from: 'someone@council.example.gov.uk',
    to: ['someone.else@council.example.gov.uk'],
    cc: [],
    sentAt: '2026-11-01T00:00:00.000Z',
    hasAttachments: false,
  });
  // Only the metadata was asked for.
  expect(double.log[0]!.path).toMatch(/\$select=internetMessageId,conversationId,subject,from/);
  expect(JSON.stringify(first)).not.toContain('private');

  const before = deltaRequests();
  const unchanged = await signals.changes(LAWYER, 'sentitems', first.cursor);
  expect(unchanged).toMatchObject({ messages: [], removed: [] });
  expect(deltaRequests() - before).toBe(1);
});

test('the next round brings what arrived and what was deleted since, and nothing else', async () => {
  double.mail.addMessages(LAWYER, 'inbox', [graphMessage(1), graphMessage(2)]);
  const first = await signals.changes(LAWYER, 'inbox');
  double.mail.addMessages(LAWYER, 'inbox', [graphMessage(3)]);
  double.mail.deleteMessage(LAWYER, 'inbox', 'AAMk-1');
  const next = await signals.changes(LAWYER, 'inbox', first.cursor);
  expect(next.messages.map((m) => m.id)).toEqual(['AAMk-3']);
  expect(next.removed).toEqual(['AAMk-1']);
});

test('a message the service returns in an odd shape is counted, not fatal; drafts are skipped', async () => {
  const odd = { ...graphMessage(1), internetMessageId: '' };
  const draft = { ...graphMessage(2), sentDateTime: null as unknown as string };
  double.mail.addMessages(LAWYER, 'inbox', [odd, draft, graphMessage(3)]);
  const round = await signals.changes(LAWYER, 'inbox');
  expect(round.messages.map((m) => m.id)).toEqual(['AAMk-3']);
  expect(round.unreadable).toBe(1);
});

test('the draft the lawyer sent the IRO, read from Sent Items, is a confident signal for its case', async () => {
  double.mail.addMessages(LAWYER, 'sentitems', [
    graphMessage(7, {
      subject: '[C-1042] Draft final evidence',
      from: LAWYER,
      to: [IRO],
      hasAttachments: true,
    }),
  ]);
  const [message] = (await signals.changes(LAWYER, 'sentitems')).messages;
  const context = caseMailContext(['draft-final-evidence-to-iro']);
  expect(signalOf(message!, (id) => (id === 'C-1042' ? context : undefined))).toMatchObject({
    event: 'draft.sent-to-iro',
    confidence: 'confident',
    at: message!.sentAt,
    messageId: '<m7@council.example.gov.uk>',
  });
});
