/**
 * @jest-environment jsdom
 */
/**
 * The managers' dashboard: cases with who is allocated and their counts, overdue first, sortable
 * and filterable.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Api, CaseJson } from '../src/api';
import { Dashboard } from '../src/views/Dashboard';

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
const api = ((_: string, path: string) =>
  path.startsWith('/api/cases')
    ? Promise.resolve({ cases: CASES })
    : Promise.reject(new Error(path))) as Api;

const rows = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );

test('shows every case with who is allocated and its counts, the most overdue first', async () => {
  render(
    <FluentProvider theme={teamsLightTheme}>
      <Dashboard api={api} />
    </FluentProvider>,
  );
  await screen.findByRole('table', { name: 'Cases and their obligations' });
  expect(
    within(screen.getByRole('table'))
      .getAllByRole('columnheader')
      .map((h) => h.textContent),
  ).toEqual(['Case', 'Team', 'IRO', 'Lawyer', 'Guardian', 'Open', 'Due soon', 'Overdue']);
  // Nobody in a role is said in words, not left as an empty cell.
  expect(rows()).toEqual([
    ['C-3 (A.B.)', 'north', 'Sam Patel', 'Lee Jones', 'Not allocated', '0', '0', '4'],
    ['C-2 (A.B.)', 'south', 'Sam Patel', 'Lee Jones', 'Jo Rivers', '1', '2', '1'],
    ['C-1 (A.B.)', 'north', 'Not allocated', 'Lee Jones', 'Not allocated', '3', '0', '0'],
  ]);
});

test('filters by team and sorts by reference', async () => {
  render(
    <FluentProvider theme={teamsLightTheme}>
      <Dashboard api={api} />
    </FluentProvider>,
  );
  await screen.findByRole('table');
  await userEvent.selectOptions(screen.getByLabelText('Team'), 'north');
  await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'case');
  expect(rows().map((r) => r[0])).toEqual(['C-1 (A.B.)', 'C-3 (A.B.)']);
});

test('sorts by who is allocated, nobody first, and filters to one person’s cases', async () => {
  render(
    <FluentProvider theme={teamsLightTheme}>
      <Dashboard api={api} />
    </FluentProvider>,
  );
  await screen.findByRole('table');
  await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'guardian');
  expect(rows().map((r) => [r[0], r[4]])).toEqual([
    ['C-1 (A.B.)', 'Not allocated'],
    ['C-3 (A.B.)', 'Not allocated'],
    ['C-2 (A.B.)', 'Jo Rivers'],
  ]);
  await userEvent.selectOptions(screen.getByLabelText('Allocated to'), 'Sam Patel');
  expect(rows().map((r) => r[0])).toEqual(['C-3 (A.B.)', 'C-2 (A.B.)']);
});

test('says when there is nothing to show, and when the cases cannot be loaded', async () => {
  const empty = (() => Promise.resolve({ cases: [] })) as Api;
  const { unmount } = render(<Dashboard api={empty} />);
  expect(await screen.findByText('No cases to show.')).toBeTruthy();
  unmount();
  render(<Dashboard api={() => Promise.reject(new Error('HTTP 503'))} />);
  expect(await screen.findByText('The cases could not be loaded: HTTP 503')).toBeTruthy();
});
