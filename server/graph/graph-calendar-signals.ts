/**
 * `CalendarSignals` over Microsoft Graph: delta queries on a calendar view of a person's default
 * calendar (`/users/{id}/calendarView/delta`, learn.microsoft.com/graph/api/event-delta). A
 * calendar view is a window of dates fixed by the first request and kept in Graph's state tokens,
 * so the window is renewed before it runs short: from a week back to a year ahead, begun afresh
 * when fewer than six months of it are left (the meetings in it come again once, and recording
 * them again changes nothing). Each later round from the delta link costs one request when
 * nothing changed. Times are asked for in UTC (`Prefer: outlook.timezone`).
 *
 * The event delta function takes no `$select`; what is kept of each event is only the metadata
 * the case matcher reads (never the body). `Calendars.Read` would cover it; the app holds
 * `Calendars.ReadWrite` because it also writes deadlines into these calendars.
 */
import { z } from 'zod';
import type { CalendarChanges, CalendarSignals } from '../../core/ports/calendar-signals';
import type { Clock } from '../../core/ports/clock';
import type { CalendarMeeting } from '../../core/signals/case-calendar';
import { deltaItems, deltaRound } from './collections';
import type { Graph } from './graph-client';

const DAY = 86_400_000;
const WINDOW_BEFORE = 7 * DAY;
const WINDOW_AFTER = 366 * DAY;
/** Begin a new window when less than this is left of the current one. */
const RENEW_WITHIN = 183 * DAY;
const PAGE_SIZE = 200;

const address = z.object({ emailAddress: z.object({ address: z.string() }) });
/** Graph's `dateTimeTimeZone`, which this adapter asks for in UTC. */
const utcTime = z.object({
  dateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/),
  timeZone: z.literal('UTC'),
});
const event = z.object({
  id: z.string().min(1),
  iCalUId: z.string().min(1),
  subject: z.string().nullable().optional(),
  organizer: address.nullable().optional(),
  attendees: z.array(address).optional(),
  start: utcTime,
  lastModifiedDateTime: z.string(),
  isCancelled: z.boolean().optional(),
});
/** What this adapter keeps between rounds: Graph's link and when its window ends. */
const cursorShape = z.object({ link: z.string().min(1), until: z.number() });

export class GraphCalendarSignals implements CalendarSignals {
  constructor(
    private readonly graph: Graph,
    private readonly clock: Clock,
  ) {}

  async changes(mailbox: string, cursor?: string): Promise<CalendarChanges> {
    const now = this.clock.now();
    const kept = readCursor(cursor);
    let from: string;
    let until: number;
    if (kept && kept.until - now > RENEW_WITHIN) {
      from = kept.link;
      until = kept.until;
    } else {
      until = now + WINDOW_AFTER;
      const window = new URLSearchParams({
        startDateTime: new Date(now - WINDOW_BEFORE).toISOString(),
        endDateTime: new Date(until).toISOString(),
      });
      from = `/users/${encodeURIComponent(mailbox)}/calendarView/delta?${window.toString()}`;
    }
    const round = await deltaRound(this.graph, from, {
      Prefer: `odata.maxpagesize=${PAGE_SIZE}, outlook.timezone="UTC"`,
    });
    const { changed, removed, unreadable } = deltaItems(round.items, event);
    // An event without an organiser cannot be placed (whose meeting is it?): counted as unreadable.
    const meetings = changed.flatMap((e) =>
      e.organizer ? [toMeeting(e, e.organizer.emailAddress.address)] : [],
    );
    const out: CalendarChanges = {
      meetings,
      removed,
      cursor: JSON.stringify({ link: round.deltaLink, until }),
      unreadable: unreadable + changed.length - meetings.length,
    };
    return out;
  }
}

/** The kept cursor, or nothing (none yet, or not one this adapter wrote: start afresh). */
function readCursor(cursor: string | undefined): z.infer<typeof cursorShape> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = cursorShape.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function toMeeting(e: z.infer<typeof event>, organizer: string): CalendarMeeting {
  return {
    id: e.id,
    iCalUId: e.iCalUId,
    subject: e.subject ?? '',
    organizer,
    attendees: (e.attendees ?? []).map((a) => a.emailAddress.address),
    start: `${e.start.dateTime.slice(0, 19)}Z`,
    changedAt: e.lastModifiedDateTime,
    isCancelled: e.isCancelled ?? false,
  };
}
