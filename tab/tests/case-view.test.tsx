/**
 * @jest-environment jsdom
 */
/**
 * One case: loading and error states, each obligation's status in words, Complete on the cards
 * that are on the viewer's role (with the form the rule needs), and recording an event with
 * fields, and suggestions from email (confirmed or dismissed). The server is a small fake that
 * records what the tab sends.
 */
import './dom';
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { Obligation } from '../../core/engine/obligation';
import type { Holder } from '../../core/parties/parties';
import { ApiError, type Api, type CaseViewJson, type SuggestionJson } from '../src/api';
import { CaseView } from '../src/views/CaseView';

function obligation(
  rule: string,
  fields: Partial<Obligation> & {
    completion?: { title: string; form: string; event: string };
    assignees?: Holder[];
    addressees?: Holder[];
  },
): Obligation {
  return {
    id: `C-1001:${rule}`,
    rule,
    title: `Title of ${rule}`,
    responsible: ['iro-admin'],
    recipients: [],
    status: 'open',
    due: '2026-11-20T16:00:00+00:00',
    deadline: { description: 'within 5 working days' },
    acknowledgements: [],
    source: { quotes: [`The protocol on ${rule}.`] },
    ...fields,
  } as unknown as Obligation;
}

const VIEW: CaseViewJson = {
  case: {
    id: 'C-1001',
    childRef: 'LCS-1',
    childInitials: 'A.B.',
    team: 'north',
    members: [],
    version: 7,
  },
  myRoles: ['iro-admin'],
  myEvents: ['review.scheduled', 'iro-service.notified'],
  myRetractable: [1],
  parties: [
    {
      personId: 'lawyer.jones',
      role: 'lawyer',
      displayName: 'Lee Jones',
      email: 'lee.jones@council.example',
    },
  ],
  calendar: { id: 'ew-2026', description: 'England and Wales bank holidays' },
  evaluatedAt: '2026-11-18T09:00:00+00:00',
  events: [
    {
      seq: 0,
      type: 'review.held',
      at: '2026-11-02T10:00:00+00:00',
      recordedAt: '2026-11-02T10:05:00.000Z',
      recordedBy: 'lawyer.jones',
      via: 'tab',
    },
    // Recorded three days after it happened, and after the review above though it came first.
    {
      seq: 1,
      type: 'iro-service.notified',
      at: '2026-11-01T09:00:00+00:00',
      recordedAt: '2026-11-04T09:00:00.000Z',
      recordedBy: 'lawyer.jones',
      via: 'api',
    },
  ],
  obligations: [
    obligation('iro-allocation-reply', {
      status: 'overdue',
      due: '2026-11-17T16:00:00+00:00',
      completion: { title: 'Record the allocation', form: 'allocation', event: 'iro.allocated' },
      assignees: [{ role: 'iro-admin' }],
      addressees: [{ role: 'lawyer', personId: 'lawyer.jones', displayName: 'Lee Jones' }],
    }),
    // Held after review R1: the next review's reference is not known yet.
    obligation('second-review', {
      id: 'C-1001:second-review:after-R1',
      status: 'due-soon',
      completion: { title: 'Review held', form: 'review', event: 'review.held' },
    }),
    obligation('review-minutes-to-lawyer', {
      status: 'met',
      completion: { title: 'Minutes sent', form: 'none', event: 'x' },
    }),
    obligation('iro-details-to-court', {
      responsible: ['lawyer'],
      completion: { title: 'Court notified', form: 'none', event: 'x' },
      addressees: [{ role: 'court' }, { role: 'childs-solicitor' }],
    }),
  ],
  deliveries: [],
};

type Sent = { method: string; path: string; body: unknown; headers?: Record<string, string> };

