/**
 * The bot's turns as Teams sends them, through the Agents SDK's CloudAdapter, over the real case
 * use cases and the in-memory store with the demo people and cases. Cards are checked for what a person reads and
 * what the buttons carry; the store is checked for what was recorded and audited.
 */
import { formatted } from './card-text';
import { WELCOME } from '../../../bot/liaison-bot';
import type { Card } from '../../../bot/cards/render';
import { humanInstant, type AuditEntry, type Person } from '../../../core';
import {
  OUTLOOK_ORIGINATOR,
  TAB,
  Teams,
  actionsOf,
  demoPerson,
  demoWorld,
  executeAction,
  factsOf,
  inputsOf,
  textsOf,
  type DemoWorld,
} from './demo-world';

let world: DemoWorld;
let teams: Teams;
let jones: Person;
let obi: Person;
let patel: Person;

beforeEach(async () => {
  world = await demoWorld();
  teams = new Teams(world);
  jones = demoPerson('lawyer.jones');
  obi = demoPerson('lawyer.obi');
  patel = demoPerson('iro.patel');
});

afterEach(async () => {
  await world.close();
});

async function auditSince(seq: number): Promise<AuditEntry[]> {
  return world.store.readAudit(seq, 1000);
}

async function lastAuditSeq(): Promise<number> {
  const all = await world.store.readAudit(0, 100_000);
  return all.length ? all[all.length - 1]!.seq : 0;
}

/** A request key as a card button carries it: what an idempotency key may be. */
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;

function titleOf(card: Card): string {
  return textsOf(card)[0] ?? '';
}

/**
 * The notice an obligation card shows after an action: the bold line under the headline, a run of
 * plain text (it may quote what someone typed).
 */
function noticeOf(card: Card): string | undefined {
  const body = card.body as {
    type: string;
    inlines?: { type: string; text: string; weight?: string }[];
  }[];
  const notice = body.find(
    (b) => b.type === 'RichTextBlock' && b.inlines?.some((r) => r.weight === 'Bolder'),
  );
  return notice?.inlines?.map((r) => r.text).join('');
}

describe('messages in personal chat', () => {
  it('answers text it does not recognise with the help card, not silence', async () => {
    const card = await teams.sayOne(jones, 'what is due this week?');
    expect(textsOf(card)).toEqual(
      expect.arrayContaining([
        'IRO Liaison',
        "I didn't recognise that. Here is what I can do:",
        'Signed in as Lee Jones (lawyer).',
      ]),
    );
    expect(actionsOf(card).map((a) => a.verb)).toEqual(['showMyDeadlines', 'startIroAlert']);
  });

  it('"help" answers with the help card', async () => {
    const card = await teams.sayOne(patel, '<at>IRO Liaison</at> help');
    expect(textsOf(card)).toContain(WELCOME);
    expect(textsOf(card)).toContain('Signed in as Sam Patel (IRO).');
  });

  it('tells someone not in the directory they are not a user, and keeps no conversation for them', async () => {
    const card = await teams.sayOne('ffffffff-0000-4000-8000-00000000dead', 'my deadlines');
    expect(titleOf(card)).toBe('Not a user of IRO Liaison');
    expect(JSON.stringify(card)).not.toMatch(/C-10\d\d/);
    expect(teams.store.saved).toEqual([]);
  });

  it('tells someone who has left they are no longer a user, and keeps no conversation for them', async () => {
    const leaver = {
      id: 'iro.left',
      displayName: 'Former IRO',
      entraObjectId: '00000000-0000-4000-8000-0000000000ee',
      roles: ['iro' as const],
      teams: ['north'],
      leftAt: '2024-01-01T00:00:00.000Z',
    };
    await world.store.upsertPerson(leaver);
    const before = teams.store.saved.length;
    const card = await teams.sayOne(leaver.entraObjectId, 'my deadlines');
    expect(titleOf(card)).toBe('Not a user of IRO Liaison');
    expect(teams.store.saved).toHaveLength(before);
  });

  it('tells a Teams user without an Entra object id they are not a user', async () => {
    const card = await teams.sayOne(undefined, 'help');
    expect(titleOf(card)).toBe('Not a user of IRO Liaison');
    expect(teams.store.saved).toEqual([]);
  });

  it('keeps where to reach a registered person from their personal chat', async () => {
    expect(await world.store.conversationOf('lawyer.jones')).toBeUndefined();
    await teams.say(jones, 'help');
    const kept = await world.store.conversationOf('lawyer.jones');
    expect(kept).toMatchObject({
      entraObjectId: jones.entraObjectId,
      personId: 'lawyer.jones',
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/uk/',
        conversation: { id: `a:conv-${jones.entraObjectId}`, conversationType: 'personal' },
        user: { id: `29:user-${jones.entraObjectId}`, aadObjectId: jones.entraObjectId },
        bot: { id: 'bot' },
      },
    });
    // A reference holds ids, never what was said.
    expect(JSON.stringify(kept)).not.toContain('help');
  });

  it('does not keep a group chat as the place to reach someone', async () => {
    await teams.turn({
      ...Teams.from(jones.entraObjectId, 'groupChat'),
      type: 'message',
      text: 'help',
    });
    expect(await world.store.conversationOf('lawyer.jones')).toBeUndefined();
  });
});

