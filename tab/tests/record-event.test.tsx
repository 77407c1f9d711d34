/**
 * @jest-environment jsdom
 */
/**
 * Recording an event from the case view: only what the person's role records, by its name for
 * people, at a UK time, with the fields the event vocabulary gives it.
 */
import './dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { EVENT_SCHEMAS, validateEvent } from '../../core/case-file';
import { ApiError, type Api } from '../src/api';
import { EVENT_FORMS, type EventField } from '../src/views/event-forms';
import { RecordEvent } from '../src/views/RecordEvent';

type Sent = { method: string; path: string; body: unknown; headers?: Record<string, string> };

/** Records every request; GET /api/people answers with two IROs or one Guardian. */
function fakeApi(sent: Sent[], fail?: ApiError): Api {
  return ((method: string, path: string, body: unknown, headers?: Record<string, string>) => {
    sent.push({ method, path, body, headers });
    if (method === 'GET' && path === '/api/people?role=iro&case=C-1001')
      return Promise.resolve({
        people: [
          { id: 'iro.smith', displayName: 'Ivy Smith (IRO)', email: 'ivy.smith@council.example' },
          { id: 'iro.patel', displayName: 'Sam Patel (IRO)' },
        ],
      });
    if (method === 'GET' && path === '/api/people?role=guardian&case=C-1001')
      return Promise.resolve({
        people: [
          {
            id: 'guardian.rivers',
            displayName: 'Jo Rivers (Guardian)',
            email: 'jo.rivers@cafcass.example',
          },
        ],
      });
    return fail ? Promise.reject(fail) : Promise.resolve({});
  }) as Api;
}

const posted = (sent: Sent[]) => sent.filter((s) => s.method === 'POST');

function show(api: Api, myEvents: string[], onRecorded: () => void = () => undefined) {
  return render(
    <RecordEvent
      api={api}
      caseId="C-1001"
      myEvents={myEvents}
      today="2026-06-05"
      onRecorded={onRecorded}
    />,
  );
}

const what = () => screen.getByLabelText<HTMLSelectElement>(/What happened/);

test('offers the events the role records by their names, and sends the one chosen at the UK time given, once per form', async () => {
  const sent: Sent[] = [];
  let reloads = 0;
  show(
    fakeApi(sent),
    // Obligation events go through the obligation's buttons; the IRO alert through its own form.
    [
      'draft.sent-to-iro',
      'filing.scheduled',
      'iro-alert.sent',
      'obligation.waived',
      'iro-service.notified',
    ],
    () => reloads++,
  );
  expect(
    within(what())
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual([
    'Choose an event',
    'Draft final evidence sent to the IRO',
    'Filing date set',
    'IRO service told of the order',
  ]);
  await userEvent.selectOptions(what(), 'Draft final evidence sent to the IRO');
  await userEvent.type(screen.getByLabelText(/Time it happened/), '11:00');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  expect(await screen.findByText('Recorded: Draft final evidence sent to the IRO.')).toBeTruthy();
  expect(posted(sent)).toHaveLength(1);
  expect(posted(sent)[0]).toMatchObject({
    path: '/api/cases/C-1001/events',
    body: { event: { type: 'draft.sent-to-iro', at: '2026-06-05T11:00:00+01:00' } },
  });
  expect(posted(sent)[0]!.headers?.['Idempotency-Key']).toMatch(/^tab-/);
  expect(reloads).toBe(1);
});

test('an event with fields: a hearing listed, with its kind and its UK date and time', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent), ['hearing.scheduled']);
  await userEvent.selectOptions(what(), 'Hearing listed');
  await userEvent.type(screen.getByLabelText(/Time it happened/), '09:30');
  const record = screen.getByRole('button', { name: 'Record' });
  expect(record.hasAttribute('disabled')).toBe(true); // the hearing and its date are required
  await userEvent.selectOptions(
    screen.getByLabelText(/^Hearing\b/, { selector: 'select' }),
    'Issues resolution hearing (IRH)',
  );
  await userEvent.type(screen.getByLabelText(/Hearing date/), '2026-12-01');
  await userEvent.type(screen.getByLabelText(/Hearing time/), '10:00');
  await userEvent.click(record);
  await screen.findByText('Recorded: Hearing listed.');
  expect(posted(sent)[0]!.body).toEqual({
    event: {
      type: 'hearing.scheduled',
      at: '2026-06-05T09:30:00+01:00',
      hearing: 'IRH',
      on: '2026-12-01T10:00:00+00:00', // GMT by December
    },
  });
});

