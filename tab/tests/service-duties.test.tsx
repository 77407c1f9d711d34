/**
 * @jest-environment jsdom
 */
/**
 * The services' duties: each month's register with whether each service has it ("We have it"),
 * its download, and the link meetings recorded as held (with the server's field errors shown by
 * the field). The server is a small fake that records what the tab sends. Last, the app opens
 * the view at its deep link, /tab/service, and gives it that address when its tab is chosen.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { ServiceDutiesJson, ServiceDutyJson, ServiceDutyResult } from '../../core/api/service';
import { App } from '../src/App';
import { ApiError, type Api } from '../src/api';
import { ServiceDuties } from '../src/views/ServiceDuties';

const DECEMBER: ServiceDutyJson = {
  id: 'service:case-register-update:2026-12',
  rule: 'case-register-update',
  title: 'Register of cases with legal input for December 2026',
  from: '2026-12-01T00:00:00Z',
  due: '2026-12-08T17:00:00Z',
  deadline: 'within 5 business days',
  status: 'open',
  note: 'Waiting for the IRO service to confirm they have it.',
  register: {
    month: '2026-12',
    produced: {
      at: '2026-12-01T00:05:00Z',
      cases: 12,
      // Kept by the app itself (no SharePoint): its address is the view's own.
      url: 'http://localhost/tab/service',
      file: 'case-register-2026-12.xlsx',
    },
    services: [
      {
        service: 'legal-services',
        name: 'Legal Services',
        has: { at: '2026-12-01T09:10:00Z', by: 'Sara Ahmed (principal lawyer)' },
      },
      { service: 'iro-service', name: 'The IRO service' },
    ],
  },
};

const NOVEMBER: ServiceDutyJson = {
  id: 'service:case-register-update:2026-11',
  rule: 'case-register-update',
  title: 'Register of cases with legal input for November 2026',
  from: '2026-11-01T00:00:00Z',
  due: '2026-11-06T17:00:00Z',
  deadline: 'within 5 business days',
  status: 'missed',
  note: 'Not shared with the IRO service before the register for December 2026 was produced.',
  register: {
    month: '2026-11',
    produced: {
      at: '2026-11-01T00:05:00Z',
      cases: 1,
      url: 'http://localhost/tab/service',
      file: 'case-register-2026-11.xlsx',
    },
    services: [
      {
        service: 'legal-services',
        name: 'Legal Services',
        has: { at: '2026-11-02T11:00:00Z', by: 'Sara Ahmed (principal lawyer)' },
      },
      { service: 'iro-service', name: 'The IRO service' },
    ],
  },
};

const JUNE_MEETING: ServiceDutyJson = {
  id: 'service:link-meeting:2026-06-02',
  rule: 'link-meeting',
  title: 'IRO/CAFCASS link meeting of Tue 2 Jun 2026, with the review of the protocol',
  from: '2026-06-01T23:00:00Z',
  due: '2026-06-02T16:00:00Z',
  deadline: 'on the meeting’s day',
  status: 'met',
  completedAt: '2026-06-02T13:00:00Z',
  meeting: {
    day: '2026-06-02',
    held: { at: '2026-06-02T13:00:00Z', by: 'Kim Lee (IRO team manager)', protocolReviewed: true },
  },
};

const DECEMBER_MEETING: ServiceDutyJson = {
  id: 'service:link-meeting:2026-12-02',
  rule: 'link-meeting',
  title: 'IRO/CAFCASS link meeting of Wed 2 Dec 2026, with the review of the protocol',
  from: '2026-12-02T00:00:00Z',
  due: '2026-12-02T17:00:00Z',
  deadline: 'on the meeting’s day',
  status: 'overdue',
  meeting: { day: '2026-12-02' },
};

function duties(fields: Partial<ServiceDutiesJson> = {}): ServiceDutiesJson {
  return {
    duties: [DECEMBER_MEETING, DECEMBER, NOVEMBER, JUNE_MEETING],
    you: { services: ['iro-service'], mayRecordMeetings: true },
    settings: { caseRegisterDay: 1, linkMeetingsFrom: '2026-06-02' },
    ...fields,
  };
}

type Sent = { method: string; path: string; body: unknown };

/** Answers the duties with `view`; a POST with the next of `answers` (a result, or an error). */
function fakeApi(view: ServiceDutiesJson | ApiError, answers: (ServiceDutyResult | Error)[] = []) {
  const sent: Sent[] = [];
  const api = ((method: string, path: string, body?: unknown) => {
    sent.push({ method, path, body });
    if (method === 'GET')
      return view instanceof Error ? Promise.reject(view) : Promise.resolve(view);
    const answer = answers.shift();
    if (!answer) return Promise.reject(new ApiError(500, 'unexpected', path));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }) as Api;
  return { api, sent };
}

