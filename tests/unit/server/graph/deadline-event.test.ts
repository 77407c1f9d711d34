/**
 * What `GraphDeadlineCalendar` sends for a deadline: its times in London wall-clock time (an
 * end-of-day deadline as that London day, any other as the half hour up to it, across the clock
 * changes), the body escaped, and a transactionId that is stable per (obligation, person,
 * generation).
 */
import { RULES_BY_ID } from '../../../../core';
import { calendarSignalsOf, meetingKind } from '../../../../core/signals/case-calendar';
import {
  deadlineBody,
  deadlineSubject,
  eventTimes,
  transactionIdOf,
} from '../../../../server/graph/graph-deadline-calendar';
import { escapeHtml } from '../../../../server/html';

const END_OF_DAY = (23 * 3600 + 59 * 60 + 59) * 1000;
const CLOSE_OF_BUSINESS = 17 * 3600 * 1000;

test('a deadline at the end of the day is that whole London day, in summer time and in winter', () => {
  expect(eventTimes('2026-10-01T23:59:59+01:00', END_OF_DAY)).toMatchObject({
    allDay: true,
    start: Date.parse('2026-09-30T23:00:00Z'),
    end: Date.parse('2026-10-01T23:00:00Z'),
    fields: {
      isAllDay: true,
      start: { dateTime: '2026-10-01T00:00:00', timeZone: 'Europe/London' },
      end: { dateTime: '2026-10-02T00:00:00', timeZone: 'Europe/London' },
    },
  });
  expect(eventTimes('2026-12-01T23:59:59+00:00', END_OF_DAY).fields).toMatchObject({
    start: { dateTime: '2026-12-01T00:00:00' },
    end: { dateTime: '2026-12-02T00:00:00' },
  });
  // The day the clocks go back is 25 hours long, and still one day in the calendar.
  expect(eventTimes('2026-10-25T23:59:59+00:00', END_OF_DAY)).toMatchObject({
    start: Date.parse('2026-10-24T23:00:00Z'),
    end: Date.parse('2026-10-26T00:00:00Z'),
  });
});

test('the end of the day is the council’s: with close of business at 17:00, a 17:00 deadline fills its day', () => {
  expect(eventTimes('2026-12-11T17:00:00+00:00', CLOSE_OF_BUSINESS).allDay).toBe(true);
  expect(eventTimes('2026-12-11T17:00:00+00:00', END_OF_DAY).allDay).toBe(false);
  expect(eventTimes('2026-12-11T23:59:59+00:00', CLOSE_OF_BUSINESS).allDay).toBe(false);
});

test('any other deadline is the half hour up to it, in London time', () => {
  expect(eventTimes('2026-12-11T16:00:00+00:00', END_OF_DAY)).toMatchObject({
    allDay: false,
    start: Date.parse('2026-12-11T15:30:00Z'),
    end: Date.parse('2026-12-11T16:00:00Z'),
    fields: {
      isAllDay: false,
      start: { dateTime: '2026-12-11T15:30:00', timeZone: 'Europe/London' },
      end: { dateTime: '2026-12-11T16:00:00', timeZone: 'Europe/London' },
      reminderMinutesBeforeStart: 30,
    },
  });
  expect(eventTimes('2023-05-10T16:00:00+01:00', END_OF_DAY).fields).toMatchObject({
    start: { dateTime: '2023-05-10T15:30:00' },
    end: { dateTime: '2023-05-10T16:00:00' },
  });
});

test('the body escapes what it quotes and names the case by its reference', () => {
  const rule = RULES_BY_ID.get('draft-final-evidence-to-iro')!;
  const body = deadlineBody(
    {
      caseId: 'C-1042',
      obligationId: 'C-1042:draft-final-evidence-to-iro',
      title: 'A <b>title</b> & more',
      due: '2026-12-11T16:00:00+00:00',
      source: rule.source,
    },
    'https://liaison.example/tab/cases/C-1042?a=1&b=2',
  );
  expect(body).toContain('<strong>A &lt;b&gt;title&lt;/b&gt; &amp; more</strong> (case C-1042)');
  expect(body).toContain('Due Fri 11 Dec 2026, 16:00, UK time.');
  expect(body).toContain(escapeHtml(rule.source.quotes[0]!));
  expect(body).toContain('<a href="https://liaison.example/tab/cases/C-1042?a=1&amp;b=2">');
});

test("the engine's warnings are in the body, in words", () => {
  const body = deadlineBody(
    {
      caseId: 'C-1042',
      obligationId: 'C-1042:case-register-update:m1',
      title: 'Update the register',
      due: '2023-06-04T23:59:59+01:00',
      source: RULES_BY_ID.get('case-register-update')!.source,
      notes: ['The limit falls on Sun 4 Jun 2023, a Sunday; aim for Fri 2 Jun 2023.'],
    },
    'https://liaison.example/tab/cases/C-1042',
  );
  expect(body).toContain(
    '<p>Note: The limit falls on Sun 4 Jun 2023, a Sunday; aim for Fri 2 Jun 2023.</p>',
  );
});

test('a transactionId is the same for the same obligation, person and generation, and only then', () => {
  const id = transactionIdOf('C-1042:draft-final-evidence-to-iro', 'lawyer.jones', 1);
  expect(id).toMatch(/^iro-liaison-[0-9a-f]{40}$/);
  expect(transactionIdOf('C-1042:draft-final-evidence-to-iro', 'lawyer.jones', 1)).toBe(id);
  expect(transactionIdOf('C-1042:draft-final-evidence-to-iro', 'lawyer.jones', 2)).not.toBe(id);
  expect(transactionIdOf('C-1042:draft-final-evidence-to-iro', 'iro.patel', 1)).not.toBe(id);
  expect(transactionIdOf('C-1043:draft-final-evidence-to-iro', 'lawyer.jones', 1)).not.toBe(id);
});

test('the deadline events the app writes into the calendars it reads are never taken for meetings', () => {
  const subject = deadlineSubject({
    title: "Hold the child's first looked-after review",
    caseId: 'C-1042',
  });
  // Its words say "review"; only the unbracketed reference keeps it from being one.
  expect(meetingKind(subject)).toEqual({ kind: 'review' });
  const meeting = {
    id: 'AAMkEv1',
    iCalUId: '040000008200E00074C5B7101A82E00800000000AAA',
    subject,
    organizer: 's.patel@council.example.gov.uk',
    attendees: [],
    start: '2026-12-14T10:00:00Z',
    changedAt: '2026-11-20T09:00:00Z',
    isCancelled: false,
  };
  const lookUp = jest.fn(() => undefined);
  expect(calendarSignalsOf(meeting, 's.patel@council.example.gov.uk', lookUp)).toEqual([]);
  expect(lookUp).not.toHaveBeenCalled();
});
