/**
 * @jest-environment jsdom
 */
/** Local mode: a session that ends mid-task is renewed by signing in again, keeping what was typed. */
import './dom';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../src/App';

const LAWYER = {
  id: 'lawyer.jones',
  displayName: 'Lee Jones (lawyer)',
  roles: ['lawyer'],
  teams: ['north'],
  serverTime: '2026-11-18T09:00:00+00:00',
  emailAsMe: false,
};
const CASE = {
  id: 'C-1001',
  childRef: 'LCS-1',
  childInitials: 'A.B.',
  team: 'north',
  members: [{ personId: 'lawyer.jones', role: 'lawyer' }],
  version: 2,
};

/** The server as the tab sees it: tokens that can be expired, and the few routes used here. */
function fakeServer() {
  const state = { valid: new Set(['first-token']), issued: 0 };
  // jsdom has no Response: what the tab reads of one, and no more.
  const json = (status: number, body: unknown) =>
    Promise.resolve({
      ok: status < 300,
      status,
      statusText: String(status),
      text: () => Promise.resolve(JSON.stringify(body)),
      json: () => Promise.resolve(body),
    });
  const fetchFake = (path: string, init?: RequestInit) => {
    if (path === '/api/dev/people')
      return json(200, [{ id: 'lawyer.jones', displayName: 'Lee Jones' }]);
    if (path === '/api/dev/sign-in') {
      const token = `token-${++state.issued}`;
      state.valid.add(token);
      return json(200, { token });
    }
    const auth = new Headers(init?.headers).get('Authorization')?.replace('Bearer ', '') ?? '';
    if (!state.valid.has(auth))
      return json(401, { code: 'token-expired', detail: 'Sign in again.' });
    if (path === '/api/me') return json(200, LAWYER);
    if (path === '/api/me/obligations') return json(200, { obligations: [] });
    if (path.startsWith('/api/cases?')) return json(200, { cases: [CASE] });
    if (path.endsWith('/iro-alert/preview'))
      return json(200, {
        filingDue: '2026-12-18T16:00:00+00:00',
        draftToIroBy: '2026-12-11T16:00:00+00:00',
        commentsDueIfDraftOnTime: '2026-12-14T16:00:00+00:00',
        commentWindowCompressed: false,
      });
    return json(404, { code: 'not-found', detail: path });
  };
  return { state, fetchFake };
}

test('the form keeps what was typed while the person signs in again', async () => {
  const { state, fetchFake } = fakeServer();
  globalThis.fetch = fetchFake as unknown as typeof fetch;
  sessionStorage.setItem('iro-liaison-dev-token', 'first-token');
  render(<App host={undefined} />);
  await userEvent.click(await screen.findByRole('tab', { name: 'Send IRO alert' }));
  await userEvent.selectOptions(await screen.findByLabelText(/^Case/), 'C-1001');

  // The session ends before the date is typed: the preview is refused.
  state.valid.delete('first-token');
  await userEvent.type(screen.getByLabelText(/Final evidence filing date/), '2026-12-18');
  expect(await screen.findByText(/Your session has ended/)).toBeTruthy();

  await userEvent.selectOptions(screen.getByLabelText('Sign in as'), 'lawyer.jones');
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.queryByText(/Your session has ended/)).toBeNull());
  // Still on the form, with the case and the date as they were; the preview now comes through.
  expect(screen.getByLabelText<HTMLSelectElement>(/^Case/).value).toBe('C-1001');
  expect(screen.getByLabelText<HTMLInputElement>(/Final evidence filing date/).value).toBe(
    '2026-12-18',
  );
  expect(await screen.findByText('Fri 11 Dec 2026, 16:00')).toBeTruthy();
  expect(sessionStorage.getItem('iro-liaison-dev-token')).toBe('token-1');
});
