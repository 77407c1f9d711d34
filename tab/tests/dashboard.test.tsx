/**
 * @jest-environment jsdom
 */
/**
 * The managers' dashboard: "Late now" first (what is overdue, on which case, who it is on, how
 * late, who has been told), then the cases with who is allocated and their counts in words, the
 * most overdue first, filtered by team, person or reference and sorted by their column headers.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { LateItem } from '../../core/reports/late-now';
import { ApiError, type Api, type CaseJson } from '../src/api';
import { Dashboard } from '../src/views/Dashboard';
import type { LateNowReport } from '../src/views/LateNow';

const IRO = { personId: 'iro.patel', role: 'iro', displayName: 'Sam Patel' } as const;
const LAWYER = { personId: 'lawyer.jones', role: 'lawyer', displayName: 'Lee Jones' } as const;
const GUARDIAN = {
  personId: 'guardian.rivers',
  role: 'guardian',
  displayName: 'Jo Rivers',
} as const;

const kase = (
  id: string,
  team: string,
  open: number,
  dueSoon: number,
  overdue: number,
  parties: CaseJson['parties'] = [],
): CaseJson => ({
  id,
  childRef: `LCS-${id}`,
  childInitials: 'A.B.',
  team,
  members: parties.map(({ personId, role }) => ({ personId, role })),
  version: 1,
  counts: { open, dueSoon, overdue },
  parties,
});

const CASES = [
  kase('C-1', 'north', 3, 0, 0, [LAWYER]),
  kase('C-2', 'south', 1, 2, 1, [IRO, LAWYER, GUARDIAN]),
  kase('C-3', 'north', 0, 0, 4, [IRO, LAWYER]),
];

const late = (n: number, fields: Partial<LateItem> = {}): LateItem => ({
  caseId: 'C-3',
  initials: 'A.B.',
  team: 'north',
  obligationId: `C-3:rule-${n}`,
  rule: `rule-${n}`,
  title: `Obligation ${n}`,
  due: '2026-11-10T16:00:00Z',
  late: { workingDays: 3, days: 5 },
  responsible: [{ role: 'lawyer', names: ['Lee Jones'] }],
  escalatedTo: [{ role: 'principal-lawyer', names: ['Sara Ahmed'] }],
  ...fields,
});

const report = (items: LateItem[], total = items.length): LateNowReport => ({
  generatedAt: '2026-11-18T09:00:00+00:00',
  teams: ['north', 'south'],
  total,
  items,
});

/** The server: the cases, and "Late now" (a report, or the error it answers with). */
function fakeApi({
  cases = CASES,
  lateNow = report([]),
}: { cases?: CaseJson[] | Error; lateNow?: LateNowReport | Error } = {}) {
  const asked: string[] = [];
  const answer = (x: unknown) => (x instanceof Error ? Promise.reject(x) : Promise.resolve(x));
  const api = ((_: string, path: string) => {
    asked.push(path);
    if (path.startsWith('/api/cases')) return answer(cases instanceof Error ? cases : { cases });
    if (path.startsWith('/api/reports/late-now')) return answer(lateNow);
    return Promise.reject(new Error(path));
  }) as Api;
  return { api, asked };
}

function show(api: Api, props: { team?: string; onOpenCase?: (id: string) => void } = {}) {
  return render(
    <FluentProvider theme={teamsLightTheme}>
      <Dashboard api={api} {...props} />
    </FluentProvider>,
  );
}

const table = () => screen.getByRole('table', { name: 'Cases and their obligations' });
const rows = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
const header = (name: string) =>
  within(table())
    .getAllByRole('columnheader')
    .find((h) => h.textContent === name)!;
const lateNow = () => screen.getByRole('list', { name: 'Late now' });

afterEach(() => window.history.replaceState(null, '', '/'));