function show(api: Api, downloads: string[] = []) {
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <ServiceDuties api={api} download={(p) => downloads.push(p)} />
    </FluentProvider>,
  );
}

const registers = () =>
  screen.getByRole('list', { name: 'Monthly register of cases with legal input' });
const meetings = () => screen.getByRole('list', { name: 'IRO/CAFCASS link meetings' });
/** The card of a register or meeting, by its title. */
const card = (title: string) => screen.getByText(title).closest('li')!;

test('each month’s register and each link meeting, with who has it and the status in words', async () => {
  show(fakeApi(duties()).api);
  expect(screen.getByText('Loading the services’ duties')).toBeTruthy();
  expect(await screen.findByRole('heading', { name: 'Service duties' })).toBeTruthy();

  const december = within(card('Register of cases with legal input for December 2026'));
  expect(december.getByText('Produced Tue 1 Dec 2026, 00:05, with 12 cases')).toBeTruthy();
  expect(december.getByText('Due Tue 8 Dec 2026, 17:00')).toBeTruthy();
  expect(december.getByText('Open')).toBeTruthy();
  expect(
    december.getByText(
      'Legal Services: Yes — Sara Ahmed (principal lawyer), Tue 1 Dec 2026, 09:10',
    ),
  ).toBeTruthy();
  expect(december.getByText('The IRO service: Not confirmed yet')).toBeTruthy();
  expect(december.getByText('Waiting for the IRO service to confirm they have it.')).toBeTruthy();

  const november = within(card('Register of cases with legal input for November 2026'));
  expect(november.getByText('Missed')).toBeTruthy();
  expect(november.getByText('Produced Sun 1 Nov 2026, 00:05, with 1 case')).toBeTruthy();
  expect(november.getByText(/^Not shared with the IRO service/)).toBeTruthy();
  // Newest first, as the server sends them.
  expect(registers().textContent).toMatch(/December 2026.*November 2026/);

  const june = within(
    card('IRO/CAFCASS link meeting of Tue 2 Jun 2026, with the review of the protocol'),
  );
  expect(june.getByText('Met')).toBeTruthy();
  expect(
    june.getByText('Held Tue 2 Jun 2026, 14:00 (recorded by Kim Lee (IRO team manager))'),
  ).toBeTruthy();
  expect(june.getByText('The protocol was reviewed at the meeting.')).toBeTruthy();
  // A meeting met is not recorded again.
  expect(june.queryByRole('form')).toBeNull();

  const dec = within(
    card('IRO/CAFCASS link meeting of Wed 2 Dec 2026, with the review of the protocol'),
  );
  expect(dec.getByText('Overdue')).toBeTruthy();
  expect(dec.getByText('Not recorded as held yet.')).toBeTruthy();
  expect(within(meetings()).getAllByRole('listitem')).toHaveLength(2);
  expect(screen.getByText(/^Every 6 months from Tue 2 Jun 2026/)).toBeTruthy();
});

test('“We have it” confirms for the viewer’s service, says what happened and updates the month', async () => {
  const confirmed: ServiceDutyJson = {
    ...DECEMBER,
    status: 'met',
    note: undefined,
    register: {
      ...DECEMBER.register!,
      services: [
        DECEMBER.register!.services[0]!,
        {
          service: 'iro-service',
          name: 'The IRO service',
          has: { at: '2026-12-02T10:00:00Z', by: 'Dana Wood (IRO administrator)' },
        },
      ],
    },
  };
  const message =
    'Recorded that the IRO service has the register for December 2026. Both services have it.';
  const { api, sent } = fakeApi(duties(), [{ message, duty: confirmed }]);
  show(api);
  const december = await screen.findByText('Register of cases with legal input for December 2026');
  const row = within(december.closest('li')!);
  // November was missed, but the IRO service can still say it has it; only one button each.
  expect(screen.getAllByRole('button', { name: /^We have it/ })).toHaveLength(2);

  await userEvent.click(
    row.getByRole('button', { name: 'We have it: the register for December 2026' }),
  );
  expect(sent.at(-1)).toEqual({
    method: 'POST',
    path: '/api/service/registers/2026-12/received',
    body: {},
  });
  expect(await screen.findByRole('status')).toHaveProperty(
    'textContent',
    expect.stringContaining(message),
  );
  expect(
    row.getByText('The IRO service: Yes — Dana Wood (IRO administrator), Wed 2 Dec 2026, 10:00'),
  ).toBeTruthy();
  expect(row.getByText('Met')).toBeTruthy();
  expect(row.queryByRole('button', { name: /We have it/ })).toBeNull();
});