describe('installing and uninstalling', () => {
  it('sends the welcome card when the bot is added to a personal chat, and keeps the conversation', async () => {
    const replies = await teams.turn({
      ...Teams.from(jones.entraObjectId),
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'IRO Liaison' }],
    });
    expect(replies).toHaveLength(1);
    const card = replies[0]!.attachments![0]!.content as Card;
    expect(textsOf(card)).toContain(WELCOME);
    expect(textsOf(card)).toContain('Signed in as Lee Jones (lawyer).');
    expect(await world.store.conversationOf('lawyer.jones')).toBeDefined();
  });

  it('tells someone not in the directory who adds the bot that they are not a user', async () => {
    const replies = await teams.turn({
      ...Teams.from('99999999-0000-4000-8000-000000000000'),
      type: 'conversationUpdate',
      membersAdded: [{ id: 'bot', name: 'IRO Liaison' }],
    });
    expect(textsOf(replies[0]!.attachments![0]!.content as Card)).toContain(
      'Not a user of IRO Liaison',
    );
  });

  it('says nothing when someone else joins the conversation', async () => {
    const replies = await teams.turn({
      ...Teams.from(jones.entraObjectId),
      type: 'conversationUpdate',
      membersAdded: [{ id: `29:user-${jones.entraObjectId}`, name: 'Lee Jones' }],
    });
    expect(replies).toEqual([]);
  });

  it('keeps the conversation when the app is installed and forgets it when it is removed', async () => {
    await teams.turn({
      ...Teams.from(jones.entraObjectId),
      type: 'installationUpdate',
      action: 'add',
    });
    expect(await world.store.conversationOf('lawyer.jones')).toBeDefined();

    await teams.turn({
      ...Teams.from(jones.entraObjectId),
      type: 'installationUpdate',
      action: 'remove',
    });
    expect(await world.store.conversationOf('lawyer.jones')).toBeUndefined();
    expect(teams.log.entries).toEqual([
      { level: 'info', fields: { bot: 'uninstalled' }, message: 'conversation reference removed' },
    ]);
  });
});

describe('my deadlines', () => {
  it("lists the person's open obligations, soonest first, with how many there are", async () => {
    const card = await teams.sayOne(jones, 'my deadlines');

    // What is on Lee Jones, worked out from each case they can see.
    const expected: { caseId: string; title: string; due?: string; status: string }[] = [];
    const cases = await world.service.listCases(jones, { limit: 100 }, world.actor('lawyer.jones'));
    for (const { case: c } of cases.cases) {
      const view = await world.service.getCase(jones, c.header.id, world.actor('lawyer.jones'));
      for (const o of view.evaluation.obligations)
        if (
          ['open', 'due-soon', 'overdue'].includes(o.status) &&
          (o.responsible.some((r) => view.myRoles.includes(r)) ||
            (o.recipients.some((r) => view.myRoles.includes(r)) &&
              !o.acknowledgements.some((a) => a.by === 'lawyer.jones')))
        )
          expected.push({ caseId: c.header.id, title: o.title, due: o.due, status: o.status });
    }
    const at = (due?: string) => (due ? Date.parse(due) : Infinity);
    expected.sort((a, b) => at(a.due) - at(b.due));
    expect(expected.length).toBeGreaterThan(10);
    const overdue = expected.filter((e) => e.status === 'overdue').length;
    expect(overdue).toBeGreaterThan(0);

    expect(textsOf(card)).toContain(`${expected.length} open, ${overdue} overdue.`);
    const listed = (card.body as any[])
      .filter((b) => b.type === 'Container')
      .map((c) => ({
        caseId: c.selectAction.data.caseId,
        title: c.items[1].text,
        due: c.items[2].text,
      }));
    expect(listed).toEqual(
      expected.slice(0, 10).map((e) => ({
        caseId: e.caseId,
        title: e.title,
        due: `Due ${humanInstant(e.due)}`,
      })),
    );
    expect(textsOf(card)).toContain(`…and ${expected.length - 10} more. The tab shows them all.`);
    expect(actionsOf(card).find((a) => a.type === 'Action.OpenUrl')).toMatchObject({ url: TAB });
    expect(JSON.stringify(card)).not.toMatch(/LCS-\d+/);
  });

  it('tells someone with nothing on them so (what is addressed to them leaves once acknowledged)', async () => {
    const hos = demoPerson('hos.evans');
    const before = await teams.sayOne(hos, 'my deadlines');
    // A disagreement on C-1006: the Head of Service is to be told of the alert, and told of it.
    expect(textsOf(before)).toContain('1 open, 1 overdue.');
    for (const item of await world.service.myObligations(hos, world.actor('hos.evans')))
      await world.service.actOnObligation(
        hos,
        item.obligation.id,
        'acknowledge',
        {},
        world.actor('hos.evans'),
      );
    const card = await teams.sayOne(hos, 'my deadlines');
    expect(textsOf(card)).toContain('Nothing is on you at the moment.');
  });
});

