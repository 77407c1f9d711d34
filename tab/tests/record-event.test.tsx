/**
 * @jest-environment jsdom
 */
/** Recording an event from the case view: only what the person's role records, at a UK time. */
import './dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError, type Api } from '../src/api';
import { RecordEvent } from '../src/views/RecordEvent';

test('offers the events the role records, sends the one chosen at the UK time given, once per form', async () => {
  const sent: { path: string; body: unknown; headers: Record<string, string> | undefined }[] = [];
  const api = ((_: string, path: string, body: unknown, headers?: Record<string, string>) => {
    sent.push({ path, body, headers });
    return Promise.resolve({});
  }) as Api;
  let reloads = 0;
  render(
    <RecordEvent
      api={api}
      caseId="C-1001"
      // filing.scheduled needs more than a time: not offered here.
      myEvents={['draft.sent-to-iro', 'filing.scheduled', 'iro-service.notified']}
      today="2026-06-05"
      onRecorded={() => reloads++}
    />,
  );
  const options = within(screen.getByLabelText(/What happened/)).getAllByRole('option');
  expect(options.map((o) => o.textContent)).toEqual([
    'Choose an event',
    'draft.sent-to-iro',
    'iro-service.notified',
  ]);
  await userEvent.selectOptions(screen.getByLabelText(/What happened/), 'draft.sent-to-iro');
  await userEvent.type(screen.getByLabelText(/Time/), '11:00');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  expect(await screen.findByText('Recorded: draft.sent-to-iro.')).toBeTruthy();
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    path: '/api/cases/C-1001/events',
    body: { event: { type: 'draft.sent-to-iro', at: '2026-06-05T11:00:00+01:00' } },
  });
  expect(sent[0]!.headers?.['Idempotency-Key']).toMatch(/^tab-/);
  expect(reloads).toBe(1);
});

test('says why an event was not recorded', async () => {
  const api = (() =>
    Promise.reject(new ApiError(400, 'invalid-event', 'event.at: is in the future'))) as Api;
  render(
    <RecordEvent
      api={api}
      caseId="C-1001"
      myEvents={['draft.sent-to-iro']}
      today="2026-06-05"
      onRecorded={() => undefined}
    />,
  );
  await userEvent.selectOptions(screen.getByLabelText(/What happened/), 'draft.sent-to-iro');
  await userEvent.type(screen.getByLabelText(/Time/), '11:00');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  expect(await screen.findByText('Not recorded: event.at: is in the future')).toBeTruthy();
});

test('shows nothing to someone whose role records none of these events', () => {
  const { container } = render(
    <RecordEvent
      api={(() => Promise.resolve({})) as Api}
      caseId="C-1001"
      myEvents={['filing.scheduled']}
      today="2026-06-05"
      onRecorded={() => undefined}
    />,
  );
  expect(container.textContent).toBe('');
});