/** The case (as given), its suggestions, two IROs, and POSTs recorded (or refused with `fail`). */
function fakeApi(
  sent: Sent[],
  view: CaseViewJson | Error = VIEW,
  fail?: ApiError,
  suggestions: SuggestionJson[] | Error = [],
): Api {
  return ((method: string, path: string, body: unknown, headers?: Record<string, string>) => {
    sent.push({ method, path, body, headers });
    if (method === 'POST') return fail ? Promise.reject(fail) : Promise.resolve({});
    if (path === '/api/cases/C-1001/suggestions')
      return suggestions instanceof Error
        ? Promise.reject(suggestions)
        : Promise.resolve({ suggestions });
    if (path === '/api/people?role=iro&case=C-1001')
      return Promise.resolve({
        people: [
          { id: 'iro.smith', displayName: 'Ivy Smith (IRO)', email: 'ivy.smith@council.example' },
          { id: 'iro.patel', displayName: 'Sam Patel (IRO)', email: 'sam.patel@council.example' },
        ],
      });
    return view instanceof Error ? Promise.reject(view) : Promise.resolve(view);
  }) as Api;
}

const show = (api: Api) =>
  render(
    <FluentProvider theme={teamsLightTheme}>
      <CaseView api={api} caseId="C-1001" />
    </FluentProvider>,
  );

const card = (title: string) => screen.getByText(title).closest('li')!;

/** What a free-text field says under it, on every form where a person types a reason. */
const NO_CHILD_NAME = "Do not write the child's name — use the case reference.";

/** The text of the elements a field's `aria-describedby` names: what a screen reader adds. */
const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
    .join(' ');
const caseReads = (sent: Sent[]) =>
  sent.filter((s) => s.method === 'GET' && s.path === '/api/cases/C-1001').length;

test('says it is loading, then shows why the case could not be shown', async () => {
  show(fakeApi([], new ApiError(403, 'case-forbidden', 'You are not a party to this case.')));
  expect(screen.getByText('Loading case C-1001')).toBeTruthy();
  expect(
    await screen.findByText('Case C-1001 could not be shown: You are not a party to this case.'),
  ).toBeTruthy();
});

test('shows each obligation with its due date and status in words, the parties and the timeline by name', async () => {
  show(fakeApi([]));
  await screen.findByRole('heading', { name: 'Case C-1001 (A.B.)' });
  const overdue = card('Title of iro-allocation-reply');
  expect(within(overdue).getByText('Overdue')).toBeTruthy();
  expect(within(overdue).getByText('Due Tue 17 Nov 2026, 16:00')).toBeTruthy();
  // The counting behind it is there for whoever asks, not in the way.
  expect(within(overdue).getByText('How was this counted?')).toBeTruthy();
  expect(
    within(overdue).getByText(
      'within 5 working days. Business days: England and Wales bank holidays.',
    ),
  ).toBeTruthy();
  expect(within(overdue).getByText('“The protocol on iro-allocation-reply.”')).toBeTruthy();
  expect(within(card('Title of second-review')).getByText('Due soon')).toBeTruthy();
  expect(within(card('Title of review-minutes-to-lawyer')).getByText('Met')).toBeTruthy();
  expect(within(card('Title of iro-details-to-court')).getByText('Open')).toBeTruthy();
  expect(screen.getByText(/^Lawyer: Lee Jones/)).toBeTruthy();
  expect(
    screen.getByText('Mon 2 Nov 2026, 10:00: Review held (recorded by Lee Jones via tab)'),
  ).toBeTruthy();
  // Who it is on and who it is for, by name where the case names someone.
  const allocation = card('Title of iro-allocation-reply');
  expect(within(allocation).getByText("On: the team's IRO administrator")).toBeTruthy();
  expect(within(allocation).getByText('For: Lee Jones')).toBeTruthy();
  // The court is an addressee, not a team's role.
  expect(
    within(card('Title of iro-details-to-court')).getByText(
      "For: the court, the Child's solicitor (nobody named yet)",
    ),
  ).toBeTruthy();
  // The timeline is in the order things happened, and says what was recorded late.
  const timeline = screen.getAllByRole('listitem').map((li) => li.textContent);
  const late =
    'Sun 1 Nov 2026, 09:00: IRO service told of the order (recorded by Lee Jones via api, recorded 3 days later)';
  const at = (text: string) => timeline.findIndex((t) => t?.startsWith(text));
  expect(at(late)).toBeGreaterThanOrEqual(0);
  expect(at(late)).toBeLessThan(
    at('Mon 2 Nov 2026, 10:00: Review held (recorded by Lee Jones via tab)'),
  );
});