describe('a case at a glance', () => {
  it('shows a party the case by reference and initials, its parties and next deadlines', async () => {
    const card = await teams.sayOne(jones, 'case C-1001');
    expect(titleOf(card)).toBe('Case C-1001 (A.B.)');
    expect(factsOf(card)).toMatchObject({
      'Child reference': 'LCS-100100',
      Team: 'north',
      Lawyer: 'Lee Jones (lawyer)',
      'Social worker': 'Omar Khan (social worker)',
    });
    // The child reference appears once, as that fact.
    expect(JSON.stringify(card).split('LCS-100100')).toHaveLength(2);
    expect(textsOf(card)).toContain('Next deadlines');
    expect(executeAction(card, 'startIroAlert').data).toEqual({ caseId: 'C-1001' });
    expect(actionsOf(card).find((a) => a.type === 'Action.OpenUrl')).toMatchObject({
      url: `${TAB}cases/C-1001`,
    });
  });

  it('the same button on a card shows the case too', async () => {
    const card = await teams.press(jones, 'showCase', { caseId: 'C-1004' });
    expect(titleOf(card)).toBe('Case C-1004 (G.H.)');
  });

  it('refuses someone who may not see the case, shows nothing of it and audits the refusal', async () => {
    const before = await lastAuditSeq();
    const card = await teams.sayOne(obi, 'case C-1001');
    expect(titleOf(card)).toBe('Not available to you');
    expect(textsOf(card)).toContain('You are not a party to this case or a manager of its team.');
    expect(JSON.stringify(card)).not.toContain('A.B.');
    expect(JSON.stringify(card)).not.toContain('LCS-');

    const audit = await auditSince(before);
    expect(audit.map((a) => a.action)).toEqual(['card.refused']);
    expect(audit[0]).toMatchObject({
      actor: { personId: 'lawyer.obi', surface: 'bot', origin: 'msteams' },
      action: 'card.refused',
      detail: { verb: 'showCase', code: 'case-forbidden' },
    });
  });

  it('asks which case when a button carries none', async () => {
    const card = await teams.press(jones, 'showCase', {});
    expect(titleOf(card)).toBe('Which case?');
  });

  it('says plainly that a case does not exist', async () => {
    const card = await teams.sayOne(jones, 'case C-9999');
    expect(textsOf(card)).toEqual(['Not available to you', 'There is no case C-9999.']);
  });
});

