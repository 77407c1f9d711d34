/**
 * What makes an IRO alert wrong or worth a second look, decided before it is sent (and shown in
 * its preview). Refused: proceedings that have concluded (there is no final evidence to come),
 * and a filing date already past (the IRO cannot be alerted to it). Warned: a filing date on a
 * day the court does not sit, and a draft-by date already gone (the draft is late the moment the
 * alert goes; the IRO's window is short).
 */
import type { BusinessCalendar } from '../calendar/business-calendar';
import type { CaseEvent } from '../case-file';
import { humanDay, humanInstantAt } from '../time/human';
import { londonDay } from '../time/london';

/** Why the alert cannot go, given the case's events before it; undefined if it can. */
export function iroAlertRefusal(
  prior: readonly CaseEvent[],
  filingDue: number,
  at: number,
): string | undefined {
  const retracted = new Set(
    prior.flatMap((e) => (e.type === 'event.retracted' ? [e.retracts] : [])),
  );
  if (prior.some((e, i) => e.type === 'proceedings.concluded' && !retracted.has(i)))
    return 'the proceedings have concluded: there is no final evidence to alert the IRO to';
  if (filingDue <= at)
    return `the filing date, ${humanInstantAt(filingDue)}, has already passed: give the date in the court's latest directions`;
  return undefined;
}

/** What the lawyer should see before sending, in words. */
export function iroAlertWarnings(
  dates: { filingDue: number; draftToIroBy?: number },
  now: number,
  calendar: BusinessCalendar,
): string[] {
  const out: string[] = [];
  const day = londonDay(dates.filingDue);
  if (!calendar.isBusinessDay(day, 'court'))
    out.push(
      `${humanDay(day)} is not a business day (the court does not sit): check the filing date in the directions.`,
    );
  if (dates.draftToIroBy !== undefined && dates.draftToIroBy <= now)
    out.push(
      `The draft was due with the IRO by ${humanInstantAt(dates.draftToIroBy)}, which has passed: it is late as soon as this alert goes, and the IRO's time to comment is cut short.`,
    );
  return out;
}
