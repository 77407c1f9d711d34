/**
 * @jest-environment jsdom
 */
/** The compliance panel: on-time rates in words beside bars, the period, the register download. */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Api } from '../src/api';
import { Compliance } from '../src/views/Compliance';

const counts = (met: number, metLate: number, overdue: number, rate: number | null) => ({
  met,
  metLate,
  overdue,
  waived: 0,
  open: 0,
  onTimeRate: rate,
});

test('shows the on-time rate per team and per rule, asks again for a new period, and downloads the register', async () => {
  const asked: string[] = [];
  const api = ((_: string, path: string) => {
    asked.push(path);
    return Promise.resolve({
      period: { from: '2026-10-01', to: '2026-10-31' },
      byTeam: [{ team: 'north', ...counts(3, 1, 0, 0.75) }],
      byMonth: [
        { month: '2026-09', ...counts(1, 1, 0, 0.5) },
        { month: '2026-10', ...counts(2, 0, 0, 1) },
      ],
      byRule: [
        { rule: 'r1', title: 'Notify the IRO service', ...counts(1, 0, 0, 1) },
        { rule: 'r2', title: 'Send the minutes', ...counts(0, 0, 0, null) },
      ],
      total: counts(3, 1, 0, 0.75),
    });
  }) as Api;
  const downloads: string[] = [];
  render(
    <FluentProvider theme={teamsLightTheme}>
      <Compliance api={api} download={(p) => downloads.push(p)} />
    </FluentProvider>,
  );
  const teams = await screen.findByRole('list', { name: 'On-time rate by team' });
  expect(within(teams).getByText('75% on time')).toBeTruthy();
  const rules = screen.getByRole('list', { name: 'On-time rate by rule' });
  expect(within(rules).getByText('100% on time')).toBeTruthy();
  expect(within(rules).getByText('nothing due')).toBeTruthy();
  expect(screen.getByRole('progressbar', { name: 'north: 75% on time' })).toBeTruthy();

  // The trend, month by month, in words beside the bars.
  const months = screen.getByRole('list', { name: 'On-time rate by month' });
  expect(within(months).getByText('September 2026')).toBeTruthy();
  expect(within(months).getByText('50% on time')).toBeTruthy();
  // The period the report covers, in the boxes and in words, its last day included.
  expect(screen.getByLabelText<HTMLInputElement>('From').value).toBe('2026-10-01');
  expect(screen.getByLabelText<HTMLInputElement>('To (included)').value).toBe('2026-10-30');
  expect(screen.getByText(/^Thu 1 Oct 2026 to Fri 30 Oct 2026:/)).toBeTruthy();

  await userEvent.clear(screen.getByLabelText('From'));
  await userEvent.type(screen.getByLabelText('From'), '2026-09-01');
  await waitFor(() =>
    expect(asked.at(-1)).toBe('/api/reports/compliance?from=2026-09-01&to=2026-10-31'),
  );

  await userEvent.click(screen.getByRole('button', { name: 'Case register (spreadsheet)' }));
  await userEvent.click(
    screen.getByRole('button', { name: 'These figures and the late list (spreadsheet)' }),
  );
  expect(downloads).toEqual([
    '/api/reports/case-register.xlsx',
    '/api/reports/compliance.xlsx?from=2026-09-01&to=2026-10-31',
  ]);
});
