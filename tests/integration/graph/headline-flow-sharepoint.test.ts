/**
 * The headline flow with SharePoint lists as the store of record and the mailboxes supplying the
 * steps taken by email: the case service on `Store`, the mailbox signals on
 * `GraphMailSignals`, all through the production Graph connection to the Graph double. A lawyer
 * opens a case, records the ICO and sends the IRO alert; the IRO acknowledges; the draft the
 * lawyer emails the IRO is recorded from the mailboxes, and so are the IRO's comments in reply.
 * The obligations' statuses are checked at each step.
 */
import type { Person } from '../../../core';
import { composeCases } from '../../../server/cases/cases';
import { graphClientFor, GraphDouble, graphMessage } from '../../support/graph-double';
import { GraphMailSignals } from '../../../server/graph/graph-mail-signals';
import { createLogger } from '../../../server/logging';
import { MailSync } from '../../../server/signals/mail-sync';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import { engineSettings } from '../../support/delivery-world';

jest.setTimeout(60_000);

const person = (id: string, roles: Person['roles']): Person => ({
  id,
  displayName: id,
  email: `${id}@council.example.gov.uk`,
  roles,
  teams: ['north'],
});
const LAWYER = person('lawyer.jones', ['lawyer']);
const IRO = person('iro.patel', ['iro']);
const CASE = 'C-3001';

let double: GraphDouble;
let now = Date.parse('2026-11-02T09:00:00Z');
const clock = { now: () => now };
const actor = (p: Person) => ({ personId: p.id, surface: 'api' as const });

beforeAll(async () => {
  double = await GraphDouble.start();
  double.mail.addMailbox(LAWYER.email!, IRO.email!);
});
afterAll(() => double.close());

test('open, ICO, IRO alert, acknowledgement, then the draft and the comments by email', async () => {
  const graph = graphClientFor(double);
  await provisionSite(graph, double.siteId);
  const store = await connectSharePointStore(graph, double.siteId, clock);
  for (const p of [LAWYER, IRO]) await store.upsertPerson(p);
  const service = composeCases(store, store, engineSettings(), clock);
  const status = async (rule: string) =>
    (await service.getCase(LAWYER, CASE, actor(LAWYER))).evaluation.obligations.find(
      (o) => o.rule === rule,
    )?.status;

  await service.openCase(
    LAWYER,
    {
      case: {
        id: CASE,
        childRef: 'LCS-3001',
        childInitials: 'A.B.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal'],
      },
      team: 'north',
      members: [{ personId: IRO.id, role: 'iro' }],
    },
    actor(LAWYER),
  );
  await service.recordEvent(
    LAWYER,
    CASE,
    { event: { type: 'application.issued', at: '2026-11-02T08:00:00Z' } },
    actor(LAWYER),
  );
  await service.recordEvent(
    LAWYER,
    CASE,
    { event: { type: 'order.made', at: '2026-11-02T08:30:00Z', order: 'ICO' } },
    actor(LAWYER),
  );
  expect(await status('order-notice-to-iro-service')).toBe('open');

  // The IRO alert: the draft is due five business days before the filing.
  now = Date.parse('2026-11-20T09:00:00Z');
  const alert = await service.sendIroAlert(
    LAWYER,
    CASE,
    { filingDue: '2026-12-18T16:00:00+00:00' },
    actor(LAWYER),
  );
  expect(alert.draftToIroBy).toBe('2026-12-11T16:00:00+00:00');
  expect(await status('final-evidence-alert')).toBe('met');
  expect(await status('draft-final-evidence-to-iro')).toBe('open');

  const draftObligation = `${CASE}:draft-final-evidence-to-iro`;
  await service.actOnObligation(IRO, draftObligation, 'acknowledge', {}, actor(IRO));
  const view = await service.getCase(IRO, CASE, actor(IRO));
  expect(
    view.evaluation.obligations.find((o) => o.id === draftObligation)!.acknowledgements,
  ).toEqual([expect.objectContaining({ by: IRO.id })]);

  // The draft goes by email; the mailboxes are read.
  const sync = new MailSync({
    signals: new GraphMailSignals(graph),
    store,
    service,
    clock,
    logger: createLogger({ level: 'silent' }),
    owner: 'headline',
  });
  const exchange = (
    n: number,
    from: Person,
    to: Person,
    over: Parameters<typeof graphMessage>[1],
  ) => {
    const m = graphMessage(n, { from: from.email, to: [to.email!], ...over });
    double.mail.addMessages(from.email!, 'sentitems', [m]);
    double.mail.addMessages(to.email!, 'inbox', [m]);
    return m;
  };
  now = Date.parse('2026-12-10T16:00:00Z');
  const draft = exchange(1, LAWYER, IRO, {
    subject: `[${CASE}] Draft final evidence`,
    hasAttachments: true,
    sentDateTime: '2026-12-10T15:30:00Z',
  });
  expect(await sync.runOnce()).toMatchObject({ recorded: 1, suggested: 0 });
  expect(await status('draft-final-evidence-to-iro')).toBe('met');
  expect(await status('iro-comments-on-draft')).toBe('open');

  // The IRO's comments, in reply to the draft, the next day.
  now = Date.parse('2026-12-11T12:00:00Z');
  exchange(2, IRO, LAWYER, {
    subject: `RE: [${CASE}] Draft final evidence`,
    conversationId: draft.conversationId,
    sentDateTime: '2026-12-11T11:00:00Z',
  });
  expect(await sync.runOnce()).toMatchObject({ recorded: 1 });
  expect(await status('iro-comments-on-draft')).toBe('met');

  const events = (await store.readEvents(CASE)).map((e) => e.event);
  expect(events.filter((e) => e.surface === 'mail').map((e) => e.type)).toEqual([
    'draft.sent-to-iro',
    'iro.comments-returned',
  ]);
  // Nothing was refused for reading SharePoint the wrong way.
  expect(double.stats()).toMatchObject({ thresholdRejections: 0, nonIndexedRejections: 0 });
});