test('offers Complete only where the obligation is on my role and still open', async () => {
  show(fakeApi([]));
  await screen.findByRole('heading', { name: 'Case C-1001 (A.B.)' });
  expect(
    within(card('Title of iro-allocation-reply')).getByRole('button', {
      name: 'Record the allocation',
    }),
  ).toBeTruthy();
  // Met already; and on the lawyer, not on the IRO administrator viewing.
  expect(screen.queryByRole('button', { name: 'Minutes sent' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Court notified' })).toBeNull();
});

test('records the allocation with the IRO chosen and a phone number, then reloads the case', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  const open = await screen.findByRole('button', { name: 'Record the allocation' });
  await userEvent.click(open);
  const form = screen.getByRole('form', {
    name: 'Record the allocation: Title of iro-allocation-reply',
  });
  const record = within(form).getByRole('button', { name: 'Record' });
  expect(record.hasAttribute('disabled')).toBe(true); // no IRO chosen yet
  await userEvent.selectOptions(
    await within(form).findByLabelText(/^IRO/, { selector: 'select' }),
    'Sam Patel (IRO)',
  );
  expect(within(form).getByText('sam.patel@council.example')).toBeTruthy();
  await userEvent.type(within(form).getByLabelText('Phone'), '01632 960001');
  await userEvent.click(record);

  expect(await screen.findByText('Recorded: Title of iro-allocation-reply.')).toBeTruthy();
  const posts = sent.filter((s) => s.method === 'POST');
  expect(posts).toEqual([
    {
      method: 'POST',
      path: '/api/obligations/C-1001%3Airo-allocation-reply/complete',
      body: {
        inputs: { iro: 'iro.patel', phone: '01632 960001' },
      },
      headers: { 'Idempotency-Key': expect.stringMatching(/^tab-[0-9a-f-]{36}$/) as string },
    },
  ]);
  await waitFor(() => expect(caseReads(sent)).toBe(2));
});

test('asks when it happened: an allocation made yesterday is recorded as made then', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  await userEvent.click(await screen.findByRole('button', { name: 'Record the allocation' }));
  const form = screen.getByRole('form', {
    name: 'Record the allocation: Title of iro-allocation-reply',
  });
  await userEvent.selectOptions(
    await within(form).findByLabelText(/^IRO/, { selector: 'select' }),
    'Sam Patel (IRO)',
  );
  const record = within(form).getByRole('button', { name: 'Record' });
  // Half a time is not a time: nothing can be sent until it is whole or empty.
  await userEvent.type(within(form).getByLabelText(/Date it happened/), '2026-11-16');
  expect(record.hasAttribute('disabled')).toBe(true);
  await userEvent.type(within(form).getByLabelText(/Time it happened/), '15:30');
  await userEvent.click(record);
  await waitFor(() => expect(sent.filter((s) => s.method === 'POST')).toHaveLength(1));
  expect(sent.find((s) => s.method === 'POST')!.body).toEqual({
    inputs: { iro: 'iro.patel' },
    at: '2026-11-16T15:30:00+00:00',
  });
});

test('nothing to fill in: one press records it now, and "Done earlier?" asks when', async () => {
  const sent: Sent[] = [];
  const minutes = obligation('review-minutes-to-lawyer', {
    completion: { title: 'Minutes sent', form: 'none', event: 'review.minutes-sent-to-lawyer' },
  });
  show(fakeApi(sent, { ...VIEW, obligations: [minutes] }));
  await userEvent.click(await screen.findByRole('button', { name: 'Done earlier?' }));
  const form = screen.getByRole('form', {
    name: 'Minutes sent earlier: Title of review-minutes-to-lawyer',
  });
  const record = within(form).getByRole('button', { name: 'Record' });
  expect(record.hasAttribute('disabled')).toBe(true); // when is required here
  await userEvent.type(within(form).getByLabelText(/Date it happened/), '2026-11-13');
  await userEvent.type(within(form).getByLabelText(/Time it happened/), '09:15');
  await userEvent.click(record);
  await waitFor(() => expect(sent.filter((s) => s.method === 'POST')).toHaveLength(1));
  expect(sent.find((s) => s.method === 'POST')!.body).toEqual({
    inputs: {},
    at: '2026-11-13T09:15:00+00:00',
  });
  // The one-press button sends no time: it happened now.
  await userEvent.click(screen.getByRole('button', { name: 'Minutes sent' }));
  await waitFor(() => expect(sent.filter((s) => s.method === 'POST')).toHaveLength(2));
  expect(sent.filter((s) => s.method === 'POST')[1]!.body).toEqual({ inputs: {} });
});

test('says plainly when the IROs cannot be listed for the allocation', async () => {
  const base = fakeApi([]);
  const api = ((method: string, path: string, body?: unknown) =>
    path === '/api/people?role=iro&case=C-1001'
      ? Promise.reject(
          new ApiError(403, 'people-forbidden', 'Only the IRO service allocates IROs.'),
        )
      : base(method, path, body)) as Api;
  show(api);
  await userEvent.click(await screen.findByRole('button', { name: 'Record the allocation' }));
  expect(
    await screen.findByText(
      'The people who could be named were not listed: Only the IRO service allocates IROs.',
    ),
  ).toBeTruthy();
});

test('a review whose reference is not known asks for it; a refusal is shown and what was typed stays', async () => {
  const sent: Sent[] = [];
  show(
    fakeApi(
      sent,
      VIEW,
      new ApiError(400, 'invalid-request', 'inputs: review: must be 1–40 letters, digits'),
    ),
  );
  await userEvent.click(await screen.findByRole('button', { name: 'Review held' }));
  const form = screen.getByRole('form', { name: 'Review held: Title of second-review' });
  await userEvent.type(within(form).getByLabelText(/Review reference/), 'R 2');
  await userEvent.click(within(form).getByRole('button', { name: 'Record' }));
  expect(
    await within(form).findByText('Not recorded: inputs: review: must be 1–40 letters, digits'),
  ).toBeTruthy();
  expect(within(form).getByLabelText<HTMLInputElement>(/Review reference/).value).toBe('R 2');
  expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
    { inputs: { review: 'R 2' } },
  ]);
  expect(caseReads(sent)).toBe(1); // nothing changed, nothing reloaded

  // Closing and opening the form again keeps it too.
  await userEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
  expect(screen.queryByRole('form', { name: 'Review held: Title of second-review' })).toBeNull();
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Review held' }));
  await userEvent.click(screen.getByRole('button', { name: 'Review held' }));
  expect(screen.getByLabelText<HTMLInputElement>(/Review reference/).value).toBe('R 2');
});

