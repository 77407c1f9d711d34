/**
 * The deadline-calendar job's memory (the `DeadlineCalendarStore` port) on two small lists: the
 * Outlook event for each (obligation, person) (`LiaisonDeadlineEvents`) and the version of each
 * case last reconciled (`LiaisonDeadlineCalendarCases`).
 *
 * - An entry is found by its unique `EntryKey` and saved as an upsert (POST; 409: someone else
 *   just created it, so read again and PATCH with `If-Match`; 412: read again). Only the instance
 *   holding the job's lease writes them, so contention is a lease changing hands mid-write.
 * - A case's entries are read through the `CaseId` index; the marks are read whole, without a
 *   filter (paging by item id never meets the list view threshold), once a round.
 *
 * Round trips: deadlineEntriesOf 1; saveDeadlineEntry, markReconciled 2; reconciledCases 1 per
 * 1,000 cases.
 */
import type {
  DeadlineCalendarStore,
  DeadlineEntry,
  ReconciledCase,
} from '../../../core/ports/deadline-calendar-store';
import { upsert } from './directory';
import { floorSecond, instantOf, numberOf, textOf, type ListItem, type SiteLists } from './lists';
import { DEADLINE_CALENDAR_CASES, DEADLINE_EVENTS, deadlineEntryKey } from './schema';

export class SharePointDeadlineCalendars implements DeadlineCalendarStore {
  constructor(
    private readonly lists: SiteLists,
    private readonly now: () => number,
  ) {}

  async deadlineEntriesOf(caseId: string): Promise<DeadlineEntry[]> {
    const items = await this.lists.where(DEADLINE_EVENTS.displayName, 'CaseId', caseId);
    return items
      .map(toEntry)
      .sort((a, b) => byText(a.obligationId, b.obligationId) || byText(a.personId, b.personId));
  }

  async saveDeadlineEntry(e: DeadlineEntry): Promise<void> {
    const updatedAt = floorSecond(this.now());
    await upsert(
      this.lists,
      DEADLINE_EVENTS.displayName,
      'EntryKey',
      deadlineEntryKey(e.obligationId, e.personId),
      () => ({
        CaseId: e.caseId,
        ObligationId: e.obligationId,
        PersonId: e.personId,
        Mailbox: e.mailbox,
        // Empty, not absent: a PATCH leaves out what it does not name.
        EventId: e.eventId ?? '',
        Due: e.due,
        Made: e.made,
        UpdatedAt: updatedAt,
      }),
    );
  }

  async reconciledCases(): Promise<ReconciledCase[]> {
    const items = await this.lists.query(DEADLINE_CALENDAR_CASES.displayName, { top: 1000 });
    return items
      .map(toMark)
      .filter((m): m is ReconciledCase => m !== undefined)
      .sort((a, b) => byText(a.caseId, b.caseId));
  }

  async markReconciled(m: ReconciledCase): Promise<void> {
    await upsert(this.lists, DEADLINE_CALENDAR_CASES.displayName, 'CaseId', m.caseId, () => ({
      CaseVersion: m.version,
      Members: m.members,
      ReconciledAt: floorSecond(m.at),
      Events: m.events,
    }));
  }
}

function toEntry(item: ListItem): DeadlineEntry {
  const f = item.fields;
  const e: DeadlineEntry = {
    caseId: textOf(f.CaseId) ?? '',
    obligationId: textOf(f.ObligationId) ?? '',
    personId: textOf(f.PersonId) ?? '',
    mailbox: textOf(f.Mailbox) ?? '',
    due: textOf(f.Due) ?? '',
    made: numberOf(f.Made) ?? 0,
  };
  const eventId = textOf(f.EventId);
  if (eventId !== undefined) e.eventId = eventId;
  return e;
}

function toMark(item: ListItem): ReconciledCase | undefined {
  const f = item.fields;
  const caseId = textOf(f.CaseId);
  const version = numberOf(f.CaseVersion);
  const at = instantOf(f.ReconciledAt);
  if (caseId === undefined || version === undefined || at === undefined) return undefined;
  return {
    caseId,
    version,
    members: textOf(f.Members) ?? '',
    at,
    events: numberOf(f.Events) ?? 0,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
