/**
 * `DeadlineCalendar` over Microsoft Graph: a deadline as an event in the responsible person's own
 * calendar (`POST /users/{id}/events`, `PATCH` and `DELETE /users/{id}/events/{event-id}`;
 * application permission `Calendars.ReadWrite`, restricted to the IRO and legal group in
 * Exchange Online).
 *
 * - The subject names the case by its reference (`Deadline: <title> · C-1042`), never a child:
 *   calendars show on lock screens, phones and shared views. The reference is not in brackets,
 *   so the calendar signals, which read these same calendars, never take a deadline for a
 *   meeting (core/signals/case-calendar.ts). The body (HTML, escaped) gives the
 *   due time as people read it in the product, the protocol's own sentence, and a link to the
 *   case in the tab, which needs signing in.
 * - `showAs: free`: a deadline is not a meeting and must not make the person look busy to those
 *   booking time with them. Category `IRO Liaison`, so people can colour, filter or hide them.
 * - A deadline at the council's end of day is an all-day event on that London day (its time is
 *   a convention, not an appointment); any other is a 30-minute event ending at the due instant.
 *   Times go in Europe/London wall-clock time, so Outlook shows them right across the clock
 *   changes.
 * - `transactionId` comes from (obligation, person, generation): Graph uses it "to avoid
 *   redundant POST operations in case of client retries to create the same event", so a create
 *   repeated after a crash gets the first event back. That event is as it was made: if the
 *   deadline has moved since, it is moved here.
 * - Event ids are Outlook's ordinary ones (not immutable ids): an event the person deletes goes
 *   to Deleted Items under a new id, so the old id answers 404 and the job makes it again.
 *
 * Learn: https://learn.microsoft.com/graph/api/user-post-events,
 * https://learn.microsoft.com/graph/api/event-update, https://learn.microsoft.com/graph/api/event-delete,
 * https://learn.microsoft.com/graph/api/resources/event (transactionId, showAs, isAllDay).
 */
import { createHash } from 'node:crypto';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { DOCUMENT_TITLES, humanInstant, instantOf } from '../../core';
import type { CalendarDeadline, DeadlineCalendar } from '../../core/ports/deadline-calendar';
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  atTimeOfDay,
  fromLocal,
  londonDay,
  toLocal,
} from '../../core/time/london';
import { escapeHtml } from '../html';
import { GraphResponseError } from './collections';
import type { Graph } from './graph-client';

export const DEADLINE_CATEGORY = 'IRO Liaison';
const TIME_ZONE = 'Europe/London';
/** A timed deadline's event: the half hour before the due instant. */
const TIMED_MINUTES = 30;
/** Reminders: half an hour before a timed event; 09:00 the day before an all-day one. */
const TIMED_REMINDER_MINUTES = 30;
const ALL_DAY_REMINDER_MINUTES = 15 * 60;

export interface GraphDeadlineCalendarOptions {
  /** The council's end of day (ms after London midnight, `EngineSettings.endOfDay`). */
  endOfDay: number;
  /** The case in the tab (`{public url}/tab/cases/C-1042`). */
  caseLink: (caseId: string) => string;
}

const when = z.object({ dateTime: z.string(), timeZone: z.string() });
const madeEvent = z.object({
  id: z.string().min(1),
  start: when.optional(),
  end: when.optional(),
  isAllDay: z.boolean().optional(),
});

export class GraphDeadlineCalendar implements DeadlineCalendar {
  constructor(
    private readonly graph: Graph,
    private readonly options: GraphDeadlineCalendarOptions,
  ) {}

  async create(
    mailbox: string,
    deadline: CalendarDeadline,
    key: { personId: string; generation: number },
  ): Promise<string> {
    const times = eventTimes(deadline.due, this.options.endOfDay);
    const answer: unknown = await this.graph.client.api(eventsOf(mailbox)).post({
      ...this.content(deadline),
      ...times.fields,
      transactionId: transactionIdOf(deadline.obligationId, key.personId, key.generation),
    });
    const made = madeEvent.safeParse(answer);
    if (!made.success) throw new GraphResponseError('a created event without an id');
    // A repeated transactionId answers with the event as it was first made.
    if (!sameTimes(made.data, times)) await this.move(mailbox, made.data.id, deadline);
    return made.data.id;
  }

  async move(
    mailbox: string,
    eventId: string,
    deadline: CalendarDeadline,
  ): Promise<'moved' | 'gone'> {
    const times = eventTimes(deadline.due, this.options.endOfDay);
    try {
      // The body says when it is due, so it changes with the times.
      await this.graph.client
        .api(`${eventsOf(mailbox)}/${encodeURIComponent(eventId)}`)
        .patch({ body: this.content(deadline).body, ...times.fields });
      return 'moved';
    } catch (e) {
      if (isNotFound(e)) return 'gone';
      throw e;
    }
  }