describe('Send IRO alert', () => {
  const filing = { caseId: 'C-1003', filingDate: '2024-04-02', filingTime: '16:00' };
  const filingDue = '2024-04-02T16:00:00+01:00';

  it('offers a lawyer the form with the cases they may send it on', async () => {
    const card = await teams.sayOne(jones, 'send iro alert');
    expect(titleOf(card)).toBe('Send IRO alert');
    const caseInput = inputsOf(card).find((i) => i.id === 'caseId')!;
    const choices = caseInput.choices as { title: string; value: string }[];
    expect(choices).toContainEqual({ title: 'C-1003 (E.F.)', value: 'C-1003' });
    expect(choices.map((c) => c.value)).not.toContain('C-1011'); // Ada Obi's case
    expect(executeAction(card, 'previewIroAlert')).toBeDefined();
  });

  it('tells an IRO that only Legal Services send it', async () => {
    const card = await teams.sayOne(patel, 'send iro alert');
    expect(textsOf(card)).toEqual([
      'Send IRO alert',
      'Only Legal Services send the IRO alert, on cases they work on. You have none.',
    ]);
  });

  it('previews the dates the case service computes, recording nothing', async () => {
    const eventsBefore = (await world.events('C-1003')).length;
    const card = await teams.press(jones, 'previewIroAlert', filing);

    const dates = await world.service.previewIroAlert(
      jones,
      'C-1003',
      filingDue,
      world.actor('lawyer.jones'),
    );
    expect(factsOf(card)).toEqual({
      Case: 'C-1003 (E.F.)',
      'Final evidence due': humanInstant(dates.filingDue),
      'Draft to the IRO by': humanInstant(dates.draftToIroBy),
      'IRO comments due': `${humanInstant(dates.commentsDueIfDraftOnTime)} (24 hours after the draft, if it arrives on time)`,
      'Who is told': 'Sam Patel (IRO)',
    });
    expect(factsOf(card)['Final evidence due']).toBe('Tue 2 Apr 2024, 16:00');
    const send = executeAction(card, 'sendIroAlert');
    expect(send.data).toEqual({
      caseId: 'C-1003',
      filingDue,
      requestKey: expect.stringMatching(/^[A-Za-z0-9._:-]{8,100}$/),
    });
    expect(executeAction(card, 'startIroAlert').data).toEqual({ caseId: 'C-1003', filingDue });
    expect(await world.events('C-1003')).toHaveLength(eventsBefore);
  });

  it('"Change" brings the form back filled in with what was previewed', async () => {
    const preview = await teams.press(jones, 'previewIroAlert', filing);
    const form = await teams.press(
      jones,
      'startIroAlert',
      executeAction(preview, 'startIroAlert').data,
    );
    const values = Object.fromEntries(inputsOf(form).map((i) => [i.id, i.value]));
    expect(values).toEqual({ caseId: 'C-1003', filingDate: '2024-04-02', filingTime: '16:00' });
  });

  it('reads a date and time typed the British way, saying how it read them, and a reference in any case', async () => {
    const card = await teams.sayOne(jones, 'send iro alert c-1003 2/4/2024 4pm');
    expect(textsOf(card)).toContain('I read “2/4/2024 4pm” as Tue 2 Apr 2024, 16:00.');
    expect(factsOf(card)).toMatchObject({
      Case: 'C-1003 (E.F.)',
      'Final evidence due': 'Tue 2 Apr 2024, 16:00',
      'Who is told': 'Sam Patel (IRO)',
    });
    expect(executeAction(card, 'sendIroAlert').data).toMatchObject({
      caseId: 'C-1003',
      filingDue: '2024-04-02T16:00:00+01:00',
    });
  });

  it.each([
    [
      '02/13/2024 4pm',
      '"02/13/2024 4pm" is not a date I can read. Write it day first, e.g. 12/02/2027 4pm or 12 Feb 2027 16:00.',
    ],
    ['2 Apr 2024', 'I read the date as Tue 2 Apr 2024. Give the filing time too, e.g. 4pm.'],
    [
      '11/03/2024 4pm',
      "The IRO alert cannot go: the filing date, Mon 11 Mar 2024, 16:00, has already passed: give the date in the court's latest directions.",
    ],
  ])('"%s": the form comes back saying why', async (when, why) => {
    const before = (await world.events('C-1003')).length;
    const card = await teams.sayOne(jones, `send iro alert C-1003 ${when}`);
    expect(titleOf(card)).toBe('Send IRO alert');
    expect(textsOf(card)).toContain(why);
    expect(await world.events('C-1003')).toHaveLength(before);
  });

  it('refuses a concluded case, saying why', async () => {
    const card = await teams.sayOne(jones, 'send iro alert C-1007 2/4/2024 4pm');
    expect(textsOf(card)).toContain(
      'The IRO alert cannot go: the proceedings have concluded: there is no final evidence to alert the IRO to.',
    );
  });

  it('warns of a filing date on a Sunday and of a draft already late', async () => {
    const sunday = await teams.sayOne(jones, 'send iro alert C-1003 7 Apr 2024 4pm');
    expect(textsOf(sunday)).toContain(
      '⚠ Sun 7 Apr 2024 is not a business day (the court does not sit): check the filing date in the directions.',
    );
    const soon = await teams.sayOne(jones, 'send iro alert C-1003 15/03/2024 4pm');
    expect(textsOf(soon)).toContain(
      "⚠ The draft was due with the IRO by Fri 8 Mar 2024, 16:00, which has passed: it is late as soon as this alert goes, and the IRO's time to comment is cut short.",
    );
    expect(executeAction(soon, 'sendIroAlert')).toBeDefined();
  });

  it('sends the form back with what is missing when the date or time is not given', async () => {
    const card = await teams.press(jones, 'previewIroAlert', { caseId: 'C-1003', filingDate: '' });
    expect(titleOf(card)).toBe('Send IRO alert');
    expect(textsOf(card)).toContain('Choose the case and give the filing date and time.');
  });

  it('records the filing deadline and the alert once, however often Send is pressed', async () => {
    const before = (await world.events('C-1003')).length;
    const preview = await teams.press(jones, 'previewIroAlert', filing);
    const send = executeAction(preview, 'sendIroAlert').data!;

    const sent = await teams.press(jones, 'sendIroAlert', send);
    expect(noticeOf(sent)).toBe('IRO alert sent. Sam Patel (IRO) gets a card to acknowledge.');
    // The preview becomes what was done, who was told and the dates given: the draft's own
    // card comes as the lawyer's deadline, not as a second copy of this one.
    expect(titleOf(sent)).toBe('IRO alert: C-1003 (E.F.)');
    expect(actionsOf(sent).map((a) => a.title)).toEqual(['Open in tab']);
    expect(factsOf(sent)).toMatchObject({
      'Final evidence due': 'Tue 2 Apr 2024, 16:00',
      'Draft to the IRO by': factsOf(preview)['Draft to the IRO by'],
    });

    const after = await world.events('C-1003');
    expect(after.slice(before).map((e) => [e.event.type, e.recordedBy, e.surface])).toEqual([
      ['filing.scheduled', 'lawyer.jones', 'bot'],
      ['iro-alert.sent', 'lawyer.jones', 'bot'],
    ]);
    expect(after[before]!.event).toMatchObject({ filing: 'final-evidence', due: filingDue });

    const again = await teams.press(jones, 'sendIroAlert', send);
    expect(noticeOf(again)).toBe('This IRO alert was already sent. Nothing was sent twice.');
    expect(await world.events('C-1003')).toHaveLength(after.length);
  });

  it('evaluates the case once to send the alert (and one rule for the comment window)', async () => {
    const preview = await teams.press(jones, 'previewIroAlert', filing);
    const send = executeAction(preview, 'sendIroAlert').data!;
    const { evaluations } = world.service;
    const [runs, ruleRuns] = [evaluations.runs, evaluations.ruleRuns];

    await teams.press(jones, 'sendIroAlert', send);

    // The case with the alert appended, kept as the new version's: the card made next, and the
    // cards the dispatcher sends, do not evaluate it again. The comment window if the draft
    // arrives on time is one rule over a case with an event it does not have yet.
    expect(evaluations.runs - runs).toBe(1);
    expect(evaluations.ruleRuns - ruleRuns).toBe(1);
  });

  it('sends nothing for a Send without the key its preview carries', async () => {
    const before = (await world.events('C-1003')).length;
    const card = await teams.press(jones, 'sendIroAlert', { caseId: 'C-1003', filingDue });
    expect(titleOf(card)).toBe('Send IRO alert');
    expect(textsOf(card)).toContain('Preview the dates first, then send.');
    expect(await world.events('C-1003')).toHaveLength(before);
  });

  it('is refused for someone who is not Legal Services on the case', async () => {
    const before = (await world.events('C-1003')).length;
    const card = await teams.press(patel, 'sendIroAlert', {
      caseId: 'C-1003',
      filingDue,
      requestKey: 'abcdefgh-1',
    });
    expect(textsOf(card)).toEqual([
      'Nothing was changed',
      'Only Legal Services send the IRO alert.',
    ]);
    expect(await world.events('C-1003')).toHaveLength(before);
  });
});

