/**
 * @jest-environment jsdom
 */
/**
 * Every view has an address: choosing a view pushes its path, the browser's Back and Forward
 * bring back the view of the address they go to, and a pasted link opens the view it names.
 * Managers arriving at /tab/ still start on the dashboard, and a channel tab's ?team= stays.
 */
import './dom';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../src/App';
import { pathOf, routeOf } from '../src/routes';

const MANAGER = {
  id: 'ppm.lee',
  displayName: 'Kim Lee',
  roles: ['permanency-progression-manager'],
  teams: ['north'],
  serverTime: '2026-11-18T09:00:00+00:00',
  emailAsMe: false,
};
const LAWYER = { ...MANAGER, id: 'lawyer.jones', displayName: 'Lee Jones', roles: ['lawyer'] };

const CASE = {
  id: 'C-1',
  childRef: 'LCS-1',
  childInitials: 'A.B.',
  team: 'north',
  members: [],
  version: 1,
  counts: { open: 1, dueSoon: 0, overdue: 1 },
  parties: [],
};
const CASE_VIEW = {
  case: CASE,
  myRoles: [],
  myEvents: [],
  myRetractable: [],
  parties: [],
  calendar: { id: 'ew-2026', description: 'England and Wales bank holidays' },
  evaluatedAt: '2026-11-18T09:00:00+00:00',
  events: [],
  obligations: [],
  deliveries: [],
};

/** The server as the app sees it, for the routes its views read; what it was asked. */
function fakeFetch(me: typeof MANAGER) {
  const asked: string[] = [];
  // jsdom has no Response: what the tab reads of one, and no more.
  const json = (status: number, body: unknown) =>
    Promise.resolve({
      ok: status < 300,
      status,
      statusText: String(status),
      text: () => Promise.resolve(JSON.stringify(body)),
      json: () => Promise.resolve(body),
    });
  globalThis.fetch = ((path: string) => {
    asked.push(path);
    if (path === '/api/me') return json(200, me);
    if (path === '/api/me/obligations') return json(200, { obligations: [] });
    if (path.startsWith('/api/cases?')) return json(200, { cases: [CASE] });
    if (path === '/api/cases/C-1') return json(200, CASE_VIEW);
    if (path === '/api/cases/C-1/suggestions') return json(200, { suggestions: [] });
    if (path.startsWith('/api/reports/late-now'))
      return json(200, { generatedAt: me.serverTime, teams: me.teams, items: [] });
    if (path.startsWith('/api/reports/compliance'))
      return json(503, { code: 'unavailable', detail: 'Not in this test.' });
    return json(404, { code: 'not-found', detail: path });
  }) as unknown as typeof fetch;
  return asked;
}

/** Opens the app at `path`, signed in (local mode) as `me`. */
function openAt(path: string, me: typeof MANAGER) {
  const asked = fakeFetch(me);
  window.history.pushState(null, '', path);
  render(<App host={undefined} />);
  return asked;
}

const selected = () =>
  within(screen.getByRole('tablist', { name: 'Views' }))
    .getAllByRole('tab')
    .filter((t) => t.getAttribute('aria-selected') === 'true')
    .map((t) => t.textContent);
const dashboard = () => screen.findByRole('table', { name: 'Cases and their obligations' });

/** jsdom goes Back or Forward a moment later, with a popstate as a browser would. */
async function traverse(move: () => void, path: string) {
  move();
  await waitFor(() => expect(window.location.pathname).toBe(path));
}

beforeEach(() => sessionStorage.setItem('iro-liaison-dev-token', 'a-token'));
afterEach(() => {
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});

test('the paths and the views they name', () => {
  expect(routeOf('/tab/')).toEqual({});
  expect(routeOf('/tab')).toEqual({});
  expect(routeOf('/tab/deadlines')).toEqual({ view: 'deadlines' });
  expect(routeOf('/tab/cases')).toEqual({ view: 'dashboard' });
  expect(routeOf('/tab/cases/')).toEqual({ view: 'dashboard' });
  expect(routeOf('/tab/alert')).toEqual({ view: 'alert' });
  expect(routeOf('/tab/service/')).toEqual({ view: 'service' });
  expect(routeOf('/tab/cases/C%2F1')).toEqual({ view: 'case', caseId: 'C/1' });
  // A mangled link opens the home view.
  expect(routeOf('/tab/cases/C-%E0')).toEqual({});
  for (const route of [
    { view: 'deadlines' },
    { view: 'dashboard' },
    { view: 'alert' },
    { view: 'service' },
    { view: 'case', caseId: 'C/1' },
  ] as const)
    expect(routeOf(pathOf(route))).toEqual(route);
  expect(pathOf({})).toBe('/tab/');
});