  async remove(mailbox: string, eventId: string): Promise<'removed' | 'gone'> {
    try {
      await this.graph.client.api(`${eventsOf(mailbox)}/${encodeURIComponent(eventId)}`).delete();
      return 'removed';
    } catch (e) {
      if (isNotFound(e)) return 'gone';
      throw e;
    }
  }

  private content(d: CalendarDeadline) {
    return {
      subject: deadlineSubject(d),
      body: { contentType: 'HTML', content: deadlineBody(d, this.options.caseLink(d.caseId)) },
      showAs: 'free',
      categories: [DEADLINE_CATEGORY],
      isReminderOn: true,
    };
  }
}

/** The event's subject: what is due, on which case, by reference only (never in brackets). */
export function deadlineSubject(d: Pick<CalendarDeadline, 'title' | 'caseId'>): string {
  return `Deadline: ${d.title} · ${d.caseId}`;
}

/** The event's body: what is due, when, the protocol's words and where to act on it. */
export function deadlineBody(d: CalendarDeadline, link: string): string {
  const quotes = d.source.quotes.map((q) => `&ldquo;${escapeHtml(q)}&rdquo;`).join('<br>');
  return [
    `<p><strong>${escapeHtml(d.title)}</strong> (case ${escapeHtml(d.caseId)})</p>`,
    `<p>Due ${escapeHtml(humanInstant(d.due))}, UK time.</p>`,
    ...(d.notes ?? []).map((n) => `<p>Note: ${escapeHtml(n)}</p>`),
    `<blockquote>${quotes}<br>&mdash; ${escapeHtml(DOCUMENT_TITLES[d.source.document])}</blockquote>`,
    `<p><a href="${escapeHtml(link)}">Open the case in IRO Liaison</a> (you will be asked to sign in).</p>`,
    '<p>IRO Liaison keeps this entry up to date: it moves if the deadline changes and goes when the deadline is met or waived.</p>',
  ].join('\n');
}

/** Short and stable: the same obligation, person and generation always give the same id. */
export function transactionIdOf(obligationId: string, personId: string, generation: number) {
  const hash = createHash('sha256')
    .update(`${obligationId}\n${personId}\n${generation}`)
    .digest('hex');
  return `iro-liaison-${hash.slice(0, 40)}`;
}

interface EventTimes {
  allDay: boolean;
  /** Instants (epoch ms). */
  start: number;
  end: number;
  /** What Graph is sent. */
  fields: {
    isAllDay: boolean;
    start: { dateTime: string; timeZone: string };
    end: { dateTime: string; timeZone: string };
    reminderMinutesBeforeStart: number;
  };
}

/** An end-of-day deadline fills its London day; any other is the half hour up to it. */
export function eventTimes(due: string, endOfDay: number): EventTimes {
  const at = instantOf(due);
  const day = londonDay(at);
  const allDay = atTimeOfDay(day, endOfDay) === at;
  const startLocal = allDay ? day * MS_PER_DAY : toLocal(at - TIMED_MINUTES * MS_PER_MINUTE);
  const endLocal = allDay ? (day + 1) * MS_PER_DAY : toLocal(at);
  return {
    allDay,
    start: allDay ? fromLocal(startLocal) : at - TIMED_MINUTES * MS_PER_MINUTE,
    end: allDay ? fromLocal(endLocal) : at,
    fields: {
      isAllDay: allDay,
      start: { dateTime: wallClock(startLocal), timeZone: TIME_ZONE },
      end: { dateTime: wallClock(endLocal), timeZone: TIME_ZONE },
      reminderMinutesBeforeStart: allDay ? ALL_DAY_REMINDER_MINUTES : TIMED_REMINDER_MINUTES,
    },
  };
}

/** London wall-clock time (ms since the epoch, as if UTC) as Graph's `dateTime`. */
function wallClock(local: number): string {
  return new Date(local).toISOString().slice(0, 19);
}

/** Whether Graph's answer shows these times; one it cannot read counts as different. */
function sameTimes(event: z.infer<typeof madeEvent>, times: EventTimes): boolean {
  return (
    event.isAllDay === times.allDay &&
    instantOfGraph(event.start) === times.start &&
    instantOfGraph(event.end) === times.end
  );
}

/** A `dateTimeTimeZone` Graph returned, in UTC or London time. */
function instantOfGraph(w: z.infer<typeof when> | undefined): number | undefined {
  const m = w && /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(w.dateTime);
  if (!w || !m) return undefined;
  const wall = Date.parse(`${m[1]}Z`);
  const zone = w.timeZone.toLowerCase();
  if (zone === 'utc' || zone === 'etc/utc') return wall;
  if (zone === 'europe/london' || zone === 'gmt standard time') return fromLocal(wall);
  return undefined;
}

function eventsOf(mailbox: string): string {
  return `/users/${encodeURIComponent(mailbox.toLowerCase())}/events`;
}

function isNotFound(e: unknown): boolean {
  return e instanceof GraphError && e.statusCode === 404;
}