test('works from the keyboard: Enter opens the form, Enter in it records, Escape closes it and returns focus', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  const open = await screen.findByRole('button', { name: 'Review held' });
  open.focus();
  await userEvent.keyboard('{Enter}');
  expect(open.getAttribute('aria-expanded')).toBe('true');
  // Tab order itself is Fluent's (tabster), which needs layout: the browser tests walk it.
  screen.getByLabelText(/Review reference/).focus();
  await userEvent.keyboard('{Escape}');
  expect(screen.queryByLabelText(/Review reference/)).toBeNull();
  expect(document.activeElement).toBe(open);

  await userEvent.keyboard('{Enter}');
  screen.getByLabelText(/Review reference/).focus();
  await userEvent.keyboard('R2{Enter}');
  await waitFor(() => expect(sent.filter((s) => s.method === 'POST')).toHaveLength(1));
  expect(sent.find((s) => s.method === 'POST')).toMatchObject({
    path: '/api/obligations/C-1001%3Asecond-review%3Aafter-R1/complete',
    body: { inputs: { review: 'R2' } },
  });
});

test('an event recorded by mistake is retracted with a reason, and the case is read again', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  await screen.findByRole('heading', { name: 'Case C-1001 (A.B.)' });
  // Only the event the server says I may retract offers it.
  const offers = screen.getAllByRole('button', { name: 'Recorded by mistake?' });
  expect(offers).toHaveLength(1);
  await userEvent.click(offers[0]!);
  const form = screen.getByRole('form', { name: 'Retract: IRO service told of the order' });
  const retract = within(form).getByRole('button', { name: 'Retract' });
  expect(retract.hasAttribute('disabled')).toBe(true);
  const why = within(form).getByLabelText(/Why was it recorded by mistake/);
  // The reason is quoted on the case: it asks for no child's name, and says so to a screen reader.
  expect(within(form).getByText(NO_CHILD_NAME)).toBeTruthy();
  expect(describedBy(why)).toContain(NO_CHILD_NAME);
  await userEvent.type(why, 'Wrong case: this was C-1002');
  await userEvent.click(retract);
  await waitFor(() => expect(caseReads(sent)).toBe(2));
  expect(sent.filter((s) => s.method === 'POST')).toEqual([
    {
      method: 'POST',
      path: '/api/cases/C-1001/events/1/retract',
      body: { reason: 'Wrong case: this was C-1002' },
      headers: { 'Idempotency-Key': expect.stringMatching(/^tab-/) as string },
    },
  ]);
});

