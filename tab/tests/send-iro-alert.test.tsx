/**
 * @jest-environment jsdom
 */
/**
 * The lawyer's Send IRO alert: only the cases they are the lawyer on, the server's dates shown as
 * they type, one key per filled-in form, and a refusal that keeps what was typed.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type Api, type CaseJson, type IroAlertDates, type Me } from '../src/api';
import { SendIroAlert } from '../src/views/SendIroAlert';

const me: Me = {
  id: 'lawyer.jones',
  displayName: 'Lee Jones (lawyer)',
  roles: ['lawyer'],
  teams: ['north'],
  serverTime: '2026-11-18T09:00:00+00:00',
  emailAsMe: false,
};

const kase = (id: string, lawyer: string): CaseJson => ({
  id,
  childRef: `LCS-${id}`,
  childInitials: 'A.B.',
  team: 'north',
  members: [{ personId: lawyer, role: 'lawyer' }],
  version: 1,
});

type Sent = { method: string; path: string; body: unknown; headers?: Record<string, string> };

/** Dates as the server would give them: the draft a week before, comments a day after that. */
function datesFor(filingDue: string): IroAlertDates {
  const day = filingDue.slice(0, 10);
  const minus = (n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  return {
    filingDue,
    draftToIroBy: `${minus(7)}${filingDue.slice(10)}`,
    commentsDueIfDraftOnTime: `${minus(6)}${filingDue.slice(10)}`,
    commentWindowCompressed: false,
    told: [{ personId: 'iro.patel', displayName: 'Sam Patel (IRO)', role: 'iro' }],
    // A Saturday filing date is worth a second look.
    warnings:
      new Date(`${day}T12:00:00Z`).getUTCDay() === 6 ? [`${day} is not a business day`] : [],
  };
}

function fakeApi(sent: Sent[], refuseSend?: ApiError): Api {
  return ((method: string, path: string, body: unknown, headers?: Record<string, string>) => {
    sent.push({ method, path, body, headers });
    if (method === 'GET')
      return Promise.resolve({ cases: [kase('C-1001', 'lawyer.jones'), kase('C-2002', 'x')] });
    const { filingDue } = body as { filingDue: string };
    if (path.endsWith('/preview')) return Promise.resolve(datesFor(filingDue));
    if (refuseSend) return Promise.reject(refuseSend);
    const email = (body as { emailIro?: boolean }).emailIro
      ? { email: { sent: false, reason: 'Microsoft 365 did not answer in time.' } }
      : {};
    return Promise.resolve({ ...datesFor(filingDue), version: 9, replayed: false, ...email });
  }) as Api;
}

const show = (api: Api, who: Me = me) =>
  render(
    <FluentProvider theme={teamsLightTheme}>
      <SendIroAlert api={api} me={who} />
    </FluentProvider>,
  );

async function fill() {
  const caseField = await screen.findByLabelText(/^Case/);
  expect(
    within(caseField)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual([
    'Choose the case',
    'C-1001 (A.B.)', // not C-2002: another lawyer's case
  ]);
  await userEvent.selectOptions(caseField, 'C-1001 (A.B.)');
  await userEvent.type(screen.getByLabelText(/Final evidence filing date/), '2026-12-18');
}

const dates = () => screen.queryAllByRole('definition').map((d) => d.textContent);

test('shows the dates the server computes as the lawyer types, and follows a change of time', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  await fill();
  await waitFor(() =>
    expect(dates()).toEqual([
      'Fri 18 Dec 2026, 16:00',
      'Fri 11 Dec 2026, 16:00',
      'Sat 12 Dec 2026, 16:00',
      // Who will be told, before anything is sent.
      'Sam Patel (IRO) gets a card to acknowledge.',
    ]),
  );
  expect(sent.filter((s) => s.path.endsWith('/preview')).at(-1)).toMatchObject({
    method: 'POST',
    path: '/api/cases/C-1001/iro-alert/preview',
    body: { filingDue: '2026-12-18T16:00:00+00:00' },
  });

  const time = screen.getByLabelText(/Filing time/);
  await userEvent.clear(time);
  await userEvent.type(time, '10:30');
  await waitFor(() => expect(dates()[1]).toBe('Fri 11 Dec 2026, 10:30'));
  expect(sent.filter((s) => s.path.endsWith('/preview')).at(-1)!.body).toEqual({
    filingDue: '2026-12-18T10:30:00+00:00',
  });
  // Nothing is sent until the lawyer presses Send.
  expect(sent.some((s) => s.path.endsWith('/iro-alert'))).toBe(false);
});

test('what the server warns of is shown before sending', async () => {
  show(fakeApi([]));
  await fill();
  const date = screen.getByLabelText(/Final evidence filing date/);
  await userEvent.clear(date);
  await userEvent.type(date, '2026-12-19');
  expect(await screen.findByText('2026-12-19 is not a business day')).toBeTruthy();
});

test('sends the alert once per filled-in form, with an idempotency key, and says when the draft is due', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  await fill();
  const send = screen.getByRole('button', { name: 'Send IRO alert' });
  await waitFor(() => expect(send.hasAttribute('disabled')).toBe(false));
  await userEvent.click(send);
  expect(
    await screen.findByText(
      'IRO alert sent. The draft must reach the IRO by Fri 11 Dec 2026, 16:00. Sam Patel (IRO) gets a card to acknowledge.',
    ),
  ).toBeTruthy();
  const sends = sent.filter((s) => s.path === '/api/cases/C-1001/iro-alert');
  expect(sends).toEqual([
    {
      method: 'POST',
      path: '/api/cases/C-1001/iro-alert',
      body: { filingDue: '2026-12-18T16:00:00+00:00' },
      headers: { 'Idempotency-Key': expect.stringMatching(/^tab-[0-9a-f-]{36}$/) as string },
    },
  ]);
});