test('someone who acts for both services says which has it', async () => {
  const neither: ServiceDutyJson = {
    ...DECEMBER,
    register: {
      ...DECEMBER.register!,
      services: [
        { service: 'legal-services', name: 'Legal Services' },
        { service: 'iro-service', name: 'The IRO service' },
      ],
    },
  };
  const { api, sent } = fakeApi(
    duties({
      duties: [neither],
      you: { services: ['legal-services', 'iro-service'], mayRecordMeetings: true },
    }),
    [
      {
        message: 'Recorded that the IRO service has the register for December 2026.',
        duty: neither,
      },
    ],
  );
  show(api);
  expect(
    await screen.findByRole('button', {
      name: 'Legal Services has it: the register for December 2026',
    }),
  ).toBeTruthy();
  expect(screen.queryByRole('button', { name: /^We have it/ })).toBeNull();
  await userEvent.click(
    screen.getByRole('button', { name: 'The IRO service has it: the register for December 2026' }),
  );
  expect(sent.at(-1)).toEqual({
    method: 'POST',
    path: '/api/service/registers/2026-12/received',
    body: { service: 'iro-service' },
  });
});

test('a refusal to confirm is said on the month, and nothing changes', async () => {
  const { api } = fakeApi(duties({ duties: [DECEMBER] }), [
    new ApiError(
      409,
      'register-not-produced',
      'The register for December 2026 has not been produced yet.',
    ),
  ]);
  show(api);
  await userEvent.click(await screen.findByRole('button', { name: /^We have it/ }));
  expect(
    await screen.findByText(
      'Not recorded: The register for December 2026 has not been produced yet.',
    ),
  ).toBeTruthy();
  expect(screen.getByText('The IRO service: Not confirmed yet')).toBeTruthy();
});

test('Download asks for the month’s register; one kept in SharePoint opens there', async () => {
  const inSharePoint: ServiceDutyJson = {
    ...NOVEMBER,
    register: {
      ...NOVEMBER.register!,
      produced: {
        ...NOVEMBER.register!.produced!,
        url: 'https://council.sharepoint.com/sites/iro/Registers/case-register-2026-11.xlsx',
      },
    },
  };
  const downloads: string[] = [];
  show(fakeApi(duties({ duties: [DECEMBER, inSharePoint] })).api, downloads);
  await userEvent.click(
    await screen.findByRole('button', {
      name: 'Download the register for December 2026 (spreadsheet)',
    }),
  );
  expect(downloads).toEqual(['/api/service/registers/2026-12']);
  expect(
    screen
      .getByRole('link', { name: 'Open the register for November 2026 in SharePoint' })
      .getAttribute('href'),
  ).toBe('https://council.sharepoint.com/sites/iro/Registers/case-register-2026-11.xlsx');
});

test('a register not produced yet has no download and nothing to confirm', async () => {
  const unproduced: ServiceDutyJson = {
    ...DECEMBER,
    note: 'Not produced yet: the app produces it on its day.',
    register: {
      month: '2026-12',
      services: [
        { service: 'legal-services', name: 'Legal Services' },
        { service: 'iro-service', name: 'The IRO service' },
      ],
    },
  };
  show(fakeApi(duties({ duties: [unproduced] })).api);
  expect(await screen.findByText('Not produced yet: the app produces it on its day.')).toBeTruthy();
  expect(screen.queryByRole('button', { name: /^Download/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /^We have it/ })).toBeNull();
});

