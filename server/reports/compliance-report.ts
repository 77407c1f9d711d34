/**
 * The compliance report: how many of the protocols' obligations that fell due in a period were
 * met on time, per rule, per team, per month and in total, over the cases of the caller's teams.
 * Refused to anyone without a team role; audited with the cases it drew on. A child appears only
 * by case id.
 */
import {
  RULES,
  RULES_BY_ID,
  UNDONE_STATUSES,
  formatInstant,
  parseInstant,
  refuse,
  type Actor,
  type AuditTrail,
  type CaseLog,
  type CaseRecord,
  type Clock,
  type PackId,
  type Person,
} from '../../core';
import type { ComplianceCounts, ComplianceReport } from '../../core/api/reports';
import { addCalendarMonths } from '../../core/conventions/conventions';
import {
  dayFromIsoDate,
  isIsoDate,
  isoDateOf,
  londonDay,
  startOfDay,
} from '../../core/time/london';
import type { CaseEvaluations } from '../cases/evaluations';
import { casesOf, holdsTeamRole } from './report-scope';

/** The longest period a compliance report covers, in days. */
export const MAX_PERIOD_DAYS = 366;
/** The default period: this many calendar months up to and including today. */
export const DEFAULT_PERIOD_MONTHS = 3;

export interface ComplianceQuery {
  /** YYYY-MM-DD, a London day; default: three calendar months before `to`. */
  from?: string;
  /** YYYY-MM-DD, a London day, not included; default: tomorrow (so today is included). */
  to?: string;
  /** One of the caller's teams; default: all of them. */
  team?: string;
}

/** An obligation with a deadline as a report counts it; `open` becomes overdue with the clock. */
interface DueOutcome {
  rule: string;
  pack: PackId;
  title: string;
  due: number;
  status: 'open' | 'met' | 'met-late' | 'waived' | 'not-applicable';
}

/** Cases whose outcomes are kept in memory (the oldest is dropped beyond this). */
const OUTCOMES_KEPT = 50_000;

export class ComplianceReports {
  private readonly outcomes = new Map<string, { version: number; items: DueOutcome[] }>();

  constructor(
    private readonly deps: {
      store: Pick<CaseLog, 'readEvents' | 'listCases'> & Pick<AuditTrail, 'audit'>;
      evaluations: CaseEvaluations;
      clock: Clock;
    },
  ) {}

  /**
   * How many of the obligations that fell due in the period were met on time, per rule, per team
   * and in total, over the cases of the caller's teams (or the one team asked for).
   */
  async compliance(
    person: Person,
    query: ComplianceQuery,
    actor: Actor,
  ): Promise<ComplianceReport> {
    if (!holdsTeamRole(person)) {
      throw refuse(
        'report-forbidden',
        'Reports are for the IRO administrator, managers and the Principal Lawyer.',
      );
    }
    let teams = [...person.teams];
    if (query.team !== undefined) {
      if (!person.teams.includes(query.team))
        throw refuse('report-forbidden', 'team: you may report only on your own teams.');
      teams = [query.team];
    }
    const now = this.deps.clock.now();
    const period = resolvePeriod(query, now);

    const byRule = new Map<string, { pack: PackId; title: string; tally: Tally }>();
    const byTeam = new Map<string, Tally>(teams.map((t) => [t, new Tally()]));
    // The trend: each calendar month of the period, by when things fell due.
    const byMonth = new Map<string, Tally>();
    for (let day = dayFromIsoDate(period.from); day < dayFromIsoDate(period.to); day++) {
      const month = isoDateOf(day).slice(0, 7);
      if (!byMonth.has(month)) byMonth.set(month, new Tally());
    }
    const total = new Tally();
    const cases: string[] = [];
    for await (const record of casesOf(this.deps.store, { teams })) {
      // Only cases the caller sees through a team role: reports are not about personal caseloads.
      if (!teams.includes(record.team) || !holdsTeamRole(person, record)) continue;
      cases.push(record.header.id);
      for (const o of await this.dueOutcomes(record, now)) {
        if (o.due < period.start || o.due >= period.end) continue;
        let rule = byRule.get(o.rule);
        if (!rule) {
          const title = RULES_BY_ID.get(o.rule)?.title ?? o.title;
          byRule.set(o.rule, (rule = { pack: o.pack, title, tally: new Tally() }));
        }
        const status = o.status === 'open' && now > o.due ? 'overdue' : o.status;
        const month = byMonth.get(isoDateOf(londonDay(o.due)).slice(0, 7))!;
        for (const tally of [rule.tally, byTeam.get(record.team)!, month, total]) tally.add(status);
      }
    }

    await this.deps.store.audit({
      actor,
      action: 'report.compliance',
      detail: { from: period.from, to: period.to, teams, cases },
    });
    const order = new Map(RULES.map((r, i) => [r.id, i]));
    return {
      period: {
        from: period.from,
        to: period.to,
        start: formatInstant(period.start),
        end: formatInstant(period.end),
      },
      generatedAt: formatInstant(now),
      scope: { teams, cases: cases.length },
      byRule: [...byRule.entries()]
        .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
        .map(([rule, { pack, title, tally }]) => ({ rule, pack, title, ...tally.counts() })),
      byTeam: [...byTeam.entries()].map(([team, tally]) => ({ team, ...tally.counts() })),
      byMonth: [...byMonth.entries()].map(([month, tally]) => ({ month, ...tally.counts() })),
      total: total.counts(),
    };
  }

