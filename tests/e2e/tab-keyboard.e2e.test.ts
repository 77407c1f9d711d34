/**
 * The tab by keyboard alone, in headless Chromium against the real server in local mode (demo
 * people and cases): signing in from the demo person picker, moving between the views, an IRO
 * acknowledging an item under My deadlines, and a manager opening a case from the dashboard and
 * getting to its obligations. Only `page.keyboard` drives the page. At every stop focus is on the
 * control expected (by role and name) and can be seen. Screenshots go to artifacts/e2e/.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../support/playground-browser';
import { startTestServer, type TestServer } from '../support/running-server';

jest.setTimeout(180_000);

const NOW = '2026-11-18T09:00:00+00:00';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer(NOW);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * What the functions run in the page use of the browser (this program is typed for Node, without
 * the DOM's types): each takes them from `globalThis`, the page's window when it runs.
 */
interface InPage {
  document: { activeElement: PageElement | null; body: PageElement };
  getComputedStyle: (
    el: PageElement,
    pseudo?: string,
  ) => Record<
    | 'outlineStyle'
    | 'outlineWidth'
    | 'boxShadow'
    | 'content'
    | 'borderBottomStyle'
    | 'borderBottomWidth'
    | 'transform',
    string
  >;
}
interface PageElement {
  tagName: string;
  textContent: string | null;
  parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  contains(other: PageElement): boolean;
  compareDocumentPosition(other: PageElement): number;
}
/** Node.DOCUMENT_POSITION_FOLLOWING */
const FOLLOWING = 4;

/** The focused element in words, for failure messages. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as InPage;
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the page body)';
    const role = el.getAttribute('role') ?? el.tagName.toLowerCase();
    const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 60);
    return `${role} "${label}"`;
  });
}

/**
 * Where focus is (on `target`? inside `region`?) and whether it can be seen: an outline or a box
 * shadow on the focused element, or, for Fluent's inputs, the field's underline (its wrapper's
 * ::after) drawn in full. Focus styles that animate in get a moment to finish.
 */
async function focusState(page: Page, target?: Locator, region?: Locator) {
  const handles = [
    target ? await target.elementHandle() : null,
    region ? await region.elementHandle() : null,
  ] as const;
  const deadline = Date.now() + 2_000;
  for (;;) {
    const state = await page.evaluate(([t, r]) => {
      const { document, getComputedStyle } = globalThis as unknown as InPage;
      const el = document.activeElement;
      const shows = (): boolean => {
        if (!el || el === document.body) return false;
        const own = getComputedStyle(el);
        if (own.outlineStyle !== 'none' && parseFloat(own.outlineWidth) > 0) return true;
        if (own.boxShadow !== 'none') return true;
        if (!el.parentElement) return false;
        // A sortable column's header outlines the whole cell around its button.
        const parent = getComputedStyle(el.parentElement);
        if (
          el.parentElement.tagName === 'TH' &&
          parent.outlineStyle !== 'none' &&
          parseFloat(parent.outlineWidth) > 0
        )
          return true;
        const line = getComputedStyle(el.parentElement, '::after');
        return (
          line.content !== 'none' &&
          line.borderBottomStyle !== 'none' &&
          parseFloat(line.borderBottomWidth) >= 2 &&
          // The underline grows from the middle: only a full one counts.
          (line.transform === 'none' || line.transform.startsWith('matrix(1, 0, 0, 1,'))
        );
      };
      return {
        onTarget: !!t && el === t,
        inRegion: !!r && !!el && r.contains(el),
        visible: shows(),
      };
    }, handles);
    const done = state.visible && (!target || state.onTarget) && (!region || state.inRegion);
    if (done || Date.now() > deadline) return state;
    await page.waitForTimeout(50);
  }
}

/** Checks that focus is on `expected` and that it shows. */
async function expectFocus(page: Page, expected: Locator, name: string): Promise<void> {
  const state = await focusState(page, expected);
  if (!state.onTarget || !state.visible)
    throw new Error(
      `expected visible focus on ${name}; focus is on ${await describeFocus(page)}` +
        (state.onTarget ? ' but cannot be seen' : ''),
    );
}

/** Presses a key and checks where focus lands. */
async function press(page: Page, key: string, expected: Locator, name: string): Promise<void> {
  await page.keyboard.press(key);
  await expectFocus(page, expected, name);
}