test('records an event with fields from the case, then reloads the case', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent));
  const form = await screen.findByRole('form', { name: 'Record an event' });
  await userEvent.selectOptions(within(form).getByLabelText(/What happened/), 'Review date set');
  await userEvent.type(within(form).getByLabelText(/Time it happened/), '09:15');
  await userEvent.type(within(form).getByLabelText(/Review reference/), 'R2');
  await userEvent.type(within(form).getByLabelText(/Review date/), '2026-12-03');
  await userEvent.type(within(form).getByLabelText(/Review time/), '14:00');
  await userEvent.click(within(form).getByRole('button', { name: 'Record' }));
  expect(await screen.findByText('Recorded: Review date set.')).toBeTruthy();
  expect(sent.filter((s) => s.method === 'POST')).toEqual([
    {
      method: 'POST',
      path: '/api/cases/C-1001/events',
      body: {
        event: {
          type: 'review.scheduled',
          // The day the server evaluated the case is offered first.
          at: '2026-11-18T09:15:00+00:00',
          review: 'R2',
          on: '2026-12-03T14:00:00+00:00',
        },
      },
      headers: { 'Idempotency-Key': expect.stringMatching(/^tab-/) as string },
    },
  ]);
  await waitFor(() => expect(caseReads(sent)).toBe(2));
});

test('no accessibility violations axe can find without a browser, with the forms open', async () => {
  const { container } = show(fakeApi([]));
  await userEvent.click(await screen.findByRole('button', { name: 'Record the allocation' }));
  await screen.findByLabelText(/^IRO/, { selector: 'select' });
  await userEvent.click(screen.getByRole('button', { name: 'Review held' }));
  const record = screen.getByRole('form', { name: 'Record an event' });
  await userEvent.selectOptions(within(record).getByLabelText(/What happened/), 'Review date set');
  // Colour contrast needs layout and is checked in a real browser by the end-to-end tests.
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
});

// ---- suggestions from email ------------------------------------------------------------------

function suggestion(fields: Partial<SuggestionJson>): SuggestionJson {
  return {
    id: 7,
    caseId: 'C-1001',
    event: 'draft.sent-to-iro',
    at: '2026-11-16T14:30:00+00:00',
    messageId: '<draft@council.example>',
    reason: 'Sent by the case lawyer to the IRO with an attachment, outside the draft window.',
    from: 'lee.jones@council.example',
    to: ['sam.patel@council.example'],
    hasAttachments: true,
    createdAt: '2026-11-16T14:35:00Z',
    ...fields,
  };
}

