/**
 * Calendars in the double: each mailbox's default calendar, as far as the product reads and
 * writes it (learn.microsoft.com/graph/api/resources/event).
 *
 * - Meetings: `addMeeting` puts one copy in the organiser's calendar and one in each attendee's
 *   calendar the double knows, sharing an `iCalUId` with an `id` of their own, as Exchange does.
 *   `moveMeeting` changes every copy; `cancelMeeting` deletes the organiser's copy and marks the
 *   attendees' copies `isCancelled` (what an attendee's calendar shows until they remove it).
 * - `GET /users/{id}/calendarView/delta?startDateTime=…&endDateTime=…`
 *   (learn.microsoft.com/graph/api/event-delta): the window is required on a first round and kept
 *   in the state tokens after; pages follow `Prefer: odata.maxpagesize`; a later round returns
 *   only events added or changed since, and deleted ones — or ones moved out of the window — as
 *   `@removed` (the last is the double's reading of "removed from the view"). Times are UTC,
 *   which is what Graph returns without `Prefer: outlook.timezone`.
 * - `POST /users/{id}/events`, `GET`/`PATCH`/`DELETE /users/{id}/events/{eventId}` and
 *   `GET /users/{id}/events` (paged): a create that repeats a `transactionId` already used in that
 *   calendar returns the event it made the first time instead of a second one (the property's
 *   documented purpose; the status code, 201, is the double's guess). `PATCH` and `DELETE` honour
 *   `If-Match` against the event's `@odata.etag` (412 `ErrorIrresolvableConflict` on a mismatch).
 *   Times may be given in `UTC` or in `Europe/London` / `GMT Standard Time`; an all-day event must
 *   start and end at midnight in its time zone.
 *
 * Every change is told to `onChange` listeners (the double's subscriptions notify from there).
 */
import { randomUUID } from 'node:crypto';
import { fromLocal, toLocal } from '../../../core/time/london';
import {
  graphError,
  invalidUser,
  itemNotFound,
  methodNotAllowed,
  invalidRequest,
  type ChangeListener,
  type ChangeType,
  type GraphRequest,
  type GraphResponse,
} from './http';

interface Who {
  emailAddress: { address: string; name?: string };
}

/** An event as the double keeps it: instants in epoch ms, everything else as Graph writes it. */
interface Stored {
  id: string;
  iCalUId: string;
  changeKey: string;
  created: number;
  modified: number;
  subject: string;
  body: { contentType: string; content: string };
  start: number;
  end: number;
  isAllDay: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  showAs: string;
  categories: string[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  organizer: Who;
  attendees: (Who & { type: string; status: { response: string; time: string } })[];
  transactionId?: string;
  /** The change counter when last added or changed; deleted ones keep their place. */
  changed: number;
  deleted: boolean;
}

export interface MeetingInput {
  organizer: string;
  attendees: string[];
  subject: string;
  start: string;
  end: string;
  /** Attendees marked optional rather than required. */
  optional?: string[];
}

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
const LONDON_ZONES = new Set(['europe/london', 'gmt standard time']);

export class CalendarState {
  private readonly calendars = new Map<string, Stored[]>();
  private readonly listeners: ChangeListener[] = [];
  private changes = 0;

