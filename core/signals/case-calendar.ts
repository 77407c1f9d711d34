/**
 * What a meeting in an IRO's or a lawyer's calendar says about a case, from its metadata alone
 * (never its body). The protocols run on dates people put in calendars: looked-after reviews
 * ("The Children's Guardian should be advised of each review meeting and invited where
 * appropriate") and court hearings (the IRH that a dispute must be raised before).
 *
 * A meeting names its case by reference in the subject (`[C-1042]`), as email does, and says what
 * it is in words the council already uses: a review is a "LAC", "CLA", "CiC", "looked after" or
 * "statutory" review; a hearing is a CMH, FCMH, IRH or final hearing (by initials or in full). A
 * subject that is neither, or both, says nothing. It counts only in the calendar of, or organised
 * by, the case's own IRO (a review) or lawyer (a hearing), who is then the one recording it.
 *
 * A meeting is tied to the review or hearing it scheduled by its `iCalUId` (the `meeting` field):
 * a moved meeting re-schedules the same review; a meeting at the very time of a review someone
 * recorded by hand takes that review over rather than making a second one. With the guardian among
 * a review's attendees, the guardian has been invited to it; without, that obligation stays open
 * and its reminders go on. Cancelled meetings change nothing: there is no event for a review that
 * will not happen, and a person knows why.
 *
 * Subjects can carry a child's name, so nothing here keeps or returns one.
 */
import { instantOf, type CaseEvent, type EventOf } from '../case-file';
import type { CaseRecord } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { HEARINGS } from '../vocabulary';

type Hearing = (typeof HEARINGS)[number];
import { caseRefsIn } from './case-mail';

/** The metadata of one calendar event, as the calendar gives it. */
export interface CalendarMeeting {
  /** This calendar's id for it, and the id every attendee's copy shares. */
  id: string;
  iCalUId: string;
  subject: string;
  organizer: string;
  attendees: string[];
  /** ISO 8601. */
  start: string;
  /** When it was last changed (ISO 8601): the time a signal from it is recorded at. */
  changedAt: string;
  isCancelled: boolean;
}

type Scheduling =
  | Omit<EventOf<'review.scheduled'>, 'at' | 'by' | 'surface'>
  | Omit<EventOf<'hearing.scheduled'>, 'at' | 'by' | 'surface'>
  | Omit<EventOf<'guardian.invited-to-review'>, 'at' | 'by' | 'surface'>;

export interface CalendarSignal {
  caseId: string;
  /** The event to record, without its time and recorder. */
  event: Scheduling;
  /** The case member who records it: the case's IRO (reviews) or lawyer (hearings). */
  recorder: string;
  /** When (ISO 8601): the meeting's last change. */
  at: string;
  /** The meeting's iCalUId: the evidence, and what makes recording it happen once. */
  meeting: string;
}

export interface CaseCalendarContext {
  record: Pick<CaseRecord, 'header' | 'members'>;
  /** The case's events in order. */
  events: readonly CaseEvent[];
  /** The directory, to know members' addresses. */
  people: ReadonlyMap<string, Pick<Person, 'email'>>;
}

const HEARING_WORDS: [Hearing, RegExp][] = [
  ['FCMH', /\bFCMH\b|\bfurther case management hearing\b/i],
  ['CMH', /\bCMH\b|(?<!further )\bcase management hearing\b/i],
  ['IRH', /\bIRH\b|\bissues? resolution hearing\b/i],
  ['final', /\bfinal hearing\b/i],
];
const REVIEW = /\b(?:LAC|CLA|CiC|looked[- ]after|statutory)\b.*\breview\b/i;

/** What a subject says a meeting is: a review, a hearing of one kind, or nothing certain. */
export function meetingKind(
  subject: string,
): { kind: 'review' } | { kind: 'hearing'; hearing: Hearing } | undefined {
  const hearings = HEARING_WORDS.filter(([, words]) => words.test(subject)).map(([h]) => h);
  const review = REVIEW.test(subject);
  if (review && !hearings.length) return { kind: 'review' };
  if (!review && hearings.length === 1) return { kind: 'hearing', hearing: hearings[0]! };
  return undefined;
}

/**
 * The signals a meeting in `owner`'s calendar gives about the case it names, in the order to
 * record them. `lookUp` finds the case for a reference (undefined when there is none).
 */