describe('acting on an obligation from its card', () => {
  async function sendAlert(): Promise<void> {
    const preview = await teams.press(jones, 'previewIroAlert', {
      caseId: 'C-1003',
      filingDate: '2024-04-02',
      filingTime: '16:00',
    });
    await teams.press(jones, 'sendIroAlert', executeAction(preview, 'sendIroAlert').data);
  }

  it('the IRO acknowledges the IRO alert once; pressing again changes nothing and says so', async () => {
    await sendAlert();
    const draft = { obligationId: 'C-1003:draft-final-evidence-to-iro', view: 'new' };

    // The card the IRO gets offers Acknowledge.
    const shown = await teams.press(patel, 'refreshObligation', draft);
    expect(titleOf(shown)).toBe('IRO alert: final evidence due Tue 2 Apr 2024, 16:00');
    const pressed = executeAction(shown, 'acknowledgeObligation').data!;
    expect(pressed).toEqual({ ...draft, requestKey: expect.stringMatching(KEY) as string });

    const before = (await world.events('C-1003')).length;
    const acked = await teams.press(patel, 'acknowledgeObligation', pressed);
    expect(noticeOf(acked)).toBe('You acknowledged this.');
    expect(textsOf(acked)).toContainEqual(
      expect.stringMatching(/^Acknowledged by Sam Patel \(IRO\), Tue 12 Mar 2024, 10:00$/),
    );
    expect(actionsOf(acked).map((a) => a.verb)).not.toContain('acknowledgeObligation');
    const events = await world.events('C-1003');
    expect(events.slice(before).map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: 'obligation.acknowledged',
        obligation: 'C-1003:draft-final-evidence-to-iro',
        by: 'iro.patel',
      }),
    ]);

    const again = await teams.press(patel, 'acknowledgeObligation', pressed);
    expect(noticeOf(again)).toBe('You had already acknowledged this. Nothing changed.');
    expect(await world.events('C-1003')).toHaveLength(events.length);
  });

  it('the IRO acknowledges from the actionable message in Outlook as in Teams', async () => {
    await sendAlert();
    const draft = { obligationId: 'C-1003:draft-final-evidence-to-iro', view: 'new' };
    const shown = await teams.press(patel, 'refreshObligation', draft, 'outlook');
    const pressed = executeAction(shown, 'acknowledgeObligation').data!;

    const before = (await world.events('C-1003')).length;
    const seq = await lastAuditSeq();
    const acked = await teams.press(patel, 'acknowledgeObligation', pressed, 'outlook');
    expect(noticeOf(acked)).toBe('You acknowledged this.');
    // The card that takes the email card's place names the same provider.
    expect(acked.originator).toBe(OUTLOOK_ORIGINATOR);
    const events = await world.events('C-1003');
    expect(events.slice(before)).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({
          type: 'obligation.acknowledged',
          obligation: 'C-1003:draft-final-evidence-to-iro',
          by: 'iro.patel',
        }) as unknown,
        surface: 'outlook',
      }),
    ]);
    expect(await auditSince(seq)).toContainEqual(
      expect.objectContaining({
        actor: expect.objectContaining({ surface: 'outlook' }) as unknown,
      }),
    );
    // An email is no chat to send cards to.
    expect(teams.store.saved.filter((c) => c.personId === 'iro.patel')).toEqual([]);
    // Teams' cards name no provider.
    expect((await teams.press(patel, 'refreshObligation', draft)).originator).toBeUndefined();
  });

  it('refuses someone whose role does not do it, says so on the card and records nothing', async () => {
    const before = (await world.events('C-1005')).length;
    const seq = await lastAuditSeq();
    const card = await teams.press(jones, 'completeObligation', {
      obligationId: 'C-1005:iro-comments-on-draft',
      view: 'current',
    });
    expect(noticeOf(card)).toBe(
      "You can't do that here: Your role on this case does not complete this obligation. Nothing was changed.",
    );
    expect(textsOf(card)).toContainEqual(expect.stringMatching(/^Case C-1005 \(J\.K\.\) · /));
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('completeObligation');
    expect(await world.events('C-1005')).toHaveLength(before);
    expect((await auditSince(seq)).filter((a) => a.action === 'card.refused')).toEqual([
      expect.objectContaining({
        caseId: 'C-1005',
        detail: {
          verb: 'completeObligation',
          obligation: 'C-1005:iro-comments-on-draft',
          code: 'obligation-forbidden',
        },
      }),
    ]);
  });

  it('says an obligation that is already met has moved on', async () => {
    const before = (await world.events('C-1003')).length;
    const card = await teams.press(jones, 'completeObligation', {
      obligationId: 'C-1003:order-notice-to-iro-service',
      view: 'reminder',
    });
    expect(noticeOf(card)).toBe(
      'This has moved on: The obligation is already met. Nothing was changed.',
    );
    expect(factsOf(card).Status).toMatch(/^Met /);
    expect(await world.events('C-1003')).toHaveLength(before);
  });

  it('records a completion with the inputs of its form (the first review: which review) and when it happened', async () => {
    const obligation = { obligationId: 'C-1003:first-review', view: 'reminder' };
    const shown = await teams.press(patel, 'refreshObligation', obligation);
    expect(inputsOf(shown).map((i) => i.id)).toContain('review');
    expect(executeAction(shown, 'completeObligation').title).toBe('Review held');

    const before = (await world.events('C-1003')).length;
    // Half of "when it happened" is not enough: nothing is recorded, and the card says why.
    const half = await teams.press(patel, 'completeObligation', {
      ...obligation,
      review: 'R1',
      happenedOn: '2024-03-11',
    });
    expect(noticeOf(half)).toBe(
      'Give both the date and the time it happened, or neither for just now. Nothing was changed.',
    );
    expect(await world.events('C-1003')).toHaveLength(before);
    // Held yesterday afternoon, recorded this morning: recorded as held then.
    const done = await teams.press(patel, 'completeObligation', {
      ...obligation,
      review: 'R1',
      happenedOn: '2024-03-11',
      happenedAt: '15:00',
    });
    expect(noticeOf(done)).toBe('Recorded as done Mon 11 Mar 2024, 15:00. Thank you.');
    expect(factsOf(done).Status).toMatch(/^Met /);
    const events = await world.events('C-1003');
    expect(events.slice(before).map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: 'review.held',
        review: 'R1',
        at: '2024-03-11T15:00:00+00:00',
        by: 'iro.patel',
        surface: 'bot',
      }),
    ]);
  });

  it('the allocation card offers only the IROs who may be named on the case (its team)', async () => {
    const admin = demoPerson('iroadmin.wood');
    await world.service.recordEvent(
      demoPerson('lawyer.jones'),
      'C-1001',
      { event: { type: 'iro-service.notified', at: '2024-03-12T09:00:00Z' } },
      world.actor('lawyer.jones'),
    );
    const offered = async () => {
      const card = await teams.press(admin, 'refreshObligation', {
        obligationId: 'C-1001:iro-allocation-reply',
        view: 'current',
      });
      const choices = inputsOf(card).find((i) => i.id === 'iro')?.choices as { value: string }[];
      return choices.map((c) => c.value);
    };
    expect((await offered()).sort()).toEqual(['iro.patel', 'iro.smith']);
    // An IRO who works only for another team is not offered for a north case.
    await world.store.upsertPerson({ ...demoPerson('iro.smith'), teams: ['south'] });
    expect(await offered()).toEqual(['iro.patel']);
  });

  it("records a reason the obligation can't be met, from the card's own input", async () => {
    const obligation = { obligationId: 'C-1001:initial-documents-to-iro', view: 'reminder' };
    const shown = await teams.press(jones, 'refreshObligation', obligation);
    const input = inputsOf(shown).find(
      (i) => i.label === "Why can't it be met? Your manager will be told.",
    )!;

    const before = (await world.events('C-1001')).length;
    const card = await teams.press(jones, 'reportCannotMeet', {
      ...executeAction(shown, 'reportCannotMeet').data,
      [String(input.id)]: 'Court bundle not yet served',
    });
    expect(noticeOf(card)).toBe(
      'Recorded, with your reason: Sara Ahmed (principal lawyer) has been told.',
    );
    expect((await world.events('C-1001')).slice(before).map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: 'obligation.cannot-meet',
        reason: 'Court bundle not yet served',
        by: 'lawyer.jones',
      }),
    ]);
  });

  it("waives an escalated obligation with the manager's reason from the card's own input", async () => {
    const manager = demoPerson('irotm.brown');
    const obligation = { obligationId: 'C-1004:first-review', view: 'escalation' };
    const shown = await teams.press(manager, 'refreshObligation', obligation);
    const input = inputsOf(shown).find((i) => i.label === 'Why is it waived?')!;

    const before = (await world.events('C-1004')).length;
    const card = await teams.press(manager, 'waiveObligation', {
      ...executeAction(shown, 'waiveObligation').data,
      [String(input.id)]: 'Child moved to another authority',
    });
    expect(noticeOf(card)).toBe('Waived, with your reason.');
    expect((await world.events('C-1004')).slice(before).map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: 'obligation.waived',
        obligation: 'C-1004:first-review',
        reason: 'Child moved to another authority',
        by: 'irotm.brown',
      }),
    ]);
  });

  it('a card refreshed after its obligation was met shows it met, not overdue', async () => {
    const card = await teams.press(jones, 'refreshObligation', {
      obligationId: 'C-1003:order-notice-to-iro-service',
      view: 'overdue',
    });
    expect(titleOf(card)).not.toMatch(/Overdue/);
    expect(factsOf(card).Status).toMatch(/^Met /);
    expect(executeAction(card, 'refreshObligation').data).toEqual({
      obligationId: 'C-1003:order-notice-to-iro-service',
      view: 'current',
    });
  });

  it("the manager's escalation card for a duty with no number in the protocol says it is a default target", async () => {
    const card = await teams.press(demoPerson('pl.ahmed'), 'refreshObligation', {
      obligationId: 'C-1003:iro-details-to-court',
      view: 'escalation',
    });
    expect(titleOf(card)).toMatch(/^Escalation: /);
    expect(factsOf(card).Due).toBe('Mon 11 Mar 2024, 23:59');
    expect(factsOf(card)['How it is counted']).toMatch(
      /^default target — the protocol says "no time given": within 5 working days/,
    );
  });

  it('answers a button for an obligation that does not exist', async () => {
    const card = await teams.press(jones, 'acknowledgeObligation', {
      obligationId: 'C-1001:no-such-rule',
      view: 'new',
    });
    expect(titleOf(card)).toBe('Nothing was changed');
  });

  it('answers a button from an older version of the app with help', async () => {
    const card = await teams.press(jones, 'archiveObligation', { obligationId: 'C-1001:x' });
    expect(textsOf(card)).toContain('That button is from an older version of this app.');
  });

  it('answers any button pressed by someone not registered with "not a user"', async () => {
    const card = await teams.press(
      'ffffffff-0000-4000-8000-00000000dead',
      'acknowledgeObligation',
      {
        obligationId: 'C-1001:order-notice-to-iro-service',
        view: 'new',
      },
    );
    expect(titleOf(card)).toBe('Not a user of IRO Liaison');
    expect(JSON.stringify(card)).not.toContain('A.B.');
  });
});

