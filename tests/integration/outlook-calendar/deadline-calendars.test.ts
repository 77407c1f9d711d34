/**
 * Deadlines in Outlook calendars end to end below the HTTP layer: a real SQLite file, the case
 * service, `DeadlineCalendars` and `GraphDeadlineCalendar` through the production Graph
 * connection to the Graph double's calendars. An alerted case puts its open deadlines in the
 * lawyer's calendar; what the case does next (the draft sent, a new filing date, a waiver, another
 * IRO) makes, moves and removes events; a quiet round asks Graph nothing; a crash between Graph's
 * create and the store's write, and throttling, leave no duplicate. Last, the same on SharePoint
 * lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES_BY_ID, type Actor, type CaseEvent, type Person } from '../../../core';
import type { DeadlineEntry } from '../../../core/ports/deadline-calendar-store';
import { composeCases, type Cases } from '../../../server/cases/cases';
import { DeadlineCalendars } from '../../../server/outlook-calendar/deadline-calendars';
import type { Graph } from '../../../server/graph/graph-client';
import { GraphDeadlineCalendar } from '../../../server/graph/graph-deadline-calendar';
import { escapeHtml } from '../../../server/html';
import { createLogger } from '../../../server/logging';
import { provisionSite } from '../../../server/store/sharepoint/provision';
import { connectSharePointStore } from '../../../server/store/sharepoint/sharepoint-store';
import type { Store } from '../../../server/store/open-store';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import { seedAlertedCase } from '../../support/case-mail';
import { engineSettings } from '../../support/delivery-world';
import { GraphDouble, graphClientFor } from '../../support/graph-double';

const person = (id: string, email: string, roles: Person['roles']): Person => ({
  id,
  displayName: `${id} (a display name)`,
  email,
  roles,
  teams: ['north'],
});
const LAWYER = person('lawyer.jones', 'l.jones@council.example.gov.uk', ['lawyer']);
const IRO = person('iro.patel', 's.patel@council.example.gov.uk', ['iro']);
const OTHER_IRO = person('iro.smith', 'i.smith@council.example.gov.uk', ['iro']);
const PRINCIPAL = person('pl.ahmed', 's.ahmed@council.example.gov.uk', ['principal-lawyer']);
const PEOPLE = [LAWYER, IRO, OTHER_IRO, PRINCIPAL];

const CASE = 'C-1042';
const DRAFT = `${CASE}:draft-final-evidence-to-iro`;
const DRAFT_SUBJECT = `Deadline: Get the draft final statement and care plan to the IRO · ${CASE}`;
const DETAILS_SUBJECT = `Deadline: Give the IRO administrator the allocated lawyer's and Guardian's details · ${CASE}`;
const ALERT_SUBJECT = `Deadline: Alert the IRO to the date the draft final evidence is due · ${CASE}`;
const COMMENTS_SUBJECT = `Deadline: Return comments on the draft final evidence · ${CASE}`;
const LINK = 'https://liaison.council.example.gov.uk/tab/cases/C-1042';
/**
 * These tests follow the draft, the IRO's comments and the lawyer's details for the IRO
 * administrator (overdue since September): the case's other duties
 * arising from the alert are done first (the court's timetable item is the court's date, waived
 * here by the Principal Lawyer so that nothing else comes and goes from the calendars).
 */
const OTHER_DUTIES_DONE: CaseEvent[] = [
  { type: 'iro-views.sent-to-social-worker', at: '2026-11-20T10:00:00Z', copiedToPpm: true },
  {
    type: 'obligation.waived',
    at: '2026-11-20T10:00:00Z',
    obligation: `${CASE}:court-timetable:final-evidence`,
    by: 'pl.ahmed',
    reason: 'Followed in another test',
  },
];
const utc = (iso: string) => ({ dateTime: `${iso}.0000000`, timeZone: 'UTC' });

interface GraphEvent {
  id: string;
  subject: string;
  body: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  isAllDay: boolean;
  showAs: string;
  categories: string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  transactionId?: string;
}

