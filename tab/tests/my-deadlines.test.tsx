/**
 * @jest-environment jsdom
 */
/**
 * My deadlines: loading, empty, error and grouped states; To do apart from what the person is
 * only told of; grouping by case; the filters; acknowledging one item or several at once.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
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

function item(
  id: string,
  status: Obligation['status'],
  due: string | undefined,
  more: {
    case?: string;
    initials?: string;
    childRef?: string;
    title?: string;
    as?: MyObligation['as'];
    late?: Obligation['late'];
  } = {},
): MyObligation {
  const caseId = more.case ?? 'C-1001';
  return {
    as: more.as ?? 'responsible',
    case: {
      id: caseId,
      childRef: more.childRef ?? 'LCS-1',
      childInitials: more.initials ?? 'A.B.',
      team: 'north',
      members: [],
      version: 3,
    },
    obligation: {
      id: `${caseId}:${id}`,
      rule: id,
      title: more.title ?? `Title of ${id}`,
      status,
      due,
      late: more.late,
      acknowledgements: [],
    } as unknown as Obligation,
  };
}

/**
 * A small stand-in for the server: answers GETs from a list, records POSTs, and refuses those
 * whose path is in `refuse`.
 */
function fakeApi(
  items: MyObligation[] | Error,
  posted: string[] = [],
  refuse: Record<string, Error> = {},
): Api {
  return ((method: string, path: string) => {
    if (method === 'POST') {
      posted.push(path);
      return refuse[path] ? Promise.reject(refuse[path]) : Promise.resolve({});
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

test('Acknowledge waits for its answer, and asking again after a dropped connection is the same request', async () => {
  const sent: { path: string; key?: string }[] = [];
  const answers: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const api = ((
    method: string,
    path: string,
    _body?: unknown,
    headers?: Record<string, string>,
  ) => {
    if (method !== 'POST')
      return Promise.resolve({
        obligations: [item('late', 'overdue', '2026-11-17T16:00:00+00:00')],
      });
    sent.push({ path, key: headers?.['Idempotency-Key'] });
    return new Promise<unknown>((resolve, reject) => answers.push({ resolve, reject }));
  }) as Api;
  show(api);
  const button = await screen.findByRole('button', { name: 'Acknowledge' });
  await userEvent.click(button);
  // Pressed again before the answer: nothing more is sent.
  expect(button.hasAttribute('disabled')).toBe(true);
  fireEvent.click(button);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.key).toMatch(/^tab-[0-9a-f-]{36}$/);

  // The connection drops: no answer, so the retry carries the same key.
  await act(() => Promise.resolve(answers[0]!.reject(new TypeError('Failed to fetch'))));
  expect(await screen.findByText('Something went wrong.')).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
  expect(sent).toHaveLength(2);
  expect(sent[1]!.key).toBe(sent[0]!.key);
  await act(() => Promise.resolve(answers[1]!.resolve({})));
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

  // What is only addressed to the person is under For your information, with no Complete.
  await userEvent.click(screen.getByRole('tab', { name: 'For your information (1)' }));
  const panel = within(screen.getByRole('tabpanel'));
  expect(panel.getByText(/Title of addressed/)).toBeTruthy();
  expect(panel.getByText('You are told of this; it is not yours to do.')).toBeTruthy();
  expect(panel.queryByRole('button', { name: 'Not mine to complete' })).toBeNull();
});

// ---- a lawyer's list: several cases, on them and only told of ----------------------------------

/** Three on the person (two cases), two they are only told of (one of them overdue). */
function lawyersList(): MyObligation[] {
  const minutes = {
    case: 'C-1042',
    initials: 'E.F.',
    childRef: 'LCS-42',
    title: 'Send the minutes',
  };
  const draft = item('draft', 'overdue', '2026-11-17T16:00:00+00:00', {
    as: 'recipient',
    title: 'Get the draft to the IRO',
    late: { workingDays: 1, days: 1 },
  });
  // A way to complete it, which is not offered to someone only told of it.
  Object.assign(draft.obligation, {
    completion: { title: 'Draft sent', form: 'none', event: 'x' },
  });
  return [
    item('minutes', 'overdue', '2026-11-16T16:00:00+00:00', {
      ...minutes,
      late: { workingDays: 2, days: 2 },
    }),
    draft,
    item('comments', 'due-soon', '2026-11-18T17:00:00+00:00', { title: 'Return the comments' }),
    item('filing', 'open', '2026-12-01T16:00:00+00:00', {
      case: 'C-1077',
      initials: 'G.H.',
      childRef: 'LCS-77',
      as: 'recipient',
      title: 'File the final evidence',
    }),
    item('review', 'open', '2026-12-18T16:00:00+00:00', { title: 'Hold the review' }),
  ];
}

const shownTitles = () =>
  within(screen.getByRole('tabpanel'))
    .queryAllByRole('listitem')
    .map(
      (li) => /· (.*)$/.exec(li.querySelector('.fui-CardHeader__header')?.textContent ?? '')?.[1],
    );

test('keeps what is on the person apart from what they are only told of, with the counts', async () => {
  show(fakeApi(lawyersList()));
  const todo = await screen.findByRole('tab', { name: 'To do (3)' });
  expect(todo.getAttribute('aria-selected')).toBe('true');
  expect(shownTitles()).toEqual(['Send the minutes', 'Return the comments', 'Hold the review']);
  expect(screen.queryByText('You are told of this; it is not yours to do.')).toBeNull();
  const ownBreach = screen.getByText('Overdue: 2 working days late').className;

  await userEvent.click(screen.getByRole('tab', { name: 'For your information (2)' }));
  expect(shownTitles()).toEqual(['Get the draft to the IRO', 'File the final evidence']);
  const panel = within(screen.getByRole('tabpanel'));
  expect(panel.getAllByText('You are told of this; it is not yours to do.')).toHaveLength(2);
  // Someone else's lateness in words, and not as the person's own breach.
  const late = panel.getByText('Overdue: 1 working day late');
  expect(late.className).not.toBe(ownBreach);
  expect(panel.queryByRole('button', { name: 'Draft sent' })).toBeNull();
  expect(panel.getAllByRole('button', { name: 'Acknowledge' })).toHaveLength(2);
});

test('says so when nothing is on the person but there is something to tell them of', async () => {
  show(fakeApi(lawyersList().filter((i) => i.as === 'recipient')));
  expect(await screen.findByText('Nothing is on you at the moment.')).toBeTruthy();
  await userEvent.click(screen.getByRole('tab', { name: 'For your information (2)' }));
  expect(shownTitles()).toHaveLength(2);
});

test('groups by case, the cases with something overdue first', async () => {
  show(fakeApi(lawyersList()));
  await userEvent.click(await screen.findByRole('radio', { name: 'Case' }));
  const lists = () => screen.getAllByRole('list').map((l) => l.getAttribute('aria-label'));
  // C-1042 has an overdue item and C-1001 has none of the person's own: C-1042 comes first.
  expect(lists()).toEqual(['C-1042 (E.F.)', 'C-1001 (A.B.)']);
  expect(screen.getByRole('heading', { name: 'C-1001 (A.B.) (2)' })).toBeTruthy();
  expect(
    within(screen.getByRole('list', { name: 'C-1001 (A.B.)' })).getAllByRole('listitem'),
  ).toHaveLength(2);

  await userEvent.click(screen.getByRole('tab', { name: /^For your information/ }));
  expect(lists()).toEqual(['C-1001 (A.B.)', 'C-1077 (G.H.)']);

  await userEvent.click(screen.getByRole('radio', { name: 'When due' }));
  expect(lists()).toEqual(['Overdue', 'Later']);
});

test('filters by case, rule, status and case reference, in both tabs, and clears them', async () => {
  show(fakeApi(lawyersList()));
  const caseFilter = await screen.findByRole('combobox', { name: 'Case' });
  // By their names: a tab's text is there twice (a hidden copy keeps its width when selected).
  const tabs = (todo: string, fyi: string) =>
    expect(screen.getAllByRole('tab')).toEqual([
      screen.getByRole('tab', { name: todo }),
      screen.getByRole('tab', { name: fyi }),
    ]);
  expect(screen.queryByText(/^Showing/)).toBeNull();
  expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();

  await userEvent.selectOptions(caseFilter, 'C-1001 (A.B.)');
  expect(screen.getByText('Showing 3 of 5')).toBeTruthy();
  tabs('To do (2)', 'For your information (1)');
  expect(shownTitles()).toEqual(['Return the comments', 'Hold the review']);

  await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
  expect(screen.queryByText(/^Showing/)).toBeNull();
  tabs('To do (3)', 'For your information (2)');
  // The button has gone: focus is back at the start of the filters, not lost to the page.
  expect(document.activeElement).toBe(caseFilter);

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Rule' }), 'Send the minutes');
  expect(screen.getByText('Showing 1 of 5')).toBeTruthy();
  expect(shownTitles()).toEqual(['Send the minutes']);
  await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Overdue');
  expect(screen.getByText('Showing 2 of 5')).toBeTruthy();
  tabs('To do (1)', 'For your information (1)');
  await userEvent.click(screen.getByRole('tab', { name: /^For your information/ }));
  expect(shownTitles()).toEqual(['Get the draft to the IRO']);
  await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));

  // The case reference: the case id or the child's reference, in any case.
  const search = screen.getByRole('searchbox', { name: 'Case reference' });
  await userEvent.type(search, '1042');
  expect(screen.getByText('Showing 1 of 5')).toBeTruthy();
  expect(screen.getByText('Nothing matches these filters.')).toBeTruthy();
  await userEvent.click(screen.getByRole('tab', { name: /^To do/ }));
  expect(shownTitles()).toEqual(['Send the minutes']);
  await userEvent.clear(search);
  await userEvent.type(search, 'lcs-77');
  tabs('To do (0)', 'For your information (1)');

  // Filters together narrow further.
  await userEvent.clear(search);
  await userEvent.type(search, '1001');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Open');
  expect(screen.getByText('Showing 1 of 5')).toBeTruthy();
  expect(shownTitles()).toEqual(['Hold the review']);
});

test('acknowledges the selected items one after another and says which could not be', async () => {
  const posted: string[] = [];
  const items = lawyersList();
  // One the person has acknowledged already: nothing to select.
  const done = item('done', 'open', '2026-12-10T16:00:00+00:00', { title: 'Already seen' });
  done.obligation.acknowledgements = [{ event: 9, at: '2026-11-17T10:00:00+00:00', by: me.id }];
  const refused = '/api/obligations/C-1001%3Acomments/acknowledge';
  show(
    fakeApi([...items, done], posted, {
      [refused]: new ApiError(409, 'closed', 'The comments were returned already.'),
    }),
  );
  const all = await screen.findByRole('checkbox', { name: 'Select all shown' });
  expect(screen.queryByRole('checkbox', { name: 'Select C-1001 Already seen' })).toBeNull();
  const send = screen.getByRole('button', { name: 'Acknowledge selected (0)' });
  expect(send.hasAttribute('disabled')).toBe(true);

  await userEvent.click(screen.getByRole('checkbox', { name: 'Select C-1001 Hold the review' }));
  expect(screen.getByRole('button', { name: 'Acknowledge selected (1)' })).toBeTruthy();
  expect((all as HTMLInputElement).indeterminate).toBe(true);
  await userEvent.click(all);
  await userEvent.click(screen.getByRole('button', { name: 'Acknowledge selected (3)' }));

  const status = await screen.findByRole('status');
  expect(status.textContent).toBe(
    'Acknowledged 2. 1 could not be: C-1001 Return the comments — The comments were returned already.',
  );
  // In the order shown, once each, and nothing the person is only told of (another tab).
  expect(posted).toEqual([
    '/api/obligations/C-1042%3Aminutes/acknowledge',
    refused,
    '/api/obligations/C-1001%3Areview/acknowledge',
  ]);
  expect(document.activeElement).toBe(status);
  // What could not be done stays selected, to try again.
  const comments = screen.getByRole('checkbox', { name: 'Select C-1001 Return the comments' });
  expect((comments as HTMLInputElement).checked).toBe(true);
  expect(screen.getByRole('button', { name: 'Acknowledge selected (1)' })).toBeTruthy();
});

test('acknowledges only the selected items that are shown', async () => {
  const posted: string[] = [];
  show(fakeApi(lawyersList(), posted));
  await userEvent.click(
    await screen.findByRole('checkbox', { name: 'Select C-1001 Hold the review' }),
  );
  await userEvent.type(screen.getByRole('searchbox', { name: 'Case reference' }), '1042');
  await userEvent.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
  await userEvent.click(screen.getByRole('button', { name: 'Acknowledge selected (1)' }));
  expect((await screen.findByRole('status')).textContent).toBe('Acknowledged 1.');
  expect(posted).toEqual(['/api/obligations/C-1042%3Aminutes/acknowledge']);
});

test('no accessibility violations axe can find, with filters, selections and both tabs', async () => {
  const { container } = show(fakeApi(lawyersList()));
  await userEvent.click(await screen.findByRole('checkbox', { name: 'Select all shown' }));
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Overdue');
  // Colour contrast needs layout and is checked in a real browser by the end-to-end tests.
  const check = async () => {
    const result = await act(() =>
      axe.run(container, { rules: { 'color-contrast': { enabled: false } } }),
    );
    expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
  };
  await check();
  await userEvent.click(screen.getByRole('tab', { name: /^For your information/ }));
  await check();
});
