/**
 * @jest-environment jsdom
 */
/** My deadlines: loading, empty, error and grouped states, and acknowledging inline. */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Obligation } from '../../core/engine/obligation';
import { ApiError, type Api, type Me, type MyObligation } from '../src/api';
import { MyDeadlines } from '../src/views/MyDeadlines';

const me: Me = {
  id: 'iro.patel',
  displayName: 'Sam Patel (IRO)',
  roles: ['iro'],
  teams: ['north'],
  serverTime: '2026-11-18T09:00:00+00:00', // a Wednesday
  emailAsMe: false,
};

function item(id: string, status: Obligation['status'], due: string | undefined): MyObligation {
  return {
    as: 'responsible',
    case: {
      id: 'C-1001',
      childRef: 'LCS-1',
      childInitials: 'A.B.',
      team: 'north',
      members: [],
      version: 3,
    },
    obligation: {
      id: `C-1001:${id}`,
      rule: id,
      title: `Title of ${id}`,
      status,
      due,
      acknowledgements: [],
    } as unknown as Obligation,
  };
}

/** A small stand-in for the server: answers GETs from a list, records POSTs. */
function fakeApi(items: MyObligation[] | Error, posted: string[] = []): Api {
  return ((method: string, path: string) => {
    if (method === 'POST') {
      posted.push(path);
      return Promise.resolve({});
    }
    if (items instanceof Error) return Promise.reject(items);
    return Promise.resolve({ obligations: items });
  }) as Api;
}

const show = (api: Api) =>
  render(
    <FluentProvider theme={teamsLightTheme}>
      <MyDeadlines api={api} me={me} />
    </FluentProvider>,
  );

test('says it is loading, then that nothing is on the person', async () => {
  show(fakeApi([]));
  expect(screen.getByText('Loading your deadlines')).toBeTruthy();
  expect(await screen.findByText('Nothing is on you at the moment.')).toBeTruthy();
});

test('says plainly when the deadlines cannot be loaded', async () => {
  show(fakeApi(new ApiError(503, 'not-ready', 'The service is starting.')));
  expect(
    await screen.findByText('Your deadlines could not be loaded: The service is starting.'),
  ).toBeTruthy();
});

test('groups deadlines Overdue, Today, This week and Later, with the status in words', async () => {
  show(
    fakeApi([
      item('late', 'overdue', '2026-11-17T16:00:00+00:00'),
      item('today', 'due-soon', '2026-11-18T17:00:00+00:00'),
      item('friday', 'open', '2026-11-20T16:00:00+00:00'),
      item('next-month', 'open', '2026-12-18T16:00:00+00:00'),
      item('no-target', 'open', undefined),
    ]),
  );
  const overdue = await screen.findByRole('list', { name: 'Overdue' });
  expect(within(overdue).getByText(/Title of late/)).toBeTruthy();
  expect(within(overdue).getByText('Overdue')).toBeTruthy();
  expect(within(overdue).getByText('Due Tue 17 Nov 2026, 16:00')).toBeTruthy();
  expect(within(screen.getByRole('list', { name: 'Today' })).getByText('Due soon')).toBeTruthy();
  expect(
    within(screen.getByRole('list', { name: 'This week' })).getByText(/Title of friday/),
  ).toBeTruthy();
  const later = screen.getByRole('list', { name: 'Later' });
  expect(within(later).getAllByRole('listitem')).toHaveLength(2);
  expect(screen.getByRole('heading', { name: 'Later (2)' })).toBeTruthy();
});

test('acknowledges inline and says so', async () => {
  const posted: string[] = [];
  show(fakeApi([item('late', 'overdue', '2026-11-17T16:00:00+00:00')], posted));
  await userEvent.click(await screen.findByRole('button', { name: 'Acknowledge' }));
  await waitFor(() => expect(posted).toEqual(['/api/obligations/C-1001%3Alate/acknowledge']));
  expect(await screen.findByText('Acknowledged.')).toBeTruthy();
});

test('completes inline with the words of the rule, and with the small form a checklist needs', async () => {
  const sent: { path: string; body: unknown; headers?: Record<string, string> }[] = [];
  const api = ((method: string, path: string, body: unknown, headers?: Record<string, string>) => {
    if (method === 'POST') sent.push({ path, body, headers });
    return Promise.resolve(method === 'POST' ? {} : { obligations: items });
  }) as Api;
  const withCompletion = (id: string, form: string, title: string) => {
    const i = item(id, 'open', '2026-11-20T16:00:00+00:00');
    Object.assign(i.obligation, { completion: { title, form, event: 'x' } });
    return i;
  };
  const documents = withCompletion('documents', 'checklist', 'Record what was sent');
  documents.obligation.checklist = [
    { item: 'application-form', label: 'The court application form', required: true },
    { item: 'sw-chronology', label: 'Social work chronology', required: true },
  ];
  const addressed = withCompletion('addressed', 'none', 'Not mine to complete');
  addressed.as = 'recipient';
  const items = [withCompletion('comments', 'none', 'Comments returned'), documents, addressed];
  const opened: string[] = [];
  render(
    <FluentProvider theme={teamsLightTheme}>
      <MyDeadlines api={api} me={me} onOpenCase={(id) => opened.push(id)} />
    </FluentProvider>,
  );
  await userEvent.click(await screen.findByRole('button', { name: 'Comments returned' }));
  await waitFor(() => expect(sent).toHaveLength(1));
  expect(sent[0]).toMatchObject({
    path: '/api/obligations/C-1001%3Acomments/complete',
    body: { inputs: {} },
  });
  expect(sent[0]!.headers?.['Idempotency-Key']).toMatch(/^tab-/);
  expect(await screen.findByText('Recorded: Title of comments.')).toBeTruthy();
  // Only what is on the person: an obligation merely addressed to them has no Complete.
  expect(screen.queryByRole('button', { name: 'Not mine to complete' })).toBeNull();

  const open = screen.getByRole('button', { name: 'Record what was sent' });
  expect(open.getAttribute('aria-expanded')).toBe('false');
  await userEvent.click(open);
  expect(open.getAttribute('aria-expanded')).toBe('true');
  const form = screen.getByRole('form', { name: 'Record what was sent: Title of documents' });
  await userEvent.click(within(form).getByLabelText('Social work chronology'));
  await userEvent.click(within(form).getByRole('button', { name: 'Record' }));
  await waitFor(() => expect(sent).toHaveLength(2));
  expect(sent[1]).toMatchObject({
    path: '/api/obligations/C-1001%3Adocuments/complete',
    body: { inputs: { 'item:sw-chronology': true } },
  });
  expect(await screen.findByText('Recorded: Title of documents.')).toBeTruthy();

  await userEvent.click(screen.getAllByRole('button', { name: 'Open case C-1001' })[1]!);
  expect(opened).toEqual(['C-1001']);
});
