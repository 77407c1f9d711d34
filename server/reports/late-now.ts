/**
 * The managers' "Late now" list: every overdue obligation on the cases of the caller's teams
 * (or the one team asked for), the latest first, with who it is on and who has been told, by
 * name. For those who act for a team (TEAM_ROLES), like the other reports; audited with the
 * cases it drew on.
 */
import {
  TEAM_ROLES,
  formatInstant,
  lateNowItems,
  rolesOnCase,
  type Actor,
  type Clock,
  type Directory,
  type EngineSettings,
  instantOf,
  type CaseRecord,
  type LateItem,
  type Obligation,
  type Person,
  refuse,
  type CaseLog,
  type AuditTrail,
} from '../../core';
import { londonDay } from '../../core/time/london';
import { letRequestsIn } from '../background';
import type { CaseEvaluations } from '../cases/evaluations';

const PAGE = 500;

export interface LateNowReport {
  generatedAt: string;
  teams: string[];
  /** How many are late in all. */
  total: number;
  /** The latest first, up to the limit asked for. */
  items: LateItem[];
}

export class LateNow {
  constructor(
    private readonly store: Pick<CaseLog, 'listCases' | 'readEvents'> & Pick<AuditTrail, 'audit'>,
    private readonly directory: Pick<Directory, 'people'>,
    /** The process's kept evaluations: managers load this on every visit, over every case. */
    private readonly evaluations: CaseEvaluations,
    private readonly settings: EngineSettings,
    private readonly clock: Clock,
  ) {}

  /** A case's overdue obligations, each with how late it is now (the day may have turned). */
  private async overdueOn(record: CaseRecord, now: number): Promise<Obligation[]> {
    const evaluation = await this.evaluations.current(record, () =>
      this.store.readEvents(record.header.id),
    );
    const today = londonDay(now);
    return evaluation.obligations
      .filter((o) => o.status === 'overdue')
      .map((o) => {
        const dueDay = londonDay(instantOf(o.due!));
        return {
          ...o,
          late: {
            workingDays: this.settings.calendar.businessDaysAfter(dueDay, today),
            days: today - dueDay,
          },
        };
      });
  }

  async list(
    person: Person,
    query: { team?: string; limit?: number },
    actor: Actor,
  ): Promise<LateNowReport> {
    if (!person.roles.some((r) => TEAM_ROLES.includes(r)))
      throw refuse(
        'report-forbidden',
        'Reports are for the IRO administrator, managers and the Principal Lawyer.',
      );
    if (query.team !== undefined && !person.teams.includes(query.team))
      throw refuse('report-forbidden', 'team: you may report only on your own teams.');
    const teams = query.team !== undefined ? [query.team] : [...person.teams];
    const now = this.clock.now();
    const people = new Map((await this.directory.people()).map((p) => [p.id, p]));
    const items: LateItem[] = [];
    const cases: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listCases({ teams, limit: PAGE, after });
      for (const record of page) {
        // Only cases the caller sees through a team role, as in the compliance report.
        const roles = rolesOnCase(person, record);
        if (!teams.includes(record.team) || !TEAM_ROLES.some((r) => roles.has(r))) continue;
        cases.push(record.header.id);
        items.push(...lateNowItems(record, await this.overdueOn(record, now), people));
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.header.id;
      // Between pages, everyone else's requests go first.
      await letRequestsIn();
    }
    await this.store.audit({ actor, action: 'report.late-now', detail: { teams, cases } });
    items.sort(
      (a, b) =>
        b.late.workingDays - a.late.workingDays ||
        b.late.days - a.late.days ||
        a.caseId.localeCompare(b.caseId),
    );
    return {
      generatedAt: formatInstant(now),
      teams,
      total: items.length,
      items: query.limit === undefined ? items : items.slice(0, query.limit),
    };
  }
}