describe('a button pressed twice records once', () => {
  const reminder = { obligationId: 'C-1001:initial-documents-to-iro', view: 'reminder' };
  const recording = ['acknowledgeObligation', 'completeObligation', 'reportCannotMeet'];

  it('every button that records something carries a key of its own, new with each card', async () => {
    const first = await teams.press(jones, 'refreshObligation', reminder);
    const keys = recording.map((verb) => executeAction(first, verb).data!.requestKey as string);
    for (const key of keys) expect(key).toMatch(KEY);
    expect(new Set(keys).size).toBe(recording.length);
    // The same card rendered again (a refresh, or after an action) has new keys.
    const second = await teams.press(jones, 'refreshObligation', reminder);
    for (const verb of recording)
      expect(executeAction(second, verb).data!.requestKey).not.toBe(
        executeAction(first, verb).data!.requestKey,
      );
    // The escalation card's Waive too; the refresh records nothing and carries none.
    const escalated = await teams.press(demoPerson('irotm.brown'), 'refreshObligation', {
      obligationId: 'C-1004:first-review',
      view: 'escalation',
    });
    expect(executeAction(escalated, 'waiveObligation').data!.requestKey).toMatch(KEY);
    expect(executeAction(first, 'refreshObligation').data).not.toHaveProperty('requestKey');
  });

  it("passes the button's key to the case operations as the idempotency key", async () => {
    const act = jest.spyOn(world.service, 'actOnObligation');
    const shown = await teams.press(jones, 'refreshObligation', reminder);
    const ack = executeAction(shown, 'acknowledgeObligation').data!;
    await teams.press(jones, 'acknowledgeObligation', ack);
    const cannot = executeAction(shown, 'reportCannotMeet').data!;
    await teams.press(jones, 'reportCannotMeet', { ...cannot, cannotMeetReason: 'Bundle late' });
    const review = { obligationId: 'C-1003:first-review', view: 'reminder' };
    const complete = executeAction(
      await teams.press(patel, 'refreshObligation', review),
      'completeObligation',
    ).data!;
    await teams.press(patel, 'completeObligation', { ...complete, review: 'R1' });
    const waive = executeAction(
      await teams.press(demoPerson('irotm.brown'), 'refreshObligation', {
        obligationId: 'C-1004:first-review',
        view: 'escalation',
      }),
      'waiveObligation',
    ).data!;
    await teams.press(demoPerson('irotm.brown'), 'waiveObligation', {
      ...waive,
      waiverReason: 'Child moved to another authority',
    });

    expect(act.mock.calls.map(([, id, action, input]) => [id, action, input])).toEqual([
      [reminder.obligationId, 'acknowledge', { idempotencyKey: `card:${String(ack.requestKey)}` }],
      [
        reminder.obligationId,
        'cannot-meet',
        { reason: 'Bundle late', idempotencyKey: `card:${String(cannot.requestKey)}` },
      ],
      [
        review.obligationId,
        'complete',
        // The key is the card's, not one of the completion's inputs.
        { inputs: { review: 'R1' }, idempotencyKey: `card:${String(complete.requestKey)}` },
      ],
      [
        'C-1004:first-review',
        'waive',
        {
          reason: 'Child moved to another authority',
          idempotencyKey: `card:${String(waive.requestKey)}`,
        },
      ],
    ]);
    act.mockRestore();
  });

  it("says it can't be met once, and tells the manager once, however often the button is pressed", async () => {
    const shown = await teams.press(jones, 'refreshObligation', reminder);
    const press = {
      ...executeAction(shown, 'reportCannotMeet').data,
      cannotMeetReason: 'Court bundle not yet served',
    };
    const before = (await world.events('C-1001')).length;
    const outboxBefore = (await world.store.outboxForCase('C-1001')).length;

    const first = await teams.press(jones, 'reportCannotMeet', press);
    expect(noticeOf(first)).toBe(
      'Recorded, with your reason: Sara Ahmed (principal lawyer) has been told.',
    );
    const recorded = await world.events('C-1001');
    expect(recorded).toHaveLength(before + 1);
    const told = (await world.store.outboxForCase('C-1001')).length;
    expect(told).toBeGreaterThan(outboxBefore);

    const again = await teams.press(jones, 'reportCannotMeet', press);
    expect(noticeOf(again)).toBe(
      'That was already recorded, with your reason. Nobody was told twice.',
    );
    expect(await world.events('C-1001')).toHaveLength(recorded.length);
    expect(await world.store.outboxForCase('C-1001')).toHaveLength(told);
  });

  it('a second press of the same button with something else typed leaves the first standing', async () => {
    const shown = await teams.press(jones, 'refreshObligation', reminder);
    const data = executeAction(shown, 'reportCannotMeet').data;
    await teams.press(jones, 'reportCannotMeet', { ...data, cannotMeetReason: 'Bundle late' });
    const recorded = await world.events('C-1001');
    const again = await teams.press(jones, 'reportCannotMeet', {
      ...data,
      cannotMeetReason: 'Bundle late, and the expert too',
    });
    expect(noticeOf(again)).toBe(
      'That button was already pressed on this card, and what it recorded stands. Nothing was changed.',
    );
    expect(await world.events('C-1001')).toHaveLength(recorded.length);
  });

  it('a button of a card posted before buttons carried keys still works', async () => {
    const card = await teams.press(jones, 'reportCannotMeet', {
      ...reminder,
      cannotMeetReason: 'Bundle late',
    });
    expect(noticeOf(card)).toBe(
      'Recorded, with your reason: Sara Ahmed (principal lawyer) has been told.',
    );
  });
});