test('recording a link meeting as held: the field the server refuses is named by it, then it is recorded', async () => {
  const held: ServiceDutyJson = {
    ...DECEMBER_MEETING,
    status: 'met-late',
    completedAt: '2026-12-03T14:00:00Z',
    meeting: {
      day: '2026-12-02',
      held: {
        at: '2026-12-03T14:00:00Z',
        by: 'Kim Lee (IRO team manager)',
        protocolReviewed: true,
      },
    },
  };
  const message =
    'Recorded the link meeting of Wed 2 Dec 2026 as held, with the protocol reviewed.';
  const { api, sent } = fakeApi(duties(), [
    Object.assign(
      new ApiError(400, 'validation-failed', 'When the meeting was held is not right.'),
      {
        errors: [
          { path: 'heldAt', message: 'is in the future: record a meeting once it has been held' },
        ],
      },
    ),
    { message, duty: held },
  ]);
  show(api);
  const form = within(
    await screen.findByRole('form', { name: 'Record the link meeting of Wed 2 Dec 2026 as held' }),
  );
  // The meeting's day to start with; the time is the person's to give.
  expect(form.getByLabelText<HTMLInputElement>(/^Date held/).value).toBe('2026-12-02');
  expect(form.getByRole('button', { name: 'Record' })).toHaveProperty('disabled', true);
  await userEvent.type(form.getByLabelText(/^Time held/), '14:00');
  await userEvent.click(form.getByLabelText('The protocol was reviewed at the meeting'));
  await userEvent.click(form.getByRole('button', { name: 'Record' }));

  expect(sent.at(-1)).toEqual({
    method: 'POST',
    path: '/api/service/link-meetings/2026-12-02/held',
    body: { heldAt: '2026-12-02T14:00:00+00:00', protocolReviewed: true },
  });
  expect(
    await form.findByText('Not recorded: When the meeting was held is not right.'),
  ).toBeTruthy();
  const when = form.getByRole('group', { name: 'When it was held' });
  expect(within(when).getByRole('alert').textContent?.trim()).toBe(
    'When it was held is in the future: record a meeting once it has been held',
  );

  // Corrected and sent again: what was typed stayed.
  const date = form.getByLabelText(/^Date held/);
  await userEvent.clear(date);
  await userEvent.type(date, '2026-12-03');
  await userEvent.click(form.getByRole('button', { name: 'Record' }));
  expect(sent.at(-1)?.body).toEqual({
    heldAt: '2026-12-03T14:00:00+00:00',
    protocolReviewed: true,
  });
  expect(await screen.findByRole('status')).toHaveProperty(
    'textContent',
    expect.stringContaining(message),
  );
  const row = within(
    card('IRO/CAFCASS link meeting of Wed 2 Dec 2026, with the review of the protocol'),
  );
  expect(row.getByText('Met late')).toBeTruthy();
  expect(
    row.getByText('Held Thu 3 Dec 2026, 14:00 (recorded by Kim Lee (IRO team manager))'),
  ).toBeTruthy();
  expect(row.queryByRole('form')).toBeNull();
});

test('with no first link meeting set, it says none are tracked', async () => {
  show(fakeApi(duties({ duties: [DECEMBER], settings: { caseRegisterDay: 1 } })).api);
  expect(
    await screen.findByText(
      'The council has not set the date of the first link meeting (linkMeetingsFrom in the council settings), so no link meetings are tracked.',
    ),
  ).toBeTruthy();
  expect(screen.queryByRole('list', { name: 'IRO/CAFCASS link meetings' })).toBeNull();
});

test('no register yet: when the first is produced', async () => {
  show(
    fakeApi(
      duties({
        duties: [DECEMBER_MEETING],
        settings: { caseRegisterDay: 3, linkMeetingsFrom: '2026-12-02' },
      }),
    ).api,
  );
  expect(
    await screen.findByText(
      'No register yet. The first register is produced on the 3rd of the month.',
    ),
  ).toBeTruthy();
});

test('the Head of Service, who acts for neither service, confirms nothing; without the role, no meeting form', async () => {
  show(fakeApi(duties({ you: { services: [], mayRecordMeetings: false } })).api);
  await screen.findByRole('heading', { name: 'Service duties' });
  expect(screen.queryByRole('button', { name: /We have it|has it/ })).toBeNull();
  expect(screen.queryByRole('form')).toBeNull();
  // They can still read and download the register.
  expect(screen.getAllByRole('button', { name: /^Download/ })).toHaveLength(2);
});

