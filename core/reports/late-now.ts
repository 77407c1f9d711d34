/**
 * "Late now": what is overdue on a case, who it is on and who has been told, by name — the list
 * a manager acts from. Pure: the caller reads the case, evaluates it and reads the directory.
 */
import { holdersOf } from '../access/access-matrix';
import type { CaseRecord } from '../ports/case-store';
import type { Person } from '../ports/directory';
import type { Obligation } from '../engine/obligation';
import { ROLE_TITLES, type Role } from '../vocabulary';

export interface RoleHolders {
  role: Role;
  /** Display names of those who hold it for the case; empty when nobody does. */
  names: string[];
}

export interface LateItem {
  caseId: string;
  initials: string;
  team: string;
  obligationId: string;
  rule: string;
  title: string;
  due: string;
  late: { workingDays: number; days: number };
  responsible: RoleHolders[];
  escalatedTo: RoleHolders[];
}

function holders(
  record: Pick<CaseRecord, 'team' | 'members'>,
  roles: readonly Role[],
  people: ReadonlyMap<string, Person>,
): RoleHolders[] {
  const everyone = [...people.values()];
  return roles.map((role) => ({
    role,
    names: holdersOf(record, [role], everyone)
      .map((id) => people.get(id))
      .filter((p): p is Person => p !== undefined && p.leftAt === undefined)
      .map((p) => p.displayName),
  }));
}

/** The case's overdue obligations, each with who it is on and who hears of it. */
export function lateNowItems(
  record: CaseRecord,
  obligations: readonly Obligation[],
  people: ReadonlyMap<string, Person>,
): LateItem[] {
  return obligations
    .filter((o) => o.status === 'overdue' && o.due !== undefined && o.late !== undefined)
    .map((o) => ({
      caseId: record.header.id,
      initials: record.header.childInitials,
      team: record.team,
      obligationId: o.id,
      rule: o.rule,
      title: o.title,
      due: o.due!,
      late: o.late!,
      responsible: holders(record, o.responsible, people),
      escalatedTo: holders(record, o.escalation.to, people),
    }));
}

/** The names of those who hold the role, or "no IRO on the case" where nobody does. */
export function holderText(h: RoleHolders): string {
  if (h.names.length) return h.names.join(', ');
  const title = ROLE_TITLES[h.role];
  // "no IRO", "no lawyer": a title is capitalised only where it is an acronym.
  return `no ${/^[A-Z][a-z]/.test(title) ? title.toLowerCase() : title} on the case`;
}