describe('what people type is shown as typed', () => {
  const EVIL = '[click](https://evil.example) **bold** <b>x</b>';

  it('a date typed in chat that cannot be read is quoted as plain text, not Markdown', async () => {
    const card = await teams.sayOne(jones, `send iro alert C-1003 ${EVIL}`);
    expect(titleOf(card)).toBe('Send IRO alert');
    expect(textsOf(card)).toContainEqual(expect.stringContaining(`"${EVIL}" is not a date`));
    for (const t of formatted(card)) {
      expect(t).not.toContain('evil.example');
      expect(t).not.toContain('**bold**');
      expect(t).not.toContain('<b>');
    }
  });

  it('a reason the obligation cannot be met asks for no child to be named', async () => {
    const shown = await teams.press(jones, 'refreshObligation', {
      obligationId: 'C-1001:initial-documents-to-iro',
      view: 'reminder',
    });
    expect(inputsOf(shown).find((i) => i.id === 'cannotMeetReason')?.placeholder).toBe(
      "Do not write the child's name — use the case reference.",
    );
  });
});

describe('no child is named', () => {
  it("cards name a case by its reference and the child's initials; the child reference only on the case summary", async () => {
    await teams.say(jones, 'help');
    const cards = [
      await teams.sayOne(jones, 'my deadlines'),
      await teams.press(jones, 'previewIroAlert', {
        caseId: 'C-1003',
        filingDate: '2024-04-02',
        filingTime: '16:00',
      }),
      await teams.press(patel, 'refreshObligation', {
        obligationId: 'C-1004:draft-final-evidence-to-iro',
        view: 'new',
      }),
      await teams.sayOne(jones, 'send iro alert'),
    ];
    for (const card of cards) {
      const json = JSON.stringify(card);
      expect(json).toMatch(/C-10\d\d \([A-Z]\.[A-Z]\.\)/);
      expect(json).not.toMatch(/LCS-\d+/);
    }
  });
});