/**
 * Presses Tab until `arrived()` (at most `max` times); every stop on the way is inside `region`
 * and shows focus. So focus is neither trapped, nor lost, nor invisible on the way.
 */
async function tabUntil(
  page: Page,
  region: Locator,
  arrived: () => Promise<boolean>,
  what: string,
  max = 40,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await focusState(page, undefined, region);
    if (!state.inRegion || !state.visible)
      throw new Error(
        `on the way to ${what}, Tab ${i + 1} put focus on ${await describeFocus(page)}` +
          (state.inRegion ? ', where it cannot be seen' : ', outside where it should be'),
      );
    if (await arrived()) return;
  }
  throw new Error(`${what} was not reached in ${max} presses of Tab`);
}

const isFocused = (l: Locator) =>
  l.evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement);

async function signInByKeyboard(personId: string): Promise<Page> {
  const people = (await server.call(undefined, 'GET', '/api/dev/people')).body as {
    id: string;
    displayName: string;
  }[];
  const person = people.find((p) => p.id === personId)!;
  const page = await (
    await browser.newContext({ viewport: { width: 1200, height: 1000 } })
  ).newPage();
  await page.goto(`${server.url}/tab/`);
  const picker = page.getByLabel('Sign in as', { exact: true });
  await picker.waitFor();
  await press(page, 'Tab', picker, 'the "Sign in as" picker');
  // A closed <select> picks the option whose text is typed.
  await page.keyboard.type(person.displayName);
  expect(await picker.inputValue()).toBe(personId);
  await press(page, 'Tab', page.getByRole('button', { name: 'Sign in' }), 'the Sign in button');
  await page.keyboard.press('Enter');
  await page.getByRole('tablist', { name: 'Views' }).waitFor();
  // Signed in, focus moves to the first view's heading (not back to the top of the page).
  await expectFocus(page, page.getByRole('heading', { level: 1 }), 'the view heading');
  return page;
}

