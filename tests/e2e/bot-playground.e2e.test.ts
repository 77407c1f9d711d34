/**
 * The headline flow in Teams, end to end: the real server (real SQLite file, a clock the test
 * moves), the Microsoft 365 Agents Playground as the Teams client for three people, driven in
 * headless Chromium. The lawyer sends the IRO alert from the bot; the IRO's card arrives and is
 * acknowledged; a reminder point passes and the reminder arrives; the deadline passes and the
 * escalation reaches the manager. Then across surfaces: an alert the IRO acknowledges in the tab
 * shows as acknowledged on the card already in their Teams chat. Screenshots of each step are
 * saved under artifacts/e2e/.
 */
import type { Browser } from 'playwright-core';
import { humanInstant, type Person } from '../../core';
import { DEMO_PEOPLE } from '../../server/demo/demo-data';
import { launchChromium, openChat, type Chat } from '../support/playground-browser';
import { startTestServer, type TestServer } from '../support/running-server';

jest.setTimeout(240_000);

const NOW = '2026-11-20T09:00:00+00:00';
const CASE = 'C-9001';
/** A second case, for the alert acknowledged in the tab. */
const TAB_CASE = 'C-9002';
const person = (id: string) => DEMO_PEOPLE.find((p) => p.id === id)!;

let server: TestServer;
let browser: Browser;
let lawyer: Chat;
let iro: Chat;
let manager: Chat;

beforeAll(async () => {
  server = await startTestServer(NOW, { LIAISON_DEMO_SEED: 'off' });
  for (const p of DEMO_PEOPLE) await server.store.upsertPerson(p);
  const token = await server.signIn('lawyer.jones');
  for (const id of [CASE, TAB_CASE]) {
    const opened = await server.call(token, 'POST', '/api/cases', {
      case: {
        id,
        childRef: `LCS-${id.slice(2)}`,
        childInitials: 'R.T.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal', 'iro-guardian'],
      },
      team: 'north',
      members: [
        { personId: 'iro.patel', role: 'iro' },
        { personId: 'sw.khan', role: 'social-worker' },
      ],
    });
    expect(opened.status).toBe(201);
  }
  browser = await launchChromium();
  const open = (p: Person) => openChat(browser, server.url, p, DEMO_PEOPLE, server.dataDir);
  [lawyer, iro, manager] = await Promise.all([
    open(person('lawyer.jones')),
    open(person('iro.patel')),
    open(person('ppm.lee')),
  ]);
  // Each welcome card means the bot now has that person's conversation for proactive cards.
  for (const chat of [lawyer, iro, manager])
    await chat.page.getByText(`Signed in as ${chat.person.displayName}`).waitFor();
});

afterAll(async () => {
  // The last state of each chat, whatever happened: the first thing to look at after a failure.
  for (const chat of [lawyer, iro, manager]) await chat?.shot(`99-last-${chat.person.id}`);
  await browser?.close();
  await Promise.all([lawyer, iro, manager].map((c) => c?.playground.close()));
  await server?.close();
});

/** What the scheduler and the dispatcher would do on their next turns, now. */
async function deliver(): Promise<void> {
  await server.scheduler.tick();
  while ((await server.dispatcher.runOnce()) > 0);
}

async function obligation(rule: string) {
  const token = await server.signIn('lawyer.jones');
  const view = await server.call(token, 'GET', `/api/cases/${CASE}`);
  return (
    view.body.obligations as {
      id: string;
      rule: string;
      due: string;
      reminders: { at: string }[];
      acknowledgements: { by: string }[];
    }[]
  ).find((o) => o.rule === rule)!;
}