test('shows every case with who is allocated and its counts in words, the most overdue first', async () => {
  show(fakeApi().api);
  await screen.findByRole('table', { name: 'Cases and their obligations' });
  expect(
    within(table())
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Case', 'Overdue', 'Due soon', 'Open', 'IRO', 'Lawyer', 'Guardian', 'Team']);
  // Nobody in a role is said in words, not left as an empty cell.
  expect(rows()).toEqual([
    [
      'C-3 (A.B.)',
      '4 overdue',
      '0 due soon',
      '0 open',
      'Sam Patel',
      'Lee Jones',
      'Not allocated',
      'north',
    ],
    [
      'C-2 (A.B.)',
      '1 overdue',
      '2 due soon',
      '1 open',
      'Sam Patel',
      'Lee Jones',
      'Jo Rivers',
      'south',
    ],
    [
      'C-1 (A.B.)',
      '0 overdue',
      '0 due soon',
      '3 open',
      'Not allocated',
      'Lee Jones',
      'Not allocated',
      'north',
    ],
  ]);
  // Overdue and due soon are badges (colour) that say it in words too; none is plain text.
  const [first] = within(table()).getAllByRole('row').slice(1);
  const cells = within(first!).getAllByRole('cell');
  expect(cells[1]!.querySelector('.fui-Badge')?.textContent).toBe('4 overdue');
  expect(cells[2]!.querySelector('.fui-Badge')).toBeNull();
  expect(header('Overdue').getAttribute('aria-sort')).toBe('descending');
});

test('the column headers sort, saying how with aria-sort', async () => {
  show(fakeApi().api);
  await screen.findByRole('table');
  const sortable = ['Case', 'Overdue', 'Due soon', 'IRO', 'Lawyer', 'Guardian'];
  expect(sortable.map((h) => header(h).getAttribute('aria-sort'))).toEqual([
    'none',
    'descending',
    'none',
    'none',
    'none',
    'none',
  ]);
  // Open and Team are not sortable, so say nothing of it.
  expect(header('Open').hasAttribute('aria-sort')).toBe(false);

  await userEvent.click(within(header('Case')).getByRole('button', { name: 'Case' }));
  expect(header('Case').getAttribute('aria-sort')).toBe('ascending');
  expect(header('Overdue').getAttribute('aria-sort')).toBe('none');
  expect(rows().map((r) => r[0])).toEqual(['C-1 (A.B.)', 'C-2 (A.B.)', 'C-3 (A.B.)']);
  await userEvent.click(within(header('Case')).getByRole('button', { name: 'Case' }));
  expect(header('Case').getAttribute('aria-sort')).toBe('descending');
  expect(rows().map((r) => r[0])).toEqual(['C-3 (A.B.)', 'C-2 (A.B.)', 'C-1 (A.B.)']);

  // Counts sort the most first.
  await userEvent.click(within(header('Due soon')).getByRole('button'));
  expect(header('Due soon').getAttribute('aria-sort')).toBe('descending');
  expect(rows().map((r) => r[0])).toEqual(['C-2 (A.B.)', 'C-3 (A.B.)', 'C-1 (A.B.)']);
});

test('sorts by who is allocated, nobody first, and filters to one person’s cases', async () => {
  show(fakeApi().api);
  await screen.findByRole('table');
  await userEvent.click(within(header('Guardian')).getByRole('button'));
  expect(header('Guardian').getAttribute('aria-sort')).toBe('ascending');
  expect(rows().map((r) => [r[0], r[6]])).toEqual([
    ['C-1 (A.B.)', 'Not allocated'],
    ['C-3 (A.B.)', 'Not allocated'],
    ['C-2 (A.B.)', 'Jo Rivers'],
  ]);
  await userEvent.selectOptions(screen.getByLabelText('Allocated to'), 'Sam Patel');
  expect(rows().map((r) => r[0])).toEqual(['C-3 (A.B.)', 'C-2 (A.B.)']);
});

test('filters by team, and the search finds a case by its id or the child’s reference, in any case', async () => {
  show(fakeApi().api);
  await screen.findByRole('table');
  await userEvent.selectOptions(screen.getByLabelText('Team'), 'north');
  expect(rows().map((r) => r[0])).toEqual(['C-3 (A.B.)', 'C-1 (A.B.)']);

  const search = screen.getByLabelText('Case or child reference');
  await userEvent.type(search, 'c-1');
  expect(rows().map((r) => r[0])).toEqual(['C-1 (A.B.)']);
  await userEvent.clear(search);
  await userEvent.type(search, 'lcs-c-3');
  expect(rows().map((r) => r[0])).toEqual(['C-3 (A.B.)']);
  // Filters that leave nothing say so.
  await userEvent.selectOptions(screen.getByLabelText('Team'), 'south');
  expect(screen.getByText('No cases to show.')).toBeTruthy();
  expect(screen.queryByRole('table')).toBeNull();
});

test('a channel tab’s team: the table starts on it and Late now asks for it alone', async () => {
  const { api, asked } = fakeApi();
  show(api, { team: 'south' });
  await screen.findByRole('table');
  expect(rows().map((r) => r[0])).toEqual(['C-2 (A.B.)']);
  expect(asked).toContain('/api/reports/late-now?team=south');
});

test('Late now comes first: what, which case, who it is on, how late and who has been told', async () => {
  const opened: string[] = [];
  const items = [
    late(1, {
      title: 'Final care plan to the IRO',
      late: { workingDays: 3, days: 5 },
      responsible: [
        { role: 'lawyer', names: ['Lee Jones'] },
        { role: 'iro', names: [] },
      ],
      escalatedTo: [{ role: 'iro-team-manager', names: ['Kim Lee'] }],
    }),
    late(2, {
      caseId: 'C-2',
      obligationId: 'C-2:rule-2',
      team: 'south',
      title: 'IRO comments on the draft',
      late: { workingDays: 0, days: 0 },
      responsible: [{ role: 'iro', names: ['Sam Patel'] }],
      escalatedTo: [],
    }),
  ];
  show(fakeApi({ lateNow: report(items) }).api, { onOpenCase: (id) => opened.push(id) });
  expect(await screen.findByRole('heading', { name: 'Late now (2)' })).toBeTruthy();
  // Above the case table.
  const heading = screen.getByRole('heading', { name: 'Late now (2)' });
  await screen.findByRole('table');
  expect(heading.compareDocumentPosition(table()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

  const [first, second] = within(lateNow()).getAllByRole('listitem');
  const one = within(first!);
  expect(one.getByText('Final care plan to the IRO')).toBeTruthy();
  // The status in colour (a danger badge) and in words together.
  const badge = first!.querySelector('.fui-Badge')!;
  expect(badge.textContent).toBe('Overdue: 3 working days late (5 days)');
  expect(one.getByText('Responsible: Lawyer: Lee Jones; IRO: nobody on the case')).toBeTruthy();
  expect(one.getByText('Escalated to: IRO Team Manager: Kim Lee')).toBeTruthy();
  expect(first!.textContent).toContain('north · due Tue 10 Nov 2026, 16:00');

  const two = within(second!);
  expect(second!.querySelector('.fui-Badge')!.textContent).toBe('Overdue: late today');
  expect(two.getByText('Responsible: IRO: Sam Patel')).toBeTruthy();
  expect(two.getByText('Escalated to: nobody')).toBeTruthy();

  await userEvent.click(two.getByRole('button', { name: 'C-2 (A.B.)' }));
  expect(opened).toEqual(['C-2']);
});

test('Late now shows the 10 latest, and all of them on asking', async () => {
  const items = Array.from({ length: 12 }, (_, i) => late(i + 1));
  show(fakeApi({ lateNow: report(items) }).api);
  await screen.findByRole('heading', { name: 'Late now (12)' });
  expect(within(lateNow()).getAllByRole('listitem')).toHaveLength(10);
  // In the order the server sends them: the latest first.
  expect(within(lateNow()).getAllByRole('listitem')[0]!.textContent).toContain('Obligation 1');

  await userEvent.click(screen.getByRole('button', { name: 'Show all 12' }));
  expect(within(lateNow()).getAllByRole('listitem')).toHaveLength(12);
  await userEvent.click(screen.getByRole('button', { name: 'Show the 10 latest' }));
  expect(within(lateNow()).getAllByRole('listitem')).toHaveLength(10);
});

test('Late now with nothing late, while loading, and when it fails', async () => {
  const { unmount } = show(fakeApi().api);
  expect(screen.getByText('Loading what is late')).toBeTruthy();
  expect(await screen.findByText('Nothing is late on your teams.')).toBeTruthy();
  expect(screen.getByRole('heading', { name: 'Late now' })).toBeTruthy();
  expect(screen.queryByRole('button', { name: /^Show all/ })).toBeNull();
  unmount();

  show(fakeApi({ lateNow: new ApiError(503, 'unavailable', 'HTTP 503') }).api);
  expect(await screen.findByText('What is late could not be loaded: HTTP 503')).toBeTruthy();
  // The cases still show.
  expect(await screen.findByRole('table')).toBeTruthy();
});

test('someone the report is not for (403) has no Late now, and no word of it', async () => {
  show(
    fakeApi({
      lateNow: new ApiError(403, 'report-forbidden', 'Reports are for managers.'),
    }).api,
  );
  await screen.findByRole('table');
  // Let the refusal arrive.
  await new Promise((r) => setTimeout(r, 0));
  expect(screen.queryByRole('heading', { name: /^Late now/ })).toBeNull();
  expect(screen.queryByText(/Reports are for managers/)).toBeNull();
  expect(screen.queryByText('Loading what is late')).toBeNull();
});

test('the compliance panel comes after the case table', async () => {
  render(
    <FluentProvider theme={teamsLightTheme}>
      <Dashboard api={fakeApi().api} compliance={<h2>Compliance</h2>} />
    </FluentProvider>,
  );
  await screen.findByRole('table');
  const compliance = screen.getByRole('heading', { name: 'Compliance' });
  expect(
    table().compareDocumentPosition(compliance) & Node.DOCUMENT_POSITION_FOLLOWING,
  ).toBeTruthy();
});

test('says when there are no cases, and when the cases cannot be loaded', async () => {
  const { unmount } = show(fakeApi({ cases: [] }).api);
  expect(await screen.findByText('No cases to show.')).toBeTruthy();
  unmount();
  show(fakeApi({ cases: new Error('HTTP 503') }).api);
  expect(await screen.findByText('The cases could not be loaded: HTTP 503')).toBeTruthy();
});

test('no accessibility violations axe can find, with Late now and the sorted table', async () => {
  const { container } = show(fakeApi({ lateNow: report([late(1), late(2)]) }).api, {
    onOpenCase: () => {},
  });
  await screen.findByRole('table');
  await screen.findByRole('list', { name: 'Late now' });
  // Colour contrast needs layout and is checked in a real browser by the end-to-end tests.
  const result = await act(() =>
    axe.run(container, { rules: { 'color-contrast': { enabled: false } } }),
  );
  expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
});