test('an IRO allocated: one of the IROs who may be named on the case, with a phone typed in', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent), ['iro.allocated']);
  await userEvent.selectOptions(what(), 'IRO allocated (or re-allocated)');
  await userEvent.type(screen.getByLabelText(/Time it happened/), '14:00');
  await userEvent.selectOptions(
    await screen.findByLabelText(/^IRO/, { selector: 'select' }),
    'Ivy Smith (IRO)',
  );
  // The directory's e-mail address is shown: it is the one the server records.
  expect(screen.getByText('ivy.smith@council.example')).toBeTruthy();
  await userEvent.type(screen.getByLabelText('Phone'), '01632 960000');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await screen.findByText('Recorded: IRO allocated (or re-allocated).');
  expect(sent[0]).toMatchObject({ method: 'GET', path: '/api/people?role=iro&case=C-1001' });
  expect(posted(sent)[0]!.body).toEqual({
    event: {
      type: 'iro.allocated',
      at: '2026-06-05T14:00:00+01:00',
      iro: { name: 'Ivy Smith (IRO)', id: 'iro.smith', phone: '01632 960000' },
    },
  });
});

test('a Guardian appointed, from the directory; the final documents by ticks; proceedings concluded says no too', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent), ['guardian.appointed', 'final-documents.confirmed', 'proceedings.concluded']);
  await userEvent.type(screen.getByLabelText(/Time it happened/), '10:00');

  await userEvent.selectOptions(what(), "Children's Guardian appointed (or replaced)");
  await userEvent.selectOptions(
    await screen.findByLabelText(/^Children's Guardian/, { selector: 'select' }),
    'Jo Rivers (Guardian)',
  );
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await screen.findByText("Recorded: Children's Guardian appointed (or replaced).");

  await userEvent.selectOptions(what(), 'Final documents forwarded to the IRO');
  await userEvent.click(screen.getByLabelText('Section 31A care plan'));
  await userEvent.click(screen.getByLabelText('Copy of the final order'));
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await screen.findByText('Recorded: Final documents forwarded to the IRO.');

  await userEvent.selectOptions(what(), 'Proceedings concluded');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await screen.findByText('Recorded: Proceedings concluded.');

  const at = '2026-06-05T10:00:00+01:00';
  expect(posted(sent).map((s) => s.body)).toEqual([
    {
      event: {
        type: 'guardian.appointed',
        at,
        guardian: { name: 'Jo Rivers (Guardian)', id: 'guardian.rivers' },
      },
    },
    {
      event: {
        type: 'final-documents.confirmed',
        at,
        documents: ['s31a-care-plan', 'final-order'],
      },
    },
    { event: { type: 'proceedings.concluded', at, remainsLookedAfter: false } },
  ]);
  // Each filled-in form had its own key.
  expect(new Set(posted(sent).map((s) => s.headers?.['Idempotency-Key'])).size).toBe(3);
});

test('an agreed frequency is sent as the vocabulary has it', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent), ['discussion-frequency.agreed']);
  await userEvent.selectOptions(what(), 'How often the IRO and Guardian talk agreed');
  await userEvent.type(screen.getByLabelText(/Time it happened/), '10:00');
  await userEvent.type(screen.getByLabelText(/^Every/), '3');
  await userEvent.selectOptions(screen.getByLabelText(/Days, weeks or months/), 'weeks');
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await waitFor(() => expect(posted(sent)).toHaveLength(1));
  expect(posted(sent)[0]!.body).toMatchObject({
    event: { type: 'discussion-frequency.agreed', every: 'P3W' },
  });
});

