/**
 * What more than one card says, said once, so that every card says it in the same words. Cards
 * name the child only by case reference and initials; everything else on them is about the
 * professionals.
 */
import { humanInstant, lateText, type CaseRecord, type Obligation, type People } from '../../core';
import type { Colour } from './render';

export function nameOf(people: People, id: string): string {
  return people.get(id)?.displayName ?? id;
}

export function caseTitle(record: CaseRecord): string {
  return `${record.header.id} (${record.header.childInitials})`;
}

export function statusText(o: Obligation): string {
  switch (o.status) {
    case 'overdue':
      return o.late ? `Overdue: ${lateText(o.late)}` : 'Overdue';
    case 'due-soon':
      return 'Due soon';
    case 'open':
      return 'Open';
    case 'met':
      return `Met ${humanInstant(o.completed?.at)}`;
    case 'met-late':
      return `Met late ${humanInstant(o.completed?.at)}`;
    case 'waived':
      return `Waived ${humanInstant(o.waived?.at)}`;
    case 'missed':
      return `Missed (was due ${humanInstant(o.due)})`;
    case 'not-applicable':
      return 'Not applicable';
  }
}

/** The colour of an obligation's status where a card lists several. */
export function statusColour(o: Obligation): Colour {
  return o.status === 'overdue' ? 'Attention' : o.status === 'due-soon' ? 'Warning' : 'Default';
}