  /** `knows`: whether a mailbox exists (the double's mailboxes are made in MailState). */
  constructor(
    private readonly knows: (mailbox: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  reset(): void {
    this.calendars.clear();
  }

  /** A meeting the organiser sent: one copy per calendar. Returns its iCalUId. */
  addMeeting(input: MeetingInput): string {
    const iCalUId = `040000008200E00074C5B7101A82E008${randomUUID().replace(/-/g, '').toUpperCase()}`;
    const everyone = [input.organizer, ...input.attendees].map((a) => a.toLowerCase());
    const attendees = input.attendees.map((address) => ({
      type: input.optional?.includes(address) ? 'optional' : 'required',
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { address, name: address.split('@')[0]! },
    }));
    for (const mailbox of new Set(everyone)) {
      if (!this.knows(mailbox)) continue;
      this.put(mailbox, {
        iCalUId,
        subject: input.subject,
        body: { contentType: 'html', content: '<p>Agenda: private.</p>' },
        start: Date.parse(input.start),
        end: Date.parse(input.end),
        isAllDay: false,
        isCancelled: false,
        isOrganizer: mailbox === input.organizer.toLowerCase(),
        showAs: 'busy',
        categories: [],
        isReminderOn: true,
        reminderMinutesBeforeStart: 15,
        organizer: { emailAddress: { address: input.organizer } },
        attendees,
      });
    }
    return iCalUId;
  }

  /** The organiser moved the meeting: every copy changes. */
  moveMeeting(iCalUId: string, start: string, end: string): void {
    for (const [mailbox, s] of this.copies(iCalUId))
      this.change(mailbox, s, { start: Date.parse(start), end: Date.parse(end) });
  }

  /** The organiser changed who is invited: every copy changes. */
  setAttendees(iCalUId: string, attendees: string[]): void {
    for (const [mailbox, s] of this.copies(iCalUId))
      this.change(mailbox, s, {
        attendees: attendees.map((address) => ({
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
          emailAddress: { address, name: address.split('@')[0]! },
        })),
      });
  }

  /** The organiser cancelled: their copy goes, attendees' copies say so. */
  cancelMeeting(iCalUId: string): void {
    for (const [mailbox, s] of this.copies(iCalUId)) {
      if (s.isOrganizer) this.remove(mailbox, s);
      else this.change(mailbox, s, { isCancelled: true, subject: `Canceled: ${s.subject}` });
    }
  }

  /** A calendar's events, as Graph would return them (deleted ones left out). */
  eventsOf(mailbox: string): Record<string, unknown>[] {
    return (this.calendars.get(mailbox.toLowerCase()) ?? []).filter((s) => !s.deleted).map(render);
  }

  handle(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/users\/([^/]+)\/(calendarView\/delta|events)(?:\/([^/]+))?$/i.exec(req.path);
    if (!m) return undefined;
    const mailbox = m[1]!.toLowerCase();
    if (!this.knows(mailbox)) return invalidUser(m[1]!, req.requestId);
    if (m[2]!.toLowerCase() === 'calendarview/delta')
      return m[3] ? undefined : this.delta(req, mailbox, m[1]!);
    const id = m[3];
    if (!id) {
      if (req.method === 'POST') return this.create(req, mailbox);
      if (req.method === 'GET') return this.list(req, mailbox, m[1]!);
      return methodNotAllowed(req);
    }
    const stored = this.calendars.get(mailbox)?.find((s) => s.id === id && !s.deleted);
    if (!stored) return itemNotFound(req.requestId);
    if (req.method === 'GET') return { status: 200, body: render(stored) };
    const ifMatch = req.headers['if-match'];
    if ((req.method === 'PATCH' || req.method === 'DELETE') && ifMatch && ifMatch !== '*')
      if (ifMatch !== etagOf(stored))
        return graphError(
          412,
          'ErrorIrresolvableConflict',
          'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
          { requestId: req.requestId, reason: 'stale-etag' },
        );
    if (req.method === 'DELETE') {
      this.remove(mailbox, stored);
      return { status: 204 };
    }
    if (req.method === 'PATCH') {
      const fields = readFields(req.body, true);
      if (typeof fields === 'string') return invalidRequest(fields, req.requestId);
      if (fields.transactionId !== undefined && fields.transactionId !== stored.transactionId)
        return invalidRequest('The transactionId of an event cannot be changed.', req.requestId);
      this.change(mailbox, stored, fields);
      return { status: 200, body: render(stored) };
    }
    return methodNotAllowed(req);
  }

  private create(req: GraphRequest, mailbox: string): GraphResponse {
    const fields = readFields(req.body, false);
    if (typeof fields === 'string') return invalidRequest(fields, req.requestId);
    const calendar = this.calendars.get(mailbox) ?? [];
    const again =
      fields.transactionId !== undefined &&
      calendar.find((s) => s.transactionId === fields.transactionId && !s.deleted);
    if (again) return { status: 201, body: render(again) };
    const stored = this.put(mailbox, {
      iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replace(/-/g, '').toUpperCase()}`,
      subject: '',
      body: { contentType: 'text', content: '' },
      isAllDay: false,
      isCancelled: false,
      isOrganizer: true,
      showAs: 'busy',
      categories: [],
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      organizer: { emailAddress: { address: mailbox } },
      attendees: [],
      ...fields,
      start: fields.start!,
      end: fields.end!,
    });
    return { status: 201, body: render(stored) };
  }

  private list(req: GraphRequest, mailbox: string, as: string): GraphResponse {
    const all = (this.calendars.get(mailbox) ?? []).filter((s) => !s.deleted);
    const top = Math.min(MAX_PAGE, Math.max(1, Number(req.query.get('$top') ?? DEFAULT_PAGE)));
    const skip = Math.max(0, Number(req.query.get('$skip') ?? 0));
    const page = all.slice(skip, skip + top);
    const more = skip + top < all.length;
    return {
      status: 200,
      body: {
        value: page.map(render),
        ...(more
          ? {
              '@odata.nextLink': `${req.serviceRoot}/users/${as}/events?$top=${top}&$skip=${skip + top}`,
            }
          : {}),
      },
    };
  }

  private delta(req: GraphRequest, mailbox: string, as: string): GraphResponse {
    const prefer = /odata\.maxpagesize=(\d+)/.exec(req.headers.prefer ?? '');
    const size = Math.min(MAX_PAGE, Math.max(1, prefer ? Number(prefer[1]) : DEFAULT_PAGE));
    // As for messages: a round remembers where it started, where it stands and where it ends.
    let state: { since: number; after: number; upTo: number; from: number; to: number };
    const skip = req.query.get('$skiptoken');
    const delta = req.query.get('$deltatoken');
    try {
      if (skip) state = JSON.parse(Buffer.from(skip, 'base64url').toString()) as typeof state;
      else if (delta) {
        const d = JSON.parse(Buffer.from(delta, 'base64url').toString()) as {
          upTo: number;
          from: number;
          to: number;
        };
        state = { since: d.upTo, after: d.upTo, upTo: this.changes, from: d.from, to: d.to };
      } else {
        const from = Date.parse(
          req.query.get('startDateTime') ?? req.query.get('startdatetime') ?? '',
        );
        const to = Date.parse(req.query.get('endDateTime') ?? req.query.get('enddatetime') ?? '');
        if (!Number.isFinite(from) || !Number.isFinite(to))
          return graphError(
            400,
            'ErrorInvalidParameter',
            'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
            { requestId: req.requestId, reason: 'invalid' },
          );
        state = { since: 0, after: 0, upTo: this.changes, from, to };
      }
    } catch {
      return graphError(400, 'ErrorInvalidUrlQuery', 'The sync state is invalid.', {
        requestId: req.requestId,
        reason: 'invalid',
      });
    }
    const inView = (s: Stored) => !s.deleted && s.start < state.to && s.end > state.from;
    const due = (this.calendars.get(mailbox) ?? [])
      .filter((s) => s.changed > state.after && s.changed <= state.upTo)
      // A first round lists what is in the view; a later one also what left it.
      .filter((s) => inView(s) || state.since > 0)
      .sort((a, b) => a.changed - b.changed);
    const page = due.slice(0, size);
    const last = page.length === due.length;
    const value = page.map((s) =>
      inView(s) ? render(s) : { id: s.id, '@removed': { reason: 'deleted' } },
    );
    const base = `${req.serviceRoot}/users/${as}/calendarView/delta`;
    const token = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const link = last
      ? {
          '@odata.deltaLink': `${base}?$deltatoken=${token({ upTo: state.upTo, from: state.from, to: state.to })}`,
        }
      : {
          '@odata.nextLink': `${base}?$skiptoken=${token({ ...state, after: page[page.length - 1]!.changed })}`,
        };
    return { status: 200, body: { value, ...link } };
  }

  private copies(iCalUId: string): [string, Stored][] {
    const out: [string, Stored][] = [];
    for (const [mailbox, list] of this.calendars)
      for (const s of list) if (s.iCalUId === iCalUId && !s.deleted) out.push([mailbox, s]);
    return out;
  }

  private put(
    mailbox: string,
    fields: Omit<Stored, 'id' | 'changeKey' | 'created' | 'modified' | 'changed' | 'deleted'>,
  ): Stored {
    const now = this.now();
    const stored: Stored = {
      ...fields,
      id: `AAMkEv-${randomUUID()}`,
      changeKey: randomUUID().slice(0, 12),
      created: now,
      modified: now,
      changed: ++this.changes,
      deleted: false,
    };
    const list = this.calendars.get(mailbox) ?? [];
    list.push(stored);
    this.calendars.set(mailbox, list);
    this.tell(mailbox, 'created', stored.id);
    return stored;
  }

  private change(mailbox: string, stored: Stored, fields: Partial<Stored>): void {
    Object.assign(stored, fields, {
      changeKey: randomUUID().slice(0, 12),
      modified: this.now(),
      changed: ++this.changes,
    });
    this.tell(mailbox, 'updated', stored.id);
  }

  private remove(mailbox: string, stored: Stored): void {
    Object.assign(stored, { deleted: true, changed: ++this.changes });
    this.tell(mailbox, 'deleted', stored.id);
  }

  private tell(mailbox: string, changeType: ChangeType, id: string): void {
    for (const l of this.listeners) l({ mailbox, resource: 'events', changeType, id });
  }
}

const etagOf = (s: Stored) => `W/"${s.changeKey}"`;

/** Graph's `dateTimeTimeZone` in UTC, with the seven fractional digits Outlook writes. */
function utc(instant: number): { dateTime: string; timeZone: string } {
  return { dateTime: `${new Date(instant).toISOString().slice(0, 19)}.0000000`, timeZone: 'UTC' };
}

function render(s: Stored): Record<string, unknown> {
  return {
    '@odata.etag': etagOf(s),
    id: s.id,
    createdDateTime: new Date(s.created).toISOString(),
    lastModifiedDateTime: new Date(s.modified).toISOString(),
    changeKey: s.changeKey,
    categories: s.categories,
    ...(s.transactionId ? { transactionId: s.transactionId } : {}),
    iCalUId: s.iCalUId,
    reminderMinutesBeforeStart: s.reminderMinutesBeforeStart,
    isReminderOn: s.isReminderOn,
    subject: s.subject,
    bodyPreview: s.body.content.replace(/<[^>]+>/g, '').slice(0, 255),
    isAllDay: s.isAllDay,
    isCancelled: s.isCancelled,
    isOrganizer: s.isOrganizer,
    showAs: s.showAs,
    type: 'singleInstance',
    body: s.body,
    start: utc(s.start),
    end: utc(s.end),
    attendees: s.attendees,
    organizer: s.organizer,
  };
}

type Fields = Partial<
  Pick<
    Stored,
    | 'subject'
    | 'body'
    | 'start'
    | 'end'
    | 'isAllDay'
    | 'showAs'
    | 'categories'
    | 'isReminderOn'
    | 'reminderMinutesBeforeStart'
    | 'transactionId'
  >
>;

/** The writable properties of a create or update, or what is wrong with them. */
function readFields(body: unknown, partial: boolean): Fields | string {
  if (!body || typeof body !== 'object') return 'Empty Payload. JSON content expected.';
  const b = body as Record<string, unknown>;
  const out: Fields = {};
  if (b.subject !== undefined) {
    if (typeof b.subject !== 'string') return 'subject must be a string.';
    out.subject = b.subject;
  }
  if (b.body !== undefined) {
    const v = b.body as { contentType?: unknown; content?: unknown };
    if (typeof v?.content !== 'string') return 'body.content must be a string.';
    const type = typeof v.contentType === 'string' ? v.contentType.toLowerCase() : 'text';
    out.body = { contentType: type, content: v.content };
  }
  for (const key of ['isAllDay', 'isReminderOn'] as const)
    if (b[key] !== undefined) {
      if (typeof b[key] !== 'boolean') return `${key} must be a boolean.`;
      out[key] = b[key];
    }
  if (b.showAs !== undefined) {
    const showAs = typeof b.showAs === 'string' ? b.showAs : '';
    if (!['free', 'tentative', 'busy', 'oof', 'workingElsewhere'].includes(showAs))
      return `showAs '${JSON.stringify(b.showAs)}' is not valid.`;
    out.showAs = showAs;
  }
  if (b.categories !== undefined) {
    if (!Array.isArray(b.categories) || b.categories.some((c) => typeof c !== 'string'))
      return 'categories must be an array of strings.';
    out.categories = b.categories as string[];
  }
  if (b.reminderMinutesBeforeStart !== undefined) {
    if (!Number.isInteger(b.reminderMinutesBeforeStart))
      return 'reminderMinutesBeforeStart must be an integer.';
    out.reminderMinutesBeforeStart = b.reminderMinutesBeforeStart as number;
  }
  if (b.transactionId !== undefined) {
    if (typeof b.transactionId !== 'string') return 'transactionId must be a string.';
    out.transactionId = b.transactionId;
  }
  for (const key of ['start', 'end'] as const) {
    if (b[key] === undefined) {
      if (!partial) return `The event's ${key} is required.`;
      continue;
    }
    const instant = readDateTime(b[key]);
    if (typeof instant === 'string') return `${key}: ${instant}`;
    out[key] = instant;
  }
  if (out.start !== undefined && out.end !== undefined && out.end < out.start)
    return 'The end of the event is before its start.';
  if (out.isAllDay && out.start !== undefined && out.end !== undefined) {
    const zone = (b.start as { timeZone: string }).timeZone.toLowerCase();
    const local = (t: number) => (LONDON_ZONES.has(zone) ? toLocal(t) : t);
    const midnight = (t: number) => local(t) % 86_400_000 === 0;
    if (!midnight(out.start) || !midnight(out.end) || out.end === out.start)
      return 'An all-day event must start and end at midnight, at least a day apart.';
  }
  return out;
}

function readDateTime(v: unknown): number | string {
  const d = v as { dateTime?: unknown; timeZone?: unknown };
  if (typeof d?.dateTime !== 'string' || typeof d.timeZone !== 'string')
    return 'a dateTime and a timeZone are required.';
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,7})?$/.exec(d.dateTime);
  if (!m) return `'${d.dateTime}' is not a date and time without an offset.`;
  const wall = Date.parse(`${m[1]}Z`);
  const zone = d.timeZone.toLowerCase();
  if (zone === 'utc') return wall;
  if (LONDON_ZONES.has(zone)) return fromLocal(wall);
  return `the double knows UTC and Europe/London only, not '${d.timeZone}'.`;
}
