/**
 * The message extension as Teams (and Outlook) invoke it: "Find case" searches, and "Send IRO
 * alert" on a message opens the alert form in a dialog, previews and sends through the same verbs
 * as the bot's cards, over the real case service and a SQLite store with the demo cases.
 */
import type { Card } from '../../../bot/cards/render';
import { forDialog, messageText, caseQuery } from '../../../bot/message-extension';
import type { Person } from '../../../core';
import {
  Teams,
  actionsOf,
  demoPerson,
  demoWorld,
  factsOf,
  inputsOf,
  textsOf,
  type DemoWorld,
} from './demo-world';

let world: DemoWorld;
let teams: Teams;
let jones: Person;
let obi: Person;

beforeEach(async () => {
  world = await demoWorld();
  teams = new Teams(world);
  jones = demoPerson('lawyer.jones');
  obi = demoPerson('lawyer.obi');
});

afterEach(async () => {
  await world.close();
});

/** One invoke from a person in a group chat (where message extensions are used); its answer. */
async function invoke(person: Person | undefined, name: string, value: unknown): Promise<any> {
  const replies = await teams.turn({
    ...Teams.from(person?.entraObjectId ?? 'ffffffff-0000-4000-8000-00000000dead', 'groupChat'),
    type: 'invoke',
    name,
    value,
  });
  expect(replies.map((r) => r.type)).toEqual(['invokeResponse']);
  const response = replies[0]!.value as { status: number; body: any };
  expect(response.status).toBe(200);
  return response.body;
}

const search = (person: Person | undefined, typed: string) =>
  invoke(person, 'composeExtension/query', {
    commandId: 'findCase',
    parameters: [{ name: 'query', value: typed }],
    queryOptions: { skip: 0, count: 25 },
  });

/** The card a dialog shows. */
function dialogCard(body: any): Card {
  expect(body.task.type).toBe('continue');
  expect(body.task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return body.task.value.card.content as Card;
}

/** The submit button with this verb (dialogs take `Action.Submit`, never `Action.Execute`). */
function submit(card: Card, verb: string) {
  expect(actionsOf(card).filter((a) => a.type === 'Action.Execute')).toEqual([]);
  const found = actionsOf(card).filter((a) => a.type === 'Action.Submit' && a.data?.verb === verb);
  expect(found).toHaveLength(1);
  return found[0]!.data!;
}

describe('Find case', () => {
  it('finds the person’s cases by reference, however it is typed', async () => {
    for (const typed of ['C-1003', 'c1003', '1003']) {
      const body = await search(jones, typed);
      expect(body.composeExtension.type).toBe('result');
      const [found] = body.composeExtension.attachments;
      expect(found.preview.content.title).toBe('C-1003 (E.F.)');
      expect(found.preview.content.text).toMatch(/^\d+ open, \d+ due soon, \d+ overdue$/);
    }
  });

  it('puts only the reference and a link that needs sign-in into the conversation', async () => {
    const body = await search(jones, '1003');
    const card = body.composeExtension.attachments[0].content as Card;
    expect(textsOf(card)).toEqual([
      'Case C-1003',
      'Its deadlines, parties and timeline are in IRO Liaison, for the people who work on it.',
    ]);
    expect(actionsOf(card)).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open case C-1003',
        url: 'https://liaison.example/tab/cases/C-1003',
      },
    ]);
    expect(JSON.stringify(card)).not.toContain('E.F.');
  });

  it('finds nothing the person may not see', async () => {
    const mine = await search(obi, '10');
    const ids = mine.composeExtension.attachments.map((a: any) => a.preview.content.title);
    expect(ids).toEqual(['C-1011 (W.X.)']);
  });

  it('asks for a reference, and tells someone not registered they are not a user', async () => {
    expect((await search(jones, '  ')).composeExtension).toEqual({
      type: 'message',
      text: 'Type a case reference, e.g. C-1042.',
    });
    expect((await search(undefined, '1003')).composeExtension.text).toMatch(/not registered/);
  });
});

describe('Send IRO alert on a message', () => {
  const fetchTask = (person: Person | undefined, content: string) =>
    invoke(person, 'composeExtension/fetchTask', {
      commandId: 'sendIroAlert',
      commandContext: 'message',
      messagePayload: { id: '1', body: { contentType: 'html', content } },
    });
  const submitAction = (person: Person, data: Record<string, unknown>) =>
    invoke(person, 'composeExtension/submitAction', {
      commandId: 'sendIroAlert',
      commandContext: 'message',
      data,
    });

  it('opens the form with the case the message names already chosen', async () => {
    const card = dialogCard(
      await fetchTask(jones, '<p>Filing date set for <b>[C-1003]</b>: 2 April.</p>'),
    );
    expect(textsOf(card)[0]).toBe('Send IRO alert');
    expect(inputsOf(card).find((i) => i.id === 'caseId')?.value).toBe('C-1003');
    expect(submit(card, 'previewIroAlert')).toEqual({ verb: 'previewIroAlert' });
  });

  it('a message naming no case, or a case the lawyer does not work on, chooses none', async () => {
    for (const content of ['No reference here', '[C-1011] is Ada Obi’s case']) {
      const card = dialogCard(await fetchTask(jones, content));
      const caseInput = inputsOf(card).find((i) => i.id === 'caseId');
      expect(caseInput).toBeDefined();
      expect(caseInput!.value).toBe('');
    }
  });

  it('previews, then sends once, in the dialog; the case records the alert', async () => {
    const filing = { caseId: 'C-1003', filingDate: '2024-04-02', filingTime: '16:00' };
    const preview = dialogCard(await submitAction(jones, { verb: 'previewIroAlert', ...filing }));
    expect(factsOf(preview)['Final evidence due']).toBe('Tue 2 Apr 2024, 16:00');
    const send = submit(preview, 'sendIroAlert');
    const before = (await world.events('C-1003')).length;

    const sent = dialogCard(await submitAction(jones, send));
    expect(JSON.stringify(sent)).toContain('IRO alert sent');
    const again = dialogCard(await submitAction(jones, send));
    expect(JSON.stringify(again)).toContain('already sent');
    const added = (await world.events('C-1003')).slice(before).map((e) => e.event.type);
    expect(added).toEqual(['filing.scheduled', 'iro-alert.sent']);
  });

  it('tells someone not registered they are not a user', async () => {
    const card = dialogCard(await fetchTask(undefined, '[C-1003]'));
    expect(textsOf(card)[0]).toBe('Not a user of IRO Liaison');
  });
});

test('helpers: dialog cards lose Universal Actions and refresh; message text and typed references', () => {
  expect(
    forDialog({
      type: 'AdaptiveCard',
      refresh: { action: { type: 'Action.Execute', verb: 'x' } },
      actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go', data: { a: 1 } }],
    }),
  ).toEqual({
    type: 'AdaptiveCard',
    actions: [{ type: 'Action.Submit', title: 'Go', data: { a: 1, verb: 'go' } }],
  });
  expect(messageText({ subject: 'RE: [C-1]', body: { content: '<p>see <b>[C-2]</b></p>' } })).toBe(
    'RE: [C-1]\n see  [C-2]  ',
  );
  expect(caseQuery(' c 1042 ')).toBe('C-1042');
  expect(caseQuery('10')).toBe('C-10');
  expect(caseQuery('C-10')).toBe('C-10');
});
