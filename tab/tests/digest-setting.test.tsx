/**
 * @jest-environment jsdom
 */
/** The weekly digest setting under My deadlines: the day it comes, another day, or off. */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type Api } from '../src/api';
import { DigestSetting } from '../src/views/DigestSetting';

function show(api: Api) {
  render(
    <FluentProvider theme={teamsLightTheme}>
      <DigestSetting api={api} />
    </FluentProvider>,
  );
}

test('says when it comes, and saves another day, saying so', async () => {
  const sent: unknown[] = [];
  show(((method: string, _path: string, body?: unknown) => {
    if (method === 'GET')
      return Promise.resolve({
        off: false,
        councilDay: 'monday',
        when: "Mondays at 08:00 (the council's day).",
      });
    sent.push(body);
    return Promise.resolve({
      off: false,
      day: 'wednesday',
      councilDay: 'monday',
      when: 'Wednesdays at 08:00.',
      message: 'Your weekly digest: Wednesdays at 08:00.',
    });
  }) as Api);
  expect(await screen.findByText(/Now: Mondays at 08:00 \(the council's day\)\./)).toBeTruthy();
  await userEvent.selectOptions(screen.getByLabelText('Send it'), 'On Wednesdays');
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText('Your weekly digest: Wednesdays at 08:00.')).toBeTruthy();
  expect(sent).toEqual([{ off: false, day: 'wednesday' }]);

  await userEvent.selectOptions(screen.getByLabelText('Send it'), 'Never (off)');
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(sent.at(-1)).toEqual({ off: true, day: null });
});

test('a refusal says it was not saved, and why', async () => {
  show(((method: string) =>
    method === 'GET'
      ? Promise.resolve({ off: true, councilDay: 'monday', when: 'Off: no weekly digest.' })
      : Promise.reject(new ApiError(400, 'validation-failed', 'day: not a day'))) as Api);
  await screen.findByText(/Now: Off/);
  await userEvent.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText('Not saved: day: not a day')).toBeTruthy();
});

test('Save waits for its answer: pressed again meanwhile, it sends nothing more', async () => {
  const sent: unknown[] = [];
  let answer: (v: unknown) => void = () => undefined;
  show(((method: string, _path: string, body?: unknown) => {
    if (method === 'GET')
      return Promise.resolve({ off: false, councilDay: 'monday', when: 'Mondays at 08:00.' });
    sent.push(body);
    return new Promise<unknown>((resolve) => (answer = resolve));
  }) as Api);
  await screen.findByText(/Now: Mondays/);
  const save = screen.getByRole('button', { name: 'Save' });
  await userEvent.click(save);
  expect(save.hasAttribute('disabled')).toBe(true);
  fireEvent.click(save);
  expect(sent).toHaveLength(1);
  await act(() =>
    Promise.resolve(answer({ off: true, councilDay: 'monday', when: 'Off: no weekly digest.' })),
  );
  expect(await screen.findByText('Off: no weekly digest.')).toBeTruthy();
  expect(save.hasAttribute('disabled')).toBe(false);
});