test('a manager signs in, moves between the views, opens a case from the dashboard and gets to its obligations', async () => {
  const page = await signInByKeyboard('ppm.lee');
  const main = page.getByRole('main');
  const tab = (name: string) => page.getByRole('tab', { name });
  // Managers start on the dashboard, focus on its heading; the view's tab is just before it.
  await page.getByRole('table', { name: 'Cases and their obligations' }).waitFor();
  await expectFocus(page, page.getByRole('heading', { name: 'Cases', exact: true }), 'Cases');
  await press(page, 'Shift+Tab', tab('Cases'), 'the Cases tab');

  // The views: arrows move along the tab list, Enter or Space opens the view.
  await press(page, 'ArrowLeft', tab('My deadlines'), 'the My deadlines tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'My deadlines' }).waitFor();
  await expectFocus(page, tab('My deadlines'), 'the My deadlines tab');
  await press(page, 'ArrowRight', tab('Cases'), 'the Cases tab');
  await page.keyboard.press('Space');
  await page.getByRole('table', { name: 'Cases and their obligations' }).waitFor();
  await expectFocus(page, tab('Cases'), 'the Cases tab');

  // Past what is late now to the dashboard's filters: the search finds a case, and past the
  // sortable column headers its row opens it.
  const { cases } = (await server.call(await server.signIn('ppm.lee'), 'GET', '/api/cases'))
    .body as { cases: { id: string; childInitials: string }[] };
  const first = [...cases].sort((a, b) => a.id.localeCompare(b.id))[0]!;
  const search = page.getByLabel('Case or child reference', { exact: true });
  await tabUntil(page, main, () => isFocused(search), 'the case search');
  await page.keyboard.type(first.id);
  const link = page
    .getByRole('table', { name: 'Cases and their obligations' })
    .getByRole('button', { name: `${first.id} (${first.childInitials})` });
  await tabUntil(page, main, () => isFocused(link), `the link to case ${first.id}`);
  await page.screenshot({ path: join(ARTIFACTS, 'tab-keyboard-01-dashboard.png') });

  await page.keyboard.press('Enter');
  const caseHeading = page.getByRole('heading', { name: new RegExp(`^Case ${first.id}`) });
  await caseHeading.waitFor();
  // Focus follows to the case, once it has loaded.
  await expectFocus(page, caseHeading, `the heading of case ${first.id}`);
  expect(await tab(`Case ${first.id}`).getAttribute('aria-selected')).toBe('true');

  // On through the case (the parties) to the obligations: the first control at or after their
  // heading, wherever the case view puts it.
  const article = page.getByRole('article');
  const obligations = article.getByRole('heading', { name: 'Obligations', exact: true });
  const pastObligations = () =>
    obligations.evaluate((h: PageElement, following) => {
      const focused = (globalThis as unknown as InPage).document.activeElement;
      return !!focused && !!(h.compareDocumentPosition(focused) & following);
    }, FOLLOWING);
  await tabUntil(page, article, pastObligations, `the obligations of ${first.id}`);
  expect(await obligations.isVisible()).toBe(true);
  const view = (await server.call(await server.signIn('ppm.lee'), 'GET', `/api/cases/${first.id}`))
    .body as { obligations: { title: string }[] };
  expect(view.obligations.length).toBeGreaterThan(0);
  for (const o of view.obligations)
    expect(await article.getByText(o.title).count()).toBeGreaterThan(0);

  // And back: Shift+Tab returns to a control before the obligations, Tab to the same one again.
  const there = await describeFocus(page);
  await page.keyboard.press('Shift+Tab');
  expect((await focusState(page, undefined, article)).visible).toBe(true);
  expect(await pastObligations()).toBe(false);
  await page.keyboard.press('Tab');
  expect(await describeFocus(page)).toBe(there);
  await page.screenshot({
    path: join(ARTIFACTS, 'tab-keyboard-02-case-obligations.png'),
    fullPage: true,
  });
});

test('an IRO signs in and acknowledges an item under My deadlines', async () => {
  const page = await signInByKeyboard('iro.patel');
  const deadlines = page.getByRole('region', { name: 'My deadlines' });
  await deadlines.waitFor();
  await expectFocus(page, deadlines.getByRole('heading', { name: 'My deadlines' }), 'the heading');
  await press(
    page,
    'Shift+Tab',
    page.getByRole('tab', { name: 'My deadlines' }),
    'the My deadlines tab',
  );

  // An item on the IRO (one only addressed to them leaves the list once acknowledged).
  const token = await server.signIn('iro.patel');
  type Mine = {
    case: { id: string; childInitials: string };
    obligation: { id: string; title: string; acknowledgements: unknown[] };
    as: 'responsible' | 'told';
  };
  const mine = (await server.call(token, 'GET', '/api/me/obligations')).body as {
    obligations: Mine[];
  };
  const heading = (i: Mine) => `${i.case.id} (${i.case.childInitials}) · ${i.obligation.title}`;
  const target = mine.obligations.find(
    (i) =>
      i.as === 'responsible' &&
      !i.obligation.acknowledgements.length &&
      // A heading no other item's contains, so the item is found by it alone.
      mine.obligations.filter((j) => heading(j).includes(heading(i))).length === 1,
  )!;
  expect(target).toBeDefined();
  const item = deadlines.getByRole('listitem').filter({ hasText: heading(target) });
  const acknowledge = item.getByRole('button', { name: 'Acknowledge' });
  await tabUntil(
    page,
    page.getByRole('main'),
    () => isFocused(acknowledge),
    'an Acknowledge button',
  );
  await expectFocus(page, acknowledge, "the item's Acknowledge button");

  await page.keyboard.press('Enter');
  await page.getByText('Acknowledged.').waitFor();
  // The button pressed has gone: focus is on what happened, not lost to the page.
  await expectFocus(page, deadlines.getByRole('status'), 'the "Acknowledged." message');
  await item.getByText('Acknowledged', { exact: true }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'tab-keyboard-03-iro-acknowledged.png') });
  const view = (await server.call(token, 'GET', `/api/cases/${target.case.id}`)).body as {
    obligations: { id: string; acknowledgements: { by: string }[] }[];
    events: { type: string; via: string }[];
  };
  expect(view.obligations.find((o) => o.id === target.obligation.id)!.acknowledgements).toEqual([
    expect.objectContaining({ by: 'iro.patel' }),
  ]);
  expect(view.events.at(-1)).toMatchObject({ type: 'obligation.acknowledged', via: 'tab' });

  // The keyboard carries on from there, into the list.
  await page.keyboard.press('Tab');
  expect(await focusState(page, undefined, deadlines)).toMatchObject({
    inRegion: true,
    visible: true,
  });
});
