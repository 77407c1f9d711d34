/** What a meeting's metadata says about a case: reviews, hearings, the guardian's invitation. */
import type { CaseEvent } from '../../../../core/case-file';
import {
  calendarSignalsOf,
  meetingKind,
  type CalendarMeeting,
  type CaseCalendarContext,
} from '../../../../core/signals/case-calendar';
import { IRO_EMAIL as IRO, LAWYER_EMAIL as LAWYER } from '../../../support/case-mail';

const GUARDIAN = 'jo.rivers@cafcass.example';
const ADMIN = 'iro.admin@council.example.gov.uk';
const UID = '040000008200E00074C5B7101A82E00800000000AAA';

function meeting(over: Partial<CalendarMeeting> = {}): CalendarMeeting {
  return {
    id: 'AAMkEv1',
    iCalUId: UID,
    subject: '[C-1042] LAC review',
    organizer: IRO,
    attendees: [LAWYER, GUARDIAN],
    start: '2026-12-14T10:00:00Z',
    changedAt: '2026-11-20T09:00:00Z',
    isCancelled: false,
    ...over,
  };
}

function context(events: CaseEvent[] = []): CaseCalendarContext {
  return {
    record: {
      header: {
        id: 'C-1042',
        childRef: 'LCS-1',
        childInitials: 'A.B.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal', 'iro-guardian'],
      },
      members: [
        { personId: 'lawyer.jones', role: 'lawyer' },
        { personId: 'iro.patel', role: 'iro' },
      ],
    },
    events: [
      {
        type: 'guardian.appointed',
        at: '2026-10-01T10:00:00Z',
        guardian: { name: 'Jo Rivers', email: GUARDIAN },
      },
      ...events,
    ],
    people: new Map([
      ['lawyer.jones', { email: LAWYER }],
      ['iro.patel', { email: IRO }],
    ]),
  };
}

const only = (c: CaseCalendarContext) => (id: string) => (id === 'C-1042' ? c : undefined);

test('what a subject says: reviews and hearings in the council’s words; neither or both is nothing', () => {
  expect(meetingKind('[C-1042] LAC review')).toEqual({ kind: 'review' });
  expect(meetingKind('CLA Review – second')).toEqual({ kind: 'review' });
  expect(meetingKind('Looked-after child review')).toEqual({ kind: 'review' });
  expect(meetingKind('IRH')).toEqual({ kind: 'hearing', hearing: 'IRH' });
  expect(meetingKind('Issues resolution hearing')).toEqual({ kind: 'hearing', hearing: 'IRH' });
  expect(meetingKind('Further case management hearing')).toEqual({
    kind: 'hearing',
    hearing: 'FCMH',
  });
  expect(meetingKind('Case management hearing')).toEqual({ kind: 'hearing', hearing: 'CMH' });
  expect(meetingKind('Final hearing (3 days)')).toEqual({ kind: 'hearing', hearing: 'final' });
  expect(meetingKind('Review of the draft statement')).toBeUndefined();
  expect(meetingKind('Prep for IRH and CMH')).toBeUndefined();
  expect(meetingKind('LAC review before the IRH')).toBeUndefined();
});

test('a review meeting from the case’s IRO schedules the next review, with the guardian invited', () => {
  expect(calendarSignalsOf(meeting(), IRO, only(context()))).toEqual([
    {
      caseId: 'C-1042',
      recorder: 'iro.patel',
      at: '2026-11-20T09:00:00Z',
      meeting: UID,
      event: {
        type: 'review.scheduled',
        review: 'R1',
        on: '2026-12-14T10:00:00.000Z',
        meeting: UID,
      },
    },
    {
      caseId: 'C-1042',
      recorder: 'iro.patel',
      at: '2026-11-20T09:00:00Z',
      meeting: UID,
      event: { type: 'guardian.invited-to-review', review: 'R1' },
    },
  ]);
});

test('without the guardian among the attendees the invitation stays open', () => {
  const signals = calendarSignalsOf(meeting({ attendees: [LAWYER] }), IRO, only(context()));
  expect(signals.map((s) => s.event.type)).toEqual(['review.scheduled']);
});