test('a manager at /tab/ starts on the dashboard; Back after opening a case returns to it', async () => {
  openAt('/tab/', MANAGER);
  await dashboard();
  expect(selected()).toEqual(['Cases']);
  // Arriving at /tab/ does not add an entry to the history.
  expect(window.location.pathname).toBe('/tab/');

  await userEvent.click(within(await dashboard()).getByRole('button', { name: 'C-1 (A.B.)' }));
  expect(await screen.findByRole('heading', { name: 'Case C-1 (A.B.)' })).toBeTruthy();
  expect(window.location.pathname).toBe('/tab/cases/C-1');
  expect(selected()).toEqual(['Case C-1']);

  await traverse(() => window.history.back(), '/tab/');
  await dashboard();
  expect(selected()).toEqual(['Cases']);
  // Back took the person somewhere new: focus goes to its heading, as on arrival.
  await waitFor(() =>
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Cases' })),
  );
  // The case keeps its tab, and Forward goes to it again.
  expect(screen.getByRole('tab', { name: 'Case C-1' })).toBeTruthy();

  await traverse(() => window.history.forward(), '/tab/cases/C-1');
  expect(await screen.findByRole('heading', { name: 'Case C-1 (A.B.)' })).toBeTruthy();
  expect(selected()).toEqual(['Case C-1']);
});

test('choosing a view pushes its path, keeping the query; Back and Forward follow', async () => {
  openAt('/tab/?team=north', MANAGER);
  await dashboard();
  await userEvent.click(screen.getByRole('tab', { name: 'My deadlines' }));
  expect(await screen.findByRole('heading', { name: 'My deadlines' })).toBeTruthy();
  expect(window.location.pathname + window.location.search).toBe('/tab/deadlines?team=north');
  // Choosing a view with the tab list leaves focus on the tab.
  expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'My deadlines' }));

  await userEvent.click(screen.getByRole('tab', { name: 'Cases' }));
  await dashboard();
  expect(window.location.pathname + window.location.search).toBe('/tab/cases?team=north');

  await traverse(() => window.history.back(), '/tab/deadlines');
  expect(await screen.findByRole('heading', { name: 'My deadlines' })).toBeTruthy();
  expect(selected()).toEqual(['My deadlines']);
  await traverse(() => window.history.forward(), '/tab/cases');
  await dashboard();
  expect(selected()).toEqual(['Cases']);
});

test('a Back and Forward fired by hand (popstate) switch the view to the address', async () => {
  openAt('/tab/deadlines', MANAGER);
  expect(await screen.findByRole('heading', { name: 'My deadlines' })).toBeTruthy();
  act(() => {
    window.history.pushState(null, '', '/tab/cases');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await dashboard();
  expect(selected()).toEqual(['Cases']);
});

test('a pasted /tab/cases opens the dashboard, even for someone who starts elsewhere', async () => {
  const asked = openAt('/tab/cases?team=north', LAWYER);
  await dashboard();
  expect(selected()).toEqual(['Cases']);
  // The channel tab's team reaches the dashboard.
  await waitFor(() => expect(asked).toContain('/api/reports/late-now?team=north'));
});

test('a pasted /tab/deadlines opens My deadlines, even for a manager', async () => {
  openAt('/tab/deadlines', MANAGER);
  expect(await screen.findByRole('heading', { name: 'My deadlines' })).toBeTruthy();
  expect(selected()).toEqual(['My deadlines']);
});

test('a lawyer at /tab/ starts on their deadlines; Send IRO alert has /tab/alert', async () => {
  openAt('/tab/', LAWYER);
  expect(await screen.findByRole('heading', { name: 'My deadlines' })).toBeTruthy();
  await userEvent.click(screen.getByRole('tab', { name: 'Send IRO alert' }));
  expect(window.location.pathname).toBe('/tab/alert');
  expect(selected()).toEqual(['Send IRO alert']);
});

test('a pasted /tab/alert opens Send IRO alert', async () => {
  openAt('/tab/alert', LAWYER);
  await screen.findByRole('tablist', { name: 'Views' });
  expect(selected()).toEqual(['Send IRO alert']);
});

test('Back from a case finds the dashboard’s filters as they were left', async () => {
  openAt('/tab/cases', MANAGER);
  await dashboard();
  await userEvent.type(screen.getByLabelText('Case or child reference'), 'c-1');
  await userEvent.click(within(await dashboard()).getByRole('button', { name: 'C-1 (A.B.)' }));
  await screen.findByRole('heading', { name: 'Case C-1 (A.B.)' });
  await traverse(() => window.history.back(), '/tab/cases');
  await dashboard();
  expect(screen.getByLabelText<HTMLInputElement>('Case or child reference').value).toBe('c-1');

  // Coming to the dashboard anew starts afresh.
  await userEvent.click(screen.getByRole('tab', { name: 'My deadlines' }));
  await userEvent.click(screen.getByRole('tab', { name: 'Cases' }));
  await dashboard();
  expect(screen.getByLabelText<HTMLInputElement>('Case or child reference').value).toBe('');
});