  /**
   * The obligations of a case that have a deadline, with how each stands as of its log's
   * version. As on the dashboard, which obligations exist and which are closed depends only on
   * the log; an open one becomes overdue with the clock alone. So a case is evaluated once per
   * version, not once per report (a report over 10,000 cases took seconds of the event loop).
   */
  private async dueOutcomes(record: CaseRecord, now: number): Promise<DueOutcome[]> {
    const id = record.header.id;
    const kept = this.outcomes.get(id);
    if (kept?.version === record.version) return kept.items;
    const events = await this.deps.store.readEvents(id);
    const items: DueOutcome[] = [];
    for (const o of this.deps.evaluations.of(record, events).obligations) {
      const due = o.due === undefined ? undefined : parseInstant(o.due);
      if (!due?.ok) continue;
      // A missed duty is one not done by its deadline: counted with the overdue, as the
      // clock makes it (the occasion that ends it, a review or hearing, may still be ahead).
      const status = UNDONE_STATUSES.has(o.status) ? 'open' : (o.status as DueOutcome['status']);
      items.push({ rule: o.rule, pack: o.pack, title: o.title, due: due.instant, status });
    }
    // An event dated a little ahead of the clock is not yet counted: do not keep that view.
    const last = events[events.length - 1];
    if (!last || Date.parse(last.event.at) <= now) {
      this.outcomes.delete(id);
      this.outcomes.set(id, { version: record.version, items });
      if (this.outcomes.size > OUTCOMES_KEPT)
        this.outcomes.delete(this.outcomes.keys().next().value!);
    }
    return items;
  }
}

class Tally {
  met = 0;
  metLate = 0;
  overdue = 0;
  waived = 0;
  open = 0;

  add(status: DueOutcome['status'] | 'overdue'): void {
    switch (status) {
      case 'met':
        this.met++;
        break;
      case 'met-late':
        this.metLate++;
        break;
      case 'overdue':
        this.overdue++;
        break;
      case 'waived':
        this.waived++;
        break;
      case 'open':
        this.open++;
        break;
      case 'not-applicable':
        break;
    }
  }

  counts(): ComplianceCounts {
    const decided = this.met + this.metLate + this.overdue;
    return {
      met: this.met,
      metLate: this.metLate,
      overdue: this.overdue,
      waived: this.waived,
      open: this.open,
      onTimeRate: decided === 0 ? null : this.met / decided,
    };
  }
}

// ---- the period ------------------------------------------------------------------------------

interface Period {
  from: string;
  to: string;
  start: number;
  end: number;
}

function invalid(field: 'from' | 'to', message: string) {
  return refuse('invalid-request', `${field}: ${message}`, {
    errors: [{ path: field, message }],
  });
}

/** The London day number of a YYYY-MM-DD date, or a 400 naming the field. */
function dayOfField(field: 'from' | 'to', text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalid(field, 'must be a date YYYY-MM-DD');
  // London time is computed from the rules in force since 1996.
  if (!isIsoDate(text) || text < '1996')
    throw invalid(field, 'must be a real calendar date from 1996 on');
  return dayFromIsoDate(text);
}

/**
 * From and to are London calendar days, `to` not included. Defaults: `to` is tomorrow (so today
 * is included) and `from` is three calendar months before `to`.
 */
export function resolvePeriod(query: { from?: string; to?: string }, now: number): Period {
  const fromGiven = query.from !== undefined;
  const toGiven = query.to !== undefined;
  const toDay = toGiven ? dayOfField('to', query.to!) : londonDay(now) + 1;
  const fromDay = fromGiven
    ? dayOfField('from', query.from!)
    : addCalendarMonths(toDay, -DEFAULT_PERIOD_MONTHS);
  // Name the field the caller gave: that is the one to change.
  const blame: 'from' | 'to' = toGiven ? 'to' : 'from';
  if (fromDay >= toDay)
    throw invalid(blame, 'must make the period end after it starts (to > from)');
  if (toDay - fromDay > MAX_PERIOD_DAYS)
    throw invalid(blame, `the period may span at most ${MAX_PERIOD_DAYS} days`);
  return {
    from: isoDateOf(fromDay),
    to: isoDateOf(toDay),
    start: startOfDay(fromDay),
    end: startOfDay(toDay),
  };
}
