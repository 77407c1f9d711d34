/**
 * A working week, end to end, as its people would live it: in Teams (the Agents Playground) the
 * lawyer sends the IRO alert with a date written the British way and sees who was told; the IRO
 * acknowledges it on their card; the draft is not sent, and when it is late the manager finds it
 * under "Late now" in the tab, opens the case, and Back returns to the dashboard. Screenshots
 * under artifacts/e2e/.
 */
import type { Browser } from 'playwright-core';
import { type Person } from '../../core';
import { DEMO_PEOPLE } from '../../server/demo/demo-data';
import { launchChromium, openChat, type Chat } from '../support/playground-browser';
import { startTestServer, type TestServer } from '../support/running-server';

jest.setTimeout(240_000);

const NOW = '2026-11-20T09:00:00+00:00';
const CASE = 'C-9101';
const person = (id: string) => DEMO_PEOPLE.find((p) => p.id === id)!;

let server: TestServer;
let browser: Browser;
let lawyer: Chat;
let iro: Chat;

beforeAll(async () => {
  server = await startTestServer(NOW, { LIAISON_DEMO_SEED: 'off' });
  for (const p of DEMO_PEOPLE) await server.store.upsertPerson(p);
  const token = await server.signIn('lawyer.jones');
  const opened = await server.call(token, 'POST', '/api/cases', {
    case: {
      id: CASE,
      childRef: 'LCS-910100',
      childInitials: 'W.X.',
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
  browser = await launchChromium();
  const open = (p: Person) => openChat(browser, server.url, p, DEMO_PEOPLE, server.dataDir);
  [lawyer, iro] = await Promise.all([open(person('lawyer.jones')), open(person('iro.patel'))]);
  for (const chat of [lawyer, iro])
    await chat.page.getByText(`Signed in as ${chat.person.displayName}`).waitFor();
});

afterAll(async () => {
  for (const chat of [lawyer, iro]) await chat?.shot(`daily-99-last-${chat.person.id}`);
  await browser?.close();
  await Promise.all([lawyer, iro].map((c) => c?.playground.close()));
  await server?.close();
});

test('alert with a British date → IRO acknowledges → late → the manager finds it and goes back', async () => {
  // The lawyer writes the date as people do; the bot says how it read it and who will be told.
  await lawyer.say(`send iro alert ${CASE.toLowerCase()} 18/12/2026 4pm`);
  await lawyer.page.getByText('I read “18/12/2026 4pm” as Fri 18 Dec 2026, 16:00.').waitFor();
  await lawyer.page.getByText('Sam Patel (IRO)').first().waitFor();
  await lawyer.shot('daily-01-preview');
  await lawyer.page.getByRole('button', { name: 'Send', exact: true }).click();
  await lawyer.page
    .getByText('IRO alert sent. Sam Patel (IRO) gets a card to acknowledge.')
    .waitFor();
  await lawyer.shot('daily-02-sent');

  // The IRO's card arrives and is acknowledged there.
  await server.deliver();
  const card = iro.page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'IRO alert: final evidence due Fri 18 Dec 2026, 16:00' });
  await card.getByRole('button', { name: 'Acknowledge' }).last().click();
  await iro.page.getByText('You acknowledged this.').waitFor();
  await iro.shot('daily-03-iro-acknowledged');

  // The draft was due with the IRO five business days before filing; a day later it is late.
  server.setNow('2026-12-12T10:00:00+00:00');
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 1000 } })
  ).newPage();
  await page.goto(`${server.url}/tab/`);
  await page.getByLabel('Sign in as').selectOption('ppm.lee');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const lateNow = page.getByRole('list', { name: 'Late now' });
  const item = lateNow
    .getByRole('listitem')
    .filter({ hasText: 'Get the draft final statement and care plan to the IRO' })
    .filter({ hasText: CASE });
  await item.waitFor();
  await item.getByText('Lawyer: Lee Jones (lawyer)').waitFor();
  await page.screenshot({ path: 'artifacts/e2e/daily-04-late-now.png' });
  await item.getByRole('button', { name: new RegExp(`^${CASE}`) }).click();
  await page.getByRole('heading', { name: new RegExp(`^Case ${CASE}`) }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/tab/cases/${CASE}`);

  // Back returns to the dashboard, where it was (the tab's home, where a manager starts).
  await page.goBack();
  await page.getByRole('heading', { name: /^Late now/ }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/tab/');
  await page.context().close();
});
