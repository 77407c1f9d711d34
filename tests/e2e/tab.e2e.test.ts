/**
 * The tab end to end, in headless Chromium against the real server in local mode (demo people
 * and cases, a real SQLite file): the manager's dashboard shows the demo cases with the engine's
 * overdue counts; a lawyer sends an IRO alert and the dates shown are the engine's; the IRO sees
 * it under My deadlines and acknowledges it. axe-core finds no serious or critical violation on
 * any view in the light, dark and high-contrast themes. Screenshots go to artifacts/e2e/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { humanInstant } from '../../core';
import { ARTIFACTS, launchChromium } from '../support/playground-browser';
import { startTestServer, type TestServer } from '../support/running-server';

jest.setTimeout(180_000);

const NOW = '2026-11-18T09:00:00+00:00';
const THEMES = ['default', 'dark', 'contrast'] as const;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer(NOW);
  browser = await launchChromium();
});
afterAll(async () => {
  expect(cspViolations).toEqual([]);
  await browser?.close();
  await server?.close();
});

const cspViolations: string[] = [];

async function signIn(personId: string, theme: (typeof THEMES)[number] = 'default') {
  const page = await (
    await browser.newContext({ viewport: { width: 1200, height: 1000 } })
  ).newPage();
  // The tab runs under its Content-Security-Policy: anything it refuses is a failure here.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(`${server.url}/tab/?theme=${theme}`);
  await page.getByLabel('Sign in as').selectOption(personId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Views' }).waitFor();
  return page;
}

/** Serious and critical accessibility problems on the page as it is now, as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than as an inline <script>, which the tab's
  // Content-Security-Policy (script-src 'self') rightly refuses.
  await page.evaluate(AXE);
  // Fluent's focus manager (Tabster) puts aria-hidden <i tabindex="0" data-tabster-dummy>
  // sentinels at the edges of focus groups; they pass focus on at once and are not content.
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string; nodes: { target: string[] }[] };
    const axe = (
      globalThis as unknown as {
        axe: { run(context: object): Promise<{ violations: Violation[] }> };
      }
    ).axe;
    return (await axe.run({ exclude: [['[data-tabster-dummy]']] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function api(personId: string, method: string, path: string, body?: unknown) {
  return (await server.call(await server.signIn(personId), method, path, body)).body;
}

test("the manager's dashboard shows the demo cases with the engine's overdue counts", async () => {
  const page = await signIn('ppm.lee');
  await page.getByRole('table', { name: 'Cases and their obligations' }).waitFor();
  const rows = await page.getByRole('row').allInnerTexts();
  const { cases } = await api('ppm.lee', 'GET', '/api/cases?limit=200');
  expect(cases.length).toBeGreaterThan(5);
  // The overdue count is the column after the case, in words ("2 overdue").
  const overdueOf = (row: string | undefined) => row?.split('\t')[1]?.trim();
  for (const c of cases as { id: string; childInitials: string; counts: { overdue: number } }[]) {
    const row = rows.find((r) => r.startsWith(`${c.id} (${c.childInitials})`));
    expect(overdueOf(row)).toBe(`${c.counts.overdue} overdue`);
  }
  // Overdue first.
  const shown = rows.slice(1).map((r) => parseInt(overdueOf(r) ?? '', 10));
  expect(shown).toEqual([...shown].sort((a, b) => b - a));
  await page.screenshot({ path: join(ARTIFACTS, 'tab-01-dashboard.png') });
});

test('a lawyer sends the IRO alert with the engine dates; the IRO sees it under My deadlines and acknowledges it', async () => {
  // A case of the lawyer's with the IRO allocated.
  const { cases } = await api('lawyer.jones', 'GET', '/api/cases?limit=200');
  const target = (cases as { id: string; members: { personId: string }[] }[]).find(
    (c) =>
      c.members.some((m) => m.personId === 'iro.patel') &&
      c.members.some((m) => m.personId === 'lawyer.jones'),
  )!;
  expect(target).toBeDefined();
  const filingDue = '2026-12-18T16:00:00+00:00';
  const engine = await api('lawyer.jones', 'POST', `/api/cases/${target.id}/iro-alert/preview`, {
    filingDue,
  });

  const lawyer = await signIn('lawyer.jones');
  await lawyer.getByRole('tab', { name: 'Send IRO alert' }).click();
  await lawyer.getByLabel('Case').selectOption(target.id);
  await lawyer.getByLabel('Final evidence filing date').fill('2026-12-18');
  await lawyer.getByLabel('Filing time (UK time)').fill('16:00');
  const dates = lawyer.getByRole('definition');
  await dates.first().waitFor();
  expect(await dates.allInnerTexts()).toEqual(
    expect.arrayContaining([
      humanInstant(engine.filingDue),
      humanInstant(engine.draftToIroBy),
      humanInstant(engine.commentsDueIfDraftOnTime),
    ]),
  );
  await lawyer.screenshot({ path: join(ARTIFACTS, 'tab-02-send-iro-alert.png') });
  await lawyer.getByRole('button', { name: 'Send IRO alert' }).click();
  await lawyer.getByText('IRO alert sent.').waitFor();

  const iro = await signIn('iro.patel');
  // The IRO is told of the lawyer's draft deadline: it is for their information, not to do.
  await iro.getByRole('tab', { name: /^For your information/ }).click();
  const alert = iro
    .getByRole('listitem')
    .filter({ hasText: `${target.id} (` })
    .filter({
      hasText: 'Get the draft final statement and care plan to the IRO',
    });
  await alert.waitFor();
  await iro.screenshot({ path: join(ARTIFACTS, 'tab-03-iro-my-deadlines.png') });
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await iro.getByText('Acknowledged.').waitFor();
  const view = await api('iro.patel', 'GET', `/api/cases/${target.id}`);
  const draft = view.obligations.find(
    (o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro',
  );
  expect(draft.acknowledgements).toEqual([expect.objectContaining({ by: 'iro.patel' })]);
  expect(view.events.at(-1)).toMatchObject({ type: 'obligation.acknowledged', via: 'tab' });
});

/** Every view, as who sees it, and what says it has loaded. */
const VIEWS = [
  { view: 'my-deadlines', who: 'lawyer.jones', path: '/tab/deadlines', ready: 'My deadlines' },
  { view: 'dashboard', who: 'ppm.lee', path: '/tab/cases', ready: 'Late now' },
  { view: 'send-iro-alert', who: 'lawyer.jones', path: '/tab/alert', ready: 'Send IRO alert' },
  { view: 'case', who: 'lawyer.jones', path: '/tab/cases/C-1001', ready: /^Case C-1001/ },
  { view: 'service-duties', who: 'pl.ahmed', path: '/tab/service', ready: 'Service duties' },
] as const;
const WIDTHS = [390, 1280, 1920] as const;