export function calendarSignalsOf(
  meeting: CalendarMeeting,
  owner: string,
  lookUp: (caseId: string) => CaseCalendarContext | undefined,
): CalendarSignal[] {
  if (meeting.isCancelled) return [];
  const refs = caseRefsIn(meeting.subject);
  if (refs.length !== 1) return [];
  const what = meetingKind(meeting.subject);
  if (!what) return [];
  const context = lookUp(refs[0]!);
  if (!context) return [];
  const { record, events, people } = context;
  const emailOf = (personId: string) => people.get(personId)?.email?.toLowerCase();
  const role = what.kind === 'review' ? 'iro' : 'lawyer';
  // The organiser if they are the case's IRO (lawyer), else the calendar's owner if they are.
  const candidates = [meeting.organizer, owner].map((a) => a.toLowerCase());
  const recorder = candidates
    .map((address) =>
      record.members.find((m) => m.role === role && emailOf(m.personId) === address),
    )
    .find((m) => m !== undefined)?.personId;
  if (!recorder) return [];
  const start = Date.parse(meeting.start);
  if (!Number.isFinite(start)) return [];
  const on = new Date(start).toISOString();
  const base = {
    caseId: record.header.id,
    recorder,
    at: meeting.changedAt,
    meeting: meeting.iCalUId,
  };

  if (what.kind === 'hearing') {
    const latest = [...events]
      .reverse()
      .find(
        (e): e is EventOf<'hearing.scheduled'> =>
          e.type === 'hearing.scheduled' && e.hearing === what.hearing,
      );
    if (latest && instantOf(latest.on) === start) return [];
    return [
      {
        ...base,
        event: { type: 'hearing.scheduled', hearing: what.hearing, on, meeting: meeting.iCalUId },
      },
    ];
  }

  const out: CalendarSignal[] = [];
  const review = reviewFor(meeting.iCalUId, start, events);
  if (review.schedule)
    out.push({
      ...base,
      event: { type: 'review.scheduled', review: review.id, on, meeting: meeting.iCalUId },
    });
  const guardians = guardianAddresses(context);
  const invited = meeting.attendees.some((a) => guardians.has(a.toLowerCase()));
  const alreadyInvited = events.some(
    (e) => e.type === 'guardian.invited-to-review' && e.review === review.id,
  );
  if (invited && !alreadyInvited)
    out.push({ ...base, event: { type: 'guardian.invited-to-review', review: review.id } });
  return out;
}

/**
 * The review a meeting is about: the one it scheduled before, else one recorded by hand for that
 * very time and not yet held, else a new one numbered after the case's others (R1, R2, …).
 * `schedule` says whether a `review.scheduled` is to be recorded (new, moved, or taken over).
 */
function reviewFor(
  iCalUId: string,
  start: number,
  events: readonly CaseEvent[],
): { id: string; schedule: boolean } {
  const latest = new Map<string, EventOf<'review.scheduled'>>();
  const held = new Set<string>();
  for (const e of events) {
    if (e.type === 'review.scheduled') latest.set(e.review, e);
    if (e.type === 'review.held') held.add(e.review);
  }
  for (const [id, e] of latest)
    if (e.meeting === iCalUId) return { id, schedule: instantOf(e.on) !== start };
  for (const [id, e] of latest)
    if (!e.meeting && !held.has(id) && instantOf(e.on) === start) return { id, schedule: true };
  const numbers = [...latest.keys()].map((id) => /^R(\d+)$/.exec(id)?.[1]).filter(Boolean);
  const next = Math.max(0, ...numbers.map(Number)) + 1;
  return { id: `R${next}`, schedule: true };
}

/** The guardian's addresses: the guardian member's, and the appointed guardian's as recorded. */
function guardianAddresses(context: CaseCalendarContext): Set<string> {
  const out = new Set<string>();
  for (const m of context.record.members) {
    const email = m.role === 'guardian' ? context.people.get(m.personId)?.email : undefined;
    if (email) out.add(email.toLowerCase());
  }
  const appointed = [...context.events]
    .reverse()
    .find((e): e is EventOf<'guardian.appointed'> => e.type === 'guardian.appointed');
  if (appointed?.guardian.email) out.add(appointed.guardian.email.toLowerCase());
  return out;
}