let dir: string;
let double: GraphDouble;
let graph: Graph;
let now: number;
const clock = { now: () => now };

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
});
afterAll(() => double.close());

const calendarOf = (p: Person) =>
  (double.calendar.eventsOf(p.email!) as unknown as GraphEvent[]).sort((a, b) =>
    a.subject < b.subject ? -1 : 1,
  );
const subjectsOf = (p: Person) => calendarOf(p).map((e) => e.subject);
const eventIn = (p: Person, subject: string) => calendarOf(p).find((e) => e.subject === subject)!;
/** Requests to calendars since a point in the double's log. */
const calendarRequests = (from: number) =>
  double.log.slice(from).filter((e) => /\/users\/[^/]+\/events/.test(e.path));

function deadlineCalendars(store: Store) {
  const settings = engineSettings();
  return new DeadlineCalendars({
    calendar: new GraphDeadlineCalendar(graph, {
      endOfDay: settings.endOfDay,
      caseLink: (caseId) =>
        `https://liaison.council.example.gov.uk/tab/cases/${encodeURIComponent(caseId)}`,
    }),
    store,
    service: composeCases(store, store, settings, clock),
    clock,
    logger: createLogger({ level: 'silent' }),
    owner: 'test',
  });
}

/** The store, but the first write of a calendar event fails, as if the process stopped there. */
function crashingOnce(store: Store): Store {
  let failures = 1;
  return new Proxy(store, {
    get(target, name) {
      // The draft's entry: the process stops after Graph made its event, before it is remembered.
      if (name === 'saveDeadlineEntry' && failures > 0)
        return (entry: DeadlineEntry) => {
          if (entry.obligationId !== DRAFT) return target.saveDeadlineEntry(entry);
          failures--;
          return Promise.reject(new Error('the process stopped here'));
        };
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describe('with the SQLite store', () => {
  let store: Store;
  let service: Cases;
  let calendars: DeadlineCalendars;

  beforeEach(async () => {
    double.reset();
    graph = graphClientFor(double);
    now = Date.parse('2026-12-01T09:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'liaison-deadline-calendars-'));
    store = openSqliteStore(join(dir, 'liaison.db'), clock);
    for (const p of PEOPLE) await store.upsertPerson(p);
    double.mail.addMailbox(...PEOPLE.map((p) => p.email!));
    await seedAlertedCase(store, {
      id: CASE,
      lawyer: LAWYER.id,
      iro: IRO.id,
      alertedAt: '2026-11-20T10:00:00Z',
      filingDue: '2026-12-18T16:00:00+00:00',
      then: OTHER_DUTIES_DONE,
    });
    service = composeCases(store, store, engineSettings(), clock);
    calendars = deadlineCalendars(store);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (p: Person): Actor => ({ personId: p.id, surface: 'api' });
  const record = (p: Person, event: Record<string, unknown>) =>
    service.recordEvent(p, CASE, { event: { at: new Date(now).toISOString(), ...event } }, as(p));

  test('an alerted case puts the draft deadline and the overdue details for the IRO administrator in the lawyer’s calendar, and nothing in the IRO’s', async () => {
    const report = await calendars.runOnce();

    expect(report).toMatchObject({ cases: 1, created: 2, moved: 0, removed: 0, failedCases: 0 });
    expect(subjectsOf(LAWYER)).toEqual([DRAFT_SUBJECT, DETAILS_SUBJECT]);
    // Filing is due Fri 18 Dec 16:00, so the draft five business days before: half an hour up to it.
    expect(eventIn(LAWYER, DRAFT_SUBJECT)).toMatchObject({
      isAllDay: false,
      start: utc('2026-12-11T15:30:00'),
      end: utc('2026-12-11T16:00:00'),
      showAs: 'free',
      categories: ['IRO Liaison'],
      isReminderOn: true,
      reminderMinutesBeforeStart: 30,
      transactionId: expect.stringMatching(/^iro-liaison-[0-9a-f]{40}$/),
    });
    // Due at the end of Tue 8 Sep (BST): all that London day, overdue or not.
    expect(eventIn(LAWYER, DETAILS_SUBJECT)).toMatchObject({
      isAllDay: true,
      start: utc('2026-09-07T23:00:00'),
      end: utc('2026-09-08T23:00:00'),
      showAs: 'free',
      reminderMinutesBeforeStart: 15 * 60,
    });
    expect(calendarOf(IRO)).toEqual([]);
    expect(calendarOf(PRINCIPAL)).toEqual([]);
    // Graph answered each create with the times asked for: nothing to correct afterwards.
    expect(calendarRequests(0).map((e) => e.method)).toEqual(['POST', 'POST']);
  });

  test('the event says what is due, when, why and where, and never names the child', async () => {
    await calendars.runOnce();

    const { body } = eventIn(LAWYER, DRAFT_SUBJECT);
    expect(body.contentType).toBe('html');
    const sentence = RULES_BY_ID.get('draft-final-evidence-to-iro')!.source.quotes[0]!;
    expect(sentence).toContain("Authority's");
    expect(body.content).toContain(escapeHtml(sentence));
    expect(body.content).toContain('IRO and Legal Services Protocol');
    expect(body.content).toContain('Due Fri 11 Dec 2026, 16:00, UK time.');
    expect(body.content).toContain(`<a href="${LINK}">`);
    // The case is known by its reference only: not the child's initials, nor the council's child reference.
    const everything = JSON.stringify(PEOPLE.map((p) => double.calendar.eventsOf(p.email!)));
    expect(everything).not.toContain('A.B.');
    expect(everything).not.toContain('LCS-');
  });

  test('recording the draft meets it: the event leaves the lawyer’s calendar and the comments deadline arrives in the IRO’s', async () => {
    await calendars.runOnce();
    await record(LAWYER, { type: 'draft.sent-to-iro' });

    const report = await calendars.runOnce();

    expect(report).toMatchObject({ cases: 1, created: 1, removed: 1, failedCases: 0 });
    expect(subjectsOf(LAWYER)).toEqual([DETAILS_SUBJECT]);
    expect(subjectsOf(IRO)).toEqual([COMMENTS_SUBJECT]);
    // Received Tue 1 Dec 09:00: 24 business hours later.
    expect(eventIn(IRO, COMMENTS_SUBJECT)).toMatchObject({
      start: utc('2026-12-02T08:30:00'),
      end: utc('2026-12-02T09:00:00'),
    });
  });

  test('a new filing date recomputes the draft deadline: the same event moves, and says the new time', async () => {
    await calendars.runOnce();
    const before = eventIn(LAWYER, DRAFT_SUBJECT);
    await record(LAWYER, {
      type: 'filing.scheduled',
      filing: 'final-evidence',
      due: '2027-01-15T16:00:00+00:00',
    });

    const report = await calendars.runOnce();

    // The draft moves; the new date also needs a fresh IRO alert, which arrives.
    expect(report).toMatchObject({ moved: 1, created: 1, removed: 0 });
    expect(subjectsOf(LAWYER)).toContain(ALERT_SUBJECT);
    const after = eventIn(LAWYER, DRAFT_SUBJECT);
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({
      start: utc('2027-01-08T15:30:00'),
      end: utc('2027-01-08T16:00:00'),
    });
    expect(after.body.content).toContain('Due Fri 8 Jan 2027, 16:00');
    expect(calendarOf(LAWYER)).toHaveLength(3);
  });

  test('a waived obligation’s event goes', async () => {
    await calendars.runOnce();
    await service.actOnObligation(
      PRINCIPAL,
      DRAFT,
      'waive',
      { reason: 'The court vacated the final hearing.' },
      as(PRINCIPAL),
    );

    const report = await calendars.runOnce();

    expect(report).toMatchObject({ removed: 1, created: 0 });
    expect(subjectsOf(LAWYER)).toEqual([DETAILS_SUBJECT]);
  });

  test('another IRO allocated: the comments deadline leaves the first IRO’s calendar and goes into the new one’s', async () => {
    await record(LAWYER, { type: 'draft.sent-to-iro' });
    await calendars.runOnce();
    expect(subjectsOf(IRO)).toEqual([COMMENTS_SUBJECT]);
    const version = (await store.getCase(CASE))!.version;

    // The parties change without a new event in the log (and within the same second).
    await store.setMembers(
      CASE,
      [
        { personId: LAWYER.id, role: 'lawyer' },
        { personId: OTHER_IRO.id, role: 'iro' },
      ],
      as(PRINCIPAL),
    );
    expect((await store.getCase(CASE))!.version).toBe(version);
    const report = await calendars.runOnce();

    expect(report).toMatchObject({ cases: 1, removed: 1, created: 1 });
    expect(calendarOf(IRO)).toEqual([]);
    expect(subjectsOf(OTHER_IRO)).toEqual([COMMENTS_SUBJECT]);
    expect(eventIn(OTHER_IRO, COMMENTS_SUBJECT).end).toEqual(utc('2026-12-02T09:00:00'));
  });

  test('an unchanged case costs no Graph request; a day on it is looked at again, still without one', async () => {
    await calendars.runOnce();
    const from = double.log.length;

    expect(await calendars.runOnce()).toMatchObject({ cases: 0 });
    expect(double.log.length).toBe(from);

    now += 24 * 3_600_000;
    expect(await calendars.runOnce()).toMatchObject({
      cases: 1,
      created: 0,
      moved: 0,
      removed: 0,
    });
    expect(double.log.length).toBe(from);
  });

  test('an event the lawyer deleted by hand is made again when the deadline moves', async () => {
    await calendars.runOnce();
    const deleted = eventIn(LAWYER, DRAFT_SUBJECT);
    await graph.client.api(`/users/${LAWYER.email}/events/${deleted.id}`).delete();
    await record(LAWYER, {
      type: 'filing.scheduled',
      filing: 'final-evidence',
      due: '2027-01-15T16:00:00+00:00',
    });

    const report = await calendars.runOnce();

    expect(report).toMatchObject({ remade: 1, moved: 0, failedCases: 0 });
    const again = eventIn(LAWYER, DRAFT_SUBJECT);
    expect(again.id).not.toBe(deleted.id);
    expect(again.start).toEqual(utc('2027-01-08T15:30:00'));
    // A new generation: not taken for a retry of the first create.
    expect(again.transactionId).not.toBe(deleted.transactionId);
    expect(subjectsOf(LAWYER)).toEqual([ALERT_SUBJECT, DRAFT_SUBJECT, DETAILS_SUBJECT]);
  });

  test('a crash between Graph’s create and the store’s write makes no duplicate on the next round', async () => {
    const crashing = crashingOnce(store);

    const first = await deadlineCalendars(crashing).runOnce();
    expect(first).toMatchObject({ failedCases: 1 });
    // Graph made both events; only the details' was remembered before the stop.
    expect(calendarOf(LAWYER)).toHaveLength(2);
    expect((await store.deadlineEntriesOf(CASE)).map((e) => e.obligationId)).toEqual([
      `${CASE}:legal-details-to-iro-admin`,
    ]);

    const from = double.log.length;
    const second = await deadlineCalendars(store).runOnce();

    expect(second).toMatchObject({ failedCases: 0, cases: 1 });
    // The draft's event was asked for again; Graph answered with the first one.
    expect(calendarRequests(from).filter((e) => e.method === 'POST')).toHaveLength(1);
    expect(subjectsOf(LAWYER)).toEqual([DRAFT_SUBJECT, DETAILS_SUBJECT]);
    const entries = await store.deadlineEntriesOf(CASE);
    expect(entries.map((e) => e.eventId).sort()).toEqual(
      calendarOf(LAWYER)
        .map((e) => e.id)
        .sort(),
    );
    expect(await deadlineCalendars(store).runOnce()).toMatchObject({ cases: 0 });
  });

  test('a create repeated after a crash, once the deadline has moved, moves the first event instead of making another', async () => {
    const crashing = crashingOnce(store);
    await deadlineCalendars(crashing).runOnce();
    const first = eventIn(LAWYER, DRAFT_SUBJECT);
    await record(LAWYER, {
      type: 'filing.scheduled',
      filing: 'final-evidence',
      due: '2027-01-15T16:00:00+00:00',
    });

    expect(await deadlineCalendars(store).runOnce()).toMatchObject({ failedCases: 0 });

    // (The new filing date needs a fresh IRO alert too.)
    expect(subjectsOf(LAWYER)).toEqual([ALERT_SUBJECT, DRAFT_SUBJECT, DETAILS_SUBJECT]);
    const draft = eventIn(LAWYER, DRAFT_SUBJECT);
    expect(draft.id).toBe(first.id);
    expect(draft.start).toEqual(utc('2027-01-08T15:30:00'));
    expect(draft.body.content).toContain('Due Fri 8 Jan 2027, 16:00');
  });

  test('throttling changes nothing in the outcome: the same events, once each', async () => {
    double.failNext(6, 429, 0);

    let rounds = 0;
    for (let failed = 1; failed > 0 && rounds < 5; rounds++)
      failed = (await calendars.runOnce())!.failedCases;

    expect(double.stats().injected429).toBe(6);
    // The client retries 3 times: the first create gave up once and its case waited a round.
    expect(rounds).toBe(2);
    expect(subjectsOf(LAWYER)).toEqual([DRAFT_SUBJECT, DETAILS_SUBJECT]);
    expect(eventIn(LAWYER, DRAFT_SUBJECT).end).toEqual(utc('2026-12-11T16:00:00'));
    expect(await calendars.runOnce()).toMatchObject({ cases: 0 });
  });

  test('a change Graph refuses for good (no such mailbox) is counted, and the rest goes on', async () => {
    // The lawyer's address now names no mailbox Graph knows.
    await store.upsertPerson({ ...LAWYER, email: 'lee.jones@elsewhere.example' });
    await record(LAWYER, { type: 'draft.sent-to-iro' });

    const report = await calendars.runOnce();

    expect(report).toMatchObject({ refused: 1, created: 1, failedCases: 0 });
    expect(subjectsOf(IRO)).toEqual([COMMENTS_SUBJECT]);
    expect(calendarOf(LAWYER)).toEqual([]);
    // Not tried again every round: only when the case changes, or at its daily look.
    expect(await calendars.runOnce()).toMatchObject({ cases: 0 });
  });
});

describe('with the SharePoint store', () => {
  test('the same events, remembered in the site’s lists; a quiet round asks the calendars nothing', async () => {
    double.reset();
    graph = graphClientFor(double);
    now = Date.parse('2026-12-01T09:00:00Z');
    await provisionSite(graph, double.siteId);
    const store = await connectSharePointStore(graph, double.siteId, clock);
    for (const p of PEOPLE) await store.upsertPerson(p);
    double.mail.addMailbox(...PEOPLE.map((p) => p.email!));
    await seedAlertedCase(store, {
      id: CASE,
      lawyer: LAWYER.id,
      iro: IRO.id,
      alertedAt: '2026-11-20T10:00:00Z',
      filingDue: '2026-12-18T16:00:00+00:00',
      then: OTHER_DUTIES_DONE,
    });
    const calendars = deadlineCalendars(store);

    expect(await calendars.runOnce()).toMatchObject({ cases: 1, created: 2, failedCases: 0 });
    expect(subjectsOf(LAWYER)).toEqual([DRAFT_SUBJECT, DETAILS_SUBJECT]);
    expect((await store.deadlineEntriesOf(CASE)).map((e) => e.obligationId).sort()).toEqual([
      DRAFT,
      `${CASE}:legal-details-to-iro-admin`,
    ]);

    const from = double.log.length;
    expect(await calendars.runOnce()).toMatchObject({ cases: 0 });
    expect(calendarRequests(from)).toEqual([]);
    expect(double.stats()).toMatchObject({ thresholdRejections: 0, nonIndexedRejections: 0 });
    await store.close();
  });
});