test('organised by the IRO admin, it counts in the IRO’s calendar, recorded as the IRO', () => {
  const signals = calendarSignalsOf(meeting({ organizer: ADMIN }), IRO, only(context()));
  expect(signals[0]).toMatchObject({ recorder: 'iro.patel', event: { review: 'R1' } });
  // In the lawyer's calendar, organised by someone else, a review is not the lawyer's to record.
  expect(calendarSignalsOf(meeting({ organizer: ADMIN }), LAWYER, only(context()))).toEqual([]);
});

test('a moved meeting re-schedules the review it made; unchanged, it says nothing again', () => {
  const made: CaseEvent[] = [
    {
      type: 'review.scheduled',
      at: '2026-11-20T09:00:00Z',
      review: 'R1',
      on: '2026-12-14T10:00:00Z',
      meeting: UID,
    },
    { type: 'guardian.invited-to-review', at: '2026-11-20T09:00:00Z', review: 'R1' },
  ];
  expect(calendarSignalsOf(meeting(), IRO, only(context(made)))).toEqual([]);
  const moved = calendarSignalsOf(
    meeting({ start: '2026-12-16T14:00:00Z' }),
    IRO,
    only(context(made)),
  );
  expect(moved.map((s) => s.event)).toEqual([
    { type: 'review.scheduled', review: 'R1', on: '2026-12-16T14:00:00.000Z', meeting: UID },
  ]);
});

test('a meeting at the time of a review recorded by hand takes it over; another time is a new review', () => {
  const byHand: CaseEvent[] = [
    {
      type: 'review.scheduled',
      at: '2026-06-01T09:00:00Z',
      review: 'R1',
      on: '2026-06-20T10:00:00Z',
    },
    { type: 'review.held', at: '2026-06-20T12:00:00Z', review: 'R1' },
    {
      type: 'review.scheduled',
      at: '2026-11-01T09:00:00Z',
      review: 'R2',
      on: '2026-12-14T10:00:00Z',
    },
  ];
  expect(calendarSignalsOf(meeting(), IRO, only(context(byHand)))[0]!.event).toMatchObject({
    review: 'R2',
    meeting: UID,
  });
  expect(
    calendarSignalsOf(meeting({ start: '2027-06-14T10:00:00Z' }), IRO, only(context(byHand)))[0]!
      .event,
  ).toMatchObject({ review: 'R3' });
});

test('a hearing in the lawyer’s calendar schedules it, once; a new time for that hearing moves it', () => {
  const irh = meeting({ subject: '[C-1042] IRH', organizer: LAWYER, attendees: [IRO] });
  const signals = calendarSignalsOf(irh, LAWYER, only(context()));
  expect(signals).toEqual([
    expect.objectContaining({
      recorder: 'lawyer.jones',
      event: {
        type: 'hearing.scheduled',
        hearing: 'IRH',
        on: '2026-12-14T10:00:00.000Z',
        meeting: UID,
      },
    }),
  ]);
  const recorded: CaseEvent[] = [{ ...signals[0]!.event, at: '2026-11-20T09:00:00Z' }];
  expect(calendarSignalsOf(irh, LAWYER, only(context(recorded)))).toEqual([]);
  // The same hearing in the IRO's calendar (they are invited) is the lawyer's to record.
  expect(calendarSignalsOf(irh, IRO, only(context(recorded)))).toEqual([]);
  expect(
    calendarSignalsOf({ ...irh, start: '2027-01-11T10:00:00Z' }, LAWYER, only(context(recorded))),
  ).toHaveLength(1);
});

test('cancelled, unknown, several or no case references, or not a member’s meeting: nothing', () => {
  const c = only(context());
  expect(calendarSignalsOf(meeting({ isCancelled: true }), IRO, c)).toEqual([]);
  expect(calendarSignalsOf(meeting({ subject: '[C-9] LAC review' }), IRO, c)).toEqual([]);
  expect(calendarSignalsOf(meeting({ subject: '[C-1042] [C-7] LAC review' }), IRO, c)).toEqual([]);
  expect(calendarSignalsOf(meeting({ subject: 'LAC review' }), IRO, c)).toEqual([]);
  expect(
    calendarSignalsOf(meeting({ organizer: 'someone@else.example' }), 'someone@else.example', c),
  ).toEqual([]);
});

test('nothing a signal carries comes from the subject but the reference', () => {
  const signals = calendarSignalsOf(
    meeting({ subject: '[C-1042] LAC review for Alex Brown' }),
    IRO,
    only(context()),
  );
  expect(signals).toHaveLength(2);
  expect(JSON.stringify(signals)).not.toMatch(/Alex|Brown/);
});
