/**
 * Calendar signals through the production Graph connection against the double's calendar-view
 * delta: a first round reads the window in pages, a quiet round costs one request, moved and
 * cancelled meetings come in the next round, the window is begun afresh before it runs short, and
 * nothing of a meeting's body is kept.
 */
import { GraphCalendarSignals } from '../../../server/graph/graph-calendar-signals';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

const IRO = 's.patel@council.example.gov.uk';
const LAWYER = 'l.jones@council.example.gov.uk';
const DAY = 86_400_000;
let now = Date.parse('2026-11-23T09:00:00Z');
let double: GraphDouble;
let calendars: GraphCalendarSignals;

beforeAll(async () => {
  double = await GraphDouble.start();
  double.mail.addMailbox(IRO, LAWYER);
  calendars = new GraphCalendarSignals(graphClientFor(double), { now: () => now });
});
afterAll(() => double.close());
beforeEach(() => {
  double.reset();
  now = Date.parse('2026-11-23T09:00:00Z');
});

const deltaRequests = () => double.log.filter((r) => r.path.includes('/calendarView/delta'));

function meetingOn(day: number, subject = '[C-1042] LAC review') {
  const start = new Date(now + day * DAY).toISOString();
  const end = new Date(now + day * DAY + 3_600_000).toISOString();
  return double.calendar.addMeeting({ organizer: IRO, attendees: [LAWYER], subject, start, end });
}

test('a first round pages through the window; a quiet round then costs exactly one request', async () => {
  for (let i = 0; i < 450; i++) meetingOn(1 + (i % 300));
  meetingOn(-30); // before the window
  meetingOn(400); // after it
  const first = await calendars.changes(IRO);
  expect(first.meetings).toHaveLength(450);
  expect(first.unreadable).toBe(0);
  expect(deltaRequests()).toHaveLength(3); // pages of 200, 200 and 50
  expect(deltaRequests()[0]!.path).toMatch(
    /startDateTime=2026-11-16T09%3A00%3A00\.000Z&endDateTime=2027-11-24T09%3A00%3A00\.000Z/,
  );
  expect(first.meetings[0]).toEqual({
    id: expect.any(String),
    iCalUId: expect.any(String),
    subject: '[C-1042] LAC review',
    organizer: IRO,
    attendees: [LAWYER],
    start: new Date(now + DAY).toISOString().replace('.000Z', 'Z'),
    changedAt: expect.any(String),
    isCancelled: false,
  });
  expect(JSON.stringify(first)).not.toContain('private');

  const before = deltaRequests().length;
  const quiet = await calendars.changes(IRO, first.cursor);
  expect(quiet).toMatchObject({ meetings: [], removed: [] });
  expect(deltaRequests().length - before).toBe(1);
});

test('moved, cancelled and deleted meetings come in the next round', async () => {
  const moved = meetingOn(10);
  const cancelled = meetingOn(11);
  const first = await calendars.changes(LAWYER);
  expect(first.meetings).toHaveLength(2);

  double.calendar.moveMeeting(
    moved,
    new Date(now + 12 * DAY).toISOString(),
    new Date(now + 12 * DAY + 3_600_000).toISOString(),
  );
  double.calendar.cancelMeeting(cancelled);
  const next = await calendars.changes(LAWYER, first.cursor);
  const byUid = new Map(next.meetings.map((m) => [m.iCalUId, m]));
  expect(byUid.get(moved)?.start).toBe(
    new Date(now + 12 * DAY).toISOString().replace('.000Z', 'Z'),
  );
  expect(byUid.get(cancelled)?.isCancelled).toBe(true);

  // The organiser's own copy of a cancelled meeting is deleted.
  const organiser = await calendars.changes(IRO);
  double.calendar.cancelMeeting(moved);
  const gone = await calendars.changes(IRO, organiser.cursor);
  expect(gone.removed).toHaveLength(1);
});

test('the window is begun afresh when less than six months of it are left', async () => {
  const first = await calendars.changes(IRO);
  now += 150 * DAY;
  await calendars.changes(IRO, first.cursor);
  expect(deltaRequests().map((r) => r.path.includes('startDateTime'))).toEqual([true, false]);
  now += 60 * DAY; // 210 days on: 156 days of the window left
  const later = meetingOn(300);
  const renewed = await calendars.changes(IRO, first.cursor);
  expect(deltaRequests()[2]!.path).toMatch(/startDateTime=2027-06-14/);
  expect(renewed.meetings.map((m) => m.iCalUId)).toContain(later);
  // A cursor this adapter did not write starts afresh too.
  await calendars.changes(IRO, 'not json');
  expect(deltaRequests()[3]!.path).toContain('startDateTime');
});

test('an event in a time zone not asked for is counted as unreadable, not guessed at', async () => {
  meetingOn(3);
  const first = await calendars.changes(IRO);
  expect(first.unreadable).toBe(0);
  // Graph returned what was not asked for: the adapter refuses to read it as UTC.
  const original = double.calendar.handle.bind(double.calendar);
  double.calendar.handle = (req) => {
    const res = original(req);
    const body = res?.body as { value?: Record<string, unknown>[] } | undefined;
    for (const e of body?.value ?? []) {
      e.start = { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'Pacific Standard Time' };
    }
    return res;
  };
  try {
    const again = await calendars.changes(IRO);
    expect(again).toMatchObject({ meetings: [], unreadable: 1 });
  } finally {
    double.calendar.handle = original;
  }
});