test('someone the duties are not for is told why', async () => {
  show(
    fakeApi(
      new ApiError(
        403,
        'service-forbidden',
        'The services’ duties are for the Principal Lawyer, the IRO service’s administrators and Team Managers, and the Head of Service.',
      ),
    ).api,
  );
  expect(
    await screen.findByText(
      /^The services’ duties could not be shown: The services’ duties are for the Principal Lawyer/,
    ),
  ).toBeTruthy();
});

test('no accessibility violations axe can find, with a meeting form and a field error shown', async () => {
  const { container } = show(
    fakeApi(duties(), [
      new ApiError(400, 'validation-failed', 'Not right.', [
        { path: 'heldAt', message: 'is in the future' },
      ]),
    ]).api,
  );
  const form = within(await screen.findByRole('form'));
  await userEvent.type(form.getByLabelText(/^Time held/), '14:00');
  await userEvent.click(form.getByRole('button', { name: 'Record' }));
  await form.findByRole('alert');
  // Colour contrast needs layout and is checked in a real browser by the end-to-end tests.
  const result = await act(() =>
    axe.run(container, { rules: { 'color-contrast': { enabled: false } } }),
  );
  expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
});

// ---- in the app: the deep link and the tab -------------------------------------------------------

const PRINCIPAL_LAWYER = {
  id: 'pl.ahmed',
  displayName: 'Sara Ahmed (principal lawyer)',
  roles: ['principal-lawyer'],
  teams: ['north'],
  serverTime: '2026-12-02T09:00:00+00:00',
  emailAsMe: false,
};

/** The server as the app sees it, for the routes these views read. */
function fakeFetch(me: typeof PRINCIPAL_LAWYER) {
  const json = (status: number, body: unknown) =>
    Promise.resolve({
      ok: status < 300,
      status,
      statusText: String(status),
      text: () => Promise.resolve(JSON.stringify(body)),
      json: () => Promise.resolve(body),
    });
  return ((path: string) => {
    if (path === '/api/me') return json(200, me);
    if (path === '/api/me/obligations') return json(200, { obligations: [] });
    if (path.startsWith('/api/cases?')) return json(200, { cases: [] });
    if (path.startsWith('/api/reports/compliance'))
      return json(503, { code: 'unavailable', detail: 'Not in this test.' });
    if (path === '/api/service/duties') return json(200, duties());
    return json(404, { code: 'not-found', detail: path });
  }) as unknown as typeof fetch;
}

describe('in the app', () => {
  beforeEach(() => sessionStorage.setItem('iro-liaison-dev-token', 'a-token'));
  afterEach(() => {
    sessionStorage.clear();
    window.history.pushState(null, '', '/');
  });

  test('/tab/service (where the services’ notices point) opens the view directly', async () => {
    globalThis.fetch = fakeFetch(PRINCIPAL_LAWYER);
    window.history.pushState(null, '', '/tab/service');
    render(<App host={undefined} />);
    expect(await screen.findByRole('heading', { name: 'Service duties' })).toBeTruthy();
    // A manager, but the link's view stays rather than the dashboard.
    expect(screen.getByRole('tab', { name: 'Service duties' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(screen.queryByRole('heading', { name: 'Cases' })).toBeNull();
  });

  test('choosing the tab gives the view its address', async () => {
    globalThis.fetch = fakeFetch(PRINCIPAL_LAWYER);
    window.history.pushState(null, '', '/tab/');
    render(<App host={undefined} />);
    await userEvent.click(await screen.findByRole('tab', { name: 'Service duties' }));
    expect(await screen.findByRole('heading', { name: 'Service duties' })).toBeTruthy();
    expect(window.location.pathname).toBe('/tab/service');
  });

  test('a lawyer has no Service duties tab', async () => {
    globalThis.fetch = fakeFetch({ ...PRINCIPAL_LAWYER, id: 'lawyer.jones', roles: ['lawyer'] });
    window.history.pushState(null, '', '/tab/');
    render(<App host={undefined} />);
    await screen.findByRole('tab', { name: 'My deadlines' });
    expect(screen.queryByRole('tab', { name: 'Service duties' })).toBeNull();
  });
});