test('a refusal is shown with the reason, the form keeps what was typed, and trying again reuses the key', async () => {
  const sent: Sent[] = [];
  show(
    fakeApi(sent, new ApiError(409, 'version-conflict', 'The case changed meanwhile; try again.')),
  );
  await fill();
  const send = screen.getByRole('button', { name: 'Send IRO alert' });
  await waitFor(() => expect(send.hasAttribute('disabled')).toBe(false));
  await userEvent.click(send);
  expect(await screen.findByText('The case changed meanwhile; try again.')).toBeTruthy();
  expect(screen.getByLabelText<HTMLSelectElement>(/^Case/).value).toBe('C-1001');
  expect(screen.getByLabelText<HTMLInputElement>(/Final evidence filing date/).value).toBe(
    '2026-12-18',
  );
  expect(screen.getByLabelText<HTMLInputElement>(/Filing time/).value).toBe('16:00');
  expect(screen.queryByText(/IRO alert sent/)).toBeNull();

  await userEvent.click(send);
  await waitFor(() =>
    expect(sent.filter((s) => s.path === '/api/cases/C-1001/iro-alert')).toHaveLength(2),
  );
  const [first, second] = sent.filter((s) => s.path === '/api/cases/C-1001/iro-alert');
  expect(second!.headers).toEqual(first!.headers);
});

test('says so when the cases cannot be loaded', async () => {
  const api = (() => Promise.reject(new Error('The service is starting.'))) as Api;
  show(api);
  expect(await screen.findByRole('alert')).toBeTruthy();
  expect(screen.getByText('The service is starting.')).toBeTruthy();
});

test('signed in with Microsoft 365, the lawyer may email the IRO too; an email that did not go is said, the alert stands', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent), { ...me, emailAsMe: true });
  await fill();
  const email = screen.getByRole('checkbox', { name: 'Also email the IRO from my mailbox' });
  expect((email as HTMLInputElement).checked).toBe(true);
  const send = screen.getByRole('button', { name: 'Send IRO alert' });
  await waitFor(() => expect(send.hasAttribute('disabled')).toBe(false));
  await userEvent.click(send);
  expect(
    await screen.findByText(
      'The email to the IRO did not go: Microsoft 365 did not answer in time. The alert is recorded and the IRO has the card.',
    ),
  ).toBeTruthy();
  expect(sent.find((s) => s.path === '/api/cases/C-1001/iro-alert')!.body).toEqual({
    filingDue: '2026-12-18T16:00:00+00:00',
    emailIro: true,
  });
});

test('without Microsoft 365 sign-in there is no email choice', async () => {
  show(fakeApi([]));
  await fill();
  expect(screen.queryByRole('checkbox')).toBeNull();
});