/** The lawyer's view: the lawyer records the draft being sent, not the IRO's comments. */
const LAWYER_VIEW: CaseViewJson = {
  ...VIEW,
  myRoles: ['lawyer'],
  myEvents: ['draft.sent-to-iro', 'iro-alert.sent'],
};

const SUGGESTIONS = [
  suggestion({}),
  suggestion({
    id: 8,
    event: 'iro.comments-returned',
    at: '2026-11-17T09:05:00+00:00',
    messageId: '<comments@council.example>',
    reason: 'A reply from the IRO in the conversation the draft went out in.',
    from: 'sam.patel@council.example',
    to: ['lee.jones@council.example'],
    hasAttachments: false,
  }),
  suggestion({
    id: 5,
    event: 'iro-alert.sent',
    at: '2026-11-10T10:00:00+00:00',
    resolution: { outcome: 'dismissed', by: 'lawyer.jones', at: '2026-11-11T09:00:00+00:00' },
  }),
];

const suggestionReads = (sent: Sent[]) =>
  sent.filter((s) => s.method === 'GET' && s.path === '/api/cases/C-1001/suggestions').length;
const suggestionCard = (label: string) => screen.getByText(`May be: ${label}`).closest('li')!;

test('shows each open suggestion from email: what it may be, when, who wrote to whom, attachment and why', async () => {
  show(fakeApi([], LAWYER_VIEW, undefined, SUGGESTIONS));
  const section = (await screen.findByRole('heading', { name: 'Suggested from email' })).closest(
    'section',
  )!;
  const items = within(section).getAllByRole('listitem');
  expect(items).toHaveLength(2); // the dismissed one is not offered again
  const draft = suggestionCard('Draft final evidence sent to the IRO');
  expect(
    within(draft).getByText(
      'Sent Mon 16 Nov 2026, 14:30 · from Lee Jones <lee.jones@council.example> to sam.patel@council.example · with an attachment',
    ),
  ).toBeTruthy();
  expect(
    within(draft).getByText(
      'Sent by the case lawyer to the IRO with an attachment, outside the draft window.',
    ),
  ).toBeTruthy();
  expect(
    within(draft).getByRole('button', {
      name: 'Confirm: Draft final evidence sent to the IRO, sent Mon 16 Nov 2026, 14:30',
    }),
  ).toBeTruthy();
  expect(
    within(draft).getByRole('button', {
      name: 'Not this: Draft final evidence sent to the IRO, sent Mon 16 Nov 2026, 14:30',
    }),
  ).toBeTruthy();
  // The IRO's comments are not the lawyer's to confirm: shown, without buttons.
  const comments = suggestionCard("IRO's comments on the draft returned");
  expect(within(comments).getByText(/· no attachment$/)).toBeTruthy();
  expect(within(comments).queryByRole('button')).toBeNull();
  expect(screen.queryByText('May be: IRO alert sent')).toBeNull();
});

test('Confirm posts to the suggestion and reloads the case and its suggestions', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent, LAWYER_VIEW, undefined, SUGGESTIONS));
  await userEvent.click(await screen.findByRole('button', { name: /^Confirm: Draft final/ }));
  expect(
    await screen.findByText(
      'Recorded: Draft final evidence sent to the IRO, Mon 16 Nov 2026, 14:30.',
    ),
  ).toBeTruthy();
  expect(sent.filter((s) => s.method === 'POST')).toEqual([
    {
      method: 'POST',
      path: '/api/cases/C-1001/suggestions/7/confirm',
      body: undefined,
      headers: undefined,
    },
  ]);
  await waitFor(() => expect(caseReads(sent)).toBe(2));
  expect(suggestionReads(sent)).toBe(2);
});