test.each(THEMES)(
  'every view at 390, 1280 and 1920 px (%s theme): no serious or critical accessibility problem, no sideways scroll',
  async (theme) => {
    const problems: string[] = [];
    for (const { view, who, path, ready } of VIEWS) {
      const page = await signIn(who, theme);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 1000 });
        await page.goto(`${server.url}${path}?theme=${theme}`);
        await page.getByRole('heading', { name: ready }).first().waitFor();
        // Teams mobile is 390 px wide: nothing may push the page sideways there, or anywhere.
        const sideways = await page.evaluate(
          () =>
            (globalThis as unknown as InPage).document.documentElement.scrollWidth -
            (globalThis as unknown as InPage).innerWidth,
        );
        if (sideways > 0)
          problems.push(`${view} at ${width} px scrolls sideways by ${sideways} px`);
        for (const p of await axeProblems(page)) problems.push(`${view} at ${width} px: ${p}`);
        await page.screenshot({
          path: join(ARTIFACTS, `tab-${theme}-${view}-${width}.png`),
          fullPage: true,
        });
      }
      await page.context().close();
    }
    const signedOut = await (await browser.newContext()).newPage();
    await signedOut.goto(`${server.url}/tab/?theme=${theme}`);
    await signedOut.getByLabel('Sign in as').waitFor();
    for (const p of await axeProblems(signedOut)) problems.push(`sign-in: ${p}`);
    expect(problems).toEqual([]);
  },
);

interface InPage {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}