test('says why an event was not recorded, keeping what was typed, and sends it again with the same key', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent, new ApiError(400, 'invalid-event', 'event.review: already held')), [
    'review.held',
  ]);
  await userEvent.selectOptions(what(), 'Review held');
  await userEvent.type(screen.getByLabelText(/Time it happened/), '11:00');
  await userEvent.type(screen.getByLabelText(/Review reference/), 'R2');
  await userEvent.click(screen.getByLabelText('The review recommended a legal planning meeting'));
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  expect(await screen.findByText('Not recorded: event.review: already held')).toBeTruthy();
  expect(screen.getByLabelText<HTMLInputElement>(/Review reference/).value).toBe('R2');
  expect(what().value).toBe('review.held');
  expect(posted(sent)[0]!.body).toEqual({
    event: {
      type: 'review.held',
      at: '2026-06-05T11:00:00+01:00',
      review: 'R2',
      recommendsLpm: true,
    },
  });
  await userEvent.click(screen.getByRole('button', { name: 'Record' }));
  await waitFor(() => expect(posted(sent)).toHaveLength(2));
  expect(posted(sent)[1]!.headers).toEqual(posted(sent)[0]!.headers);
});

test('shows nothing to someone whose role records none of these events', () => {
  const { container } = show(fakeApi([]), ['obligation.completed', 'iro-alert.sent']);
  expect(container.textContent).toBe('');
});

test('the table covers every event the vocabulary has, and what each kind of field sends validates', () => {
  // Obligations' and retractions' events have buttons of their own; a leaver's, the server's.
  const recordable = Object.keys(EVENT_SCHEMAS).filter(
    (t) => !t.startsWith('obligation.') && t !== 'event.retracted' && t !== 'party.left',
  );
  expect(Object.keys(EVENT_FORMS).sort()).toEqual(recordable.sort());
  // What the form sends for each kind of field (see fieldsOf in RecordEvent).
  const sample = (f: EventField, option: number): unknown => {
    switch (f.kind) {
      case 'text':
        return 'R1';
      case 'select':
        return f.options![option % f.options!.length]![0];
      case 'datetime':
        return '2026-06-05T10:00:00+01:00';
      case 'boolean':
        return option % 2 === 0;
      case 'checklist':
        return f.options!.slice(0, option + 1).map(([v]) => v);
      case 'frequency':
        return 'P2W';
      case 'person':
        return { name: 'Ivy Smith (IRO)', id: 'iro.smith', phone: '01632 960000' };
    }
  };
  for (const [type, form] of Object.entries(EVENT_FORMS)) {
    const options = Math.max(1, ...form.fields.map((f) => f.options?.length ?? 1));
    for (let option = 0; option < options; option++) {
      const all = Object.fromEntries(form.fields.map((f) => [f.name, sample(f, option)]));
      const required = Object.fromEntries(
        form.fields.filter((f) => f.required).map((f) => [f.name, sample(f, option)]),
      );
      for (const fields of [all, required]) {
        const event = { type, at: '2026-06-05T10:00:00+01:00', ...fields };
        const checked = validateEvent(event, type);
        expect(checked.ok ? 'valid' : checked.issues).toBe('valid');
      }
    }
  }
});

test('each kind of field is labelled: no violations axe can find without a browser', async () => {
  const kinds = [
    'iro.allocated', // the IRO picker
    'guardian.appointed', // another party
    'final-documents.confirmed', // ticks
    'discussion-frequency.agreed', // a frequency
    'proceedings.concluded', // a tick box
    'hearing.scheduled', // a choice and a date and time
    'court-document.received', // a reference
  ];
  const { container } = show(fakeApi([]), kinds);
  for (const type of kinds) {
    await userEvent.selectOptions(what(), EVENT_FORMS[type as keyof typeof EVENT_FORMS].label);
    if (type === 'iro.allocated') await screen.findByLabelText(/^IRO/, { selector: 'select' });
    if (type === 'guardian.appointed')
      await screen.findByLabelText(/^Children's Guardian/, { selector: 'select' });
    // Colour contrast needs layout: the browser tests check it.
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect([type, result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)]).toEqual([
      type,
      [],
    ]);
  }
});