test('"Not this" dismisses the suggestion and reloads', async () => {
  const sent: Sent[] = [];
  show(fakeApi(sent, LAWYER_VIEW, undefined, SUGGESTIONS));
  await userEvent.click(await screen.findByRole('button', { name: /^Not this: Draft final/ }));
  expect(
    await screen.findByText(
      'Dismissed the suggestion: Draft final evidence sent to the IRO, Mon 16 Nov 2026, 14:30.',
    ),
  ).toBeTruthy();
  expect(sent.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([
    '/api/cases/C-1001/suggestions/7/dismiss',
  ]);
  await waitFor(() => expect(caseReads(sent)).toBe(2));
});

test("a refusal shows the server's reason on that suggestion, which stays, and nothing is reloaded", async () => {
  const sent: Sent[] = [];
  show(
    fakeApi(
      sent,
      LAWYER_VIEW,
      new ApiError(
        400,
        'invalid-event',
        'event.at: 2026-11-16T14:30:00+00:00 is earlier than the event before it',
      ),
      SUGGESTIONS,
    ),
  );
  await userEvent.click(await screen.findByRole('button', { name: /^Confirm: Draft final/ }));
  const draft = suggestionCard('Draft final evidence sent to the IRO');
  expect(
    await within(draft).findByText(
      'Not recorded: event.at: 2026-11-16T14:30:00+00:00 is earlier than the event before it',
    ),
  ).toBeTruthy();
  expect(
    within(draft)
      .getByRole('button', { name: /^Confirm: Draft final/ })
      .hasAttribute('disabled'),
  ).toBe(false);
  expect(caseReads(sent)).toBe(1);
  expect(suggestionReads(sent)).toBe(1);
});

test('nothing is shown when no suggestion is open', async () => {
  show(fakeApi([], LAWYER_VIEW, undefined, [SUGGESTIONS[2]!]));
  await screen.findByRole('heading', { name: 'Case C-1001 (A.B.)' });
  expect(screen.queryByRole('heading', { name: 'Suggested from email' })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Confirm/ })).toBeNull();
});

test('the case still shows when its suggestions cannot be had, saying so', async () => {
  show(fakeApi([], LAWYER_VIEW, undefined, new ApiError(503, 'unavailable', 'Try again shortly.')));
  await screen.findByRole('heading', { name: 'Case C-1001 (A.B.)' });
  expect(
    await screen.findByText('Suggestions from email could not be shown: Try again shortly.'),
  ).toBeTruthy();
  expect(screen.queryByRole('heading', { name: 'Suggested from email' })).toBeNull();
});

test('no accessibility violations axe can find with suggestions shown', async () => {
  const { container } = show(fakeApi([], LAWYER_VIEW, undefined, SUGGESTIONS));
  await screen.findByRole('heading', { name: 'Suggested from email' });
  // Fluent's cards settle their state after the first render: let them, inside act.
  const result = await act(() =>
    axe.run(container, { rules: { 'color-contrast': { enabled: false } } }),
  );
  expect(result.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)).toEqual([]);
});

test('a recommended LPM: listed with its date and time, or decided against', async () => {
  const sent: Sent[] = [];
  const view: CaseViewJson = {
    ...VIEW,
    obligations: [
      obligation('lpm-progression', {
        id: 'C-1001:lpm-progression:e3',
        completion: { title: 'Record what was decided', form: 'lpm', event: 'lpm.scheduled' },
      }),
    ],
  };
  show(fakeApi(sent, view));
  await userEvent.click(await screen.findByRole('button', { name: 'Record what was decided' }));
  const form = screen.getByRole('form', {
    name: 'Record what was decided: Title of lpm-progression',
  });
  const record = within(form).getByRole('button', { name: 'Record' });
  expect(record.hasAttribute('disabled')).toBe(true);
  await userEvent.selectOptions(within(form).getByLabelText(/Decision/), 'listed');
  await userEvent.type(within(form).getByLabelText(/LPM date/), '2026-12-10');
  await userEvent.type(within(form).getByLabelText(/LPM time/), '14:30');
  await userEvent.click(record);
  expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
    { inputs: { decision: 'listed', lpmOn: '2026-12-10', lpmAt: '14:30' } },
  ]);
});
