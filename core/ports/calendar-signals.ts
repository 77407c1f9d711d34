/**
 * The `CalendarSignals` port: what changed in a person's calendar since the last look, as meeting
 * metadata (never bodies). The adapter is `GraphCalendarSignals` (calendar-view delta queries over
 * a window of dates); `cursor` is its opaque state, kept by the caller between rounds.
 */
import type { CalendarMeeting } from '../signals/case-calendar';

export interface CalendarChanges {
  /** Meetings added or changed since the cursor (all of them in the window on a first round). */
  meetings: CalendarMeeting[];
  /** Ids of meetings deleted (or gone from the window) since the cursor. */
  removed: string[];
  /** Where the next round starts. */
  cursor: string;
  /** Events the service returned in a shape that could not be read (left out, counted). */
  unreadable: number;
}

export interface CalendarSignals {
  changes(mailbox: string, cursor?: string): Promise<CalendarChanges>;
}