test('the IRO alert, acknowledged, reminded and escalated, in Teams', async () => {
  await lawyer.shot('01-lawyer-welcome');

  // The lawyer previews the alert: the dates on the card are the engine's.
  await lawyer.say(`send iro alert ${CASE} 2026-12-18 16:00`);
  await lawyer.page.getByText('Send IRO alert: check the dates').waitFor();
  const token = await server.signIn('lawyer.jones');
  const engine = (
    await server.call(token, 'POST', `/api/cases/${CASE}/iro-alert/preview`, {
      filingDue: '2026-12-18T16:00:00+00:00',
    })
  ).body;
  await lawyer.page.getByText('Fri 18 Dec 2026, 16:00').first().waitFor();
  await lawyer.page.getByText(humanInstant(engine.draftToIroBy)).first().waitFor();
  await lawyer.page
    .getByText(humanInstant(engine.commentsDueIfDraftOnTime), { exact: false })
    .first()
    .waitFor();
  await lawyer.shot('02-lawyer-preview');

  await lawyer.page.getByRole('button', { name: 'Send', exact: true }).click();
  await lawyer.page.getByText('IRO alert sent.').waitFor();
  await lawyer.shot('03-lawyer-sent');
  const draft = await obligation('draft-final-evidence-to-iro');
  await lawyer.page.getByText(humanInstant(draft.due)).first().waitFor();

  // The IRO's card arrives proactively, with the same dates.
  await deliver();
  await iro.page.getByText('IRO alert: final evidence due Fri 18 Dec 2026, 16:00').waitFor();
  await iro.page.getByText(humanInstant(draft.due)).first().waitFor();
  await iro.shot('04-iro-alert-card');

  // Acknowledge: the card refreshes in place and the acknowledgement is in the store.
  // (The IRO also hears of the other duties the filing date brings: their views, the timetable.)
  await iro.page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'IRO alert: final evidence due Fri 18 Dec 2026, 16:00' })
    .getByRole('button', { name: 'Acknowledge' })
    .last()
    .click();
  await iro.page.getByText('You acknowledged this.').waitFor();
  await iro.shot('05-iro-acknowledged');
  expect((await obligation('draft-final-evidence-to-iro')).acknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.patel' }),
  ]);
  const log = (await server.call(token, 'GET', `/api/cases/${CASE}`)).body.events;
  expect(log.at(-1)).toMatchObject({
    type: 'obligation.acknowledged',
    by: 'iro.patel',
    via: 'bot',
  });

  // A reminder point passes: the lawyer is reminded proactively.
  const reminder = draft.reminders[0]!.at;
  server.setNow(new Date(Date.parse(reminder) + 60_000).toISOString());
  await deliver();
  await lawyer.page.getByText(`Reminder: due ${humanInstant(draft.due)}`).waitFor();
  await lawyer.shot('06-lawyer-reminder');

  // The deadline passes with no draft sent: the manager the rule names is told.
  server.setNow(new Date(Date.parse(draft.due) + 3_600_000).toISOString());
  await deliver();
  await manager.page
    .getByText('Escalation: Get the draft final statement and care plan to the IRO, late today')
    .waitFor();
  await manager.page.getByText('Not yet acknowledged by').waitFor();
  await manager.shot('07-manager-escalation');
  await lawyer.page.getByText('Overdue: late today').first().waitFor();
  await lawyer.shot('08-lawyer-overdue');

  // Everything went out through Teams, once each.
  const sent = (await server.store.outboxForCase(CASE)).filter((i) => i.sentAt);
  const teams = sent.filter((i) => i.channel === 'teams').map((i) => i.key);
  expect(teams).toEqual(
    expect.arrayContaining([
      `${draft.id}:new:iro.patel`,
      `${draft.id}:reminder-1:lawyer.jones`,
      `${draft.id}:overdue:lawyer.jones`,
      `${draft.id}:escalation:ppm.lee`,
    ]),
  );
  // The social worker has no Teams chat with the bot: the same notices went by email.
  expect(sent.filter((i) => i.recipient === 'sw.khan').every((i) => i.channel === 'email')).toBe(
    true,
  );
});

test("an alert the IRO acknowledges in the tab shows as acknowledged on the IRO's Teams card", async () => {
  // The first test moved the clock on: this filing date is still weeks ahead of it.
  const token = await server.signIn('lawyer.jones');
  const sent = await server.call(token, 'POST', `/api/cases/${TAB_CASE}/iro-alert`, {
    filingDue: '2027-02-26T16:00:00+00:00',
  });
  expect(sent.status).toBe(201);
  await deliver();
  const card = iro.page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'IRO alert: final evidence due Fri 26 Feb 2027, 16:00' });
  await card.getByText('IRO alert: final evidence due Fri 26 Feb 2027, 16:00').waitFor();
  await card.getByRole('button', { name: 'Acknowledge' }).waitFor();
  await iro.shot('09-iro-second-alert');

  // The IRO acknowledges it in the tab, under My deadlines.
  const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await tab.goto(`${server.url}/tab/`);
  await tab.getByLabel('Sign in as').selectOption('iro.patel');
  await tab.getByRole('button', { name: 'Sign in' }).click();
  // The draft is the lawyer's to send: the IRO finds it among what they are told of.
  await tab.getByRole('tab', { name: /^For your information/ }).click();
  const item = tab
    .getByRole('listitem')
    .filter({ hasText: `${TAB_CASE} (` })
    .filter({ hasText: 'Get the draft final statement and care plan to the IRO' });
  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await tab.getByText('Acknowledged.').waitFor();
  await tab.close();

  // The card already in the IRO's chat is updated in place: acknowledged, nothing left to press.
  await deliver();
  await card.getByText(`Acknowledged by ${person('iro.patel').displayName}, `).waitFor();
  expect(await card.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
  await iro.shot('10-iro-card-after-tab-acknowledgement');
  const update = (await server.store.outboxForCase(TAB_CASE)).find(
    (i) => i.kind === 'obligation.card-update' && i.channel === 'teams',
  );
  expect(update).toBeDefined();
});
