/**
 * The default readings of the protocols' phrases that give no number. Every duty therefore has
 * a deadline that reminds and escalates; a council may set its own target for any rule
 * (`rules.<id>.deadline` in its settings), and every deadline says which one it is.
 */
import type { DefaultTarget } from './rule';

/** "Immediately", "automatically": by the end of the next business day. */
export const IMMEDIATELY: DefaultTarget = {
  convention: 'working-days',
  amount: 1,
  reading: 'by the end of the next business day',
};

/** "In a timely manner", "as soon as available", "once", or no time at all: 5 working days. */
export const TIMELY: DefaultTarget = {
  convention: 'working-days',
  amount: 5,
  reading: 'within 5 working days',
};

/** A record or minutes of a meeting, which must be written first: 20 working days after it. */
export const AFTER_THE_MEETING: DefaultTarget = {
  convention: 'working-days',
  amount: 20,
  reading: 'within 20 working days of the meeting (its record has to be written first)',
};

/** "Kept under review", "at the next 6-monthly meeting": a month, or six. */
export const MONTHLY: DefaultTarget = {
  convention: 'calendar-months',
  amount: 1,
  reading: 'reviewed every calendar month',
};
export const BY_THE_NEXT_LINK_MEETING: DefaultTarget = {
  convention: 'calendar-months',
  amount: 6,
  reading:
    'within 6 calendar months (the meetings are 6-monthly; the council sets their dates with `linkMeetingsFrom`)',
};

/** The link meetings themselves: on each meeting's day, from the council's first. */
export const ON_EACH_LINK_MEETING: DefaultTarget = {
  convention: 'calendar-months',
  amount: 6,
  reading:
    "on the day of each meeting, every 6 calendar months from the council's first (`linkMeetingsFrom`)",
};

/** Whatever has to be in the draft final evidence is due when the draft is due with the IRO. */
export const WITH_THE_DRAFT: DefaultTarget = {
  convention: 'business-days-before',
  amount: 5,
  anchor: 'the final-evidence filing deadline',
  reading:
    'when the draft is due with the IRO (5 business days before filing), since it goes in the draft',
};

/** Before a meeting or hearing it prepares for: the business day before it. */
export const BEFORE_THE_MEETING: DefaultTarget = {
  convention: 'business-days-before',
  amount: 1,
  anchor: 'the meeting',
  reading: 'by the same time on the business day before the meeting',
};
