/**
 * My deadlines' list: which items match the filters (case, rule, status, a case reference), and
 * the groups they are shown in, by when they are due or by case, in order.
 */
import { londonDay, parseInstant } from '../../../core/time/london';
import type { MyObligation } from '../api';

const GROUPS = ['Overdue', 'Today', 'This week', 'Later'] as const;
type DueGroup = (typeof GROUPS)[number];

export type GroupBy = 'due' | 'case';

export const STATUSES = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'due-soon', label: 'Due soon' },
  { value: 'open', label: 'Open' },
] as const;

export interface Filters {
  /** A case id, a rule id, an obligation status; '' for any. */
  case: string;
  rule: string;
  status: string;
  /** Part of a case reference: the case id or the child's reference. */
  search: string;
}
export const NO_FILTERS: Filters = { case: '', rule: '', status: '', search: '' };

export function instant(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const p = parseInstant(iso);
  return p.ok ? p.instant : undefined;
}

function groupOf(item: MyObligation, now: number): DueGroup {
  const o = item.obligation;
  if (o.status === 'overdue') return 'Overdue';
  const due = instant(o.due);
  if (due === undefined) return 'Later';
  if (londonDay(due) === londonDay(now)) return 'Today';
  return due - now <= 7 * 86_400_000 ? 'This week' : 'Later';
}

export function matches({ case: c, obligation: o }: MyObligation, f: Filters): boolean {
  const search = f.search.trim().toLowerCase();
  return (
    (!f.case || c.id === f.case) &&
    (!f.rule || o.rule === f.rule) &&
    (!f.status || o.status === f.status) &&
    (!search || c.id.toLowerCase().includes(search) || c.childRef.toLowerCase().includes(search))
  );
}

export const caseLabel = (c: MyObligation['case']) => `${c.id} (${c.childInitials})`;

interface Group {
  key: string;
  label: string;
  items: MyObligation[];
}

/** The items in the groups they are shown in, in order; within a group, soonest due first. */
export function grouped(items: MyObligation[], by: GroupBy, now: number): Group[] {
  if (by === 'due')
    return GROUPS.map((g) => ({
      key: g,
      label: g,
      items: items.filter((i) => groupOf(i, now) === g),
    })).filter((g) => g.items.length);
  const cases = new Map<string, Group>();
  for (const i of items) {
    const group = cases.get(i.case.id);
    if (group) group.items.push(i);
    else cases.set(i.case.id, { key: i.case.id, label: caseLabel(i.case), items: [i] });
  }
  const overdue = (g: Group) => (g.items.some((i) => i.obligation.status === 'overdue') ? 0 : 1);
  return [...cases.values()].sort((a, b) => overdue(a) - overdue(b) || a.key.localeCompare(b.key));
}
